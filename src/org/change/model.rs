//! The slice of the organization a change touches, before and after, and
//! what the change does to people's access.

use std::collections::{BTreeMap, HashMap};

use super::{NameParts, Op, RoleEdit};
use crate::error::{Error, Result};
use crate::org::Status;
use crate::role::RoleSet;
use crate::store::people::Scope;
use crate::store::Tx;
use crate::validate::{self, Email};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct InviteState {
    pub(super) id: Option<i64>,
    pub(super) token_hash: Vec<u8>,
    pub(super) expires_at: i64,
    pub(super) reissued: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PersonState {
    pub(super) id: Option<i64>,
    pub(super) email: String,
    pub(super) email_norm: String,
    pub(super) name: String,
    pub(super) status: Status,
    pub(super) direct: RoleSet,
    /// Keys of `Model::groups`.
    pub(super) groups: GroupKeys,
    pub(super) invite: Option<InviteState>,
    /// The identity provider's id for this person (SCIM `externalId`).
    pub(super) external_id: Option<String>,
    pub(super) name_parts: Option<Box<NameParts>>,
    /// The SCIM `userName`, when it is not the email.
    pub(super) user_name: Option<String>,
}

/// A person's groups, as keys of `Model::groups`: a sorted Vec rather than a
/// BTreeSet, whose first node costs ~280 bytes however few keys it holds
/// (28 MB for an apply of 100,000 people, most in one or two groups).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct GroupKeys(Vec<String>);

impl GroupKeys {
    /// Adds a key; false if it was there already.
    pub(super) fn insert(&mut self, key: String) -> bool {
        match self.0.binary_search(&key) {
            Ok(_) => false,
            Err(i) => {
                self.0.insert(i, key);
                true
            }
        }
    }

    /// Removes a key; false if it was not there.
    pub(super) fn remove(&mut self, key: &str) -> bool {
        match self.0.binary_search_by(|k| k.as_str().cmp(key)) {
            Ok(i) => {
                self.0.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    pub(super) fn contains(&self, key: &str) -> bool {
        self.0.binary_search_by(|k| k.as_str().cmp(key)).is_ok()
    }

    pub(super) fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }

    /// The keys in `self` and not in `other`.
    pub(super) fn difference<'a>(
        &'a self,
        other: &'a GroupKeys,
    ) -> impl Iterator<Item = &'a String> {
        self.0.iter().filter(|k| !other.contains(k))
    }
}

impl<'a> IntoIterator for &'a GroupKeys {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct GroupState {
    pub(super) id: Option<i64>,
    pub(super) name: String,
    pub(super) roles: RoleSet,
    pub(super) external_id: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct Entry<T> {
    /// Boxed: a 100,000-person apply keeps its map's nodes small (an inline
    /// PersonState twice made every B-tree node ~4.7 KB, ~64 MB in all).
    pub(super) before: Option<Box<T>>,
    pub(super) after: Option<Box<T>>,
    /// Changed by an op naming it (not only as a side effect of a group
    /// deletion, which the group's own audit entry records).
    pub(super) touched: bool,
}

/// Above this many people named by a change, loading everyone in four scans
/// beats four queries per person (an `apply` editing 100,000 people).
pub(super) const LOAD_EVERYONE_ABOVE: usize = 500;

/// The slice of the organization a change touches, before and after. All
/// groups are loaded (there are few); people are loaded on first touch.
pub(super) struct Model {
    pub(super) persons: BTreeMap<String, Entry<PersonState>>,
    pub(super) person_keys: HashMap<i64, String>,
    /// Group id in the database → key in `groups`.
    pub(super) group_keys: HashMap<i64, String>,
    /// The normalized email each person in the model has after the change so
    /// far → their key; keeps uniqueness checks O(1) in a 100,000-person change.
    pub(super) emails_after: HashMap<String, String>,
    /// The same for the confusable skeletons of those emails, so a look-alike
    /// address is caught inside one change (an `apply`) as well.
    pub(super) skeletons_after: HashMap<String, String>,
    pub(super) groups: BTreeMap<String, Entry<GroupState>>,
    pub(super) notes: Vec<String>,
}

impl Model {
    pub(super) fn load(tx: &Tx) -> Result<Model> {
        let mut groups = BTreeMap::new();
        let mut roles: HashMap<i64, RoleSet> = HashMap::new();
        for (g, role) in crate::store::groups::all_roles(tx)? {
            roles.entry(g).or_default().insert(role);
        }
        let mut group_keys = HashMap::new();
        for row in crate::store::groups::all(tx)? {
            let (id, name, fold) = (row.id, row.name, row.name_fold);
            group_keys.insert(id, fold.clone());
            let g = GroupState {
                id: Some(id),
                name,
                roles: roles.get(&id).copied().unwrap_or_default(),
                external_id: row.external_id,
            };
            groups.insert(
                fold,
                Entry {
                    before: Some(Box::new(g.clone())),
                    after: Some(Box::new(g)),
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

    /// Every op is applied: the uniqueness indexes are no longer needed
    /// (~25 MB for 100,000 new people, freed before the records are built).
    pub(super) fn ops_done(&mut self) {
        self.emails_after = HashMap::new();
        self.skeletons_after = HashMap::new();
    }

    /// The key of the group currently named `name` (after this change so far).
    /// Refuses a group name that only looks like another group's (a
    /// Cyrillic `Е` for a Latin `E`), as emails are refused: `except` is the
    /// group being renamed.
    fn check_group_look_alike(&self, name: &str, except: Option<&str>) -> Result<()> {
        let fold = validate::fold(name);
        let sk = validate::name_skeleton(name);
        let twin = self.groups.iter().find_map(|(k, e)| {
            let g = e.after.as_ref()?;
            let other = validate::fold(&g.name);
            (Some(k.as_str()) != except && other != fold && validate::name_skeleton(&g.name) == sk)
                .then_some(g.name.as_str())
        });
        match twin {
            Some(other) => Err(Error::conflict(format!(
                "group name `{}` looks like the existing group `{}`",
                validate::printable(name),
                validate::printable(other)
            ))
            .hint("pick a name that cannot be mistaken for another group's")),
            None => Ok(()),
        }
    }

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

    pub(super) fn group_display(&self, key: &str) -> String {
        self.groups
            .get(key)
            .and_then(|e| e.after.as_ref().or(e.before.as_ref()))
            .map(|g| g.name.clone())
            .unwrap_or_else(|| key.to_string())
    }

    /// Loads a person into the model (if not yet there) and returns their key.
    fn person(&mut self, tx: &Tx, id: i64) -> Result<String> {
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
    pub(super) fn load_people(&mut self, tx: &Tx, scope: Scope) -> Result<()> {
        let mut people: Vec<(i64, PersonState)> = Vec::new();
        for row in crate::store::people::load(tx, scope)? {
            if self.person_keys.contains_key(&row.id) {
                continue;
            }
            people.push((
                row.id,
                PersonState {
                    id: Some(row.id),
                    email: row.email,
                    email_norm: row.email_norm,
                    name: row.name,
                    status: Status::from_db(&row.status)?,
                    direct: RoleSet::EMPTY,
                    groups: GroupKeys::default(),
                    invite: None,
                    external_id: row.external_id,
                    name_parts: NameParts {
                        given: row.given_name,
                        family: row.family_name,
                    }
                    .boxed(),
                    user_name: row.user_name,
                },
            ));
        }
        if people.is_empty() {
            return Ok(());
        }
        let index: HashMap<i64, usize> = people
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        for (id, role) in crate::store::people::direct_roles(tx, scope)? {
            if let Some(&i) = index.get(&id) {
                people[i].1.direct.insert(role);
            }
        }
        for (id, gid) in crate::store::people::memberships(tx, scope)? {
            if let (Some(&i), Some(key)) = (index.get(&id), self.group_keys.get(&gid)) {
                people[i].1.groups.insert(key.clone());
            }
        }
        // The open invitation is the newest open one (they come oldest first).
        for inv in crate::store::invitations::open_in(tx, scope)? {
            if let Some(&i) = index.get(&inv.person_id) {
                people[i].1.invite = Some(InviteState {
                    id: Some(inv.id),
                    token_hash: inv.token_hash,
                    expires_at: inv.expires_at,
                    reissued: false,
                });
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
                    before: Some(Box::new(p.clone())),
                    after: Some(Box::new(p)),
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
            .as_deref_mut()
            .ok_or_else(|| Error::not_found(format!("{key} is removed by this same change")))
    }

    fn load_members(&mut self, tx: &Tx, group_key: &str) -> Result<()> {
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
    /// [`Model::apply`] for an op the model may keep: a new person's values
    /// move in rather than being copied.
    pub(super) fn apply_owned(&mut self, tx: &Tx, op: Op) -> Result<()> {
        match op {
            Op::Invite {
                email,
                name,
                roles,
                groups,
                token_hash,
                expires_at,
            } => {
                let invite = InviteState {
                    id: None,
                    token_hash,
                    expires_at,
                    reissued: true,
                };
                self.add_person(
                    tx,
                    Newcomer {
                        email,
                        name,
                        roles,
                        groups,
                        status: Status::Invited,
                        invite: Some(invite),
                        external_id: None,
                        name_parts: None,
                        user_name: None,
                    },
                )
            }
            Op::CreatePerson {
                email,
                name,
                roles,
                groups,
                external_id,
                name_parts,
                user_name,
                suspended,
            } => {
                let status = if suspended {
                    Status::Suspended
                } else {
                    Status::Active
                };
                let external_id = validate::external_id(external_id.as_deref())?;
                let name_parts = validate_parts(name_parts)?;
                self.add_person(
                    tx,
                    Newcomer {
                        email,
                        name,
                        roles,
                        groups,
                        status,
                        invite: None,
                        external_id,
                        name_parts: name_parts.boxed(),
                        user_name: validate::user_name(user_name.as_deref())?,
                    },
                )
            }
            op => self.apply(tx, &op),
        }
    }

    pub(super) fn apply(&mut self, tx: &Tx, op: &Op) -> Result<()> {
        match op {
            // One place for a new person: the owned path (planning clones
            // the op, committing moves it).
            Op::Invite { .. } | Op::CreatePerson { .. } => self.apply_owned(tx, op.clone())?,
            Op::SetSuspended { person, suspended } => {
                let key = self.person(tx, *person)?;
                let p = self.after_mut(&key)?;
                let to = match (p.status, *suspended) {
                    (Status::Invited, true) => {
                        return Err(Error::conflict(format!(
                        "{} has not accepted their invitation, so there is no access to suspend",
                        p.email
                    ))
                        .hint(format!(
                            "revoke it instead: `orgadm invite revoke {}`",
                            p.email
                        )))
                    }
                    // Access comes from accepting, never from an unsuspend
                    // (or a provider's `active: true`).
                    (Status::Invited, false) => {
                        return Err(Error::conflict(format!(
                            "{} has not accepted their invitation yet: they become active when they accept it",
                            p.email
                        ))
                        .hint(format!(
                            "an admin can send it again with `orgadm invite resend {}`",
                            p.email
                        )))
                    }
                    (_, true) => Status::Suspended,
                    (_, false) => Status::Active,
                };
                if p.status == to {
                    let msg = format!("{} is already {}", p.email, to.as_str());
                    self.notes.push(msg);
                } else {
                    p.status = to;
                }
            }
            Op::SetExternalId {
                person,
                external_id,
            } => {
                let external_id = validate::external_id(external_id.as_deref())?;
                let key = self.person(tx, *person)?;
                self.after_mut(&key)?.external_id = external_id;
            }
            Op::SetNameParts { person, parts } => {
                let parts = validate_parts(parts.clone())?;
                let key = self.person(tx, *person)?;
                self.after_mut(&key)?.name_parts = parts.boxed();
            }
            Op::SetUserName { person, user_name } => {
                let user_name = validate::user_name(user_name.as_deref())?;
                let key = self.person(tx, *person)?;
                if let Some(u) = &user_name {
                    self.check_user_name_free(tx, u, Some(*person))?;
                }
                self.after_mut(&key)?.user_name = user_name;
            }
            Op::SetGroupExternalId { group, external_id } => {
                let key = self.group_key(group)?;
                let e = self
                    .groups
                    .get_mut(&key)
                    .ok_or_else(|| Error::internal("group not loaded"))?;
                e.touched = true;
                if let Some(g) = e.after.as_mut() {
                    g.external_id = validate::external_id(external_id.as_deref())?;
                }
            }
            Op::ChangeEmail { person, email } => {
                let key = self.person(tx, *person)?;
                let p = self.after_mut(&key)?;
                if p.status == Status::Invited {
                    return Err(Error::conflict(format!(
                        "{} is invited: change their address with `orgadm invite edit`, which sends a new invitation",
                        p.email
                    )));
                }
                if p.email_norm == email.norm {
                    p.email = email.typed.clone();
                } else {
                    self.check_email_free(tx, email, Some(&key))?;
                    let p = self.after_mut(&key)?;
                    let old = std::mem::replace(&mut p.email_norm, email.norm.clone());
                    p.email = email.typed.clone();
                    self.emails_after.remove(&old);
                    self.emails_after.insert(email.norm.clone(), key.clone());
                    self.skeletons_after.remove(&validate::skeleton(&old));
                    self.skeletons_after
                        .insert(validate::skeleton(&email.norm), key.clone());
                }
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
                        // The provider's parts named the old name.
                        p.name_parts = None;
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
            Op::CreateGroup {
                name,
                roles,
                external_id,
            } => {
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
                self.check_group_look_alike(name, None)?;
                let external_id = validate::external_id(external_id.as_deref())?;
                let mut key = validate::fold(name);
                while self.groups.contains_key(&key) {
                    key.push('\u{0}');
                }
                self.groups.insert(
                    key,
                    Entry {
                        before: None,
                        after: Some(Box::new(GroupState {
                            id: None,
                            name: name.clone(),
                            roles: *roles,
                            external_id,
                        })),
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
                    self.check_group_look_alike(n, Some(&key))?;
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

    /// A new person, invited or (from an identity provider) active. Takes
    /// the op's values by move: an apply of 100,000 people keeps one copy.
    fn add_person(&mut self, tx: &Tx, new: Newcomer) -> Result<()> {
        let Newcomer {
            email,
            name,
            roles,
            groups,
            status,
            invite,
            external_id,
            name_parts,
            user_name,
        } = new;
        self.check_email_free(tx, &email, None)?;
        if roles.is_empty() && groups.is_empty() {
            return Err(
                Error::usage(format!("{} needs at least one role or group", email.typed))
                    .hint("add `--role user` (or `--group NAME`)"),
            );
        }
        let mut keys = GroupKeys::default();
        for g in &groups {
            keys.insert(self.group_key(g)?);
        }
        if let Some(u) = &user_name {
            self.check_user_name_free(tx, u, None)?;
        }
        let mut key = email.norm.clone();
        while self.persons.contains_key(&key) {
            key.push('\u{0}');
        }
        self.emails_after.insert(email.norm.clone(), key.clone());
        self.skeletons_after
            .insert(validate::skeleton(&email.norm), key.clone());
        let p = PersonState {
            id: None,
            email: email.typed,
            email_norm: email.norm,
            name,
            status,
            direct: roles,
            groups: keys,
            invite,
            external_id,
            name_parts,
            user_name,
        };
        self.persons.insert(
            key,
            Entry {
                before: None,
                after: Some(Box::new(p)),
                touched: true,
            },
        );
        Ok(())
    }

    /// Refuses a SCIM `userName` that another person already has (as their
    /// own userName, or as the email that is their userName); `except` is
    /// the person who is to have it.
    fn check_user_name_free(&self, tx: &Tx, user_name: &str, except: Option<i64>) -> Result<()> {
        match crate::org::scim::user_name_holder(tx, user_name)? {
            Some(p) if Some(p.id) != except => Err(Error::conflict(format!(
                "the userName `{}` already belongs to {}",
                validate::printable(user_name),
                p.email
            ))),
            _ => Ok(()),
        }
    }

    fn add_member(&mut self, tx: &Tx, group: &str, person: i64) -> Result<()> {
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

    fn remove_member(&mut self, tx: &Tx, group: &str, person: i64) -> Result<()> {
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

/// An identity provider's given and family names, checked by the rules of
/// every text field (an empty one is not kept).
fn validate_parts(p: NameParts) -> Result<NameParts> {
    let one = |field: &str, v: Option<String>| match v {
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => validate::text(field, &v).map(Some),
        None => Ok(None),
    };
    Ok(NameParts {
        given: one("name.givenName", p.given)?,
        family: one("name.familyName", p.family)?,
    })
}

/// A new person's values, moved into the model whole.
struct Newcomer {
    email: Email,
    name: String,
    roles: RoleSet,
    groups: Vec<String>,
    status: Status,
    invite: Option<InviteState>,
    external_id: Option<String>,
    name_parts: Option<Box<NameParts>>,
    user_name: Option<String>,
}
