//! Reads: people, invitations, groups, and the checks every command starts with
//! (who is acting, which person a USER argument names).

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use super::{Org, Status};
use crate::error::{Error, Result};
use crate::role::{Role, RoleSet};
use crate::validate;

/// A person, as `user list` and `user show` print them (SPEC §7).
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    #[serde(skip)]
    pub id: i64,
    pub email: String,
    pub name: String,
    pub status: Status,
    pub roles: RoleSet,
    pub groups: Vec<String>,
    pub effective_roles: RoleSet,
    /// Only for `user show`: each effective role and where it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_sources: Option<BTreeMap<Role, Vec<String>>>,
    /// Only for `user show` of an invited person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation: Option<InvitationView>,
}

/// An invitation, as `invite list` prints it (SPEC §7).
#[derive(Debug, Clone, Serialize)]
pub struct InvitationView {
    pub email: String,
    pub name: String,
    pub state: String,
    pub expires_at: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub invited_by: String,
    pub roles: RoleSet,
    pub groups: Vec<String>,
}

/// A group, as `group list` and `group show` print it (SPEC §7).
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub name: String,
    pub roles: RoleSet,
    pub members: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_details: Option<Vec<MemberView>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub email: String,
    pub name: String,
    pub status: Status,
}

/// Filters of `user list`.
#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    pub status: Option<Status>,
    pub role: Option<Role>,
    pub group: Option<String>,
    pub search: Option<String>,
}

/// The organization's name, as `init --org` stored it.
pub(crate) fn org_name(tx: &Transaction) -> Result<String> {
    Ok(tx.query_row("SELECT name FROM org WHERE id = 1", [], |r| r.get(0))?)
}

/// Active people whose effective roles include `org-admin`.
pub(crate) fn count_active_admins(tx: &Transaction) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT COUNT(*) FROM person WHERE status = 'active' AND id IN (
             SELECT person_id FROM person_role WHERE role = 'org-admin'
             UNION
             SELECT m.person_id FROM membership m JOIN group_role gr ON gr.group_id = m.group_id
             WHERE gr.role = 'org-admin')",
        [],
        |r| r.get(0),
    )?)
}

fn effective_roles_of(tx: &Transaction, id: i64) -> Result<RoleSet> {
    let mut set = RoleSet::EMPTY;
    let mut st = tx.prepare_cached(
        "SELECT role FROM person_role WHERE person_id = ?1
         UNION SELECT gr.role FROM membership m JOIN group_role gr ON gr.group_id = m.group_id
         WHERE m.person_id = ?1",
    )?;
    for r in st.query_map([id], |r| r.get::<_, String>(0))? {
        set.insert(Role::from_db(&r?)?);
    }
    Ok(set)
}

const HOW_TO_SET_ACTOR: &str =
    "set the acting admin with `--as EMAIL`, ORGADM_ACTOR, or `actor` in the config";

/// The person `actor` names: (id, email as stored, status). Errors say who
/// was looked for and how to set the actor.
fn find_actor(tx: &Transaction, actor: &str) -> Result<(i64, String, String)> {
    let norm = validate::email(actor)
        .map_err(|e| {
            Error::forbidden(format!(
                "the acting admin `{}` is not a valid email: {}",
                validate::printable(actor),
                e.message
            ))
            .hint(HOW_TO_SET_ACTOR)
        })?
        .norm;
    tx.prepare_cached("SELECT id, email, status FROM person WHERE email_norm = ?1")?
        .query_row([&norm], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| {
            Error::forbidden(format!(
                "the acting admin {actor} is not a member of this organization"
            ))
            .hint(HOW_TO_SET_ACTOR)
        })
}

/// Checks that `actor` is an active `org-admin` and returns their email as
/// stored. Refusals say who was checked and how to set the actor.
pub(crate) fn authorize(tx: &Transaction, actor: &str) -> Result<String> {
    let (id, email, status) = find_actor(tx, actor)?;
    if status != "active" {
        return Err(Error::forbidden(format!(
            "refused: the acting admin {email} has not accepted their invitation yet"
        ))
        .hint(HOW_TO_SET_ACTOR));
    }
    if !effective_roles_of(tx, id)?.contains(Role::OrgAdmin) {
        return Err(Error::forbidden(format!(
            "refused: the acting admin {email} is not an org-admin; only an org-admin may change the organization"
        ))
        .hint(HOW_TO_SET_ACTOR));
    }
    Ok(email)
}

