//! An isolated environment per test: its own HOME, XDG folders, NO_COLOR=1,
//! stdin not a terminal; helpers to run the real binary and read its output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_orgadm");
pub const ADMIN: &str = "ada@example.com";

pub struct Env {
    pub dir: TempDir,
    extra_env: Vec<(String, String)>,
    /// The PostgreSQL database this environment uses (ORGADM_DB), when the
    /// suite runs against PostgreSQL.
    pub pg_url: Option<String>,
    /// When the suite runs in remote mode: the `orgadm serve` holding this
    /// environment's store, and a credential per person acted as.
    remote: Option<std::sync::Mutex<RemoteSide>>,
}

/// The server side of an environment in remote mode. The server starts at
/// the first command that goes to it, and again whenever the config file
/// changed since (a test that changes the mail settings changes the
/// server's).
#[derive(Default)]
struct RemoteSide {
    server: Option<(crate::serve::Server, String)>,
    /// A session per person id, made on the store (no audit entry, no
    /// token in `token list`), as `orgadm login` would make one.
    sessions: std::collections::HashMap<i64, String>,
}

/// Tests that cannot run in remote mode, and why: in remote mode they run
/// as in local mode (their commands go to the store directly). This is
/// the one list; every other test runs its commands through a real
/// `orgadm serve` as the acting person.
pub const LOCAL_ONLY: &[(&str, &str)] = &[
    (
        "forbidden_exits_6_for_non_admin_unknown_or_invited_actors",
        "asserts the local hint on setting `--as`; remotely the caller is signed in (remote_writes covers refusals)",
    ),
    (
        "whoami_needs_a_known_actor",
        "asserts the local errors for a missing or unknown `--as`; remotely that is `not signed in`",
    ),
    (
        "two_admins_demoting_each_other_at_once_leave_one_admin",
        "reads the result on the server's host as the config's actor, who may just have been demoted (remotely a demoted admin cannot read)",
    ),
];

/// Which store the suite runs against: `ORGADM_TEST_STORE=postgres` runs it
/// against PostgreSQL (each test gets its own database on a throwaway
/// cluster); anything else, SQLite files.
pub fn on_postgres() -> bool {
    std::env::var("ORGADM_TEST_STORE").is_ok_and(|v| v == "postgres" || v == "remote-postgres")
}

/// `ORGADM_TEST_STORE=remote`: every test's commands go through a real
/// `orgadm serve` on 127.0.0.1 over the test's SQLite store (over its
/// PostgreSQL database with `remote-postgres`), signed in as
/// the person the test acts as (`--as`, ORGADM_ACTOR, or `actor`), unless
/// the test is in [`LOCAL_ONLY`] or the command runs only where the store
/// is (init, db, serve, invite accept, completions, man).
pub fn on_remote() -> bool {
    std::env::var("ORGADM_TEST_STORE").is_ok_and(|v| v == "remote" || v == "remote-postgres")
}

/// Whether the running test is listed in [`LOCAL_ONLY`].
fn local_only_test() -> bool {
    let name = std::thread::current().name().unwrap_or("").to_string();
    LOCAL_ONLY
        .iter()
        .any(|(t, _)| name == *t || name.ends_with(&format!("::{t}")))
}

#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
    pub fn err_json(&self) -> Value {
        let line = self.stderr.lines().last().unwrap_or("");
        serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("stderr is not JSON ({e}):\n{}", self.stderr))
    }
    /// The last line of stdout (where `--no-email` puts the accept link).
    pub fn last_line(&self) -> String {
        self.stdout.lines().last().unwrap_or("").to_string()
    }
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

