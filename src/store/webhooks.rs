//! Webhooks and their delivery state (SPEC §14): where each one is in the
//! event sequence, how its retries stand, and which server holds it now.

use super::sql::{params, Row, Tx};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookRow {
    pub id: i64,
    pub url: String,
    /// Space-separated event types; empty: every type.
    pub types: String,
    pub secret: Option<String>,
    pub secret_env: Option<String>,
    pub allow_private: bool,
    pub created_at: i64,
    pub cursor: i64,
    pub state: String,
    pub disabled_reason: Option<String>,
    pub attempts: i64,
    pub failing_since: Option<i64>,
    pub next_attempt_at: i64,
    pub last_attempt_at: Option<i64>,
    pub last_result: Option<String>,
    pub delivered: i64,
}

const COLUMNS: &str = "id, url, types, secret, secret_env, allow_private, created_at, cursor, \
     state, disabled_reason, attempts, failing_since, next_attempt_at, last_attempt_at, \
     last_result, delivered";

fn webhook_row(r: &Row) -> Result<WebhookRow> {
    Ok(WebhookRow {
        id: r.int(0)?,
        url: r.text(1)?,
        types: r.text(2)?,
        secret: r.opt_text(3)?,
        secret_env: r.opt_text(4)?,
        allow_private: r.int(5)? != 0,
        created_at: r.int(6)?,
        cursor: r.int(7)?,
        state: r.text(8)?,
        disabled_reason: r.opt_text(9)?,
        attempts: r.int(10)?,
        failing_since: r.opt_int(11)?,
        next_attempt_at: r.int(12)?,
        last_attempt_at: r.opt_int(13)?,
        last_result: r.opt_text(14)?,
        delivered: r.int(15)?,
    })
}

/// A new webhook's values.
pub struct NewWebhook<'a> {
    pub url: &'a str,
    pub types: &'a str,
    pub secret: Option<&'a str>,
    pub secret_env: Option<&'a str>,
    pub allow_private: bool,
    pub now: i64,
    /// The last event it does not receive (the newest when it is added).
    pub cursor: i64,
}

pub fn insert(tx: &Tx, w: &NewWebhook) -> Result<i64> {
    tx.insert(
        "INSERT INTO webhook (url, types, secret, secret_env, allow_private, created_at, cursor,
             state, attempts, next_attempt_at, delivered)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'active', 0, 0, 0) RETURNING id",
        params![
            w.url,
            w.types,
            w.secret,
            w.secret_env,
            i64::from(w.allow_private),
            w.now,
            w.cursor
        ],
    )
}

pub fn all(tx: &Tx) -> Result<Vec<WebhookRow>> {
    tx.rows(&format!("SELECT {COLUMNS} FROM webhook ORDER BY url"), &[])?
        .iter()
        .map(webhook_row)
        .collect()
}

pub fn by_url(tx: &Tx, url: &str) -> Result<Option<WebhookRow>> {
    tx.row(
        &format!("SELECT {COLUMNS} FROM webhook WHERE url = ?1"),
        params![url],
    )?
    .map(|r| webhook_row(&r))
    .transpose()
}

pub fn by_id(tx: &Tx, id: i64) -> Result<Option<WebhookRow>> {
    tx.row(
        &format!("SELECT {COLUMNS} FROM webhook WHERE id = ?1"),
        params![id],
    )?
    .map(|r| webhook_row(&r))
    .transpose()
}

pub fn delete(tx: &Tx, id: i64) -> Result<()> {
    tx.exec("DELETE FROM webhook WHERE id = ?1", params![id])?;
    Ok(())
}

/// Delivery starts again after `cursor`, now, with no failures counted
/// (and a disabled webhook enabled again). The lease goes too: a server
/// delivering to it stops at its next record (which would otherwise move
/// the cursor back past the rewind) and the next claim starts from here.
pub fn rewind(tx: &Tx, id: i64, cursor: i64) -> Result<()> {
    tx.exec(
        "UPDATE webhook SET cursor = ?2, attempts = 0, failing_since = NULL, next_attempt_at = 0,
             state = 'active', disabled_reason = NULL, lease_owner = NULL, lease_until = NULL
         WHERE id = ?1",
        params![id, cursor],
    )?;
    Ok(())
}

