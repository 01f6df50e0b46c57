//! Declarative provisioning (README, "Provisioning from a file"): make the organization match a file.
//!
//! The file is turned into one [`Change`] holding only the differences, so
//! `apply` runs through the same plan → impact → commit path as every other
//! command: one transaction, the same invariants and confirmations, and a
//! second apply of the same file is a no-op. `export` writes the same format.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::secret::Token;
use super::{Change, Op, Org, PersonFilter, RoleEdit};
use crate::error::{Error, Result};
use crate::role::{Role, RoleSet};
use crate::validate;

/// The file: `[[group]]` and `[[user]]` tables, or (CSV) people only.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgFile {
    /// A CSV file describes people only: its groups must already exist, and
    /// `--prune` removes people, never groups.
    #[serde(skip)]
    pub people_only: bool,
    #[serde(default, rename = "group", skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupEntry>,
    #[serde(default, rename = "user", skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<UserEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupEntry {
    pub name: String,
    pub roles: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserEntry {
    pub email: String,
    pub name: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// An active person whose access is paused (they keep roles and groups).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suspended: bool,
}

/// Files larger than this are parsed a piece at a time.
const PIECE: usize = 262_144; // 256 KiB

/// Parses a large file in pieces of about `piece` bytes: the toml crate's
/// document tree for 100,000 people peaks at ~300 MB, a piece's at ~1 MB.
///
/// Each cut is made just before a line that is exactly `[[user]]` or
/// `[[group]]`, and the pieces' tables are concatenated in order, which is
/// what parsing the whole file gives — provided each cut line really starts
/// a table. If one is inside a multi-line string or array instead, the piece
/// before it ends inside that string or array and does not parse. Keys
/// before the first table (only `user = [...]` or `group = [...]` would be
/// valid) would clash with a later piece's tables in the whole file, so a
/// file with any is not cut. Whenever a piece fails, `None` sends the caller
/// to the whole-file parse, which then gives the result or the error with
/// its true line.
fn parse_in_pieces(text: &str, piece: usize) -> Option<OrgFile> {
    let cuts = cut_points(text, piece)?;
    let mut file = OrgFile::default();
    for w in cuts.windows(2) {
        let part: OrgFile = toml::from_str(&text[w[0]..w[1]]).ok()?;
        file.groups.extend(part.groups);
        file.users.extend(part.users);
    }
    Some(file)
}

/// Where `parse_in_pieces` cuts `text`: 0, then the start of the first
/// `[[user]]` or `[[group]]` line at least `piece` bytes after the last cut,
/// and so on, then the end. None when the file is not to be cut (small, no
/// such line far enough in, or keys before the first table).
fn cut_points(text: &str, piece: usize) -> Option<Vec<usize>> {
    if text.len() <= piece {
        return None;
    }
    let mut root = true;
    let mut cuts = vec![0];
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_end_matches(['\n', '\r']);
        if root {
            let content = t.trim_start();
            if content.starts_with('[') {
                root = false;
            } else if !content.is_empty() && !content.starts_with('#') {
                return None;
            }
        }
        if (t == "[[user]]" || t == "[[group]]") && at - cuts[cuts.len() - 1] >= piece {
            cuts.push(at);
        }
        at += line.len();
    }
    if cuts.len() == 1 {
        return None;
    }
    cuts.push(text.len());
    Some(cuts)
}

