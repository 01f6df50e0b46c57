//! Groups, impact, confirmations and the last-admin rule (issue: groups).

use crate::support::*;

fn billing(env: &Env) {
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
}

#[test]
fn members_inherit_the_groups_roles() {
    let env = Env::init();
    billing(&env);
    env.member("fin@example.com", "Fin", &["--group", "Billing"]);
    assert_eq!(env.effective("fin@example.com"), ["finance-admin"]);
    assert!(strings(&env.person("fin@example.com")["roles"]).is_empty());
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    env.ok(&["group", "manage", "Billing", "--add", "bob@example.com"]);
    assert_eq!(env.effective("bob@example.com"), ["finance-admin", "user"]);
    let p = env.person("bob@example.com");
    assert_eq!(
        p["role_sources"]["finance-admin"],
        serde_json::json!(["group:Billing"])
    );
    assert_eq!(p["role_sources"]["user"], serde_json::json!(["direct"]));
    let table = env.ok(&["user", "show", "bob@example.com"]).stdout;
    assert!(
        table.contains("group:Billing") && table.contains("direct"),
        "{table}"
    );
    // Invited members inherit too, on acceptance.
    let t = env.invite("inv@example.com", "Inv", &["--group", "billing"]);
    assert_eq!(env.effective("inv@example.com"), ["finance-admin"]);
    let accepted = env.json(&["invite", "accept", &t]);
    assert_eq!(strings(&accepted["effective_roles"]), ["finance-admin"]);
    // Listing by group, and the group's own views.
    let members = column(&env.json(&["user", "list", "--group", "Billing"]), "email");
    assert_eq!(
        members,
        ["bob@example.com", "fin@example.com", "inv@example.com"]
    );
    // A second group lists its own members only.
    env.ok(&["group", "create", "Ops", "--role", "user"]);
    env.ok(&["group", "manage", "Ops", "--add", "fin@example.com"]);
    let ops = column(&env.json(&["user", "list", "--group", "ops"]), "email");
    assert_eq!(ops, ["fin@example.com"]);
    let g = env.json(&["group", "show", "billing"]);
    assert_eq!(g["name"], "Billing");
    assert_eq!(strings(&g["roles"]), ["finance-admin"]);
    assert_eq!(
        strings(&g["members"]),
        ["bob@example.com", "fin@example.com", "inv@example.com"]
    );
    assert_eq!(g["member_details"][0]["status"], "active");
    let list = env.json(&["group", "list"]);
    assert_eq!(list[0]["members"].as_array().unwrap().len(), 3);
    // A user edit moves people between groups.
    env.ok(&["group", "create", "Staff", "--role", "user"]);
    env.ok(&[
        "user",
        "edit",
        "fin@example.com",
        "--add-group",
        "Staff",
        "--remove-group",
        "Billing",
    ]);
    assert_eq!(env.effective("fin@example.com"), ["user"]);
}

#[test]
fn group_names_are_unique_case_insensitively_and_need_a_role() {
    let env = Env::init();
    billing(&env);
    env.code(4, &["group", "create", "BILLING", "--role", "user"]);
    env.code(2, &["group", "create", "Empty"]);
    env.code(2, &["group", "create", "Bad\u{1b}[31m", "--role", "user"]);
    env.ok(&["group", "create", "Ops", "--role", "user"]);
    env.code(4, &["group", "edit", "Ops", "--name", "billing"]);
    env.code(2, &["group", "edit", "Ops", "--remove-role", "user"]);
    env.ok(&[
        "group",
        "edit",
        "Ops",
        "--name",
        "Operations",
        "--add-role",
        "finance-admin",
    ]);
    assert_eq!(
        strings(&env.json(&["group", "show", "operations"])["roles"]),
        ["finance-admin", "user"]
    );
}

