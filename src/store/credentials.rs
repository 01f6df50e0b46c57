//! API credentials (SPEC §13): sessions and named tokens, each owned by a
//! person, kept as the SHA-256 of the token with its last eight characters.

use super::sql::{params, Row, Tx};
use crate::error::Result;

#[derive(Debug, Clone)]
pub struct CredentialRow {
    pub id: i64,
    pub person_id: i64,
    /// `session` or `token`.
    pub kind: String,
    pub name: String,
    pub scope: String,
    pub last_eight: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    /// The owner's email, as typed.
    pub owner: String,
}

const COLUMNS: &str = "t.id, t.person_id, t.kind, t.name, t.scope, t.last_eight, t.created_at, \
     t.expires_at, t.last_used_at, t.revoked_at, p.email \
     FROM api_token t JOIN person p ON p.id = t.person_id";

fn row(r: &Row) -> Result<CredentialRow> {
    Ok(CredentialRow {
        id: r.int(0)?,
        person_id: r.int(1)?,
        kind: r.text(2)?,
        name: r.text(3)?,
        scope: r.text(4)?,
        last_eight: r.text(5)?,
        created_at: r.int(6)?,
        expires_at: r.int(7)?,
        last_used_at: r.opt_int(8)?,
        revoked_at: r.opt_int(9)?,
        owner: r.text(10)?,
    })
}

/// What a new credential is.
pub struct NewCredential<'a> {
    pub person_id: i64,
    pub kind: &'a str,
    pub name: &'a str,
    pub scope: &'a str,
    pub hash: &'a [u8],
    pub last_eight: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

pub fn insert(tx: &Tx, c: &NewCredential) -> Result<i64> {
    tx.insert(
        "INSERT INTO api_token (person_id, kind, name, scope, token_hash, last_eight, created_at, expires_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        params![
            c.person_id,
            c.kind,
            c.name,
            c.scope,
            c.hash,
            c.last_eight,
            c.created_at,
            c.expires_at
        ],
    )
}

pub fn by_hash(tx: &Tx, hash: &[u8]) -> Result<Option<CredentialRow>> {
    let sql = format!("SELECT {COLUMNS} WHERE t.token_hash = ?1");
    tx.row(&sql, params![hash])?.as_ref().map(row).transpose()
}

pub fn by_id(tx: &Tx, id: i64) -> Result<Option<CredentialRow>> {
    let sql = format!("SELECT {COLUMNS} WHERE t.id = ?1");
    tx.row(&sql, params![id])?.as_ref().map(row).transpose()
}

/// A person's named token.
pub fn token_named(tx: &Tx, person_id: i64, name: &str) -> Result<Option<CredentialRow>> {
    let sql =
        format!("SELECT {COLUMNS} WHERE t.person_id = ?1 AND t.kind = 'token' AND t.name = ?2");
    tx.row(&sql, params![person_id, name])?
        .as_ref()
        .map(row)
        .transpose()
}

/// Named tokens (not sessions): one person's, or everyone's; by owner and name.
pub fn tokens(tx: &Tx, person_id: Option<i64>) -> Result<Vec<CredentialRow>> {
    let order = "ORDER BY p.email_norm, t.name";
    let rows = match person_id {
        Some(id) => tx.rows(
            &format!("SELECT {COLUMNS} WHERE t.kind = 'token' AND t.person_id = ?1 {order}"),
            params![id],
        )?,
        None => tx.rows(
            &format!("SELECT {COLUMNS} WHERE t.kind = 'token' {order}"),
            &[],
        )?,
    };
    rows.iter().map(row).collect()
}

pub fn revoke(tx: &Tx, id: i64, now: i64) -> Result<()> {
    tx.exec(
        "UPDATE api_token SET revoked_at = ?1 WHERE id = ?2",
        params![now, id],
    )?;
    Ok(())
}

/// Deletes a credential's row (a revoked token whose name is taken again).
pub fn delete(tx: &Tx, id: i64) -> Result<()> {
    tx.exec("DELETE FROM api_token WHERE id = ?1", params![id])?;
    Ok(())
}

pub fn touch(tx: &Tx, id: i64, now: i64) -> Result<()> {
    tx.exec(
        "UPDATE api_token SET last_used_at = ?1 WHERE id = ?2",
        params![now, id],
    )?;
    Ok(())
}

