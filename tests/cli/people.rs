//! People and invitations (issue: foundation).

use crate::support::*;

#[test]
fn init_creates_private_database_and_config_then_add_needs_no_as() {
    let env = Env::sqlite();
    let o = env.ok(&["init", "--admin", ADMIN, "--name", "Ada Lovelace"]);
    assert!(o.stdout.contains("first org-admin"), "{}", o.stdout);
    assert_eq!(mode(&env.db()), 0o600);
    assert_eq!(mode(env.db().parent().unwrap()), 0o700);
    let cfg = std::fs::read_to_string(env.config_path()).unwrap();
    assert!(cfg.contains("actor = \"ada@example.com\""), "{cfg}");
    env.ok(&add_args("bob@example.com", "Bob", &["--role", "user"]));
    for f in std::fs::read_dir(env.db().parent().unwrap()).unwrap() {
        let p = f.unwrap().path();
        if p.is_file() {
            assert_eq!(mode(&p), 0o600, "{}", p.display());
        }
    }
    let again = env.code(4, &["init", "--admin", "other@example.com"]);
    assert!(
        again.stderr.contains("already initialized"),
        "{}",
        again.stderr
    );
}

#[test]
fn init_adds_actor_to_an_existing_config_keeping_the_rest() {
    let env = Env::new();
    env.write_config("invite_ttl = \"3d\"\n\n[mail]\ntransport = \"none\"\n");
    env.ok(&["init", "--admin", ADMIN]);
    let cfg = std::fs::read_to_string(env.config_path()).unwrap();
    assert!(cfg.starts_with("actor = \"ada@example.com\"\n"), "{cfg}");
    assert!(
        cfg.contains("invite_ttl = \"3d\"") && cfg.contains("[mail]\ntransport = \"none\""),
        "{cfg}"
    );
    let o = env.ok(&add_args("b@example.com", "B", &["--role", "user"]));
    assert_eq!(
        o.last_line().len(),
        43,
        "transport none prints the token last: {}",
        o.stdout
    );
}

#[test]
fn user_add_writes_one_message_with_a_working_token_stored_only_as_hash() {
    let env = Env::init_sqlite();
    let o = env.ok(&add_args(
        "bob@example.com",
        "Bob Builder",
        &["--role", "user"],
    ));
    let files = env.outbox_files();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        o.stdout.contains(&files[0].display().to_string()),
        "path printed: {}",
        o.stdout
    );
    assert_eq!(mode(&files[0]), 0o600);
    let raw = std::fs::read_to_string(&files[0]).unwrap();
    assert_eq!(
        eml_header(&raw, "To"),
        ["\"Bob Builder\" <bob@example.com>"]
    );
    assert!(eml_header(&raw, "Subject")[0].contains("Analytical Engines"));
    let body = eml_body(&raw);
    for want in [
        "Bob Builder",
        "Ada Lovelace",
        "User",
        "expires",
        "orgadm invite accept",
    ] {
        assert!(body.contains(want), "body lacks {want}:\n{body}");
    }
    let token = token_in(&raw);
    // The raw token is nowhere in the database files.
    for f in std::fs::read_dir(env.db().parent().unwrap()).unwrap() {
        let p = f.unwrap().path();
        if p.is_file() {
            let bytes = std::fs::read(&p).unwrap();
            assert!(
                !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
                "token found in {}",
                p.display()
            );
        }
    }
    let p = env.json(&["invite", "accept", &token]);
    assert_eq!(p["status"], "active");
}

#[test]
fn raw_token_never_reaches_the_wal_while_another_connection_holds_it_open() {
    let env = Env::init_sqlite();
    // Hold a reader open so the WAL is not checkpointed away on exit.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.query_row("SELECT COUNT(*) FROM person", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let token = env.invite("carol@example.com", "Carol", &["--role", "user"]);
    let wal = env.db().with_extension("db-wal");
    let bytes = std::fs::read(&wal).expect("WAL exists while a connection is open");
    assert!(!bytes.is_empty());
    assert!(!bytes.windows(token.len()).any(|w| w == token.as_bytes()));
    drop(conn);
}

