//! What a group's ops do to the model.

use super::{Entry, GroupState, Model};
use crate::error::{Error, Result};
use crate::org::change::Op;
use crate::store::Tx;
use crate::validate;

use super::edit_roles;

impl Model {
    /// An op on a group or its members ([`Model::apply`] sends only those).
    pub(super) fn group_op(&mut self, tx: &Tx, op: &Op) -> Result<()> {
        match op {
            Op::SetGroupExternalId { group, external_id } => {
                let key = self.group_key(group)?;
                let e = self
                    .groups
                    .get_mut(&key)
                    .ok_or_else(|| Error::internal("group not loaded"))?;
                e.touched = true;
                if let Some(g) = e.after.as_mut() {
                    g.external_id = validate::external_id(external_id.as_deref())?;
                }
            }
            Op::CreateGroup {
                name,
                roles,
                external_id,
            } => {
                if self.group_key(name).is_ok() {
                    return Err(
                        Error::conflict(format!("a group named `{name}` already exists"))
                            .hint(format!("see it with `orgadm group show {name}`")),
                    );
                }
                if roles.is_empty() {
                    return Err(
                        Error::usage(format!("group `{name}` needs at least one role"))
                            .hint("add `--role ROLE`"),
                    );
                }
                self.check_group_look_alike(name, None)?;
                let external_id = validate::external_id(external_id.as_deref())?;
                let mut key = validate::fold(name);
                while self.groups.contains_key(&key) {
                    key.push('\u{0}');
                }
                self.groups.insert(
                    key,
                    Entry {
                        before: None,
                        after: Some(Box::new(GroupState {
                            id: None,
                            name: name.clone(),
                            roles: *roles,
                            external_id,
                        })),
                        touched: true,
                    },
                );
            }
            Op::EditGroup { group, name, roles } => {
                let key = self.group_key(group)?;
                if let Some(n) = name {
                    if let Ok(other) = self.group_key(n) {
                        if other != key {
                            return Err(Error::conflict(format!(
                                "a group named `{n}` already exists"
                            )));
                        }
                    }
                    self.check_group_look_alike(n, Some(&key))?;
                }
                let mut notes = Vec::new();
                let e = self
                    .groups
                    .get_mut(&key)
                    .ok_or_else(|| Error::internal("group not loaded"))?;
                e.touched = true;
                let g = e
                    .after
                    .as_mut()
                    .ok_or_else(|| Error::internal("group deleted"))?;
                if let Some(n) = name {
                    if *n == g.name {
                        notes.push(format!("group {n}: name is already {n}"));
                    } else {
                        g.name = n.clone();
                    }
                }
                let before = g.roles;
                let label = format!("group {}", g.name);
                edit_roles(&mut g.roles, roles, &label, &mut notes);
                if g.roles.is_empty() {
                    return Err(Error::usage(format!(
                        "group `{}` needs at least one role",
                        g.name
                    ))
                    .hint("to take every role away, delete the group with `orgadm group delete`"));
                }
                let changed_roles = g.roles != before;
                self.notes.extend(notes);
                if changed_roles {
                    self.load_members(tx, &key)?;
                }
            }
            Op::DeleteGroup { group } => {
                let key = self.group_key(group)?;
                self.load_members(tx, &key)?;
                let e = self
                    .groups
                    .get_mut(&key)
                    .ok_or_else(|| Error::internal("group not loaded"))?;
                e.after = None;
                e.touched = true;
                for p in self.persons.values_mut() {
                    if let Some(a) = p.after.as_mut() {
                        a.groups.remove(&key);
                    }
                }
            }
            Op::AddMember { group, person } => self.add_member(tx, group, *person)?,
            Op::RemoveMember { group, person } => self.remove_member(tx, group, *person)?,
            _ => unreachable!("not a group's op: {op:?}"),
        }
        Ok(())
    }

    pub(super) fn add_member(&mut self, tx: &Tx, group: &str, person: i64) -> Result<()> {
        let gk = self.group_key(group)?;
        let gname = self.group_display(&gk);
        let key = self.person(tx, person)?;
        let p = self.after_mut(&key)?;
        if !p.groups.insert(gk) {
            let msg = format!("{} is already a member of {gname}", p.email);
            self.notes.push(msg);
        }
        Ok(())
    }

    pub(super) fn remove_member(&mut self, tx: &Tx, group: &str, person: i64) -> Result<()> {
        let gk = self.group_key(group)?;
        let gname = self.group_display(&gk);
        let key = self.person(tx, person)?;
        let p = self.after_mut(&key)?;
        if !p.groups.remove(&gk) {
            let msg = format!("{} is not a member of {gname}", p.email);
            self.notes.push(msg);
        }
        Ok(())
    }
}
