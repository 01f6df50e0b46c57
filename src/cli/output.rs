//! One printer for every command: data to stdout (a table, or one JSON
//! document with `--json`), messages to stderr. Nothing decorative when piped.

use std::io::{self, IsTerminal, Write};

use comfy_table::{presets, Cell, Color, ColumnConstraint, ContentArrangement, Table};
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::org::details::{Added, Details};
use crate::org::{ChangeRecord, Impact, Plan};
use crate::role::RoleSet;

/// Narrower terminals than this get unwrapped tables.
const MIN_TABLE_WIDTH: u16 = 20;

#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub json: bool,
    pub quiet: bool,
    /// Color on stderr (errors, warnings).
    pub color: bool,
}

fn io_err(e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Error::new(crate::error::Kind::BrokenPipe, "stdout was closed")
    } else {
        Error::internal(format!("cannot write output: {e}"))
    }
}

/// Text for a terminal: each line's control, bidi and invisible characters
/// escaped, so nothing that came from outside (an SMTP reply, a name in a
/// file, a config key) can move the cursor, retitle the window or hide text.
/// Every human-facing line the printer writes goes through here.
pub fn clean(text: &str) -> String {
    text.split('\n')
        .map(crate::validate::escape_controls)
        .collect::<Vec<_>>()
        .join("\n")
}

fn write_stdout(text: &str) -> Result<()> {
    let mut o = io::stdout().lock();
    writeln!(o, "{text}").map_err(io_err)?;
    o.flush().map_err(io_err)
}

impl Printer {
    /// Writes data to stdout (never silenced by `--quiet`).
    pub fn out(&self, text: &str) -> Result<()> {
        write_stdout(&clean(text))
    }

    /// A success message on stdout, silenced by `--quiet` and in JSON mode.
    pub fn say(&self, text: &str) -> Result<()> {
        if self.quiet || self.json {
            return Ok(());
        }
        self.out(text)
    }

    /// A note on stderr (not in quiet mode).
    pub fn note(&self, text: &str) {
        if !self.quiet {
            eprintln!("{}: {}", self.paint("note", "36"), clean(text));
        }
    }

    /// A line for the person at the terminal on stderr (interactive menus,
    /// the server's banner): never silenced, never data.
    pub fn status(&self, text: &str) {
        eprintln!("{}", clean(text));
    }

    /// Several lines, as `status` writes one.
    pub fn status_block(&self, text: &str) {
        eprint!("{}", clean(text));
    }

    /// The impact of a change on stderr, before a question: who would be
    /// stranded in red, who would lose roles in yellow (on a terminal that
    /// wants color).
    pub fn impact(&self, i: &Impact) {
        for line in self.impact_lines(i) {
            eprintln!("{line}");
        }
    }

    /// The impact's lines, escaped, with who would be stranded in red and
    /// who would lose roles in yellow when color is on: one place for every
    /// impact printed (before a question, in a dry run, in a refusal).
    fn impact_lines(&self, i: &Impact) -> Vec<String> {
        impact_text(i)
            .lines()
            .map(|line| {
                let code = if line.contains("stranded") {
                    "31"
                } else if line.contains("lose some roles") {
                    "33"
                } else {
                    "0"
                };
                match line.split_once(": ") {
                    Some((head, rest)) if code != "0" => {
                        format!("{}: {}", self.paint(head, code), clean(rest))
                    }
                    _ => clean(line),
                }
            })
            .collect()
    }

    pub fn warn(&self, text: &str) {
        eprintln!("{}: {}", self.paint("warning", "33"), clean(text));
    }

