//! Prompts on a real pseudo-terminal (rexpect), as a person at a terminal sees them.

use rexpect::process::{Signal, WaitStatus};
use rexpect::session::{spawn_command, PtySession};

use crate::support::*;

const TIMEOUT_MS: u64 = 15_000;

fn spawn(env: &Env, args: &[&str]) -> PtySession {
    spawn_command(env.command(args), Some(TIMEOUT_MS)).expect("spawn on a pty")
}

/// Waits for orgadm to exit: five pty timeouts (75 s) for a slow machine,
/// then a process still running is waiting for something (a prompt nobody
/// answers): it is killed and the test fails, rather than waiting forever.
fn exit_code(p: &mut PtySession) -> i32 {
    if !(0..5).any(|_| p.exp_eof().is_ok()) {
        let _ = p.process_mut().kill(Signal::SIGKILL);
        panic!(
            "orgadm did not exit within {} s: is it waiting at a prompt?",
            5 * TIMEOUT_MS / 1000
        );
    }
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("orgadm did not exit normally: {other:?}"),
    }
}

fn setup() -> Env {
    let env = Env::init();
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.member("fin@example.com", "Fin", &["--group", "Billing"]);
    env.member(
        "bob@example.com",
        "Bob",
        &["--role", "user", "--group", "Billing"],
    );
    env
}

#[test]
fn group_delete_asks_naming_the_stranded_and_no_keeps_the_group() {
    let env = setup();
    let before = env.dump();
    let mut p = spawn(&env, &["group", "delete", "Billing"]);
    p.exp_string("would be stranded (lose all access): fin@example.com")
        .unwrap();
    p.exp_string("bob@example.com (finance-admin)").unwrap();
    p.exp_string("Delete group Billing").unwrap();
    p.exp_string("[y/N]").unwrap();
    p.send("n").unwrap();
    p.flush().unwrap();
    assert_eq!(exit_code(&mut p), 5);
    assert_eq!(env.dump(), before);
}

#[test]
fn group_delete_answered_yes_deletes() {
    let env = setup();
    let mut p = spawn(&env, &["group", "delete", "Billing"]);
    p.exp_string("[y/N]").unwrap();
    p.send("y").unwrap();
    p.flush().unwrap();
    p.exp_string("delete group Billing").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    env.code(3, &["group", "show", "Billing"]);
    assert!(env.effective("fin@example.com").is_empty());
}

#[test]
fn interactive_manage_adds_a_person_found_by_typing_part_of_the_email() {
    let env = setup();
    env.member("carol@example.com", "Carol Jones", &["--role", "user"]);
    env.member("dave@example.com", "Dave", &["--role", "user"]);
    let mut p = spawn(&env, &["group", "manage", "Billing"]);
    p.exp_string("Manage group Billing").unwrap();
    p.send("\r").unwrap(); // "Add a person"
    p.flush().unwrap();
    p.exp_string("Type part of a name or email").unwrap();
    p.send("carol@").unwrap();
    p.flush().unwrap();
    p.exp_string("Carol Jones <carol@example.com>").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Manage group Billing").unwrap();
    p.send("\x1b[B\x1b[B").unwrap(); // down twice: "Review and update"
    p.flush().unwrap();
    p.exp_string("(1 staged)").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("add    Carol Jones <carol@example.com>")
        .unwrap();
    p.exp_string("Apply these changes?").unwrap();
    p.send("\r").unwrap(); // "Update"
    p.flush().unwrap();
    p.exp_string("carol@example.com: groups +Billing").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(
        env.effective("carol@example.com"),
        ["finance-admin", "user"]
    );
    assert!(env.effective("dave@example.com") == ["user"]);
}

#[test]
fn interactive_manage_cancel_changes_nothing() {
    let env = setup();
    let before = env.dump();
    let mut p = spawn(&env, &["group", "manage", "Billing"]);
    p.exp_string("Manage group Billing").unwrap();
    p.send("\x1b[B").unwrap(); // "Remove members"
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Pick members to remove").unwrap();
    p.send(" ").unwrap(); // pick the first (bob)
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Manage group Billing").unwrap();
    p.send("\x1b[B\x1b[B\x1b[B").unwrap(); // "Cancel"
    p.send("\r").unwrap();
    p.flush().unwrap();
    assert_eq!(exit_code(&mut p), 5);
    assert_eq!(env.dump(), before);
}

