//! What a person's ops do to the model.

use super::{Entry, GroupKeys, InviteState, Model, PersonState};
use crate::error::{Error, Result};
use crate::org::change::{NameParts, Op};
use crate::org::Status;
use crate::role::RoleSet;
use crate::store::Tx;
use crate::validate::{self, Email};

use super::edit_roles;

impl Model {
    /// [`Model::apply`] for an op the model may keep: a new person's values
    /// move in rather than being copied.
    pub(in crate::org::change) fn apply_owned(&mut self, tx: &Tx, op: Op) -> Result<()> {
        match op {
            Op::Invite {
                email,
                name,
                roles,
                groups,
                token_hash,
                expires_at,
            } => {
                let invite = InviteState {
                    id: None,
                    token_hash,
                    expires_at,
                    reissued: true,
                };
                self.add_person(
                    tx,
                    Newcomer {
                        email,
                        name,
                        roles,
                        groups,
                        status: Status::Invited,
                        invite: Some(invite),
                        external_id: None,
                        name_parts: None,
                        user_name: None,
                    },
                )
            }
            Op::CreatePerson {
                email,
                name,
                roles,
                groups,
                external_id,
                name_parts,
                user_name,
                suspended,
            } => {
                let status = if suspended {
                    Status::Suspended
                } else {
                    Status::Active
                };
                let external_id = validate::external_id(external_id.as_deref())?;
                let name_parts = validate_parts(name_parts)?;
                self.add_person(
                    tx,
                    Newcomer {
                        email,
                        name,
                        roles,
                        groups,
                        status,
                        invite: None,
                        external_id,
                        name_parts: name_parts.boxed(),
                        user_name: validate::user_name(user_name.as_deref())?,
                    },
                )
            }
            op => self.apply(tx, &op),
        }
    }

    /// An op on one existing person ([`Model::apply`] sends only those).
    pub(super) fn person_op(&mut self, tx: &Tx, op: &Op) -> Result<()> {
        match op {
            Op::SetSuspended { person, suspended } => {
                let key = self.person(tx, *person)?;
                let p = self.after_mut(&key)?;
                let to = match (p.status, *suspended) {
                    (Status::Invited, true) => {
                        return Err(Error::conflict(format!(
                        "{} has not accepted their invitation, so there is no access to suspend",
                        p.email
                    ))
                        .hint(format!(
                            "revoke it instead: `orgadm invite revoke {}`",
                            p.email
                        )))
                    }
                    // Access comes from accepting, never from an unsuspend
                    // (or a provider's `active: true`).
                    (Status::Invited, false) => {
                        return Err(Error::conflict(format!(
                            "{} has not accepted their invitation yet: they become active when they accept it",
                            p.email
                        ))
                        .hint(format!(
                            "an admin can send it again with `orgadm invite resend {}`",
                            p.email
                        )))
                    }
                    (_, true) => Status::Suspended,
                    (_, false) => Status::Active,
                };
                if p.status == to {
                    let msg = format!("{} is already {}", p.email, to.as_str());
                    self.notes.push(msg);
                } else {
                    p.status = to;
                }
            }
            Op::SetExternalId {
                person,
                external_id,
            } => {
                let external_id = validate::external_id(external_id.as_deref())?;
                let key = self.person(tx, *person)?;
                self.after_mut(&key)?.external_id = external_id;
            }
            Op::SetNameParts { person, parts } => {
                let parts = validate_parts(parts.clone())?;
                let key = self.person(tx, *person)?;
                self.after_mut(&key)?.name_parts = parts.boxed();
            }
            Op::SetUserName { person, user_name } => {
                let user_name = validate::user_name(user_name.as_deref())?;
                let key = self.person(tx, *person)?;
                if let Some(u) = &user_name {
                    self.check_user_name_free(tx, u, Some(*person))?;
                }
                self.after_mut(&key)?.user_name = user_name;
            }
            Op::ChangeEmail { person, email } => {
                let key = self.person(tx, *person)?;
                let p = self.after_mut(&key)?;
                if p.status == Status::Invited {
                    return Err(Error::conflict(format!(
                        "{} is invited: change their address with `orgadm invite edit`, which sends a new invitation",
                        p.email
                    )));
                }
                if p.email_norm == email.norm {
                    p.email = email.typed.clone();
                } else {
                    self.check_email_free(tx, email, Some(&key))?;
                    let p = self.after_mut(&key)?;
                    let old = std::mem::replace(&mut p.email_norm, email.norm.clone());
                    p.email = email.typed.clone();
                    self.emails_after.remove(&old);
                    self.emails_after.insert(email.norm.clone(), key.clone());
                    self.skeletons_after.remove(&validate::skeleton(&old));
                    self.skeletons_after
                        .insert(validate::skeleton(&email.norm), key.clone());
                }
            }
            Op::EditPerson {
                person,
                name,
                email,
                roles,
                add_groups,
                remove_groups,
            } => {
                let key = self.person(tx, *person)?;
                if let Some((new, hash, expires_at)) = email {
                    let p = self.after_mut(&key)?;
                    if p.status != Status::Invited {
                        return Err(Error::usage(format!(
                            "{} has accepted their invitation; only an invited person's email can be changed",
                            p.email
                        ))
                        .hint("remove the person and invite the new address instead"));
                    }
                    if new.typed == p.email {
                        let msg = format!("{}: email is already {}", p.email, new.typed);
                        self.notes.push(msg);
                    } else {
                        self.check_email_free(tx, new, Some(&key))?;
                        let p = self.after_mut(&key)?;
                        let old = std::mem::replace(&mut p.email_norm, new.norm.clone());
                        p.email = new.typed.clone();
                        p.invite = Some(InviteState {
                            id: p.invite.as_ref().and_then(|i| i.id),
                            token_hash: hash.clone(),
                            expires_at: *expires_at,
                            reissued: true,
                        });
                        self.emails_after.remove(&old);
                        self.emails_after.insert(new.norm.clone(), key.clone());
                        self.skeletons_after.remove(&validate::skeleton(&old));
                        self.skeletons_after
                            .insert(validate::skeleton(&new.norm), key.clone());
                    }
                }
                let p = self.after_mut(&key)?;
                let mut note = None;
                if let Some(n) = name {
                    if *n == p.name {
                        note = Some(format!("{}: name is already {n}", p.email));
                    } else {
                        p.name = n.clone();
                        // The provider's parts named the old name.
                        p.name_parts = None;
                    }
                }
                let who = p.email.clone();
                let mut direct = p.direct;
                self.notes.extend(note);
                edit_roles(&mut direct, roles, &who, &mut self.notes);
                self.after_mut(&key)?.direct = direct;
                for g in add_groups {
                    self.add_member(tx, g, *person)?;
                }
                for g in remove_groups {
                    self.remove_member(tx, g, *person)?;
                }
            }
            Op::RemovePerson { person } => {
                let key = self.person(tx, *person)?;
                let e = self
                    .persons
                    .get_mut(&key)
                    .ok_or_else(|| Error::internal("person not loaded"))?;
                if let Some(p) = e.after.take() {
                    self.emails_after.remove(&p.email_norm);
                    self.skeletons_after
                        .remove(&validate::skeleton(&p.email_norm));
                }
                e.touched = true;
            }
            Op::Resend {
                person,
                token_hash,
                expires_at,
            } => {
                let key = self.person(tx, *person)?;
                let p = self.after_mut(&key)?;
                if p.status != Status::Invited {
                    return Err(Error::conflict(format!(
                        "{} has already accepted their invitation",
                        p.email
                    )));
                }
                p.invite = Some(InviteState {
                    id: p.invite.as_ref().and_then(|i| i.id),
                    token_hash: token_hash.clone(),
                    expires_at: *expires_at,
                    reissued: true,
                });
            }
            _ => unreachable!("not a person's op: {op:?}"),
        }
        Ok(())
    }

