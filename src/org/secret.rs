//! Secrets from the OS random source: invitation tokens and the tokens
//! identity providers use. Only their SHA-256 is ever stored. Below both
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

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}
