//! SCIM 2.0 through `orgadm serve` on 127.0.0.1, with a real HTTP client
//! (ureq) and the request bodies Okta and Entra ID send (from their
//! provisioning documentation).

use std::io::BufRead;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::*;

pub struct Scim {
    pub child: Proc,
    pub base: String,
    pub token: String,
    agent: ureq::Agent,
}

pub struct Resp {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Scim {
    pub fn start(env: &Env) -> Scim {
        let token = env.ok(&["scim", "token", "create", "okta"]).last_line();
        assert!(token.starts_with("scim_"), "{token}");
        let port = free_port();
        let mut child = env
            .cmd()
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn_guarded();
        let mut log = std::io::BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        log.read_line(&mut line).unwrap();
        assert!(line.contains("SCIM"), "{line}");
        std::thread::spawn(move || for _ in log.lines() {});
        let t0 = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(t0.elapsed() < Duration::from_secs(10));
            std::thread::sleep(Duration::from_millis(20));
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Scim {
            child,
            base: format!("http://127.0.0.1:{port}/scim/v2"),
            token,
            agent,
        }
    }

    pub fn req(&self, method: &str, path: &str, body: Option<&Value>) -> Resp {
        self.req_as(method, path, body, Some(&self.token))
    }

    /// A request with a body sent as it is (not JSON, or not a Value).
    pub fn raw(&self, method: &str, path: &str, content_type: &str, body: String) -> (u16, String) {
        let url = format!("{}{path}", self.base);
        let auth = format!("Bearer {}", self.token);
        let r = match method {
            "POST" => self.agent.post(&url),
            "PUT" => self.agent.put(&url),
            "PATCH" => self.agent.patch(&url),
            other => panic!("method {other}"),
        };
        let mut resp = r
            .header("Authorization", &auth)
            .header("Content-Type", content_type)
            .send(body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = resp.status().as_u16();
        (status, resp.body_mut().read_to_string().unwrap_or_default())
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    pub fn req_as(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        token: Option<&str>,
    ) -> Resp {
        let url = format!("{}{path}", self.base);
        let auth = token.map(|t| format!("Bearer {t}"));
        let result = match (method, body) {
            ("GET", _) => {
                let mut r = self.agent.get(&url);
                if let Some(a) = &auth {
                    r = r.header("Authorization", a);
                }
                r.call()
            }
            ("DELETE", _) => {
                let mut r = self.agent.delete(&url);
                if let Some(a) = &auth {
                    r = r.header("Authorization", a);
                }
                r.call()
            }
            (m, b) => {
                let mut r = match m {
                    "POST" => self.agent.post(&url),
                    "PUT" => self.agent.put(&url),
                    "PATCH" => self.agent.patch(&url),
                    other => panic!("method {other}"),
                };
                if let Some(a) = &auth {
                    r = r.header("Authorization", a);
                }
                r.header("Content-Type", "application/scim+json")
                    .send(b.map(|b| b.to_string()).unwrap_or_default())
            }
        };
        let mut resp = result.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = resp.status().as_u16();
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let content_type = headers
            .iter()
            .find(|(k, _)| k == "content-type")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {text}"))
        };
        Resp {
            status,
            content_type,
            headers,
            body,
        }
    }
}

pub fn ok(r: &Resp, status: u16) {
    assert_eq!(r.status, status, "{}", r.body);
    if status != 204 {
        assert!(
            r.content_type.starts_with("application/scim+json"),
            "{}",
            r.content_type
        );
    }
}

pub fn scim_error(r: &Resp, status: u16) {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(
        r.content_type.starts_with("application/scim+json"),
        "{}",
        r.content_type
    );
    assert_eq!(
        r.body["schemas"][0],
        "urn:ietf:params:scim:api:messages:2.0:Error"
    );
    assert_eq!(r.body["status"], status.to_string());
    assert!(r.body["detail"].is_string());
}

/// Okta's create-user body, with `password` and `groups: []`.
pub fn okta_user(email: &str, given: &str, family: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": email,
        "name": {"givenName": given, "familyName": family},
        "emails": [{"primary": true, "value": email, "type": "work"}],
        "displayName": format!("{given} {family}"),
        "locale": "en-US",
        "externalId": format!("00u{given}"),
        "groups": [],
        "password": "1mz050nq",
        "active": true
    })
}

