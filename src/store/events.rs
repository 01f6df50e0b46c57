//! The change events' outbox (SPEC §14): rows written in the transaction of
//! the change they describe, read oldest first by sequence number.

use super::sql::{params, Row, Tx, Value};
use crate::error::Result;

/// One stored event. `data` and `previous_roles` are JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub seq: i64,
    pub id: String,
    pub kind: String,
    pub at: i64,
    pub actor: String,
    pub data: String,
    pub previous_roles: Option<String>,
}

const COLUMNS: &str = "seq, id, type, at, actor, data, previous_roles";

fn event_row(r: &Row) -> Result<EventRow> {
    Ok(EventRow {
        seq: r.int(0)?,
        id: r.text(1)?,
        kind: r.text(2)?,
        at: r.int(3)?,
        actor: r.text(4)?,
        data: r.text(5)?,
        previous_roles: r.opt_text(6)?,
    })
}

/// The newest event's sequence number (0 when there is none). Read inside
/// a write transaction, which holds the writers' lock, so `last + 1` is the
/// next number and no two changes take the same one.
pub fn last_seq(tx: &Tx) -> Result<i64> {
    tx.row("SELECT COALESCE(MAX(seq), 0) FROM event", &[])?
        .map_or(Ok(0), |r| r.int(0))
}

pub fn insert(tx: &Tx, e: &EventRow) -> Result<()> {
    tx.write(
        &format!("INSERT INTO event ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        params![
            e.seq,
            &e.id,
            &e.kind,
            e.at,
            &e.actor,
            &e.data,
            e.previous_roles.as_deref()
        ],
    )?;
    Ok(())
}

/// Up to `limit` events after `since`, oldest first; only those of `types`
/// unless it is empty.
pub fn after(tx: &Tx, since: i64, types: &[String], limit: i64) -> Result<Vec<EventRow>> {
    let mut sql = format!("SELECT {COLUMNS} FROM event WHERE seq > ?1");
    let mut args: Vec<Value> = vec![since.into()];
    if !types.is_empty() {
        let marks: Vec<String> = types
            .iter()
            .map(|t| {
                args.push(t.into());
                format!("?{}", args.len())
            })
            .collect();
        sql.push_str(&format!(" AND type IN ({})", marks.join(", ")));
    }
    args.push(limit.into());
    sql.push_str(&format!(" ORDER BY seq LIMIT ?{}", args.len()));
    tx.rows(&sql, &args)?.iter().map(event_row).collect()
}
