//! `orgadm serve`: one HTTP listener for the invitee's page (`join`).
//!
//! The server is exposed to the internet (behind a proxy or not), so no client
//! may hold it up: connections are served concurrently on tokio (hyper), each
//! request's headers must arrive within [`HEADER_TIMEOUT`] and fit in
//! [`MAX_HEADER_BYTES`], bodies within [`BODY_TIMEOUT`] and their route's size
//! limit (both timeouts can be set: [`Timeouts`]), and at most [`MAX_CONNECTIONS`] are open at once (more wait in the
//! kernel's queue). Database work runs on blocking threads, one store opened
//! per request like a command.
//!
//! The access log names only known routes and methods, never a query string,
//! and escapes nothing-but-known text: request bytes never reach the terminal.

mod api;
pub mod deliver;
mod join;
mod kept;
mod metrics;
pub mod scim;
mod sign_in;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::error::{Error, Result};
use crate::org::Org;
use crate::store::Access;

/// The address `serve` listens on without `--listen` or `[serve] listen`.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// How long a client may take to send a request's headers (also the idle
/// time allowed on a kept-alive connection).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send a request's body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(20);

/// The timeouts of [`HEADER_TIMEOUT`] and [`BODY_TIMEOUT`] as this server
/// has them (`[serve] header_timeout`, `body_timeout`). The first-byte
/// timeout is [`FIRST_BYTE_TIMEOUT`], or the header timeout if shorter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub header: Duration,
    pub body: Duration,
    /// How long a connection is kept before it is closed after the request
    /// in flight ([`MAX_CONNECTION_LIFE`], `[serve] connection_life`).
    pub life: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            header: HEADER_TIMEOUT,
            body: BODY_TIMEOUT,
            life: MAX_CONNECTION_LIFE,
        }
    }
}

impl Timeouts {
    fn first_byte(&self) -> Duration {
        FIRST_BYTE_TIMEOUT.min(self.header)
    }
}

/// The running server's timeouts: set once by [`run`] (one server a
/// process), read by the connections and the body readers.
static TIMEOUTS: std::sync::OnceLock<Timeouts> = std::sync::OnceLock::new();

fn timeouts() -> Timeouts {
    TIMEOUTS.get().copied().unwrap_or_default()
}
/// The largest request head (request line and headers) read.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 512;
/// Connections one client address may hold at once, unless `[serve]
/// max_connections_per_client` says otherwise: past it, its new connections
/// are closed at once, so that one client cannot take every slot from the
/// others. (Behind a proxy every client is the proxy's address: raise it.)
pub const MAX_PER_CLIENT: usize = 64;
/// How long a new connection may wait before sending its first byte (or
/// TLS hello): an idle connection gives its slot back quickly.
pub const FIRST_BYTE_TIMEOUT: Duration = Duration::from_secs(3);
/// How long one connection is kept, however busy: then it is closed after
/// the request in flight, never in the middle of one (a remote `apply` may
/// work for many minutes).
pub const MAX_CONNECTION_LIFE: Duration = Duration::from_secs(300);
/// How long the request in flight when a connection's life ends (or the
/// server stops) may still take to be read, worked on and answered: the
/// remote client waits 30 minutes for an answer, so this bounds only a
/// client that never reads its answer.
pub const LAST_REQUEST_LIMIT: Duration = Duration::from_secs(3600);

/// How long a session from `orgadm login` lasts without `[serve] session_ttl`.
pub const DEFAULT_SESSION_TTL: Duration = Duration::from_secs(12 * 3600);
/// How often the CLI polls a sign-in (RFC 8628's default).
pub const DEFAULT_SIGN_IN_INTERVAL: Duration = Duration::from_secs(5);

