//! The admin API under `/api/v1/` (SPEC §13): JSON in and out, a bearer
//! credential (session or API token; SCIM tokens are refused here, as API
//! credentials are under `/scim/`) on every request. Bodies are the CLI's
//! `--json` objects, errors its JSON errors with the HTTP status of their
//! exit code; bad credentials are 401 saying why, and a client address that
//! fails to authenticate 20 times within 5 minutes gets 429 for 5 minutes.
//!
//! Each handler reads the caller (their state, roles and credential) in
//! the same transaction as the request's own reads; a write re-checks the
//! credential inside its write transaction.

// A request reaches this module: nothing here may panic on what it sends.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable
    )
)]

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use axum::{Extension, Router};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::Deserialize;
use serde_json::Value;

use super::{kept, on_lane, read_body, Lane, Shared};
use crate::error::{Error, Kind, Result};
use crate::org::credentials::{self, AuthFailure, Caller, Scope, Stamp, Via};
use crate::org::request::{How, Outcome, Page, Request, Settings, PROGRESS_TYPE};
use crate::org::{reads, Actor, Org, PersonFilter};
use crate::store::Access;

/// The client's address, set on every request by the connection it came on.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

/// Failed authentications one address may make within [`FAILURE_WINDOW`].
pub const MAX_FAILURES: u32 = 20;
/// The window of [`MAX_FAILURES`], and how long an address is then refused.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(300);
/// Addresses kept refused at once; past it the expired ones are dropped.
const MAX_BLOCKED: usize = 100_000;
/// The largest request body the API reads.
const MAX_BODY: usize = 64 * 1024;
/// The most an `apply` body holds: a file of 100,000 people is ~10 MB.
const MAX_APPLY_BODY: usize = 64 * 1024 * 1024;

/// Failed authentications per client address: `governor` counts them (20
/// in 5 minutes, refilled evenly); an address that runs out is refused
/// every request for [`FAILURE_WINDOW`], whatever credential it sends.
pub struct Failures {
    counter: DefaultKeyedRateLimiter<IpAddr>,
    blocked: Mutex<HashMap<IpAddr, Instant>>,
}

impl Default for Failures {
    fn default() -> Self {
        let per = FAILURE_WINDOW / MAX_FAILURES;
        // The limiter lets 19 through; the 20th failure is the one it
        // refuses, which starts the address's refusal.
        let burst = NonZeroU32::new(MAX_FAILURES - 1).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(per)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst);
        Failures {
            counter: RateLimiter::keyed(quota),
            blocked: Mutex::new(HashMap::new()),
        }
    }
}

impl Failures {
    /// How long `ip` is still refused, if it is.
    pub(super) fn blocked_for(&self, ip: IpAddr) -> Option<Duration> {
        let now = Instant::now();
        let mut b = self.blocked.lock().ok()?;
        match b.get(&ip) {
            Some(until) if *until > now => Some(*until - now),
            Some(_) => {
                b.remove(&ip);
                None
            }
            None => None,
        }
    }

    /// Counts a failure; the 20th starts the address's refusal.
    pub(super) fn failed(&self, ip: IpAddr) {
        if self.counter.check_key(&ip).is_ok() {
            return;
        }
        let now = Instant::now();
        if let Ok(mut b) = self.blocked.lock() {
            if b.len() >= MAX_BLOCKED {
                b.retain(|_, until| *until > now);
                self.counter.retain_recent();
            }
            b.insert(ip, now + FAILURE_WINDOW);
        }
    }
}

macro_rules! or_answer {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return answer_error(&e),
        }
    };
}

pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v1/whoami", get(whoami))
        .route("/api/v1/check", get(check))
        .route("/api/v1/tokens", get(token_list).post(token_create))
        .route("/api/v1/tokens/{which}", delete(token_revoke))
        .route("/api/v1/people", get(people).post(user_add))
        .route(
            "/api/v1/people/{user}",
            get(person).patch(user_edit).delete(user_remove),
        )
        .route("/api/v1/people/{user}/suspend", post(user_suspend))
        .route("/api/v1/people/{user}/unsuspend", post(user_unsuspend))
        .route("/api/v1/invitations", get(invitations))
        .route(
            "/api/v1/invitations/{user}",
            patch(invite_edit).delete(invite_revoke),
        )
        .route("/api/v1/invitations/{user}/resend", post(invite_resend))
        .route("/api/v1/groups", get(groups).post(group_create))
        .route(
            "/api/v1/groups/{group}",
            get(group).patch(group_edit).delete(group_delete),
        )
        .route("/api/v1/groups/{group}/members", post(group_manage))
        .route("/api/v1/apply", post(apply))
        .route(
            "/api/v1/scim-tokens",
            get(scim_tokens).post(scim_token_create),
        )
        .route("/api/v1/scim-tokens/{name}", delete(scim_token_revoke))
        .route("/api/v1/audit", get(audit))
        .route("/api/v1/events", get(events))
        .route("/api/v1/webhooks", get(webhooks).post(webhook_add))
        .route("/api/v1/webhooks/remove", post(webhook_remove))
        .route("/api/v1/webhooks/replay", post(webhook_replay))
        .route("/api/v1/webhooks/test", post(webhook_test))
        .route("/api/v1/audit/verify", get(audit_verify))
        .route("/api/v1/export", get(export))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/{*rest}", axum::routing::any(not_found))
        .route("/api", axum::routing::any(not_found))
}

