//! What a change would do to people's access: plain data, shared by the core
//! (which measures it), errors (which carry it) and output (which shows it).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::role::{Role, RoleSet};

/// What a change would do to people's access (README, "Behaviour worth knowing": impact).
/// `stranded` are left with no effective role; `losing` keep some roles but
/// lose the ones listed. The two never overlap. People removed from the
/// organization are neither: they are gone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Impact {
    pub stranded: Vec<String>,
    pub losing: BTreeMap<String, Vec<Role>>,
    pub admins_remaining: i64,
}

impl Impact {
    /// True when this impact hurts someone `shown` did not mention, or hurts
    /// them more: then what the admin confirmed is not what would happen.
    pub fn grew_since(&self, shown: &Impact) -> bool {
        self.stranded.iter().any(|e| !shown.stranded.contains(e))
            || self.losing.iter().any(|(e, roles)| {
                let before = shown.losing.get(e).map(|r| RoleSet::of(r.iter().copied()));
                match before {
                    Some(b) => !RoleSet::of(roles.iter().copied()).is_subset(b),
                    None => !shown.stranded.contains(e),
                }
            })
    }
}