/// Idle connections kept for the next requests: as many as requests are
/// commonly in flight at once (a busy app's checks), so that most
/// requests find one open.
const POOL_SIZE: usize = 32;
/// A pooled connection idle this long is checked before it serves.
const POOL_IDLE_CHECK: Duration = Duration::from_secs(1);
/// How long that check may take before the connection is given up on.
const POOL_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// What every request needs: where the organization is and who runs the server.
pub struct Serve {
    pub db: crate::store::Location,
    pub os_user: String,
    /// What SCIM gives people and groups created without roles.
    pub scim: scim::Defaults,
    /// Connections one client address may hold at once.
    pub max_per_client: usize,
    /// A small pool of open connections ([`Serve::with_org`]), each with
    /// when it was put back.
    pool: std::sync::Mutex<Vec<(Org, FileIdentity, Instant)>>,
    /// Failed authentications on the admin API, per client address.
    failures: api::Failures,
    /// Answers to repeated quick reads, each kept while nothing is written.
    answers: kept::Answers,
    /// Sends sign-in links (`orgadm login`); None: no sign-in by mail.
    pub mailer: Option<crate::mail::Mailer>,
    /// The base of the links in sign-in mails (`[serve] public_url`, else
    /// the address listened on).
    pub public_url: Option<String>,
    /// How long a session lasts (`[serve] session_ttl`).
    pub session_ttl: std::time::Duration,
    /// How often the CLI polls a sign-in (RFC 8628's `interval`).
    pub sign_in_interval: std::time::Duration,
    /// How long an invitation made over the admin API lasts (`invite_ttl`).
    pub invite_ttl: std::time::Duration,
    /// What `/metrics` shows.
    metrics: metrics::Metrics,
    /// The bearer token that opens `/metrics` to non-loopback clients (the
    /// value of the variable `[serve] metrics_token` names).
    pub metrics_token: Option<String>,
    /// How long clients may take to send heads and bodies.
    pub timeouts: Timeouts,
}

impl Serve {
    pub fn new(db: crate::store::Location, os_user: String, scim: scim::Defaults) -> Serve {
        Serve {
            db,
            os_user,
            scim,
            max_per_client: MAX_PER_CLIENT,
            pool: std::sync::Mutex::new(Vec::new()),
            failures: api::Failures::default(),
            answers: kept::Answers::default(),
            mailer: None,
            public_url: None,
            session_ttl: DEFAULT_SESSION_TTL,
            sign_in_interval: DEFAULT_SIGN_IN_INTERVAL,
            invite_ttl: crate::config::DEFAULT_INVITE_TTL,
            metrics: metrics::Metrics::default(),
            metrics_token: None,
            timeouts: Timeouts::default(),
        }
    }

    /// Runs `f` with an open organization: a pooled connection (returned
    /// afterwards unless a storage error says it may be broken). Opening a
    /// connection costs round trips and perhaps a TLS handshake on
    /// PostgreSQL, and on SQLite the schema check of every open: at
    /// thousands of requests a second, most of a request.
    ///
    /// A pooled SQLite connection serves only while the file at the path is
    /// the one it opened: a database moved or replaced under the running
    /// server is noticed at the next request, as a fresh open would. A
    /// pooled PostgreSQL connection idle for [`POOL_IDLE_CHECK`] is asked a
    /// no-op first: after a database restart (or its sessions ended) the
    /// first request would otherwise fail on a dead connection.
    fn with_org<T>(&self, access: Access, f: impl FnOnce(&mut Org) -> Result<T>) -> Result<T> {
        let now = self.file_identity();
        let pooled = self.pool.lock().ok().and_then(|mut p| p.pop());
        let alive = |o: &Org, idle: Instant| {
            idle.elapsed() < POOL_IDLE_CHECK || o.is_alive(POOL_CHECK_TIMEOUT)
        };
        let (mut org, opened) = match pooled {
            Some((o, id, idle)) if id == now && alive(&o, idle) => (o, id),
            _ => match Org::open(&self.db, access, &self.os_user) {
                Ok(o) => (o, now),
                Err(e) => {
                    if e.kind == crate::error::Kind::Storage {
                        self.metrics.store_error();
                    }
                    return Err(e);
                }
            },
        };
        let out = f(&mut org);
        let healthy = out
            .as_ref()
            .map_or_else(|e| e.kind != crate::error::Kind::Storage, |_| true);
        if let Ok(mut p) = self.pool.lock() {
            if !healthy {
                // What broke this connection (a restart, sessions ended)
                // most likely broke the pooled ones too: the next
                // requests open fresh ones instead of failing in turn.
                self.metrics.store_error();
                p.clear();
                self.answers.clear();
            } else if p.len() < POOL_SIZE {
                p.push((org, opened, Instant::now()));
            }
        }
        out
    }

