//! SCIM 2.0 (RFC 7643, RFC 7644) under `/scim/v2/`, for identity providers.
//!
//! Every request needs `Authorization: Bearer TOKEN` (a token from `orgadm
//! scim token create`); every change goes through the core's one change
//! path as `scim:NAME`, with no questions asked: a change the rules refuse
//! (no active org-admin left) is a 409 and nothing changes. Readers are
//! strict, writers lenient: any-case `op`, `"True"`/`"False"`, path-less
//! value maps with dotted and URN keys, `members[value eq "..."]`.
//! Responses are `application/scim+json`; errors are SCIM Error documents.

// Handlers answer early with a ready SCIM error Response; boxing it would
// only add noise to every `?`.
#![allow(clippy::result_large_err)]

mod discovery;
pub mod filter;
mod groups;
mod users;

#[doc(hidden)]
pub use groups::fuzz_body as fuzz_group_body;
#[doc(hidden)]
pub use users::fuzz_body as fuzz_user_body;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde_json::{json, Value};

use super::{blocking, read_body, Shared};
use crate::error::{Error, Kind};
use crate::org::Org;
use crate::role::{Role, RoleSet};
use crate::store::Access;

pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const GROUP_EXT: &str = "urn:ietf:params:scim:schemas:extension:orgadm:2.0:Group";
const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
/// The largest SCIM request body read.
const MAX_BODY: usize = 1024 * 1024;
/// The most resources one page returns.
pub const MAX_RESULTS: usize = 1000;
const DEFAULT_COUNT: usize = 100;

/// Roles for what an identity provider creates without any (`[scim]`).
#[derive(Debug, Clone, Copy)]
pub struct Defaults {
    pub user_roles: RoleSet,
    pub group_roles: RoleSet,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            user_roles: RoleSet::of([Role::User]),
            group_roles: RoleSet::of([Role::User]),
        }
    }
}

/// The token a request was authenticated with.
#[derive(Debug, Clone)]
pub struct TokenName(pub String);

pub(super) fn routes(s: Shared) -> Router<Shared> {
    Router::new()
        .route(
            "/scim/v2/ServiceProviderConfig",
            get(discovery::service_provider_config),
        )
        .route("/scim/v2/ResourceTypes", get(discovery::resource_types))
        .route("/scim/v2/ResourceTypes/{id}", get(discovery::resource_type))
        .route("/scim/v2/Schemas", get(discovery::schemas))
        .route("/scim/v2/Schemas/{id}", get(discovery::schema))
        .route("/scim/v2/Users", get(users::list).post(users::create))
        .route("/scim/v2/Users/.search", post(users::search))
        .route(
            "/scim/v2/Users/{id}",
            get(users::get_one)
                .put(users::replace)
                .patch(users::patch)
                .delete(users::delete),
        )
        .route("/scim/v2/Groups", get(groups::list).post(groups::create))
        .route("/scim/v2/Groups/.search", post(groups::search))
        .route(
            "/scim/v2/Groups/{id}",
            get(groups::get_one)
                .put(groups::replace)
                .patch(groups::patch)
                .delete(groups::delete),
        )
        .route("/scim/v2/.search", post(search_all))
        .route("/scim/v2", get(not_found_route))
        .route("/scim/v2/{*rest}", axum::routing::any(not_found_route))
        .layer(axum::middleware::from_fn(json_only))
        .layer(axum::middleware::from_fn(scim_errors))
        .layer(axum::middleware::from_fn_with_state(s, authenticate))
}

/// A request body that says it is not JSON is a 415 (RFC 7644 §3.1:
/// `application/scim+json`, and `application/json` is accepted too). A
/// body without a Content-Type is read as JSON: some clients omit it.
async fn json_only(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("").to_ascii_lowercase());
    if let Some(ct) = declared {
        let media = ct.split(';').next().unwrap_or("").trim().to_string();
        if !matches!(media.as_str(), "application/scim+json" | "application/json") {
            return error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                None,
                "the request body must be application/scim+json (or application/json)",
            );
        }
    }
    next.run(req).await
}

