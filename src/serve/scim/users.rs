//! `/scim/v2/Users`: people as SCIM Users. `userName` is kept as the
//! provider sent it (a login name need not be an address); the person's
//! email is the primary `emails` value, else the `work` one, else the
//! first, else the `userName` (SPEC §12). The
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
    boolean, cannot_remove, invalid_path, patch_ops, patch_path, patch_text, roles_of, scim_json,
    with_org, Query, TokenName, USER_SCHEMA,
};
use crate::error::{Error, Result};
use crate::org::scim::{ScimUser, ScimView};
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
        "userName": u.user_name.as_deref().unwrap_or(&u.email),
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
    /// The SCIM `userName`.
    user_name: String,
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
            user_name: u.user_name.clone().unwrap_or_else(|| u.email.clone()),
            email: u.email.clone(),
            name: u.name.clone(),
            parts: u.name_parts.clone(),
            external_id: u.external_id.clone(),
            active: u.status == Status::Active,
            roles: Some(u.roles),
        }
    }

    /// Applies one PATCH operation at `path` (RFC 7644 §3.5.2): a plain
    /// attribute (`active`, `name.givenName`, a URN-prefixed key of a
    /// path-less value map), or a multi-valued one with a value filter
    /// (`roles[value eq "org-admin"]`, `emails[type eq "work"].value`).
    /// A path naming nothing a User has is a 400 `invalidPath`: answering
    /// 200 would let the provider believe it changed something.
    fn set(&mut self, op: &str, path: &str, value: &Value) -> Result<()> {
        let (p, attr, sub) = patch_path(path)?;
        let removing = op == "remove";
        let text = || patch_text(path, value);
        let required = |what: &str| cannot_remove(what, "every person has one");
        if let Some(f) = &p.value_filter {
            return match attr.as_str() {
                "roles" => self.set_roles_where(op, f, sub.as_deref(), value, path),
                "emails" => self.set_email_where(op, f, sub.as_deref(), value, path),
                // Multi-valued attributes accepted and not kept.
                "phonenumbers" | "addresses" | "ims" | "photos" | "entitlements"
                | "x509certificates" => Ok(()),
                "groups" => Err(read_only_groups()),
                _ => Err(invalid_path(
                    path,
                    "filters an attribute that has no list of values",
                )),
            };
        }
        match (attr.as_str(), sub.as_deref()) {
            ("active", None) if removing => return Err(required("active")),
            ("active", None) => {
                self.active =
                    boolean(value).ok_or_else(|| Error::usage("`active` needs true or false"))?
            }
            ("username", None) if removing => return Err(required("userName")),
            ("username", None) => self.user_name = text()?,
            ("displayname", None) if removing => return Err(required("displayName")),
            ("displayname", None) => self.name = text()?,
            ("externalid", None) => self.external_id = if removing { None } else { Some(text()?) },
            ("name", None) if removing => return Err(required("name")),
            ("name", None) => {
                let m = value
                    .as_object()
                    .ok_or_else(|| Error::usage("`name` needs an object"))?;
                for (k, v) in m {
                    self.set(op, &format!("name.{k}"), v)?;
                }
            }
            ("name", Some("formatted")) if removing => return Err(required("name.formatted")),
            ("name", Some("formatted")) => self.name = text()?,
            ("name", Some("givenname")) => {
                self.parts.given = if removing { None } else { Some(text()?) }
            }
            ("name", Some("familyname")) => {
                self.parts.family = if removing { None } else { Some(text()?) }
            }
            ("name", Some("middlename" | "honorificprefix" | "honorificsuffix")) => {}
            ("emails", _) if removing => return Err(required("emails")),
            ("emails", None) => self.email = identity_email(value)?,
            ("emails", Some("value")) => self.email = text()?,
            ("emails", Some("type" | "primary" | "display")) => {}
            ("roles", None | Some("value")) => {
                let now = self.roles.unwrap_or_default();
                self.roles = Some(match op {
                    "remove" if value.is_null() => RoleSet::EMPTY,
                    "remove" => now.minus(roles_of(value)?),
                    "add" => now.union(roles_of(value)?),
                    _ => roles_of(value)?,
                });
            }
            ("groups", _) => return Err(read_only_groups()),
            // Accepted and not kept: what orgadm has no place for, and what
            // the server itself decides (`id`, `meta`).
            (
                "password" | "locale" | "preferredlanguage" | "timezone" | "title" | "nickname"
                | "usertype" | "profileurl" | "phonenumbers" | "addresses" | "ims" | "photos"
                | "entitlements" | "x509certificates" | "schemas" | "id" | "meta" | "department"
                | "employeenumber" | "manager" | "organization" | "costcenter" | "division",
                _,
            ) => {}
            _ => return Err(invalid_path(path, "names no attribute of a User")),
        }
        Ok(())
    }

    /// `roles[FILTER]` (perhaps `.value`): the direct roles the filter
    /// matches, each seen as `{"value", "display", "primary"}` (a person's
    /// one direct role is their primary one), are removed, or replaced by
    /// the value; `add` adds the value.
    fn set_roles_where(
        &mut self,
        op: &str,
        f: &filter::Filter,
        sub: Option<&str>,
        value: &Value,
        path: &str,
    ) -> Result<()> {
        if !matches!(sub, None | Some("value")) {
            return Err(invalid_path(
                path,
                "names a part of a role orgadm cannot change",
            ));
        }
        let now = self.roles.unwrap_or_default();
        let alone = now.iter().count() == 1;
        let matched = RoleSet::of(now.iter().filter(|r| {
            filter::matches(
                f,
                &json!({"value": r.name(), "display": r.display_name(), "primary": alone}),
            )
        }));
        self.roles = Some(match op {
            "remove" => now.minus(matched),
            "add" => now.union(roles_of(value)?),
            _ if matched.is_empty() => {
                return Err(Error::usage(format!(
                    "the PATCH path `{}` matches none of the person's roles",
                    validate::printable(path)
                ))
                .scim_type("noTarget"))
            }
            _ => now.minus(matched).union(roles_of(value)?),
        });
        Ok(())
    }

    /// `emails[FILTER]` (perhaps `.value`): orgadm keeps one address, the
    /// person's identity, seen as `{"value", "type": "work", "primary":
    /// true}`. A filter that matches it changes it (and cannot remove it); a
    /// filter that does not (`type eq "home"`) names a secondary address,
    /// which is accepted and not kept: it never becomes the identity.
    fn set_email_where(
        &mut self,
        op: &str,
        f: &filter::Filter,
        sub: Option<&str>,
        value: &Value,
        path: &str,
    ) -> Result<()> {
        let identity = json!({"value": self.email, "type": "work", "primary": true});
        if !filter::matches(f, &identity) {
            return Ok(());
        }
        if op == "remove" {
            return Err(cannot_remove("emails", "every person has one"));
        }
        let new = match sub {
            Some("value") => value.as_str(),
            None => get(value, "value").and_then(Value::as_str),
            Some("type" | "primary" | "display") => return Ok(()),
            Some(_) => {
                return Err(invalid_path(
                    path,
                    "names a part of an email orgadm has no place for",
                ))
            }
        };
        self.email = new
            .ok_or_else(|| {
                Error::usage(format!("`{}` needs an address", validate::printable(path)))
            })?
            .to_string();
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

impl Desired {
    /// The `userName` as stored: None when it is the email exactly (most
    /// people), so that one address is not kept twice.
    fn stored_user_name(&self) -> Option<String> {
        (self.user_name != self.email).then(|| self.user_name.clone())
    }
}

/// "given family", either may be missing.
fn join(p: &NameParts) -> String {
    let g = p.given.as_deref().unwrap_or("");
    let f = p.family.as_deref().unwrap_or("");
    format!("{g} {f}").trim().to_string()
}

/// The address that is a person's identity, of a list of `emails` (SPEC
/// §12): the primary one, else the `work` one, else the first.
fn pick_email(v: &Value) -> Option<String> {
    let list: Vec<&Value> = match v {
        Value::Array(a) => a.iter().collect(),
        Value::Object(_) => vec![v],
        _ => return None,
    };
    let is = |e: &&&Value, k: &str, want: &dyn Fn(&Value) -> bool| get(e, k).is_some_and(want);
    list.iter()
        .find(|e| is(e, "primary", &|p| boolean(p) == Some(true)))
        .or_else(|| {
            list.iter().find(|e| {
                is(e, "type", &|t| {
                    t.as_str().is_some_and(|t| t.eq_ignore_ascii_case("work"))
                })
            })
        })
        .or_else(|| list.first())
        .and_then(|e| get(e, "value"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// [`pick_email`] for a PATCH of `emails` itself, which must hold one.
fn identity_email(v: &Value) -> Result<String> {
    pick_email(v)
        .ok_or_else(|| Error::usage("`emails` needs a list of {\"value\": ADDRESS} objects"))
}

/// `groups` is read-only on a User (RFC 7643 §4.1.2): memberships change on
/// the Group.
fn read_only_groups() -> Error {
    Error::usage("a User's `groups` are read-only: change the Group's `members` instead")
        .scim_type("mutability")
}

/// A whole User from a POST or PUT body.
fn from_body(b: &Value, before: Option<&ScimUser>) -> Result<Desired> {
    let mut d = match before {
        Some(u) => Desired::of(u),
        None => Desired {
            user_name: String::new(),
            email: String::new(),
            name: String::new(),
            parts: NameParts::default(),
            external_id: None,
            active: true,
            roles: None,
        },
    };
    let user_name = get(b, "userName")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .ok_or_else(|| Error::usage("a User needs `userName`"))?;
    let email = match get(b, "emails").and_then(pick_email) {
        Some(e) => e,
        None if validate::email(user_name).is_ok() => user_name.to_string(),
        None => {
            return Err(Error::usage(format!(
            "the User `{}` has no email: send one in `emails`, or a `userName` that is an address",
            validate::printable(user_name)
        )))
        }
    };
    d.user_name = user_name.to_string();
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
    let user_name = d.stored_user_name();
    if user_name != u.user_name {
        ops.push(Op::SetUserName {
            person: u.id,
            user_name,
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
    // An invited person asked to be active is the core's to refuse.
    if d.active != (u.status == Status::Active) {
        ops.push(Op::SetSuspended {
            person: u.id,
            suspended: !d.active,
        });
    }
    Ok(ops)
}

fn no_user(id: &str) -> Error {
    Error::not_found(format!("no User with id {}", validate::printable(id)))
}

fn found(org: &Org, id: &str) -> Result<ScimUser> {
    org.scim_user(id)?.ok_or_else(|| no_user(id))
}

fn found_in(v: &ScimView, id: &str) -> Result<ScimUser> {
    v.user(id)?.ok_or_else(|| no_user(id))
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
            org.scim_user_by_user_name(v)?.into_iter().collect()
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
                user_name: d.stored_user_name(),
                suspended: !d.active,
            }],
        );
        let u = org.scim_write(
            &t.0,
            |_| Ok(change),
            |v| {
                v.user_by_email(&email.typed)?
                    .ok_or_else(|| Error::internal("the new User is not there"))
            },
        )?;
        let mut r = scim_json(StatusCode::CREATED, &Query::written(to_json(&u)));
        if let Ok(v) = HeaderValue::from_str(&format!("/scim/v2/Users/{}", u.scim_id)) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        Ok(r)
    })
    .await
}

/// Makes the User `id` what `desired` says it should be, given what it is
/// now: read, decided and written in one write transaction, so that a
/// concurrent change (another PATCH, an admin's `user edit`) is never undone
/// by a decision made from an older read. Answers with the stored result.
fn update(
    org: &mut Org,
    t: &TokenName,
    action: &'static str,
    id: &str,
    desired: impl FnOnce(&ScimUser) -> Result<Desired>,
) -> Result<Response> {
    let written = org.scim_write(
        &t.0,
        |v| {
            let u = found_in(v, id)?;
            let d = desired(&u)?;
            Ok(Change::new(action, u.email.clone(), ops(&u, &d)?))
        },
        |v| found_in(v, id),
    )?;
    Ok(scim_json(
        StatusCode::OK,
        &Query::written(to_json(&written)),
    ))
}

pub async fn replace(
    State(s): State<Shared>,
    Extension(t): Extension<TokenName>,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    super::with_body(s, body, move |org, _, b| {
        update(org, &t, "scim.user.replace", &id, |u| {
            from_body(&b, Some(u))
        })
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
        let ops = patch_ops(&b)?;
        update(org, &t, "scim.user.patch", &id, |u| patched(u, &ops))
    })
    .await
}

/// The user as PATCH operations leave it (nothing stored yet).
fn patched(u: &ScimUser, ops: &[super::PatchOp]) -> Result<Desired> {
    let mut d = Desired::of(u);
    for op in ops {
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
    Ok(d)
}

/// For the fuzzer: a User body read as POST/PUT read it (with and without
/// a user before it), and PATCH operations applied to `before`. Errors are
/// answers; only a panic or a hang is a finding.
#[doc(hidden)]
pub fn fuzz_body(b: &Value, before: &ScimUser) {
    let _ = from_body(b, None);
    let _ = from_body(b, Some(before));
    if let Ok(ops) = super::patch_ops(b) {
        let _ = patched(before, &ops);
    }
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
        org.scim_write(
            &t.0,
            |v| {
                let u = found_in(v, &id)?;
                let remove = vec![Op::RemovePerson { person: u.id }];
                Ok(Change::new("scim.user.delete", u.email, remove))
            },
            |_| Ok(()),
        )?;
        Ok(axum::response::IntoResponse::into_response(
            StatusCode::NO_CONTENT,
        ))
    })
    .await
}
