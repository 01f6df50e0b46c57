//! Time as orgadm stores and shows it: integer unix seconds in the database,
//! RFC 3339 UTC on screen and in JSON, durations like `90m`, `36h`, `7d`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The last second RFC 3339 can write (9999-12-31T23:59:59Z).
const MAX_SECS: i64 = 253_402_300_799;

/// RFC 3339 UTC with whole seconds, e.g. `2026-11-28T23:21:59Z`. Times
/// outside 1970..=9999 are shown at the nearest end (the formatter panics
/// past year 9999; nothing orgadm stores gets there, since every duration
/// is bounded, but a hand-edited database must not crash a listing).
pub fn rfc3339(secs: i64) -> String {
    let t = UNIX_EPOCH + Duration::from_secs(secs.clamp(0, MAX_SECS) as u64);
    humantime::format_rfc3339_seconds(t).to_string()
}

/// The durations a setting accepts, both ends included.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub min: Duration,
    pub max: Duration,
    /// How the bounds read in a message, e.g. "from 1m to 365d".
    pub text: &'static str,
}

const DAY: u64 = 86_400;

/// How long an invitation (or a SCIM token) stays valid: long enough to
/// reach a mailbox, at most a year.
pub const VALIDITY: Bounds = Bounds {
    min: Duration::from_secs(60),
    max: Duration::from_secs(365 * DAY),
    text: "from 1m to 365d",
};

/// How long an API token stays valid (SPEC §13: it always expires).
pub const TOKEN_VALIDITY: Bounds = Bounds {
    min: Duration::from_secs(60),
    max: Duration::from_secs(366 * DAY),
    text: "from 1m to 366d",
};

/// An API token's validity when `--expires-in` is not given.
pub const TOKEN_DEFAULT: Duration = Duration::from_secs(90 * DAY);

/// How often `orgadm login` polls the server.
pub const SIGN_IN_INTERVAL: Bounds = Bounds {
    min: Duration::from_secs(1),
    max: Duration::from_secs(60),
    text: "from 1s to 60s",
};

/// How long orgadm waits for a mail server or a sendmail command.
pub const MAIL_TIMEOUT: Bounds = Bounds {
    min: Duration::from_secs(1),
    max: Duration::from_secs(3600),
    text: "from 1s to 1h",
};

/// `[serve] header_timeout`.
pub const HEADER_TIMEOUT: Bounds = Bounds {
    min: Duration::from_secs(1),
    max: Duration::from_secs(300),
    text: "from 1s to 5m",
};

/// `[serve] body_timeout`: long enough for a large `apply` on a slow link.
pub const BODY_TIMEOUT: Bounds = Bounds {
    min: Duration::from_secs(1),
    max: Duration::from_secs(3600),
    text: "from 1s to 1h",
};

/// `[serve] connection_life`: how long one connection is kept.
pub const CONNECTION_LIFE: Bounds = Bounds {
    min: Duration::from_secs(1),
    max: Duration::from_secs(86400),
    text: "from 1s to 1d",
};

/// How long orgadm waits for PostgreSQL to answer one statement (`[db]
/// answer_timeout`).
pub const ANSWER_TIMEOUT: Bounds = Bounds {
    min: Duration::from_secs(1),
    max: Duration::from_secs(3600),
    text: "from 1s to 1h",
};

/// How long a write waits for the organization's lock on PostgreSQL
/// (`[db] busy_timeout`).
pub const BUSY_TIMEOUT: Bounds = Bounds {
    min: Duration::from_secs(1),
    max: Duration::from_secs(3600),
    text: "from 1s to 1h",
};

/// Parses a duration such as `90m`, `36h` or `7d` and checks it against
/// `bounds`. Every duration orgadm reads goes through here, so none can
/// overflow a timestamp.
pub fn duration(what: &str, s: &str, bounds: Bounds) -> Result<Duration> {
    let d = humantime::parse_duration(s.trim()).map_err(|e| {
        Error::usage(format!(
            "{what} `{}` is not a duration ({e}); write it like `90m`, `36h` or `7d`",
            crate::validate::printable(s)
        ))
    })?;
    if d < bounds.min || d > bounds.max {
        return Err(Error::usage(format!(
            "{what} `{}` is out of range: it must be {}",
            crate::validate::printable(s),
            bounds.text
        )));
    }
    Ok(d)
}

/// `now + d`, for bounded durations.
pub fn after(d: Duration) -> i64 {
    now().saturating_add(i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Parses a point in time: RFC 3339 (`2026-11-01T10:00:00Z`), a date
/// (`2026-11-01`, midnight UTC), or a duration meaning that long ago (`2h`).
pub fn since(s: &str) -> Result<i64> {
    let t = s.trim();
    if let Ok(ts) = humantime::parse_rfc3339_weak(t) {
        return Ok(ts
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0));
    }
    if let Ok(ts) = humantime::parse_rfc3339_weak(&format!("{t} 00:00:00")) {
        return Ok(ts
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0));
    }
    if let Ok(d) = humantime::parse_duration(t) {
        // Any length ago is fine; very long ones mean "since the beginning".
        let ago = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        return Ok(now().saturating_sub(ago).max(0));
    }
    Err(Error::usage(format!(
        "`{}` is not a time; write `2026-11-01`, `2026-11-01T10:00:00Z` or a duration ago like `2h`",
        crate::validate::printable(s)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(since("1970-01-02").unwrap(), 86400);
        assert_eq!(since("1970-01-01T00:01:00Z").unwrap(), 60);
        assert_eq!(
            duration("ttl", "7d", VALIDITY).unwrap().as_secs(),
            7 * 86400
        );
        assert_eq!(duration("ttl", "90m", VALIDITY).unwrap().as_secs(), 5400);
        assert_eq!(duration("ttl", "1m", VALIDITY).unwrap().as_secs(), 60);
        assert_eq!(
            duration("ttl", "365d", VALIDITY).unwrap().as_secs(),
            365 * 86400
        );
        for bad in [
            "soon",
            "0s",
            "59s",
            "500ms",
            "366d",
            "10000000d",
            "18446744073709551615s",
            "292277026596y",
        ] {
            let e = duration("ttl", bad, VALIDITY).unwrap_err();
            assert_eq!(e.kind, crate::error::Kind::Usage, "{bad}");
        }
        assert_eq!(rfc3339(i64::MAX), "9999-12-31T23:59:59Z");
        assert_eq!(since("18446744073709551615s").unwrap(), 0);
    }
}