impl OrgFile {
    /// Parses the file; errors name the file, line and key.
    pub fn parse(path: &Path, text: &str) -> Result<OrgFile> {
        if let Some(file) = parse_in_pieces(text, PIECE) {
            return Ok(file);
        }
        toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| {
                    format!(
                        ", line {}",
                        text[..s.start.min(text.len())].matches('\n').count() + 1
                    )
                })
                .unwrap_or_default();
            Error::usage(format!(
                "bad file {}{line}: {}",
                path.display(),
                e.message().trim()
            ))
        })
    }

    /// Parses a CSV file with the header `email,name,roles,groups` (roles
    /// and groups `;`-separated); errors name the file and line.
    pub fn parse_csv(path: &Path, text: &str) -> Result<OrgFile> {
        let bad = |line: Option<u64>, msg: String| {
            let at = line.map(|l| format!(", line {l}")).unwrap_or_default();
            Error::usage(format!(
                "bad file {}{at}: {}",
                path.display(),
                validate::printable(&msg)
            ))
        };
        let mut r = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header: Vec<String> = r
            .headers()
            .map_err(|e| bad(None, e.to_string()))?
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect();
        let col = |name: &str| header.iter().position(|h| h == name);
        let (Some(ei), Some(ni)) = (col("email"), col("name")) else {
            return Err(bad(
                Some(1),
                "the header must be `email,name,roles,groups`".into(),
            ));
        };
        if let Some(other) = header
            .iter()
            .find(|h| !matches!(h.as_str(), "email" | "name" | "roles" | "groups"))
        {
            return Err(bad(
                Some(1),
                format!("unknown column `{other}` (the columns are email,name,roles,groups)"),
            ));
        }
        let (ri, gi) = (col("roles"), col("groups"));
        // Cells an export defused against spreadsheet formulas (`'=...`)
        // read back as the values they hold.
        fn cell(v: Option<&str>) -> &str {
            crate::csv_cell::unguard(v.unwrap_or(""))
        }
        let split = |v: Option<&str>| -> Vec<String> {
            cell(v)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        let mut users = Vec::new();
        for rec in r.records() {
            let rec = rec.map_err(|e| bad(e.position().map(|p| p.line()), e.to_string()))?;
            let line = rec.position().map(|p| p.line());
            let email = cell(rec.get(ei)).to_string();
            let name = cell(rec.get(ni)).to_string();
            if email.is_empty() && name.is_empty() {
                continue;
            }
            if email.is_empty() {
                return Err(bad(line, "the email is empty".into()));
            }
            users.push(UserEntry {
                email,
                name,
                roles: split(ri.and_then(|i| rec.get(i))),
                groups: split(gi.and_then(|i| rec.get(i))),
                suspended: false,
            });
        }
        Ok(OrgFile {
            people_only: true,
            groups: Vec::new(),
            users,
        })
    }

    pub fn to_toml(&self) -> Result<String> {
        toml::to_string(self).map_err(|e| Error::internal(format!("cannot write TOML: {e}")))
    }
}

/// The file, validated: every value checked by the same rules as the
/// commands, duplicates refused.
#[derive(Debug, PartialEq)]
struct Desired {
    groups: Vec<(String, RoleSet)>,
    users: Vec<(validate::Email, String, RoleSet, Vec<String>, bool)>,
}

fn roles_of(what: &str, names: &[String]) -> Result<RoleSet> {
    let mut set = RoleSet::EMPTY;
    for n in names {
        set.insert(
            Role::parse(n)
                .map_err(|e| Error::usage(format!("{what}: {}", Error::from(e).message)))?,
        );
    }
    Ok(set)
}

/// For the fuzzer: whether `apply` accepts the file (its groups and
/// people valid, `existing` being the organization's groups), and if so
/// what it asks for, written out to compare two files by.
#[doc(hidden)]
pub fn fuzz_accepted(file: &OrgFile, existing: &[String]) -> Option<String> {
    validate(file, existing).ok().map(|d| format!("{d:?}"))
}

