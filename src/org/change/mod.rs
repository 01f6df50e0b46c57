//! The one path of every mutation: ops → before/after model → impact and
//! invariants → writes and audit entries, all inside one transaction.
//!
//! `mod.rs` holds the public types and plan/commit; `model` the before/after
//! model and its impact; `record` what the admin and the audit log are told;
//! `write` how a measured model is written through the store.

mod emails;
mod events;
mod impact;
mod model;
mod record;
mod write;

use std::borrow::Cow;

use serde::Serialize;

use super::events::Outbox;
use super::{audit, Actor, Impact, Org, Progress, ProgressFn};
use crate::error::{Error, Kind, Result};
use crate::role::{Role, RoleSet};
use crate::store::Tx;
use crate::validate::Email;

use model::{Model, LOAD_EVERYONE_ABOVE};

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

/// The given and family names an identity provider sent (SCIM
/// `name.givenName`, `name.familyName`), kept beside the display name so
/// that the provider reads back what it wrote. A rename from anywhere else
/// (`user edit --name`, `apply`) clears them: they would no longer match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameParts {
    pub given: Option<String>,
    pub family: Option<String>,
}

impl NameParts {
    /// Boxed, or None when neither is set (most people: nothing to carry).
    pub fn boxed(self) -> Option<Box<NameParts>> {
        (self.given.is_some() || self.family.is_some()).then(|| Box::new(self))
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
        external_id: Option<String>,
    },
    /// An active person, as an identity provider creates them (it vouches
    /// for them: no invitation).
    CreatePerson {
        email: Email,
        name: String,
        roles: RoleSet,
        groups: Vec<String>,
        external_id: Option<String>,
        name_parts: NameParts,
        /// The SCIM `userName`, when it is not the email.
        user_name: Option<String>,
        /// Created without access (SCIM `active: false`).
        suspended: bool,
    },
    /// Takes away (or gives back) an active person's access, keeping their
    /// roles and groups.
    SetSuspended {
        person: i64,
        suspended: bool,
    },
    SetExternalId {
        person: i64,
        external_id: Option<String>,
    },
    SetNameParts {
        person: i64,
        parts: NameParts,
    },
    /// The SCIM `userName` (None: the email is the userName).
    SetUserName {
        person: i64,
        user_name: Option<String>,
    },
    SetGroupExternalId {
        group: String,
        external_id: Option<String>,
    },
    /// A new address for an active person (an identity provider renamed them).
    ChangeEmail {
        person: i64,
        email: Email,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeRecord {
    pub action: &'static str,
    pub target: String,
    pub details: crate::org::details::Details,
}

/// Every action a change record may carry: a record read back from a
/// server names one of these (an action this version does not know is a
/// newer server's, and refused).
const ACTIONS: &[&str] = &[
    "user.add",
    "user.edit",
    "user.remove",
    "user.suspend",
    "user.unsuspend",
    "invite.edit",
    "invite.resend",
    "invite.revoke",
    "invite.accept",
    "group.create",
    "group.edit",
    "group.manage",
    "group.delete",
    "apply",
    "init",
    "scim.user.create",
    "scim.user.replace",
    "scim.user.patch",
    "scim.user.delete",
    "scim.group.create",
    "scim.group.replace",
    "scim.group.patch",
    "scim.group.delete",
];

impl<'de> serde::Deserialize<'de> for ChangeRecord {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        #[derive(serde::Deserialize)]
        struct Wire {
            action: String,
            target: String,
            details: serde_json::Value,
        }
        let w = Wire::deserialize(d)?;
        let action = ACTIONS
            .iter()
            .find(|a| **a == w.action)
            .ok_or_else(|| D::Error::custom(format!("unknown action `{}`", w.action)))?;
        let details = crate::org::details::Details::from_json(&w.target, &w.details)
            .ok_or_else(|| D::Error::custom("change details this version cannot read"))?;
        Ok(ChangeRecord {
            action,
            target: w.target,
            details,
        })
    }
}

/// A measured change: what it would write, what it would do to people's
/// access, and whether the admin must confirm it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
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

    /// The impact alone; the records are freed now (a field moved out of a
    /// binding would keep the rest alive to the end of its scope).
    pub fn into_impact(self) -> Impact {
        self.impact
    }
}

impl Org {
    /// Measures a change without writing it: who it would strand, who would
    /// lose which roles, how many admins would remain. Refusals (an actor who
    /// may not change the organization, a change leaving no admin) come here,
    /// before any question is asked.
    pub fn plan(&mut self, actor: &str, change: &Change) -> Result<Plan> {
        self.plan_as(&Actor::Person(actor.to_string()), change)
    }

