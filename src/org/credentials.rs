//! API credentials for remote mode (SPEC §13): sessions (from `orgadm
//! login`) and named tokens (`orgadm token create`), each owned by a person,
//! shown once, stored as a SHA-256 hash with its last eight characters. A
//! credential's power is its owner's *now*: [`Org::authenticate`] reads the
//! owner's state in the same transaction as the request it serves.
//!
//! Also `orgadm check`: may this person use this capability.

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

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::secret::hash;
use super::{audit, query, Org, Status};
use crate::error::{Error, Result};
use crate::role::{Role, RoleSet};
use crate::store::credentials::{self as rows, CredentialRow, NewCredential};
use crate::store::meta as meta_rows;
use crate::store::people as person_rows;
use crate::store::Tx;

/// What a credential may do: `admin`, everything its owner's roles allow;
/// `read`, read commands only; `check`, only `check` and `whoami`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Admin,
    Read,
    Check,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Admin => "admin",
            Scope::Read => "read",
            Scope::Check => "check",
        }
    }

    pub fn parse(s: &str) -> Result<Scope> {
        match s {
            "admin" => Ok(Scope::Admin),
            "read" => Ok(Scope::Read),
            "check" => Ok(Scope::Check),
            _ => Err(Error::usage(format!(
                "unknown scope `{}`: use admin, read or check",
                crate::validate::printable(s)
            ))),
        }
    }

    /// Whether this scope covers a request that needs `needed`.
    pub fn allows(self, needed: Scope) -> bool {
        match needed {
            Scope::Admin => self == Scope::Admin,
            Scope::Read => matches!(self, Scope::Admin | Scope::Read),
            Scope::Check => true,
        }
    }
}

/// Every API token starts with this; secret scanners know the shape.
pub const PREFIX: &str = "oa_";
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// 43 base62 characters hold 256 bits (62^43 > 2^256).
const BODY: usize = 43;
/// 62^6 > 2^32: the CRC32 in six characters.
const CHECK: usize = 6;

/// `n` in base62, left-padded with `0` to `width` characters.
fn base62(mut n: u64, width: usize) -> String {
    let mut out = vec![b'0'; width];
    for c in out.iter_mut().rev() {
        *c = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(out).unwrap_or_default()
}

fn checksum(body: &str) -> String {
    base62(u64::from(crc32fast::hash(body.as_bytes())), CHECK)
}

/// A new token: `oa_` + 32 random bytes' worth of base62 + its CRC32.
pub struct Minted {
    pub raw: String,
    pub hash: Vec<u8>,
    pub last_eight: String,
}

pub fn mint() -> Result<Minted> {
    let body = super::secret::random_chars(BASE62, BODY)?;
    let raw = format!("{PREFIX}{body}{}", checksum(&body));
    Ok(Minted {
        hash: hash(&raw),
        last_eight: raw[raw.len() - 8..].to_string(),
        raw,
    })
}

/// Whether `raw` has the shape of an orgadm API token (prefix, length,
/// alphabet, checksum): a typo is told apart from a token that is unknown.
pub fn well_formed(raw: &str) -> bool {
    let Some(rest) = raw.strip_prefix(PREFIX) else {
        return false;
    };
    if rest.len() != BODY + CHECK || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let (body, check) = rest.split_at(BODY);
    checksum(body) == check
}

/// Why a credential was not accepted: the server answers 401 saying which,
/// and the client exits 6 with what to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    Missing,
    Malformed,
    Unknown,
    Expired,
    Revoked,
    /// The owner is invited or suspended.
    Inactive,
}

impl AuthFailure {
    pub fn reason(self) -> &'static str {
        match self {
            AuthFailure::Missing => "missing",
            AuthFailure::Malformed => "malformed",
            AuthFailure::Unknown => "unknown",
            AuthFailure::Expired => "expired",
            AuthFailure::Revoked => "revoked",
            AuthFailure::Inactive => "inactive",
        }
    }

    pub fn error(self) -> Error {
        let message = match self {
            AuthFailure::Missing => "this request carries no credential",
            AuthFailure::Malformed => {
                "the credential is not an orgadm token (they start with `oa_`)"
            }
            AuthFailure::Unknown => "the credential is unknown to this server",
            AuthFailure::Expired => "the credential has expired",
            AuthFailure::Revoked => "the credential has been revoked",
            AuthFailure::Inactive => {
                "the credential's owner is suspended, or not an active member of the organization"
            }
        };
        Error::forbidden(format!("not signed in: {message} ({})", self.reason()))
            .hint("sign in with `orgadm login`, or pass a token with `orgadm login --with-token` or ORGADM_TOKEN")
    }
}

