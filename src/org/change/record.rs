//! What a measured change says, entity by entity: the lines the admin reads
//! and the details the audit log keeps.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::model::Model;
use super::ChangeRecord;
use crate::role::RoleSet;

impl Model {
    /// The change, entity by entity, as the audit log and the admin see it.
    pub(super) fn records(&self, action: &str) -> Vec<ChangeRecord> {
        let mut out = Vec::new();
        let names = |keys: &BTreeSet<String>| -> Vec<String> {
            let mut v: Vec<String> = keys.iter().map(|k| self.group_display(k)).collect();
            v.sort();
            v
        };
        for (key, e) in &self.groups {
            let details = match (&e.before, &e.after) {
                (None, Some(a)) => json!({"created": true, "roles": a.roles}),
                (Some(b), None) => {
                    let members = self
                        .persons
                        .values()
                        .filter(|p| p.before.as_ref().is_some_and(|p| p.groups.contains(key)))
                        .count();
                    json!({"deleted": true, "roles": b.roles, "members": members})
                }
                (Some(b), Some(a)) if b != a => {
                    let mut d = Map::new();
                    if b.name != a.name {
                        d.insert("name".into(), json!({"from": b.name, "to": a.name}));
                    }
                    if b.roles != a.roles {
                        d.insert("roles".into(), diff_roles(b.roles, a.roles));
                    }
                    Value::Object(d)
                }
                _ => continue,
            };
            let name = e
                .after
                .as_ref()
                .or(e.before.as_ref())
                .map(|g| g.name.as_str())
                .unwrap_or("");
            out.push(ChangeRecord {
                action: action.to_string(),
                target: format!("group:{name}"),
                details,
            });
        }
        for e in self.persons.values().filter(|e| e.touched) {
            let (target, details) = match (&e.before, &e.after) {
                (None, Some(a)) => (
                    a.email.clone(),
                    json!({
                        "invited": true,
                        "name": a.name,
                        "roles": a.direct,
                        "groups": names(&a.groups),
                        "expires_at": a.invite.as_ref().map(|i| crate::time::rfc3339(i.expires_at)),
                    }),
                ),
                (Some(b), None) => (
                    b.email.clone(),
                    json!({
                        "removed": true,
                        "status": b.status,
                        "name": b.name,
                        "roles": b.direct,
                        "groups": names(&b.groups),
                    }),
                ),
                (Some(b), Some(a)) if b != a => {
                    let mut d = Map::new();
                    if b.name != a.name {
                        d.insert("name".into(), json!({"from": b.name, "to": a.name}));
                    }
                    if b.email != a.email {
                        d.insert("email".into(), json!({"from": b.email, "to": a.email}));
                    }
                    if b.direct != a.direct {
                        d.insert("roles".into(), diff_roles(b.direct, a.direct));
                    }
                    if b.groups != a.groups {
                        let added: BTreeSet<String> =
                            a.groups.difference(&b.groups).cloned().collect();
                        let removed: BTreeSet<String> =
                            b.groups.difference(&a.groups).cloned().collect();
                        d.insert(
                            "groups".into(),
                            json!({"added": names(&added), "removed": names(&removed)}),
                        );
                    }
                    if let Some(i) = a.invite.as_ref().filter(|i| i.reissued) {
                        d.insert(
                            "invitation".into(),
                            json!({"reissued": true, "expires_at": crate::time::rfc3339(i.expires_at)}),
                        );
                    }
                    (b.email.clone(), Value::Object(d))
                }
                _ => continue,
            };
            out.push(ChangeRecord {
                action: action.to_string(),
                target,
                details,
            });
        }
        out
    }
}

fn diff_roles(before: RoleSet, after: RoleSet) -> Value {
    json!({"added": after.minus(before), "removed": before.minus(after)})
}
