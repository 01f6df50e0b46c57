//! The audit log (SPEC §10): one entry per changed entity, written in the
//! same transaction as the change, and a hash chain over all entries.
//!
//! Each entry's hash is SHA-256 over its id, the previous entry's hash and its
//! own fields, encoded as a JSON array (unambiguous, and easy to recompute
//! with other tools). The previous hash is read inside the writer's IMMEDIATE
//! transaction, so concurrent writers extend one chain and never fork it.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Org;
use crate::error::{Error, Kind, Result};

/// The previous hash of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub struct NewEntry<'a> {
    pub actor: &'a str,
    pub os_user: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub details: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub os_user: String,
    pub action: String,
    pub target: String,
    pub details: Value,
    pub hash: String,
}

/// Filters of `orgadm audit`.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub target: Option<String>,
    pub action: Option<String>,
    pub since: Option<i64>,
    pub limit: Option<i64>,
}

/// The result of `audit verify`.
#[derive(Debug, Clone, Serialize)]
pub struct Verified {
    pub entries: i64,
    pub head: String,
}

#[allow(clippy::too_many_arguments)]
fn entry_hash(
    id: i64,
    prev: &str,
    at: &str,
    actor: &str,
    os_user: &str,
    action: &str,
    target: &str,
    details: &str,
) -> String {
    let canon =
        serde_json::json!([id, prev, at, actor, os_user, action, target, details]).to_string();
    hex(&Sha256::digest(canon.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends one entry, linked to the newest one. Call inside a write transaction.
pub fn append(tx: &Transaction, e: &NewEntry) -> Result<()> {
    let (last_id, prev): (i64, String) = tx
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string()));
    let id = last_id + 1;
    let at = crate::time::rfc3339(crate::time::now());
    let details = e.details.to_string();
    let hash = entry_hash(
        id, &prev, &at, e.actor, e.os_user, e.action, e.target, &details,
    );
    tx.prepare_cached(
        "INSERT INTO audit_log (id, at, actor, os_user, action, target, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id, at, e.actor, e.os_user, e.action, e.target, details, prev, hash
    ])?;
    Ok(())
}

impl Org {
    /// Entries matching the filter, newest first.
    pub fn audit(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        self.store.read(|tx| {
            let mut sql = String::from(
                "SELECT id, at, actor, os_user, action, target, details, hash FROM audit_log WHERE 1 = 1",
            );
            let mut args: Vec<rusqlite::types::Value> = Vec::new();
            if let Some(a) = &f.actor {
                args.push(a.clone().into());
                sql.push_str(&format!(" AND actor = ?{} COLLATE NOCASE", args.len()));
            }
            if let Some(t) = &f.target {
                args.push(t.clone().into());
                let n = args.len();
                sql.push_str(&format!(" AND (target = ?{n} COLLATE NOCASE OR target = 'group:' || ?{n} COLLATE NOCASE)"));
            }
            if let Some(a) = &f.action {
                args.push(a.clone().into());
                let n = args.len();
                // `user` matches `user.add`, `user.edit`, ... A prefix
                // comparison, not LIKE: `%` and `_` in the filter are text.
                sql.push_str(&format!(
                    " AND (action = ?{n} OR substr(action, 1, length(?{n}) + 1) = ?{n} || '.')"
                ));
            }
            if let Some(s) = f.since {
                args.push(crate::time::rfc3339(s).into());
                sql.push_str(&format!(" AND at >= ?{}", args.len()));
            }
            sql.push_str(" ORDER BY id DESC");
            if let Some(l) = f.limit {
                args.push(l.into());
                sql.push_str(&format!(" LIMIT ?{}", args.len()));
            }
            let mut st = tx.prepare(&sql)?;
            let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
                let details: String = r.get(6)?;
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    os_user: r.get(3)?,
                    action: r.get(4)?,
                    target: r.get(5)?,
                    details: serde_json::from_str(&details).unwrap_or(Value::String(details)),
                    hash: r.get(7)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Walks the whole chain. Fails naming the first entry whose content or
    /// link does not match; with `head`, also fails if that hash is not in the
    /// chain (entries after it were cut off, or the chain was rewritten).
    pub fn verify_audit(&self, head: Option<&str>) -> Result<Verified> {
        self.store.read(|tx| {
            let mut st = tx.prepare(
                "SELECT id, at, actor, os_user, action, target, details, prev_hash, hash FROM audit_log ORDER BY id",
            )?;
            let mut rows = st.query([])?;
            let mut prev = GENESIS.to_string();
            let mut expected_id = 1;
            let mut count = 0;
            let mut head_seen = head.is_none();
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let fields: [String; 6] = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?];
                let prev_hash: String = r.get(7)?;
                let hash: String = r.get(8)?;
                let broken = |why: &str| {
                    Error::new(Kind::Storage, format!("audit log broken at entry {id} ({} {} by {}): {why}", fields[3], fields[4], fields[1]))
                        .hint("the entries from this one on cannot be trusted; compare with a backup")
                };
                if id != expected_id {
                    return Err(broken(&format!("expected entry {expected_id} here: entries were deleted")));
                }
                if prev_hash != prev {
                    return Err(broken("its link to the previous entry does not match"));
                }
                let want = entry_hash(id, &prev_hash, &fields[0], &fields[1], &fields[2], &fields[3], &fields[4], &fields[5]);
                if want != hash {
                    return Err(broken("its content does not match its hash: it was edited"));
                }
                if head.is_some_and(|h| h.eq_ignore_ascii_case(&hash)) {
                    head_seen = true;
                }
                prev = hash;
                expected_id += 1;
                count += 1;
            }
            if !head_seen {
                return Err(Error::new(
                    Kind::Storage,
                    format!(
                        "audit log does not contain the head {}: entries after it were cut off or rewritten (the chain now has {count} entries, head {prev})",
                        crate::validate::printable(head.unwrap_or(""))
                    ),
                ));
            }
            Ok(Verified { entries: count, head: prev })
        })
    }
}