#[test]
fn json_fields_of_people_and_invitations() {
    let env = Env::init();
    env.invite(
        "bob@example.com",
        "Bob",
        &["--role", "user", "--role", "finance-admin"],
    );
    let list = env.json(&["user", "list"]);
    let bob = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "bob@example.com")
        .unwrap()
        .clone();
    for k in [
        "email",
        "name",
        "status",
        "roles",
        "groups",
        "effective_roles",
    ] {
        assert!(bob.get(k).is_some(), "missing {k} in {bob}");
    }
    assert_eq!(bob["status"], "invited");
    assert_eq!(strings(&bob["roles"]), ["finance-admin", "user"]);
    assert_eq!(strings(&bob["effective_roles"]), ["finance-admin", "user"]);
    let show = env.person("bob@example.com");
    assert!(show["role_sources"]["user"]
        .as_array()
        .unwrap()
        .contains(&"direct".into()));
    let inv = env.json(&["invite", "list"]);
    let i = &inv[0];
    for k in [
        "email",
        "name",
        "state",
        "expires_at",
        "attempts",
        "last_error",
    ] {
        assert!(i.get(k).is_some(), "missing {k} in {i}");
    }
    assert_eq!(i["state"], "pending");
    assert!(i["expires_at"].as_str().unwrap().ends_with('Z'));
    let me = env.json(&["whoami"]);
    assert_eq!(me["email"], ADMIN);
    assert_eq!(strings(&me["effective_roles"]), ["org-admin"]);
}

#[test]
fn both_roles_are_effective_and_role_list_names_all_three() {
    let env = Env::init();
    env.member(
        "bob@example.com",
        "Bob",
        &["--role", "user", "--role", "Finance Admin"],
    );
    assert_eq!(env.effective("bob@example.com"), ["finance-admin", "user"]);
    let roles = env.json(&["role", "list"]);
    let names: Vec<_> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["org-admin", "user", "finance-admin"]);
    assert_eq!(roles[0]["display_name"], "Organization admin");
    assert_eq!(roles[2]["display_name"], "Finance Admin");
    assert_eq!(strings(&roles[2]["capabilities"]), ["billing"]);
    let table = env.ok(&["role", "list"]).stdout;
    for n in ["Organization admin", "User", "Finance Admin", "billing"] {
        assert!(table.contains(n), "{table}");
    }
}

#[test]
fn resend_rotates_the_token_and_tokens_work_once() {
    let env = Env::init();
    let old = env.invite("bob@example.com", "Bob", &["--role", "user"]);
    let new = env
        .ok(&["invite", "resend", "bob@example.com", "--no-email"])
        .last_line();
    assert_ne!(old, new);
    assert_eq!(new.len(), 43);
    env.code(3, &["invite", "accept", &old]);
    let p = env.json(&["invite", "accept", &new]);
    assert_eq!(p["status"], "active");
    let again = env.code(3, &["invite", "accept", &new]);
    assert!(
        again.stderr.contains("already accepted"),
        "{}",
        again.stderr
    );
    // The token never appears in an error message.
    assert!(!again.stderr.contains(&new));
}

#[test]
fn revoke_kills_the_token_and_the_email_can_be_invited_again() {
    let env = Env::init();
    let token = env.invite("bob@example.com", "Bob", &["--role", "user"]);
    env.ok(&["invite", "revoke", "bob@example.com"]);
    let o = env.code(3, &["invite", "accept", &token]);
    assert!(o.stderr.contains("revoked"), "{}", o.stderr);
    let list = env.json(&["user", "list"]);
    assert!(!list.to_string().contains("bob@example.com"));
    let again = env.invite("BOB@example.com", "Bob", &["--role", "user"]);
    env.ok(&["invite", "accept", &again]);
}

#[test]
fn remove_active_person_then_reinvite() {
    let env = Env::init();
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    env.ok(&["user", "remove", "bob@example.com"]);
    env.code(3, &["user", "show", "bob@example.com"]);
    env.invite("bob@example.com", "Bob", &["--role", "user"]);
}

