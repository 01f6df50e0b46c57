//! `/scim/v2/Groups`: groups with `displayName`, `members` (User ids),
//! `externalId`, and their roles in the orgadm extension
//! (`urn:ietf:params:scim:schemas:extension:orgadm:2.0:Group`, `roles`).

use std::collections::BTreeSet;

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::{json, Value};

use super::filter::{self, get};
use super::{
    cannot_remove, invalid_path, patch_ops, patch_path, patch_text, roles_of, scim_json, with_org,
    Query, TokenName, GROUP_EXT, GROUP_SCHEMA,
};
use crate::error::{Error, Result};
use crate::org::scim::{ScimGroup, ScimView};
use crate::org::{Change, Op, Org, RoleEdit};
use crate::role::RoleSet;
use crate::serve::Shared;
use crate::validate;

/// A group as a SCIM Group.
pub fn to_json(g: &ScimGroup) -> Value {
    let mut v = json!({
        "schemas": [GROUP_SCHEMA, GROUP_EXT],
        "id": g.scim_id,
        "displayName": g.name,
        "members": g.members.iter().map(|(_, id, email)| json!({
            "value": id, "display": email, "type": "User", "$ref": format!("/scim/v2/Users/{id}"),
        })).collect::<Vec<_>>(),
        GROUP_EXT: {"roles": g.roles.names()},
        "meta": super::meta("Group", &g.scim_id, g.created_at, g.updated_at),
    });
    if let Some(x) = &g.external_id {
        v["externalId"] = json!(x);
    }
    v
}

/// What a Group should be after a POST, PUT or PATCH.
#[derive(Debug, Clone)]
struct Desired {
    name: String,
    external_id: Option<String>,
    roles: RoleSet,
    /// SCIM ids of the members.
    members: BTreeSet<String>,
}

impl Desired {
    fn of(g: &ScimGroup) -> Desired {
        Desired {
            name: g.name.clone(),
            external_id: g.external_id.clone(),
            roles: g.roles,
            members: g.members.iter().map(|(_, id, _)| id.clone()).collect(),
        }
    }

    fn apply_op(&mut self, op: &str, path: Option<&str>, value: &Value) -> Result<()> {
        let Some(path) = path else {
            // Path-less: a map of attributes (Okta sends
            // `{"op": "replace", "value": {"id": "...", "displayName": "..."}}`).
            let Some(m) = value.as_object() else {
                return Err(Error::usage(
                    "a PATCH operation without a path needs an object value",
                ));
            };
            for (k, v) in m {
                if k.eq_ignore_ascii_case(GROUP_EXT) {
                    for (ik, iv) in v.as_object().into_iter().flatten() {
                        self.apply_op(op, Some(ik), iv)?;
                    }
                } else {
                    self.apply_op(op, Some(k), v)?;
                }
            }
            return Ok(());
        };
        // The extension itself as the path: its value is a map of its
        // attributes (`{"roles": [...]}`).
        if path.eq_ignore_ascii_case(GROUP_EXT) {
            if op == "remove" && value.is_null() {
                return Err(no_roles_left());
            }
            for (k, v) in value.as_object().into_iter().flatten() {
                if !k.eq_ignore_ascii_case("schemas") {
                    self.apply_op(op, Some(k), v)?;
                }
            }
            return Ok(());
        }
        let (p, attr, sub) = patch_path(path)?;
        let removing = op == "remove";
        if let Some(f) = &p.value_filter {
            if attr != "members" {
                return Err(invalid_path(
                    path,
                    "filters an attribute that has no list of values",
                ));
            }
            if !matches!(sub.as_deref(), None | Some("value")) {
                return Err(invalid_path(
                    path,
                    "names a part of a member orgadm cannot change",
                ));
            }
            // `members[value eq "ID"]` (Okta's removal): the filter matched
            // against each member as `{"value": ID, "type": "User"}`.
            let matched: Vec<String> = self
                .members
                .iter()
                .filter(|id| filter::matches(f, &json!({"value": id, "type": "User"})))
                .cloned()
                .collect();
            match op {
                "remove" => {
                    for id in matched {
                        self.members.remove(&id);
                    }
                }
                "add" => self.members.extend(member_ids(value)?),
                _ if matched.is_empty() => {
                    return Err(Error::usage(format!(
                        "the PATCH path `{}` matches no member of the group",
                        validate::printable(path)
                    ))
                    .scim_type("noTarget"))
                }
                _ => {
                    for id in matched {
                        self.members.remove(&id);
                    }
                    self.members.extend(member_ids(value)?);
                }
            }
            return Ok(());
        }
        let text = || patch_text(path, value);
        match (attr.as_str(), sub.as_deref()) {
            ("members", None | Some("value")) => {
                match op {
                    "add" => self.members.extend(member_ids(value)?),
                    "replace" => self.members = member_ids(value)?.into_iter().collect(),
                    // `remove` with a value list (Entra), or with no value: all.
                    _ if value.is_null() => self.members.clear(),
                    _ => {
                        for id in member_ids(value)? {
                            self.members.remove(&id);
                        }
                    }
                }
            }
            ("displayname", None) if removing => {
                return Err(cannot_remove("displayName", "every group has a name"))
            }
            ("displayname", None) => self.name = text()?,
            ("externalid", None) => self.external_id = if removing { None } else { Some(text()?) },
            ("roles", None | Some("value")) => {
                // A `remove` without a value would take every role.
                if removing && value.is_null() {
                    return Err(no_roles_left());
                }
                let given = roles_of(value)?;
                self.roles = match op {
                    "add" => self.roles.union(given),
                    "remove" => self.roles.minus(given),
                    _ => given,
                };
            }
            // What the server decides itself: accepted and not changed.
            ("id" | "meta" | "schemas", _) => {}
            _ => return Err(invalid_path(path, "names no attribute of a Group")),
        }
        Ok(())
    }
}

