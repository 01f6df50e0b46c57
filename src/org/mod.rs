//! The core: the organization's rules. People, invitations, groups, roles,
//! effective roles, impact, the last-admin invariant and the audit log.
//!
//! The core never prints, never prompts and never reads argv or the
//! environment. Every mutation goes through one path: a [`Change`] (a list of
//! [`Op`]s) is resolved against the database into a before/after model, its
//! [`Impact`] measured and the invariants checked ([`Org::plan`]); the CLI shows
//! it and confirms if needed; [`Org::commit`] then does it all again inside one
//! IMMEDIATE transaction, refuses if the impact grew, writes the change and its
//! audit entries, and commits.

pub mod apply;
pub mod audit;
mod change;
pub mod credentials;
pub mod details;
pub mod events;
pub mod invites;
mod query;
pub mod request;
pub mod scim;
pub mod secret;
pub mod sign_in;
pub mod tokens;
pub mod webhooks;

use serde::{Deserialize, Serialize};

/// The reads a request makes inside its own transaction, beside the
/// caller's check (the admin API): the bodies of the `Org` reads.
pub(crate) mod reads {
    pub(crate) use super::apply::export;
    pub(crate) use super::audit::{find as audit, verify as verify_audit};
    pub(crate) use super::events::after as events;
    pub(crate) use super::query::{
        group_in as group, groups_in as groups, invitations_page, people_in as people, person_named,
    };
}

pub use crate::impact::Impact;
pub use change::{Change, ChangeRecord, NameParts, Op, Plan, RoleEdit};
pub use query::{GroupView, InvitationView, MemberView, PersonFilter, PersonView};

use crate::error::{Error, Result};
use crate::role::Role;
use crate::store::{Access, Location, Store};
use crate::validate;

/// Who makes a change: an admin (asserted by email, checked to be an active
/// org-admin), or an identity provider holding a SCIM token (checked by the
/// HTTP layer, and again inside the change's transaction). The audit log
/// names a token's changes `scim:NAME`.
#[derive(Debug, Clone)]
pub enum Actor {
    Person(String),
    Token(String),
    /// A signed-in caller of the admin API: their credential (checked
    /// again inside the change's transaction, with its owner's roles now)
    /// and the client's address, both recorded in the audit entries.
    Api(credentials::Via),
}

/// A person's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Invited,
    Active,
    /// Keeps roles and groups, has no access, counts for no admin quorum.
    Suspended,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Invited => "invited",
            Status::Active => "active",
            Status::Suspended => "suspended",
        }
    }
    pub(crate) fn from_db(s: &str) -> Result<Status> {
        match s {
            "invited" => Ok(Status::Invited),
            "active" => Ok(Status::Active),
            "suspended" => Ok(Status::Suspended),
            _ => Err(Error::storage(format!(
                "the database holds an unknown status `{s}`"
            ))),
        }
    }
}

/// The organization: an open database plus who is acting from which OS user.
pub struct Org {
    store: Store,
    os_user: String,
    progress: Option<std::sync::Arc<ProgressFn>>,
}

/// How far a change has got, for a progress bar (an `apply` of many people
/// takes seconds). Reported as it goes, then `Done` when the step ends,
/// whether it succeeded or not. Remotely, the server streams it to the
/// client as `{"step": "measuring", "done": 1, "of": 2}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "lowercase")]
pub enum Progress {
    /// Ops resolved and measured so far, of all the change's ops.
    Measuring {
        done: usize,
        of: usize,
    },
    /// Groups, people and audit entries written so far, of all to write.
    Writing {
        done: usize,
        of: usize,
    },
    /// Invitations sent so far, of all the committed change made.
    Sending {
        done: usize,
        of: usize,
    },
    Done,
}

pub type ProgressFn = dyn Fn(Progress) + Send + Sync;

/// The result of `init`.
pub struct Initialized {
    pub admin: PersonView,
    pub org_name: String,
}

impl Org {
    pub fn open(at: &Location, access: Access, os_user: &str) -> Result<Org> {
        Ok(Org {
            store: Store::open(at, access)?,
            os_user: os_user.to_string(),
            progress: None,
        })
    }

    /// Reports the progress of the changes that follow to `f` (None: to no one).
    pub fn on_progress(&mut self, f: Option<std::sync::Arc<ProgressFn>>) {
        self.progress = f;
    }

    /// Creates the database with its first active `org-admin`.
    pub fn init(
        at: &Location,
        org_name: &str,
        admin_email: &str,
        admin_name: Option<&str>,
        os_user: &str,
    ) -> Result<Initialized> {
        let email = validate::email(admin_email)?;
        let org_name = validate::text("organization name", org_name)?;
        let name = match admin_name {
            Some(n) => validate::name(n)?,
            None => email
                .typed
                .split('@')
                .next()
                .unwrap_or(&email.typed)
                .to_string(),
        };
        let now = crate::time::now();
        Store::create(at, |tx| {
            crate::store::meta::insert_org(tx, &org_name, now)?;
            let id = crate::store::people::insert(
                tx,
                &crate::store::people::NewPerson {
                    email: &email.typed,
                    email_norm: &email.norm,
                    email_skeleton: &validate::skeleton(&email.norm),
                    name: &name,
                    name_fold: &validate::fold(&name),
                    status: Status::Active.as_str(),
                    external_id: None,
                    given_name: None,
                    family_name: None,
                    user_name: None,
                    now,
                },
            )?;
            crate::store::people::add_role(tx, id, Role::OrgAdmin)?;
            audit::append(
                tx,
                &audit::NewEntry {
                    actor: &email.typed,
                    os_user,
                    action: "init",
                    target: &email.typed,
                    details: details::Details::Initialized {
                        organization: org_name.clone(),
                        name: name.clone(),
                    }
                    .to_json(),
                },
            )?;
            let view = query::person_by_id(tx, id)?;
            events::Outbox::open(tx, &email.typed)?.person("person.activated", &view, None)?;
            Ok(())
        })?;
        let org = Org::open(at, Access::Read, os_user)?;
        let admin = org.person(&email.typed)?;
        Ok(Initialized { admin, org_name })
    }

    /// Copies the whole organization into a new, empty store at `to`
    /// (SQLite file or PostgreSQL database) and checks that it reads back
    /// the same; returns the rows copied per table.
    pub fn copy_to(&self, to: &Location) -> Result<crate::store::copy::Counts> {
        crate::store::copy::copy(&self.store, to)
    }

    /// For the webhook delivery's own connection (see
    /// [`crate::store::Store::relax_durability`]).
    pub fn relax_durability(&self) -> Result<()> {
        self.store.relax_durability()
    }

    /// Whether the store's connection still works (see
    /// [`crate::store::Store::is_alive`]).
    pub fn is_alive(&self, within: std::time::Duration) -> bool {
        self.store.is_alive(within)
    }

    pub fn org_name(&self) -> Result<String> {
        self.store.read(crate::store::meta::org_name)
    }
}