/// A credential as `whoami` and `token list` show it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CredentialView {
    /// The row's id (`orgadm token revoke ID`).
    pub id: i64,
    /// `session` or `token`.
    pub kind: String,
    /// The token's name (`session` for a session).
    pub name: String,
    pub owner: String,
    pub scope: Scope,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub expires_at: String,
    /// `active`, `expired` or `revoked`.
    pub state: String,
    /// The token's last eight characters, to recognize it.
    pub last_eight: String,
}

fn state(r: &CredentialRow, now: i64) -> &'static str {
    if r.revoked_at.is_some() {
        "revoked"
    } else if r.expires_at <= now {
        "expired"
    } else {
        "active"
    }
}

pub(crate) fn view_row(r: &CredentialRow, now: i64) -> Result<CredentialView> {
    Ok(CredentialView {
        id: r.id,
        kind: r.kind.clone(),
        name: r.name.clone(),
        owner: r.owner.clone(),
        scope: Scope::parse(&r.scope).map_err(|_| {
            Error::storage(format!("the database holds an unknown scope `{}`", r.scope))
        })?,
        created_at: crate::time::rfc3339(r.created_at),
        last_used_at: r.last_used_at.map(crate::time::rfc3339),
        expires_at: crate::time::rfc3339(r.expires_at),
        state: state(r, now).to_string(),
        last_eight: r.last_eight.clone(),
    })
}

/// Who a request comes from, once its credential is accepted.
#[derive(Debug, Clone)]
pub struct Caller {
    pub person_id: i64,
    /// The owner's email as stored.
    pub email: String,
    pub effective_roles: RoleSet,
    pub credential: CredentialView,
    last_used: Option<i64>,
    /// When the credential expires (unix seconds).
    expires_at: i64,
}

/// How long an answer read for a caller stays the answer: while the
/// organization's generation (`store::meta`) is `generation`, and before
/// `until` (unix seconds; what the clock alone changes: a credential's
/// expiry, an invitation's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub generation: i64,
    pub until: i64,
}

impl Caller {
    /// Until when an answer read for this caller may be kept (given that
    /// nothing is written meanwhile): the credential's expiry, and the
    /// next write of its last use, which keeping must not put off.
    fn keep_until(&self) -> i64 {
        let touch_due = self.last_used.map_or(i64::MIN, |u| u + TOUCH_EVERY);
        self.expires_at.min(touch_due)
    }

    /// What the audit log records as the credential: `session` or `token:NAME`.
    pub fn credential_label(&self) -> String {
        match self.credential.kind.as_str() {
            "session" => "session".to_string(),
            _ => format!("token:{}", self.credential.name),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.effective_roles.contains(Role::OrgAdmin)
    }
}

/// How a change came over the API: the credential it carried and the
/// client's address, recorded in the audit entry's details.
#[derive(Debug, Clone)]
pub struct Via {
    pub credential_id: i64,
    /// `session` or `token:NAME`.
    pub label: String,
    pub client: String,
}

impl Via {
    pub fn of(caller: &Caller, client: &str) -> Via {
        Via {
            credential_id: caller.credential.id,
            label: caller.credential_label(),
            client: client.to_string(),
        }
    }

    /// Inside a write: the credential is still valid (it may have been
    /// revoked since the request was authenticated).
    fn check(&self, tx: &Tx) -> Result<()> {
        self.owner(tx).map(|_| ())
    }

    /// Inside a transaction: the email of the credential's owner, while
    /// the credential is still valid (it may have been revoked or expired
    /// since the request was authenticated, or its owner renamed).
    pub(crate) fn owner(&self, tx: &Tx) -> Result<String> {
        match rows::by_id(tx, self.credential_id)? {
            Some(r) if state(&r, crate::time::now()) == "active" => Ok(r.owner),
            _ => Err(AuthFailure::Revoked.error()),
        }
    }

