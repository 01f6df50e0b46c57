//! The schema, as an append-only list of migrations applied on
//! `PRAGMA user_version` (as cargo's `src/util/sqlite.rs` does). Never edit a
//! migration that has shipped: add a new one.

pub const MIGRATIONS: &[&str] = &[
    // 1: people, roles, groups, memberships, invitations, the audit log.
    r#"
CREATE TABLE org (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    email       TEXT NOT NULL,              -- as typed
    email_norm  TEXT NOT NULL UNIQUE,       -- lowercase, IDNA domain: identity
    name        TEXT NOT NULL,
    name_fold   TEXT NOT NULL,              -- lowercase, for USER lookups by name
    status      TEXT NOT NULL CHECK (status IN ('invited', 'active')),
    created_at  INTEGER NOT NULL,
    activated_at INTEGER
);
CREATE INDEX person_name_fold ON person (name_fold);

CREATE TABLE person_role (
    person_id   INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('org-admin', 'user', 'finance-admin')),
    PRIMARY KEY (person_id, role)
) WITHOUT ROWID;
CREATE INDEX person_role_by_role ON person_role (role, person_id);

CREATE TABLE grp (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_fold   TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE group_role (
    group_id    INTEGER NOT NULL REFERENCES grp (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('org-admin', 'user', 'finance-admin')),
    PRIMARY KEY (group_id, role)
) WITHOUT ROWID;

CREATE TABLE membership (
    group_id    INTEGER NOT NULL REFERENCES grp (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, person_id)
) WITHOUT ROWID;
CREATE INDEX membership_by_person ON membership (person_id, group_id);

-- One row per invitation ever sent. Only the SHA-256 of the token is kept.
-- A person's open invitation is the one in state pending or failed; 'expired'
-- is derived from expires_at when read. Rows outlive their person (revoked,
-- accepted) so that a stale token gets a precise error.
CREATE TABLE invitation (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER REFERENCES person (id) ON DELETE SET NULL,
    email       TEXT NOT NULL,
    token_hash  BLOB NOT NULL UNIQUE,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'failed', 'revoked', 'accepted')),
    invited_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX invitation_by_person ON invitation (person_id);
CREATE INDEX invitation_open ON invitation (state, expires_at) WHERE state IN ('pending', 'failed');

-- The audit log (SPEC §10): readable with plain sqlite3; a hash chain links
-- every entry to the one before it.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    os_user     TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    details     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_by_target ON audit_log (target);
"#,
    // 2: each person's confusable skeleton (Unicode TR39) of their email, so
    // a look-alike address is found by an index, not a scan. Existing rows
    // are filled in by `backfill_skeletons` in the same transaction.
    r#"
ALTER TABLE person ADD COLUMN email_skeleton TEXT NOT NULL DEFAULT '';
CREATE INDEX person_by_skeleton ON person (email_skeleton);
"#,
];

/// Steps SQL cannot do, run after the migrations from `from` onward in the
/// same transaction.
pub fn backfill(tx: &rusqlite::Transaction, from: i32) -> rusqlite::Result<()> {
    if from < 2 {
        backfill_skeletons(tx)?;
    }
    Ok(())
}

fn backfill_skeletons(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
    let rows: Vec<(i64, String)> = tx
        .prepare("SELECT id, email_norm FROM person WHERE email_skeleton = ''")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = tx.prepare("UPDATE person SET email_skeleton = ?1 WHERE id = ?2")?;
    for (id, norm) in rows {
        st.execute(rusqlite::params![crate::validate::skeleton(&norm), id])?;
    }
    Ok(())
}
