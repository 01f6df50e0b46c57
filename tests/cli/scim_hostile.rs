//! Hostile SCIM clients against a real `orgadm serve`: inputs nested or long
//! enough to exhaust a recursive parser's stack, and parallel writers whose
//! read-modify-writes must not undo each other (a demotion above all).

use serde_json::{json, Value};

use crate::scim::{ok, okta_user, scim_error, Scim};
use crate::support::*;

/// `%XX` for everything but unreserved characters.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The server still answers, and its process is still running.
fn still_up(s: &mut Scim, after: &str) {
    assert!(s.alive(), "the server died after {after}");
    ok(&s.req("GET", "/ServiceProviderConfig", None), 200);
}

/// What crashed the server (a stack overflow aborts the whole process):
/// deep and long filters in a query, a `.search` body and a PATCH path,
/// then a sweep of nested inputs of every kind the server reads. Each is
/// answered 400 (or 413 for a body past the limit) and the server lives on.
#[test]
fn nested_and_long_inputs_are_refused_and_the_server_lives() {
    let env = Env::init();
    let mut s = Scim::start(&env);
    let u = s.req(
        "POST",
        "/Users",
        Some(&okta_user("bo@example.com", "Bo", "B")),
    );
    ok(&u, 201);
    let uid = u.body["id"].as_str().unwrap().to_string();
    let g = s.req(
        "POST",
        "/Groups",
        Some(&json!({"displayName": "Eng", "members": [{"value": uid}]})),
    );
    ok(&g, 201);
    let gid = g.body["id"].as_str().unwrap().to_string();

    // A GET filter 2,000 parentheses deep.
    let deep = format!("{}id pr{}", "(".repeat(2000), ")".repeat(2000));
    let r = s.req("GET", &format!("/Users?filter={}", encode(&deep)), None);
    scim_error(&r, 400);
    assert_eq!(r.body["scimType"], "invalidFilter");
    still_up(&mut s, "a deep GET filter");
    // A flat 600 KB chain in a .search body, for Users, Groups and both.
    let chain = vec!["id pr"; 100_000].join(" and ");
    for path in ["/Users/.search", "/Groups/.search", "/.search"] {
        let r = s.req("POST", path, Some(&json!({"filter": chain})));
        scim_error(&r, 400);
        assert_eq!(r.body["scimType"], "invalidFilter", "{path}");
        still_up(&mut s, path);
    }
    // 5,000 parentheses inside a PATCH path's brackets, on a Group and a User.
    let inner = format!("{}value pr{}", "(".repeat(5000), ")".repeat(5000));
    for (res, attr) in [
        (format!("/Groups/{gid}"), "members"),
        (format!("/Users/{uid}"), "roles"),
    ] {
        let body = json!({"Operations": [{"op": "remove", "path": format!("{attr}[{inner}]")}]});
        let r = s.req("PATCH", &res, Some(&body));
        scim_error(&r, 400);
        assert_eq!(r.body["scimType"], "invalidPath", "{res}");
        still_up(&mut s, "a deep PATCH path");
    }
    // A sweep: every kind of nesting, at depths that overflow a recursive
    // reader, in every place a SCIM request carries text.
    let n = 50_000;
    let mut bodies: Vec<(&str, String, String)> = Vec::new();
    let nested_json = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let nested_obj = format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    for b in [&nested_json, &nested_obj] {
        bodies.push(("POST", "/Users".into(), b.clone()));
        bodies.push(("PATCH", format!("/Users/{uid}"), b.clone()));
        bodies.push(("PUT", format!("/Groups/{gid}"), b.clone()));
        bodies.push(("POST", "/.search".into(), b.clone()));
    }
    let value_in_op = format!(
        "{{\"Operations\":[{{\"op\":\"add\",\"path\":\"roles\",\"value\":{}}}]}}",
        nested_json
    );
    bodies.push(("PATCH", format!("/Users/{uid}"), value_in_op));
    for (kind, open, close) in [("not", "not (", ")"), ("brackets", "emails[", "]")] {
        let f = format!("{}value pr{}", open.repeat(n / 10), close.repeat(n / 10));
        bodies.push((
            "POST",
            "/Users/.search".into(),
            json!({"filter": f}).to_string(),
        ));
        let p = json!({"Operations": [{"op": "replace", "path": f, "value": "x"}]});
        bodies.push(("PATCH", format!("/Users/{uid}"), p.to_string()));
        let _ = kind;
    }
    for (method, path, body) in bodies {
        let (status, text) = s.raw(method, &path, "application/scim+json", body);
        assert!(
            status == 400 || status == 413,
            "{method} {path}: {status} {text}"
        );
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert_eq!(
            doc["schemas"][0],
            "urn:ietf:params:scim:api:messages:2.0:Error"
        );
        still_up(&mut s, &format!("{method} {path}"));
    }
    // Nothing changed, and what was there is whole.
    let r = s.req("GET", &format!("/Groups/{gid}"), None);
    assert_eq!(r.body["members"][0]["value"], uid.as_str());
    env.ok(&["audit", "verify"]);
}