/// `existing`: the organization's group names, which a people-only (CSV)
/// file may use without declaring them.
fn validate(file: &OrgFile, existing: &[String]) -> Result<Desired> {
    let mut seen_groups: HashMap<String, String> = HashMap::new();
    if file.people_only {
        for g in existing {
            seen_groups.insert(validate::fold(g), g.clone());
        }
    }
    let mut groups = Vec::new();
    for g in &file.groups {
        let name = validate::group_name(&g.name)?;
        if let Some(first) = seen_groups.insert(validate::fold(&name), name.clone()) {
            return Err(Error::usage(format!(
                "group `{name}` is in the file twice (also as `{first}`)"
            )));
        }
        let roles = roles_of(&format!("group `{name}`"), &g.roles)?;
        if roles.is_empty() {
            return Err(Error::usage(format!(
                "group `{name}` needs at least one role"
            )));
        }
        groups.push((name, roles));
    }
    let mut seen_users: HashMap<String, String> = HashMap::new();
    let mut users = Vec::new();
    for u in &file.users {
        let email = validate::email(&u.email)?;
        if let Some(first) = seen_users.insert(email.norm.clone(), email.typed.clone()) {
            return Err(Error::usage(format!(
                "user {} is in the file twice (also as {first})",
                email.typed
            )));
        }
        let name = validate::name(&u.name)
            .map_err(|e| Error::usage(format!("user {}: {}", email.typed, e.message)))?;
        let roles = roles_of(&format!("user {}", email.typed), &u.roles)?;
        let mut gs = Vec::new();
        for g in &u.groups {
            let g = validate::group_name(g)?;
            // The file describes the whole organization's groups: a person
            // in an undeclared group would have `--prune` delete that group
            // and then fail on the next run.
            if !seen_groups.contains_key(&validate::fold(&g)) && file.people_only {
                return Err(Error::usage(format!(
                    "user {} is in group `{g}`, which does not exist",
                    email.typed
                ))
                .hint("create it first with `orgadm group create NAME --role ROLE` (a CSV file describes people only)"));
            }
            if !seen_groups.contains_key(&validate::fold(&g)) {
                return Err(Error::usage(format!(
                    "user {} is in group `{g}`, which the file does not declare",
                    email.typed
                ))
                .hint(format!(
                    "add it to the file: [[group]] name = \"{g}\" roles = [...] (see `orgadm export`)"
                )));
            }
            gs.push(g);
        }
        users.push((email, name, roles, gs, u.suspended));
    }
    Ok(Desired { groups, users })
}

/// What `apply` will do: the change (only the differences) and, for each
/// invitation it creates, the email (as typed) and the token.
pub struct ApplyChange {
    pub change: Change,
    pub tokens: Vec<(String, Token)>,
}

impl Org {
    /// Turns a file into the change that makes the organization match it.
    /// Without `prune`, nothing is removed.
    pub fn apply_change(
        &self,
        file: &OrgFile,
        prune: bool,
        expires_at: i64,
    ) -> Result<ApplyChange> {
        self.store
            .read(|tx| apply_change_in(tx, file, prune, expires_at))
    }
}

