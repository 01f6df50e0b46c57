//! `orgadm serve`: the invitee's page, over real HTTP on 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::*;

pub struct Server {
    pub child: Proc,
    pub port: u16,
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    /// The access log so far (the server's stderr after its banner).
    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

pub fn start(env: &Env) -> Server {
    try_start(env).unwrap_or_else(|line| panic!("{line}"))
}

/// [`start`], or what the server said instead of starting (a bad config).
pub fn try_start(env: &Env) -> Result<Server, String> {
    let port = free_port();
    let mut child = env
        .cmd()
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn_guarded();
    let mut log = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    log.read_line(&mut line).unwrap();
    if !line.contains("serving invitations") {
        let _ = child.kill();
        let _ = child.wait();
        return Err(line);
    }
    // Keep reading the access log so the server never writes to a closed pipe.
    let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let keep = seen.clone();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        while log.read_until(b'\n', &mut buf).is_ok_and(|n| n > 0) {
            keep.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf));
            buf.clear();
        }
    });
    let t0 = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(t0.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(Server {
        child,
        port,
        log: seen,
    })
}

struct Resp {
    status: u16,
    headers: String,
    body: String,
}

fn http(port: u16, method: &str, path: &str, body: &str) -> Resp {
    http_from("127.0.0.1", port, method, path, body)
}

/// A connection to the server on 127.0.0.1 from another loopback address
/// (Linux routes all of 127.0.0.0/8 to lo): another client, as the server
/// counts clients.
pub fn connect_from(src: &str, port: u16) -> TcpStream {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    let s = rt
        .block_on(async {
            let sock = tokio::net::TcpSocket::new_v4()?;
            sock.bind(format!("{src}:0").parse().unwrap())?;
            sock.connect(format!("127.0.0.1:{port}").parse().unwrap())
                .await
        })
        .unwrap();
    let s = s.into_std().unwrap();
    s.set_nonblocking(false).unwrap();
    s
}

fn http_from(src: &str, port: u16, method: &str, path: &str, body: &str) -> Resp {
    let mut s = connect_from(src, port);
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    Resp {
        status,
        headers: head.to_lowercase(),
        body: body.to_string(),
    }
}

#[test]
fn the_emailed_link_opens_a_page_whose_button_accepts() {
    let env = Env::init();
    let server = start(&env);
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\ninvite_url = \"http://127.0.0.1:{}/join?token={{token}}\"\n",
        server.port
    ));
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.ok(&add_args(
        "bob@example.com",
        "Bob <b>Builder</b>",
        &["--role", "user", "--group", "Billing"],
    ));
    let msg = std::fs::read_to_string(&env.outbox_files()[0]).unwrap();
    let link = eml_body(&msg)
        .lines()
        .find(|l| l.starts_with("http://"))
        .unwrap()
        .to_string();
    let path = link
        .split_once(&format!(":{}", server.port))
        .unwrap()
        .1
        .to_string();
    let token = token_in(&msg);

    // Opening the link shows the invitation and does not accept it.
    let page = http(server.port, "GET", &path, "");
    assert_eq!(page.status, 200, "{}", page.body);
    for want in [
        "Analytical Engines",
        "Bob &lt;b&gt;Builder&lt;/b&gt;",
        "Ada Lovelace",
        "User",
        "Finance Admin",
        "Billing",
        "expires at",
        "method=\"post\"",
        "Accept invitation",
    ] {
        assert!(
            page.body.contains(want),
            "page lacks {want}:\n{}",
            page.body
        );
    }
    assert!(!page.body.contains("<b>Builder"), "names are escaped");
    for h in [
        "cache-control: no-store",
        "referrer-policy: no-referrer",
        "content-security-policy:",
    ] {
        assert!(page.headers.contains(h), "missing {h}: {}", page.headers);
    }
    assert_eq!(env.person("bob@example.com")["status"], "invited");

    // The button posts the token: now Bob is active.
    let done = http(server.port, "POST", "/join", &format!("token={token}"));
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.body.contains("Welcome") && done.body.contains("active member"),
        "{}",
        done.body
    );
    assert_eq!(env.person("bob@example.com")["status"], "active");
    assert_eq!(
        env.json(&["audit", "--action", "invite.accept"])[0]["actor"],
        "bob@example.com"
    );

    // A second use fails, without echoing the token.
    let again = http(server.port, "POST", "/join", &format!("token={token}"));
    assert_eq!(again.status, 410);
    assert!(again.body.contains("already accepted"), "{}", again.body);
    assert!(!again.body.contains(&token));
    let stale = http(server.port, "GET", &path, "");
    assert_eq!(stale.status, 410);
}