/// Runs `a` and `b` at once, released together.
fn race<A: FnOnce() + Send, B: FnOnce() + Send>(a: A, b: B) {
    let gate = std::sync::Barrier::new(2);
    std::thread::scope(|sc| {
        sc.spawn(|| {
            gate.wait();
            a()
        });
        sc.spawn(|| {
            gate.wait();
            b()
        });
    });
}

fn patch(s: &Scim, path: &str, ops: Value) {
    let r = s.req("PATCH", path, Some(&json!({"Operations": ops})));
    ok(&r, 200);
}

fn role_values(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

/// Two PATCHes adding different roles to one User, two adding different
/// roles to one Group, two adding different members: every round keeps
/// both, on either store (each PATCH decides inside its own write
/// transaction, so the second sees what the first wrote).
#[test]
fn parallel_patches_keep_every_change() {
    let env = Env::init();
    let s = Scim::start(&env);
    let ext = "urn:ietf:params:scim:schemas:extension:orgadm:2.0:Group";
    for round in 0..20 {
        let u = s.req(
            "POST",
            "/Users",
            Some(&okta_user(
                &format!("p{round}@example.com"),
                "P",
                &round.to_string(),
            )),
        );
        ok(&u, 201);
        let user = format!("/Users/{}", u.body["id"].as_str().unwrap());
        race(
            || {
                patch(
                    &s,
                    &user,
                    json!([{"op": "add", "path": "roles", "value": [{"value": "finance-admin"}]}]),
                )
            },
            || {
                patch(
                    &s,
                    &user,
                    json!([{"op": "add", "path": "roles", "value": [{"value": "org-admin"}]}]),
                )
            },
        );
        let got = s.req("GET", &user, None);
        assert_eq!(
            role_values(&got.body["roles"]),
            ["finance-admin", "org-admin", "user"],
            "round {round}"
        );

        let g = s.req(
            "POST",
            "/Groups",
            Some(&json!({"displayName": format!("G{round}"), ext: {"roles": ["user"]}})),
        );
        ok(&g, 201);
        let group = format!("/Groups/{}", g.body["id"].as_str().unwrap());
        race(
            || {
                patch(
                    &s,
                    &group,
                    json!([{"op": "add", "path": format!("{ext}:roles"), "value": ["finance-admin"]}]),
                )
            },
            || {
                patch(
                    &s,
                    &group,
                    json!([{"op": "add", "path": format!("{ext}:roles"), "value": ["org-admin"]}]),
                )
            },
        );
        let a = s.req(
            "POST",
            "/Users",
            Some(&okta_user(&format!("a{round}@example.com"), "A", "x")),
        );
        let b = s.req(
            "POST",
            "/Users",
            Some(&okta_user(&format!("b{round}@example.com"), "B", "x")),
        );
        let (aid, bid) = (a.body["id"].clone(), b.body["id"].clone());
        race(
            || {
                patch(
                    &s,
                    &group,
                    json!([{"op": "add", "path": "members", "value": [{"value": aid}]}]),
                )
            },
            || {
                patch(
                    &s,
                    &group,
                    json!([{"op": "add", "path": "members", "value": [{"value": bid}]}]),
                )
            },
        );
        let got = s.req("GET", &group, None);
        let mut roles: Vec<String> = strings(&got.body[ext]["roles"]);
        roles.sort();
        assert_eq!(
            roles,
            ["finance-admin", "org-admin", "user"],
            "round {round}"
        );
        assert_eq!(
            got.body["members"].as_array().unwrap().len(),
            2,
            "round {round}"
        );
    }
    env.ok(&["audit", "verify"]);
}

/// An admin demotes alice while an identity provider adds her a role: in
/// every round and either order, she ends without org-admin, and no audit
/// entry grants it back.
#[test]
fn a_demotion_racing_a_scim_patch_holds() {
    let env = Env::init();
    let s = Scim::start(&env);
    for round in 0..20 {
        let email = format!("alice{round}@example.com");
        let mut body = okta_user(&email, "Alice", &round.to_string());
        body["roles"] = json!([{"value": "org-admin"}]);
        let u = s.req("POST", "/Users", Some(&body));
        ok(&u, 201);
        let user = format!("/Users/{}", u.body["id"].as_str().unwrap());
        race(
            || {
                env.ok(&["user", "edit", &email, "--remove-role", "org-admin", "-y"]);
            },
            || {
                patch(
                    &s,
                    &user,
                    json!([{"op": "add", "path": "roles", "value": [{"value": "finance-admin"}]}]),
                )
            },
        );
        let got = s.req("GET", &user, None);
        assert_eq!(
            role_values(&got.body["roles"]),
            ["finance-admin"],
            "round {round}"
        );
        assert_eq!(env.effective(&email), ["finance-admin"], "round {round}");
    }
    // The only grants of org-admin in the log are the creations.
    let log = env.json(&["audit", "--limit", "1000"]);
    let grants = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["details"]["roles"]["added"]
                .to_string()
                .contains("org-admin")
        })
        .count();
    assert_eq!(grants, 0, "{log:#}");
    env.ok(&["audit", "verify"]);
}

