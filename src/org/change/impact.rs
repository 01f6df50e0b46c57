//! What a measured model does to people's access: effective roles before and
//! after, who is stranded, who loses which roles, how many admins remain.

use super::model::{Model, PersonState};
use crate::error::Result;
use crate::impact::Impact;
use crate::org::Status;
use crate::role::{Role, RoleSet};
use crate::store::Tx;

impl Model {
    pub(super) fn effective(&self, p: &PersonState, after: bool) -> RoleSet {
        RoleSet::effective(
            p.direct,
            p.groups.iter().map(|g| {
                let state = self.groups.get(g).and_then(|e| {
                    if after {
                        e.after.as_ref()
                    } else {
                        e.before.as_ref()
                    }
                });
                state.map(|g| g.roles).unwrap_or_default()
            }),
        )
    }

    pub(super) fn impact(&self, tx: &Tx) -> Result<Impact> {
        let mut admins = crate::store::people::count_active_admins(tx)?;
        let mut impact = Impact::default();
        let is_admin = |p: &PersonState, eff: RoleSet| {
            p.status == Status::Active && eff.contains(Role::OrgAdmin)
        };
        for e in self.persons.values() {
            let before = e.before.as_ref().map(|p| (p, self.effective(p, false)));
            let after = e.after.as_ref().map(|p| (p, self.effective(p, true)));
            if let Some((p, eff)) = before {
                admins -= is_admin(p, eff) as i64;
            }
            if let Some((p, eff)) = after {
                admins += is_admin(p, eff) as i64;
            }
            if let (Some((_, b)), Some((p, a))) = (before, after) {
                if a.is_empty() && !b.is_empty() {
                    impact.stranded.push(p.email.clone());
                } else if !b.minus(a).is_empty() {
                    impact.losing.insert(p.email.clone(), b.minus(a).to_vec());
                }
            }
        }
        impact.stranded.sort();
        impact.admins_remaining = admins;
        Ok(impact)
    }
}
