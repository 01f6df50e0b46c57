//! Secrets from the OS random source: invitation tokens, the tokens
//! identity providers use, and the characters of API tokens and sign-in
//! codes. Only their SHA-256 is ever stored. Below both
//! `invites` and `tokens`, so neither imports the other.

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// A fresh invitation token and the hash that is stored.
pub struct Token {
    pub raw: String,
    pub hash: Vec<u8>,
}

impl Token {
    /// A new token. It never starts with `-` or `_`: a token is pasted after
    /// `orgadm invite accept`, where a leading `-` would read as a flag. The
    /// resampling this needs costs less than one bit of the 256.
    pub fn generate() -> Result<Token> {
        loop {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes)
                .map_err(|e| Error::internal(format!("the OS random source failed: {e}")))?;
            let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
            if raw.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                return Ok(Token {
                    hash: hash(&raw),
                    raw,
                });
            }
        }
    }
}

/// `len` characters from `alphabet` (at most 256 of them), each uniformly
/// from the OS random source: bytes at or past the largest multiple of the
/// alphabet's size are dropped (rejection sampling), so none is favoured.
pub fn random_chars(alphabet: &[u8], len: usize) -> Result<String> {
    let n = alphabet.len();
    let keep = 256 - 256 % n;
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let mut bytes = [0u8; 64];
        getrandom::fill(&mut bytes)
            .map_err(|e| Error::internal(format!("the OS random source failed: {e}")))?;
        for b in bytes.into_iter().map(usize::from).filter(|b| *b < keep) {
            if out.len() < len {
                out.push(char::from(alphabet[b % n]));
            }
        }
    }
    Ok(out)
}

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Over 400,000 characters each one's count is within `tolerance` of
    /// its share: a biased or narrowed alphabet fails, chance never does.
    fn assert_uniform(alphabet: &[u8], tolerance: f64) {
        let mut counts = std::collections::HashMap::new();
        let n = 400_000;
        for c in random_chars(alphabet, n).unwrap().chars() {
            *counts.entry(c).or_insert(0usize) += 1;
        }
        assert_eq!(counts.len(), alphabet.len());
        let expected = n as f64 / alphabet.len() as f64;
        for (c, k) in counts {
            assert!(
                (k as f64 - expected).abs() < expected * tolerance,
                "{c}: {k} of {n}"
            );
        }
    }

    /// base62 (tokens), within 10%: 8 standard deviations; keeping byte
    /// 248 would give `0` 24% more. The 20 letters of sign-in codes, within
    /// 4%: about 6 standard deviations; keeping byte 240 would give `B` 8%
    /// more.
    #[test]
    fn random_characters_are_uniform() {
        assert_uniform(
            b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            0.1,
        );
        assert_uniform(b"BCDFGHJKLMNPQRSTVWXZ", 0.04);
        assert_eq!(random_chars(b"ab", 7).unwrap().len(), 7);
        assert_ne!(
            random_chars(b"ab", 64).unwrap(),
            random_chars(b"ab", 64).unwrap()
        );
    }
}
