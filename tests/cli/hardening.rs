//! Defects an adversarial review found (one test per finding, named for it),
//! each through the real binary.

use crate::support::*;

/// An argument with `@` names an email, never a display name.
#[test]
fn an_email_shaped_argument_never_matches_a_display_name() {
    let env = Env::init();
    env.ok(&["group", "create", "Admins", "--role", "org-admin"]);
    env.member(
        "mallory@example.com",
        "ceo@example.com",
        &["--role", "user"],
    );
    let before = env.dump();
    for args in [
        &["user", "edit", "ceo@example.com", "--add-role", "org-admin"][..],
        &["group", "manage", "Admins", "--add", "CEO@example.com"],
        &["user", "remove", "ceo@example.com"],
        &["user", "show", "ceo@example.com"],
        &["user", "suspend", "ceo@example.com"],
    ] {
        let o = env.run(args);
        if args[1] == "suspend" && o.code == 2 {
            continue; // not built yet in this binary
        }
        assert_eq!(o.code, 3, "{args:?}: {}", o.all());
        assert!(
            o.stderr.contains("no person with the email"),
            "{}",
            o.stderr
        );
    }
    assert_eq!(env.dump(), before, "nothing changed");
    // By name, without `@`, still works when the name has none.
    env.member("eve@example.com", "Eve Example", &["--role", "user"]);
    assert_eq!(env.person("eve example")["email"], "eve@example.com");
}

fn smtp_config(env: &Env, port: u16) {
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\n[mail]\ntransport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\ntimeout = \"10s\"\n"
    ));
}

/// Escapes in an SMTP server's reply never reach a terminal or the database.
#[test]
fn terminal_escapes_from_a_mail_server_are_never_printed_or_stored_raw() {
    let server = SmtpServer::start(SmtpOpts {
        reject: Some("550 mailbox unavailable \\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31mred"),
        ..SmtpOpts::default()
    });
    let env = Env::init();
    smtp_config(&env, server.port);
    let o = env.run(&add_args("bob@example.com", "Bob", &["--role", "user"]));
    assert_eq!(o.code, 7, "{o:?}");
    let raw = |s: &str| s.contains('\x1b') || s.contains('\x07');
    assert!(!raw(&o.all()), "{:?}", o.all());
    assert!(
        o.stderr.contains("(550): mailbox unavailable"),
        "{}",
        o.stderr
    );
    for args in [
        &["invite", "list"][..],
        &["user", "show", "bob@example.com"],
        &["invite", "list", "--json"],
        &["user", "list"],
    ] {
        let o = env.ok(args);
        assert!(!raw(&o.all()), "{args:?}: {:?}", o.all());
    }
    assert!(!raw(&env.dump()), "stored raw: {}", env.dump());
    let err = env.json(&["invite", "list"])[0]["last_error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        err.contains("mailbox unavailable") && err.contains("PWNED"),
        "{err}"
    );
}