#[test]
fn bad_tokens_and_paths_get_plain_errors() {
    let env = Env::init();
    let server = start(&env);
    let r = http(
        server.port,
        "GET",
        "/join?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "",
    );
    assert_eq!(r.status, 404);
    assert!(r.body.contains("unknown invitation token"), "{}", r.body);
    assert!(!r.body.contains("AAAAAAAAAA"));
    assert_eq!(http(server.port, "GET", "/join", "").status, 404);
    assert_eq!(
        http(server.port, "POST", "/join", "token=%3Cscript%3E").status,
        404
    );
    assert_eq!(http(server.port, "GET", "/admin", "").status, 404);
    assert_eq!(http(server.port, "DELETE", "/join", "").status, 405);
    assert_eq!(http(server.port, "GET", "/", "").status, 200);
    // A revoked invitation says so.
    let t = env.invite("carol@example.com", "Carol", &["--role", "user"]);
    env.ok(&["invite", "revoke", "carol@example.com"]);
    let r = http(server.port, "POST", "/join", &format!("token={t}"));
    assert_eq!(r.status, 410);
    assert!(r.body.contains("revoked"), "{}", r.body);
    // So does an expired one.
    let t = env.invite("dan@example.com", "Dan", &["--role", "user"]);
    env.expire("dan@example.com");
    let r = http(server.port, "GET", &format!("/join?token={t}"), "");
    assert_eq!(r.status, 410);
    assert!(r.body.contains("expired"), "{}", r.body);
}

#[test]
fn serve_needs_a_database() {
    let env = Env::new();
    let o = env.code(8, &["serve", "--listen", "127.0.0.1:0"]);
    assert!(o.stderr.contains("orgadm init"), "{}", o.stderr);
}

/// With `[serve] header_timeout` and `body_timeout` short, so that the
/// test waits for them seconds, not the defaults' 10 and 20.
#[test]
fn a_stalled_client_delays_nobody() {
    let env = Env::init();
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\n[serve]\nheader_timeout = \"1s\"\nbody_timeout = \"2s\"\n"
    ));
    let server = start(&env);
    // A POST that announces 5000 bytes and sends 9, and stays open.
    let mut stalled = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stalled,
        "POST /join HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\ntoken=abc"
    )
    .unwrap();
    // A client that sends half a request line and nothing more.
    let mut half = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(half, "GET /jo").unwrap();
    // 300 idle connections that never send a byte.
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    // Everyone else is still served, at once.
    let t0 = Instant::now();
    for _ in 0..20 {
        assert_eq!(
            http_from("127.0.0.2", server.port, "GET", "/", "").status,
            200
        );
    }
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "20 requests took {:?} beside stalled clients",
        t0.elapsed()
    );
    // The stalled body is given up on with 408 (the body timeout), and the
    // silent connections are closed (the header timeout).
    stalled
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut raw = String::new();
    let _ = stalled.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 408"), "{raw:?}");
    half.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut buf = [0u8; 64];
    let n = half.read(&mut buf).unwrap_or(0);
    let got = String::from_utf8_lossy(&buf[..n]).to_string();
    assert!(n == 0 || got.starts_with("HTTP/1.1 408"), "{got:?}");
    for mut s in idle {
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        assert_eq!(
            s.read(&mut buf).unwrap_or(0),
            0,
            "an idle connection is closed"
        );
    }
}

