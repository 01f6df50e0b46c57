//! The committed completions and man pages match what the binary generates.
//! After changing the CLI, regenerate them with
//! `UPDATE_GENERATED=1 cargo test --test cli generated`.

use std::path::Path;

use crate::support::*;

const SHELLS: [(&str, &str); 5] = [
    ("bash", "orgadm.bash"),
    ("zsh", "_orgadm"),
    ("fish", "orgadm.fish"),
    ("elvish", "orgadm.elv"),
    ("powershell", "_orgadm.ps1"),
];

fn update() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some()
}

#[test]
fn completions_match_the_binary() {
    let env = Env::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in SHELLS {
        let out = env.ok(&["completions", shell]).stdout;
        assert!(out.contains("orgadm"), "{shell}");
        let path = dir.join(file);
        if update() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &out).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == out,
            "{} is out of date: run `UPDATE_GENERATED=1 cargo test --test cli generated`",
            path.display()
        );
    }
}

#[test]
fn man_pages_match_the_binary() {
    let env = Env::new();
    let out = env.dir.path().join("man");
    env.ok(&["man", out.to_str().unwrap()]);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let names = |d: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .map(|r| {
                r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let generated = names(&out);
    for want in [
        "orgadm.1",
        "orgadm-user-add.1",
        "orgadm-group-manage.1",
        "orgadm-audit-verify.1",
        "orgadm-invite-accept.1",
    ] {
        assert!(
            generated.contains(&want.to_string()),
            "{want} not generated: {generated:?}"
        );
    }
    let root = std::fs::read_to_string(out.join("orgadm.1")).unwrap();
    for section in [
        ".SH EXIT STATUS",
        ".SH FILES",
        ".SH SECURITY",
        "needs_confirmation",
    ] {
        assert!(root.contains(section), "orgadm.1 lacks {section}");
    }
    if update() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for n in &generated {
            std::fs::copy(out.join(n), dir.join(n)).unwrap();
        }
    }
    assert_eq!(
        names(&dir),
        generated,
        "man/ is out of date: run `UPDATE_GENERATED=1 cargo test --test cli generated`"
    );
    for n in &generated {
        assert!(
            std::fs::read(out.join(n)).unwrap() == std::fs::read(dir.join(n)).unwrap(),
            "man/{n} is out of date: run `UPDATE_GENERATED=1 cargo test --test cli generated`"
        );
    }
}

/// Every command that changes something shows examples in `--help` and has
/// an EXAMPLES section in its man page.
#[test]
fn every_changing_command_has_examples() {
    let env = Env::new();
    for cmd in [
        "init",
        "user add",
        "user edit",
        "user remove",
        "user suspend",
        "user unsuspend",
        "invite edit",
        "invite resend",
        "invite revoke",
        "invite accept",
        "group create",
        "group edit",
        "group manage",
        "group delete",
        "apply",
        "db copy",
        "scim token create",
        "scim token revoke",
    ] {
        let mut args: Vec<&str> = cmd.split(' ').collect();
        args.push("--help");
        let o = env.ok(&args);
        assert!(
            o.stdout.contains("Examples:\n  orgadm "),
            "{cmd} --help:\n{}",
            o.stdout
        );
        let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("man")
            .join(format!("orgadm-{}.1", cmd.replace(' ', "-")));
        let text = std::fs::read_to_string(&page).unwrap();
        assert!(text.contains(".SH EXAMPLES"), "{}", page.display());
    }
}

/// Runs bash's completion for `words` (the last one is being completed)
/// with the committed script, as bash itself calls it, and returns COMPREPLY.
fn bash_complete(env: &Env, words: &[&str]) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/orgadm.bash");
    let bin_dir = Path::new(BIN).parent().unwrap().display().to_string();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cur = words.last().unwrap();
    let prev = words[words.len() - 2];
    let cmd = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_TYPE=9; _clap_complete_orgadm orgadm '{cur}' '{prev}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1
    );
    // A completion that hangs is cut off (and its caller's clock shows it).
    let o = env
        .program("timeout")
        .env(
            "PATH",
            format!("{bin_dir}:{}", std::env::var("PATH").unwrap_or_default()),
        )
        .args(["20", "bash", "-c", &cmd])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Live completion through bash's machinery: emails and group names from