#[test]
fn tokens_and_discovery() {
    let env = Env::init();
    let s = Scim::start(&env);
    // No token, a wrong one, a revoked one: 401 with a SCIM body.
    for t in [None, Some("scim_nope"), Some("")] {
        let r = s.req_as("GET", "/Users", None, t);
        scim_error(&r, 401);
    }
    let other = env
        .ok(&["scim", "token", "create", "entra", "--expires-in", "30d"])
        .last_line();
    ok(&s.req_as("GET", "/Users", None, Some(&other)), 200);
    env.ok(&["scim", "token", "revoke", "entra"]);
    scim_error(&s.req_as("GET", "/Users", None, Some(&other)), 401);
    let list = env.json(&["scim", "token", "list"]);
    assert_eq!(list[0]["name"], "entra");
    assert_eq!(list[0]["state"], "revoked");
    assert_eq!(list[1]["name"], "okta");
    // Discovery says what is supported; other methods are 405.
    let c = s.req("GET", "/ServiceProviderConfig", None);
    ok(&c, 200);
    assert_eq!(c.body["patch"]["supported"], true);
    assert_eq!(c.body["bulk"]["supported"], false);
    assert_eq!(c.body["etag"]["supported"], false);
    assert_eq!(c.body["filter"]["supported"], true);
    let rt = s.req("GET", "/ResourceTypes", None);
    ok(&rt, 200);
    assert_eq!(rt.body["totalResults"], 2);
    let sc = s.req("GET", "/Schemas", None);
    ok(&sc, 200);
    assert_eq!(sc.body["totalResults"], 3);
    let r = s.req("POST", "/ServiceProviderConfig", Some(&json!({})));
    scim_error(&r, 405);
    assert!(
        r.headers.iter().any(|(k, _)| k == "allow"),
        "{:?}",
        r.headers
    );
    scim_error(&s.req("GET", "/Widgets", None), 404);
    scim_error(&s.req("GET", "/Users/no-such-id", None), 404);
    let list = env.json(&["scim", "token", "list"]);
    assert!(list[1]["last_used_at"].is_string(), "{list}");
}

#[test]
fn users_as_okta_provisions_them() {
    let env = Env::init();
    let s = Scim::start(&env);
    // Okta first asks whether the user exists.
    let q = s.req(
        "GET",
        "/Users?filter=userName%20eq%20%22bob%40example.com%22&startIndex=1&count=100",
        None,
    );
    ok(&q, 200);
    assert_eq!(q.body["totalResults"], 0);
    let c = s.req(
        "POST",
        "/Users",
        Some(&okta_user("bob@example.com", "Bob", "Builder")),
    );
    ok(&c, 201);
    let id = c.body["id"].as_str().unwrap().to_string();
    assert_eq!(c.body["userName"], "bob@example.com");
    assert_eq!(c.body["active"], true);
    assert_eq!(c.body["externalId"], "00uBob");
    assert_eq!(c.body["roles"][0]["value"], "user", "default role");
    assert!(c
        .headers
        .iter()
        .any(|(k, v)| k == "location" && v.ends_with(&id)));
    // The person is active (the provider vouches), audited as scim:okta.
    let p = env.person("bob@example.com");
    assert_eq!(p["status"], "active");
    assert_eq!(p["name"], "Bob Builder");
    assert_eq!(
        env.json(&["audit", "--limit", "1"])[0]["actor"],
        "scim:okta"
    );
    // A duplicate userName (any case) is 409.
    let d = s.req(
        "POST",
        "/Users",
        Some(&okta_user("BOB@example.com", "Bob", "Again")),
    );
    scim_error(&d, 409);
    assert_eq!(d.body["scimType"], "uniqueness");
    // Case-insensitive userName filter, GET by id.
    let q = s.req(
        "GET",
        "/Users?filter=userName%20eq%20%22BOB%40EXAMPLE.COM%22",
        None,
    );
    assert_eq!(q.body["totalResults"], 1);
    ok(&s.req("GET", &format!("/Users/{id}"), None), 200);
    // Okta's path-less deactivation.
    let r = s.req(
        "PATCH",
        &format!("/Users/{id}"),
        Some(&json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "value": {"active": false}}]
        })),
    );
    ok(&r, 200);
    assert_eq!(r.body["active"], false);
    assert_eq!(env.person("bob@example.com")["status"], "suspended");
    // And back, plus a rename by name parts.
    let r = s.req(
        "PATCH",
        &format!("/Users/{id}"),
        Some(&json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                {"op": "replace", "value": {"active": true}},
                {"op": "replace", "path": "name.familyName", "value": "Mason"}
            ]
        })),
    );
    ok(&r, 200);
    assert_eq!(env.person("bob@example.com")["status"], "active");
    assert_eq!(env.person("bob@example.com")["name"], "Bob Mason");
    // Okta's PUT of the whole user.
    let mut put = okta_user("bob@example.com", "Robert", "Mason");
    put["id"] = json!(id);
    put["roles"] = json!([{"value": "finance-admin"}]);
    let r = s.req("PUT", &format!("/Users/{id}"), Some(&put));
    ok(&r, 200);
    assert_eq!(env.person("bob@example.com")["name"], "Robert Mason");
    assert_eq!(
        strings(&env.person("bob@example.com")["roles"]),
        ["finance-admin"]
    );
    // Attributes and excludedAttributes.
    let r = s.req("GET", &format!("/Users/{id}?attributes=userName"), None);
    let keys: Vec<&String> = r.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "schemas", "userName"], "{}", r.body);
    let r = s.req("GET", "/Users?excludedAttributes=groups,meta", None);
    assert!(r.body["Resources"][0].get("groups").is_none());
    assert!(r.body["Resources"][0].get("meta").is_none());
    // DELETE removes the person.
    ok(&s.req("DELETE", &format!("/Users/{id}"), None), 204);
    env.code(3, &["user", "show", "bob@example.com"]);
    scim_error(&s.req("GET", &format!("/Users/{id}"), None), 404);
}

