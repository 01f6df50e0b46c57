//! The SQLite backend: opening a database safely (pragmas, application_id,
//! schema version, migrations, file modes, read-only media) and running
//! transactions.
//!
//! Every write is one IMMEDIATE transaction: a deferred read-then-write would
//! fail at once with "database is locked" under parallel load instead of
//! waiting on the busy timeout.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::migrations;
use super::sql::Tx;
use super::Access;
use crate::error::{Error, Kind, Result};

/// `PRAGMA application_id`: "ORGA". Marks a file as an orgadm database.
pub const APPLICATION_ID: i32 = 0x4f52_4741;
use super::SCHEMA_VERSION;
/// How long a writer waits for another one before giving up (orgadm(1), EXIT STATUS 8).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens an existing orgadm database. Never creates one: a missing file is
    /// an error that names the path and says how to make one.
    pub fn open(path: &Path, access: Access) -> Result<Store> {
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::storage(format!(
                    "no orgadm database at {}",
                    path.display()
                ))
                .hint("create one with `orgadm init --admin EMAIL`, or point at another with `--db PATH` or ORGADM_DB"));
            }
            Err(e) => {
                return Err(Error::storage(format!(
                    "cannot read {}: {e}",
                    path.display()
                )))
            }
        };
        if meta.is_dir() {
            return Err(Error::storage(format!(
                "{} is a folder, not an orgadm database",
                path.display()
            )));
        }
        // A FIFO or a device would block or misbehave in SQLite's open.
        if !meta.is_file() {
            return Err(Error::storage(format!(
                "{} is not a regular file, so it is not an orgadm database",
                path.display()
            ))
            .hint("check `--db` / ORGADM_DB"));
        }
        // Read the header ourselves first: SQLite would create -wal/-shm
        // beside another application's WAL database just by opening it.
        check_header(path)?;
        let read_only = || {
            Error::storage(format!(
                "the database {} is read-only (a read-only file or medium), so it cannot be changed",
                path.display()
            ))
            .hint("read commands (`user list`, `user show`, `audit`) still work")
        };
        if !writable(path) {
            // Without write permission SQLite would still create -shm (and
            // -wal) beside the file, with the file's read-only mode, and they
            // would stop the real writer later. So: a writer stops here; a
            // reader of a cleanly closed database (no companions) opens it
            // immutable, which creates nothing.
            if access == Access::Write {
                return Err(read_only());
            }
            let clean = !companion(path, "-shm").exists()
                && !companion(path, "-wal")
                    .metadata()
                    .is_ok_and(|m| m.len() > 0);
            return if clean {
                Self::open_immutable(path)
            } else {
                Self::open_with(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
                    .map_err(|e| unreadable_companions(path).unwrap_or(e))
            };
        }
        let store = match Self::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE) {
            Ok(s) => s,
            Err(e) if may_be_read_only(&e) => {
                // Perhaps a read-only file or medium: open read-only, and if
                // even that fails (a WAL database whose -shm cannot be
                // created), open it as immutable, which SQLite allows for a
                // cleanly closed file.
                let ro = Self::open_with(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
                    .or_else(|_| Self::open_immutable(path));
                match (access, ro) {
                    (Access::Read, Ok(s)) => s,
                    (Access::Write, Ok(_)) => return Err(read_only()),
                    (_, Err(_)) => return Err(e),
                }
            }
            Err(e) => return Err(e),
        };
        if access == Access::Write && store.conn.is_readonly("main").unwrap_or(false) {
            return Err(read_only());
        }
        Ok(store)
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<Store> {
        Self::connect(path, path, flags)
    }

    fn open_immutable(path: &Path) -> Result<Store> {
        let abs = fs::canonicalize(path)?;
        let uri = format!("file:{}?immutable=1", uri_escape(&abs.to_string_lossy()));
        Self::connect(
            &uri,
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )
    }

    /// Opens `target` (the path, or a `file:` URI naming it) for one thread.
    fn connect(target: impl AsRef<Path>, path: &Path, flags: OpenFlags) -> Result<Store> {
        let conn = Connection::open_with_flags(target, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| in_file(path, e.into()))?;
        Self::checked(conn, path)
    }

    /// Configures a fresh connection and checks (or migrates) what it opened.
    fn checked(conn: Connection, path: &Path) -> Result<Store> {
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        store.check_and_migrate()?;
        Ok(store)
    }

    /// Connection settings; none of them writes to the file.
    fn configure(&self) -> Result<()> {
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.err(e.into()))?;
        self.conn
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
            .map_err(|e| self.err(e.into()))?;
        Ok(())
    }

    /// Refuses files that are not orgadm databases or come from a newer
    /// orgadm, before anything is written; migrates an older schema forward.
    fn check_and_migrate(&mut self) -> Result<()> {
        let (app_id, version) = self.header().map_err(|e| self.err(e))?;
        if app_id != APPLICATION_ID {
            return Err(Error::storage(format!(
                "{} is not an orgadm database",
                self.path.display()
            ))
            .hint("check `--db` / ORGADM_DB; orgadm leaves the file untouched"));
        }
        if version > SCHEMA_VERSION {
            return Err(newer(&self.path, version));
        }
        if version < 1 {
            return Err(Error::storage(format!(
                "{} is not an orgadm database (it was never completely set up)",
                self.path.display()
            ))
            .hint("check `--db` / ORGADM_DB; orgadm leaves the file untouched"));
        }
        if version < SCHEMA_VERSION {
            self.migrate()?;
        }
        Ok(())
    }

    fn header(&self) -> Result<(i32, i32)> {
        let app: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let ver: i32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok((app, ver))
    }

    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| in_file(&path, e.into()))?;
        let version: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in migrations::MIGRATIONS
            .iter()
            .enumerate()
            .skip(version.max(0) as usize)
        {
            tx.execute_batch(sql)
                .map_err(|e| Error::internal(format!("migration {} failed: {e}", i + 1)))?;
        }
        migrations::backfill(&Tx::sqlite(&tx))?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit().map_err(|e| in_file(&path, e.into()))
    }

    /// Creates a new database at `path` and runs `fill` in its first
    /// transaction. The file is built under a temporary name and linked into
    /// place only when complete, so a crash or a concurrent `init` never leaves
    /// a half-made database; the file is 0600 whatever the umask.
    /// A symbolic link whose target does not exist yet (`ln -s
    /// /srv/orgadm/org.db ~/.local/share/orgadm/orgadm.db`) names where to
    /// create it, as every later open follows the link.
    pub fn create<T>(path: &Path, fill: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let path = &link_target(path);
        if path.exists() {
            // Someone else's file (or a folder, a FIFO) is not "already
            // initialized": say what it is, as every other open does.
            if !fs::metadata(path).is_ok_and(|m| m.is_file()) {
                return Err(Error::storage(format!(
                    "{} exists and is not a regular file",
                    path.display()
                ))
                .hint("pass another path with `--db PATH`"));
            }
            check_header(path)?;
            return Err(already_initialized(path));
        }
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(dir) = dir {
            crate::files::create_private_dir(dir)?;
        }
        let file_name = path
            .file_name()
            .ok_or_else(|| Error::usage(format!("{} is not a file path", path.display())))?;
        let tmp = path.with_file_name(format!(
            ".{}.init-{}",
            file_name.to_string_lossy(),
            uuid::Uuid::new_v4().simple()
        ));
        let result = (|| {
            // SQLite gives -wal and -shm the mode of this file.
            crate::files::create_private_file(&tmp)
                .map_err(|e| Error::storage(format!("cannot create {}: {e}", tmp.display())))?;
            let mut conn = Connection::open_with_flags(&tmp, OpenFlags::SQLITE_OPEN_READ_WRITE)
                .map_err(|e| in_file(path, e.into()))?;
            conn.execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
            )?;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            for sql in migrations::MIGRATIONS {
                tx.execute_batch(sql)?;
            }
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            let out = fill(&Tx::sqlite(&tx))?;
            tx.commit()?;
            // Closing the last connection checkpoints the WAL into the file and
            // removes -wal/-shm, so the single file is complete when linked.
            conn.close().map_err(|(_, e)| Error::from(e))?;
            publish(&tmp, path, |from, to| fs::hard_link(from, to)).map(|()| out)
        })();
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = fs::remove_file(companion(&tmp, suffix));
        }
        result
    }

    /// See [`super::Store::relax_durability`].
    pub fn relax_durability(&self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA synchronous = NORMAL;")
            .map_err(|e| self.err(e.into()))
    }

    /// The organization's generation, read alone.
    pub fn generation(&self) -> Result<i64> {
        self.conn
            .prepare_cached(super::meta::GENERATION)
            .and_then(|mut st| st.query_row([], |r| r.get(0)))
            .map_err(|e| self.err(e.into()))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in a read transaction: one consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(|e| self.err(e.into()))?;
        let out = f(&Tx::sqlite(&tx)).map_err(|e| self.err(e))?;
        tx.finish().map_err(|e| self.err(e.into()))?;
        Ok(out)
    }

    /// Runs `f` in one IMMEDIATE write transaction; commits only if it succeeds.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| in_file(&path, e.into()))?;
        tx.execute(super::meta::BUMP_GENERATION, [])
            .map_err(|e| in_file(&path, e.into()))?;
        let out = f(&Tx::sqlite(&tx)).map_err(|e| in_file(&path, e))?;
        tx.commit().map_err(|e| in_file(&path, e.into()))?;
        Ok(out)
    }

    fn err(&self, e: Error) -> Error {
        in_file(&self.path, e)
    }
}

