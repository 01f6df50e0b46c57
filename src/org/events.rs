//! Change events (SPEC §14): what every committed change announces, written
//! in its own transaction (the outbox), and read back oldest first by
//! `orgadm events`, the admin API and the webhooks' delivery.

use serde::{Deserialize, Serialize};

use super::{GroupView, Org, PersonView};
use crate::error::{Error, Result};
use crate::role::RoleSet;
use crate::store::{events as rows, Tx};

/// Every event type, in the order SPEC §14 lists them.
pub const TYPES: &[&str] = &[
    "person.invited",
    "person.activated",
    "person.updated",
    "person.suspended",
    "person.unsuspended",
    "person.removed",
    "invitation.revoked",
    "group.created",
    "group.updated",
    "group.deleted",
    "group.members_changed",
];

/// Checks event types a user named (`--type`, `--event`): each must be one
/// of [`TYPES`].
pub fn check_types(types: &[String]) -> Result<()> {
    match types.iter().find(|t| !TYPES.contains(&t.as_str())) {
        Some(t) => Err(Error::usage(format!(
            "unknown event type `{}`",
            crate::validate::printable(t)
        ))
        .hint(format!("the types are: {}", TYPES.join(", ")))),
        None => Ok(()),
    }
}

/// One event, as `orgadm events` prints it and a webhook receives it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    pub seq: i64,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub timestamp: String,
    pub actor: String,
    /// The person's or group's object (`--json`) after the change; for a
    /// removal or deletion, as it was.
    /// (Kept as written: its fields in the order `--json` prints them.)
    pub data: Box<serde_json::value::RawValue>,
    /// A person's effective roles before the change, when the change
    /// changed them (and the person was there before and after).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_effective_roles: Option<RoleSet>,
}

impl Event {
    fn from_row(r: rows::EventRow) -> Result<Event> {
        let bad = |_| Error::storage(format!("event {} is not readable JSON", r.seq));
        let data = serde_json::value::RawValue::from_string(r.data).map_err(bad)?;
        let previous_effective_roles = match &r.previous_roles {
            Some(p) => Some(serde_json::from_str(p).map_err(bad)?),
            None => None,
        };
        Ok(Event {
            seq: r.seq,
            id: r.id,
            kind: r.kind,
            timestamp: crate::time::rfc3339(r.at),
            actor: r.actor,
            data,
            previous_effective_roles,
        })
    }
}

/// The most events one read returns (a page of the admin API, a poll of
/// `--follow`).
pub const PAGE: i64 = 1000;

/// Events after `since` (oldest first, at most `limit`), of `types` only
/// unless it is empty.
pub(crate) fn after(tx: &Tx, since: i64, types: &[String], limit: i64) -> Result<Vec<Event>> {
    rows::after(tx, since, types, limit.clamp(1, PAGE))?
        .into_iter()
        .map(Event::from_row)
        .collect()
}

impl Org {
    /// Up to `limit` events after `since`, oldest first (a read, as
    /// `user list` is: here, whoever can read the store; over the admin
    /// API, an org-admin).
    pub fn events(&self, since: i64, types: &[String], limit: i64) -> Result<Vec<Event>> {
        check_types(types)?;
        self.store.read(|tx| after(tx, since, types, limit))
    }
}

/// The events one write transaction appends, numbered on from the last.
pub(crate) struct Outbox<'t, 'x> {
    tx: &'t Tx<'x>,
    actor: &'t str,
    at: i64,
    next: i64,
}

impl<'t, 'x> Outbox<'t, 'x> {
    /// Opens the outbox of the write transaction `tx` (which holds the
    /// writers' lock: the numbers it hands out are gap-free and unique).
    pub(crate) fn open(tx: &'t Tx<'x>, actor: &'t str) -> Result<Outbox<'t, 'x>> {
        Ok(Outbox {
            tx,
            actor,
            at: crate::time::now(),
            next: rows::last_seq(tx)? + 1,
        })
    }

    fn emit(
        &mut self,
        kind: &'static str,
        data: &impl Serialize,
        previous: Option<RoleSet>,
    ) -> Result<()> {
        let row = rows::EventRow {
            seq: self.next,
            id: format!("evt_{}", uuid::Uuid::new_v4().simple()),
            kind: kind.to_string(),
            at: self.at,
            actor: self.actor.to_string(),
            data: json(data)?,
            previous_roles: previous.as_ref().map(json).transpose()?,
        };
        rows::insert(self.tx, &row)?;
        self.next += 1;
        Ok(())
    }

    /// A person's event; `data` is the person as listings show them.
    pub(crate) fn person(
        &mut self,
        kind: &'static str,
        data: &PersonView,
        previous: Option<RoleSet>,
    ) -> Result<()> {
        self.emit(kind, &data.summary(), previous)
    }

    /// The events of people named by their normalized emails (sorted),
    /// each with the person
    /// as they are now in this transaction.
    pub(crate) fn people_named(
        &mut self,
        events: &[(&str, &'static str, Option<RoleSet>)],
    ) -> Result<()> {
        let norms: Vec<&str> = events.iter().map(|(n, _, _)| *n).collect();
        let mut next = events.iter().peekable();
        super::query::people_named(self.tx, &norms, |norm, p| {
            // The views come in the order asked; one not found is passed over.
            for (n, kind, previous) in next.by_ref() {
                if *n == norm {
                    return self.person(kind, &p, *previous);
                }
            }
            Ok(())
        })
    }

    /// A group's event; `data` is the group as listings show it.
    pub(crate) fn group(&mut self, kind: &'static str, data: &GroupView) -> Result<()> {
        self.emit(kind, data, None)
    }
}

fn json<T: Serialize + ?Sized>(v: &T) -> Result<String> {
    serde_json::to_string(v)
        .map_err(|e| Error::internal(format!("an event did not serialize: {e}")))
}