/// A sign-in request (`orgadm login`), as stored.
#[derive(Debug, Clone)]
pub struct SignInRow {
    pub id: i64,
    pub user_code: String,
    pub person_id: Option<i64>,
    pub email_norm: String,
    pub client_host: String,
    pub client_user: String,
    pub client_addr: String,
    pub created_at: i64,
    pub expires_at: i64,
    /// `pending`, `approved`, `denied` or `used`.
    pub state: String,
    pub last_poll_at: Option<i64>,
}

const SIGN_IN_COLUMNS: &str = "id, user_code, person_id, email_norm, client_host, client_user, \
     client_addr, created_at, expires_at, state, last_poll_at FROM sign_in";

fn sign_in_row(r: &Row) -> Result<SignInRow> {
    Ok(SignInRow {
        id: r.int(0)?,
        user_code: r.text(1)?,
        person_id: r.opt_int(2)?,
        email_norm: r.text(3)?,
        client_host: r.text(4)?,
        client_user: r.text(5)?,
        client_addr: r.text(6)?,
        created_at: r.int(7)?,
        expires_at: r.int(8)?,
        state: r.text(9)?,
        last_poll_at: r.opt_int(10)?,
    })
}

pub struct NewSignIn<'a> {
    pub device_hash: &'a [u8],
    pub link_hash: &'a [u8],
    pub user_code: &'a str,
    pub person_id: Option<i64>,
    pub email_norm: &'a str,
    pub client_host: &'a str,
    pub client_user: &'a str,
    pub client_addr: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

pub fn insert_sign_in(tx: &Tx, s: &NewSignIn) -> Result<()> {
    tx.exec(
        "INSERT INTO sign_in (device_hash, link_hash, user_code, person_id, email_norm, client_host, \
         client_user, client_addr, created_at, expires_at, state) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'pending')",
        params![
            s.device_hash,
            s.link_hash,
            s.user_code,
            s.person_id,
            s.email_norm,
            s.client_host,
            s.client_user,
            s.client_addr,
            s.created_at,
            s.expires_at
        ],
    )?;
    Ok(())
}

/// How many sign-ins were asked since `since` for this email, or from this
/// address, and when the oldest of them was.
pub fn sign_ins_since(
    tx: &Tx,
    by_email: bool,
    key: &str,
    since: i64,
) -> Result<(i64, Option<i64>)> {
    let col = if by_email {
        "email_norm"
    } else {
        "client_addr"
    };
    let r = tx.row(
        &format!(
            "SELECT count(*), min(created_at) FROM sign_in WHERE {col} = ?1 AND created_at > ?2"
        ),
        params![key, since],
    )?;
    match r {
        Some(r) => Ok((r.int(0)?, r.opt_int(1)?)),
        None => Ok((0, None)),
    }
}

pub fn sign_in_by_link(tx: &Tx, hash: &[u8]) -> Result<Option<SignInRow>> {
    let sql = format!("SELECT {SIGN_IN_COLUMNS} WHERE link_hash = ?1");
    tx.row(&sql, params![hash])?
        .as_ref()
        .map(sign_in_row)
        .transpose()
}

pub fn sign_in_by_device(tx: &Tx, hash: &[u8]) -> Result<Option<SignInRow>> {
    let sql = format!("SELECT {SIGN_IN_COLUMNS} WHERE device_hash = ?1");
    tx.row(&sql, params![hash])?
        .as_ref()
        .map(sign_in_row)
        .transpose()
}

pub fn set_sign_in_state(tx: &Tx, id: i64, state: &str) -> Result<()> {
    tx.exec(
        "UPDATE sign_in SET state = ?1 WHERE id = ?2",
        params![state, id],
    )?;
    Ok(())
}

pub fn set_sign_in_polled(tx: &Tx, id: i64, now: i64) -> Result<()> {
    tx.exec(
        "UPDATE sign_in SET last_poll_at = ?1 WHERE id = ?2",
        params![now, id],
    )?;
    Ok(())
}

/// Forgets sign-in requests that ended before `before` (they count for no
/// limit any more).
pub fn prune_sign_ins(tx: &Tx, before: i64) -> Result<()> {
    tx.exec("DELETE FROM sign_in WHERE expires_at < ?1", params![before])?;
    Ok(())
}