/// RFC 7644 §3.5.2 paths: filtered role paths act on the roles they
/// match; a path naming nothing a User or Group has is a 400
/// `invalidPath`, never a 200 that changed nothing.
#[test]
fn patch_paths_act_on_what_they_name_or_are_refused() {
    let env = Env::init();
    let s = Scim::start(&env);
    let mut body = okta_user("eve@example.com", "Eve", "E");
    body["roles"] = json!(["org-admin", "finance-admin"]);
    let u = s.req("POST", "/Users", Some(&body));
    ok(&u, 201);
    let user = format!("/Users/{}", u.body["id"].as_str().unwrap());
    let roles = || role_values(&s.req("GET", &user, None).body["roles"]);
    // Removing one role by filter removes that one.
    patch(
        &s,
        &user,
        json!([{"op": "remove", "path": "roles[value eq \"org-admin\"]"}]),
    );
    assert_eq!(roles(), ["finance-admin"]);
    assert_eq!(env.effective("eve@example.com"), ["finance-admin"]);
    // A person's one direct role is their primary one: Entra replaces it.
    patch(
        &s,
        &user,
        json!([{"op": "replace", "path": "roles[primary eq \"True\"].value", "value": "user"}]),
    );
    assert_eq!(roles(), ["user"]);
    // Replacing roles the filter does not match: noTarget.
    let r = s.req("PATCH", &user, Some(&json!({"Operations": [
        {"op": "replace", "path": "roles[value eq \"org-admin\"].value", "value": "finance-admin"}]})));
    scim_error(&r, 400);
    assert_eq!(r.body["scimType"], "noTarget");
    // Paths that name nothing: invalidPath, and nothing changes.
    for path in [
        "nonsense.attr",
        "nonsense",
        "name.nonsense",
        "roles.type",
        "roles[value eq \"user\"].primary",
        "displayName[value eq \"x\"]",
        "roles[",
    ] {
        let r = s.req(
            "PATCH",
            &user,
            Some(&json!({"Operations": [
            {"op": "replace", "path": path, "value": "x"}]})),
        );
        scim_error(&r, 400);
        assert_eq!(r.body["scimType"], "invalidPath", "{path}");
    }
    assert_eq!(roles(), ["user"]);
    // Groups alike.
    let g = s.req("POST", "/Groups", Some(&json!({"displayName": "Ops"})));
    let group = format!("/Groups/{}", g.body["id"].as_str().unwrap());
    for path in [
        "nonsense",
        "displayName.x",
        "roles[value eq \"user\"]",
        "members[value eq \"x\"].display",
    ] {
        let r = s.req(
            "PATCH",
            &group,
            Some(&json!({"Operations": [
            {"op": "replace", "path": path, "value": "x"}]})),
        );
        scim_error(&r, 400);
        assert_eq!(r.body["scimType"], "invalidPath", "{path}");
    }
    // A filtered member replace that matches no member: noTarget.
    let r = s.req(
        "PATCH",
        &group,
        Some(&json!({"Operations": [
        {"op": "replace", "path": "members[value eq \"nobody\"]", "value": [{"value": "x"}]}]})),
    );
    scim_error(&r, 400);
    assert_eq!(r.body["scimType"], "noTarget");
    // One that matches replaces that member by the value.
    let a = s.req(
        "POST",
        "/Users",
        Some(&okta_user("ann@example.com", "Ann", "A")),
    );
    let b = s.req(
        "POST",
        "/Users",
        Some(&okta_user("ben@example.com", "Ben", "B")),
    );
    let (aid, bid) = (
        a.body["id"].as_str().unwrap(),
        b.body["id"].as_str().unwrap(),
    );
    patch(
        &s,
        &group,
        json!([{"op": "add", "path": "members", "value": [{"value": aid}]}]),
    );
    patch(
        &s,
        &group,
        json!([{"op": "replace", "path": format!("members[value eq \"{aid}\"]"), "value": [{"value": bid}]}]),
    );
    let members = s.req("GET", &group, None).body["members"].clone();
    assert_eq!(column(&members, "value"), [bid]);
}

