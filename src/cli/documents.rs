//! The `--json` documents the CLI prints beyond the core's own views
//! (people, invitations, groups, plans): each one a type, so a renamed field
//! is a compile error, not a silently empty key. Fields are in alphabetical
//! order, as the documents have always been written.

use serde::Serialize;
use serde_json::Value;

use crate::org::request::DeliveryReport;
use crate::org::{ChangeRecord, InvitationView};
use crate::store::Location;

/// `orgadm init`.
#[derive(Serialize)]
pub struct Initialized<'a> {
    pub admin: Value,
    pub config: &'a std::path::Path,
    pub database: &'a Location,
    pub organization: &'a str,
}

/// `orgadm init --dry-run`.
#[derive(Serialize)]
pub struct InitPlan<'a> {
    pub admin: &'a str,
    pub database: &'a Location,
    pub dry_run: bool,
    pub organization: &'a str,
}

/// One role of `orgadm role list`.
#[derive(Serialize)]
pub struct RoleDoc {
    pub capabilities: Vec<&'static str>,
    pub display_name: &'static str,
    pub name: &'static str,
}

/// One entry of `orgadm audit`.
#[derive(Serialize)]
pub struct AuditDoc<'a> {
    pub action: &'a str,
    pub actor: &'a str,
    pub at: &'a str,
    pub details: &'a Value,
    pub os_user: &'a str,
    pub target: &'a str,
}

/// One person `apply` invited.
#[derive(Serialize)]
pub struct Invited {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept: Option<String>,
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<std::path::PathBuf>,
}

/// One invitation `invite resend` sent again.
#[derive(Serialize)]
pub struct Resent {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept: Option<String>,
    pub delivery: DeliveryReport,
    pub email: String,
}

/// `invite resend --failed`.
#[derive(Serialize)]
pub struct ResentAll {
    pub resent: Vec<Resent>,
}

/// `user add` (and the other commands that send an invitation).
#[derive(Serialize)]
pub struct Added<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept: Option<&'a str>,
    pub changed: bool,
    pub changes: &'a [ChangeRecord],
    pub delivery: &'a DeliveryReport,
    pub invitation: &'a Option<InvitationView>,
    pub notes: &'a [String],
    pub person: Value,
}

/// `invite accept --dry-run`.
#[derive(Serialize)]
pub struct AcceptPlan {
    pub dry_run: bool,
    pub person: Value,
}

/// `db copy`.
#[derive(Serialize)]
pub struct Copied<'a> {
    pub audit: AuditHead,
    pub counts: &'a crate::store::copy::Counts,
    pub from: &'a Location,
    pub to: &'a Location,
}

#[derive(Serialize)]
pub struct AuditHead {
    pub entries: i64,
    pub head: String,
}

/// `scim token create`.
#[derive(Serialize)]
pub struct TokenCreated<'a> {
    pub expires_at: Option<String>,
    pub name: &'a str,
    pub token: &'a str,
}
