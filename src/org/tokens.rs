//! Bearer tokens for identity providers (SCIM): made by an admin, shown once,
//! stored as a hash, listed with their dates, revoked by name.

use serde::Serialize;

use super::secret::{hash, Token};
use super::{audit, Actor, Org};
use crate::error::{Error, Result};
use crate::store::{tokens as rows, Tx};

/// What `scim token list` shows.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct TokenView {
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub expires_at: Option<String>,
    pub state: String,
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

/// Every SCIM token, as `scim token list` shows them (inside a transaction).
pub fn scim_tokens(tx: &Tx) -> Result<Vec<TokenView>> {
    let now = crate::time::now();
    Ok(rows::all(tx)?
        .iter()
        .map(|t| TokenView {
            name: t.name.clone(),
            created_at: crate::time::rfc3339(t.created_at),
            last_used_at: t.last_used_at.map(crate::time::rfc3339),
            expires_at: t.expires_at.map(crate::time::rfc3339),
            state: state(t, now).to_string(),
        })
        .collect())
}

/// The admin making or revoking a SCIM token: an active org-admin (asserted
/// locally, or signed in over the API); an identity provider's own token
/// manages no tokens.
fn token_admin(tx: &Tx, actor: &Actor) -> Result<String> {
    match actor {
        Actor::Token(_) => Err(Error::forbidden(
            "refused: a SCIM token cannot make or revoke SCIM tokens",
        )),
        _ => super::query::authorize_actor(tx, actor),
    }
}

/// The credential and client of an API caller, for the audit entry.
fn via(actor: &Actor) -> Option<&super::credentials::Via> {
    match actor {
        Actor::Api(v) => Some(v),
        _ => None,
    }
}

/// A SCIM token just made: its name, its text (shown once) and expiry.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct ScimTokenMade {
    pub name: String,
    pub token: String,
    pub expires_at: Option<String>,
}

impl Org {
    /// `scim token create NAME [--expires-in D]` (none: it does not expire).
    pub fn scim_token_made(
        &mut self,
        actor: &Actor,
        name: &str,
        expires_in: Option<&str>,
    ) -> Result<ScimTokenMade> {
        let expires_at = expires_in
            .map(|d| crate::time::duration("--expires-in", d, crate::time::VALIDITY))
            .transpose()?
            .map(crate::time::after);
        let token = self.scim_token_create(actor, name, expires_at)?;
        Ok(ScimTokenMade {
            name: name.trim().to_string(),
            token,
            expires_at: expires_at.map(crate::time::rfc3339),
        })
    }

    /// Makes a token; returns it (the only time it exists outside the
    /// provider's settings).
    pub fn scim_token_create(
        &mut self,
        actor: &Actor,
        name: &str,
        expires_at: Option<i64>,
    ) -> Result<String> {
        let name = check_name(name)?;
        let token = Token::generate()?;
        let raw = format!("scim_{}", token.raw);
        let h = hash(&raw);
        let os_user = self.os_user.clone();
        self.store.write(|tx| {
            let admin = token_admin(tx, actor)?;
            let now = crate::time::now();
            // A revoked token's name may be taken again (an identity
            // provider's token is rotated under the same name): its row
            // goes, its history stays in the audit log. A live one is kept.
            let replaces = match rows::by_name(tx, &name)? {
                Some(old) if old.revoked_at.is_some() => {
                    rows::delete(tx, old.id)?;
                    true
                }
                Some(_) => {
                    return Err(Error::conflict(format!(
                        "a SCIM token named {name} already exists"
                    ))
                    .hint(format!(
                        "pick another name, or revoke it first: `orgadm scim token revoke {name}`"
                    )))
                }
                None => false,
            };
            rows::insert(tx, &name, &h, now, expires_at)?;
            audit::append(
                tx,
                &audit::NewEntry {
                    actor: &admin,
                    os_user: &os_user,
                    action: "scim.token.create",
                    target: &format!("scim:{name}"),
                    details: super::credentials::Via::record(
                        via(actor),
                        serde_json::json!({
                            "expires_at": expires_at.map(crate::time::rfc3339),
                            "replaces_revoked": replaces,
                        }),
                    ),
                },
            )
        })?;
        Ok(raw)
    }

