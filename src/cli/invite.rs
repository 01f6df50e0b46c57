//! `orgadm invite ...`: the Invited Users view.

use std::io::Read;

use clap::{Args, Subcommand, ValueEnum};

use super::user::{self, require_invited, EditArgs};
use super::{run_change, send_invitation, Ctx, DryRun, SendArgs};
use crate::error::{Error, Result};
use crate::org::secret::Token;
use crate::org::{Change, Op};
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

pub fn run(ctx: &Ctx, cmd: InviteCmd) -> Result<()> {
    match cmd {
        InviteCmd::List(a) => list(ctx, &super::backend::Backend::Local(ctx), a),
        InviteCmd::Edit(a) => user::edit(ctx, a, true),
        InviteCmd::Resend(a) => resend(ctx, a),
        InviteCmd::Revoke(a) => user::remove(ctx, &a.email, a.dry.dry_run, true),
        InviteCmd::Accept(a) => accept(ctx, a),
    }
}

pub(crate) fn list(ctx: &Ctx, backend: &super::backend::Backend, a: ListArgs) -> Result<()> {
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

fn resend(ctx: &Ctx, a: ResendArgs) -> Result<()> {
    let expires_at = ctx.invite_expiry(a.send.expires_in.as_deref())?;
    let mailer = ctx.mailer()?;
    let mut org = ctx.open(Access::Write)?;
    let targets: Vec<i64> = match &a.email {
        Some(e) => {
            let id = org.find_person(e)?;
            require_invited(&org, id)?;
            vec![id]
        }
        None => org
            .failed_invitations()?
            .into_iter()
            .map(|(id, _)| id)
            .collect(),
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
    for id in targets {
        let token = Token::generate()?;
        let email = org.person_by_id(id)?.email;
        let change = Change::new(
            "invite.resend",
            email.clone(),
            vec![Op::Resend {
                person: id,
                token_hash: token.hash.clone(),
                expires_at,
            }],
        );
        let Some(plan) = run_change(ctx, &mut org, change, a.dry.dry_run)? else {
            continue;
        };
        if !ctx.printer.json {
            ctx.printer.plan(&plan, false, None)?;
        }
        let s = send_invitation(ctx, &mut org, &mailer, id, &token.raw, a.send.no_email)?;
        if let Some(f) = &s.failure {
            ctx.printer.warn(&f.message);
            failures.push(email.clone());
        }
        if let Some(acc) = &s.accept {
            if !ctx.printer.json {
                ctx.printer.out(acc)?;
            }
        }
        results.push(super::documents::Resent {
            accept: s.accept.clone(),
            delivery: s.delivery.clone(),
            email: email.clone(),
        });
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
