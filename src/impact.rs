//! What a change would do to people's access: plain data, shared by the core
//! (which measures it), errors (which carry it) and output (which shows it).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::role::{Role, RoleSet};

/// What a change would do to people's access (README, "Behaviour worth knowing": impact).
/// `stranded` are left with no effective role; `losing` keep some roles but
/// lose the ones listed. The two never overlap. People removed from the
/// organization are neither: they are gone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
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

#[cfg(test)]
mod tests {
    use super::*;

    fn impact(stranded: &[&str], losing: &[(&str, &[Role])]) -> Impact {
        Impact {
            stranded: stranded.iter().map(|e| e.to_string()).collect(),
            losing: losing
                .iter()
                .map(|(e, r)| (e.to_string(), r.to_vec()))
                .collect(),
            admins_remaining: 1,
        }
    }

    #[test]
    fn someone_newly_losing_a_role_is_growth() {
        let shown = impact(&[], &[]);
        let now = impact(&[], &[("a@x.org", &[Role::FinanceAdmin])]);
        assert!(now.grew_since(&shown));
    }

    #[test]
    fn stranded_before_and_only_losing_now_is_not_growth() {
        let shown = impact(&["a@x.org"], &[]);
        let now = impact(&[], &[("a@x.org", &[Role::FinanceAdmin])]);
        assert!(!now.grew_since(&shown));
    }

    #[test]
    fn losing_more_roles_than_shown_is_growth_and_fewer_is_not() {
        let shown = impact(&[], &[("a@x.org", &[Role::FinanceAdmin])]);
        let more = impact(&[], &[("a@x.org", &[Role::FinanceAdmin, Role::OrgAdmin])]);
        assert!(more.grew_since(&shown));
        assert!(!shown.grew_since(&more));
        assert!(!shown.grew_since(&shown));
    }

    #[test]
    fn newly_stranded_is_growth() {
        let shown = impact(&[], &[("a@x.org", &[Role::FinanceAdmin])]);
        let now = impact(&["a@x.org"], &[]);
        assert!(now.grew_since(&shown));
    }
}