    /// Adds the credential and client to an audit entry's details.
    pub(crate) fn record(via: Option<&Via>, mut details: serde_json::Value) -> serde_json::Value {
        if let Some(v) = via {
            details["credential"] = v.label.clone().into();
            details["client"] = v.client.clone().into();
        }
        details
    }
}

/// How often `last_used_at` is written (at most once a minute per credential).
const TOUCH_EVERY: i64 = 60;

/// Inside a transaction: the caller `raw` names, with their power now.
pub(crate) fn caller(tx: &Tx, raw: &str) -> Result<Result<Caller, AuthFailure>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(Err(AuthFailure::Missing));
    }
    if !well_formed(raw) {
        return Ok(Err(AuthFailure::Malformed));
    }
    let now = crate::time::now();
    let Some(row) = rows::by_hash(tx, &hash(raw))? else {
        return Ok(Err(AuthFailure::Unknown));
    };
    match state(&row, now) {
        "revoked" => return Ok(Err(AuthFailure::Revoked)),
        "expired" => return Ok(Err(AuthFailure::Expired)),
        _ => {}
    }
    let person = query::person_state_by_id(tx, row.person_id)?;
    if person.status != Status::Active {
        return Ok(Err(AuthFailure::Inactive));
    }
    Ok(Ok(Caller {
        person_id: row.person_id,
        email: person.email,
        effective_roles: person.effective_roles,
        credential: view_row(&row, now)?,
        last_used: row.last_used_at,
        expires_at: row.expires_at,
    }))
}

/// The active person `actor` names (any roles): who may make and list
/// their own tokens.
fn active_person(tx: &Tx, actor: &str) -> Result<person_rows::PersonRow> {
    let row = query::find_actor(tx, actor)?;
    if Status::from_db(&row.status)? != Status::Active {
        return Err(Error::forbidden(format!(
            "refused: {} is not an active member of the organization",
            row.email
        )));
    }
    Ok(row)
}

/// A token's name: letters, digits, `-`, `_`, `.`.
fn check_name(name: &str) -> Result<String> {
    let n = crate::validate::text("token name", name)?;
    if n == "session"
        || !n
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(Error::usage(format!(
            "token name `{}` may hold only letters, digits, `-`, `_` and `.` (and is not `session`)",
            crate::validate::printable(&n)
        )));
    }
    Ok(n)
}

/// A token just made: the only time its text exists outside its holder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedToken {
    pub token: String,
    #[serde(flatten)]
    pub credential: CredentialView,
}

/// What `orgadm check` answers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CheckAnswer {
    pub email: String,
    pub capability: String,
    pub allowed: bool,
    pub effective_roles: RoleSet,
    /// The sources of the roles that grant the capability (as `role_sources`).
    pub via: BTreeMap<Role, Vec<String>>,
}

/// When a token made now expires: after `expires_in` (`--expires-in`,
/// 1m to 366d), else after 90 days. Every token expires.
pub fn expiry(expires_in: Option<&str>) -> Result<i64> {
    let d = match expires_in {
        Some(d) => crate::time::duration("--expires-in", d, crate::time::TOKEN_VALIDITY)?,
        None => crate::time::TOKEN_DEFAULT,
    };
    Ok(crate::time::after(d))
}

/// The capabilities `check` knows (SPEC §1).
pub const CAPABILITIES: [&str; 3] = ["admin", "billing", "general"];

impl Org {
    /// The caller a credential names, read in one transaction (or the
    /// reason it is refused). Records the use at most once a minute.
    pub fn authenticate(&mut self, raw: &str) -> Result<Result<Caller, AuthFailure>> {
        let found = self.store.read(|tx| caller(tx, raw))?;
        if let Ok(c) = &found {
            self.touch(c);
        }
        Ok(found)
    }

    /// Writes a credential's last use, at most once a minute. Best effort:
    /// a read-only database still serves reads.
    fn touch(&mut self, c: &Caller) {
        let now = crate::time::now();
        if c.last_used.is_none_or(|u| now - u >= TOUCH_EVERY) {
            let id = c.credential.id;
            let _ = self.store.write(|tx| rows::touch(tx, id, now));
        }
    }