/// The OpenAPI 3.1 document of every route under /api/v1 (a test keeps
/// it complete and valid).
pub const OPENAPI: &str = include_str!("openapi.json");

async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI,
    )
        .into_response()
}

async fn not_found() -> Response {
    answer_error(&Error::not_found(
        "there is no orgadm API route at this URL",
    ))
}

/// An error as the CLI prints it with `--json`, with its exit code's status.
pub(super) fn answer_error(e: &Error) -> Response {
    if e.kind == Kind::Storage || e.kind == Kind::Internal {
        super::log_line(&format!("api: {} error: {}", e.kind.name(), e.message));
    }
    let status =
        StatusCode::from_u16(e.kind.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut body = e.to_json();
    if let Some(i) = &e.impact {
        body["impact"] = serde_json::to_value(i).unwrap_or_default();
    }
    (status, axum::Json(body)).into_response()
}

fn unauthorized(fail: AuthFailure) -> Response {
    let mut r = answer_error(&fail.error());
    *r.status_mut() = StatusCode::UNAUTHORIZED;
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"orgadm\""),
    );
    r
}

/// 429 with `Retry-After`: `what` happened too often; retry in `secs`.
pub(super) fn too_many(what: &str, secs: u64) -> Response {
    let secs = secs.max(1);
    let e = Error::forbidden(format!("too many {what}; try again in {secs} s"))
        .hint(format!("retry after {secs} seconds"));
    let mut r = answer_error(&e);
    *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

/// The bearer credential of a request ("" when there is none).
pub(super) fn bearer(headers: &HeaderMap) -> String {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| rest.trim().to_string())
        })
        .unwrap_or_default()
}

/// What a request needs of its caller besides a valid credential.
fn need(caller: &Caller, scope: Scope) -> Result<()> {
    if caller.credential.scope.allows(scope) {
        return Ok(());
    }
    Err(Error::forbidden(format!(
        "refused: this credential's scope is `{}`, and this request needs `{}`",
        caller.credential.scope.as_str(),
        scope.as_str()
    ))
    .hint("make a token with the scope it needs: `orgadm token create NAME --scope admin`"))
}

/// Runs `f` on a blocking thread with an open organization and the
/// request's credential; answers what it returns as JSON. Authentication
/// failures are counted against the client's address.
async fn api<B: serde::Serialize + Send + 'static>(
    s: Shared,
    ip: IpAddr,
    headers: &HeaderMap,
    access: Access,
    f: impl FnOnce(&mut Org, &str) -> Result<Result<(StatusCode, B), AuthFailure>> + Send + 'static,
) -> Response {
    match run_as(Lane::Long, &s, ip, headers, access, f).await {
        Ok((status, body)) => (status, axum::Json(body)).into_response(),
        Err(resp) => resp,
    }
}

/// Runs `f` on `lane` with an open organization and the request's
/// credential. Err: what to answer instead (an error, a refused
/// credential, counted against the client's address, or 429 for an
/// address refused too often).
async fn run_as<T: Send + 'static>(
    lane: Lane,
    s: &Shared,
    ip: IpAddr,
    headers: &HeaderMap,
    access: Access,
    f: impl FnOnce(&mut Org, &str) -> Result<Result<T, AuthFailure>> + Send + 'static,
) -> std::result::Result<T, Response> {
    if let Some(wait) = s.failures.blocked_for(ip) {
        return Err(too_many(
            "failed sign-ins from this address",
            wait.as_secs(),
        ));
    }
    let raw = bearer(headers);
    let s2 = s.clone();
    match on_lane(lane, move || s2.with_org(access, |org| f(org, &raw))).await {
        Err(resp) => Err(resp),
        Ok(Err(e)) => Err(answer_error(&e)),
        Ok(Ok(Err(fail))) => {
            s.failures.failed(ip);
            Err(unauthorized(fail))
        }
        Ok(Ok(Ok(t))) => Ok(t),
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::internal(format!("cannot encode the answer: {e}")))
}

