//! The audit log and its hash chain (issue: audit).

use crate::support::*;

#[test]
fn every_change_has_an_entry_naming_actor_and_person() {
    let env = Env::init();
    env.ok(&add_args("bob@example.com", "Bob", &["--role", "user"]));
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.ok(&["group", "manage", "Billing", "--add", "bob@example.com"]);
    let log = env.json(&["audit"]);
    let entries = log.as_array().unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["group.manage", "group.create", "user.add", "init"],
        "newest first"
    );
    for e in entries {
        assert_eq!(e["actor"], ADMIN);
        assert_eq!(e["os_user"], real_user());
        assert!(e["at"].as_str().unwrap().ends_with('Z'));
        for k in ["at", "actor", "os_user", "action", "target", "details"] {
            assert!(e.get(k).is_some(), "{k} missing: {e}");
        }
    }
    assert_eq!(entries[0]["target"], "bob@example.com");
    assert_eq!(
        entries[0]["details"]["groups"]["added"],
        serde_json::json!(["Billing"])
    );
    assert_eq!(entries[2]["target"], "bob@example.com");
    // Filters.
    assert_eq!(
        env.json(&["audit", "--target", "Billing"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        env.json(&["audit", "--action", "group"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        env.json(&["audit", "--limit", "1"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        env.json(&["audit", "--actor", "nobody@example.com"]),
        serde_json::json!([])
    );
    assert_eq!(
        env.json(&["audit", "--since", "1h"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
    // Readable with plain SQL.
    let n = env.sql_rows(&format!("SELECT COUNT(*) FROM audit_log WHERE actor = '{ADMIN}' AND action = 'user.add' AND target = 'bob@example.com'"));
    assert_eq!(n, [["1"]]);
}

#[test]
fn a_refused_attempt_by_a_non_admin_is_recorded() {
    let env = Env::init();
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    env.code(
        6,
        &[
            "--as",
            "bob@example.com",
            "group",
            "delete",
            "Billing",
            "--yes",
        ],
    );
    let e = &env.json(&[
        "audit",
        "--actor",
        "bob@example.com",
        "--action",
        "group.delete",
    ])[0];
    assert_eq!(e["target"], "group:Billing");
    assert_eq!(e["details"]["result"], "refused");
    assert!(e["details"]["reason"]
        .as_str()
        .unwrap()
        .contains("not an org-admin"));
    env.ok(&["group", "show", "Billing"]);
}

#[test]
fn tokens_never_enter_the_audit_log() {
    let env = Env::init();
    let token = env.invite("bob@example.com", "Bob", &["--role", "user"]);
    let resent = env
        .ok(&["invite", "resend", "bob@example.com", "--no-email"])
        .last_line();
    env.ok(&["invite", "accept", &resent]);
    let log = env.ok(&["audit", "--json"]).stdout;
    assert!(!log.contains(&token) && !log.contains(&resent));
    let hex: Vec<String> = env
        .sql_rows("SELECT token_hash FROM invitation")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(hex.len(), 1);
    for h in hex {
        assert!(!log.contains(&h), "a token hash is in the audit log");
    }
}

#[test]
fn verify_detects_edits_and_cut_off_tails() {
    let env = Env::init();
    for i in 0..4 {
        env.invite(&format!("p{i}@example.com"), "P", &["--role", "user"]);
    }
    let v = env.json(&["audit", "verify"]);
    assert_eq!(v["entries"], 5);
    let head = v["head"].as_str().unwrap().to_string();
    assert_eq!(head.len(), 64);
    env.ok(&["audit", "verify", "--head", &head]);

    env.sql_exec("UPDATE audit_log SET target = 'someone-else@example.com' WHERE id = 3");
    let o = env.code(8, &["audit", "verify"]);
    assert!(o.stderr.contains("entry 3"), "{}", o.stderr);
    env.sql_exec("UPDATE audit_log SET target = 'p1@example.com' WHERE id = 3");
    env.ok(&["audit", "verify"]);

    env.sql_exec("DELETE FROM audit_log WHERE id >= 4");
    // The shortened chain is still a valid chain on its own...
    env.ok(&["audit", "verify"]);
    // ...but not one that reaches the head kept earlier.
    let o = env.code(8, &["audit", "verify", "--head", &head]);
    assert!(o.stderr.contains("cut off"), "{}", o.stderr);
}

#[test]
fn parallel_writers_extend_one_chain() {
    let env = Env::init();
    std::thread::scope(|s| {
        for p in 0..8 {
            let env = &env;
            s.spawn(move || {
                for i in 0..20 {
                    let e = format!("p{p}-{i}@example.com");
                    let o = env.run(&add_args(&e, "P", &["--role", "user", "--no-email"]));
                    assert_eq!(o.code, 0, "{o:?}");
                }
            });
        }
    });
    let v = env.json(&["audit", "verify"]);
    assert_eq!(v["entries"], 161);
}

/// The name of the uid the tests run as (`id -un`).
fn real_user() -> String {
    let o = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    String::from_utf8(o.stdout).unwrap().trim().to_string()
}

/// The audit log records the real uid's name, whatever `$USER` says.
#[test]
fn os_user_is_the_real_uid_not_the_environment() {
    for fake in ["alice", "x\x1b[31m"] {
        let mut env = Env::new();
        env.set_env("USER", fake);
        env.set_env("LOGNAME", fake);
        env.ok(&["init", "--admin", ADMIN]);
        let e = &env.json(&["audit"])[0];
        assert_eq!(e["os_user"], real_user(), "USER={fake:?}");
    }
}
