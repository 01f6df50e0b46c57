//! What only the PostgreSQL store has: URLs, TLS modes, connection errors,
//! privileges, the organization-wide writer lock across processes, and
//! copying between stores. These run in every `cargo test` where PostgreSQL
//! is installed (and must run in CI); the rest of the suite runs on
//! PostgreSQL with ORGADM_TEST_STORE=postgres.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::pg;
use crate::support::*;

/// An environment on a fresh PostgreSQL database, or None where PostgreSQL
/// is not installed (never under CI).
fn pg_env() -> Option<Env> {
    pg::available().then(Env::postgres)
}

fn url(env: &Env) -> String {
    env.pg_url.clone().unwrap()
}

/// The database URL with other parts: `with(env, "127.0.0.1", "?sslmode=...")`.
fn with_query(env: &Env, query: &str) -> String {
    format!("{}{query}", url(env))
}

#[test]
fn init_needs_an_empty_database_and_refuses_other_applications_tables() {
    let Some(env) = pg_env() else { return };
    // Another application's table: refused, untouched.
    env.sql_exec("CREATE TABLE invoices (id int); INSERT INTO invoices VALUES (7)");
    let before = env.dump();
    let o = env.code(8, &["init", "--admin", ADMIN]);
    assert!(o.stderr.contains("not an orgadm database"), "{}", o.stderr);
    assert!(o.stderr.contains("127.0.0.1"), "{}", o.stderr);
    let o = env.code(8, &["user", "list"]);
    assert!(o.stderr.contains("not an orgadm database"), "{}", o.stderr);
    assert_eq!(env.dump(), before);

    // An empty database: init, then a second init is a conflict.
    let env = Env::postgres();
    let o = env.code(8, &["user", "list"]);
    assert!(
        o.stderr.contains("no orgadm database") && o.stderr.contains("orgadm init"),
        "{}",
        o.stderr
    );
    env.ok(&["init", "--admin", ADMIN, "--org", "Shared"]);
    let o = env.code(4, &["init", "--admin", ADMIN]);
    assert!(
        o.stderr.contains("already holds an orgadm organization"),
        "{}",
        o.stderr
    );
    // A database from a newer orgadm is refused, untouched.
    env.sql_exec("UPDATE orgadm_meta SET schema_version = 99");
    let before = env.dump();
    let o = env.code(8, &["user", "list"]);
    assert!(o.stderr.contains("newer orgadm"), "{}", o.stderr);
    env.code(
        8,
        &add_args("x@example.com", "X", &["--role", "user", "--no-email"]),
    );
    assert_eq!(env.dump(), before);
}

/// A database of the previous schema (3: before SCIM name parts and
/// lastModified) is migrated forward by the first command that opens it, in
/// one transaction, and keeps everything it held.
#[test]
fn an_older_schema_is_migrated_forward() {
    let Some(env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN, "--org", "Shared"]);
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    // Schema 3: without migration 4's and 5's columns, 6's and 7's tables,
    // 8's column (its indexes go with it), 9's index and 10's column.
    env.sql_exec(
        "DROP TABLE sign_in; DROP TABLE api_token; DROP TABLE event; DROP TABLE webhook;
         DROP INDEX person_domain; ALTER TABLE org DROP COLUMN generation;
         ALTER TABLE person DROP COLUMN given_name, DROP COLUMN family_name, DROP COLUMN updated_at,
             DROP COLUMN user_name, DROP COLUMN user_name_fold, DROP COLUMN email_fold;
         ALTER TABLE grp DROP COLUMN updated_at;
         UPDATE orgadm_meta SET schema_version = 3;",
    );
    let people = env.json(&["user", "list"]);
    assert_eq!(people.as_array().unwrap().len(), 2);
    assert_eq!(
        env.sql_rows("SELECT schema_version FROM orgadm_meta"),
        [[orgadm::store::SCHEMA_VERSION.to_string()]]
    );
    env.ok(&[
        "user",
        "edit",
        "bob@example.com",
        "--add-role",
        "finance-admin",
    ]);
    assert_eq!(
        env.sql_rows(
            "SELECT count(*) FROM person WHERE updated_at IS NOT NULL AND given_name IS NULL"
        ),
        [["1"]]
    );
    env.ok(&["audit", "verify"]);
    // Search works on the migrated rows (their folds were filled in).
    assert_eq!(
        column(&env.json(&["user", "list", "--search", "bob@"]), "email"),
        ["bob@example.com"]
    );
    // The outbox starts with the first change after the upgrade.
    assert_eq!(
        env.sql_rows("SELECT seq, type FROM event"),
        [["1", "person.updated"]]
    );
}