#[test]
fn edit_email_of_invited_person_sends_to_the_new_address_and_kills_the_old_token() {
    let env = Env::init();
    env.ok(&add_args("bob@exmaple.com", "Bob", &["--role", "user"]));
    let first = std::fs::read_to_string(&env.outbox_files()[0]).unwrap();
    let old = token_in(&first);
    env.ok(&[
        "user",
        "edit",
        "bob@exmaple.com",
        "--email",
        "bob@example.com",
    ]);
    let files = env.outbox_files();
    assert_eq!(files.len(), 2);
    let second = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .find(|m| *m != first)
        .unwrap();
    assert_eq!(eml_header(&second, "To"), ["Bob <bob@example.com>"]);
    env.code(3, &["invite", "accept", &old]);
    let p = env.json(&["invite", "accept", &token_in(&second)]);
    assert_eq!(p["email"], "bob@example.com");
    // An active person's email cannot be changed.
    env.code(
        2,
        &[
            "user",
            "edit",
            "bob@example.com",
            "--email",
            "robert@example.com",
        ],
    );
}

#[test]
fn an_invitation_expires() {
    let env = Env::init();
    let token = env.invite(
        "bob@example.com",
        "Bob",
        &["--role", "user", "--expires-in", "1m"],
    );
    env.expire("bob@example.com");
    let inv = env.json(&["invite", "list", "--state", "expired"]);
    assert_eq!(inv[0]["email"], "bob@example.com");
    assert_eq!(inv[0]["state"], "expired");
    assert_eq!(
        env.json(&["invite", "list", "--state", "pending"]),
        serde_json::json!([])
    );
    let o = env.code(3, &["invite", "accept", &token]);
    assert!(o.stderr.contains("expired"), "{}", o.stderr);
}

#[test]
fn accept_takes_a_link_or_stdin() {
    let mut env = Env::init();
    env.write_config("actor = \"ada@example.com\"\ninvite_url = \"https://portal.example.com/join?token={token}\"\n");
    env.set_env("ORGADM_ACTOR", ADMIN);
    let link = env.invite("bob@example.com", "Bob", &["--role", "user"]);
    assert!(
        link.starts_with("https://portal.example.com/join?token="),
        "{link}"
    );
    let o = env.run_stdin(&["invite", "accept", "-", "--json"], &format!("{link}\n"));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.json()["status"], "active");
}

#[test]
fn rerunning_an_edit_is_a_noop_that_says_so() {
    let env = Env::init();
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    env.ok(&[
        "user",
        "edit",
        "bob@example.com",
        "--add-role",
        "finance-admin",
    ]);
    let o = env.ok(&[
        "user",
        "edit",
        "bob@example.com",
        "--add-role",
        "finance-admin",
    ]);
    assert!(
        o.all().contains("already has role finance-admin"),
        "{}",
        o.all()
    );
    let o = env.ok(&[
        "user",
        "edit",
        "bob@example.com",
        "--set-roles",
        "user,finance-admin",
    ]);
    assert!(
        o.all()
            .contains("bob@example.com already has exactly finance-admin, user"),
        "{}",
        o.all()
    );
    assert!(o.stdout.contains("nothing changed"), "{}", o.stdout);
    let j = env.json(&[
        "user",
        "edit",
        "bob@example.com",
        "--add-role",
        "finance-admin",
    ]);
    assert_eq!(j["changed"], false);
    assert_eq!(strings(&j["person"]["roles"]), ["finance-admin", "user"]);
    let j = env.json(&[
        "user",
        "edit",
        "Bob",
        "--set-roles",
        "user",
        "--name",
        "Bobby",
    ]);
    assert_eq!(j["changed"], true);
    assert_eq!(j["person"]["name"], "Bobby");
}

#[test]
fn emails_are_unique_by_normalized_form() {
    let env = Env::init();
    env.invite("bob@example.com", "Bob", &["--role", "user"]);
    let o = env.code(4, &add_args("BOB@Example.com", "B", &["--role", "user"]));
    assert!(o.stderr.contains("already"), "{}", o.stderr);
    env.invite("ÄDA@x.org", "A", &["--role", "user"]);
    env.code(4, &add_args("äda@x.org", "A2", &["--role", "user"]));
    // The email is stored as typed.
    assert_eq!(env.person("äda@x.org")["email"], "ÄDA@x.org");
}

