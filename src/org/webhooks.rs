//! Webhooks (SPEC §14): where `orgadm serve` sends each change event, and
//! the rules of their delivery that do not need the network: which URLs
//! may be added, the retry schedule, when a webhook is disabled.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::{audit, Actor, Org};
use crate::error::{Error, Result};
use crate::store::{events as event_rows, webhooks as rows, Tx};
use crate::validate::printable;

/// A webhook as `webhook list` shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookView {
    pub url: String,
    /// The event types it receives; empty: every type.
    pub events: Vec<String>,
    /// `active`, or `disabled` (see `disabled_reason`).
    pub state: String,
    pub disabled_reason: Option<String>,
    /// The variable `serve` reads the secret from (none: a generated one).
    pub secret_env: Option<String>,
    pub allow_private: bool,
    pub created_at: String,
    /// The last event it is done with (delivered, or not of its types).
    pub last_seq: i64,
    pub delivered: i64,
    pub last_delivery: Option<String>,
    /// The last try's outcome: an HTTP status, or what went wrong.
    pub last_result: Option<String>,
    /// Failed tries of the event it is on.
    pub failures: i64,
    pub next_retry: Option<String>,
}

impl WebhookView {
    fn of(r: rows::WebhookRow) -> WebhookView {
        WebhookView {
            events: types_of(&r.types),
            next_retry: (r.attempts > 0 && r.state == "active")
                .then(|| crate::time::rfc3339(r.next_attempt_at)),
            url: r.url,
            state: r.state,
            disabled_reason: r.disabled_reason,
            secret_env: r.secret_env,
            allow_private: r.allow_private,
            created_at: crate::time::rfc3339(r.created_at),
            last_seq: r.cursor,
            delivered: r.delivered,
            last_delivery: r.last_attempt_at.map(crate::time::rfc3339),
            last_result: r.last_result,
            failures: r.attempts,
        }
    }
}

fn types_of(stored: &str) -> Vec<String> {
    stored.split_whitespace().map(str::to_string).collect()
}

/// The longest URL a webhook may have.
const MAX_URL: usize = 2048;

/// Checks a webhook URL as SPEC §14 has it: `https://`, or `http://` to a
/// loopback address; no user or password in it. Returns it trimmed.
pub fn check_url(url: &str) -> Result<String> {
    let url = url.trim();
    let bad = |why: &str| {
        Error::usage(format!("the webhook URL `{}` {why}", printable(url)))
            .hint("e.g. `https://apps.example.com/hooks/orgadm`")
    };
    if url.len() > MAX_URL {
        return Err(bad(&format!("is longer than {MAX_URL} characters")));
    }
    let uri: ureq::http::Uri = url.parse().map_err(|_| bad("is not a URL"))?;
    let Some(authority) = uri.authority() else {
        return Err(bad("names no host"));
    };
    if authority.as_str().contains('@') {
        return Err(bad(
            "holds a user or password; put the secret in the signature instead",
        ));
    }
    match uri.scheme_str() {
        Some("https") => {}
        Some("http") if is_loopback_host(authority.host()) => {}
        Some("http") => {
            return Err(bad(
                "is plain http to another host: events carry people's data, so they go over https (http only to a loopback address)",
            ))
        }
        _ => return Err(bad("is not an https:// URL")),
    }
    Ok(url.to_string())
}

fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether an address is one only a webhook added with `--allow-private`
/// may reach: loopback, private, link-local, shared (CGNAT), unspecified,
/// broadcast, multicast, or an IPv6 form of one of them.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || (a == 100 && (64..128).contains(&b))
                || a == 0
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// Resolves a webhook URL's host and refuses it if any address it has is
/// private and the webhook may not reach those: at `add`, and again
/// before every delivery (a name can be pointed elsewhere after it was
/// checked).
pub fn resolve(url: &str, allow_private: bool) -> Result<Vec<SocketAddr>> {
    let uri: ureq::http::Uri = url
        .parse()
        .map_err(|_| Error::usage(format!("`{}` is not a URL", printable(url))))?;
    let host = uri.host().unwrap_or("");
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let port = uri
        .port_u16()
        .unwrap_or(if uri.scheme_str() == Some("http") {
            80
        } else {
            443
        });
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| {
            Error::usage(format!(
                "cannot resolve the webhook's host `{}`: {e}",
                printable(host)
            ))
        })?
        .collect();
    if addrs.is_empty() {
        return Err(Error::usage(format!(
            "the webhook's host `{}` has no address",
            printable(host)
        )));
    }
    if !allow_private {
        if let Some(a) = addrs.iter().find(|a| is_private(a.ip())) {
            return Err(Error::usage(format!(
                "refused: the webhook's host `{}` is at {}, a private, loopback or link-local address",
                printable(host),
                a.ip()
            ))
            .hint("add it with `--allow-private` if the app is on this host or network"));
        }
    }
    Ok(addrs)
}