#[test]
fn connection_errors_name_the_server_and_never_the_password() {
    if !pg::available() {
        return;
    }
    let c = pg::cluster();
    let mut env = Env::sqlite();
    env.set_env("PGPASSWORD", "env-s3cret-pw");
    let cases = [
        // Nothing listens there.
        (
            format!(
                "postgresql://orgadm:url-s3cret-pw@127.0.0.1:{}/x?connect_timeout=3",
                free_port()
            ),
            "127.0.0.1",
        ),
        // No such database.
        (format!("{}/no_such_db", c.base), "does not exist"),
        // No such role.
        (
            format!("postgresql://nobody_here@127.0.0.1:{}/postgres", c.port),
            "nobody_here",
        ),
    ];
    for (u, want) in &cases {
        let t0 = Instant::now();
        let o = env.code(8, &["--db", u, "user", "list"]);
        assert!(t0.elapsed() < Duration::from_secs(20));
        assert!(o.stderr.contains(want), "{u}: {}", o.stderr);
        assert!(!o.all().contains("s3cret"), "password shown: {}", o.all());
        let j = env
            .code(8, &["--db", u, "user", "list", "--json"])
            .err_json();
        assert_eq!(j["error"]["kind"], "storage");
        assert!(!j.to_string().contains("s3cret"));
    }
    // The message names host, port, database and user.
    let o = env.code(
        8,
        &["--db", &format!("{}/no_such_db", c.base), "user", "list"],
    );
    for part in ["127.0.0.1", &c.port.to_string(), "no_such_db", "orgadm"] {
        assert!(o.stderr.contains(part), "{part}: {}", o.stderr);
    }
    // A bad URL is a usage error.
    let o = env.code(
        2,
        &["--db", "postgresql://u@h/db?sslmode=maybe", "user", "list"],
    );
    assert!(o.stderr.contains("sslmode"), "{}", o.stderr);
}

