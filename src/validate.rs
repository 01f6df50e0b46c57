//! Validation of what admins type: emails, names, group names. One place for
//! each rule, so every command and `apply` reject the same values the same way.

use std::str::FromStr;

use crate::error::{Error, Result};

/// The longest name, email or group name accepted, in characters.
pub const MAX_LEN: usize = 254;

/// An email address as typed (trimmed) and its normalized form, by which people
/// are unique: full Unicode lowercase, domain in IDNA ASCII.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub typed: String,
    pub norm: String,
}

/// Shows a user-supplied value in a message without letting it break the line:
/// control characters are escaped and very long values are cut.
pub fn printable(s: &str) -> String {
    let cut: String = s.chars().take(80).collect();
    let mut out = escape_controls(&cut);
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// Escapes every character that could move the cursor, change the terminal,
/// hide text or reorder it (C0/C1 controls, DEL, bidi controls, line and
/// paragraph separators) as `\u{..}` (or `\n`, `\e`...), keeping the rest as
/// it is. Newlines are escaped too: one value is one line.
pub fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_forbidden_char(c) || is_invisible(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{1b}' => out.push_str("\\e"),
                _ => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn is_forbidden_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Characters that show nothing or reorder what is around them (Unicode's
/// Default_Ignorable_Code_Point: zero-width spaces and joiners, bidi
/// controls, soft hyphen, fillers, tags), so `ada\u{200b}@example.com` would
/// look exactly like `ada@example.com`. Two are kept because emoji need them
/// (zero-width joiner, variation selectors); they are refused in emails,
/// whose rules are ASCII-or-letters anyway.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// The two invisible characters names may carry, inside emoji.
fn is_emoji_glue(c: char) -> bool {
    matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}')
}

/// Trims a free-text value and checks the rules shared by every field.
pub fn text(field: &str, raw: &str) -> Result<String> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(Error::usage(format!("{field} must not be empty")));
    }
    if v.chars().any(is_forbidden_char) {
        return Err(Error::usage(format!(
            "{field} must not contain control characters (got `{}`)",
            printable(v)
        )));
    }
    if v.chars().any(is_invisible) {
        return Err(Error::usage(format!(
            "{field} must not contain invisible or text-direction characters such as zero-width spaces or bidi controls (got `{}`)",
            printable(v)
        )));
    }
    if v.chars().all(|c| c.is_whitespace() || is_emoji_glue(c)) {
        return Err(Error::usage(format!("{field} must not be empty")));
    }
    let n = v.chars().count();
    if n > MAX_LEN {
        return Err(Error::usage(format!(
            "{field} is {n} characters long; the limit is {MAX_LEN}"
        )));
    }
    Ok(v.to_string())
}

/// A person's display name.
pub fn name(raw: &str) -> Result<String> {
    text("name", raw)
}

/// A group's name. `;` is refused: it separates a CSV cell's groups, so a
/// group `a;b` would come back from `export` then `apply` as `a` and `b`.
pub fn group_name(raw: &str) -> Result<String> {
    let name = text("group name", raw)?;
    if name.contains(';') {
        return Err(Error::usage(format!(
            "group name `{}` must not contain `;`, which separates groups in CSV files",
            printable(&name)
        )));
    }
    Ok(name)
}

/// An identity provider's `externalId`, by the rules of every text field
/// (None stays None).
pub fn external_id(raw: Option<&str>) -> Result<Option<String>> {
    raw.map(|x| text("externalId", x)).transpose()
}

/// A SCIM `userName`, by the rules of every text field (None stays None).
pub fn user_name(raw: Option<&str>) -> Result<Option<String>> {
    raw.map(|x| text("userName", x)).transpose()
}

/// The confusable skeleton (Unicode TR39) of a name, case-folded: two
/// group names with the same skeleton look alike.
pub fn name_skeleton(name: &str) -> String {
    unicode_security::confusable_detection::skeleton(&fold(name))
        .collect::<String>()
        .to_lowercase()
}

