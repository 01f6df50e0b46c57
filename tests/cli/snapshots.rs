//! Human-facing output pinned whole, as uv pins it: exit code, stdout and
//! stderr of one command line, with temporary paths, the database location,
//! tokens, times, hashes and UUIDs replaced by placeholders. Run
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test`) after an
//! intended change, and read the diff.

use crate::support::*;

/// The filters every snapshot applies.
fn filters(env: &Env) -> Vec<(String, String)> {
    let db = match &env.pg_url {
        Some(u) => u.clone(),
        None => env.db().display().to_string(),
    };
    let mut remote = Vec::new();
    if env.is_remote() {
        // What remote mode adds and local mode has not: the credential and
        // the client in audit details, the server and the credential in
        // `whoami`. The rest of every snapshot is the same in both modes.
        remote = vec![
            (r#"(?m)^ *"client": "127\.0\.0\.1",\n"#.into(), String::new()),
            (r#"(?m)^ *"credential": "session",\n"#.into(), String::new()),
            (r#""client":"127\.0\.0\.1","#.into(), String::new()),
            (r#""credential":"session","#.into(), String::new()),
            (r"(?m)^server: +http://127\.0\.0\.1:\d+\n".into(), String::new()),
            (r"(?m)^credential: +session \(scope admin, expires [^)]*\)\n".into(), String::new()),
            (r#"(?m)^  "server": "http://127\.0\.0\.1:\d+",?\n"#.into(), String::new()),
            (r#"(?ms)^  "credential": \{.*?^  \},?\n"#.into(), String::new()),
            // The one hint that differs by design: locally a refused actor
            // is told how to set `--as`, remotely the signed-in caller how
            // to see their roles.
            (
                regex_escape("changing the organization needs an active org-admin; `orgadm whoami` shows your roles"),
                "set the acting admin with `--as EMAIL`, ORGADM_ACTOR, or `actor` in the config".into(),
            ),
        ];
    }
    remote.extend([
        (regex_escape(&db), "[DB]".into()),
        (
            regex_escape(&env.dir.path().display().to_string()),
            "[TEMP]".into(),
        ),
        (r"\b[A-Za-z0-9][A-Za-z0-9_-]{42}\b".into(), "[TOKEN]".into()),
        (
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z".into(),
            "[TIME]".into(),
        ),
        (r"\b[0-9a-f]{64}\b".into(), "[HASH]".into()),
        // Whoever runs the tests (root in CI).
        (
            r#""os_user": "[^"]*""#.into(),
            r#""os_user": "[OSUSER]""#.into(),
        ),
        (
            r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b".into(),
            "[UUID]".into(),
        ),
    ]);
    remote
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Splits a command line as a shell would for simple quoting ('...' and "...").
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (_, c) => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// The whole result of `orgadm LINE`, for a snapshot.
pub fn render(env: &Env, line: &str) -> String {
    let args = words(line);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = env.run(&refs);
    format!(
        "exit_code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
        o.code, o.stdout, o.stderr
    )
}

/// `snap!(env, "user list")` pins the output of one command line.
macro_rules! snap {
    ($env:expr, $line:expr) => {{
        let mut settings = insta::Settings::clone_current();
        for (re, with) in filters(&$env) {
            settings.add_filter(&re, with);
        }
        settings.set_prepend_module_to_snapshot(false);
        settings.set_description($line);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(render(&$env, $line)));
    }};
}

/// An organization with a bit of everything: an admin, a member of a
/// group, an invited person, a failed delivery is not needed.
fn org() -> Env {
    let env = Env::init();
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.ok(&["group", "create", "Engineering", "--role", "user"]);
    env.member(
        "bob@example.com",
        "Bob Builder",
        &["--role", "user", "--group", "Billing"],
    );
    env.member("fin@example.com", "Fin", &["--group", "Billing"]);
    env.invite(
        "carol@example.com",
        "Carol",
        &["--role", "user", "--group", "Engineering"],
    );
    env
}

#[test]
fn tables() {
    let env = org();
    snap!(env, "user list");
    snap!(env, "user list --status invited");
    snap!(env, "user show bob@example.com");
    snap!(env, "user show carol@example.com");
    snap!(env, "invite list");
    snap!(env, "group list");
    snap!(env, "group show Billing");
    snap!(env, "role list");
    snap!(env, "whoami");
}

#[test]
fn plans_and_impact() {
    let env = org();
    snap!(env, "group delete Billing --dry-run");
    snap!(
        env,
        "user edit bob@example.com --remove-role user --add-role finance-admin --dry-run"
    );
    snap!(env, "group edit Billing --name Finance --add-role user");
    snap!(
        env,
        "group manage Engineering --add bob@example.com --remove carol@example.com --dry-run"
    );
    snap!(
        env,
        "user add --email dan@example.com --name Dan --role user --group Engineering --dry-run"
    );
    snap!(env, "user edit bob@example.com --add-role user");
}

#[test]
fn refusals_and_errors_with_hints() {
    let env = org();
    snap!(env, "group delete Billing");
    snap!(env, "user remove ada@example.com");
    snap!(env, "user edit ada@example.com --remove-role org-admin");
    snap!(
        env,
        "--as bob@example.com user add --email x@example.com --name X --role user"
    );
    snap!(env, "user show nobody@example.com");
    snap!(env, "group show Billingg");
    snap!(
        env,
        "user add --email bob@example.com --name Again --role user"
    );
    snap!(env, "user add --email x@[127.0.0.1] --name X --role user");
    snap!(
        env,
        "user add --email x@example.com --name X --role user --expires-in 500d"
    );
    snap!(env, "user add --email x@example.com --name X --role wizard");
    snap!(
        env,
        "invite accept AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    );
}

#[test]
fn json_documents() {
    let env = org();
    snap!(env, "user show bob@example.com --json");
    snap!(env, "user list --json");
    snap!(env, "invite list --json");
    snap!(env, "group show Billing --json");
    snap!(env, "group delete Billing --dry-run --json");
    snap!(env, "user remove ada@example.com --json");
    snap!(env, "audit --json --limit 2");
}

/// A fixed script of changes, then the organization as `export` writes it
/// and the audit log's entries (actions, targets, details) as `audit --json`
/// prints them: the formats scripts and auditors depend on, pinned whole.
#[test]
fn replay_script_export_and_audit() {
    let env = org();
    for line in [
        "group edit Engineering --name Eng --add-role finance-admin",
        "user edit bob@example.com --name Robert --set-roles finance-admin --add-group Eng --remove-group Billing",
        "user edit carol@example.com --email caroline@example.com --no-email",
        "group manage Billing --add caroline@example.com --remove fin@example.com --yes",
        "invite resend caroline@example.com --no-email",
        "user remove fin@example.com",
        "group delete Eng --yes",
    ] {
        let args = words(line);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        env.ok(&refs);
    }
    snap!(env, "export");
    snap!(env, "audit --json");
}
