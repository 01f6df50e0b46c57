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

-- The audit log: readable with plain sqlite3; a hash chain links
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
    // 3: suspended people (they keep roles and groups; the status column
    // stays invited/active and `suspended` says whether access is paused),
    // SCIM: a stable id and the provider's externalId for people and groups,
    // and the bearer tokens identity providers use (only hashes).
    r#"
ALTER TABLE person ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1));
ALTER TABLE person ADD COLUMN scim_id TEXT;
ALTER TABLE person ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX person_by_scim_id ON person (scim_id);
ALTER TABLE grp ADD COLUMN scim_id TEXT;
ALTER TABLE grp ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX grp_by_scim_id ON grp (scim_id);
CREATE TABLE scim_token (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    token_hash   BLOB NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
"#,
    // 4: the given and family names an identity provider sent (SCIM
    // `name.givenName`, `name.familyName`), so it reads back what it wrote;
    // when a person or group last changed (SCIM `meta.lastModified`; NULL:
    // never since created).
    r#"
ALTER TABLE person ADD COLUMN given_name TEXT;
ALTER TABLE person ADD COLUMN family_name TEXT;
ALTER TABLE person ADD COLUMN updated_at INTEGER;
ALTER TABLE grp ADD COLUMN updated_at INTEGER;
"#,
    // 5: the SCIM `userName` as the identity provider sent it, when it is
    // not the email (a login name need not be an address), with its
    // case-insensitive key, unique.
    r#"
ALTER TABLE person ADD COLUMN user_name TEXT;
ALTER TABLE person ADD COLUMN user_name_fold TEXT;
CREATE UNIQUE INDEX person_by_user_name ON person (user_name_fold);
"#,
    // 6: API credentials for remote mode (SPEC §13): sessions from
    // `orgadm login` and named tokens, each owned by a person (gone with
    // them), stored as SHA-256 with the last eight characters for display.
    r#"
CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('session', 'token')),
    name         TEXT NOT NULL,
    scope        TEXT NOT NULL CHECK (scope IN ('admin', 'read', 'check')),
    token_hash   BLOB NOT NULL UNIQUE,
    last_eight   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE UNIQUE INDEX api_token_by_name ON api_token (person_id, name) WHERE kind = 'token';
CREATE INDEX api_token_by_person ON api_token (person_id);
-- Sign-in requests (`orgadm login`): the CLI polls with the device code,
-- the mailed link carries the link token; both kept as SHA-256 only. A
-- request for an email that is no active person's has no person_id (it is
-- answered alike and mails nothing). Rows are the sign-in limits' count.
CREATE TABLE sign_in (
    id           INTEGER PRIMARY KEY,
    device_hash  BLOB NOT NULL UNIQUE,
    link_hash    BLOB NOT NULL UNIQUE,
    user_code    TEXT NOT NULL,
    person_id    INTEGER REFERENCES person (id) ON DELETE CASCADE,
    email_norm   TEXT NOT NULL,
    client_host  TEXT NOT NULL,
    client_user  TEXT NOT NULL,
    client_addr  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'denied', 'used')),
    last_poll_at INTEGER
);
CREATE INDEX sign_in_by_email ON sign_in (email_norm, created_at);
CREATE INDEX sign_in_by_addr ON sign_in (client_addr, created_at);
"#,
    // 7: change events (SPEC §14): the outbox every committed change writes
    // in its own transaction, and the webhooks `serve` delivers it to, with
    // each webhook's delivery state (a cursor, its retries, a lease so that
    // two servers never deliver to one webhook at the same time).
    r#"
