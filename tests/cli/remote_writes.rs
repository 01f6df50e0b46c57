//! Changes in remote mode (SPEC §13): every changing command runs on a real
//! `orgadm serve` as the signed-in caller, prints what it prints locally,
//! asks across the network (428 with the plan, commit against the impact
//! shown, 409 if it grew), and is refused and audited for anyone who is
//! not an active org-admin now.

use std::time::Duration;

use crate::remote::{server, token};
use crate::support::*;

/// A client machine signed in to `url` with `token`: its commands run
/// there with `--server` appended.
struct Client {
    env: Env,
    url: String,
}

impl Client {
    fn new(url: &str, token: &str) -> Client {
        let env = Env::sqlite();
        let o = env.run_stdin(
            &["login", "--with-token", "--server", url],
            &format!("{token}\n"),
        );
        assert_eq!(o.code, 0, "{o:?}");
        Client {
            env,
            url: url.to_string(),
        }
    }
    fn args<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
        let mut a = args.to_vec();
        a.extend(["--server", &self.url]);
        a
    }
    fn run(&self, args: &[&str]) -> Out {
        self.env.run(&self.args(args))
    }
    fn ok(&self, args: &[&str]) -> Out {
        self.env.ok(&self.args(args))
    }
    fn code(&self, code: i32, args: &[&str]) -> Out {
        self.env.code(code, &self.args(args))
    }
    fn json(&self, args: &[&str]) -> serde_json::Value {
        self.env.json(&self.args(args))
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// A raw call to the admin API: status and JSON body.
fn call(method: &str, url: &str, token: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let a = agent();
    let auth = format!("Bearer {token}");
    let mut r = match method {
        "POST" => a.post(url).header("Authorization", &auth).send_json(body),
        "PATCH" => a.patch(url).header("Authorization", &auth).send_json(body),
        "DELETE" => a
            .delete(url)
            .header("Authorization", &auth)
            .force_send_body()
            .send_json(body),
        _ => unreachable!(),
    }
    .unwrap();
    (r.status().as_u16(), r.body_mut().read_json().unwrap())
}

#[test]
fn every_changing_command_runs_on_the_server_as_the_signed_in_admin() {
    let env = Env::init();
    let (_s, url) = server(&env);
    let c = Client::new(&url, &token(&env, ADMIN, "laptop", &[]));

    // user add: the server sends the invitation (its outbox), the client
    // prints the same document as locally.
    let added = c.json(&[
        "user",
        "add",
        "--email",
        "carol@example.com",
        "--name",
        "Carol",
        "--role",
        "user",
    ]);
    assert_eq!(added["changed"], true);
    assert_eq!(added["person"]["email"], "carol@example.com");
    assert_eq!(added["person"]["status"], "invited");
    assert_eq!(added["delivery"]["sent"], true);
    assert_eq!(added["delivery"]["transport"], "file");
    assert_eq!(added["invitation"]["attempts"], 1);
    assert_eq!(env.outbox_files().len(), 1, "mailed from the server's side");
    let text = c.ok(&[
        "user",
        "add",
        "--email",
        "dan@example.com",
        "--name",
        "Dan",
        "--role",
        "user",
        "--no-email",
    ]);
    assert!(
        text.stdout.contains("invite dan@example.com"),
        "{}",
        text.stdout
    );
    let token = text.last_line();
    env.ok(&["invite", "accept", &token]);

    // Groups, members, roles, suspension: each one a request, each
    // printed as locally and visible on the server's store at once.
    let g = c.json(&["group", "create", "Finance", "--role", "finance-admin"]);
    assert_eq!(g["group"]["name"], "Finance");
    let m = c.json(&["group", "manage", "Finance", "--add", "dan@example.com"]);
    assert_eq!(
        m["group"]["members"],
        serde_json::json!(["dan@example.com"])
    );
    let e = c.json(&["group", "edit", "Finance", "--name", "Money"]);
    assert_eq!(e["group"]["name"], "Money");
    let u = c.json(&[
        "user",
        "edit",
        "dan@example.com",
        "--add-role",
        "finance-admin",
    ]);
    assert_eq!(
        u["person"]["roles"],
        serde_json::json!(["finance-admin", "user"])
    );
    let s = c.json(&["user", "suspend", "dan@example.com"]);
    assert_eq!(s["person"]["status"], "suspended");
    c.ok(&["user", "unsuspend", "dan@example.com"]);
    assert_eq!(
        env.json(&["user", "show", "dan@example.com"])["status"],
        "active"
    );
    // Invitations: edit, resend, revoke.
    c.ok(&["invite", "edit", "carol@example.com", "--name", "Carol B"]);
    let r = c.json(&["invite", "resend", "carol@example.com", "--no-email"]);
    assert!(r["accept"].as_str().is_some(), "{r}");
    c.code(3, &["invite", "resend", "dan@example.com"]);
    let gone = c.json(&["invite", "revoke", "carol@example.com"]);
    assert_eq!(gone["person"]["email"], "carol@example.com");
    assert_eq!(gone["changes"][0]["action"], "invite.revoke");
    // `user remove` of an invited person is a revocation too; of an
    // active one, a removal.
    c.ok(&[
        "user",
        "add",
        "--email",
        "gil@example.com",
        "--name",
        "Gil",
        "--role",
        "user",
        "--no-email",
    ]);
    let revoked = c.json(&["user", "remove", "gil@example.com"]);
    assert_eq!(revoked["changes"][0]["action"], "invite.revoke");
    // A dry run changes nothing, remotely as locally.
    let dry = c.json(&["user", "remove", "dan@example.com", "--dry-run"]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["changes"][0]["action"], "user.remove");
    assert_eq!(
        env.json(&["user", "show", "dan@example.com"])["status"],
        "active"
    );

    // apply: the file is read on the client and applied on the server.
    let f = c.env.dir.path().join("org.toml");
    std::fs::write(
        &f,
        "[[group]]\nname = \"Eng\"\nroles = [\"user\"]\n\n[[user]]\nemail = \"eve@example.com\"\nname = \"Eve\"\ngroups = [\"Eng\"]\n",
    )
    .unwrap();
    let o = c.ok(&["apply", f.to_str().unwrap(), "--no-email"]);
    assert!(o.stdout.contains("eve@example.com  "), "{}", o.stdout);
    let again = c.ok(&["apply", f.to_str().unwrap(), "--no-email"]);
    assert!(again.stdout.contains("already matches"), "{again:?}");
    let csv = c.env.dir.path().join("people.csv");
    std::fs::write(&csv, "email,name,roles,groups\nfay@example.com,Fay,user,\n").unwrap();
    c.ok(&["apply", csv.to_str().unwrap(), "--no-email"]);
    assert_eq!(
        env.json(&["user", "show", "fay@example.com"])["status"],
        "invited"
    );

    // Every remote change is audited as the admin, with the credential
    // and the client's address.
    let audit = env.json(&["audit", "--action", "group.create"]);
    assert_eq!(audit[0]["actor"], ADMIN);
    assert_eq!(audit[0]["details"]["credential"], "token:laptop");
    assert_eq!(audit[0]["details"]["client"], "127.0.0.1");
    env.ok(&["audit", "verify"]);
}

#[test]
fn confirmations_are_asked_on_the_client_and_committed_against_what_was_shown() {
    let env = Env::init();
    env.ok(&["group", "create", "Eng", "--role", "user"]);
    env.member("bo@example.com", "Bo", &["--group", "Eng"]);
    let (_s, url) = server(&env);
    let t = token(&env, ADMIN, "laptop", &[]);
    let c = Client::new(&url, &t);

    // group delete always asks: no terminal is exit 5 with the impact.
    let o = c.code(5, &["group", "delete", "Eng"]);
    assert!(o.stderr.contains("needs confirmation"), "{}", o.stderr);
    assert!(
        o.stderr.contains("bo@example.com"),
        "the impact is shown: {}",
        o.stderr
    );
    let o = c.code(5, &["group", "delete", "Eng", "--json"]);
    assert_eq!(
        o.json()["impact"]["stranded"],
        serde_json::json!(["bo@example.com"])
    );
    assert_eq!(o.err_json()["error"]["kind"], "needs_confirmation");
    let dry = c.json(&["group", "delete", "Eng", "--dry-run"]);
    assert_eq!(dry["needs_confirmation"], true);
    assert_eq!(dry["changes"][0]["action"], "group.delete");
    assert_eq!(dry["changes"][0]["target"], "group:Eng");
    assert_eq!(env.json(&["group", "list"]).as_array().unwrap().len(), 1);

    // The API: 428 with the plan; committing against an impact that has
    // since grown is 409 with the new impact; against what it is, done.
    let api = format!("{url}/api/v1/groups/Eng");
    let (status, body) = call("DELETE", &api, &t, serde_json::json!({}));
    assert_eq!(status, 428, "{body}");
    assert_eq!(body["error"]["kind"], "needs_confirmation");
    let shown = body["plan"]["impact"].clone();
    assert_eq!(shown["stranded"], serde_json::json!(["bo@example.com"]));
    env.member("cy@example.com", "Cy", &["--group", "Eng"]);
    let (status, body) = call("DELETE", &api, &t, serde_json::json!({"shown": shown}));
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["kind"], "conflict");
    let grown = body["impact"].clone();
    assert_eq!(
        grown["stranded"],
        serde_json::json!(["bo@example.com", "cy@example.com"])
    );
    assert_eq!(env.json(&["group", "list"]).as_array().unwrap().len(), 1);
    let (status, body) = call("DELETE", &api, &t, serde_json::json!({"shown": grown}));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["outcome"], "done");
    assert!(env.json(&["group", "list"]).as_array().unwrap().is_empty());

    // --yes commits at once; the last admin cannot be removed (exit 6
    // with the impact), remotely as locally.
    env.ok(&["group", "create", "Ops", "--role", "user"]);
    c.ok(&["group", "delete", "Ops", "--yes"]);
    let o = c.code(6, &["user", "remove", ADMIN, "--yes"]);
    assert!(
        o.stderr.contains("without an active org-admin"),
        "{}",
        o.stderr
    );
    c.code(3, &["user", "remove", "nobody@example.com", "--yes"]);
    // A refusal by the rules (with its impact) and a typo are no one's
    // attempt to do what they may not: no `refused` entry for either.
    let refused = env.json(&["audit", "--actor", ADMIN]);
    assert!(
        refused
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["details"]["result"] != "refused"),
        "{refused}"
    );
    // A body that says what the route says, or is not a request, is 400.
    let (status, _) = call(
        "DELETE",
        &format!("{url}/api/v1/people/bo%40example.com"),
        &t,
        serde_json::json!({"user": "x"}),
    );
    assert_eq!(status, 400);
    let (status, _) = call(
        "POST",
        &format!("{url}/api/v1/groups"),
        &t,
        serde_json::json!({"name": "X", "roles": ["user"], "drop": 1}),
    );
    assert_eq!(status, 400);
    let (status, _) = call(
        "POST",
        &format!("{url}/api/v1/groups"),
        &t,
        serde_json::json!({"name": "X", "roles": ["user"], "yes": "please"}),
    );
    assert_eq!(status, 400);
}