    /// Makes a named token for `actor` (any active person, for themselves).
    pub fn token_create(
        &mut self,
        actor: &str,
        via: Option<&Via>,
        name: &str,
        scope: Scope,
        expires_at: i64,
    ) -> Result<CreatedToken> {
        let name = check_name(name)?;
        let minted = mint()?;
        let os_user = self.os_user.clone();
        self.store.write(|tx| {
            via.map(|v| v.check(tx)).transpose()?;
            let owner = active_person(tx, actor)?;
            let now = crate::time::now();
            let replaces = match rows::token_named(tx, owner.id, &name)? {
                Some(old) if state(&old, now) != "active" => {
                    rows::delete(tx, old.id)?;
                    true
                }
                Some(_) => {
                    return Err(
                        Error::conflict(format!("you already have a token named {name}")).hint(
                            format!(
                        "pick another name, or revoke it first: `orgadm token revoke {name}`"
                    ),
                        ),
                    )
                }
                None => false,
            };
            let id = rows::insert(
                tx,
                &NewCredential {
                    person_id: owner.id,
                    kind: "token",
                    name: &name,
                    scope: scope.as_str(),
                    hash: &minted.hash,
                    last_eight: &minted.last_eight,
                    created_at: now,
                    expires_at,
                },
            )?;
            audit::append(
                tx,
                &audit::NewEntry {
                    actor: &owner.email,
                    os_user: &os_user,
                    action: "token.create",
                    target: &format!("token:{name}"),
                    details: Via::record(
                        via,
                        serde_json::json!({
                            "scope": scope.as_str(),
                            "expires_at": crate::time::rfc3339(expires_at),
                            "replaces_expired_or_revoked": replaces,
                        }),
                    ),
                },
            )?;
            let row = rows::by_id(tx, id)?
                .ok_or_else(|| Error::internal("the token just made is not in the database"))?;
            Ok(CreatedToken {
                token: minted.raw.clone(),
                credential: view_row(&row, now)?,
            })
        })
    }

    /// `actor`'s own tokens, or (`all`, for an org-admin) everyone's.
    pub fn tokens(&self, actor: &str, all: bool) -> Result<Vec<CredentialView>> {
        self.store.read(|tx| tokens(tx, actor, all))
    }

    /// Runs `f` for the caller `raw` names, in the same read transaction
    /// that reads the caller's state and roles.
    pub fn read_as<T>(
        &mut self,
        raw: &str,
        f: impl FnOnce(&Tx, &Caller) -> Result<T>,
    ) -> Result<Result<T, AuthFailure>> {
        let mut seen = None;
        let out = self.store.read(|tx| match caller(tx, raw)? {
            Ok(c) => {
                let out = f(tx, &c);
                seen = Some(c);
                out.map(Ok)
            }
            Err(fail) => Ok(Err(fail)),
        });
        if let Some(c) = &seen {
            self.touch(c);
        }
        out
    }

    /// [`Org::read_as`] whose answer says how long it stays true: `f`
    /// answers with the time (unix seconds) its answer changes by the clock
    /// alone, if any; the generation is read in the same transaction.
    pub fn read_stamped<T>(
        &mut self,
        raw: &str,
        f: impl FnOnce(&Tx, &Caller) -> Result<(T, Option<i64>)>,
    ) -> Result<Result<(T, Stamp), AuthFailure>> {
        self.read_as(raw, |tx, caller| {
            let generation = meta_rows::generation(tx)?;
            let (out, changes_at) = f(tx, caller)?;
            let until = changes_at.unwrap_or(i64::MAX).min(caller.keep_until());
            Ok((out, Stamp { generation, until }))
        })
    }

    /// The organization's generation now: the same as an answer's
    /// [`Stamp`] says means nothing was written since it was read.
    pub fn generation(&self) -> Result<i64> {
        self.store.generation()
    }