/// `[{"value": "ID"}, ...]` (or a single object) as ids; anything else is a
/// 400, never an empty list by accident.
fn member_ids(v: &Value) -> Result<Vec<String>> {
    let bad = || Error::usage("`members` needs a list of {\"value\": USER_ID} objects");
    let one = |m: &Value| {
        get(m, "value")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(bad)
    };
    match v {
        Value::Array(a) => a.iter().map(one).collect(),
        Value::Object(_) => Ok(vec![one(v)?]),
        _ => Err(bad()),
    }
}
fn from_body(b: &Value, defaults: RoleSet) -> Result<Desired> {
    let name = get(b, "displayName")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::usage("a Group needs `displayName`"))?
        .to_string();
    let roles = match get(b, GROUP_EXT).and_then(|e| get(e, "roles")) {
        Some(r) => roles_of(r)?,
        None => RoleSet::EMPTY,
    };
    Ok(Desired {
        name,
        external_id: get(b, "externalId")
            .and_then(Value::as_str)
            .map(str::to_string),
        roles: if roles.is_empty() { defaults } else { roles },
        members: match get(b, "members") {
            Some(m) => member_ids(m)?.into_iter().collect(),
            None => BTreeSet::new(),
        },
    })
}

/// Person ids for member SCIM ids; an unknown one is a 400.
fn people(v: &ScimView, ids: &BTreeSet<String>) -> Result<std::collections::HashMap<String, i64>> {
    let list: Vec<String> = ids.iter().cloned().collect();
    let found = v.person_ids(&list)?;
    if let Some(missing) = list.iter().find(|id| !found.contains_key(*id)) {
        return Err(Error::usage(format!(
            "no User with id {} to be a member",
            validate::printable(missing)
        )));
    }
    Ok(found)
}

/// The ops that turn `g` into `d`: rename and roles first, then members
/// (named by the group's new name), then the externalId.
fn ops(v: &ScimView, g: &ScimGroup, d: &Desired) -> Result<Vec<Op>> {
    let mut ops = Vec::new();
    let name = validate::group_name(&d.name)?;
    let renamed = name != g.name;
    if renamed || d.roles != g.roles {
        ops.push(Op::EditGroup {
            group: g.name.clone(),
            name: renamed.then(|| name.clone()),
            roles: RoleEdit {
                set: (d.roles != g.roles).then_some(d.roles),
                ..RoleEdit::default()
            },
        });
    }
    let now: BTreeSet<String> = g.members.iter().map(|(_, id, _)| id.clone()).collect();
    let added: BTreeSet<String> = d.members.difference(&now).cloned().collect();
    let ids = people(v, &added)?;
    for id in &added {
        ops.push(Op::AddMember {
            group: name.clone(),
            person: ids[id],
        });
    }
    for (pid, id, _) in &g.members {
        if !d.members.contains(id) {
            ops.push(Op::RemoveMember {
                group: name.clone(),
                person: *pid,
            });
        }
    }
    if d.external_id != g.external_id {
        ops.push(Op::SetGroupExternalId {
            group: name,
            external_id: d.external_id.clone(),
        });
    }
    Ok(ops)
}

