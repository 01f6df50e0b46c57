//! `orgadm scim token create|list|revoke`: the bearer tokens identity
//! providers use to provision the organization through `orgadm serve`.

use clap::{Args, Subcommand};

use super::backend::Backend;
use super::Ctx;
use crate::error::Result;

#[derive(Subcommand, Debug)]
pub enum ScimCmd {
    /// Bearer tokens for identity providers (Okta, Entra ID)
    #[command(subcommand)]
    Token(TokenCmd),
}

#[derive(Subcommand, Debug)]
pub enum TokenCmd {
    /// Make a token; it is printed once, as the last line of stdout
    ///
    /// Only its hash is stored: copy it into the identity provider's
    /// provisioning settings now. Changes made with it are audited as
    /// `scim:NAME`.
    Create(CreateArgs),
    /// List tokens: name, created, last used, expiry, state
    List,
    /// End a token at once; requests with it get 401
    Revoke(RevokeArgs),
}

#[derive(Args, Debug)]
pub struct CreateArgs {
    /// A name for the token (letters, digits, `-`, `_`, `.`), e.g. the provider's
    #[arg(value_name = "NAME")]
    pub name: String,
    /// How long it stays valid, e.g. 90d [default: until revoked]
    #[arg(long, value_name = "DURATION")]
    pub expires_in: Option<String>,
}

#[derive(Args, Debug)]
pub struct RevokeArgs {
    /// The token's name
    #[arg(value_name = "NAME")]
    pub name: String,
}

pub fn run(ctx: &Ctx, backend: &Backend, cmd: ScimCmd) -> Result<()> {
    let ScimCmd::Token(cmd) = cmd;
    match cmd {
        TokenCmd::Create(a) => {
            let made = backend.scim_token_create(&a.name, a.expires_in.as_deref())?;
            if ctx.printer.json {
                return ctx.printer.json(&super::documents::TokenCreated {
                    expires_at: made.expires_at,
                    name: &made.name,
                    token: &made.token,
                });
            }
            ctx.printer.say(&format!(
                "SCIM token {} created; copy it into the identity provider now, it is not shown again:",
                made.name
            ))?;
            ctx.printer.out(&made.token)
        }
        TokenCmd::List => {
            let tokens = backend.scim_tokens()?;
            if ctx.printer.json {
                return ctx.printer.json(&tokens);
            }
            if tokens.is_empty() {
                ctx.printer
                    .note("no SCIM tokens; make one with `orgadm scim token create NAME`");
                return Ok(());
            }
            let none = || "-".to_string();
            let rows = tokens
                .into_iter()
                .map(|t| {
                    vec![
                        t.name,
                        t.state,
                        t.created_at,
                        t.last_used_at.unwrap_or_else(none),
                        t.expires_at.unwrap_or_else(|| "never".into()),
                    ]
                })
                .collect();
            ctx.printer.table(
                &["NAME", "STATE", "CREATED", "LAST USED", "EXPIRES"],
                rows,
                &[0],
            )
        }
        TokenCmd::Revoke(a) => {
            backend.scim_token_revoke(&a.name)?;
            ctx.printer
                .say(&format!("SCIM token {} revoked", a.name.trim()))
        }
    }
}
