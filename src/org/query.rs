//! Reads: people, invitations, groups, and the checks every command starts with
//! (who is acting, which person a USER argument names).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{Org, Status};
use crate::error::{Error, Result};
use crate::role::{Role, RoleSet};
use crate::store::{
    groups as group_rows, invitations as invitation_rows, people as person_rows, Tx,
};
use crate::validate;

/// A person, as `user list` and `user show` print them (`--json`: README, "Output").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PersonView {
    #[serde(skip)]
    pub id: i64,
    pub email: String,
    pub name: String,
    pub status: Status,
    /// Who invited them and when (None for the first admin and for people
    /// an identity provider created).
    pub invited_by: Option<String>,
    pub invited_at: Option<String>,
    /// When they became active (accepted, or were created active).
    pub joined_at: Option<String>,
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

impl PersonView {
    /// The person as lists show them: without `user show`'s role sources
    /// and invitation.
    pub fn summary(&self) -> PersonView {
        PersonView {
            role_sources: None,
            invitation: None,
            ..self.clone()
        }
    }
}

/// An invitation, as `invite list` prints it (`--json`: README, "Output").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InvitationView {
    pub email: String,
    pub name: String,
    pub state: String,
    pub expires_at: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub invited_by: String,
    pub invited_at: String,
    pub roles: RoleSet,
    pub groups: Vec<String>,
    /// When an open invitation turns `expired` by the clock alone (unix
    /// seconds; None once it has, or for a closed one). Not printed.
    #[serde(skip)]
    pub turns_expired_at: Option<i64>,
}

/// A group, as `group list` and `group show` print it (`--json`: README, "Output").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupView {
    pub name: String,
    pub roles: RoleSet,
    pub members: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_details: Option<Vec<MemberView>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MemberView {
    pub email: String,
    pub name: String,
    pub status: Status,
}

/// Filters of `user list`, and a page of them (the admin API's cursor).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PersonFilter {
    pub status: Option<Status>,
    pub role: Option<Role>,
    pub group: Option<String>,
    pub search: Option<String>,
    /// Only people with no effective role (no access).
    #[serde(default)]
    pub stranded: bool,
    /// Only people whose normalized email sorts after this one.
    pub after: Option<String>,
    /// At most this many people.
    pub limit: Option<usize>,
}

const HOW_TO_SET_ACTOR: &str =
    "set the acting admin with `--as EMAIL`, ORGADM_ACTOR, or `actor` in the config";

/// The person `actor` names. Errors say who was looked for and how to set
/// the actor.
pub(crate) fn find_actor(tx: &Tx, actor: &str) -> Result<person_rows::PersonRow> {
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
    person_rows::by_norm(tx, &norm)?.ok_or_else(|| {
        Error::forbidden(format!(
            "the acting admin {} is not a member of this organization",
            validate::printable(actor)
        ))
        .hint(HOW_TO_SET_ACTOR)
    })
}

/// Checks that `actor` may change the organization and returns the name the
/// audit log records: an admin's email as stored, or `scim:NAME`.
pub(crate) fn authorize_actor(tx: &Tx, actor: &super::Actor) -> Result<String> {
    match actor {
        super::Actor::Person(email) => authorize(tx, email),
        super::Actor::Token(name) => {
            super::tokens::check(tx, name).map(|()| format!("scim:{name}"))
        }
        // Signed in: there is no actor to set, only a role to be given.
        super::Actor::Api(via) => authorize(tx, &via.owner(tx)?).map_err(|mut e| {
            if e.hints.iter().any(|h| h == HOW_TO_SET_ACTOR) {
                e.hints.clear();
                e = e.hint("changing the organization needs an active org-admin; `orgadm whoami` shows your roles");
            }
            e
        }),
    }
}

/// Checks that `actor` is an active `org-admin` and returns their email as
/// stored. Refusals say who was checked and how to set the actor.
pub(crate) fn authorize(tx: &Tx, actor: &str) -> Result<String> {
    let row = find_actor(tx, actor)?;
    let email = row.email.clone();
    match Status::from_db(&row.status)? {
        Status::Active => {}
        Status::Invited => {
            return Err(Error::forbidden(format!(
                "refused: the acting admin {email} has not accepted their invitation yet"
            ))
            .hint(HOW_TO_SET_ACTOR))
        }
        Status::Suspended => {
            return Err(
                Error::forbidden(format!("refused: the acting admin {email} is suspended")).hint(
                    "another org-admin can give the access back with `orgadm user unsuspend EMAIL`",
                ),
            )
        }
    }
    let (p, _, _) = one_person(tx, row, false)?;
    if !p.effective_roles.contains(Role::OrgAdmin) {
        return Err(Error::forbidden(format!(
            "refused: the acting admin {email} is not an org-admin; only an org-admin may change the organization"
        ))
        .hint(HOW_TO_SET_ACTOR));
    }
    Ok(email)
}