#[test]
fn deleting_a_group_asks_and_strands_only_those_with_nothing_else() {
    let env = Env::init();
    billing(&env);
    env.member("fin@example.com", "Fin", &["--group", "Billing"]);
    env.member(
        "bob@example.com",
        "Bob",
        &["--role", "user", "--group", "Billing"],
    );
    let before = env.dump();

    let o = env.code(5, &["group", "delete", "Billing"]);
    assert!(
        o.stderr.contains("stranded") && o.stderr.contains("fin@example.com"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("bob@example.com (finance-admin)"),
        "{}",
        o.stderr
    );
    assert_eq!(env.dump(), before, "a declined delete changed something");

    let j = env.code(5, &["group", "delete", "Billing", "--json"]);
    assert_eq!(
        j.json()["impact"]["stranded"],
        serde_json::json!(["fin@example.com"])
    );
    assert_eq!(
        j.json()["impact"]["losing"]["bob@example.com"],
        serde_json::json!(["finance-admin"])
    );
    assert_eq!(j.err_json()["error"]["kind"], "needs_confirmation");

    let d = env
        .code(0, &["group", "delete", "Billing", "--dry-run", "--json"])
        .json();
    assert_eq!(d["dry_run"], true);
    assert_eq!(
        d["impact"]["stranded"],
        serde_json::json!(["fin@example.com"])
    );
    env.ok(&["group", "delete", "Billing", "--dry-run"]);
    assert_eq!(env.dump(), before, "a dry run changed something");

    env.ok(&["group", "delete", "Billing", "--yes"]);
    env.code(3, &["group", "show", "Billing"]);
    assert!(env.effective("fin@example.com").is_empty());
    assert_eq!(env.effective("bob@example.com"), ["user"]);
}

#[test]
fn any_change_that_strands_someone_asks() {
    let env = Env::init();
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    let before = env.dump();
    env.code(
        5,
        &["user", "edit", "bob@example.com", "--remove-role", "user"],
    );
    assert_eq!(env.dump(), before);
    // Losing some roles but not all does not ask.
    env.ok(&[
        "user",
        "edit",
        "bob@example.com",
        "--add-role",
        "finance-admin",
    ]);
    env.ok(&[
        "user",
        "edit",
        "bob@example.com",
        "--remove-role",
        "finance-admin",
    ]);
    // Removing people does not ask: naming them is the confirmation.
    env.ok(&["user", "remove", "bob@example.com"]);
}

#[test]
fn the_last_admin_rule_counts_admins_through_groups() {
    let env = Env::init();
    env.ok(&["group", "create", "Admins", "--role", "org-admin"]);
    env.ok(&["group", "manage", "Admins", "--add", ADMIN]);
    env.ok(&["user", "edit", ADMIN, "--remove-role", "org-admin"]);
    assert_eq!(env.effective(ADMIN), ["org-admin"]);
    let before = env.dump();
    for args in [
        vec!["group", "delete", "Admins", "--yes"],
        vec!["group", "manage", "Admins", "--remove", ADMIN, "--yes"],
        vec!["group", "edit", "Admins", "--set-roles", "user", "--yes"],
        vec!["user", "edit", ADMIN, "--remove-group", "Admins", "--yes"],
    ] {
        let o = env.code(6, &args);
        assert!(
            o.stderr.contains("without an active org-admin"),
            "{args:?}: {}",
            o.stderr
        );
        let mut dry = args.clone();
        dry.push("--dry-run");
        env.code(6, &dry);
    }
    assert_eq!(env.dump(), before);
    // Refusal comes before the question: without --yes it is still 6, not 5.
    env.code(6, &["group", "delete", "Admins"]);
    env.member("bob@example.com", "Bob", &["--role", "org-admin"]);
    env.ok(&["group", "delete", "Admins", "--yes"]);
}

#[test]
fn manage_applies_all_or_nothing() {
    let env = Env::init();
    billing(&env);
    env.member("known@example.com", "Known", &["--role", "user"]);
    let before = env.dump();
    let o = env.code(
        3,
        &[
            "group",
            "manage",
            "Billing",
            "--add",
            "known@example.com",
            "--add",
            "unknown@example.com",
        ],
    );
    assert!(o.stderr.contains("unknown@example.com"), "{}", o.stderr);
    assert_eq!(env.dump(), before);
    assert_eq!(
        env.json(&["group", "show", "Billing"])["members"],
        serde_json::json!([])
    );
    // By name, and no-ops say so.
    env.ok(&["group", "manage", "Billing", "--add", "Known"]);
    let o = env.ok(&["group", "manage", "Billing", "--add", "known@example.com"]);
    assert!(o.stderr.contains("already a member"), "{}", o.stderr);
    let o = env.ok(&["group", "manage", "Billing", "--remove", ADMIN]);
    assert!(o.stderr.contains("not a member"), "{}", o.stderr);
    env.code(2, &["group", "manage", "Billing"]);
}

/// A group name that only looks like another (a Cyrillic `Е` for a Latin
/// `E`) is refused as look-alike emails are, naming the group it imitates;
/// `;` (CSV's list separator) is refused in group names; addresses whose
/// domain mail cannot reach are usage errors.
#[test]
fn look_alike_and_separator_names_are_refused() {
    let env = Env::init();
    env.ok(&["group", "create", "Eng", "--role", "user"]);
    let o = env.code(4, &["group", "create", "\u{415}ng", "--role", "user"]);
    assert!(
        o.stderr.contains("looks like the existing group `Eng`"),
        "{}",
        o.stderr
    );
    env.ok(&["group", "create", "Ops", "--role", "user"]);
    let o = env.code(4, &["group", "edit", "Ops", "--name", "\u{415}NG"]);
    assert!(o.stderr.contains("`Eng`"), "{}", o.stderr);
    // Renaming a group to a look-alike of its own name is fine.
    env.ok(&["group", "edit", "Eng", "--name", "ENG"]);
    let o = env.code(2, &["group", "create", "a;b", "--role", "user"]);
    assert!(o.stderr.contains("`;`"), "{}", o.stderr);
    env.code(2, &["group", "edit", "Ops", "--name", "x;y"]);
    for bad in ["u@exa_mple.com", "u@example.123", "u@localhost"] {
        let o = env.code(2, &add_args(bad, "U", &["--role", "user"]));
        assert!(
            o.stderr.contains("mail cannot reach"),
            "{bad}: {}",
            o.stderr
        );
    }
}