/// `GET /api/v1/whoami`: the person of §7 with the credential in use.
async fn whoami(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
) -> Response {
    kept_read(s, c.0, &headers, "whoami", &[], |org, raw| {
        org.read_stamped(raw, |tx, caller| {
            need(caller, Scope::Check)?;
            let mut v = to_value(&credentials::whoami(tx, caller)?)?;
            v["credential"] = to_value(&caller.credential)?;
            Ok(((StatusCode::OK, v), None))
        })
    })
    .await
}

/// A quick read whose answer the server keeps ([`super::kept`]): given
/// again while the organization's generation is the one it was read at
/// (one statement), else read afresh by `f`, which stamps its answer; a
/// 200 is kept. `route` and `args` name the answer, with the credential.
async fn kept_read<B: serde::Serialize + Send + 'static>(
    s: Shared,
    ip: IpAddr,
    headers: &HeaderMap,
    route: &str,
    args: &[&str],
    f: impl FnOnce(&mut Org, &str) -> Result<Result<((StatusCode, B), Stamp), AuthFailure>>
        + Send
        + 'static,
) -> Response {
    if let Some(wait) = s.failures.blocked_for(ip) {
        return too_many("failed sign-ins from this address", wait.as_secs());
    }
    let key = kept::key(route, &bearer(headers), args);
    let now = crate::time::now();
    if let Some(k) = s.answers.get(&key, now) {
        let s2 = s.clone();
        let (generation, file) = (k.stamp.generation, k.file);
        let same = on_lane(Lane::Quick, move || {
            s2.file_identity() == file
                && s2.with_org(Access::Read, |org| org.generation()).ok() == Some(generation)
        })
        .await;
        let given = matches!(same, Ok(true));
        s.metrics.kept_answer(given);
        if given {
            return encoded(k.status, k.body);
        }
    }
    // The file before the read: one replaced meanwhile only makes what
    // is kept stale sooner.
    let file = s.file_identity();
    let ((status, body), stamp) = match run_as(Lane::Quick, &s, ip, headers, Access::Read, f).await
    {
        Ok(read) => read,
        Err(resp) => return resp,
    };
    let body = match serde_json::to_vec(&body) {
        Ok(b) => Bytes::from(b),
        Err(e) => return answer_error(&Error::internal(format!("cannot encode the answer: {e}"))),
    };
    if status == StatusCode::OK {
        let kept = kept::Kept {
            stamp,
            file,
            status,
            body: body.clone(),
        };
        s.answers.keep(key, kept, now);
    }
    encoded(status, body)
}

/// A JSON body encoded already.
fn encoded(status: StatusCode, body: Bytes) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

#[derive(Deserialize)]
struct CheckQuery {
    email: Option<String>,
    capability: Option<String>,
}

/// `GET /api/v1/check?email=E&capability=C`: 200 with `allowed` true or
/// false (the client exits 6 on false), 404 for no such person. Anyone
/// may check themselves; checking others needs an org-admin.
async fn check(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    q: std::result::Result<Query<CheckQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let (email, capability) = match q {
        Ok(Query(CheckQuery {
            email: Some(e),
            capability: Some(c),
        })) => (e, c),
        _ => {
            return answer_error(&Error::usage(
                "check needs the query parameters `email` and `capability`",
            ))
        }
    };
    let args = [email.clone(), capability.clone()];
    kept_read(s, c.0, &headers, "check", &[&args[0], &args[1]], move |org, raw| {
        org.read_stamped(raw, |tx, caller| {
            need(caller, Scope::Check)?;
            credentials::check_capability(&capability)?;
            if !caller.is_admin() && !same_person(&email, &caller.email) {
                return Err(Error::forbidden(format!(
                    "refused: {} may check only themselves; checking another person needs an org-admin",
                    caller.email
                )));
            }
            let answer = credentials::check(tx, &email, &capability)?;
            Ok(((StatusCode::OK, answer), None))
        })
    })
    .await
}

fn same_person(a: &str, b: &str) -> bool {
    match (crate::validate::email(a), crate::validate::email(b)) {
        (Ok(a), Ok(b)) => a.norm == b.norm,
        _ => false,
    }
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    all: bool,
}

/// `GET /api/v1/tokens[?all=true]`: one's own tokens, or everyone's.
async fn token_list(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    q: std::result::Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(ListQuery { all })) = q else {
        return answer_error(&Error::usage("`all` must be true or false"));
    };
    api(s, c.0, &headers, Access::Read, move |org, raw| {
        org.read_as(raw, |tx, caller| {
            need(caller, Scope::Read)?;
            let list = credentials::tokens(tx, &caller.email, all)?;
            Ok((StatusCode::OK, to_value(&list)?))
        })
    })
    .await
}

/// What `POST /api/v1/tokens` takes: `orgadm token create`'s arguments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenCreate {
    pub name: String,
    #[serde(default)]
    pub scope: Option<Scope>,
    /// e.g. `90d` (default 90 days, at most 366).
    #[serde(default)]
    pub expires_in: Option<String>,
}