/// A new signing secret, `whsec_` and 24 random bytes in base64, as
/// Standard Webhooks has them.
fn generate_secret() -> Result<String> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::internal(format!("the OS random source failed: {e}")))?;
    Ok(format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// A variable name, as a shell would take it.
fn check_env_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "`{}` is not an environment variable's name",
            printable(name)
        ))
        .hint("e.g. `--secret-env ORGADM_WEBHOOK_SECRET`"))
    }
}

/// Checks that a secret is one Standard Webhooks can sign with.
pub fn check_secret(secret: &str) -> Result<Vec<u8>> {
    let b64 = secret.strip_prefix("whsec_").unwrap_or(secret);
    match base64::engine::general_purpose::STANDARD.decode(b64.trim()) {
        Ok(key) if key.len() >= 16 => Ok(key),
        _ => Err(Error::usage(
            "a webhook secret is `whsec_` and at least 16 bytes in base64",
        )),
    }
}

/// What `webhook add` was asked.
pub struct NewWebhook<'a> {
    pub url: &'a str,
    pub events: &'a [String],
    pub secret_env: Option<&'a str>,
    pub allow_private: bool,
}

/// `webhook add`'s request, as the CLI sends it (and the admin API takes it).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewWebhookArgs {
    pub url: String,
    #[serde(default)]
    pub events: Vec<String>,
    #[serde(default)]
    pub secret_env: Option<String>,
    #[serde(default)]
    pub allow_private: bool,
}

impl NewWebhookArgs {
    pub fn borrowed(&self) -> NewWebhook<'_> {
        NewWebhook {
            url: &self.url,
            events: &self.events,
            secret_env: self.secret_env.as_deref(),
            allow_private: self.allow_private,
        }
    }
}

/// A webhook just added, with its generated secret (shown once).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddedWebhook {
    #[serde(flatten)]
    pub webhook: WebhookView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// The retries after a failed try (SPEC §14): the first after 5 s, the
/// last after 24 h, and every 24 h after that until the webhook has failed
/// for [`DISABLE_AFTER`].
pub const RETRIES: &[i64] = &[
    5,
    5 * 60,
    30 * 60,
    2 * 3600,
    5 * 3600,
    10 * 3600,
    14 * 3600,
    20 * 3600,
    24 * 3600,
];

/// A webhook failing this long is disabled.
pub const DISABLE_AFTER: i64 = 5 * 86_400;

/// The longest `Retry-After` honoured (a receiver cannot park delivery
/// for longer than the schedule's own longest wait).
pub const MAX_RETRY_AFTER: i64 = 24 * 3600;

/// When to try again after the `failures`th failure in a row at `now`,
/// honouring the receiver's `Retry-After` (seconds) when it asks for more.
pub fn next_try(failures: i64, now: i64, retry_after: Option<i64>) -> i64 {
    let i = usize::try_from(failures.max(1) - 1).unwrap_or(usize::MAX);
    let wait = RETRIES.get(i).copied().unwrap_or(24 * 3600);
    let asked = retry_after.unwrap_or(0).clamp(0, MAX_RETRY_AFTER);
    now + wait.max(asked)
}

/// How one try of a delivery ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tried {
    /// The receiver answered 2xx.
    Delivered { status: u16 },
    /// It did not: `result` says how (a status, a timeout, a refusal).
    Failed {
        result: String,
        retry_after: Option<i64>,
        /// 410 Gone: the receiver wants no more.
        gone: bool,
    },
}

/// Who holds a claimed webhook, and how long each renewal holds it.
#[derive(Debug, Clone, Copy)]
pub struct Lease<'a> {
    pub owner: &'a str,
    pub secs: i64,
}

/// A webhook claimed for delivery by one server.
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: i64,
    pub url: String,
    pub types: Vec<String>,
    pub secret: Option<String>,
    pub secret_env: Option<String>,
    pub allow_private: bool,
    pub cursor: i64,
}