    /// [`Org::plan`] for any actor (an admin, or an identity provider's token).
    pub fn plan_as(&mut self, actor: &Actor, change: &Change) -> Result<Plan> {
        let progress = self.progress.clone();
        let result = self.store.read(|tx| {
            super::query::authorize_actor(tx, actor)?;
            let ops = change.ops.iter().map(Cow::Borrowed);
            let report = Reporter(progress.as_deref());
            let kind = (change.action, change.always_confirm);
            measure_model(tx, kind, reach(&change.ops), ops, &report).map(|(_, plan)| plan)
        });
        self.record_refusal(actor, change.action, &change.target, result)
    }

    /// Applies a change in one write transaction: resolves and measures it
    /// again, refuses if the impact grew beyond `shown` (what the admin saw),
    /// writes it with its audit entries, and commits. The change is consumed:
    /// its ops move into the model as it is built, so a 100,000-person apply
    /// does not hold them twice.
    pub fn commit(&mut self, actor: &str, change: Change, shown: &Impact) -> Result<Plan> {
        self.commit_as(&Actor::Person(actor.to_string()), change, shown)
    }

    /// [`Org::commit`] for any actor.
    pub fn commit_as(&mut self, actor: &Actor, change: Change, shown: &Impact) -> Result<Plan> {
        let Change {
            action,
            target,
            always_confirm,
            ops,
        } = change;
        let reached = reach(&ops);
        let ops = ops.into_iter().map(Cow::Owned);
        let guard = Guard::Shown(shown);
        let result = self.write_change(actor, action, always_confirm, reached, ops, guard);
        self.record_refusal(actor, action, &target, result)
    }

    /// Measures and writes a change in one transaction, with nothing shown
    /// first: the common case, a change that needs no question, costs one
    /// transaction instead of a plan and a commit. A change that would ask
    /// (it strands someone, or always asks) is rolled back and `None`
    /// returned, for the caller to plan, show and ask; with `yes` (the admin
    /// agreed beforehand, or an identity provider, which is never asked) it
    /// is written.
    pub fn commit_unasked(
        &mut self,
        actor: &Actor,
        change: &Change,
        yes: bool,
    ) -> Result<Option<Plan>> {
        let ops = change.ops.iter().map(Cow::Borrowed);
        let reached = reach(&change.ops);
        let guard = Guard::Unasked { yes };
        let result = self.write_change(
            actor,
            change.action,
            change.always_confirm,
            reached,
            ops,
            guard,
        );
        match self.record_refusal(actor, change.action, &change.target, result) {
            Err(e) if e.kind == Kind::NeedsConfirmation => Ok(None),
            other => other.map(Some),
        }
    }