#[test]
fn users_as_entra_provisions_them() {
    let env = Env::init();
    let s = Scim::start(&env);
    let c = s.req(
        "POST",
        "/Users",
        Some(&json!({
            "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
            ],
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
            "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@testuser.com",
            "active": true,
            "emails": [{"primary": true, "type": "work", "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"}],
            "meta": {"resourceType": "User"},
            "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
            "roles": []
        })),
    );
    ok(&c, 201);
    let id = c.body["id"].as_str().unwrap().to_string();
    // The userName is kept as sent; the person's email is the primary one.
    assert_eq!(
        c.body["userName"],
        "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@testuser.com"
    );
    let primary = "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com";
    assert_eq!(c.body["emails"][0]["value"], primary);
    assert_eq!(env.person(primary)["email"], primary);
    // Entra's filter on the work email, and on the userName.
    let q = s.req(
        "GET",
        "/Users?filter=emails%5Btype%20eq%20%22work%22%5D.value%20eq%20%22test_user_fd0ea19b-0777-472c-9f96-4f70d2226f2e%40testuser.com%22",
        None,
    );
    ok(&q, 200);
    assert_eq!(q.body["totalResults"], 1, "{}", q.body);
    let q = s.req(
        "GET",
        "/Users?filter=userName%20eq%20%22test_user_ab6490ee-1e48-479e-a20b-2d77186b5dd1%40testuser.com%22",
        None,
    );
    assert_eq!(q.body["totalResults"], 1, "{}", q.body);
    let q = s.req(
        "GET",
        "/Users?filter=externalId%20eq%20%220a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef%22",
        None,
    );
    assert_eq!(q.body["totalResults"], 1);
    // Entra's "Replace" with the string "False", and its dotted/URN keys.
    let r = s.req(
        "PATCH",
        &format!("/Users/{id}"),
        Some(&json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                {"op": "Replace", "path": "active", "value": "False"},
                {"op": "Add", "value": {"displayName": "Ada Test", "urn:ietf:params:scim:schemas:core:2.0:User:externalId": "ext-2"}}
            ]
        })),
    );
    ok(&r, 200);
    assert_eq!(r.body["active"], false);
    assert_eq!(r.body["displayName"], "Ada Test");
    assert_eq!(r.body["externalId"], "ext-2");
    let r = s.req(
        "PATCH",
        &format!("/Users/{id}"),
        Some(
            &json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "active", "value": "True"}]}),
        ),
    );
    assert_eq!(r.body["active"], true);
    // Entra changes the work email (emails[type eq "work"].value): the
    // person's address moves, the userName stays as sent.
    let r = s.req(
        "PATCH",
        &format!("/Users/{id}"),
        Some(&json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "ada.test@example.com"}]})),
    );
    ok(&r, 200);
    assert_eq!(r.body["emails"][0]["value"], "ada.test@example.com");
    assert_eq!(r.body["userName"], c.body["userName"]);
    // The person is found by the new address only.
    assert_eq!(
        env.person("ada.test@example.com")["email"],
        "ada.test@example.com"
    );
    env.code(3, &["user", "show", primary]);
    // A new userName, even one that is no address, changes the userName only.
    for name in ["Ada.Test@example.com", "ada.t"] {
        let r = s.req(
            "PATCH",
            &format!("/Users/{id}"),
            Some(&json!({"Operations": [{"op": "replace", "path": "userName", "value": name}]})),
        );
        ok(&r, 200);
        assert_eq!(r.body["userName"], name);
        assert_eq!(
            env.person("ada.test@example.com")["email"],
            "ada.test@example.com"
        );
    }
    // Bad requests: a bad filter, an unknown op, bad JSON, a bad role.
    scim_error(
        &s.req("GET", "/Users?filter=userName%20zz%20%22x%22", None),
        400,
    );
    let r = s.req(
        "PATCH",
        &format!("/Users/{id}"),
        Some(&json!({"Operations": [{"op": "frobnicate", "path": "active", "value": true}]})),
    );
    scim_error(&r, 400);
    let r = s.req(
        "POST",
        "/Users",
        Some(&json!({"userName": "x@example.com", "roles": [{"value": "wizard"}]})),
    );
    scim_error(&r, 400);
    assert_eq!(r.body["scimType"], "invalidValue");
}