/// `roles` that is not a list: one value is a list of one; a value that
/// cannot be a role is a 400; neither ever empties the role set.
#[test]
fn roles_that_are_not_a_list_never_wipe_the_roles() {
    let env = Env::init();
    let s = Scim::start(&env);
    let mut body = okta_user("fay@example.com", "Fay", "F");
    body["roles"] = json!(["user", "finance-admin"]);
    let u = s.req("POST", "/Users", Some(&body));
    let user = format!("/Users/{}", u.body["id"].as_str().unwrap());
    let roles = || role_values(&s.req("GET", &user, None).body["roles"]);
    patch(
        &s,
        &user,
        json!([{"op": "add", "path": "roles", "value": "org-admin"}]),
    );
    assert_eq!(roles(), ["finance-admin", "org-admin", "user"]);
    patch(
        &s,
        &user,
        json!([{"op": "remove", "path": "roles", "value": {"value": "org-admin"}}]),
    );
    assert_eq!(roles(), ["finance-admin", "user"]);
    for bad in [
        json!(42),
        json!(true),
        json!([42]),
        json!([{"display": "User"}]),
        json!(["nope"]),
    ] {
        for op in ["replace", "add", "remove"] {
            let r = s.req(
                "PATCH",
                &user,
                Some(&json!({"Operations": [{"op": op, "path": "roles", "value": bad}]})),
            );
            scim_error(&r, 400);
            let r = s.req(
                "PATCH",
                &user,
                Some(&json!({"Operations": [{"op": op, "value": {"roles": bad}}]})),
            );
            scim_error(&r, 400);
        }
        let mut put = okta_user("fay@example.com", "Fay", "F");
        put["roles"] = bad.clone();
        scim_error(&s.req("PUT", &user, Some(&put)), 400);
    }
    assert_eq!(roles(), ["finance-admin", "user"]);
}

/// A secondary email never becomes the person's identity; the userName is
/// kept as sent, whatever it is; the email is the primary, else the work,
/// else the first address, else the userName.
#[test]
fn the_identity_email_is_the_primary_one() {
    let env = Env::init();
    let s = Scim::start(&env);
    let u = s.req(
        "POST",
        "/Users",
        Some(&json!({
            "userName": "gil",
            "emails": [
                {"value": "gil@home.example.com", "type": "home"},
                {"value": "gil@example.com", "type": "work"}
            ]
        })),
    );
    ok(&u, 201);
    assert_eq!(u.body["userName"], "gil");
    assert_eq!(u.body["emails"][0]["value"], "gil@example.com");
    let user = format!("/Users/{}", u.body["id"].as_str().unwrap());
    // PATCH-adding a home address, and a PUT with one, rename nobody.
    patch(
        &s,
        &user,
        json!([{"op": "add", "path": "emails[type eq \"home\"].value", "value": "g@home.example.com"}]),
    );
    let mut put = json!({"userName": "gil", "emails": [{"value": "gil@example.com", "type": "work"}, {"value": "x@home.example.com", "type": "home"}]});
    ok(&s.req("PUT", &user, Some(&put)), 200);
    assert_eq!(env.person("gil@example.com")["email"], "gil@example.com");
    // The primary one wins over the work one.
    put["emails"] = json!([{"value": "gil@example.com", "type": "work"}, {"value": "gil.p@example.com", "type": "other", "primary": "True"}]);
    let r = s.req("PUT", &user, Some(&put));
    ok(&r, 200);
    assert_eq!(r.body["emails"][0]["value"], "gil.p@example.com");
    // Found by userName, case-insensitively.
    let q = s.req("GET", "/Users?filter=userName%20eq%20%22GIL%22", None);
    assert_eq!(q.body["totalResults"], 1);
    // No address anywhere: 400. A userName another person has: 409.
    scim_error(
        &s.req("POST", "/Users", Some(&json!({"userName": "nomail"}))),
        400,
    );
    let r = s.req(
        "POST",
        "/Users",
        Some(&json!({"userName": "Gil", "emails": [{"value": "other@example.com"}]})),
    );
    scim_error(&r, 409);
    assert_eq!(r.body["scimType"], "uniqueness");
    let r = s.req(
        "POST",
        "/Users",
        Some(&json!({"userName": "ada@example.com", "emails": [{"value": "other@example.com"}]})),
    );
    scim_error(&r, 409);
}

