//! All of orgadm's SQL, behind one seam: the core speaks in typed rows
//! ([`people::PersonRow`], [`invitations::OpenInvitation`], ...) and never
//! sees a statement. One module per kind of row holds its statements, written
//! once in the SQL both backends share ([`sql`]); the backend modules hold
//! what differs (opening, migrations, locking, error codes).

pub mod audit;
pub mod groups;
pub mod invitations;
pub mod meta;
mod migrations;
pub mod people;
pub mod sql;
mod sqlite;

pub use sql::Tx;
pub use sqlite::{Store, APPLICATION_ID, BUSY_TIMEOUT, SCHEMA_VERSION};

/// What a command needs from the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}
