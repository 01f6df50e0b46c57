//! `orgadm user ...`: invite, edit, remove, list and show people.

use clap::{Args, Subcommand, ValueEnum};

use super::backend::Backend;
use super::{finish_sending, report_sending, run_request, Ctx, DryRun, RoleEditArgs, SendArgs};
use crate::error::{Error, Result};
use crate::org::request::{Done, Request};
use crate::org::{PersonFilter, PersonView, Status};
use crate::role::Role;

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    /// Invite a person: at least one role or group; sends the invitation
    Add(AddArgs),
    /// Change an invited or active person (also "Edit Invitation")
    Edit(EditArgs),
    /// Remove an active person, or revoke an invited person's invitation
    Remove(RemoveArgs),
    /// List people
    List(ListArgs),
    /// One person: state, direct roles, groups, and where each effective role comes from
    Show(ShowArgs),
    /// Take an active person's access away, keeping their roles and groups
    ///
    /// A suspended person counts for no admin quorum: suspending the last
    /// active org-admin is refused. Naming the person is the confirmation.
    Suspend(RemoveArgs),
    /// Give a suspended person their access back
    Unsuspend(RemoveArgs),
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// The person's email address
    #[arg(long, value_name = "EMAIL")]
    pub email: String,
    /// The person's display name
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// A role to give directly (org-admin, user, finance-admin); repeatable
    #[arg(long = "role", value_name = "ROLE")]
    pub roles: Vec<String>,
    /// A group to put the person in; repeatable
    #[arg(long = "group", value_name = "GROUP", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::groups))]
    pub groups: Vec<String>,
    #[command(flatten)]
    pub send: SendArgs,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Args, Debug)]
pub struct EditArgs {
    /// The person: an email, or a name that matches exactly one person
    #[arg(value_name = "USER", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::users))]
    pub user: String,
    /// A new display name
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// A corrected address for an invited person: rotates the token and sends the invitation again
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    #[command(flatten)]
    pub roles: RoleEditArgs,
    /// Add the person to a group; repeatable
    #[arg(long = "add-group", value_name = "GROUP", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::groups))]
    pub add_groups: Vec<String>,
    /// Take the person out of a group; repeatable
    #[arg(long = "remove-group", value_name = "GROUP", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::groups))]
    pub remove_groups: Vec<String>,
    /// With --email: send nothing, print the new accept link instead
    #[arg(long)]
    pub no_email: bool,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Args, Debug)]
pub struct RemoveArgs {
    /// The person: an email, or a name that matches exactly one person
    #[arg(value_name = "USER", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::users))]
    pub user: String,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    Active,
    Invited,
    Suspended,
    All,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Which people to list
    #[arg(long, value_enum, default_value_t = StatusFilter::All)]
    pub status: StatusFilter,
    /// Only people whose effective roles include this role
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Only members of this group
    #[arg(long, value_name = "GROUP", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::groups))]
    pub group: Option<String>,
    /// Only people whose email or name contains this text (case-insensitive).
    /// Found from a trigram index: SQLite's FTS5 for texts of three
    /// characters or more, PostgreSQL's pg_trgm where orgadm could create the
    /// extension (it needs CREATE on the database; without it, and for
    /// shorter texts, search scans the table: the same people, more slowly)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only people with no effective role, who have no access
    #[arg(long)]
    pub stranded: bool,
    /// Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`;
    /// a cell starting with `=`, `+`, `-` or `@` gets a `'` before it, so a
    /// spreadsheet shows it as text; `apply` reads it back without)
    #[arg(long)]
    pub csv: bool,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The person: an email, or a name that matches exactly one person
    #[arg(value_name = "USER", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::users))]
    pub user: String,
}

pub fn run(ctx: &Ctx, backend: &Backend, cmd: UserCmd) -> Result<()> {
    match cmd {
        UserCmd::Add(a) => add(ctx, backend, a),
        UserCmd::Edit(a) => edit(ctx, backend, a, false),
        UserCmd::Remove(a) => remove(ctx, backend, &a.user, a.dry.dry_run, false),
        UserCmd::List(a) => list(ctx, backend, a),
        UserCmd::Show(a) => show(ctx, backend, a),
        UserCmd::Suspend(a) => suspend(ctx, backend, &a, true),
        UserCmd::Unsuspend(a) => suspend(ctx, backend, &a, false),
    }
}