#[test]
fn list_filters() {
    let env = Env::init();
    env.member("bob@example.com", "Bob Builder", &["--role", "user"]);
    env.invite("carol@example.com", "Carol", &["--role", "finance-admin"]);
    let emails = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["user", "list"];
        a.extend_from_slice(args);
        column(&env.json(&a), "email")
    };
    assert_eq!(emails(&["--status", "invited"]), ["carol@example.com"]);
    assert_eq!(emails(&["--status", "active"]), [ADMIN, "bob@example.com"]);
    assert_eq!(emails(&["--role", "finance-admin"]), ["carol@example.com"]);
    assert_eq!(emails(&["--search", "BUILD"]), ["bob@example.com"]);
    let table = env.ok(&["user", "list"]).stdout;
    assert!(
        table.lines().next().unwrap().starts_with("EMAIL"),
        "{table}"
    );
    assert_eq!(table.lines().count(), 4, "{table}");
}

#[test]
fn hostile_name_cannot_inject_headers() {
    let env = Env::init();
    let o = env.code(
        2,
        &add_args(
            "x@example.com",
            "X\r\nBcc: evil@example.com",
            &["--role", "user"],
        ),
    );
    assert!(
        o.stderr.contains("name") && o.stderr.contains("control"),
        "{}",
        o.stderr
    );
    assert!(env.outbox_files().is_empty());
    // Quotes, commas and angle brackets in a name are fine: lettre encodes them.
    env.ok(&[
        "user",
        "add",
        "--email",
        "y@example.com",
        "--name",
        "Evil <evil@example.com>, \"x\"",
        "--role",
        "user",
    ]);
    let raw = std::fs::read_to_string(&env.outbox_files()[0]).unwrap();
    let to = eml_header(&raw, "To");
    assert_eq!(to.len(), 1);
    assert!(to[0].ends_with("<y@example.com>"), "{to:?}");
    assert!(eml_header(&raw, "Bcc").is_empty());
}

#[test]
fn user_add_json_is_one_document_with_the_accept_key() {
    let env = Env::init();
    let j = env.json(&add_args(
        "bob@example.com",
        "Bob",
        &["--role", "user", "--no-email"],
    ));
    let token = j["accept"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 43);
    assert_eq!(j["person"]["email"], "bob@example.com");
    assert_eq!(j["person"]["status"], "invited");
    assert_eq!(j["invitation"]["state"], "pending");
    assert_eq!(j["changed"], true);
    // The invitation is said once, beside the person; the person is the
    // object lists print, without `user show`'s role sources.
    for extra in ["invitation", "role_sources"] {
        assert!(j["person"].get(extra).is_none(), "{extra}: {j}");
    }
    let j = env.json(&add_args("carol@example.com", "Carol", &["--role", "user"]));
    assert!(
        j.get("accept").is_none(),
        "the token is only in the message: {j}"
    );
    assert_eq!(j["delivery"]["transport"], "file");
    assert!(std::path::Path::new(j["delivery"]["path"].as_str().unwrap()).exists());
    let j = env.json(&[
        "user",
        "edit",
        "carol@example.com",
        "--email",
        "caroline@example.com",
        "--no-email",
    ]);
    assert_eq!(j["person"]["email"], "caroline@example.com");
    env.ok(&["invite", "accept", j["accept"].as_str().unwrap()]);
    let d = env.json(&add_args(
        "dan@example.com",
        "Dan",
        &["--role", "user", "--dry-run"],
    ));
    assert_eq!(d["dry_run"], true);
    env.code(3, &["user", "show", "dan@example.com"]);
}

#[test]
fn accept_dry_run_checks_the_token_without_using_it() {
    let env = Env::init();
    let token = env.invite(
        "bob@example.com",
        "Bob",
        &["--role", "user", "--role", "finance-admin"],
    );
    let before = env.dump();
    let o = env.ok(&["invite", "accept", &token, "--dry-run"]);
    assert_eq!(
        o.stdout.trim(),
        "dry run: nothing was changed; the token is valid: bob@example.com would join Analytical Engines with roles finance-admin, user"
    );
    let d = env.json(&["invite", "accept", &token, "--dry-run"]);
    assert_eq!(d["dry_run"], true);
    assert_eq!(d["person"]["email"], "bob@example.com");
    assert_eq!(env.dump(), before);
    env.code(
        3,
        &[
            "invite",
            "accept",
            "BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "--dry-run",
        ],
    );
    let o = env.ok(&["invite", "accept", &token]);
    assert!(
        o.all()
            .contains("bob@example.com is now active with roles finance-admin, user"),
        "{}",
        o.all()
    );
    env.code(3, &["invite", "accept", &token, "--dry-run"]);
}