#[test]
fn only_an_active_org_admin_with_an_admin_scope_changes_anything() {
    let env = Env::init();
    env.member("bo@example.com", "Bo", &["--role", "user"]);
    env.member("ann@example.com", "Ann", &["--role", "org-admin"]);
    let (_s, url) = server(&env);
    let user = Client::new(&url, &token(&env, "bo@example.com", "bo", &[]));
    let f = user.env.dir.path().join("org.toml");
    std::fs::write(
        &f,
        "[[user]]\nemail = \"x@example.com\"\nname = \"X\"\nroles = [\"user\"]\n",
    )
    .unwrap();
    let attempts: &[&[&str]] = &[
        &[
            "user",
            "add",
            "--email",
            "x@example.com",
            "--name",
            "X",
            "--role",
            "user",
        ],
        &["user", "edit", "bo@example.com", "--add-role", "org-admin"],
        &["user", "remove", "ann@example.com", "--yes"],
        &["user", "suspend", "ann@example.com"],
        &["group", "create", "Root", "--role", "org-admin"],
        &["apply", f.to_str().unwrap()],
        // Reads of the organization need an org-admin too.
        &["user", "list"],
        &["user", "show", "ann@example.com"],
        &["invite", "list"],
        &["group", "list"],
        &["audit"],
        &["export"],
    ];
    for a in attempts {
        let o = user.code(6, a);
        // Told what they lack, not how to set an actor they do not have.
        assert!(!o.stderr.contains("--as"), "{a:?}: {}", o.stderr);
        assert!(
            o.stderr.contains("not an org-admin") || o.stderr.contains("refused"),
            "{a:?}: {}",
            o.stderr
        );
    }
    let refused = env.json(&["audit", "--actor", "bo@example.com"]);
    let refused: Vec<_> = refused
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["details"]["result"] == "refused")
        .collect();
    assert_eq!(refused.len(), attempts.len(), "{refused:?}");
    // Each names what was attempted on.
    let targets: Vec<&str> = refused
        .iter()
        .map(|e| e["target"].as_str().unwrap())
        .collect();
    for t in [
        "x@example.com",
        "bo@example.com",
        "ann@example.com",
        "group:Root",
        "organization",
    ] {
        assert!(targets.contains(&t), "{t}: {targets:?}");
    }
    assert!(refused
        .iter()
        .all(|e| e["details"]["credential"] == "token:bo"));
    assert_eq!(
        env.json(&["user", "show", "bo@example.com"])["roles"],
        serde_json::json!(["user"])
    );

    // A read token writes nothing; a demoted admin's token is refused on
    // its next request; a removed person's token is gone.
    let ann_read = Client::new(
        &url,
        &token(&env, "ann@example.com", "r", &["--scope", "read"]),
    );
    let o = ann_read.code(6, &["group", "create", "X", "--role", "user"]);
    assert!(o.stderr.contains("scope"), "{}", o.stderr);
    let ann = Client::new(&url, &token(&env, "ann@example.com", "a", &[]));
    ann.ok(&["group", "create", "A", "--role", "user"]);
    env.ok(&["user", "edit", "ann@example.com", "--set-roles", "user"]);
    ann.code(6, &["group", "create", "B", "--role", "user"]);
    env.ok(&["user", "remove", "ann@example.com", "--yes"]);
    ann.code(6, &["group", "create", "C", "--role", "user"]);
    assert_eq!(env.json(&["group", "list"]).as_array().unwrap().len(), 1);
}