    fn write_change<'a>(
        &mut self,
        actor: &Actor,
        action: &'static str,
        always_confirm: bool,
        reach: Reach,
        ops: impl ExactSizeIterator<Item = Cow<'a, Op>>,
        guard: Guard,
    ) -> Result<Plan> {
        self.with_writer(actor, |w| {
            w.write((action, always_confirm), reach, ops, guard)
        })
    }

    /// Decides a change from the state inside its own write transaction and
    /// writes it there, asking nothing (an identity provider is never
    /// asked): what a read-modify-write such as a SCIM PATCH needs, so that
    /// a concurrent writer's change is never overwritten by a decision made
    /// from an older read. `decide` reads through the transaction and
    /// returns the change (no ops: nothing to write); `answer` then reads the
    /// result in the same transaction.
    pub fn decide_and_commit<T>(
        &mut self,
        actor: &Actor,
        decide: impl FnOnce(&Tx) -> Result<Change>,
        answer: impl FnOnce(&Tx) -> Result<T>,
    ) -> Result<T> {
        self.with_writer(actor, |w| {
            let change = decide(w.tx)?;
            if !change.ops.is_empty() {
                let reached = reach(&change.ops);
                let kind = (change.action, change.always_confirm);
                let ops = change.ops.into_iter().map(Cow::Owned);
                w.write(kind, reached, ops, Guard::Unasked { yes: true })?;
            }
            answer(w.tx)
        })
    }

    /// Decides a change from the state inside its own write transaction
    /// (`decide`, with what its answer needs), writes it as `guard` allows,
    /// and reads the answer in the same transaction: a request over the
    /// admin API, whose names are resolved where they are written.
    pub(crate) fn write_with<X, T>(
        &mut self,
        actor: &Actor,
        decide: impl FnOnce(&Tx) -> Result<(Change, X)>,
        guard: Guard,
        answer: impl FnOnce(&Tx, X) -> Result<T>,
    ) -> Result<(Plan, T)> {
        self.with_writer(actor, |w| {
            let (change, x) = decide(w.tx)?;
            let reached = reach(&change.ops);
            let kind = (change.action, change.always_confirm);
            let ops = change.ops.into_iter().map(Cow::Owned);
            let plan = w.write(kind, reached, ops, guard)?;
            Ok((plan, answer(w.tx, x)?))
        })
    }

    /// Measures a change `decide` makes from the state in the reading
    /// transaction. Refusals are not recorded here (the caller does, with
    /// [`Org::record_refusal`]).
    pub(crate) fn plan_with(
        &mut self,
        actor: &Actor,
        decide: impl FnOnce(&Tx) -> Result<Change>,
    ) -> Result<Plan> {
        let progress = self.progress.clone();
        self.store.read(|tx| {
            super::query::authorize_actor(tx, actor)?;
            let change = decide(tx)?;
            let report = Reporter(progress.as_deref());
            let kind = (change.action, change.always_confirm);
            let reached = reach(&change.ops);
            let ops = change.ops.iter().map(Cow::Borrowed);
            measure_model(tx, kind, reached, ops, &report).map(|(_, plan)| plan)
        })
    }

    /// Runs `f` in one write transaction, with the actor authorized inside it.
    fn with_writer<T>(&mut self, actor: &Actor, f: impl FnOnce(&Writer) -> Result<T>) -> Result<T> {
        let os_user = self.os_user.clone();
        let progress = self.progress.clone();
        self.store.write(|tx| {
            let actor_name = super::query::authorize_actor(tx, actor)?;
            let w = Writer {
                tx,
                actor: &actor_name,
                os_user: &os_user,
                via: match actor {
                    Actor::Api(via) => Some(via),
                    _ => None,
                },
                report: Reporter(progress.as_deref()),
            };
            f(&w)
        })
    }

    /// An actor who may not change the organization is refused, and the
    /// attempt is recorded in its own small transaction.
    pub(crate) fn record_refusal<T>(
        &mut self,
        actor: &Actor,
        action: &str,
        target: &str,
        result: Result<T>,
    ) -> Result<T> {
        let Err(e) = &result else {
            return result;
        };
        if e.kind != Kind::Forbidden || e.impact.is_some() {
            return result;
        }
        let (actor, via) = match actor {
            Actor::Person(a) => (a.clone(), None),
            // A caller whose credential no longer holds is the HTTP
            // layer's 401: nobody to record.
            Actor::Api(via) => match self.store.read(|tx| via.owner(tx)) {
                Ok(owner) => (owner, Some(via)),
                Err(_) => return result,
            },
            // A token's refusals are the HTTP layer's 401s, before any change.
            Actor::Token(_) => return result,
        };
        let os_user = self.os_user.clone();
        // Whatever was passed as --as goes into the log only in a form
        // that cannot carry terminal escapes into `orgadm audit`.
        let actor = crate::validate::printable(&actor);
        let target = crate::validate::printable(target);
        let details = crate::org::details::Details::Refused {
            reason: e.message.clone(),
        }
        .to_json();
        let details = super::credentials::Via::record(via, details);
        // Best effort: a read-only database still refuses, unrecorded.
        let _ = self.store.write(|tx| {
            audit::append(
                tx,
                &audit::NewEntry {
                    actor: &actor,
                    os_user: &os_user,
                    action,
                    target: &target,
                    details: details.clone(),
                },
            )
        });
        result
    }
}

/// What a commit checks the measured change against.
pub(crate) enum Guard<'a> {
    /// The impact the admin was shown: refuse if it grew since.
    Shown(&'a Impact),
    /// Nothing was shown: write only a change that needs no question
    /// (any change, with `yes`).
    Unasked { yes: bool },
}

/// One change's writing inside an open write transaction, as `actor`.
struct Writer<'t, 'x> {
    tx: &'t Tx<'x>,
    actor: &'t str,
    os_user: &'t str,
    /// The credential and client of a change over the admin API.
    via: Option<&'t super::credentials::Via>,
    report: Reporter<'t>,
}