#[test]
fn a_role_without_write_privilege_can_read_but_not_write() {
    let Some(env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    let reader = format!("reader_{}", uuid::Uuid::new_v4().simple());
    env.sql_exec(&format!(
        "CREATE ROLE {reader} LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}"
    ));
    let u = url(&env).replacen("orgadm@", &format!("{reader}@"), 1);
    let mut r = Env::sqlite();
    r.set_env("ORGADM_ACTOR", ADMIN);
    let o = r.ok(&["--db", &u, "user", "list"]);
    assert!(o.stdout.contains(ADMIN));
    let before = env.dump();
    let o = r.code(
        8,
        &[
            "--db",
            &u,
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
    assert!(o.stderr.contains("privilege"), "{}", o.stderr);
    assert!(o.stderr.contains(&reader), "{}", o.stderr);
    assert_eq!(env.dump(), before);
}

/// A database set read-only (as for maintenance, or a standby): reads work,
/// a change says the database is read-only and what still works.
#[test]
fn a_read_only_database_reads_and_says_changes_cannot_be_made() {
    let Some(env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    env.sql_exec(
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', current_database()); END $$",
    );
    let o = env.ok(&["user", "list"]);
    assert!(o.stdout.contains(ADMIN));
    let before = env.dump();
    let o = env.code(
        8,
        &add_args("x@example.com", "X", &["--role", "user", "--no-email"]),
    );
    assert!(
        o.stderr
            .contains("the database is read-only, so it cannot be changed"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("read commands"), "{}", o.stderr);
    assert_eq!(env.dump(), before);
}

#[test]
fn tls_modes_mean_what_libpq_means() {
    let Some(env) = pg_env() else { return };
    if !pg::cluster().tls {
        return; // a server given by ORGADM_TEST_PG may not speak TLS
    }
    env.ok(&["init", "--admin", ADMIN]);
    let ca = certs().ca();
    let ca = ca.display();
    let ok = |q: &str| {
        let o = env.run(&["--db", &with_query(&env, q), "user", "list"]);
        assert_eq!(o.code, 0, "{q}: {}", o.stderr);
    };
    ok(&format!("?sslmode=verify-full&sslrootcert={ca}"));
    ok(&format!("?sslmode=verify-ca&sslrootcert={ca}"));
    ok("?sslmode=require");
    ok("?sslmode=prefer");
    ok("?sslmode=disable");
    // verify-full without our CA: the certificate is not trusted.
    let o = env.code(
        8,
        &[
            "--db",
            &with_query(&env, "?sslmode=verify-full"),
            "user",
            "list",
        ],
    );
    assert!(
        o.stderr.to_lowercase().contains("certificate"),
        "{}",
        o.stderr
    );
    // verify-full to a name the certificate does not carry fails; verify-ca
    // (chain only) accepts it.
    let by_name = url(&env).replacen("127.0.0.1", "localhost", 1);
    let o = env.code(
        8,
        &[
            "--db",
            &format!("{by_name}?sslmode=verify-full&sslrootcert={ca}"),
            "user",
            "list",
        ],
    );
    assert!(
        o.stderr.to_lowercase().contains("certificate"),
        "{}",
        o.stderr
    );
    let o = env.run(&[
        "--db",
        &format!("{by_name}?sslmode=verify-ca&sslrootcert={ca}"),
        "user",
        "list",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

/// orgadm's tables changed behind its back (a column dropped by hand): the
/// server's own words and SQLSTATE, as an internal error (exit 1), nothing
/// dressed up as a full disk, a conflict or a read-only database.
#[test]
fn a_table_changed_behind_orgadms_back_is_reported_in_the_servers_words() {
    let Some(env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    env.sql_exec("ALTER TABLE person DROP COLUMN name");
    let o = env.code(1, &["user", "list"]);
    assert!(o.stderr.contains("database error: "), "{}", o.stderr);
    assert!(o.stderr.contains("(SQLSTATE 42703)"), "{}", o.stderr);
    for wrong in ["disk", "conflicted", "read-only"] {
        assert!(!o.stderr.contains(wrong), "{}", o.stderr);
    }
}

/// The rules' refusals read the same on PostgreSQL as on SQLite: only
/// storage errors are prefixed with the database they concern.
#[test]
fn refusals_on_postgres_do_not_name_the_database() {
    let Some(env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    let o = env.code(6, &["user", "remove", ADMIN, "--yes"]);
    assert!(o.stderr.starts_with("orgadm: error: "), "{}", o.stderr);
    assert!(!o.stderr.contains("postgresql://"), "{}", o.stderr);
    assert!(!o.stderr.contains("127.0.0.1"), "{}", o.stderr);
}

/// Two admins demote each other at the same moment from two processes:
/// the writers' lock makes one wait and then be refused, every round, and
/// whatever isolation level the database's owner made the default (under
/// REPEATABLE READ a snapshot taken before the lock wait would not see the
/// other writer's change).
#[test]
fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    let Some(env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    env.member("bob@example.com", "Bob", &["--role", "org-admin"]);
    for round in 0..12 {
        if round % 4 == 0 {
            let level = ["read committed", "repeatable read", "serializable"][round / 4];
            env.sql_exec(&format!(
                "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_isolation = %L', current_database(), '{level}'); END $$"
            ));
        }
        let spawn = |actor: &str, target: &str| {
            env.cmd()
                .args([
                    "--as",
                    actor,
                    "user",
                    "edit",
                    target,
                    "--remove-role",
                    "org-admin",
                    "--yes",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn_guarded()
        };
        let a = spawn(ADMIN, "bob@example.com");
        let b = spawn("bob@example.com", ADMIN);
        let (ra, rb) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let codes = [ra.status.code().unwrap(), rb.status.code().unwrap()];
        let admins = env.json(&["user", "list", "--role", "org-admin"]);
        let n = admins.as_array().unwrap().len();
        assert_eq!(n, 1, "round {round}: {n} admins left, exits {codes:?}");
        assert!(
            codes.contains(&0) && codes.contains(&6),
            "round {round}: {codes:?}"
        );
        // Restore both for the next round.
        let left = admins[0]["email"].as_str().unwrap().to_string();
        let other = if left == ADMIN {
            "bob@example.com"
        } else {
            ADMIN
        };
        env.ok(&[
            "--as",
            &left,
            "user",
            "edit",
            other,
            "--add-role",
            "org-admin",
        ]);
    }
    env.ok(&["audit", "verify"]);
}

/// `kill -9` during a 20,000-person apply: all of it or none of it.
#[test]
fn kill_9_during_a_large_apply_leaves_all_or_nothing() {
    let Some(env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    let f = big_file(&env);
    let before = env.dump();
    let mut child = env
        .cmd()
        .args(["apply", f.to_str().unwrap(), "--no-email"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn_guarded();
    std::thread::sleep(Duration::from_millis(1500));
    let finished = child.try_wait().unwrap().is_some();
    child.kill().ok();
    child.wait().unwrap();
    let n = env.json(&["user", "list"]).as_array().unwrap().len();
    if finished {
        assert_eq!(n, 20_001);
    } else {
        assert!(n == 1 || n == 20_001, "a torn apply: {n} people");
        if n == 1 {
            assert_eq!(env.dump(), before);
        }
    }
    env.ok(&["audit", "verify"]);
}

/// A file grows into PostgreSQL and PostgreSQL is copied back into a file:
/// the same people, a token that still works, the same audit head.
#[test]
fn db_copy_moves_an_organization_between_stores_both_ways() {
    if !pg::available() {
        return;
    }
    let env = Env::init_sqlite();
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.member("bob@example.com", "Bob", &["--group", "Billing"]);
    let token = env.invite("carol@example.com", "Carol", &["--role", "user"]);
    let head = env.json(&["audit", "verify"])["head"]
        .as_str()
        .unwrap()
        .to_string();
    let export = env.ok(&["export"]).stdout;

    let target = pg::new_database();
    let o = env.ok(&["db", "copy", "--to", &target]);
    assert!(
        o.stdout.contains(&format!("audit head {head}")),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("3 people") && o.stdout.contains("1 group"),
        "{}",
        o.stdout
    );
    let j = env.json(&[
        "db",
        "copy",
        "--to",
        &env.dir.path().join("other.db").display().to_string(),
    ]);
    assert_eq!(j["audit"]["head"], head.as_str());
    assert_eq!(j["counts"]["person"], 3);

    // The copy is a working organization on PostgreSQL.
    let on_pg = |args: &[&str]| {
        let mut a = vec!["--db", target.as_str()];
        a.extend_from_slice(args);
        env.ok(&a)
    };
    assert_eq!(on_pg(&["export"]).stdout, export);
    on_pg(&["invite", "accept", &token]);
    on_pg(&[
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
    on_pg(&["audit", "verify", "--head", &head]);

    // And back into a file.
    let back = env.dir.path().join("back.db");
    let o = on_pg(&["db", "copy", "--to", back.to_str().unwrap()]);
    let back_head = o
        .stdout
        .lines()
        .last()
        .unwrap()
        .trim_start_matches("audit head ")
        .to_string();
    let o = env.ok(&["--db", back.to_str().unwrap(), "audit", "verify"]);
    assert!(o.stdout.contains(&back_head), "{}", o.stdout);
    let people = env.json(&["--db", back.to_str().unwrap(), "user", "list"]);
    assert_eq!(people.as_array().unwrap().len(), 4);
    // A target that already holds an organization is refused.
    env.code(4, &["db", "copy", "--to", &target]);
    env.code(4, &["db", "copy", "--to", back.to_str().unwrap()]);
}

/// A server that answers a TLS request with "no" (`N`), as a PostgreSQL
/// built or configured without TLS does, then refuses the plain-text
/// startup with a FATAL error: what `sslmode=prefer` meets after falling
/// back. Serves `n` connections on loopback; returns the port.
fn server_without_tls(n: usize) -> u16 {
    use std::io::{Read, Write};
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for _ in 0..n {
            let Ok((mut s, _)) = l.accept() else { return };
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            let packet = |s: &mut std::net::TcpStream| -> Option<Vec<u8>> {
                let mut len = [0u8; 4];
                s.read_exact(&mut len).ok()?;
                let mut body = vec![0u8; (u32::from_be_bytes(len) as usize).saturating_sub(4)];
                s.read_exact(&mut body).ok()?;
                Some(body)
            };
            // SSLRequest: 8 bytes, code 80877103.
            match packet(&mut s) {
                Some(b) if b == 80877103u32.to_be_bytes() => {
                    let _ = s.write_all(b"N");
                }
                _ => continue,
            }
            // The plain-text StartupMessage, refused.
            if packet(&mut s).is_none() {
                continue;
            }
            let mut fields = Vec::new();
            for (k, v) in [
                (b'S', "FATAL"),
                (b'C', "28000"),
                (b'M', "plain text refused here"),
            ] {
                fields.push(k);
                fields.extend_from_slice(v.as_bytes());
                fields.push(0);
            }
            fields.push(0);
            let mut msg = vec![b'E'];
            msg.extend_from_slice(&(fields.len() as u32 + 4).to_be_bytes());
            msg.extend_from_slice(&fields);
            let _ = s.write_all(&msg);
        }
    });
    port
}

/// `sslmode=prefer` goes on in plain text when the server has no TLS;
/// `require` (and the verifying modes) stop there, saying why.
#[test]
fn prefer_falls_back_to_plain_text_and_require_does_not() {
    let port = server_without_tls(2);
    let env = Env::sqlite();
    let url = |mode: &str| format!("postgresql://ada@127.0.0.1:{port}/org?sslmode={mode}");
    let o = env.code(8, &["--db", &url("prefer"), "user", "list"]);
    assert!(
        o.stderr
            .contains("authentication was refused (plain text refused here)"),
        "{}",
        o.stderr
    );
    let o = env.code(8, &["--db", &url("require"), "user", "list"]);
    assert!(
        o.stderr.contains("does not support TLS") && !o.stderr.contains("plain text refused"),
        "{}",
        o.stderr
    );
}

/// A backend terminated mid-command (`pg_terminate_backend`, as a restart
/// or an administrator does it) is exit 8 naming the server, host, port,
/// database and user, and nothing of the change is kept; the same command
/// then succeeds. The command is caught waiting for the writers' lock, which
/// another session holds, so the moment is certain.
#[test]
fn a_terminated_backend_is_a_storage_error_and_the_change_is_absent() {
    let Some(env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    let u = url(&env);
    let mut holder = pg::client(&u);
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute("SELECT id FROM orgadm_meta WHERE id = 1 FOR UPDATE")
        .unwrap();
    let child = env
        .cmd()
        .args(add_args(
            "bo@example.com",
            "Bo",
            &["--role", "user", "--no-email"],
        ))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn_guarded();
    // Wait until the command's session waits on the lock, then end it.
    end_lock_waiters(&u, 1);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(8), "{stderr}");
    assert!(
        stderr.contains("connection to the server was lost"),
        "{stderr}"
    );
    assert!(stderr.contains("127.0.0.1"), "{stderr}");
    assert!(stderr.contains("run the command again"), "{stderr}");
    tx.rollback().unwrap();
    env.code(3, &["user", "show", "bo@example.com"]);
    env.ok(&add_args(
        "bo@example.com",
        "Bo",
        &["--role", "user", "--no-email"],
    ));
    env.ok(&["audit", "verify"]);
}

/// A write that cannot have the writers' lock within `[db] busy_timeout`
/// is exit 8 naming the wait and what sets it; nothing is written, and the
/// same command succeeds once the lock is free.
#[test]
fn a_lock_held_past_the_busy_timeout_is_exit_8_naming_it() {
    let Some(env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    let config = std::fs::read_to_string(env.config_path()).unwrap_or_default();
    env.write_config(&format!("{config}\n[db]\nbusy_timeout = \"1s\"\n"));
    let mut holder = pg::client(&url(&env));
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute("SELECT id FROM orgadm_meta WHERE id = 1 FOR UPDATE")
        .unwrap();
    let add = add_args("bo@example.com", "Bo", &["--role", "user", "--no-email"]);
    let o = env.run(&add);
    let stderr = &o.stderr;
    assert_eq!(o.code, 8, "{stderr}");
    assert!(stderr.contains("past the busy timeout (1s)"), "{stderr}");
    assert!(stderr.contains("[db] busy_timeout"), "{stderr}");
    assert!(stderr.contains("127.0.0.1"), "{stderr}");
    tx.rollback().unwrap();
    env.code(3, &["user", "show", "bo@example.com"]);
    env.ok(&add);
    env.ok(&["audit", "verify"]);
}

#[test]
fn db_timeouts_out_of_range_are_config_errors() {
    let env = Env::new();
    for key in ["busy_timeout", "answer_timeout"] {
        for bad in ["0s", "2h", "soon"] {
            env.write_config(&format!("[db]\n{key} = \"{bad}\"\n"));
            let o = env.run(&["user", "list"]);
            let stderr = &o.stderr;
            assert_eq!(o.code, 2, "{key} {bad}: {stderr}");
            assert!(stderr.contains(&format!("[db] {key}")), "{bad}: {stderr}");
        }
    }
}

/// Waits until `n` sessions of the database at `u` wait on a lock (the
/// writers' lock another session holds), then ends them all.
fn end_lock_waiters(u: &str, n: usize) {
    let mut killer = pg::client(u);
    let waiting = "SELECT count(*)::text FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'";
    let t0 = Instant::now();
    while pg::rows(&mut killer, waiting)[0][0] != n.to_string() {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "{n} sessions never all waited"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    pg::rows(
        &mut killer,
        "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
}

/// 20,000 people in an `apply` file, for the fault tests.
fn big_file(env: &Env) -> std::path::PathBuf {
    people_file(env, 20_000)
}

/// An apply file of the admin and `n` people.
fn people_file(env: &Env, n: usize) -> std::path::PathBuf {
    let mut file = String::from(
        "[[user]]\nemail = \"ada@example.com\"\nname = \"ada\"\nroles = [\"org-admin\"]\n",
    );
    for i in 0..n {
        file.push_str(&format!(
            "[[user]]\nemail = \"p{i}@example.com\"\nname = \"P{i}\"\nroles = [\"user\"]\n"
        ));
    }
    let f = env.dir.path().join("big.toml");
    std::fs::write(&f, file).unwrap();
    f
}

/// The connection to PostgreSQL cut in the middle of a 20,000-person
/// `apply` (a loopback proxy stops forwarding after 1 MiB towards the
/// server, long after the transaction began and long before its end):
/// exit 8 saying the connection was lost, nothing of the file kept, the
/// audit chain whole, and the same command succeeds once the connection
/// holds.
#[test]
fn a_connection_cut_mid_apply_is_exit_8_and_leaves_nothing() {
    // Two 20,000-person applies: once per CI run is enough (the same test
    // would run again, unchanged, in each ORGADM_TEST_STORE pass).
    if std::env::var_os("ORGADM_TEST_STORE").is_some() {
        return;
    }
    let Some(mut env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    let f = big_file(&env);
    let proxy = pg::Proxy::start(pg::cluster().port);
    env.set_env("ORGADM_DB", &proxy.url(&url(&env)));
    let before = env.dump();
    proxy.cut_after(1 << 20);
    let out = env.run(&["apply", f.to_str().unwrap(), "--no-email"]);
    assert_eq!(out.code, 8, "{}", out.stderr);
    assert!(
        out.stderr.contains("connection to the server was lost"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("run the command again"),
        "{}",
        out.stderr
    );
    assert!(proxy.carried() >= 1 << 20);
    assert_eq!(env.dump(), before, "a torn apply");
    proxy.cut_after(u64::MAX);
    env.ok(&["audit", "verify"]);
    env.ok(&["apply", f.to_str().unwrap(), "--no-email"]);
    assert_eq!(
        env.json(&["user", "list"]).as_array().unwrap().len(),
        20_001
    );
    env.ok(&["audit", "verify"]);
}

/// A connection that stalls in the middle of an apply (a loopback proxy
/// stops forwarding in either direction after 64 KiB towards the server,
/// long after the transaction began, and keeps the connection open):
/// exit 8 once `[db] answer_timeout` has passed without an answer, nothing
/// of the file kept, and the same command succeeds once the connection
/// holds. A connection that stalls before the server has said anything is
/// exit 8 too, within the connect timeout and the answer timeout.
#[test]
fn a_connection_that_stalls_is_exit_8_within_the_answer_timeout() {
    let Some(mut env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    let config = std::fs::read_to_string(env.config_path()).unwrap_or_default();
    env.write_config(&format!("{config}\n[db]\nanswer_timeout = \"2s\"\n"));
    let f = people_file(&env, 2_000);
    let proxy = pg::Proxy::start(pg::cluster().port);
    env.set_env("ORGADM_DB", &proxy.url(&url(&env)));
    let before = env.dump();
    proxy.stall_after(64 << 10);
    let t0 = Instant::now();
    let out = env.run(&["apply", f.to_str().unwrap(), "--no-email"]);
    assert_eq!(out.code, 8, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the server did not answer within 2s; nothing was changed"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("[db] answer_timeout"), "{}", out.stderr);
    assert!(t0.elapsed() < Duration::from_secs(30), "{:?}", t0.elapsed());
    assert!(proxy.carried() >= 64 << 10);
    assert_eq!(env.dump(), before, "a torn apply");
    // Stalled from the first byte: the sign-in gets no answer.
    proxy.stall_after(0);
    let direct = url(&env);
    let sep = if direct.contains('?') { '&' } else { '?' };
    env.set_env(
        "ORGADM_DB",
        &format!("{}{sep}connect_timeout=1", proxy.url(&direct)),
    );
    let out = env.run(&["user", "list"]);
    assert_eq!(out.code, 8, "{}", out.stderr);
    assert!(
        out.stderr.contains("the server did not answer within 3s"),
        "{}",
        out.stderr
    );
    proxy.stall_after(u64::MAX);
    env.ok(&["audit", "verify"]);
    env.ok(&["apply", f.to_str().unwrap(), "--no-email"]);
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 2_001);
    env.ok(&["audit", "verify"]);
}

/// A burst of parallel adds whose backends are all terminated while they
/// wait for the writers' lock: every one is exit 8, none is kept, and each
/// succeeds when run again.
#[test]
fn parallel_adds_whose_backends_are_terminated_all_fail_whole_and_succeed_again() {
    let Some(env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    let u = url(&env);
    let mut holder = pg::client(&u);
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute("SELECT id FROM orgadm_meta WHERE id = 1 FOR UPDATE")
        .unwrap();
    let emails: Vec<String> = (0..12).map(|i| format!("burst{i}@example.com")).collect();
    let children: Vec<Proc> = emails
        .iter()
        .map(|e| {
            env.cmd()
                .args(add_args(e, "Burst", &["--role", "user", "--no-email"]))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn_guarded()
        })
        .collect();
    // Wait until all of them wait on the lock, then end them all.
    end_lock_waiters(&u, emails.len());
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(8), "{stderr}");
        assert!(
            stderr.contains("connection to the server was lost"),
            "{stderr}"
        );
    }
    tx.rollback().unwrap();
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 1);
    env.ok(&["audit", "verify"]);
    std::thread::scope(|s| {
        for e in &emails {
            let env = &env;
            s.spawn(move || env.ok(&add_args(e, "Burst", &["--role", "user", "--no-email"])));
        }
    });
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 13);
    env.ok(&["audit", "verify"]);
}

/// `orgadm serve` on PostgreSQL through an outage: its pooled connections
/// cut and new ones refused, requests get 503 (SCIM Error documents under
/// /scim/, and /healthz says so); when the database is back the server
/// answers again without a restart, and changes go through. Backends
/// terminated under an idle server cost no request an error either.
#[test]
fn serve_on_postgres_lives_through_an_outage() {
    let Some(mut env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    let token = env.ok(&["scim", "token", "create", "okta"]).last_line();
    let proxy = pg::Proxy::start(pg::cluster().port);
    env.set_env("ORGADM_DB", &proxy.url(&url(&env)));
    let server = crate::serve::start(&env);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let base = format!("http://127.0.0.1:{}", server.port);
    let get = |path: &str| {
        let mut r = agent
            .get(&format!("{base}{path}"))
            .header("Authorization", &format!("Bearer {token}"))
            .call()
            .unwrap();
        let ct = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (
            r.status().as_u16(),
            ct,
            r.body_mut().read_to_string().unwrap(),
        )
    };
    assert_eq!(get("/scim/v2/Users").0, 200);
    assert_eq!(get("/healthz").0, 200);

    proxy.down();
    let (status, ct, body) = get("/scim/v2/Users");
    assert_eq!(status, 503, "{body}");
    assert!(ct.starts_with("application/scim+json"), "{ct}");
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["status"], "503", "{doc}");
    assert!(doc["schemas"][0]
        .as_str()
        .unwrap()
        .ends_with(":api:messages:2.0:Error"));
    assert_eq!(get("/healthz").0, 503);

    proxy.up();
    assert_eq!(get("/healthz").0, 200);
    assert_eq!(get("/scim/v2/Users").0, 200);
    let created = agent
        .post(&format!("{base}/scim/v2/Users"))
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/scim+json")
        .send(
            r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"back@example.com","emails":[{"value":"back@example.com","primary":true}]}"#,
        )
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);

    // Every backend of the database ended under the server: at most the
    // one request that meets a dead pooled connection fails (a connection
    // idle for a second is checked before use; one in use cannot be), and
    // the pool is emptied with it, so the next ones answer.
    let mut killer = pg::client(&url(&env));
    pg::rows(
        &mut killer,
        "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    let search = "/scim/v2/Users?filter=userName%20eq%20%22back%40example.com%22";
    let statuses: Vec<u16> = (0..4).map(|_| get(search).0).collect();
    assert!(
        statuses[1..].iter().all(|s| *s == 200) && [200, 503].contains(&statuses[0]),
        "{statuses:?}"
    );
    assert!(get(search).2.contains("back@example.com"));
    // Ended again, and the server left idle past the pool's one-second
    // check: its pooled connections are tested before use, and no request
    // fails at all. (The wait is the input here: the idle time.)
    pg::rows(
        &mut killer,
        "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    std::thread::sleep(Duration::from_millis(1100));
    let statuses: Vec<u16> = (0..4).map(|_| get(search).0).collect();
    assert_eq!(statuses, [200; 4]);
    env.ok(&["audit", "verify"]);
}

/// `--search` on PostgreSQL comes from pg_trgm's indexes when the database
/// lets orgadm create the extension, and from a scan in SQL when it does
/// not (a role without CREATE on the database): `init` works either way,
/// and so does search.
#[test]
fn search_uses_pg_trgm_where_it_can_and_scans_where_it_cannot() {
    let Some(env) = pg_env() else { return };
    env.ok(&["init", "--admin", ADMIN]);
    env.invite("bob@example.com", "Bob Builder", &["--role", "user"]);
    let indexes = "SELECT indexname::text FROM pg_indexes
         WHERE tablename = 'person' AND indexname LIKE '%trgm' ORDER BY 1";
    assert_eq!(
        env.sql_rows(indexes),
        [["person_email_trgm"], ["person_name_trgm"]]
    );
    // The planner takes the index for orgadm's query once scans cost more.
    let mut c = pg::client(&url(&env));
    c.batch_execute("SET enable_seqscan = off").unwrap();
    let plan = pg::rows(
        &mut c,
        "EXPLAIN SELECT id FROM person WHERE (email_fold LIKE '%build%' ESCAPE '\\' OR name_fold LIKE '%build%' ESCAPE '\\')",
    )
    .concat()
    .join("\n");
    assert!(plan.contains("person_name_trgm"), "{plan}");
    assert_eq!(
        column(&env.json(&["user", "list", "--search", "BUILD"]), "email"),
        ["bob@example.com"]
    );

    // A role that may create tables in the schema but not extensions.
    let other = pg::new_database();
    let role = format!("owner_{}", uuid::Uuid::new_v4().simple());
    pg::client(&other)
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN; GRANT CREATE, USAGE ON SCHEMA public TO {role}"
        ))
        .unwrap();
    let u = other.replacen("orgadm@", &format!("{role}@"), 1);
    let mut r = Env::sqlite();
    r.set_env("ORGADM_DB", &u);
    r.ok(&["init", "--admin", ADMIN]);
    r.invite("bob@example.com", "Bob Builder", &["--role", "user"]);
    assert!(pg::rows(&mut pg::client(&other), indexes).is_empty());
    assert_eq!(
        column(&r.json(&["user", "list", "--search", "BUILD"]), "email"),
        ["bob@example.com"]
    );
    assert_eq!(
        column(&r.json(&["user", "list", "--search", "b"]), "email"),
        ["bob@example.com"]
    );
}
