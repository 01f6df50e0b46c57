//! Remote mode (SPEC §13) with a real `orgadm serve` on 127.0.0.1 and the
//! real binary as the client, in its own environment (its own config
//! folder and credentials file, no database): API tokens, `login
//! --with-token`, `whoami`, `check`, `token`, scopes, a credential's power
//! re-read on every request, and the per-address limit on failed sign-ins.

use std::io::{Read, Write};
use std::time::Duration;

use crate::serve::{connect_from, start, Server};
use crate::support::*;

/// A server on the organization in `env`, and its URL.
pub(crate) fn server(env: &Env) -> (Server, String) {
    let s = start(env);
    let url = format!("http://127.0.0.1:{}", s.port);
    (s, url)
}

/// A token made on the server's host by `who` (asserted locally).
pub(crate) fn token(env: &Env, who: &str, name: &str, extra: &[&str]) -> String {
    let mut a = vec!["token", "create", name, "--as", who];
    a.extend_from_slice(extra);
    let t = env.ok(&a).last_line();
    assert!(t.starts_with("oa_") && t.len() == 52, "{t}");
    t
}

/// A client machine: no database, no actor, signed in to `url` with `token`.
fn client(url: &str, token: &str) -> Env {
    let c = Env::sqlite();
    let o = c.run_stdin(
        &["login", "--with-token", "--server", url],
        &format!("{token}\n"),
    );
    assert_eq!(o.code, 0, "{o:?}");
    c
}

/// A raw request from source address `src` with an Authorization header.
fn http_from(src: &str, port: u16, path: &str, auth: &str) -> (u16, String, String) {
    let mut s = connect_from(src, port);
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: {auth}\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head.to_lowercase(), body.to_string())
}

#[test]
fn a_token_signs_in_and_commands_answer_as_locally() {
    let env = Env::init();
    env.member("bo@example.com", "Bo", &["--role", "user"]);
    let (_s, url) = server(&env);
    let t = token(&env, ADMIN, "laptop", &["--expires-in", "30d"]);
    let c = client(&url, &t);

    // The credentials file: 0600 in a 0700 folder, holding the token.
    let creds = c.config_path().with_file_name("credentials.toml");
    assert_eq!(mode(&creds) & 0o777, 0o600);
    assert_eq!(mode(creds.parent().unwrap()) & 0o777, 0o700);
    assert!(std::fs::read_to_string(&creds).unwrap().contains(&t));

    let who = c.json(&["whoami", "--server", &url]);
    assert_eq!(who["email"], ADMIN);
    assert_eq!(who["server"], url.as_str());
    assert_eq!(who["credential"]["name"], "laptop");
    assert_eq!(who["credential"]["scope"], "admin");
    assert_eq!(who["effective_roles"], serde_json::json!(["org-admin"]));
    let text = c.ok(&["whoami", "--server", &url]).stdout;
    assert!(text.contains(&format!("server:      {url}")), "{text}");
    assert!(
        text.contains("credential:  token laptop (scope admin"),
        "{text}"
    );

    // check: the same answers and exit codes as on the server's host.
    for (who, cap, code) in [
        ("bo@example.com", "general", 0),
        ("bo@example.com", "billing", 6),
        (ADMIN, "billing", 0),
        ("nobody@example.com", "general", 3),
    ] {
        let remote = c.run(&["check", who, cap, "--json", "--server", &url]);
        let local = env.run(&["check", who, cap, "--json"]);
        assert_eq!(remote.code, code, "{who} {cap}: {remote:?}");
        assert_eq!(local.code, code, "{who} {cap}: {local:?}");
        assert_eq!(remote.stdout, local.stdout, "{who} {cap}");
    }
    let yes = c.json(&["check", "bo@example.com", "general", "--server", &url]);
    assert_eq!(yes["allowed"], true);
    assert_eq!(yes["via"]["user"], serde_json::json!(["direct"]));
    c.code(2, &["check", "bo@example.com", "root", "--server", &url]);

    // Tokens made remotely are the caller's, audited with the credential
    // and the client's address.
    let made = c.json(&["token", "create", "ci", "--scope", "read", "--server", &url]);
    assert_eq!(made["owner"], ADMIN);
    assert!(made["token"].as_str().unwrap().starts_with("oa_"));
    let list = c.json(&["token", "list", "--server", &url]);
    assert_eq!(column(&list, "name"), ["ci", "laptop"]);
    assert_eq!(list, env.json(&["token", "list", "--as", ADMIN]));
    let audit = env.json(&["audit", "--action", "token.create"]);
    let remote_entry = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["target"] == "token:ci")
        .unwrap();
    assert_eq!(remote_entry["actor"], ADMIN);
    assert_eq!(remote_entry["details"]["credential"], "token:laptop");
    assert_eq!(remote_entry["details"]["client"], "127.0.0.1");

    // An org-admin revokes another person's credential by its ID.
    let bo = client(&url, &token(&env, "bo@example.com", "bo-laptop", &[]));
    let bo_id = bo.json(&["whoami", "--server", &url])["credential"]["id"].to_string();
    let gone = c.json(&["token", "revoke", &bo_id, "--server", &url]);
    assert_eq!(gone["owner"], "bo@example.com");
    assert_eq!(gone["state"], "revoked");
    bo.code(6, &["whoami", "--server", &url]);
    // Revoked: the next request is refused, saying so.
    c.ok(&["token", "revoke", "laptop", "--server", &url]);
    let o = c.code(6, &["whoami", "--server", &url]);
    assert!(o.stderr.contains("revoked"), "{}", o.stderr);
    assert!(o.stderr.contains("orgadm login"), "{}", o.stderr);
    env.ok(&["audit", "verify"]);
}

