//! The PostgreSQL backend: connecting (TLS through rustls, libpq's sslmode
//! semantics), the orgadm marker and schema version, migrations, and
//! transactions that serialize writers organization-wide.
//!
//! Under READ COMMITTED and REPEATABLE READ, two sessions that each count
//! admins and then demote a different one both commit and leave none (write
//! skew). So every write transaction first takes one lock, the row lock on
//! the one-row `orgadm_meta` table, and writers queue exactly as `BEGIN
//! IMMEDIATE` makes them queue on SQLite; the invariant checks inside then
//! see no concurrent writer. Reads run in REPEATABLE READ READ ONLY: one
//! consistent snapshot, like a SQLite read transaction.
//!
//! Every round trip waits for the server's answer for a bounded time
//! (`[db] answer_timeout`; the writers' lock gets `[db] busy_timeout` on
//! top): a server that stops answering while its socket stays open (a hung
//! host, a stalled proxy) is an error, never a wait without end. That is
//! why this module drives `tokio-postgres` itself, on one current-thread
//! runtime per connection, instead of the `postgres` crate, whose calls
//! have no timeout.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, IsolationLevel, Statement};

use super::location::{PgTarget, SslMode};
use super::migrations;
use super::sql::Tx;
use super::Access;
use crate::error::{Error, Kind, Result};

/// The lock every write transaction takes first (after setting how long it
/// waits, `[db] busy_timeout`).
const LOCK_SQL: &str = "SELECT id FROM orgadm_meta WHERE id = 1 FOR UPDATE";
/// Serializes concurrent `init`s of one database.
const INIT_LOCK: &str = "SELECT pg_advisory_xact_lock(1330792257)";
/// How long to wait for a server when the URL sets no connect_timeout.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one migration's statements may take (they rewrite tables).
const MIGRATION_LIMIT: Duration = Duration::from_secs(1800);

pub struct Store {
    client: RefCell<Client>,
    statements: RefCell<HashMap<String, Statement>>,
    target: PgTarget,
    /// Declared last: dropped after the client, it closes the socket.
    conn: Conn,
}

/// What drives one connection: the runtime its socket task runs on (it
/// runs only while a call waits), and how long a call waits for an answer.
pub(super) struct Conn {
    rt: tokio::runtime::Runtime,
    answer: Duration,
    /// A call went unanswered: the connection is out of step with the
    /// server, and nothing more is sent on it.
    stalled: Cell<bool>,
}

/// Why a call to the server failed.
#[derive(Debug)]
pub(super) enum Fail {
    /// The server's error, or the connection's.
    Pg(tokio_postgres::Error),
    /// No answer within this long.
    Silent(Duration),
}

impl From<tokio_postgres::Error> for Fail {
    fn from(e: tokio_postgres::Error) -> Fail {
        Fail::Pg(e)
    }
}

impl Conn {
    /// Runs one round trip (`f`), waiting at most `limit` for its answer.
    pub(super) fn call<T>(
        &self,
        limit: Duration,
        f: impl Future<Output = std::result::Result<T, tokio_postgres::Error>>,
    ) -> std::result::Result<T, Fail> {
        if self.stalled.get() {
            return Err(Fail::Silent(limit));
        }
        // The timer is made inside the runtime, which drives it.
        match self
            .rt
            .block_on(async { tokio::time::timeout(limit, f).await })
        {
            Ok(r) => Ok(r?),
            Err(_) => {
                self.stalled.set(true);
                Err(Fail::Silent(limit))
            }
        }
    }

    /// [`Conn::call`] with the answer timeout.
    pub(super) fn ask<T>(
        &self,
        f: impl Future<Output = std::result::Result<T, tokio_postgres::Error>>,
    ) -> std::result::Result<T, Fail> {
        self.call(self.answer, f)
    }
}

/// A PostgreSQL transaction, with the store's statement cache.
pub struct PgTx<'a> {
    pub(super) tx: tokio_postgres::Transaction<'a>,
    pub(super) conn: &'a Conn,
    pub(super) statements: &'a RefCell<HashMap<String, Statement>>,
    /// Writes whose answer nobody waits for ([`super::Tx::write`]): sent,
    /// in order, with the next statement that needs an answer, or before
    /// the commit.
    pub(super) pending: RefCell<Vec<(Statement, Vec<super::sql::Value>)>>,
}