/// Every duration is bounded; none panics or wraps into 1970.
#[test]
fn durations_out_of_range_are_usage_errors() {
    let env = Env::init();
    for d in [
        "10000000d",
        "18446744073709551615s",
        "9223372036854775807s",
        "292277026596y",
        "500ms",
        "0s",
        "366d",
    ] {
        let o = env.run(&add_args(
            "bob@example.com",
            "Bob",
            &["--role", "user", "--no-email", "--expires-in", d],
        ));
        assert_eq!(o.code, 2, "--expires-in {d}: {o:?}");
        assert!(
            o.stderr.contains("--expires-in")
                && (o.stderr.contains("from 1m to 365d") || o.stderr.contains("not a duration")),
            "{d}: {}",
            o.stderr
        );
    }
    assert_eq!(env.json(&["invite", "list"]), serde_json::json!([]));
    // The same bounds in the config, named with the file.
    for d in ["10000000d", "500ms"] {
        env.write_config(&format!("actor = \"{ADMIN}\"\ninvite_ttl = \"{d}\"\n"));
        let o = env.code(2, &["user", "list"]);
        assert!(
            o.stderr.contains("invite_ttl") && o.stderr.contains("365d"),
            "{}",
            o.stderr
        );
    }
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\n[mail]\ntimeout = \"100000000000d\"\n"
    ));
    let o = env.code(2, &["user", "list"]);
    assert!(o.stderr.contains("[mail] timeout"), "{}", o.stderr);
    env.write_config(&format!("actor = \"{ADMIN}\"\n"));
    // The longest allowed works and shows its real expiry.
    let t = env.invite(
        "bob@example.com",
        "Bob",
        &["--role", "user", "--expires-in", "365d"],
    );
    assert!(!t.is_empty());
    let exp = env.json(&["invite", "list"])[0]["expires_at"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!exp.starts_with("1970"), "{exp}");
    // `audit --since` takes any length ago.
    assert_eq!(
        env.json(&["audit", "--since", "18446744073709551615s"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

/// A sendmail that echoes a base64 body (a long name forces base64) leaks
/// neither the message nor the token.
#[test]
fn a_failing_sendmail_never_leaks_a_base64_message() {
    let env = Env::init();
    let bad = env.dir.path().join("bad-sendmail");
    std::fs::write(
        &bad,
        "#!/bin/sh\necho 'sendmail: cannot deliver this:' >&2\ncat >&2\nexit 75\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o755)).unwrap();
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\ninvite_url = \"https://portal.example.com/join?token={{token}}\"\n[mail]\ntransport = \"sendmail\"\nsendmail_command = \"{}\"\n",
        bad.display()
    ));
    // A group name list long enough to push a body line past 998 octets.
    let mut groups = Vec::new();
    for i in 0..9 {
        let g = format!("{}{i}", "g".repeat(120));
        env.ok(&["group", "create", &g, "--role", "user"]);
        groups.push(g);
    }
    let mut args = add_args("carol@example.com", "Carol", &[]);
    for g in &groups {
        args.push("--group");
        args.push(g);
    }
    let o = env.run(&args);
    assert_eq!(o.code, 7, "{o:?}");
    let err = env.json(&["invite", "list", "--state", "failed"])[0]["last_error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(err.contains("cannot deliver"), "{err}");
    // No line of base64 (76 characters of the alphabet) in the output or store.
    let b64 = |s: &str| {
        s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '='))
            .any(|w| w.len() >= 40)
    };
    assert!(!b64(&err), "{err}");
    assert!(!b64(&o.stderr), "{}", o.stderr);
    assert!(!err.contains("Content-Transfer-Encoding"), "{err}");
}

/// A hanging sendmail is cut off by `[mail] timeout`; a delivery killed
/// mid-way is left failed, so `invite resend --failed` finds it.
#[test]
fn a_hanging_sendmail_times_out_and_an_interrupted_delivery_is_recoverable() {
    let env = Env::init();
    let hang = env.dir.path().join("hanging-sendmail");
    // A length no other process sleeps, so the orphan can be found at the end.
    std::fs::write(&hang, "#!/bin/sh\nexec sleep 599.75\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hang, std::fs::Permissions::from_mode(0o755)).unwrap();
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\n[mail]\ntransport = \"sendmail\"\ntimeout = \"2s\"\nsendmail_command = \"{}\"\n",
        hang.display()
    ));
    let t0 = std::time::Instant::now();
    let o = env.run(&add_args("bob@example.com", "Bob", &["--role", "user"]));
    assert_eq!(o.code, 7, "{o:?}");
    assert!(t0.elapsed() < std::time::Duration::from_secs(30));
    assert!(
        o.stderr.contains("did not finish within 2s"),
        "{}",
        o.stderr
    );
    let inv = &env.json(&["invite", "list"])[0];
    assert_eq!(inv["state"], "failed");
    assert_eq!(inv["attempts"], 1);

    // Now kill orgadm itself while it waits on the command.
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\n[mail]\ntransport = \"sendmail\"\ntimeout = \"1h\"\nsendmail_command = \"{}\"\n",
        hang.display()
    ));
    let mut child = env
        .cmd()
        .args(add_args("carol@example.com", "Carol", &["--role", "user"]))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn_guarded();
    let t0 = std::time::Instant::now();
    loop {
        let list = env.json(&["invite", "list"]);
        let carol = list
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["email"] == "carol@example.com")
            .cloned();
        if carol.is_some_and(|c| c["attempts"] == 1) {
            break;
        }
        assert!(t0.elapsed() < std::time::Duration::from_secs(20));
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let list = env.json(&["invite", "list", "--state", "failed"]);
    let carol = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["email"] == "carol@example.com")
        .unwrap_or_else(|| panic!("carol is not failed: {list}"));
    assert!(
        carol["last_error"]
            .as_str()
            .unwrap()
            .contains("interrupted"),
        "{carol}"
    );
    // resend --failed picks both up (with a working transport now).
    env.write_config(&format!("actor = \"{ADMIN}\"\n"));
    let o = env.ok(&["invite", "resend", "--failed"]);
    assert!(
        o.stdout.contains("carol@example.com") && o.stdout.contains("bob@example.com"),
        "{}",
        o.stdout
    );
    assert_eq!(
        env.json(&["invite", "list", "--state", "failed"]),
        serde_json::json!([])
    );
    // The command orphaned by the kill (orgadm could not end it) goes too.
    let _ = std::process::Command::new("pkill")
        .args(["-f", "sleep 599.75"])
        .status();
}