fn suspend(ctx: &Ctx, backend: &Backend, a: &RemoveArgs, suspended: bool) -> Result<()> {
    let req = Request::UserSuspend {
        user: a.user.clone(),
        suspended,
    };
    let Some(done) = run_request(ctx, backend, &req, a.dry.dry_run)? else {
        return Ok(());
    };
    print_with_person(ctx, &done)
}

/// The change, and with `--json` the person it named.
fn print_with_person(ctx: &Ctx, done: &Done) -> Result<()> {
    let person = done.person.as_ref().filter(|_| ctx.printer.json);
    ctx.printer.plan(
        &done.plan,
        false,
        person.map(|p| ("person", person_json(p))),
    )
}

fn add(ctx: &Ctx, backend: &Backend, a: AddArgs) -> Result<()> {
    let req = Request::UserAdd {
        email: a.email,
        name: a.name,
        roles: a.roles,
        groups: a.groups,
        expires_in: a.send.expires_in,
        no_email: a.send.no_email,
    };
    let Some(done) = run_request(ctx, backend, &req, a.dry.dry_run)? else {
        return Ok(());
    };
    print_invitation(ctx, backend, &done)
}

/// After an invitation was committed and sent: prints the change and how
/// the invitation went, and with `--json` one document for it all.
fn print_invitation(ctx: &Ctx, backend: &Backend, done: &Done) -> Result<()> {
    let [sent] = done.invitations.as_slice() else {
        return Err(Error::internal("an invitation's change sent no invitation"));
    };
    if !ctx.printer.json {
        ctx.printer.plan(&done.plan, false, None)?;
    }
    let failure = report_sending(ctx, sent)?;
    if ctx.printer.json {
        // Read after the sending, which records its attempt.
        let person = backend.person(&sent.email)?;
        ctx.printer.json(&super::documents::Added {
            accept: sent.accept.as_deref(),
            changed: !done.plan.is_noop(),
            changes: &done.plan.changes,
            delivery: &sent.delivery,
            invitation: &person.invitation,
            notes: &done.plan.notes,
            person: person_json(&person),
        })?;
    }
    finish_sending(ctx, sent, failure)
}

/// A person object without the `user show` extras.
pub(crate) fn person_json(p: &PersonView) -> serde_json::Value {
    serde_json::to_value(p.summary()).unwrap_or_default()
}

pub(crate) fn edit(ctx: &Ctx, backend: &Backend, a: EditArgs, invited_only: bool) -> Result<()> {
    let req = Request::UserEdit {
        user: a.user,
        name: a.name,
        email: a.email,
        roles: a.roles.to_args(),
        add_groups: a.add_groups,
        remove_groups: a.remove_groups,
        invited_only,
        no_email: a.no_email,
    };
    let Some(done) = run_request(ctx, backend, &req, a.dry.dry_run)? else {
        return Ok(());
    };
    let email_changed = done.plan.changes.iter().any(|c| {
        matches!(
            c.details,
            crate::org::details::Details::PersonEdited { email: Some(_), .. }
        )
    });
    if email_changed {
        return print_invitation(ctx, backend, &done);
    }
    print_with_person(ctx, &done)
}

pub(crate) fn remove(
    ctx: &Ctx,
    backend: &Backend,
    user: &str,
    dry_run: bool,
    invited_only: bool,
) -> Result<()> {
    let req = Request::UserRemove {
        user: user.to_string(),
        invited_only,
    };
    let Some(done) = run_request(ctx, backend, &req, dry_run)? else {
        return Ok(());
    };
    // The person as they were: they are gone now.
    let person = done.person.as_ref().map(person_json).unwrap_or_default();
    ctx.printer
        .plan(&done.plan, false, Some(("person", person)))
}

