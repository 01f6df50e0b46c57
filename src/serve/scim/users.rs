//! `/scim/v2/Users`: people as SCIM Users. `userName` is the email, the
//! display name comes from `displayName`, else `name.formatted`, else
//! `givenName familyName`, and the given and family names are kept as sent;
//! `active: false` suspends; `roles` are direct roles.

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Extension;
use serde_json::{json, Map, Value};

use super::filter::{self, get};
use super::{
    apply, boolean, patch_ops, roles_of, scim_json, with_org, Query, TokenName, USER_SCHEMA,
};
use crate::error::{Error, Result};
use crate::org::scim::ScimUser;
use crate::org::{Change, NameParts, Op, Org, RoleEdit, Status};
use crate::role::RoleSet;
use crate::serve::Shared;
use crate::validate;

/// The given and family names a provider reads: those it sent, else (for
/// people made by the CLI or before they were kept) the display name split
/// at its first space, since providers such as Okta expect both.
fn shown_parts(u: &ScimUser) -> NameParts {
    if u.name_parts != NameParts::default() {
        return u.name_parts.clone();
    }
    let (g, f) = u.name.split_once(' ').unwrap_or((&u.name, ""));
    NameParts {
        given: Some(g.to_string()),
        family: Some(f.to_string()),
    }
}

/// A person as a SCIM User.
pub fn to_json(u: &ScimUser) -> Value {
    let mut name = json!({"formatted": u.name});
    let parts = shown_parts(u);
    if let Some(g) = parts.given {
        name["givenName"] = json!(g);
    }
    if let Some(f) = parts.family {
        name["familyName"] = json!(f);
    }
    let mut v = json!({
        "schemas": [USER_SCHEMA],
        "id": u.scim_id,
        "userName": u.email,
        "displayName": u.name,
        "name": name,
        "emails": [{"value": u.email, "type": "work", "primary": true}],
        "active": u.status == Status::Active,
        "roles": u.roles.iter().map(|r| json!({"value": r.name(), "display": r.display_name()})).collect::<Vec<_>>(),
        "groups": u.groups.iter().map(|(id, name)| json!({
            "value": id, "display": name, "$ref": format!("/scim/v2/Groups/{id}"),
        })).collect::<Vec<_>>(),
        "meta": super::meta("User", &u.scim_id, u.created_at, u.updated_at),
    });
    if let Some(x) = &u.external_id {
        v["externalId"] = json!(x);
    }
    v
}

/// What a User should be after a POST, PUT or PATCH.
#[derive(Debug, Clone, PartialEq)]
struct Desired {
    email: String,
    name: String,
    /// The given and family names to keep.
    parts: NameParts,
    external_id: Option<String>,
    active: bool,
    /// None: not said (keep the roles).
    roles: Option<RoleSet>,
}

impl Desired {
    fn of(u: &ScimUser) -> Desired {
        Desired {
            email: u.email.clone(),
            name: u.name.clone(),
            parts: u.name_parts.clone(),
            external_id: u.external_id.clone(),
            active: u.status != Status::Suspended,
            roles: Some(u.roles),
        }
    }

