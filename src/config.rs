//! Where things live (README, "Where things live") and the TOML config file.
//!
//! The core never reads the environment: the CLI resolves flags and environment
//! variables into `Paths` and `Config` here and hands them down.

use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The config file. Every key is optional; unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub actor: Option<String>,
    /// Remote mode: the `orgadm serve` every command runs on (SPEC §13).
    pub server: Option<String>,
    /// Remote mode: trust this CA (PEM) for the server's certificate.
    pub ca_file: Option<PathBuf>,
    /// The database: `db = "URL-or-path"`, or a `[db]` table with `url` and
    /// `password_env` (TOML allows only one of the two spellings per file).
    pub db: Option<DbConfig>,
    pub invite_url: Option<String>,
    pub invite_ttl: Option<String>,
    #[serde(default)]
    pub mail: MailConfig,
    #[serde(default)]
    pub serve: ServeConfig,
    #[serde(default)]
    pub scim: ScimConfig,
}

/// `[scim]`: what people and groups an identity provider creates without
/// roles get.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ScimConfig {
    /// Roles for a person created with no roles and no groups [default: user].
    pub default_roles: Option<Vec<String>>,
    /// Roles for a group created with none [default: user].
    pub default_group_roles: Option<Vec<String>>,
}

/// `db = "..."` or `[db]`.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum DbConfig {
    Location(String),
    Table(DbTable),
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct DbTable {
    /// A SQLite path or a `postgresql://` URL.
    pub url: Option<String>,
    /// The environment variable holding the PostgreSQL password.
    pub password_env: Option<String>,
    /// How long a PostgreSQL write waits for the organization's lock.
    pub busy_timeout: Option<String>,
    /// How long orgadm waits for PostgreSQL to answer one statement.
    pub answer_timeout: Option<String>,
}

impl DbConfig {
    fn location(&self) -> Option<&str> {
        match self {
            DbConfig::Location(s) => Some(s),
            DbConfig::Table(t) => t.url.as_deref(),
        }
    }
    fn password_env(&self) -> Option<&str> {
        match self {
            DbConfig::Location(_) => None,
            DbConfig::Table(t) => t.password_env.as_deref(),
        }
    }
    fn busy_timeout(&self) -> Option<&str> {
        match self {
            DbConfig::Location(_) => None,
            DbConfig::Table(t) => t.busy_timeout.as_deref(),
        }
    }
    fn answer_timeout(&self) -> Option<&str> {
        match self {
            DbConfig::Location(_) => None,
            DbConfig::Table(t) => t.answer_timeout.as_deref(),
        }
    }
}

#[derive(Debug, Default, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    #[default]
    File,
    Smtp,
    Sendmail,
    None,
}

#[derive(Debug, Default, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    None,
    #[default]
    Starttls,
    Tls,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    #[serde(default)]
    pub transport: Transport,
    pub from: Option<String>,
    pub dir: Option<PathBuf>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub tls: Option<TlsMode>,
    pub username: Option<String>,
    pub password_env: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub timeout: Option<String>,
    pub sendmail_command: Option<String>,
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ServeConfig {
    pub listen: Option<String>,
    /// Serve HTTPS directly: the certificate chain (PEM)...
    pub tls_cert: Option<PathBuf>,
    /// ...and its private key (PEM).
    pub tls_key: Option<PathBuf>,
    /// Connections one client address may hold at once (default 64; raise
    /// it behind a reverse proxy, whose one address every client shares).
    pub max_connections_per_client: Option<usize>,
    /// The base of the links in sign-in mails, e.g. `https://orgadm.example.com`.
    pub public_url: Option<String>,
    /// How long a session from `orgadm login` lasts (default 12h).
    pub session_ttl: Option<String>,
    /// How often `orgadm login` polls (RFC 8628's `interval`; default 5s).
    /// Shorter is for tests.
    pub sign_in_interval: Option<String>,
    /// The environment variable holding the bearer token that lets
    /// non-loopback clients read `/metrics` (the token never lives in the file).
    pub metrics_token: Option<String>,
    /// How long a client may take to send a request's head (default 10s).
    pub header_timeout: Option<String>,
    /// How long a client may take to send a request's body (default 20s).
    pub body_timeout: Option<String>,
    /// How long one connection is kept before it is closed after the
    /// request in flight (default 5m).
    pub connection_life: Option<String>,
}

/// The default invitation lifetime.
pub const DEFAULT_INVITE_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