impl From<Output> for Out {
    fn from(o: Output) -> Out {
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Env {
    /// A fresh environment on the suite's store (see [`on_postgres`]).
    pub fn new() -> Env {
        let mut e = if on_postgres() {
            Env::postgres()
        } else {
            Env::sqlite()
        };
        if on_remote() && !local_only_test() {
            e.remote = Some(Default::default());
        }
        e
    }

    /// A fresh environment on a SQLite file, whatever the suite's store: for
    /// what only a file has (modes, WAL, read-only media, junk files).
    pub fn sqlite() -> Env {
        Env {
            dir: tempfile::tempdir().expect("tempdir"),
            extra_env: Vec::new(),
            pg_url: None,
            remote: None,
        }
    }

    /// A fresh environment on a new, empty PostgreSQL database.
    pub fn postgres() -> Env {
        let url = crate::pg::new_database();
        Env {
            dir: tempfile::tempdir().expect("tempdir"),
            extra_env: vec![("ORGADM_DB".into(), url.clone())],
            pg_url: Some(url),
            remote: None,
        }
    }

    /// A fresh environment with an initialized organization (admin: ADMIN).
    pub fn init() -> Env {
        Env::new().initialized()
    }

    /// [`Env::init`] on a SQLite file, whatever the suite's store.
    pub fn init_sqlite() -> Env {
        Env::sqlite().initialized()
    }

    pub fn initialized(self) -> Env {
        self.ok(&[
            "init",
            "--admin",
            ADMIN,
            "--name",
            "Ada Lovelace",
            "--org",
            "Analytical Engines",
        ]);
        self
    }

    /// Whether `orgadm init` made the organization here (a server can
    /// hold it).
    fn holds_an_organization(&self) -> bool {
        match &self.pg_url {
            Some(url) => !crate::pg::rows(
                &mut crate::pg::client(url),
                "SELECT 1 FROM information_schema.tables WHERE table_name = 'api_token'",
            )
            .is_empty(),
            None => self.db().exists(),
        }
    }

    /// Whether this environment's commands go through a server.
    pub fn is_remote(&self) -> bool {
        self.remote.is_some()
    }

    pub fn set_env(&mut self, k: &str, v: &str) {
        self.extra_env.push((k.into(), v.into()));
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }
    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }
    pub fn config_path(&self) -> PathBuf {
        self.config_dir().join("orgadm/config.toml")
    }
    pub fn db(&self) -> PathBuf {
        self.data_dir().join("orgadm/orgadm.db")
    }
    pub fn outbox(&self) -> PathBuf {
        self.data_dir().join("orgadm/outbox")
    }

    /// Writes the config file (replacing it).
    pub fn write_config(&self, text: &str) {
        std::fs::create_dir_all(self.config_path().parent().unwrap()).unwrap();
        std::fs::write(self.config_path(), text).unwrap();
    }

    /// The command with stdin closed (not a terminal), as scripts run it.
    pub fn cmd(&self) -> Command {
        let mut c = self.pty_cmd();
        c.stdin(Stdio::null());
        c
    }

    /// The command with stdio left for a pseudo-terminal to take over.
    pub fn pty_cmd(&self) -> Command {
        self.program(BIN)
    }

    /// Any program, in this environment (e.g. `sh` to set a umask first).
    pub fn program(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.config_dir())
            .env("XDG_DATA_HOME", self.data_dir())
            .env("NO_COLOR", "1")
            .env("USER", "tester")
            .env("TERM", "xterm");
        for (k, v) in &self.extra_env {
            c.env(k, v);
        }
        c
    }

    pub fn run(&self, args: &[&str]) -> Out {
        self.command(args)
            .stdin(Stdio::null())
            .output()
            .expect("run orgadm")
            .into()
    }

    /// orgadm with `args`, stdio left for a pseudo-terminal or a pipe: in
    /// remote mode, on this environment's server as the acting person.
    pub fn command(&self, args: &[&str]) -> Command {
        match self.remote_call(args) {
            Some((args, server, session)) => {
                let mut c = Command::new(BIN);
                let client = self.dir.path().join("client");
                c.env_clear()
                    .env("PATH", std::env::var("PATH").unwrap_or_default())
                    .env("HOME", self.home())
                    .env("XDG_CONFIG_HOME", client.join("config"))
                    .env("XDG_DATA_HOME", client.join("data"))
                    .env("NO_COLOR", "1")
                    .env("USER", "tester")
                    .env("TERM", "xterm")
                    .env("ORGADM_SERVER", server);
                for (k, v) in &self.extra_env {
                    if k != "ORGADM_ACTOR" && k != "ORGADM_DB" {
                        c.env(k, v);
                    }
                }
                if let Some(t) = session {
                    if !self.extra_env.iter().any(|(k, _)| k == "ORGADM_TOKEN") {
                        c.env("ORGADM_TOKEN", t);
                    }
                }
                c.args(args);
                c
            }
            None => {
                let mut c = self.pty_cmd();
                c.args(args);
                c
            }
        }
    }