impl Writer<'_, '_> {
    /// Measures the change in this transaction, checks it against `guard`,
    /// and writes it with its audit entries.
    fn write<'a>(
        &self,
        kind: ChangeKind,
        reach: Reach,
        ops: impl ExactSizeIterator<Item = Cow<'a, Op>>,
        guard: Guard,
    ) -> Result<Plan> {
        let (tx, report) = (self.tx, &self.report);
        let (model, plan) = measure_model(tx, kind, reach, ops, report)?;
        match guard {
            Guard::Shown(shown) if plan.impact.grew_since(shown) => {
                return Err(Error::conflict(
                    "the organization changed since this change was measured: it would now take more access away than shown; nothing was applied",
                )
                .hint("run the command again to see the new impact")
                .with_impact(plan.impact));
            }
            // Rolled back: the caller plans and asks.
            Guard::Unasked { yes: false } if plan.needs_confirmation => {
                return Err(Error::needs_confirmation(
                    "this change needs a question first",
                ));
            }
            _ => {}
        }
        let of = model.groups.len() + model.persons.len() + plan.changes.len();
        let mut done = 0;
        let mut step = || {
            done += 1;
            report.tell(Progress::Writing { done, of });
        };
        // The events, in this transaction: what goes is read as it was,
        // before the write; what stays, after it.
        let events = model.events(kind.0);
        let mut outbox = Outbox::open(tx, self.actor)?;
        outbox.people_named(&events.removed)?;
        for name in &events.deleted {
            outbox.group("group.deleted", &super::query::group_listed_in(tx, name)?)?;
        }
        model.write(tx, self.actor, &mut step)?;
        if plan.changes.len() > REFRESH_STATISTICS_ABOVE {
            tx.refresh_statistics()?;
        }
        for (name, kind) in &events.groups {
            outbox.group(kind, &super::query::group_listed_in(tx, name)?)?;
        }
        outbox.people_named(&events.people)?;
        for name in &events.members_changed {
            outbox.group(
                "group.members_changed",
                &super::query::group_listed_in(tx, name)?,
            )?;
        }
        let mut chain = audit::Chain::open(tx)?;
        for rec in &plan.changes {
            step();
            chain.append(
                tx,
                &audit::NewEntry {
                    actor: self.actor,
                    os_user: self.os_user,
                    action: rec.action,
                    target: &rec.target,
                    details: super::credentials::Via::record(self.via, rec.details.to_json()),
                },
            )?;
        }
        Ok(plan)
    }
}

/// Above this many people changed at once, the store refreshes its
/// planner's statistics before the change reads back what it wrote.
const REFRESH_STATISTICS_ABOVE: usize = 1000;

/// What a change's ops reach in the database: how many name an existing
/// person (beyond a few, everyone is loaded at once), and the normalized
/// emails of the people it adds (beyond a few, asked about in batches).
struct Reach {
    named: usize,
    new_emails: Vec<String>,
}

fn reach(ops: &[Op]) -> Reach {
    let named = ops
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
    let new_emails = ops
        .iter()
        .filter_map(|op| match op {
            Op::Invite { email, .. } | Op::CreatePerson { email, .. } => Some(email.norm.clone()),
            _ => None,
        })
        .collect();
    Reach { named, new_emails }
}

/// Builds the model of a change from its ops (borrowed when planning, owned
/// when committing) and measures it.
/// A change's action and whether it always asks.
type ChangeKind = (&'static str, bool);

/// Tells the progress function how a step goes, and `Done` when it is
/// dropped: a step ends, however it ends.
struct Reporter<'a>(Option<&'a ProgressFn>);

impl Reporter<'_> {
    fn tell(&self, p: Progress) {
        if let Some(f) = self.0 {
            f(p);
        }
    }
}

impl Drop for Reporter<'_> {
    fn drop(&mut self) {
        self.tell(Progress::Done);
    }
}