/// Authenticates `raw` for a write needing `scope`, then runs `f` with the
/// caller and how the request came (the write re-checks the credential).
fn write_as(
    org: &mut Org,
    raw: &str,
    ip: IpAddr,
    scope: Scope,
    f: impl FnOnce(&mut Org, &Caller, &Via) -> Result<Value>,
) -> Result<Result<(StatusCode, Value), AuthFailure>> {
    write_answering(org, raw, ip, scope, |org, caller, via| {
        f(org, caller, via).map(|v| (StatusCode::OK, v))
    })
}

/// [`write_as`] whose `f` says the answer's status.
fn write_answering(
    org: &mut Org,
    raw: &str,
    ip: IpAddr,
    scope: Scope,
    f: impl FnOnce(&mut Org, &Caller, &Via) -> Result<(StatusCode, Value)>,
) -> Result<Result<(StatusCode, Value), AuthFailure>> {
    let caller = match org.authenticate(raw)? {
        Ok(c) => c,
        Err(fail) => return Ok(Err(fail)),
    };
    need(&caller, scope)?;
    let via = Via::of(&caller, &ip.to_string());
    f(org, &caller, &via).map(Ok)
}

/// A changing command over the API: the route's request (its body, and
/// the path's person or group), run as the caller through the one core
/// path ([`Org::submit`]), which resolves it and checks the caller's
/// power inside the writing transaction. A change that needs a question
/// is 428 with its plan; `dry_run` answers the plan; `shown` commits
/// against the impact the admin confirmed (409 if it grew); `yes`
/// commits without asking.
async fn change(
    s: Shared,
    ip: IpAddr,
    headers: &HeaderMap,
    (method, template): (&'static str, &'static str),
    value: Option<String>,
    body: Body,
) -> Response {
    let limit = if template == "/api/v1/apply" {
        // A large body is read only for a caller whose credential holds
        // now: nobody else can make the server take in megabytes.
        let pre = api(s.clone(), ip, headers, Access::Read, |org, raw| {
            Ok(org
                .authenticate(raw)?
                .map(|_| (StatusCode::OK, Value::Null)))
        })
        .await;
        if pre.status() != StatusCode::OK {
            return pre;
        }
        MAX_APPLY_BODY
    } else {
        MAX_BODY
    };
    let bytes = match read_body(body, limit).await {
        Ok(b) => b,
        Err(e) => {
            let e = Error::usage(format!("{} (at most {} KiB)", e.message(), limit / 1024));
            return answer_error(&e);
        }
    };
    let body: Value = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        or_answer!(serde_json::from_slice(&bytes)
            .map_err(|e| { Error::usage(format!("the request body is not JSON: {e}")) }))
    };
    let (req, shown, dry_run, yes) = or_answer!(Request::from_api(method, template, value, body));
    let streamed = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(PROGRESS_TYPE));
    let (progress, steps) = if streamed {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let f: std::sync::Arc<crate::org::ProgressFn> = std::sync::Arc::new(move |p| {
            let _ = tx.send(p);
        });
        (Some(f), Some(rx))
    } else {
        (None, None)
    };
    let s2 = s.clone();
    let headers = headers.clone();
    let work = async move {
        api(s, ip, &headers, Access::Write, move |org, raw| {
            // The connection goes back to the pool: it reports to no one then.
            org.on_progress(progress);
            let out = change_as(org, raw, ip, &s2, &req, (shown, dry_run, yes));
            org.on_progress(None);
            out
        })
        .await
    };
    match steps {
        None => work.await,
        Some(steps) => streamed_answer(tokio::spawn(work), steps),
    }
}