async fn not_found_route() -> Response {
    error(
        StatusCode::NOT_FOUND,
        None,
        "there is no SCIM resource at this URL",
    )
}

/// A SCIM Error document.
pub fn error(status: StatusCode, scim_type: Option<&str>, detail: &str) -> Response {
    let mut body = json!({
        "schemas": [ERROR],
        "status": status.as_u16().to_string(),
        "detail": detail,
    });
    if let Some(t) = scim_type {
        body["scimType"] = json!(t);
    }
    scim_json(status, &body)
}

/// A SCIM response body.
pub fn scim_json(status: StatusCode, body: &Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/scim+json"),
    );
    resp
}

/// The core's errors as SCIM answers them.
pub fn from_error(e: &Error) -> Response {
    if let (Kind::Usage, Some(t)) = (e.kind, e.scim_type) {
        return error(StatusCode::BAD_REQUEST, Some(t), &e.message);
    }
    if let (Kind::Conflict, Some(t)) = (e.kind, e.scim_type) {
        return error(StatusCode::CONFLICT, Some(t), &e.message);
    }
    match e.kind {
        Kind::NotFound => error(StatusCode::NOT_FOUND, None, &e.message),
        Kind::Conflict if e.message.contains("already") || e.message.contains("looks like") => {
            error(StatusCode::CONFLICT, Some("uniqueness"), &e.message)
        }
        Kind::Conflict => error(StatusCode::CONFLICT, None, &e.message),
        // The rules refused (the last org-admin): nothing changed.
        Kind::Forbidden if e.impact.is_some() => error(StatusCode::CONFLICT, None, &e.message),
        Kind::Forbidden => error(StatusCode::UNAUTHORIZED, None, &e.message),
        Kind::Usage => error(StatusCode::BAD_REQUEST, Some("invalidValue"), &e.message),
        Kind::Storage => {
            super::log_line(&format!("scim: storage error: {}", e.message));
            error(
                StatusCode::SERVICE_UNAVAILABLE,
                None,
                "the service is unavailable; try again later",
            )
        }
        _ => {
            super::log_line(&format!("scim: error: {}", e.message));
            error(StatusCode::INTERNAL_SERVER_ERROR, None, "internal error")
        }
    }
}

/// Checks the bearer token before anything else; 401 with a SCIM body when
/// it is missing, wrong, expired or revoked.
async fn authenticate(State(s): State<Shared>, mut req: Request, next: Next) -> Response {
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| rest.trim().to_string())
        });
    let unauthorized = || {
        let mut r = error(
            StatusCode::UNAUTHORIZED,
            None,
            "a valid bearer token is required (orgadm scim token create NAME)",
        );
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"orgadm\""),
        );
        r
    };
    let Some(token) = token else {
        return unauthorized();
    };
    let checked =
        blocking(move || s.with_org(Access::Read, |org| org.scim_authenticate(&token))).await;
    match checked {
        Err(resp) => resp,
        Ok(Err(e)) => from_error(&e),
        Ok(Ok(None)) => unauthorized(),
        Ok(Ok(Some(name))) => {
            req.extensions_mut().insert(TokenName(name));
            next.run(req).await
        }
    }
}

/// Answers that axum makes itself (405, a rejected body) as SCIM errors,
/// keeping their headers (`Allow`).
async fn scim_errors(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let is_scim = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/scim+json"));
    if resp.status().is_success() || is_scim {
        return resp;
    }
    let status = resp.status();
    let detail = match status {
        StatusCode::METHOD_NOT_ALLOWED => "that method is not allowed on this resource",
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large",
        _ => "the request could not be handled",
    };
    let mut out = error(status, None, detail);
    for (k, v) in resp.headers() {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}

/// Reads and parses a JSON request body (1 MB at most, within the timeout).
pub async fn json_body(body: Body) -> Result<Value, Response> {
    let bytes = read_body(body, MAX_BODY)
        .await
        .map_err(|e| error(e.status(), None, e.message()))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            Some("invalidSyntax"),
            &format!("the body is not JSON: {e}"),
        )
    })
}