fn already_initialized(path: &Path) -> Error {
    Error::conflict(format!(
        "{} already exists: orgadm is already initialized there",
        path.display()
    ))
    .hint("use `--db PATH` to create another organization's database")
}

/// Names the file in storage errors, so the admin knows which one.
fn in_file(path: &Path, mut e: Error) -> Error {
    if e.kind == Kind::Storage && !e.message.contains(&*path.to_string_lossy()) {
        e.message = format!("{}: {}", path.display(), e.message);
    }
    e
}

/// Whether a failed read-write open is worth retrying read-only: a storage
/// error other than a lock (which the read-only open would wait on again).
fn may_be_read_only(e: &Error) -> bool {
    e.kind == Kind::Storage && !e.message.contains("locked")
}

/// Where `path` leads through any symbolic links (one that does not exist
/// yet included); `path` itself when it is no link. Gives up after 40 links,
/// as the kernel does, leaving the loop for the open to report.
fn link_target(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::read_link(&p) {
            Ok(t) => p = p.parent().map_or_else(|| t.clone(), |d| d.join(&t)),
            Err(_) => break,
        }
    }
    p
}

/// `path` with `suffix` appended to its file name (`-wal`, `-shm`).
fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Why a reader without write permission cannot open a database that is
/// not cleanly closed, when the cause is the usual one: its -wal or -shm,
/// which SQLite made with the file's mode of the time (say 0600), cannot be
/// read by this user. `None` when the companions are readable.
fn unreadable_companions(path: &Path) -> Option<Error> {
    use std::os::unix::fs::MetadataExt;
    let blocked: Vec<PathBuf> = ["-wal", "-shm"]
        .iter()
        .map(|s| companion(path, s))
        .filter(|p| p.exists() && nix::unistd::access(p, nix::unistd::AccessFlags::R_OK).is_err())
        .collect();
    let uid = fs::metadata(blocked.first()?).ok()?.uid();
    let owner = nix::unistd::User::from_uid(uid.into())
        .ok()
        .flatten()
        .map_or_else(|| format!("uid {uid}"), |u| u.name);
    let names: Vec<String> = blocked.iter().map(|p| p.display().to_string()).collect();
    Some(
        Error::storage(format!(
            "{} is held open by a process (such as `orgadm serve`) or was not closed cleanly, and its {} cannot be read by you (owned by {owner})",
            path.display(),
            names.join(" and ")
        ))
        .hint("retry once the owner's last orgadm process has ended (it folds them into the file and removes them); to let others read while one runs, make the database file readable to them before it is opened (SQLite gives those files its mode)"),
    )
}

