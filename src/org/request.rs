//! Every changing command as a typed request (serde both ways): what the CLI
//! parsed from its arguments, and what `POST /api/v1/changes` takes. One
//! function, [`Org::submit`], turns a request into a [`Change`] inside the
//! transaction that writes it, commits it and sends the invitations it
//! made, so a command's rules exist once, whichever side runs them
//! (DESIGN.md, "Remote mode").

// A request reaches this module: nothing here may panic on what it sends.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable
    )
)]

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::apply::OrgFile;
use super::secret::Token;
use super::{Actor, Change, GroupView, Impact, Op, Org, PersonView, Plan, RoleEdit, Status};
use crate::error::{Error, Result};
use crate::mail::{Mailer, Sent};
use crate::role::{Role, RoleSet};
use crate::store::Tx;
use crate::validate;

/// `--add-role`, `--remove-role` and `--set-roles`, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleArgs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
}

impl RoleArgs {
    pub fn to_edit(&self) -> Result<RoleEdit> {
        Ok(RoleEdit {
            set: self.set.as_deref().map(roles).transpose()?.map(RoleSet::of),
            add: roles(&self.add)?,
            remove: roles(&self.remove)?,
        })
    }
}

/// Parses role names (CLI or display names).
pub fn roles(names: &[String]) -> Result<Vec<Role>> {
    names.iter().map(|n| Ok(Role::parse(n)?)).collect()
}

/// One changing command. People are named as the admin typed them (an
/// email, or a name matching one person), resolved in the writing
/// transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Request {
    /// `user add`.
    UserAdd {
        email: String,
        name: String,
        #[serde(default)]
        roles: Vec<String>,
        #[serde(default)]
        groups: Vec<String>,
        #[serde(default)]
        expires_in: Option<String>,
        #[serde(default)]
        no_email: bool,
    },
    /// `user edit`, and `invite edit` (`invited_only`).
    UserEdit {
        user: String,
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        email: Option<String>,
        #[serde(default)]
        roles: RoleArgs,
        #[serde(default)]
        add_groups: Vec<String>,
        #[serde(default)]
        remove_groups: Vec<String>,
        #[serde(default)]
        invited_only: bool,
        #[serde(default)]
        no_email: bool,
    },
    /// `user remove`, and `invite revoke` (`invited_only`).
    UserRemove {
        user: String,
        #[serde(default)]
        invited_only: bool,
    },
    /// `user suspend` (`suspended: true`) and `user unsuspend`.
    UserSuspend { user: String, suspended: bool },
    /// `invite resend EMAIL`.
    InviteResend {
        user: String,
        #[serde(default)]
        expires_in: Option<String>,
        #[serde(default)]
        no_email: bool,
    },
    /// `group create`.
    GroupCreate { name: String, roles: Vec<String> },
    /// `group edit`.
    GroupEdit {
        group: String,
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        roles: RoleArgs,
    },
    /// `group manage` (with `--add`/`--remove`, or what the interactive
    /// review staged).
    GroupManage {
        group: String,
        #[serde(default)]
        add: Vec<String>,
        #[serde(default)]
        remove: Vec<String>,
    },
    /// `group delete`: always asks.
    GroupDelete { group: String },
    /// `apply`: the file's text (TOML, or CSV with `csv`), parsed where it
    /// is applied. `name` is the file's name, for the messages.
    Apply {
        name: String,
        text: String,
        #[serde(default)]
        csv: bool,
        #[serde(default)]
        prune: bool,
        #[serde(default)]
        expires_in: Option<String>,
        #[serde(default)]
        no_email: bool,
    },
}