/// the database, subcommands from the binary; nothing (and at once) without
/// a database; never a write.
#[test]
fn bash_completes_people_and_groups_from_the_database() {
    let env = Env::new();
    // No database yet: nothing, quickly.
    let t0 = std::time::Instant::now();
    assert!(bash_complete(&env, &["orgadm", "user", "show", "bo"]).is_empty());
    assert!(t0.elapsed() < std::time::Duration::from_secs(5));
    assert!(
        !env.db().exists() || env.pg_url.is_some(),
        "completion created a database"
    );
    env.ok(&["init", "--admin", ADMIN]);
    env.ok(&["group", "create", "Finance", "--role", "finance-admin"]);
    env.ok(&["group", "create", "Field", "--role", "user"]);
    env.invite("bob@example.com", "Bob", &["--role", "user"]);
    env.invite("bea@example.com", "Bea", &["--role", "user"]);
    let before = env.dump();
    let mut people = bash_complete(&env, &["orgadm", "user", "show", "b"]);
    people.sort();
    assert_eq!(people, ["bea@example.com", "bob@example.com"]);
    assert_eq!(
        bash_complete(&env, &["orgadm", "user", "show", "bo"]),
        ["bob@example.com"]
    );
    assert_eq!(
        bash_complete(&env, &["orgadm", "group", "delete", "Fie"]),
        ["Field"]
    );
    let mut g = bash_complete(&env, &["orgadm", "group", "manage", "F"]);
    g.sort();
    assert_eq!(g, ["Field", "Finance"]);
    assert_eq!(
        bash_complete(
            &env,
            &["orgadm", "group", "manage", "Finance", "--add", "be"]
        ),
        ["bea@example.com"]
    );
    assert!(bash_complete(&env, &["orgadm", "gr"]).contains(&"group".to_string()));
    assert_eq!(env.dump(), before, "completion wrote to the database");
}

/// Completion reads only a database of this orgadm's schema, as it is: an
/// older one (which opening would migrate) offers nothing and is left
/// byte for byte; a FIFO at the database path offers nothing at once,
/// never waiting for a writer to open it.
#[test]
fn completion_leaves_an_older_database_alone_and_never_waits_on_a_fifo() {
    let mut env = Env::sqlite();
    let old = env.dir.path().join("v1.db");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/fixtures/v1.db");
    std::fs::copy(&fixture, &old).unwrap();
    env.set_env("ORGADM_DB", old.to_str().unwrap());
    assert!(bash_complete(&env, &["orgadm", "user", "show", "b"]).is_empty());
    assert!(bash_complete(&env, &["orgadm", "group", "delete", "B"]).is_empty());
    assert_eq!(
        std::fs::read(&old).unwrap(),
        std::fs::read(&fixture).unwrap()
    );

    let mut env = Env::sqlite();
    let fifo = env.dir.path().join("fifo.db");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    env.set_env("ORGADM_DB", fifo.to_str().unwrap());
    let t0 = std::time::Instant::now();
    assert!(bash_complete(&env, &["orgadm", "user", "show", "b"]).is_empty());
    assert!(t0.elapsed() < std::time::Duration::from_secs(5));
}

/// In remote mode completion asks the server signed in to (people and
/// groups, through bash's machinery), and a server that does not answer
/// gives nothing within completion's short wait.
#[test]
fn bash_completes_from_the_server_in_remote_mode() {
    let env = Env::init_sqlite();
    env.ok(&["group", "create", "Finance", "--role", "finance-admin"]);
    env.invite("bob@example.com", "Bob", &["--role", "user"]);
    let (_s, url) = crate::remote::server(&env);
    let t = crate::remote::token(&env, ADMIN, "laptop", &[]);
    let mut c = Env::sqlite();
    let o = c.run_stdin(
        &["login", "--with-token", "--server", &url],
        &format!("{t}\n"),
    );
    assert_eq!(o.code, 0, "{o:?}");
    c.set_env("ORGADM_SERVER", &url);
    assert_eq!(
        bash_complete(&c, &["orgadm", "user", "show", "bo"]),
        ["bob@example.com"]
    );
    assert_eq!(
        bash_complete(&c, &["orgadm", "group", "delete", "Fi"]),
        ["Finance"]
    );
    // A server that takes the connection and never answers: nothing
    // offered, and soon.
    let stalled = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = stalled.local_addr().unwrap().port();
    let mut d = Env::sqlite();
    d.set_env("ORGADM_SERVER", &format!("http://127.0.0.1:{port}"));
    d.set_env("ORGADM_TOKEN", &t);
    let t0 = std::time::Instant::now();
    assert!(bash_complete(&d, &["orgadm", "user", "show", "bo"]).is_empty());
    assert!(t0.elapsed() < std::time::Duration::from_secs(10));
}