fn write_file(env: &Env, name: &str, text: &str) -> String {
    let p = env.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// A file whose people use a group it does not declare is refused before
/// anything changes, with or without --prune.
#[test]
fn apply_refuses_a_file_whose_people_use_an_undeclared_group() {
    let env = Env::init();
    env.ok(&["group", "create", "Staff", "--role", "user"]);
    env.member("bob@example.com", "Bob", &["--group", "Staff"]);
    let before = env.dump();
    let f = write_file(
        &env,
        "org.toml",
        "[[user]]\nemail = \"ada@example.com\"\nname = \"Ada Lovelace\"\nroles = [\"org-admin\"]\n\n[[user]]\nemail = \"bob@example.com\"\nname = \"Bob\"\ngroups = [\"Staff\"]\n",
    );
    for extra in [&[][..], &["--prune", "--yes"], &["--dry-run"]] {
        let mut args = vec!["apply", f.as_str()];
        args.extend_from_slice(extra);
        let o = env.code(2, &args);
        assert!(
            o.stderr
                .contains("group `Staff`, which the file does not declare"),
            "{}",
            o.stderr
        );
    }
    assert_eq!(env.dump(), before);
}

/// A prune that removes or revokes anyone needs confirmation, like deleting
/// a group; without a terminal that means --yes.
#[test]
fn apply_prune_asks_before_removing_people() {
    let env = Env::init();
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    env.invite("carol@example.com", "Carol", &["--role", "user"]);
    let f = write_file(
        &env,
        "org.toml",
        "[[user]]\nemail = \"ada@example.com\"\nname = \"Ada Lovelace\"\nroles = [\"org-admin\"]\n",
    );
    let before = env.dump();
    let o = env.code(5, &["apply", &f, "--prune"]);
    assert!(o.stderr.contains("needs confirmation"), "{}", o.stderr);
    assert!(o.stderr.contains("--yes"), "{}", o.stderr);
    assert_eq!(env.dump(), before);
    let d = env
        .ok(&["apply", &f, "--prune", "--dry-run", "--json"])
        .json();
    assert_eq!(d["needs_confirmation"], true);
    let plan = env.ok(&["apply", &f, "--prune", "--dry-run"]).stdout;
    assert!(plan.contains("remove bob@example.com"), "{plan}");
    assert!(
        plan.contains("revoke the invitation of carol@example.com"),
        "{plan}"
    );
    env.ok(&["apply", &f, "--prune", "--yes"]);
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 1);
    // Without anyone to remove, a prune asks nothing.
    env.ok(&["apply", &f, "--prune"]);
}

/// Errors about a file show its text escaped.
#[test]
fn apply_errors_escape_what_the_file_holds() {
    let env = Env::init();
    let f = write_file(
        &env,
        "evil.toml",
        "\"\\u001b[31mred\\u001b]0;PWNED\\u0007\" = 1\n",
    );
    let o = env.code(2, &["apply", &f]);
    assert!(
        !o.stderr.contains('\x1b') && !o.stderr.contains('\x07'),
        "{:?}",
        o.stderr
    );
    assert!(o.stderr.contains("\\e[31m"), "{}", o.stderr);
    let o = env.code(2, &["apply", &f, "--json"]);
    assert!(!o.stderr.contains('\x1b'), "{:?}", o.stderr);
}

