//! `orgadm invite ...`: the Invited Users view.

use std::io::Read;

use clap::{Args, Subcommand, ValueEnum};

use super::backend::Backend;
use super::user::{self, EditArgs};
use super::{report_sending, run_request, Ctx, DryRun, SendArgs};
use crate::error::{Error, Result};
use crate::org::request::Request;
use crate::store::Access;

#[derive(Subcommand, Debug)]
pub enum InviteCmd {
    /// List invitations (default: pending, expired and failed)
    List(ListArgs),
    /// Change an invited person (same flags as `user edit`)
    Edit(EditArgs),
    /// Issue a new token and expiry and send again (one person, or every failed invitation)
    Resend(ResendArgs),
    /// Cancel an invitation; the person is no longer listed
    Revoke(RevokeArgs),
    /// Accept an invitation: the invitee becomes active
    Accept(AcceptArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateFilter {
    Pending,
    Expired,
    Failed,
    Accepted,
    Revoked,
    /// Every state, accepted and revoked history included
    All,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Which invitations to list [default: pending, expired and failed; `all` adds the accepted and revoked history]
    #[arg(long, value_enum)]
    pub state: Option<StateFilter>,
    /// Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`;
    /// a cell starting with `=`, `+`, `-` or `@` gets a `'` before it, so a
    /// spreadsheet shows it as text; `apply` reads it back without)
    #[arg(long)]
    pub csv: bool,
}

#[derive(Args, Debug)]
pub struct ResendArgs {
    /// The invited person's email
    #[arg(
        value_name = "EMAIL",
        required_unless_present = "failed",
        conflicts_with = "failed",
        add = clap_complete::ArgValueCandidates::new(crate::cli::complete::users)
    )]
    pub email: Option<String>,
    /// Resend every invitation whose last delivery failed
    #[arg(long)]
    pub failed: bool,
    #[command(flatten)]
    pub send: SendArgs,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Args, Debug)]
pub struct RevokeArgs {
    /// The invited person's email
    #[arg(value_name = "EMAIL", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::users))]
    pub email: String,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Args, Debug)]
pub struct AcceptArgs {
    /// The token or the whole accept link; `-` reads it from stdin (keeps it out of `ps`)
    #[arg(value_name = "TOKEN_OR_LINK")]
    pub token: String,
    #[command(flatten)]
    pub dry: DryRun,
}

pub fn run(ctx: &Ctx, backend: &Backend, cmd: InviteCmd) -> Result<()> {
    match cmd {
        InviteCmd::List(a) => list(ctx, backend, a),
        InviteCmd::Edit(a) => user::edit(ctx, backend, a, true),
        InviteCmd::Resend(a) => resend(ctx, backend, a),
        InviteCmd::Revoke(a) => user::remove(ctx, backend, &a.email, a.dry.dry_run, true),
        InviteCmd::Accept(a) => accept(ctx, a),
    }
}

