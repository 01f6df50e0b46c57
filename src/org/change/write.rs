//! Writing a measured model through the store, inside the change's transaction.

use std::collections::{BTreeSet, HashMap};

use super::model::{InviteState, Model, PersonState};
use crate::error::{Error, Result};
use crate::role::RoleSet;
use crate::store::{groups, invitations, people, Tx};
use crate::validate;

impl Model {
    /// Writes the difference between before and after: groups first (new
    /// people may join new groups), then people. `step` is called once per
    /// group and per person in the model (for a progress bar).
    pub(super) fn write(&self, tx: &Tx, actor: &str, step: &mut dyn FnMut()) -> Result<()> {
        let now = crate::time::now();
        let mut group_ids: HashMap<&str, i64> = HashMap::new();
        // Existing groups that changed, or whose members did: marked once.
        let mut changed_groups: BTreeSet<i64> = BTreeSet::new();
        for (key, e) in &self.groups {
            step();
            match (&e.before, &e.after) {
                (Some(b), None) => {
                    groups::delete(tx, b.id.ok_or_else(|| Error::internal("group without id"))?)?;
                }
                (None, Some(a)) => {
                    let id = groups::insert(
                        tx,
                        &a.name,
                        &validate::fold(&a.name),
                        a.external_id.as_deref(),
                        now,
                    )?;
                    for r in a.roles.iter() {
                        groups::add_role(tx, id, r)?;
                    }
                    group_ids.insert(key, id);
                }
                (Some(b), Some(a)) => {
                    let id = b.id.ok_or_else(|| Error::internal("group without id"))?;
                    group_ids.insert(key, id);
                    if a != b {
                        changed_groups.insert(id);
                    }
                    if a.name != b.name {
                        groups::rename(tx, id, &a.name, &validate::fold(&a.name))?;
                    }
                    if a.external_id != b.external_id {
                        groups::set_external_id(tx, id, a.external_id.as_deref())?;
                    }
                    for r in b.roles.minus(a.roles).iter() {
                        groups::remove_role(tx, id, r)?;
                    }
                    for r in a.roles.minus(b.roles).iter() {
                        groups::add_role(tx, id, r)?;
                    }
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
        // The id of a group that was there before this change and still is.
        let existing = |k: &String| -> Option<i64> {
            let e = self.groups.get(k)?;
            e.after.as_ref()?;
            e.before.as_ref()?.id
        };
        // The new people's ids in one statement: their rows, roles,
        // memberships and invitations are then sent without waiting.
        let new = self
            .persons
            .values()
            .filter(|e| e.before.is_none() && e.after.is_some())
            .count();
        let mut new_ids = people::reserve_ids(tx, new)?.into_iter();
        for e in self.persons.values() {
            step();
            match (&e.before, &e.after) {
                (Some(b), None) => {
                    let id = b.id.ok_or_else(|| Error::internal("person without id"))?;
                    invitations::revoke_for(tx, id)?;
                    people::delete(tx, id)?;
                    changed_groups.extend(b.groups.iter().filter_map(&existing));
                }
                (None, Some(a)) => {
                    let id = new_ids
                        .next()
                        .ok_or_else(|| Error::internal("fewer ids reserved than new people"))?;
                    person_row(a, now, |row| people::insert_as(tx, id, row))?;
                    write_roles(tx, id, RoleSet::EMPTY, a.direct)?;
                    for g in &a.groups {
                        groups::add_member(tx, gid(g)?, id)?;
                    }
                    changed_groups.extend(a.groups.iter().filter_map(&existing));
                    if let Some(i) = &a.invite {
                        insert_invitation(tx, id, &a.email, i, actor, now)?;
                    }
                }
                (Some(b), Some(a)) if b != a => {
                    let id = b.id.ok_or_else(|| Error::internal("person without id"))?;
                    if a.name != b.name
                        || a.email != b.email
                        || a.status != b.status
                        || a.external_id != b.external_id
                        || a.name_parts != b.name_parts
                        || a.user_name != b.user_name
                    {
                        person_row(a, now, |row| people::update(tx, id, row))?;
                    } else {
                        people::touch(tx, id, now)?;
                    }
                    write_roles(tx, id, b.direct, a.direct)?;
                    for g in b.groups.difference(&a.groups) {
                        // A group deleted by this change took its memberships along.
                        if let Some(gid) = group_ids.get(g.as_str()) {
                            groups::remove_member(tx, *gid, id)?;
                        }
                    }
                    for g in a.groups.difference(&b.groups) {
                        groups::add_member(tx, gid(g)?, id)?;
                    }
                    let left = b.groups.difference(&a.groups);
                    let joined = a.groups.difference(&b.groups);
                    changed_groups.extend(left.chain(joined).filter_map(&existing));
                    if let Some(i) = a.invite.as_ref().filter(|i| i.reissued) {
                        match i.id {
                            Some(inv) => invitations::reissue(
                                tx,
                                inv,
                                &i.token_hash,
                                i.expires_at,
                                &a.email,
                            )?,
                            None => insert_invitation(tx, id, &a.email, i, actor, now)?,
                        }
                    }
                }
                _ => {}
            }
        }
        if new_ids.next().is_some() {
            return Err(Error::internal("more ids reserved than new people"));
        }
        for id in changed_groups {
            groups::touch(tx, id, now)?;
        }
        Ok(())
    }
}

/// A person's row as the store writes it, with the derived forms (folded
/// name, confusable skeleton) computed here, in one place.
fn person_row<T>(
    a: &PersonState,
    now: i64,
    write: impl FnOnce(&people::NewPerson) -> Result<T>,
) -> Result<T> {
    let user_name_fold = a.user_name.as_deref().map(validate::fold);
    write(&people::NewPerson {
        email: &a.email,
        email_norm: &a.email_norm,
        email_skeleton: &validate::skeleton(&a.email_norm),
        name: &a.name,
        name_fold: &validate::fold(&a.name),
        status: a.status.as_str(),
        external_id: a.external_id.as_deref(),
        given_name: a.name_parts.as_ref().and_then(|n| n.given.as_deref()),
        family_name: a.name_parts.as_ref().and_then(|n| n.family.as_deref()),
        user_name: a.user_name.as_deref().zip(user_name_fold.as_deref()),
        now,
    })
}

fn insert_invitation(
    tx: &Tx,
    person: i64,
    email: &str,
    i: &InviteState,
    actor: &str,
    now: i64,
) -> Result<()> {
    invitations::insert(
        tx,
        &invitations::NewInvitation {
            person_id: person,
            email,
            token_hash: &i.token_hash,
            invited_by: actor,
            now,
            expires_at: i.expires_at,
        },
    )
}

fn write_roles(tx: &Tx, id: i64, before: RoleSet, after: RoleSet) -> Result<()> {
    for r in before.minus(after).iter() {
        people::remove_role(tx, id, r)?;
    }
    for r in after.minus(before).iter() {
        people::add_role(tx, id, r)?;
    }
    Ok(())
}