impl Request {
    /// The audit log's action for this request (a refusal is recorded
    /// under it); the change itself may say more precisely.
    pub fn action(&self) -> &'static str {
        match self {
            Request::UserAdd { .. } => "user.add",
            Request::UserEdit {
                invited_only: true, ..
            } => "invite.edit",
            Request::UserEdit { .. } => "user.edit",
            Request::UserRemove {
                invited_only: true, ..
            } => "invite.revoke",
            Request::UserRemove { .. } => "user.remove",
            Request::UserSuspend {
                suspended: true, ..
            } => "user.suspend",
            Request::UserSuspend { .. } => "user.unsuspend",
            Request::InviteResend { .. } => "invite.resend",
            Request::GroupCreate { .. } => "group.create",
            Request::GroupEdit { .. } => "group.edit",
            Request::GroupManage { .. } => "group.manage",
            Request::GroupDelete { .. } => "group.delete",
            Request::Apply { .. } => "apply",
        }
    }

    /// What the request names, as typed (the target of a refusal's entry).
    pub fn target(&self) -> String {
        match self {
            Request::UserAdd { email, .. } => email.trim().to_string(),
            Request::UserEdit { user, .. }
            | Request::UserRemove { user, .. }
            | Request::UserSuspend { user, .. }
            | Request::InviteResend { user, .. } => user.trim().to_string(),
            Request::GroupCreate { name: group, .. }
            | Request::GroupEdit { group, .. }
            | Request::GroupManage { group, .. }
            | Request::GroupDelete { group } => format!("group:{}", group.trim()),
            Request::Apply { .. } => "organization".to_string(),
        }
    }

    fn no_email(&self) -> bool {
        match self {
            Request::UserAdd { no_email, .. }
            | Request::UserEdit { no_email, .. }
            | Request::InviteResend { no_email, .. }
            | Request::Apply { no_email, .. } => *no_email,
            _ => false,
        }
    }

    /// Checks what needs no store: a request that cannot be right is
    /// refused before a transaction opens (and before a server is asked).
    pub fn check(&self) -> Result<()> {
        let ttl = Duration::from_secs(1);
        self.prepare(ttl).map(|_| ())
    }

    /// The request's own parts, validated.
    fn prepare(&self, invite_ttl: Duration) -> Result<Prepared> {
        let groups = |names: &[String]| -> Result<Vec<String>> {
            names.iter().map(|g| validate::group_name(g)).collect()
        };
        let expiry = |expires_in: &Option<String>| -> Result<i64> {
            let ttl = match expires_in {
                Some(d) => crate::time::duration("--expires-in", d, crate::time::VALIDITY)?,
                None => invite_ttl,
            };
            Ok(crate::time::after(ttl))
        };
        Ok(match self {
            Request::UserAdd {
                email,
                name,
                roles: r,
                groups: g,
                expires_in,
                ..
            } => Prepared::Add {
                email: validate::email(email)?,
                name: validate::name(name)?,
                roles: RoleSet::of(roles(r)?),
                groups: groups(g)?,
                expires_at: expiry(expires_in)?,
            },
            Request::UserEdit {
                name,
                email,
                roles: r,
                add_groups,
                remove_groups,
                ..
            } => {
                let p = Prepared::Edit {
                    name: name.as_deref().map(validate::name).transpose()?,
                    email: email.as_deref().map(validate::email).transpose()?,
                    roles: r.to_edit()?,
                    add_groups: groups(add_groups)?,
                    remove_groups: groups(remove_groups)?,
                    expires_at: expiry(&None)?,
                };
                if let Prepared::Edit {
                    name: None,
                    email: None,
                    roles,
                    add_groups,
                    remove_groups,
                    ..
                } = &p
                {
                    if roles.is_empty() && add_groups.is_empty() && remove_groups.is_empty() {
                        return Err(Error::usage("nothing to change")
                            .hint("pass --name, --email, --add-role, --remove-role, --set-roles, --add-group or --remove-group"));
                    }
                }
                p
            }
            Request::InviteResend { expires_in, .. } => Prepared::Expiry(expiry(expires_in)?),
            Request::GroupCreate { name, roles: r } => {
                let roles = RoleSet::of(roles(r)?);
                if roles.is_empty() {
                    return Err(Error::usage("a group needs at least one role")
                        .hint("pass `--role ROLE` (org-admin, user, finance-admin)"));
                }
                Prepared::Group {
                    name: Some(validate::group_name(name)?),
                    roles: RoleEdit {
                        set: Some(roles),
                        ..RoleEdit::default()
                    },
                }
            }
            Request::GroupEdit { name, roles: r, .. } => {
                let name = name.as_deref().map(validate::group_name).transpose()?;
                let roles = r.to_edit()?;
                if name.is_none() && roles.is_empty() {
                    return Err(Error::usage("nothing to change")
                        .hint("pass --name, --add-role, --remove-role or --set-roles"));
                }
                Prepared::Group { name, roles }
            }
            Request::Apply {
                name,
                text,
                csv,
                expires_in,
                ..
            } => {
                let path = std::path::Path::new(name);
                let file = if *csv {
                    OrgFile::parse_csv(path, text)?
                } else {
                    OrgFile::parse(path, text)?
                };
                Prepared::Apply {
                    file: Box::new(file),
                    expires_at: expiry(expires_in)?,
                }
            }
            Request::UserRemove { .. }
            | Request::UserSuspend { .. }
            | Request::GroupManage { .. }
            | Request::GroupDelete { .. } => Prepared::Nothing,
        })
    }
}

