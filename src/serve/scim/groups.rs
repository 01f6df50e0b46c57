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
    apply, patch_ops, roles_of, scim_json, with_org, Query, TokenName, GROUP_EXT, GROUP_SCHEMA,
};
use crate::error::{Error, Result};
use crate::org::scim::ScimGroup;
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
        let stripped = filter::strip_urn(path);
        let lower = stripped.to_ascii_lowercase();
        if lower == "members" {
            let ids = member_ids(value);
            match op {
                "add" => self.members.extend(ids),
                "replace" => self.members = ids.into_iter().collect(),
                // `remove` with a value list (Entra), or with no value: all.
                _ if value.is_null() => self.members.clear(),
                _ => {
                    for id in ids {
                        self.members.remove(&id);
                    }
                }
            }
            return Ok(());
        }
        if lower.starts_with("members[") {
            // `members[value eq "ID"]` (Okta's removal): the filter inside
            // the brackets, matched against each member.
            let inner = stripped
                .split_once('[')
                .and_then(|(_, r)| r.rsplit_once(']'))
                .map(|(f, _)| f)
                .ok_or_else(|| Error::usage("a member path's `[` is not closed"))?;
            let f =
                filter::parse(inner).map_err(|e| Error::usage(format!("bad member path: {e}")))?;
            let gone: Vec<String> = self
                .members
                .iter()
                .filter(|id| filter::matches(&f, &json!({"value": id})))
                .cloned()
                .collect();
            if op == "remove" {
                for id in gone {
                    self.members.remove(&id);
                }
            }
            return Ok(());
        }
        let text = || -> Result<String> {
            value
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| Error::usage(format!("`{stripped}` needs a string")))
        };
        if op == "remove" && lower == "displayname" {
            return Err(Error::usage(
                "`displayName` cannot be removed: every group has a name; replace it instead",
            ));
        }
        match lower.as_str() {
            "displayname" => self.name = text()?,
            "externalid" => self.external_id = if op == "remove" { None } else { Some(text()?) },
            "roles" => {
                // A `remove` without a value would take every role.
                if op == "remove" && value.is_null() {
                    return Err(no_roles_left());
                }
                let given = roles_of(value)?;
                self.roles = match op {
                    "add" => self.roles.union(given),
                    "remove" => self.roles.minus(given),
                    _ => given,
                };
            }
            _ => {}
        }
        Ok(())
    }
}

/// `[{"value": "ID"}, ...]` (or a single object) as ids.
fn member_ids(v: &Value) -> Vec<String> {
    let one = |m: &Value| get(m, "value").and_then(Value::as_str).map(str::to_string);
    match v {
        Value::Array(a) => a.iter().filter_map(one).collect(),
        Value::Object(_) => one(v).into_iter().collect(),
        _ => Vec::new(),
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
        members: get(b, "members")
            .map(member_ids)
            .unwrap_or_default()
            .into_iter()
            .collect(),
    })
}

/// Person ids for member SCIM ids; an unknown one is a 400.
fn people(org: &Org, ids: &BTreeSet<String>) -> Result<std::collections::HashMap<String, i64>> {
    let list: Vec<String> = ids.iter().cloned().collect();
    let found = org.person_ids_by_scim_id(&list)?;
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
fn ops(org: &Org, g: &ScimGroup, d: &Desired) -> Result<Vec<Op>> {
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
    let ids = people(org, &added)?;
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
    Error::usage("a group's roles cannot be removed: every group gives at least one role; replace them instead")
}

fn found(org: &Org, id: &str) -> Result<ScimGroup> {
    org.scim_group(id)?
        .ok_or_else(|| Error::not_found(format!("no Group with id {}", validate::printable(id))))
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
        let ids = people(org, &d.members)?;
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
        apply(
            org,
            &t.0,
            &Change::new("scim.group.create", format!("group:{name}"), ops),
        )?;
        let g = org
            .scim_groups()?
            .into_iter()
            .find(|g| validate::fold(&g.name) == validate::fold(&name))
            .ok_or_else(|| Error::internal("the new Group is not there"))?;
        let mut r = scim_json(StatusCode::CREATED, &Query::written(to_json(&g)));
        if let Ok(v) = HeaderValue::from_str(&format!("/scim/v2/Groups/{}", g.scim_id)) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        Ok(r)
    })
    .await
}

/// Makes `g` what `d` describes, as one recorded change, and answers with the
/// stored result (what replace and patch both end with).
fn update(
    org: &mut Org,
    t: &TokenName,
    action: &'static str,
    g: &ScimGroup,
    d: &Desired,
    id: &str,
) -> Result<Response> {
    let ops = ops(org, g, d)?;
    let target = format!("group:{}", g.name);
    apply(org, &t.0, &Change::new(action, target, ops))?;
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
        let g = found(org, &id)?;
        let mut d = from_body(&b, g.roles)?;
        if get(&b, GROUP_EXT).is_none() {
            d.roles = g.roles;
        }
        update(org, &t, "scim.group.replace", &g, &d, &id)
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
        let g = found(org, &id)?;
        let mut d = Desired::of(&g);
        for op in patch_ops(&b)? {
            d.apply_op(&op.op, op.path.as_deref(), &op.value)?;
        }
        update(org, &t, "scim.group.patch", &g, &d, &id)
    })
    .await
}

pub async fn delete(
    State(s): State<Shared>,
    Extension(t): Extension<TokenName>,
    Path(id): Path<String>,
) -> Response {
    with_org(s, move |org, _| {
        let g = found(org, &id)?;
        apply(
            org,
            &t.0,
            &Change::new(
                "scim.group.delete",
                format!("group:{}", g.name),
                vec![Op::DeleteGroup {
                    group: g.name.clone(),
                }],
            ),
        )?;
        Ok(StatusCode::NO_CONTENT.into_response())
    })
    .await
}