impl Store {
    /// Connects to an existing orgadm database; never creates one.
    pub fn open(target: &PgTarget, access: Access) -> Result<Store> {
        let store = Store::connect(target)?;
        let version = store.marker()?.ok_or_else(|| {
            let other = store.has_other_tables().unwrap_or(false);
            if other {
                store.not_orgadm()
            } else {
                Error::storage(format!("no orgadm database at {target}")).hint(format!(
                    "create one with `orgadm init --db {target} --admin EMAIL`"
                ))
            }
        })?;
        if version > super::SCHEMA_VERSION {
            return Err(Error::storage(format!(
                "{target} was written by a newer orgadm (schema version {version}; this orgadm knows up to {})",
                super::SCHEMA_VERSION
            ))
            .hint("upgrade orgadm; the database is left untouched"));
        }
        if version < super::SCHEMA_VERSION {
            store.migrate()?;
        }
        let _ = access;
        Ok(store)
    }

    /// Creates orgadm's tables in an empty database and runs `fill` in the
    /// same transaction. A database holding other tables is refused.
    pub fn create<T>(target: &PgTarget, fill: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let store = Store::connect(target)?;
        let err = |e| store.err(e);
        let mut client = store.client.borrow_mut();
        let tx = store.conn.ask(begin_write(&mut client)).map_err(err)?;
        store.take_lock(&tx, INIT_LOCK)?;
        let has_marker: bool = store
            .conn
            .ask(tx.query_one("SELECT to_regclass('orgadm_meta') IS NOT NULL", &[]))
            .and_then(|r| Ok(r.try_get(0)?))
            .map_err(err)?;
        if has_marker {
            return Err(
                Error::conflict(format!("{target} already holds an orgadm organization"))
                    .hint("use `--db` to create another organization's database"),
            );
        }
        let others: i64 = store
            .conn
            .ask(tx.query_one(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
                &[],
            ))
            .and_then(|r| Ok(r.try_get(0)?))
            .map_err(err)?;
        if others > 0 {
            return Err(store.not_orgadm());
        }
        for sql in migrations::PG_MIGRATIONS {
            store
                .conn
                .call(MIGRATION_LIMIT, tx.batch_execute(sql))
                .map_err(err)?;
        }
        store
            .conn
            .ask(tx.execute(
                "INSERT INTO orgadm_meta (id, application, schema_version) VALUES (1, 'orgadm', $1)",
                &[&super::SCHEMA_VERSION],
            ))
            .map_err(err)?;
        store.finish(tx, fill)
    }

    /// Runs `f` in one REPEATABLE READ, READ ONLY transaction.
    pub fn read<T>(&self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let mut client = self.client.borrow_mut();
        let tx = self
            .conn
            .ask(
                client
                    .build_transaction()
                    .isolation_level(IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start(),
            )
            .map_err(|e| self.err(e))?;
        self.finish(tx, f)
    }

    /// Runs `f` in one write transaction that first takes the organization's
    /// lock (waiting up to 30 s); commits only if `f` succeeds.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let mut client = self.client.borrow_mut();
        let tx = self
            .conn
            .ask(begin_write(&mut client))
            .map_err(|e| self.err(e))?;
        // The lock, then the generation's step, in one round trip.
        let lock = format!("{LOCK_SQL}; {}", super::meta::BUMP_GENERATION);
        if let Err(e) = self.take_lock(&tx, &lock) {
            self.roll_back(tx);
            return Err(e);
        }
        self.finish(tx, f)
    }

    /// Rolls `tx` back now. (Dropping it would only queue the ROLLBACK
    /// until the next call, and a write's lock would be held meanwhile,
    /// say while the admin answers a confirmation.)
    fn roll_back(&self, tx: tokio_postgres::Transaction<'_>) {
        let _ = self.conn.ask(tx.rollback());
    }

    /// Sets how long the writers' lock is waited for, and takes it.
    /// (`lock` is the writers' lock, or init's.)
    fn take_lock(&self, tx: &tokio_postgres::Transaction<'_>, lock: &str) -> Result<()> {
        self.conn
            .ask(tx.batch_execute(&self.lock_timeout()))
            .map_err(|e| self.err(e))?;
        self.conn
            .call(self.lock_limit(), tx.batch_execute(lock))
            .map_err(|e| self.err(e))
    }