/// One address holding more connections than its share (520 idle ones, past
/// the 512 slots of the whole server) gets the rest closed at once, and its
/// held ones closed after the first-byte timeout; other addresses are
/// served meanwhile.
#[test]
fn one_client_cannot_hold_every_connection() {
    let env = Env::init();
    // The first-byte timeout is the header timeout when that is shorter.
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\n[serve]\nheader_timeout = \"1s\"\n"
    ));
    let server = start(&env);
    let idle: Vec<TcpStream> = (0..520)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    let t0 = Instant::now();
    for src in ["127.0.0.2", "127.0.0.3"] {
        for _ in 0..5 {
            assert_eq!(http_from(src, server.port, "GET", "/", "").status, 200);
        }
    }
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "10 requests took {:?} beside one client's 520 idle connections",
        t0.elapsed()
    );
    // Every idle connection is closed by the server, none answered: the
    // ones past the share at once, the rest when the first byte is late.
    let mut closed = 0;
    for mut s in idle {
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut buf = [0u8; 16];
        match s.read(&mut buf) {
            Ok(0) => closed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => closed += 1,
            other => panic!("an idle connection got {other:?}"),
        }
    }
    assert_eq!(closed, 520);
    // The address is welcome again once it let go.
    assert_eq!(http(server.port, "GET", "/", "").status, 200);
}

/// `[serve] max_connections_per_client` sets the share (for a server behind
/// a proxy, whose one address all clients share); out of range is exit 2.
#[test]
fn the_share_per_client_comes_from_the_config() {
    let env = Env::init();
    for bad in [0, 513] {
        env.write_config(&format!(
            "actor = \"{ADMIN}\"\n[serve]\nmax_connections_per_client = {bad}\n"
        ));
        let o = env.code(2, &["serve", "--listen", "127.0.0.1:0"]);
        assert!(
            o.stderr.contains("between 1 and 512"),
            "{bad}: {}",
            o.stderr
        );
    }
    for (key, bad, bounds) in [
        ("header_timeout", "0s", "from 1s to 5m"),
        ("header_timeout", "6m", "from 1s to 5m"),
        ("body_timeout", "2h", "from 1s to 1h"),
        ("body_timeout", "soon", "not a duration"),
    ] {
        env.write_config(&format!(
            "actor = \"{ADMIN}\"\n[serve]\n{key} = \"{bad}\"\n"
        ));
        let o = env.code(2, &["serve", "--listen", "127.0.0.1:0"]);
        assert!(o.stderr.contains(&format!("[serve] {key}")), "{}", o.stderr);
        assert!(o.stderr.contains(bounds), "{key} {bad}: {}", o.stderr);
    }
    // The bounds themselves are allowed.
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\n[serve]\nmax_connections_per_client = 512\n"
    ));
    drop(start(&env));
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\n[serve]\nmax_connections_per_client = 2\n"
    ));
    let server = start(&env);
    let held: Vec<TcpStream> = (0..2)
        .map(|_| connect_from("127.0.0.4", server.port))
        .collect();
    // The third from that address is closed at once, long before the
    // first-byte timeout (3 s) would close it.
    let mut third = connect_from("127.0.0.4", server.port);
    third
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let mut buf = [0u8; 8];
    match third.read(&mut buf) {
        Ok(0) => {}
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        other => panic!("the third connection was kept: {other:?}"),
    }
    assert_eq!(
        http_from("127.0.0.5", server.port, "GET", "/", "").status,
        200
    );
    drop(held);
}