#[test]
fn a_credential_does_only_what_its_owner_may_do_now() {
    let env = Env::init();
    env.member("bo@example.com", "Bo", &["--role", "org-admin"]);
    env.member("cy@example.com", "Cy", &["--role", "user"]);
    let (_s, url) = server(&env);
    let bo = client(&url, &token(&env, "bo@example.com", "bo", &[]));
    let cy = client(&url, &token(&env, "cy@example.com", "cy", &[]));

    // An org-admin sees everyone's tokens; a user only their own, and may
    // check only themselves.
    assert_eq!(
        column(
            &bo.json(&["token", "list", "--all", "--server", &url]),
            "name"
        ),
        ["bo", "cy"]
    );
    let o = cy.code(6, &["token", "list", "--all", "--server", &url]);
    assert!(o.stderr.contains("not an org-admin"), "{}", o.stderr);
    assert_eq!(
        column(&cy.json(&["token", "list", "--server", &url]), "name"),
        ["cy"]
    );
    cy.ok(&["check", "cy@example.com", "general", "--server", &url]);
    let o = cy.code(6, &["check", "bo@example.com", "general", "--server", &url]);
    assert!(
        o.stderr.contains("may check only themselves"),
        "{}",
        o.stderr
    );
    // A user cannot revoke someone else's token by its id.
    let bo_id = bo.json(&["whoami", "--server", &url])["credential"]["id"].to_string();
    let o = cy.code(6, &["token", "revoke", &bo_id, "--server", &url]);
    assert!(o.stderr.contains("only an org-admin"), "{}", o.stderr);
    // Their own, by ID, they may.
    token(&env, "cy@example.com", "cy-spare", &[]);
    let spare = env
        .json(&["token", "list", "--as", "cy@example.com"])
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "cy-spare")
        .unwrap()["id"]
        .to_string();
    let gone = cy.json(&["token", "revoke", &spare, "--server", &url]);
    assert_eq!(
        (gone["name"].as_str(), gone["state"].as_str()),
        (Some("cy-spare"), Some("revoked"))
    );

    // Demoted: the very next request has the new roles.
    env.ok(&[
        "user",
        "edit",
        "bo@example.com",
        "--set-roles",
        "user",
        "--yes",
    ]);
    bo.code(6, &["token", "list", "--all", "--server", &url]);
    assert_eq!(
        bo.json(&["whoami", "--server", &url])["effective_roles"],
        serde_json::json!(["user"])
    );
    // Suspended: no request at all.
    env.ok(&["user", "suspend", "cy@example.com", "--yes"]);
    let o = cy.code(6, &["whoami", "--server", &url]);
    assert!(o.stderr.contains("(inactive)"), "{}", o.stderr);
    env.ok(&["user", "unsuspend", "cy@example.com"]);
    cy.ok(&["whoami", "--server", &url]);
    // Removed: every credential ends with the person.
    env.ok(&["user", "remove", "cy@example.com", "--yes"]);
    let o = cy.code(6, &["whoami", "--server", &url]);
    assert!(o.stderr.contains("(unknown)"), "{}", o.stderr);
    assert!(env
        .json(&["token", "list", "--all", "--as", ADMIN])
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["owner"] != "cy@example.com"));
}

#[test]
fn scopes_limit_a_token_to_what_it_was_made_for() {
    let env = Env::init();
    let (_s, url) = server(&env);
    let check = client(&url, &token(&env, ADMIN, "app", &["--scope", "check"]));
    let read = client(&url, &token(&env, ADMIN, "report", &["--scope", "read"]));

    check.ok(&["whoami", "--server", &url]);
    check.ok(&["check", ADMIN, "admin", "--server", &url]);
    let o = check.code(6, &["token", "list", "--server", &url]);
    assert!(o.stderr.contains("scope is `check`"), "{}", o.stderr);

    read.ok(&["token", "list", "--server", &url]);
    let o = read.code(6, &["token", "create", "more", "--server", &url]);
    assert!(o.stderr.contains("scope is `read`"), "{}", o.stderr);
    read.code(6, &["token", "revoke", "report", "--server", &url]);
    // Every token expires: the longest is 366 days.
    env.code(
        2,
        &[
            "token",
            "create",
            "forever",
            "--expires-in",
            "367d",
            "--as",
            ADMIN,
        ],
    );
    env.code(2, &["token", "create", "bad/name", "--as", ADMIN]);
    env.code(4, &["token", "create", "app", "--as", ADMIN]);
}

#[test]
fn scim_tokens_work_only_under_scim_and_api_credentials_only_under_api() {
    let env = Env::init();
    let scim = env.ok(&["scim", "token", "create", "okta"]).last_line();
    let (s, _url) = server(&env);
    let api = token(&env, ADMIN, "ci", &[]);
    let (status, _, body) = http_from(
        "127.0.0.1",
        s.port,
        "/api/v1/whoami",
        &format!("Bearer {scim}"),
    );
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("malformed"), "{body}");
    let (status, _, _) = http_from(
        "127.0.0.1",
        s.port,
        "/scim/v2/Users",
        &format!("Bearer {api}"),
    );
    assert_eq!(status, 401);
    let (status, _, body) = http_from(
        "127.0.0.1",
        s.port,
        "/api/v1/whoami",
        &format!("Bearer {api}"),
    );
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = http_from(
        "127.0.0.1",
        s.port,
        "/api/v1/nothing",
        &format!("Bearer {api}"),
    );
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("\"not_found\""), "{body}");
}