    pub fn scim_tokens(&self) -> Result<Vec<TokenView>> {
        self.store.read(scim_tokens)
    }

    pub fn scim_token_revoke(&mut self, actor: &Actor, name: &str) -> Result<()> {
        let os_user = self.os_user.clone();
        self.store.write(|tx| {
            let admin = token_admin(tx, actor)?;
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
                    details: super::credentials::Via::record(via(actor), serde_json::json!({})),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use crate::org::{Actor, Change, Op};
    use crate::role::{Role, RoleSet};
    use crate::store::{Access, Location};

    const ROOT: &str = "root@example.com";

    fn org() -> (tempfile::TempDir, Location) {
        let dir = tempfile::tempdir().unwrap();
        let at = Location::File(dir.path().join("orgadm.db"));
        Org::init(&at, "Tokens", ROOT, Some("Root"), "test").unwrap();
        (dir, at)
    }

    fn invite(email: &str) -> Change {
        let t = Token::generate().unwrap();
        let op = Op::Invite {
            email: crate::validate::email(email).unwrap(),
            name: "Someone".into(),
            roles: RoleSet::of([Role::User]),
            groups: vec![],
            token_hash: t.hash,
            expires_at: crate::time::now() + 3600,
        };
        Change::new("scim", "test", vec![op])
    }

    fn last_used(org: &Org) -> Option<String> {
        org.scim_tokens().unwrap()[0].last_used_at.clone()
    }

    /// A provider's request is authenticated, then an admin revokes the
    /// token on another host before the request's change commits: the
    /// change is refused inside its transaction, and nothing is written.
    #[test]
    fn a_token_revoked_after_authentication_cannot_commit() {
        let (_dir, at) = org();
        let mut provider = Org::open(&at, Access::Write, "test").unwrap();
        let raw = provider
            .scim_token_create(&Actor::Person(ROOT.into()), "okta", None)
            .unwrap();
        assert_eq!(
            provider.scim_authenticate(&raw).unwrap().as_deref(),
            Some("okta")
        );
        let who = Actor::Token("okta".into());
        provider
            .commit_unasked(&who, &invite("first@example.com"), true)
            .unwrap();

        let mut admin = Org::open(&at, Access::Write, "test").unwrap();
        admin
            .scim_token_revoke(&Actor::Person(ROOT.into()), "okta")
            .unwrap();

        let err = provider
            .commit_unasked(&who, &invite("second@example.com"), true)
            .unwrap_err();
        assert_eq!(err.kind, Kind::Forbidden, "{err:?}");
        assert!(err.message.contains("okta is no longer valid"), "{err:?}");
        assert!(provider.find_person("second@example.com").is_err());
        assert!(provider.find_person("first@example.com").is_ok());
        assert_eq!(provider.scim_authenticate(&raw).unwrap(), None);
    }

    /// `last_used_at` is written on first use, then at most once a minute.
    #[test]
    fn last_use_is_written_at_most_once_a_minute() {
        let (_dir, at) = org();
        let mut org = Org::open(&at, Access::Write, "test").unwrap();
        let raw = org
            .scim_token_create(&Actor::Person(ROOT.into()), "entra", None)
            .unwrap();
        assert_eq!(last_used(&org), None);
        let id = org.store.read(|tx| rows::by_name(tx, "entra")).unwrap();
        let id = id.unwrap().id;
        let set = |org: &mut Org, at: i64| {
            org.store.write(|tx| rows::touch(tx, id, at)).unwrap();
        };
        let now = crate::time::now();

        // Used 30 s ago: this use is within the minute, nothing is written.
        set(&mut org, now - 30);
        assert!(org.scim_authenticate(&raw).unwrap().is_some());
        assert_eq!(last_used(&org), Some(crate::time::rfc3339(now - 30)));

        // Used two minutes ago: this use is recorded.
        set(&mut org, now - 120);
        assert!(org.scim_authenticate(&raw).unwrap().is_some());
        let after = org.store.read(|tx| rows::by_name(tx, "entra")).unwrap();
        let after = after.unwrap().last_used_at.unwrap();
        assert!(after >= now && after <= crate::time::now(), "{after}");
    }
}