    /// Runs `f` in `tx` and commits only if it succeeds (dropping an
    /// uncommitted transaction rolls it back).
    fn finish<'t, T>(
        &'t self,
        tx: tokio_postgres::Transaction<'t>,
        f: impl FnOnce(&Tx) -> Result<T>,
    ) -> Result<T> {
        let ptx = Tx::pg(PgTx {
            tx,
            conn: &self.conn,
            statements: &self.statements,
            pending: RefCell::new(Vec::new()),
        });
        let out = match f(&ptx).and_then(|out| ptx.flush().map(|()| out)) {
            Ok(out) => out,
            Err(e) => {
                self.roll_back(ptx.into_pg().tx);
                return Err(self.context(e));
            }
        };
        self.conn
            .ask(ptx.into_pg().tx.commit())
            .map_err(|e| self.commit_err(e))?;
        Ok(out)
    }

    /// See [`super::Store::relax_durability`].
    pub fn relax_durability(&self) -> Result<()> {
        let client = self.client.borrow();
        self.conn
            .ask(client.batch_execute("SET synchronous_commit = off"))
            .map_err(|e| self.err(e))
    }

    /// The organization's generation, read alone: one prepared statement,
    /// one round trip, no transaction around it.
    pub fn generation(&self) -> Result<i64> {
        let client = self.client.borrow();
        let st = cached(&self.statements, super::meta::GENERATION, || {
            self.conn
                .ask(client.prepare(super::meta::GENERATION))
                .map_err(|e| self.err(e))
        })?;
        self.conn
            .ask(client.query_one(&st, &[]))
            .and_then(|r| Ok(r.try_get(0)?))
            .map_err(|e| self.err(e))
    }

    /// Whether the server answers a no-op on this connection in time.
    pub fn is_alive(&self, within: Duration) -> bool {
        let client = self.client.borrow();
        self.conn.call(within, client.simple_query("")).is_ok()
    }

    pub fn target(&self) -> &PgTarget {
        &self.target
    }

    fn connect(target: &PgTarget) -> Result<Store> {
        let connect_timeout = target.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let mut cfg = tokio_postgres::Config::new();
        cfg.host(&target.host)
            .port(target.port)
            .dbname(&target.dbname)
            .user(&target.user)
            .connect_timeout(connect_timeout);
        if let Some(p) = &target.password {
            cfg.password(p);
        }
        if let Some(a) = &target.application_name {
            cfg.application_name(a);
        }
        let conn = Conn {
            rt: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Error::internal(format!("cannot start a runtime: {e}")))?,
            answer: target.answer_timeout,
            stalled: Cell::new(false),
        };
        // The TCP connection within connect_timeout, then TLS and the
        // sign-in within the answer timeout.
        let limit = connect_timeout + target.answer_timeout;
        let fail = |e: Fail| connect_error(target, e);
        // The socket's task runs on the connection's runtime whenever a
        // call waits; it ends when the client is dropped.
        let client = match target.sslmode {
            SslMode::Disable => {
                cfg.ssl_mode(tokio_postgres::config::SslMode::Disable);
                let (client, io) = conn
                    .call(limit, cfg.connect(tokio_postgres::NoTls))
                    .map_err(fail)?;
                conn.rt.spawn(io);
                client
            }
            mode => {
                cfg.ssl_mode(if mode == SslMode::Prefer {
                    tokio_postgres::config::SslMode::Prefer
                } else {
                    tokio_postgres::config::SslMode::Require
                });
                let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls_config(target)?);
                let (client, io) = conn.call(limit, cfg.connect(tls)).map_err(fail)?;
                conn.rt.spawn(io);
                client
            }
        };
        Ok(Store {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            target: target.clone(),
            conn,
        })
    }

    /// The schema version, or None when the database holds no orgadm marker.
    fn marker(&self) -> Result<Option<i32>> {
        let c = self.client.borrow();
        let exists: bool = self
            .conn
            .ask(c.query_one("SELECT to_regclass('orgadm_meta') IS NOT NULL", &[]))
            .and_then(|r| Ok(r.try_get(0)?))
            .map_err(|e| self.err(e))?;
        if !exists {
            return Ok(None);
        }
        let row = self
            .conn
            .ask(c.query_opt(
                "SELECT application, schema_version FROM orgadm_meta WHERE id = 1",
                &[],
            ))
            .map_err(|e| self.err(e))?;
        match row {
            Some(r) => {
                let app: String = r.try_get(0).map_err(|e| self.err(Fail::Pg(e)))?;
                let v: i32 = r.try_get(1).map_err(|e| self.err(Fail::Pg(e)))?;
                if app != "orgadm" {
                    return Err(self.not_orgadm());
                }
                Ok(Some(v))
            }
            None => Err(self.not_orgadm()),
        }
    }

    fn has_other_tables(&self) -> Result<bool> {
        let c = self.client.borrow();
        let n: i64 = self
            .conn
            .ask(c.query_one(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
                &[],
            ))
            .and_then(|r| Ok(r.try_get(0)?))
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }

    /// Migrates forward in one transaction, under the writers' lock, from
    /// the version read under it (another process may have migrated first).
    fn migrate(&self) -> Result<()> {
        let mut c = self.client.borrow_mut();
        let tx = self
            .conn
            .ask(begin_write(&mut c))
            .map_err(|e| self.err(e))?;
        self.take_lock(&tx, LOCK_SQL)?;
        let now: i32 = self
            .conn
            .ask(tx.query_one("SELECT schema_version FROM orgadm_meta WHERE id = 1", &[]))
            .and_then(|r| Ok(r.try_get(0)?))
            .map_err(|e| self.err(e))?;
        for (i, sql) in migrations::PG_MIGRATIONS
            .iter()
            .enumerate()
            .skip(now.max(0) as usize)
        {
            self.conn
                .call(MIGRATION_LIMIT, tx.batch_execute(sql))
                .map_err(|e| match e {
                    Fail::Pg(e) => Error::internal(format!(
                        "migration {} failed: {}",
                        i + 1,
                        self.err(Fail::Pg(e)).message
                    )),
                    silent => self.err(silent),
                })?;
        }
        self.conn
            .ask(tx.execute(
                "UPDATE orgadm_meta SET schema_version = $1 WHERE id = 1",
                &[&super::SCHEMA_VERSION],
            ))
            .map_err(|e| self.err(e))?;
        self.finish(tx, migrations::backfill)
    }

    fn not_orgadm(&self) -> Error {
        Error::storage(format!(
            "{} is not an orgadm database (it holds other tables and no orgadm marker)",
            self.target
        ))
        .hint(
            "point `--db` at an empty database for `orgadm init`; orgadm leaves this one untouched",
        )
    }

    /// An error on an established connection (connecting has its own,
    /// [`connect_error`]).
    fn err(&self, e: Fail) -> Error {
        if let Fail::Pg(e) = &e {
            if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
                return self.context(locked(Some(self.target.busy_timeout)));
            }
        }
        self.context(Error::from(e))
    }

    /// A COMMIT that got no answer: the server may have applied it before
    /// the connection went, so the error must not say nothing changed.
    fn commit_err(&self, e: Fail) -> Error {
        let what = match &e {
            Fail::Pg(e) if e.as_db_error().is_none() && communication_lost(e) => {
                "the connection to the server was lost".to_string()
            }
            Fail::Silent(d) => format!(
                "the server did not answer within {}",
                humantime::format_duration(*d)
            ),
            Fail::Pg(_) => return self.err(e),
        };
        self.context(
            Error::storage(format!(
                "{what} while the change was being committed; it may or may not have been applied"
            ))
            .hint("look at `orgadm audit` (newest first) before running the command again"),
        )
    }

    /// `SET LOCAL lock_timeout` to `[db] busy_timeout`, in whole milliseconds.
    fn lock_timeout(&self) -> String {
        format!(
            "SET LOCAL lock_timeout = {}",
            self.target.busy_timeout.as_millis().max(1)
        )
    }

    /// How long the statement taking the writers' lock may go unanswered:
    /// the lock wait itself, then an answer.
    fn lock_limit(&self) -> Duration {
        self.target.busy_timeout + self.conn.answer
    }

    /// Names the database in storage errors.
    fn context(&self, mut e: Error) -> Error {
        let name = self.target.to_string();
        if e.kind == Kind::Storage && !e.message.contains(&name) {
            e.message = format!("{name}: {}", e.message);
        }
        e
    }
}