/// Every group gives at least one role (RFC 7644 §3.5.2.2: removing a
/// required attribute is a `mutability` error).
fn no_roles_left() -> Error {
    cannot_remove("roles", "every group gives at least one role")
}

fn no_group(id: &str) -> Error {
    Error::not_found(format!("no Group with id {}", validate::printable(id)))
}

fn found(org: &Org, id: &str) -> Result<ScimGroup> {
    org.scim_group(id)?.ok_or_else(|| no_group(id))
}

fn found_in(v: &ScimView, id: &str) -> Result<ScimGroup> {
    v.group(id)?.ok_or_else(|| no_group(id))
}

pub async fn list(
    State(s): State<Shared>,
    Extension(_t): Extension<TokenName>,
    RawQuery(q): RawQuery,
) -> Response {
    super::list_by_query(s, q, list_groups).await
}

pub async fn search(
    State(s): State<Shared>,
    Extension(_t): Extension<TokenName>,
    body: Body,
) -> Response {
    super::list_by_search(s, body, list_groups).await
}

fn list_groups(org: &mut Org, q: &Query) -> Result<Response> {
    Ok(q.respond(org.scim_groups()?.iter().map(to_json).collect()))
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
        let d = from_body(&b, s.scim.group_roles)?;
        let name = validate::group_name(&d.name)?;
        let g = org.scim_write(
            &t.0,
            |v| {
                let ids = people(v, &d.members)?;
                let mut ops = vec![Op::CreateGroup {
                    name: name.clone(),
                    roles: d.roles,
                    external_id: d.external_id.clone(),
                }];
                for id in &d.members {
                    ops.push(Op::AddMember {
                        group: name.clone(),
                        person: ids[id],
                    });
                }
                Ok(Change::new(
                    "scim.group.create",
                    format!("group:{name}"),
                    ops,
                ))
            },
            |v| {
                v.group_by_name(&name)?
                    .ok_or_else(|| Error::internal("the new Group is not there"))
            },
        )?;
        let mut r = scim_json(StatusCode::CREATED, &Query::written(to_json(&g)));
        if let Ok(v) = HeaderValue::from_str(&format!("/scim/v2/Groups/{}", g.scim_id)) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        Ok(r)
    })
    .await
}

/// Makes the Group `id` what `desired` says it should be, given what it is
/// now: read, decided and written in one write transaction (see the Users'
/// `update`). Answers with the stored result.
fn update(
    org: &mut Org,
    t: &TokenName,
    action: &'static str,
    id: &str,
    desired: impl FnOnce(&ScimGroup) -> Result<Desired>,
) -> Result<Response> {
    let written = org.scim_write(
        &t.0,
        |v| {
            let g = found_in(v, id)?;
            let d = desired(&g)?;
            let target = format!("group:{}", g.name);
            Ok(Change::new(action, target, ops(v, &g, &d)?))
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
        update(org, &t, "scim.group.replace", &id, |g| {
            let mut d = from_body(&b, g.roles)?;
            if get(&b, GROUP_EXT).is_none() {
                d.roles = g.roles;
            }
            Ok(d)
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
        update(org, &t, "scim.group.patch", &id, |g| patched(g, &ops))
    })
    .await
}

/// The group as PATCH operations leave it (nothing stored yet).
fn patched(g: &ScimGroup, ops: &[super::PatchOp]) -> Result<Desired> {
    let mut d = Desired::of(g);
    for op in ops {
        d.apply_op(&op.op, op.path.as_deref(), &op.value)?;
    }
    Ok(d)
}

/// For the fuzzer: a Group body as POST/PUT read it, and PATCH operations
/// applied to `before`.
#[doc(hidden)]
pub fn fuzz_body(b: &Value, before: &ScimGroup) {
    let _ = from_body(b, RoleSet::of([crate::role::Role::User]));
    if let Ok(ops) = super::patch_ops(b) {
        let _ = patched(before, &ops);
    }
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
                let g = found_in(v, &id)?;
                let target = format!("group:{}", g.name);
                Ok(Change::new(
                    "scim.group.delete",
                    target,
                    vec![Op::DeleteGroup { group: g.name }],
                ))
            },
            |_| Ok(()),
        )?;
        Ok(StatusCode::NO_CONTENT.into_response())
    })
    .await
}
