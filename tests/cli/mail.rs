//! Real delivery (issue: mail): SMTP plain, STARTTLS and TLS against aiosmtpd on
//! 127.0.0.1, SMTP AUTH, failures that lose nothing, sendmail.

use std::time::{Duration, Instant};

use crate::support::*;

const URL: &str = "https://portal.example.com/join?token={token}";

fn smtp_config(env: &Env, port: u16, extra: &str) {
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\ninvite_url = \"{URL}\"\n\n[mail]\ntransport = \"smtp\"\nfrom = \"Example Admin <admin@example.com>\"\nhost = \"127.0.0.1\"\nport = {port}\ntimeout = \"10s\"\n{extra}"
    ));
}

fn add_bob(env: &Env) -> Out {
    env.run(&add_args("bob@example.com", "Bob", &["--role", "user"]))
}

#[test]
fn smtp_plain_delivers_a_message_whose_link_activates_the_person() {
    let server = SmtpServer::start(SmtpOpts::default());
    let env = Env::init();
    smtp_config(&env, server.port, "tls = \"none\"\n");
    let o = add_bob(&env);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(o.stdout.contains("sent to bob@example.com"), "{}", o.stdout);
    let msgs = server.messages();
    assert_eq!(msgs.len(), 1);
    let m = &msgs[0];
    assert_eq!(eml_header(m, "X-RcptTo"), ["bob@example.com"]);
    assert_eq!(
        eml_header(m, "From"),
        ["\"Example Admin\" <admin@example.com>"]
    );
    assert!(eml_header(m, "Subject")[0].contains("Analytical Engines"));
    let body = eml_body(m);
    let link = body
        .lines()
        .find(|l| l.starts_with("https://portal.example.com/join?token="))
        .expect("link line")
        .to_string();
    assert_eq!(link.len(), URL.len() - "{token}".len() + 43, "{link}");
    for want in ["Hello Bob", "Ada Lovelace", "Roles: User", "expires at"] {
        assert!(body.contains(want), "{want} missing:\n{body}");
    }
    let p = env.json(&["invite", "accept", &link]);
    assert_eq!(p["status"], "active");
    assert_eq!(env.json(&["invite", "list"]), serde_json::json!([]));
    // The history keeps the accepted invitation.
    let inv = env.json(&["invite", "list", "--state", "all"]);
    assert_eq!(inv[0]["state"], "accepted");
    assert_eq!(inv[0]["invited_by"], ADMIN);
}

#[test]
fn starttls_and_implicit_tls_deliver_with_a_trusted_private_ca() {
    let ca = certs().ca();
    for (opts, tls) in [
        (
            SmtpOpts {
                starttls: true,
                ..Default::default()
            },
            "starttls",
        ),
        (
            SmtpOpts {
                implicit_tls: true,
                ..Default::default()
            },
            "tls",
        ),
    ] {
        let server = SmtpServer::start(opts);
        let env = Env::init();
        smtp_config(
            &env,
            server.port,
            &format!("tls = \"{tls}\"\nca_file = \"{}\"\n", ca.display()),
        );
        let o = add_bob(&env);
        assert_eq!(o.code, 0, "{tls}: {o:?}");
        assert_eq!(server.messages().len(), 1, "{tls}");

        // Without ca_file, the certificate is not trusted: exit 7, saved as failed.
        let env = Env::init();
        smtp_config(&env, server.port, &format!("tls = \"{tls}\"\n"));
        let o = env.code(7, &add_args("bob@example.com", "Bob", &["--role", "user"]));
        assert!(o.stderr.contains("not trusted"), "{tls}: {}", o.stderr);
        assert!(
            o.stderr.contains("orgadm invite resend bob@example.com"),
            "{}",
            o.stderr
        );
        assert_eq!(
            env.json(&["invite", "list", "--state", "failed"])[0]["email"],
            "bob@example.com"
        );
        assert_eq!(server.messages().len(), 1, "{tls}: nothing more arrived");
    }
}

#[test]
fn smtp_auth_with_password_from_the_environment() {
    let server = SmtpServer::start(SmtpOpts {
        starttls: true,
        auth: Some(("apikey", "s3cret")),
        ..Default::default()
    });
    let ca = certs().ca();
    let mut env = Env::init();
    smtp_config(&env, server.port, &format!("tls = \"starttls\"\nca_file = \"{}\"\nusername = \"apikey\"\npassword_env = \"TEST_SMTP_PASSWORD\"\n", ca.display()));
    env.set_env("TEST_SMTP_PASSWORD", "wrong");
    let o = add_bob(&env);
    assert_eq!(o.code, 7, "{o:?}");
    assert!(o.stderr.contains("authentication failed"), "{}", o.stderr);
    assert!(
        !o.all().contains("wrong"),
        "the password is never printed: {}",
        o.all()
    );
    let inv = env.json(&["invite", "list", "--state", "failed"]);
    assert_eq!(inv[0]["state"], "failed");
    assert_eq!(inv[0]["attempts"], 1);
    assert!(server.messages().is_empty());

    let mut env2 = Env::init();
    smtp_config(&env2, server.port, &format!("tls = \"starttls\"\nca_file = \"{}\"\nusername = \"apikey\"\npassword_env = \"TEST_SMTP_PASSWORD\"\n", ca.display()));
    env2.set_env("TEST_SMTP_PASSWORD", "s3cret");
    let o = add_bob(&env2);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(server.messages().len(), 1);
}