    /// In remote mode, for a command that runs on the server: its
    /// arguments without `--as`, the server's URL (started if need be) and
    /// the acting person's session (None: nobody to sign in as).
    fn remote_call(&self, args: &[&str]) -> Option<(Vec<String>, String, Option<String>)> {
        let remote = self.remote.as_ref()?;
        let words: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| !a.starts_with('-'))
            .collect();
        let local = match words.as_slice() {
            [] => true,
            ["invite", "accept", ..] => true,
            [first, ..] => matches!(
                *first,
                "init" | "db" | "serve" | "completions" | "man" | "login" | "logout" | "help"
            ),
        };
        let explicit = args.iter().any(|a| {
            [
                "--server",
                "--db",
                "--config",
                "--help",
                "-h",
                "--version",
                "-V",
            ]
            .contains(a)
                || a.starts_with("--server=")
                || a.starts_with("--db=")
                || a.starts_with("--config=")
        });
        let completing = self.extra_env.iter().any(|(k, _)| k == "COMPLETE");
        if local || explicit || completing || !self.holds_an_organization() {
            return None;
        }
        // The acting person: --as, ORGADM_ACTOR, or `actor` in the config.
        let mut rest = Vec::new();
        let mut actor = None;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if *a == "--as" {
                actor = it.next().map(|s| s.to_string());
            } else if let Some(v) = a.strip_prefix("--as=") {
                actor = Some(v.to_string());
            } else {
                rest.push(a.to_string());
            }
        }
        let config = std::fs::read_to_string(self.config_path()).unwrap_or_default();
        // A server on HTTPS with the test's own CA: its commands stay here.
        if config.contains("tls_cert") {
            return None;
        }
        let actor = actor
            .or_else(|| {
                self.extra_env
                    .iter()
                    .find(|(k, _)| k == "ORGADM_ACTOR")
                    .map(|(_, v)| v.clone())
            })
            .or_else(|| {
                config
                    .parse::<toml::Table>()
                    .ok()
                    .and_then(|t| t.get("actor").and_then(|a| a.as_str()).map(str::to_string))
            });
        let mut side = remote.lock().unwrap_or_else(|e| e.into_inner());
        let stale = side.server.as_ref().is_none_or(|(_, c)| *c != config);
        if stale {
            side.server = None;
            // A config the server refuses (the test is about it): the
            // command runs where the store is, and says so as locally.
            let s = crate::serve::try_start(self).ok()?;
            side.server = Some((s, config));
        }
        let url = format!("http://127.0.0.1:{}", side.server.as_ref().unwrap().0.port);
        let session = actor.and_then(|a| self.session_for(&mut side, &a));
        Some((rest, url, session))
    }

    /// A session for the person `who` names, made on the store as `orgadm
    /// login` makes one; None when there is no such person.
    fn session_for(&self, side: &mut RemoteSide, who: &str) -> Option<String> {
        let norm = orgadm::validate::email(who).ok()?.norm.replace('\'', "''");
        let id: i64 = self
            .sql_rows(&format!(
                "SELECT id FROM person WHERE email_norm = '{norm}'"
            ))
            .first()?
            .first()?
            .parse()
            .ok()?;
        if let Some(t) = side.sessions.get(&id) {
            return Some(t.clone());
        }
        let m = orgadm::org::credentials::mint().ok()?;
        let hex: String = m.hash.iter().map(|b| format!("{b:02x}")).collect();
        let (hash, now) = match self.pg_url {
            Some(_) => (
                format!("decode('{hex}', 'hex')"),
                "extract(epoch from now())::bigint",
            ),
            None => (format!("X'{hex}'"), "strftime('%s', 'now')"),
        };
        self.sql_exec(&format!(
            "INSERT INTO api_token (person_id, kind, name, scope, token_hash, last_eight, created_at, expires_at)
             VALUES ({id}, 'session', 'session', 'admin', {hash}, '{}', {now}, {now} + 86400)",
            m.last_eight
        ));
        side.sessions.insert(id, m.raw.clone());
        Some(m.raw)
    }

    pub fn run_stdin(&self, args: &[&str], input: &str) -> Out {
        output_with_stdin(&mut self.command(args), input.as_bytes()).into()
    }

    /// Runs and asserts exit 0.
    pub fn ok(&self, args: &[&str]) -> Out {
        let o = self.run(args);
        assert_eq!(
            o.code, 0,
            "orgadm {args:?} failed:\nstdout:\n{}\nstderr:\n{}",
            o.stdout, o.stderr
        );
        o
    }

    /// Runs and asserts the exit code.
    pub fn code(&self, code: i32, args: &[&str]) -> Out {
        let o = self.run(args);
        assert_eq!(
            o.code, code,
            "orgadm {args:?}: expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            o.stdout, o.stderr
        );
        o
    }

    /// Runs with --json and asserts exit 0; returns stdout parsed.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        self.ok(&a).json()
    }

    /// Invites someone with --no-email and returns the token.
    pub fn invite(&self, email: &str, name: &str, extra: &[&str]) -> String {
        let mut a = add_args(email, name, &["--no-email"]);
        a.extend_from_slice(extra);
        self.ok(&a).last_line()
    }

    /// Invites and accepts: an active person.
    pub fn member(&self, email: &str, name: &str, extra: &[&str]) {
        let token = self.invite(email, name, extra);
        self.ok(&["invite", "accept", &token]);
    }

    /// Moves the open invitation of `email` into the past, as if its
    /// expiry had come (the store keeps times in whole seconds).
    pub fn expire(&self, email: &str) {
        let n = self.sql_exec(&format!(
            "UPDATE invitation SET expires_at = expires_at - 400 * 86400
             WHERE lower(email) = lower('{email}') AND state IN ('pending', 'failed')"
        ));
        assert_eq!(n, 1, "{email} has one open invitation");
    }

    /// Runs a statement on this environment's store, as an admin with
    /// `sqlite3` or `psql` would; returns the rows changed.
    /// Several statements (separated by `;`) run as a batch and return 0.
    pub fn sql_exec(&self, sql: &str) -> u64 {
        let batch = sql.trim_end().trim_end_matches(';').contains(';');
        match (&self.pg_url, batch) {
            (Some(url), false) => crate::pg::client(url).execute(sql, &[]).unwrap(),
            (Some(url), true) => {
                crate::pg::client(url).batch_execute(sql).unwrap();
                0
            }
            (None, false) => rusqlite::Connection::open(self.db())
                .unwrap()
                .execute(sql, [])
                .unwrap() as u64,
            (None, true) => {
                rusqlite::Connection::open(self.db())
                    .unwrap()
                    .execute_batch(sql)
                    .unwrap();
                0
            }
        }
    }

    /// The rows of a query on this environment's store, each value as text
    /// (blobs in hex).
    pub fn sql_rows(&self, sql: &str) -> Vec<Vec<String>> {
        match &self.pg_url {
            Some(url) => crate::pg::rows(&mut crate::pg::client(url), sql),
            None => sqlite_rows(&self.db(), sql),
        }
    }

    pub fn outbox_files(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = match std::fs::read_dir(self.outbox()) {
            Ok(d) => d.map(|e| e.unwrap().path()).collect(),
            Err(_) => Vec::new(),
        };
        v.sort();
        v
    }

    /// Every row of every table, for "nothing changed" comparisons.
    pub fn dump(&self) -> String {
        let all = match &self.pg_url {
            Some(url) => crate::pg::dump(url),
            None => dump(&self.db()),
        };
        all.lines()
            // The sessions remote mode signs in with are not the
            // organization (and their last use moves with every request).
            .filter(|l| self.remote.is_none() || !l.starts_with("api_token:"))
            // The org row's last column, the generation, counts committed
            // write transactions: one that changed nothing moves it too.
            .map(|l| match l.strip_prefix("org: ") {
                Some(org) => format!("org: {}|GENERATION\n", org.rsplit_once('|').unwrap().0),
                None => format!("{l}\n"),
            })
            .collect()
    }

    pub fn person(&self, who: &str) -> Value {
        self.json(&["user", "show", who])
    }

    pub fn effective(&self, who: &str) -> Vec<String> {
        strings(&self.person(who)["effective_roles"])
    }
}

pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// One string field of every object in a JSON array (a list's emails, names).
pub fn column(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|o| o[key].as_str().unwrap().to_string())
        .collect()
}

pub fn dump(db: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        for row in sqlite_rows(db, &format!("SELECT * FROM {t} ORDER BY 1, 2")) {
            out.push_str(&format!("{t}: {}\n", row.join("|")));
        }
    }
    out
}

/// A value as the dumps show it: integers and text as themselves, NULL as
/// `NULL`, blobs in hex (the same on both stores).
pub fn show_value(v: rusqlite::types::Value) -> String {
    use rusqlite::types::Value as V;
    match v {
        V::Null => "NULL".into(),
        V::Integer(i) => i.to_string(),
        V::Real(f) => f.to_string(),
        V::Text(t) => t,
        V::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}

fn sqlite_rows(db: &Path, sql: &str) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn.prepare(sql).unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        (0..n)
            .map(|i| r.get::<_, rusqlite::types::Value>(i).map(show_value))
            .collect::<Result<Vec<_>, _>>()
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The text body of an .eml file: after the headers, or, in a multipart
/// message, the text/plain part's.
pub fn eml_body(raw: &str) -> String {
    eml_part(raw, "text/plain")
}

/// One part of a multipart/alternative message by content type (or the
/// whole body of a single-part message).
pub fn eml_part(raw: &str, content_type: &str) -> String {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    let Some(b) = head
        .split("boundary=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
    else {
        return body.to_string();
    };
    body.split(&format!("--{b}"))
        .filter_map(|part| part.trim_start_matches('\n').split_once("\n\n"))
        .find(|(h, _)| h.to_lowercase().contains(content_type))
        .map(|(_, b)| b.trim_end_matches('\n').to_string() + "\n")
        .unwrap_or_default()
}

pub fn eml_header(raw: &str, name: &str) -> Vec<String> {
    let raw = raw.replace("\r\n", "\n");
    let head = raw.split_once("\n\n").map(|(h, _)| h).unwrap_or(&raw);
    head.lines()
        .filter_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_string())
        })
        .collect()
}