/// (command, the field the route fixes and its value, method, path).
pub(crate) type Route = (
    &'static str,
    Option<(&'static str, bool)>,
    &'static str,
    &'static str,
);

/// Where the admin API takes each request: its command, the field the
/// route fixes (`invite edit` is `user edit` of invited people only), the
/// method, and the path (`{field}` names the path's field). The client and
/// the server both read this one table.
pub(crate) const ROUTES: &[Route] = &[
    ("user-add", None, "POST", "/api/v1/people"),
    (
        "user-edit",
        Some(("invited_only", false)),
        "PATCH",
        "/api/v1/people/{user}",
    ),
    (
        "user-edit",
        Some(("invited_only", true)),
        "PATCH",
        "/api/v1/invitations/{user}",
    ),
    (
        "user-remove",
        Some(("invited_only", false)),
        "DELETE",
        "/api/v1/people/{user}",
    ),
    (
        "user-remove",
        Some(("invited_only", true)),
        "DELETE",
        "/api/v1/invitations/{user}",
    ),
    (
        "user-suspend",
        Some(("suspended", true)),
        "POST",
        "/api/v1/people/{user}/suspend",
    ),
    (
        "user-suspend",
        Some(("suspended", false)),
        "POST",
        "/api/v1/people/{user}/unsuspend",
    ),
    (
        "invite-resend",
        None,
        "POST",
        "/api/v1/invitations/{user}/resend",
    ),
    ("group-create", None, "POST", "/api/v1/groups"),
    ("group-edit", None, "PATCH", "/api/v1/groups/{group}"),
    ("group-delete", None, "DELETE", "/api/v1/groups/{group}"),
    (
        "group-manage",
        None,
        "POST",
        "/api/v1/groups/{group}/members",
    ),
    ("apply", None, "POST", "/api/v1/apply"),
];

/// The body keys that say how a request is run, beside its own fields.
const CONTROLS: [&str; 3] = ["dry_run", "yes", "shown"];

/// What a change's answer streams as when the client asks for its
/// progress (`Accept`): a line per progress report, then the answer.
pub const PROGRESS_TYPE: &str = "application/x-ndjson";

/// A page of a list in the admin API: `next` is the cursor of the page
/// after it (`after` for people and invitations, `before` for audit
/// entries, `since` for events), null on the last page.
#[derive(Debug, Serialize, Deserialize)]
pub struct Page<T, C = String> {
    pub items: Vec<T>,
    pub next: Option<C>,
}

/// A path segment, percent-encoded (a person's email or a group's name in a URL).
pub fn segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A request as the admin API takes it: method, path and JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiCall {
    pub method: &'static str,
    pub path: String,
    pub body: serde_json::Value,
}

impl Request {
    /// The request as the admin API takes it, run as `how` says.
    pub fn to_api(&self, how: How) -> Result<ApiCall> {
        let internal = || Error::internal("a request with no route in the admin API");
        let mut v = serde_json::to_value(self)
            .map_err(|e| Error::internal(format!("cannot encode the request: {e}")))?;
        let obj = v.as_object_mut().ok_or_else(internal)?;
        let command = obj.remove("command").ok_or_else(internal)?;
        let &(_, fixed, method, template) = ROUTES
            .iter()
            .find(|(c, fixed, _, _)| {
                command == *c
                    && fixed
                        .is_none_or(|(k, want)| obj.get(k).and_then(|v| v.as_bool()) == Some(want))
            })
            .ok_or_else(internal)?;
        if let Some((k, _)) = fixed {
            obj.remove(k);
        }
        let mut path = template.to_string();
        if let Some((field, _)) = path_field(template) {
            let value = obj.remove(field).ok_or_else(internal)?;
            let value = value.as_str().ok_or_else(internal)?;
            path = template.replace(&format!("{{{field}}}"), &segment(value));
        }
        match how {
            How::Plan => {
                obj.insert("dry_run".into(), true.into());
            }
            How::Unasked { yes } => {
                obj.insert("yes".into(), yes.into());
            }
            How::Shown(impact) => {
                let shown = serde_json::to_value(impact)
                    .map_err(|e| Error::internal(format!("cannot encode the impact: {e}")))?;
                obj.insert("shown".into(), shown);
            }
        }
        Ok(ApiCall {
            method,
            path,
            body: v,
        })
    }

    /// The request a route of the admin API was called with: `template` is
    /// the route's path as [`ROUTES`] has it, `value` the path's field.
    /// Returns it with how to run it (the impact shown, when confirmed).
    pub fn from_api(
        method: &str,
        template: &str,
        value: Option<String>,
        body: serde_json::Value,
    ) -> Result<(Request, Option<Impact>, bool, bool)> {
        let &(command, fixed, _, _) = ROUTES
            .iter()
            .find(|(_, _, m, t)| *m == method && *t == template)
            .ok_or_else(|| Error::internal("a route the request table does not name"))?;
        let mut body = match body {
            serde_json::Value::Null => serde_json::Value::Object(Default::default()),
            b => b,
        };
        let obj = body
            .as_object_mut()
            .ok_or_else(|| Error::usage("the request body must be a JSON object"))?;
        let path_field = path_field(template).map(|(f, _)| f);
        for k in ["command"]
            .into_iter()
            .chain(fixed.map(|(k, _)| k))
            .chain(path_field)
        {
            if obj.contains_key(k) {
                return Err(Error::usage(format!(
                    "the body must not hold `{k}`: the route says it"
                )));
            }
        }
        let mut controls = serde_json::Map::new();
        for k in CONTROLS {
            if let Some(v) = obj.remove(k) {
                controls.insert(k.to_string(), v);
            }
        }
        obj.insert("command".into(), command.into());
        if let Some((k, v)) = fixed {
            obj.insert(k.into(), v.into());
        }
        if let (Some(f), Some(v)) = (path_field, value) {
            obj.insert(f.into(), v.into());
        }
        let req: Request = serde_json::from_value(body).map_err(|e| {
            Error::usage(format!(
                "the request body is not what this route takes: {e}"
            ))
        })?;
        let shown = match controls.remove("shown") {
            None | Some(serde_json::Value::Null) => None,
            Some(v) => Some(
                serde_json::from_value(v)
                    .map_err(|e| Error::usage(format!("`shown` is not an impact: {e}")))?,
            ),
        };
        let flag = |k: &str| -> Result<bool> {
            match controls.get(k) {
                None => Ok(false),
                Some(serde_json::Value::Bool(b)) => Ok(*b),
                Some(_) => Err(Error::usage(format!("`{k}` must be true or false"))),
            }
        };
        Ok((req, shown, flag("dry_run")?, flag("yes")?))
    }
}

/// The field a route's path names (`{user}`, `{group}`), and where.
fn path_field(template: &str) -> Option<(&str, usize)> {
    let start = template.find('{')?;
    let end = template[start..].find('}')? + start;
    Some((&template[start + 1..end], start))
}

/// A request's validated parts.
enum Prepared {
    Add {
        email: validate::Email,
        name: String,
        roles: RoleSet,
        groups: Vec<String>,
        expires_at: i64,
    },
    Edit {
        name: Option<String>,
        email: Option<validate::Email>,
        roles: RoleEdit,
        add_groups: Vec<String>,
        remove_groups: Vec<String>,
        expires_at: i64,
    },
    Expiry(i64),
    Group {
        name: Option<String>,
        roles: RoleEdit,
    },
    Apply {
        file: Box<OrgFile>,
        expires_at: i64,
    },
    Nothing,
}

/// What a request's side needs to know that is not in the request: how
/// long an invitation lasts by default (`invite_ttl` of the side that
/// holds the store).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub invite_ttl: Duration,
}