/// The case-insensitive key of a name (people's names and group names).
pub fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// Parses an email address: lettre's address rules, plus a stricter policy
/// (no quoted local parts, no spaces, no angle brackets, no address literals
/// such as `x@[127.0.0.1]`) so that an address is always deliverable, safe in
/// a header and in a file name. The normalized form is NFC, then full
/// Unicode lowercase, with the domain in IDNA ASCII: a composed `é` and `e` +
/// combining accent are the same person.
pub fn email(raw: &str) -> Result<Email> {
    use unicode_normalization::UnicodeNormalization;
    let typed = text("email", raw)?;
    let bad = || {
        Error::usage(format!(
            "`{}` is not a valid email address",
            printable(&typed)
        ))
        .hint("an email looks like `name@example.com`")
    };
    if typed
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '(' | ')' | ',' | ';' | '\\'))
    {
        return Err(bad());
    }
    lettre::Address::from_str(&typed).map_err(|_| bad())?;
    let nfc: String = typed.nfc().collect();
    let (local, domain) = nfc.rsplit_once('@').ok_or_else(bad)?;
    if domain.starts_with('[') {
        return Err(Error::usage(format!(
            "`{}` uses an address literal, which orgadm does not deliver to",
            printable(&typed)
        ))
        .hint("use an address with a domain name, like `name@example.com`"));
    }
    let domain = idna::domain_to_ascii(domain).map_err(|_| bad())?;
    if !mail_can_reach(&domain) {
        return Err(Error::usage(format!(
            "`{}` has a domain that mail cannot reach",
            printable(&typed)
        ))
        .hint(
            "a domain has two or more labels of letters, digits and hyphens, such as `example.com`",
        ));
    }
    let local: String = local.to_lowercase().nfc().collect();
    Ok(Email {
        norm: format!("{local}@{}", domain.to_lowercase()),
        typed,
    })
}

/// Whether an IDNA-ASCII domain is one that mail can reach (SPEC §1): two
/// or more labels of letters, digits and hyphens, none starting or ending
/// with `-`, none longer than 63, and a last label that is not all digits
/// (`localhost`, `exa_mple.com` and `example.123` are not).
fn mail_can_reach(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let ldh = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    labels.len() >= 2
        && labels.iter().all(ldh)
        && labels
            .last()
            .is_some_and(|l| !l.bytes().all(|b| b.is_ascii_digit()))
}

/// The confusable skeleton (Unicode TR39) of a normalized email, with the
/// domain in Unicode: two addresses with the same skeleton look alike (a
/// Cyrillic `а` for a Latin `a`, `rn` for `m`), so a new one that matches an
/// existing person's is refused as an imitation.
pub fn skeleton(norm: &str) -> String {
    let (local, domain) = norm.rsplit_once('@').unwrap_or((norm, ""));
    let (domain, _) = idna::domain_to_unicode(domain);
    let s = format!("{local}@{domain}");
    unicode_security::confusable_detection::skeleton(&s)
        .collect::<String>()
        .to_lowercase()
}

/// The candidates that look like what was typed (case-insensitive
/// Jaro-Winkler similarity of at least 0.85, or one containing the other),
/// best first, at most three: for "did you mean ...?" hints.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let t = typed.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let l = c.to_lowercase();
            let score = strsim::jaro_winkler(&t, &l);
            let contains = t.len() >= 3 && (l.contains(&t) || t.contains(&l));
            (score >= 0.85 || contains).then_some((score, c))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// A hint naming the closest candidates, if any.
pub fn did_you_mean<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let near = closest(typed, candidates);
    (!near.is_empty()).then(|| {
        format!(
            "did you mean {}?",
            near.iter()
                .map(|c| format!("`{}`", printable(c)))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    })
}