struct Lookup {
    group_names: HashMap<i64, String>,
    group_roles: HashMap<i64, RoleSet>,
}

impl Lookup {
    fn load(tx: &Transaction) -> Result<Lookup> {
        let mut group_names = HashMap::new();
        let mut group_roles: HashMap<i64, RoleSet> = HashMap::new();
        for row in tx
            .prepare_cached("SELECT id, name FROM grp")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        {
            let (id, name): (i64, String) = row?;
            group_names.insert(id, name);
        }
        for row in tx
            .prepare_cached("SELECT group_id, role FROM group_role")?
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, String>(1)?)))?
        {
            let (id, role): (i64, String) = row?;
            group_roles
                .entry(id)
                .or_default()
                .insert(Role::from_db(&role)?);
        }
        Ok(Lookup {
            group_names,
            group_roles,
        })
    }

    fn person(
        &self,
        id: i64,
        email: String,
        name: String,
        status: Status,
        direct: RoleSet,
        group_ids: &[i64],
    ) -> PersonView {
        let mut groups: Vec<String> = group_ids
            .iter()
            .filter_map(|g| self.group_names.get(g).cloned())
            .collect();
        groups.sort();
        let effective = group_ids.iter().fold(direct, |acc, g| {
            acc.union(self.group_roles.get(g).copied().unwrap_or_default())
        });
        PersonView {
            id,
            email,
            name,
            status,
            roles: direct,
            groups,
            effective_roles: effective,
            role_sources: None,
            invitation: None,
        }
    }
}

impl Org {
    /// Finds the person a USER argument names: an email, or a name matching
    /// exactly one person (case-insensitive). Returns their id.
    pub fn find_person(&self, user: &str) -> Result<i64> {
        self.store.read(|tx| find_person(tx, user))
    }

    /// Everyone matching the filter, sorted by email.
    pub fn people(&self, filter: &PersonFilter) -> Result<Vec<PersonView>> {
        self.store.read(|tx| {
            let lookup = Lookup::load(tx)?;
            let group_filter = match &filter.group {
                Some(g) => Some(group_id(tx, g)?),
                None => None,
            };
            let (roles, members) = everyones_roles_and_groups(tx)?;
            let search = filter.search.as_deref().map(validate::fold);
            let mut out = Vec::new();
            let mut st =
                tx.prepare("SELECT id, email, name, status FROM person ORDER BY email_norm")?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?;
            for row in rows {
                let (id, email, name, status) = row?;
                let status = Status::from_db(&status)?;
                if filter.status.is_some_and(|s| s != status) {
                    continue;
                }
                let gids = members.get(&id).map(Vec::as_slice).unwrap_or(&[]);
                if group_filter.is_some_and(|g| !gids.contains(&g)) {
                    continue;
                }
                if let Some(s) = &search {
                    if !validate::fold(&email).contains(s.as_str())
                        && !validate::fold(&name).contains(s.as_str())
                    {
                        continue;
                    }
                }
                let p = lookup.person(
                    id,
                    email,
                    name,
                    status,
                    roles.get(&id).copied().unwrap_or_default(),
                    gids,
                );
                if filter.role.is_some_and(|r| !p.effective_roles.contains(r)) {
                    continue;
                }
                out.push(p);
            }
            Ok(out)
        })
    }

    /// One person, with where each effective role comes from.
    pub fn person(&self, user: &str) -> Result<PersonView> {
        self.store.read(|tx| {
            let id = find_person(tx, user)?;
            person_by_id(tx, id)
        })
    }

    pub fn person_by_id(&self, id: i64) -> Result<PersonView> {
        self.store.read(|tx| person_by_id(tx, id))
    }

    /// The acting person, whatever their state (SPEC: `whoami`).
    pub fn whoami(&self, actor: &str) -> Result<PersonView> {
        self.store.read(|tx| {
            let (id, _, _) = find_actor(tx, actor)?;
            person_by_id(tx, id)
        })
    }