/// How a request is to be run.
#[derive(Debug, Clone, Copy)]
pub enum How<'a> {
    /// Measure only (`--dry-run`, or to show a question).
    Plan,
    /// Commit at once unless it needs a question; with `yes`, commit anyway.
    Unasked { yes: bool },
    /// Commit against the impact the admin was shown; refuse if it grew.
    Shown(&'a Impact),
}

/// What running a request came to.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Committed (or a no-op).
    Done(Box<Done>),
    /// Measured, not written: asked for ([`How::Plan`]), or the change
    /// needs a question first.
    Planned(Box<Plan>),
}

/// A committed request: the change, what it names afterwards, and the
/// invitations it sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Done {
    pub plan: Plan,
    /// The person the request named: after the change, or as they were
    /// when it removed them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonView>,
    /// The group the request named, after the change (none once deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupView>,
    /// Each invitation the change made, after its delivery.
    #[serde(default)]
    pub invitations: Vec<SentInvitation>,
}

/// One invitation after its change was committed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SentInvitation {
    /// As typed.
    pub email: String,
    /// The accept link, when nothing was sent (`--no-email`, or mail off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept: Option<String>,
    pub delivery: DeliveryReport,
}

/// How an invitation went out, as `--json` reports it under `delivery`:
/// `{"sent": true, "transport": "file", "path": ...}`, `{"sent": true,
/// "transport": "smtp", "server": ...}`, `{"sent": true, "transport":
/// "sendmail"}`, `{"sent": false}` or `{"sent": false, "error": ...}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryReport {
    pub sent: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<std::path::PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl DeliveryReport {
    fn sent(transport: &str) -> DeliveryReport {
        DeliveryReport {
            sent: true,
            transport: Some(transport.to_string()),
            ..DeliveryReport::default()
        }
    }
}

/// A request turned into a change, with what its answer needs.
struct Resolved {
    change: Change,
    /// Each invitation the change makes: the email as typed, and its token.
    tokens: Vec<(String, Token)>,
    subject: Subject,
}