    /// The SQLite file's device and inode (None on PostgreSQL, or when
    /// there is no file at the path).
    fn file_identity(&self) -> FileIdentity {
        use std::os::unix::fs::MetadataExt;
        match &self.db {
            crate::store::Location::File(p) => {
                std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
            }
            crate::store::Location::Postgres(_) => None,
        }
    }
}

type Shared = Arc<Serve>;

/// A SQLite file's device and inode (None on PostgreSQL).
type FileIdentity = Option<(u64, u64)>;

/// HTTPS settings: a certificate chain and its key, both PEM files.
#[derive(Debug, Clone)]
pub struct Tls {
    pub cert: std::path::PathBuf,
    pub key: std::path::PathBuf,
}

/// A rustls acceptor for the certificate and key (read once, at start).
fn tls_acceptor(t: &Tls) -> Result<tokio_rustls::TlsAcceptor> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let bad = |what: &str, p: &std::path::Path, e: &dyn std::fmt::Display| {
        Error::usage(format!("[serve] {what} {}: {e}", p.display()))
    };
    let certs = CertificateDer::pem_file_iter(&t.cert)
        .and_then(|i| i.collect::<std::result::Result<Vec<_>, _>>())
        .map_err(|e| bad("tls_cert", &t.cert, &e))?;
    if certs.is_empty() {
        return Err(bad("tls_cert", &t.cert, &"holds no PEM certificate"));
    }
    let key = PrivateKeyDer::from_pem_file(&t.key).map_err(|e| bad("tls_key", &t.key, &e))?;
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(certs, key))
        .map_err(|e| bad("tls_cert/tls_key", &t.cert, &e))?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(cfg)))
}

/// Serves until SIGTERM or SIGINT; `ready` is called once listening. On
/// the signal it stops accepting, lets requests in flight finish for up to
/// [`SHUTDOWN_GRACE`], and returns (the process exits 0).
pub fn run(mut s: Serve, listen: &str, tls: Option<&Tls>, ready: impl FnOnce(&str)) -> Result<()> {
    let acceptor = tls.map(tls_acceptor).transpose()?;
    // One server a process: a second run keeps the first one's timeouts.
    let _ = TIMEOUTS.set(s.timeouts);
    // Fail now, not on the first request, if there is no usable database.
    s.with_org(Access::Read, |_| Ok(()))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::internal(format!("cannot start the server's runtime: {e}")))?;
    // Watch for the signals before anyone can connect: a SIGTERM that came
    // between the bind and the watch would kill the process.
    let (stop, listener) = rt.block_on(async {
        let stop = stop_signal()?;
        let listener = TcpListener::bind(listen).await.map_err(|e| {
            Error::usage(format!("cannot listen on {listen}: {e}"))
                .hint("pass another address with `--listen HOST:PORT`")
        })?;
        Ok::<_, Error>((stop, listener))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::internal(format!("cannot read the listening address: {e}")))?;
    ready(&addr.to_string());
    if s.public_url.is_none() {
        let scheme = if acceptor.is_some() { "https" } else { "http" };
        s.public_url = Some(format!("{scheme}://{addr}"));
    }
    let per_client = s.max_per_client;
    // Webhook delivery runs beside the requests, on its own connection. It
    // is not waited for at the end: a try in flight is sent again by the
    // next server to hold the webhook (delivery is at least once).
    let stop_delivery = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _delivery = deliver::spawn(s.db.clone(), s.os_user.clone(), stop_delivery.clone());
    // The server's state outlives the runtime's tasks, so its pooled
    // PostgreSQL clients (each with its own runtime) are closed here, out
    // of any async context, and not where a task drops the last reference.
    let shared = Arc::new(s);
    rt.block_on(serve_on(
        listener,
        router(shared.clone()),
        acceptor,
        per_client,
        stop,
    ));
    stop_delivery.store(true, std::sync::atomic::Ordering::Relaxed);
    let pooled = shared
        .pool
        .lock()
        .map(|mut p| std::mem::take(&mut *p))
        .unwrap_or_default();
    drop(pooled);
    // Work still on a blocking thread (a stuck store) does not hold the exit.
    rt.shutdown_timeout(Duration::from_secs(1));
    drop(shared);
    Ok(())
}