/// Runs SCIM work on a blocking thread with an open organization.
pub async fn with_org(
    s: Shared,
    f: impl FnOnce(&mut Org, &Shared) -> Result<Response, Error> + Send + 'static,
) -> Response {
    let s2 = s.clone();
    match blocking(move || s.with_org(Access::Write, |org| f(org, &s2))).await {
        Err(resp) => resp,
        Ok(Err(e)) => from_error(&e),
        Ok(Ok(r)) => r,
    }
}

/// Reads the JSON body, then runs SCIM work on it with an open organization.
pub async fn with_body(
    s: Shared,
    body: Body,
    f: impl FnOnce(&mut Org, &Shared, Value) -> Result<Response, Error> + Send + 'static,
) -> Response {
    match json_body(body).await {
        Ok(b) => with_org(s, move |org, s| f(org, s, b)).await,
        Err(r) => r,
    }
}

/// A list from the query string's parameters (`GET /Users?filter=...`).
pub async fn list_by_query(
    s: Shared,
    raw: Option<String>,
    list: fn(&mut Org, &Query) -> Result<Response, Error>,
) -> Response {
    match Query::from_params(&query_pairs(raw.as_deref())) {
        Ok(q) => with_org(s, move |org, _| list(org, &q)).await,
        Err(r) => r,
    }
}

/// A list from a `POST .search` body.
pub async fn list_by_search(
    s: Shared,
    body: Body,
    list: fn(&mut Org, &Query) -> Result<Response, Error>,
) -> Response {
    match json_body(body).await {
        Ok(b) => match Query::from_body(&b) {
            Ok(q) => with_org(s, move |org, _| list(org, &q)).await,
            Err(r) => r,
        },
        Err(r) => r,
    }
}

/// Sub-attributes returned only when `attributes` names them (RFC 7643 §7
/// `returned: request`): labels the server adds and a client never writes
/// (`members.display`), or cannot change (`emails.primary`: a person's one
/// email is the primary one), so that by default a client reads back
/// exactly what it wrote.
pub const ON_REQUEST: [(&str, &str); 3] = [
    ("roles", "display"),
    ("members", "display"),
    ("emails", "primary"),
];

/// What a list or search asks for.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub filter: Option<filter::Filter>,
    pub start: usize,
    pub count: usize,
    pub attributes: Vec<String>,
    pub excluded: Vec<String>,
}