#[test]
fn groups_as_okta_and_entra_manage_them() {
    let env = Env::init();
    let s = Scim::start(&env);
    let mut ids = Vec::new();
    for (e, g) in [
        ("bob@example.com", "Bob"),
        ("fin@example.com", "Fin"),
        ("cy@example.com", "Cy"),
    ] {
        ids.push(
            s.req("POST", "/Users", Some(&okta_user(e, g, "X"))).body["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    // Create with members and roles in the orgadm extension.
    let c = s.req(
        "POST",
        "/Groups",
        Some(&json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Billing",
            "members": [{"value": ids[0]}],
            "urn:ietf:params:scim:schemas:extension:orgadm:2.0:Group": {"roles": ["finance-admin"]}
        })),
    );
    ok(&c, 201);
    let gid = c.body["id"].as_str().unwrap().to_string();
    // By default a client reads back what it wrote: the member's display
    // (`returned: request`) only when `attributes` asks for it.
    assert_eq!(
        c.body["members"],
        json!([{"value": ids[0], "type": "User", "$ref": format!("/scim/v2/Users/{}", ids[0])}])
    );
    let r = s.req(
        "GET",
        &format!("/Groups/{gid}?attributes=members.display"),
        None,
    );
    ok(&r, 200);
    assert_eq!(r.body["members"][0]["display"], "bob@example.com");
    assert!(r.body.get("displayName").is_none(), "{}", r.body);
    // Another sub-attribute of members is not a request for the display.
    let r = s.req(
        "GET",
        &format!("/Groups/{gid}?attributes=members.value"),
        None,
    );
    assert!(r.body["members"][0].get("display").is_none(), "{}", r.body);
    let u = s.req("GET", &format!("/Users/{}", ids[0]), None);
    assert_eq!(u.body["roles"], json!([{"value": "user"}]));
    assert_eq!(
        u.body["emails"],
        json!([{"value": "bob@example.com", "type": "work"}])
    );
    let u = s.req(
        "GET",
        &format!("/Users/{}?attributes=roles.display,emails.primary", ids[0]),
        None,
    );
    assert_eq!(
        u.body["roles"],
        json!([{"value": "user", "display": "User"}])
    );
    assert_eq!(u.body["emails"][0]["primary"], true);
    assert_eq!(
        strings(&env.person("bob@example.com")["effective_roles"]),
        ["finance-admin", "user"]
    );
    scim_error(
        &s.req("POST", "/Groups", Some(&json!({"displayName": "billing"}))),
        409,
    );
    // Removing some roles by value, by the attribute's path or the
    // extension's: the rest stay.
    let ext = "urn:ietf:params:scim:schemas:extension:orgadm:2.0:Group";
    let ops = s.req(
        "POST",
        "/Groups",
        Some(&json!({"displayName": "Ops", ext: {"roles": ["finance-admin", "user"]}})),
    );
    ok(&ops, 201);
    let ops = format!("/Groups/{}", ops.body["id"].as_str().unwrap());
    for (path, value) in [
        (format!("{ext}:roles"), json!(["finance-admin"])),
        (ext.to_string(), json!({"roles": ["finance-admin"]})),
    ] {
        let add = json!({"Operations": [{"op": "add", "path": format!("{ext}:roles"), "value": ["finance-admin"]}]});
        ok(&s.req("PATCH", &ops, Some(&add)), 200);
        let rm = json!({"Operations": [{"op": "remove", "path": path, "value": value}]});
        let r = s.req("PATCH", &ops, Some(&rm));
        ok(&r, 200);
        assert_eq!(r.body[ext]["roles"], json!(["user"]), "{path}");
    }
    // Without roles a group gets the default.
    let c2 = s.req("POST", "/Groups", Some(&json!({"displayName": "Staff"})));
    ok(&c2, 201);
    assert_eq!(
        strings(&env.json(&["group", "show", "Staff"])["roles"]),
        ["user"]
    );
    // Entra adds members with a value list.
    let r = s.req(
        "PATCH",
        &format!("/Groups/{gid}"),
        Some(&json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "Add", "path": "members", "value": [{"value": ids[1]}, {"value": ids[2]}]}]})),
    );
    ok(&r, 200);
    assert_eq!(r.body["members"].as_array().unwrap().len(), 3);
    // Okta removes one with a value filter (the case authentik ignored).
    let r = s.req(
        "PATCH",
        &format!("/Groups/{gid}"),
        Some(
            &json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "remove", "path": format!("members[value eq \"{}\"]", ids[2])}]}),
        ),
    );
    ok(&r, 200);
    let members = strings(&env.json(&["group", "show", "Billing"])["members"]);
    assert_eq!(members, ["bob@example.com", "fin@example.com"]);
    // Entra removes with a value list; Okta renames path-less.
    let r = s.req(
        "PATCH",
        &format!("/Groups/{gid}"),
        Some(
            &json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                {"op": "Remove", "path": "members", "value": [{"value": ids[1]}]},
                {"op": "replace", "value": {"id": gid, "displayName": "Finance"}}
            ]}),
        ),
    );
    ok(&r, 200);
    assert_eq!(r.body["displayName"], "Finance");
    assert_eq!(r.body["members"].as_array().unwrap().len(), 1);
    // Entra's group query without members.
    let r = s.req(
        "GET",
        "/Groups?excludedAttributes=members&filter=displayName%20eq%20%22Finance%22",
        None,
    );
    ok(&r, 200);
    assert_eq!(r.body["totalResults"], 1);
    assert!(r.body["Resources"][0].get("members").is_none());
    // `replace members []` empties the group (SCIM-SDK answered 400 here).
    let r = s.req(
        "PATCH",
        &format!("/Groups/{gid}"),
        Some(
            &json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "members", "value": []}]}),
        ),
    );
    ok(&r, 200);
    assert_eq!(r.body["members"], json!([]));
    // An unknown member is a 400, and nothing changes.
    let before = env.dump();
    let r = s.req(
        "PATCH",
        &format!("/Groups/{gid}"),
        Some(&json!({"Operations": [{"op": "add", "path": "members", "value": [{"value": "nobody"}]}]})),
    );
    scim_error(&r, 400);
    assert_eq!(env.dump(), before);
    // The user shows its groups (read-only).
    let u = s.req("GET", &format!("/Users/{}", ids[0]), None);
    assert_eq!(u.body["groups"], json!([]));
    // .search, per type and at the root.
    let r = s.req(
        "POST",
        "/Groups/.search",
        Some(&json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "filter": "displayName sw \"Fin\"", "startIndex": 1, "count": 10
        })),
    );
    ok(&r, 200);
    assert_eq!(r.body["totalResults"], 1);
    let r = s.req(
        "POST",
        "/.search",
        Some(&json!({"filter": "displayName pr", "count": 2})),
    );
    ok(&r, 200);
    assert_eq!(r.body["itemsPerPage"], 2);
    assert!(r.body["totalResults"].as_u64().unwrap() >= 5);
    ok(&s.req("DELETE", &format!("/Groups/{gid}"), None), 204);
    env.code(3, &["group", "show", "Finance"]);
}