#[test]
fn failed_sign_ins_from_one_address_are_limited_and_others_are_not() {
    let env = Env::init();
    let (s, _url) = server(&env);
    let good = format!("Bearer {}", token(&env, ADMIN, "ci", &[]));
    for i in 0..20 {
        let (status, _, body) = http_from("127.0.0.2", s.port, "/api/v1/whoami", "Bearer oa_wrong");
        assert_eq!(status, 401, "attempt {i}: {body}");
    }
    let (status, head, body) = http_from("127.0.0.2", s.port, "/api/v1/whoami", "Bearer oa_wrong");
    assert_eq!(status, 429, "{body}");
    let retry: u64 = head
        .lines()
        .find_map(|l| l.strip_prefix("retry-after: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!((1..=300).contains(&retry), "{retry}");
    // The limited address is refused even with a good credential...
    let (status, _, _) = http_from("127.0.0.2", s.port, "/api/v1/whoami", &good);
    assert_eq!(status, 429);
    // ...and every other address goes on as before.
    let (status, _, body) = http_from("127.0.0.3", s.port, "/api/v1/whoami", &good);
    assert_eq!(status, 200, "{body}");
}

#[test]
fn remote_mode_refuses_what_would_be_unsafe_or_ambiguous() {
    let env = Env::init();
    let (s, url) = server(&env);
    let c = Env::sqlite();
    // Plain http to another host, and URLs that are not one.
    for bad in ["http://orgadm.example.com", "ftp://h", "orgadm.example.com"] {
        let o = c.code(2, &["whoami", "--server", bad]);
        assert!(o.stderr.contains("server URL"), "{bad}: {}", o.stderr);
    }
    // Not signed in.
    let o = c.code(6, &["whoami", "--server", &url]);
    assert!(o.stderr.contains("not signed in"), "{}", o.stderr);
    assert!(o.stderr.contains("orgadm login --server"), "{}", o.stderr);
    let t = token(&env, ADMIN, "ci", &[]);
    let c = client(&url, &t);
    // --db, --as and an actor in the config are exit 2.
    let o = c.code(2, &["whoami", "--server", &url, "--db", "/tmp/x.db"]);
    assert!(o.stderr.contains("cannot be used together"), "{}", o.stderr);
    let o = c.code(2, &["whoami", "--server", &url, "--as", ADMIN]);
    assert!(o.stderr.contains("remote mode"), "{}", o.stderr);
    // A command that does not run remotely says so.
    let o = c.code(2, &["invite", "accept", "sometoken", "--server", &url]);
    assert!(
        o.stderr
            .contains("takes the invitee's token, not a sign-in"),
        "{}",
        o.stderr
    );
    // ORGADM_TOKEN wins over the stored credential.
    let mut e = Env::sqlite();
    e.set_env("ORGADM_TOKEN", &t);
    assert_eq!(e.json(&["whoami", "--server", &url])["email"], ADMIN);
    // stdin that is not a token, and a credentials file others can read.
    let o = c.run_stdin(&["login", "--with-token", "--server", &url], "hello\n");
    assert_eq!(o.code, 2, "{o:?}");
    let creds = c.config_path().with_file_name("credentials.toml");
    std::fs::set_permissions(&creds, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let o = c.code(2, &["whoami", "--server", &url]);
    assert!(
        o.stderr.contains(&format!("chmod 600 {}", creds.display())),
        "{}",
        o.stderr
    );
    std::fs::set_permissions(&creds, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    // Logout forgets the credential (a token stays valid, and it says so).
    let o = c.ok(&["logout", "--server", &url]);
    assert!(o.stderr.contains("stays valid"), "{}", o.stderr);
    c.code(6, &["whoami", "--server", &url]);
    // A server that is gone, and something that is not an orgadm server.
    drop(s);
    let o = c.run_stdin(&["login", "--with-token", "--server", &url], &t);
    assert_eq!(o.code, 8, "{o:?}");
    assert!(o.stderr.contains(&url), "{}", o.stderr);
    let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = other.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut s in other.incoming().flatten().take(1) {
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf);
            let _ = s.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
            );
        }
    });
    let o = c.run_stdin(
        &[
            "login",
            "--with-token",
            "--server",
            &format!("http://127.0.0.1:{port}"),
        ],
        &t,
    );
    assert_eq!(o.code, 8, "{o:?}");
    assert!(
        o.stderr.contains("did not answer as an orgadm server"),
        "{}",
        o.stderr
    );
}

/// Every read prints the same remotely as on the server's host (tables,
/// `--json`, `--csv`, exit codes), with lists longer than a page.
#[test]
fn reads_print_the_same_remotely_as_locally() {
    let env = Env::init();
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.member(
        "bo@example.com",
        "Bo",
        &["--role", "user", "--group", "Billing"],
    );
    env.invite("cy@example.com", "Cy", &["--group", "Billing"]);
    // More people than one page (1,000) holds.
    let mut csv = String::from("email,name,roles,groups\n");
    for i in 0..2345 {
        csv.push_str(&format!("p{i:04}@example.com,Person {i},user,\n"));
    }
    let file = env.data_dir().join("people.csv");
    std::fs::create_dir_all(env.data_dir()).unwrap();
    std::fs::write(&file, csv).unwrap();
    env.ok(&["apply", file.to_str().unwrap(), "--no-email", "--yes"]);
    let (_s, url) = server(&env);
    let c = client(&url, &token(&env, ADMIN, "auditor", &["--scope", "read"]));
    let head = env.ok(&["audit", "verify"]).last_line();
    for args in [
        vec!["user", "list", "--json"],
        vec!["user", "list"],
        vec!["user", "list", "--csv"],
        vec!["user", "list", "--status", "invited", "--json"],
        vec!["user", "list", "--role", "finance-admin", "--json"],
        vec!["user", "list", "--group", "Billing"],
        vec!["user", "list", "--search", "person 12", "--json"],
        vec!["user", "list", "--stranded"],
        vec!["user", "show", "bo@example.com", "--json"],
        vec!["user", "show", "Bo"],
        vec!["user", "show", "nobody@example.com"],
        vec!["invite", "list", "--json"],
        vec!["invite", "list", "--state", "all"],
        vec!["group", "list", "--json"],
        vec!["group", "list", "--csv"],
        vec!["group", "show", "billing"],
        vec!["group", "show", "Nope"],
        vec!["role", "list", "--json"],
        vec!["audit", "--limit", "5", "--json"],
        vec!["audit", "--limit", "1500", "--json"],
        vec!["audit", "--csv"],
        vec!["audit", "--action", "group.create"],
        vec!["audit", "verify"],
        vec!["audit", "verify", "--head", &head],
        vec!["audit", "verify", "--head", "00"],
        vec!["export"],
        vec!["export", "--json"],
    ] {
        let local = env.run(&args);
        let mut remote_args = args.clone();
        remote_args.extend(["--server", &url]);
        let remote = c.run(&remote_args);
        assert_eq!(remote.code, local.code, "{args:?}: {remote:?}");
        assert_eq!(remote.stdout, local.stdout, "{args:?}");
        assert_eq!(remote.stderr, local.stderr, "{args:?}");
    }
    let count = |args: &[&str]| {
        let mut args = args.to_vec();
        args.extend(["--server", &url]);
        c.json(&args).as_array().unwrap().len()
    };
    assert_eq!(count(&["user", "list"]), 2348);
    // Lists longer than a page (1,000) arrive whole, or as long as asked.
    assert!(count(&["audit"]) > 2345);
    assert_eq!(count(&["audit", "--limit", "1500"]), 1500);
    assert_eq!(count(&["invite", "list"]), 2346);
}