fn csv_list(v: &str) -> Vec<String> {
    v.split(',')
        .map(|a| filter::strip_urn(a.trim()).to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

impl Query {
    /// From `?filter=...&startIndex=...&count=...&attributes=...`.
    pub fn from_params(params: &[(String, String)]) -> Result<Query, Response> {
        let mut q = Query {
            start: 1,
            count: DEFAULT_COUNT,
            ..Query::default()
        };
        for (k, v) in params {
            match k.to_ascii_lowercase().as_str() {
                "filter" => q.filter = Some(parse_filter(v)?),
                "startindex" => q.start = start_index(paging_int("startIndex", v)?),
                "count" => q.count = page_count(paging_int("count", v)?),
                "attributes" => q.attributes = csv_list(v),
                "excludedattributes" => q.excluded = csv_list(v),
                _ => {}
            }
        }
        Ok(q)
    }

    /// From a `POST .search` body.
    pub fn from_body(b: &Value) -> Result<Query, Response> {
        let mut q = Query {
            start: 1,
            count: DEFAULT_COUNT,
            ..Query::default()
        };
        if let Some(f) = filter::get(b, "filter").and_then(Value::as_str) {
            q.filter = Some(parse_filter(f)?);
        }
        if let Some(v) = filter::get(b, "startIndex") {
            q.start = start_index(paging_json("startIndex", v)?);
        }
        if let Some(v) = filter::get(b, "count") {
            q.count = page_count(paging_json("count", v)?);
        }
        let names = |k: &str| -> Vec<String> {
            filter::get(b, k)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(|s| filter::strip_urn(s).to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        q.attributes = names("attributes");
        q.excluded = names("excludedAttributes");
        Ok(q)
    }

    /// A page of the resources that match, as a ListResponse.
    pub fn respond(&self, all: Vec<Value>) -> Response {
        let matching: Vec<Value> = all
            .into_iter()
            .filter(|r| self.filter.as_ref().is_none_or(|f| filter::matches(f, r)))
            .collect();
        let total = matching.len();
        let page: Vec<Value> = matching
            .into_iter()
            .skip(self.start - 1)
            .take(self.count)
            .map(|r| self.project(r))
            .collect();
        scim_json(
            StatusCode::OK,
            &json!({
                "schemas": [LIST],
                "totalResults": total,
                "startIndex": self.start,
                "itemsPerPage": page.len(),
                "Resources": page,
            }),
        )
    }

    /// `attributes` / `excludedAttributes` on one resource; `id` and
    /// `schemas` always stay; the [`ON_REQUEST`] sub-attributes only when
    /// `attributes` names them.
    pub fn project(&self, mut r: Value) -> Value {
        let top = |a: &String| a.split('.').next().unwrap_or(a).to_ascii_lowercase();
        let keep: BTreeSet<String> = self.attributes.iter().map(top).collect();
        let drop: BTreeSet<String> = self.excluded.iter().map(top).collect();
        if let Some(o) = r.as_object_mut() {
            o.retain(|k, _| {
                let k = k.to_ascii_lowercase();
                if k == "id" || k == "schemas" {
                    return true;
                }
                (keep.is_empty() || keep.contains(&k)) && !drop.contains(&k)
            });
            for (attr, sub) in ON_REQUEST {
                let asked = self.attributes.iter().any(|a| {
                    a.split_once('.').is_some_and(|(t, s)| {
                        t.eq_ignore_ascii_case(attr) && s.eq_ignore_ascii_case(sub)
                    })
                });
                if asked {
                    continue;
                }
                for item in o
                    .get_mut(attr)
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                {
                    if let Some(item) = item.as_object_mut() {
                        item.remove(sub);
                    }
                }
            }
        }
        r
    }

    /// A resource as a POST, PUT or PATCH answers it (RFC 7644 §3.3: the
    /// attributes returned by default).
    pub fn written(r: Value) -> Value {
        Query::default().project(r)
    }
}

/// A paging parameter: an integer, however large (RFC 7644 §3.4.2.4 clamps
/// out-of-range values: a huge `startIndex` is past the end, an empty page,
/// never page 1 again, which would make a provider page forever); anything
/// else (`1.5`, `abc`) is a 400 `invalidValue`.
fn paging_int(name: &str, v: &str) -> Result<i64, Response> {
    let t = v.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(error(
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            &format!(
                "`{name}` must be an integer, not `{}`",
                crate::validate::printable(v)
            ),
        ));
    }
    Ok(t.parse::<i64>().unwrap_or(if t.starts_with('-') {
        i64::MIN
    } else {
        i64::MAX
    }))
}

/// [`paging_int`] for a `.search` body, which may send a number or a
/// string; a number is read as its JSON text, so a huge one clamps and
/// `1.5` is refused as in a query string.
fn paging_json(name: &str, v: &Value) -> Result<i64, Response> {
    match v {
        Value::String(s) => paging_int(name, s),
        other => paging_int(name, &other.to_string()),
    }
}

/// A `startIndex` below 1 is 1 (RFC 7644 §3.4.2.4).
fn start_index(n: i64) -> usize {
    usize::try_from(n.max(1)).unwrap_or(usize::MAX)
}

/// A negative `count` is 0; past [`MAX_RESULTS`] it is [`MAX_RESULTS`].
fn page_count(n: i64) -> usize {
    usize::try_from(n.clamp(0, MAX_RESULTS as i64)).unwrap_or(0)
}

fn parse_filter(f: &str) -> Result<filter::Filter, Response> {
    filter::parse(f).map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            Some("invalidFilter"),
            &format!("the filter is not valid: {e}"),
        )
    })
}