/// The normalized form of an email, or None when it is not a valid address.
pub fn email_norm(raw: &str) -> Option<String> {
    email(raw).ok().map(|e| e.norm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_cuts_after_80_characters() {
        let a80 = "é".repeat(80);
        assert_eq!(printable(&a80), a80);
        assert_eq!(printable(&format!("{a80}x")), format!("{a80}…"));
        assert_eq!(
            printable("a\nb\rc\td\u{1b}e\u{7}"),
            "a\\nb\\rc\\td\\ee\\u{7}"
        );
    }

    #[test]
    fn emoji_glue_alone_is_no_name() {
        for glue in ["\u{fe0f}", "\u{200d}", "\u{200d} \u{fe0e}"] {
            let e = name(glue).unwrap_err();
            assert_eq!(e.message, "name must not be empty", "{glue:?}");
        }
        assert_eq!(name(" 👩\u{200d}💻 ").unwrap(), "👩\u{200d}💻");
    }

    #[test]
    fn closest_finds_one_name_inside_the_other() {
        // Too unlike for Jaro-Winkler; one contains the other, either way.
        let near = closest("ada", ["ada.lovelace@example.com", "bob@example.com"]);
        assert_eq!(near, ["ada.lovelace@example.com"]);
        let near = closest("the finance admins", ["Finance", "Staff"]);
        assert_eq!(near, ["Finance"]);
        // Under three characters, containment is not enough.
        assert!(closest("ad", ["xxxxxxxxxxadxxxxxxx"]).is_empty());
    }

    #[test]
    fn emails_normalize_case_and_domain() {
        assert_eq!(email(" Ada@Example.COM ").unwrap().norm, "ada@example.com");
        assert_eq!(email(" Ada@Example.COM ").unwrap().typed, "Ada@Example.COM");
        assert_eq!(
            email("ÄDA@x.org").unwrap().norm,
            email("äda@x.org").unwrap().norm
        );
        assert_eq!(email("bob@BÜCHER.de").unwrap().norm, "bob@xn--bcher-kva.de");
        // Composed and decomposed é are one person.
        assert_eq!(
            email("jos\u{e9}@x.org").unwrap().norm,
            email("jose\u{301}@x.org").unwrap().norm
        );
    }

    #[test]
    fn look_alike_emails_share_a_skeleton() {
        let sk = |e: &str| skeleton(&email(e).unwrap().norm);
        assert_eq!(sk("\u{430}da@example.com"), sk("ada@example.com"));
        assert_eq!(sk("ada@ex\u{430}mple.com"), sk("ada@example.com"));
        assert_ne!(sk("bob@example.com"), sk("ada@example.com"));
    }

    #[test]
    fn hostile_emails_are_rejected() {
        for bad in [
            "",
            "no-at-sign",
            "a@b@c",
            "a b@example.com",
            "x@example.com\r\nBcc: evil@example.com",
            "\"quoted\"@example.com",
            "<a@example.com>",
            "a@example.com, b@example.com",
        ] {
            assert!(email(bad).is_err(), "accepted {bad:?}");
        }
        for bad in [
            "x@[127.0.0.1]",
            "x@[IPv6:::1]",
            "ada\u{200b}@example.com",
            "ada\u{202e}@example.com",
        ] {
            assert!(email(bad).is_err(), "accepted {bad:?}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(email(&long).unwrap_err().message.contains("limit"));
    }

    /// SPEC §1: LDH labels, two or more, none starting or ending with `-`,
    /// the last not all digits; IDNA domains pass as their ASCII form.
    #[test]
    fn domains_mail_cannot_reach_are_refused() {
        for bad in [
            "u@exa_mple.com",
            "u@example.123",
            "u@localhost",
            "u@-example.com",
            "u@example-.com",
            "u@example..com",
            "u@example.com.",
            "u@.example.com",
            "u@1.2.3.4",
            &format!("u@{}.com", "a".repeat(64)),
        ] {
            let e = email(bad).unwrap_err();
            assert_eq!(e.kind, crate::error::Kind::Usage, "{bad}");
        }
        for bad in ["u@exa_mple.com", "u@example.123", "u@localhost"] {
            let e = email(bad).unwrap_err();
            assert!(e.message.contains("mail cannot reach"), "{bad}: {e}");
        }
        for good in [
            "u@example.com",
            "u@a.b.c.example.co.uk",
            "u@x-1.org",
            "u@123.example.com",
            "u@example.xn--p1ai",
            "u@b\u{fc}cher.de",
            &format!("u@{}.com", "a".repeat(63)),
        ] {
            assert!(email(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn group_names_may_not_hold_the_csv_separator() {
        let e = group_name("a;b").unwrap_err();
        assert!(e.message.contains("`;`"), "{e}");
        assert_eq!(group_name(" Billing ").unwrap(), "Billing");
    }

    #[test]
    fn near_misses_are_suggested() {
        let names = ["Engineering", "Billing", "Everyone"];
        assert_eq!(closest("Enginering", names), ["Engineering"]);
        assert_eq!(closest("billing", names), ["Billing"]);
        assert_eq!(closest("Bill", names), ["Billing"]);
        assert!(closest("Marketing", names).is_empty());
        assert_eq!(
            did_you_mean("Enginering", names).unwrap(),
            "did you mean `Engineering`?"
        );
    }

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(name("  Ada Lovelace ").unwrap(), "Ada Lovelace");
        assert!(name("   ").is_err());
        assert!(name("Ada\r\nBcc: x@y").is_err());
        assert!(name("Ada\u{7}").is_err());
        assert!(name(&"x".repeat(255)).is_err());
        assert!(name(&"é".repeat(254)).is_ok());
        assert!(name("\u{200b}").is_err());
        assert!(name("Ada\u{202e}evil").is_err());
        assert!(name("Ada \u{1f469}\u{200d}\u{1f4bb}").is_ok());
    }
}
