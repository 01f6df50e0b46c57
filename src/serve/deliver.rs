//! Webhook delivery (SPEC §14), in `orgadm serve`: claim a webhook that has
//! events due (a lease in the store, so two servers never deliver to one
//! webhook at once), send its events in sequence order, each signed as
//! Standard Webhooks 1.0, record each outcome in the store before the next
//! (so a killed server resends at most the one in flight), back off on
//! failure as the schedule says.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable
    )
)]

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::org::events::Event;
use crate::org::webhooks::{Claim, Lease, Tried};
use crate::org::Org;
use crate::store::{Access, Location};

/// How long a receiver has to answer.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// How long a claim holds a webhook without news from its holder (longer
/// than a try can take; renewed with every delivery).
const LEASE: i64 = 60;

/// How often an idle server looks for due deliveries.
const POLL: Duration = Duration::from_millis(200);

/// How long one claim delivers before giving the other webhooks a turn.
const TURN: Duration = Duration::from_secs(30);

/// Events read at a time.
const BATCH: i64 = 200;

/// The most of a receiver's answer that is read (and kept, escaped, as
/// the last result).
const MAX_ANSWER: u64 = 1024;

/// The variable that moves the delivery clock, for tests only: the path
/// of a file holding a number of seconds added to the real time (the
/// schedule's hours pass without waiting for them). Signatures keep the
/// real time.
pub const TEST_CLOCK: &str = "ORGADM_TEST_CLOCK";

/// Now, on the delivery clock.
pub fn now() -> i64 {
    let offset = std::env::var_os(TEST_CLOCK)
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or(0);
    crate::time::now().saturating_add(offset)
}

/// Runs deliveries on a thread of its own until `stop` is set.
pub fn spawn(db: Location, os_user: String, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let owner = format!("serve-{}", uuid::Uuid::new_v4().simple());
        let sender = Sender::new();
        let mut org: Option<Org> = None;
        while !stop.load(Ordering::Relaxed) {
            let o = match org.as_mut() {
                Some(o) => o,
                None => match Org::open(&db, Access::Write, &os_user)
                    .and_then(|o| o.relax_durability().map(|()| o))
                {
                    Ok(o) => org.insert(o),
                    Err(_) => {
                        std::thread::sleep(POLL);
                        continue;
                    }
                },
            };
            match o.claim_webhook(&owner, now(), LEASE) {
                Ok(Some(claim)) => {
                    if let Err(e) = deliver(o, &sender, &owner, &claim, &stop) {
                        super::log_line(&format!("webhook delivery: {}", e.message));
                        org = None;
                    }
                }
                Ok(None) => std::thread::sleep(POLL),
                Err(_) => {
                    // The store is away or busy: open it afresh later.
                    org = None;
                    std::thread::sleep(POLL);
                }
            }
        }
    })
}

/// Delivers a claimed webhook's events in order until none are left, one
/// fails, the turn is over or the server stops.
fn deliver(
    org: &mut Org,
    sender: &Sender,
    owner: &str,
    claim: &Claim,
    stop: &AtomicBool,
) -> Result<()> {
    let started = Instant::now();
    let mut cursor = claim.cursor;
    let lease = Lease { owner, secs: LEASE };
    loop {
        if stop.load(Ordering::Relaxed) || started.elapsed() > TURN {
            return org.webhook_release(claim, owner);
        }
        let batch = org.events_after(cursor, BATCH)?;
        if batch.is_empty() {
            return org.webhook_release(claim, owner);
        }
        // Events not of the webhook's types are passed over (recorded
        // with the next delivery, or at the batch's end).
        let mut passed = cursor;
        for e in &batch {
            if !claim.types.is_empty() && !claim.types.contains(&e.kind) {
                passed = e.seq;
                continue;
            }
            match sender.send(claim, e) {
                Tried::Delivered { status } => {
                    let status = status.to_string();
                    let at = now();
                    if !org.webhook_advanced(claim, &lease, e.seq, 1, Some(&status), at)? {
                        // The lease ran out and another server may hold it.
                        return Ok(());
                    }
                    cursor = e.seq;
                    passed = cursor;
                }
                failed => {
                    if passed > cursor {
                        org.webhook_advanced(claim, &lease, passed, 0, None, now())?;
                    }
                    return org.webhook_failed(claim, owner, &failed, now());
                }
            }
            if stop.load(Ordering::Relaxed) {
                break;
            }
        }
        if passed > cursor {
            if !org.webhook_advanced(claim, &lease, passed, 0, None, now())? {
                return Ok(());
            }
            cursor = passed;
        }
    }
}

/// Sends events: one agent for webhooks that may reach private addresses
/// and one whose resolver refuses them, no redirects followed, no proxy.
pub struct Sender {
    guarded: ureq::Agent,
    open: ureq::Agent,
}

impl Default for Sender {
    fn default() -> Self {
        Sender::new()
    }
}

impl Sender {
    pub fn new() -> Sender {
        let agent = |allow_private: bool| {
            let config = ureq::Agent::config_builder()
                .timeout_global(Some(TIMEOUT))
                .http_status_as_error(false)
                .max_redirects(0)
                .user_agent(concat!("orgadm-webhooks/", env!("CARGO_PKG_VERSION")))
                .proxy(None)
                .build();
            ureq::Agent::with_parts(
                config,
                ureq::unversioned::transport::DefaultConnector::default(),
                Guard { allow_private },
            )
        };
        Sender {
            guarded: agent(false),
            open: agent(true),
        }
    }