/// At most one progress line per step this often (and one at each step's
/// start).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// A change's answer with its progress: `200` with `application/x-ndjson`,
/// a line `{"progress": {...}}` as each step starts and then every
/// [`PROGRESS_EVERY`], and last `{"status": N, "answer": {...}}`: the status
/// and body the change answers without progress. The change runs to its
/// end even if the client leaves (as without progress).
fn streamed_answer(
    mut work: tokio::task::JoinHandle<Response>,
    mut steps: tokio::sync::mpsc::UnboundedReceiver<crate::org::Progress>,
) -> Response {
    let (lines, out) = tokio::sync::mpsc::channel::<bytes::Bytes>(16);
    tokio::spawn(async move {
        let line = |p: &crate::org::Progress| {
            let mut l = serde_json::json!({ "progress": p }).to_string();
            l.push('\n');
            bytes::Bytes::from(l)
        };
        let mut shown: Option<std::mem::Discriminant<crate::org::Progress>> = None;
        let mut pending = None;
        let mut open = true;
        let mut tick = tokio::time::interval(PROGRESS_EVERY);
        let resp = loop {
            tokio::select! {
                p = steps.recv(), if open => match p {
                    // A new step is shown at once, its counts at each tick;
                    // a slow reader misses counts, never the answer.
                    Some(p) if shown != Some(std::mem::discriminant(&p)) => {
                        shown = Some(std::mem::discriminant(&p));
                        pending = None;
                        let _ = lines.try_send(line(&p));
                    }
                    Some(p) => pending = Some(p),
                    None => open = false,
                },
                _ = tick.tick() => {
                    if let Some(p) = pending.take() {
                        let _ = lines.try_send(line(&p));
                    }
                }
                r = &mut work => break r.unwrap_or_else(|e| {
                    super::log_line(&format!("request handler failed: {e}"));
                    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
                }),
            }
        };
        let status = resp.status().as_u16();
        // The answer the change made, whole, as without progress.
        let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        let answer = match serde_json::from_slice::<&serde_json::value::RawValue>(&body) {
            Ok(raw) => raw.get().to_string(),
            Err(_) => Value::String(String::from_utf8_lossy(&body).into_owned()).to_string(),
        };
        let last = format!("{{\"status\":{status},\"answer\":{answer}}}\n");
        let _ = lines.send(bytes::Bytes::from(last)).await;
    });
    let body = futures_util::stream::unfold(out, |mut out| async move {
        out.recv()
            .await
            .map(|b| (Ok::<_, std::convert::Infallible>(b), out))
    });
    (
        [(header::CONTENT_TYPE, PROGRESS_TYPE)],
        Body::from_stream(body),
    )
        .into_response()
}

/// A change's core, as the caller `raw` names (see [`change`]).
fn change_as(
    org: &mut Org,
    raw: &str,
    ip: IpAddr,
    s2: &Shared,
    req: &Request,
    (shown, dry_run, yes): (Option<crate::impact::Impact>, bool, bool),
) -> Result<Result<(StatusCode, Value), AuthFailure>> {
    write_answering(org, raw, ip, Scope::Admin, |org, _caller, via| {
        let how = match (&shown, dry_run) {
            (_, true) => How::Plan,
            (Some(i), false) => How::Shown(i),
            (None, false) => How::Unasked { yes },
        };
        let settings = Settings {
            invite_ttl: s2.invite_ttl,
        };
        let mailer = s2
            .mailer
            .as_ref()
            .ok_or_else(|| Error::internal("this server was started without mail settings"))?;
        let actor = Actor::Api(via.clone());
        let outcome = org.submit(&actor, req, how, &settings, mailer)?;
        match outcome {
            Outcome::Planned(plan) if !dry_run => {
                let mut body = Error::needs_confirmation(
                        "this change needs confirmation: commit it with `shown` set to the impact in `plan`, or with `yes`",
                    )
                    .to_json();
                body["plan"] = to_value(&plan)?;
                Ok((StatusCode::PRECONDITION_REQUIRED, body))
            }
            o => Ok((StatusCode::OK, to_value(&o)?)),
        }
    })
}

/// Declares a route's handler for [`change`]: the method and path template
/// as the request table (`org::request`) has them.
macro_rules! change_route {
    ($name:ident, $method:literal, $template:literal) => {
        async fn $name(
            State(s): State<Shared>,
            Extension(c): Extension<ClientAddr>,
            headers: HeaderMap,
            body: Body,
        ) -> Response {
            change(s, c.0, &headers, ($method, $template), None, body).await
        }
    };
    ($name:ident, $method:literal, $template:literal, path) => {
        async fn $name(
            State(s): State<Shared>,
            Extension(c): Extension<ClientAddr>,
            headers: HeaderMap,
            Path(value): Path<String>,
            body: Body,
        ) -> Response {
            change(s, c.0, &headers, ($method, $template), Some(value), body).await
        }
    };
}

change_route!(user_add, "POST", "/api/v1/people");
change_route!(user_edit, "PATCH", "/api/v1/people/{user}", path);
change_route!(user_remove, "DELETE", "/api/v1/people/{user}", path);
change_route!(user_suspend, "POST", "/api/v1/people/{user}/suspend", path);
change_route!(
    user_unsuspend,
    "POST",
    "/api/v1/people/{user}/unsuspend",
    path
);
change_route!(invite_edit, "PATCH", "/api/v1/invitations/{user}", path);
change_route!(invite_revoke, "DELETE", "/api/v1/invitations/{user}", path);
change_route!(
    invite_resend,
    "POST",
    "/api/v1/invitations/{user}/resend",
    path
);
change_route!(group_create, "POST", "/api/v1/groups");
change_route!(group_edit, "PATCH", "/api/v1/groups/{group}", path);
change_route!(group_delete, "DELETE", "/api/v1/groups/{group}", path);
change_route!(group_manage, "POST", "/api/v1/groups/{group}/members", path);
change_route!(apply, "POST", "/api/v1/apply");

