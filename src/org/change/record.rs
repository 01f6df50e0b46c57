//! What a measured change says, entity by entity: the lines the admin reads
//! and the details the audit log keeps.

use super::model::Model;
use super::ChangeRecord;
use crate::org::details::{Added, Details, FromTo};
use crate::org::NameParts;
use crate::role::RoleSet;

impl Model {
    /// The change, entity by entity, as the audit log and the admin see it.
    pub(super) fn records(&self, action: &'static str) -> Vec<ChangeRecord> {
        // Sized once: 100,000 records are ~32 MB, and growing by doubling
        // would hold the old and the new buffer at once.
        let touched = self.persons.values().filter(|e| e.touched).count();
        let mut out = Vec::with_capacity(self.groups.len() + touched);
        let names = |keys: &mut dyn Iterator<Item = &String>| -> Vec<String> {
            let mut v: Vec<String> = keys.map(|k| self.group_display(k)).collect();
            v.sort();
            v
        };
        for (key, e) in &self.groups {
            let details = match (&e.before, &e.after) {
                (None, Some(a)) => Details::GroupCreated {
                    roles: a.roles,
                    external_id: a.external_id.clone(),
                },
                (Some(b), None) => {
                    let members = self
                        .persons
                        .values()
                        .filter(|p| p.before.as_ref().is_some_and(|p| p.groups.contains(key)))
                        .count();
                    Details::GroupDeleted {
                        roles: b.roles,
                        members,
                    }
                }
                (Some(b), Some(a)) if b != a => Details::GroupEdited {
                    name: renamed(&b.name, &a.name),
                    roles: diff_roles(b.roles, a.roles),
                    external_id: renamed_opt(&b.external_id, &a.external_id),
                },
                _ => continue,
            };
            let name = e
                .after
                .as_ref()
                .or(e.before.as_ref())
                .map(|g| g.name.as_str())
                .unwrap_or("");
            out.push(ChangeRecord {
                action,
                target: format!("group:{name}"),
                details,
            });
        }
        for e in self.persons.values().filter(|e| e.touched) {
            let (target, details) = match (&e.before, &e.after) {
                (None, Some(a)) if a.invite.is_none() => (
                    a.email.clone(),
                    Details::Created {
                        status: a.status,
                        name: a.name.clone(),
                        roles: a.direct,
                        groups: names(&mut a.groups.iter()),
                        external_id: a.external_id.clone(),
                        name_parts: a.name_parts.clone(),
                        user_name: a.user_name.clone(),
                    },
                ),
                (None, Some(a)) => (
                    a.email.clone(),
                    Details::Invited {
                        name: a.name.clone(),
                        roles: a.direct,
                        groups: names(&mut a.groups.iter()),
                        expires_at: a
                            .invite
                            .as_ref()
                            .map(|i| crate::time::rfc3339(i.expires_at)),
                    },
                ),
                (Some(b), None) => (
                    b.email.clone(),
                    Details::Removed {
                        status: b.status,
                        name: b.name.clone(),
                        roles: b.direct,
                        groups: names(&mut b.groups.iter()),
                    },
                ),
                (Some(b), Some(a)) if b != a => {
                    let groups = (b.groups != a.groups).then(|| {
                        Box::new(Added {
                            added: names(&mut a.groups.difference(&b.groups)),
                            removed: names(&mut b.groups.difference(&a.groups)),
                        })
                    });
                    (
                        b.email.clone(),
                        Details::PersonEdited {
                            name: renamed(&b.name, &a.name),
                            email: renamed(&b.email, &a.email),
                            roles: diff_roles(b.direct, a.direct),
                            groups,
                            reissued: a
                                .invite
                                .as_ref()
                                .filter(|i| i.reissued)
                                .map(|i| crate::time::rfc3339(i.expires_at)),
                            status: renamed(b.status.as_str(), a.status.as_str()),
                            external_id: renamed_opt(&b.external_id, &a.external_id),
                            name_parts: (b.name_parts != a.name_parts).then(|| {
                                let parts = |p: &Option<Box<NameParts>>| {
                                    p.as_deref().cloned().unwrap_or_default()
                                };
                                Box::new((parts(&b.name_parts), parts(&a.name_parts)))
                            }),
                            user_name: renamed_opt(&b.user_name, &a.user_name),
                        },
                    )
                }
                _ => continue,
            };
            out.push(ChangeRecord {
                action,
                target,
                details,
            });
        }
        out
    }
}

/// The roles added and removed, or None when they are the same.
fn diff_roles(before: RoleSet, after: RoleSet) -> Option<Added<RoleSet>> {
    (before != after).then(|| Added {
        added: after.minus(before),
        removed: before.minus(after),
    })
}

/// A change of an optional value (shown as "" when absent), or None.
fn renamed_opt(before: &Option<String>, after: &Option<String>) -> Option<Box<FromTo>> {
    renamed(
        before.as_deref().unwrap_or(""),
        after.as_deref().unwrap_or(""),
    )
}

/// A rename, or None when the value stayed.
fn renamed(before: &str, after: &str) -> Option<Box<FromTo>> {
    (before != after).then(|| {
        Box::new(FromTo {
            from: before.to_string(),
            to: after.to_string(),
        })
    })
}