#[test]
fn a_failed_send_is_kept_and_resend_failed_delivers_it_later() {
    // Nothing listens on the port until the server starts, and no other
    // test's listener can take it meanwhile.
    let (reserved, port) = reserved_port();
    let env = Env::init();
    smtp_config(&env, port, "tls = \"none\"\n");
    // One invitation that never needed mail, to check it is left alone.
    let other = env.invite("carol@example.com", "Carol", &["--role", "user"]);
    let o = add_bob(&env);
    assert_eq!(o.code, 7, "{o:?}");
    assert!(
        o.stderr.contains("is saved") && o.stderr.contains("orgadm invite resend bob@example.com"),
        "{}",
        o.stderr
    );
    let j = env.code(
        7,
        &add_args("dan@example.com", "Dan", &["--role", "user", "--json"]),
    );
    assert_eq!(j.err_json()["error"]["kind"], "delivery_failed");
    assert_eq!(j.json()["invitation"]["state"], "failed");
    let failed = env.json(&["invite", "list", "--state", "failed"]);
    assert_eq!(failed.as_array().unwrap().len(), 2);
    assert!(!failed[0]["last_error"].as_str().unwrap().is_empty());
    let carol_before = env.json(&["invite", "list", "--state", "pending"]);

    drop(reserved);
    let server = SmtpServer::start_on(port, SmtpOpts::default());
    let r = env.json(&["invite", "resend", "--failed"]);
    assert_eq!(r["resent"].as_array().unwrap().len(), 2);
    let msgs = server.messages();
    assert_eq!(msgs.len(), 2);
    let rcpts: Vec<String> = msgs
        .iter()
        .flat_map(|m| eml_header(m, "X-RcptTo"))
        .collect();
    assert!(
        rcpts.contains(&"bob@example.com".to_string())
            && rcpts.contains(&"dan@example.com".to_string())
    );
    assert_eq!(
        env.json(&["invite", "list", "--state", "failed"]),
        serde_json::json!([])
    );
    // Carol's invitation was not touched: same expiry, same working token.
    let pending = env.json(&["invite", "list", "--state", "pending"]);
    let carol = pending
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["email"] == "carol@example.com")
        .unwrap();
    assert_eq!(carol, &carol_before[0]);
    env.ok(&["invite", "accept", &other]);
    // Bob's new token works.
    let bob = msgs
        .iter()
        .find(|m| eml_header(m, "X-RcptTo") == ["bob@example.com"])
        .unwrap();
    env.ok(&["invite", "accept", &token_in(bob)]);
}

#[test]
fn a_hanging_mail_server_blocks_no_other_command() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        // Accept and never answer.
        let mut conns = Vec::new();
        for c in listener.incoming().take(1) {
            conns.push(c);
            std::thread::sleep(Duration::from_secs(20));
        }
    });
    let env = Env::init();
    smtp_config(&env, port, "tls = \"none\"\n");
    let mut slow = env
        .cmd()
        .args([
            "user",
            "add",
            "--email",
            "slow@example.com",
            "--name",
            "Slow",
            "--role",
            "user",
        ])
        .spawn_guarded();
    // Wait until its invitation is committed (it is sending now).
    let t0 = Instant::now();
    while !env
        .run(&["user", "list", "--json"])
        .stdout
        .contains("slow@example.com")
    {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the invitation was not committed before sending"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let start = Instant::now();
    for i in 0..10 {
        env.ok(&add_args(
            &format!("fast{i}@example.com"),
            "Fast",
            &["--role", "user", "--no-email"],
        ));
    }
    let took = start.elapsed();
    assert!(
        slow.try_wait().unwrap().is_none(),
        "the slow send should still be waiting"
    );
    // Ten commands that waited on a lock would take the full 10 s timeout each.
    assert!(
        took < Duration::from_secs(8),
        "10 adds took {took:?} while a send hung"
    );
    let _ = slow.kill();
    let _ = slow.wait();
    drop(held);
}