/// Two admins demote each other through the server at the same moment:
/// the server decides each inside its write transaction, so one wins and
/// the other, no longer an admin, is refused. One admin is left, every time.
#[test]
fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    let env = Env::init();
    env.member("ann@example.com", "Ann", &["--role", "org-admin"]);
    let (_s, url) = server(&env);
    let a = Client::new(&url, &token(&env, ADMIN, "a", &[]));
    let b = Client::new(&url, &token(&env, "ann@example.com", "b", &[]));
    for round in 0..3 {
        let (ra, rb) = std::thread::scope(|s| {
            let ha = s.spawn(|| {
                a.run(&[
                    "user",
                    "edit",
                    "ann@example.com",
                    "--remove-role",
                    "org-admin",
                    "--yes",
                ])
            });
            let hb =
                s.spawn(|| b.run(&["user", "edit", ADMIN, "--remove-role", "org-admin", "--yes"]));
            (ha.join().unwrap(), hb.join().unwrap())
        });
        let mut codes = [ra.code, rb.code];
        codes.sort();
        assert_eq!(codes, [0, 6], "round {round}: {ra:?} {rb:?}");
        let admins = env.json(&["user", "list", "--role", "org-admin"]);
        assert_eq!(admins.as_array().unwrap().len(), 1, "round {round}");
        // Whoever lost is made an admin again for the next round.
        let lost = if ra.code == 0 {
            "ann@example.com"
        } else {
            ADMIN
        };
        let winner = if ra.code == 0 {
            ADMIN
        } else {
            "ann@example.com"
        };
        env.ok(&[
            "user",
            "edit",
            lost,
            "--add-role",
            "org-admin",
            "--as",
            winner,
        ]);
    }
}

