//! The one path of every mutation: ops → before/after model → impact and
//! invariants → writes and audit entries, all inside one transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{audit, Impact, Org, Status};
use crate::error::{Error, Kind, Result};
use crate::role::{Role, RoleSet};
use crate::validate::{self, Email};

/// How a command changes a role set: replace it, and/or add and remove roles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleEdit {
    pub set: Option<RoleSet>,
    pub add: Vec<Role>,
    pub remove: Vec<Role>,
}

impl RoleEdit {
    pub fn is_empty(&self) -> bool {
        self.set.is_none() && self.add.is_empty() && self.remove.is_empty()
    }
}

/// One thing a command asks for. People are named by id (the CLI resolved
/// them), groups by name, so one change can create a group and use it.
#[derive(Debug, Clone)]
pub enum Op {
    Invite {
        email: Email,
        name: String,
        roles: RoleSet,
        groups: Vec<String>,
        token_hash: Vec<u8>,
        expires_at: i64,
    },
    EditPerson {
        person: i64,
        name: Option<String>,
        /// A new address for an invited person, with the new token's hash and expiry.
        email: Option<(Email, Vec<u8>, i64)>,
        roles: RoleEdit,
        add_groups: Vec<String>,
        remove_groups: Vec<String>,
    },
    RemovePerson {
        person: i64,
    },
    /// A new token and expiry for an invited person's invitation.
    Resend {
        person: i64,
        token_hash: Vec<u8>,
        expires_at: i64,
    },
    CreateGroup {
        name: String,
        roles: RoleSet,
    },
    EditGroup {
        group: String,
        name: Option<String>,
        roles: RoleEdit,
    },
    DeleteGroup {
        group: String,
    },
    AddMember {
        group: String,
        person: i64,
    },
    RemoveMember {
        group: String,
        person: i64,
    },
}

/// A command's change: what it is called in the audit log, what it names (for
/// the audit entry of a refusal), whether it always asks, and its ops.
#[derive(Debug, Clone)]
pub struct Change {
    pub action: &'static str,
    pub target: String,
    pub always_confirm: bool,
    pub ops: Vec<Op>,
}

impl Change {
    pub fn new(action: &'static str, target: impl Into<String>, ops: Vec<Op>) -> Change {
        Change {
            action,
            target: target.into(),
            always_confirm: false,
            ops,
        }
    }
}

/// One entity's change, as shown to the admin and written to the audit log.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeRecord {
    pub action: String,
    pub target: String,
    pub details: Value,
}

/// A measured change: what it would write, what it would do to people's
/// access, and whether the admin must confirm it.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub changes: Vec<ChangeRecord>,
    pub notes: Vec<String>,
    pub impact: Impact,
    pub needs_confirmation: bool,
}