/// Groups' names and roles: every group's, loaded once for a listing, or
/// one person's own ([`Lookup::of_person`]).
struct Lookup {
    group_names: HashMap<i64, String>,
    group_roles: HashMap<i64, RoleSet>,
}

impl Lookup {
    /// The groups of one person (a single-person read: one query, whatever
    /// the number of groups), and their ids.
    fn of_person(tx: &Tx, person: i64) -> Result<(Lookup, Vec<i64>)> {
        let mut lookup = Lookup {
            group_names: HashMap::new(),
            group_roles: HashMap::new(),
        };
        let mut ids = Vec::new();
        for (id, name, role) in group_rows::of_person(tx, person)? {
            if lookup.group_names.insert(id, name).is_none() {
                ids.push(id);
            }
            let roles = lookup.group_roles.entry(id).or_default();
            if let Some(r) = role {
                roles.insert(r);
            }
        }
        Ok((lookup, ids))
    }

    fn load(tx: &Tx) -> Result<Lookup> {
        let group_names = group_rows::all(tx)?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect();
        let mut group_roles: HashMap<i64, RoleSet> = HashMap::new();
        for (id, role) in group_rows::all_roles(tx)? {
            group_roles.entry(id).or_default().insert(role);
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
        let effective = RoleSet::effective(
            direct,
            group_ids
                .iter()
                .map(|g| self.group_roles.get(g).copied().unwrap_or_default()),
        );
        PersonView {
            id,
            email,
            name,
            status,
            roles: direct,
            groups,
            effective_roles: effective,
            invited_by: None,
            invited_at: None,
            joined_at: None,
            role_sources: None,
            invitation: None,
        }
    }

    /// One person from their row, with their roles, groups and invitation
    /// dates read.
    fn person_row(&self, tx: &Tx, row: person_rows::PersonRow) -> Result<PersonView> {
        let gids: Vec<i64> = person_rows::memberships(tx, person_rows::Scope::Person(row.id))?
            .into_iter()
            .map(|(_, g)| g)
            .collect();
        self.person_with(tx, row, &gids, true)
    }

    /// One person from their row with their direct roles (read here) and
    /// the groups `gids`; `dated` adds when they were invited and joined.
    fn person_with(
        &self,
        tx: &Tx,
        row: person_rows::PersonRow,
        gids: &[i64],
        dated: bool,
    ) -> Result<PersonView> {
        let invited = if dated {
            invitation_rows::latest_for(tx, row.id)?
        } else {
            None
        };
        let joined = row.activated_at.filter(|_| dated);
        let direct = RoleSet::of(
            person_rows::direct_roles(tx, person_rows::Scope::Person(row.id))?
                .into_iter()
                .map(|(_, r)| r),
        );
        let mut p = self.person(
            row.id,
            row.email,
            row.name,
            Status::from_db(&row.status)?,
            direct,
            gids,
        );
        if let Some((by, at)) = invited {
            p.invited_by = Some(by);
            p.invited_at = Some(crate::time::rfc3339(at));
        }
        p.joined_at = joined.map(crate::time::rfc3339);
        Ok(p)
    }
}

/// One person from their row, read for them alone: their direct roles and
/// their groups with names and roles (two queries, whatever the number of
/// groups); `dated` adds when they were invited and joined. With the
/// groups' ids and names and roles, for the role sources.
fn one_person(
    tx: &Tx,
    row: person_rows::PersonRow,
    dated: bool,
) -> Result<(PersonView, Vec<i64>, Lookup)> {
    let (lookup, gids) = Lookup::of_person(tx, row.id)?;
    let p = lookup.person_with(tx, row, &gids, dated)?;
    Ok((p, gids, lookup))
}

/// An invitation row as `invite list` and `user show` print it.
fn invitation_view(i: invitation_rows::InvitationRow, p: &PersonView, now: i64) -> InvitationView {
    let open = matches!(i.state.as_str(), "pending" | "failed");
    InvitationView {
        turns_expired_at: (open && i.expires_at > now).then_some(i.expires_at),
        email: i.email,
        name: i.name,
        state: if i.expires_at <= now && open {
            "expired".into()
        } else {
            i.state
        },
        expires_at: crate::time::rfc3339(i.expires_at),
        attempts: i.attempts,
        last_error: i.last_error,
        invited_by: i.invited_by,
        invited_at: crate::time::rfc3339(i.created_at),
        roles: p.roles,
        groups: p.groups.clone(),
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
        self.store.read(|tx| people_in(tx, filter))
    }

    /// One person, with where each effective role comes from.
    pub fn person(&self, user: &str) -> Result<PersonView> {
        self.store.read(|tx| person_named(tx, user))
    }

    pub fn person_by_id(&self, id: i64) -> Result<PersonView> {
        self.store.read(|tx| person_by_id(tx, id))
    }

    /// The acting person, whatever their state (`orgadm whoami`).
    pub fn whoami(&self, actor: &str) -> Result<PersonView> {
        self.store.read(|tx| {
            let row = find_actor(tx, actor)?;
            person_by_id(tx, row.id)
        })
    }

    /// Invitations in the given states: the open ones (`pending`,
    /// `expired`, `failed`) of invited people, and with `accepted` or
    /// `revoked` asked for, the history too (a removed person's shows no
    /// name, roles or groups).
    pub fn invitations(&self, states: &[&str]) -> Result<Vec<InvitationView>> {
        self.store.read(|tx| invitations_in(tx, states))
    }

    /// Every group with its roles and members.
    pub fn groups(&self) -> Result<Vec<GroupView>> {
        self.store.read(groups_in)
    }

    /// One group with its members' names and states.
    pub fn group(&self, name: &str) -> Result<GroupView> {
        self.store.read(|tx| group_in(tx, name))
    }

    /// The canonical name of a group, or not_found.
    pub fn group_name(&self, name: &str) -> Result<String> {
        self.store.read(|tx| group(tx, name).map(|(_, n)| n))
    }
}

/// Everyone's direct roles and group ids, in two scans: for listings, where a
/// query per person would cost 100,000 round trips.
type RolesAndGroups = (HashMap<i64, RoleSet>, HashMap<i64, Vec<i64>>);

fn everyones_roles_and_groups(tx: &Tx) -> Result<RolesAndGroups> {
    Ok(by_person(
        person_rows::direct_roles(tx, person_rows::Scope::Everyone)?,
        group_rows::all_memberships(tx)?,
    ))
}

/// Direct roles (person id, role) and memberships (person id, group id)
/// gathered per person.
fn by_person(direct: Vec<(i64, Role)>, memberships: Vec<(i64, i64)>) -> RolesAndGroups {
    let mut roles: HashMap<i64, RoleSet> = HashMap::new();
    for (id, role) in direct {
        roles.entry(id).or_default().insert(role);
    }
    let mut members: HashMap<i64, Vec<i64>> = HashMap::new();
    for (p, g) in memberships {
        members.entry(p).or_default().push(g);
    }
    (roles, members)
}

/// The group a GROUP argument names: (id, name), or not_found.
pub(crate) fn group(tx: &Tx, name: &str) -> Result<(i64, String)> {
    if let Some(g) = group_rows::by_fold(tx, &validate::fold(name.trim()))? {
        return Ok(g);
    }
    let all = group_rows::all(tx)?;
    let mut e = Error::not_found(format!("no group named `{}`", validate::printable(name)));
    e = match validate::did_you_mean(name.trim(), all.iter().map(|g| g.name.as_str())) {
        Some(hint) => e.hint(hint),
        None => e.hint("list groups with `orgadm group list`"),
    };
    Err(e)
}

/// A not-found for a USER argument, with the people whose email or name
/// looks like it (read only on this error path).
fn no_person(tx: &Tx, what: String, user: &str) -> Error {
    let e = Error::not_found(what);
    // A hint is only a hint: a store error while looking for one is not
    // the error to report.
    match near_people(tx, user) {
        Ok(Some(hint)) => e.hint(hint),
        _ => e.hint("list people with `orgadm user list --search TEXT`"),
    }
}

/// How many people each probe of [`near_people`] reads at most.
const NEAR_PER_PROBE: usize = 64;
/// How many trigrams of what was typed are probed.
const NEAR_TRIGRAMS: usize = 8;
/// How many of the organization's domains a domain nobody has is compared
/// with.
const DOMAINS_COMPARED: usize = 1000;

/// "did you mean ...?" for a USER that names nobody, from a bounded set of
/// candidates, so it costs the same at a million people as at ten: the
/// people whose email (or, for a name, whose name) sorts just before or
/// after what was typed (a typo late in it), and those holding any of the
/// first trigrams of what was typed (the search index: a typo early in
/// it). Emails are compared by their local part within one domain
/// (everyone shares `@example.com`, which says nothing): the typed one, or,
/// when nobody has it, the organization's domain closest to it
/// (`bob@exmaple.com` -> `bob@example.com`). A short name mistyped early
/// and sharing no trigram can go unsuggested: the price of the bound.
fn near_people(tx: &Tx, user: &str) -> Result<Option<String>> {
    let (typed, key, domain) = match user.rsplit_once('@') {
        Some((local, typed_domain)) => {
            let domain = match validate::email_norm(user) {
                Some(norm) => norm.rsplit_once('@').map(|(_, d)| d.to_string()),
                None => None,
            }
            .unwrap_or_else(|| typed_domain.to_lowercase());
            let domain = if person_rows::has_domain(tx, &domain)? {
                domain
            } else {
                let known = person_rows::domains(tx, DOMAINS_COMPARED)?;
                let Some(near) = validate::closest(&domain, known.iter().map(String::as_str))
                    .first()
                    .map(|d| d.to_string())
                else {
                    return Ok(None);
                };
                // The same person at the domain meant: the answer.
                let meant = format!("{local}@{near}");
                if let Some(p) = validate::email_norm(&meant)
                    .map(|n| person_rows::by_norm(tx, &n))
                    .transpose()?
                    .flatten()
                {
                    return Ok(Some(format!(
                        "did you mean `{}`?",
                        validate::printable(&p.email)
                    )));
                }
                near
            };
            let at = validate::fold(&format!("{local}@{domain}"));
            (local, (person_rows::Sorted::Email, at), Some(domain))
        }
        None => (
            user,
            (person_rows::Sorted::Name, validate::fold(user)),
            None,
        ),
    };
    let fold = validate::fold(typed);
    let mut found = person_rows::around(tx, key.0, &key.1, NEAR_PER_PROBE / 2)?;
    let chars: Vec<char> = fold.chars().collect();
    for tri in chars.windows(3).take(NEAR_TRIGRAMS) {
        let tri: String = tri.iter().collect();
        found.extend(person_rows::some_holding(tx, &tri, NEAR_PER_PROBE)?);
    }
    found.sort_by_key(|p| p.id);
    found.dedup_by_key(|p| p.id);
    // (what is compared, what is shown)
    let candidates: Vec<(String, String)> = found
        .into_iter()
        .filter_map(|p| match &domain {
            Some(d) => {
                let (_, pd) = p.email_norm.rsplit_once('@')?;
                let (local, _) = p.email.rsplit_once('@')?;
                (pd == d).then(|| (local.to_string(), p.email.clone()))
            }
            None => Some((p.name.clone(), p.name)),
        })
        .collect();
    let near = validate::closest(typed, candidates.iter().map(|(k, _)| k.as_str()));
    if near.is_empty() {
        return Ok(None);
    }
    let mut shown: Vec<&str> = Vec::new();
    for k in near {
        for (c, v) in &candidates {
            if c == k && !shown.contains(&v.as_str()) {
                shown.push(v);
            }
        }
    }
    shown.truncate(3);
    Ok(Some(format!(
        "did you mean {}?",
        shown
            .iter()
            .map(|c| format!("`{}`", validate::printable(c)))
            .collect::<Vec<_>>()
            .join(" or ")
    )))
}

pub(crate) fn group_id(tx: &Tx, name: &str) -> Result<i64> {
    group(tx, name).map(|(id, _)| id)
}

pub(crate) fn find_person(tx: &Tx, user: &str) -> Result<i64> {
    find_person_row(tx, user).map(|r| r.id)
}

/// The person `user` names (an email, or a name only one person has).
pub(crate) fn find_person_row(tx: &Tx, user: &str) -> Result<person_rows::PersonRow> {
    let user = user.trim();
    // An argument with `@` is an email and matches emails only: a person
    // named "ceo@example.com" must never be taken for the CEO.
    if user.contains('@') {
        let row = match validate::email_norm(user) {
            Some(norm) => person_rows::by_norm(tx, &norm)?,
            None => None,
        };
        return match row {
            Some(r) => Ok(r),
            None => Err(no_person(
                tx,
                format!("no person with the email `{}`", validate::printable(user)),
                user,
            )),
        };
    }
    let mut matches = person_rows::by_name_fold(tx, &validate::fold(user), 20)?;
    if matches.len() == 1 {
        return Ok(matches.remove(0));
    }
    match matches.as_slice() {
        [] => Err(no_person(
            tx,
            format!(
                "no person with the email or name `{}`",
                validate::printable(user)
            ),
            user,
        )),
        many => {
            let mut e = Error::usage(format!(
                "`{}` matches {} people; name one by email",
                validate::printable(user),
                many.len()
            ));
            for p in many {
                e = e.hint(format!("{} ({})", p.email, p.name));
            }
            Err(e)
        }
    }
}

/// A person's email, state, roles and groups by id, without the dates,
/// role sources and invitation `user show` adds (the caller of a request).
pub(crate) fn person_state_by_id(tx: &Tx, id: i64) -> Result<PersonView> {
    let row = person_rows::by_id(tx, id)?
        .ok_or_else(|| Error::not_found("that person is no longer in the organization"))?;
    one_person(tx, row, false).map(|(p, _, _)| p)
}

/// One person, with where each effective role comes from and, for an
/// invited person, their open invitation (`user show`).
pub(crate) fn person_by_id(tx: &Tx, id: i64) -> Result<PersonView> {
    let row = person_rows::by_id(tx, id)?
        .ok_or_else(|| Error::not_found("that person is no longer in the organization"))?;
    person_of_row(tx, row)
}

/// [`person_by_id`] of the person `user` names.
pub(crate) fn person_named(tx: &Tx, user: &str) -> Result<PersonView> {
    let row = find_person_row(tx, user)?;
    person_of_row(tx, row)
}

/// [`person_by_id`] of a row read already.
fn person_of_row(tx: &Tx, row: person_rows::PersonRow) -> Result<PersonView> {
    let id = row.id;
    let mut p = with_sources(tx, row, true)?;
    if p.status == Status::Invited {
        let now = crate::time::now();
        p.invitation = invitation_rows::open_for(tx, id)?.map(|i| {
            let mut v = invitation_view(i, &p, now);
            v.name = p.name.clone();
            v
        });
    }
    Ok(p)
}

/// A person with where each effective role comes from (`role_sources`:
/// `direct`, then `group:NAME` by group name), and the dates when `dated`.
pub(crate) fn with_sources(
    tx: &Tx,
    row: person_rows::PersonRow,
    dated: bool,
) -> Result<PersonView> {
    let (mut p, gids, lookup) = one_person(tx, row, dated)?;
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
    Ok(p)
}

pub(crate) fn people_in(tx: &Tx, filter: &PersonFilter) -> Result<Vec<PersonView>> {
    let lookup = Lookup::load(tx)?;
    let group_filter = match &filter.group {
        Some(g) => Some(group_id(tx, g)?),
        None => None,
    };
    let search = filter.search.as_deref().map(validate::fold);
    let page = |(roles, members): RolesAndGroups, invited: Invited| Page {
        filter,
        lookup: &lookup,
        group_filter,
        search: search.as_deref(),
        roles,
        members,
        invited: by_invitee(invited),
    };
    let mut out = Vec::new();
    if let Some(s) = &search {
        // The people the search index finds, checked one by one as below;
        // past SEARCH_FEW of them (a search everyone matches), the scans
        // below cost less than looking each one up.
        let after = filter.after.as_deref().unwrap_or("");
        let found = person_rows::search(tx, s, after, SEARCH_FEW + 1)?;
        if found.len() <= SEARCH_FEW {
            let mut roles = HashMap::new();
            let mut members = HashMap::new();
            let mut invited = Vec::new();
            for row in &found {
                let scope = person_rows::Scope::Person(row.id);
                let (r, m) = by_person(
                    person_rows::direct_roles(tx, scope)?,
                    person_rows::memberships(tx, scope)?,
                );
                roles.extend(r);
                members.extend(m);
                if let Some((by, at)) = invitation_rows::latest_for(tx, row.id)? {
                    invited.push((row.id, by, at));
                }
            }
            let page = page((roles, members), invited);
            for row in found {
                if let Some(p) = page.view(row)? {
                    out.push(p);
                    if filter.limit.is_some_and(|l| out.len() >= l) {
                        break;
                    }
                }
            }
            return Ok(out);
        }
    }
    let Some(limit) = filter.limit else {
        // Everyone: each table scanned once.
        let page = page(
            everyones_roles_and_groups(tx)?,
            invitation_rows::latest_per_person(tx)?,
        );
        person_rows::each_after(tx, filter.after.as_deref(), |row| {
            if let Some(p) = page.view(row)? {
                out.push(p);
            }
            Ok(true)
        })?;
        return Ok(out);
    };
    // A page: window after window of `limit` people, with only their
    // roles, groups and invitations loaded (a page costs its window, not
    // everyone), until the page is full or the people run out.
    let mut cursor = filter.after.clone().unwrap_or_default();
    loop {
        let rows = person_rows::window(tx, &cursor, limit)?;
        let Some(upto) = rows.last().map(|r| r.email_norm.clone()) else {
            return Ok(out);
        };
        let (rg, invited) = window_rows(tx, &rows)?;
        let page = page(rg, invited);
        let last_window = rows.len() < limit;
        for row in rows {
            if let Some(p) = page.view(row)? {
                out.push(p);
                if out.len() >= limit {
                    return Ok(out);
                }
            }
        }
        if last_window {
            return Ok(out);
        }
        cursor = upto;
    }
}

/// How many people a search finds before the listing reads everyone
/// instead of each of them (three lookups each).
const SEARCH_FEW: usize = 1000;

/// The direct roles, memberships and latest invitations of the people in
/// `rows`: one window of a listing, read by their ids. (A join on the
/// window's email range reads the same rows, but PostgreSQL plans it as a
/// scan of the whole table hashed against the window: 20-30 ms a page at
/// 100,000 people, where looking the ids up takes a few.)
fn window_rows(tx: &Tx, rows: &[person_rows::PersonRow]) -> Result<(RolesAndGroups, Invited)> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let among = person_rows::Scope::Among(&ids);
    Ok((
        by_person(
            person_rows::direct_roles(tx, among)?,
            person_rows::memberships(tx, among)?,
        ),
        invitation_rows::latest_among(tx, among)?,
    ))
}