/// What a request's answer shows.
enum Subject {
    Person(i64),
    /// A person as they were (the request removes them).
    Removed(Box<PersonView>),
    Group(String),
    Nothing,
}

/// Turns a request into its change, reading through `tx` (the writing
/// transaction, or the planning read).
fn resolve(tx: &Tx, req: &Request, prepared: Prepared) -> Result<Resolved> {
    use super::query::{find_person, group as find_group, person_by_id};
    let invited = |id: i64| -> Result<PersonView> {
        let p = person_by_id(tx, id)?;
        if p.status != Status::Invited {
            return Err(Error::not_found(format!(
                "{} has no open invitation: they are already active",
                p.email
            ))
            .hint(format!(
                "use `orgadm user edit {}` or `orgadm user remove {}`",
                p.email, p.email
            )));
        }
        Ok(p)
    };
    let one = |change: Change, subject: Subject| Resolved {
        change,
        tokens: Vec::new(),
        subject,
    };
    Ok(match (req, prepared) {
        (
            Request::UserAdd { .. },
            Prepared::Add {
                email,
                name,
                roles,
                groups,
                expires_at,
            },
        ) => {
            let token = Token::generate()?;
            let change = Change::new(
                "user.add",
                email.typed.clone(),
                vec![Op::Invite {
                    email: email.clone(),
                    name,
                    roles,
                    groups,
                    token_hash: token.hash.clone(),
                    expires_at,
                }],
            );
            Resolved {
                change,
                tokens: vec![(email.typed.clone(), token)],
                subject: Subject::Nothing,
            }
        }
        (
            Request::UserEdit {
                user, invited_only, ..
            },
            Prepared::Edit {
                name,
                email,
                roles,
                add_groups,
                remove_groups,
                expires_at,
            },
        ) => {
            let id = find_person(tx, user)?;
            let target = if *invited_only {
                invited(id)?
            } else {
                person_by_id(tx, id)?
            }
            .email;
            let token = email.as_ref().map(|_| Token::generate()).transpose()?;
            let email_op = match (&email, &token) {
                (Some(e), Some(t)) => Some((e.clone(), t.hash.clone(), expires_at)),
                _ => None,
            };
            let change = Change::new(
                req.action(),
                target,
                vec![Op::EditPerson {
                    person: id,
                    name,
                    email: email_op,
                    roles,
                    add_groups,
                    remove_groups,
                }],
            );
            Resolved {
                change,
                tokens: match (email, token) {
                    (Some(e), Some(t)) => vec![(e.typed, t)],
                    _ => Vec::new(),
                },
                subject: Subject::Person(id),
            }
        }
        (Request::UserRemove { user, invited_only }, _) => {
            let id = find_person(tx, user)?;
            let p = if *invited_only {
                invited(id)?
            } else {
                person_by_id(tx, id)?
            };
            let action = if p.status == Status::Invited {
                "invite.revoke"
            } else {
                "user.remove"
            };
            let change = Change::new(
                action,
                p.email.clone(),
                vec![Op::RemovePerson { person: id }],
            );
            one(change, Subject::Removed(Box::new(p)))
        }
        (Request::UserSuspend { user, suspended }, _) => {
            let id = find_person(tx, user)?;
            let p = person_by_id(tx, id)?;
            let change = Change::new(
                req.action(),
                p.email,
                vec![Op::SetSuspended {
                    person: id,
                    suspended: *suspended,
                }],
            );
            one(change, Subject::Person(id))
        }
        (Request::InviteResend { user, .. }, Prepared::Expiry(expires_at)) => {
            let id = find_person(tx, user)?;
            let email = invited(id)?.email;
            let token = Token::generate()?;
            let change = Change::new(
                "invite.resend",
                email.clone(),
                vec![Op::Resend {
                    person: id,
                    token_hash: token.hash.clone(),
                    expires_at,
                }],
            );
            Resolved {
                change,
                tokens: vec![(email, token)],
                subject: Subject::Person(id),
            }
        }
        (
            Request::GroupCreate { .. },
            Prepared::Group {
                name: Some(name),
                roles,
            },
        ) => {
            let change = Change::new(
                "group.create",
                format!("group:{name}"),
                vec![Op::CreateGroup {
                    name: name.clone(),
                    roles: roles.set.unwrap_or_default(),
                    external_id: None,
                }],
            );
            one(change, Subject::Group(name))
        }
        (Request::GroupEdit { group, .. }, Prepared::Group { name, roles }) => {
            let (_, current) = find_group(tx, group)?;
            let after = name.clone().unwrap_or_else(|| current.clone());
            let change = Change::new(
                "group.edit",
                format!("group:{current}"),
                vec![Op::EditGroup {
                    group: current,
                    name,
                    roles,
                }],
            );
            one(change, Subject::Group(after))
        }
        (Request::GroupManage { group, add, remove }, _) => {
            let (_, group) = find_group(tx, group)?;
            // Every person is resolved first: one unknown name fails it all.
            let mut ops = Vec::with_capacity(add.len() + remove.len());
            for u in add {
                ops.push(Op::AddMember {
                    group: group.clone(),
                    person: find_person(tx, u)?,
                });
            }
            for u in remove {
                ops.push(Op::RemoveMember {
                    group: group.clone(),
                    person: find_person(tx, u)?,
                });
            }
            if ops.is_empty() {
                return Err(Error::usage(format!("nothing to do for group {group}"))
                    .hint("pass `--add USER` and/or `--remove USER`; without them, `group manage` is interactive on a terminal"));
            }
            let change = Change::new("group.manage", format!("group:{group}"), ops);
            one(change, Subject::Group(group))
        }
        (Request::GroupDelete { group }, _) => {
            let (_, group) = find_group(tx, group)?;
            let mut change = Change::new(
                "group.delete",
                format!("group:{group}"),
                vec![Op::DeleteGroup { group }],
            );
            change.always_confirm = true;
            one(change, Subject::Nothing)
        }
        (Request::Apply { prune, .. }, Prepared::Apply { file, expires_at }) => {
            let planned = super::apply::apply_change_in(tx, &file, *prune, expires_at)?;
            Resolved {
                change: planned.change,
                tokens: planned.tokens,
                subject: Subject::Nothing,
            }
        }
        _ => return Err(Error::internal("a request prepared as another kind")),
    })
}