/// The token in an invitation message (from the accept command or link).
pub fn token_in(raw: &str) -> String {
    let body = eml_body(raw);
    body.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .find(|w| w.len() == 43)
        .unwrap_or_else(|| panic!("no token in message:\n{raw}"))
        .to_string()
}

pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// The Python with aiosmtpd for the mail tests: `target/test-venv`, created
/// (with `pip install aiosmtpd`) on first use when it is missing.
pub fn smtp_python() -> PathBuf {
    static PY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PY.get_or_init(|| venv_python("test-venv", "aiosmtpd", &["aiosmtpd"]))
        .clone()
}

/// The Python with scim2-tester for the SCIM conformance test:
/// `target/scim-venv`, created on first use when it is missing (pinned: a
/// new release of the suite may add checks, and should be taken on purpose).
pub fn scim_tester_python() -> PathBuf {
    static PY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PY.get_or_init(|| venv_python("scim-venv", "scim2_tester", SCIM_TESTER))
        .clone()
}

/// A Python with PyPI's `openapi-spec-validator`, for the admin API's
/// OpenAPI document.
pub fn openapi_python() -> PathBuf {
    static PY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PY.get_or_init(|| venv_python("openapi-venv", "openapi_spec_validator", OPENAPI_VALIDATOR))
        .clone()
}

/// A Python with PyPI's `standardwebhooks`, for the webhook receiver.
pub fn webhooks_python() -> PathBuf {
    static PY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PY.get_or_init(|| venv_python("webhooks-venv", "standardwebhooks", STANDARD_WEBHOOKS))
        .clone()
}

/// A Python with PyPI's `prometheus-client`, whose OpenMetrics parser
/// reads `/metrics` as Prometheus would.
pub fn metrics_python() -> PathBuf {
    static PY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PY.get_or_init(|| venv_python("metrics-venv", "prometheus_client", PROMETHEUS_CLIENT))
        .clone()
}

/// What `.ci/run` installs too.
pub const PROMETHEUS_CLIENT: &[&str] = &["prometheus-client==0.26.0"];

/// What `.ci/run` installs too.
pub const STANDARD_WEBHOOKS: &[&str] = &["standardwebhooks==1.1.0"];

/// What `.ci/run` installs too.
pub const OPENAPI_VALIDATOR: &[&str] = &["openapi-spec-validator==0.9.0"];

/// What `.ci/run` installs too.
pub const SCIM_TESTER: &[&str] = &[
    "scim2-tester[httpx2]==0.5.2",
    "scim2-client[httpx2]==0.13.2",
    "scim2-models==0.12.3",
];