/// Latest invitations as (person id, invited by, invited at).
type Invited = Vec<(i64, String, i64)>;

fn by_invitee(invited: Invited) -> HashMap<i64, (String, i64)> {
    invited
        .into_iter()
        .map(|(p, by, at)| (p, (by, at)))
        .collect()
}

/// The people whose normalized emails are `norms` (sorted, as the store
/// sorts them), as listings show them, with their normalized email, in
/// that order; those not there are passed over. A few are read one by one; many in windows of everyone
/// (an apply of 100,000 people costs a scan, not 400,000 queries).
pub(crate) fn people_named(
    tx: &Tx,
    norms: &[&str],
    mut f: impl FnMut(&str, PersonView) -> Result<()>,
) -> Result<()> {
    const ONE_BY_ONE: usize = 500;
    const WINDOW: usize = 1000;
    let lookup = Lookup::load(tx)?;
    if norms.len() <= ONE_BY_ONE {
        for n in norms {
            if let Some(row) = person_rows::by_norm(tx, n)? {
                f(n, lookup.person_row(tx, row)?)?;
            }
        }
        return Ok(());
    }
    let filter = PersonFilter::default();
    let mut want = norms.iter().peekable();
    let mut cursor = String::new();
    while want.peek().is_some() {
        let rows = person_rows::window(tx, &cursor, WINDOW)?;
        let Some(upto) = rows.last().map(|r| r.email_norm.clone()) else {
            break;
        };
        let full = rows.len() == WINDOW;
        let ((roles, members), invited) = window_rows(tx, &rows)?;
        let page = Page {
            filter: &filter,
            lookup: &lookup,
            group_filter: None,
            search: None,
            roles,
            members,
            invited: by_invitee(invited),
        };
        for row in rows {
            while want.next_if(|w| **w < row.email_norm.as_str()).is_some() {}
            if let Some(n) = want.next_if(|w| **w == row.email_norm.as_str()) {
                if let Some(p) = page.view(row)? {
                    f(n, p)?;
                }
            }
        }
        if !full {
            break;
        }
        cursor = upto;
    }
    Ok(())
}

