//! `orgadm user ...`: invite, edit, remove, list and show people.

use clap::{Args, Subcommand, ValueEnum};

use super::backend::Backend;
use super::{
    finish_sending, roles, run_change, send_invitation, Ctx, DryRun, RoleEditArgs, SendArgs,
};
use crate::error::{Error, Result};
use crate::org::secret::Token;
use crate::org::{Change, Op, Org, PersonFilter, PersonView, Status};
use crate::role::{Role, RoleSet};
use crate::store::Access;
use crate::validate;

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
    /// Only people whose email or name contains this text (case-insensitive)
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

pub fn run(ctx: &Ctx, cmd: UserCmd) -> Result<()> {
    match cmd {
        UserCmd::Add(a) => add(ctx, a),
        UserCmd::Edit(a) => edit(ctx, a, false),
        UserCmd::Remove(a) => remove(ctx, &a.user, a.dry.dry_run, false),
        UserCmd::List(a) => list(ctx, &Backend::Local(ctx), a),
        UserCmd::Show(a) => show(ctx, &Backend::Local(ctx), a),
        UserCmd::Suspend(a) => suspend(ctx, &a, true),
        UserCmd::Unsuspend(a) => suspend(ctx, &a, false),
    }
}

fn suspend(ctx: &Ctx, a: &RemoveArgs, suspended: bool) -> Result<()> {
    let mut org = ctx.open(Access::Write)?;
    let id = org.find_person(&a.user)?;
    let p = org.person_by_id(id)?;
    let action = if suspended {
        "user.suspend"
    } else {
        "user.unsuspend"
    };
    let change = Change::new(
        action,
        p.email.clone(),
        vec![Op::SetSuspended {
            person: id,
            suspended,
        }],
    );
    let Some(plan) = run_change(ctx, &mut org, change, a.dry.dry_run)? else {
        return Ok(());
    };
    let p = org.person_by_id(id)?;
    ctx.printer
        .plan(&plan, false, Some(("person", person_json(&p))))
}

fn add(ctx: &Ctx, a: AddArgs) -> Result<()> {
    let email = validate::email(&a.email)?;
    let name = validate::name(&a.name)?;
    let roles = RoleSet::of(roles(&a.roles)?);
    let groups = a
        .groups
        .iter()
        .map(|g| validate::group_name(g))
        .collect::<Result<Vec<_>>>()?;
    let expires_at = ctx.invite_expiry(a.send.expires_in.as_deref())?;
    let mailer = ctx.mailer()?;
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
    let mut org = ctx.open(Access::Write)?;
    let Some(plan) = run_change(ctx, &mut org, change, a.dry.dry_run)? else {
        return Ok(());
    };
    let id = org.find_person(&email.norm)?;
    print_invitation(
        ctx,
        &mut org,
        &mailer,
        id,
        &token.raw,
        a.send.no_email,
        &plan,
    )
}

/// After an invitation was committed: prints the change, sends the message
/// (or prints the link), and with `--json` prints one document for it all.
fn print_invitation(
    ctx: &Ctx,
    org: &mut Org,
    mailer: &crate::mail::Mailer,
    id: i64,
    token: &str,
    no_email: bool,
    plan: &crate::org::Plan,
) -> Result<()> {
    if !ctx.printer.json {
        ctx.printer.plan(plan, false, None)?;
    }
    let sending = send_invitation(ctx, org, mailer, id, token, no_email)?;
    if ctx.printer.json {
        print_invitation_json(ctx, org, id, &sending, plan)?;
    }
    finish_sending(ctx, sending)
}

fn print_invitation_json(
    ctx: &Ctx,
    org: &Org,
    id: i64,
    s: &super::Sending,
    plan: &crate::org::Plan,
) -> Result<()> {
    let person = org.person_by_id(id)?;
    ctx.printer.json(&super::documents::Added {
        accept: s.accept.as_deref(),
        changed: !plan.is_noop(),
        changes: &plan.changes,
        delivery: &s.delivery,
        invitation: &person.invitation,
        notes: &plan.notes,
        person: person_json(&person),
    })
}

/// A person object without the `user show` extras.
pub(crate) fn person_json(p: &PersonView) -> serde_json::Value {
    serde_json::to_value(p.summary()).unwrap_or_default()
}

pub(crate) fn edit(ctx: &Ctx, a: EditArgs, invited_only: bool) -> Result<()> {
    let name = a.name.as_deref().map(validate::name).transpose()?;
    let new_email = a.email.as_deref().map(validate::email).transpose()?;
    let edit = a.roles.to_edit()?;
    let add_groups = a
        .add_groups
        .iter()
        .map(|g| validate::group_name(g))
        .collect::<Result<Vec<_>>>()?;
    let remove_groups = a
        .remove_groups
        .iter()
        .map(|g| validate::group_name(g))
        .collect::<Result<Vec<_>>>()?;
    if name.is_none()
        && new_email.is_none()
        && edit.is_empty()
        && add_groups.is_empty()
        && remove_groups.is_empty()
    {
        return Err(Error::usage("nothing to change")
            .hint("pass --name, --email, --add-role, --remove-role, --set-roles, --add-group or --remove-group"));
    }
    let mut org = ctx.open(Access::Write)?;
    let id = org.find_person(&a.user)?;
    let target = if invited_only {
        require_invited(&org, id)?
    } else {
        org.person_by_id(id)?
    }
    .email;
    let mailer = if new_email.is_some() {
        Some(ctx.mailer()?)
    } else {
        None
    };
    let token = match &new_email {
        Some(_) => Some(Token::generate()?),
        None => None,
    };
    let email_op = match (&new_email, &token) {
        (Some(e), Some(t)) => Some((e.clone(), t.hash.clone(), ctx.invite_expiry(None)?)),
        _ => None,
    };
    let change = Change::new(
        if invited_only {
            "invite.edit"
        } else {
            "user.edit"
        },
        target,
        vec![Op::EditPerson {
            person: id,
            name,
            email: email_op,
            roles: edit,
            add_groups,
            remove_groups,
        }],
    );
    let Some(plan) = run_change(ctx, &mut org, change, a.dry.dry_run)? else {
        return Ok(());
    };
    let email_changed = plan.changes.iter().any(|c| {
        matches!(
            c.details,
            crate::org::details::Details::PersonEdited { email: Some(_), .. }
        )
    });
    let person = org.person_by_id(id)?;
    if !email_changed {
        if ctx.printer.json {
            return ctx
                .printer
                .plan(&plan, false, Some(("person", person_json(&person))));
        }
        return ctx.printer.plan(&plan, false, None);
    }
    let (Some(mailer), Some(token)) = (mailer, token) else {
        return Err(Error::internal("an email change without a token"));
    };
    print_invitation(ctx, &mut org, &mailer, id, &token.raw, a.no_email, &plan)
}

pub(crate) fn require_invited(org: &Org, id: i64) -> Result<PersonView> {
    let p = org.person_by_id(id)?;
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
}

pub(crate) fn remove(ctx: &Ctx, user: &str, dry_run: bool, invited_only: bool) -> Result<()> {
    let mut org = ctx.open(Access::Write)?;
    let id = org.find_person(user)?;
    let p = if invited_only {
        require_invited(&org, id)?
    } else {
        org.person_by_id(id)?
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
    let Some(plan) = run_change(ctx, &mut org, change, dry_run)? else {
        return Ok(());
    };
    ctx.printer
        .plan(&plan, false, Some(("person", person_json(&p))))
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