/// `POST /scim/v2/.search`: users and groups together.
async fn search_all(
    State(s): State<Shared>,
    Extension(_t): Extension<TokenName>,
    body: Body,
) -> Response {
    let b = match json_body(body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let q = match Query::from_body(&b) {
        Ok(q) => q,
        Err(r) => return r,
    };
    with_org(s, move |org, _| {
        let mut all: Vec<Value> = org.scim_users()?.iter().map(users::to_json).collect();
        all.extend(org.scim_groups()?.iter().map(groups::to_json));
        Ok(q.respond(all))
    })
    .await
}

/// A SCIM boolean as providers send them: `true`, or Entra's `"True"`.
pub fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Role names from `roles`: a list of names or `{"value": NAME}` objects,
/// or one of them alone (read as a list of one). Anything else is a 400:
/// a value that cannot be read must never become an empty role set.
pub fn roles_of(v: &Value) -> Result<RoleSet, Error> {
    let bad =
        || Error::usage("`roles` needs a role name, a {\"value\": NAME} object, or a list of them");
    let items: Vec<&Value> = match v {
        Value::Array(a) => a.iter().collect(),
        Value::String(_) | Value::Object(_) => vec![v],
        _ => return Err(bad()),
    };
    let mut set = RoleSet::EMPTY;
    for r in items {
        let name = match r {
            Value::String(s) => s.as_str(),
            Value::Object(_) => filter::get(r, "value")
                .and_then(Value::as_str)
                .ok_or_else(bad)?,
            _ => return Err(bad()),
        };
        set.insert(Role::parse(name)?);
    }
    Ok(set)
}

/// A PATCH path read for matching: the parsed path, its attribute and
/// sub-attribute lowercased (`roles`, `value`); a path that does not parse
/// is a 400 `invalidPath`.
pub fn patch_path(path: &str) -> Result<(filter::Path, String, Option<String>), Error> {
    let p =
        filter::parse_path(path).map_err(|e| invalid_path(path, &format!("is not valid: {e}")))?;
    let attr = p.attr.to_ascii_lowercase();
    let sub = p.sub.as_deref().map(str::to_ascii_lowercase);
    Ok((p, attr, sub))
}

/// A PATCH value that must be a string.
pub fn patch_text(path: &str, value: &Value) -> Result<String, Error> {
    value.as_str().map(str::to_string).ok_or_else(|| {
        Error::usage(format!(
            "`{}` needs a string",
            crate::validate::printable(path)
        ))
    })
}

/// A 400 `invalidPath`: a PATCH path that names nothing orgadm has.
pub fn invalid_path(path: &str, why: &str) -> Error {
    Error::usage(format!(
        "the PATCH path `{}` {why}",
        crate::validate::printable(path)
    ))
    .scim_type("invalidPath")
}

/// A 400 `mutability`: removing what every resource must have.
pub fn cannot_remove(what: &str, why: &str) -> Error {
    Error::usage(format!(
        "`{what}` cannot be removed: {why}; replace it instead"
    ))
    .scim_type("mutability")
}

/// One PATCH operation, normalized: lowercase `op`, the path (if any).
pub struct PatchOp {
    pub op: String,
    pub path: Option<String>,
    pub value: Value,
}

/// The `Operations` of a PatchOp request.
pub fn patch_ops(b: &Value) -> Result<Vec<PatchOp>, Error> {
    let ops = filter::get(b, "Operations")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::usage("a PATCH needs `Operations`"))?;
    ops.iter()
        .map(|o| {
            let op = filter::get(o, "op")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::usage("a PATCH operation needs `op`"))?
                .to_ascii_lowercase();
            if !matches!(op.as_str(), "add" | "replace" | "remove") {
                return Err(Error::usage(format!(
                    "PATCH op `{}` is not add, replace or remove",
                    crate::validate::printable(&op)
                )));
            }
            Ok(PatchOp {
                op,
                path: filter::get(o, "path")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .filter(|p| !p.trim().is_empty()),
                value: filter::get(o, "value").cloned().unwrap_or(Value::Null),
            })
        })
        .collect()
}