/// Reading the organization needs an org-admin and a scope that covers
/// reads; the refusal says which.
#[test]
fn reads_need_an_org_admin_and_a_read_scope() {
    let env = Env::init();
    env.member("bo@example.com", "Bo", &["--role", "user"]);
    let (_s, url) = server(&env);
    let bo = client(&url, &token(&env, "bo@example.com", "bo", &[]));
    for args in [
        vec!["user", "list"],
        vec!["user", "show", ADMIN],
        vec!["group", "list"],
        vec!["audit"],
        vec!["export"],
    ] {
        let mut a = args.clone();
        a.extend(["--server", &url]);
        let o = bo.code(6, &a);
        assert!(
            o.stderr.contains("is not an org-admin"),
            "{args:?}: {}",
            o.stderr
        );
    }
    let app = client(&url, &token(&env, ADMIN, "app", &["--scope", "check"]));
    let o = app.code(6, &["user", "list", "--server", &url]);
    assert!(o.stderr.contains("scope is `check`"), "{}", o.stderr);
}

/// A server whose sign-in polls may come every second (the default, 5 s,
/// is RFC 8628's).
fn sign_in_server(env: &Env) -> (Server, String) {
    let config = std::fs::read_to_string(env.config_path()).unwrap_or_default();
    env.write_config(&format!("{config}\n[serve]\nsign_in_interval = \"1s\"\n"));
    server(env)
}

/// `orgadm login --email E` started in the background, and the code it shows.
fn start_login(c: &Env, url: &str, email: &str) -> (Proc, String) {
    use std::io::BufRead;
    let mut child = c
        .cmd()
        .args(["login", "--email", email, "--server", url])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn_guarded();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let code = line
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        .find(|w| w.len() == 9 && w.as_bytes()[4] == b'-')
        .unwrap_or_else(|| panic!("no code in {line:?}"))
        .to_string();
    // Drain the rest of stderr, so the client never blocks on it.
    std::thread::spawn(move || for _ in err.lines() {});
    (child, code)
}