async fn token_create(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let req: TokenCreate = match read_json(body, MAX_BODY).await {
        Ok(r) => r,
        Err(e) => return answer_error(&e),
    };
    let ip = c.0;
    let resp = api(s, ip, &headers, Access::Write, move |org, raw| {
        write_as(org, raw, ip, Scope::Admin, |org, caller, via| {
            let expires_at = credentials::expiry(req.expires_in.as_deref())?;
            let made = org.token_create(
                &caller.email,
                Some(via),
                &req.name,
                req.scope.unwrap_or(Scope::Admin),
                expires_at,
            )?;
            to_value(&made)
        })
    })
    .await;
    created(resp)
}

async fn token_revoke(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    Path(which): Path<String>,
) -> Response {
    let ip = c.0;
    api(s, ip, &headers, Access::Write, move |org, raw| {
        write_as(org, raw, ip, Scope::Admin, |org, caller, via| {
            to_value(&org.token_revoke(&caller.email, Some(via), &which)?)
        })
    })
    .await
}

/// What `POST /api/v1/scim-tokens` takes: `orgadm scim token create`'s
/// arguments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScimTokenCreate {
    pub name: String,
    #[serde(default)]
    pub expires_in: Option<String>,
}

/// `GET /api/v1/scim-tokens`: `scim token list` (an org-admin's read).
async fn scim_tokens(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
) -> Response {
    admin_read(s, c.0, &headers, "scim.token.list", |tx| {
        to_value(&crate::org::tokens::scim_tokens(tx)?)
    })
    .await
}

/// `POST /api/v1/scim-tokens`: a token for an identity provider, made by
/// the signed-in org-admin (checked in the write); 201 with its text.
async fn scim_token_create(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let req: ScimTokenCreate = or_answer!(read_json(body, MAX_BODY).await);
    let ip = c.0;
    let resp = api(s, ip, &headers, Access::Write, move |org, raw| {
        write_as(org, raw, ip, Scope::Admin, |org, _caller, via| {
            let made = org.scim_token_made(
                &Actor::Api(via.clone()),
                &req.name,
                req.expires_in.as_deref(),
            )?;
            to_value(&made)
        })
    })
    .await;
    created(resp)
}

/// `DELETE /api/v1/scim-tokens/{name}`: `scim token revoke NAME`.
async fn scim_token_revoke(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    let ip = c.0;
    api(s, ip, &headers, Access::Write, move |org, raw| {
        write_as(org, raw, ip, Scope::Admin, |org, _caller, via| {
            org.scim_token_revoke(&Actor::Api(via.clone()), &name)?;
            Ok(serde_json::json!({"revoked": name.trim()}))
        })
    })
    .await
}

/// `GET /api/v1/webhooks`: `webhook list` (an org-admin's read).
async fn webhooks(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
) -> Response {
    admin_read(s, c.0, &headers, "webhook.list", |tx| {
        to_value(&crate::org::webhooks::all(tx)?)
    })
    .await
}

/// `POST /api/v1/webhooks`: `webhook add`; 201 with the webhook and, when
/// it was generated, its secret (shown this once).
async fn webhook_add(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let req: crate::org::webhooks::NewWebhookArgs = or_answer!(read_json(body, MAX_BODY).await);
    let ip = c.0;
    let resp = api(s, ip, &headers, Access::Write, move |org, raw| {
        write_as(org, raw, ip, Scope::Admin, |org, _caller, via| {
            to_value(&org.webhook_add(&Actor::Api(via.clone()), &req.borrowed())?)
        })
    })
    .await;
    created(resp)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WebhookNamed {
    url: String,
    /// For a replay: the events after this one are sent again.
    #[serde(default)]
    since: Option<i64>,
}

/// `POST /api/v1/webhooks/remove` (`webhook remove`), `.../replay`
/// (`webhook replay`, with `since`) and `.../test` (`webhook test`: sent
/// from the server, where deliveries come from).
async fn webhook_remove(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    webhook_op(s, c.0, headers, body, |org, actor, w| {
        to_value(&org.webhook_remove(actor, &w.url)?)
    })
    .await
}

async fn webhook_replay(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    webhook_op(s, c.0, headers, body, |org, actor, w| {
        let since = w
            .since
            .ok_or_else(|| Error::usage("a replay needs `since`"))?;
        to_value(&org.webhook_replay(actor, &w.url, since)?)
    })
    .await
}

async fn webhook_test(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    webhook_op(s, c.0, headers, body, |org, actor, w| {
        to_value(&super::deliver::test(org, actor, &w.url)?)
    })
    .await
}

async fn webhook_op(
    s: Shared,
    ip: IpAddr,
    headers: HeaderMap,
    body: Body,
    f: impl FnOnce(&mut Org, &Actor, &WebhookNamed) -> Result<Value> + Send + 'static,
) -> Response {
    let req: WebhookNamed = or_answer!(read_json(body, MAX_BODY).await);
    api(s, ip, &headers, Access::Write, move |org, raw| {
        write_as(org, raw, ip, Scope::Admin, |org, _caller, via| {
            f(org, &Actor::Api(via.clone()), &req)
        })
    })
    .await
}

/// The most a page of a list holds (`limit`), and its default.
pub const MAX_PAGE: usize = 1000;

/// A read of the organization: an active org-admin's, with a credential
/// whose scope covers reads, checked in the read's own transaction. A
/// person who is no org-admin is refused, and the attempt audited under
/// `action` (the CLI command's name) as a refused change is.
async fn admin_read<B: serde::Serialize + Send + 'static>(
    s: Shared,
    ip: IpAddr,
    headers: &HeaderMap,
    action: &'static str,
    f: impl FnOnce(&crate::store::Tx) -> Result<B> + Send + 'static,
) -> Response {
    api(s, ip, headers, Access::Read, move |org, raw| {
        let mut refused = None;
        let result = org.read_as(raw, |tx, caller| {
            reads_organization(caller, ip, &mut refused)?;
            f(tx).map(|v| (StatusCode::OK, v))
        });
        audit_refusal(org, refused, action, result)
    })
    .await
}