/// Every string from a provider passes the CLI's rules: control
/// characters, NUL, bidi controls and 5,000 characters are 400s in name
/// parts, externalIds and userNames, for Users and Groups.
#[test]
fn provider_strings_pass_the_rules_of_every_field() {
    let env = Env::init();
    let s = Scim::start(&env);
    let u = s.req(
        "POST",
        "/Users",
        Some(&okta_user("hal@example.com", "Hal", "H")),
    );
    let user = format!("/Users/{}", u.body["id"].as_str().unwrap());
    let g = s.req("POST", "/Groups", Some(&json!({"displayName": "Hal's"})));
    let group = format!("/Groups/{}", g.body["id"].as_str().unwrap());
    let long = "x".repeat(5000);
    for bad in [
        "a\u{0}b",
        "a\u{1b}[31mb",
        "a\u{202e}b",
        "a\u{200b}b",
        long.as_str(),
    ] {
        for path in [
            "name.givenName",
            "name.familyName",
            "externalId",
            "userName",
            "displayName",
        ] {
            let r = s.req(
                "PATCH",
                &user,
                Some(&json!({"Operations": [{"op": "replace", "path": path, "value": bad}]})),
            );
            scim_error(&r, 400);
        }
        for path in ["externalId", "displayName"] {
            let r = s.req(
                "PATCH",
                &group,
                Some(&json!({"Operations": [{"op": "replace", "path": path, "value": bad}]})),
            );
            scim_error(&r, 400);
        }
        let mut b = okta_user("new@example.com", bad, "N");
        scim_error(&s.req("POST", "/Users", Some(&b)), 400);
        b = okta_user("new@example.com", "N", "N");
        b["externalId"] = json!(bad);
        scim_error(&s.req("POST", "/Users", Some(&b)), 400);
        scim_error(
            &s.req(
                "POST",
                "/Groups",
                Some(&json!({"displayName": "G", "externalId": bad})),
            ),
            400,
        );
    }
    let dump = env.dump();
    assert!(!dump.contains('\u{202e}') && !dump.contains('\u{0}') && !dump.contains(&long));
}

/// `active: true` on an invited person cannot give access: 409, saying they
/// must accept their invitation.
#[test]
fn an_invited_person_is_not_activated_over_scim() {
    let env = Env::init();
    env.invite("ivy@example.com", "Ivy", &["--role", "user"]);
    let s = Scim::start(&env);
    let q = s.req(
        "GET",
        "/Users?filter=userName%20eq%20%22ivy%40example.com%22",
        None,
    );
    let user = format!("/Users/{}", q.body["Resources"][0]["id"].as_str().unwrap());
    let r = s.req(
        "PATCH",
        &user,
        Some(&json!({"Operations": [{"op": "replace", "path": "active", "value": true}]})),
    );
    scim_error(&r, 409);
    assert!(
        r.body["detail"].as_str().unwrap().contains("accept"),
        "{}",
        r.body
    );
    assert_eq!(env.person("ivy@example.com")["status"], "invited");
    // Other changes to an invited person still work.
    patch(
        &s,
        &user,
        json!([{"op": "replace", "path": "displayName", "value": "Ivy B"}]),
    );
    assert_eq!(env.person("ivy@example.com")["name"], "Ivy B");
}