/// The sign-in link in the newest mail of the server's outbox, waiting for it.
fn mailed_link(env: &Env, n: usize) -> (String, String) {
    let t0 = std::time::Instant::now();
    while env.outbox_files().len() < n {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "no sign-in mail came"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The newest (outbox names are random).
    let newest = env
        .outbox_files()
        .into_iter()
        .max_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .unwrap();
    let raw = std::fs::read_to_string(newest).unwrap();
    let body = eml_body(&raw);
    let link = body
        .lines()
        .find(|l| l.contains("/login?code="))
        .unwrap()
        .trim()
        .to_string();
    (link, body)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// The page's form: Sign in or Deny.
fn press(link: &str, decision: &str) -> (u16, String) {
    let (base, code) = link.split_once("/login?code=").unwrap();
    let mut r = agent()
        .post(format!("{base}/login"))
        .content_type("application/x-www-form-urlencoded")
        .send(format!("code={code}&decision={decision}"))
        .unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

/// `POST /api/v1/login` for `email`: the status, the body, and Retry-After.
fn sign_in_start(url: &str, email: &str) -> (u16, serde_json::Value, Option<String>) {
    let mut r = agent()
        .post(format!("{url}/api/v1/login"))
        .send_json(serde_json::json!({"email": email, "host": "h", "os_user": "u"}))
        .unwrap();
    let retry = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (
        r.status().as_u16(),
        r.body_mut().read_json().unwrap(),
        retry,
    )
}

/// `POST /api/v1/login/token`: the answer's body.
fn sign_in_poll(url: &str, device: &serde_json::Value) -> serde_json::Value {
    agent()
        .post(format!("{url}/api/v1/login/token"))
        .send_json(serde_json::json!({"device_code": device}))
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap()
}

fn get(url: &str) -> (u16, String) {
    let mut r = agent().get(url).call().unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

#[test]
fn login_by_mail_shows_the_code_on_the_page_and_signs_in_on_the_button() {
    let env = Env::init();
    let (_s, url) = sign_in_server(&env);
    let c = Env::sqlite();
    let (child, code) = start_login(&c, &url, ADMIN);
    let (link, body) = mailed_link(&env, 1);
    assert!(body.contains(&code), "{body}");
    assert!(link.starts_with(&format!("{url}/login?code=")), "{link}");
    // Opening the page shows the code and the request's origin, and
    // changes nothing (opened twice, as a mail scanner would).
    for _ in 0..2 {
        let (status, page) = get(&link);
        assert_eq!(status, 200, "{page}");
        assert!(page.contains(&code), "{page}");
        assert!(page.contains("127.0.0.1"), "{page}");
        assert!(
            page.contains(">Sign in</button>") && page.contains(">Deny</button>"),
            "{page}"
        );
    }
    let (status, page) = press(&link, "approve");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("is signed in"), "{page}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    // The link works once.
    assert_eq!(press(&link, "approve").0, 410);
    assert_eq!(get(&link).0, 410);

    let who = c.json(&["whoami", "--server", &url]);
    assert_eq!(who["email"], ADMIN);
    assert_eq!(who["credential"]["kind"], "session");
    let actions = column(&env.json(&["audit", "--limit", "3"]), "action");
    assert_eq!(actions, ["sign-in", "sign-in.approve", "init"]);
    // What a session does is audited as the session's.
    c.ok(&["token", "create", "from-session", "--server", &url]);
    let made = env.json(&["audit", "--action", "token.create"]);
    assert_eq!(made[0]["details"]["credential"], "session");

    // Logout revokes the session on the server.
    let creds =
        std::fs::read_to_string(c.config_path().with_file_name("credentials.toml")).unwrap();
    let session = creds
        .split('"')
        .find(|s| s.starts_with("oa_"))
        .unwrap()
        .to_string();
    c.ok(&["logout", "--server", &url]);
    let mut e = Env::sqlite();
    e.set_env("ORGADM_TOKEN", &session);
    let o = e.code(6, &["whoami", "--server", &url]);
    assert!(o.stderr.contains("revoked"), "{}", o.stderr);
    env.ok(&["audit", "verify"]);
}

#[test]
fn a_denied_sign_in_signs_nobody_in() {
    let env = Env::init();
    let (_s, url) = sign_in_server(&env);
    let c = Env::sqlite();
    let (child, _code) = start_login(&c, &url, ADMIN);
    let (link, _) = mailed_link(&env, 1);
    let (status, page) = press(&link, "deny");
    assert_eq!(status, 200, "{page}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(6));
    assert!(!c.config_path().with_file_name("credentials.toml").exists());
    assert_eq!(
        column(&env.json(&["audit", "--limit", "1"]), "action"),
        ["sign-in.deny"]
    );
}

/// An email that is no active person's gets the same answer and no mail;
/// requests are limited per email, and the poll answers as RFC 8628 says.
#[test]
fn sign_in_tells_no_one_which_emails_exist_and_is_limited() {
    let env = Env::init();
    env.invite("iv@example.com", "Iv", &["--role", "user"]);
    // The default interval (5 s): polls at once are too soon however the
    // whole seconds they are kept in fall (with 1 s, two polls 100 ms
    // apart across a second's edge were not, and the test failed).
    let (_s, url) = server(&env);
    let start = |email: &str| sign_in_start(&url, email);
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let (s1, real, _) = start(ADMIN);
    let (s2, unknown, _) = start("nobody@example.com");
    let (s3, invited, _) = start("iv@example.com");
    assert_eq!((s1, s2, s3), (200, 200, 200));
    assert_eq!(keys(&real), keys(&unknown));
    assert_eq!(keys(&real), keys(&invited));
    assert_eq!(real["expires_in"], unknown["expires_in"]);
    // One mail: the real person's (the invitation was sent with --no-email),
    // written before the answer came.
    assert_eq!(env.outbox_files().len(), 1);

    // The poll: pending, then slow_down when polled again at once.
    let poll = |device: &serde_json::Value| sign_in_poll(&url, device);
    assert_eq!(
        poll(&unknown["device_code"])["error"],
        "authorization_pending"
    );
    assert_eq!(poll(&unknown["device_code"])["error"], "slow_down");
    assert_eq!(
        poll(&serde_json::json!("nonsense"))["error"],
        "expired_token"
    );

    // Five an hour per email; the sixth is 429 with when to retry.
    for _ in 0..4 {
        assert_eq!(start(ADMIN).0, 200);
    }
    let (status, err, retry) = start(ADMIN);
    assert_eq!(status, 429, "{err}");
    let retry: i64 = retry.unwrap().parse().unwrap();
    assert!((1..=3600).contains(&retry), "{retry}");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("try again in"),
        "{err}"
    );
    // Another email from the same address still may (its own count).
    assert_eq!(start("other@example.com").0, 200);
    // The CLI says it too, and exits 6.
    let c = Env::sqlite();
    let o = c.code(6, &["login", "--email", ADMIN, "--server", &url]);
    assert!(o.stderr.contains("retry after"), "{}", o.stderr);
}

/// The OpenAPI document the server answers is valid OpenAPI 3.1 by an
/// external validator (its completeness against the router is a unit
/// test in src/serve/api.rs).
#[test]
fn the_openapi_document_is_valid() {
    let env = Env::init();
    let (_s, url) = server(&env);
    let (status, doc) = get(&format!("{url}/api/v1/openapi.json"));
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&doc).unwrap();
    assert_eq!(v["openapi"], "3.1.0");
    let file = env.data_dir().join("openapi.json");
    std::fs::create_dir_all(env.data_dir()).unwrap();
    std::fs::write(&file, &doc).unwrap();
    let out = std::process::Command::new(openapi_python())
        .args([
            "-c",
            "import sys; from openapi_spec_validator import validate; from openapi_spec_validator.readers import read_from_filename; d, _ = read_from_filename(sys.argv[1]); validate(d); print('valid')",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Seconds from now until an RFC 3339 time.
fn secs_until(t: &str) -> i64 {
    let at = humantime::parse_rfc3339(t).unwrap();
    let now = std::time::SystemTime::now();
    match at.duration_since(now) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

/// The times a sign-in carries: the request lives 10 minutes (the mail says
/// until when), the session `session_ttl`; each request is used once, and
/// one past its expiry or polled too soon answers as RFC 8628 says.
#[test]
fn sign_in_requests_expire_are_used_once_and_age_out_of_the_limits() {
    let env = Env::init();
    let (_s, url) = sign_in_server(&env);
    let c = Env::sqlite();
    let (child, _) = start_login(&c, &url, ADMIN);
    let (link, body) = mailed_link(&env, 1);
    let until = body
        .split("until ")
        .nth(1)
        .unwrap()
        .split('.')
        .next()
        .unwrap()
        .trim()
        .to_string();
    assert!((590..=600).contains(&secs_until(&until)), "{until}");
    assert_eq!(
        env.sql_rows("SELECT expires_at - created_at FROM sign_in"),
        [["600"]]
    );
    press(&link, "approve");
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(0));
    let who = c.json(&["whoami", "--server", &url]);
    let left = secs_until(who["credential"]["expires_at"].as_str().unwrap());
    assert!((12 * 3600 - 60..=12 * 3600).contains(&left), "{left}");

    let start = || sign_in_start(&url, ADMIN);
    let poll = |device: &serde_json::Value| sign_in_poll(&url, device);
    // A used request, polled again, gives no second session.
    let used = env.sql_rows("SELECT count(*) FROM api_token WHERE kind = 'session'");
    let (_, pending, _) = start();
    let (link2, _) = mailed_link(&env, 2);
    press(&link2, "approve");
    assert!(poll(&pending["device_code"])["access_token"].is_string());
    assert_eq!(poll(&pending["device_code"])["error"], "expired_token");
    assert_eq!(
        env.sql_rows("SELECT count(*) FROM api_token WHERE kind = 'session'")[0][0],
        (used[0][0].parse::<i64>().unwrap() + 1).to_string()
    );
    // A poll exactly one interval after the last is not too soon.
    let (_, p, _) = start();
    assert_eq!(poll(&p["device_code"])["error"], "authorization_pending");
    env.sql_exec("UPDATE sign_in SET last_poll_at = last_poll_at - 1 WHERE state = 'pending'");
    assert_eq!(poll(&p["device_code"])["error"], "authorization_pending");
    // Past its expiry: expired_token, and its link is gone.
    env.sql_exec("UPDATE sign_in SET expires_at = created_at WHERE state = 'pending'");
    assert_eq!(poll(&p["device_code"])["error"], "expired_token");
    // Three requests this hour so far: two more, then the limit; the wait
    // is what is left of the hour since the oldest.
    assert_eq!(start().0, 200);
    assert_eq!(start().0, 200);
    let (status, _, retry) = start();
    assert_eq!(status, 429);
    let retry: i64 = retry.unwrap().parse().unwrap();
    assert!((3500..=3600).contains(&retry), "{retry}");
    // Older than an hour they count no more; ended more than an hour ago,
    // they are forgotten.
    env.sql_exec(
        "UPDATE sign_in SET created_at = created_at - 4300, expires_at = expires_at - 4300",
    );
    assert_eq!(start().0, 200);
    assert_eq!(env.sql_rows("SELECT count(*) FROM sign_in"), [["1"]]);
}

/// Hostile bodies and queries are refused as usage errors and the server
/// lives; twenty parallel creates of one token name make one token.
#[test]
fn the_api_refuses_hostile_input_and_serializes_parallel_writers() {
    let env = Env::init();
    let (_s, url) = server(&env);
    let auth = format!("Bearer {}", token(&env, ADMIN, "ci", &[]));
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    // Raw, so that a server answering before an oversized body is all
    // written is read, not a broken pipe (the oversized bodies are just
    // past the 64 KiB limit, so they fit the socket's buffers).
    let post = |path: &str, body: Vec<u8>| -> (u16, String) {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let _ = s
            .write_all(head.as_bytes())
            .and_then(|()| s.write_all(&body));
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw).to_string();
        let status = raw
            .split_whitespace()
            .nth(1)
            .unwrap_or("0")
            .parse()
            .unwrap();
        (status, raw)
    };
    let deep = |open: &str, close: &str, n: usize| {
        format!("{{\"name\":{}1{}}}", open.repeat(n), close.repeat(n)).into_bytes()
    };
    for (path, body) in [
        ("/api/v1/tokens", deep("[", "]", 35_000)),
        ("/api/v1/tokens", deep("[", "]", 1_000)),
        ("/api/v1/login", deep("{\"a\":", "}", 1_000)),
        (
            "/api/v1/tokens",
            format!("{{\"name\":\"{}\"}}", "a".repeat(70_000)).into_bytes(),
        ),
        ("/api/v1/tokens", br#"{"name":"a\u202eb"}"#.to_vec()),
        (
            "/api/v1/tokens",
            br#"{"name":"x","expires_in":"99999999999999999999d"}"#.to_vec(),
        ),
        ("/api/v1/tokens", br#"{"name":"x","scope":"root"}"#.to_vec()),
        ("/api/v1/login/token", b"not json".to_vec()),
    ] {
        let (status, text) = post(path, body);
        assert_eq!(status, 400, "{path}: {text}");
        assert!(
            text.contains("\"usage\"") || text.contains("\"error\""),
            "{text}"
        );
    }
    let (status, _) = get(&format!("{url}/api/v1/people?limit=99999999999999999999"));
    assert!(status == 400 || status == 401, "{status}");
    let results: Vec<u16> = std::thread::scope(|sc| {
        let hs: Vec<_> = (0..20)
            .map(|_| sc.spawn(|| post("/api/v1/tokens", br#"{"name":"race"}"#.to_vec()).0))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        results.iter().filter(|s| **s == 201).count(),
        1,
        "{results:?}"
    );
    assert!(
        results.iter().all(|s| *s == 201 || *s == 409),
        "{results:?}"
    );
    let list = env.json(&["token", "list", "--as", ADMIN]);
    assert_eq!(column(&list, "name"), ["ci", "race"]);
    env.ok(&["audit", "verify"]);
}

/// Query-string encoding of a cursor: every byte but letters and digits.
fn query_encoded(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Each list the API pages (people, invitations with their history, audit
/// entries) walks to the same items whatever the page size, in the order
/// the CLI prints them locally; a cursor the list did not give is a 400.
#[test]
fn the_api_pages_lists_by_cursor_whatever_the_page_size() {
    let env = Env::init();
    for (e, n) in [("a+1", "A"), ("b", "B"), ("c", "C"), ("D", "Dee")] {
        env.invite(&format!("{e}@example.com"), n, &["--role", "user"]);
    }
    // Open invitations sort by the normalized email (the domain in IDNA
    // ASCII: `xn--bcher-kva` after `c`), the history by the email as typed.
    for e in ["a@bücher.example", "a@c.example"] {
        env.invite(e, "Domains", &["--role", "user"]);
    }
    env.member("m@example.com", "M", &["--role", "user"]);
    // b's email has two invitations (revoked, then open); c's was revoked
    // by removing c.
    env.ok(&["invite", "revoke", "b@example.com"]);
    env.invite("b@example.com", "B again", &["--role", "user"]);
    env.ok(&["user", "remove", "c@example.com", "--yes"]);
    let (_s, url) = server(&env);
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    let auth = format!("Bearer {}", token(&env, ADMIN, "ci", &[]));
    let walk = |path: &str, cursor: &str, limit: usize| {
        let mut items = Vec::new();
        let mut at: Option<String> = None;
        loop {
            let mut p = format!("{path}limit={limit}");
            if let Some(a) = &at {
                p.push_str(&format!("&{cursor}={}", query_encoded(a)));
            }
            let (status, _, body) = http_from("127.0.0.1", port, &p, &auth);
            assert_eq!(status, 200, "{p}: {body}");
            let page: serde_json::Value = serde_json::from_str(&body).unwrap();
            let got = page["items"].as_array().unwrap();
            assert!(got.len() <= limit, "{p}: {body}");
            // A `next` promises more: the page after it is never empty.
            assert!(at.is_none() || !got.is_empty(), "{p}: {body}");
            items.extend(got.iter().cloned());
            match &page["next"] {
                serde_json::Value::Null => return items,
                n => at = Some(n.as_str().map_or_else(|| n.to_string(), str::to_string)),
            }
        }
    };
    let pairs = |list: &[serde_json::Value], a: &str, b: &str| -> Vec<(String, String)> {
        list.iter()
            .map(|i| (i[a].to_string(), i[b].to_string()))
            .collect()
    };
    for (states, state) in [
        ("pending,expired,failed", None),
        ("pending,expired,failed,accepted,revoked", Some("all")),
        ("revoked", Some("revoked")),
    ] {
        let mut args = vec!["invite", "list"];
        args.extend(state.iter().flat_map(|s| ["--state", s]));
        let local = env.json(&args);
        let want = pairs(local.as_array().unwrap(), "email", "state");
        assert!(!want.is_empty());
        let at = |e: &str| want.iter().position(|(w, _)| w == &format!("\"{e}\""));
        if state.is_none() {
            assert!(at("a@c.example") < at("a@bücher.example"), "{want:?}");
        }
        for limit in [1, 2, 3, 1000] {
            let got = walk(
                &format!("/api/v1/invitations?states={}&", query_encoded(states)),
                "after",
                limit,
            );
            assert_eq!(pairs(&got, "email", "state"), want, "{states} by {limit}");
        }
    }
    let local = env.json(&["audit"]);
    let want = pairs(local.as_array().unwrap(), "action", "target");
    for limit in [1, 4, 1000] {
        let got = walk("/api/v1/audit?", "before", limit);
        assert_eq!(pairs(&got, "action", "target"), want, "audit by {limit}");
    }
    let local = env.json(&["user", "list"]);
    let want = pairs(local.as_array().unwrap(), "email", "status");
    for limit in [1, 2, 1000] {
        let got = walk("/api/v1/people?", "after", limit);
        assert_eq!(pairs(&got, "email", "status"), want, "people by {limit}");
    }
    for bad in ["x", "1", "nope:b@example.com"] {
        let p = format!(
            "/api/v1/invitations?states=pending&after={}",
            query_encoded(bad)
        );
        let (status, _, body) = http_from("127.0.0.1", port, &p, &auth);
        assert_eq!(status, 400, "{bad}: {body}");
    }
}

/// A server whose list cursor does not move on (a bug, or not orgadm):
/// the client stops at the second page with exit 8 instead of looping
/// forever or printing a list cut short as if it were whole; a cursor that
/// moves on is followed.
#[test]
fn a_list_cursor_that_does_not_move_on_is_exit_8() {
    let t = {
        let env = Env::init();
        token(&env, ADMIN, "ci", &[])
    };
    let entry = r#"{"id":5,"at":"2026-01-01T00:00:00Z","actor":"a@example.com","os_user":"a","action":"user.add","target":"b@example.com","details":{},"hash":"00"}"#;
    let invitation = r#"{"email":"b@example.com","name":"B","state":"pending","expires_at":"2026-01-01T00:00:00Z","attempts":0,"last_error":null,"invited_by":"a@example.com","invited_at":"2026-01-01T00:00:00Z","roles":["user"],"groups":[]}"#;
    let person = r#"{"email":"b@example.com","name":"B","status":"active","roles":["user"],"groups":[],"effective_roles":["user"]}"#;
    // Audit entries page backwards (ids fall), people forwards (emails
    // rise), invitations by an opaque cursor that must change.
    for (args, item, cursors, stuck) in [
        (vec!["audit"], entry, ["9", "7"], false),
        (vec!["audit"], entry, ["7", "7"], true),
        (vec!["audit"], entry, ["7", "9"], true),
        (
            vec!["invite", "list"],
            invitation,
            ["\"1:b\"", "\"2:b\""],
            false,
        ),
        (
            vec!["invite", "list"],
            invitation,
            ["\"1:b\"", "\"1:b\""],
            true,
        ),
        (vec!["user", "list"], person, ["\"c\"", "\"m\""], false),
        (vec!["user", "list"], person, ["\"m\"", "\"m\""], true),
        (vec!["user", "list"], person, ["\"m\"", "\"c\""], true),
    ] {
        // Answers page after page with these cursors, then a last page.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let pages: Vec<String> = cursors
            .iter()
            .map(|c| format!(r#"{{"items":[{item}],"next":{c}}}"#))
            .chain([format!(r#"{{"items":[{item}],"next":null}}"#)])
            .collect();
        let served = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = served.clone();
        std::thread::spawn(move || {
            for (mut s, body) in listener.incoming().flatten().zip(pages) {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf);
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let _ = write!(
                    s,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        let mut c = Env::sqlite();
        c.set_env("ORGADM_TOKEN", &t);
        let mut a = args.clone();
        let url = format!("http://127.0.0.1:{port}");
        a.extend(["--json", "--server", &url]);
        let o = c.run(&a);
        if stuck {
            assert_eq!(o.code, 8, "{args:?} {cursors:?}: {o:?}");
            assert!(o.stderr.contains("does not move on"), "{}", o.stderr);
            assert!(o.stdout.is_empty(), "{}", o.stdout);
            assert_eq!(served.load(std::sync::atomic::Ordering::SeqCst), 2);
        } else {
            assert_eq!(o.code, 0, "{args:?} {cursors:?}: {o:?}");
            let list: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
            assert_eq!(list.as_array().unwrap().len(), 3, "{args:?}");
        }
    }
}

/// A GET with a bearer token: the status and the JSON body (null if none).
fn get_as(url: &str, token: &str) -> (u16, serde_json::Value) {
    let mut r = agent()
        .get(url)
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string().unwrap();
    (status, serde_json::from_str(&body).unwrap_or_default())
}

/// How many kept answers the server gave again (`given`) or found stale.
fn kept_counts(url: &str) -> (u64, u64) {
    let (status, text) = get(&format!("{url}/metrics"));
    assert_eq!(status, 200, "{text}");
    let count = |result: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("orgadm_kept_answers_total{{result=\"{result}\"}}")))
            .map_or(0, |l| l.rsplit(' ').next().unwrap().parse().unwrap())
    };
    (count("given"), count("stale"))
}

/// The server keeps the answers of repeated checks, whoamis and `user
/// show`s, and gives one again only while nothing was written since: each
/// write (by another process on the store, or through the server) is seen
/// on the very next request, and a credential revoked or a person demoted
/// ends what was kept for them.
#[test]
fn kept_answers_never_outlive_a_write() {
    let env = Env::init();
    env.member("ann@example.com", "Ann", &["--role", "org-admin"]);
    env.member("bo@example.com", "Bo", &["--role", "user"]);
    let (_s, url) = server(&env);
    let ann = token(&env, "ann@example.com", "ann", &[]);
    let bo = token(&env, "bo@example.com", "bo", &[]);
    let check = format!("{url}/api/v1/check?email=bo%40example.com&capability=billing");
    let show = format!("{url}/api/v1/people/bo%40example.com");
    let whoami = format!("{url}/api/v1/whoami");

    // Asked again and again with nothing written: given from what was kept,
    // byte for byte what a fresh read answers.
    let first = get_as(&check, &ann);
    assert_eq!((first.0, &first.1["allowed"]), (200, &false.into()));
    for _ in 0..3 {
        assert_eq!(get_as(&check, &ann), first);
    }
    // (The first request wrote the token's first use, so the second read
    // afresh; the last two were given.)
    let (given, _) = kept_counts(&url);
    assert!(given >= 2, "{given}");
    let shown = get_as(&show, &ann);
    assert_eq!(get_as(&show, &ann), shown);
    assert_eq!(get_as(&whoami, &bo).1["roles"], serde_json::json!(["user"]));

    // Another process writes on the store: the next request sees it.
    env.ok(&[
        "user",
        "edit",
        "bo@example.com",
        "--add-role",
        "finance-admin",
    ]);
    let (_, stale_before) = kept_counts(&url);
    let now = get_as(&check, &ann);
    assert_eq!(now.1["allowed"], true, "{now:?}");
    assert_eq!(
        now.1["via"],
        serde_json::json!({"finance-admin": ["direct"]})
    );
    assert!(kept_counts(&url).1 > stale_before);
    assert_eq!(
        get_as(&whoami, &bo).1["roles"],
        serde_json::json!(["finance-admin", "user"])
    );
    // Through a group: the person's view and the check's sources follow.
    env.ok(&["group", "create", "Pay", "--role", "finance-admin"]);
    env.ok(&["group", "manage", "Pay", "--add", "bo@example.com", "--yes"]);
    assert_eq!(get_as(&show, &ann).1["groups"], serde_json::json!(["Pay"]));
    assert_eq!(
        get_as(&check, &ann).1["via"],
        serde_json::json!({"finance-admin": ["direct", "group:Pay"]})
    );

    // Through the server itself.
    let (status, _) = {
        let mut r = agent()
            .post(format!("{url}/api/v1/people/bo%40example.com/suspend"))
            .header("Authorization", &format!("Bearer {ann}"))
            .send_json(serde_json::json!({}))
            .unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    };
    assert_eq!(status, 200);
    assert_eq!(get_as(&check, &ann).1["allowed"], false);
    assert_eq!(get_as(&whoami, &bo).0, 401);

    // Ann demoted by another process: what was kept for her ends.
    env.ok(&[
        "user",
        "edit",
        "ann@example.com",
        "--set-roles",
        "user",
        "--yes",
    ]);
    assert_eq!(get_as(&show, &ann).0, 403);
    assert_eq!(get_as(&check, &ann).0, 403);
    // Her own check, kept, then her token revoked: refused next time.
    let own = format!("{url}/api/v1/check?email=ann%40example.com&capability=general");
    assert_eq!(get_as(&own, &ann).0, 200);
    assert_eq!(get_as(&own, &ann).0, 200);
    env.ok(&["token", "revoke", "ann", "--as", "ann@example.com"]);
    assert_eq!(get_as(&own, &ann).0, 401);
}