/// `GET /healthz`: 200 when the store answers a read, 503 when it does not
/// (for load balancers and systemd; no credential, nothing about the data).
async fn healthz(axum::extract::State(s): axum::extract::State<Shared>) -> Response {
    let answered =
        blocking(move || s.with_org(Access::Read, |org| org.org_name().map(|_| ()))).await;
    match answered {
        Ok(Ok(())) => (StatusCode::OK, "ok\n").into_response(),
        Ok(Err(e)) => {
            log_line(&format!(
                "healthz: the store does not answer: {}",
                e.message
            ));
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable\n").into_response()
        }
        Err(resp) => resp,
    }
}

/// How long requests in flight may take to finish once the server is told
/// to stop.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Resolves on the first SIGTERM or SIGINT.
fn stop_signal() -> Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let cannot = |e: std::io::Error| Error::internal(format!("cannot watch for signals: {e}"));
    let mut term = signal(SignalKind::terminate()).map_err(cannot)?;
    let mut int = signal(SignalKind::interrupt()).map_err(cannot)?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    })
}

/// The routes: the invitee's page, plus security headers and the access log
/// around every response.
fn router(s: Shared) -> Router {
    join::routes()
        .merge(scim::routes(s.clone()))
        .merge(api::routes())
        .merge(sign_in::routes())
        .route("/healthz", axum::routing::get(healthz))
        .route("/metrics", axum::routing::get(metrics::scrape))
        .fallback(|| async { join::not_found() })
        .with_state(s.clone())
        .layer(axum::middleware::from_fn(head_limit))
        .layer(axum::middleware::from_fn_with_state(s, log_and_harden))
}

/// The size of a request's head as the client sent it: the request line
/// and each `name: value` line.
fn head_size(req: &Request) -> usize {
    let line =
        req.method().as_str().len() + req.uri().to_string().len() + " HTTP/1.1\r\n".len() + 1;
    let headers: usize = req
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    line + headers + 2
}

/// Whether a head is past [`MAX_HEADER_BYTES`] (a head of exactly that many
/// bytes is allowed).
fn head_too_large(req: &Request) -> bool {
    head_size(req) > MAX_HEADER_BYTES
}

/// Holds every request head to [`MAX_HEADER_BYTES`] exactly: hyper's read
/// buffer limit alone let heads of up to about twice that through.
async fn head_limit(req: Request, next: Next) -> Response {
    if head_too_large(&req) {
        return (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "the request's headers are too large",
        )
            .into_response();
    }
    next.run(req).await
}

/// Open connections per client address.
struct PerClient {
    max: usize,
    open: std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, usize>>,
}

/// One client's hold on one of its connections; given back when dropped.
struct ClientSlot {
    all: Arc<PerClient>,
    ip: std::net::IpAddr,
}