    /// Open invitations in the given states (`pending`, `expired`, `failed`).
    pub fn invitations(&self, states: &[&str]) -> Result<Vec<InvitationView>> {
        self.store.read(|tx| {
            let lookup = Lookup::load(tx)?;
            let (roles, members) = everyones_roles_and_groups(tx)?;
            let now = crate::time::now();
            let mut st = tx.prepare(
                "SELECT i.person_id, i.email, p.name, i.state, i.expires_at, i.attempts, i.last_error, i.invited_by
                 FROM invitation i JOIN person p ON p.id = i.person_id
                 WHERE i.state IN ('pending', 'failed') AND p.status = 'invited'
                 ORDER BY p.email_norm",
            )?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (pid, email, name, state, expires_at, attempts, last_error, invited_by) = row?;
                let state = if expires_at <= now { "expired".to_string() } else { state };
                if !states.contains(&state.as_str()) {
                    continue;
                }
                let gids = members.get(&pid).map(Vec::as_slice).unwrap_or(&[]);
                let direct = roles.get(&pid).copied().unwrap_or_default();
                let p = lookup.person(pid, String::new(), String::new(), Status::Invited, direct, gids);
                out.push(InvitationView {
                    email,
                    name,
                    state,
                    expires_at: crate::time::rfc3339(expires_at),
                    attempts,
                    last_error,
                    invited_by,
                    roles: p.roles,
                    groups: p.groups,
                });
            }
            Ok(out)
        })
    }

    /// Every group with its roles and members.
    pub fn groups(&self) -> Result<Vec<GroupView>> {
        self.store.read(|tx| {
            let lookup = Lookup::load(tx)?;
            let mut members: HashMap<i64, Vec<String>> = HashMap::new();
            for row in tx
                .prepare("SELECT m.group_id, p.email FROM membership m JOIN person p ON p.id = m.person_id ORDER BY p.email")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            {
                let (g, e): (i64, String) = row?;
                members.entry(g).or_default().push(e);
            }
            let mut out: Vec<GroupView> = lookup
                .group_names
                .iter()
                .map(|(id, name)| GroupView {
                    name: name.clone(),
                    roles: lookup.group_roles.get(id).copied().unwrap_or_default(),
                    members: members.remove(id).unwrap_or_default(),
                    member_details: None,
                })
                .collect();
            out.sort_by_key(|g| validate::fold(&g.name));
            Ok(out)
        })
    }

    /// One group with its members' names and states.
    pub fn group(&self, name: &str) -> Result<GroupView> {
        self.store.read(|tx| {
            let id = group_id(tx, name)?;
            let (gname,): (String,) = tx.query_row("SELECT name FROM grp WHERE id = ?1", [id], |r| Ok((r.get(0)?,)))?;
            let lookup = Lookup::load(tx)?;
            let mut details = Vec::new();
            let mut st = tx.prepare(
                "SELECT p.email, p.name, p.status FROM membership m JOIN person p ON p.id = m.person_id
                 WHERE m.group_id = ?1 ORDER BY p.email",
            )?;
            for row in st.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))? {
                let (email, name, status) = row?;
                details.push(MemberView {
                    email,
                    name,
                    status: Status::from_db(&status)?,
                });
            }
            Ok(GroupView {
                name: gname,
                roles: lookup.group_roles.get(&id).copied().unwrap_or_default(),
                members: details.iter().map(|m| m.email.clone()).collect(),
                member_details: Some(details),
            })
        })
    }

    /// The canonical name of a group, or not_found.
    pub fn group_name(&self, name: &str) -> Result<String> {
        self.store.read(|tx| {
            let id = group_id(tx, name)?;
            Ok(tx.query_row("SELECT name FROM grp WHERE id = ?1", [id], |r| r.get(0))?)
        })
    }
}

/// Everyone's direct roles and group ids, in two scans: for listings, where a
/// query per person would cost 100,000 round trips.
type RolesAndGroups = (HashMap<i64, RoleSet>, HashMap<i64, Vec<i64>>);

fn everyones_roles_and_groups(tx: &Transaction) -> Result<RolesAndGroups> {
    let mut roles: HashMap<i64, RoleSet> = HashMap::new();
    for row in tx
        .prepare("SELECT person_id, role FROM person_role")?
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, String>(1)?)))?
    {
        let (id, role): (i64, String) = row?;
        roles.entry(id).or_default().insert(Role::from_db(&role)?);
    }
    let mut members: HashMap<i64, Vec<i64>> = HashMap::new();
    for row in tx
        .prepare("SELECT person_id, group_id FROM membership")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    {
        let (p, g): (i64, i64) = row?;
        members.entry(p).or_default().push(g);
    }
    Ok((roles, members))
}