/// Identity: NFC, invisible and bidi characters, look-alikes, literals.
#[test]
fn emails_and_names_that_only_look_alike_are_refused() {
    let env = Env::init();
    env.invite("josé@example.com", "José", &["--role", "user"]);
    // The same address with a combining accent is the same person.
    let o = env.code(
        4,
        &add_args(
            "jose\u{301}@example.com",
            "J",
            &["--role", "user", "--no-email"],
        ),
    );
    assert!(
        o.stderr.contains("already in the organization"),
        "{}",
        o.stderr
    );
    // Invisible and direction-changing characters: usage errors naming the field.
    for (email, name) in [
        ("ada\u{200b}@example.com", "A"),
        ("x\u{202e}y@example.com", "A"),
        ("z@example.com", "\u{200b}"),
        ("z@example.com", "Ada\u{202e}evil"),
        ("z@example.com", "\u{2066}x"),
    ] {
        let o = env.code(2, &add_args(email, name, &["--role", "user", "--no-email"]));
        assert!(
            o.stderr.contains("invisible") || o.stderr.contains("must not be empty"),
            "{email:?} {name:?}: {}",
            o.stderr
        );
    }
    // A Cyrillic а for a Latin a: a conflict naming whom it imitates.
    let o = env.code(
        4,
        &add_args(
            "\u{430}da@example.com",
            "Not Ada",
            &["--role", "user", "--no-email"],
        ),
    );
    assert!(
        o.stderr.contains("looks like ada@example.com"),
        "{}",
        o.stderr
    );
    let o = env.code(
        4,
        &add_args(
            "ada@ex\u{430}mple.com",
            "Not Ada",
            &["--role", "user", "--no-email"],
        ),
    );
    assert!(
        o.stderr.contains("looks like ada@example.com"),
        "{}",
        o.stderr
    );
    // Inside one apply, too.
    let f = env.dir.path().join("org.toml");
    std::fs::write(&f, "[[user]]\nemail = \"ada@example.com\"\nname = \"Ada Lovelace\"\nroles = [\"org-admin\"]\n[[user]]\nemail = \"jos\u{e9}@example.com\"\nname = \"José\"\nroles = [\"user\"]\n[[user]]\nemail = \"mary@example.com\"\nname = \"M\"\nroles = [\"user\"]\n[[user]]\nemail = \"rnary@example.com\"\nname = \"R\"\nroles = [\"user\"]\n").unwrap();
    let o = env.code(4, &["apply", f.to_str().unwrap(), "--no-email"]);
    assert!(
        o.stderr
            .contains("rnary@example.com looks like mary@example.com, whom this change also adds"),
        "{}",
        o.stderr
    );
    // One address twice in one file says so.
    std::fs::write(&f, "[[user]]\nemail = \"ada@example.com\"\nname = \"Ada Lovelace\"\nroles = [\"org-admin\"]\n[[user]]\nemail = \"zed@example.com\"\nname = \"Z\"\nroles = [\"user\"]\n[[user]]\nemail = \"Zed@example.com\"\nname = \"Z2\"\nroles = [\"user\"]\n").unwrap();
    let o = env.run(&["apply", f.to_str().unwrap(), "--no-email"]);
    assert!(o.code == 2 || o.code == 4, "{o:?}");
    assert!(
        !o.stderr.contains("already in the organization"),
        "{}",
        o.stderr
    );
    // Address literals are refused at input.
    let o = env.code(
        2,
        &add_args("x@[127.0.0.1]", "X", &["--role", "user", "--no-email"]),
    );
    assert!(o.stderr.contains("address literal"), "{}", o.stderr);
    // A person may keep a look-alike of their own address when it is theirs.
    env.ok(&["user", "edit", "josé@example.com", "--name", "Jose"]);
}

