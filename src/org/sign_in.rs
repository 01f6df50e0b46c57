//! Signing in (`orgadm login`, SPEC §13), in the shape of RFC 8628's device
//! authorization: the CLI asks for a sign-in for an email and gets a device
//! code to poll with and a short user code to show; the person gets a link
//! by mail to a page that shows the same code and where the request came
//! from, with Sign in and Deny buttons; once signed in, the CLI's next poll
//! gets a session token. Requests end after 10 minutes; each works once.
//!
//! Nothing tells whether an email is a person's: an unknown, invited,
//! suspended or removed email gets the same answer and no mail. Requests
//! are limited per email (5 an hour) and per client address (20 an hour),
//! counted in the store inside the request's write transaction, so every
//! server on one database shares the count.

use serde::{Deserialize, Serialize};

use super::credentials::{self, CreatedToken, Scope};
use super::secret::{hash, Token};
use super::{audit, query, Org, Status};
use crate::error::{Error, Result};
use crate::store::credentials::{self as rows, NewCredential, NewSignIn, SignInRow};
use crate::store::Tx;

/// How long a sign-in request lives.
pub const REQUEST_TTL: i64 = 600;
/// Sign-in requests one email may make in an hour...
pub const PER_EMAIL_PER_HOUR: i64 = 5;
/// ...and one client address.
pub const PER_ADDRESS_PER_HOUR: i64 = 20;
/// RFC 8628's base-20 alphabet: no vowels (no words), no look-alikes.
const CODE_ALPHABET: &[u8; 20] = b"BCDFGHJKLMNPQRSTVWXZ";

/// Where a sign-in request came from, as the page shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Client {
    pub host: String,
    pub os_user: String,
    /// Filled in by the server: the address the request came from.
    #[serde(default)]
    pub address: String,
}

/// What the CLI gets back: the same shape whoever the email is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Started {
    pub device_code: String,
    /// `XXXX-XXXX`.
    pub user_code: String,
    pub expires_in: i64,
    pub interval: i64,
}

/// The mail to send for a started sign-in (none for an email that is no
/// active person's).
pub struct SignInMail {
    pub email: String,
    pub name: String,
    pub org_name: String,
    pub link_token: String,
    pub user_code: String,
    pub client: Client,
    pub expires_at: i64,
}

/// A sign-in refused for its limits: retry after this many seconds.
#[derive(Debug, Clone, Copy)]
pub struct Limited {
    pub retry_after: i64,
}

/// What a poll of the device code answers (RFC 8628 §3.5).
#[derive(Debug)]
pub enum Poll {
    Pending,
    SlowDown,
    Denied,
    Expired,
    Session(Box<CreatedToken>),
}

impl Poll {
    /// The RFC's error code for the answers that are not a token.
    pub fn error_code(&self) -> Option<&'static str> {
        match self {
            Poll::Pending => Some("authorization_pending"),
            Poll::SlowDown => Some("slow_down"),
            Poll::Denied => Some("access_denied"),
            Poll::Expired => Some("expired_token"),
            Poll::Session(_) => None,
        }
    }
}

/// What the sign-in page shows.
#[derive(Debug, Clone)]
pub struct Pending {
    pub email: String,
    pub org_name: String,
    pub user_code: String,
    pub client: Client,
    pub created_at: i64,
}

/// `ABCD-EFGH` from the base-20 alphabet, uniformly.
fn user_code() -> Result<String> {
    let code = super::secret::random_chars(CODE_ALPHABET, 8)?;
    Ok(format!("{}-{}", &code[..4], &code[4..]))
}

/// Text from the CLI for the page: printable, at most 80 characters.
fn shown(s: &str) -> String {
    crate::validate::printable(s.trim())
}

fn unusable() -> Error {
    Error::not_found("this sign-in link is not valid, or was already used")
        .hint("run `orgadm login` again for a new one")
        .gone()
}

