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

/// Adds one to the organization's generation: the first statement of every
/// write transaction (after PostgreSQL's writers' lock), so a rolled-back
/// write leaves it as it was and a committed one always moves it.
pub(super) const BUMP_GENERATION: &str = "UPDATE org SET generation = generation + 1 WHERE id = 1";

/// Reads the generation: alone on a connection (one statement, its own
/// snapshot) or inside a read transaction (the snapshot the rest of it
/// reads), so that an answer read with generation G is still the answer
/// while the generation is G.
pub(super) const GENERATION: &str = "SELECT generation FROM org WHERE id = 1";

/// The generation as the transaction `tx` sees it.
pub fn generation(tx: &Tx) -> Result<i64> {
    tx.row(GENERATION, &[])?
        .ok_or_else(|| Error::storage("the database has no organization row"))?
        .int(0)
}