/// `target/NAME/bin/python`, made with `python3 -m venv` and `pip install
/// PACKAGES` unless it can already import `module`.
fn venv_python(name: &str, module: &str, packages: &[&str]) -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(name);
    let py = venv.join("bin/python");
    let works = |py: &Path| {
        Command::new(py)
            .args(["-c", &format!("import {module}")])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !works(&py) {
        // Tests run as separate processes (nextest): the first to get the
        // lock makes the venv, the others wait for it and then find it.
        std::fs::create_dir_all(venv.parent().unwrap()).unwrap();
        let lock = std::fs::File::create(venv.with_extension("lock")).unwrap();
        let _held = nix::fcntl::Flock::lock(lock, nix::fcntl::FlockArg::LockExclusive)
            .map_err(|(_, e)| e)
            .unwrap();
        if works(&py) {
            return py;
        }
        let ok = Command::new("python3")
            .arg("-m")
            .arg("venv")
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success())
            && Command::new(venv.join("bin/pip"))
                .args(["install", "-q"])
                .args(packages)
                .status()
                .is_ok_and(|s| s.success());
        assert!(
            ok && works(&py),
            "cannot set up {} with {} (needs python3 with venv, and PyPI)",
            venv.display(),
            packages.join(" ")
        );
    }
    py
}

/// A port nothing listens on (yet).
/// A port held bound but not listening: connections to it are refused,
/// and no other test's listener can be given it until the socket is dropped
/// (a port from [`free_port`] is free only at the moment it is picked).
pub fn reserved_port() -> (tokio::net::TcpSocket, u16) {
    let s = tokio::net::TcpSocket::new_v4().unwrap();
    s.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = s.local_addr().unwrap().port();
    (s, port)
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A test CA and a leaf certificate for 127.0.0.1 signed by it (rustls
/// refuses a server certificate that is itself a CA).
pub struct Certs {
    pub dir: TempDir,
}

impl Certs {
    pub fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }
    pub fn cert(&self) -> PathBuf {
        self.dir.path().join("leaf.pem")
    }
    pub fn key(&self) -> PathBuf {
        self.dir.path().join("leaf.key")
    }
}

pub fn certs() -> &'static Certs {
    static C: std::sync::OnceLock<Certs> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("ext.cnf"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n").unwrap();
        let run = |args: &[&str]| {
            let o = Command::new("openssl").args(args).current_dir(d).output().expect("openssl is installed");
            assert!(o.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&o.stderr));
        };
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        let mut a = vec!["req", "-x509"];
        a.extend(ec);
        a.extend(["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=orgadm test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
        run(&a);
        let mut a = vec!["req"];
        a.extend(ec);
        a.extend(["-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=127.0.0.1"]);
        run(&a);
        run(&["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem", "-days", "2", "-extfile", "ext.cnf"]);
        Certs { dir }
    })
}

#[derive(Default)]
pub struct SmtpOpts {
    pub starttls: bool,
    pub implicit_tls: bool,
    pub auth: Option<(&'static str, &'static str)>,
    /// Answer every recipient with this reply, e.g. `550 no such user`
    /// (Python backslash escapes are decoded, so `\\x1b` is an escape).
    pub reject: Option<&'static str>,
}

/// aiosmtpd on 127.0.0.1, stopped on drop.
pub struct SmtpServer {
    child: Proc,
    pub port: u16,
    pub maildir: TempDir,
}

impl SmtpServer {
    pub fn start(opts: SmtpOpts) -> SmtpServer {
        Self::start_on(free_port(), opts)
    }

    pub fn start_on(port: u16, opts: SmtpOpts) -> SmtpServer {
        use std::io::BufRead;
        let maildir = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/smtp_server.py");
        let mut c = Command::new(smtp_python());
        // Python's Maildir creates its folders only when the top one is missing.
        c.arg(script)
            .arg("--port")
            .arg(port.to_string())
            .arg("--maildir")
            .arg(maildir.path().join("mail"));
        if opts.starttls || opts.implicit_tls {
            let certs = certs();
            c.arg("--cert")
                .arg(certs.cert())
                .arg("--key")
                .arg(certs.key());
        }
        if opts.implicit_tls {
            c.arg("--implicit-tls");
        }
        if let Some((u, p)) = opts.auth {
            c.arg("--auth").arg(format!("{u}:{p}"));
        }
        if let Some(r) = opts.reject {
            c.arg("--reject").arg(r);
        }
        // Its tracebacks (a refused TLS handshake is one) go to a log beside the mail.
        let log = std::fs::File::create(maildir.path().join("server.log")).unwrap();
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn_guarded();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "READY", "aiosmtpd did not start");
        SmtpServer {
            child,
            port,
            maildir,
        }
    }

    /// The raw messages received so far.
    pub fn messages(&self) -> Vec<String> {
        let mut v: Vec<(std::time::SystemTime, String)> =
            match std::fs::read_dir(self.maildir.path().join("mail/new")) {
                Ok(d) => d
                    .map(|e| {
                        let p = e.unwrap().path();
                        (
                            std::fs::metadata(&p).unwrap().modified().unwrap(),
                            std::fs::read_to_string(&p).unwrap(),
                        )
                    })
                    .collect(),
                Err(_) => Vec::new(),
            };
        v.sort();
        v.into_iter().map(|(_, m)| m).collect()
    }
}

