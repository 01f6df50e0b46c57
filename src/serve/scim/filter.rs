//! SCIM filters (RFC 7644 §3.4.2.2), evaluated over a resource's JSON:
//! `eq ne co sw ew gt ge lt le pr`, `and`, `or`, `not (...)`, parentheses,
//! dotted paths (`name.givenName`), URN-prefixed paths, and value filters
//! (`emails[type eq "work"].value`). Operators and attribute names are
//! case-insensitive; string comparisons too, except on `id` and `externalId`
//! (caseExact in RFC 7643).
//!
//! Filters come from anyone holding a SCIM token, so they are bounded:
//! [`MAX_LEN`] characters, [`MAX_DEPTH`] levels of `(`, `[` and `not`, and
//! [`MAX_TERMS`] comparisons. `a and b and c` is one `And` of three, not a
//! chain of nested pairs, so the tree is never deeper than its brackets:
//! parsing, matching and dropping a filter recurse at most [`MAX_DEPTH`]
//! levels, whatever its length.

use serde_json::Value;

/// The longest filter (or PATCH path) read, in characters.
pub const MAX_LEN: usize = 8 * 1024;
/// The most nested `(`, `[` and `not` a filter may hold.
pub const MAX_DEPTH: usize = 16;
/// The most comparisons (`attr op value`, `attr pr`) in one filter.
pub const MAX_TERMS: usize = 256;

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// Every one matches (two or more).
    And(Vec<Filter>),
    /// Any one matches (two or more).
    Or(Vec<Filter>),
    Not(Box<Filter>),
    Present(Path),
    Compare(Path, Op, Value),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

/// `attr[.sub]`, perhaps `attr[filter].sub`.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub attr: String,
    pub value_filter: Option<Box<Filter>>,
    pub sub: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Open,
    Close,
    LBracket,
    RBracket,
}

fn lex(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' => {
                out.push(Tok::Close);
                i += 1;
            }
            '[' => {
                out.push(Tok::LBracket);
                i += 1;
            }
            ']' => {
                out.push(Tok::RBracket);
                i += 1;
            }
            '"' => {
                let mut v = String::new();
                i += 1;
                loop {
                    match cs.get(i) {
                        None => return Err("a string is not closed".into()),
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') => {
                            match cs.get(i + 1) {
                                Some('n') => v.push('\n'),
                                Some('t') => v.push('\t'),
                                Some(&e) => v.push(e),
                                None => return Err("a string ends in `\\`".into()),
                            }
                            i += 2;
                        }
                        Some(&c) => {
                            v.push(c);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Str(v));
            }
            _ => {
                let start = i;
                // Every space the lexer skips ends a word too (found by the
                // fuzzer: `urn:` then newlines then `D` made an attribute
                // with newlines in its name).
                while i < cs.len()
                    && !matches!(
                        cs[i],
                        ' ' | '\t' | '\n' | '\r' | '(' | ')' | '[' | ']' | '"'
                    )
                {
                    i += 1;
                }
                out.push(Tok::Word(cs[start..i].iter().collect()));
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    /// `(`, `[` and `not` open now.
    depth: usize,
    /// Comparisons read so far.
    terms: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    fn keyword(&self, k: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(k))
    }

    fn or(&mut self) -> Result<Filter, String> {
        let mut all = vec![self.and()?];
        while self.keyword("or") {
            self.pos += 1;
            all.push(self.and()?);
        }
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            Filter::Or(all)
        })
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut all = vec![self.unary()?];
        while self.keyword("and") {
            self.pos += 1;
            all.push(self.unary()?);
        }
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            Filter::And(all)
        })
    }

    /// Opens one level of `(`, `[` or `not`, refusing past [`MAX_DEPTH`].
    fn deeper(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!(
                "the filter nests deeper than {MAX_DEPTH} levels of `(`, `[` and `not`"
            ));
        }
        Ok(())
    }

    /// `( filter )`, the `(` already read.
    fn group(&mut self) -> Result<Filter, String> {
        self.deeper()?;
        let f = self.or()?;
        if self.next() != Some(Tok::Close) {
            return Err("a `(` is not closed".into());
        }
        self.depth -= 1;
        Ok(f)
    }

    fn unary(&mut self) -> Result<Filter, String> {
        if self.keyword("not") {
            self.pos += 1;
            if self.next() != Some(Tok::Open) {
                return Err("`not` must be followed by `(`".into());
            }
            self.deeper()?;
            let f = self.group()?;
            self.depth -= 1;
            return Ok(Filter::Not(Box::new(f)));
        }
        if self.peek() == Some(&Tok::Open) {
            self.pos += 1;
            return self.group();
        }
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(format!("the filter has more than {MAX_TERMS} comparisons"));
        }
        let path = self.path()?;
        let op = match self.next() {
            Some(Tok::Word(w)) => w.to_ascii_lowercase(),
            _ => return Err(format!("an operator is missing after `{}`", path.attr)),
        };
        let op = match op.as_str() {
            "pr" => return Ok(Filter::Present(path)),
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "co" => Op::Co,
            "sw" => Op::Sw,
            "ew" => Op::Ew,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            other => return Err(format!("unknown operator `{other}`")),
        };
        let value = match self.next() {
            Some(Tok::Str(s)) => Value::String(s),
            Some(Tok::Word(w)) => match w.to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => w
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .ok_or_else(|| format!("`{w}` is not a value (strings go in double quotes)"))?,
            },
            _ => return Err("a value is missing".into()),
        };
        Ok(Filter::Compare(path, op, value))
    }

    fn path(&mut self) -> Result<Path, String> {
        let word = match self.next() {
            Some(Tok::Word(w)) => w,
            _ => return Err("an attribute name is missing".into()),
        };
        let word = strip_urn(&word);
        let (attr, mut sub) = match word.split_once('.') {
            Some((a, s)) => (a.to_string(), Some(s.to_string())),
            None => (word.to_string(), None),
        };
        // `urn:...:` or `.x` names nothing (found by the fuzzer: such a
        // path was taken as the attribute ``).
        if attr.is_empty() {
            return Err("an attribute name is missing".into());
        }
        let mut value_filter = None;
        if self.peek() == Some(&Tok::LBracket) {
            self.pos += 1;
            self.deeper()?;
            value_filter = Some(Box::new(self.or()?));
            if self.next() != Some(Tok::RBracket) {
                return Err("a `[` is not closed".into());
            }
            self.depth -= 1;
            if let Some(Tok::Word(w)) = self.peek() {
                if let Some(s) = w.strip_prefix('.') {
                    sub = Some(s.to_string());
                    self.pos += 1;
                }
            }
        }
        Ok(Path {
            attr,
            value_filter,
            sub,
        })
    }
}

