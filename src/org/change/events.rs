//! What a measured model announces (SPEC §14): one event per person and per
//! group the change altered, people whose roles changed only through a
//! group included, each typed by what happened to them.

use std::collections::BTreeSet;

use super::model::{Model, PersonState};
use crate::org::Status;
use crate::role::RoleSet;

/// A person's event: their normalized email (after the change; before it,
/// for a removal), its type, and their effective roles before the change
/// when it changed them.
/// Borrowed from the model, which outlives the write (an apply of 100,000
/// people copies no email for its events).
pub(super) type PersonEvent<'m> = (&'m str, &'static str, Option<RoleSet>);

/// The events of one change, in the order they are written: what is gone
/// (read before the write, as it was), then what is new or changed (read
/// after it).
#[derive(Debug, Default)]
pub(super) struct Events<'m> {
    pub(super) removed: Vec<PersonEvent<'m>>,
    /// Names of the groups deleted.
    pub(super) deleted: Vec<&'m str>,
    /// (group name after, type): created and updated groups.
    pub(super) groups: Vec<(&'m str, &'static str)>,
    pub(super) people: Vec<PersonEvent<'m>>,
    /// Names of existing groups whose members changed.
    pub(super) members_changed: Vec<String>,
}

impl Model {
    /// The events this change writes. `action` tells an invitation's
    /// revocation from a person's removal.
    pub(super) fn events(&self, action: &str) -> Events<'_> {
        let mut ev = Events::default();
        for e in self.groups.values() {
            match (&e.before, &e.after) {
                (None, Some(a)) => ev.groups.push((&a.name, "group.created")),
                (Some(b), None) => ev.deleted.push(&b.name),
                (Some(b), Some(a)) if a != b => ev.groups.push((&a.name, "group.updated")),
                _ => {}
            }
        }
        // Groups there before and after whose members changed.
        let mut members_changed: BTreeSet<&String> = BTreeSet::new();
        let existing = |k: &&String| {
            self.groups
                .get(*k)
                .is_some_and(|g| g.before.is_some() && g.after.is_some())
        };
        for e in self.persons.values() {
            match (&e.before, &e.after) {
                (None, Some(a)) => {
                    ev.people.push((&a.email_norm, created_type(a), None));
                    members_changed.extend(a.groups.iter().filter(existing));
                }
                (Some(b), None) => {
                    let kind = if action == "invite.revoke" {
                        "invitation.revoked"
                    } else {
                        "person.removed"
                    };
                    ev.removed.push((&b.email_norm, kind, None));
                    members_changed.extend(b.groups.iter().filter(existing));
                }
                (Some(b), Some(a)) => {
                    let (was, is) = (self.effective(b, false), self.effective(a, true));
                    let previous = (was != is).then_some(was);
                    if a == b && previous.is_none() {
                        continue;
                    }
                    ev.people
                        .push((&a.email_norm, changed_type(b, a), previous));
                    let left = b.groups.difference(&a.groups);
                    let joined = a.groups.difference(&b.groups);
                    members_changed.extend(left.chain(joined).filter(existing));
                }
                (None, None) => {}
            }
        }
        // In the store's order (a renamed person's key is their old email).
        ev.people.sort_by(|a, b| a.0.cmp(b.0));
        ev.removed.sort_by(|a, b| a.0.cmp(b.0));
        ev.members_changed = members_changed
            .into_iter()
            .map(|k| self.group_display(k))
            .collect();
        ev
    }
}

/// A new person: invited, or (from an identity provider) active or
/// created suspended.
fn created_type(a: &PersonState) -> &'static str {
    match a.status {
        Status::Invited => "person.invited",
        Status::Active => "person.activated",
        Status::Suspended => "person.suspended",
    }
}

fn changed_type(b: &PersonState, a: &PersonState) -> &'static str {
    match (b.status, a.status) {
        (Status::Invited, Status::Active) => "person.activated",
        (Status::Active, Status::Suspended) => "person.suspended",
        (Status::Suspended, Status::Active) => "person.unsuspended",
        _ => "person.updated",
    }
}