/// What a listing's people are read with: the filter, and the roles,
/// groups and invitations of the people it covers.
struct Page<'a> {
    filter: &'a PersonFilter,
    lookup: &'a Lookup,
    group_filter: Option<i64>,
    search: Option<&'a str>,
    roles: HashMap<i64, RoleSet>,
    members: HashMap<i64, Vec<i64>>,
    invited: HashMap<i64, (String, i64)>,
}

impl Page<'_> {
    /// The person of `row`, or None when the filter leaves them out.
    fn view(&self, row: person_rows::PersonRow) -> Result<Option<PersonView>> {
        let filter = self.filter;
        let status = Status::from_db(&row.status)?;
        if filter.status.is_some_and(|s| s != status) {
            return Ok(None);
        }
        let gids = self.members.get(&row.id).map(Vec::as_slice).unwrap_or(&[]);
        if self.group_filter.is_some_and(|g| !gids.contains(&g)) {
            return Ok(None);
        }
        if let Some(s) = self.search {
            if !validate::fold(&row.email).contains(s) && !validate::fold(&row.name).contains(s) {
                return Ok(None);
            }
        }
        let mut p = self.lookup.person(
            row.id,
            row.email,
            row.name,
            status,
            self.roles.get(&row.id).copied().unwrap_or_default(),
            gids,
        );
        if let Some((by, at)) = self.invited.get(&row.id) {
            p.invited_by = Some(by.clone());
            p.invited_at = Some(crate::time::rfc3339(*at));
        }
        p.joined_at = row.activated_at.map(crate::time::rfc3339);
        if filter.role.is_some_and(|r| !p.effective_roles.contains(r))
            || (filter.stranded && !p.effective_roles.is_empty())
        {
            return Ok(None);
        }
        Ok(Some(p))
    }
}