/// The query string as pairs, percent-decoded.
pub fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            // Two hex digits exactly: `from_str_radix` alone would take `%+1`.
            b'%' if s
                .get(i + 1..i + 3)
                .is_some_and(|h| h.bytes().all(|c| c.is_ascii_hexdigit())) =>
            {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap_or(b'%'));
                i += 3;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `meta` for a resource.
pub fn meta(kind: &str, id: &str, created_at: i64, updated_at: i64) -> Value {
    json!({
        "resourceType": kind,
        "created": crate::time::rfc3339(created_at),
        "lastModified": crate::time::rfc3339(updated_at),
        "location": format!("/scim/v2/{kind}s/{id}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_need_two_hex_digits() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("%41%7a"), "Az");
        for kept in ["%+1", "%-1", "%1", "%", "%zz", "%4"] {
            assert_eq!(percent_decode(kept), kept.replace('+', " "), "{kept}");
        }
    }

    #[test]
    fn paging_clamps_integers_and_refuses_the_rest() {
        let q = |k: &str, v: &str| Query::from_params(&[(k.to_string(), v.to_string())]);
        let page = |k: &str, v: &str| q(k, v).map(|q| (q.start, q.count)).ok();
        assert_eq!(
            page("startIndex", "99999999999999999999"),
            Some((i64::MAX as usize, 100))
        );
        assert_eq!(page("startIndex", "0"), Some((1, 100)));
        assert_eq!(page("startIndex", "-99999999999999999999"), Some((1, 100)));
        assert_eq!(page("count", "-5"), Some((1, 0)));
        assert_eq!(
            page("count", "99999999999999999999"),
            Some((1, MAX_RESULTS))
        );
        assert_eq!(page("count", " 7 "), Some((1, 7)));
        for bad in ["1.5", "abc", "", "1e3", "0x10", "+-1", "-"] {
            for k in ["startIndex", "count"] {
                let r = q(k, bad)
                    .err()
                    .unwrap_or_else(|| panic!("{k}={bad} accepted"));
                assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{k}={bad}");
            }
        }
        let body = |v: Value| Query::from_body(&v).map(|q| (q.start, q.count)).ok();
        assert_eq!(
            body(json!({"startIndex": 18446744073709551615u64})),
            Some((i64::MAX as usize, 100))
        );
        assert_eq!(body(json!({"startIndex": "3", "count": 2})), Some((3, 2)));
        assert_eq!(body(json!({"startIndex": 1.5})), None);
        assert_eq!(body(json!({"count": true})), None);
        assert_eq!(body(json!({"count": "x"})), None);
    }

    #[test]
    fn a_single_role_is_a_list_of_one_and_junk_is_refused() {
        assert_eq!(roles_of(&json!("user")).unwrap(), RoleSet::of([Role::User]));
        assert_eq!(
            roles_of(&json!({"value": "org-admin"})).unwrap(),
            RoleSet::of([Role::OrgAdmin])
        );
        assert_eq!(roles_of(&json!([])).unwrap(), RoleSet::EMPTY);
        for bad in [
            json!(42),
            json!(null),
            json!(true),
            json!([1]),
            json!([{}]),
            json!([""]),
        ] {
            assert!(roles_of(&bad).is_err(), "{bad}");
        }
    }
}
