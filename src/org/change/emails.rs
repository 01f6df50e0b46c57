//! Who may hold an email inside a change: unique by normalized form, and not
//! a look-alike (TR39 skeleton) of someone else's, in the database or among
//! what the change itself adds, moves and removes.

use std::collections::{HashMap, HashSet};

use super::model::Model;
use crate::error::{Error, Result};
use crate::store::Tx;
use crate::validate::{self, Email};

/// Above this many new people in one change, the database is asked about
/// their emails and look-alikes in batches of a few hundred, not twice
/// per person (an apply of 100,000 new people: 400 queries, not 200,000).
pub(super) const ASK_IN_BATCHES_ABOVE: usize = 16;

/// What the database holds for the emails a change adds: who holds each
/// normalized email, and whose email has each skeleton. Asked once, before
/// the ops, in the change's own transaction; a key not asked about is
/// looked up alone, as for a small change.
#[derive(Debug, Default)]
pub(crate) struct Asked {
    norms: HashSet<String>,
    skeletons: HashSet<String>,
    /// Normalized email → the email as stored.
    holders: HashMap<String, String>,
    /// Skeleton → (email as stored, normalized email).
    look_alikes: HashMap<String, Vec<(String, String)>>,
}

impl Asked {
    pub(super) fn ask(tx: &Tx, norms: Vec<String>) -> Result<Asked> {
        let mut skeletons: Vec<String> = norms.iter().map(|n| validate::skeleton(n)).collect();
        skeletons.sort_unstable();
        skeletons.dedup();
        let mut asked = Asked::default();
        for (email, norm) in crate::store::people::holding_norms(tx, &norms)? {
            asked.holders.insert(norm, email);
        }
        for (email, norm, skeleton) in crate::store::people::holding_skeletons(tx, &skeletons)? {
            asked
                .look_alikes
                .entry(skeleton)
                .or_default()
                .push((email, norm));
        }
        asked.norms = norms.into_iter().collect();
        asked.skeletons = skeletons.into_iter().collect();
        Ok(asked)
    }

    /// Who holds `norm` in the database (email as stored, norm), if asked.
    fn holder(&self, norm: &str) -> Option<Option<(String, String)>> {
        self.norms.contains(norm).then(|| {
            self.holders
                .get(norm)
                .map(|e| (e.clone(), norm.to_string()))
        })
    }

    /// The people in the database whose email has `skeleton` but is not
    /// `not_norm`, if asked.
    fn look_alikes(&self, skeleton: &str, not_norm: &str) -> Option<Vec<(String, String)>> {
        self.skeletons.contains(skeleton).then(|| {
            self.look_alikes
                .get(skeleton)
                .into_iter()
                .flatten()
                .filter(|(_, n)| n != not_norm)
                .cloned()
                .collect()
        })
    }
}

impl Model {
    /// Fails if an email is taken by someone else, in the database or in this change.
    pub(super) fn check_email_free(
        &self,
        tx: &Tx,
        email: &Email,
        except: Option<&str>,
    ) -> Result<()> {
        let taken_here = self
            .emails_after
            .get(&email.norm)
            .is_some_and(|k| Some(k.as_str()) != except);
        let in_db: Option<(String, String)> =
            match self.asked.as_ref().and_then(|a| a.holder(&email.norm)) {
                Some(answer) => answer,
                None => {
                    crate::store::people::by_norm(tx, &email.norm)?.map(|p| (p.email, p.email_norm))
                }
            };
        // Someone in the database holds it, unless this change removed them or
        // moved them to another address.
        let taken_in_db = in_db.as_ref().is_some_and(|(_, norm)| {
            Some(norm.as_str()) != except
                && match self.persons.get(norm) {
                    Some(e) => e.after.as_ref().is_some_and(|p| p.email_norm == *norm),
                    None => true,
                }
        });
        if taken_here && !taken_in_db {
            return Err(Error::conflict(format!(
                "{} appears twice in this change",
                validate::printable(&email.typed)
            ))
            .hint("name each person once"));
        }
        if taken_here || taken_in_db {
            let shown = in_db.map(|(e, _)| e).unwrap_or_else(|| email.typed.clone());
            return Err(Error::conflict(format!(
                "{} is already in the organization (as {shown})",
                email.typed
            ))
            .hint(format!("see them with `orgadm user show {shown}`")));
        }
        self.check_not_look_alike(tx, email, except)
    }

    /// Fails if an email looks like someone else's (the same TR39 skeleton,
    /// a different address), in the database or in this change.
    fn check_not_look_alike(&self, tx: &Tx, email: &Email, except: Option<&str>) -> Result<()> {
        let skeleton = validate::skeleton(&email.norm);
        // (the address imitated, whether this change itself adds it)
        let mut imitated = self
            .skeletons_after
            .get(&skeleton)
            .filter(|k| Some(k.as_str()) != except)
            .and_then(|k| self.persons.get(k))
            .and_then(|e| Some((e.after.as_ref()?, e.before.is_none())))
            .filter(|(p, _)| p.email_norm != email.norm)
            .map(|(p, new)| (p.email.clone(), new));
        if imitated.is_none() {
            let asked = self
                .asked
                .as_ref()
                .and_then(|a| a.look_alikes(&skeleton, &email.norm));
            let rows: Vec<(String, String)> = match asked {
                Some(rows) => rows,
                None => crate::store::people::by_skeleton(tx, &skeleton, &email.norm)?
                    .into_iter()
                    .map(|p| (p.email, p.email_norm))
                    .collect(),
            };
            // Someone in the database, unless this change removed them or
            // moved them to another address.
            imitated = rows
                .into_iter()
                .find(|(_, norm)| {
                    Some(norm.as_str()) != except
                        && match self.persons.get(norm) {
                            Some(e) => e.after.as_ref().is_some_and(|p| p.email_norm == *norm),
                            None => true,
                        }
                })
                .map(|(e, _)| (e, false));
        }
        match imitated {
            None => Ok(()),
            Some((other, true)) => Err(Error::conflict(format!(
                "{} looks like {other}, whom this change also adds (the addresses differ only in look-alike characters)",
                validate::printable(&email.typed)
            ))
            .hint("if they are one person, name them once; if two, check the addresses")),
            Some((other, false)) => Err(Error::conflict(format!(
                "{} looks like {other}, who is already in the organization (the addresses differ only in look-alike characters)",
                validate::printable(&email.typed)
            ))
            .hint(format!(
                "if this is a different person, check the address; see the existing one with `orgadm user show {other}`"
            ))),
        }
    }
}