/// An `apply` body may be megabytes, so it is read only for a caller whose
/// credential holds: a stranger announcing 50 MB is answered 401 at once,
/// without the server waiting for (or holding) any of it. Other routes
/// stop at 64 KiB.
#[test]
fn a_large_body_is_read_only_for_a_signed_in_caller() {
    use std::io::{Read, Write};
    let env = Env::init();
    let (s, url) = server(&env);
    for auth in ["", "Authorization: Bearer oa_not_a_real_token_at_all\r\n"] {
        let mut c = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            c,
            "POST /api/v1/apply HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{{\"name\":"
        )
        .unwrap();
        let mut head = [0u8; 12];
        c.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"HTTP/1.1 401", "{auth:?}");
    }
    let t = token(&env, ADMIN, "laptop", &[]);
    // A signed-in admin's apply of a few megabytes is taken.
    let c = Client::new(&url, &t);
    let f = c.env.dir.path().join("big.toml");
    let pad = format!("# {}\n", "x".repeat(3 * 1024 * 1024));
    std::fs::write(
        &f,
        format!("{pad}[[user]]\nemail = \"big@example.com\"\nname = \"Big\"\nroles = [\"user\"]\n"),
    )
    .unwrap();
    c.ok(&["apply", f.to_str().unwrap(), "--no-email"]);
    assert_eq!(
        env.json(&["user", "show", "big@example.com"])["status"],
        "invited"
    );
    let big = "x".repeat(100 * 1024);
    let (status, body) = call(
        "POST",
        &format!("{url}/api/v1/groups"),
        &t,
        serde_json::json!({"name": big, "roles": ["user"]}),
    );
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("KiB"),
        "{body}"
    );
}

