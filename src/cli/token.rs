//! `orgadm token create|list|revoke` (API tokens for CI and apps) and
//! `orgadm check EMAIL CAPABILITY`: the same in local and remote mode.

use clap::{Args, Subcommand};

use super::backend::Backend;
use super::Ctx;
use crate::error::{Error, Result};
use crate::org::credentials::{CredentialView, Scope};

#[derive(Subcommand, Debug)]
pub enum TokenCmd {
    /// Make an API token for yourself; it is printed once, as the last line of stdout
    ///
    /// For CI jobs and apps talking to `orgadm serve`. It never does more
    /// than you could do at the moment it is used, and always expires.
    Create(CreateArgs),
    /// List your tokens (`--all`: everyone's, for an org-admin)
    List(ListArgs),
    /// End a token at once: yours by NAME, or any by ID (an org-admin)
    Revoke(RevokeArgs),
}

#[derive(Args, Debug)]
pub struct CreateArgs {
    /// A name for the token (letters, digits, `-`, `_`, `.`), e.g. the job's
    #[arg(value_name = "NAME")]
    pub name: String,
    /// What it may do: admin (all your roles allow), read (lists, show, export, audit, check) or check (only check and whoami)
    #[arg(long, value_name = "SCOPE", default_value = "admin", value_parser = ["admin", "read", "check"])]
    pub scope: String,
    /// How long it stays valid, e.g. 30d [default: 90d; at most 366d]
    #[arg(long, value_name = "DURATION")]
    pub expires_in: Option<String>,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Everyone's tokens (org-admins only)
    #[arg(long)]
    pub all: bool,
}

#[derive(Args, Debug)]
pub struct RevokeArgs {
    /// The token's name (yours), or its ID from `orgadm token list`
    #[arg(value_name = "NAME|ID")]
    pub which: String,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The person
    #[arg(value_name = "EMAIL")]
    pub email: String,
    /// admin, billing or general
    #[arg(value_name = "CAPABILITY", value_parser = ["admin", "billing", "general"])]
    pub capability: String,
}

pub fn run(ctx: &Ctx, backend: &Backend, cmd: TokenCmd) -> Result<()> {
    match cmd {
        TokenCmd::Create(a) => {
            let made =
                backend.token_create(&a.name, Scope::parse(&a.scope)?, a.expires_in.as_deref())?;
            if ctx.printer.json {
                return ctx.printer.json(&made);
            }
            ctx.printer.say(&format!(
                "token {} created (scope {}, expires {}); copy it now, it is not shown again:",
                made.credential.name,
                made.credential.scope.as_str(),
                made.credential.expires_at
            ))?;
            ctx.printer.out(&made.token)
        }
        TokenCmd::List(a) => {
            let tokens = backend.tokens(a.all)?;
            if ctx.printer.json {
                return ctx.printer.json(&tokens);
            }
            if tokens.is_empty() {
                ctx.printer
                    .note("no tokens; make one with `orgadm token create NAME`");
                return Ok(());
            }
            let rows = tokens.into_iter().map(row).collect();
            ctx.printer.table(
                &[
                    "ID",
                    "NAME",
                    "OWNER",
                    "SCOPE",
                    "STATE",
                    "CREATED",
                    "LAST USED",
                    "EXPIRES",
                    "ENDS WITH",
                ],
                rows,
                &[2],
            )
        }
        TokenCmd::Revoke(a) => {
            let t = backend.token_revoke(&a.which)?;
            if ctx.printer.json {
                return ctx.printer.json(&t);
            }
            ctx.printer.say(&format!(
                "token {} (ID {}) of {} revoked",
                t.name, t.id, t.owner
            ))
        }
    }
}

fn row(t: CredentialView) -> Vec<String> {
    vec![
        t.id.to_string(),
        t.name,
        t.owner,
        t.scope.as_str().to_string(),
        t.state,
        t.created_at,
        t.last_used_at.unwrap_or_else(|| "-".into()),
        t.expires_at,
        format!("...{}", t.last_eight),
    ]
}

/// `orgadm check`: exit 0 when the person may use the capability, 6 when
/// not (3 when there is no such person); `--json` prints the answer either way.
pub fn check(ctx: &Ctx, backend: &Backend, a: CheckArgs) -> Result<()> {
    let answer = backend.check(&a.email, &a.capability)?;
    if ctx.printer.json {
        ctx.printer.json(&answer)?;
    }
    let roles = if answer.effective_roles.is_empty() {
        "none".to_string()
    } else {
        answer.effective_roles.names().join(", ")
    };
    if !answer.allowed {
        return Err(Error::forbidden(format!(
            "{} may not use {} (effective roles: {roles})",
            answer.email, answer.capability
        )));
    }
    if !ctx.printer.json {
        let via: Vec<String> = answer
            .via
            .iter()
            .map(|(role, sources)| format!("{} from {}", role.name(), sources.join(", ")))
            .collect();
        ctx.printer.out(&format!(
            "{} may use {} ({})",
            answer.email,
            answer.capability,
            via.join("; ")
        ))?;
    }
    Ok(())
}
