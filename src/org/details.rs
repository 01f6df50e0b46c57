//! What one entity's change was, as a type: the core builds these, the CLI
//! describes them, and the audit log stores their JSON (the shape below,
//! unchanged since the first release, so old entries still verify).

use serde::{Deserialize, Serialize, Serializer};
use serde_json::{json, Map, Value};

use super::{NameParts, Status};
use crate::role::RoleSet;

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromTo {
    pub from: String,
    pub to: String,
}

/// Names added to and removed from a set (roles, groups).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Added<T> {
    pub added: T,
    pub removed: T,
}

/// Rarely-set parts are boxed: a 100,000-person apply holds a record per
/// person, and inline they made each ~320 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Details {
    GroupCreated {
        roles: RoleSet,
        external_id: Option<String>,
    },
    GroupDeleted {
        roles: RoleSet,
        members: usize,
    },
    GroupEdited {
        name: Option<Box<FromTo>>,
        roles: Option<Added<RoleSet>>,
        external_id: Option<Box<FromTo>>,
    },
    /// An active person an identity provider created.
    Created {
        status: Status,
        name: String,
        roles: RoleSet,
        groups: Vec<String>,
        external_id: Option<String>,
        /// The given and family names the provider sent.
        name_parts: Option<Box<NameParts>>,
        /// The SCIM `userName`, when not the email.
        user_name: Option<String>,
    },
    Invited {
        name: String,
        roles: RoleSet,
        groups: Vec<String>,
        expires_at: Option<String>,
    },
    Removed {
        status: Status,
        name: String,
        roles: RoleSet,
        groups: Vec<String>,
    },
    PersonEdited {
        name: Option<Box<FromTo>>,
        email: Option<Box<FromTo>>,
        roles: Option<Added<RoleSet>>,
        groups: Option<Box<Added<Vec<String>>>>,
        /// A new token and expiry (`expires_at`).
        reissued: Option<String>,
        /// Suspended or given back access.
        status: Option<Box<FromTo>>,
        external_id: Option<Box<FromTo>>,
        /// The provider's given and family names: (before, after).
        name_parts: Option<Box<(NameParts, NameParts)>>,
        user_name: Option<Box<FromTo>>,
    },
    /// `init`: the organization and its first admin.
    Initialized {
        organization: String,
        name: String,
    },
    /// `invite accept`.
    Accepted,
    /// An attempt by someone who may not change the organization.
    Refused {
        reason: String,
    },
}

impl Details {
    /// The audit log's JSON for these details. Objects are serde_json maps,
    /// whose keys sort, so the text is the same whatever the build.
    pub fn to_json(&self) -> Value {
        let roles_diff = |d: &Added<RoleSet>| json!({"added": d.added, "removed": d.removed});
        let from_to = |f: &FromTo| json!({"from": f.from, "to": f.to});
        match self {
            Details::GroupCreated { roles, external_id } => {
                let mut v = json!({"created": true, "roles": roles});
                if let Some(x) = external_id {
                    v["external_id"] = json!(x);
                }
                v
            }
            Details::Created {
                status,
                name,
                roles,
                groups,
                external_id,
                name_parts,
                user_name,
            } => {
                let mut v = json!({
                    "created": true,
                    "status": status,
                    "name": name,
                    "roles": roles,
                    "groups": groups,
                });
                if let Some(x) = external_id {
                    v["external_id"] = json!(x);
                }
                if let Some(u) = user_name {
                    v["user_name"] = json!(u);
                }
                if let Some(n) = name_parts {
                    if let Some(g) = &n.given {
                        v["given_name"] = json!(g);
                    }
                    if let Some(f) = &n.family {
                        v["family_name"] = json!(f);
                    }
                }
                v
            }
            Details::GroupDeleted { roles, members } => {
                json!({"deleted": true, "roles": roles, "members": members})
            }
            Details::GroupEdited {
                name,
                roles,
                external_id,
            } => {
                let mut d = Map::new();
                if let Some(n) = name {
                    d.insert("name".into(), from_to(n));
                }
                if let Some(r) = roles {
                    d.insert("roles".into(), roles_diff(r));
                }
                if let Some(x) = external_id {
                    d.insert("external_id".into(), from_to(x));
                }
                Value::Object(d)
            }
            Details::Invited {
                name,
                roles,
                groups,
                expires_at,
            } => json!({
                "invited": true,
                "name": name,
                "roles": roles,
                "groups": groups,
                "expires_at": expires_at,
            }),
            Details::Removed {
                status,
                name,
                roles,
                groups,
            } => json!({
                "removed": true,
                "status": status,
                "name": name,
                "roles": roles,
                "groups": groups,
            }),
            Details::PersonEdited {
                name,
                email,
                roles,
                groups,
                reissued,
                status,
                external_id,
                name_parts,
                user_name,
            } => {
                let mut d = Map::new();
                if let Some(s) = status {
                    d.insert("status".into(), from_to(s));
                }
                if let Some(x) = external_id {
                    d.insert("external_id".into(), from_to(x));
                }
                if let Some(u) = user_name {
                    d.insert("user_name".into(), from_to(u));
                }
                if let Some(n) = name {
                    d.insert("name".into(), from_to(n));
                }
                if let Some(p) = name_parts {
                    let (b, a) = &**p;
                    for (key, b, a) in [
                        ("given_name", &b.given, &a.given),
                        ("family_name", &b.family, &a.family),
                    ] {
                        if b != a {
                            let text = |v: &Option<String>| v.clone().unwrap_or_default();
                            d.insert(key.into(), json!({"from": text(b), "to": text(a)}));
                        }
                    }
                }
                if let Some(e) = email {
                    d.insert("email".into(), from_to(e));
                }
                if let Some(r) = roles {
                    d.insert("roles".into(), roles_diff(r));
                }
                if let Some(g) = groups {
                    d.insert(
                        "groups".into(),
                        json!({"added": g.added, "removed": g.removed}),
                    );
                }
                if let Some(at) = reissued {
                    d.insert(
                        "invitation".into(),
                        json!({"reissued": true, "expires_at": at}),
                    );
                }
                Value::Object(d)
            }
            Details::Initialized { organization, name } => json!({
                "organization": organization,
                "name": name,
                "roles": ["org-admin"],
            }),
            Details::Accepted => json!({"status": {"from": "invited", "to": "active"}}),
            Details::Refused { reason } => json!({"result": "refused", "reason": reason}),
        }
    }
}