#[test]
fn huge_headers_and_bodies_are_refused_without_growing_the_server() {
    let env = Env::init();
    let server = start(&env);
    // A 2 MB header line: refused (431) after at most 32 KiB is buffered.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = write!(s, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: ");
    let chunk = "a".repeat(64 * 1024);
    for _ in 0..32 {
        if s.write_all(chunk.as_bytes()).is_err() {
            break;
        }
    }
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    assert!(
        raw.is_empty() || raw.starts_with("HTTP/1.1 431"),
        "{}",
        raw.lines().next().unwrap_or("")
    );
    // The documented limit holds exactly: a head under 32 KiB is served,
    // one of 40 or 60 KiB (which hyper's buffer alone let through) is 431.
    let head_of = |n: usize| {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        // The server may answer 431 and close before the head is all
        // written: a failed write is the answer arriving early.
        let _ = write!(
            s,
            "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: {}\r\n\r\n",
            "a".repeat(n)
        );
        let mut raw = String::new();
        let _ = s.read_to_string(&mut raw);
        raw.lines().next().unwrap_or("").to_string()
    };
    assert!(head_of(30 * 1024).starts_with("HTTP/1.1 200"));
    for n in [40 * 1024, 60 * 1024] {
        let line = head_of(n);
        assert!(
            line.is_empty() || line.starts_with("HTTP/1.1 431"),
            "{n}: {line}"
        );
    }
    // A form body over its limit: 413.
    let big = format!("token={}", "a".repeat(20_000));
    assert_eq!(http(server.port, "POST", "/join", &big).status, 413);
    // The server is still there, and small.
    assert_eq!(http(server.port, "GET", "/", "").status, 200);
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let rss_kb: u64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap()
        .parse()
        .unwrap();
    assert!(rss_kb < 100_000, "the server grew to {rss_kb} kB");
}

#[test]
fn methods_are_answered_as_http_says() {
    let env = Env::init();
    let server = start(&env);
    let r = http(server.port, "DELETE", "/join", "");
    assert_eq!(r.status, 405);
    let allow = r
        .headers
        .lines()
        .find(|l| l.starts_with("allow:"))
        .unwrap_or_else(|| panic!("no Allow header: {}", r.headers));
    assert!(allow.contains("GET") || allow.contains("get"), "{allow}");
    assert!(allow.to_uppercase().contains("POST"), "{allow}");
    // HEAD is GET without the body.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    assert!(raw.ends_with("\r\n\r\n"), "HEAD has no body: {raw}");
}