#[test]
fn files_are_0600_and_folders_0700_whatever_the_umask() {
    for umask in ["000", "277"] {
        let env = Env::sqlite();
        let run = |args: &str| {
            let script = format!("umask {umask}; exec \"$0\" {args}");
            let o: Out = env
                .program("sh")
                .args(["-c", &script, BIN])
                .stdin(std::process::Stdio::null())
                .output()
                .unwrap()
                .into();
            assert_eq!(o.code, 0, "umask {umask}: {args}: {}", o.stderr);
        };
        run("init --admin ada@example.com");
        run("user add --email bob@example.com --name Bob --role user");
        // A reader holds the database open, so the -wal and -shm files stay.
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.query_row("SELECT COUNT(*) FROM person", [], |r| r.get::<_, i64>(0))
            .unwrap();
        run("user add --email carol@example.com --name Carol --role user");
        for f in [
            env.db(),
            env.db().with_extension("db-wal"),
            env.db().with_extension("db-shm"),
            env.config_path(),
            env.outbox_files()[0].clone(),
        ] {
            assert_eq!(mode(&f), 0o600, "umask {umask}: {}", f.display());
        }
        for d in [
            env.db().parent().unwrap().to_path_buf(),
            env.data_dir(),
            env.config_dir(),
            env.outbox(),
        ] {
            assert_eq!(mode(&d), 0o700, "umask {umask}: {}", d.display());
        }
        drop(conn);
    }
}

/// Suspending keeps roles and groups, takes access away, counts for no admin
/// quorum; lists, show, export and apply know it.
#[test]
fn suspend_and_unsuspend() {
    let env = Env::init();
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.member(
        "bob@example.com",
        "Bob",
        &["--role", "org-admin", "--group", "Billing"],
    );
    env.invite("carol@example.com", "Carol", &["--role", "user"]);
    let o = env.ok(&["user", "suspend", "bob@example.com"]);
    assert!(o.stdout.contains("suspend"), "{}", o.stdout);
    let bob = env.person("bob@example.com");
    assert_eq!(bob["status"], "suspended");
    assert_eq!(strings(&bob["roles"]), ["org-admin"]);
    assert_eq!(strings(&bob["groups"]), ["Billing"]);
    let suspended = column(
        &env.json(&["user", "list", "--status", "suspended"]),
        "email",
    );
    assert_eq!(suspended, ["bob@example.com"]);
    // A suspended admin may not act, and is no admin for the quorum.
    let o = env.code(
        6,
        &[
            "--as",
            "bob@example.com",
            "group",
            "create",
            "X",
            "--role",
            "user",
        ],
    );
    assert!(o.stderr.contains("suspended"), "{}", o.stderr);
    let o = env.code(6, &["user", "suspend", ADMIN]);
    assert!(
        o.stderr.contains("without an active org-admin"),
        "{}",
        o.stderr
    );
    let o = env.code(6, &["user", "edit", ADMIN, "--remove-role", "org-admin"]);
    assert!(
        o.stderr.contains("without an active org-admin"),
        "{}",
        o.stderr
    );
    // An invited person has no access to suspend.
    env.code(4, &["user", "suspend", "carol@example.com"]);
    // Suspending twice is a no-op that says so.
    let o = env.ok(&["user", "suspend", "bob@example.com"]);
    assert!(o.stderr.contains("already suspended"), "{}", o.stderr);
    // export writes it; apply of the export changes nothing; a file without
    // the mark gives the access back.
    let export = env.ok(&["export"]).stdout;
    assert!(export.contains("suspended = true"), "{export}");
    let f = env.dir.path().join("org.toml");
    std::fs::write(&f, &export).unwrap();
    let o = env.ok(&["apply", f.to_str().unwrap()]);
    assert!(o.stdout.contains("nothing changed"), "{}", o.stdout);
    std::fs::write(&f, export.replace("suspended = true\n", "")).unwrap();
    env.ok(&["apply", f.to_str().unwrap()]);
    assert_eq!(env.person("bob@example.com")["status"], "active");
    env.ok(&["user", "suspend", "bob@example.com"]);
    env.ok(&["user", "unsuspend", "bob@example.com"]);
    env.ok(&[
        "--as",
        "bob@example.com",
        "group",
        "create",
        "X",
        "--role",
        "user",
    ]);
    let log = env.json(&["audit", "--action", "user.unsuspend"]);
    assert_eq!(log[0]["details"]["status"]["to"], "active");
}

