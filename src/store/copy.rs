//! `orgadm db copy`: every row of every table, ids and token hashes and the
//! audit chain included, from one store into a new one, in one transaction
//! on the target; then both are read back and compared.

use std::collections::BTreeMap;

use super::sql::{Row, Tx};
use super::{Access, Location, Store};
use crate::error::{Error, Result};

/// The tables in the order their foreign keys allow, with their columns.
const TABLES: &[(&str, &[&str])] = &[
    ("org", &["id", "name", "created_at"]),
    (
        "person",
        &[
            "id",
            "email",
            "email_norm",
            "email_skeleton",
            "name",
            "name_fold",
            "status",
            "created_at",
            "activated_at",
            "suspended",
            "scim_id",
            "external_id",
            "given_name",
            "family_name",
            "updated_at",
            "user_name",
            "user_name_fold",
            "email_fold",
        ],
    ),
    ("person_role", &["person_id", "role"]),
    (
        "grp",
        &[
            "id",
            "name",
            "name_fold",
            "created_at",
            "scim_id",
            "external_id",
            "updated_at",
        ],
    ),
    ("group_role", &["group_id", "role"]),
    ("membership", &["group_id", "person_id"]),
    (
        "invitation",
        &[
            "id",
            "person_id",
            "email",
            "token_hash",
            "state",
            "invited_by",
            "created_at",
            "expires_at",
            "attempts",
            "last_error",
        ],
    ),
    (
        "scim_token",
        &[
            "id",
            "name",
            "token_hash",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ],
    ),
    (
        "api_token",
        &[
            "id",
            "person_id",
            "kind",
            "name",
            "scope",
            "token_hash",
            "last_eight",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ],
    ),
    (
        "sign_in",
        &[
            "id",
            "device_hash",
            "link_hash",
            "user_code",
            "person_id",
            "email_norm",
            "client_host",
            "client_user",
            "client_addr",
            "created_at",
            "expires_at",
            "state",
            "last_poll_at",
        ],
    ),
    (
        "audit_log",
        &[
            "id",
            "at",
            "actor",
            "os_user",
            "action",
            "target",
            "details",
            "prev_hash",
            "hash",
        ],
    ),
    (
        "event",
        &["seq", "id", "type", "at", "actor", "data", "previous_roles"],
    ),
    (
        "webhook",
        &[
            "id",
            "url",
            "types",
            "secret",
            "secret_env",
            "allow_private",
            "created_at",
            "cursor",
            "state",
            "disabled_reason",
            "attempts",
            "failing_since",
            "next_attempt_at",
            "last_attempt_at",
            "last_result",
            "delivered",
            "lease_owner",
            "lease_until",
        ],
    ),
];

/// Tables whose ids come from a sequence on PostgreSQL, which must continue
/// after the copied ids.
const IDENTITY_TABLES: &[&str] = &[
    "person",
    "grp",
    "invitation",
    "scim_token",
    "api_token",
    "sign_in",
    "webhook",
];

/// Rows per table, as copied.
pub type Counts = BTreeMap<&'static str, usize>;

fn select(table: &str, cols: &[&str]) -> String {
    format!(
        "SELECT {} FROM {table} ORDER BY {}",
        cols.join(", "),
        cols.join(", ")
    )
}

/// Every row of every table, in a fixed order.
fn everything(tx: &Tx) -> Result<Vec<(&'static str, Vec<Row>)>> {
    TABLES
        .iter()
        .map(|(t, cols)| Ok((*t, tx.rows(&select(t, cols), &[])?)))
        .collect()
}

/// Copies `from` into a new, empty store at `to`; returns the rows copied
/// per table once both stores are read back identical.
pub fn copy(from: &Store, to: &Location) -> Result<Counts> {
    let data = from.read(everything)?;
    Store::create(to, |tx| {
        for (table, rows) in &data {
            let cols = TABLES
                .iter()
                .find(|(t, _)| t == table)
                .map(|(_, c)| *c)
                .ok_or_else(|| Error::internal("unknown table"))?;
            let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                cols.join(", "),
                marks.join(", ")
            );
            for r in rows {
                tx.exec(&sql, r.values())?;
            }
        }
        if tx.is_postgres() {
            for t in IDENTITY_TABLES {
                tx.row(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('{t}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {t}"
                    ),
                    &[],
                )?;
            }
        }
        Ok(())
    })?;
    let copied = Store::open(to, Access::Read)?.read(everything)?;
    if copied != data {
        return Err(Error::storage(format!(
            "the copy at {to} does not read back the same as the source; do not use it"
        )));
    }
    Ok(data.iter().map(|(t, rs)| (*t, rs.len())).collect())
}