/// `urn:ietf:params:scim:schemas:core:2.0:User:userName` → `userName`.
pub fn strip_urn(attr: &str) -> &str {
    if attr.to_ascii_lowercase().starts_with("urn:") {
        // The attribute follows the schema URN's last `:`; a sub-attribute
        // keeps its dot (`...:User:name.givenName`).
        attr.rsplit(':').next().unwrap_or(attr)
    } else {
        attr
    }
}

fn parser(s: &str) -> Result<Parser, String> {
    if s.chars().count() > MAX_LEN {
        return Err(format!("it is longer than {MAX_LEN} characters"));
    }
    Ok(Parser {
        toks: lex(s)?,
        pos: 0,
        depth: 0,
        terms: 0,
    })
}

pub fn parse(s: &str) -> Result<Filter, String> {
    let mut p = parser(s)?;
    let f = p.or()?;
    if p.pos < p.toks.len() {
        return Err("unexpected text after the filter".into());
    }
    Ok(f)
}

/// A PATCH path (RFC 7644 §3.5.2): `attr`, `attr.sub`, or
/// `attr[filter]` with perhaps `.sub`, URN prefixes stripped; bounded as
/// filters are.
pub fn parse_path(s: &str) -> Result<Path, String> {
    let mut p = parser(s)?;
    let path = p.path()?;
    if p.pos < p.toks.len() {
        return Err("unexpected text after the path".into());
    }
    Ok(path)
}

/// A JSON object's member, by case-insensitive name.
pub fn get<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    v.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// Every value a path reaches in a resource (multi-valued attributes fan out).
fn resolve<'a>(res: &'a Value, p: &Path) -> Vec<&'a Value> {
    let Some(top) = get(res, &p.attr) else {
        return Vec::new();
    };
    let items: Vec<&Value> = match top {
        Value::Array(a) => a.iter().collect(),
        v => vec![v],
    };
    let items: Vec<&Value> = match &p.value_filter {
        Some(f) => items.into_iter().filter(|i| matches(f, i)).collect(),
        None => items,
    };
    match &p.sub {
        Some(s) => items.into_iter().filter_map(|i| get(i, s)).collect(),
        None => items
            .into_iter()
            .map(|i| match i {
                // A multi-valued complex attribute compares by its `value`.
                Value::Object(_) => get(i, "value").unwrap_or(i),
                v => v,
            })
            .collect(),
    }
}

