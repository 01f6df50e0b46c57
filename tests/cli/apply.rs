//! Declarative provisioning: `apply FILE` and `export` (SPEC §6).

use crate::support::*;
use serde_json::json;

const FILE: &str = r#"
[[group]]
name = "Billing"
roles = ["finance-admin"]

[[group]]
name = "Staff"
roles = ["user"]

[[user]]
email = "ada@example.com"
name = "Ada Lovelace"
roles = ["org-admin"]

[[user]]
email = "bob@example.com"
name = "Bob"
groups = ["Staff", "billing"]

[[user]]
email = "carol@example.com"
name = "Carol"
roles = ["Finance Admin"]
"#;

fn write(env: &Env, name: &str, text: &str) -> String {
    let p = env.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn apply_provisions_then_a_second_apply_changes_nothing() {
    let env = Env::init();
    let f = write(&env, "org.toml", FILE);
    let o = env.ok(&["apply", &f]);
    assert!(
        o.stdout.contains("create group Billing") && o.stdout.contains("invite bob@example.com"),
        "{}",
        o.stdout
    );
    assert_eq!(env.outbox_files().len(), 2, "one message per new person");
    assert_eq!(env.effective("bob@example.com"), ["finance-admin", "user"]);
    assert_eq!(
        env.person("bob@example.com")["groups"],
        serde_json::json!(["Billing", "Staff"])
    );
    assert_eq!(env.effective("carol@example.com"), ["finance-admin"]);
    let entries = env.json(&["audit", "--action", "apply"]);
    assert_eq!(
        entries.as_array().unwrap().len(),
        4,
        "two groups and two people"
    );

    let before = env.dump();
    let again = env.ok(&["apply", &f]);
    assert!(again.stdout.contains("nothing changed"), "{}", again.stdout);
    assert_eq!(env.dump(), before);
    assert_eq!(env.json(&["apply", &f])["changed"], false);
    assert_eq!(env.outbox_files().len(), 2);
}

#[test]
fn export_then_apply_is_a_no_op_and_edits_converge() {
    let env = Env::init();
    env.ok(&["apply", &write(&env, "org.toml", FILE), "--no-email"]);
    env.ok(&[
        "user",
        "edit",
        "bob@example.com",
        "--name",
        "Robert",
        "--add-role",
        "user",
        "--remove-group",
        "Staff",
    ]);
    env.ok(&["group", "edit", "Staff", "--add-role", "finance-admin"]);
    let exported = env.ok(&["export"]).stdout;
    assert!(
        exported.contains("[[group]]") && exported.contains("name = \"Robert\""),
        "{exported}"
    );
    let before = env.dump();
    let o = env.run_stdin(&["apply", "-"], &exported);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(o.stdout.contains("nothing changed"), "{}", o.stdout);
    assert_eq!(env.dump(), before);
    // Applying the original file again undoes the drift, in one change.
    let j = env.json(&["apply", &write(&env, "org2.toml", FILE)]);
    assert_eq!(j["changed"], true);
    let p = env.person("bob@example.com");
    assert_eq!(p["name"], "Bob");
    assert_eq!(strings(&p["roles"]), Vec::<String>::new());
    assert_eq!(strings(&p["groups"]), ["Billing", "Staff"]);
    assert_eq!(
        strings(&env.json(&["group", "show", "Staff"])["roles"]),
        ["user"]
    );
}

#[test]
fn prune_removes_what_the_file_lacks_and_asks_before_deleting_groups() {
    let env = Env::init();
    env.ok(&["apply", &write(&env, "org.toml", FILE), "--no-email"]);
    env.ok(&["group", "create", "Old", "--role", "user"]);
    env.invite("dave@example.com", "Dave", &["--role", "user"]);
    let small = write(&env, "small.toml", "[[group]]\nname = \"Staff\"\nroles = [\"user\"]\n\n[[user]]\nemail = \"ada@example.com\"\nname = \"Ada Lovelace\"\nroles = [\"org-admin\"]\n\n[[user]]\nemail = \"bob@example.com\"\nname = \"Bob\"\ngroups = [\"Staff\"]\n");
    // Without --prune nothing is removed (bob only leaves Billing).
    env.ok(&["apply", &small]);
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 4);
    env.ok(&["group", "show", "Old"]);
    // With --prune: deleting groups asks; without a terminal that needs --yes.
    let before = env.dump();
    let o = env.code(5, &["apply", &small, "--prune"]);
    assert!(o.stderr.contains("needs confirmation"), "{}", o.stderr);
    assert_eq!(env.dump(), before);
    let d = env
        .code(0, &["apply", &small, "--prune", "--dry-run", "--json"])
        .json();
    assert_eq!(d["needs_confirmation"], true);
    env.ok(&["apply", &small, "--prune", "--yes"]);
    let emails = column(&env.json(&["user", "list"]), "email");
    assert_eq!(emails, [ADMIN, "bob@example.com"]);
    let groups = env.json(&["group", "list"]);
    assert_eq!(groups.as_array().unwrap().len(), 1);
    assert_eq!(groups[0]["name"], "Staff");
}

