//! The audit log (orgadm-audit(1)): one entry per changed entity, written in the
//! same transaction as the change, and a hash chain over all entries.
//!
//! Each entry's hash is SHA-256 over its id, the previous entry's hash and its
//! own fields, encoded as a JSON array (unambiguous, and easy to recompute
//! with other tools). The previous hash is read inside the writer's IMMEDIATE
//! transaction, so concurrent writers extend one chain and never fork it.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Org;
use crate::error::{Error, Kind, Result};
use crate::store::audit::{self as rows, EntryRow};
use crate::store::Tx;

/// The previous hash of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub struct NewEntry<'a> {
    pub actor: &'a str,
    pub os_user: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub details: Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub target: Option<String>,
    pub action: Option<String>,
    pub since: Option<i64>,
    pub limit: Option<i64>,
    /// Only entries older than this entry id (the API's page cursor).
    pub before: Option<i64>,
}

/// The result of `audit verify`.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
pub fn append(tx: &Tx, e: &NewEntry) -> Result<()> {
    Chain::open(tx)?.append(tx, e)
}

/// The chain's end, read once: a change of 100,000 people appends its
/// entries one after another without reading the newest back each time
/// (inside a write transaction nobody else appends).
pub struct Chain {
    last_id: i64,
    prev: String,
}

impl Chain {
    pub fn open(tx: &Tx) -> Result<Chain> {
        let (last_id, prev) = rows::last(tx)?.unwrap_or((0, GENESIS.to_string()));
        Ok(Chain { last_id, prev })
    }

    /// Appends one entry, linked to the one before.
    pub fn append(&mut self, tx: &Tx, e: &NewEntry) -> Result<()> {
        let id = self.last_id + 1;
        let at = crate::time::rfc3339(crate::time::now());
        let details = e.details.to_string();
        let hash = entry_hash(
            id, &self.prev, &at, e.actor, e.os_user, e.action, e.target, &details,
        );
        rows::insert(
            tx,
            &EntryRow {
                id,
                at,
                actor: e.actor.to_string(),
                os_user: e.os_user.to_string(),
                action: e.action.to_string(),
                target: e.target.to_string(),
                details,
                prev_hash: std::mem::replace(&mut self.prev, hash.clone()),
                hash,
            },
        )?;
        self.last_id = id;
        Ok(())
    }
}

impl Org {
    /// Entries matching the filter, newest first.
    pub fn audit(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        self.store.read(|tx| find(tx, f))
    }

    /// Walks the whole chain. Fails naming the first entry whose content or
    /// link does not match; with `head`, also fails if that hash is not in the
    /// chain (entries after it were cut off, or the chain was rewritten).
    pub fn verify_audit(&self, head: Option<&str>) -> Result<Verified> {
        self.store.read(|tx| verify(tx, head))
    }
}

pub fn find(tx: &Tx, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let filter = rows::Filter {
        actor: f.actor.clone(),
        target: f.target.clone(),
        action: f.action.clone(),
        since: f.since.map(crate::time::rfc3339),
        limit: f.limit,
        before: f.before,
    };
    let found = rows::find(tx, &filter)?;
    Ok(found
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: r.at,
            actor: r.actor,
            os_user: r.os_user,
            action: r.action,
            target: r.target,
            details: serde_json::from_str(&r.details).unwrap_or(Value::String(r.details)),
            hash: r.hash,
        })
        .collect())
}

/// [`Org::verify_audit`] inside a transaction.
pub fn verify(tx: &Tx, head: Option<&str>) -> Result<Verified> {
    let mut prev = GENESIS.to_string();
    let mut expected_id = 1;
    let mut count = 0;
    let mut head_seen = head.is_none();
    rows::each(tx, |r| {
        let broken = |why: &str| {
            Error::new(
                Kind::Storage,
                format!(
                    "audit log broken at entry {} ({} {} by {}): {why}",
                    r.id, r.action, r.target, r.actor
                ),
            )
            .hint("the entries from this one on cannot be trusted; compare with a backup")
        };
        if r.id != expected_id {
            return Err(broken(&format!(
                "expected entry {expected_id} here: entries were deleted"
            )));
        }
        if r.prev_hash != prev {
            return Err(broken("its link to the previous entry does not match"));
        }
        let want = entry_hash(
            r.id,
            &r.prev_hash,
            &r.at,
            &r.actor,
            &r.os_user,
            &r.action,
            &r.target,
            &r.details,
        );
        if want != r.hash {
            return Err(broken("its content does not match its hash: it was edited"));
        }
        if head.is_some_and(|h| h.eq_ignore_ascii_case(&r.hash)) {
            head_seen = true;
        }
        prev = r.hash;
        expected_id += 1;
        count += 1;
        Ok(())
    })?;
    if !head_seen {
        return Err(Error::new(
                Kind::Storage,
                format!(
                    "audit log does not contain the head {}: entries after it were cut off or rewritten (the chain now has {count} entries, head {prev})",
                    crate::validate::printable(head.unwrap_or(""))
                ),
            ));
    }
    Ok(Verified {
        entries: count,
        head: prev,
    })
}