fn case_exact(p: &Path) -> bool {
    let a = p.attr.to_ascii_lowercase();
    (a == "id" || a == "externalid") && p.sub.is_none()
}

fn compare(p: &Path, op: Op, have: &Value, want: &Value) -> bool {
    match (have, want) {
        (Value::String(h), Value::String(w)) => {
            let (h, w) = if case_exact(p) {
                (h.clone(), w.clone())
            } else {
                (h.to_lowercase(), w.to_lowercase())
            };
            match op {
                Op::Eq => h == w,
                Op::Ne => h != w,
                Op::Co => h.contains(&w),
                Op::Sw => h.starts_with(&w),
                Op::Ew => h.ends_with(&w),
                Op::Gt => h > w,
                Op::Ge => h >= w,
                Op::Lt => h < w,
                Op::Le => h <= w,
            }
        }
        (Value::Bool(h), Value::Bool(w)) => match op {
            Op::Eq => h == w,
            Op::Ne => h != w,
            _ => false,
        },
        // Entra ID's `primary eq "True"`: a boolean compared with its string.
        (Value::Bool(_), Value::String(w))
            if w.eq_ignore_ascii_case("true") || w.eq_ignore_ascii_case("false") =>
        {
            compare(p, op, have, &Value::Bool(w.eq_ignore_ascii_case("true")))
        }
        (Value::Number(h), Value::Number(w)) => {
            let (h, w) = (h.as_f64().unwrap_or(0.0), w.as_f64().unwrap_or(0.0));
            match op {
                Op::Eq => h == w,
                Op::Ne => h != w,
                Op::Gt => h > w,
                Op::Ge => h >= w,
                Op::Lt => h < w,
                Op::Le => h <= w,
                _ => false,
            }
        }
        (_, Value::Null) => matches!(op, Op::Ne),
        _ => matches!(op, Op::Ne),
    }
}

/// Whether a resource (or, inside a value filter, one element) matches.
pub fn matches(f: &Filter, res: &Value) -> bool {
    match f {
        Filter::And(all) => all.iter().all(|f| matches(f, res)),
        Filter::Or(any) => any.iter().any(|f| matches(f, res)),
        Filter::Not(a) => !matches(a, res),
        Filter::Present(p) => resolve(res, p).iter().any(|v| {
            !v.is_null() && v.as_str() != Some("") && v.as_array().is_none_or(|a| !a.is_empty())
        }),
        Filter::Compare(p, Op::Ne, want) => {
            !resolve(res, p).iter().any(|v| compare(p, Op::Eq, v, want))
        }
        Filter::Compare(p, op, want) => resolve(res, p).iter().any(|v| compare(p, *op, v, want)),
    }
}

/// A filter printed back as SCIM text that parses to the same filter:
/// parentheses only where the tree needs them, strings quoted with `"`
/// and `\` escaped (and newlines and tabs as `\n`, `\t`), numbers as
/// JSON writes them. The fuzzer checks the round trip.
impl std::fmt::Display for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A child of `and` that is itself `and` or `or` needs brackets (the
        // parser makes `a and (b and c)` a nested `And`); of `or`, only `or`.
        let joined = |f: &mut std::fmt::Formatter<'_>, all: &[Filter], word: &str| {
            for (i, c) in all.iter().enumerate() {
                if i > 0 {
                    write!(f, " {word} ")?;
                }
                let bracket = match c {
                    Filter::Or(_) => true,
                    Filter::And(_) => word == "and",
                    _ => false,
                };
                if bracket {
                    write!(f, "({c})")?;
                } else {
                    write!(f, "{c}")?;
                }
            }
            Ok(())
        };
        match self {
            Filter::And(all) => joined(f, all, "and"),
            Filter::Or(any) => joined(f, any, "or"),
            Filter::Not(inner) => write!(f, "not ({inner})"),
            Filter::Present(p) => write!(f, "{p} pr"),
            Filter::Compare(p, op, v) => {
                write!(f, "{p} {} ", op.word())?;
                match v {
                    Value::String(s) => {
                        f.write_str("\"")?;
                        for c in s.chars() {
                            match c {
                                '"' => f.write_str("\\\"")?,
                                '\\' => f.write_str("\\\\")?,
                                '\n' => f.write_str("\\n")?,
                                '\t' => f.write_str("\\t")?,
                                c => write!(f, "{c}")?,
                            }
                        }
                        f.write_str("\"")
                    }
                    other => write!(f, "{other}"),
                }
            }
        }
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.attr)?;
        if let Some(vf) = &self.value_filter {
            write!(f, "[{vf}]")?;
        }
        match &self.sub {
            Some(s) => write!(f, ".{s}"),
            None => Ok(()),
        }
    }
}