/// Who has no access: `--stranded` lists them, and tables say so.
#[test]
fn stranded_people_are_listed_and_marked() {
    let env = Env::init();
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.member("fin@example.com", "Fin", &["--group", "Billing"]);
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    env.ok(&["group", "delete", "Billing", "--yes"]);
    let stranded = env.json(&["user", "list", "--stranded"]);
    assert_eq!(stranded.as_array().unwrap().len(), 1);
    assert_eq!(stranded[0]["email"], "fin@example.com");
    let table = env.ok(&["user", "list"]).stdout;
    let fin = table.lines().find(|l| l.starts_with("fin@")).unwrap();
    assert!(fin.contains("none (no access)"), "{table}");
}

/// `init --invite-url` writes it to the config, so invitations carry the link.
#[test]
fn init_writes_the_invite_url() {
    let env = Env::new();
    env.ok(&[
        "init",
        "--admin",
        ADMIN,
        "--invite-url",
        "https://orgadm.example.com/join?token={token}",
    ]);
    let cfg = std::fs::read_to_string(env.config_path()).unwrap();
    assert!(
        cfg.contains("invite_url = \"https://orgadm.example.com/join?token={token}\""),
        "{cfg}"
    );
    let link = env.invite("bob@example.com", "Bob", &["--role", "user"]);
    assert!(
        link.starts_with("https://orgadm.example.com/join?token="),
        "{link}"
    );
    let env = Env::new();
    let o = env.code(
        2,
        &[
            "init",
            "--admin",
            ADMIN,
            "--invite-url",
            "https://x.example.com/join",
        ],
    );
    assert!(o.stderr.contains("{token}"), "{}", o.stderr);
}

