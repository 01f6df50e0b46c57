//! Invitation tokens, acceptance, and the bookkeeping around delivery.
//!
//! A token is 32 bytes from the OS random source, written as unpadded
//! URL-safe base64 (43 characters of `[A-Za-z0-9_-]`). Only its SHA-256 is
//! stored; the raw token exists only in the message sent to the invitee (or
//! printed once by `--no-email`).

use base64::Engine;
use rusqlite::{params, OptionalExtension};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{audit, Org, PersonView};
use crate::error::{Error, Result};
use crate::role::RoleSet;

/// The length of a token as written.
pub const TOKEN_LEN: usize = 43;

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

/// Finds the token in what the invitee pasted: a bare token or any link that
/// carries one (whatever `invite_url` looks like). The token is the one run of
/// exactly 43 token characters.
pub fn extract_token(input: &str) -> Result<String> {
    let is_tok = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let runs: Vec<&str> = input
        .split(|c: char| !is_tok(c))
        .filter(|r| r.len() == TOKEN_LEN)
        .collect();
    match runs.as_slice() {
        [one] => Ok(one.to_string()),
        _ => Err(Error::not_found("that is not an invitation token or accept link")
            .hint("paste the whole link from the invitation email, or the token printed by `--no-email`")),
    }
}

/// What the mailer needs to write an invitation.
#[derive(Debug, Clone)]
pub struct InvitationMessage {
    pub invitation_id: i64,
    pub token_hash: Vec<u8>,
    pub email: String,
    pub name: String,
    pub invited_by: String,
    pub org_name: String,
    pub roles: RoleSet,
    pub groups: Vec<String>,
    pub expires_at: i64,
}

/// How one delivery went, as recorded on the invitation.
pub enum Delivery {
    /// About to hand the message to the transport: counted as an attempt,
    /// and failed until it is known to have gone.
    Started,
    Sent,
    Failed(String),
}

/// What an invitation shows while (or if) its delivery never finished.
pub const INTERRUPTED: &str =
    "delivery did not finish (orgadm was interrupted while sending); resend it";

impl Org {
    /// The invitee accepts: the invitation must be open and unexpired; the
    /// person becomes active with the roles and groups they hold now. With
    /// `dry_run`, only checks the token and returns the person as they are.
    pub fn accept(&mut self, token: &str, dry_run: bool) -> Result<PersonView> {
        let h = hash(&extract_token(token)?);
        let id = if dry_run {
            self.store
                .read(|tx| open_invitation(tx, &h).map(|(_, person, _)| person))?
        } else {
            let os_user = self.os_user.clone();
            self.store.write(|tx| {
                let (inv, person, email) = open_invitation(tx, &h)?;
                tx.execute(
                    "UPDATE invitation SET state = 'accepted' WHERE id = ?1",
                    [inv],
                )?;
                tx.execute(
                    "UPDATE person SET status = 'active', activated_at = ?1 WHERE id = ?2",
                    params![crate::time::now(), person],
                )?;
                audit::append(
                    tx,
                    &audit::NewEntry {
                        actor: &email,
                        os_user: &os_user,
                        action: "invite.accept",
                        target: &email,
                        details: json!({"status": {"from": "invited", "to": "active"}}),
                    },
                )?;
                Ok(person)
            })?
        };
        self.person_by_id(id)
    }