pub(crate) fn groups_in(tx: &Tx) -> Result<Vec<GroupView>> {
    let lookup = Lookup::load(tx)?;
    let mut members: HashMap<i64, Vec<String>> = HashMap::new();
    for (g, e) in group_rows::member_emails(tx)? {
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
}

pub(crate) fn group_in(tx: &Tx, name: &str) -> Result<GroupView> {
    let (id, gname) = group(tx, name)?;
    let lookup = Lookup::load(tx)?;
    let details = group_rows::members(tx, id)?
        .into_iter()
        .map(|(email, name, status)| {
            Ok(MemberView {
                email,
                name,
                status: Status::from_db(&status)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(GroupView {
        name: gname,
        roles: lookup.group_roles.get(&id).copied().unwrap_or_default(),
        members: details.iter().map(|m| m.email.clone()).collect(),
        member_details: Some(details),
    })
}

/// One group as `group list` shows it (members by email only).
pub(crate) fn group_listed_in(tx: &Tx, name: &str) -> Result<GroupView> {
    let (id, name) = group(tx, name)?;
    let roles = RoleSet::of(
        group_rows::all_roles(tx)?
            .into_iter()
            .filter(|(g, _)| *g == id)
            .map(|(_, r)| r),
    );
    Ok(GroupView {
        name,
        roles,
        members: group_rows::member_emails_of(tx, id)?,
        member_details: None,
    })
}

pub(crate) fn invitations_in(tx: &Tx, states: &[&str]) -> Result<Vec<InvitationView>> {
    let lookup = Lookup::load(tx)?;
    let (roles, members) = everyones_roles_and_groups(tx)?;
    let listed = Listed::new(&lookup, &roles, &members, states);
    let mut out = Vec::new();
    invitation_rows::each(tx, listed.history, |i| {
        out.extend(listed.view(i));
        Ok(())
    })?;
    Ok(out)
}

/// A page of `invite list` for the admin API: up to `limit` invitations in
/// `states`, in `invitations_in`'s order, after the cursor `after` (the
/// `next` of the page before), and the cursor of the page after it. A
/// page reads window after window of invitations with only their
/// invitees' roles and groups, so it costs its window, not everyone.
pub(crate) fn invitations_page(
    tx: &Tx,
    states: &[&str],
    after: Option<&str>,
    limit: usize,
) -> Result<(Vec<InvitationView>, Option<String>)> {
    let lookup = Lookup::load(tx)?;
    let history = Listed::history(states);
    let mut cursor = match after {
        None => None,
        Some(c) => Some(
            c.split_once(':')
                .and_then(|(id, key)| Some((key.to_string(), id.parse::<i64>().ok()?)))
                .ok_or_else(|| Error::usage("`after` must be a `next` of this list"))?,
        ),
    };
    let mut out = Vec::new();
    // Where the last invitation kept sorts: the next page's cursor, when
    // one more follows it (so a page with a `next` is never followed by an
    // empty one).
    let mut last_kept: Option<(String, i64)> = None;
    loop {
        let rows = invitation_rows::window(
            tx,
            history,
            cursor.as_ref().map(|(k, id)| (k.as_str(), *id)),
            limit,
        )?;
        let last_window = rows.len() < limit;
        let ids: Vec<i64> = rows.iter().filter_map(|(_, i)| i.person_id).collect();
        let (roles, members) = by_person(
            person_rows::direct_roles(tx, person_rows::Scope::Among(&ids))?,
            person_rows::memberships(tx, person_rows::Scope::Among(&ids))?,
        );
        let listed = Listed::new(&lookup, &roles, &members, states);
        for (key, i) in rows {
            let id = i.id;
            cursor = Some((key.clone(), id));
            if let Some(v) = listed.view(i) {
                if out.len() == limit {
                    return Ok((out, last_kept.map(|(k, id)| format!("{id}:{k}"))));
                }
                out.push(v);
                last_kept = Some((key, id));
            }
        }
        if last_window {
            return Ok((out, None));
        }
    }
}

/// How `invite list` shows invitations: each with its invitee's roles and
/// groups, kept when its state is one of `states`.
struct Listed<'a> {
    lookup: &'a Lookup,
    roles: &'a HashMap<i64, RoleSet>,
    members: &'a HashMap<i64, Vec<i64>>,
    states: &'a [&'a str],
    /// Accepted and revoked invitations are asked for: the whole history.
    history: bool,
    /// When expired ones are told from open ones.
    now: i64,
}

impl<'a> Listed<'a> {
    fn new(
        lookup: &'a Lookup,
        roles: &'a HashMap<i64, RoleSet>,
        members: &'a HashMap<i64, Vec<i64>>,
        states: &'a [&'a str],
    ) -> Self {
        Listed {
            lookup,
            roles,
            members,
            states,
            history: Self::history(states),
            now: crate::time::now(),
        }
    }

    fn history(states: &[&str]) -> bool {
        states.iter().any(|s| matches!(*s, "accepted" | "revoked"))
    }

    fn view(&self, i: invitation_rows::InvitationRow) -> Option<InvitationView> {
        let pid = i.person_id.unwrap_or(0);
        let p = self.lookup.person(
            pid,
            String::new(),
            String::new(),
            Status::Invited,
            self.roles.get(&pid).copied().unwrap_or_default(),
            self.members.get(&pid).map(Vec::as_slice).unwrap_or(&[]),
        );
        let v = invitation_view(i, &p, self.now);
        self.states.contains(&v.state.as_str()).then_some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: &str, expires_at: i64) -> invitation_rows::InvitationRow {
        invitation_rows::InvitationRow {
            id: 1,
            person_id: Some(1),
            email: "a@example.com".into(),
            name: "A".into(),
            token_hash: vec![],
            state: state.into(),
            expires_at,
            attempts: 0,
            last_error: None,
            invited_by: "root@example.com".into(),
            created_at: 0,
        }
    }

    /// An open invitation turns `expired` at its expiry by the clock alone
    /// (what the server's kept answers must not outlive); one expired
    /// already, accepted or revoked, never changes by the clock.
    #[test]
    fn an_open_invitation_says_when_the_clock_expires_it() {
        let p = PersonView {
            id: 1,
            email: "a@example.com".into(),
            name: "A".into(),
            status: Status::Invited,
            invited_by: None,
            invited_at: None,
            joined_at: None,
            roles: RoleSet::default(),
            groups: vec![],
            effective_roles: RoleSet::default(),
            role_sources: None,
            invitation: None,
        };
        let at = |state: &str, expires: i64| {
            let v = invitation_view(row(state, expires), &p, 100);
            (v.state, v.turns_expired_at)
        };
        assert_eq!(at("pending", 101), ("pending".into(), Some(101)));
        assert_eq!(at("failed", 101), ("failed".into(), Some(101)));
        assert_eq!(at("pending", 100), ("expired".into(), None));
        assert_eq!(at("failed", 99), ("expired".into(), None));
        assert_eq!(at("accepted", 101), ("accepted".into(), None));
        assert_eq!(at("revoked", 101), ("revoked".into(), None));
    }
}
