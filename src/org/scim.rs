//! The organization as SCIM sees it: people and groups with their stable
//! ids, externalIds and memberships, read in a few scans. The protocol (JSON
//! shapes, filters, PATCH) is the server's (`serve::scim`); changes go
//! through the one change path with [`super::Actor::Token`].

use std::collections::HashMap;

use super::{NameParts, Org, Status};
use crate::error::Result;
use crate::role::RoleSet;
use crate::store::{groups as group_rows, people as person_rows, Tx};

#[derive(Debug, Clone)]
pub struct ScimUser {
    pub id: i64,
    pub scim_id: String,
    pub external_id: Option<String>,
    pub email: String,
    /// The SCIM `userName` the provider sent, when it is not the email.
    pub user_name: Option<String>,
    pub name: String,
    /// The given and family names the provider sent, if it did.
    pub name_parts: NameParts,
    pub status: Status,
    /// Direct roles.
    pub roles: RoleSet,
    /// (scim id, name) of each group.
    pub groups: Vec<(String, String)>,
    pub created_at: i64,
    /// When they last changed (SCIM `meta.lastModified`).
    pub updated_at: i64,
}

impl ScimUser {
    /// An active user with a role, name parts and a group, for the fuzzer
    /// to apply PATCH operations to.
    #[doc(hidden)]
    pub fn sample() -> ScimUser {
        ScimUser {
            id: 2,
            scim_id: "U1".into(),
            external_id: Some("00u1".into()),
            email: "ada@example.com".into(),
            user_name: None,
            name: "Ada Lovelace".into(),
            name_parts: super::NameParts {
                given: Some("Ada".into()),
                family: Some("Lovelace".into()),
            },
            status: super::Status::Active,
            roles: crate::role::RoleSet::of([crate::role::Role::User]),
            groups: vec![("G1".into(), "Billing".into())],
            created_at: 0,
            updated_at: 0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ScimGroup {
    pub id: i64,
    pub scim_id: String,
    pub external_id: Option<String>,
    pub name: String,
    pub roles: RoleSet,
    /// (person id, scim id, email) of each member.
    pub members: Vec<(i64, String, String)>,
    pub created_at: i64,
    /// When it or its members last changed (SCIM `meta.lastModified`).
    pub updated_at: i64,
}

impl ScimGroup {
    /// A group with a role and a member, for the fuzzer.
    #[doc(hidden)]
    pub fn sample() -> ScimGroup {
        ScimGroup {
            id: 1,
            scim_id: "G1".into(),
            external_id: None,
            name: "Billing".into(),
            roles: crate::role::RoleSet::of([crate::role::Role::FinanceAdmin]),
            members: vec![(2, "U1".into(), "ada@example.com".into())],
            created_at: 0,
            updated_at: 0,
        }
    }
}

struct Everything {
    users: Vec<ScimUser>,
    groups: Vec<ScimGroup>,
}

fn load(tx: &Tx, scope: person_rows::Scope) -> Result<Everything> {
    let group_rows = group_rows::all(tx)?;
    let mut group_roles: HashMap<i64, RoleSet> = HashMap::new();
    for (g, r) in group_rows::all_roles(tx)? {
        group_roles.entry(g).or_default().insert(r);
    }
    let by_id: HashMap<i64, &group_rows::GroupRow> = group_rows.iter().map(|g| (g.id, g)).collect();
    let mut direct: HashMap<i64, RoleSet> = HashMap::new();
    for (p, r) in person_rows::direct_roles(tx, scope)? {
        direct.entry(p).or_default().insert(r);
    }
    let mut member_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for (p, g) in person_rows::memberships(tx, scope)? {
        member_of.entry(p).or_default().push(g);
    }
    let mut users = Vec::new();
    for row in person_rows::load(tx, scope)? {
        let mut groups: Vec<(String, String)> = member_of
            .get(&row.id)
            .into_iter()
            .flatten()
            .filter_map(|g| by_id.get(g).map(|g| (g.scim_id.clone(), g.name.clone())))
            .collect();
        groups.sort_by(|a, b| a.1.cmp(&b.1));
        users.push(ScimUser {
            id: row.id,
            scim_id: row.scim_id,
            external_id: row.external_id,
            email: row.email,
            user_name: row.user_name,
            name: row.name,
            name_parts: NameParts {
                given: row.given_name,
                family: row.family_name,
            },
            status: Status::from_db(&row.status)?,
            roles: direct.get(&row.id).copied().unwrap_or_default(),
            groups,
            created_at: row.created_at,
            updated_at: row.updated_at.unwrap_or(row.created_at),
        });
    }
    users.sort_by_key(|a| a.email.to_lowercase());
    let user_ids: HashMap<i64, (String, String)> = users
        .iter()
        .map(|u| (u.id, (u.scim_id.clone(), u.email.clone())))
        .collect();
    let mut members: HashMap<i64, Vec<(i64, String, String)>> = HashMap::new();
    for (p, gs) in &member_of {
        if let Some((sid, email)) = user_ids.get(p) {
            for g in gs {
                members
                    .entry(*g)
                    .or_default()
                    .push((*p, sid.clone(), email.clone()));
            }
        }
    }
    let mut groups: Vec<ScimGroup> = group_rows
        .iter()
        .map(|g| {
            let mut m = members.remove(&g.id).unwrap_or_default();
            m.sort_by(|a, b| a.2.cmp(&b.2));
            ScimGroup {
                id: g.id,
                scim_id: g.scim_id.clone(),
                external_id: g.external_id.clone(),
                name: g.name.clone(),
                roles: group_roles.get(&g.id).copied().unwrap_or_default(),
                members: m,
                created_at: g.created_at,
                updated_at: g.updated_at.unwrap_or(g.created_at),
            }
        })
        .collect();
    groups.sort_by_key(|a| a.name.to_lowercase());
    Ok(Everything { users, groups })
}

/// The organization as one SCIM write sees it: read inside the write's own
/// transaction, so what the write decides from it cannot be stale.
pub struct ScimView<'t, 'x>(&'t Tx<'x>);

impl ScimView<'_, '_> {
    /// One person by SCIM id.
    pub fn user(&self, scim_id: &str) -> Result<Option<ScimUser>> {
        user_by_scim_id(self.0, scim_id)
    }
    /// One person by email.
    pub fn user_by_email(&self, email: &str) -> Result<Option<ScimUser>> {
        user_by_email(self.0, email)
    }
    /// One group by SCIM id.
    pub fn group(&self, scim_id: &str) -> Result<Option<ScimGroup>> {
        group_by_scim_id(self.0, scim_id)
    }
    /// One group by name (case-insensitive).
    pub fn group_by_name(&self, name: &str) -> Result<Option<ScimGroup>> {
        match group_rows::by_fold(self.0, &crate::validate::fold(name))? {
            Some((id, _)) => group_by_id(self.0, id),
            None => Ok(None),
        }
    }
    /// Person ids for SCIM ids (unknown ones are left out).
    pub fn person_ids(&self, ids: &[String]) -> Result<HashMap<String, i64>> {
        person_ids(self.0, ids)
    }
}

fn user_by_scim_id(tx: &Tx, scim_id: &str) -> Result<Option<ScimUser>> {
    match person_rows::by_scim_id(tx, scim_id)? {
        Some(p) => Ok(load(tx, person_rows::Scope::Person(p.id))?.users.pop()),
        None => Ok(None),
    }
}

fn user_by_email(tx: &Tx, email: &str) -> Result<Option<ScimUser>> {
    let Some(norm) = crate::validate::email_norm(email) else {
        return Ok(None);
    };
    match person_rows::by_norm(tx, &norm)? {
        Some(p) => Ok(load(tx, person_rows::Scope::Person(p.id))?.users.pop()),
        None => Ok(None),
    }
}

/// Whose SCIM `userName` this is (case-insensitive): a person's own, or
/// the email of a person who has none (their email is their userName). The
/// one rule for finding a userName and for keeping it unique.
pub(crate) fn user_name_holder(tx: &Tx, user_name: &str) -> Result<Option<person_rows::PersonRow>> {
    let fold = crate::validate::fold(user_name.trim());
    if let Some(p) = person_rows::by_user_name_fold(tx, &fold)? {
        return Ok(Some(p));
    }
    match crate::validate::email_norm(user_name) {
        Some(norm) => Ok(person_rows::by_norm(tx, &norm)?.filter(|p| p.user_name.is_none())),
        None => Ok(None),
    }
}

fn user_by_user_name(tx: &Tx, user_name: &str) -> Result<Option<ScimUser>> {
    match user_name_holder(tx, user_name)? {
        Some(p) => Ok(load(tx, person_rows::Scope::Person(p.id))?.users.pop()),
        None => Ok(None),
    }
}

fn group_by_scim_id(tx: &Tx, scim_id: &str) -> Result<Option<ScimGroup>> {
    match group_rows::id_by_scim_id(tx, scim_id)? {
        Some(id) => group_by_id(tx, id),
        None => Ok(None),
    }
}

fn group_by_id(tx: &Tx, id: i64) -> Result<Option<ScimGroup>> {
    // Only the group's members are read, not the organization.
    Ok(load(tx, person_rows::Scope::MembersOf(id))?
        .groups
        .into_iter()
        .find(|g| g.id == id))
}

fn person_ids(tx: &Tx, ids: &[String]) -> Result<HashMap<String, i64>> {
    let mut out = HashMap::new();
    for id in ids {
        if let Some(p) = person_rows::by_scim_id(tx, id)? {
            out.insert(id.clone(), p.id);
        }
    }
    Ok(out)
}

impl Org {
    /// A SCIM write as the token `token`: `decide` turns what it reads into
    /// a change, which is measured and written in the same write
    /// transaction; `answer` reads the result there too. Two providers (or
    /// a provider and an admin) patching one person at once therefore
    /// queue, and the second decides from what the first wrote.
    pub fn scim_write<T>(
        &mut self,
        token: &str,
        decide: impl FnOnce(&ScimView) -> Result<super::Change>,
        answer: impl FnOnce(&ScimView) -> Result<T>,
    ) -> Result<T> {
        let actor = super::Actor::Token(token.to_string());
        self.decide_and_commit(
            &actor,
            |tx| decide(&ScimView(tx)),
            |tx| answer(&ScimView(tx)),
        )
    }

    /// Everyone, by email.
    pub fn scim_users(&self) -> Result<Vec<ScimUser>> {
        self.store
            .read(|tx| load(tx, person_rows::Scope::Everyone).map(|e| e.users))
    }

    /// One person by SCIM id.
    pub fn scim_user(&self, scim_id: &str) -> Result<Option<ScimUser>> {
        self.store.read(|tx| user_by_scim_id(tx, scim_id))
    }

    /// One person by SCIM `userName` (the fast path of `userName eq "..."`).
    pub fn scim_user_by_user_name(&self, user_name: &str) -> Result<Option<ScimUser>> {
        self.store.read(|tx| user_by_user_name(tx, user_name))
    }

    /// Every group with its members, by name.
    pub fn scim_groups(&self) -> Result<Vec<ScimGroup>> {
        self.store
            .read(|tx| load(tx, person_rows::Scope::Everyone).map(|e| e.groups))
    }

    /// One group by SCIM id.
    pub fn scim_group(&self, scim_id: &str) -> Result<Option<ScimGroup>> {
        self.store.read(|tx| group_by_scim_id(tx, scim_id))
    }
}