/// An apply adding many people asks the database about their emails in
/// batches; it refuses what one-by-one lookups refuse: a look-alike of
/// someone in the organization (whom the file leaves as they are), and a
/// look-alike of someone else the file adds.
#[test]
fn an_apply_of_many_new_people_refuses_look_alike_emails() {
    let env = Env::init();
    env.invite("bob@example.com", "Bob", &["--role", "user"]);
    let f = env.dir.path().join("many.toml");
    let file = |extra: &str| {
        let mut t = format!(
            "[[user]]\nemail = \"{ADMIN}\"\nname = \"Ada Lovelace\"\nroles = [\"org-admin\"]\n"
        );
        for i in 0..40 {
            t.push_str(&format!(
                "[[user]]\nemail = \"n{i}@example.com\"\nname = \"N{i}\"\nroles = [\"user\"]\n"
            ));
        }
        t.push_str(extra);
        std::fs::write(&f, t).unwrap();
    };
    let apply = |code: i32| env.code(code, &["apply", f.to_str().unwrap(), "--no-email"]);
    // A Cyrillic о for a Latin o.
    file("[[user]]\nemail = \"b\u{43e}b@example.com\"\nname = \"B\"\nroles = [\"user\"]\n");
    let o = apply(4);
    assert!(
        o.stderr
            .contains("looks like bob@example.com, who is already in the organization"),
        "{}",
        o.stderr
    );
    // `rn` for `m`, imitating someone else the file adds.
    file("[[user]]\nemail = \"mary@example.com\"\nname = \"M\"\nroles = [\"user\"]\n[[user]]\nemail = \"rnary@example.com\"\nname = \"R\"\nroles = [\"user\"]\n");
    let o = apply(4);
    assert!(
        o.stderr
            .contains("rnary@example.com looks like mary@example.com, whom this change also adds"),
        "{}",
        o.stderr
    );
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 2);
    file("");
    env.ok(&["apply", f.to_str().unwrap(), "--no-email"]);
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 42);
    env.ok(&["audit", "verify"]);
}