#[test]
fn the_access_log_holds_no_request_bytes_and_no_token() {
    let env = Env::init();
    let server = start(&env);
    let token = env.invite("bob@example.com", "Bob", &["--role", "user"]);
    let raw_requests = [
        "GET /\x1b]0;PWNED\x07\x1b[2J HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_string(),
        "G\x1b[31mET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_string(),
        format!("GET /join;token={token} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        format!("GET /join?token={token} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        "GET /a\rb HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_string(),
    ];
    for req in &raw_requests {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(req.as_bytes()).unwrap();
        let mut sink = Vec::new();
        let _ = s.read_to_end(&mut sink);
    }
    assert_eq!(http(server.port, "GET", "/", "").status, 200);
    let t0 = Instant::now();
    while !server.log().contains("method=GET route=/ status=200 ") {
        assert!(t0.elapsed() < Duration::from_secs(5), "{}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    let log = server.log();
    assert!(
        !log.contains('\x1b') && !log.contains('\x07') && !log.contains('\r'),
        "{log:?}"
    );
    assert!(!log.contains(&token[..10]), "token in log: {log}");
    assert!(!log.contains("PWNED"), "{log}");
    assert!(log.contains("method=GET route=/join status=200 "), "{log}");
    // Paths no route has are logged as `(other)`, never as sent.
    assert!(log.contains("route=(other) status="), "{log}");
    // Every access line is logfmt with the same keys in the same order.
    for line in log.lines().filter(|l| l.contains(" method=")) {
        let keys: Vec<&str> = line
            .split(' ')
            .map(|kv| kv.split_once('=').unwrap().0)
            .collect();
        assert_eq!(
            keys,
            ["ts", "method", "route", "status", "duration_ms", "client"],
            "{line}"
        );
    }
}

#[test]
fn a_storage_failure_tells_visitors_nothing_about_the_server() {
    let env = Env::init_sqlite();
    let server = start(&env);
    let token = env.invite("bob@example.com", "Bob", &["--role", "user"]);
    // The database vanishes under the running server.
    let moved = env.dir.path().join("elsewhere.db");
    std::fs::rename(env.db(), &moved).unwrap();
    let r = http(server.port, "GET", &format!("/join?token={token}"), "");
    assert_eq!(r.status, 503, "{}", r.body);
    let path = env.db().display().to_string();
    assert!(!r.body.contains(&path), "{}", r.body);
    assert!(!r.body.contains("orgadm init"), "{}", r.body);
    assert!(!r.body.contains("--db"), "{}", r.body);
    assert!(r.body.contains("try again later"), "{}", r.body);
}

/// SIGTERM: the server stops accepting, lets the request in flight
/// finish, and exits 0; SIGINT does the same.
#[test]
fn sigterm_finishes_the_request_in_flight_and_exits_0() {
    for signal in ["-TERM", "-INT"] {
        let env = Env::init();
        let mut server = start(&env);
        // A request whose body is still on its way when the signal comes.
        // It follows a request that is answered first on the same
        // connection, so the connection is being served, and the second
        // head is already in the server's buffer when the signal comes.
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let body = "token=not-a-token";
        write!(
            s,
            "GET / HTTP/1.1\r\nHost: x\r\n\r\nPOST /join HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\ntoken=",
            body.len()
        )
        .unwrap();
        s.flush().unwrap();
        let mut first = Vec::new();
        let mut byte = [0u8; 1];
        while !first.ends_with(b"</html>\n") {
            s.read_exact(&mut byte).unwrap();
            first.push(byte[0]);
        }
        assert!(first.starts_with(b"HTTP/1.1 200"));
        let pid = server.child.id().to_string();
        assert!(Command::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap()
            .success());
        let t0 = Instant::now();
        while !server.log().contains("stopping") {
            assert!(t0.elapsed() < Duration::from_secs(10), "{}", server.log());
            std::thread::sleep(Duration::from_millis(10));
        }
        // New connections are no longer taken...
        assert!(TcpStream::connect(("127.0.0.1", server.port)).is_err());
        // ...and the one in flight is answered.
        write!(s, "not-a-token").unwrap();
        let mut raw = String::new();
        let _ = s.read_to_string(&mut raw);
        assert!(raw.starts_with("HTTP/1.1 404"), "{raw}");
        let status = server.child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{signal}: {}", server.log());
        // The log's reader thread may not have read the last line yet
        // when the process is reaped: it reads to the pipe's end.
        let t0 = Instant::now();
        while !server.log().contains("stopped") {
            assert!(t0.elapsed() < Duration::from_secs(10), "{}", server.log());
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// `GET /healthz`: 200 while the store answers, 503 when it does not, and
/// 200 again when it is back; no credential needed.
#[test]
fn healthz_says_whether_the_store_answers() {
    let env = Env::init_sqlite();
    let server = start(&env);
    let health = || {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        raw.split_whitespace().nth(1).unwrap().to_string()
    };
    assert_eq!(health(), "200");
    let moved = env.db().with_extension("away");
    std::fs::rename(env.db(), &moved).unwrap();
    assert_eq!(health(), "503");
    std::fs::rename(&moved, env.db()).unwrap();
    assert_eq!(health(), "200");
    assert!(server.log().contains("/healthz"), "{}", server.log());
}

/// A GET from a loopback address `src`, with extra headers.
fn get_with(src: &str, port: u16, path: &str, headers: &[(&str, &str)]) -> Resp {
    let mut s = connect_from(src, port);
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    Resp {
        status: head.split_whitespace().nth(1).unwrap().parse().unwrap(),
        headers: head.to_lowercase(),
        body: body.to_string(),
    }
}

/// `/metrics` as Prometheus reads it: parsed by PyPI's `prometheus-client`
/// (its OpenMetrics parser, which refuses anything malformed), as
/// `(name, labels, value)` samples.
fn scrape(port: u16) -> Vec<(String, serde_json::Map<String, Value>, f64)> {
    let r = get_with("127.0.0.1", port, "/metrics", &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.headers
            .contains("content-type: application/openmetrics-text; version=1.0.0"),
        "{}",
        r.headers
    );
    parse_metrics(&r.body)
}

fn parse_metrics(text: &str) -> Vec<(String, serde_json::Map<String, Value>, f64)> {
    let script = r#"
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
out = []
for fam in text_string_to_metric_families(sys.stdin.read()):
    for s in fam.samples:
        out.append([s.name, s.labels, s.value])
print(json.dumps(out))
"#;
    let out = output_with_stdin(
        Command::new(metrics_python()).args(["-c", script]),
        text.as_bytes(),
    );
    assert!(
        out.status.success(),
        "the parser refused /metrics: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s[0].as_str().unwrap().to_string(),
                s[1].as_object().unwrap().clone(),
                s[2].as_f64().unwrap(),
            )
        })
        .collect()
}

/// The value of the sample `name` whose labels include all of `labels`.
fn sample(
    samples: &[(String, serde_json::Map<String, Value>, f64)],
    name: &str,
    labels: &[(&str, &str)],
) -> Option<f64> {
    samples
        .iter()
        .find(|(n, l, _)| n == name && labels.iter().all(|(k, v)| l.get(*k) == Some(&json!(v))))
        .map(|(_, _, v)| *v)
}

/// `GET /metrics`: requests counted by the router's route templates (never
/// a request's path), a latency histogram, the store's state and errors.
#[test]
fn metrics_count_requests_by_route_template() {
    let env = Env::init_sqlite();
    let server = start(&env);
    let token = env.invite("bob@example.com", "Bob", &["--role", "user"]);
    assert_eq!(http(server.port, "GET", "/", "").status, 200);
    assert_eq!(
        http(server.port, "GET", &format!("/join?token={token}"), "").status,
        200
    );
    assert_eq!(http(server.port, "GET", "/join?token=nope", "").status, 404);
    assert_eq!(
        http(server.port, "GET", "/no/such/page-xyz", "").status,
        404
    );
    assert_eq!(
        http(server.port, "GET", "/scim/v2/Users/abc-123", "").status,
        401
    );
    let m = scrape(server.port);
    let requests = |route: &str, status: &str| {
        sample(
            &m,
            "orgadm_http_requests_total",
            &[("method", "GET"), ("route", route), ("status", status)],
        )
    };
    assert_eq!(requests("/", "200"), Some(1.0), "{m:?}");
    assert_eq!(requests("/join", "200"), Some(1.0), "{m:?}");
    assert_eq!(requests("/join", "404"), Some(1.0), "{m:?}");
    assert_eq!(requests("(other)", "404"), Some(1.0), "{m:?}");
    assert_eq!(requests("/scim/v2/Users/{id}", "401"), Some(1.0), "{m:?}");
    // No request bytes in any label: not the path, not the token.
    let text = get_with("127.0.0.1", server.port, "/metrics", &[]).body;
    for secret in ["page-xyz", "abc-123", "nope", &token[..12]] {
        assert!(!text.contains(secret), "{secret} in\n{text}");
    }
    // The histogram counts every answered request of the route.
    assert_eq!(
        sample(
            &m,
            "orgadm_http_request_duration_seconds_count",
            &[("route", "/join")]
        ),
        Some(2.0),
        "{m:?}"
    );
    assert_eq!(
        sample(
            &m,
            "orgadm_http_request_duration_seconds_bucket",
            &[("route", "/join"), ("le", "+Inf")]
        ),
        Some(2.0)
    );
    assert_eq!(sample(&m, "orgadm_store_up", &[]), Some(1.0));
    assert_eq!(sample(&m, "orgadm_store_errors_total", &[]), Some(0.0));
    assert_eq!(sample(&m, "orgadm_webhook_pending_events", &[]), Some(0.0));
    // The scrape itself is counted by the next one.
    let again = scrape(server.port);
    assert_eq!(
        sample(
            &again,
            "orgadm_http_requests_total",
            &[("route", "/metrics"), ("status", "200")]
        ),
        Some(2.0)
    );
}

/// The store going away shows as `orgadm_store_up 0` and counted errors;
/// coming back, as up again.
#[test]
fn metrics_show_the_store_failing_and_recovering() {
    let env = Env::init_sqlite();
    let server = start(&env);
    let moved = env.db().with_extension("away");
    std::fs::rename(env.db(), &moved).unwrap();
    assert_eq!(http(server.port, "GET", "/healthz", "").status, 503);
    let m = scrape(server.port);
    assert_eq!(sample(&m, "orgadm_store_up", &[]), Some(0.0), "{m:?}");
    // The health check's read and the scrape's own.
    let errors = sample(&m, "orgadm_store_errors_total", &[]).unwrap();
    assert!(errors >= 2.0, "{m:?}");
    std::fs::rename(&moved, env.db()).unwrap();
    let m = scrape(server.port);
    assert_eq!(sample(&m, "orgadm_store_up", &[]), Some(1.0), "{m:?}");
    assert_eq!(sample(&m, "orgadm_store_errors_total", &[]), Some(errors));
}

/// Events a webhook has not taken yet are pending: here a receiver that
/// is not listening, so the delivery keeps failing.
#[test]
fn metrics_count_the_events_webhooks_have_not_taken() {
    let env = Env::init_sqlite();
    env.write_config(&format!("actor = \"{ADMIN}\"\n"));
    let closed = free_port();
    env.ok(&[
        "webhook",
        "add",
        &format!("http://127.0.0.1:{closed}/hook"),
        "--allow-private",
    ]);
    for who in ["a@example.com", "b@example.com", "c@example.com"] {
        env.ok(&add_args(who, "Someone", &["--role", "user"]));
    }
    let server = start(&env);
    let m = scrape(server.port);
    let pending = sample(&m, "orgadm_webhook_pending_events", &[]).unwrap();
    assert!(pending >= 3.0, "{m:?}");
    assert_eq!(
        sample(&m, "orgadm_webhooks", &[("state", "active")]),
        Some(1.0)
    );
    assert_eq!(
        sample(&m, "orgadm_webhooks", &[("state", "disabled")]),
        Some(0.0)
    );
}

/// Through a proxy (`Forwarded`, `X-Forwarded-For`) a loopback connection
/// is not a local client: without `[serve] metrics_token` it is refused;
/// with one, only its bearer token opens the metrics, and wrong tokens
/// count against the address as failed sign-ins do (20 → 429), others
/// unaffected.
#[test]
fn metrics_need_the_token_unless_the_client_is_local() {
    let env = Env::init_sqlite();
    let server = start(&env);
    let r = get_with(
        "127.0.0.1",
        server.port,
        "/metrics",
        &[("X-Forwarded-For", "192.0.2.7")],
    );
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.body.contains("metrics_token"), "{}", r.body);
    drop(server);

    let token = "m3trics-t0ken-long-enough";
    let mut env = env;
    env.set_env("ORGADM_METRICS_TOKEN", token);
    env.write_config("[serve]\nmetrics_token = \"ORGADM_METRICS_TOKEN\"\n");
    let server = start(&env);
    let proxied = [("Forwarded", "for=192.0.2.7")];
    let r = get_with("127.0.0.2", server.port, "/metrics", &proxied);
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(
        r.headers.contains("www-authenticate: bearer"),
        "{}",
        r.headers
    );
    let bearer = format!("Bearer {token}");
    let with = [
        ("Forwarded", "for=192.0.2.7"),
        ("Authorization", bearer.as_str()),
    ];
    let r = get_with("127.0.0.2", server.port, "/metrics", &with);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("orgadm_http_requests_total"), "{}", r.body);
    // Guessing: after the 20th wrong token the address waits 5 minutes.
    let wrong = [
        ("Forwarded", "for=192.0.2.7"),
        ("Authorization", "Bearer guess"),
    ];
    let statuses: Vec<u16> = (0..21)
        .map(|_| get_with("127.0.0.3", server.port, "/metrics", &wrong).status)
        .collect();
    assert_eq!(statuses[..20], [401; 20], "{statuses:?}");
    assert_eq!(statuses[20], 429, "{statuses:?}");
    let r = get_with("127.0.0.3", server.port, "/metrics", &with);
    assert_eq!(r.status, 429, "even the right token waits: {}", r.body);
    assert_eq!(
        get_with("127.0.0.2", server.port, "/metrics", &with).status,
        200
    );
    assert_eq!(
        get_with("127.0.0.1", server.port, "/metrics", &[]).status,
        200
    );
}

/// `[serve] metrics_token` names a variable: unset, or holding a short
/// token, `serve` does not start (exit 2) and says which.
#[test]
fn a_metrics_token_variable_must_be_set_and_long() {
    let env = Env::init_sqlite();
    env.write_config("[serve]\nmetrics_token = \"ORGADM_METRICS_TOKEN\"\n");
    let out = env.code(2, &["serve", "--listen", "127.0.0.1:0"]);
    assert!(
        out.stderr.contains(
            "[serve] metrics_token names ORGADM_METRICS_TOKEN, but that variable is not set"
        ),
        "{}",
        out.stderr
    );
    let mut env = env;
    env.set_env("ORGADM_METRICS_TOKEN", "short");
    let out = env.code(2, &["serve", "--listen", "127.0.0.1:0"]);
    assert!(
        out.stderr.contains("shorter than 16 characters"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("short\n"), "{}", out.stderr);
}

/// The systemd unit in the repository passes `systemd-analyze verify`, and
/// its hardening keeps `systemd-analyze security` at 2.0 or better.
#[test]
fn the_systemd_unit_verifies() {
    let analyze = std::path::Path::new("/usr/bin/systemd-analyze");
    if !analyze.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must check the systemd unit (apt-get install systemd)"
        );
        eprintln!("skipped: systemd-analyze is not installed");
        return;
    }
    let unit = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/serve/orgadm.service"),
    )
    .unwrap();
    assert!(unit.contains("\nExecStart=/usr/local/bin/orgadm serve\n"));
    // verify checks that ExecStart's program exists: point it at this build.
    let here = unit.replace("/usr/local/bin/orgadm", BIN);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orgadm.service");
    std::fs::write(&path, here).unwrap();
    let out = Command::new(analyze)
        .args(["verify", "--man=no"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.trim().is_empty(), "{stderr}");
    for option in [
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "PrivateTmp=yes",
        "ProtectHome=yes",
        "CapabilityBoundingSet=\n",
    ] {
        assert!(unit.contains(option), "{option}");
    }
    let out = Command::new(analyze)
        .args(["security", "--offline=yes", "--threshold=20"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "exposure above 2.0:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A connection is kept for `[serve] connection_life`, then closed after
/// the request in flight, never in the middle of it: a remote `apply` that
/// works longer than a connection's life is answered.
#[test]
fn a_connection_past_its_life_answers_its_request_then_closes() {
    let env = Env::init();
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\n[serve]\nconnection_life = \"1s\"\n"
    ));
    let server = start(&env);
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let body = "token=not-a-token";
    write!(
        s,
        "POST /join HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\ntoken=",
        body.len()
    )
    .unwrap();
    s.flush().unwrap();
    // The rest of the body comes after the connection's life is over: the
    // time itself is what is tested.
    std::thread::sleep(Duration::from_millis(1500));
    write!(s, "not-a-token").unwrap();
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 404"), "{raw:?}");
    assert!(
        raw.to_ascii_lowercase()
            .contains("\r\nconnection: close\r\n"),
        "{raw}"
    );
    // An idle kept-alive connection past its life is closed without a word.
    let mut idle = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(idle, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let t0 = Instant::now();
    let mut all = Vec::new();
    let _ = idle.read_to_end(&mut all);
    assert!(all.starts_with(b"HTTP/1.1 200"));
    // Closed at its life's end (1 s), not by the 10 s header timeout.
    assert!(t0.elapsed() < Duration::from_secs(5), "{:?}", t0.elapsed());
    // The bounds.
    for bad in ["0s", "2d"] {
        env.write_config(&format!(
            "actor = \"{ADMIN}\"\n[serve]\nconnection_life = \"{bad}\"\n"
        ));
        let o = env.code(2, &["serve", "--listen", "127.0.0.1:0"]);
        assert!(o.stderr.contains("[serve] connection_life"), "{}", o.stderr);
        assert!(o.stderr.contains("from 1s to 1d"), "{}", o.stderr);
    }
}
