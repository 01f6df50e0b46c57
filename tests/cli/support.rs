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
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("tempdir"),
            extra_env: Vec::new(),
        }
    }

    /// A fresh environment with an initialized organization (admin: ADMIN).
    pub fn init() -> Env {
        let env = Env::new();
        env.ok(&[
            "init",
            "--admin",
            ADMIN,
            "--name",
            "Ada Lovelace",
            "--org",
            "Analytical Engines",
        ]);
        env
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
        let mut c = Command::new(BIN);
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
        self.cmd().args(args).output().expect("run orgadm").into()
    }

    pub fn run_stdin(&self, args: &[&str], input: &str) -> Out {
        use std::io::Write;
        let mut child = self
            .cmd()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap().into()
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
        let mut a = vec![
            "user",
            "add",
            "--email",
            email,
            "--name",
            name,
            "--no-email",
        ];
        a.extend_from_slice(extra);
        self.ok(&a).last_line()
    }

    /// Invites and accepts: an active person.
    pub fn member(&self, email: &str, name: &str, extra: &[&str]) {
        let token = self.invite(email, name, extra);
        self.ok(&["invite", "accept", &token]);
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
        dump(&self.db())
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
        let mut st = conn
            .prepare(&format!("SELECT * FROM {t} ORDER BY 1, 2"))
            .unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut cells = Vec::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    cells.push(format!("{v:?}"));
                }
                Ok(cells.join("|"))
            })
            .unwrap();
        for row in rows {
            out.push_str(&format!("{t}: {}\n", row.unwrap()));
        }
    }
    out
}

/// The message body of an .eml file (8bit text after the headers).
pub fn eml_body(raw: &str) -> String {
    let raw = raw.replace("\r\n", "\n");
    raw.split_once("\n\n")
        .map(|(_, b)| b.to_string())
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
