//! The slice of the organization a change touches, before and after, and
//! what the change does to people's access. Each op is applied to the
//! state after the ops before it: people's ops in `people.rs`, groups' in
//! `groups.rs`.

mod groups;
mod people;

use std::collections::{BTreeMap, HashMap};

use super::{NameParts, Op, RoleEdit};
use crate::error::{Error, Result};
use crate::org::Status;
use crate::role::RoleSet;
use crate::store::people::Scope;
use crate::store::Tx;
use crate::validate;

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
    /// What the database said about the emails the change adds, when it
    /// adds many (asked in batches before the ops are applied).
    pub(super) asked: Option<super::emails::Asked>,
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
            asked: None,
        })
    }

    /// Every op is applied: the uniqueness indexes are no longer needed
    /// (~25 MB for 100,000 new people, freed before the records are built).
    pub(super) fn ops_done(&mut self) {
        self.emails_after = HashMap::new();
        self.skeletons_after = HashMap::new();
        self.asked = None;
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

    pub(in crate::org::change) fn apply(&mut self, tx: &Tx, op: &Op) -> Result<()> {
        match op {
            // One place for a new person: the owned path (planning clones
            // the op, committing moves it).
            Op::Invite { .. } | Op::CreatePerson { .. } => self.apply_owned(tx, op.clone()),
            Op::SetGroupExternalId { .. }
            | Op::CreateGroup { .. }
            | Op::EditGroup { .. }
            | Op::DeleteGroup { .. }
            | Op::AddMember { .. }
            | Op::RemoveMember { .. } => self.group_op(tx, op),
            Op::SetSuspended { .. }
            | Op::SetExternalId { .. }
            | Op::SetNameParts { .. }
            | Op::SetUserName { .. }
            | Op::ChangeEmail { .. }
            | Op::EditPerson { .. }
            | Op::RemovePerson { .. }
            | Op::Resend { .. } => self.person_op(tx, op),
        }
    }
}

pub(super) fn edit_roles(roles: &mut RoleSet, edit: &RoleEdit, who: &str, notes: &mut Vec<String>) {
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