/// A near miss gets a suggestion.
#[test]
fn near_misses_get_a_suggestion() {
    let env = Env::init();
    env.ok(&["group", "create", "Engineering", "--role", "user"]);
    env.member("robert@example.com", "Robert Smith", &["--role", "user"]);
    let o = env.code(3, &["group", "show", "Enginering"]);
    assert!(
        o.stderr.contains("did you mean `Engineering`?"),
        "{}",
        o.stderr
    );
    let o = env.code(3, &["user", "show", "robret@example.com"]);
    assert!(
        o.stderr.contains("did you mean `robert@example.com`?"),
        "{}",
        o.stderr
    );
    let o = env.code(3, &["user", "show", "Robert Smyth"]);
    assert!(
        o.stderr.contains("did you mean `Robert Smith`?"),
        "{}",
        o.stderr
    );
    // A domain nobody has: the organization's closest one, with the same
    // person there, or the look-alikes there.
    for (typed, meant) in [
        ("robert@exmaple.com", "did you mean `robert@example.com`?"),
        ("ROBERT@Example.co", "did you mean `robert@example.com`?"),
        ("robret@exampel.com", "did you mean `robert@example.com`?"),
    ] {
        let o = env.code(3, &["user", "show", typed]);
        assert!(o.stderr.contains(meant), "{typed}: {}", o.stderr);
    }
    // Nothing alike, or a domain like none of the organization's: the
    // search hint.
    for typed in ["zzz@example.com", "robert@unrelated.org", "Qx"] {
        let o = env.code(3, &["user", "show", typed]);
        assert!(!o.stderr.contains("did you mean"), "{typed}: {}", o.stderr);
        assert!(
            o.stderr.contains("user list --search"),
            "{typed}: {}",
            o.stderr
        );
    }
    // Among many people whose emails start alike, the one meant is still
    // found (by the search index, not by reading everyone), and only the
    // typed domain's people are offered.
    let mut csv = String::from("email,name,roles,groups\n");
    for i in 0..300 {
        csv.push_str(&format!("ro{i:03}@example.com,R {i},user,\n"));
        csv.push_str(&format!("robert{i:03}@other.example,Other {i},user,\n"));
    }
    csv.push_str("zoe.robertson@example.com,Zoe,user,\n");
    let file = env.dir.path().join("crowd.csv");
    std::fs::write(&file, csv).unwrap();
    env.ok(&["apply", file.to_str().unwrap(), "--no-email", "--yes"]);
    let o = env.code(3, &["user", "show", "zoe.robertsen@example.com"]);
    assert!(
        o.stderr
            .contains("did you mean `zoe.robertson@example.com`"),
        "{}",
        o.stderr
    );
    let o = env.code(3, &["user", "show", "robret@example.com"]);
    assert!(
        o.stderr.contains("`robert@example.com`") && !o.stderr.contains("other.example"),
        "{}",
        o.stderr
    );
    // Each probe finds what the other cannot. A typo late in the email:
    // every trigram the typed text shares with the one meant is held by
    // 100 people made before it, so only the people sorting next to the
    // typed text name it. A typo early: 100 people sort between the typed
    // text and the one meant, so only a trigram (".ro") names it.
    let mut csv = String::from("email,name,roles,groups\n");
    for i in 0..100 {
        csv.push_str(&format!("xav{i:03}@other.example,X {i},user,\n"));
        csv.push_str(&format!("zf{i:03}@example.com,Z {i},user,\n"));
    }
    csv.push_str("xavier@example.com,Xavier,user,\n");
    std::fs::write(&file, csv).unwrap();
    env.ok(&["apply", file.to_str().unwrap(), "--no-email", "--yes"]);
    for (typed, meant) in [
        ("xaveir@example.com", "`xavier@example.com`"),
        ("zeo.robertson@example.com", "`zoe.robertson@example.com`"),
    ] {
        let o = env.code(3, &["user", "show", typed]);
        assert!(o.stderr.contains(meant), "{typed}: {}", o.stderr);
    }
}

