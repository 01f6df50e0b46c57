//! `orgadm serve`: the invitee's page, over real HTTP on 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

pub struct Server {
    pub child: Child,
    pub port: u16,
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    /// The access log so far (the server's stderr after its banner).
    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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
        .spawn()
        .unwrap();
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

#[test]
fn a_stalled_client_delays_nobody() {
    let env = Env::init();
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
        .set_read_timeout(Some(Duration::from_secs(40)))
        .unwrap();
    let mut raw = String::new();
    let _ = stalled.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 408"), "{raw:?}");
    half.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut buf = [0u8; 64];
    let n = half.read(&mut buf).unwrap_or(0);
    let got = String::from_utf8_lossy(&buf[..n]).to_string();
    assert!(n == 0 || got.starts_with("HTTP/1.1 408"), "{got:?}");
    drop(idle);
}

/// One address holding more connections than its share (520 idle ones, past
/// the 512 slots of the whole server) gets the rest closed at once, and its
/// held ones closed after the first-byte timeout; other addresses are
/// served meanwhile.
#[test]
fn one_client_cannot_hold_every_connection() {
    let env = Env::init();
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
    while !server.log().contains("GET / 200") {
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
    assert!(log.contains("GET /join 200"), "{log}");
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
        assert!(server.log().contains("stopped"), "{}", server.log());
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