/// The prepared statement of `sql` from a connection's cache; `prepare`
/// makes it the first time (preparing costs a round trip).
pub(super) fn cached(
    statements: &RefCell<HashMap<String, Statement>>,
    sql: &str,
    prepare: impl FnOnce() -> Result<Statement>,
) -> Result<Statement> {
    if let Some(st) = statements.borrow().get(sql) {
        return Ok(st.clone());
    }
    let st = prepare()?;
    statements.borrow_mut().insert(sql.to_string(), st.clone());
    Ok(st)
}

/// A write transaction at READ COMMITTED, whatever the database's default
/// (`default_transaction_isolation`): each statement after the writers'
/// lock then sees every change committed before the lock was granted.
/// Under REPEATABLE READ the snapshot would be taken before the lock wait,
/// and the invariant checks would miss the other writer's change.
async fn begin_write(
    client: &mut Client,
) -> std::result::Result<tokio_postgres::Transaction<'_>, tokio_postgres::Error> {
    client
        .build_transaction()
        .isolation_level(IsolationLevel::ReadCommitted)
        .start()
        .await
}

fn connect_error(t: &PgTarget, e: Fail) -> Error {
    // Not connected yet: an I/O error here is the connection or TLS being
    // refused, said in the client's words, not a lost connection.
    let why = match e {
        Fail::Pg(e) if e.as_db_error().is_none() && !e.is_closed() => client_text(&e),
        Fail::Pg(e) => Error::from(e).message,
        Fail::Silent(d) => format!(
            "the server did not answer within {}",
            humantime::format_duration(d)
        ),
    };
    Error::storage(format!(
        "cannot use PostgreSQL at {}:{}, database {}, as user {}: {why}",
        t.host, t.port, t.dbname, t.user
    ))
    .hint("check the URL in `--db` / ORGADM_DB / `db` in the config, and the password in PGPASSWORD or `[db] password_env`")
}