/// The Invited Users view: roles, groups, inviter and date; history on request.
#[test]
fn the_invited_users_view_shows_what_admins_check() {
    let env = Env::init();
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.invite(
        "carol@example.com",
        "Carol",
        &["--role", "user", "--group", "Billing"],
    );
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    env.invite("dan@example.com", "Dan", &["--role", "user"]);
    env.ok(&["invite", "revoke", "dan@example.com"]);
    let open = env.json(&["invite", "list"]);
    assert_eq!(open.as_array().unwrap().len(), 1);
    let c = &open[0];
    assert_eq!(c["email"], "carol@example.com");
    assert_eq!(strings(&c["roles"]), ["user"]);
    assert_eq!(strings(&c["groups"]), ["Billing"]);
    assert_eq!(c["invited_by"], ADMIN);
    assert!(c["invited_at"].as_str().unwrap().ends_with('Z'));
    let table = env.ok(&["invite", "list"]).stdout;
    for col in ["ROLES", "GROUPS", "INVITED BY", "INVITED"] {
        assert!(table.lines().next().unwrap().contains(col), "{table}");
    }
    let states = |s: &str| -> Vec<(String, String)> {
        env.json(&["invite", "list", "--state", s])
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["email"].as_str().unwrap().into(),
                    i["state"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(
        states("accepted"),
        [("bob@example.com".into(), "accepted".into())]
    );
    assert_eq!(
        states("revoked"),
        [("dan@example.com".into(), "revoked".into())]
    );
    assert_eq!(states("all").len(), 3);
    // People show who invited them, when, and when they joined.
    let bob = env.person("bob@example.com");
    assert_eq!(bob["invited_by"], ADMIN);
    assert!(bob["joined_at"].is_string());
    let carol = env.person("carol@example.com");
    assert!(carol["joined_at"].is_null());
    let ada = env.person(ADMIN);
    assert!(ada["invited_by"].is_null() && ada["joined_at"].is_string());
    let show = env.ok(&["user", "show", "bob@example.com"]).stdout;
    assert!(
        show.contains("invited:") && show.contains("joined:"),
        "{show}"
    );
}

/// `--search` finds the people whose email or name holds the text, case
/// folded, whatever the text holds: the store's search syntax (FTS5
/// phrases and operators on SQLite, LIKE wildcards on PostgreSQL) is never
/// the admin's. Short texts, edits, removals and a search everyone matches
/// (past the index's few, the listing reads everyone) agree.
#[test]
fn search_finds_substrings_whatever_they_hold() {
    let env = Env::init();
    let names = [
        ("elodie@example.com", "Élodie Dupont"),
        ("pct@example.com", "Sale 100% off"),
        ("under@example.com", "a_b"),
        ("axb@example.com", "axb"),
        ("quote@example.com", "Say \"hi\" now"),
        ("near@example.com", "near(x) AND y*"),
        ("sandra@example.com", "Sandra"),
        ("back@example.com", "back\\slash"),
    ];
    for (email, name) in names {
        env.invite(email, name, &["--role", "user"]);
    }
    let found = |text: &str| -> Vec<String> {
        column(&env.json(&["user", "list", "--search", text]), "email")
    };
    assert_eq!(found("ÉLOD"), ["elodie@example.com"]);
    assert_eq!(found("élodie dup"), ["elodie@example.com"]);
    assert_eq!(found("100%"), ["pct@example.com"]);
    assert_eq!(found("%"), ["pct@example.com"]);
    assert_eq!(found("a_b"), ["under@example.com"]);
    assert_eq!(found("_"), ["under@example.com"]);
    assert_eq!(found("\""), ["quote@example.com"]);
    assert_eq!(found("say \"hi\""), ["quote@example.com"]);
    assert_eq!(found("\"hi\" now"), ["quote@example.com"]);
    assert_eq!(found("near(x)"), ["near@example.com"]);
    assert_eq!(found("and"), ["near@example.com", "sandra@example.com"]);
    assert_eq!(found("y*"), ["near@example.com"]);
    assert_eq!(found("*"), ["near@example.com"]);
    assert_eq!(found("\\s"), ["back@example.com"]);
    assert_eq!(found("k\\"), ["back@example.com"]);
    assert!(found("NEAR(x AND").is_empty());
    assert!(found("zzz").is_empty());
    // Two characters, and an email's local part.
    assert_eq!(found("xb"), ["axb@example.com"]);
    assert_eq!(found("sandra@"), ["sandra@example.com"]);
    // Filters still apply to what the search finds.
    assert!(env
        .json(&["user", "list", "--search", "élodie", "--status", "active"])
        .as_array()
        .unwrap()
        .is_empty());
    // A new name is found, the old one no more; a removed person neither.
    env.ok(&["user", "edit", "sandra@example.com", "--name", "Sandy"]);
    assert_eq!(found("and"), ["near@example.com", "sandra@example.com"]);
    assert!(found("sandra ").is_empty());
    assert_eq!(found("sandy"), ["sandra@example.com"]);
    env.ok(&[
        "user",
        "edit",
        "sandra@example.com",
        "--email",
        "s@example.org",
    ]);
    assert!(found("sandra@").is_empty());
    assert_eq!(found("s@example.org"), ["s@example.org"]);
    env.ok(&["user", "remove", "s@example.org", "--yes"]);
    assert!(found("sandy").is_empty());
    // More people match than the index looks up one by one.
    let mut file = format!(
        "[[user]]\nemail = \"{ADMIN}\"\nname = \"Ada Lovelace\"\nroles = [\"org-admin\"]\n"
    );
    for i in 0..1_100 {
        file.push_str(&format!(
            "[[user]]\nemail = \"m{i:04}@example.net\"\nname = \"Member {i}\"\nroles = [\"user\"]\n"
        ));
    }
    let f = env.dir.path().join("many.toml");
    std::fs::write(&f, file).unwrap();
    env.ok(&["apply", f.to_str().unwrap(), "--no-email"]);
    let all = found("member ");
    assert_eq!(all.len(), 1_100);
    assert_eq!(all[0], "m0000@example.net");
    assert_eq!(found("member 1099"), ["m1099@example.net"]);
    assert_eq!(found("@example.net").len(), 1_100);
}