impl Org {
    fn webhook_write<T>(
        &mut self,
        actor: &Actor,
        action: &str,
        target: &str,
        f: impl FnOnce(&Tx, &str, &str) -> Result<T>,
    ) -> Result<T> {
        let os_user = self.os_user.clone();
        let result = self.store.write(|tx| {
            let admin = match actor {
                Actor::Token(_) => {
                    return Err(Error::forbidden(
                        "refused: a SCIM token cannot manage webhooks",
                    ))
                }
                _ => super::query::authorize_actor(tx, actor)?,
            };
            f(tx, &admin, &os_user)
        });
        self.record_refusal(actor, action, target, result)
    }

    /// `webhook add`: it receives the events committed from now on.
    pub fn webhook_add(&mut self, actor: &Actor, new: &NewWebhook) -> Result<AddedWebhook> {
        let url = check_url(new.url)?;
        super::events::check_types(new.events)?;
        if let Some(v) = new.secret_env {
            check_env_name(v)?;
        }
        resolve(&url, new.allow_private)?;
        let secret = match new.secret_env {
            Some(_) => None,
            None => Some(generate_secret()?),
        };
        let mut types = new.events.to_vec();
        types.sort();
        types.dedup();
        let types = types.join(" ");
        let via = via(actor).cloned();
        self.webhook_write(actor, "webhook.add", &url, |tx, admin, os_user| {
            if rows::by_url(tx, &url)?.is_some() {
                return Err(Error::conflict(format!(
                    "a webhook for {} already exists",
                    printable(&url)
                ))
                .hint("see it with `orgadm webhook list`"));
            }
            let now = crate::time::now();
            let id = rows::insert(
                tx,
                &rows::NewWebhook {
                    url: &url,
                    types: &types,
                    secret: secret.as_deref(),
                    secret_env: new.secret_env,
                    allow_private: new.allow_private,
                    now,
                    cursor: event_rows::last_seq(tx)?,
                },
            )?;
            audit::append(
                tx,
                &audit::NewEntry {
                    actor: admin,
                    os_user,
                    action: "webhook.add",
                    target: &url,
                    details: super::credentials::Via::record(
                        via.as_ref(),
                        serde_json::json!({
                            "events": types_of(&types),
                            "secret_env": new.secret_env,
                            "allow_private": new.allow_private,
                        }),
                    ),
                },
            )?;
            let row = rows::by_id(tx, id)?.ok_or_else(|| Error::internal("webhook vanished"))?;
            Ok(AddedWebhook {
                webhook: WebhookView::of(row),
                secret: secret.clone(),
            })
        })
    }

    pub fn webhooks(&self) -> Result<Vec<WebhookView>> {
        self.store.read(all)
    }

    /// `webhook remove`.
    pub fn webhook_remove(&mut self, actor: &Actor, url: &str) -> Result<WebhookView> {
        let url = url.trim().to_string();
        let via = via(actor).cloned();
        self.webhook_write(actor, "webhook.remove", &url, |tx, admin, os_user| {
            let w = find(tx, &url)?;
            rows::delete(tx, w.id)?;
            audit::append(
                tx,
                &audit::NewEntry {
                    actor: admin,
                    os_user,
                    action: "webhook.remove",
                    target: &w.url,
                    details: super::credentials::Via::record(
                        via.as_ref(),
                        serde_json::json!({"last_seq": w.cursor}),
                    ),
                },
            )?;
            Ok(WebhookView::of(w))
        })
    }

    /// `webhook replay URL --since SEQ`: delivery starts again after SEQ,
    /// at once, with the failures forgotten (a disabled webhook is enabled
    /// again: the admin asked for it).
    pub fn webhook_replay(&mut self, actor: &Actor, url: &str, since: i64) -> Result<WebhookView> {
        let url = url.trim().to_string();
        let via = via(actor).cloned();
        self.webhook_write(actor, "webhook.replay", &url, |tx, admin, os_user| {
            let w = find(tx, &url)?;
            let last = event_rows::last_seq(tx)?;
            let since = since.clamp(0, last);
            rows::rewind(tx, w.id, since)?;
            audit::append(
                tx,
                &audit::NewEntry {
                    actor: admin,
                    os_user,
                    action: "webhook.replay",
                    target: &w.url,
                    details: super::credentials::Via::record(
                        via.as_ref(),
                        serde_json::json!({"since": since, "was_at": w.cursor}),
                    ),
                },
            )?;
            let row = rows::by_id(tx, w.id)?.ok_or_else(|| Error::internal("webhook vanished"))?;
            Ok(WebhookView::of(row))
        })
    }