#[test]
fn apply_is_checked_as_one_change() {
    let env = Env::init();
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    let before = env.dump();
    // A file without any admin, pruned, would leave none: refused, even with --yes.
    let no_admin = write(
        &env,
        "noadmin.toml",
        "[[user]]\nemail = \"bob@example.com\"\nname = \"Bob\"\nroles = [\"user\"]\n",
    );
    let o = env.code(6, &["apply", &no_admin, "--prune", "--yes"]);
    assert!(
        o.stderr.contains("without an active org-admin"),
        "{}",
        o.stderr
    );
    // Stranding someone asks.
    let strand = write(
        &env,
        "strand.toml",
        "[[user]]\nemail = \"bob@example.com\"\nname = \"Bob\"\nroles = []\n",
    );
    let o = env.code(5, &["apply", &strand]);
    assert!(o.stderr.contains("bob@example.com"), "{}", o.stderr);
    // One undeclared group anywhere: nothing of the file is applied.
    let bad_group = write(&env, "badgroup.toml", "[[group]]\nname = \"New\"\nroles = [\"user\"]\n\n[[user]]\nemail = \"x@example.com\"\nname = \"X\"\ngroups = [\"Nope\"]\n");
    env.code(2, &["apply", &bad_group]);
    assert_eq!(env.dump(), before);
}