/// A lock not had within the busy timeout (named when known).
fn locked(timeout: Option<std::time::Duration>) -> Error {
    let after = match timeout {
        Some(t) => format!(" ({})", humantime::format_duration(t)),
        None => String::new(),
    };
    Error::storage(format!(
        "the database stayed locked by another orgadm process past the busy timeout{after}"
    ))
    .hint("retry the command; if it keeps happening, look for a session holding orgadm's lock (`[db] busy_timeout` sets how long a write waits)")
}

impl From<Fail> for Error {
    fn from(e: Fail) -> Self {
        match e {
            Fail::Pg(e) => Error::from(e),
            Fail::Silent(d) => Error::storage(format!(
                "the server did not answer within {}; nothing was changed",
                humantime::format_duration(d)
            ))
            .hint("check the server and the network to it, then run the command again (`[db] answer_timeout` sets how long orgadm waits)"),
        }
    }
}

impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Self {
        if let Some(db) = e.as_db_error() {
            let code = db.code();
            let detail = crate::validate::printable(db.message());
            let msg = if *code == SqlState::LOCK_NOT_AVAILABLE {
                return locked(None);
            } else if *code == SqlState::INVALID_PASSWORD
                || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            {
                format!("authentication was refused ({detail})")
            } else if *code == SqlState::INVALID_CATALOG_NAME {
                format!("the database does not exist ({detail})")
            } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
                format!("the role lacks a privilege orgadm needs, such as writing its tables ({detail})")
            } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
                return Error::storage("the database is read-only, so it cannot be changed")
                    .hint("read commands (`user list`, `user show`, `audit`) still work");
            } else if *code == SqlState::DISK_FULL {
                format!("the server's disk is full ({detail})")
            } else if *code == SqlState::T_R_SERIALIZATION_FAILURE
                || *code == SqlState::T_R_DEADLOCK_DETECTED
            {
                format!("a concurrent change conflicted; retry the command ({detail})")
            } else if lost_connection(code.code()) {
                // The server shut down or restarted, or an administrator
                // ended this session: nothing of the change was committed.
                return Error::storage(format!(
                    "the connection to the server was lost; nothing was changed ({detail}, SQLSTATE {})",
                    code.code()
                ))
                .hint("run the command again once the server is back");
            } else {
                return Error::internal(format!(
                    "database error: {detail} (SQLSTATE {})",
                    code.code()
                ));
            };
            return Error::storage(msg);
        }
        if e.is_closed() {
            return lost("connection closed");
        }
        if let Some(io) = io_cause(&e) {
            // Cut, reset, or a TLS session ended mid-message.
            return lost(&io.kind().to_string());
        }
        Error::storage(client_text(&e))
    }
}