impl Config {
    /// Reads the config file; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<Config> {
        // A FIFO or device as the config would block the read forever.
        if fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            return Err(Error::usage(format!(
                "config {} is not a regular file",
                path.display()
            )));
        }
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(Error::usage(format!(
                    "cannot read config {}: {e}",
                    path.display()
                )))
            }
        };
        Self::parse(path, &text)
    }

    /// Parses and checks a config's text (`path` names it in errors).
    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let cfg: Config = toml::from_str(text).map_err(|e| config_error(path, text, &e))?;
        // Values whose type is right but whose text is not: check them now so a
        // bad config fails every command the same way, naming the key.
        if let Some(ttl) = &cfg.invite_ttl {
            crate::time::duration("invite_ttl", ttl, crate::time::VALIDITY)
                .map_err(|e| Error::usage(format!("config {}: {}", path.display(), e.message)))?;
        }
        if let Some(t) = &cfg.mail.timeout {
            crate::time::duration("[mail] timeout", t, crate::time::MAIL_TIMEOUT)
                .map_err(|e| Error::usage(format!("config {}: {}", path.display(), e.message)))?;
        }
        if let Some(t) = cfg.db.as_ref().and_then(DbConfig::busy_timeout) {
            crate::time::duration("[db] busy_timeout", t, crate::time::BUSY_TIMEOUT)
                .map_err(|e| Error::usage(format!("config {}: {}", path.display(), e.message)))?;
        }
        if let Some(t) = cfg.db.as_ref().and_then(DbConfig::answer_timeout) {
            crate::time::duration("[db] answer_timeout", t, crate::time::ANSWER_TIMEOUT)
                .map_err(|e| Error::usage(format!("config {}: {}", path.display(), e.message)))?;
        }
        if let Some(u) = &cfg.invite_url {
            if !u.contains("{token}") {
                return Err(Error::usage(format!(
                    "config {}: invite_url must contain `{{token}}`, where the invitation token goes",
                    path.display()
                )));
            }
        }
        if let Some(a) = &cfg.actor {
            crate::validate::email(a).map_err(|e| {
                Error::usage(format!("config {}: actor: {}", path.display(), e.message))
            })?;
        }
        Ok(cfg)
    }

    pub fn invite_ttl(&self) -> Duration {
        self.invite_ttl
            .as_deref()
            .and_then(|t| crate::time::duration("invite_ttl", t, crate::time::VALIDITY).ok())
            .unwrap_or(DEFAULT_INVITE_TTL)
    }
}

fn config_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let msg = e.message().trim().to_string();
    match e.span() {
        Some(span) => {
            let line_no = text[..span.start.min(text.len())].matches('\n').count() + 1;
            let line = text.lines().nth(line_no - 1).unwrap_or("").trim();
            let key = line.split('=').next().unwrap_or("").trim();
            let mut err = Error::usage(format!(
                "bad config {}, line {line_no}, key `{}`: {msg}",
                path.display(),
                crate::validate::printable(key)
            ));
            if msg.contains("unknown field") {
                err = err.hint("the keys are listed under FILES in `man orgadm` and in the README");
            }
            err
        }
        None => Error::usage(format!("bad config {}: {msg}", path.display())),
    }
}

/// The resolved locations of everything on disk.
#[derive(Debug, Clone)]
pub struct Paths {
    pub db: crate::store::Location,
    /// The PostgreSQL password and default user, for other URLs (`db copy --to`).
    pub pg: crate::store::PgDefaults,
    pub config: PathBuf,
    pub outbox: PathBuf,
}

impl Paths {
    /// Resolves paths: explicit values (from flags or the environment) win over
    /// the platform defaults; the outbox comes from `[mail] dir` if set.
    pub fn resolve(db: Option<PathBuf>, config: Option<PathBuf>) -> Result<(Paths, Config)> {
        let dirs = directories::ProjectDirs::from("", "", "orgadm");
        let need_dirs = || {
            Error::usage("cannot find a home directory for orgadm's files")
                .hint("pass `--db PATH` and `--config PATH`, or set HOME")
        };
        let config_path = match config {
            Some(p) => p,
            None => dirs
                .as_ref()
                .ok_or_else(need_dirs)?
                .config_dir()
                .join("config.toml"),
        };
        let cfg = Config::load(&config_path)?;
        let data_dir = dirs.as_ref().map(|d| d.data_dir().to_path_buf());
        let db = match db {
            Some(p) => p,
            None => match cfg.db.as_ref().and_then(DbConfig::location) {
                Some(s) => PathBuf::from(s),
                None => data_dir.clone().ok_or_else(need_dirs)?.join("orgadm.db"),
            },
        };
        // PostgreSQL's password never lives in a file: PGPASSWORD, or the
        // variable `[db] password_env` names (which wins when both are set).
        let password = cfg
            .db
            .as_ref()
            .and_then(DbConfig::password_env)
            .and_then(|v| std::env::var(v).ok())
            .or_else(|| std::env::var("PGPASSWORD").ok())
            .filter(|p| !p.is_empty());
        let defaults = crate::store::PgDefaults {
            password,
            user: std::env::var("PGUSER")
                .ok()
                .filter(|u| !u.is_empty())
                .unwrap_or_else(os_user_name),
            // Checked when the config was read.
            busy_timeout: cfg
                .db
                .as_ref()
                .and_then(DbConfig::busy_timeout)
                .and_then(|t| crate::time::duration("", t, crate::time::BUSY_TIMEOUT).ok())
                .unwrap_or(crate::store::BUSY_TIMEOUT),
            answer_timeout: cfg
                .db
                .as_ref()
                .and_then(DbConfig::answer_timeout)
                .and_then(|t| crate::time::duration("", t, crate::time::ANSWER_TIMEOUT).ok())
                .unwrap_or(crate::store::ANSWER_TIMEOUT),
        };
        let db = crate::store::Location::parse(db.as_os_str(), &defaults)?;
        let pg = defaults;
        let outbox = match &cfg.mail.dir {
            Some(d) => d.clone(),
            None => data_dir.ok_or_else(need_dirs)?.join("outbox"),
        };
        Ok((
            Paths {
                db,
                pg,
                config: config_path,
                outbox,
            },
            cfg,
        ))
    }
}