    /// The webhook and its signing secret, for `webhook test` (which an
    /// org-admin runs).
    pub fn webhook_for_test(&self, actor: &Actor, url: &str) -> Result<Claim> {
        self.store.read(|tx| {
            super::query::authorize_actor(tx, actor)?;
            let w = find(tx, url.trim())?;
            Ok(claim_of(w))
        })
    }

    /// Takes the most overdue webhook with events to deliver, for `owner`
    /// until `now + lease`.
    pub fn claim_webhook(&mut self, owner: &str, now: i64, lease: i64) -> Result<Option<Claim>> {
        if !self.store.read(|tx| rows::any_due(tx, now))? {
            return Ok(None);
        }
        self.store
            .write(|tx| Ok(rows::claim(tx, owner, now, now + lease)?.map(claim_of)))
    }

    /// How far delivery is behind, for `/metrics`: one read of the
    /// webhooks and the newest event's number.
    pub fn delivery_backlog(&self) -> Result<Backlog> {
        self.store.read(|tx| {
            let last = event_rows::last_seq(tx)?;
            Ok(Backlog::of(&rows::all(tx)?, last))
        })
    }

    /// The next events after `cursor`, oldest first, every type (the
    /// delivery passes over those the webhook does not take).
    pub fn events_after(&self, cursor: i64, limit: i64) -> Result<Vec<super::events::Event>> {
        self.store
            .read(|tx| super::events::after(tx, cursor, &[], limit))
    }

    /// Records that the events up to `cursor` are done for the webhook
    /// (`delivered` of them accepted), if `owner` still holds it; false
    /// if it does not (its lease ran out and another server may have it).
    pub fn webhook_advanced(
        &mut self,
        claim: &Claim,
        lease: &Lease,
        cursor: i64,
        delivered: i64,
        result: Option<&str>,
        now: i64,
    ) -> Result<bool> {
        self.store.write(|tx| {
            if !rows::holds(tx, claim.id, lease.owner, now)? {
                return Ok(false);
            }
            rows::advance(
                tx,
                claim.id,
                cursor,
                delivered,
                result,
                now,
                now + lease.secs,
            )?;
            Ok(true)
        })
    }

    /// Records a failed try: retried on the schedule, or disabled (410,
    /// or failing for five days). Returns the webhook after.
    pub fn webhook_failed(
        &mut self,
        claim: &Claim,
        owner: &str,
        tried: &Tried,
        now: i64,
    ) -> Result<()> {
        let Tried::Failed {
            result,
            retry_after,
            gone,
        } = tried
        else {
            return Ok(());
        };
        self.store.write(|tx| {
            if !rows::holds(tx, claim.id, owner, now)? {
                return Ok(());
            }
            let w =
                rows::by_id(tx, claim.id)?.ok_or_else(|| Error::internal("webhook vanished"))?;
            let failures = w.attempts + 1;
            rows::failed(tx, w.id, result, now, next_try(failures, now, *retry_after))?;
            let since = w.failing_since.unwrap_or(now);
            if *gone {
                rows::disable(tx, w.id, "the receiver answered 410 Gone")?;
            } else if now - since >= DISABLE_AFTER {
                rows::disable(
                    tx,
                    w.id,
                    &format!(
                        "failing since {} (5 days); `orgadm webhook replay` starts it again",
                        crate::time::rfc3339(since)
                    ),
                )?;
            }
            Ok(())
        })
    }

    /// Lets go of a webhook with nothing more to deliver for now.
    pub fn webhook_release(&mut self, claim: &Claim, owner: &str) -> Result<()> {
        self.store.write(|tx| rows::release(tx, claim.id, owner))
    }
}

/// Every webhook, by URL.
pub(crate) fn all(tx: &Tx) -> Result<Vec<WebhookView>> {
    Ok(rows::all(tx)?.into_iter().map(WebhookView::of).collect())
}

/// Webhook delivery at a glance (`/metrics`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlog {
    /// Events past each active webhook's cursor, summed (events of types
    /// a webhook does not take count until it passes over them).
    pub pending: i64,
    pub active: i64,
    pub disabled: i64,
}

impl Backlog {
    fn of(hooks: &[rows::WebhookRow], last_seq: i64) -> Backlog {
        let mut b = Backlog {
            pending: 0,
            active: 0,
            disabled: 0,
        };
        for h in hooks {
            if h.state == "active" {
                b.active += 1;
                b.pending += (last_seq - h.cursor).max(0);
            } else {
                b.disabled += 1;
            }
        }
        b
    }
}