/// [`Org::apply_change`] reading through `tx` (the transaction that then
/// writes the change, so that it is decided from what it changes).
pub(crate) fn apply_change_in(
    tx: &crate::store::Tx,
    file: &OrgFile,
    prune: bool,
    expires_at: i64,
) -> Result<ApplyChange> {
    {
        let groups_now = super::query::groups_in(tx)?;
        let names: Vec<String> = groups_now.iter().map(|g| g.name.clone()).collect();
        let want = validate(file, &names)?;
        let people_now = super::query::people_in(tx, &PersonFilter::default())?;
        // Sized once for the file (then trimmed): growing a 100,000-op list
        // by doubling would hold the old and the new buffer at once.
        let mut ops = Vec::with_capacity(want.groups.len() + want.users.len());

        let by_fold: HashMap<String, &super::GroupView> = groups_now
            .iter()
            .map(|g| (validate::fold(&g.name), g))
            .collect();
        for (name, roles) in &want.groups {
            match by_fold.get(&validate::fold(name)) {
                None => ops.push(Op::CreateGroup {
                    name: name.clone(),
                    roles: *roles,
                    external_id: None,
                }),
                Some(g) if g.name != *name || g.roles != *roles => ops.push(Op::EditGroup {
                    group: g.name.clone(),
                    name: (g.name != *name).then(|| name.clone()),
                    roles: RoleEdit {
                        set: (g.roles != *roles).then_some(*roles),
                        ..RoleEdit::default()
                    },
                }),
                Some(_) => {}
            }
        }
        // A people-only file keeps every group as it is.
        let wanted_groups: HashMap<String, &String> = if file.people_only {
            names.iter().map(|n| (validate::fold(n), n)).collect()
        } else {
            want.groups
                .iter()
                .map(|(n, _)| (validate::fold(n), n))
                .collect()
        };
        // Group names as they will be after the group ops above.
        let canonical = |g: &str| -> String {
            let f = validate::fold(g);
            wanted_groups
                .get(&f)
                .map(|n| (*n).clone())
                .or_else(|| by_fold.get(&f).map(|x| x.name.clone()))
                .unwrap_or_else(|| g.to_string())
        };

        let now_by_email: HashMap<String, &super::PersonView> = people_now
            .iter()
            .filter_map(|p| validate::email_norm(&p.email).map(|n| (n, p)))
            .collect();
        let mut tokens = Vec::with_capacity(want.users.len());
        let mut wanted_people = HashMap::new();
        for (email, name, roles, groups, suspended) in &want.users {
            wanted_people.insert(email.norm.clone(), ());
            let groups: Vec<String> = groups.iter().map(|g| canonical(g)).collect();
            match now_by_email.get(&email.norm) {
                None if *suspended => {
                    return Err(Error::usage(format!(
                        "user {} is marked suspended but is not in the organization yet; invite them first",
                        email.typed
                    )))
                }
                None => {
                    let token = Token::generate()?;
                    ops.push(Op::Invite {
                        email: email.clone(),
                        name: name.clone(),
                        roles: *roles,
                        groups,
                        token_hash: token.hash.clone(),
                        expires_at,
                    });
                    tokens.push((email.typed.clone(), token));
                }
                Some(p) => {
                    let fold = |v: &[String]| -> BTreeMap<String, String> {
                        v.iter().map(|g| (validate::fold(g), g.clone())).collect()
                    };
                    let have = fold(&p.groups);
                    let want_g = fold(&groups);
                    let add_groups: Vec<String> = want_g
                        .iter()
                        .filter(|(k, _)| !have.contains_key(*k))
                        .map(|(_, v)| v.clone())
                        .collect();
                    let remove_groups: Vec<String> = have
                        .iter()
                        .filter(|(k, _)| !want_g.contains_key(*k))
                        .map(|(_, v)| v.clone())
                        .collect();
                    // Suspension follows the file (an invited person has
                    // nothing to suspend; the core says so).
                    if (p.status == super::Status::Suspended) != *suspended {
                        ops.push(Op::SetSuspended {
                            person: p.id,
                            suspended: *suspended,
                        });
                    }
                    let rename = p.name != *name;
                    if rename
                        || p.roles != *roles
                        || !add_groups.is_empty()
                        || !remove_groups.is_empty()
                    {
                        ops.push(Op::EditPerson {
                            person: p.id,
                            name: rename.then(|| name.clone()),
                            email: None,
                            roles: RoleEdit {
                                set: (p.roles != *roles).then_some(*roles),
                                ..RoleEdit::default()
                            },
                            add_groups,
                            remove_groups,
                        });
                    }
                }
            }
        }
        if prune {
            for p in &people_now {
                let keep =
                    validate::email_norm(&p.email).is_some_and(|n| wanted_people.contains_key(&n));
                if !keep {
                    ops.push(Op::RemovePerson { person: p.id });
                }
            }
            // Removing a group after the people edits: its members' other
            // memberships are already settled by then.
            for g in &groups_now {
                if !wanted_groups.contains_key(&validate::fold(&g.name)) {
                    ops.push(Op::DeleteGroup {
                        group: g.name.clone(),
                    });
                }
            }
        }
        ops.shrink_to_fit();
        tokens.shrink_to_fit();
        let mut change = Change::new("apply", "organization", ops);
        // Deleting a group always asks, also inside an apply; so does a
        // prune that removes people or revokes invitations (it lists them).
        change.always_confirm = change
            .ops
            .iter()
            .any(|op| matches!(op, Op::DeleteGroup { .. } | Op::RemovePerson { .. }));
        Ok(ApplyChange { change, tokens })
    }
}

