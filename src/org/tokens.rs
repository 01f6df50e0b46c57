//! Bearer tokens for identity providers (SCIM): made by an admin, shown once,
//! stored as a hash, listed with their dates, revoked by name.

use serde::Serialize;

use super::invites::{hash, Token};
use super::{audit, Org};
use crate::error::{Error, Result};
use crate::store::{tokens as rows, Tx};

/// What `scim token list` shows.
#[derive(Debug, Clone, Serialize)]
pub struct TokenView {
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub expires_at: Option<String>,
    pub state: &'static str,
}

/// How often `last_used_at` is written: a provider syncing every few
/// seconds must not make every read a write.
const TOUCH_EVERY: i64 = 60;

/// A token's name: what the audit log shows after `scim:`.
fn check_name(name: &str) -> Result<String> {
    let n = crate::validate::text("token name", name)?;
    if !n
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(Error::usage(format!(
            "token name `{}` may hold only letters, digits, `-`, `_` and `.`",
            crate::validate::printable(&n)
        )));
    }
    Ok(n)
}

fn state(t: &rows::TokenRow, now: i64) -> &'static str {
    if t.revoked_at.is_some() {
        "revoked"
    } else if t.expires_at.is_some_and(|e| e <= now) {
        "expired"
    } else {
        "active"
    }
}

/// Inside a change's transaction: the token is still there, unrevoked and
/// unexpired (it may have been revoked since the request was authenticated).
pub(crate) fn check(tx: &Tx, name: &str) -> Result<()> {
    match rows::by_name(tx, name)? {
        Some(t) if state(&t, crate::time::now()) == "active" => Ok(()),
        _ => Err(Error::forbidden(format!(
            "the SCIM token {name} is no longer valid"
        ))),
    }
}

impl Org {
    /// Makes a token; returns it (the only time it exists outside the
    /// provider's settings).
    pub fn scim_token_create(
        &mut self,
        actor: &str,
        name: &str,
        expires_at: Option<i64>,
    ) -> Result<String> {
        let name = check_name(name)?;
        let token = Token::generate()?;
        let raw = format!("scim_{}", token.raw);
        let h = hash(&raw);
        let os_user = self.os_user.clone();
        self.store.write(|tx| {
            let admin = super::query::authorize(tx, actor)?;
            if rows::by_name(tx, &name)?.is_some() {
                return Err(
                    Error::conflict(format!("a SCIM token named {name} already exists")).hint(
                        format!(
                        "pick another name, or revoke it first: `orgadm scim token revoke {name}`"
                    ),
                    ),
                );
            }
            let now = crate::time::now();
            rows::insert(tx, &name, &h, now, expires_at)?;
            audit::append(
                tx,
                &audit::NewEntry {
                    actor: &admin,
                    os_user: &os_user,
                    action: "scim.token.create",
                    target: &format!("scim:{name}"),
                    details: serde_json::json!({
                        "expires_at": expires_at.map(crate::time::rfc3339),
                    }),
                },
            )
        })?;
        Ok(raw)
    }

    pub fn scim_tokens(&self) -> Result<Vec<TokenView>> {
        let now = crate::time::now();
        let all = self.store.read(rows::all)?;
        Ok(all
            .iter()
            .map(|t| TokenView {
                name: t.name.clone(),
                created_at: crate::time::rfc3339(t.created_at),
                last_used_at: t.last_used_at.map(crate::time::rfc3339),
                expires_at: t.expires_at.map(crate::time::rfc3339),
                state: state(t, now),
            })
            .collect())
    }

    pub fn scim_token_revoke(&mut self, actor: &str, name: &str) -> Result<()> {
        let os_user = self.os_user.clone();
        self.store.write(|tx| {
            let admin = super::query::authorize(tx, actor)?;
            let t = rows::by_name(tx, name)?.ok_or_else(|| {
                Error::not_found(format!(
                    "no SCIM token named {}",
                    crate::validate::printable(name)
                ))
                .hint("list them with `orgadm scim token list`")
            })?;
            if t.revoked_at.is_some() {
                return Err(Error::conflict(format!(
                    "the SCIM token {name} is already revoked"
                )));
            }
            rows::revoke(tx, t.id, crate::time::now())?;
            audit::append(
                tx,
                &audit::NewEntry {
                    actor: &admin,
                    os_user: &os_user,
                    action: "scim.token.revoke",
                    target: &format!("scim:{name}"),
                    details: serde_json::json!({}),
                },
            )
        })
    }

    /// The name of the valid token `raw` is, or None (missing, wrong,
    /// expired or revoked: the caller answers 401 alike).
    pub fn scim_authenticate(&mut self, raw: &str) -> Result<Option<String>> {
        let h = hash(raw.trim());
        let now = crate::time::now();
        let found = self.store.read(|tx| rows::by_hash(tx, &h))?;
        let Some(t) = found.filter(|t| state(t, now) == "active") else {
            return Ok(None);
        };
        if t.last_used_at.is_none_or(|u| now - u >= TOUCH_EVERY) {
            // Best effort: a read-only database still serves reads.
            let _ = self.store.write(|tx| rows::touch(tx, t.id, now));
        }
        Ok(Some(t.name))
    }
}
