//! The audit log's rows. The hash chain is the core's (`org::audit`); this
//! module only reads and writes entries.

use super::sql::{params, Row, Tx, Value};
use crate::error::Result;

/// One stored entry, every column as text (so `sqlite3` and `psql` show it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub os_user: String,
    pub action: String,
    pub target: String,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

const COLUMNS: &str = "id, at, actor, os_user, action, target, details, prev_hash, hash";

fn entry_row(r: &Row) -> Result<EntryRow> {
    Ok(EntryRow {
        id: r.int(0)?,
        at: r.text(1)?,
        actor: r.text(2)?,
        os_user: r.text(3)?,
        action: r.text(4)?,
        target: r.text(5)?,
        details: r.text(6)?,
        prev_hash: r.text(7)?,
        hash: r.text(8)?,
    })
}

/// The newest entry's id and hash.
pub fn last(tx: &Tx) -> Result<Option<(i64, String)>> {
    tx.row(
        "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
        &[],
    )?
    .map(|r| Ok((r.int(0)?, r.text(1)?)))
    .transpose()
}

pub fn insert(tx: &Tx, e: &EntryRow) -> Result<()> {
    tx.write(
        "INSERT INTO audit_log (id, at, actor, os_user, action, target, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            e.id,
            &e.at,
            &e.actor,
            &e.os_user,
            &e.action,
            &e.target,
            &e.details,
            &e.prev_hash,
            &e.hash
        ],
    )?;
    Ok(())
}

/// Filters of `orgadm audit`, as stored values.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor: Option<String>,
    pub target: Option<String>,
    pub action: Option<String>,
    /// RFC 3339 text (entries' `at` sorts as text).
    pub since: Option<String>,
    pub limit: Option<i64>,
    /// Only entries with a smaller id.
    pub before: Option<i64>,
}

/// Entries matching the filter, newest first.
pub fn find(tx: &Tx, f: &Filter) -> Result<Vec<EntryRow>> {
    let mut sql = format!("SELECT {COLUMNS} FROM audit_log WHERE 1 = 1");
    let mut args: Vec<Value> = Vec::new();
    if let Some(a) = &f.actor {
        // Both sides through the same lower(), so the backends agree.
        args.push(a.clone().into());
        sql.push_str(&format!(" AND lower(actor) = lower(?{})", args.len()));
    }
    if let Some(t) = &f.target {
        args.push(t.clone().into());
        let n = args.len();
        sql.push_str(&format!(
            " AND (lower(target) = lower(?{n}) OR lower(target) = lower('group:' || ?{n}))"
        ));
    }
    if let Some(a) = &f.action {
        args.push(a.clone().into());
        let n = args.len();
        // `user` matches `user.add`, `user.edit`, ... A prefix comparison,
        // not LIKE: `%` and `_` in the filter are text.
        sql.push_str(&format!(
            " AND (action = ?{n} OR substr(action, 1, length(?{n}) + 1) = ?{n} || '.')"
        ));
    }
    if let Some(s) = &f.since {
        args.push(s.clone().into());
        sql.push_str(&format!(" AND at >= ?{}", args.len()));
    }
    if let Some(b) = f.before {
        args.push(b.into());
        sql.push_str(&format!(" AND id < ?{}", args.len()));
    }
    sql.push_str(" ORDER BY id DESC");
    if let Some(l) = f.limit {
        args.push(l.into());
        sql.push_str(&format!(" LIMIT ?{}", args.len()));
    }
    tx.rows(&sql, &args)?.iter().map(entry_row).collect()
}

/// Every entry, oldest first, one at a time.
pub fn each(tx: &Tx, mut f: impl FnMut(EntryRow) -> Result<()>) -> Result<()> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log ORDER BY id");
    tx.each(&sql, &[], |r| f(entry_row(&r)?))
}
