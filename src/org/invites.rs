//! Invitation tokens, acceptance, and the bookkeeping around delivery.
//!
//! A token is 32 bytes from the OS random source, written as unpadded
//! URL-safe base64 (43 characters of `[A-Za-z0-9_-]`). Only its SHA-256 is
//! stored; the raw token exists only in the message sent to the invitee (or
//! printed once by `--no-email`).

use super::secret::hash;
use super::{audit, Org, PersonView};
use crate::error::{Error, Result};
use crate::role::RoleSet;
use crate::store::invitations as rows;
use crate::store::Tx;

/// The length of a token as written.
pub const TOKEN_LEN: usize = 43;

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
                rows::mark_accepted(tx, inv)?;
                crate::store::people::activate(tx, person, crate::time::now())?;
                audit::append(
                    tx,
                    &audit::NewEntry {
                        actor: &email,
                        os_user: &os_user,
                        action: "invite.accept",
                        target: &email,
                        details: super::details::Details::Accepted.to_json(),
                    },
                )?;
                let view = super::query::person_by_id(tx, person)?;
                super::events::Outbox::open(tx, &email)?.person("person.activated", &view, None)?;
                Ok(person)
            })?
        };
        self.person_by_id(id)
    }

    /// The open invitation of a person, for the mailer. Only the token's hash
    /// is known here; the caller holds the token itself.
    pub fn invitation_message(&self, person: i64) -> Result<InvitationMessage> {
        self.store.read(|tx| {
            let org_name = crate::store::meta::org_name(tx)?;
            let p = super::query::person_by_id(tx, person)?;
            let i = rows::open_for(tx, person)?
                .ok_or_else(|| Error::not_found(format!("{} has no open invitation", p.email)))?;
            // The inviter as `Name <email>` while they are still a member
            // (by the indexed normalized email; a join on the typed email
            // would scan everyone for every invitation).
            let inviter = crate::validate::email_norm(&i.invited_by)
                .map(|n| crate::store::people::by_norm(tx, &n))
                .transpose()?
                .flatten()
                .map(|ip| format!("{} <{}>", ip.name, ip.email));
            Ok(InvitationMessage {
                invitation_id: i.id,
                token_hash: i.token_hash,
                email: i.email,
                name: p.name,
                invited_by: inviter.unwrap_or(i.invited_by),
                org_name,
                roles: p.effective_roles,
                groups: p.groups,
                expires_at: i.expires_at,
            })
        })
    }

    /// Records how a delivery went. Only touches the invitation if it still
    /// carries the same token (a newer resend wins).
    pub fn record_delivery(&mut self, msg: &InvitationMessage, outcome: &Delivery) -> Result<()> {
        let (attempt, error) = match outcome {
            Delivery::Started => (true, Some(INTERRUPTED)),
            Delivery::Sent => (false, None),
            Delivery::Failed(reason) => (false, Some(reason.as_str())),
        };
        self.store.write(|tx| {
            rows::record_delivery(tx, msg.invitation_id, &msg.token_hash, attempt, error)
        })
    }

    /// Ids of invited people whose invitation failed to deliver.
    pub fn failed_invitations(&self) -> Result<Vec<(i64, String)>> {
        self.store.read(rows::failed)
    }
}

/// The open, unexpired invitation a token hash belongs to: (invitation id,
/// person id, email). Each way a token can fail has its own message.
fn open_invitation(tx: &Tx, h: &[u8]) -> Result<(i64, i64, String)> {
    let Some(inv) = rows::by_token_hash(tx, h)? else {
        return Err(Error::not_found(
            "unknown invitation token: it may have been replaced by a newer invitation, or mistyped",
        )
        .hint("use the link from the most recent invitation email"));
    };
    let email = inv.email;
    let person = match (inv.state.as_str(), inv.person_id) {
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
    if inv.expires_at <= crate::time::now() {
        return Err(Error::not_found(format!(
            "this invitation for {email} expired at {}",
            crate::time::rfc3339(inv.expires_at)
        ))
        .hint(format!(
            "ask an org-admin to run `orgadm invite resend {email}`"
        ))
        .gone());
    }
    Ok((inv.id, person, email))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::secret::Token;

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