/// The arguments of `user add --email EMAIL --name NAME EXTRA...`.
pub fn add_args<'a>(email: &'a str, name: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["user", "add", "--email", email, "--name", name];
    a.extend_from_slice(extra);
    a
}

/// A child process that cannot outlive its test. It runs in a process group
/// of its own, and dropping this (at the end of the test, or while a
/// failing test unwinds) kills that whole group, its own children too. Were
/// the test process itself killed (a timeout, cargo-mutants giving up),
/// the kernel kills the child (`PR_SET_PDEATHSIG`): children are forked by
/// one thread that lives as long as the process, because the signal comes
/// when the forking *thread* ends, and a test's own threads end early.
pub struct Proc(Option<std::process::Child>);

impl std::ops::Deref for Proc {
    type Target = std::process::Child;
    fn deref(&self) -> &std::process::Child {
        self.0.as_ref().expect("the child is here until dropped")
    }
}

impl std::ops::DerefMut for Proc {
    fn deref_mut(&mut self) -> &mut std::process::Child {
        self.0.as_mut().expect("the child is here until dropped")
    }
}

impl Proc {
    /// Waits for the child and collects its output, as `Child` does.
    pub fn wait_with_output(mut self) -> std::io::Result<Output> {
        let child = self.0.take().expect("the child is here until dropped");
        child.wait_with_output()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let group = nix::unistd::Pid::from_raw(child.id() as i32);
            let _ = nix::sys::signal::killpg(group, nix::sys::signal::Signal::SIGKILL);
            let _ = child.wait();
        }
    }
}

/// Runs `cmd` (guarded) with `input` on its stdin, and collects its output.
pub fn output_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn_guarded();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// `spawn_guarded()`: [`Command::spawn`] as a [`Proc`].
pub trait SpawnGuarded {
    fn spawn_guarded(&mut self) -> Proc;
}

type SpawnRequest = (
    Command,
    std::sync::mpsc::Sender<std::io::Result<std::process::Child>>,
);

impl SpawnGuarded for Command {
    fn spawn_guarded(&mut self) -> Proc {
        use std::os::unix::process::CommandExt;
        static SPAWNER: std::sync::OnceLock<
            std::sync::Mutex<std::sync::mpsc::Sender<SpawnRequest>>,
        > = std::sync::OnceLock::new();
        let parent = std::process::id();
        self.process_group(0);
        // SAFETY: the closure runs between fork and exec, and makes only
        // the two async-signal-safe system calls prctl and getppid.
        unsafe {
            self.pre_exec(move || {
                nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGKILL)
                    .map_err(std::io::Error::from)?;
                // The test process died before the signal was set up.
                if nix::unistd::getppid().as_raw() as u32 != parent {
                    return Err(std::io::Error::other("the test process is gone"));
                }
                Ok(())
            });
        }
        let cmd = std::mem::replace(self, Command::new("/nonexistent"));
        let spawner = SPAWNER.get_or_init(|| {
            let (tx, rx) = std::sync::mpsc::channel::<SpawnRequest>();
            std::thread::Builder::new()
                .name("spawner".into())
                .spawn(move || {
                    for (mut cmd, answer) in rx {
                        let _ = answer.send(cmd.spawn());
                    }
                })
                .unwrap();
            std::sync::Mutex::new(tx)
        });
        let (tx, rx) = std::sync::mpsc::channel();
        spawner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send((cmd, tx))
            .unwrap();
        Proc(Some(rx.recv().unwrap().unwrap()))
    }
}
