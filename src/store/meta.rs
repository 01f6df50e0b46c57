//! The organization's own row.

use super::sql::{params, Tx};
use crate::error::{Error, Result};

/// The organization's name, as `init --org` stored it.
pub fn org_name(tx: &Tx) -> Result<String> {
    tx.row("SELECT name FROM org WHERE id = 1", &[])?
        .ok_or_else(|| Error::storage("the database has no organization row"))?
        .text(0)
}

pub fn insert_org(tx: &Tx, name: &str, now: i64) -> Result<()> {
    tx.exec(
        "INSERT INTO org (id, name, created_at) VALUES (1, ?1, ?2)",
        params![name, now],
    )?;
    Ok(())
}