/// A database written by the first release (schema 1, kept in
/// tests/cli/fixtures) is migrated forward in one transaction: look-alike
/// detection and SCIM ids filled in, no SCIM name parts, its people, roles,
/// groups, audit chain and pending invitation intact.
#[test]
fn a_first_release_database_is_migrated_forward_intact() {
    let env = Env::sqlite();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/fixtures");
    let db = env.dir.path().join("old.db");
    std::fs::copy(fixtures.join("v1.db"), &db).unwrap();
    // Its pending invitation was made to last a week from 2026-11-29; keep
    // it a week from today, so the test does not expire with it (schema 1
    // keeps expiry as Unix seconds, as every version since).
    let week_from_now = orgadm::time::now() + 7 * 86400;
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE invitation SET expires_at = ?1 WHERE state = 'pending'",
            [week_from_now],
        )
        .unwrap();
    let token = std::fs::read_to_string(fixtures.join("v1.bob-token")).unwrap();
    let on = |args: &[&str]| {
        let mut a = vec!["--db", db.to_str().unwrap(), "--as", "ada@example.com"];
        a.extend_from_slice(args);
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run = |args: &[&str]| {
        let a = on(args);
        let r: Vec<&str> = a.iter().map(String::as_str).collect();
        env.run(&r)
    };
    let o = run(&["audit", "verify"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(o.stdout.contains("5 entries"), "{}", o.stdout);
    let o = run(&[
        "user",
        "add",
        "--email",
        "b\u{43e}b@example.com",
        "--name",
        "Bob2",
        "--role",
        "user",
        "--no-email",
    ]);
    assert_eq!(o.code, 4, "{o:?}");
    assert!(
        o.stderr.contains("looks like bob@example.com"),
        "{}",
        o.stderr
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let v: i32 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, orgadm::store::SCHEMA_VERSION);
    let empty: i64 = c
        .query_row(
            "SELECT count(*) FROM person WHERE email_skeleton = '' OR scim_id IS NULL
                 OR given_name IS NOT NULL OR family_name IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(empty, 0);
    drop(c);
    let list = run(&["user", "list", "--json"]);
    let people: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(people.as_array().unwrap().len(), 3);
    assert_eq!(people[1]["groups"], serde_json::json!(["Billing"]));
    let o = run(&["invite", "accept", token.trim()]);
    assert_eq!(o.code, 0, "{o:?}");
}

/// Files beside `db` whose names start with its name (companions).
fn companions(db: &std::path::Path) -> Vec<String> {
    let name = db.file_name().unwrap().to_string_lossy().to_string();
    let mut v: Vec<String> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(&name) && *n != name)
        .collect();
    v.sort();
    v
}

/// A FIFO, a device, another application's WAL database, a foreign file
/// with user_version 0 and tables, an orgadm file never set up: exit 8,
/// at once, with nothing written beside them. A damaged one: exit 8, said so.
#[test]
fn odd_files_are_refused_at_once_and_left_alone() {
    let env = Env::init_sqlite();
    let dir = env.dir.path();
    let fifo = dir.join("fifo.db");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let t0 = std::time::Instant::now();
    let o = env.code(8, &["--db", fifo.to_str().unwrap(), "user", "list"]);
    assert!(t0.elapsed() < std::time::Duration::from_secs(5));
    assert!(o.stderr.contains("not a regular file"), "{}", o.stderr);
    let o = env.code(8, &["--db", "/dev/null", "user", "list"]);
    assert!(o.stderr.contains("not a regular file"), "{}", o.stderr);
    // A path through a file is not a missing database to create: it is
    // unreadable, and the error says why rather than "run orgadm init".
    let through = dir.join("fifo.db").join("orgadm.db");
    let o = env.code(8, &["--db", through.to_str().unwrap(), "user", "list"]);
    assert!(
        o.stderr.contains("cannot read") && !o.stderr.contains("orgadm init"),
        "{}",
        o.stderr
    );

    // Another application's database in WAL mode, with user_version 0.
    let other = dir.join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    assert_eq!(companions(&other), Vec::<String>::new());
    for args in [
        &["user", "list"][..],
        &[
            "user",
            "add",
            "--as",
            ADMIN,
            "--email",
            "x@example.com",
            "--name",
            "X",
            "--role",
            "user",
        ],
    ] {
        let mut a = vec!["--db", other.to_str().unwrap()];
        a.extend_from_slice(args);
        let o = env.code(8, &a);
        assert!(o.stderr.contains("not an orgadm database"), "{}", o.stderr);
    }
    assert_eq!(std::fs::read(&other).unwrap(), before);
    assert_eq!(
        companions(&other),
        Vec::<String>::new(),
        "companions left beside it"
    );

    // A file with orgadm's application_id but never set up (version 0).
    let half = dir.join("half.db");
    {
        let c = rusqlite::Connection::open(&half).unwrap();
        c.pragma_update(None, "application_id", 0x4f52_4741)
            .unwrap();
    }
    let before = std::fs::read(&half).unwrap();
    let o = env.code(8, &["--db", half.to_str().unwrap(), "user", "list"]);
    assert!(o.stderr.contains("never completely set up"), "{}", o.stderr);
    assert_eq!(
        std::fs::read(&half).unwrap(),
        before,
        "no tables were created"
    );
    // An orgadm database whose page size is damaged: its header passes
    // orgadm's own check, SQLite refuses it. Said so, and the file left
    // as it was.
    let damaged = dir.join("damaged.db");
    let mut bytes = std::fs::read(env.db()).unwrap();
    bytes[16..18].copy_from_slice(&[0, 3]);
    std::fs::write(&damaged, &bytes).unwrap();
    let o = env.code(8, &["--db", damaged.to_str().unwrap(), "user", "list"]);
    assert!(
        o.stderr.contains("damaged.db: the file starts like an orgadm database but SQLite cannot read it: it is damaged"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("restore it from a backup"),
        "{}",
        o.stderr
    );
    // (SQLite, reading a WAL database, makes its empty -wal and -shm
    // before it finds the damage: only the file itself is left as it was.)
    assert_eq!(std::fs::read(&damaged).unwrap(), bytes);
    // Text, and the first 60 bytes of an orgadm database: neither holds an
    // SQLite header.
    let text = dir.join("notes.db");
    std::fs::write(&text, "not a database, ".repeat(20)).unwrap();
    let cut = dir.join("cut.db");
    std::fs::write(&cut, &std::fs::read(env.db()).unwrap()[..60]).unwrap();
    for f in [&text, &cut] {
        let o = env.code(8, &["--db", f.to_str().unwrap(), "user", "list"]);
        assert!(
            o.stderr
                .contains("is not an orgadm database (it is not an SQLite file)"),
            "{}",
            o.stderr
        );
    }
    // An empty file is not a database either.
    let empty = dir.join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    env.code(8, &["--db", empty.to_str().unwrap(), "user", "list"]);
    assert_eq!(std::fs::read(&empty).unwrap(), b"");
}

/// A reader without write permission leaves no read-only -wal/-shm behind
/// to lock out the writer later, and reads changes still in the WAL (a file
/// not cleanly closed is never opened immutable).
#[test]
fn a_read_only_reader_leaves_nothing_that_stops_a_writer() {
    if !nix::unistd::geteuid().is_root() {
        assert!(std::env::var_os("CI").is_none(), "CI runs this as root");
        eprintln!("skipped: needs root to run the reader and writer as other users");
        return;
    }
    let env = Env::init_sqlite();
    // A folder everyone may use, holding a copy of the database owned by
    // `nobody`, readable by all, writable by nobody (0444).
    let shared = tempfile::Builder::new()
        .prefix("orgadm-ro")
        .tempdir_in("/tmp")
        .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let db = shared.path().join("org.db");
    std::fs::copy(env.db(), &db).unwrap();
    nix::unistd::chown(&db, Some(65534.into()), Some(65534.into())).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let cfg = shared.path().join("config.toml");
    std::fs::write(&cfg, format!("actor = \"{ADMIN}\"\n")).unwrap();
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run_as = |uid: u32, db: &std::path::Path, args: &[&str]| -> Out {
        env.program("setpriv")
            .args([
                &format!("--reuid={uid}"),
                &format!("--regid={uid}"),
                "--clear-groups",
                "--",
                BIN,
                "--db",
                db.to_str().unwrap(),
                "--config",
                cfg.to_str().unwrap(),
            ])
            .args(args)
            .env("HOME", shared.path())
            .env("XDG_DATA_HOME", shared.path())
            .env("XDG_CONFIG_HOME", shared.path())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
            .into()
    };
    let as_user = |uid: u32, args: &[&str]| run_as(uid, &db, args);
    // Another user reads.
    let o = as_user(65533, &["user", "list"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(o.stdout.contains(ADMIN));
    assert_eq!(
        companions(&db),
        Vec::<String>::new(),
        "the reader left files"
    );
    // An empty -wal left beside it (its writer closed cleanly) holds
    // nothing: still opened immutable, still nothing made beside it.
    let empty_wal = format!("{}-wal", db.display());
    std::fs::write(&empty_wal, b"").unwrap();
    let o = as_user(65533, &["user", "list"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(companions(&db), ["org.db-wal"], "the reader left files");
    std::fs::remove_file(&empty_wal).unwrap();
    let o = as_user(
        65533,
        &[
            "user",
            "add",
            "--email",
            "x@example.com",
            "--name",
            "X",
            "--role",
            "user",
            "--no-email",
        ],
    );
    assert_eq!(o.code, 8, "{o:?}");
    // The owner makes it writable, and writes.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = as_user(
        65534,
        &[
            "user",
            "add",
            "--email",
            "x@example.com",
            "--name",
            "X",
            "--role",
            "user",
            "--no-email",
        ],
    );
    assert_eq!(o.code, 0, "{o:?}");

    // A change still only in the WAL (another connection holds the file
    // open, so nothing folds it in yet): a reader without write permission
    // reads through the WAL. Opening the file immutable would show the
    // organization without it.
    // 0644: SQLite gives the -wal and -shm it makes the file's mode, so
    // others may read them too.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let holder = rusqlite::Connection::open(&db).unwrap();
    let mode: String = holder
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let add = add_args("wal@example.com", "Wal", &["--role", "user", "--no-email"]);
    let o = as_user(65534, &add);
    assert_eq!(o.code, 0, "{o:?}");
    let wal = std::fs::metadata(format!("{}-wal", db.display())).map_or(0, |m| m.len());
    assert!(wal > 0, "the change should be in the WAL");
    let o = as_user(65533, &["user", "show", "wal@example.com"]);
    assert_eq!(o.code, 0, "{o:?}");
    // The same with the -shm gone (a copy of the file and its WAL): the
    // file is not cleanly closed, so it is never opened immutable.
    std::fs::remove_file(format!("{}-shm", db.display())).unwrap();
    let o = as_user(65533, &["user", "show", "wal@example.com"]);
    assert_eq!(o.code, 0, "{o:?}");
    drop(holder);

    // The -wal and -shm were made while the file was private (0600), so
    // they are too; the file is made readable afterwards. A reader cannot
    // read the changes they hold, and is told which files stop it.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    let holder = rusqlite::Connection::open(&db).unwrap();
    let _: i64 = holder
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(companions(&db), ["org.db-shm", "org.db-wal"]);
    let o = as_user(65533, &["user", "list"]);
    assert_eq!(o.code, 8, "{o:?}");
    assert!(
        o.stderr.contains("org.db-wal and ")
            && o.stderr
                .contains("org.db-shm cannot be read by you (owned by nobody)"),
        "{}",
        o.stderr
    );
    // Only the one that cannot be read is named.
    let wal = format!("{}-wal", db.display());
    std::fs::set_permissions(&wal, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = as_user(65533, &["user", "list"]);
    assert_eq!(o.code, 8, "{o:?}");
    assert!(
        o.stderr.contains("and its ")
            && o.stderr.contains("org.db-shm cannot be read by you")
            && !o.stderr.contains("org.db-wal"),
        "{}",
        o.stderr
    );
    drop(holder);
    let o = as_user(65533, &["user", "list"]);
    assert_eq!(o.code, 0, "once the holder is gone: {o:?}");

    // The owner of a file in a folder they may not write (no -wal or -shm
    // can be made beside it): SQLite opens the file for writing but cannot
    // read it. Reads still work, from the cleanly closed file; a write says
    // the database is read-only.
    let folder = shared.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let owned = folder.join("org.db");
    std::fs::copy(env.db(), &owned).unwrap();
    nix::unistd::chown(&owned, Some(65534.into()), Some(65534.into())).unwrap();
    std::fs::set_permissions(&owned, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = run_as(65534, &owned, &["user", "list"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(o.stdout.contains(ADMIN));
    let o = run_as(65534, &owned, &add);
    assert_eq!(o.code, 8, "{o:?}");
    assert!(o.stderr.contains("read-only"), "{}", o.stderr);
    assert_eq!(companions(&owned), Vec::<String>::new());
}

/// `--json` usage errors carry clap's whole message, not its first line.
#[test]
fn json_usage_errors_name_what_is_missing() {
    let env = Env::init();
    let o = env.code(2, &["user", "add", "--email", "x@example.com", "--json"]);
    let j = o.err_json();
    assert_eq!(j["error"]["kind"], "usage");
    let m = j["error"]["message"].as_str().unwrap();
    assert!(m.contains("--name"), "{m}");
    assert!(!m.contains("Usage"), "{m}");
}

/// `audit --action` takes its text literally: `%` and `_` match nothing.
#[test]
fn audit_action_filters_are_not_wildcards() {
    let env = Env::init();
    env.invite("bob@example.com", "Bob", &["--role", "user"]);
    for a in ["%", "_", "user%", "%.add", "____.add", "user.%"] {
        assert_eq!(
            env.json(&["audit", "--action", a]),
            serde_json::json!([]),
            "{a}"
        );
    }
    assert_eq!(
        env.json(&["audit", "--action", "user"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        env.json(&["audit", "--action", "user.add"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        env.json(&["audit", "--action", "use"]),
        serde_json::json!([])
    );
}

/// A config path that is a FIFO is refused at once, never read.
#[test]
fn a_fifo_config_is_refused_at_once() {
    let env = Env::init();
    let fifo = env.dir.path().join("config.fifo");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let o = env.code(2, &["--config", fifo.to_str().unwrap(), "user", "list"]);
    assert!(o.stderr.contains("not a regular file"), "{}", o.stderr);
}
