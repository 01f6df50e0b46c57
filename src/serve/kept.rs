//! Answers the server keeps for the reads apps repeat (`check`, `whoami`,
//! one person): each is the encoded answer to one credential's request,
//! with the organization's generation it was read at (`store::meta`) and
//! the time the clock alone would change it.
//!
//! A kept answer is given again only after reading the generation — one
//! statement, where reading the answer afresh takes a transaction of ten
//! on PostgreSQL — and finding it unchanged: every write transaction moves
//! it, whichever process or server made it, so a demoted person's next
//! request is refused exactly as without keeping. Only what orgadm writes
//! moves it: a row changed by hand in SQL is seen after orgadm's next
//! write, or after [`KEEP_AT_MOST`].

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;
use axum::http::StatusCode;

use super::FileIdentity;
use crate::org::credentials::Stamp;

/// How many answers are kept; past it, all are dropped and keeping
/// starts again (a bound on memory, not a cache policy to tune).
const MOST: usize = 4096;
/// How long any answer is kept, whatever its stamp says (seconds).
pub const KEEP_AT_MOST: i64 = 10;

/// One kept answer.
#[derive(Clone)]
pub struct Kept {
    pub stamp: Stamp,
    /// The SQLite file it was read from (None on PostgreSQL): a file
    /// replaced under the server starts its own generations.
    pub file: FileIdentity,
    pub status: StatusCode,
    pub body: Bytes,
}

#[derive(Default)]
pub struct Answers {
    map: Mutex<HashMap<Vec<u8>, Kept>>,
}

impl Answers {
    /// The answer kept under `key`, if the clock has not ended it (`now`:
    /// unix seconds). Its generation is still to be compared.
    pub fn get(&self, key: &[u8], now: i64) -> Option<Kept> {
        let map = self.map.lock().ok()?;
        map.get(key).filter(|k| now < k.stamp.until).cloned()
    }

    /// Keeps `kept` under `key` (for at most [`KEEP_AT_MOST`] from `now`).
    pub fn keep(&self, key: Vec<u8>, mut kept: Kept, now: i64) {
        kept.stamp.until = kept.stamp.until.min(now + KEEP_AT_MOST);
        if kept.stamp.until <= now {
            return;
        }
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= MOST && !map.contains_key(&key) {
                map.clear();
            }
            map.insert(key, kept);
        }
    }

    /// Forgets every answer (the store failed: what it held may be gone).
    pub fn clear(&self) {
        if let Ok(mut map) = self.map.lock() {
            map.clear();
        }
    }
}

/// The key of a request's answer: the route, the credential's SHA-256 (never
/// the credential itself) and the route's arguments.
/// Each part is preceded by its length, so no two lists of parts give one key.
pub fn key(route: &str, credential: &str, args: &[&str]) -> Vec<u8> {
    let hash = crate::org::secret::hash(credential);
    let parts = [route.as_bytes(), &hash]
        .into_iter()
        .chain(args.iter().map(|a| a.as_bytes()));
    let mut k = Vec::with_capacity(128);
    for p in parts {
        k.extend_from_slice(&(p.len() as u64).to_le_bytes());
        k.extend_from_slice(p);
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(generation: i64, until: i64) -> Kept {
        Kept {
            stamp: Stamp { generation, until },
            file: None,
            status: StatusCode::OK,
            body: Bytes::from_static(b"{}"),
        }
    }

    /// The clock ends an answer at its stamp's `until`, and at the latest
    /// KEEP_AT_MOST after it was kept; one already ended is not kept.
    #[test]
    fn the_clock_ends_kept_answers() {
        let a = Answers::default();
        a.keep(b"k".to_vec(), kept(1, 105), 100);
        assert!(a.get(b"k", 104).is_some());
        assert!(a.get(b"k", 105).is_none());
        a.keep(b"long".to_vec(), kept(1, i64::MAX), 100);
        assert!(a.get(b"long", 100 + KEEP_AT_MOST - 1).is_some());
        assert!(a.get(b"long", 100 + KEEP_AT_MOST).is_none());
        a.keep(b"gone".to_vec(), kept(1, 100), 100);
        assert!(a.get(b"gone", 99).is_none());
        a.clear();
        assert!(a.get(b"k", 101).is_none());
    }

    /// Past MOST answers, keeping starts again; a key replaced in place
    /// does not count twice.
    #[test]
    fn kept_answers_are_bounded() {
        let a = Answers::default();
        for i in 0..MOST {
            a.keep(i.to_string().into_bytes(), kept(1, 200), 100);
        }
        a.keep(b"0".to_vec(), kept(2, 200), 100);
        assert_eq!(a.get(b"1", 100).unwrap().stamp.generation, 1);
        assert_eq!(a.get(b"0", 100).unwrap().stamp.generation, 2);
        a.keep(b"new".to_vec(), kept(3, 200), 100);
        assert!(a.get(b"1", 100).is_none());
        assert!(a.get(b"new", 100).is_some());
    }

    /// Each part of a key counts: another credential or argument is
    /// another answer, and arguments cannot run into each other.
    #[test]
    fn keys_tell_requests_apart() {
        let k = key("check", "oa_a", &["x@example.com", "admin"]);
        assert_ne!(k, key("check", "oa_b", &["x@example.com", "admin"]));
        assert_ne!(k, key("whoami", "oa_a", &["x@example.com", "admin"]));
        assert_ne!(k, key("check", "oa_a", &["x@example.com", "general"]));
        assert_ne!(
            key("check", "oa_a", &["a", "bc"]),
            key("check", "oa_a", &["ab", "c"])
        );
        assert_ne!(
            key("check", "oa_a", &["a\0\0\0\0\0\0\0\0b", "c"]),
            key("check", "oa_a", &["a", "b\0\0\0\0\0\0\0\0c"])
        );
        assert!(!k.windows(4).any(|w| w == b"oa_a"));
    }
}