/// The name of the process's real uid, from the user database (never
/// `$USER`, which anyone can set).
pub fn os_user_name() -> String {
    let uid = nix::unistd::getuid();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(u)) => crate::validate::escape_controls(&u.name),
        _ => format!("uid {uid}"),
    }
}

/// Makes sure the config sets each top-level key (`actor`, `invite_url`):
/// writes a new config holding only them, or adds the missing ones to an
/// existing file, keeping the rest of it as it was; a key the file already
/// sets is kept. Returns what it did, for the admin.
pub fn ensure_keys(path: &Path, keys: &[(&str, &str)]) -> Result<Vec<String>> {
    let line = |k: &str, v: &str| format!("{k} = {}\n", toml::Value::String(v.to_string()));
    let listed = |ks: &[(&str, &str)]| {
        ks.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match fs::read_to_string(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                crate::files::create_private_dir(parent)?;
            }
            let mut f = crate::files::create_private_file(path).map_err(|e| {
                Error::internal(format!("cannot create config {}: {e}", path.display()))
            })?;
            let text: String = keys.iter().map(|(k, v)| line(k, v)).collect();
            f.write_all(text.as_bytes())?;
            Ok(vec![format!(
                "wrote config {} with {}",
                path.display(),
                listed(keys)
            )])
        }
        Err(e) => Err(Error::internal(format!(
            "cannot read config {}: {e}",
            path.display()
        ))),
        Ok(text) => {
            let cfg = Config::parse(path, &text)?;
            let has = |k: &str| match k {
                "actor" => cfg.actor.is_some(),
                "invite_url" => cfg.invite_url.is_some(),
                _ => false,
            };
            let (missing, kept): (Vec<_>, Vec<_>) = keys.iter().partition(|(k, _)| !has(k));
            let mut said: Vec<String> = kept
                .iter()
                .filter(|(k, _)| *k != "actor")
                .map(|(k, _)| format!("config {} already sets {k}; kept it", path.display()))
                .collect();
            if missing.is_empty() {
                return Ok(said);
            }
            // Top-level keys must come before the first table: put them first.
            let new: String = missing.iter().map(|(k, v)| line(k, v)).collect::<String>() + &text;
            let tmp = path.with_extension("toml.orgadm-tmp");
            let mode = fs::metadata(path).map(|m| {
                use std::os::unix::fs::PermissionsExt;
                m.permissions().mode() & 0o777
            })?;
            let mut f = fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(mode)
                .open(&tmp)?;
            f.write_all(new.as_bytes())?;
            f.sync_all()?;
            fs::rename(&tmp, path)?;
            said.push(format!(
                "added {} to config {}",
                listed(&missing),
                path.display()
            ));
            Ok(said)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let e = Config::parse(
            Path::new("/x/c.toml"),
            "actor = \"a@b.org\"\n\n[mail]\nhots = \"x\"\n",
        )
        .unwrap_err();
        assert!(e.message.contains("/x/c.toml"), "{}", e.message);
        assert!(e.message.contains("line 4"), "{}", e.message);
        assert!(e.message.contains("`hots`"), "{}", e.message);
    }

    #[test]
    fn wrong_type_names_the_key() {
        let e = Config::parse(Path::new("c.toml"), "[mail]\nport = \"many\"\n").unwrap_err();
        assert!(
            e.message.contains("line 2") && e.message.contains("`port`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn full_example_parses() {
        let text = r#"
actor = "ada@example.com"
invite_url = "https://portal.example.com/join?token={token}"
invite_ttl = "7d"
[mail]
transport = "smtp"
from = "orgadm <no-reply@example.com>"
dir = "/path/to/outbox"
host = "smtp.example.com"
port = 587
tls = "starttls"
username = "apikey"
password_env = "ORGADM_SMTP_PASSWORD"
ca_file = "/etc/ssl/private-ca.pem"
timeout = "30s"
sendmail_command = "sendmail"
[serve]
listen = "127.0.0.1:8080"
metrics_token = "ORGADM_METRICS_TOKEN"
"#;
        let c = Config::parse(Path::new("c.toml"), text).unwrap();
        assert_eq!(c.mail.transport, Transport::Smtp);
        assert_eq!(c.invite_ttl().as_secs(), 7 * 86400);
        assert_eq!(
            c.serve.metrics_token.as_deref(),
            Some("ORGADM_METRICS_TOKEN")
        );
    }
}