    /// A new person, invited or (from an identity provider) active. Takes
    /// the op's values by move: an apply of 100,000 people keeps one copy.
    fn add_person(&mut self, tx: &Tx, new: Newcomer) -> Result<()> {
        let Newcomer {
            email,
            name,
            roles,
            groups,
            status,
            invite,
            external_id,
            name_parts,
            user_name,
        } = new;
        self.check_email_free(tx, &email, None)?;
        if roles.is_empty() && groups.is_empty() {
            return Err(
                Error::usage(format!("{} needs at least one role or group", email.typed))
                    .hint("add `--role user` (or `--group NAME`)"),
            );
        }
        let mut keys = GroupKeys::default();
        for g in &groups {
            keys.insert(self.group_key(g)?);
        }
        if let Some(u) = &user_name {
            self.check_user_name_free(tx, u, None)?;
        }
        let mut key = email.norm.clone();
        while self.persons.contains_key(&key) {
            key.push('\u{0}');
        }
        self.emails_after.insert(email.norm.clone(), key.clone());
        self.skeletons_after
            .insert(validate::skeleton(&email.norm), key.clone());
        let p = PersonState {
            id: None,
            email: email.typed,
            email_norm: email.norm,
            name,
            status,
            direct: roles,
            groups: keys,
            invite,
            external_id,
            name_parts,
            user_name,
        };
        self.persons.insert(
            key,
            Entry {
                before: None,
                after: Some(Box::new(p)),
                touched: true,
            },
        );
        Ok(())
    }

    /// Refuses a SCIM `userName` that another person already has (as their
    /// own userName, or as the email that is their userName); `except` is
    /// the person who is to have it.
    fn check_user_name_free(&self, tx: &Tx, user_name: &str, except: Option<i64>) -> Result<()> {
        match crate::org::scim::user_name_holder(tx, user_name)? {
            Some(p) if Some(p.id) != except => Err(Error::conflict(format!(
                "the userName `{}` already belongs to {}",
                validate::printable(user_name),
                p.email
            ))),
            _ => Ok(()),
        }
    }
}

/// An identity provider's given and family names, checked by the rules of
/// every text field (an empty one is not kept).
fn validate_parts(p: NameParts) -> Result<NameParts> {
    let one = |field: &str, v: Option<String>| match v {
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => validate::text(field, &v).map(Some),
        None => Ok(None),
    };
    Ok(NameParts {
        given: one("name.givenName", p.given)?,
        family: one("name.familyName", p.family)?,
    })
}

/// A new person's values, moved into the model whole.
struct Newcomer {
    email: Email,
    name: String,
    roles: RoleSet,
    groups: Vec<String>,
    status: Status,
    invite: Option<InviteState>,
    external_id: Option<String>,
    name_parts: Option<Box<NameParts>>,
    user_name: Option<String>,
}