/// Audits the refusal [`reads_organization`] noted, if any, as a refused
/// change is audited, under `action`; `result` is answered either way.
fn audit_refusal<T>(
    org: &mut Org,
    refused: Option<Via>,
    action: &'static str,
    result: Result<T>,
) -> Result<T> {
    match refused {
        Some(via) => org.record_refusal(&Actor::Api(via), action, "organization", result),
        None => result,
    }
}

/// May `caller` read the organization? An active org-admin with a
/// credential whose scope covers reads may; a refusal sets `refused` to
/// what the audit entry records.
fn reads_organization(caller: &Caller, ip: IpAddr, refused: &mut Option<Via>) -> Result<()> {
    need(caller, Scope::Read)?;
    if !caller.is_admin() {
        *refused = Some(Via::of(caller, &ip.to_string()));
        return Err(Error::forbidden(format!(
            "refused: {} is not an org-admin; reading the organization needs one",
            caller.email
        ))
        .hint("`orgadm whoami` and `orgadm check` of yourself need no org-admin"));
    }
    Ok(())
}

/// A success that made something is 201.
fn created(mut resp: Response) -> Response {
    if resp.status() == StatusCode::OK {
        *resp.status_mut() = StatusCode::CREATED;
    }
    resp
}

/// A query string the route does not take is a usage error.
type Q<T> = std::result::Result<Query<T>, axum::extract::rejection::QueryRejection>;

fn query<T>(q: Q<T>) -> Result<T> {
    q.map(|Query(t)| t).map_err(|e| {
        Error::usage(format!(
            "the query string is not what this route takes: {}",
            e.body_text()
        ))
    })
}

/// `GET /api/v1/people`: `user list`'s filters, a page of at most `limit`
/// people (1,000), and `next`, the cursor of the page after it.
async fn people(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    q: Q<PersonFilter>,
) -> Response {
    let mut filter = or_answer!(query(q));
    let limit = filter.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
    filter.limit = Some(limit + 1);
    admin_read(s, c.0, &headers, "user.list", move |tx| {
        let mut items = reads::people(tx, &filter)?;
        let next = if items.len() > limit {
            items.truncate(limit);
            items
                .last()
                .map(|p| crate::validate::email(&p.email).map(|e| e.norm))
                .transpose()?
        } else {
            None
        };
        Ok(Page { items, next })
    })
    .await
}

