//! SCIM bearer tokens: a name, the SHA-256 of the token, and their dates.

use super::sql::{params, Row, Tx};
use crate::error::Result;

#[derive(Debug, Clone)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

const COLUMNS: &str = "id, name, created_at, expires_at, last_used_at, revoked_at";

fn token_row(r: &Row) -> Result<TokenRow> {
    Ok(TokenRow {
        id: r.int(0)?,
        name: r.text(1)?,
        created_at: r.int(2)?,
        expires_at: r.opt_int(3)?,
        last_used_at: r.opt_int(4)?,
        revoked_at: r.opt_int(5)?,
    })
}

pub fn insert(tx: &Tx, name: &str, hash: &[u8], now: i64, expires_at: Option<i64>) -> Result<()> {
    tx.exec(
        "INSERT INTO scim_token (name, token_hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, hash, now, expires_at],
    )?;
    Ok(())
}

pub fn by_hash(tx: &Tx, hash: &[u8]) -> Result<Option<TokenRow>> {
    let sql = format!("SELECT {COLUMNS} FROM scim_token WHERE token_hash = ?1");
    tx.row(&sql, params![hash])?
        .as_ref()
        .map(token_row)
        .transpose()
}

pub fn by_name(tx: &Tx, name: &str) -> Result<Option<TokenRow>> {
    let sql = format!("SELECT {COLUMNS} FROM scim_token WHERE name = ?1");
    tx.row(&sql, params![name])?
        .as_ref()
        .map(token_row)
        .transpose()
}

/// Every token, revoked ones too, by name.
pub fn all(tx: &Tx) -> Result<Vec<TokenRow>> {
    let sql = format!("SELECT {COLUMNS} FROM scim_token ORDER BY name");
    tx.rows(&sql, &[])?.iter().map(token_row).collect()
}

pub fn revoke(tx: &Tx, id: i64, now: i64) -> Result<()> {
    tx.exec(
        "UPDATE scim_token SET revoked_at = ?1 WHERE id = ?2",
        params![now, id],
    )?;
    Ok(())
}

/// Deletes a token's row (a revoked token whose name is taken again).
pub fn delete(tx: &Tx, id: i64) -> Result<()> {
    tx.exec("DELETE FROM scim_token WHERE id = ?1", params![id])?;
    Ok(())
}

pub fn touch(tx: &Tx, id: i64, now: i64) -> Result<()> {
    tx.exec(
        "UPDATE scim_token SET last_used_at = ?1 WHERE id = ?2",
        params![now, id],
    )?;
    Ok(())
}