pub(crate) fn group_id(tx: &Transaction, name: &str) -> Result<i64> {
    tx.query_row(
        "SELECT id FROM grp WHERE name_fold = ?1",
        [validate::fold(name.trim())],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| {
        Error::not_found(format!("no group named `{}`", validate::printable(name)))
            .hint("list groups with `orgadm group list`")
    })
}

pub(crate) fn find_person(tx: &Transaction, user: &str) -> Result<i64> {
    let user = user.trim();
    // An argument with `@` is an email and matches emails only: a person
    // named "ceo@example.com" must never be taken for the CEO.
    if user.contains('@') {
        let id: Option<i64> = match validate::email_norm(user) {
            Some(norm) => tx
                .prepare_cached("SELECT id FROM person WHERE email_norm = ?1")?
                .query_row([&norm], |r| r.get(0))
                .optional()?,
            None => None,
        };
        return id.ok_or_else(|| {
            Error::not_found(format!(
                "no person with the email `{}`",
                validate::printable(user)
            ))
            .hint("list people with `orgadm user list --search TEXT`")
        });
    }
    let matches: Vec<(i64, String, String)> = tx
        .prepare_cached(
            "SELECT id, email, name FROM person WHERE name_fold = ?1 ORDER BY email_norm LIMIT 20",
        )?
        .query_map([validate::fold(user)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    match matches.as_slice() {
        [] => Err(Error::not_found(format!(
            "no person with the email or name `{}`",
            validate::printable(user)
        ))
        .hint("list people with `orgadm user list --search TEXT`")),
        [(id, _, _)] => Ok(*id),
        many => {
            let mut e = Error::usage(format!(
                "`{}` matches {} people; name one by email",
                validate::printable(user),
                many.len()
            ));
            for (_, email, name) in many {
                e = e.hint(format!("{email} ({name})"));
            }
            Err(e)
        }
    }
}

/// One person, with where each effective role comes from and, for an
/// invited person, their open invitation.
pub(crate) fn person_by_id(tx: &Transaction, id: i64) -> Result<PersonView> {
    let lookup = Lookup::load(tx)?;
    let (email, name, status): (String, String, String) = tx
        .prepare_cached("SELECT email, name, status FROM person WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| Error::not_found("that person is no longer in the organization"))?;
    let mut direct = RoleSet::EMPTY;
    for r in tx
        .prepare_cached("SELECT role FROM person_role WHERE person_id = ?1")?
        .query_map([id], |r| r.get::<_, String>(0))?
    {
        direct.insert(Role::from_db(&r?)?);
    }
    let gids: Vec<i64> = tx
        .prepare_cached("SELECT group_id FROM membership WHERE person_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut p = lookup.person(id, email, name, Status::from_db(&status)?, direct, &gids);
    let mut sources: BTreeMap<Role, Vec<String>> = BTreeMap::new();
    for r in p.roles.iter() {
        sources.entry(r).or_default().push("direct".into());
    }
    let mut by_name: Vec<(String, RoleSet)> = gids
        .iter()
        .filter_map(|g| {
            Some((
                lookup.group_names.get(g)?.clone(),
                lookup.group_roles.get(g).copied().unwrap_or_default(),
            ))
        })
        .collect();
    by_name.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, roles) in by_name {
        for r in roles.iter() {
            sources.entry(r).or_default().push(format!("group:{name}"));
        }
    }
    p.role_sources = Some(sources);
    if p.status == Status::Invited {
        let now = crate::time::now();
        p.invitation = tx
                .prepare_cached(
                    "SELECT email, state, expires_at, attempts, last_error, invited_by FROM invitation
                     WHERE person_id = ?1 AND state IN ('pending', 'failed') ORDER BY id DESC LIMIT 1",
                )?
                .query_row(params![id], |r| {
                    let expires_at: i64 = r.get(2)?;
                    let state: String = r.get(1)?;
                    Ok(InvitationView {
                        email: r.get(0)?,
                        name: p.name.clone(),
                        state: if expires_at <= now { "expired".into() } else { state },
                        expires_at: crate::time::rfc3339(expires_at),
                        attempts: r.get(3)?,
                        last_error: r.get(4)?,
                        invited_by: r.get(5)?,
                        roles: p.roles,
                        groups: p.groups.clone(),
                    })
                })
                .optional()?;
    }
    Ok(p)
}