/// A revoked token's name can be taken again (rotation under one name);
/// the old token stays dead, a live name stays taken; a body that is not
/// JSON by its Content-Type is 415; paging past the end is an empty page.
#[test]
fn token_rotation_content_types_and_paging() {
    let env = Env::init();
    let s = Scim::start(&env);
    let old = env.ok(&["scim", "token", "create", "entra"]).last_line();
    env.code(4, &["scim", "token", "create", "entra"]);
    env.ok(&["scim", "token", "revoke", "entra"]);
    let new = env.ok(&["scim", "token", "create", "entra"]).last_line();
    scim_error(&s.req_as("GET", "/Users", None, Some(&old)), 401);
    ok(&s.req_as("GET", "/Users", None, Some(&new)), 200);
    let list = env.json(&["scim", "token", "list"]);
    assert_eq!(column(&list, "name"), ["entra", "okta"]);
    assert_eq!(list[0]["state"], "active");

    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
    ] {
        let (status, body) = s.raw(
            "POST",
            "/Users",
            ct,
            okta_user("x@example.com", "X", "Y").to_string(),
        );
        assert_eq!(status, 415, "{ct}: {body}");
    }
    let (status, _) = s.raw(
        "POST",
        "/Users",
        "application/json; charset=utf-8",
        okta_user("x@example.com", "X", "Y").to_string(),
    );
    assert_eq!(status, 201);

    let r = s.req("GET", "/Users?startIndex=99999999999999999999", None);
    ok(&r, 200);
    assert_eq!(r.body["Resources"], json!([]));
    assert_eq!(r.body["totalResults"], 2);
    for bad in ["startIndex=1.5", "count=abc", "startIndex=", "count=1e2"] {
        let r = s.req("GET", &format!("/Users?{bad}"), None);
        scim_error(&r, 400);
        assert_eq!(r.body["scimType"], "invalidValue", "{bad}");
    }
}

/// The plain paths a User has: each changes what it names, what orgadm does
/// not keep is accepted and ignored, and what is read-only or required says
/// so (400 `mutability`).
#[test]
fn user_paths_change_what_they_name() {
    let env = Env::init();
    let s = Scim::start(&env);
    let u = s.req(
        "POST",
        "/Users",
        Some(&okta_user("kim@example.com", "Kim", "K")),
    );
    let user = format!("/Users/{}", u.body["id"].as_str().unwrap());
    patch(
        &s,
        &user,
        json!([{"op": "replace", "path": "name.formatted", "value": "Kim Park"}]),
    );
    assert_eq!(env.person("kim@example.com")["name"], "Kim Park");
    patch(
        &s,
        &user,
        json!([{"op": "replace", "path": "emails.value", "value": "kim.park@example.com"}]),
    );
    assert_eq!(env.person("kim.park@example.com")["name"], "Kim Park");
    for (path, value) in [
        ("locale", json!("en-US")),
        ("password", json!("s3cret")),
        ("title", json!("Engineer")),
        (
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            json!("R&D"),
        ),
        ("phoneNumbers[type eq \"work\"].value", json!("555")),
    ] {
        patch(
            &s,
            &user,
            json!([{"op": "replace", "path": path, "value": value}]),
        );
    }
    assert_eq!(env.person("kim.park@example.com")["name"], "Kim Park");
    // `emails` as a whole: its primary, else work, else first address.
    patch(
        &s,
        &user,
        json!([{"op": "replace", "path": "emails", "value": [
        {"value": "k@home.example.com", "type": "home"}, {"value": "kim.p@example.com", "type": "work"}]}]),
    );
    patch(
        &s,
        &user,
        json!([{"op": "replace", "path": "emails", "value": [
        {"value": "kim.park@example.com", "type": "work"}]}]),
    );
    assert_eq!(env.person("kim.park@example.com")["name"], "Kim Park");
    // `add` on a filtered role path adds the value, matched or not.
    patch(
        &s,
        &user,
        json!([{"op": "add", "path": "roles[value eq \"org-admin\"]", "value": "finance-admin"}]),
    );
    assert_eq!(
        env.effective("kim.park@example.com"),
        ["finance-admin", "user"]
    );
    for (op, path) in [
        ("remove", "name.formatted"),
        ("remove", "emails.value"),
        ("replace", "groups"),
        ("add", "groups[value eq \"x\"]"),
    ] {
        let r = s.req(
            "PATCH",
            &user,
            Some(&json!({"Operations": [{"op": op, "path": path, "value": [{"value": "x"}]}]})),
        );
        scim_error(&r, 400);
        assert_eq!(r.body["scimType"], "mutability", "{op} {path}");
    }
}