    /// One try of one event: signed, sent, the answer read (a little of it).
    pub fn send(&self, claim: &Claim, event: &Event) -> Tried {
        let failed = |result: String| Tried::Failed {
            result,
            retry_after: None,
            gone: false,
        };
        let secret = match secret_of(claim) {
            Ok(s) => s,
            Err(e) => return failed(e.message),
        };
        let body = match serde_json::to_string(event) {
            Ok(b) => b,
            Err(e) => return failed(format!("the event did not serialize: {e}")),
        };
        let ts = crate::time::now();
        let signature = match standardwebhooks::Webhook::new(&secret)
            .and_then(|w| w.sign(&event.id, ts, body.as_bytes()))
        {
            Ok(s) => s,
            Err(e) => return failed(format!("cannot sign with the webhook's secret: {e}")),
        };
        let agent = if claim.allow_private {
            &self.open
        } else {
            &self.guarded
        };
        let sent = agent
            .post(&claim.url)
            .header("content-type", "application/json")
            .header("webhook-id", &event.id)
            .header("webhook-timestamp", ts.to_string())
            .header("webhook-signature", signature)
            .send(body.as_bytes());
        match sent {
            Ok(mut resp) => {
                let status = resp.status().as_u16();
                let retry_after = resp
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(retry_after);
                let mut answer = String::new();
                let _ = resp
                    .body_mut()
                    .as_reader()
                    .take(MAX_ANSWER)
                    .read_to_string(&mut answer);
                if (200..300).contains(&status) {
                    return Tried::Delivered { status };
                }
                let mut result = format!("HTTP {status}");
                if (300..400).contains(&status) {
                    result.push_str(" (redirects are not followed)");
                }
                let answer = answer.trim();
                if !answer.is_empty() {
                    let short: String = answer.chars().take(120).collect();
                    result.push_str(&format!(": {}", crate::validate::escape_controls(&short)));
                }
                Tried::Failed {
                    result,
                    retry_after,
                    gone: status == 410,
                }
            }
            Err(e) => failed(transport_error(&e)),
        }
    }
}

/// What `webhook test` reports: whether the receiver took a test event.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Tested {
    pub url: String,
    pub delivered: bool,
    /// The HTTP status, or what went wrong.
    pub result: String,
}

/// `webhook test URL`: one signed event of type `webhook.test` (sequence
/// number 0, never stored), sent now from here, as deliveries are.
pub fn test(org: &Org, actor: &crate::org::Actor, url: &str) -> Result<Tested> {
    let claim = org.webhook_for_test(actor, url)?;
    let data = serde_json::json!({ "url": claim.url }).to_string();
    let event = Event {
        seq: 0,
        id: format!("evt_test_{}", uuid::Uuid::new_v4().simple()),
        kind: "webhook.test".into(),
        timestamp: crate::time::rfc3339(crate::time::now()),
        actor: match actor {
            crate::org::Actor::Person(p) => p.clone(),
            _ => "orgadm".into(),
        },
        data: serde_json::value::RawValue::from_string(data)
            .map_err(|e| Error::internal(format!("a test event: {e}")))?,
        previous_effective_roles: None,
    };
    Ok(match Sender::new().send(&claim, &event) {
        Tried::Delivered { status } => Tested {
            url: claim.url,
            delivered: true,
            result: format!("HTTP {status}"),
        },
        Tried::Failed { result, .. } => Tested {
            url: claim.url,
            delivered: false,
            result,
        },
    })
}

/// The webhook's signing secret: generated and kept in the store, or read
/// from the variable it names in this process's environment.
fn secret_of(claim: &Claim) -> Result<String> {
    let secret = match (&claim.secret, &claim.secret_env) {
        (Some(s), _) => s.clone(),
        (None, Some(var)) => std::env::var(var).map_err(|_| {
            Error::usage(format!(
                "the secret variable {var} is not set in the environment of `orgadm serve`"
            ))
        })?,
        (None, None) => return Err(Error::internal("a webhook without a secret")),
    };
    crate::org::webhooks::check_secret(&secret)?;
    Ok(secret)
}

/// `Retry-After`: delta-seconds, or an HTTP date.
fn retry_after(v: &str) -> Option<i64> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<i64>() {
        return Some(secs);
    }
    let at = httpdate::parse_http_date(v).ok()?;
    let at = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(i64::try_from(at).ok()? - crate::time::now())
}

fn transport_error(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => format!("no answer within {} s", TIMEOUT.as_secs()),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => io.to_string(),
        ureq::Error::HostNotFound => "the host has no address".to_string(),
        other => crate::validate::escape_controls(&other.to_string()),
    }
}

/// A resolver that refuses private, loopback and link-local addresses for
/// a webhook not added with `--allow-private`: checked on the addresses
/// the connection will use, at every delivery (DNS rebinding).
#[derive(Debug)]
struct Guard {
    allow_private: bool,
}

impl ureq::unversioned::resolver::Resolver for Guard {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> std::result::Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let addrs = ureq::unversioned::resolver::DefaultResolver::default()
            .resolve(uri, config, timeout)?;
        if !self.allow_private {
            if let Some(a) = addrs
                .iter()
                .find(|a| crate::org::webhooks::is_private(a.ip()))
            {
                return Err(ureq::Error::Io(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!(
                        "refused: the host is at {}, a private, loopback or link-local address (the webhook was not added with --allow-private)",
                        a.ip()
                    ),
                )));
            }
        }
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        assert_eq!(retry_after("120"), Some(120));
        assert_eq!(retry_after(" 7 "), Some(7));
        let soon = std::time::SystemTime::now() + Duration::from_secs(3600);
        let d = retry_after(&httpdate::fmt_http_date(soon)).unwrap();
        assert!((3595..=3600).contains(&d), "{d}");
        assert_eq!(retry_after("soon"), None);
    }
}