/// `GET /api/v1/people/{user}`: `user show` (an email, or a name).
async fn person(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    Path(user): Path<String>,
) -> Response {
    let ip = c.0;
    let arg = user.clone();
    kept_read(s, ip, &headers, "person", &[&arg], move |org, raw| {
        let mut refused = None;
        let result = org.read_stamped(raw, |tx, caller| {
            reads_organization(caller, ip, &mut refused)?;
            let p = reads::person_named(tx, &user)?;
            let expires = p.invitation.as_ref().and_then(|i| i.turns_expired_at);
            Ok(((StatusCode::OK, p), expires))
        });
        audit_refusal(org, refused, "user.show", result)
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InvitationQuery {
    /// Comma-separated states.
    states: String,
    /// The `next` of the page before.
    after: Option<String>,
    limit: Option<usize>,
}

async fn invitations(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    q: Q<InvitationQuery>,
) -> Response {
    let q = or_answer!(query(q));
    let limit = q.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
    admin_read(s, c.0, &headers, "invite.list", move |tx| {
        let states: Vec<&str> = q.states.split(',').filter(|s| !s.is_empty()).collect();
        let (items, next) = reads::invitations_page(tx, &states, q.after.as_deref(), limit)?;
        Ok(Page { items, next })
    })
    .await
}

async fn groups(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
) -> Response {
    admin_read(s, c.0, &headers, "group.list", |tx| {
        to_value(&reads::groups(tx)?)
    })
    .await
}

async fn group(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    admin_read(s, c.0, &headers, "group.show", move |tx| {
        to_value(&reads::group(tx, &name)?)
    })
    .await
}

async fn audit(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    q: Q<crate::org::audit::AuditFilter>,
) -> Response {
    let mut f: crate::org::audit::AuditFilter = or_answer!(query(q));
    let limit = f.limit.unwrap_or(MAX_PAGE as i64).clamp(1, MAX_PAGE as i64);
    f.limit = Some(limit + 1);
    admin_read(s, c.0, &headers, "audit", move |tx| {
        let mut items = reads::audit(tx, &f)?;
        let next = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|e| e.id)
        } else {
            None
        };
        Ok(Page { items, next })
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsQuery {
    #[serde(default)]
    since: i64,
    /// Comma-separated event types; none: every type.
    #[serde(default)]
    types: String,
    limit: Option<i64>,
}

/// `GET /api/v1/events`: `orgadm events`, a page of at most `limit` (1,000)
/// events after `since`, oldest first; `next` is the `since` of the page
/// after it (null when this page reached the newest event).
async fn events(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    q: Q<EventsQuery>,
) -> Response {
    let q = or_answer!(query(q));
    let types: Vec<String> = q
        .types
        .split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    or_answer!(crate::org::events::check_types(&types));
    let limit = q.limit.unwrap_or(MAX_PAGE as i64).clamp(1, MAX_PAGE as i64);
    admin_read(s, c.0, &headers, "events", move |tx| {
        let items = reads::events(tx, q.since, &types, limit)?;
        let next = match items.last() {
            Some(e) if items.len() as i64 >= limit => Some(e.seq),
            _ => None,
        };
        Ok(Page { items, next })
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifyQuery {
    head: Option<String>,
}

async fn audit_verify(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
    q: Q<VerifyQuery>,
) -> Response {
    let q = or_answer!(query(q));
    admin_read(s, c.0, &headers, "audit.verify", move |tx| {
        to_value(&reads::verify_audit(tx, q.head.as_deref())?)
    })
    .await
}

async fn export(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    headers: HeaderMap,
) -> Response {
    admin_read(s, c.0, &headers, "export", |tx| {
        to_value(&reads::export(tx)?)
    })
    .await
}

/// Reads a JSON body of at most `limit` bytes into `T`.
pub(super) async fn read_json<T: serde::de::DeserializeOwned>(
    body: Body,
    limit: usize,
) -> Result<T> {
    let bytes = read_body(body, limit)
        .await
        .map_err(|e| Error::usage(format!("{} (at most {} KiB)", e.message(), limit / 1024)))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::usage(format!(
            "the request body is not what this route takes: {e}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// Every (method, path) the router declares under /api/v1, read from
    /// the sources that declare them.
    fn routed() -> BTreeSet<(String, String)> {
        let mut out = BTreeSet::new();
        for src in [include_str!("api.rs"), include_str!("sign_in.rs")] {
            // Whitespace dropped, so a route rustfmt broke over lines reads
            // as one (the path, then every method called on it).
            let src: String = src.split_whitespace().collect();
            for chunk in src.split(".route(").skip(1) {
                let Some(rest) = chunk.strip_prefix("\"/api/v1/") else {
                    continue;
                };
                let (path, handlers) = rest.split_once('"').unwrap();
                for m in ["get", "post", "put", "patch", "delete"] {
                    let called = handlers.match_indices(&format!("{m}(")).any(|(i, _)| {
                        i == 0
                            || !handlers.as_bytes()[i - 1].is_ascii_alphanumeric()
                                && handlers.as_bytes()[i - 1] != b'_'
                    });
                    if called {
                        out.insert((m.to_string(), format!("/api/v1/{path}")));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn the_openapi_document_names_every_route_and_no_other() {
        let doc: serde_json::Value = serde_json::from_str(super::OPENAPI).unwrap();
        let mut documented = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for m in item.as_object().unwrap().keys() {
                documented.insert((m.clone(), path.clone()));
            }
        }
        let routed = routed();
        assert!(routed.len() >= 29, "{routed:?}");
        // Every changing command's route in the request table is routed.
        for (_, _, method, path) in crate::org::request::ROUTES {
            let m = method.to_ascii_lowercase();
            assert!(routed.contains(&(m, path.to_string())), "{method} {path}");
        }
        assert_eq!(documented, routed);
        // Every operation says how it is authenticated.
        for (m, path) in &documented {
            assert!(
                doc["paths"][path][m].get("security").is_some(),
                "{m} {path}"
            );
        }
    }
}
