//! `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`: what this server
//! supports, exactly (PATCH and filters yes; bulk, ETags, sorting and
//! password changes no).

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use serde_json::{json, Value};

use super::{error, scim_json, TokenName, GROUP_EXT, GROUP_SCHEMA, MAX_RESULTS, USER_SCHEMA};

const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

pub async fn service_provider_config(Extension(_t): Extension<TokenName>) -> Response {
    scim_json(
        StatusCode::OK,
        &json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "documentationUri": "https://github.com/orgadm/orgadm#provisioning-from-an-identity-provider",
            "patch": {"supported": true},
            "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": true, "maxResults": MAX_RESULTS},
            "changePassword": {"supported": false},
            "sort": {"supported": false},
            "etag": {"supported": false},
            "authenticationSchemes": [{
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A token made with `orgadm scim token create NAME`, sent as `Authorization: Bearer TOKEN`",
                "primary": true,
            }],
            "meta": {"resourceType": "ServiceProviderConfig", "location": "/scim/v2/ServiceProviderConfig"},
        }),
    )
}

fn resource_type_user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": "User", "name": "User", "endpoint": "/Users",
        "description": "A person of the organization; userName is the email",
        "schema": USER_SCHEMA, "schemaExtensions": [],
        "meta": {"resourceType": "ResourceType", "location": "/scim/v2/ResourceTypes/User"},
    })
}

fn resource_type_group() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": "Group", "name": "Group", "endpoint": "/Groups",
        "description": "A group whose members inherit its roles",
        "schema": GROUP_SCHEMA,
        // Every group has roles (a POST without them gets the defaults).
        "schemaExtensions": [{"schema": GROUP_EXT, "required": true}],
        "meta": {"resourceType": "ResourceType", "location": "/scim/v2/ResourceTypes/Group"},
    })
}

fn list(items: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST],
        "totalResults": items.len(),
        "startIndex": 1,
        "itemsPerPage": items.len(),
        "Resources": items,
    })
}

pub async fn resource_types(Extension(_t): Extension<TokenName>) -> Response {
    scim_json(
        StatusCode::OK,
        &list(vec![resource_type_user(), resource_type_group()]),
    )
}

pub async fn resource_type(
    Extension(_t): Extension<TokenName>,
    Path(id): Path<String>,
) -> Response {
    match id.as_str() {
        "User" => scim_json(StatusCode::OK, &resource_type_user()),
        "Group" => scim_json(StatusCode::OK, &resource_type_group()),
        _ => error(StatusCode::NOT_FOUND, None, "no such resource type"),
    }
}

fn attr(
    name: &str,
    kind: &str,
    multi: bool,
    required: bool,
    mutability: &str,
    uniqueness: &str,
) -> Value {
    json!({
        "name": name, "type": kind, "multiValued": multi, "required": required,
        "caseExact": matches!(name, "id" | "externalId"),
        "mutability": mutability, "returned": "default", "uniqueness": uniqueness,
        "description": "",
    })
}

fn complex(name: &str, multi: bool, mutability: &str, subs: Vec<Value>) -> Value {
    let mut a = attr(name, "complex", multi, false, mutability, "none");
    a["subAttributes"] = json!(subs);
    a
}

fn required(mut a: Value) -> Value {
    a["required"] = json!(true);
    a
}

/// A string attribute whose only values are `values` (RFC 7643 §2.3.1).
fn canonical(mut a: Value, values: &[&str]) -> Value {
    a["canonicalValues"] = json!(values);
    a
}

/// Returned only when `attributes` names it (`serve::scim::ON_REQUEST`).
fn on_request(mut a: Value) -> Value {
    a["returned"] = json!("request");
    a
}

/// A `$ref` to resources of these types (RFC 7643 §7 `referenceTypes`).
fn reference(mutability: &str, types: &[&str]) -> Value {
    let mut a = attr("$ref", "reference", false, false, mutability, "none");
    a["referenceTypes"] = json!(types);
    a
}