/// Entra sends a group's object id as its externalId when it creates the
/// group, and a new one after the group is recreated on its side; a PUT
/// that leaves it out clears it. Each is read back from the store.
#[test]
fn a_groups_external_id_is_kept_changed_and_cleared() {
    let env = Env::init();
    let s = Scim::start(&env);
    let c = s.req(
        "POST",
        "/Groups",
        Some(&json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "displayName": "Group1",
            "members": []
        })),
    );
    ok(&c, 201);
    let g = format!("/Groups/{}", c.body["id"].as_str().unwrap());
    assert_eq!(
        s.req("GET", &g, None).body["externalId"],
        "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"
    );
    let r = s.req(
        "PATCH",
        &g,
        Some(&json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "Replace", "path": "externalId", "value": "4e7a9f00-1b1c-4d8e-9e4f-0c2b8d6a1e55"}]})),
    );
    ok(&r, 200);
    assert_eq!(
        s.req("GET", &g, None).body["externalId"],
        "4e7a9f00-1b1c-4d8e-9e4f-0c2b8d6a1e55"
    );
    let log = env.json(&["audit"]);
    assert_eq!(
        log[0]["details"],
        json!({"external_id": {"from": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "to": "4e7a9f00-1b1c-4d8e-9e4f-0c2b8d6a1e55"}}),
        "{}",
        log[0]
    );
    let put = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": "Group1"
    });
    ok(&s.req("PUT", &g, Some(&put)), 200);
    let b = s.req("GET", &g, None).body;
    assert!(b.get("externalId").is_none(), "{b}");
    env.ok(&["audit", "verify"]);
}