/// Whether this process may write the file (the kernel's answer, which knows
/// about root, groups and read-only mounts).
fn writable(path: &Path) -> bool {
    nix::unistd::access(path, nix::unistd::AccessFlags::W_OK).is_ok()
}

/// Checks the 100-byte SQLite header without SQLite: the magic string and
/// the application_id (offset 68). A file that is not an orgadm database is
/// refused without a byte written beside it. The schema version is checked
/// once SQLite has opened the file (`check_and_migrate`): the header's copy
/// can lag a migration still in the WAL.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let not_ours = |why: &str| {
        Error::storage(format!(
            "{} is not an orgadm database ({why})",
            path.display()
        ))
        .hint("check `--db` / ORGADM_DB; orgadm leaves the file untouched")
    };
    let mut head = Vec::with_capacity(100);
    fs::File::open(path)
        .map_err(|e| {
            let e: Error = e.into();
            Error::storage(format!("cannot open {}: {}", path.display(), e.message))
        })?
        .take(100)
        .read_to_end(&mut head)
        .map_err(|e| Error::storage(format!("cannot read {}: {e}", path.display())))?;
    if head.len() < 100 || &head[..16] != b"SQLite format 3\0" {
        return Err(not_ours("it is not an SQLite file"));
    }
    let be = |at: usize| i32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    if be(68) != APPLICATION_ID {
        return Err(not_ours("it is another application's SQLite file"));
    }
    Ok(())
}