pub(crate) fn list(ctx: &Ctx, backend: &Backend, a: ListArgs) -> Result<()> {
    let filter = PersonFilter {
        status: match a.status {
            StatusFilter::Active => Some(Status::Active),
            StatusFilter::Invited => Some(Status::Invited),
            StatusFilter::Suspended => Some(Status::Suspended),
            StatusFilter::All => None,
        },
        role: a.role.as_deref().map(Role::parse).transpose()?,
        group: a.group.clone(),
        search: a.search.clone(),
        stranded: a.stranded,
        after: None,
        limit: None,
    };
    let people = backend.people(&filter)?;
    if ctx.printer.json {
        // Listed people carry no role sources or invitation: serialized as
        // they are, without an intermediate JSON tree per person.
        return ctx.printer.json(&people);
    }
    if a.csv {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let rows = people.iter().map(|p| {
            vec![
                p.email.clone(),
                p.name.clone(),
                p.status.as_str().to_string(),
                p.roles.names().join(";"),
                p.groups.join(";"),
                p.effective_roles.names().join(";"),
                opt(&p.invited_by),
                opt(&p.invited_at),
                opt(&p.joined_at),
            ]
        });
        return ctx.printer.csv(
            &[
                "email",
                "name",
                "status",
                "roles",
                "groups",
                "effective_roles",
                "invited_by",
                "invited_at",
                "joined_at",
            ],
            rows,
        );
    }
    if people.is_empty() {
        ctx.printer.note("no people match");
        return Ok(());
    }
    // Each person is moved into their row (a list of 100,000 is not held twice).
    let rows = people
        .into_iter()
        .map(|p| {
            vec![
                p.email,
                p.name,
                p.status.as_str().to_string(),
                if p.effective_roles.is_empty() {
                    "none (no access)".to_string()
                } else {
                    p.effective_roles.names().join(", ")
                },
                p.groups.join(", "),
            ]
        })
        .collect();
    ctx.printer.table(
        &["EMAIL", "NAME", "STATUS", "EFFECTIVE ROLES", "GROUPS"],
        rows,
        &[0],
    )
}

pub(crate) fn show(ctx: &Ctx, backend: &Backend, a: ShowArgs) -> Result<()> {
    let p = backend.person(&a.user)?;
    print_person(ctx, &p)
}

pub(crate) fn print_person(ctx: &Ctx, p: &PersonView) -> Result<()> {
    if ctx.printer.json {
        return ctx.printer.json(p);
    }
    let out = |s: String| ctx.printer.out(&s);
    out(format!("email:       {}", p.email))?;
    out(format!("name:        {}", p.name))?;
    out(format!("status:      {}", p.status.as_str()))?;
    if let (Some(by), Some(at)) = (&p.invited_by, &p.invited_at) {
        out(format!("invited:     {at} by {by}"))?;
    }
    if let Some(j) = &p.joined_at {
        out(format!("joined:      {j}"))?;
    }
    out(format!(
        "roles:       {}",
        if p.roles.is_empty() {
            "none".into()
        } else {
            p.roles.names().join(", ")
        }
    ))?;
    out(format!(
        "groups:      {}",
        if p.groups.is_empty() {
            "none".into()
        } else {
            p.groups.join(", ")
        }
    ))?;
    if let Some(i) = &p.invitation {
        out(format!(
            "invitation:  {} (expires {}, {})",
            i.state,
            i.expires_at,
            crate::cli::output::count(i.attempts as usize, "delivery attempt", "delivery attempts")
        ))?;
        if let Some(e) = &i.last_error {
            out(format!("last error:  {e}"))?;
        }
    }
    if p.effective_roles.is_empty() {
        out("effective roles: none (this person has no access)".into())?;
        return Ok(());
    }
    let rows = p
        .role_sources
        .iter()
        .flatten()
        .map(|(r, src)| {
            vec![
                r.name().to_string(),
                r.display_name().to_string(),
                src.join(", "),
            ]
        })
        .collect();
    ctx.printer
        .table(&["EFFECTIVE ROLE", "DISPLAY NAME", "FROM"], rows, &[])
}