CREATE TABLE event (
    seq         INTEGER PRIMARY KEY,    -- gap-free: the last + 1, under the writers' lock
    id          TEXT NOT NULL UNIQUE,   -- evt_ + 32 hex digits: the webhook-id
    type        TEXT NOT NULL,
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    data        TEXT NOT NULL,          -- JSON: the person or group, as --json shows it
    previous_roles TEXT                 -- JSON array, when effective roles changed
);
CREATE INDEX event_by_type ON event (type, seq);
CREATE TABLE webhook (
    id              INTEGER PRIMARY KEY,
    url             TEXT NOT NULL UNIQUE,
    types           TEXT NOT NULL,      -- space-separated event types; empty: every type
    secret          TEXT,               -- a generated whsec_ secret (NULL: secret_env names it)
    secret_env      TEXT,
    allow_private   INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    cursor          INTEGER NOT NULL,   -- the last seq delivered (or not this webhook's type)
    state           TEXT NOT NULL CHECK (state IN ('active', 'disabled')),
    disabled_reason TEXT,
    attempts        INTEGER NOT NULL,   -- failed tries of the event after cursor
    failing_since   INTEGER,
    next_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_result     TEXT,
    delivered       INTEGER NOT NULL,
    lease_owner     TEXT,
    lease_until     INTEGER
);
"#,
    // 8: search from an index (`user list --search`): each person's email
    // folded as the core folds it (the name's fold was there), and an FTS5
    // trigram index over both folds, kept by triggers. The index finds the
    // rows holding a substring of three characters or more; the core then
    // checks each one as before, so the index narrows and never decides.
    r#"
ALTER TABLE person ADD COLUMN email_fold TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE person_search USING fts5 (
    email_fold, name_fold,
    content = 'person', content_rowid = 'id',
    tokenize = 'trigram case_sensitive 1'
);
INSERT INTO person_search (person_search) VALUES ('rebuild');
CREATE TRIGGER person_search_insert AFTER INSERT ON person BEGIN
    INSERT INTO person_search (rowid, email_fold, name_fold)
        VALUES (new.id, new.email_fold, new.name_fold);
END;
CREATE TRIGGER person_search_delete AFTER DELETE ON person BEGIN
    INSERT INTO person_search (person_search, rowid, email_fold, name_fold)
        VALUES ('delete', old.id, old.email_fold, old.name_fold);
END;
CREATE TRIGGER person_search_update AFTER UPDATE OF email_fold, name_fold ON person BEGIN
    INSERT INTO person_search (person_search, rowid, email_fold, name_fold)
        VALUES ('delete', old.id, old.email_fold, old.name_fold);
    INSERT INTO person_search (rowid, email_fold, name_fold)
        VALUES (new.id, new.email_fold, new.name_fold);
END;
"#,
    // 9: the domains of everyone's emails, indexed, so that "did you mean"
    // can name the organization's domains (a few index probes, not a scan
    // of everyone) when a USER names a domain nobody has. The expression is
    // `store::people::DOMAIN`'s.
    r#"
CREATE INDEX person_domain ON person (substr(email_norm, instr(email_norm, '@') + 1));
"#,
    // 10: a count every write transaction adds one to (`store::meta`), so
    // `orgadm serve` can tell with one read that nothing changed since it
    // read an answer it keeps.
    r#"
ALTER TABLE org ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
"#,
];