#[test]
fn a_change_whose_impact_grew_while_the_prompt_waited_is_not_applied() {
    let env = setup();
    let mut p = spawn(&env, &["group", "delete", "Billing"]);
    p.exp_string("[y/N]").unwrap();
    // While the admin reads the question, someone else puts another person
    // in the group whose only role comes from it.
    env.member("late@example.com", "Late", &["--group", "Billing"]);
    p.send("y").unwrap();
    p.flush().unwrap();
    p.exp_string("stranded (lose all access): fin@example.com, late@example.com")
        .unwrap();
    p.exp_string("changed since this change was measured")
        .unwrap();
    assert_eq!(exit_code(&mut p), 4);
    assert_eq!(
        env.json(&["group", "show", "Billing"])["members"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // A change that hurts nobody new still goes through after a wait.
    let mut p = spawn(&env, &["group", "delete", "Billing"]);
    p.exp_string("[y/N]").unwrap();
    env.ok(&add_args(
        "x@example.com",
        "X",
        &["--role", "user", "--no-email"],
    ));
    p.send("y").unwrap();
    p.flush().unwrap();
    assert_eq!(exit_code(&mut p), 0);
}

/// A terminal that reports 0 columns gets whole, unwrapped tables.
#[test]
fn a_zero_column_terminal_gets_unsqueezed_tables() {
    let env = setup();
    let mut c = env.program("sh");
    c.args(["-c", &format!("stty cols 0 rows 0; exec {BIN} user list")]);
    let mut p = spawn_command(c, Some(TIMEOUT_MS)).expect("spawn on a pty");
    let all = p.exp_eof().unwrap();
    for want in [
        "fin@example.com",
        "bob@example.com",
        "finance-admin",
        "EMAIL",
    ] {
        assert!(all.contains(want), "{want} was split: {all}");
    }
    // In colour too (the states keep their colours, nothing is squeezed).
    let mut c = env.program("sh");
    c.env_remove("NO_COLOR").args([
        "-c",
        &format!("stty cols 0 rows 0; exec {BIN} --color always user list"),
    ]);
    let mut p = spawn_command(c, Some(TIMEOUT_MS)).expect("spawn on a pty");
    let all = p.exp_eof().unwrap();
    assert!(all.contains("\u{1b}[3"), "no colour: {all:?}");
    assert!(all.contains("fin@example.com"), "{all}");
}

/// On a narrow terminal a table wraps its long cells to fit; emails never.
#[test]
fn tables_wrap_to_a_narrow_terminal() {
    let env = setup();
    env.member(
        "carol@example.com",
        "Carol Marie Antoinette Josephine of Somewhere Far",
        &["--role", "user"],
    );
    let mut c = env.program("sh");
    c.args(["-c", &format!("stty cols 60 rows 40; exec {BIN} user list")]);
    let mut p = spawn_command(c, Some(TIMEOUT_MS)).expect("spawn on a pty");
    let all = p.exp_eof().unwrap();
    assert!(all.contains("carol@example.com"), "{all}");
    for line in all.lines() {
        assert!(line.trim_end().chars().count() <= 60, "too wide: {line:?}");
    }
}

/// A prune that removes people asks at a terminal, listing them; no keeps them.
#[test]
fn apply_prune_lists_who_it_would_remove_and_asks() {
    let env = setup();
    let f = env.dir.path().join("org.toml");
    std::fs::write(
        &f,
        "[[group]]\nname = \"Billing\"\nroles = [\"finance-admin\"]\n[[user]]\nemail = \"ada@example.com\"\nname = \"Ada Lovelace\"\nroles = [\"org-admin\"]\n[[user]]\nemail = \"fin@example.com\"\nname = \"Fin\"\ngroups = [\"Billing\"]\n",
    )
    .unwrap();
    env.invite("carol@example.com", "Carol", &["--role", "user"]);
    let before = env.dump();
    let mut p = spawn(&env, &["apply", f.to_str().unwrap(), "--prune"]);
    p.exp_string("this change would:").unwrap();
    p.exp_string("remove bob@example.com").unwrap();
    p.exp_string("revoke the invitation of carol@example.com")
        .unwrap();
    p.exp_string("[y/N]").unwrap();
    p.send("n").unwrap();
    p.flush().unwrap();
    assert_eq!(exit_code(&mut p), 5);
    assert_eq!(env.dump(), before);
}

/// Declining the stranding question after Update goes back to the menu with
/// the staged changes kept; the main menu shows the members.
#[test]
fn interactive_manage_declining_keeps_the_staged_changes() {
    let env = setup();
    let before = env.dump();
    let mut p = spawn(&env, &["group", "manage", "Billing"]);
    p.exp_string("members of Billing (2): Bob <bob@example.com>, Fin <fin@example.com>")
        .unwrap();
    p.exp_string("Manage group Billing").unwrap();
    p.send("\x1b[B").unwrap(); // "Remove members"
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Pick members to remove").unwrap();
    p.send("\x1b[B").unwrap(); // fin
    p.send(" ").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("members of Billing (1): Bob <bob@example.com>")
        .unwrap();
    p.exp_string("Manage group Billing").unwrap();
    p.send("\x1b[B\x1b[B").unwrap(); // "Review and update"
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("remove Fin <fin@example.com>").unwrap();
    p.exp_string("would be stranded (lose all access): fin@example.com")
        .unwrap();
    p.exp_string("Apply these changes?").unwrap();
    p.send("\r").unwrap(); // "Update"
    p.flush().unwrap();
    p.exp_string("update group Billing anyway?").unwrap();
    p.send("n").unwrap();
    p.flush().unwrap();
    // Back at the menu, still staged.
    p.exp_string("Manage group Billing").unwrap();
    p.exp_string("(1 staged)").unwrap();
    assert_eq!(env.dump(), before);
    p.send("\x1b[B\x1b[B").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Apply these changes?").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("update group Billing anyway?").unwrap();
    p.send("y").unwrap();
    p.flush().unwrap();
    p.exp_string("fin@example.com: groups -Billing").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(env.effective("fin@example.com"), Vec::<String>::new());
}

/// A question that starts with an email keeps it as typed.
#[test]
fn a_question_about_a_person_keeps_their_email_lowercase() {
    let env = setup();
    env.member("carol@example.com", "Carol", &["--role", "user"]);
    let mut p = spawn(
        &env,
        &["user", "edit", "carol@example.com", "--remove-role", "user"],
    );
    p.exp_string("carol@example.com: roles -user?").unwrap();
    p.send("n").unwrap();
    p.flush().unwrap();
    assert_eq!(exit_code(&mut p), 5);
}

/// On a colour terminal, states in tables and the impact are coloured; with
/// NO_COLOR nothing is.
#[test]
fn states_and_warnings_are_coloured_on_a_colour_terminal() {
    let env = setup();
    let mut p = spawn(&env, &["--color", "always", "user", "list"]);
    let out = p.exp_eof().unwrap();
    assert!(out.contains("\u{1b}["), "no colour: {out:?}");
    assert!(out.contains("bob@example.com"), "{out}");
    let mut p = spawn(&env, &["--color", "always", "group", "delete", "Billing"]);
    p.exp_string("\u{1b}[1;31mimpact").unwrap();
    p.send("n").unwrap();
    p.flush().unwrap();
    assert_eq!(exit_code(&mut p), 5);
    // NO_COLOR (set in every test environment) keeps tables plain.
    let mut p = spawn(&env, &["user", "list"]);
    let out = p.exp_eof().unwrap();
    assert!(!out.contains("\u{1b}[3"), "{out:?}");
    // So does --color never, without NO_COLOR.
    let mut c = env.pty_cmd();
    c.env_remove("NO_COLOR")
        .args(["--color", "never", "user", "list"]);
    let mut p = spawn_command(c, Some(TIMEOUT_MS)).expect("spawn on a pty");
    let out = p.exp_eof().unwrap();
    assert!(!out.contains("\u{1b}["), "{out:?}");
    assert!(out.contains("bob@example.com"), "{out}");
}

/// A large apply (500 ops or more) on a terminal shows how far it has got on
/// stderr, and the bar is cleared before the result is printed; smaller
/// ones, `--json`, `-q` and piped runs draw nothing.
#[test]
fn a_large_apply_shows_progress_on_a_terminal_only() {
    let env = Env::init();
    let people = |n: usize, domain: &str| -> std::path::PathBuf {
        let mut file = String::new();
        for i in 0..n {
            file.push_str(&format!(
                "[[user]]\nemail = \"p{i}@{domain}\"\nname = \"P {i}\"\nroles = [\"user\"]\n"
            ));
        }
        let f = env.dir.path().join(format!("{domain}.toml"));
        std::fs::write(&f, &file).unwrap();
        f
    };
    // A bar draws at once when it starts, then at most 20 times a second:
    // 500 people finish writing before a second draw, 3000 do not.
    let f = people(500, "a.example");
    let mut p = spawn(&env, &["apply", f.to_str().unwrap(), "--no-email"]);
    p.exp_regex(r"checking +\[[^\]]*\] \d+/500").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let f = people(3000, "f.example");
    let mut p = spawn(&env, &["apply", f.to_str().unwrap(), "--no-email"]);
    p.exp_regex(r"checking +\[[^\]]*\] \d+/3000 changes")
        .unwrap();
    p.exp_regex(r"writing +\[[^\]]*\] \d+/\d+ rows").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    for (n, domain, flags) in [
        (499, "b.example", &[][..]),
        (600, "c.example", &["--json"][..]),
        (600, "d.example", &["-q"][..]),
    ] {
        let f = people(n, domain);
        let mut args = vec!["apply", f.to_str().unwrap(), "--no-email"];
        args.extend(flags);
        let mut p = spawn(&env, &args);
        let all = p.exp_eof().unwrap();
        assert!(!all.contains("checking"), "{n} {flags:?}: {all}");
        assert!(!all.contains("writing"), "{n} {flags:?}");
        assert!(all.contains(domain), "{n} {flags:?}: the result is printed");
    }
    // Piped (stderr not a terminal), a large apply draws nothing either.
    let f = people(600, "e.example");
    let o = env.run(&["apply", f.to_str().unwrap(), "--no-email"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!o.stderr.contains("checking"), "{}", o.stderr);
    assert!(!o.stderr.contains("writing"), "{}", o.stderr);
}

/// Remote mode asks on the client's terminal: the server plans, the client
/// shows the impact and asks, and the answer commits (or not) there; the
/// interactive `group manage` stages and reviews against the server too.
#[test]
fn a_remote_change_asks_on_the_clients_terminal() {
    let env = setup();
    let (_s, url) = crate::remote::server(&env);
    let t = crate::remote::token(&env, ADMIN, "laptop", &[]);
    let c = Env::sqlite();
    let o = c.run_stdin(
        &["login", "--with-token", "--server", &url],
        &format!("{t}\n"),
    );
    assert_eq!(o.code, 0, "{o:?}");
    let before = env.dump();
    let mut p = spawn(&c, &["group", "delete", "Billing", "--server", &url]);
    p.exp_string("would be stranded (lose all access): fin@example.com")
        .unwrap();
    p.exp_string("Delete group Billing").unwrap();
    p.exp_string("[y/N]").unwrap();
    p.send("n").unwrap();
    p.flush().unwrap();
    assert_eq!(exit_code(&mut p), 5);
    assert_eq!(env.dump(), before);

    env.member("carol@example.com", "Carol Jones", &["--role", "user"]);
    let mut p = spawn(&c, &["group", "manage", "Billing", "--server", &url]);
    p.exp_string("Manage group Billing").unwrap();
    p.send("\r").unwrap(); // "Add a person"
    p.flush().unwrap();
    p.exp_string("Type part of a name or email").unwrap();
    p.send("carol@").unwrap();
    p.flush().unwrap();
    p.exp_string("Carol Jones <carol@example.com>").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Manage group Billing").unwrap();
    p.send("\x1b[B\x1b[B").unwrap(); // down twice: "Review and update"
    p.flush().unwrap();
    p.exp_string("(1 staged)").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Apply these changes?").unwrap();
    p.send("\r").unwrap(); // "Update"
    p.flush().unwrap();
    p.exp_string("carol@example.com: groups +Billing").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(
        env.effective("carol@example.com"),
        ["finance-admin", "user"]
    );
    let audit = env.json(&["audit", "--action", "group.manage"]);
    assert_eq!(audit[0]["details"]["credential"], "token:laptop");
}