impl PerClient {
    /// A slot for one more connection from `ip`, unless it holds its
    /// share already.
    fn take(self: &Arc<Self>, ip: std::net::IpAddr) -> Option<ClientSlot> {
        let mut m = self.open.lock().ok()?;
        let n = m.entry(ip).or_insert(0);
        if *n >= self.max {
            return None;
        }
        *n += 1;
        Some(ClientSlot {
            all: self.clone(),
            ip,
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        if let Ok(mut m) = self.all.open.lock() {
            if let Some(n) = m.get_mut(&self.ip) {
                *n -= 1;
                if *n == 0 {
                    m.remove(&self.ip);
                }
            }
        }
    }
}

async fn serve_on(
    listener: TcpListener,
    app: Router,
    tls: Option<tokio_rustls::TlsAcceptor>,
    per_client: usize,
    stop: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stop);
    // Tells every connection to close after its request in flight.
    let (closing, _) = tokio::sync::watch::channel(false);
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let clients = Arc::new(PerClient {
        max: per_client,
        open: std::sync::Mutex::default(),
    });
    loop {
        // Take a slot before accepting: past the limit, new connections wait
        // in the kernel's backlog instead of costing memory here.
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => s,
            () = &mut stop => break,
        };
        let Ok(slot) = slot else {
            break;
        };
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = &mut stop => break,
        };
        let (stream, peer): (_, SocketAddr) = match accepted {
            Ok(c) => c,
            Err(e) => {
                // Out of file descriptors and the like: wait, then go on.
                log_line(&format!("accept failed: {e}"));
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        // A client past its share is closed at once (the slot goes back).
        let Some(client) = clients.take(peer.ip()) else {
            drop(stream);
            continue;
        };
        // Handlers learn the client's address (the API's limits, the audit).
        let svc = TowerToHyperService::new(
            app.clone()
                .layer(axum::Extension(api::ClientAddr(peer.ip()))),
        );
        let tls = tls.clone();
        let watcher = closing.subscribe();
        tokio::spawn(async move {
            // Nothing sent within the first-byte timeout: closed.
            let first = tokio::time::timeout(timeouts().first_byte(), stream.readable()).await;
            if !matches!(first, Ok(Ok(()))) {
                drop((client, slot));
                return;
            }
            match tls {
                None => serve_conn(TokioIo::new(stream), svc, watcher).await,
                Some(acceptor) => {
                    // The handshake counts against the header timeout.
                    let handshake =
                        tokio::time::timeout(timeouts().header, acceptor.accept(stream));
                    if let Ok(Ok(s)) = handshake.await {
                        serve_conn(TokioIo::new(s), svc, watcher).await;
                    }
                }
            }
            drop((client, slot));
        });
    }
    drop(listener);
    log_line("stopping: no new connections; finishing the requests in flight");
    let _ = closing.send(true);
    // Every connection holds a slot until it is closed: all slots back is
    // all connections closed.
    let all = u32::try_from(MAX_CONNECTIONS).unwrap_or(u32::MAX);
    tokio::select! {
        _ = slots.acquire_many(all) => log_line("stopped"),
        () = tokio::time::sleep(SHUTDOWN_GRACE) => log_line("stopped: some requests did not finish in time"),
    }
}

/// One connection, HTTP/1.1 with the header limits and timeouts.
async fn serve_conn<I>(
    io: I,
    svc: TowerToHyperService<Router>,
    mut closing: tokio::sync::watch::Receiver<bool>,
) where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts().header)
        .max_buf_size(MAX_HEADER_BYTES)
        .serve_connection(io, svc);
    tokio::pin!(conn);
    // Errors here are the client's (a reset, a timeout): nothing to do.
    tokio::select! {
        _ = conn.as_mut() => return,
        () = tokio::time::sleep(timeouts().life) => {}
        _ = closing.wait_for(|c| *c) => {}
    }
    // The connection's life is over, or the server stops: an idle
    // connection closes now, one with a request in flight answers it (with
    // `Connection: close`) and then closes.
    conn.as_mut().graceful_shutdown();
    let _ = tokio::time::timeout(LAST_REQUEST_LIMIT, conn).await;
}

