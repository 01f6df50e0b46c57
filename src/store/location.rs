//! Where the organization lives: a SQLite file, or a PostgreSQL database
//! named by a libpq-style URL (`postgresql://user@host:port/dbname?sslmode=...`).
//!
//! The URL is parsed here so that every message can name host, port,
//! database and user, and none can ever carry the password.

use std::fmt;
use std::path::PathBuf;

use crate::error::{Error, Result};

/// How a PostgreSQL connection is secured (libpq's `sslmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    /// TLS if the server offers it, unverified (libpq's default).
    Prefer,
    /// TLS or nothing, unverified (verified against `sslrootcert` when given).
    Require,
    /// TLS with a certificate chain to a trusted root; any host name.
    VerifyCa,
    /// TLS with a trusted chain and a certificate for this host.
    VerifyFull,
}

/// A PostgreSQL database: everything needed to connect, with the password
/// kept apart from what is shown.
#[derive(Clone)]
pub struct PgTarget {
    pub host: String,
    pub port: u16,
    pub dbname: String,
    pub user: String,
    pub password: Option<String>,
    pub sslmode: SslMode,
    pub sslrootcert: Option<PathBuf>,
    pub connect_timeout: Option<std::time::Duration>,
    pub application_name: Option<String>,
    /// How long a write waits for the organization's lock (`[db] busy_timeout`).
    pub busy_timeout: std::time::Duration,
    /// How long any one statement waits for the server's answer (`[db]
    /// answer_timeout`).
    pub answer_timeout: std::time::Duration,
}

impl fmt::Debug for PgTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PgTarget({self})")
    }
}

impl fmt::Display for PgTarget {
    /// `postgresql://user@host:port/dbname`: never the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        write!(
            f,
            "postgresql://{}@{host}:{}/{}",
            self.user, self.port, self.dbname
        )
    }
}

/// The database a command works on.
#[derive(Debug, Clone)]
pub enum Location {
    File(PathBuf),
    Postgres(PgTarget),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Postgres(t) => write!(f, "{t}"),
        }
    }
}

impl serde::Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// What the CLI read from the environment for PostgreSQL: a password
/// (`PGPASSWORD` or `[db] password_env`) and the user to connect as when the
/// URL names none.
#[derive(Debug, Clone)]
pub struct PgDefaults {
    pub password: Option<String>,
    pub user: String,
    /// `[db] busy_timeout`, else 30 s.
    pub busy_timeout: std::time::Duration,
    /// `[db] answer_timeout`, else 60 s.
    pub answer_timeout: std::time::Duration,
}

impl Location {
    /// A `postgres://` or `postgresql://` URL is a PostgreSQL database;
    /// anything else is a file path.
    pub fn parse(text: &std::ffi::OsStr, defaults: &PgDefaults) -> Result<Location> {
        match text.to_str() {
            Some(s) if is_url(s) => parse_url(s, defaults).map(Location::Postgres),
            _ => Ok(Location::File(PathBuf::from(text))),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Location::Postgres(_))
    }
}

pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

fn bad(why: &str) -> Error {
    Error::usage(format!("the database URL is not valid: {why}")).hint(
        "write it like `postgresql://USER@HOST:PORT/DBNAME?sslmode=verify-full` (the password goes in PGPASSWORD)",
    )
}

/// Decodes `%XX` escapes.
fn decode(s: &str) -> Result<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| bad("a `%` escape is broken"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad("an escape is not UTF-8"))
}