#[test]
fn the_rules_hold_over_scim() {
    let env = Env::init();
    let s = Scim::start(&env);
    // The only org-admin comes from a group: emptying it, deleting it,
    // suspending or deleting the admin is a 409, and nothing changes.
    let admin = s
        .req(
            "GET",
            "/Users?filter=userName%20eq%20%22ada%40example.com%22",
            None,
        )
        .body["Resources"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let g = s.req(
        "POST",
        "/Groups",
        Some(&json!({
            "displayName": "Admins", "members": [{"value": admin}],
            "urn:ietf:params:scim:schemas:extension:orgadm:2.0:Group": {"roles": ["org-admin"]}
        })),
    );
    ok(&g, 201);
    let gid = g.body["id"].as_str().unwrap().to_string();
    env.ok(&["user", "edit", ADMIN, "--remove-role", "org-admin"]);
    let before = env.dump();
    for (m, p, b) in [
        (
            "PATCH",
            format!("/Groups/{gid}"),
            Some(json!({"Operations": [{"op": "replace", "path": "members", "value": []}]})),
        ),
        ("DELETE", format!("/Groups/{gid}"), None),
        (
            "PATCH",
            format!("/Users/{admin}"),
            Some(json!({"Operations": [{"op": "replace", "value": {"active": false}}]})),
        ),
        ("DELETE", format!("/Users/{admin}"), None),
        (
            "PATCH",
            format!("/Groups/{gid}"),
            Some(
                json!({"Operations": [{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:orgadm:2.0:Group:roles", "value": ["user"]}]}),
            ),
        ),
    ] {
        let r = s.req(m, &p, b.as_ref());
        scim_error(&r, 409);
        assert!(
            r.body["detail"]
                .as_str()
                .unwrap()
                .contains("without an active org-admin"),
            "{}",
            r.body
        );
    }
    assert_eq!(env.dump(), before);
    // What every person and group has can be replaced, not removed (RFC 7644
    // §3.5.2.2, `mutability`): a removed `active` used to mean active again,
    // which would give a suspended person their access back.
    let user = format!("/Users/{admin}");
    let group = format!("/Groups/{gid}");
    for (p, path) in [
        (&user, "active"),
        (&user, "displayName"),
        (&user, "name"),
        (&user, "name.formatted"),
        (&user, "emails"),
        (&user, "emails[type eq \"work\"].value"),
        (&user, "userName"),
        (&group, "displayName"),
        (
            &group,
            "urn:ietf:params:scim:schemas:extension:orgadm:2.0:Group:roles",
        ),
        (
            &group,
            "urn:ietf:params:scim:schemas:extension:orgadm:2.0:Group",
        ),
    ] {
        let body = json!({"Operations": [{"op": "Remove", "path": path}]});
        let r = s.req("PATCH", p, Some(&body));
        scim_error(&r, 400);
        assert_eq!(r.body["scimType"], "mutability", "{path}: {}", r.body);
    }
    assert_eq!(env.dump(), before);
    let schema = s.req(
        "GET",
        "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
        None,
    );
    ok(&schema, 200);
    for a in schema.body["attributes"].as_array().unwrap() {
        let required = ["userName", "name", "displayName", "active", "emails"]
            .contains(&a["name"].as_str().unwrap());
        assert_eq!(a["required"], required, "{a}");
    }
    env.ok(&["audit", "verify"]);
}

/// SCIM requests and CLI commands at once on the same store keep every
/// invariant and one audit chain.
#[test]
fn scim_and_the_cli_at_once() {
    let env = Env::init();
    let s = Scim::start(&env);
    std::thread::scope(|sc| {
        let s = &s;
        let env = &env;
        sc.spawn(move || {
            for i in 0..15 {
                let r = s.req(
                    "POST",
                    "/Users",
                    Some(&okta_user(
                        &format!("s{i}@example.com"),
                        &format!("S{i}"),
                        "X",
                    )),
                );
                assert_eq!(r.status, 201, "{}", r.body);
            }
        });
        sc.spawn(move || {
            for i in 0..15 {
                env.ok(&add_args(
                    &format!("c{i}@example.com"),
                    "C",
                    &["--role", "user", "--no-email"],
                ));
            }
        });
    });
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 31);
    let v = env.json(&["audit", "verify"]);
    assert_eq!(v["entries"], 32);
}

/// `[serve] tls_cert` / `tls_key`: HTTPS directly, both the page and SCIM
/// on one listener; a client that trusts the CA gets through.
#[test]
fn serve_speaks_https_with_its_own_certificate() {
    use std::io::{Read, Write};
    use std::sync::Arc;
    let env = Env::init();
    let certs = certs();
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\n[serve]\ntls_cert = \"{}\"\ntls_key = \"{}\"\n",
        certs.cert().display(),
        certs.key().display()
    ));
    let token = env.ok(&["scim", "token", "create", "okta"]).last_line();
    let port = free_port();
    let mut child = env
        .cmd()
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn_guarded();
    let mut log = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    log.read_line(&mut line).unwrap();
    assert!(line.contains("https://"), "{line}");
    std::thread::spawn(move || for _ in log.lines() {});
    let mut roots = rustls::RootCertStore::empty();
    let pem = std::fs::read(certs.ca()).unwrap();
    use rustls::pki_types::pem::PemObject;
    for c in rustls::pki_types::CertificateDer::pem_slice_iter(&pem) {
        roots.add(c.unwrap()).unwrap();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let cfg = Arc::new(
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    );
    let get = |path: &str, auth: Option<&str>| -> String {
        let t0 = Instant::now();
        let tcp = loop {
            match std::net::TcpStream::connect(("127.0.0.1", port)) {
                Ok(t) => break t,
                Err(_) if t0.elapsed() < Duration::from_secs(10) => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Err(e) => panic!("{e}"),
            }
        };
        let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
        let conn = rustls::ClientConnection::new(cfg.clone(), name).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        let auth = auth
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        write!(
            tls,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        let _ = tls.read_to_string(&mut out);
        out
    };
    let r = get("/scim/v2/ServiceProviderConfig", Some(&token));
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    assert!(r.contains("application/scim+json"), "{r}");
    let r = get("/", None);
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    // Plain HTTP to the TLS port gets nowhere, and the server is unharmed.
    let mut plain = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    plain
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let _ = write!(plain, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    let mut buf = Vec::new();
    let _ = plain.read_to_end(&mut buf);
    assert!(!String::from_utf8_lossy(&buf).contains("200 OK"));
    assert!(get("/", None).starts_with("HTTP/1.1 200"));
    let _ = child.kill();
    let _ = child.wait();
}

/// A third-party conformance suite (scim2-tester, PyPI) runs every check it
/// has against the server: discovery, create, get, list, search, attributes,
/// PUT, PATCH add/replace/remove of every attribute, delete. All pass but
/// one, which is told apart exactly: it adds a role to a User it created
/// without roles and expects only that role back, while orgadm gave the new
/// User `[scim] default_roles` (SPEC §12) and an `add` to a multi-valued
/// attribute appends (RFC 7644 §3.5.2.1). It fails only when the suite
/// picks a role other than the default, so it is allowed, never required.
#[test]
fn a_conformance_suite_passes() {
    let env = Env::init();
    let s = Scim::start(&env);
    let driver = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scim_conformance.py");
    let out = std::process::Command::new(scim_tester_python())
        .arg(&driver)
        .args([&s.base, &s.token])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let total: usize = stdout
        .lines()
        .find_map(|l| l.strip_prefix("total "))
        .unwrap_or_else(|| panic!("no total: {stdout}"))
        .parse()
        .unwrap();
    assert!(total >= 60, "only {total} checks ran:\n{stdout}");
    let appended_to_default = |l: &str| {
        l.starts_with(
            "ERROR\tcheck_add_attribute\tPATCH modify() returned unexpected value for 'roles'.",
        ) && l.contains("Returned value: [Roles(value=")
            && l.contains("Roles(value='user', display=None)]")
    };
    let failed: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with("total ") && !appended_to_default(l))
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {total} checks failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    env.ok(&["audit", "verify"]);
}

/// The given and family names a provider sends are kept as sent, so it reads
/// back what it wrote (Entra ID compares each mapped attribute and would
/// send "Jean Paul" again on every cycle if it read back "Jean"); the
/// display name follows them only when it was made of them; a rename from
/// the CLI clears them, since they would name the old name.
#[test]
fn name_parts_read_back_as_sent() {
    let env = Env::init();
    let s = Scim::start(&env);
    let mut body = okta_user("jp@example.com", "Jean Paul", "Sartre");
    body.as_object_mut().unwrap().remove("displayName");
    let c = s.req("POST", "/Users", Some(&body));
    ok(&c, 201);
    let id = c.body["id"].as_str().unwrap().to_string();
    let user = format!("/Users/{id}");
    assert_eq!(
        c.body["name"],
        json!({"formatted": "Jean Paul Sartre", "givenName": "Jean Paul", "familyName": "Sartre"})
    );
    assert_eq!(env.person("jp@example.com")["name"], "Jean Paul Sartre");
    // Okta's family name alone: the display name was made of the parts.
    let patch = |ops: Value| {
        let r = s.req("PATCH", &user, Some(&json!({"Operations": ops})));
        ok(&r, 200);
        r.body
    };
    let b = patch(json!([{"op": "replace", "path": "name.familyName", "value": "de Beauvoir"}]));
    assert_eq!(b["name"]["givenName"], "Jean Paul");
    assert_eq!(
        env.person("jp@example.com")["name"],
        "Jean Paul de Beauvoir"
    );
    // Entra's display name of its own, then a given name alone: it stays.
    patch(json!([{"op": "Replace", "path": "displayName", "value": "JP (Paris office)"}]));
    let b = patch(json!([{"op": "Replace", "path": "name.givenName", "value": "Jean-Paul"}]));
    assert_eq!(b["displayName"], "JP (Paris office)");
    assert_eq!(
        b["name"],
        json!({"formatted": "JP (Paris office)", "givenName": "Jean-Paul", "familyName": "de Beauvoir"})
    );
    // The audit log (newest first) says what the provider changed.
    let log = env.json(&["audit"]);
    let last = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "scim.user.patch")
        .unwrap();
    assert_eq!(
        last["details"]["given_name"],
        json!({"from": "Jean Paul", "to": "Jean-Paul"}),
        "{last}"
    );
    let created = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "scim.user.create")
        .unwrap();
    assert_eq!(
        created["details"],
        json!({"created": true, "status": "active", "name": "Jean Paul Sartre",
            "roles": ["user"], "groups": [], "external_id": "00uJean Paul",
            "given_name": "Jean Paul", "family_name": "Sartre"})
    );
    patch(json!([{"op": "replace", "path": "externalId", "value": "00u-jp"}]));
    let log = env.json(&["audit"]);
    assert_eq!(
        log[0]["details"],
        json!({"external_id": {"from": "00uJean Paul", "to": "00u-jp"}})
    );
    // A change of the externalId alone is stored, not only logged.
    assert_eq!(s.req("GET", &user, None).body["externalId"], "00u-jp");
    // A rename from the CLI: the parts are gone, the new name is split.
    let out = env.ok(&["user", "edit", "jp@example.com", "--name", "Simone Weil"]);
    assert!(
        out.stdout.contains(
            "name JP (Paris office) -> Simone Weil; given name cleared; family name cleared"
        ),
        "{}",
        out.stdout
    );
    let b = s.req("GET", &user, None).body;
    assert_eq!(
        b["name"],
        json!({"formatted": "Simone Weil", "givenName": "Simone", "familyName": "Weil"})
    );
    // A PUT says the whole name: a part it leaves out is gone.
    let mut put = okta_user("jp@example.com", "Simone", "Weil");
    put["name"] = json!({"givenName": "Simone"});
    let r = s.req("PUT", &user, Some(&put));
    ok(&r, 200);
    assert_eq!(
        r.body["name"],
        json!({"formatted": "Simone Weil", "givenName": "Simone"})
    );
    env.ok(&["audit", "verify"]);
}

/// `[scim] default_roles` and `default_group_roles` give their roles to what
/// a provider creates without any; an empty list (nobody may be without a
/// role or group) or an unknown role stops `serve` before it listens.
#[test]
fn default_roles_come_from_the_config() {
    let env = Env::init();
    for (text, says) in [
        ("default_roles = []", "[scim] default_roles is empty"),
        (
            "default_group_roles = []",
            "[scim] default_group_roles is empty",
        ),
        ("default_roles = [\"wizard\"]", "wizard"),
    ] {
        env.write_config(&format!("actor = \"{ADMIN}\"\n[scim]\n{text}\n"));
        let o = env.code(2, &["serve", "--listen", "127.0.0.1:1"]);
        assert!(o.stderr.contains(says), "{text}: {}", o.stderr);
    }
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\n[scim]\ndefault_roles = [\"finance-admin\"]\ndefault_group_roles = [\"finance-admin\", \"user\"]\n"
    ));
    let s = Scim::start(&env);
    ok(
        &s.req(
            "POST",
            "/Users",
            Some(&json!({"userName": "fin@example.com"})),
        ),
        201,
    );
    assert_eq!(
        strings(&env.person("fin@example.com")["roles"]),
        ["finance-admin"]
    );
    // Roles given are used as given.
    let r = s.req(
        "POST",
        "/Users",
        Some(&json!({"userName": "u@example.com", "roles": [{"value": "user"}]})),
    );
    ok(&r, 201);
    assert_eq!(strings(&env.person("u@example.com")["roles"]), ["user"]);
    ok(
        &s.req("POST", "/Groups", Some(&json!({"displayName": "Billing"}))),
        201,
    );
    assert_eq!(
        strings(&env.json(&["group", "show", "Billing"])["roles"]),
        ["finance-admin", "user"]
    );
}

/// `meta.lastModified` is when the resource last changed, from SCIM or the
/// CLI: a role, a membership (for the group too), a suspension; `created`
/// stays, and what did not change keeps its time.
#[test]
fn last_modified_moves_with_each_change() {
    let env = Env::init();
    let s = Scim::start(&env);
    let id_of = |r: Resp| r.body["id"].as_str().unwrap().to_string();
    let bob = id_of(s.req(
        "POST",
        "/Users",
        Some(&okta_user("bob@example.com", "Bob", "B")),
    ));
    let cy = id_of(s.req(
        "POST",
        "/Users",
        Some(&okta_user("cy@example.com", "Cy", "C")),
    ));
    let g = id_of(s.req("POST", "/Groups", Some(&json!({"displayName": "Staff"}))));
    let meta = |path: &str| {
        let m = s.req("GET", path, None).body["meta"].clone();
        (
            m["created"].as_str().unwrap().to_string(),
            m["lastModified"].as_str().unwrap().to_string(),
        )
    };
    let (bob, cy, g) = (
        format!("/Users/{bob}"),
        format!("/Users/{cy}"),
        format!("/Groups/{g}"),
    );
    let (created, modified) = meta(&bob);
    assert_eq!(created, modified);
    let cy_before = meta(&cy);
    let g_before = meta(&g);
    // Times are whole seconds.
    std::thread::sleep(Duration::from_millis(1100));
    env.ok(&[
        "user",
        "edit",
        "bob@example.com",
        "--add-role",
        "finance-admin",
    ]);
    let (c, m) = meta(&bob);
    assert_eq!(c, created);
    assert!(m > created, "{m} {created}");
    assert_eq!(meta(&cy), cy_before);
    assert_eq!(meta(&g), g_before);
    std::thread::sleep(Duration::from_millis(1100));
    env.ok(&["group", "manage", "Staff", "--add", "cy@example.com"]);
    let (c, m) = meta(&g);
    assert_eq!(c, g_before.0);
    assert!(m > g_before.1, "{m}");
    assert!(meta(&cy).1 > cy_before.1);
    // A group's new role changes the group, not its members' resources.
    let (cy_now, g_now) = (meta(&cy), meta(&g));
    std::thread::sleep(Duration::from_millis(1100));
    env.ok(&["group", "edit", "Staff", "--add-role", "finance-admin"]);
    assert!(meta(&g).1 > g_now.1);
    assert_eq!(meta(&cy), cy_now);
    let bob_now = meta(&bob);
    std::thread::sleep(Duration::from_millis(1100));
    ok(
        &s.req(
            "PATCH",
            &bob,
            Some(&json!({"Operations": [{"op": "replace", "value": {"active": false}}]})),
        ),
        200,
    );
    assert!(meta(&bob).1 > bob_now.1);
}