/// Adds the headers every page carries, writes one access-log line and
/// counts the request for `/metrics`.
async fn log_and_harden(
    axum::extract::State(s): axum::extract::State<Shared>,
    req: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = log_method(req.method());
    let matched = req.extensions().get::<axum::extract::MatchedPath>();
    let route = log_route(matched.map(axum::extract::MatchedPath::as_str)).to_string();
    let client = req
        .extensions()
        .get::<api::ClientAddr>()
        .map(|c| c.0.to_string())
        .unwrap_or_else(|| "-".to_string());
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    for (k, v) in [
        ("cache-control", "no-store"),
        ("referrer-policy", "no-referrer"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
    ] {
        h.insert(k, HeaderValue::from_static(v));
    }
    let took = started.elapsed();
    let status = resp.status().as_u16();
    s.metrics.request(method, &route, status, took);
    log_access(method, &route, status, took, &client);
    resp
}

/// The access log's line: logfmt, one request each, every value known
/// text (a method's name, a route template, numbers, an IP address).
fn access_line(method: &str, route: &str, status: u16, took: Duration, client: &str) -> String {
    format!(
        "method={method} route={route} status={status} duration_ms={:.1} client={client}",
        took.as_secs_f64() * 1000.0
    )
}

fn log_access(method: &str, route: &str, status: u16, took: Duration, client: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "ts={} {}",
        crate::time::rfc3339(crate::time::now()),
        access_line(method, route, status, took, client)
    );
}

/// The method as logged: a standard one by name, anything else as `OTHER`.
fn log_method(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// The route as logged and counted: the router's template for the request
/// (`/scim/v2/Users/{id}`), or `(other)` for paths no route has (the
/// catch-alls that answer 404 included). Request bytes never reach the log,
/// so neither escapes nor tokens (a `/join;token=...` path) can, and the
/// metrics have one series per route, not per path.
fn log_route(matched: Option<&str>) -> &str {
    match matched {
        Some(r) if !r.contains("{*") => r,
        _ => "(other)",
    }
}

/// One line on stderr, with time, as logfmt: `ts=... msg="..."`. A
/// closed stderr must not stop the server.
fn log_line(text: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "ts={} msg={}",
        crate::time::rfc3339(crate::time::now()),
        logfmt_quoted(text)
    );
}

/// `text` as a logfmt value: in double quotes, with `\` and `"` escaped
/// and control characters written as escapes.
fn logfmt_quoted(text: &str) -> String {
    let quoted = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{}\"", crate::validate::escape_controls(&quoted))
}

/// Runs database work on a blocking thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> std::result::Result<T, Response> {
    on_lane(Lane::Long, f).await
}

/// Where a request's store work runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lane {
    /// A read of one person or credential (`check`, `whoami`, `user show`):
    /// on a few threads of its own. With a thread of tokio's blocking pool
    /// per request in flight, 32 clients on 2 cores spent more time
    /// switching between 30-odd threads than reading (`check`: ~9,000
    /// requests/s; ~14,000 on four threads, same run).
    Quick,
    /// Everything else (changes, lists, exports, mail): tokio's blocking
    /// pool, so a long apply or export never holds up a check.
    Long,
}

/// Threads of the quick lane: twice the cores, at least two.
fn quick_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get() * 2)
        .max(2)
}

