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

/// RFC 3339 UTC with whole seconds, e.g. `2026-11-28T23:21:59Z`.
pub fn rfc3339(secs: i64) -> String {
    let t = UNIX_EPOCH + Duration::from_secs(secs.max(0) as u64);
    humantime::format_rfc3339_seconds(t).to_string()
}

/// Parses a duration such as `90m`, `36h`, `7d` or `1s`.
pub fn duration(what: &str, s: &str) -> Result<Duration> {
    let d = humantime::parse_duration(s.trim()).map_err(|e| {
        Error::usage(format!(
            "{what} `{}` is not a duration ({e}); write it like `90m`, `36h` or `7d`",
            crate::validate::printable(s)
        ))
    })?;
    if d.is_zero() {
        return Err(Error::usage(format!("{what} must be longer than zero")));
    }
    Ok(d)
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
        return Ok(now() - d.as_secs() as i64);
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
        assert_eq!(duration("ttl", "7d").unwrap().as_secs(), 7 * 86400);
        assert_eq!(duration("ttl", "90m").unwrap().as_secs(), 5400);
        assert!(duration("ttl", "soon").is_err());
        assert!(duration("ttl", "0s").is_err());
    }
}