fn claim_of(w: rows::WebhookRow) -> Claim {
    Claim {
        id: w.id,
        types: types_of(&w.types),
        url: w.url,
        secret: w.secret,
        secret_env: w.secret_env,
        allow_private: w.allow_private,
        cursor: w.cursor,
    }
}

fn find(tx: &Tx, url: &str) -> Result<rows::WebhookRow> {
    rows::by_url(tx, url)?.ok_or_else(|| {
        Error::not_found(format!("no webhook for {}", printable(url)))
            .hint("list them with `orgadm webhook list`")
    })
}

fn via(actor: &Actor) -> Option<&super::credentials::Via> {
    match actor {
        Actor::Api(v) => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    #[test]
    fn the_backlog_counts_active_webhooks_behind_the_newest_event() {
        let row = |cursor: i64, state: &str| rows::WebhookRow {
            id: 1,
            url: "https://example.com/hook".into(),
            types: String::new(),
            secret: None,
            secret_env: None,
            allow_private: false,
            created_at: 0,
            cursor,
            state: state.into(),
            disabled_reason: None,
            attempts: 0,
            failing_since: None,
            next_attempt_at: 0,
            last_attempt_at: None,
            last_result: None,
            delivered: 0,
        };
        let hooks = [
            row(7, "active"),
            row(10, "active"),
            row(2, "disabled"),
            row(12, "active"),
        ];
        assert_eq!(
            Backlog::of(&hooks, 10),
            Backlog {
                pending: 3,
                active: 3,
                disabled: 1
            }
        );
        assert_eq!(
            Backlog::of(&[], 10),
            Backlog {
                pending: 0,
                active: 0,
                disabled: 0
            }
        );
    }

    #[test]
    fn the_schedule_is_specs_and_retry_after_only_lengthens_it() {
        let waits: Vec<i64> = (1..=11).map(|n| next_try(n, 1000, None) - 1000).collect();
        assert_eq!(
            waits,
            [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400, 86400, 86400]
        );
        assert_eq!(next_try(1, 0, Some(60)), 60);
        assert_eq!(next_try(2, 0, Some(60)), 300);
        assert_eq!(next_try(1, 0, Some(10 * 86_400)), 86_400);
        assert_eq!(next_try(1, 0, Some(-5)), 5);
    }

    #[test]
    fn private_addresses_are_told_from_public_ones() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "ff02::1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:1.1.1.1",
        ] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn urls_are_https_or_http_to_loopback() {
        assert!(check_url("https://apps.example.com/hook").is_ok());
        assert!(check_url(" http://127.0.0.1:8080/h ").is_ok());
        assert!(check_url("http://[::1]:8080/h").is_ok());
        assert!(check_url("http://localhost/h").is_ok());
        for bad in [
            "http://apps.example.com/hook",
            "ftp://example.com/",
            "https://user:pw@example.com/",
            "example.com/hook",
            "https://",
        ] {
            assert_eq!(check_url(bad).unwrap_err().kind, Kind::Usage, "{bad}");
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL));
        assert!(check_url(&long).is_err());
        let base = "https://example.com/";
        let longest = format!("{base}{}", "a".repeat(MAX_URL - base.len()));
        assert_eq!(check_url(&longest).unwrap(), longest);
    }

    #[test]
    fn a_url_without_a_port_resolves_to_its_schemes_port() {
        let http = resolve("http://127.0.0.1/hook", true).unwrap();
        assert!(http.iter().all(|a| a.port() == 80), "{http:?}");
        let https = resolve("https://127.0.0.1/hook", true).unwrap();
        assert!(https.iter().all(|a| a.port() == 443), "{https:?}");
        let given = resolve("https://127.0.0.1:8443/hook", true).unwrap();
        assert!(given.iter().all(|a| a.port() == 8443), "{given:?}");
        let refused = resolve("https://127.0.0.1/hook", false).unwrap_err();
        assert!(refused.message.contains("private"), "{}", refused.message);
    }

    #[test]
    fn secret_variables_are_shell_names() {
        for ok in ["HOOK_SECRET", "_X", "a1", &"A".repeat(128)] {
            assert!(check_env_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "1AB", "A-B", "A B", "É", &"A".repeat(129)] {
            assert!(check_env_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn secrets_are_standard_webhooks_secrets() {
        let s = generate_secret().unwrap();
        assert!(s.starts_with("whsec_"));
        assert_eq!(check_secret(&s).unwrap().len(), 24);
        assert!(check_secret("whsec_c2hvcnQ=").is_err());
        assert!(check_secret("not base64!").is_err());
    }
}
