//! Change events (SPEC §14): what every committed change announces, read
//! with `orgadm events` (locally, on PostgreSQL and through a server, as the
//! suite runs).

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{strings, Env, SpawnGuarded, ADMIN};

/// The events after `since`, parsed, one per line.
fn events(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut a = vec!["events"];
    a.extend_from_slice(args);
    let out = env.ok(&a);
    out.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn last_seq(env: &Env) -> i64 {
    events(env, &[])
        .last()
        .map_or(0, |e| e["seq"].as_i64().unwrap())
}

/// The events since `since`, as (type, email or group name).
fn kinds(evs: &[Value]) -> Vec<(String, String)> {
    evs.iter()
        .map(|e| {
            let d = &e["data"];
            let who = d["email"].as_str().or(d["name"].as_str()).unwrap();
            (e["type"].as_str().unwrap().to_string(), who.to_string())
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn since(env: &Env, seq: i64) -> Vec<Value> {
    events(env, &["--since", &seq.to_string()])
}

#[test]
fn every_command_announces_what_it_changed() {
    let env = Env::init();
    // init: the first admin is active.
    let first = events(&env, &[]);
    assert_eq!(kinds(&first), pairs(&[("person.activated", ADMIN)]));
    assert_eq!(first[0]["seq"], 1);
    assert_eq!(first[0]["actor"], ADMIN);
    assert!(first[0]["id"].as_str().unwrap().starts_with("evt_"));
    assert!(first[0]["timestamp"].as_str().unwrap().ends_with('Z'));

    let mut at = last_seq(&env);
    let step = |at: &mut i64, args: &[&str], want: &[(&str, &str)]| -> Vec<Value> {
        env.ok(args);
        let evs = since(&env, *at);
        assert_eq!(kinds(&evs), pairs(want), "after orgadm {args:?}");
        *at = evs.last().map_or(*at, |e| e["seq"].as_i64().unwrap());
        evs
    };

    let token = {
        let t = env.invite("bob@example.com", "Bob", &["--role", "user"]);
        let evs = since(&env, at);
        assert_eq!(kinds(&evs), pairs(&[("person.invited", "bob@example.com")]));
        assert_eq!(evs[0]["data"]["status"], "invited");
        assert_eq!(strings(&evs[0]["data"]["roles"]), ["user"]);
        assert!(evs[0].get("previous_effective_roles").is_none());
        at = evs[0]["seq"].as_i64().unwrap();
        t
    };
    // The invitee accepts: they are the actor.
    let evs = step(
        &mut at,
        &["invite", "accept", &token],
        &[("person.activated", "bob@example.com")],
    );
    assert_eq!(evs[0]["actor"], "bob@example.com");
    assert_eq!(evs[0]["data"]["status"], "active");

    let evs = step(
        &mut at,
        &[
            "user",
            "edit",
            "bob@example.com",
            "--add-role",
            "finance-admin",
        ],
        &[("person.updated", "bob@example.com")],
    );
    assert_eq!(
        strings(&evs[0]["data"]["effective_roles"]),
        ["finance-admin", "user"]
    );
    assert_eq!(strings(&evs[0]["previous_effective_roles"]), ["user"]);
    assert_eq!(evs[0]["actor"], ADMIN);

    // A rename changes no roles: no previous roles.
    let evs = step(
        &mut at,
        &["user", "edit", "bob@example.com", "--name", "Robert"],
        &[("person.updated", "bob@example.com")],
    );
    assert!(evs[0].get("previous_effective_roles").is_none());
    assert_eq!(evs[0]["data"]["name"], "Robert");

    step(
        &mut at,
        &["user", "suspend", "bob@example.com", "--yes"],
        &[("person.suspended", "bob@example.com")],
    );
    step(
        &mut at,
        &["user", "unsuspend", "bob@example.com"],
        &[("person.unsuspended", "bob@example.com")],
    );

    let evs = step(
        &mut at,
        &["group", "create", "Billing", "--role", "finance-admin"],
        &[("group.created", "Billing")],
    );
    assert_eq!(strings(&evs[0]["data"]["roles"]), ["finance-admin"]);
    assert_eq!(evs[0]["data"]["members"], serde_json::json!([]));

    env.member("cy@example.com", "Cy", &["--role", "user"]);
    at = last_seq(&env);
    let evs = step(
        &mut at,
        &["group", "manage", "Billing", "--add", "cy@example.com"],
        &[
            ("person.updated", "cy@example.com"),
            ("group.members_changed", "Billing"),
        ],
    );
    assert_eq!(strings(&evs[0]["previous_effective_roles"]), ["user"]);
    assert_eq!(strings(&evs[1]["data"]["members"]), ["cy@example.com"]);

    // A group's roles edited: the group, and each member whose effective
    // roles changed through it.
    let evs = step(
        &mut at,
        &[
            "group",
            "edit",
            "Billing",
            "--add-role",
            "user",
            "--remove-role",
            "finance-admin",
            "--yes",
        ],
        &[
            ("group.updated", "Billing"),
            ("person.updated", "cy@example.com"),
        ],
    );
    assert_eq!(strings(&evs[0]["data"]["roles"]), ["user"]);
    assert_eq!(
        strings(&evs[1]["previous_effective_roles"]),
        ["finance-admin", "user"]
    );
    assert_eq!(strings(&evs[1]["data"]["effective_roles"]), ["user"]);

    // A removal's data is the person as they were.
    let evs = step(
        &mut at,
        &["user", "remove", "bob@example.com", "--yes"],
        &[("person.removed", "bob@example.com")],
    );
    assert_eq!(evs[0]["data"]["name"], "Robert");
    assert_eq!(
        strings(&evs[0]["data"]["effective_roles"]),
        ["finance-admin", "user"]
    );

    env.invite("dee@example.com", "Dee", &["--role", "user"]);
    at = last_seq(&env);
    step(
        &mut at,
        &["invite", "revoke", "dee@example.com", "--yes"],
        &[("invitation.revoked", "dee@example.com")],
    );
    // Members of a deleted group are announced after it, as they are now
    // (Cy keeps her roles: she has `user` directly too).
    let evs = step(
        &mut at,
        &["group", "delete", "Billing", "--yes"],
        &[
            ("group.deleted", "Billing"),
            ("person.updated", "cy@example.com"),
        ],
    );
    assert_eq!(strings(&evs[0]["data"]["members"]), ["cy@example.com"]);
    assert_eq!(evs[1]["data"]["groups"], serde_json::json!([]));
    assert!(evs[1].get("previous_effective_roles").is_none());
}

/// SPEC §14's case: a group deletion that strands three people announces
/// each with their effective roles before and after.
#[test]
fn a_group_deletion_that_strands_three_announces_each_with_roles_before_and_after() {
    let env = Env::init();
    env.ok(&[
        "group",
        "create",
        "Ops",
        "--role",
        "user",
        "--role",
        "finance-admin",
    ]);
    for p in ["p1", "p2", "p3"] {
        env.member(&format!("{p}@example.com"), p, &["--group", "Ops"]);
    }
    // Keeps a direct role: loses only what the group gave.
    env.member(
        "keep@example.com",
        "Keep",
        &["--group", "Ops", "--role", "user"],
    );
    let at = last_seq(&env);
    let out = env.code(5, &["group", "delete", "Ops"]);
    assert!(out.stderr.contains("strand"), "{}", out.stderr);
    assert_eq!(
        since(&env, at),
        Vec::<Value>::new(),
        "an unconfirmed change announces nothing"
    );
    env.ok(&["group", "delete", "Ops", "--yes"]);
    let evs = since(&env, at);
    assert_eq!(
        kinds(&evs),
        pairs(&[
            ("group.deleted", "Ops"),
            ("person.updated", "keep@example.com"),
            ("person.updated", "p1@example.com"),
            ("person.updated", "p2@example.com"),
            ("person.updated", "p3@example.com"),
        ])
    );
    for e in &evs[2..] {
        assert_eq!(
            strings(&e["previous_effective_roles"]),
            ["finance-admin", "user"]
        );
        assert_eq!(e["data"]["effective_roles"], serde_json::json!([]));
        assert_eq!(e["data"]["groups"], serde_json::json!([]));
    }
    assert_eq!(
        strings(&evs[1]["previous_effective_roles"]),
        ["finance-admin", "user"]
    );
    assert_eq!(strings(&evs[1]["data"]["effective_roles"]), ["user"]);
    // Gap-free and increasing.
    let seqs: Vec<i64> = evs.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, ((at + 1)..=(at + 5)).collect::<Vec<_>>());
}

#[test]
fn refusals_dry_runs_and_no_ops_announce_nothing() {
    let env = Env::init();
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    let at = last_seq(&env);
    let before = env.sql_rows("SELECT COUNT(*) FROM event");
    // Refused: Bob is no admin.
    env.code(
        6,
        &[
            "user",
            "add",
            "--email",
            "x@example.com",
            "--name",
            "X",
            "--role",
            "user",
            "--as",
            "bob@example.com",
        ],
    );
    // The last admin cannot be demoted.
    env.code(
        6,
        &["user", "edit", ADMIN, "--remove-role", "org-admin", "--yes"],
    );
    env.ok(&[
        "user",
        "edit",
        "bob@example.com",
        "--add-role",
        "finance-admin",
        "--dry-run",
    ]);
    // Already so: a no-op.
    env.ok(&["user", "edit", "bob@example.com", "--add-role", "user"]);
    env.code(
        3,
        &["user", "edit", "nobody@example.com", "--add-role", "user"],
    );
    assert_eq!(since(&env, at), Vec::<Value>::new());
    assert_eq!(env.sql_rows("SELECT COUNT(*) FROM event"), before);
}

/// `--type` keeps only the types named; `--since` resumes after the last
/// event handled; an unknown type is a usage error.
#[test]
fn events_filter_by_type_and_resume_after_a_sequence_number() {
    let env = Env::init();
    env.ok(&["group", "create", "Ops", "--role", "user"]);
    env.member("bob@example.com", "Bob", &["--group", "Ops"]);
    let groups = events(
        &env,
        &["--type", "group.created", "--type", "group.members_changed"],
    );
    assert_eq!(
        kinds(&groups),
        pairs(&[("group.created", "Ops"), ("group.members_changed", "Ops")])
    );
    let all = events(&env, &[]);
    let third = all[2]["seq"].as_i64().unwrap();
    assert_eq!(since(&env, third), all[3..].to_vec());
    assert_eq!(since(&env, 1_000_000), Vec::<Value>::new());
    let out = env.code(2, &["events", "--type", "person.deleted"]);
    assert!(
        out.stderr.contains("unknown event type `person.deleted`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("person.removed"), "{}", out.stderr);
}

/// Every committed change has its audit entries and its events, with the
/// same actor; an identity provider's are `scim:NAME` in both.
#[test]
fn the_audit_log_and_the_events_name_the_same_actor() {
    let env = Env::init();
    env.member(
        "bob@example.com",
        "Bob",
        &["--role", "user", "--role", "org-admin"],
    );
    env.ok(&[
        "group",
        "create",
        "Ops",
        "--role",
        "user",
        "--as",
        "bob@example.com",
    ]);
    env.ok(&[
        "user",
        "edit",
        ADMIN,
        "--name",
        "Ada L",
        "--as",
        "bob@example.com",
    ]);
    let evs = events(&env, &[]);
    let audit = env.json(&["audit"]);
    let audit = audit.as_array().unwrap();
    for e in &evs {
        let who = e["data"]["email"]
            .as_str()
            .or(e["data"]["name"].as_str())
            .unwrap();
        assert!(
            audit.iter().any(|a| {
                let t = a["target"].as_str().unwrap();
                (t == who || t == format!("group:{who}")) && a["actor"] == e["actor"]
            }),
            "no audit entry for {e} by its actor"
        );
    }
    let last = evs.last().unwrap();
    assert_eq!(last["type"], "person.updated");
    assert_eq!(last["actor"], "bob@example.com");
    assert_eq!(audit[0]["actor"], "bob@example.com");
    assert_eq!(audit[0]["action"], "user.edit");
}

/// Many writers at once: every event is numbered once, with no gaps.
#[test]
fn parallel_writers_get_gap_free_unique_sequence_numbers() {
    let env = Env::init();
    let n = 12;
    std::thread::scope(|s| {
        for i in 0..n {
            let env = &env;
            s.spawn(move || {
                env.invite(
                    &format!("p{i}@example.com"),
                    &format!("P{i}"),
                    &["--role", "user"],
                );
            });
        }
    });
    let evs = events(&env, &[]);
    let seqs: Vec<i64> = evs.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=(n + 1)).collect::<Vec<_>>());
    let mut ids: Vec<&str> = evs.iter().map(|e| e["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len() as i64, n + 1);
}

/// An apply of 20,000 people announces each of them, in one transaction.
#[test]
fn an_apply_of_20000_people_announces_20000_invitations() {
    let env = Env::init();
    let mut file = format!(
        "[[user]]\nemail = \"{ADMIN}\"\nname = \"Ada Lovelace\"\nroles = [\"org-admin\"]\n"
    );
    for i in 0..20_000 {
        file.push_str(&format!(
            "[[user]]\nemail = \"p{i:05}@example.com\"\nname = \"P{i}\"\nroles = [\"user\"]\n"
        ));
    }
    let f = env.dir.path().join("big.toml");
    std::fs::write(&f, file).unwrap();
    env.ok(&["apply", f.to_str().unwrap(), "--no-email"]);
    let evs = events(&env, &["--since", "1", "--type", "person.invited"]);
    assert_eq!(evs.len(), 20_000);
    assert_eq!(evs[0]["data"]["email"], "p00000@example.com");
    assert_eq!(evs[19_999]["data"]["email"], "p19999@example.com");
    assert_eq!(evs[0]["seq"], 2);
    assert_eq!(evs[19_999]["seq"], 20_001);
    assert_eq!(evs[7]["data"]["invited_by"], ADMIN);
}

/// `--follow` prints each new event as it is committed, and ends cleanly
/// when its reader goes away.
#[test]
fn follow_streams_new_events_and_ends_when_the_reader_goes() {
    let env = Env::init();
    let mut child = env
        .command(&["events", "--follow", "--since", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn_guarded();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    env.invite("bob@example.com", "Bob", &["--role", "user"]);
    let line = lines.next().unwrap().unwrap();
    let e: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(e["type"], "person.invited");
    assert_eq!(e["data"]["email"], "bob@example.com");
    env.invite("cy@example.com", "Cy", &["--role", "user"]);
    let e: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(e["data"]["email"], "cy@example.com");
    // The reader goes; the next event's write finds the pipe closed.
    drop(lines);
    env.invite("dee@example.com", "Dee", &["--role", "user"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "events --follow outlived its reader"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {err}");
    assert_eq!(err, "");
}

/// Ctrl-C ends `--follow` cleanly: exit 0, every line whole.
#[test]
fn follow_ends_cleanly_on_sigint() {
    let env = Env::init();
    let mut child = env
        .command(&["events", "--follow"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn_guarded();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // The first line is the first admin's activation: the stream is up.
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(first["seq"], 1);
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "events --follow ignored SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    assert!(lines.next().is_none());
}