/// Runs `f` on `lane`'s threads.
async fn on_lane<T: Send + 'static>(
    lane: Lane,
    f: impl FnOnce() -> T + Send + 'static,
) -> std::result::Result<T, Response> {
    // Only its blocking pool is used; it lives as long as the process
    // (one server a process), so it is never dropped inside a task.
    static QUICK: std::sync::OnceLock<Option<tokio::runtime::Runtime>> = std::sync::OnceLock::new();
    let quick = match lane {
        Lane::Quick => QUICK
            .get_or_init(|| {
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(1)
                    .max_blocking_threads(quick_threads())
                    .thread_name("orgadm-quick")
                    .build()
                    .ok()
            })
            .as_ref(),
        Lane::Long => None,
    };
    let done = match quick {
        Some(rt) => rt.spawn_blocking(f).await,
        None => tokio::task::spawn_blocking(f).await,
    };
    done.map_err(|e| {
        log_line(&format!("request handler failed: {e}"));
        (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
    })
}

/// Reads a request body within the body timeout and `limit` bytes.
async fn read_body(body: Body, limit: usize) -> std::result::Result<axum::body::Bytes, BodyError> {
    match tokio::time::timeout(timeouts().body, axum::body::to_bytes(body, limit)).await {
        Err(_) => Err(BodyError::TimedOut),
        Ok(Err(e)) => {
            let inner = e.into_inner();
            let too_big = inner.is::<http_body_util::LengthLimitError>()
                || inner.to_string().contains("length limit");
            Err(if too_big {
                BodyError::TooLarge
            } else {
                BodyError::Broken
            })
        }
        Ok(Ok(b)) => Ok(b),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyError {
    TimedOut,
    TooLarge,
    Broken,
}

impl BodyError {
    fn status(self) -> StatusCode {
        match self {
            BodyError::TimedOut => StatusCode::REQUEST_TIMEOUT,
            BodyError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            BodyError::Broken => StatusCode::BAD_REQUEST,
        }
    }
    fn message(self) -> &'static str {
        match self {
            BodyError::TimedOut => "the request body did not arrive in time",
            BodyError::TooLarge => "the request body is too large",
            BodyError::Broken => "the request body could not be read",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_lines_are_logfmt_of_known_text() {
        assert_eq!(
            access_line(
                "GET",
                "/scim/v2/Users/{id}",
                404,
                Duration::from_micros(2350),
                "127.0.0.1"
            ),
            "method=GET route=/scim/v2/Users/{id} status=404 duration_ms=2.4 client=127.0.0.1"
        );
        assert_eq!(logfmt_quoted("plain"), "\"plain\"");
        assert_eq!(
            logfmt_quoted("a \"b\" c\\d\ne\x1b"),
            "\"a \\\"b\\\" c\\\\d\\ne\\e\""
        );
    }

    #[test]
    fn only_route_templates_are_logged() {
        assert_eq!(
            log_route(Some("/api/v1/people/{user}")),
            "/api/v1/people/{user}"
        );
        assert_eq!(log_route(Some("/api/{*rest}")), "(other)");
        assert_eq!(log_route(Some("/scim/v2/{*rest}")), "(other)");
        assert_eq!(log_route(None), "(other)");
    }

    /// The head is counted as the bytes the client sent.
    #[test]
    fn a_head_is_measured_as_sent() {
        let req = |uri: &str, headers: &[(&str, &str)]| {
            let mut b = axum::http::Request::builder().method("GET").uri(uri);
            for (k, v) in headers {
                b = b.header(*k, *v);
            }
            b.body(Body::empty()).unwrap()
        };
        assert_eq!(
            head_size(&req("/x", &[("Host", "a")])),
            "GET /x HTTP/1.1\r\nHost: a\r\n\r\n".len()
        );
        assert_eq!(
            head_size(&req(
                "/scim/v2/Users?count=5",
                &[("Host", "ex"), ("X-Y", "zz")]
            )),
            "GET /scim/v2/Users?count=5 HTTP/1.1\r\nHost: ex\r\nX-Y: zz\r\n\r\n".len()
        );
        // Exactly the limit is allowed; one byte more is not.
        let base = head_size(&req("/", &[("X-Big", "")]));
        let at = "a".repeat(MAX_HEADER_BYTES - base);
        assert!(!head_too_large(&req("/", &[("X-Big", &at)])));
        let past = format!("{at}a");
        assert!(head_too_large(&req("/", &[("X-Big", &past)])));
    }
}
