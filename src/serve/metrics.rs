//! `GET /metrics` (SPEC §15): what a Prometheus server scrapes. Requests by
//! route, method and status, their latency, the store's errors, and how far
//! webhook delivery is behind, in the OpenMetrics text format (the
//! `prometheus-client` crate's encoder; Prometheus reads it natively).
//!
//! Routes are the router's own templates (`/api/v1/people/{user}`), never a
//! request's path, so the series are few and hold no request bytes.
//!
//! Who may read it: a client on a loopback address whose request came
//! straight in (no `Forwarded` or `X-Forwarded-For` header, which a reverse
//! proxy on the same host adds: its clients are not local), or anyone with
//! the bearer token in the environment variable `[serve] metrics_token`
//! names. Wrong tokens count against the address like the admin API's
//! failed sign-ins.

use std::time::Duration;

use axum::extract::{Extension, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use super::api::ClientAddr;
use super::{blocking, Shared};
use crate::store::Access;

/// The content type of the OpenMetrics text format.
const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KeptLabels {
    result: &'static str,
}

/// The server's metrics, kept from its start.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    store_errors: Counter,
    store_up: Gauge,
    pending: Gauge,
    webhooks: Family<StateLabels, Gauge>,
    kept: Family<KeptLabels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "orgadm_http_requests",
            "HTTP requests answered, by method, route and status",
            requests.clone(),
        );
        // 0.5 ms to ~16 s: a check on a warm pool is well under a
        // millisecond, an apply of 100,000 people takes seconds.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        registry.register(
            "orgadm_http_request_duration_seconds",
            "Time from a request's head to its answer, by route",
            latency.clone(),
        );
        let store_errors = Counter::default();
        registry.register(
            "orgadm_store_errors",
            "Requests that failed because the store did not answer or refused",
            store_errors.clone(),
        );
        let store_up = Gauge::default();
        registry.register(
            "orgadm_store_up",
            "1 when the store answered this scrape's read, else 0",
            store_up.clone(),
        );
        let pending = Gauge::default();
        registry.register(
            "orgadm_webhook_pending_events",
            "Events not yet done by the active webhooks, summed over them",
            pending.clone(),
        );
        let webhooks = Family::<StateLabels, Gauge>::default();
        registry.register(
            "orgadm_webhooks",
            "Webhooks by state (active, disabled)",
            webhooks.clone(),
        );
        let kept = Family::<KeptLabels, Counter>::default();
        registry.register(
            "orgadm_kept_answers",
            "Quick reads (check, whoami, one person) a kept answer was found for: given again (nothing written since) or stale (read afresh)",
            kept.clone(),
        );
        Metrics {
            kept,
            registry,
            requests,
            latency,
            store_errors,
            store_up,
            pending,
            webhooks,
        }
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, method: &str, route: &str, status: u16, took: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_string(),
                route: route.to_string(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_string(),
            })
            .observe(took.as_secs_f64());
    }

    /// Counts a kept answer found for a request: given again, or stale.
    pub fn kept_answer(&self, given: bool) {
        let result = if given { "given" } else { "stale" };
        self.kept.get_or_create(&KeptLabels { result }).inc();
    }

    /// Counts a request that failed on the store.
    pub fn store_error(&self) {
        self.store_errors.inc();
    }

    /// The text a scrape gets, with the store's figures as read now (None:
    /// the store did not answer).
    fn encode(&self, backlog: Option<crate::org::webhooks::Backlog>) -> String {
        match backlog {
            Some(b) => {
                self.store_up.set(1);
                self.pending.set(b.pending);
                for (state, n) in [("active", b.active), ("disabled", b.disabled)] {
                    self.webhooks
                        .get_or_create(&StateLabels {
                            state: state.to_string(),
                        })
                        .set(n);
                }
            }
            None => {
                self.store_up.set(0);
            }
        }
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// Whether a request may read the metrics without a token: it came from
/// a loopback address, and not through a proxy on this host.
fn is_local(ip: std::net::IpAddr, headers: &HeaderMap) -> bool {
    let proxied = headers.contains_key("forwarded") || headers.contains_key("x-forwarded-for");
    ip.is_loopback() && !proxied
}

/// Whether `given` is the metrics token, compared in constant time (as
/// SHA-256 digests, so neither length nor content leaks through timing).
fn token_matches(given: &str, want: &str) -> bool {
    use sha2::{Digest, Sha256};
    let a = Sha256::digest(given.as_bytes());
    let b = Sha256::digest(want.as_bytes());
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// `GET /metrics`.
pub async fn scrape(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
) -> Response {
    let ip = c.0;
    if !is_local(ip, &headers) {
        if let Some(wait) = s.failures.blocked_for(ip) {
            return super::api::too_many("failed sign-ins from this address", wait.as_secs());
        }
        let Some(want) = &s.metrics_token else {
            return (
                StatusCode::FORBIDDEN,
                "metrics are served to loopback clients only; set `[serve] metrics_token` to let others in with a bearer token\n",
            )
                .into_response();
        };
        if !token_matches(&super::api::bearer(&headers), want) {
            s.failures.failed(ip);
            let mut r = (
                StatusCode::UNAUTHORIZED,
                "the metrics need the bearer token `[serve] metrics_token` names\n",
            )
                .into_response();
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"orgadm metrics\""),
            );
            return r;
        }
    }
    let s2 = s.clone();
    let backlog = blocking(move || s2.with_org(Access::Read, |org| org.delivery_backlog()))
        .await
        .ok()
        .and_then(|r| r.ok());
    let mut r = s.metrics.encode(backlog).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_right_token_matches() {
        assert!(token_matches("s3cret", "s3cret"));
        assert!(!token_matches("s3cret", "s3cre"));
        assert!(!token_matches("", "s3cret"));
        assert!(!token_matches("S3cret", "s3cret"));
        // Differences in several bytes must not cancel out: a token whose
        // digest XORs to the same byte as the right one's still fails
        // (one string in ~256 does; found by search, not by luck).
        use sha2::{Digest, Sha256};
        let fold = |s: &str| Sha256::digest(s.as_bytes()).iter().fold(0u8, |a, b| a ^ b);
        let twin = (0..100_000)
            .map(|i| format!("guess{i}"))
            .find(|g| fold(g) == fold("s3cret"))
            .unwrap();
        assert!(!token_matches(&twin, "s3cret"), "{twin}");
    }

    #[test]
    fn loopback_counts_as_local_unless_proxied() {
        let lo: std::net::IpAddr = "127.0.0.1".parse().unwrap();
        let lo6: std::net::IpAddr = "::1".parse().unwrap();
        let far: std::net::IpAddr = "192.0.2.7".parse().unwrap();
        let none = HeaderMap::new();
        assert!(is_local(lo, &none));
        assert!(is_local(lo6, &none));
        assert!(!is_local(far, &none));
        for h in ["forwarded", "x-forwarded-for"] {
            let mut m = HeaderMap::new();
            m.insert(h, HeaderValue::from_static("for=192.0.2.7"));
            assert!(!is_local(lo, &m), "{h}");
        }
    }
}