    /// The open invitation of a person, for the mailer. Only the token's hash
    /// is known here; the caller holds the token itself.
    pub fn invitation_message(&self, person: i64) -> Result<InvitationMessage> {
        self.store.read(|tx| {
            let org_name = super::query::org_name(tx)?;
            let p = super::query::person_by_id(tx, person)?;
            let (invitation_id, token_hash, email, invited_by, expires_at): (i64, Vec<u8>, String, String, i64) = tx
                .query_row(
                    "SELECT i.id, i.token_hash, i.email, COALESCE(p.name || ' <' || p.email || '>', i.invited_by), i.expires_at
                     FROM invitation i LEFT JOIN person p ON p.email = i.invited_by
                     WHERE i.person_id = ?1 AND i.state IN ('pending', 'failed') ORDER BY i.id DESC LIMIT 1",
                    [person],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?
                .ok_or_else(|| Error::not_found(format!("{} has no open invitation", p.email)))?;
            Ok(InvitationMessage {
                invitation_id,
                token_hash,
                email,
                name: p.name,
                invited_by,
                org_name,
                roles: p.effective_roles,
                groups: p.groups,
                expires_at,
            })
        })
    }

    /// Records how a delivery went. Only touches the invitation if it still
    /// carries the same token (a newer resend wins).
    pub fn record_delivery(&mut self, msg: &InvitationMessage, outcome: &Delivery) -> Result<()> {
        self.store.write(|tx| {
            match outcome {
                Delivery::Started => tx.execute(
                    "UPDATE invitation SET attempts = attempts + 1, state = 'failed', last_error = ?3
                     WHERE id = ?1 AND token_hash = ?2 AND state IN ('pending', 'failed')",
                    params![msg.invitation_id, msg.token_hash, INTERRUPTED],
                )?,
                Delivery::Sent => tx.execute(
                    "UPDATE invitation SET state = 'pending', last_error = NULL
                     WHERE id = ?1 AND token_hash = ?2 AND state IN ('pending', 'failed')",
                    params![msg.invitation_id, msg.token_hash],
                )?,
                Delivery::Failed(reason) => tx.execute(
                    "UPDATE invitation SET state = 'failed', last_error = ?3
                     WHERE id = ?1 AND token_hash = ?2 AND state IN ('pending', 'failed')",
                    params![msg.invitation_id, msg.token_hash, reason],
                )?,
            };
            Ok(())
        })
    }

    /// Ids of invited people whose invitation failed to deliver.
    pub fn failed_invitations(&self) -> Result<Vec<(i64, String)>> {
        self.store.read(|tx| {
            Ok(tx
                .prepare(
                    "SELECT p.id, p.email FROM invitation i JOIN person p ON p.id = i.person_id
                     WHERE i.state = 'failed' AND p.status = 'invited' ORDER BY p.email_norm",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// The open, unexpired invitation a token hash belongs to: (invitation id,
/// person id, email). Each way a token can fail has its own message.
fn open_invitation(tx: &rusqlite::Transaction, h: &[u8]) -> Result<(i64, i64, String)> {
    let row: Option<(i64, Option<i64>, String, String, i64)> = tx
        .query_row(
            "SELECT id, person_id, email, state, expires_at FROM invitation WHERE token_hash = ?1",
            [h],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((inv, person, email, state, expires_at)) = row else {
        return Err(Error::not_found(
            "unknown invitation token: it may have been replaced by a newer invitation, or mistyped",
        )
        .hint("use the link from the most recent invitation email"));
    };
    let person = match (state.as_str(), person) {
        ("accepted", _) => {
            return Err(Error::not_found(format!(
                "this invitation for {email} was already accepted"
            ))
            .hint("an invitation works once; the account is already active")
            .gone())
        }
        ("revoked", _) | (_, None) => {
            return Err(
                Error::not_found(format!("this invitation for {email} was revoked"))
                    .hint("ask an org-admin to invite you again")
                    .gone(),
            )
        }
        (_, Some(p)) => p,
    };
    if expires_at <= crate::time::now() {
        return Err(Error::not_found(format!(
            "this invitation for {email} expired at {}",
            crate::time::rfc3339(expires_at)
        ))
        .hint(format!(
            "ask an org-admin to run `orgadm invite resend {email}`"
        ))
        .gone());
    }
    Ok((inv, person, email))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_url_safe_and_long_enough() {
        for _ in 0..500 {
            let t = Token::generate().unwrap();
            assert!(
                t.raw.starts_with(|c: char| c.is_ascii_alphanumeric()),
                "{}",
                t.raw
            );
        }
        let t = Token::generate().unwrap();
        assert_eq!(t.raw.len(), TOKEN_LEN);
        assert!(t
            .raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(t.raw, Token::generate().unwrap().raw);
        assert_eq!(t.hash, hash(&t.raw));
    }

    #[test]
    fn tokens_are_found_in_links() {
        let t = Token::generate().unwrap().raw;
        assert_eq!(extract_token(&t).unwrap(), t);
        assert_eq!(extract_token(&format!("  {t}\n")).unwrap(), t);
        assert_eq!(
            extract_token(&format!("https://x.example/join?token={t}&a=1")).unwrap(),
            t
        );
        assert_eq!(
            extract_token(&format!("https://x.example/i/{t}/accept")).unwrap(),
            t
        );
        assert!(extract_token("https://x.example/join?token=short").is_err());
    }
}