fn pending_row(tx: &Tx, link: &str) -> Result<SignInRow> {
    let row = rows::sign_in_by_link(tx, &hash(link.trim()))?.ok_or_else(|| {
        Error::not_found("this sign-in link is not valid")
            .hint("run `orgadm login` again for a new one")
    })?;
    if row.state != "pending" {
        return Err(unusable());
    }
    if row.expires_at <= crate::time::now() {
        return Err(
            Error::not_found("this sign-in request has expired (they last 10 minutes)")
                .hint("run `orgadm login` again for a new one")
                .gone(),
        );
    }
    Ok(row)
}

impl Org {
    /// Starts a sign-in for `email` from `client`: the same answer for any
    /// email, and a mail to send only for an active person's.
    pub fn sign_in_start(
        &mut self,
        email: &str,
        client: &Client,
        interval: i64,
    ) -> Result<std::result::Result<(Started, Option<SignInMail>), Limited>> {
        let email = crate::validate::email(email)?;
        let device = Token::generate()?;
        let link = Token::generate()?;
        let code = user_code()?;
        let client = Client {
            host: shown(&client.host),
            os_user: shown(&client.os_user),
            address: client.address.clone(),
        };
        self.store.write(|tx| {
            let now = crate::time::now();
            let hour_ago = now - 3600;
            rows::prune_sign_ins(tx, hour_ago)?;
            for (by_email, key, max) in [
                (true, email.norm.as_str(), PER_EMAIL_PER_HOUR),
                (false, client.address.as_str(), PER_ADDRESS_PER_HOUR),
            ] {
                let (n, oldest) = rows::sign_ins_since(tx, by_email, key, hour_ago)?;
                if n >= max {
                    let retry_after = oldest.map_or(3600, |o| (o + 3600 - now).max(1));
                    return Ok(Err(Limited { retry_after }));
                }
            }
            let person = crate::store::people::by_norm(tx, &email.norm)?
                .filter(|p| Status::from_db(&p.status).ok() == Some(Status::Active));
            rows::insert_sign_in(
                tx,
                &NewSignIn {
                    device_hash: &device.hash,
                    link_hash: &link.hash,
                    user_code: &code,
                    person_id: person.as_ref().map(|p| p.id),
                    email_norm: &email.norm,
                    client_host: &client.host,
                    client_user: &client.os_user,
                    client_addr: &client.address,
                    created_at: now,
                    expires_at: now + REQUEST_TTL,
                },
            )?;
            let mail = match person {
                Some(p) => Some(SignInMail {
                    email: p.email.clone(),
                    name: p.name.clone(),
                    org_name: crate::store::meta::org_name(tx)?,
                    link_token: link.raw.clone(),
                    user_code: code.clone(),
                    client: client.clone(),
                    expires_at: now + REQUEST_TTL,
                }),
                None => None,
            };
            Ok(Ok((
                Started {
                    device_code: device.raw.clone(),
                    user_code: code.clone(),
                    expires_in: REQUEST_TTL,
                    interval,
                },
                mail,
            )))
        })
    }

    /// What the page for a mailed link shows (opening it changes nothing).
    pub fn sign_in_pending(&self, link: &str) -> Result<Pending> {
        self.store.read(|tx| {
            let row = pending_row(tx, link)?;
            let person = row
                .person_id
                .map(|id| query::person_by_id(tx, id))
                .transpose()?;
            Ok(Pending {
                email: person.map(|p| p.email).unwrap_or(row.email_norm.clone()),
                org_name: crate::store::meta::org_name(tx)?,
                user_code: row.user_code,
                client: Client {
                    host: row.client_host,
                    os_user: row.client_user,
                    address: row.client_addr,
                },
                created_at: row.created_at,
            })
        })
    }