impl Org {
    /// Runs one request as `actor`: resolves it into a change inside the
    /// transaction that measures or writes it, commits it as `how` says,
    /// then sends the invitations it made (with no transaction open)
    /// through `mailer`. Both the CLI (local mode) and `orgadm serve` (the
    /// admin API) call this, so a command behaves the same on either side.
    pub fn submit(
        &mut self,
        actor: &Actor,
        req: &Request,
        how: How,
        settings: &Settings,
        mailer: &Mailer,
    ) -> Result<Outcome> {
        let (action, target) = (req.action(), req.target());
        let prepared = req.prepare(settings.invite_ttl)?;
        let committed = match how {
            How::Plan => None,
            How::Unasked { yes } => {
                let guard = super::change::Guard::Unasked { yes };
                self.commit_resolved(actor, action, &target, req, prepared, guard)?
            }
            How::Shown(shown) => {
                let guard = super::change::Guard::Shown(shown);
                self.commit_resolved(actor, action, &target, req, prepared, guard)?
            }
        };
        let Some((plan, tokens, person, group)) = committed else {
            // Planned: asked for, or the commit needs a question first. The
            // request is prepared again (an invitation's expiry is counted
            // from now).
            let prepared = req.prepare(settings.invite_ttl)?;
            let result = self.plan_with(actor, |tx| resolve(tx, req, prepared).map(|r| r.change));
            let plan = self.record_refusal(actor, action, &target, result)?;
            return Ok(Outcome::Planned(Box::new(plan)));
        };
        let no_email = req.no_email();
        let of = tokens.len();
        let mut invitations = Vec::with_capacity(of);
        let progress = self.progress.clone();
        let tell = |p: super::Progress| {
            if let Some(f) = &progress {
                f(p);
            }
        };
        for (email, token) in tokens {
            invitations.push(self.send_invitation(mailer, &email, &token.raw, no_email)?);
            tell(super::Progress::Sending {
                done: invitations.len(),
                of,
            });
        }
        tell(super::Progress::Done);
        Ok(Outcome::Done(Box::new(Done {
            plan,
            person,
            group,
            invitations,
        })))
    }

    /// Resolves and writes a request in one transaction; None when it needs
    /// a question first (rolled back).
    #[allow(clippy::type_complexity)]
    fn commit_resolved(
        &mut self,
        actor: &Actor,
        action: &str,
        target: &str,
        req: &Request,
        prepared: Prepared,
        guard: super::change::Guard,
    ) -> Result<
        Option<(
            Plan,
            Vec<(String, Token)>,
            Option<PersonView>,
            Option<GroupView>,
        )>,
    > {
        let result = self.write_with(
            actor,
            |tx| {
                let r = resolve(tx, req, prepared)?;
                Ok((r.change, (r.tokens, r.subject)))
            },
            guard,
            |tx, (tokens, subject)| {
                let (person, group) = match subject {
                    Subject::Person(id) => (Some(super::query::person_by_id(tx, id)?), None),
                    Subject::Removed(p) => (Some(*p), None),
                    Subject::Group(name) => (None, Some(super::query::group_in(tx, &name)?)),
                    Subject::Nothing => (None, None),
                };
                Ok((tokens, person, group))
            },
        );
        match self.record_refusal(actor, action, target, result) {
            Err(e) if e.kind == crate::error::Kind::NeedsConfirmation => Ok(None),
            Err(e) => Err(e),
            Ok((plan, (tokens, person, group))) => Ok(Some((plan, tokens, person, group))),
        }
    }