/// Each difference alone is enough for apply to act on: a person leaving
/// one group, or joining one, and nothing else; a group's name changing
/// only in case. A
/// person marked suspended who is not in the organization yet is refused.
#[test]
fn apply_acts_on_each_difference_alone() {
    let env = Env::init();
    env.ok(&["apply", &write(&env, "org.toml", FILE), "--no-email"]);
    let leave = FILE.replace(r#"groups = ["Staff", "billing"]"#, r#"groups = ["Staff"]"#);
    let j = env.json(&["apply", &write(&env, "leave.toml", &leave)]);
    assert_eq!(j["changed"], true, "{j}");
    assert_eq!(strings(&env.person("bob@example.com")["groups"]), ["Staff"]);
    // ...and joins it again, with nothing else changed.
    let j = env.json(&["apply", &write(&env, "join.toml", FILE)]);
    assert_eq!(j["changed"], true, "{j}");
    assert_eq!(
        strings(&env.person("bob@example.com")["groups"]),
        ["Billing", "Staff"]
    );

    let renamed = FILE.replace("\"Staff\"", "\"STAFF\"");
    let f = write(&env, "renamed.toml", &renamed);
    let j = env.json(&["apply", &f]);
    assert_eq!(j["changed"], true, "{j}");
    let names = column(&env.json(&["group", "list"]), "name");
    assert_eq!(names, ["Billing", "STAFF"]);
    assert_eq!(
        strings(&env.person("bob@example.com")["groups"]),
        ["Billing", "STAFF"]
    );
    assert!(env.ok(&["apply", &f]).stdout.contains("nothing changed"));

    let before = env.dump();
    let new = format!(
        "{renamed}\n[[user]]\nemail = \"dan@example.com\"\nname = \"Dan\"\nroles = [\"user\"]\nsuspended = true\n"
    );
    let o = env.code(2, &["apply", &write(&env, "new.toml", &new)]);
    assert!(
        o.stderr
            .contains("dan@example.com is marked suspended but is not in the organization yet"),
        "{}",
        o.stderr
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn bad_files_exit_2_naming_the_problem() {
    let env = Env::init();
    for (text, want) in [
        ("[[user]]\nemail = \"x@example.com\"\nname = \"X\"\nrole = [\"user\"]\n", "line 4"),
        ("[[user]]\nemail = \"not-an-email\"\nname = \"X\"\nroles = [\"user\"]\n", "not a valid email"),
        ("[[user]]\nemail = \"x@example.com\"\nname = \"X\"\nroles = [\"owner\"]\n", "unknown role `owner`"),
        ("[[user]]\nemail = \"x@example.com\"\nname = \"X\"\nroles = [\"user\"]\n[[user]]\nemail = \"X@Example.com\"\nname = \"X\"\nroles = [\"user\"]\n", "twice"),
        ("[[group]]\nname = \"G\"\nroles = []\n", "at least one role"),
        ("[[user]]\nemail = \"x@example.com\"\nname = \"X\\u0007\"\nroles = [\"user\"]\n", "control characters"),
    ] {
        let f = write(&env, "bad.toml", text);
        let o = env.code(2, &["apply", &f]);
        assert!(o.stderr.contains(want), "expected {want:?}: {}", o.stderr);
    }
    env.code(2, &["apply", "/nonexistent/org.toml"]);
}

#[test]
fn apply_json_lists_the_new_people_with_their_links() {
    let env = Env::init();
    let j = env.json(&["apply", &write(&env, "org.toml", FILE), "--no-email"]);
    assert_eq!(j["changed"], true);
    let invited = j["invited"].as_array().unwrap();
    assert_eq!(invited.len(), 2);
    for i in invited {
        let link = i["accept"].as_str().unwrap();
        assert_eq!(link.len(), 43);
        env.ok(&["invite", "accept", link]);
    }
    assert!(env.outbox_files().is_empty());
}

/// More than 500 people named in one change: the model loads everyone in
/// bulk. The result must be the same as person by person.
#[test]
fn a_large_apply_edits_everyone_correctly() {
    let env = Env::init();
    env.ok(&["group", "create", "Staff", "--role", "user"]);
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    let n = 600;
    let mut before = String::from(
        "[[group]]\nname = \"Staff\"\nroles = [\"user\"]\n[[group]]\nname = \"Billing\"\nroles = [\"finance-admin\"]\n[[user]]\nemail = \"ada@example.com\"\nname = \"Ada Lovelace\"\nroles = [\"org-admin\"]\n",
    );
    let mut after = before.clone();
    for i in 0..n {
        before.push_str(&format!(
            "[[user]]\nemail = \"p{i}@example.com\"\nname = \"P{i}\"\ngroups = [\"Staff\"]\n"
        ));
        // Everyone moves to Billing; the odd ones also keep `user` directly.
        let roles = if i % 2 == 1 { "[\"user\"]" } else { "[]" };
        after.push_str(&format!("[[user]]\nemail = \"p{i}@example.com\"\nname = \"Q{i}\"\nroles = {roles}\ngroups = [\"Billing\"]\n"));
    }
    let created = env.json(&["apply", &write(&env, "before.toml", &before), "--no-email"]);
    let token_of_p7 = created["invited"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["email"] == "p7@example.com")
        .unwrap()["accept"]
        .as_str()
        .unwrap()
        .to_string();

    let plan = env.json(&["apply", &write(&env, "after.toml", &after), "--dry-run"]);
    assert_eq!(plan["changes"].as_array().unwrap().len(), n);
    assert_eq!(plan["impact"]["stranded"], serde_json::json!([]));
    // Everyone loses `user` (from Staff) except the odd ones, who now hold it directly.
    assert_eq!(plan["impact"]["losing"].as_object().unwrap().len(), n / 2);
    assert_eq!(
        plan["impact"]["losing"]["p0@example.com"],
        serde_json::json!(["user"])
    );

    env.ok(&["apply", &write(&env, "after2.toml", &after)]);
    let p = env.person("p7@example.com");
    assert_eq!(p["name"], "Q7");
    assert_eq!(strings(&p["roles"]), ["user"]);
    assert_eq!(strings(&p["groups"]), ["Billing"]);
    assert_eq!(strings(&p["effective_roles"]), ["finance-admin", "user"]);
    assert_eq!(env.effective("p8@example.com"), ["finance-admin"]);
    assert_eq!(
        env.json(&["group", "show", "Staff"])["members"],
        serde_json::json!([])
    );
    // Their invitations were not touched: the first token still works.
    env.ok(&["invite", "accept", &token_of_p7]);
    assert!(env
        .ok(&["apply", &write(&env, "after3.toml", &after)])
        .stdout
        .contains("nothing changed"));
}

/// CSV in: `email,name,roles,groups`, quoted fields, `;`-separated lists,
/// groups that must exist; the same plan, idempotence and prune as TOML, and
/// a prune that never deletes groups.
#[test]
fn apply_reads_csv_as_admins_export_it() {
    let env = Env::init();
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.ok(&["group", "create", "Staff", "--role", "user"]);
    env.member("old@example.com", "Old", &["--role", "user"]);
    let csv = "email,name,roles,groups\n\
        ada@example.com,Ada Lovelace,org-admin,\n\
        bob@example.com,\"Builder, Bob\",user,Billing;Staff\n\
        ,,,\n\
        \"carol@example.com\",Carol,,Staff\n";
    let f = write(&env, "people.csv", csv);
    let plan = env.json(&["apply", &f, "--dry-run"]);
    assert_eq!(plan["changes"].as_array().unwrap().len(), 2, "{plan}");
    env.ok(&["apply", &f, "--no-email"]);
    let bob = env.person("bob@example.com");
    assert_eq!(bob["name"], "Builder, Bob");
    assert_eq!(strings(&bob["groups"]), ["Billing", "Staff"]);
    assert_eq!(
        strings(&env.person("carol@example.com")["effective_roles"]),
        ["user"]
    );
    let o = env.ok(&["apply", &f]);
    assert!(o.stdout.contains("nothing changed"), "{}", o.stdout);
    // --prune removes old, keeps every group.
    env.ok(&["apply", &f, "--prune", "--yes"]);
    env.code(3, &["user", "show", "old@example.com"]);
    assert_eq!(env.json(&["group", "list"]).as_array().unwrap().len(), 2);
    // From stdin with --format csv.
    let o = env.run_stdin(&["apply", "-", "--format", "csv"], csv);
    assert_eq!(o.code, 0, "{o:?}");
    // A group that does not exist, a bad header, a bad row: exit 2, nothing changes.
    let before = env.dump();
    for (text, want) in [
        (
            "email,name,roles,groups\nx@example.com,X,user,Nope\n",
            "does not exist",
        ),
        ("mail,name\nx@example.com,X\n", "header"),
        (
            "email,name,roles,groups,extra\nx@example.com,X,user,,1\n",
            "unknown column",
        ),
        (
            "email,name,roles,groups\nx@example.com,X,wizard,\n",
            "unknown role",
        ),
        ("email,name,roles,groups\n\"x@example.com,X,user,\n", "line"),
        // A row with a name and no email, or an email and no name, is a
        // mistake to show, not a blank row to skip.
        (
            "email,name,roles,groups\n,X,user,\n",
            "line 2: the email is empty",
        ),
        (
            "email,name,roles,groups\nx@example.com,,user,\n",
            "user x@example.com: ",
        ),
    ] {
        let f = write(&env, "bad.csv", text);
        let o = env.code(2, &["apply", &f]);
        assert!(o.stderr.contains(want), "{text}: {}", o.stderr);
    }
    assert_eq!(env.dump(), before);
}

/// CSV out on every list: RFC 4180 with a header row, lists joined with `;`.
#[test]
fn lists_print_csv() {
    let env = Env::init();
    env.ok(&["group", "create", "Billing", "--role", "finance-admin"]);
    env.member(
        "bob@example.com",
        "Builder, \"Bob\"",
        &["--role", "user", "--group", "Billing"],
    );
    env.invite(
        "carol@example.com",
        "Carol",
        &["--role", "user", "--role", "finance-admin"],
    );
    let parse = |args: &[&str]| -> Vec<Vec<String>> {
        let out = env.ok(args).stdout;
        let mut r = csv::Reader::from_reader(out.as_bytes());
        let mut rows = vec![r
            .headers()
            .unwrap()
            .iter()
            .map(String::from)
            .collect::<Vec<_>>()];
        for rec in r.records() {
            rows.push(rec.unwrap().iter().map(String::from).collect());
        }
        rows
    };
    let users = parse(&["user", "list", "--csv"]);
    assert_eq!(
        users[0][..6],
        [
            "email",
            "name",
            "status",
            "roles",
            "groups",
            "effective_roles"
        ]
    );
    let bob = users.iter().find(|r| r[0] == "bob@example.com").unwrap();
    assert_eq!(bob[1], "Builder, \"Bob\"");
    assert_eq!(bob[5], "finance-admin;user");
    let invites = parse(&["invite", "list", "--csv"]);
    assert_eq!(invites[1][0], "carol@example.com");
    assert_eq!(invites[1][3], "finance-admin;user");
    let groups = parse(&["group", "list", "--csv"]);
    assert_eq!(groups[1], ["Billing", "finance-admin", "bob@example.com"]);
    let audit = parse(&["audit", "--csv", "--limit", "1"]);
    assert_eq!(
        audit[0],
        ["at", "actor", "os_user", "action", "target", "details"]
    );
    assert_eq!(audit.len(), 2);
}

/// Cells that a spreadsheet would run as formulas are written with a `'`
/// before them by every `--csv` list; `apply` of such a CSV reads the real
/// values back.
#[test]
fn csv_cells_never_hold_a_live_formula() {
    let env = Env::init();
    let names = [
        "=HYPERLINK(\"http://evil\")",
        "+cmd|calc",
        "@SUM(1)",
        "-2+3",
    ];
    env.ok(&["group", "create", "=Sales", "--role", "user"]);
    // An apply CSV in the exported form (each cell defused) names the real
    // people and groups.
    let mut csv = String::from("email,name,roles,groups\n");
    for (i, n) in names.iter().enumerate() {
        csv.push_str(&format!(
            "p{i}@example.com,\"'{}\",user,'=Sales\n",
            n.replace('"', "\"\"")
        ));
    }
    csv.push_str(&format!("{ADMIN},Ada Lovelace,org-admin,\n"));
    let o = env.run_stdin(&["apply", "-", "--format", "csv", "--no-email"], &csv);
    assert_eq!(o.code, 0, "{o:?}");
    for (i, n) in names.iter().enumerate() {
        let p = env.person(&format!("p{i}@example.com"));
        assert_eq!(p["name"], *n);
        assert_eq!(p["groups"], json!(["=Sales"]));
    }
    let o = env.run_stdin(&["apply", "-", "--format", "csv", "--no-email"], &csv);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(
        !o.stdout.contains("invite"),
        "a second apply changed something: {}",
        o.stdout
    );
    let cells = |args: &[&str]| -> Vec<String> {
        let out = env.ok(args).stdout;
        let mut r = csv::Reader::from_reader(out.as_bytes());
        r.records()
            .flat_map(|rec| rec.unwrap().iter().map(String::from).collect::<Vec<_>>())
            .collect()
    };
    for args in [
        &["user", "list", "--csv"][..],
        &["group", "list", "--csv"],
        &["invite", "list", "--state", "all", "--csv"],
        &["audit", "--csv"],
    ] {
        for c in cells(args) {
            assert!(
                !c.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{args:?}: live cell {c:?}"
            );
        }
    }
    let users = cells(&["user", "list", "--csv"]);
    assert!(
        users.contains(&"'=HYPERLINK(\"http://evil\")".to_string()),
        "{users:?}"
    );
    assert!(users.contains(&"'-2+3".to_string()), "{users:?}");
}

/// Deep, long and malformed files are refused with exit 2 naming the file,
/// never by a crash: the TOML readers (apply files and the config) bound
/// their recursion, the CSV reader does not recurse, and nothing is written.
#[test]
fn deep_and_huge_files_and_configs_are_usage_errors_not_crashes() {
    let env = Env::init();
    let n = 100_000;
    let deep = [
        format!("x = {}{}", "[".repeat(n), "]".repeat(n)),
        format!("x = {}1{}", "{a=".repeat(n), "}".repeat(n)),
        format!("{} = 1", vec!["x"; n].join(".")),
        format!("[{}]", vec!["x"; n].join(".")),
        format!(
            "[[user]]\nemail = \"b@example.com\"\nname = \"{}\"",
            "a".repeat(5_000_000)
        ),
        format!(
            "[[user]]\nemail = \"b@example.com\"\nname = \"B\"\nroles = [{}]",
            "\"nope\",".repeat(n)
        ),
    ];
    let before = env.json(&["audit"]);
    for (i, text) in deep.iter().enumerate() {
        let path = write(&env, &format!("deep{i}.toml"), text);
        let o = env.run(&["apply", &path, "--yes"]);
        assert_eq!(o.code, 2, "file {i}: {}", o.stderr);
        if i < 4 {
            assert!(o.stderr.contains(&format!("deep{i}.toml")), "{}", o.stderr);
        }
    }
    for (i, text) in [
        format!(
            "email,name,roles\nb@example.com,{},user",
            "\"".repeat(1_000_001)
        ),
        format!(
            "email,name,roles\nb@example.com,{},user",
            "a".repeat(5_000_000)
        ),
        format!("email,name,roles\nb@example.com,B,{}", "nope;".repeat(n)),
    ]
    .iter()
    .enumerate()
    {
        let path = write(&env, &format!("deep{i}.csv"), text);
        let o = env.run(&["apply", &path, "--yes"]);
        assert_eq!(o.code, 2, "csv {i}: {}", o.stderr);
    }
    assert_eq!(env.json(&["audit"]), before);
    let config = std::fs::read_to_string(env.config_path()).unwrap();
    for text in &deep[..4] {
        env.write_config(&format!("{config}\n{text}\n"));
        let o = env.run(&["user", "list"]);
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(o.stderr.contains("config"), "{}", o.stderr);
    }
}