impl Plan {
    pub fn is_noop(&self) -> bool {
        self.changes.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct InviteState {
    id: Option<i64>,
    token_hash: Vec<u8>,
    expires_at: i64,
    reissued: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PersonState {
    id: Option<i64>,
    email: String,
    email_norm: String,
    name: String,
    status: Status,
    direct: RoleSet,
    /// Keys of `Model::groups`.
    groups: BTreeSet<String>,
    invite: Option<InviteState>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct GroupState {
    id: Option<i64>,
    name: String,
    roles: RoleSet,
}

#[derive(Debug, Clone)]
struct Entry<T> {
    before: Option<T>,
    after: Option<T>,
    /// Changed by an op naming it (not only as a side effect of a group
    /// deletion, which the group's own audit entry records).
    touched: bool,
}

/// Whom to load into the model.
enum Scope {
    Person(i64),
    MembersOf(i64),
    Everyone,
}

/// Above this many people named by a change, loading everyone in four scans
/// beats four queries per person (an `apply` editing 100,000 people).
const LOAD_EVERYONE_ABOVE: usize = 500;

/// The slice of the organization a change touches, before and after. All
/// groups are loaded (there are few); people are loaded on first touch.
struct Model {
    persons: BTreeMap<String, Entry<PersonState>>,
    person_keys: HashMap<i64, String>,
    /// Group id in the database → key in `groups`.
    group_keys: HashMap<i64, String>,
    /// The normalized email each person in the model has after the change so
    /// far → their key; keeps uniqueness checks O(1) in a 100,000-person change.
    emails_after: HashMap<String, String>,
    /// The same for the confusable skeletons of those emails, so a look-alike
    /// address is caught inside one change (an `apply`) as well.
    skeletons_after: HashMap<String, String>,
    groups: BTreeMap<String, Entry<GroupState>>,
    notes: Vec<String>,
}

impl Model {
    fn load(tx: &Transaction) -> Result<Model> {
        let mut groups = BTreeMap::new();
        let mut roles: HashMap<i64, RoleSet> = HashMap::new();
        {
            let mut st = tx.prepare_cached("SELECT group_id, role FROM group_role")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (g, role) = row?;
                roles.entry(g).or_default().insert(Role::from_db(&role)?);
            }
        }
        let mut st = tx.prepare_cached("SELECT id, name, name_fold FROM grp")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut group_keys = HashMap::new();
        for row in rows {
            let (id, name, fold) = row?;
            group_keys.insert(id, fold.clone());
            let g = GroupState {
                id: Some(id),
                name,
                roles: roles.get(&id).copied().unwrap_or_default(),
            };
            groups.insert(
                fold,
                Entry {
                    before: Some(g.clone()),
                    after: Some(g),
                    touched: false,
                },
            );
        }
        Ok(Model {
            persons: BTreeMap::new(),
            person_keys: HashMap::new(),
            group_keys,
            emails_after: HashMap::new(),
            skeletons_after: HashMap::new(),
            groups,
            notes: Vec::new(),
        })
    }

    /// The key of the group currently named `name` (after this change so far).
    fn group_key(&self, name: &str) -> Result<String> {
        let fold = validate::fold(name.trim());
        self.groups
            .iter()
            .find(|(_, e)| {
                e.after
                    .as_ref()
                    .is_some_and(|g| validate::fold(&g.name) == fold)
            })
            .map(|(k, _)| k.clone())
            .ok_or_else(|| {
                Error::not_found(format!("no group named `{}`", validate::printable(name)))
                    .hint("list groups with `orgadm group list`")
            })
    }

    fn group_display(&self, key: &str) -> String {
        self.groups
            .get(key)
            .and_then(|e| e.after.as_ref().or(e.before.as_ref()))
            .map(|g| g.name.clone())
            .unwrap_or_else(|| key.to_string())
    }

    /// Loads a person into the model (if not yet there) and returns their key.
    fn person(&mut self, tx: &Transaction, id: i64) -> Result<String> {
        if !self.person_keys.contains_key(&id) {
            self.load_people(tx, Scope::Person(id))?;
        }
        self.person_keys.get(&id).cloned().ok_or_else(|| {
            Error::not_found(
                "that person is no longer in the organization (removed by another command)",
            )
        })
    }

    /// Loads everyone in `scope` not yet in the model, in four queries
    /// whatever their number (a group can have 100,000 members).
    fn load_people(&mut self, tx: &Transaction, scope: Scope) -> Result<()> {
        let (ids, arg) = match scope {
            Scope::Person(id) => ("(?1)", id),
            Scope::MembersOf(gid) => (
                "(SELECT person_id FROM membership WHERE group_id = ?1)",
                gid,
            ),
            // `?1` is unused here but keeps one parameter list for all scopes.
            Scope::Everyone => ("(SELECT id FROM person WHERE ?1 = ?1)", 0),
        };
        let mut people: Vec<(i64, PersonState)> = Vec::new();
        {
            let sql =
                format!("SELECT id, email, email_norm, name, status FROM person WHERE id IN {ids}");
            let mut st = tx.prepare_cached(&sql)?;
            let rows = st.query_map([arg], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?;
            for row in rows {
                let (id, email, email_norm, name, status) = row?;
                if self.person_keys.contains_key(&id) {
                    continue;
                }
                people.push((
                    id,
                    PersonState {
                        id: Some(id),
                        email,
                        email_norm,
                        name,
                        status: Status::from_db(&status)?,
                        direct: RoleSet::EMPTY,
                        groups: BTreeSet::new(),
                        invite: None,
                    },
                ));
            }
        }
        if people.is_empty() {
            return Ok(());
        }
        let index: HashMap<i64, usize> = people
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        let sql = format!("SELECT person_id, role FROM person_role WHERE person_id IN {ids}");
        for row in tx
            .prepare_cached(&sql)?
            .query_map([arg], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        {
            let (id, role) = row?;
            if let Some(&i) = index.get(&id) {
                people[i].1.direct.insert(Role::from_db(&role)?);
            }
        }
        let sql = format!("SELECT person_id, group_id FROM membership WHERE person_id IN {ids}");
        for row in tx
            .prepare_cached(&sql)?
            .query_map([arg], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
        {
            let (id, gid) = row?;
            if let (Some(&i), Some(key)) = (index.get(&id), self.group_keys.get(&gid)) {
                people[i].1.groups.insert(key.clone());
            }
        }
        // The open invitation is the newest pending or failed one.
        let sql = format!(
            "SELECT person_id, id, token_hash, expires_at FROM invitation
             WHERE person_id IN {ids} AND state IN ('pending', 'failed') ORDER BY id"
        );
        let mut st = tx.prepare_cached(&sql)?;
        let rows = st.query_map([arg], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                InviteState {
                    id: Some(r.get(1)?),
                    token_hash: r.get(2)?,
                    expires_at: r.get(3)?,
                    reissued: false,
                },
            ))
        })?;
        for row in rows {
            let (id, invite) = row?;
            if let Some(&i) = index.get(&id) {
                people[i].1.invite = Some(invite);
            }
        }
        for (id, p) in people {
            let key = p.email_norm.clone();
            self.person_keys.insert(id, key.clone());
            self.emails_after.insert(key.clone(), key.clone());
            self.skeletons_after
                .insert(validate::skeleton(&key), key.clone());
            self.persons.insert(
                key,
                Entry {
                    before: Some(p.clone()),
                    after: Some(p),
                    touched: false,
                },
            );
        }
        Ok(())
    }

    fn after_mut(&mut self, key: &str) -> Result<&mut PersonState> {
        let e = self
            .persons
            .get_mut(key)
            .ok_or_else(|| Error::internal("person not loaded"))?;
        e.touched = true;
        e.after
            .as_mut()
            .ok_or_else(|| Error::not_found(format!("{key} is removed by this same change")))
    }

    fn load_members(&mut self, tx: &Transaction, group_key: &str) -> Result<()> {
        match self
            .groups
            .get(group_key)
            .and_then(|e| e.before.as_ref())
            .and_then(|g| g.id)
        {
            Some(gid) => self.load_people(tx, Scope::MembersOf(gid)),
            None => Ok(()),
        }
    }

    /// Fails if an email is taken by someone else, in the database or in this change.
    fn check_email_free(
        &self,
        tx: &Transaction,
        email: &Email,
        except: Option<&str>,
    ) -> Result<()> {
        let taken_here = self
            .emails_after
            .get(&email.norm)
            .is_some_and(|k| Some(k.as_str()) != except);
        let in_db: Option<(String, String)> = tx
            .prepare_cached("SELECT email, email_norm FROM person WHERE email_norm = ?1")?
            .query_row([&email.norm], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        // Someone in the database holds it, unless this change removed them or
        // moved them to another address.
        let taken_in_db = in_db.as_ref().is_some_and(|(_, norm)| {
            Some(norm.as_str()) != except
                && match self.persons.get(norm) {
                    Some(e) => e.after.as_ref().is_some_and(|p| p.email_norm == *norm),
                    None => true,
                }
        });
        if taken_here || taken_in_db {
            let shown = in_db.map(|(e, _)| e).unwrap_or_else(|| email.typed.clone());
            return Err(Error::conflict(format!(
                "{} is already in the organization (as {shown})",
                email.typed
            ))
            .hint(format!("see them with `orgadm user show {shown}`")));
        }
        self.check_not_look_alike(tx, email, except)
    }

    /// Fails if an email looks like someone else's (the same TR39 skeleton,
    /// a different address), in the database or in this change.
    fn check_not_look_alike(
        &self,
        tx: &Transaction,
        email: &Email,
        except: Option<&str>,
    ) -> Result<()> {
        let skeleton = validate::skeleton(&email.norm);
        let mut imitated = self
            .skeletons_after
            .get(&skeleton)
            .filter(|k| Some(k.as_str()) != except)
            .and_then(|k| self.persons.get(k))
            .and_then(|e| e.after.as_ref())
            .filter(|p| p.email_norm != email.norm)
            .map(|p| p.email.clone());
        if imitated.is_none() {
            let rows: Vec<(String, String)> = tx
                .prepare_cached(
                    "SELECT email, email_norm FROM person WHERE email_skeleton = ?1 AND email_norm <> ?2",
                )?
                .query_map(params![skeleton, email.norm], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            // Someone in the database, unless this change removed them or
            // moved them to another address.
            imitated = rows
                .into_iter()
                .find(|(_, norm)| {
                    Some(norm.as_str()) != except
                        && match self.persons.get(norm) {
                            Some(e) => e.after.as_ref().is_some_and(|p| p.email_norm == *norm),
                            None => true,
                        }
                })
                .map(|(e, _)| e);
        }
        match imitated {
            None => Ok(()),
            Some(other) => Err(Error::conflict(format!(
                "{} looks like {other}, who is already in the organization (the addresses differ only in look-alike characters)",
                validate::printable(&email.typed)
            ))
            .hint(format!(
                "if this is a different person, check the address; see the existing one with `orgadm user show {other}`"
            ))),
        }
    }

    fn apply(&mut self, tx: &Transaction, op: &Op) -> Result<()> {
        match op {
            Op::Invite {
                email,
                name,
                roles,
                groups,
                token_hash,
                expires_at,
            } => {
                self.check_email_free(tx, email, None)?;
                if roles.is_empty() && groups.is_empty() {
                    return Err(Error::usage(format!(
                        "{} needs at least one role or group",
                        email.typed
                    ))
                    .hint("add `--role user` (or `--group NAME`)"));
                }
                let mut keys = BTreeSet::new();
                for g in groups {
                    keys.insert(self.group_key(g)?);
                }
                let p = PersonState {
                    id: None,
                    email: email.typed.clone(),
                    email_norm: email.norm.clone(),
                    name: name.clone(),
                    status: Status::Invited,
                    direct: *roles,
                    groups: keys,
                    invite: Some(InviteState {
                        id: None,
                        token_hash: token_hash.clone(),
                        expires_at: *expires_at,
                        reissued: true,
                    }),
                };
                let mut key = email.norm.clone();
                while self.persons.contains_key(&key) {
                    key.push('\u{0}');
                }
                self.emails_after.insert(email.norm.clone(), key.clone());
                self.skeletons_after
                    .insert(validate::skeleton(&email.norm), key.clone());
                self.persons.insert(
                    key,
                    Entry {
                        before: None,
                        after: Some(p),
                        touched: true,
                    },
                );
            }
            Op::EditPerson {
                person,
                name,
                email,
                roles,
                add_groups,
                remove_groups,
            } => {
                let key = self.person(tx, *person)?;
                if let Some((new, hash, expires_at)) = email {
                    let p = self.after_mut(&key)?;
                    if p.status != Status::Invited {
                        return Err(Error::usage(format!(
                            "{} has accepted their invitation; only an invited person's email can be changed",
                            p.email
                        ))
                        .hint("remove the person and invite the new address instead"));
                    }
                    if new.typed == p.email {
                        let msg = format!("{}: email is already {}", p.email, new.typed);
                        self.notes.push(msg);
                    } else {
                        self.check_email_free(tx, new, Some(&key))?;
                        let p = self.after_mut(&key)?;
                        let old = std::mem::replace(&mut p.email_norm, new.norm.clone());
                        p.email = new.typed.clone();
                        p.invite = Some(InviteState {
                            id: p.invite.as_ref().and_then(|i| i.id),
                            token_hash: hash.clone(),
                            expires_at: *expires_at,
                            reissued: true,
                        });
                        self.emails_after.remove(&old);
                        self.emails_after.insert(new.norm.clone(), key.clone());
                        self.skeletons_after.remove(&validate::skeleton(&old));
                        self.skeletons_after
                            .insert(validate::skeleton(&new.norm), key.clone());
                    }
                }
                let p = self.after_mut(&key)?;
                let mut note = None;
                if let Some(n) = name {
                    if *n == p.name {
                        note = Some(format!("{}: name is already {n}", p.email));
                    } else {
                        p.name = n.clone();
                    }
                }
                let who = p.email.clone();
                let mut direct = p.direct;
                self.notes.extend(note);
                edit_roles(&mut direct, roles, &who, &mut self.notes);
                self.after_mut(&key)?.direct = direct;
                for g in add_groups {
                    self.add_member(tx, g, *person)?;
                }
                for g in remove_groups {
                    self.remove_member(tx, g, *person)?;
                }
            }
            Op::RemovePerson { person } => {
                let key = self.person(tx, *person)?;
                let e = self
                    .persons
                    .get_mut(&key)
                    .ok_or_else(|| Error::internal("person not loaded"))?;
                if let Some(p) = e.after.take() {
                    self.emails_after.remove(&p.email_norm);
                    self.skeletons_after
                        .remove(&validate::skeleton(&p.email_norm));
                }
                e.touched = true;
            }
            Op::Resend {
                person,
                token_hash,
                expires_at,
            } => {
                let key = self.person(tx, *person)?;
                let p = self.after_mut(&key)?;
                if p.status != Status::Invited {
                    return Err(Error::conflict(format!(
                        "{} has already accepted their invitation",
                        p.email
                    )));
                }
                p.invite = Some(InviteState {
                    id: p.invite.as_ref().and_then(|i| i.id),
                    token_hash: token_hash.clone(),
                    expires_at: *expires_at,
                    reissued: true,
                });
            }
            Op::CreateGroup { name, roles } => {
                if self.group_key(name).is_ok() {
                    return Err(
                        Error::conflict(format!("a group named `{name}` already exists"))
                            .hint(format!("see it with `orgadm group show {name}`")),
                    );
                }
                if roles.is_empty() {
                    return Err(
                        Error::usage(format!("group `{name}` needs at least one role"))
                            .hint("add `--role ROLE`"),
                    );
                }
                let mut key = validate::fold(name);
                while self.groups.contains_key(&key) {
                    key.push('\u{0}');
                }
                self.groups.insert(
                    key,
                    Entry {
                        before: None,
                        after: Some(GroupState {
                            id: None,
                            name: name.clone(),
                            roles: *roles,
                        }),
                        touched: true,
                    },
                );
            }
            Op::EditGroup { group, name, roles } => {
                let key = self.group_key(group)?;
                if let Some(n) = name {
                    if let Ok(other) = self.group_key(n) {
                        if other != key {
                            return Err(Error::conflict(format!(
                                "a group named `{n}` already exists"
                            )));
                        }
                    }
                }
                let mut notes = Vec::new();
                let e = self
                    .groups
                    .get_mut(&key)
                    .ok_or_else(|| Error::internal("group not loaded"))?;
                e.touched = true;
                let g = e
                    .after
                    .as_mut()
                    .ok_or_else(|| Error::internal("group deleted"))?;
                if let Some(n) = name {
                    if *n == g.name {
                        notes.push(format!("group {n}: name is already {n}"));
                    } else {
                        g.name = n.clone();
                    }
                }
                let before = g.roles;
                let label = format!("group {}", g.name);
                edit_roles(&mut g.roles, roles, &label, &mut notes);
                if g.roles.is_empty() {
                    return Err(Error::usage(format!(
                        "group `{}` needs at least one role",
                        g.name
                    ))
                    .hint("to take every role away, delete the group with `orgadm group delete`"));
                }
                let changed_roles = g.roles != before;
                self.notes.extend(notes);
                if changed_roles {
                    self.load_members(tx, &key)?;
                }
            }
            Op::DeleteGroup { group } => {
                let key = self.group_key(group)?;
                self.load_members(tx, &key)?;
                let e = self
                    .groups
                    .get_mut(&key)
                    .ok_or_else(|| Error::internal("group not loaded"))?;
                e.after = None;
                e.touched = true;
                for p in self.persons.values_mut() {
                    if let Some(a) = p.after.as_mut() {
                        a.groups.remove(&key);
                    }
                }
            }
            Op::AddMember { group, person } => self.add_member(tx, group, *person)?,
            Op::RemoveMember { group, person } => self.remove_member(tx, group, *person)?,
        }
        Ok(())
    }

    fn add_member(&mut self, tx: &Transaction, group: &str, person: i64) -> Result<()> {
        let gk = self.group_key(group)?;
        let gname = self.group_display(&gk);
        let key = self.person(tx, person)?;
        let p = self.after_mut(&key)?;
        if !p.groups.insert(gk) {
            let msg = format!("{} is already a member of {gname}", p.email);
            self.notes.push(msg);
        }
        Ok(())
    }

    fn remove_member(&mut self, tx: &Transaction, group: &str, person: i64) -> Result<()> {
        let gk = self.group_key(group)?;
        let gname = self.group_display(&gk);
        let key = self.person(tx, person)?;
        let p = self.after_mut(&key)?;
        if !p.groups.remove(&gk) {
            let msg = format!("{} is not a member of {gname}", p.email);
            self.notes.push(msg);
        }
        Ok(())
    }

    fn effective(&self, p: &PersonState, after: bool) -> RoleSet {
        p.groups.iter().fold(p.direct, |acc, g| {
            let state = self.groups.get(g).and_then(|e| {
                if after {
                    e.after.as_ref()
                } else {
                    e.before.as_ref()
                }
            });
            acc.union(state.map(|g| g.roles).unwrap_or_default())
        })
    }

    fn impact(&self, tx: &Transaction) -> Result<Impact> {
        let mut admins = super::query::count_active_admins(tx)?;
        let mut impact = Impact::default();
        let is_admin = |p: &PersonState, eff: RoleSet| {
            p.status == Status::Active && eff.contains(Role::OrgAdmin)
        };
        for e in self.persons.values() {
            let before = e.before.as_ref().map(|p| (p, self.effective(p, false)));
            let after = e.after.as_ref().map(|p| (p, self.effective(p, true)));
            if let Some((p, eff)) = before {
                admins -= is_admin(p, eff) as i64;
            }
            if let Some((p, eff)) = after {
                admins += is_admin(p, eff) as i64;
            }
            if let (Some((_, b)), Some((p, a))) = (before, after) {
                if a.is_empty() && !b.is_empty() {
                    impact.stranded.push(p.email.clone());
                } else if !b.minus(a).is_empty() {
                    impact.losing.insert(p.email.clone(), b.minus(a).to_vec());
                }
            }
        }
        impact.stranded.sort();
        impact.admins_remaining = admins;
        Ok(impact)
    }

    /// The change, entity by entity, as the audit log and the admin see it.
    fn records(&self, action: &str) -> Vec<ChangeRecord> {
        let mut out = Vec::new();
        let names = |keys: &BTreeSet<String>| -> Vec<String> {
            let mut v: Vec<String> = keys.iter().map(|k| self.group_display(k)).collect();
            v.sort();
            v
        };
        for (key, e) in &self.groups {
            let details = match (&e.before, &e.after) {
                (None, Some(a)) => json!({"created": true, "roles": a.roles}),
                (Some(b), None) => {
                    let members = self
                        .persons
                        .values()
                        .filter(|p| p.before.as_ref().is_some_and(|p| p.groups.contains(key)))
                        .count();
                    json!({"deleted": true, "roles": b.roles, "members": members})
                }
                (Some(b), Some(a)) if b != a => {
                    let mut d = Map::new();
                    if b.name != a.name {
                        d.insert("name".into(), json!({"from": b.name, "to": a.name}));
                    }
                    if b.roles != a.roles {
                        d.insert("roles".into(), diff_roles(b.roles, a.roles));
                    }
                    Value::Object(d)
                }
                _ => continue,
            };
            let name = e
                .after
                .as_ref()
                .or(e.before.as_ref())
                .map(|g| g.name.as_str())
                .unwrap_or("");
            out.push(ChangeRecord {
                action: action.to_string(),
                target: format!("group:{name}"),
                details,
            });
        }
        for e in self.persons.values().filter(|e| e.touched) {
            let (target, details) = match (&e.before, &e.after) {
                (None, Some(a)) => (
                    a.email.clone(),
                    json!({
                        "invited": true,
                        "name": a.name,
                        "roles": a.direct,
                        "groups": names(&a.groups),
                        "expires_at": a.invite.as_ref().map(|i| crate::time::rfc3339(i.expires_at)),
                    }),
                ),
                (Some(b), None) => (
                    b.email.clone(),
                    json!({
                        "removed": true,
                        "status": b.status,
                        "name": b.name,
                        "roles": b.direct,
                        "groups": names(&b.groups),
                    }),
                ),
                (Some(b), Some(a)) if b != a => {
                    let mut d = Map::new();
                    if b.name != a.name {
                        d.insert("name".into(), json!({"from": b.name, "to": a.name}));
                    }
                    if b.email != a.email {
                        d.insert("email".into(), json!({"from": b.email, "to": a.email}));
                    }
                    if b.direct != a.direct {
                        d.insert("roles".into(), diff_roles(b.direct, a.direct));
                    }
                    if b.groups != a.groups {
                        let added: BTreeSet<String> =
                            a.groups.difference(&b.groups).cloned().collect();
                        let removed: BTreeSet<String> =
                            b.groups.difference(&a.groups).cloned().collect();
                        d.insert(
                            "groups".into(),
                            json!({"added": names(&added), "removed": names(&removed)}),
                        );
                    }
                    if let Some(i) = a.invite.as_ref().filter(|i| i.reissued) {
                        d.insert(
                            "invitation".into(),
                            json!({"reissued": true, "expires_at": crate::time::rfc3339(i.expires_at)}),
                        );
                    }
                    (b.email.clone(), Value::Object(d))
                }
                _ => continue,
            };
            out.push(ChangeRecord {
                action: action.to_string(),
                target,
                details,
            });
        }
        out
    }

    fn write(&self, tx: &Transaction, actor: &str) -> Result<()> {
        let now = crate::time::now();
        let mut group_ids: HashMap<&str, i64> = HashMap::new();
        for (key, e) in &self.groups {
            match (&e.before, &e.after) {
                (Some(b), None) => {
                    tx.execute("DELETE FROM grp WHERE id = ?1", [b.id])?;
                }
                (None, Some(a)) => {
                    tx.execute(
                        "INSERT INTO grp (name, name_fold, created_at) VALUES (?1, ?2, ?3)",
                        params![a.name, validate::fold(&a.name), now],
                    )?;
                    let id = tx.last_insert_rowid();
                    for r in a.roles.iter() {
                        tx.execute(
                            "INSERT INTO group_role (group_id, role) VALUES (?1, ?2)",
                            params![id, r.name()],
                        )?;
                    }
                    group_ids.insert(key, id);
                }
                (Some(b), Some(a)) => {
                    let id = b.id.ok_or_else(|| Error::internal("group without id"))?;
                    group_ids.insert(key, id);
                    if a.name != b.name {
                        tx.execute(
                            "UPDATE grp SET name = ?1, name_fold = ?2 WHERE id = ?3",
                            params![a.name, validate::fold(&a.name), id],
                        )?;
                    }
                    write_role_diff(tx, "group_role", "group_id", id, b.roles, a.roles)?;
                }
                (None, None) => {}
            }
        }
        let gid = |k: &String| -> Result<i64> {
            group_ids
                .get(k.as_str())
                .copied()
                .ok_or_else(|| Error::internal("membership of a deleted group"))
        };
        for e in self.persons.values() {
            match (&e.before, &e.after) {
                (Some(b), None) => {
                    tx.execute(
                        "UPDATE invitation SET state = 'revoked' WHERE person_id = ?1 AND state IN ('pending', 'failed')",
                        [b.id],
                    )?;
                    tx.execute("DELETE FROM person WHERE id = ?1", [b.id])?;
                }
                (None, Some(a)) => {
                    tx.execute(
                        "INSERT INTO person (email, email_norm, email_skeleton, name, name_fold, status, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![a.email, a.email_norm, validate::skeleton(&a.email_norm), a.name, validate::fold(&a.name), a.status.as_str(), now],
                    )?;
                    let id = tx.last_insert_rowid();
                    write_role_diff(tx, "person_role", "person_id", id, RoleSet::EMPTY, a.direct)?;
                    for g in &a.groups {
                        tx.execute(
                            "INSERT INTO membership (group_id, person_id) VALUES (?1, ?2)",
                            params![gid(g)?, id],
                        )?;
                    }
                    if let Some(i) = &a.invite {
                        insert_invitation(tx, id, &a.email, i, actor, now)?;
                    }
                }
                (Some(b), Some(a)) if b != a => {
                    let id = b.id.ok_or_else(|| Error::internal("person without id"))?;
                    if a.name != b.name || a.email != b.email {
                        tx.execute(
                            "UPDATE person SET name = ?1, name_fold = ?2, email = ?3, email_norm = ?4, email_skeleton = ?5 WHERE id = ?6",
                            params![a.name, validate::fold(&a.name), a.email, a.email_norm, validate::skeleton(&a.email_norm), id],
                        )?;
                    }
                    write_role_diff(tx, "person_role", "person_id", id, b.direct, a.direct)?;
                    for g in b.groups.difference(&a.groups) {
                        if let Some(gid) = group_ids.get(g.as_str()) {
                            tx.execute(
                                "DELETE FROM membership WHERE group_id = ?1 AND person_id = ?2",
                                params![gid, id],
                            )?;
                        }
                    }
                    for g in a.groups.difference(&b.groups) {
                        tx.execute(
                            "INSERT INTO membership (group_id, person_id) VALUES (?1, ?2)",
                            params![gid(g)?, id],
                        )?;
                    }
                    if let Some(i) = a.invite.as_ref().filter(|i| i.reissued) {
                        match i.id {
                            Some(inv) => {
                                tx.execute(
                                    "UPDATE invitation SET token_hash = ?1, expires_at = ?2, email = ?3,
                                     state = 'pending', last_error = NULL WHERE id = ?4",
                                    params![i.token_hash, i.expires_at, a.email, inv],
                                )?;
                            }
                            None => insert_invitation(tx, id, &a.email, i, actor, now)?,
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn insert_invitation(
    tx: &Transaction,
    person: i64,
    email: &str,
    i: &InviteState,
    actor: &str,
    now: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO invitation (person_id, email, token_hash, state, invited_by, created_at, expires_at)
         VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6)",
        params![person, email, i.token_hash, actor, now, i.expires_at],
    )?;
    Ok(())
}

fn write_role_diff(
    tx: &Transaction,
    table: &str,
    col: &str,
    id: i64,
    before: RoleSet,
    after: RoleSet,
) -> Result<()> {
    for r in before.minus(after).iter() {
        tx.execute(
            &format!("DELETE FROM {table} WHERE {col} = ?1 AND role = ?2"),
            params![id, r.name()],
        )?;
    }
    for r in after.minus(before).iter() {
        tx.execute(
            &format!("INSERT INTO {table} ({col}, role) VALUES (?1, ?2)"),
            params![id, r.name()],
        )?;
    }
    Ok(())
}

fn diff_roles(before: RoleSet, after: RoleSet) -> Value {
    json!({"added": after.minus(before), "removed": before.minus(after)})
}

fn edit_roles(roles: &mut RoleSet, edit: &RoleEdit, who: &str, notes: &mut Vec<String>) {
    if let Some(set) = edit.set {
        if set == *roles {
            notes.push(format!("{who} already has exactly {}", set.describe()));
        }
        *roles = set;
    }
    for r in &edit.add {
        if roles.contains(*r) {
            notes.push(format!("{who} already has role {r}"));
        }
        roles.insert(*r);
    }
    for r in &edit.remove {
        if !roles.contains(*r) {
            notes.push(format!("{who} does not have role {r}"));
        }
        roles.remove(*r);
    }
}

impl Org {
    /// Measures a change without writing it: who it would strand, who would
    /// lose which roles, how many admins would remain. Refusals (an actor who
    /// may not change the organization, a change leaving no admin) come here,
    /// before any question is asked.
    pub fn plan(&mut self, actor: &str, change: &Change) -> Result<Plan> {
        let result = self.store.read(|tx| {
            super::query::authorize(tx, actor)?;
            measure(tx, change)
        });
        self.record_refusal(actor, change, result)
    }

    /// Applies a change in one IMMEDIATE transaction: resolves and measures it
    /// again, refuses if the impact grew beyond `shown` (what the admin saw),
    /// writes it with its audit entries, and commits.
    pub fn commit(&mut self, actor: &str, change: &Change, shown: &Impact) -> Result<Plan> {
        let os_user = self.os_user.clone();
        let result = self.store.write(|tx| {
            let actor_email = super::query::authorize(tx, actor)?;
            let (model, plan) = measure_model(tx, change)?;
            if plan.impact.grew_since(shown) {
                return Err(Error::conflict(
                    "the organization changed since this change was measured: it would now take more access away than shown; nothing was applied",
                )
                .hint("run the command again to see the new impact")
                .with_impact(plan.impact));
            }
            model.write(tx, &actor_email)?;
            for rec in &plan.changes {
                audit::append(
                    tx,
                    &audit::NewEntry {
                        actor: &actor_email,
                        os_user: &os_user,
                        action: &rec.action,
                        target: &rec.target,
                        details: rec.details.clone(),
                    },
                )?;
            }
            Ok(plan)
        });
        self.record_refusal(actor, change, result)
    }

    /// An actor who may not change the organization is refused, and the
    /// attempt is recorded in its own small transaction.
    fn record_refusal<T>(&mut self, actor: &str, change: &Change, result: Result<T>) -> Result<T> {
        if let Err(e) = &result {
            if e.kind == Kind::Forbidden && e.impact.is_none() {
                let os_user = self.os_user.clone();
                // Whatever was passed as --as goes into the log only in a form
                // that cannot carry terminal escapes into `orgadm audit`.
                let actor = crate::validate::printable(actor);
                let actor = actor.as_str();
                // Best effort: a read-only database still refuses, unrecorded.
                let _ = self.store.write(|tx| {
                    audit::append(
                        tx,
                        &audit::NewEntry {
                            actor,
                            os_user: &os_user,
                            action: change.action,
                            target: &change.target,
                            details: json!({"result": "refused", "reason": e.message}),
                        },
                    )
                });
            }
        }
        result
    }
}

fn measure(tx: &Transaction, change: &Change) -> Result<Plan> {
    measure_model(tx, change).map(|(_, p)| p)
}

fn measure_model(tx: &Transaction, change: &Change) -> Result<(Model, Plan)> {
    let mut model = Model::load(tx)?;
    let named = change
        .ops
        .iter()
        .filter(|op| {
            matches!(
                op,
                Op::EditPerson { .. }
                    | Op::RemovePerson { .. }
                    | Op::AddMember { .. }
                    | Op::RemoveMember { .. }
            )
        })
        .count();
    if named > LOAD_EVERYONE_ABOVE {
        model.load_people(tx, Scope::Everyone)?;
    }
    for op in &change.ops {
        model.apply(tx, op)?;
    }
    let impact = model.impact(tx)?;
    let changes = model.records(change.action);
    if impact.admins_remaining < 1 && !changes.is_empty() {
        return Err(Error::forbidden(
            "refused: this change would leave the organization without an active org-admin",
        )
        .hint("give someone else `org-admin` first, e.g. `orgadm user edit EMAIL --add-role org-admin`")
        .with_impact(impact));
    }
    let needs_confirmation =
        !changes.is_empty() && (change.always_confirm || !impact.stranded.is_empty());
    let plan = Plan {
        changes,
        notes: std::mem::take(&mut model.notes),
        impact,
        needs_confirmation,
    };
    Ok((model, plan))
}