    /// Sets one attribute (`path` without a value filter, or a key of a
    /// path-less value map: `active`, `name.givenName`, a URN-prefixed key).
    fn set(&mut self, op: &str, path: &str, value: &Value) -> Result<()> {
        let path = filter::strip_urn(path);
        let lower = path.to_ascii_lowercase();
        let text = || -> Result<String> {
            value
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| Error::usage(format!("`{path}` needs a string")))
        };
        // RFC 7644 §3.5.2.2: removing a required attribute is a
        // `mutability` error. Every person has an email, a name and an
        // access state: they can be replaced, never removed (removing
        // `active` must not give a suspended person their access back).
        let required = matches!(
            lower.as_str(),
            "username" | "displayname" | "active" | "name" | "name.formatted" | "emails"
        ) || lower.starts_with("emails.")
            || lower.starts_with("emails[");
        if op == "remove" && required {
            return Err(Error::usage(format!(
                "`{path}` cannot be removed: every person has one; replace it instead"
            )));
        }
        match lower.as_str() {
            "active" => {
                self.active =
                    boolean(value).ok_or_else(|| Error::usage("`active` needs true or false"))?
            }
            "username" => self.email = text()?,
            "displayname" => self.name = text()?,
            "externalid" => self.external_id = if op == "remove" { None } else { Some(text()?) },
            "name" => {
                for (k, v) in value.as_object().into_iter().flatten() {
                    self.set(op, &format!("name.{k}"), v)?;
                }
            }
            "name.formatted" => self.name = text()?,
            "name.givenname" => {
                self.parts.given = if op == "remove" { None } else { Some(text()?) }
            }
            "name.familyname" => {
                self.parts.family = if op == "remove" { None } else { Some(text()?) }
            }
            "emails" => {
                if let Some(e) = primary_email(value) {
                    self.email = e;
                }
            }
            "emails.value" | "emails[type eq \"work\"].value" | "emails[primary eq true].value" => {
                self.email = text()?
            }
            "roles" => {
                let given = roles_of(value)?;
                let now = self.roles.unwrap_or_default();
                self.roles = Some(match op {
                    "add" => now.union(given),
                    "remove" if value.is_null() => RoleSet::EMPTY,
                    "remove" => now.minus(given),
                    _ => given,
                });
            }
            // Accepted and ignored: what orgadm does not keep.
            "password" | "locale" | "preferredlanguage" | "timezone" | "title" | "nickname"
            | "usertype" | "profileurl" | "phonenumbers" | "addresses" | "groups" | "schemas"
            | "id" | "meta" | "department" | "employeenumber" | "manager" | "organization"
            | "costcenter" | "division" => {}
            _ if lower.starts_with("phonenumbers") || lower.starts_with("addresses") => {}
            _ if lower.starts_with("emails[") => {
                if let Some(e) = value.as_str() {
                    self.email = e.to_string();
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The display name: when only the given or family name changed and
    /// the display name was made of them, made of the new ones (Okta's
    /// `name.familyName` alone renames); a display name of its own (Entra's
    /// `displayName` mapping) stays.
    fn display_name(&self, u: &ScimUser) -> String {
        if self.name != u.name || self.parts == u.name_parts {
            return self.name.clone();
        }
        let shown = shown_parts(u);
        if join(&shown) != u.name {
            return self.name.clone();
        }
        // A part never sent is the one the provider was shown.
        let kept = u.name_parts == NameParts::default();
        let pick = |now: &Option<String>, was: &Option<String>| {
            now.clone().or_else(|| was.clone().filter(|_| kept))
        };
        join(&NameParts {
            given: pick(&self.parts.given, &shown.given),
            family: pick(&self.parts.family, &shown.family),
        })
    }
}

/// "given family", either may be missing.
fn join(p: &NameParts) -> String {
    let g = p.given.as_deref().unwrap_or("");
    let f = p.family.as_deref().unwrap_or("");
    format!("{g} {f}").trim().to_string()
}

fn primary_email(v: &Value) -> Option<String> {
    let list = v.as_array()?;
    list.iter()
        .find(|e| get(e, "primary").and_then(boolean) == Some(true))
        .or_else(|| list.first())
        .and_then(|e| get(e, "value"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// A whole User from a POST or PUT body.
fn from_body(b: &Value, before: Option<&ScimUser>) -> Result<Desired> {
    let mut d = match before {
        Some(u) => Desired::of(u),
        None => Desired {
            email: String::new(),
            name: String::new(),
            parts: NameParts::default(),
            external_id: None,
            active: true,
            roles: None,
        },
    };
    let user_name = get(b, "userName").and_then(Value::as_str).unwrap_or("");
    let email = if validate::email(user_name).is_ok() {
        user_name.to_string()
    } else {
        get(b, "emails")
            .and_then(primary_email)
            .unwrap_or_else(|| user_name.to_string())
    };
    if email.is_empty() {
        return Err(Error::usage("a User needs `userName` (an email address)"));
    }
    d.email = email;
    let name = get(b, "displayName")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            let n = get(b, "name")?;
            get(n, "formatted")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| {
                    let g = get(n, "givenName").and_then(Value::as_str).unwrap_or("");
                    let f = get(n, "familyName").and_then(Value::as_str).unwrap_or("");
                    let full = format!("{g} {f}").trim().to_string();
                    (!full.is_empty()).then_some(full)
                })
        })
        .unwrap_or_else(|| d.email.split('@').next().unwrap_or("").to_string());
    d.name = name;
    // A POST or PUT says the whole name: parts it leaves out are gone.
    let part = |k: &str| {
        get(b, "name")
            .and_then(|n| get(n, k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    d.parts = NameParts {
        given: part("givenName"),
        family: part("familyName"),
    };
    d.external_id = get(b, "externalId")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(a) = get(b, "active") {
        d.active = boolean(a).ok_or_else(|| Error::usage("`active` needs true or false"))?;
    }
    if let Some(r) = get(b, "roles") {
        d.roles = Some(roles_of(r)?);
    }
    Ok(d)
}

/// The ops that turn `u` into `d`.
fn ops(u: &ScimUser, d: &Desired) -> Result<Vec<Op>> {
    let mut ops = Vec::new();
    let name = validate::name(&d.display_name(u))?;
    let roles = d.roles.filter(|r| *r != u.roles);
    let renamed = name != u.name;
    if renamed || roles.is_some() {
        ops.push(Op::EditPerson {
            person: u.id,
            name: renamed.then_some(name),
            email: None,
            roles: RoleEdit {
                set: roles,
                ..RoleEdit::default()
            },
            add_groups: vec![],
            remove_groups: vec![],
        });
    }
    if d.email != u.email {
        ops.push(Op::ChangeEmail {
            person: u.id,
            email: validate::email(&d.email)?,
        });
    }
    // A rename clears the kept parts; the provider's are set again after it.
    let parts_after_rename = if renamed {
        NameParts::default()
    } else {
        u.name_parts.clone()
    };
    if d.parts != parts_after_rename {
        ops.push(Op::SetNameParts {
            person: u.id,
            parts: d.parts.clone(),
        });
    }
    if d.external_id != u.external_id {
        ops.push(Op::SetExternalId {
            person: u.id,
            external_id: d.external_id.clone(),
        });
    }
    let suspended = u.status == Status::Suspended;
    if d.active == suspended {
        ops.push(Op::SetSuspended {
            person: u.id,
            suspended: !d.active,
        });
    }
    Ok(ops)
}

fn found(org: &Org, id: &str) -> Result<ScimUser> {
    org.scim_user(id)?
        .ok_or_else(|| Error::not_found(format!("no User with id {}", validate::printable(id))))
}

pub async fn list(
    State(s): State<Shared>,
    Extension(_t): Extension<TokenName>,
    RawQuery(q): RawQuery,
) -> Response {
    super::list_by_query(s, q, list_users).await
}

pub async fn search(
    State(s): State<Shared>,
    Extension(_t): Extension<TokenName>,
    body: Body,
) -> Response {
    super::list_by_search(s, body, list_users).await
}

fn list_users(org: &mut Org, q: &Query) -> Result<Response> {
    // `userName eq "..."` (what providers ask before creating) and
    // `id eq "..."` need no scan of everyone.
    let simple = q.filter.as_ref().and_then(filter::simple_eq);
    let users: Vec<ScimUser> = match simple {
        Some((attr, v)) if attr.eq_ignore_ascii_case("userName") => {
            org.scim_user_by_email(v)?.into_iter().collect()
        }
        Some((attr, v)) if attr.eq_ignore_ascii_case("id") => {
            org.scim_user(v)?.into_iter().collect()
        }
        _ => org.scim_users()?,
    };
    Ok(q.respond(users.iter().map(to_json).collect()))
}

pub async fn get_one(
    State(s): State<Shared>,
    Extension(_t): Extension<TokenName>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let q = match Query::from_params(&super::query_pairs(q.as_deref())) {
        Ok(q) => q,
        Err(r) => return r,
    };
    with_org(s, move |org, _| {
        Ok(scim_json(
            StatusCode::OK,
            &q.project(to_json(&found(org, &id)?)),
        ))
    })
    .await
}

pub async fn create(
    State(s): State<Shared>,
    Extension(t): Extension<TokenName>,
    body: Body,
) -> Response {
    super::with_body(s, body, move |org, s, b| {
        let d = from_body(&b, None)?;
        let email = validate::email(&d.email)?;
        let roles = match d.roles {
            Some(r) if !r.is_empty() => r,
            _ => s.scim.user_roles,
        };
        let change = Change::new(
            "scim.user.create",
            email.typed.clone(),
            vec![Op::CreatePerson {
                email: email.clone(),
                name: validate::name(&d.name)?,
                roles,
                groups: vec![],
                external_id: d.external_id.clone(),
                name_parts: d.parts.clone(),
                suspended: !d.active,
            }],
        );
        apply(org, &t.0, &change)?;
        let u = org
            .scim_user_by_email(&email.typed)?
            .ok_or_else(|| Error::internal("the new User is not there"))?;
        let mut r = scim_json(StatusCode::CREATED, &Query::written(to_json(&u)));
        if let Ok(v) = HeaderValue::from_str(&format!("/scim/v2/Users/{}", u.scim_id)) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        Ok(r)
    })
    .await
}

/// Makes `u` what `d` describes, as one recorded change, and answers with the
/// stored result (what replace and patch both end with).
fn update(
    org: &mut Org,
    t: &TokenName,
    action: &'static str,
    u: &ScimUser,
    d: &Desired,
    id: &str,
) -> Result<Response> {
    apply(org, &t.0, &Change::new(action, u.email.clone(), ops(u, d)?))?;
    Ok(scim_json(
        StatusCode::OK,
        &Query::written(to_json(&found(org, id)?)),
    ))
}

pub async fn replace(
    State(s): State<Shared>,
    Extension(t): Extension<TokenName>,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    super::with_body(s, body, move |org, _, b| {
        let u = found(org, &id)?;
        let d = from_body(&b, Some(&u))?;
        update(org, &t, "scim.user.replace", &u, &d, &id)
    })
    .await
}

pub async fn patch(
    State(s): State<Shared>,
    Extension(t): Extension<TokenName>,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    super::with_body(s, body, move |org, _, b| {
        let u = found(org, &id)?;
        let mut d = Desired::of(&u);
        for op in patch_ops(&b)? {
            match (&op.path, &op.value) {
                (Some(p), v) => d.set(&op.op, p, v)?,
                // A path-less value map: each key is a path (dotted or URN).
                (None, Value::Object(m)) => {
                    for (k, v) in flatten(m) {
                        d.set(&op.op, &k, &v)?;
                    }
                }
                (None, _) => {
                    return Err(Error::usage(
                        "a PATCH operation without a path needs an object value",
                    ))
                }
            }
        }
        update(org, &t, "scim.user.patch", &u, &d, &id)
    })
    .await
}

/// `{"name": {"givenName": "A"}, "urn:...:User:active": false}` as
/// (`name.givenName`, "A"), (`active`, false). Extension objects keyed by a
/// URN contribute their own keys.
fn flatten(m: &Map<String, Value>) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (k, v) in m {
        if k.to_ascii_lowercase().starts_with("urn:") && v.is_object() && !k.contains("2.0:User:") {
            for (ik, iv) in v.as_object().into_iter().flatten() {
                out.push((ik.clone(), iv.clone()));
            }
        } else {
            out.push((k.clone(), v.clone()));
        }
    }
    out
}

pub async fn delete(
    State(s): State<Shared>,
    Extension(t): Extension<TokenName>,
    Path(id): Path<String>,
) -> Response {
    with_org(s, move |org, _| {
        let u = found(org, &id)?;
        apply(
            org,
            &t.0,
            &Change::new(
                "scim.user.delete",
                u.email.clone(),
                vec![Op::RemovePerson { person: u.id }],
            ),
        )?;
        Ok(axum::response::IntoResponse::into_response(
            StatusCode::NO_CONTENT,
        ))
    })
    .await
}