    /// One JSON document on stdout, written as it is encoded (a list of
    /// 100,000 people is never held as one string). serde_json escapes
    /// every control character itself.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        let out = io::stdout().lock();
        let mut w = io::BufWriter::with_capacity(64 * 1024, out);
        serde_json::to_writer_pretty(&mut w, value).map_err(|e| {
            if e.io_error_kind() == Some(io::ErrorKind::BrokenPipe) {
                Error::new(crate::error::Kind::BrokenPipe, "stdout was closed")
            } else {
                Error::internal(format!("cannot write JSON: {e}"))
            }
        })?;
        w.write_all(b"\n").map_err(io_err)?;
        w.flush().map_err(io_err)
    }

    /// One compact JSON document on one line of stdout, flushed at once
    /// (a stream such as `orgadm events`: a reader sees each line as it
    /// comes).
    pub fn json_line<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        let line = serde_json::to_string(value)
            .map_err(|e| Error::internal(format!("cannot write JSON: {e}")))?;
        write_stdout(&line)
    }

    fn paint(&self, text: &str, code: &str) -> String {
        if self.color {
            format!("\x1b[1;{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Prints an error: one line `orgadm: error: ...` plus hints, or a JSON
    /// object with `--json`. A refusal's impact goes to stdout, so that stdout
    /// still holds one JSON document.
    pub fn error(&self, e: &Error) {
        if self.json {
            if let Some(impact) = &e.impact {
                let _ = self.json(&serde_json::json!({ "impact": impact }));
            }
            eprintln!("{}", e.to_json());
            return;
        }
        if let Some(impact) = &e.impact {
            self.impact(impact);
        }
        eprintln!(
            "orgadm: {}: {}",
            self.paint("error", "31"),
            crate::validate::escape_controls(&e.message)
        );
        for h in &e.hints {
            eprintln!(
                "  {}: {}",
                self.paint("hint", "36"),
                crate::validate::escape_controls(h)
            );
        }
    }

    /// RFC 4180 CSV with a header row on stdout (`--csv`); multi-valued
    /// fields are already joined with `;`. Written as the csv crate quotes
    /// it, each cell defused against spreadsheet formulas (`csv_cell`).
    /// Rows may be produced lazily: each is written as it comes.
    pub fn csv(&self, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<()> {
        let out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
        let mut w = csv::Writer::from_writer(out);
        let fail = |e: csv::Error| match e.kind() {
            csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe => {
                Error::new(crate::error::Kind::BrokenPipe, "stdout was closed")
            }
            _ => Error::internal(format!("cannot write CSV: {e}")),
        };
        w.write_record(header).map_err(fail)?;
        for r in rows {
            let r: Vec<String> = r.into_iter().map(crate::csv_cell::guard).collect();
            w.write_record(&r).map_err(fail)?;
        }
        w.flush().map_err(io_err)
    }

    /// A table of rows in plain columns (like `kubectl get`): readable at a
    /// terminal, and easy to cut and grep when piped. Columns listed in
    /// `nowrap` (emails) never wrap; on a terminal other columns wrap to fit.
    pub fn table(&self, header: &[&str], rows: Vec<Vec<String>>, nowrap: &[usize]) -> Result<()> {
        let mut t = Table::new();
        t.load_style(presets::NOTHING);
        t.set_content_arrangement(ContentArrangement::Dynamic);
        // Wrap to the terminal only when it reports a usable width.
        if !io::stdout().is_terminal() || !usable_width(t.width()) {
            t.set_content_arrangement(ContentArrangement::Disabled);
            t.force_no_tty();
        }
        let styled = self.color && io::stdout().is_terminal();
        let wraps = matches!(t.content_arrangement(), ContentArrangement::Dynamic);
        if plain_layout(styled, wraps, &rows) {
            let rows: Vec<Vec<String>> = rows
                .into_iter()
                .map(|r| r.iter().map(|c| clean(c)).collect())
                .collect();
            return write_plain_table(header, &rows);
        }
        t.set_header(header.to_vec());
        // States in colour on a colour terminal: each cell is cleaned first,
        // then styled by comfy-table (which measures widths without the codes).
        if styled {
            t.enforce_styling();
        }
        let state_cols: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| matches!(**h, "STATUS" | "STATE"))
            .map(|(i, _)| i)
            .collect();
        for r in rows {
            let cells: Vec<Cell> = r
                .into_iter()
                .enumerate()
                .map(|(i, text)| {
                    let cell = Cell::new(clean(&text));
                    match state_color(&text).filter(|_| styled && state_cols.contains(&i)) {
                        Some(c) => cell.fg(c),
                        None => cell,
                    }
                })
                .collect();
            t.add_row(cells);
        }
        for c in t.column_iter_mut() {
            c.set_padding((0, 2));
        }
        for &i in nowrap {
            if let Some(c) = t.column_mut(i) {
                c.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        // The cells were cleaned above; the text now holds only our styling.
        let mut w = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
        for line in t.lines() {
            writeln!(w, "{}", line.trim_end()).map_err(io_err)?;
        }
        w.flush().map_err(io_err)
    }

    /// Prints what a change did (or, for a dry run, would do) and its impact.
    pub fn plan(&self, plan: &Plan, dry_run: bool, extra: Option<(&str, Value)>) -> Result<()> {
        self.plan_with(plan, dry_run, extra.map(|(k, v)| (k, Part::Value(v))))
    }

    /// [`Printer::plan`] with an extra part that may be a long list (apply's
    /// `invited`): JSON is written as it is encoded, a record at a time.
    pub fn plan_with(&self, plan: &Plan, dry_run: bool, extra: Option<(&str, Part)>) -> Result<()> {
        if self.json {
            let mut doc = std::collections::BTreeMap::new();
            doc.insert("changed", Part::Value((!dry_run && !plan.is_noop()).into()));
            doc.insert("changes", Part::List(List::Records(&plan.changes)));
            doc.insert("notes", Part::Value(serde_json::json!(plan.notes)));
            doc.insert("impact", Part::Value(serde_json::json!(plan.impact)));
            if dry_run {
                doc.insert("dry_run", Part::Value(Value::Bool(true)));
                doc.insert(
                    "needs_confirmation",
                    Part::Value(Value::Bool(plan.needs_confirmation)),
                );
            }
            if let Some((k, x)) = extra {
                doc.insert(k, x);
            }
            return self.json(&doc);
        }
        for n in &plan.notes {
            self.note(n);
        }
        if plan.is_noop() {
            return self.say("nothing changed");
        }
        if dry_run {
            self.out("dry run: nothing was changed; this command would:")?;
            for c in &plan.changes {
                self.out(&format!("  {}", describe(c)))?;
            }
            // Already escaped, and perhaps painted.
            for line in self.impact_lines(&plan.impact) {
                write_stdout(&line)?;
            }
            if plan.needs_confirmation {
                self.out("it would ask for confirmation (or need --yes)")?;
            }
            return Ok(());
        }
        for c in &plan.changes {
            self.say(&describe(c))?;
        }
        Ok(())
    }
}

/// Whether a terminal's reported width is worth wrapping a table to: one
/// that says 0 columns (a serial console, some CI ptys) would squeeze every
/// column to one character.
fn usable_width(width: Option<u16>) -> bool {
    width.is_some_and(|w| w >= MIN_TABLE_WIDTH)
}

/// Whether `write_plain_table` lays these rows out as comfy-table would:
/// nothing coloured, nothing wrapped, no cell of several lines.
fn plain_layout(styled: bool, wraps: bool, rows: &[Vec<String>]) -> bool {
    !styled && !wraps && !rows.iter().flatten().any(|c| c.contains('\n'))
}

/// A table laid out as comfy-table lays it out when nothing wraps (no
/// borders; each column as wide as its widest cell, at least 1, then two
/// spaces; trailing spaces trimmed), written a line at a time. comfy-table
/// holds every cell three times over (cells, formatted and drawn lines):
/// ~240 MB for 100,000 people. The snapshot tests and `plain_tables_match`
/// below pin both to the same text.
fn write_plain_table(header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut w = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    plain_table(&mut w, header, rows).map_err(io_err)?;
    w.flush().map_err(io_err)
}

fn plain_table(w: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let cols = rows.iter().map(Vec::len).fold(header.len(), usize::max);
    let mut widths = vec![1; cols];
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let mut line = String::new();
    for row in std::iter::once(&header).chain(rows) {
        line.clear();
        for (i, width) in widths.iter().enumerate() {
            let cell = row.get(i).map(String::as_str).unwrap_or("");
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', width - cell.width() + 2));
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}

/// A part of a JSON document. Keys are written in sorted order (as
/// `serde_json::Value` writes them); a long list is encoded one element at
/// a time, each through `Value` so its keys are sorted the same way, instead
/// of being converted whole before anything is written.
pub enum Part<'a> {
    Value(Value),
    List(List<'a>),
}

pub enum List<'a> {
    Records(&'a [ChangeRecord]),
    Invited(&'a [crate::cli::documents::Invited]),
}

impl Serialize for Part<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        fn each<T: Serialize, S: serde::Serializer>(
            items: &[T],
            s: S,
        ) -> std::result::Result<S::Ok, S::Error> {
            s.collect_seq(
                items
                    .iter()
                    .map(|i| serde_json::to_value(i).unwrap_or_default()),
            )
        }
        match self {
            Part::Value(v) => v.serialize(s),
            Part::List(List::Records(r)) => each(r, s),
            Part::List(List::Invited(r)) => each(r, s),
        }
    }
}

/// The colour of a person's or an invitation's state in a table.
fn state_color(state: &str) -> Option<Color> {
    match state {
        "active" | "pending" | "accepted" => Some(Color::Green),
        "invited" | "expired" => Some(Color::Yellow),
        "suspended" | "failed" | "revoked" => Some(Color::Red),
        _ => None,
    }
}

/// The impact, for people: empty when nobody loses anything.
pub fn impact_text(i: &Impact) -> String {
    const MAX: usize = 50;
    let list = |v: Vec<String>| {
        let n = v.len();
        let mut s = v.into_iter().take(MAX).collect::<Vec<_>>().join(", ");
        if n > MAX {
            s.push_str(&format!(" … and {} more", n - MAX));
        }
        s
    };
    let mut out = String::new();
    if !i.stranded.is_empty() {
        out.push_str(&format!(
            "impact: {} would be stranded (lose all access): {}\n",
            count(i.stranded.len(), "person", "people"),
            list(i.stranded.clone())
        ));
    }
    if !i.losing.is_empty() {
        let items = i
            .losing
            .iter()
            .map(|(e, r)| {
                format!(
                    "{e} ({})",
                    r.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        out.push_str(&format!(
            "impact: {} would lose some roles: {}\n",
            count(i.losing.len(), "person", "people"),
            list(items)
        ));
    }
    if !out.is_empty() {
        out.push_str(&format!(
            "impact: active org-admins remaining: {}\n",
            i.admins_remaining
        ));
    }
    out
}

pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Role names for a sentence: `a, b`, or `none`.
fn role_names(r: RoleSet) -> String {
    if r.is_empty() {
        "none".into()
    } else {
        r.names().join(", ")
    }
}

/// `+a +b -c`.
fn plus_minus<S: AsRef<str>>(added: &[S], removed: &[S]) -> String {
    added
        .iter()
        .map(|x| format!("+{}", x.as_ref()))
        .chain(removed.iter().map(|x| format!("-{}", x.as_ref())))
        .collect::<Vec<_>>()
        .join(" ")
}

fn role_diff(d: &Added<RoleSet>) -> String {
    plus_minus(&d.added.names(), &d.removed.names())
}

/// One line for one entity's change.
pub fn describe(c: &ChangeRecord) -> String {
    let t = &c.target;
    let g = t.strip_prefix("group:").unwrap_or(t);
    match &c.details {
        Details::GroupCreated { roles, .. } => {
            format!("create group {g} with roles {}", role_names(*roles))
        }
        Details::GroupDeleted { members, .. } => {
            format!(
                "delete group {g} ({})",
                count(*members, "member", "members")
            )
        }
        Details::GroupEdited {
            name,
            roles,
            external_id,
        } => {
            let mut parts = Vec::new();
            // The group as the admin knew it: its old name.
            let shown = name.as_ref().map_or(g, |n| n.from.as_str());
            if let Some(n) = name {
                parts.push(format!("rename to {}", n.to));
            }
            if let Some(r) = roles {
                parts.push(format!("roles {}", role_diff(r)));
            }
            if let Some(x) = external_id {
                parts.push(format!("externalId -> {}", x.to));
            }
            format!("group {shown}: {}", parts.join("; "))
        }
        Details::Created {
            name,
            roles,
            groups,
            ..
        } => {
            let mut s = format!(
                "create {t} ({name}), active, with roles {}",
                role_names(*roles)
            );
            if !groups.is_empty() {
                s.push_str(&format!(", groups {}", groups.join(", ")));
            }
            s
        }
        Details::Invited {
            name,
            roles,
            groups,
            ..
        } => {
            let mut s = format!("invite {t} ({name}) with roles {}", role_names(*roles));
            if !groups.is_empty() {
                s.push_str(&format!(", groups {}", groups.join(", ")));
            }
            s
        }
        Details::Removed { status, .. } => {
            if *status == crate::org::Status::Invited {
                format!("revoke the invitation of {t}")
            } else {
                format!("remove {t}")
            }
        }
        Details::PersonEdited {
            name,
            email,
            roles,
            groups,
            reissued,
            status,
            external_id,
            name_parts,
            user_name,
        } => {
            let mut parts = Vec::new();
            if let Some(s) = status {
                parts.push(match s.to.as_str() {
                    "suspended" => "suspend (roles and groups kept)".to_string(),
                    _ => format!("status {} -> {}", s.from, s.to),
                });
            }
            if let Some(x) = external_id {
                parts.push(format!("externalId -> {}", x.to));
            }
            if let Some(u) = user_name {
                parts.push(format!("userName -> {}", u.to));
            }
            if let Some(n) = name {
                parts.push(format!("name {} -> {}", n.from, n.to));
            }
            if let Some(p) = name_parts {
                let (b, a) = &**p;
                for (what, b, a) in [
                    ("given name", &b.given, &a.given),
                    ("family name", &b.family, &a.family),
                ] {
                    match (b != a, a) {
                        (true, Some(a)) => parts.push(format!("{what} -> {a}")),
                        (true, None) => parts.push(format!("{what} cleared")),
                        _ => {}
                    }
                }
            }
            if let Some(e) = email {
                parts.push(format!("email -> {}", e.to));
            }
            if let Some(r) = roles {
                parts.push(format!("roles {}", role_diff(r)));
            }
            if let Some(g) = groups {
                parts.push(format!("groups {}", plus_minus(&g.added, &g.removed)));
            }
            if let Some(at) = reissued {
                parts.push(format!("new invitation, expires {at}"));
            }
            format!("{t}: {}", parts.join("; "))
        }
        Details::Initialized { organization, .. } => {
            format!("create the organization {organization} with {t} as its first org-admin")
        }
        Details::Accepted => format!("{t} accepts their invitation"),
        Details::Refused { reason } => format!("refused: {reason}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comfy(header: &[&str], rows: &[Vec<String>]) -> String {
        let mut t = Table::new();
        t.load_style(presets::NOTHING);
        t.set_content_arrangement(ContentArrangement::Disabled);
        t.force_no_tty();
        t.set_header(header.to_vec());
        for r in rows {
            t.add_row(r.clone());
        }
        for c in t.column_iter_mut() {
            c.set_padding((0, 2));
        }
        t.lines().map(|l| l.trim_end().to_string() + "\n").collect()
    }

    /// A provider's name parts, as the admin reads them in a change (the
    /// CLI only clears them; SCIM sets them).
    #[test]
    fn name_parts_are_described() {
        use crate::org::details::Details;
        use crate::org::NameParts;
        let parts = |g: Option<&str>, f: Option<&str>| NameParts {
            given: g.map(String::from),
            family: f.map(String::from),
        };
        let record = |before, after| ChangeRecord {
            action: "scim.user.patch",
            target: "jp@example.com".into(),
            details: Details::PersonEdited {
                name: None,
                email: None,
                roles: None,
                groups: None,
                reissued: None,
                status: None,
                external_id: None,
                name_parts: Some(Box::new((before, after))),
                user_name: None,
            },
        };
        let r = record(
            parts(Some("Jean"), Some("S")),
            parts(Some("Jean Paul"), Some("S")),
        );
        assert_eq!(describe(&r), "jp@example.com: given name -> Jean Paul");
        let r = record(parts(Some("Jean"), Some("S")), parts(None, None));
        assert_eq!(
            describe(&r),
            "jp@example.com: given name cleared; family name cleared"
        );
    }

    #[test]
    fn the_plain_layout_is_used_only_where_it_matches() {
        let one = vec![vec!["a".to_string()]];
        assert!(plain_layout(false, false, &one));
        assert!(!plain_layout(true, false, &one), "colours need comfy-table");
        assert!(
            !plain_layout(false, true, &one),
            "wrapping needs comfy-table"
        );
        let two_lines = vec![vec!["a".to_string(), "b\nc".to_string()]];
        assert!(!plain_layout(false, false, &two_lines));
        assert!(usable_width(Some(MIN_TABLE_WIDTH)));
        assert!(!usable_width(Some(MIN_TABLE_WIDTH - 1)));
        assert!(!usable_width(Some(0)));
        assert!(!usable_width(None));
    }

    #[test]
    fn plain_tables_match() {
        let header = ["EMAIL", "NAME", "X", "GROUPS"];
        let rows: Vec<Vec<String>> = [
            ["ada@example.com", "Ada Lovelace", "", "Billing"],
            ["b@example.com", "李小龍", "", ""],
            ["c@example.com", "👩‍💻 Dev", "", "A, B"],
            ["a-much-longer-address@example.com", "\\u{1b}[2J", "", ""],
            ["e@example.com", "Zoë", "", "Ünïcode"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let mut plain = Vec::new();
        plain_table(&mut plain, &header, &rows).unwrap();
        assert_eq!(String::from_utf8(plain).unwrap(), comfy(&header, &rows));
        // A header alone, and a row shorter than the header.
        let mut plain = Vec::new();
        plain_table(&mut plain, &header, &[vec!["x".into()]]).unwrap();
        assert_eq!(
            String::from_utf8(plain).unwrap(),
            comfy(&header, &[vec!["x".into()]])
        );
    }
}