fn measure_model<'a>(
    tx: &Tx,
    (action, always_confirm): ChangeKind,
    reach: Reach,
    ops: impl ExactSizeIterator<Item = Cow<'a, Op>>,
    report: &Reporter,
) -> Result<(Model, Plan)> {
    let mut model = Model::load(tx)?;
    if reach.named > LOAD_EVERYONE_ABOVE {
        model.load_people(tx, crate::store::people::Scope::Everyone)?;
    }
    if reach.new_emails.len() > emails::ASK_IN_BATCHES_ABOVE {
        model.asked = Some(emails::Asked::ask(tx, reach.new_emails)?);
    }
    let of = ops.len();
    for (i, op) in ops.enumerate() {
        match op {
            Cow::Borrowed(op) => model.apply(tx, op)?,
            Cow::Owned(op) => model.apply_owned(tx, op)?,
        }
        report.tell(Progress::Measuring { done: i + 1, of });
    }
    model.ops_done();
    let impact = model.impact(tx)?;
    let changes = model.records(action);
    if impact.admins_remaining < 1 && !changes.is_empty() {
        return Err(Error::forbidden(
            "refused: this change would leave the organization without an active org-admin",
        )
        .hint("give someone else `org-admin` first, e.g. `orgadm user edit EMAIL --add-role org-admin`")
        .with_impact(impact));
    }
    let needs_confirmation = !changes.is_empty() && (always_confirm || !impact.stranded.is_empty());
    let plan = Plan {
        changes,
        notes: std::mem::take(&mut model.notes),
        impact,
        needs_confirmation,
    };
    Ok((model, plan))
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::org::secret::Token;
    use crate::store::Location;

    /// Every op is reported measured, then every group, person and audit
    /// entry written, each step ending with Done; a refused change ends
    /// with Done too.
    #[test]
    fn progress_counts_every_op_and_every_write() {
        let dir = tempfile::tempdir().unwrap();
        let at = Location::File(dir.path().join("o.db"));
        Org::init(&at, "P", "ada@example.com", Some("Ada"), "t").unwrap();
        let mut org = Org::open(&at, crate::store::Access::Write, "t").unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        org.on_progress(Some(Arc::new(move |p| log.lock().unwrap().push(p))));
        let ops: Vec<Op> = (0..3)
            .map(|i| Op::Invite {
                email: crate::validate::email(&format!("p{i}@example.com")).unwrap(),
                name: format!("P{i}"),
                roles: RoleSet::of([Role::User]),
                groups: vec![],
                token_hash: Token::generate().unwrap().hash,
                expires_at: crate::time::now() + 60,
            })
            .collect();
        let change = Change::new("test", "test", ops);
        let plan = org.plan("ada@example.com", &change).unwrap();
        org.commit("ada@example.com", change, &plan.impact).unwrap();
        let measuring = |n| Progress::Measuring { done: n, of: 3 };
        let writing = |n| Progress::Writing { done: n, of: 6 };
        let mut want = vec![measuring(1), measuring(2), measuring(3), Progress::Done];
        want.extend([measuring(1), measuring(2), measuring(3)]);
        // No groups; three people in the model; three audit entries.
        want.extend((1..=6).map(writing));
        want.push(Progress::Done);
        assert_eq!(*seen.lock().unwrap(), want);

        seen.lock().unwrap().clear();
        let ada = org.find_person("ada@example.com").unwrap();
        let demote = Change::new("test", "test", vec![Op::RemovePerson { person: ada }]);
        assert!(org.plan("ada@example.com", &demote).is_err());
        assert_eq!(
            *seen.lock().unwrap(),
            vec![Progress::Measuring { done: 1, of: 1 }, Progress::Done]
        );
    }

    /// A change adding many people (their emails asked about in batches)
    /// refuses an address someone holds in another form and a look-alike
    /// of someone's, as a change adding one does.
    #[test]
    fn many_new_people_are_checked_against_the_database_in_batches() {
        let dir = tempfile::tempdir().unwrap();
        let at = Location::File(dir.path().join("o.db"));
        Org::init(&at, "P", "ada@example.com", Some("Ada"), "t").unwrap();
        let mut org = Org::open(&at, crate::store::Access::Write, "t").unwrap();
        let invite = |email: &str| Op::Invite {
            email: crate::validate::email(email).unwrap(),
            name: "P".into(),
            roles: RoleSet::of([Role::User]),
            groups: vec![],
            token_hash: Token::generate().unwrap().hash,
            expires_at: crate::time::now() + 60,
        };
        let many = |last: &str| {
            let mut ops: Vec<Op> = (0..=emails::ASK_IN_BATCHES_ABOVE)
                .map(|i| invite(&format!("p{i}@example.com")))
                .collect();
            ops.push(invite(last));
            Change::new("test", "test", ops)
        };
        for (last, says) in [
            (
                "ADA@Example.com",
                "ADA@Example.com is already in the organization (as ada@example.com)",
            ),
            (
                "\u{430}da@example.com",
                "looks like ada@example.com, who is already in the organization",
            ),
        ] {
            let e = org.plan("ada@example.com", &many(last)).unwrap_err();
            assert_eq!(e.kind, Kind::Conflict, "{last}: {e:?}");
            assert!(e.message.contains(says), "{last}: {}", e.message);
        }
        let ok = many("bob@example.com");
        let plan = org.plan("ada@example.com", &ok).unwrap();
        org.commit("ada@example.com", ok, &plan.impact).unwrap();
    }
}