/// Whether `path` is a regular file holding an orgadm database of exactly
/// this schema version, judged from its header alone (nothing is opened).
pub fn is_current_file(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file())
        && check_header(path).is_ok()
        && fs::File::open(path)
            .and_then(|mut f| {
                use std::io::{Read, Seek, SeekFrom};
                let mut b = [0u8; 4];
                f.seek(SeekFrom::Start(60))?;
                f.read_exact(&mut b)?;
                Ok(i32::from_be_bytes(b) == SCHEMA_VERSION)
            })
            .unwrap_or(false)
}

fn newer(path: &Path, version: i32) -> Error {
    Error::storage(format!(
        "{} was written by a newer orgadm (schema version {version}; this orgadm knows up to {SCHEMA_VERSION})",
        path.display()
    ))
    .hint("upgrade orgadm; the file is left untouched")
}

fn uri_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'?' | b'#' | b'%' => out.push_str(&format!("%{b:02X}")),
            b if b >= 0x80 => out.push_str(&format!("%{b:02X}")),
            _ => out.push(b as char),
        }
    }
    out
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            let msg = match f.code {
                C::DatabaseBusy | C::DatabaseLocked => {
                    return Error::storage(
                        "the database stayed locked by another orgadm process past the busy timeout",
                    )
                    .hint("retry the command; if it keeps happening, look for a process holding the database open")
                }
                C::ReadOnly => {
                    return Error::storage("the database is read-only, so it cannot be changed")
                        .hint("read commands (`user list`, `user show`, `audit`) still work")
                }
                C::DiskFull => "the disk is full",
                // `check_header` found orgadm's marks before SQLite opened
                // the file, so SQLite refusing it means it is damaged (its
                // page size or format bytes), not a foreign file.
                C::NotADatabase => {
                    return Error::storage(format!(
                        "the file starts like an orgadm database but SQLite cannot read it: it is damaged ({e})"
                    ))
                    .hint("restore it from a backup; orgadm leaves the file untouched")
                }
                C::DatabaseCorrupt => "the database file is corrupt",
                C::CannotOpen => "the database file cannot be opened",
                C::SystemIoFailure => "an I/O error occurred while reading or writing the database",
                C::PermissionDenied => "permission denied on the database file",
                _ => return Error::internal(format!("database error: {e}")),
            };
            return Error::storage(format!("{msg} ({e})"));
        }
        Error::internal(format!("database error: {e}"))
    }
}

