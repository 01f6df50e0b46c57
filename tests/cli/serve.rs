//! `orgadm serve`: the invitee's page, over real HTTP on 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(env: &Env) -> Server {
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
    assert!(line.contains("serving invitations"), "{line}");
    // Keep reading the access log so the server never writes to a closed pipe.
    std::thread::spawn(move || for _ in log.lines() {});
    let t0 = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(t0.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(20));
    }
    Server { child, port }
}

struct Resp {
    status: u16,
    headers: String,
    body: String,
}

fn http(port: u16, method: &str, path: &str, body: &str) -> Resp {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
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
    assert_eq!(again.status, 404);
    assert!(again.body.contains("already accepted"), "{}", again.body);
    assert!(!again.body.contains(&token));
    let stale = http(server.port, "GET", &path, "");
    assert_eq!(stale.status, 404);
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
    assert_eq!(r.status, 404);
    assert!(r.body.contains("revoked"), "{}", r.body);
}

#[test]
fn serve_needs_a_database() {
    let env = Env::new();
    let o = env.code(8, &["serve", "--listen", "127.0.0.1:0"]);
    assert!(o.stderr.contains("orgadm init"), "{}", o.stderr);
}
