//! All of orgadm's SQL, behind one seam: the core speaks in typed rows
//! ([`people::PersonRow`], [`invitations::OpenInvitation`], ...) and never
//! sees a statement. One module per kind of row holds its statements, written
//! once in the SQL both backends share ([`sql`]); the backend modules hold
//! what differs: opening, migrations, locking and error codes for SQLite
//! (`sqlite.rs`) and PostgreSQL (`pg.rs`).

pub mod audit;
pub mod copy;
pub mod credentials;
pub mod events;
pub mod groups;
pub mod invitations;
pub mod location;
pub mod meta;
mod migrations;
pub mod people;
mod pg;
pub mod sql;
mod sqlite;
pub mod tokens;
pub mod webhooks;

pub use location::{Location, PgDefaults};
pub use sql::Tx;
pub use sqlite::{is_current_file, APPLICATION_ID, BUSY_TIMEOUT};

/// How long orgadm waits for PostgreSQL to answer one statement unless
/// `[db] answer_timeout` says otherwise: a server that stops answering
/// (a hung host, a stalled network) ends the command with exit 8.
pub const ANSWER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The schema version this orgadm writes, on either backend.
pub const SCHEMA_VERSION: i32 = migrations::MIGRATIONS.len() as i32;

const _: () = assert!(
    migrations::MIGRATIONS.len() == migrations::PG_MIGRATIONS.len(),
    "every schema version exists for both backends"
);

/// What a command needs from the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// An open organization database.
pub enum Store {
    Sqlite(sqlite::Store),
    Postgres(Box<pg::Store>),
}

impl Store {
    /// Opens an existing orgadm database. Never creates one.
    pub fn open(at: &Location, access: Access) -> crate::error::Result<Store> {
        Ok(match at {
            Location::File(p) => Store::Sqlite(sqlite::Store::open(p, access)?),
            Location::Postgres(t) => Store::Postgres(Box::new(pg::Store::open(t, access)?)),
        })
    }

    /// Creates a new database and runs `fill` in its first transaction.
    pub fn create<T>(
        at: &Location,
        fill: impl FnOnce(&Tx) -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        match at {
            Location::File(p) => sqlite::Store::create(p, fill),
            Location::Postgres(t) => pg::Store::create(t, fill),
        }
    }

    /// Runs `f` in a read transaction: one consistent snapshot.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Tx) -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        match self {
            Store::Sqlite(s) => s.read(f),
            Store::Postgres(s) => s.read(f),
        }
    }

    /// Runs `f` in one write transaction that serializes with every other
    /// writer of the organization; commits only if it succeeds.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&Tx) -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        match self {
            Store::Sqlite(s) => s.write(f),
            Store::Postgres(s) => s.write(f),
        }
    }

    /// How many write transactions the organization has committed (see
    /// [`meta::generation`]), read alone: the same number as last time
    /// means nothing changed in between.
    pub fn generation(&self) -> crate::error::Result<i64> {
        match self {
            Store::Sqlite(s) => s.generation(),
            Store::Postgres(s) => s.generation(),
        }
    }

    /// Whether the connection still works: PostgreSQL's answers a no-op
    /// within `within` (a server restarted or a session ended leaves a
    /// pooled connection dead); a SQLite file has no connection to lose.
    pub fn is_alive(&self, within: std::time::Duration) -> bool {
        match self {
            Store::Sqlite(_) => true,
            Store::Postgres(s) => s.is_alive(within),
        }
    }

    /// For a connection that writes only webhook delivery state: its
    /// commits survive the process being killed but not the machine losing
    /// power (SQLite `synchronous = NORMAL`, PostgreSQL `synchronous_commit
    /// = off`), which for a delivery cursor means sending again, never
    /// losing an event. Each commit then costs no disk flush: a flush per
    /// delivered event held delivery to ~400 events a second.
    pub fn relax_durability(&self) -> crate::error::Result<()> {
        match self {
            Store::Sqlite(s) => s.relax_durability(),
            Store::Postgres(s) => s.relax_durability(),
        }
    }

    /// Where this store is, for messages (never a password).
    pub fn location(&self) -> Location {
        match self {
            Store::Sqlite(s) => Location::File(s.path().to_path_buf()),
            Store::Postgres(s) => Location::Postgres(s.target().clone()),
        }
    }
}