fn parse_url(url: &str, defaults: &PgDefaults) -> Result<PgTarget> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or("");
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let (user, mut password) = match userinfo {
        Some(u) => match u.split_once(':') {
            Some((u, p)) => (decode(u)?, Some(decode(p)?)),
            None => (decode(u)?, None),
        },
        None => (String::new(), None),
    };
    let (host, port) = if let Some(h) = hostport.strip_prefix('[') {
        let (h, after) = h
            .split_once(']')
            .ok_or_else(|| bad("an IPv6 host lacks `]`"))?;
        (h.to_string(), after.strip_prefix(':').unwrap_or(""))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), p),
            None => (hostport.to_string(), ""),
        }
    };
    let mut t = PgTarget {
        host: if host.is_empty() {
            "localhost".into()
        } else {
            decode(&host)?
        },
        port: if port.is_empty() {
            5432
        } else {
            port.parse().map_err(|_| bad("the port is not a number"))?
        },
        dbname: decode(path)?,
        user: if user.is_empty() {
            defaults.user.clone()
        } else {
            user
        },
        password: None,
        sslmode: SslMode::Prefer,
        sslrootcert: None,
        connect_timeout: None,
        application_name: None,
        busy_timeout: defaults.busy_timeout,
        answer_timeout: defaults.answer_timeout,
    };
    for kv in query.split('&').filter(|kv| !kv.is_empty()) {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        let v = decode(v)?;
        match k {
            "sslmode" => {
                t.sslmode = match v.as_str() {
                    "disable" => SslMode::Disable,
                    "prefer" | "allow" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    "verify-ca" => SslMode::VerifyCa,
                    "verify-full" => SslMode::VerifyFull,
                    _ => return Err(bad(&format!(
                        "sslmode `{}` is not one of disable, prefer, require, verify-ca, verify-full",
                        crate::validate::printable(&v)
                    ))),
                }
            }
            "sslrootcert" => t.sslrootcert = Some(PathBuf::from(v)),
            "connect_timeout" => {
                let secs: u64 = v
                    .parse()
                    .map_err(|_| bad("connect_timeout is not a whole number of seconds"))?;
                t.connect_timeout = Some(std::time::Duration::from_secs(secs.clamp(1, 3600)));
            }
            "application_name" => t.application_name = Some(v),
            "user" => t.user = v,
            "password" => password = Some(v),
            "dbname" => t.dbname = v,
            "host" => t.host = v,
            "port" => t.port = v.parse().map_err(|_| bad("the port is not a number"))?,
            other => {
                return Err(bad(&format!(
                    "unknown parameter `{}` (orgadm knows sslmode, sslrootcert, connect_timeout, application_name)",
                    crate::validate::printable(other)
                )))
            }
        }
    }
    if t.dbname.is_empty() {
        return Err(bad("it names no database (the part after the last `/`)"));
    }
    if t.user.is_empty() {
        return Err(bad("it names no user"));
    }
    t.password = password.or_else(|| defaults.password.clone());
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<PgTarget> {
        parse_url(
            s,
            &PgDefaults {
                password: Some("envpw".into()),
                user: "osuser".into(),
                busy_timeout: crate::store::BUSY_TIMEOUT,
                answer_timeout: crate::store::ANSWER_TIMEOUT,
            },
        )
    }

    #[test]
    fn urls_parse_and_never_show_the_password() {
        let t = parse("postgresql://ada:s%40cret@db.example.com:6543/org?sslmode=verify-full&sslrootcert=/ca.pem&connect_timeout=5&application_name=ci").unwrap();
        assert_eq!(t.host, "db.example.com");
        assert_eq!(t.port, 6543);
        assert_eq!(t.dbname, "org");
        assert_eq!(t.user, "ada");
        assert_eq!(t.password.as_deref(), Some("s@cret"));
        assert_eq!(t.sslmode, SslMode::VerifyFull);
        assert_eq!(t.sslrootcert, Some(PathBuf::from("/ca.pem")));
        assert_eq!(t.connect_timeout, Some(std::time::Duration::from_secs(5)));
        assert_eq!(t.application_name.as_deref(), Some("ci"));
        let shown = format!("{t} {t:?}");
        assert!(
            !shown.contains("s@cret") && !shown.contains("cret"),
            "{shown}"
        );
        assert_eq!(t.to_string(), "postgresql://ada@db.example.com:6543/org");
        assert_eq!(
            format!("{t:?}"),
            "PgTarget(postgresql://ada@db.example.com:6543/org)"
        );

        let t = parse("postgres://127.0.0.1/org").unwrap();
        assert_eq!(
            (t.user.as_str(), t.port, t.sslmode),
            ("osuser", 5432, SslMode::Prefer)
        );
        assert_eq!(t.password.as_deref(), Some("envpw"));
        let t = parse("postgres://u@[::1]:5433/o").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 5433));
        for bad in [
            "postgres://u@h/",
            "postgres://u@h:x/o",
            "postgres://u@h/o?sslmode=maybe",
            "postgres://u@h/o?foo=1",
            "postgres://u@h/o?connect_timeout=soon",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_url_is_postgresql_and_anything_else_a_file() {
        let d = PgDefaults {
            password: None,
            user: "osuser".into(),
            busy_timeout: crate::store::BUSY_TIMEOUT,
            answer_timeout: crate::store::ANSWER_TIMEOUT,
        };
        let at = |s: &str| Location::parse(std::ffi::OsStr::new(s), &d).unwrap();
        for url in ["postgres://h/o", "postgresql://u@h:5433/o"] {
            assert!(at(url).is_postgres(), "{url}");
        }
        for path in ["orgadm.db", "/srv/postgres/orgadm.db", "postgres:/x.db"] {
            let l = at(path);
            assert!(!l.is_postgres(), "{path}");
            assert!(matches!(l, Location::File(p) if p == std::path::Path::new(path)));
        }
    }
}