    /// Sends (or, with `no_email` or no mail transport, returns the link
    /// of) a freshly committed invitation. A delivery failure is reported,
    /// not raised: the change is saved.
    fn send_invitation(
        &mut self,
        mailer: &Mailer,
        email: &str,
        token: &str,
        no_email: bool,
    ) -> Result<SentInvitation> {
        if no_email || !mailer.sends() {
            return Ok(SentInvitation {
                email: email.to_string(),
                accept: Some(mailer.accept_link(token)),
                delivery: DeliveryReport::default(),
            });
        }
        let person = self.find_person(email)?;
        let (email, result) = self.deliver(mailer, person, token)?;
        let delivery = match result {
            Ok(Sent::File(p)) => DeliveryReport {
                path: Some(p),
                ..DeliveryReport::sent("file")
            },
            Ok(Sent::Smtp(server)) => DeliveryReport {
                server: Some(server),
                ..DeliveryReport::sent("smtp")
            },
            Ok(Sent::Sendmail(_)) => DeliveryReport::sent("sendmail"),
            Ok(Sent::NotSent) => DeliveryReport::default(),
            Err(reason) => DeliveryReport {
                error: Some(reason),
                ..DeliveryReport::default()
            },
        };
        Ok(SentInvitation {
            email,
            accept: None,
            delivery,
        })
    }