    /// Sign in (`approve`) or Deny, from the page; audited either way.
    pub fn sign_in_decide(&mut self, link: &str, approve: bool, from: &str) -> Result<String> {
        let os_user = self.os_user.clone();
        self.store.write(|tx| {
            let row = pending_row(tx, link)?;
            let person = row
                .person_id
                .map(|id| query::person_by_id(tx, id))
                .transpose()?
                .filter(|p| p.status == Status::Active)
                .ok_or_else(unusable)?;
            rows::set_sign_in_state(tx, row.id, if approve { "approved" } else { "denied" })?;
            audit::append(
                tx,
                &audit::NewEntry {
                    actor: &person.email,
                    os_user: &os_user,
                    action: if approve {
                        "sign-in.approve"
                    } else {
                        "sign-in.deny"
                    },
                    target: &person.email,
                    details: serde_json::json!({
                        "host": row.client_host,
                        "os_user": row.client_user,
                        "requested_from": row.client_addr,
                        "decided_from": from,
                    }),
                },
            )?;
            Ok(person.email)
        })
    }

    /// The CLI's poll: pending, slow down, denied, expired, or (once) a
    /// session that lasts `session_ttl` seconds.
    pub fn sign_in_poll(&mut self, device: &str, interval: i64, session_ttl: i64) -> Result<Poll> {
        let minted = credentials::mint()?;
        let os_user = self.os_user.clone();
        self.store.write(|tx| {
            let now = crate::time::now();
            let Some(row) = rows::sign_in_by_device(tx, &hash(device.trim()))? else {
                return Ok(Poll::Expired);
            };
            if row.expires_at <= now || row.state == "used" {
                return Ok(Poll::Expired);
            }
            let too_soon = row.last_poll_at.is_some_and(|t| now - t < interval);
            rows::set_sign_in_polled(tx, row.id, now)?;
            match row.state.as_str() {
                "denied" => return Ok(Poll::Denied),
                "pending" if too_soon => return Ok(Poll::SlowDown),
                "pending" => return Ok(Poll::Pending),
                _ => {}
            }
            // Approved: the person must still be active now.
            let Some(person) = row
                .person_id
                .map(|id| query::person_by_id(tx, id))
                .transpose()?
                .filter(|p| p.status == Status::Active)
            else {
                return Ok(Poll::Denied);
            };
            rows::set_sign_in_state(tx, row.id, "used")?;
            let expires_at = now + session_ttl;
            let id = rows::insert(
                tx,
                &NewCredential {
                    person_id: person.id,
                    kind: "session",
                    name: "session",
                    scope: Scope::Admin.as_str(),
                    hash: &minted.hash,
                    last_eight: &minted.last_eight,
                    created_at: now,
                    expires_at,
                },
            )?;
            audit::append(
                tx,
                &audit::NewEntry {
                    actor: &person.email,
                    os_user: &os_user,
                    action: "sign-in",
                    target: &person.email,
                    details: serde_json::json!({
                        "credential": "session",
                        "client": row.client_addr,
                        "host": row.client_host,
                        "os_user": row.client_user,
                        "expires_at": crate::time::rfc3339(expires_at),
                    }),
                },
            )?;
            let session = rows::by_id(tx, id)?
                .ok_or_else(|| Error::internal("the session just made is not in the database"))?;
            Ok(Poll::Session(Box::new(CreatedToken {
                token: minted.raw.clone(),
                credential: credentials::view_row(&session, now)?,
            })))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_codes_are_two_groups_of_four_from_the_alphabet() {
        let a = user_code().unwrap();
        assert_eq!(a.len(), 9);
        assert_eq!(&a[4..5], "-");
        assert!(
            a.chars()
                .filter(|c| *c != '-')
                .all(|c| CODE_ALPHABET.contains(&(c as u8))),
            "{a}"
        );
        assert_ne!(user_code().unwrap(), a);
    }

    #[test]
    fn what_the_page_shows_is_printable_and_short() {
        assert_eq!(
            shown("  laptop\u{202e}x "),
            crate::validate::printable("laptop\u{202e}x")
        );
        assert_eq!(shown(&"h".repeat(500)), format!("{}…", "h".repeat(80)));
    }
}
