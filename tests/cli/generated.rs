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