pub(crate) fn list(ctx: &Ctx, backend: &Backend, a: ListArgs) -> Result<()> {
    let states: &[&str] = match a.state {
        None => &["pending", "expired", "failed"],
        Some(StateFilter::Pending) => &["pending"],
        Some(StateFilter::Expired) => &["expired"],
        Some(StateFilter::Failed) => &["failed"],
        Some(StateFilter::Accepted) => &["accepted"],
        Some(StateFilter::Revoked) => &["revoked"],
        Some(StateFilter::All) => &["pending", "expired", "failed", "accepted", "revoked"],
    };
    let invites = backend.invitations(states)?;
    if ctx.printer.json {
        return ctx.printer.json(&invites);
    }
    if a.csv {
        let rows = invites.iter().map(|i| {
            vec![
                i.email.clone(),
                i.name.clone(),
                i.state.clone(),
                i.roles.names().join(";"),
                i.groups.join(";"),
                i.invited_by.clone(),
                i.invited_at.clone(),
                i.expires_at.clone(),
                i.attempts.to_string(),
                i.last_error.clone().unwrap_or_default(),
            ]
        });
        return ctx.printer.csv(
            &[
                "email",
                "name",
                "state",
                "roles",
                "groups",
                "invited_by",
                "invited_at",
                "expires_at",
                "attempts",
                "last_error",
            ],
            rows,
        );
    }
    if invites.is_empty() {
        ctx.printer.note("no invitations match");
        return Ok(());
    }
    // Each invitation is moved into its row (100,000 are not held twice).
    let rows = invites
        .into_iter()
        .map(|i| {
            vec![
                i.email,
                i.name,
                i.state,
                i.roles.names().join(", "),
                i.groups.join(", "),
                i.invited_by,
                i.invited_at,
                i.expires_at,
                i.attempts.to_string(),
                i.last_error.unwrap_or_default(),
            ]
        })
        .collect();
    ctx.printer.table(
        &[
            "EMAIL",
            "NAME",
            "STATE",
            "ROLES",
            "GROUPS",
            "INVITED BY",
            "INVITED",
            "EXPIRES",
            "ATTEMPTS",
            "LAST ERROR",
        ],
        rows,
        &[0, 5],
    )
}

fn resend(ctx: &Ctx, backend: &Backend, a: ResendArgs) -> Result<()> {
    let targets: Vec<String> = match &a.email {
        Some(e) => vec![e.clone()],
        None => backend.failed_invitations()?,
    };
    if targets.is_empty() {
        ctx.printer.say("no failed invitations to resend")?;
        if ctx.printer.json {
            ctx.printer
                .json(&super::documents::ResentAll { resent: Vec::new() })?;
        }
        return Ok(());
    }
    let mut results = Vec::new();
    let mut failures = Vec::new();
    for user in targets {
        let req = Request::InviteResend {
            user,
            expires_in: a.send.expires_in.clone(),
            no_email: a.send.no_email,
        };
        let Some(done) = run_request(ctx, backend, &req, a.dry.dry_run)? else {
            continue;
        };
        if !ctx.printer.json {
            ctx.printer.plan(&done.plan, false, None)?;
        }
        for s in done.invitations {
            if let Some(f) = report_sending(ctx, &s)? {
                ctx.printer.warn(&f.message);
                failures.push(s.email.clone());
            }
            if let Some(acc) = &s.accept {
                if !ctx.printer.json {
                    ctx.printer.out(acc)?;
                }
            }
            results.push(super::documents::Resent {
                accept: s.accept,
                delivery: s.delivery,
                email: s.email,
            });
        }
    }
    if ctx.printer.json && !a.dry.dry_run {
        if a.email.is_some() && results.len() == 1 {
            ctx.printer.json(&results[0])?;
        } else {
            ctx.printer
                .json(&super::documents::ResentAll { resent: results })?;
        }
    }
    super::undelivered(&failures)
}

fn accept(ctx: &Ctx, a: AcceptArgs) -> Result<()> {
    let token = if a.token == "-" {
        let mut s = String::new();
        std::io::stdin()
            .take(64 * 1024)
            .read_to_string(&mut s)
            .map_err(|e| Error::usage(format!("cannot read the token from stdin: {e}")))?;
        s
    } else {
        a.token
    };
    let mut org = ctx.open(Access::Write)?;
    let person = org.accept(&token, a.dry.dry_run)?;
    let org_name = org.org_name()?;
    if a.dry.dry_run {
        if ctx.printer.json {
            return ctx.printer.json(&super::documents::AcceptPlan {
                dry_run: true,
                person: user::person_json(&person),
            });
        }
        return ctx.printer.out(&format!(
            "dry run: nothing was changed; the token is valid: {} would join {org_name} with roles {}",
            person.email,
            person.effective_roles.describe()
        ));
    }
    if ctx.printer.json {
        return ctx.printer.json(&user::person_json(&person));
    }
    ctx.printer.say(&format!(
        "welcome to {org_name}, {}: {} is now active with roles {}",
        person.name,
        person.email,
        person.effective_roles.describe()
    ))
}