    /// Revokes `which`: one of `actor`'s tokens by name, or a credential
    /// (token or session) by id: one's own, or anyone's for an org-admin.
    pub fn token_revoke(
        &mut self,
        actor: &str,
        via: Option<&Via>,
        which: &str,
    ) -> Result<CredentialView> {
        let os_user = self.os_user.clone();
        self.store.write(|tx| {
            via.map(|v| v.check(tx)).transpose()?;
            let me = active_person(tx, actor)?;
            let now = crate::time::now();
            // Your own token by name first (a name may be all digits),
            // then any credential by id: yours, or (an org-admin) anyone's
            // token or session.
            let by_id = || -> Result<Option<CredentialRow>> {
                match which.parse::<i64>() {
                    Ok(id) => rows::by_id(tx, id),
                    Err(_) => Ok(None),
                }
            };
            let row = match rows::token_named(tx, me.id, which)? {
                Some(r) => r,
                None => match by_id()? {
                    Some(r) if r.person_id == me.id => r,
                    Some(r) => {
                        query::authorize(tx, actor).map_err(|e| {
                            Error::forbidden(format!(
                                "refused: credential {which} is {}'s; only an org-admin may revoke another person's",
                                r.owner
                            ))
                            .hint(e.message)
                        })?;
                        r
                    }
                    None => {
                        return Err(Error::not_found(format!(
                            "you have no token named {}",
                            crate::validate::printable(which)
                        ))
                        .hint("list yours with `orgadm token list` (an org-admin sees everyone's with `--all`, and revokes by ID)"))
                    }
                },
            };
            if row.revoked_at.is_some() {
                return Err(Error::conflict(format!(
                    "the token {} is already revoked",
                    row.name
                )));
            }
            rows::revoke(tx, row.id, now)?;
            audit::append(
                tx,
                &audit::NewEntry {
                    actor: &me.email,
                    os_user: &os_user,
                    action: "token.revoke",
                    target: &format!("token:{}", row.name),
                    details: Via::record(
                        via,
                        serde_json::json!({ "id": row.id, "owner": row.owner, "kind": row.kind }),
                    ),
                },
            )?;
            let row = rows::by_id(tx, row.id)?
                .ok_or_else(|| Error::internal("the token just revoked is not in the database"))?;
            view_row(&row, now)
        })
    }

    /// May the person `user` names use `capability` now?
    pub fn check(&self, user: &str, capability: &str) -> Result<CheckAnswer> {
        // Exit 2 for a capability that does not exist, before any lookup.
        check_capability(capability)?;
        self.store.read(|tx| check(tx, user, capability))
    }
}

/// The caller as `whoami` shows them, with the credential in use.
pub fn whoami(tx: &Tx, caller: &Caller) -> Result<super::PersonView> {
    query::person_by_id(tx, caller.person_id)
}

/// [`Org::tokens`] inside a transaction.
pub fn tokens(tx: &Tx, actor: &str, all: bool) -> Result<Vec<CredentialView>> {
    let owner = if all {
        query::authorize(tx, actor)?;
        None
    } else {
        Some(active_person(tx, actor)?.id)
    };
    let now = crate::time::now();
    rows::tokens(tx, owner)?
        .iter()
        .map(|r| view_row(r, now))
        .collect()
}

pub(crate) fn check_capability(capability: &str) -> Result<()> {
    if CAPABILITIES.contains(&capability) {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "unknown capability `{}`: use admin, billing or general",
            crate::validate::printable(capability)
        )))
    }
}