impl Org {
    /// The organization in the `apply` format, so that `export` then `apply`
    /// changes nothing.
    pub fn export(&self) -> Result<OrgFile> {
        self.store.read(export)
    }
}

/// [`Org::export`] inside a transaction.
pub fn export(tx: &crate::store::Tx) -> Result<OrgFile> {
    let groups = super::query::groups_in(tx)?
        .into_iter()
        .map(|g| GroupEntry {
            name: g.name,
            roles: g.roles.names().into_iter().map(String::from).collect(),
        })
        .collect();
    let users = super::query::people_in(tx, &PersonFilter::default())?
        .into_iter()
        .map(|p| UserEntry {
            email: p.email,
            name: p.name,
            roles: p.roles.names().into_iter().map(String::from).collect(),
            groups: p.groups,
            suspended: p.status == super::Status::Suspended,
        })
        .collect();
    Ok(OrgFile {
        people_only: false,
        groups,
        users,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(n: usize) -> String {
        let mut s = String::from("# the org\n\n[[group]]\nname = \"Staff\"\nroles = [\"user\"]\n");
        for i in 0..n {
            s.push_str(&format!(
                "[[user]]\nemail = \"p{i}@example.com\"\nname = \"P {i}\"\ngroups = [\"Staff\"]\n"
            ));
            if i % 7 == 3 {
                s.push_str("[[group]]\r\nname = \"G\"\nroles = []\n");
            }
        }
        s
    }

    fn whole(text: &str) -> std::result::Result<String, String> {
        toml::from_str::<OrgFile>(text)
            .map(|f| format!("{f:?}"))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn pieces_give_what_the_whole_file_gives() {
        let text = people(200);
        let f = parse_in_pieces(&text, 300).expect("cut into pieces");
        assert_eq!(f.users.len(), 200);
        assert_eq!(Ok(format!("{f:?}")), whole(&text));
        assert!(
            parse_in_pieces(&text, text.len()).is_none(),
            "small files are not cut"
        );
    }

    #[test]
    fn pieces_are_cut_before_tables_and_about_piece_bytes_long() {
        let text = people(200);
        let cuts = cut_points(&text, 1000).expect("cut");
        assert_eq!(cuts.first(), Some(&0));
        assert_eq!(cuts.last(), Some(&text.len()));
        for w in cuts[1..].windows(2) {
            let piece = &text[w[0]..w[1]];
            assert!(
                piece.starts_with("[[user]]\n") || piece.starts_with("[[group]]\r\n"),
                "{piece}"
            );
        }
        // Every piece but the last is at least 1000 bytes, and only just:
        // it ends at the first table past that.
        for w in cuts[..cuts.len() - 1].windows(2) {
            let len = w[1] - w[0];
            assert!((1000..1200).contains(&len), "a piece of {len} bytes");
        }
        assert!(cuts.len() > text.len() / 1200, "{} cuts", cuts.len());
        // A table line that is not alone on its line is not a cut.
        let one = "[[user]] # x\nemail = \"a@example.com\"\nname = \"A\"\n".repeat(100);
        assert_eq!(cut_points(&one, 100), None);
    }

    #[test]
    fn a_cut_inside_a_string_or_array_falls_back_to_the_whole_file() {
        for inside in [
            "name = \"\"\"\n[[user]]\n\"\"\"\n",
            "name = '''\n[[user]]\n'''\n",
            "name = \"x\"\ngroups = [\n\"Staff\",\n[[user]]\n]\n",
        ] {
            let text =
                people(100) + "[[user]]\nemail = \"q@example.com\"\n" + inside + &people(100);
            // Every table line is a cut: one falls inside.
            assert!(parse_in_pieces(&text, 1).is_none(), "{inside}");
        }
    }

    #[test]
    fn keys_before_the_first_table_are_not_cut() {
        let text =
            "user = [{ email = \"a@example.com\", name = \"A\" }]\n".to_string() + &people(50);
        assert!(parse_in_pieces(&text, 100).is_none());
        assert!(whole(&text).is_err(), "the whole file is refused");
    }
}