/// The webhook most overdue for delivery that no live lease holds and
/// that has events after its cursor.
const DUE: &str = "SELECT id FROM webhook
     WHERE state = 'active' AND next_attempt_at <= ?1
       AND (lease_until IS NULL OR lease_until < ?1)
       AND cursor < (SELECT COALESCE(MAX(seq), 0) FROM event)
     ORDER BY next_attempt_at, id LIMIT 1";

/// Whether a webhook is due (a read: an idle server looks often, and a
/// claim is a write).
pub fn any_due(tx: &Tx, now: i64) -> Result<bool> {
    Ok(tx.row(DUE, params![now])?.is_some())
}

/// Takes the webhook most overdue for delivery that no live lease holds
/// and that has events after its cursor, for `owner` until `until`. Run in
/// a write transaction, which serializes with every other server's claim
/// (the writers' lock): two servers never hold one webhook at once.
pub fn claim(tx: &Tx, owner: &str, now: i64, until: i64) -> Result<Option<WebhookRow>> {
    let id = tx.row(DUE, params![now])?;
    let Some(id) = id.map(|r| r.int(0)).transpose()? else {
        return Ok(None);
    };
    tx.exec(
        "UPDATE webhook SET lease_owner = ?2, lease_until = ?3 WHERE id = ?1",
        params![id, owner, until],
    )?;
    by_id(tx, id)
}

/// Whether `owner` still holds the webhook's lease (it may have run out
/// and been taken by another server).
pub fn holds(tx: &Tx, id: i64, owner: &str, now: i64) -> Result<bool> {
    Ok(tx
        .row(
            "SELECT 1 FROM webhook WHERE id = ?1 AND lease_owner = ?2 AND lease_until >= ?3
               AND state = 'active'",
            params![id, owner, now],
        )?
        .is_some())
}

/// Events up to `cursor` are done (delivered, or not of this webhook's
/// types); `delivered` more were accepted by the receiver. The lease is
/// renewed until `until`.
pub fn advance(
    tx: &Tx,
    id: i64,
    cursor: i64,
    delivered: i64,
    result: Option<&str>,
    now: i64,
    until: i64,
) -> Result<()> {
    tx.exec(
        "UPDATE webhook SET cursor = ?2, delivered = delivered + ?3,
             last_result = COALESCE(?4, last_result),
             last_attempt_at = CASE WHEN ?3 > 0 THEN ?5 ELSE last_attempt_at END,
             attempts = 0, failing_since = NULL, lease_until = ?6
         WHERE id = ?1",
        params![id, cursor, delivered, result, now, until],
    )?;
    Ok(())
}

/// A failed try: counted, retried at `next`, and the lease let go.
pub fn failed(tx: &Tx, id: i64, result: &str, now: i64, next: i64) -> Result<()> {
    tx.exec(
        "UPDATE webhook SET attempts = attempts + 1, failing_since = COALESCE(failing_since, ?3),
             last_result = ?2, last_attempt_at = ?3, next_attempt_at = ?4,
             lease_owner = NULL, lease_until = NULL
         WHERE id = ?1",
        params![id, result, now, next],
    )?;
    Ok(())
}

pub fn disable(tx: &Tx, id: i64, reason: &str) -> Result<()> {
    tx.exec(
        "UPDATE webhook SET state = 'disabled', disabled_reason = ?2,
             lease_owner = NULL, lease_until = NULL
         WHERE id = ?1",
        params![id, reason],
    )?;
    Ok(())
}

/// Lets go of a lease (nothing more to deliver for now).
pub fn release(tx: &Tx, id: i64, owner: &str) -> Result<()> {
    tx.exec(
        "UPDATE webhook SET lease_owner = NULL, lease_until = NULL
         WHERE id = ?1 AND lease_owner = ?2",
        params![id, owner],
    )?;
    Ok(())
}