impl Details {
    /// Reads back what [`Details::to_json`] wrote for a record of `target`
    /// (a plan from an `orgadm serve`); None if `v` is not that. A group's
    /// record (`group:NAME`) and a person's edit have keys in common, so the
    /// target tells them apart.
    pub fn from_json(target: &str, v: &Value) -> Option<Details> {
        let o = v.as_object()?;
        let text = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
        let roles = |v: Option<&Value>| -> Option<RoleSet> {
            v.map_or(Some(RoleSet::default()), |v| RoleSet::deserialize(v).ok())
        };
        let strings = |v: Option<&Value>| -> Option<Vec<String>> {
            v.map_or(Some(Vec::new()), |v| Vec::<String>::deserialize(v).ok())
        };
        let status = |v: Option<&Value>| -> Option<Status> { Status::deserialize(v?).ok() };
        let from_to = |k: &str| -> Option<Option<Box<FromTo>>> {
            match o.get(k) {
                None => Some(None),
                Some(f) => Some(Some(Box::new(FromTo {
                    from: f.get("from")?.as_str()?.to_string(),
                    to: f.get("to")?.as_str()?.to_string(),
                }))),
            }
        };
        let roles_diff = |k: &str| -> Option<Option<Added<RoleSet>>> {
            match o.get(k) {
                None => Some(None),
                Some(d) => Some(Some(Added {
                    added: roles(d.get("added"))?,
                    removed: roles(d.get("removed"))?,
                })),
            }
        };
        let flag = |k: &str| o.get(k).and_then(Value::as_bool) == Some(true);
        let is_group = target.starts_with("group:");
        if o.get("result").and_then(Value::as_str) == Some("refused") {
            return Some(Details::Refused {
                reason: text("reason")?,
            });
        }
        if flag("created") && is_group {
            return Some(Details::GroupCreated {
                roles: roles(o.get("roles"))?,
                external_id: text("external_id"),
            });
        }
        if flag("created") {
            let parts = NameParts {
                given: text("given_name"),
                family: text("family_name"),
            };
            return Some(Details::Created {
                status: status(o.get("status"))?,
                name: text("name")?,
                roles: roles(o.get("roles"))?,
                groups: strings(o.get("groups"))?,
                external_id: text("external_id"),
                name_parts: parts.boxed(),
                user_name: text("user_name"),
            });
        }
        if flag("deleted") {
            return Some(Details::GroupDeleted {
                roles: roles(o.get("roles"))?,
                members: usize::try_from(o.get("members")?.as_u64()?).ok()?,
            });
        }
        if flag("invited") {
            return Some(Details::Invited {
                name: text("name")?,
                roles: roles(o.get("roles"))?,
                groups: strings(o.get("groups"))?,
                expires_at: text("expires_at"),
            });
        }
        if flag("removed") {
            return Some(Details::Removed {
                status: status(o.get("status"))?,
                name: text("name")?,
                roles: roles(o.get("roles"))?,
                groups: strings(o.get("groups"))?,
            });
        }
        if o.contains_key("organization") {
            return Some(Details::Initialized {
                organization: text("organization")?,
                name: text("name")?,
            });
        }
        if is_group {
            return Some(Details::GroupEdited {
                name: from_to("name")?,
                roles: roles_diff("roles")?,
                external_id: from_to("external_id")?,
            });
        }
        let part = |k: &str| -> Option<(Option<String>, Option<String>)> {
            let f = o.get(k)?;
            let t = |k: &str| {
                f.get(k)
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            Some((t("from"), t("to")))
        };
        let (given, family) = (part("given_name"), part("family_name"));
        let name_parts = (given.is_some() || family.is_some()).then(|| {
            let (gb, ga) = given.unwrap_or_default();
            let (fb, fa) = family.unwrap_or_default();
            Box::new((
                NameParts {
                    given: gb,
                    family: fb,
                },
                NameParts {
                    given: ga,
                    family: fa,
                },
            ))
        });
        let groups = match o.get("groups") {
            None => None,
            Some(g) => Some(Box::new(Added {
                added: strings(g.get("added"))?,
                removed: strings(g.get("removed"))?,
            })),
        };
        let reissued = match o.get("invitation") {
            None => None,
            Some(i) => Some(i.get("expires_at")?.as_str()?.to_string()),
        };
        Some(Details::PersonEdited {
            name: from_to("name")?,
            email: from_to("email")?,
            roles: roles_diff("roles")?,
            groups,
            reissued,
            status: from_to("status")?,
            external_id: from_to("external_id")?,
            name_parts,
            user_name: from_to("user_name")?,
        })
    }
}

impl Serialize for Details {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}
