//! Every exit code of SPEC §8 that people and invitations can produce.

use crate::support::*;

fn add(env: &Env, email: &str, name: &str, roles: &[&str]) -> Out {
    let mut a = add_args(email, name, &["--no-email"]);
    for r in roles {
        a.extend_from_slice(&["--role", r]);
    }
    env.run(&a)
}

#[test]
fn usage_errors_exit_2_and_name_the_problem() {
    let env = Env::init();
    let cases: Vec<(Out, &str)> = vec![
        (
            add(&env, "not-an-email", "X", &["user"]),
            "not a valid email",
        ),
        (
            add(&env, "x@example.com", "X", &["owner"]),
            "unknown role `owner`",
        ),
        (
            add(&env, "x@example.com", "X\u{7}", &["user"]),
            "control characters",
        ),
        (
            add(&env, "x@example.com", "   ", &["user"]),
            "name must not be empty",
        ),
        (add(&env, "x@example.com", "X", &[]), "at least one role"),
        (
            add(
                &env,
                &format!("{}@example.com", "x".repeat(250)),
                "X",
                &["user"],
            ),
            "limit is 254",
        ),
        (
            add(&env, "x@example.com", &"n".repeat(300), &["user"]),
            "limit is 254",
        ),
    ];
    for (o, want) in cases {
        assert_eq!(o.code, 2, "{o:?}");
        assert!(o.stderr.starts_with("orgadm: error: "), "{}", o.stderr);
        assert!(o.stderr.contains(want), "expected {want:?} in {}", o.stderr);
    }
    let unknown_role = add(&env, "x@example.com", "X", &["owner"]);
    assert!(
        unknown_role.stderr.contains("`finance-admin`"),
        "lists the valid roles: {}",
        unknown_role.stderr
    );
    // Nothing was added by any of them.
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn ambiguous_name_lists_the_candidates() {
    let env = Env::init();
    env.invite("sam1@example.com", "Sam Smith", &["--role", "user"]);
    env.invite("sam2@example.com", "sam smith", &["--role", "user"]);
    let o = env.code(2, &["user", "show", "Sam Smith"]);
    assert!(
        o.stderr.contains("sam1@example.com") && o.stderr.contains("sam2@example.com"),
        "{}",
        o.stderr
    );
    let j = env
        .code(2, &["user", "remove", "Sam Smith", "--json"])
        .err_json();
    assert_eq!(j["error"]["kind"], "usage");
}

#[test]
fn bad_config_key_exits_2_naming_file_line_and_key() {
    let env = Env::init();
    env.write_config("actor = \"ada@example.com\"\n[mail]\ntransprot = \"file\"\n");
    let o = env.code(2, &["user", "list"]);
    let p = env.config_path().display().to_string();
    assert!(
        o.stderr.contains(&p) && o.stderr.contains("line 3") && o.stderr.contains("`transprot`"),
        "{}",
        o.stderr
    );
    env.write_config("invite_ttl = 7\n");
    let o = env.code(2, &["user", "list"]);
    assert!(o.stderr.contains("`invite_ttl`"), "{}", o.stderr);
    let j = env.code(2, &["user", "list", "--json"]).err_json();
    assert_eq!(j["error"]["kind"], "usage");
}

#[test]
fn bad_flags_exit_2() {
    let env = Env::init();
    env.code(2, &["user", "add", "--email"]);
    env.code(2, &["user", "frobnicate"]);
    let o = env.code(2, &["user", "list", "--status", "gone", "--json"]);
    assert_eq!(o.err_json()["error"]["kind"], "usage");
    // An edit that names no change says which flags would make one.
    let before = env.dump();
    let o = env.code(2, &["user", "edit", ADMIN]);
    assert!(o.stderr.contains("nothing to change"), "{}", o.stderr);
    assert!(o.stderr.contains("--add-role"), "{}", o.stderr);
    assert_eq!(env.dump(), before);
}

#[test]
fn not_found_exits_3() {
    let env = Env::init();
    env.code(3, &["user", "show", "nobody@example.com"]);
    env.code(3, &["user", "edit", "nobody@example.com", "--name", "X"]);
    env.code(3, &["user", "remove", "nobody@example.com"]);
    env.code(3, &["invite", "revoke", "nobody@example.com"]);
    env.code(
        3,
        &[
            "invite",
            "accept",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ],
    );
    env.code(3, &["invite", "accept", "garbage"]);
    env.code(3, &add_args("x@example.com", "X", &["--group", "Nope"]));
    // An active person has no invitation to resend or revoke.
    env.code(3, &["invite", "resend", ADMIN]);
    let j = env
        .code(3, &["user", "show", "nobody@example.com", "--json"])
        .err_json();
    assert_eq!(j["error"]["kind"], "not_found");
}

#[test]
fn conflicts_exit_4() {
    let env = Env::init();
    env.code(4, &["init", "--admin", "x@example.com"]);
    env.invite("bob@example.com", "Bob", &["--role", "user"]);
    env.code(4, &add_args("Bob@Example.COM", "B", &["--role", "user"]));
    env.invite("carol@example.com", "Carol", &["--role", "user"]);
    env.code(
        4,
        &[
            "user",
            "edit",
            "carol@example.com",
            "--email",
            "bob@example.com",
        ],
    );
}

#[test]
fn forbidden_exits_6_for_non_admin_unknown_or_invited_actors() {
    let env = Env::init();
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    env.invite("carol@example.com", "Carol", &["--role", "org-admin"]);
    let args = [
        "user",
        "add",
        "--email",
        "x@example.com",
        "--name",
        "X",
        "--role",
        "user",
    ];
    for (actor, why) in [
        ("bob@example.com", "not an org-admin"),
        ("nobody@example.com", "not a member"),
        ("carol@example.com", "has not accepted"),
    ] {
        let mut a = vec!["--as", actor];
        a.extend_from_slice(&args);
        let o = env.code(6, &a);
        assert!(
            o.stderr.contains(actor) && o.stderr.contains(why),
            "{}",
            o.stderr
        );
        assert!(
            o.stderr.contains("--as EMAIL"),
            "says how to set the actor: {}",
            o.stderr
        );
    }
    // ORGADM_ACTOR works the same way, and wins over the config.
    let mut env2 = Env::init();
    env2.member("bob@example.com", "Bob", &["--role", "user"]);
    env2.set_env("ORGADM_ACTOR", "bob@example.com");
    env2.code(6, &args);
    env.code(3, &["user", "show", "x@example.com"]);
}

#[test]
fn the_last_admin_cannot_be_removed_or_demoted() {
    let env = Env::init();
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    let o = env.code(6, &["user", "remove", ADMIN, "--yes"]);
    assert!(
        o.stderr.contains("without an active org-admin"),
        "{}",
        o.stderr
    );
    env.code(
        6,
        &["user", "edit", ADMIN, "--remove-role", "org-admin", "--yes"],
    );
    env.code(6, &["user", "edit", ADMIN, "--set-roles", "user", "--yes"]);
    let o = env.code(
        6,
        &[
            "user",
            "edit",
            ADMIN,
            "--set-roles",
            "user",
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(o.json()["impact"]["admins_remaining"], 0);
    // An invited admin does not count: they cannot act yet.
    env.invite("carol@example.com", "Carol", &["--role", "org-admin"]);
    env.code(6, &["user", "remove", ADMIN]);
    // With a second active admin, demotion works.
    env.ok(&["user", "edit", "bob@example.com", "--add-role", "org-admin"]);
    env.ok(&["user", "edit", ADMIN, "--remove-role", "org-admin", "--yes"]);
}

#[test]
fn storage_errors_exit_8_and_leave_files_untouched() {
    // A missing database, for a read command: named, with a hint.
    let env = Env::sqlite();
    let o = env.code(8, &["user", "list"]);
    assert!(
        o.stderr.contains(&env.db().display().to_string()) && o.stderr.contains("orgadm init"),
        "{}",
        o.stderr
    );
    assert!(!env.db().exists(), "a read command created a database");
    env.code(
        8,
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
    );
    assert!(!env.db().exists());

    // A junk file.
    let junk = env.dir.path().join("junk.db");
    let bytes: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&junk, &bytes).unwrap();
    for args in [
        vec!["user", "list"],
        vec![
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
        let mut a = vec!["--db", junk.to_str().unwrap()];
        a.extend(args);
        let o = env.code(8, &a);
        assert!(
            o.stderr.contains("not an orgadm database") && o.stderr.contains("junk.db"),
            "{}",
            o.stderr
        );
    }
    assert_eq!(std::fs::read(&junk).unwrap(), bytes);

    // Another application's SQLite database.
    let other = env.dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    let o = env.code(8, &["--db", other.to_str().unwrap(), "user", "list"]);
    assert!(o.stderr.contains("not an orgadm database"), "{}", o.stderr);
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

#[test]
fn a_database_from_a_newer_orgadm_is_refused_unchanged() {
    let env = Env::init_sqlite();
    {
        let c = rusqlite::Connection::open(env.db()).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(env.db()).unwrap();
    let o = env.code(8, &["user", "list"]);
    assert!(o.stderr.contains("newer orgadm"), "{}", o.stderr);
    env.code(8, &add_args("x@example.com", "X", &["--role", "user"]));
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
    let j = env.code(8, &["user", "list", "--json"]).err_json();
    assert_eq!(j["error"]["kind"], "storage");
}

#[test]
fn a_closed_stdout_exits_0_quietly() {
    let env = Env::init();
    let mut file = String::new();
    for i in 0..3000 {
        file.push_str(&format!("[[user]]\nemail = \"person{i}@example.com\"\nname = \"Person number {i}\"\nroles = [\"user\"]\n"));
    }
    let o = env.run_stdin(&["apply", "-", "--no-email", "-q"], &file);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // Like `orgadm user list | head -1`: read one line, then close the pipe.
    // Tables, CSV and JSON are each written as they are made.
    use std::io::BufRead;
    for (args, first_line) in [
        (&["user", "list"][..], "EMAIL"),
        (&["user", "list", "--csv"][..], "email,"),
        (&["user", "list", "--json"][..], "["),
        (&["invite", "list", "--csv"][..], "email,"),
        (&["audit", "--csv"][..], "at,"),
        (&["audit"][..], "TIME"),
    ] {
        let mut child = env
            .cmd()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn_guarded();
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.starts_with(first_line), "{args:?}: {first}");
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn whoami_needs_a_known_actor() {
    let env = Env::init();
    let o = env.code(6, &["--as", "nobody@example.com", "whoami"]);
    assert!(o.stderr.contains("nobody@example.com"), "{}", o.stderr);
    let mut env = Env::new();
    env.ok(&[
        "init",
        "--admin",
        ADMIN,
        "--config",
        env.dir.path().join("elsewhere.toml").to_str().unwrap(),
    ]);
    env.set_env(
        "ORGADM_CONFIG",
        env.dir.path().join("empty.toml").to_str().unwrap(),
    );
    let o = env.code(6, &["whoami"]);
    assert!(
        o.stderr.contains("no acting admin") && o.stderr.contains("--as EMAIL"),
        "{}",
        o.stderr
    );
}

#[test]
fn color_only_when_asked_or_at_a_terminal() {
    let env = Env::init();
    let plain = env.code(3, &["user", "show", "nobody@example.com"]);
    assert!(
        !plain.stderr.contains('\x1b'),
        "NO_COLOR and no terminal: no escapes"
    );
    let colored = env.code(
        3,
        &["user", "show", "nobody@example.com", "--color", "always"],
    );
    assert!(
        colored.stderr.contains("\x1b[1;31merror"),
        "{:?}",
        colored.stderr
    );
    let never = env.code(
        3,
        &["--color", "never", "user", "show", "nobody@example.com"],
    );
    assert!(!never.stderr.contains('\x1b'));
    // Every impact honours --color always on a pipe: a dry run's (stdout),
    // a needed confirmation's and a refusal's (stderr).
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.member("bob@example.com", "Bob", &["--group", "Billing"]);
    let dry = env.ok(&[
        "group",
        "delete",
        "Billing",
        "--dry-run",
        "--color",
        "always",
    ]);
    assert!(dry.stdout.contains("\x1b[1;31mimpact"), "{:?}", dry.stdout);
    let asked = env.code(5, &["group", "delete", "Billing", "--color", "always"]);
    assert!(
        asked.stderr.contains("\x1b[1;31mimpact"),
        "{:?}",
        asked.stderr
    );
    let refused = env.code(6, &["user", "remove", ADMIN, "--color", "always"]);
    assert!(
        refused.stderr.contains("\x1b[1;31merror"),
        "{:?}",
        refused.stderr
    );
    let plain = env.ok(&["group", "delete", "Billing", "--dry-run"]);
    assert!(!plain.stdout.contains('\x1b'), "{:?}", plain.stdout);
}

#[test]
fn a_damaged_database_exits_8_saying_so() {
    let env = Env::init_sqlite();
    for i in 0..30 {
        env.invite(&format!("u{i}@example.com"), "U", &["--role", "user"]);
    }
    let cut = env.dir.path().join("cut.db");
    std::fs::copy(env.db(), &cut).unwrap();
    let f = std::fs::OpenOptions::new().write(true).open(&cut).unwrap();
    f.set_len(16 * 1024).unwrap();
    drop(f);
    for args in [
        vec!["user", "list"],
        vec![
            "user",
            "add",
            "--email",
            "z@example.com",
            "--name",
            "Z",
            "--role",
            "user",
            "--no-email",
        ],
    ] {
        let mut a = vec!["--db", cut.to_str().unwrap()];
        a.extend(args);
        let o = env.code(8, &a);
        assert!(
            o.stderr.contains("corrupt") && o.stderr.contains("cut.db"),
            "{}",
            o.stderr
        );
    }
}

/// A full disk behind stdout is an error (exit 1, saying so), unlike a
/// closed pipe: nothing an admin asked for is quietly lost.
#[test]
fn a_full_stdout_is_an_error() {
    let env = Env::init();
    // More than the output buffers hold, so that writes fail before the
    // final flush.
    let mut file = String::new();
    for i in 0..3000 {
        file.push_str(&format!(
            "[[user]]\nemail = \"person{i}@example.com\"\nname = \"Person number {i}\"\nroles = [\"user\"]\n"
        ));
    }
    let o = env.run_stdin(&["apply", "-", "--no-email", "-q"], &file);
    assert_eq!(o.code, 0, "{}", o.stderr);
    for args in [
        &["user", "list"][..],
        &["user", "list", "--csv"][..],
        &["user", "list", "--json"][..],
        &["audit", "--csv"][..],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = env.cmd().args(args).stdout(full).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write"), "{args:?}: {stderr}");
    }
}