/// [`Org::check`] inside a transaction.
pub fn check(tx: &Tx, user: &str, capability: &str) -> Result<CheckAnswer> {
    let row = query::find_person_row(tx, user)?;
    let p = query::with_sources(tx, row, false)?;
    let granting = |r: &Role| r.capabilities().contains(&capability);
    let via: BTreeMap<Role, Vec<String>> = p
        .role_sources
        .unwrap_or_default()
        .into_iter()
        .filter(|(r, _)| granting(r))
        .collect();
    Ok(CheckAnswer {
        allowed: p.status == Status::Active && !via.is_empty(),
        email: p.email,
        capability: capability.to_string(),
        effective_roles: p.effective_roles,
        via,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use crate::store::{Access, Location};

    const ROOT: &str = "root@example.com";

    fn org() -> (tempfile::TempDir, Location, Org) {
        let dir = tempfile::tempdir().unwrap();
        let at = Location::File(dir.path().join("orgadm.db"));
        Org::init(&at, "Tokens", ROOT, Some("Root"), "test").unwrap();
        let org = Org::open(&at, Access::Write, "test").unwrap();
        (dir, at, org)
    }

    /// Sets when a credential was last used (the store's own statement).
    fn used_at(org: &mut Org, id: i64, at: i64) {
        org.store.write(|tx| rows::touch(tx, id, at)).unwrap();
    }

    fn refused(org: &mut Org, raw: &str) -> AuthFailure {
        org.authenticate(raw).unwrap().unwrap_err()
    }

    /// Each refusal says why; an expired or revoked token is not accepted.
    #[test]
    fn credentials_are_refused_with_their_reason() {
        let (_d, _at, mut org) = org();
        let made = org
            .token_create(ROOT, None, "ci", Scope::Admin, crate::time::now() + 600)
            .unwrap();
        assert_eq!(org.authenticate(&made.token).unwrap().unwrap().email, ROOT);
        assert_eq!(refused(&mut org, ""), AuthFailure::Missing);
        assert_eq!(refused(&mut org, "scim_abc"), AuthFailure::Malformed);
        assert_eq!(
            refused(&mut org, &mint().unwrap().raw),
            AuthFailure::Unknown
        );
        let old = org
            .token_create(ROOT, None, "old", Scope::Admin, 1)
            .unwrap();
        assert_eq!(refused(&mut org, &old.token), AuthFailure::Expired);
        org.token_revoke(ROOT, None, "ci").unwrap();
        assert_eq!(refused(&mut org, &made.token), AuthFailure::Revoked);
        for f in [
            AuthFailure::Missing,
            AuthFailure::Expired,
            AuthFailure::Inactive,
        ] {
            let e = f.error();
            assert_eq!(e.kind, Kind::Forbidden);
            assert!(
                e.message.contains(&format!("({})", f.reason())),
                "{}",
                e.message
            );
        }
    }

    /// A request authenticated, then its token revoked elsewhere before it
    /// writes: the write is refused inside its transaction.
    #[test]
    fn a_write_rechecks_its_credential_inside_the_transaction() {
        let (_d, at, mut org) = org();
        let made = org
            .token_create(ROOT, None, "ci", Scope::Admin, crate::time::now() + 600)
            .unwrap();
        let caller = org.authenticate(&made.token).unwrap().unwrap();
        let via = Via::of(&caller, "127.0.0.1");
        org.token_create(
            ROOT,
            Some(&via),
            "second",
            Scope::Read,
            crate::time::now() + 600,
        )
        .unwrap();
        let mut other = Org::open(&at, Access::Write, "test").unwrap();
        other.token_revoke(ROOT, None, "ci").unwrap();
        let e = org
            .token_create(
                ROOT,
                Some(&via),
                "third",
                Scope::Read,
                crate::time::now() + 600,
            )
            .unwrap_err();
        assert_eq!(e.kind, Kind::Forbidden, "{e:?}");
        assert!(e.message.contains("revoked"), "{}", e.message);
        let e = org.token_revoke(ROOT, Some(&via), "second").unwrap_err();
        assert_eq!(e.kind, Kind::Forbidden, "{e:?}");
        let names: Vec<String> = org
            .tokens(ROOT, false)
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["ci", "second"]);
    }

    /// A stamp holds the generation its read saw, which every committed
    /// write moves and nothing else does, and ends at the credential's
    /// expiry, its next last-use write, or what `f` says, the earliest.
    #[test]
    fn a_stamp_ends_with_the_first_write_or_the_first_deadline() {
        let (_d, _at, mut org) = org();
        let expires = crate::time::now() + 600;
        let made = org
            .token_create(ROOT, None, "ci", Scope::Admin, expires)
            .unwrap();
        let stamp = |org: &mut Org, at: Option<i64>| {
            org.read_stamped(&made.token, |_, _| Ok(((), at)))
                .unwrap()
                .unwrap()
                .1
        };
        // The first use writes itself down: the stamp read before it is
        // behind at once.
        let first = stamp(&mut org, None);
        assert_eq!(org.generation().unwrap(), first.generation + 1);
        let used = crate::time::now();
        used_at(&mut org, made.credential.id, used);
        let s = stamp(&mut org, None);
        assert_eq!(s.generation, org.generation().unwrap());
        assert_eq!(s.until, used + TOUCH_EVERY);
        assert_eq!(stamp(&mut org, Some(used + 5)).until, used + 5);
        assert_eq!(stamp(&mut org, Some(i64::MAX)).until, used + TOUCH_EVERY);
        used_at(&mut org, made.credential.id, expires);
        assert_eq!(stamp(&mut org, None).until, expires);
        // Reads leave the generation; a write that fails leaves it too.
        let g = org.generation().unwrap();
        org.tokens(ROOT, true).unwrap();
        assert!(org
            .token_create(ROOT, None, "ci", Scope::Admin, expires)
            .is_err());
        assert_eq!(org.generation().unwrap(), g);
        org.token_revoke(ROOT, None, "ci").unwrap();
        assert_eq!(org.generation().unwrap(), g + 1);
    }

    /// A revoked or expired token's name can be taken again; a live one's not.
    #[test]
    fn a_name_is_free_again_once_its_token_has_ended() {
        let (_d, _at, mut org) = org();
        let later = crate::time::now() + 600;
        org.token_create(ROOT, None, "ci", Scope::Admin, later)
            .unwrap();
        let e = org
            .token_create(ROOT, None, "ci", Scope::Admin, later)
            .unwrap_err();
        assert_eq!(e.kind, Kind::Conflict);
        org.token_revoke(ROOT, None, "ci").unwrap();
        // Taken again by a token that has already expired...
        org.token_create(ROOT, None, "ci", Scope::Read, 1).unwrap();
        // ...whose name is then free too.
        let again = org
            .token_create(ROOT, None, "ci", Scope::Check, later)
            .unwrap();
        assert_eq!(again.credential.scope, Scope::Check);
        assert_eq!(org.tokens(ROOT, false).unwrap().len(), 1);
    }

    /// `last_used_at` is written on first use, then at most once a minute.
    #[test]
    fn last_use_is_written_at_most_once_a_minute() {
        let (_d, _at, mut org) = org();
        let made = org
            .token_create(ROOT, None, "ci", Scope::Admin, crate::time::now() + 600)
            .unwrap();
        let last = |org: &Org| org.tokens(ROOT, false).unwrap()[0].last_used_at.clone();
        assert_eq!(last(&org), None);
        org.authenticate(&made.token).unwrap().unwrap();
        assert!(last(&org).is_some());
        let now = crate::time::now();
        used_at(&mut org, made.credential.id, now - 30);
        org.read_as(&made.token, |_, _| Ok(())).unwrap().unwrap();
        assert_eq!(last(&org), Some(crate::time::rfc3339(now - 30)));
        used_at(&mut org, made.credential.id, now - 120);
        org.read_as(&made.token, |_, _| Ok(())).unwrap().unwrap();
        let used = last(&org).unwrap();
        assert!(used >= crate::time::rfc3339(now), "{used}");
    }

    #[test]
    fn capabilities_are_the_three_of_spec_1() {
        for c in CAPABILITIES {
            check_capability(c).unwrap();
        }
        for c in ["root", "Admin", "", "billing "] {
            assert_eq!(check_capability(c).unwrap_err().kind, Kind::Usage, "{c:?}");
        }
    }

    #[test]
    fn minted_tokens_have_the_shape_and_a_checksum_that_catches_typos() {
        let t = mint().unwrap();
        assert!(t.raw.starts_with("oa_"));
        assert_eq!(t.raw.len(), 3 + 43 + 6);
        assert!(well_formed(&t.raw), "{}", t.raw);
        assert_eq!(t.last_eight, &t.raw[t.raw.len() - 8..]);
        assert_eq!(t.hash, hash(&t.raw));
        assert_ne!(mint().unwrap().raw, t.raw);
        // One character changed anywhere in the body: the checksum fails.
        for i in 3..t.raw.len() {
            let mut b = t.raw.clone().into_bytes();
            b[i] = if b[i] == b'a' { b'b' } else { b'a' };
            let s = String::from_utf8(b).unwrap();
            assert!(!well_formed(&s), "{s}");
        }
        for bad in [
            "",
            "oa_",
            "scim_abc",
            &t.raw[..t.raw.len() - 1],
            &format!("{}x", t.raw),
        ] {
            assert!(!well_formed(bad), "{bad}");
        }
        assert!(!well_formed(&t.raw.replacen("oa_", "ob_", 1)));
        assert!(!well_formed(&format!("oa_{}", "-".repeat(49))));
    }

    #[test]
    fn base62_pads_and_encodes_the_largest_crc() {
        assert_eq!(base62(0, 6), "000000");
        assert_eq!(base62(61, 2), "0z");
        assert_eq!(base62(62, 2), "10");
        assert_eq!(base62(u64::from(u32::MAX), 6), "4gfFC3");
    }

    #[test]
    fn scopes_cover_what_they_say() {
        use Scope::*;
        for (have, need, ok) in [
            (Admin, Admin, true),
            (Admin, Read, true),
            (Admin, Check, true),
            (Read, Admin, false),
            (Read, Read, true),
            (Read, Check, true),
            (Check, Admin, false),
            (Check, Read, false),
            (Check, Check, true),
        ] {
            assert_eq!(have.allows(need), ok, "{have:?} {need:?}");
        }
        for s in [Admin, Read, Check] {
            assert_eq!(Scope::parse(s.as_str()).unwrap(), s);
        }
        assert!(Scope::parse("Admin").is_err());
    }
}