    /// Sends the open invitation of `person` carrying `token`, then records
    /// the outcome on the invitation. No transaction is open while sending.
    /// The attempt is recorded first, as failed with "interrupted": if
    /// orgadm is killed while a transport hangs, the invitation shows it
    /// and `invite resend --failed` picks it up. Returns the email as
    /// stored and how the sending went.
    pub fn deliver(
        &mut self,
        mailer: &Mailer,
        person: i64,
        token: &str,
    ) -> Result<(String, std::result::Result<Sent, String>)> {
        use super::invites::Delivery;
        let m = self.invitation_message(person)?;
        if mailer.sends() {
            self.record_delivery(&m, &Delivery::Started)?;
        }
        let result = mailer.send(&m, token);
        let outcome = match &result {
            Ok(_) => Delivery::Sent,
            Err(e) => Delivery::Failed(e.clone()),
        };
        if mailer.sends() {
            self.record_delivery(&m, &outcome)?;
        }
        Ok((m.email, result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request reads back as itself from its JSON, and the JSON names
    /// the command.
    #[test]
    fn requests_round_trip_through_json() {
        let reqs = [
            Request::UserAdd {
                email: "a@example.com".into(),
                name: "A".into(),
                roles: vec!["user".into()],
                groups: vec!["Eng".into()],
                expires_in: Some("1d".into()),
                no_email: true,
            },
            Request::UserEdit {
                user: "a@example.com".into(),
                name: None,
                email: None,
                roles: RoleArgs {
                    set: Some(vec!["user".into()]),
                    add: vec![],
                    remove: vec!["org-admin".into()],
                },
                add_groups: vec![],
                remove_groups: vec!["Eng".into()],
                invited_only: true,
                no_email: false,
            },
            Request::GroupDelete {
                group: "Eng".into(),
            },
        ];
        for r in reqs {
            let v = serde_json::to_value(&r).unwrap();
            assert!(v["command"].is_string());
            let back: Request = serde_json::from_value(v).unwrap();
            assert_eq!(back, r);
        }
        let v = serde_json::json!({"command": "user-remove", "user": "a@example.com"});
        let r: Request = serde_json::from_value(v).unwrap();
        assert_eq!(r.action(), "user.remove");
        assert!(
            serde_json::from_value::<Request>(serde_json::json!({"command": "drop-all"})).is_err()
        );
        let extra = serde_json::json!({"command": "group-delete", "group": "Eng", "cascade": true});
        assert!(serde_json::from_value::<Request>(extra).is_err());
    }

    /// Every request goes to its own route and reads back there as itself,
    /// whatever its path segment holds.
    #[test]
    fn every_request_reads_back_from_its_route() {
        let user = "o'brien+x/y@example.com".to_string();
        let reqs = [
            Request::UserAdd {
                email: user.clone(),
                name: "A".into(),
                roles: vec!["user".into()],
                groups: vec![],
                expires_in: None,
                no_email: false,
            },
            Request::UserEdit {
                user: user.clone(),
                name: Some("B".into()),
                email: None,
                roles: RoleArgs::default(),
                add_groups: vec![],
                remove_groups: vec![],
                invited_only: true,
                no_email: true,
            },
            Request::UserEdit {
                user: user.clone(),
                name: Some("B".into()),
                email: None,
                roles: RoleArgs::default(),
                add_groups: vec![],
                remove_groups: vec![],
                invited_only: false,
                no_email: false,
            },
            Request::UserRemove {
                user: user.clone(),
                invited_only: true,
            },
            Request::UserRemove {
                user: user.clone(),
                invited_only: false,
            },
            Request::UserSuspend {
                user: user.clone(),
                suspended: true,
            },
            Request::UserSuspend {
                user: user.clone(),
                suspended: false,
            },
            Request::InviteResend {
                user: user.clone(),
                expires_in: Some("2d".into()),
                no_email: false,
            },
            Request::GroupCreate {
                name: "R&D".into(),
                roles: vec!["user".into()],
            },
            Request::GroupEdit {
                group: "R&D / ops".into(),
                name: None,
                roles: RoleArgs {
                    set: None,
                    add: vec!["finance-admin".into()],
                    remove: vec![],
                },
            },
            Request::GroupDelete {
                group: "R&D".into(),
            },
            Request::GroupManage {
                group: "R&D".into(),
                add: vec![user.clone()],
                remove: vec![],
            },
            Request::Apply {
                name: "org.toml".into(),
                text: "[[users]]".into(),
                csv: false,
                prune: true,
                expires_in: None,
                no_email: false,
            },
        ];
        let shown = Impact {
            stranded: vec!["x@example.com".into()],
            ..Impact::default()
        };
        let mut paths = std::collections::BTreeSet::new();
        for r in reqs {
            for how in [How::Plan, How::Unasked { yes: true }, How::Shown(&shown)] {
                let call = r.to_api(how).unwrap();
                paths.insert((call.method, call.path.clone()));
                let &(_, _, _, template) = ROUTES
                    .iter()
                    .find(|(_, _, m, t)| {
                        *m == call.method && {
                            let prefix = t.split('{').next().unwrap();
                            let suffix = t.rsplit('}').next().unwrap();
                            if t.contains('{') {
                                call.path.starts_with(prefix)
                                    && call.path.ends_with(suffix)
                                    && call.path.len() > prefix.len() + suffix.len()
                                    && !call.path[prefix.len()..call.path.len() - suffix.len()]
                                        .contains('/')
                            } else {
                                call.path == **t
                            }
                        }
                    })
                    .unwrap();
                let value = path_field(template).map(|(_, at)| {
                    let suffix = template.rsplit('}').next().unwrap();
                    let enc = &call.path[at..call.path.len() - suffix.len()];
                    percent_decode(enc)
                });
                let (back, got_shown, dry, yes) =
                    Request::from_api(call.method, template, value, call.body).unwrap();
                assert_eq!(back, r);
                match how {
                    How::Plan => assert!(dry && !yes && got_shown.is_none()),
                    How::Unasked { .. } => assert!(!dry && yes && got_shown.is_none()),
                    How::Shown(_) => assert_eq!(got_shown.as_ref(), Some(&shown)),
                }
            }
        }
        // Each route is used (a method and path per command and its variant).
        assert_eq!(paths.len(), ROUTES.len());
        // A body may not say what the route says.
        let e = Request::from_api(
            "DELETE",
            "/api/v1/people/{user}",
            Some("a@example.com".into()),
            serde_json::json!({"invited_only": true}),
        )
        .unwrap_err();
        assert!(e.message.contains("invited_only"), "{}", e.message);
        assert!(Request::from_api("POST", "/api/v1/apply", None, serde_json::json!([1])).is_err());
    }

    fn percent_decode(s: &str) -> String {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_request_that_cannot_be_right_is_refused_before_any_store() {
        let edit = Request::UserEdit {
            user: "a@example.com".into(),
            name: None,
            email: None,
            roles: RoleArgs::default(),
            add_groups: vec![],
            remove_groups: vec![],
            invited_only: false,
            no_email: false,
        };
        assert_eq!(edit.check().unwrap_err().message, "nothing to change");
        let bad = Request::UserAdd {
            email: "not an email".into(),
            name: "A".into(),
            roles: vec![],
            groups: vec![],
            expires_in: None,
            no_email: false,
        };
        assert!(bad.check().is_err());
        let group = Request::GroupCreate {
            name: "Eng".into(),
            roles: vec![],
        };
        assert!(group.check().is_err());
    }
}