impl Op {
    fn word(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Co => "co",
            Op::Sw => "sw",
            Op::Ew => "ew",
            Op::Gt => "gt",
            Op::Ge => "ge",
            Op::Lt => "lt",
            Op::Le => "le",
        }
    }
}

/// `attr eq "value"` on a top-level attribute, for the lookups that need no scan.
pub fn simple_eq(f: &Filter) -> Option<(&str, &str)> {
    match f {
        Filter::Compare(p, Op::Eq, Value::String(v))
            if p.value_filter.is_none() && p.sub.is_none() =>
        {
            Some((p.attr.as_str(), v.as_str()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Printing a filter gives text that parses back to the same filter.
    #[test]
    fn filters_print_back_to_themselves() {
        for text in [
            r#"userName eq "ada@example.com""#,
            r#"a pr and (b eq 1 or c ne true) and not (d sw "x\"y\\z")"#,
            r#"a pr and (b pr and c pr)"#,
            r#"(a pr or b pr) or c pr"#,
            r#"emails[type eq "work" and primary eq true].value co "@""#,
            r#"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName ew "a\nb\tc""#,
            r#"x.y gt -2.5e3 or z le null"#,
            r#"members[value eq "1"] pr"#,
        ] {
            let f = parse(text).unwrap();
            let printed = f.to_string();
            assert_eq!(parse(&printed).unwrap(), f, "{text} printed as {printed}");
        }
        for nameless in [
            "urn:{}urn: pr",
            ".x pr",
            "urn:ietf:params:scim:schemas:core:2.0:User: eq 1",
        ] {
            assert_eq!(
                parse(nameless),
                Err("an attribute name is missing".into()),
                "{nameless}"
            );
        }
        assert!(parse_path("urn:{}urn:").is_err());
        // A newline separates words as a space does.
        assert_eq!(parse("a\npr").unwrap(), parse("a pr").unwrap());
        assert!(parse_path("urn:\n\nD").is_err());
        assert_eq!(
            parse(r#"(a pr) AND (B Eq "x")"#).unwrap().to_string(),
            r#"a pr and B eq "x""#
        );
        assert_eq!(
            parse(r#"a pr and (b pr or c pr)"#).unwrap().to_string(),
            r#"a pr and (b pr or c pr)"#
        );
        assert_eq!(
            parse(r#"a pr or (b pr and c pr)"#).unwrap().to_string(),
            r#"a pr or b pr and c pr"#
        );
        assert_eq!(
            parse(r#"a pr or (b pr or c pr)"#).unwrap().to_string(),
            r#"a pr or (b pr or c pr)"#
        );
    }

    #[test]
    fn filters_as_okta_and_entra_send_them() {
        let u = json!({
            "id": "A1", "userName": "Ada@Example.com", "externalId": "00u1",
            "displayName": "Ada Lovelace", "active": true,
            "name": {"givenName": "Ada", "familyName": "Lovelace"},
            "emails": [{"value": "ada@example.com", "type": "work", "primary": true}],
            "roles": []
        });
        for (f, want) in [
            (r#"userName eq "ada@example.com""#, true),
            (r#"USERNAME EQ "ADA@EXAMPLE.COM""#, true),
            (r#"userName eq "bob@example.com""#, false),
            (r#"externalId eq "00u1""#, true),
            (r#"externalId eq "00U1""#, false),
            (r#"id eq "A1""#, true),
            (r#"displayName co "love""#, true),
            (r#"userName sw "ada""#, true),
            (r#"userName ew ".com""#, true),
            (r#"emails[type eq "work"].value eq "ada@example.com""#, true),
            (
                r#"emails[type eq "home"].value eq "ada@example.com""#,
                false,
            ),
            (r#"emails.value eq "ada@example.com""#, true),
            (r#"name.givenName eq "Ada" and active eq true"#, true),
            (r#"userName eq "x" or displayName pr"#, true),
            (r#"not (userName eq "x")"#, true),
            (
                r#"(userName eq "x" or userName eq "y") and active eq true"#,
                false,
            ),
            (r#"roles pr"#, false),
            (r#"title pr"#, false),
            (
                r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "ada@example.com""#,
                true,
            ),
            (r#"userName ne "bob@example.com""#, true),
            (r#"active eq "True""#, true),
            (r#"active eq "false""#, false),
        ] {
            let parsed = parse(f).unwrap_or_else(|e| panic!("{f}: {e}"));
            assert_eq!(matches(&parsed, &u), want, "{f}");
        }
        for bad in [
            "userName",
            "userName eq",
            "userName zz \"x\"",
            "(userName eq \"x\"",
            "userName eq x",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    /// Nesting past the bound, too many terms and too much text are
    /// refused with a reason; the largest filters within the bounds parse
    /// and match, and their trees are no deeper than their brackets.
    #[test]
    fn filters_are_bounded_in_depth_terms_and_length() {
        let u = json!({"id": "A1", "userName": "a@example.com"});
        let nested = |n: usize| format!("{}id pr{}", "(".repeat(n), ")".repeat(n));
        assert!(matches(&parse(&nested(MAX_DEPTH)).unwrap(), &u));
        let e = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert!(e.contains("deeper than 16"), "{e}");
        // What crashed the server: thousands of levels, any bracket kind.
        assert!(parse(&nested(5000)).is_err());
        let brackets = format!("{}value pr{}", "emails[".repeat(1000), "]".repeat(1000));
        assert!(parse(&brackets).unwrap_err().contains("deeper"));
        let nots = format!("{}id pr{}", "not (".repeat(1000), ")".repeat(1000));
        assert!(parse(&nots).unwrap_err().contains("deeper"));
        // `not` counts as a level of its own besides its `(`.
        let n = MAX_DEPTH / 2;
        assert!(parse(&format!("{}id pr{}", "not (".repeat(n), ")".repeat(n))).is_ok());
        assert!(parse(&format!(
            "{}id pr{}",
            "not (".repeat(n + 1),
            ")".repeat(n + 1)
        ))
        .is_err());

        // Depth is nesting, not count: many groups side by side, each one
        // level deep, are fine.
        for one in ["(id pr)", "not (id pr)", "emails[value pr].value pr"] {
            let siblings = vec![one; 3 * MAX_DEPTH].join(" or ");
            assert!(parse(&siblings).is_ok(), "{one}");
        }
        let chain = |n: usize, op: &str| vec!["id pr"; n].join(&format!(" {op} "));
        for op in ["and", "or"] {
            let f = parse(&chain(MAX_TERMS, op)).unwrap();
            match &f {
                Filter::And(all) | Filter::Or(all) => assert_eq!(all.len(), MAX_TERMS),
                other => panic!("{other:?}"),
            }
            assert!(matches(&f, &u));
            let e = parse(&chain(MAX_TERMS + 1, op)).unwrap_err();
            assert!(e.contains("more than 256 comparisons"), "{e}");
        }
        let long = format!("userName eq \"{}\"", "a".repeat(MAX_LEN));
        assert!(parse(&long).unwrap_err().contains("longer than"));
        // Mixed: `a and b or c and d` is Or(And(a, b), And(c, d)).
        let f = parse("id pr and userName pr or id eq \"x\" and id eq \"y\"").unwrap();
        let Filter::Or(any) = &f else { panic!("{f:?}") };
        assert_eq!(any.len(), 2);
        assert!(any
            .iter()
            .all(|a| matches!(a, Filter::And(b) if b.len() == 2)));
    }

    #[test]
    fn patch_paths_parse_with_their_value_filters() {
        let p = parse_path("roles[value eq \"org-admin\"]").unwrap();
        assert_eq!(p.attr, "roles");
        assert!(p.value_filter.is_some());
        assert_eq!(p.sub, None);
        let p = parse_path("roles[primary eq \"True\"].value").unwrap();
        assert_eq!(p.sub.as_deref(), Some("value"));
        let p = parse_path("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName").unwrap();
        assert_eq!(
            (p.attr.as_str(), p.sub.as_deref()),
            ("name", Some("givenName"))
        );
        for bad in [
            "",
            "roles[",
            "roles[value eq]",
            "a b",
            "members[value eq \"x\"] junk",
        ] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
        let deep = format!("members[{}value pr{}]", "(".repeat(5000), ")".repeat(5000));
        assert!(parse_path(&deep).is_err());
    }
}