#[test]
fn hostile_names_cannot_add_recipients_or_headers_and_a_lone_dot_survives() {
    let server = SmtpServer::start(SmtpOpts::default());
    let env = Env::new();
    env.ok(&["init", "--admin", ADMIN, "--org", "."]);
    smtp_config(&env, server.port, "tls = \"none\"\n");
    let hostile =
        "Eve <evil@example.com>, mallory@example.com; \"Bcc: x@example.com\" =?utf-8?q?x?=";
    env.ok(&add_args("bob@example.com", hostile, &["--role", "user"]));
    let m = &server.messages()[0];
    assert_eq!(
        eml_header(m, "X-RcptTo"),
        ["bob@example.com"],
        "exactly one recipient"
    );
    assert_eq!(eml_header(m, "To").len(), 1);
    assert!(eml_header(m, "Bcc").is_empty() && eml_header(m, "Cc").is_empty());
    assert!(
        eml_body(m).lines().next() == Some("."),
        "the org name line `.` arrived intact:\n{m}"
    );
    // Control characters never get that far.
    env.code(
        2,
        &add_args(
            "c@example.com",
            "C\nBcc: evil@example.com",
            &["--role", "user"],
        ),
    );
    env.code(
        2,
        &add_args(
            "c@example.com\r\nBcc: evil@example.com",
            "C",
            &["--role", "user"],
        ),
    );
    assert_eq!(server.messages().len(), 1);
}

#[test]
fn sendmail_gets_the_whole_message_and_failures_never_leak_the_token() {
    let env = Env::init();
    let dir = env.dir.path();
    let store = dir.join("sent.eml");
    let good = dir.join("good-sendmail");
    std::fs::write(
        &good,
        format!(
            "#!/bin/sh\necho \"$@\" > {}.args\ncat > {}\n",
            store.display(),
            store.display()
        ),
    )
    .unwrap();
    let bad = dir.join("bad-sendmail");
    std::fs::write(
        &bad,
        "#!/bin/sh\necho 'sendmail: cannot deliver this:' >&2\ncat >&2\nexit 75\n",
    )
    .unwrap();
    for f in [&good, &bad] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let cfg = |cmd: &std::path::Path| {
        format!("actor = \"{ADMIN}\"\ninvite_url = \"{URL}\"\n[mail]\ntransport = \"sendmail\"\nfrom = \"admin@example.com\"\nsendmail_command = \"{}\"\n", cmd.display())
    };

    env.write_config(&cfg(&good));
    env.ok(&add_args("bob@example.com", "Bob", &["--role", "user"]));
    let m = std::fs::read_to_string(&store).unwrap();
    assert_eq!(eml_header(&m, "To"), ["Bob <bob@example.com>"]);
    let args = std::fs::read_to_string(format!("{}.args", store.display())).unwrap();
    assert!(args.contains("bob@example.com"), "{args}");
    env.ok(&["invite", "accept", &token_in(&m)]);

    env.write_config(&cfg(&bad));
    let o = env.run(&add_args("carol@example.com", "Carol", &["--role", "user"]));
    assert_eq!(o.code, 7, "{o:?}");
    let inv = env.json(&["invite", "list", "--state", "failed"]);
    let err = inv[0]["last_error"].as_str().unwrap().to_string();
    assert!(err.contains("cannot deliver"), "{err}");
    // The failing command echoed the whole message, token included: none
    // of it is kept.
    assert!(
        !err.contains("Hello Carol"),
        "the message was dropped: {err}"
    );
    assert!(!err.contains("Invitation to join"), "{err}");
    // Nothing in the output or the database holds a 43-character token run.
    let leaked = |s: &str| {
        s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .any(|w| w.len() == 43)
    };
    assert!(!leaked(&o.all()), "token in output: {}", o.all());
    assert!(!leaked(&err), "token in last_error: {err}");
}

/// What large mailbox providers look for: a Message-ID in the sender's
/// domain, a Date, Auto-Submitted, and a text part beside a simple HTML part
/// with the link as a button and nothing remote.
#[test]
fn invitations_are_mail_real_mailboxes_accept() {
    let server = SmtpServer::start(SmtpOpts::default());
    let env = Env::init();
    smtp_config(&env, server.port, "tls = \"none\"\n");
    env.ok(&add_args("bob@example.com", "Bob <b>", &["--role", "user"]));
    let m = &server.messages()[0];
    let id = &eml_header(m, "Message-ID")[0];
    assert!(id.starts_with('<') && id.ends_with("@example.com>"), "{id}");
    assert!(!eml_header(m, "Date").is_empty());
    assert_eq!(eml_header(m, "Auto-Submitted"), ["auto-generated"]);
    assert!(eml_header(m, "Content-Type")[0].starts_with("multipart/alternative"));
    let text = eml_part(m, "text/plain");
    let html = eml_part(m, "text/html");
    let token = token_in(m);
    assert!(
        text.contains(&format!("https://portal.example.com/join?token={token}")),
        "{text}"
    );
    assert!(
        html.contains(&format!(
            "<a href=\"https://portal.example.com/join?token={token}\""
        )),
        "{html}"
    );
    assert!(html.contains("Accept the invitation"), "{html}");
    assert!(html.contains("Bob &lt;b&gt;"), "names are escaped: {html}");
    for remote in ["<img", "src=", "<link", "@import", "url("] {
        assert!(!html.contains(remote), "remote content `{remote}`: {html}");
    }
    // Two messages, two Message-IDs.
    env.ok(&["invite", "resend", "bob@example.com"]);
    let ids: Vec<String> = server
        .messages()
        .iter()
        .map(|m| eml_header(m, "Message-ID")[0].clone())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
}