/// Gives the finished database at `tmp` its name `path`. A hard link fails
/// if the name exists: two racing inits cannot both win, and neither
/// overwrites the other. `link` is `fs::hard_link` (a parameter so the
/// fallback for filesystems without hard links can be tested).
fn publish(
    tmp: &Path,
    path: &Path,
    link: impl FnOnce(&Path, &Path) -> std::io::Result<()>,
) -> Result<()> {
    let cannot =
        |e: std::io::Error| Error::storage(format!("cannot create {}: {e}", path.display()));
    match link(tmp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(already_initialized(path)),
        // A filesystem without hard links: rename, after one more look
        // (a race with another init is then possible, but unlikely).
        Err(_) if !path.exists() => fs::rename(tmp, path).map_err(cannot),
        Err(e) => Err(cannot(e)),
    }
}

#[cfg(test)]
mod tests {
    /// Where hard links are not supported, the database is renamed into
    /// place; a name taken meanwhile is never overwritten; an existing name
    /// is "already initialized".
    #[test]
    fn publish_falls_back_to_rename_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join(".new");
        let path = dir.path().join("org.db");
        let unsupported =
            |_: &Path, _: &Path| Err(std::io::Error::from(std::io::ErrorKind::Unsupported));
        fs::write(&tmp, "db").unwrap();
        publish(&tmp, &path, unsupported).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "db");
        assert!(!tmp.exists());

        // The name appeared between the failed link and the look.
        fs::write(&tmp, "second").unwrap();
        let e = publish(&tmp, &path, unsupported).unwrap_err();
        assert_eq!(e.kind, crate::error::Kind::Storage, "{e:?}");
        assert!(e.message.contains("cannot create"), "{}", e.message);
        assert_eq!(fs::read_to_string(&path).unwrap(), "db");

        let e = publish(&tmp, &path, |a, b| fs::hard_link(a, b)).unwrap_err();
        assert!(e.message.contains("already"), "{}", e.message);
        assert_eq!(fs::read_to_string(&path).unwrap(), "db");
        publish(&tmp, &dir.path().join("linked.db"), |a, b| {
            fs::hard_link(a, b)
        })
        .unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("linked.db")).unwrap(),
            "second"
        );
    }

    use super::*;

    /// The path in a `file:` URI: what SQLite's URI syntax reads specially
    /// (`?`, `#`, `%`) and every byte of a non-ASCII name are escaped; the
    /// rest, slashes included, is left as it is.
    #[test]
    fn uri_escape_escapes_what_a_uri_would_misread() {
        assert_eq!(
            uri_escape("/tmp/ro é#?%20/orgadm.db"),
            "/tmp/ro %C3%A9%23%3F%2520/orgadm.db"
        );
    }

    /// The SQLite failures an admin can meet are worded for them (exit 8,
    /// storage) with what to do next; each is made here by real SQLite.
    #[test]
    fn sqlite_failures_are_worded_for_the_admin() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let a = Connection::open(&path).unwrap();
        a.execute_batch("CREATE TABLE t (x)").unwrap();
        let storage = |e: rusqlite::Error| -> Error {
            let e = Error::from(e);
            assert_eq!(e.kind, Kind::Storage, "{}", e.message);
            e
        };

        // Another writer holds the lock (no wait: busy timeout 0).
        let b = Connection::open(&path).unwrap();
        b.busy_timeout(Duration::ZERO).unwrap();
        a.execute_batch("BEGIN IMMEDIATE").unwrap();
        let e = storage(b.execute_batch("BEGIN IMMEDIATE").unwrap_err());
        assert!(e
            .message
            .contains("stayed locked by another orgadm process"));
        assert!(e.hints[0].starts_with("retry the command"));
        a.execute_batch("ROLLBACK").unwrap();

        let ro = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let e = storage(ro.execute("INSERT INTO t VALUES (1)", []).unwrap_err());
        assert_eq!(
            e.message,
            "the database is read-only, so it cannot be changed"
        );
        assert!(e.hints[0].contains("read commands"));

        // A full disk, as SQLite reports it when the file may grow no more.
        a.execute_batch("PRAGMA max_page_count = 2").unwrap();
        let e = storage(
            a.execute("INSERT INTO t VALUES (zeroblob(100000))", [])
                .unwrap_err(),
        );
        assert!(e.message.starts_with("the disk is full ("), "{}", e.message);

        let junk = dir.path().join("junk.db");
        fs::write(&junk, "junk ".repeat(200)).unwrap();
        let j = Connection::open(&junk).unwrap();
        let e = storage(j.execute_batch("SELECT * FROM sqlite_master").unwrap_err());
        assert!(e.message.contains("it is damaged"), "{}", e.message);
        assert!(e.hints[0].starts_with("restore it from a backup"));

        let cut = dir.path().join("cut.db");
        fs::write(&cut, &fs::read(&path).unwrap()[..100]).unwrap();
        let c = Connection::open(&cut).unwrap();
        let e = storage(c.execute_batch("SELECT * FROM t").unwrap_err());
        assert!(
            e.message.starts_with("the database file is corrupt ("),
            "{}",
            e.message
        );

        let e = storage(
            Connection::open_with_flags(
                dir.path().join("no/such.db"),
                OpenFlags::SQLITE_OPEN_READ_WRITE,
            )
            .unwrap_err(),
        );
        assert!(
            e.message
                .starts_with("the database file cannot be opened ("),
            "{}",
            e.message
        );

        // Failures of the disk or the kernel below SQLite, which no test can
        // cause here: the codes SQLite would report, mapped the same way.
        for (code, words) in [
            (rusqlite::ffi::SQLITE_IOERR, "an I/O error occurred"),
            (
                rusqlite::ffi::SQLITE_PERM,
                "permission denied on the database file",
            ),
        ] {
            let e = storage(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(code),
                None,
            ));
            assert!(e.message.starts_with(words), "{}", e.message);
        }

        // Anything else is orgadm's own mistake, said as such.
        let e = Error::from(a.execute_batch("SELECT nonsense(").unwrap_err());
        assert_eq!(e.kind, Kind::Internal);
        assert!(e.message.starts_with("database error: "), "{}", e.message);
    }

    /// The settings every connection must run with: foreign keys enforced,
    /// every commit synced (FULL = 2), writers waiting their turn.
    #[test]
    fn an_opened_database_runs_with_its_settings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orgadm.db");
        Store::create(&path, |_| Ok(())).unwrap();
        for access in [Access::Read, Access::Write] {
            let s = Store::open(&path, access).unwrap();
            let pragma = |name: &str| -> i64 {
                s.conn
                    .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                    .unwrap()
            };
            assert_eq!(pragma("foreign_keys"), 1);
            assert_eq!(pragma("synchronous"), 2);
            assert_eq!(pragma("busy_timeout"), BUSY_TIMEOUT.as_millis() as i64);
            // The webhook delivery's connection alone gives up the flush.
            s.relax_durability().unwrap();
            assert_eq!(pragma("synchronous"), 1);
            assert_eq!(pragma("foreign_keys"), 1);
        }
        let other = Store::open(&path, Access::Write).unwrap();
        let sync: i64 = other
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "relaxing one connection relaxes no other");
    }
}