/// A client error without a server's answer, with its causes, escaped.
fn client_text(e: &tokio_postgres::Error) -> String {
    let mut text = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        let t = s.to_string();
        if !text.contains(&t) {
            text.push_str(": ");
            text.push_str(&t);
        }
        src = s.source();
    }
    crate::validate::escape_controls(&text)
}

/// The error for a connection that broke before the change was committed.
fn lost(why: &str) -> Error {
    Error::storage(format!(
        "the connection to the server was lost; nothing was changed ({why})"
    ))
    .hint("run the command again once the server is back")
}

/// Whether an established connection broke: closed, reset, or cut in the
/// middle of a message (a TLS session ending without its close_notify).
/// Connecting is not this: its errors are [`connect_error`]'s.
fn communication_lost(e: &tokio_postgres::Error) -> bool {
    e.is_closed() || io_cause(e).is_some()
}

/// The I/O error under a client error, if one is.
fn io_cause(e: &tokio_postgres::Error) -> Option<&std::io::Error> {
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        src = s.source();
    }
    None
}

/// SQLSTATEs that mean the session is gone or the server cannot serve it
/// now: class 08 (connection exception), 57P01-57P05 (admin or crash
/// shutdown, cannot connect now, database dropped, idle session timeout),
/// class 53 (insufficient resources: too many connections, out of memory).
fn lost_connection(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("57P") || code.starts_with("53")
}

/// The rustls settings for an sslmode, as libpq means them: `prefer` and
/// `require` encrypt without checking the certificate (unless `sslrootcert`
/// is given for `require`), `verify-ca` checks the chain, `verify-full` the
/// chain and the host name. Roots come from `sslrootcert`, else the public
/// web PKI roots.
fn tls_config(t: &PgTarget) -> Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::internal(format!("TLS setup failed: {e}")))?;
    let mode = match (t.sslmode, &t.sslrootcert) {
        (SslMode::Require, Some(_)) => SslMode::VerifyCa,
        (m, _) => m,
    };
    if matches!(mode, SslMode::Prefer | SslMode::Require) {
        return Ok(builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoVerify(provider)))
            .with_no_client_auth());
    }
    let mut roots = rustls::RootCertStore::empty();
    match &t.sslrootcert {
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path)
                .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
                .map_err(|e| {
                    Error::storage(format!("cannot read sslrootcert {}: {e}", path.display()))
                })?;
            if certs.is_empty() {
                return Err(Error::storage(format!(
                    "sslrootcert {} holds no PEM certificate",
                    path.display()
                )));
            }
            for c in certs {
                roots
                    .add(c)
                    .map_err(|e| Error::storage(format!("sslrootcert {}: {e}", path.display())))?;
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let webpki =
        rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .map_err(|e| Error::internal(format!("TLS setup failed: {e}")))?;
    let builder = builder.dangerous();
    Ok(if mode == SslMode::VerifyCa {
        builder
            .with_custom_certificate_verifier(Arc::new(ChainOnly(webpki)))
            .with_no_client_auth()
    } else {
        builder
            .with_custom_certificate_verifier(webpki)
            .with_no_client_auth()
    })
}

/// `prefer` / `require`: encrypted, the certificate not checked (libpq's
/// meaning of those modes).
#[derive(Debug)]
struct NoVerify(Arc<CryptoProvider>);

impl ServerCertVerifier for NoVerify {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the chain must lead to a trusted root; the name may differ.
#[derive(Debug)]
struct ChainOnly(Arc<rustls::client::WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        use rustls::CertificateError as C;
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                C::NotValidForName | C::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}