/// SCIM tokens over the admin API: made, listed and revoked by a signed-in
/// org-admin (audited with the credential), and the token made works under
/// /scim/v2 until it is revoked; a person without org-admin may not.
#[test]
fn scim_tokens_are_managed_remotely() {
    let env = Env::init();
    env.member("bo@example.com", "Bo", &["--role", "user"]);
    let (_s, url) = server(&env);
    let c = Client::new(&url, &token(&env, ADMIN, "laptop", &[]));
    let made = c.json(&["scim", "token", "create", "okta", "--expires-in", "30d"]);
    assert_eq!(made["name"], "okta");
    let scim = made["token"].as_str().unwrap().to_string();
    assert!(scim.starts_with("scim_"), "{scim}");
    let users = |t: &str| {
        agent()
            .get(format!("{url}/scim/v2/Users"))
            .header("Authorization", format!("Bearer {t}"))
            .call()
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(users(&scim), 200);
    let list = c.json(&["scim", "token", "list"]);
    assert_eq!(column(&list, "name"), ["okta"]);
    assert_eq!(list[0]["state"], "active");
    let text = c.ok(&["scim", "token", "list"]).stdout;
    assert!(text.contains("okta") && text.contains("active"), "{text}");
    c.code(4, &["scim", "token", "create", "okta"]);
    c.ok(&["scim", "token", "revoke", "okta"]);
    assert_eq!(users(&scim), 401);
    c.code(3, &["scim", "token", "revoke", "nope"]);
    let audit = env.json(&["audit", "--action", "scim.token.create"]);
    assert_eq!(audit[0]["actor"], ADMIN);
    assert_eq!(audit[0]["details"]["credential"], "token:laptop");
    let bo = Client::new(&url, &token(&env, "bo@example.com", "bo", &[]));
    bo.code(6, &["scim", "token", "create", "mine"]);
    bo.code(6, &["scim", "token", "list"]);
}

/// A change asked for with `Accept: application/x-ndjson` streams its
/// progress, a line as each step starts, then its status and answer as
/// the last line (a question as 428 with the plan, inside the stream); a
/// caller refused before the change runs gets a plain answer.
#[test]
fn a_change_streams_its_progress_when_asked() {
    let env = Env::init();
    let (_s, url) = server(&env);
    let t = token(&env, ADMIN, "ci", &[]);
    let mut text = String::new();
    for i in 0..800 {
        text.push_str(&format!(
            "[[user]]\nemail = \"p{i}@example.com\"\nname = \"P {i}\"\nroles = [\"user\"]\n"
        ));
    }
    let streamed = |token: &str, body: serde_json::Value| {
        let mut r = agent()
            .post(format!("{url}/api/v1/apply"))
            .header("Authorization", &format!("Bearer {token}"))
            .header("Accept", "application/x-ndjson")
            .send_json(body)
            .unwrap();
        let kind = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (
            r.status().as_u16(),
            kind,
            r.body_mut().read_to_string().unwrap(),
        )
    };
    let apply = |text: &str, prune: bool| serde_json::json!({"name": "org.toml", "text": text, "prune": prune, "no_email": true});
    let (status, kind, body) = streamed(&t, apply(&text, false));
    assert_eq!((status, kind.as_str()), (200, "application/x-ndjson"));
    let lines: Vec<serde_json::Value> = body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (last, steps) = lines.split_last().unwrap();
    let firsts: Vec<&str> = steps
        .iter()
        .map(|l| l["progress"]["step"].as_str().unwrap())
        .fold(Vec::new(), |mut seen, s| {
            if seen.last() != Some(&s) {
                seen.push(s);
            }
            seen
        });
    assert_eq!(&firsts[..2], ["measuring", "writing"], "{firsts:?}");
    assert!(steps
        .iter()
        .all(|l| l["progress"]["done"].as_u64() <= l["progress"]["of"].as_u64()));
    assert_eq!(last["status"], 200, "{}", last["answer"]["error"]);
    assert_eq!(last["answer"]["outcome"], "done");
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 801);

    // Pruning the 800 needs a question: 428 with the plan, as the last
    // line, and nothing changed.
    let only_admin =
        format!("[[user]]\nemail = \"{ADMIN}\"\nname = \"Ada\"\nroles = [\"org-admin\"]\n");
    let (status, _, body) = streamed(&t, apply(&only_admin, true));
    assert_eq!(status, 200);
    let last: serde_json::Value = serde_json::from_str(body.lines().last().unwrap()).unwrap();
    assert_eq!(last["status"], 428, "{}", last["answer"]["error"]);
    assert_eq!(last["answer"]["error"]["kind"], "needs_confirmation");
    assert!(last["answer"]["plan"].is_object());
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 801);

    // A dry run over the API answers its plan with 200, not a question.
    let (status, plan) = call(
        "POST",
        &format!("{url}/api/v1/apply"),
        &t,
        serde_json::json!({"name": "org.toml", "text": only_admin, "prune": true, "dry_run": true}),
    );
    assert_eq!(status, 200, "{}", plan["error"]);
    assert_eq!(plan["outcome"], "planned");

    // A credential that does not hold: a plain 401, nothing streamed.
    let (status, kind, body) = streamed("oa_nope", apply(&text, false));
    assert_eq!(status, 401, "{body}");
    assert!(kind.starts_with("application/json"), "{kind}");
}
