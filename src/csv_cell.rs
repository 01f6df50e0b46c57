//! CSV cells a spreadsheet will not run (OWASP's "CSV injection" rule): a
//! cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! written with a `'` before it, so `=HYPERLINK(...)` shows as text. Reading
//! undoes it, so that `apply` of an exported file gets the real values back;
//! a value that itself starts with `'` before such a character (or before
//! another `'`) gets one more, so the round trip is exact.

fn is_trigger(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Whether a cell needs the `'` prefix on the way out.
fn needs_guard(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if is_trigger(c) => true,
        Some('\'') => cs.next().is_some_and(|c| is_trigger(c) || c == '\''),
        _ => false,
    }
}

/// A value as a CSV cell.
pub fn guard(s: String) -> String {
    if needs_guard(&s) {
        format!("'{s}")
    } else {
        s
    }
}

/// A CSV cell as the value it holds (the reverse of [`guard`]).
pub fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) || rest.starts_with('\'') => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_every_value_round_trips() {
        for (value, cell) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+cmd|calc", "'+cmd|calc"),
            ("@SUM(1)", "'@SUM(1)"),
            ("-2+3", "'-2+3"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''", "'''"),
            ("'Til", "'Til"),
            ("'", "'"),
            ("Ada Lovelace", "Ada Lovelace"),
            ("ada@example.com", "ada@example.com"),
            ("", ""),
        ] {
            assert_eq!(guard(value.to_string()), cell, "{value:?}");
            assert_eq!(unguard(cell), value, "{cell:?}");
        }
    }
}