/// The same schema for PostgreSQL, version for version: BIGINT for
/// INTEGER, BYTEA for BLOB, identity columns for rowids, and `COLLATE "C"` on
/// text so rows sort byte-wise as SQLite sorts them, whatever the database's
/// locale. The one-row `orgadm_meta` marks the database as orgadm's, holds
/// the schema version, and is the row every writer locks first.
pub const PG_MIGRATIONS: &[&str] = &[
    // 1
    r#"
CREATE TABLE orgadm_meta (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    application     TEXT NOT NULL,
    schema_version  INTEGER NOT NULL
);

CREATE TABLE org (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT COLLATE "C" NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE person (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    email       TEXT COLLATE "C" NOT NULL,
    email_norm  TEXT COLLATE "C" NOT NULL UNIQUE,
    name        TEXT COLLATE "C" NOT NULL,
    name_fold   TEXT COLLATE "C" NOT NULL,
    status      TEXT COLLATE "C" NOT NULL CHECK (status IN ('invited', 'active')),
    created_at  BIGINT NOT NULL,
    activated_at BIGINT
);
CREATE INDEX person_name_fold ON person (name_fold);

CREATE TABLE person_role (
    person_id   BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    role        TEXT COLLATE "C" NOT NULL CHECK (role IN ('org-admin', 'user', 'finance-admin')),
    PRIMARY KEY (person_id, role)
);
CREATE INDEX person_role_by_role ON person_role (role, person_id);

CREATE TABLE grp (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL,
    name_fold   TEXT COLLATE "C" NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE group_role (
    group_id    BIGINT NOT NULL REFERENCES grp (id) ON DELETE CASCADE,
    role        TEXT COLLATE "C" NOT NULL CHECK (role IN ('org-admin', 'user', 'finance-admin')),
    PRIMARY KEY (group_id, role)
);

CREATE TABLE membership (
    group_id    BIGINT NOT NULL REFERENCES grp (id) ON DELETE CASCADE,
    person_id   BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, person_id)
);
CREATE INDEX membership_by_person ON membership (person_id, group_id);

CREATE TABLE invitation (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    person_id   BIGINT REFERENCES person (id) ON DELETE SET NULL,
    email       TEXT COLLATE "C" NOT NULL,
    token_hash  BYTEA NOT NULL UNIQUE,
    state       TEXT COLLATE "C" NOT NULL CHECK (state IN ('pending', 'failed', 'revoked', 'accepted')),
    invited_by  TEXT COLLATE "C" NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT COLLATE "C"
);
CREATE INDEX invitation_by_person ON invitation (person_id);
CREATE INDEX invitation_open ON invitation (state, expires_at) WHERE state IN ('pending', 'failed');

CREATE TABLE audit_log (
    id          BIGINT PRIMARY KEY,
    at          TEXT COLLATE "C" NOT NULL,
    actor       TEXT COLLATE "C" NOT NULL,
    os_user     TEXT COLLATE "C" NOT NULL,
    action      TEXT COLLATE "C" NOT NULL,
    target      TEXT COLLATE "C" NOT NULL,
    details     TEXT COLLATE "C" NOT NULL,
    prev_hash   TEXT COLLATE "C" NOT NULL,
    hash        TEXT COLLATE "C" NOT NULL
);
CREATE INDEX audit_by_target ON audit_log (target);
"#,
    // 2
    r#"
ALTER TABLE person ADD COLUMN email_skeleton TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX person_by_skeleton ON person (email_skeleton);
"#,
    // 3
    r#"
ALTER TABLE person ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1));
ALTER TABLE person ADD COLUMN scim_id TEXT COLLATE "C";
ALTER TABLE person ADD COLUMN external_id TEXT COLLATE "C";
CREATE UNIQUE INDEX person_by_scim_id ON person (scim_id);
ALTER TABLE grp ADD COLUMN scim_id TEXT COLLATE "C";
ALTER TABLE grp ADD COLUMN external_id TEXT COLLATE "C";
CREATE UNIQUE INDEX grp_by_scim_id ON grp (scim_id);
CREATE TABLE scim_token (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name         TEXT COLLATE "C" NOT NULL UNIQUE,
    token_hash   BYTEA NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
"#,
    // 4
    r#"
ALTER TABLE person ADD COLUMN given_name TEXT COLLATE "C";
ALTER TABLE person ADD COLUMN family_name TEXT COLLATE "C";
ALTER TABLE person ADD COLUMN updated_at BIGINT;
ALTER TABLE grp ADD COLUMN updated_at BIGINT;
"#,
    // 5
    r#"
ALTER TABLE person ADD COLUMN user_name TEXT COLLATE "C";
ALTER TABLE person ADD COLUMN user_name_fold TEXT COLLATE "C";
CREATE UNIQUE INDEX person_by_user_name ON person (user_name_fold);
"#,
    // 6
    r#"
CREATE TABLE api_token (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    person_id    BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    kind         TEXT COLLATE "C" NOT NULL CHECK (kind IN ('session', 'token')),
    name         TEXT COLLATE "C" NOT NULL,
    scope        TEXT COLLATE "C" NOT NULL CHECK (scope IN ('admin', 'read', 'check')),
    token_hash   BYTEA NOT NULL UNIQUE,
    last_eight   TEXT COLLATE "C" NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE UNIQUE INDEX api_token_by_name ON api_token (person_id, name) WHERE kind = 'token';
CREATE INDEX api_token_by_person ON api_token (person_id);
CREATE TABLE sign_in (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    device_hash  BYTEA NOT NULL UNIQUE,
    link_hash    BYTEA NOT NULL UNIQUE,
    user_code    TEXT COLLATE "C" NOT NULL,
    person_id    BIGINT REFERENCES person (id) ON DELETE CASCADE,
    email_norm   TEXT COLLATE "C" NOT NULL,
    client_host  TEXT COLLATE "C" NOT NULL,
    client_user  TEXT COLLATE "C" NOT NULL,
    client_addr  TEXT COLLATE "C" NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    state        TEXT COLLATE "C" NOT NULL CHECK (state IN ('pending', 'approved', 'denied', 'used')),
    last_poll_at BIGINT
);
CREATE INDEX sign_in_by_email ON sign_in (email_norm, created_at);
CREATE INDEX sign_in_by_addr ON sign_in (client_addr, created_at);
"#,
    // 7
    r#"
CREATE TABLE event (
    seq         BIGINT PRIMARY KEY,
    id          TEXT COLLATE "C" NOT NULL UNIQUE,
    type        TEXT COLLATE "C" NOT NULL,
    at          BIGINT NOT NULL,
    actor       TEXT COLLATE "C" NOT NULL,
    data        TEXT COLLATE "C" NOT NULL,
    previous_roles TEXT COLLATE "C"
);
CREATE INDEX event_by_type ON event (type, seq);
CREATE TABLE webhook (
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    url             TEXT COLLATE "C" NOT NULL UNIQUE,
    types           TEXT COLLATE "C" NOT NULL,
    secret          TEXT COLLATE "C",
    secret_env      TEXT COLLATE "C",
    allow_private   BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    cursor          BIGINT NOT NULL,
    state           TEXT COLLATE "C" NOT NULL CHECK (state IN ('active', 'disabled')),
    disabled_reason TEXT COLLATE "C",
    attempts        BIGINT NOT NULL,
    failing_since   BIGINT,
    next_attempt_at BIGINT NOT NULL,
    last_attempt_at BIGINT,
    last_result     TEXT COLLATE "C",
    delivered       BIGINT NOT NULL,
    lease_owner     TEXT COLLATE "C",
    lease_until     BIGINT
);
"#,
    // 8: search from an index: the email's fold, and pg_trgm's trigram
    // indexes over both folds, which `LIKE '%text%'` uses. Creating the
    // extension needs a privilege the database's owner has (pg_trgm is a
    // trusted extension); where it cannot be created, search scans the
    // table in SQL instead (the man page says so).
    r#"
ALTER TABLE person ADD COLUMN email_fold TEXT COLLATE "C" NOT NULL DEFAULT '';
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available: search scans';
END
$$;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX IF NOT EXISTS person_email_trgm ON person USING gin (email_fold gin_trgm_ops)';
        EXECUTE 'CREATE INDEX IF NOT EXISTS person_name_trgm ON person USING gin (name_fold gin_trgm_ops)';
    END IF;
END
$$;
"#,
    // 9: as SQLite's, with PostgreSQL's spelling of the expression.
    r#"
CREATE INDEX person_domain ON person ((substr(email_norm, strpos(email_norm, '@') + 1)));
"#,
    // 10
    r#"
ALTER TABLE org ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
"#,
];

/// Steps SQL cannot do, run after any migration in the same transaction, on
/// either backend. Each fills only the rows still missing its value, so all
/// run whatever the version migrated from (nothing to do on newer ones).
pub fn backfill(tx: &super::Tx) -> crate::error::Result<()> {
    backfill_skeletons(tx)?;
    backfill_email_folds(tx)?;
    backfill_scim_ids(tx)
}

/// Every person's email, folded for search (migration 8).
fn backfill_email_folds(tx: &super::Tx) -> crate::error::Result<()> {
    let rows = tx.rows("SELECT id, email FROM person WHERE email_fold = ''", &[])?;
    for r in rows {
        let (id, email) = (r.int(0)?, r.text(1)?);
        tx.exec(
            "UPDATE person SET email_fold = ?1 WHERE id = ?2",
            super::sql::params![crate::validate::fold(&email), id],
        )?;
    }
    Ok(())
}

/// Every person and group gets the stable id SCIM shows.
fn backfill_scim_ids(tx: &super::Tx) -> crate::error::Result<()> {
    for table in ["person", "grp"] {
        for r in tx.rows(
            &format!("SELECT id FROM {table} WHERE scim_id IS NULL"),
            &[],
        )? {
            tx.exec(
                &format!("UPDATE {table} SET scim_id = ?1 WHERE id = ?2"),
                super::sql::params![uuid::Uuid::new_v4().to_string(), r.int(0)?],
            )?;
        }
    }
    Ok(())
}

fn backfill_skeletons(tx: &super::Tx) -> crate::error::Result<()> {
    let rows = tx.rows(
        "SELECT id, email_norm FROM person WHERE email_skeleton = ''",
        &[],
    )?;
    for r in rows {
        let (id, norm) = (r.int(0)?, r.text(1)?);
        tx.exec(
            "UPDATE person SET email_skeleton = ?1 WHERE id = ?2",
            super::sql::params![crate::validate::skeleton(&norm), id],
        )?;
    }
    Ok(())
}