fn schema_user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": USER_SCHEMA, "name": "User", "description": "A person of the organization",
        "attributes": [
            attr("userName", "string", false, true, "readWrite", "server"),
            // Every person has a name, an access state and an email: these
            // are required (a POST may still leave them out: the name then
            // comes from the email, active is true, emails is the userName
            // when that is an address), so
            // a PATCH may replace them but not remove them.
            required(complex("name", false, "readWrite", vec![
                attr("formatted", "string", false, false, "readWrite", "none"),
                attr("givenName", "string", false, false, "readWrite", "none"),
                attr("familyName", "string", false, false, "readWrite", "none"),
            ])),
            attr("displayName", "string", false, true, "readWrite", "none"),
            attr("active", "boolean", false, true, "readWrite", "none"),
            attr("externalId", "string", false, false, "readWrite", "none"),
            // A person's email is their address for invitations and
            // sign-in: `emails[].value` is required, unless `userName` is
            // itself an address.
            required(complex("emails", true, "readWrite", vec![
                attr("value", "string", false, true, "readWrite", "none"),
                // One email per person, its work address.
                canonical(attr("type", "string", false, false, "readWrite", "none"), &["work"]),
                // The one email is the primary one.
                on_request(attr("primary", "boolean", false, false, "readOnly", "none")),
            ])),
            complex("roles", true, "readWrite", vec![
                canonical(
                    attr("value", "string", false, false, "readWrite", "none"),
                    &["org-admin", "user", "finance-admin"],
                ),
                on_request(attr("display", "string", false, false, "readOnly", "none")),
            ]),
            complex("groups", true, "readOnly", vec![
                attr("value", "string", false, false, "readOnly", "none"),
                attr("display", "string", false, false, "readOnly", "none"),
                reference("readOnly", &["Group"]),
            ]),
        ],
        "meta": {"resourceType": "Schema", "location": format!("/scim/v2/Schemas/{USER_SCHEMA}")},
    })
}

fn schema_group() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": GROUP_SCHEMA, "name": "Group", "description": "A group whose members inherit its roles",
        "attributes": [
            attr("displayName", "string", false, true, "readWrite", "server"),
            attr("externalId", "string", false, false, "readWrite", "none"),
            complex("members", true, "readWrite", vec![
                attr("value", "string", false, false, "immutable", "none"),
                on_request(attr("display", "string", false, false, "readOnly", "none")),
                // Groups hold people, not other groups.
                reference("immutable", &["User"]),
                canonical(attr("type", "string", false, false, "immutable", "none"), &["User"]),
            ]),
        ],
        "meta": {"resourceType": "Schema", "location": format!("/scim/v2/Schemas/{GROUP_SCHEMA}")},
    })
}

fn schema_group_ext() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": GROUP_EXT, "name": "orgadm Group", "description": "The roles a group gives its members",
        "attributes": [{
            // Every group gives a role: a POST without any gets the
            // default ones, a PATCH may replace them but not remove them all.
            "name": "roles", "type": "string", "multiValued": true, "required": true,
            "caseExact": false, "mutability": "readWrite", "returned": "default", "uniqueness": "none",
            "canonicalValues": ["org-admin", "user", "finance-admin"],
            "description": "org-admin, user or finance-admin",
        }],
        "meta": {"resourceType": "Schema", "location": format!("/scim/v2/Schemas/{GROUP_EXT}")},
    })
}

pub async fn schemas(Extension(_t): Extension<TokenName>) -> Response {
    scim_json(
        StatusCode::OK,
        &list(vec![schema_user(), schema_group(), schema_group_ext()]),
    )
}

pub async fn schema(Extension(_t): Extension<TokenName>, Path(id): Path<String>) -> Response {
    match id.as_str() {
        USER_SCHEMA => scim_json(StatusCode::OK, &schema_user()),
        GROUP_SCHEMA => scim_json(StatusCode::OK, &schema_group()),
        GROUP_EXT => scim_json(StatusCode::OK, &schema_group_ext()),
        _ => error(StatusCode::NOT_FOUND, None, "no such schema"),
    }
}
