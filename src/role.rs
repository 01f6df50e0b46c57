//! The three built-in roles, their names and capabilities, and a small set type.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A role name that is none of the three: typed by someone
/// ([`Role::parse`]), or found in the database ([`Role::from_db`]). The
/// error layer turns it into a usage or a storage error; this module stays
/// at the bottom, depending on nothing of orgadm's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnknownRole {
    Typed(String),
    Stored(String),
}

/// A built-in role. The declaration order is the order of the CLI names, so
/// sorting roles sorts their names (JSON arrays are sorted by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    FinanceAdmin,
    OrgAdmin,
    User,
}

impl Role {
    /// Every role, in the order `role list` shows them.
    pub const ALL: [Role; 3] = [Role::OrgAdmin, Role::User, Role::FinanceAdmin];

    pub fn name(self) -> &'static str {
        match self {
            Role::OrgAdmin => "org-admin",
            Role::User => "user",
            Role::FinanceAdmin => "finance-admin",
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Role::OrgAdmin => "Organization admin",
            Role::User => "User",
            Role::FinanceAdmin => "Finance Admin",
        }
    }

    pub fn capabilities(self) -> &'static [&'static str] {
        match self {
            Role::OrgAdmin => &["admin", "billing", "general"],
            Role::User => &["general"],
            Role::FinanceAdmin => &["billing"],
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Role::OrgAdmin => "everything, including administration and billing",
            Role::User => "everything except billing and administration",
            Role::FinanceAdmin => "billing only",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Role::FinanceAdmin => 1,
            Role::OrgAdmin => 2,
            Role::User => 4,
        }
    }

    /// Parses a CLI name or a display name, case-insensitively.
    pub fn parse(s: &str) -> Result<Role, UnknownRole> {
        let t = s.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(t) || r.display_name().eq_ignore_ascii_case(t))
            .ok_or_else(|| UnknownRole::Typed(t.to_string()))
    }

    /// Parses the name stored in the database.
    pub fn from_db(s: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .ok_or_else(|| UnknownRole::Stored(s.to_string()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A set of roles; iterates in name order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct RoleSet(u8);

impl RoleSet {
    pub const EMPTY: RoleSet = RoleSet(0);

    pub fn of(roles: impl IntoIterator<Item = Role>) -> RoleSet {
        let mut s = RoleSet::EMPTY;
        for r in roles {
            s.insert(r);
        }
        s
    }
    pub fn insert(&mut self, r: Role) {
        self.0 |= r.bit();
    }
    pub fn remove(&mut self, r: Role) {
        self.0 &= !r.bit();
    }
    pub fn contains(self, r: Role) -> bool {
        self.0 & r.bit() != 0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The one definition of effective roles: a person's direct roles and
    /// the roles of every group they belong to.
    pub fn effective(direct: RoleSet, group_roles: impl IntoIterator<Item = RoleSet>) -> RoleSet {
        group_roles.into_iter().fold(direct, RoleSet::union)
    }

    pub fn union(self, o: RoleSet) -> RoleSet {
        RoleSet(self.0 | o.0)
    }
    pub fn minus(self, o: RoleSet) -> RoleSet {
        RoleSet(self.0 & !o.0)
    }
    pub fn is_subset(self, o: RoleSet) -> bool {
        self.minus(o).is_empty()
    }
    pub fn iter(self) -> impl Iterator<Item = Role> {
        [Role::FinanceAdmin, Role::OrgAdmin, Role::User]
            .into_iter()
            .filter(move |r| self.contains(*r))
    }
    pub fn to_vec(self) -> Vec<Role> {
        self.iter().collect()
    }
    pub fn names(self) -> Vec<&'static str> {
        self.iter().map(Role::name).collect()
    }
    /// "a, b" or "none", for messages.
    pub fn describe(self) -> String {
        if self.is_empty() {
            "no roles".into()
        } else {
            self.names().join(", ")
        }
    }
}

impl Serialize for RoleSet {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Reads a role by its CLI name (what [`Role`] serializes to), for the
/// typed results the remote client reads back.
impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Role, D::Error> {
        let s = String::deserialize(d)?;
        Role::from_db(&s).map_err(|_| serde::de::Error::custom(format!("unknown role `{s}`")))
    }
}

impl<'de> Deserialize<'de> for RoleSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<RoleSet, D::Error> {
        Vec::<Role>::deserialize(d).map(RoleSet::of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cli_and_display_names_case_insensitively() {
        assert_eq!(Role::parse("org-admin").unwrap(), Role::OrgAdmin);
        assert_eq!(Role::parse("ORGANIZATION ADMIN").unwrap(), Role::OrgAdmin);
        assert_eq!(Role::parse("finance admin").unwrap(), Role::FinanceAdmin);
        assert_eq!(Role::parse(" User ").unwrap(), Role::User);
        let e = crate::error::Error::from(Role::parse("owner").unwrap_err());
        assert_eq!(e.kind, crate::error::Kind::Usage);
        assert!(e.message.contains("`org-admin`"), "{}", e.message);
    }

    #[test]
    fn roles_and_sets_read_back_what_they_write() {
        let set = RoleSet::of([Role::User, Role::FinanceAdmin]);
        let text = serde_json::to_string(&set).unwrap();
        assert_eq!(text, r#"["finance-admin","user"]"#);
        assert_eq!(serde_json::from_str::<RoleSet>(&text).unwrap(), set);
        assert_eq!(
            serde_json::from_str::<Role>(r#""org-admin""#).unwrap(),
            Role::OrgAdmin
        );
        assert!(serde_json::from_str::<Role>(r#""Organization admin""#).is_err());
        assert!(serde_json::from_str::<RoleSet>(r#"["root"]"#).is_err());
    }

    #[test]
    fn sets_iterate_in_name_order() {
        let s = RoleSet::of([Role::User, Role::OrgAdmin, Role::FinanceAdmin]);
        assert_eq!(s.names(), ["finance-admin", "org-admin", "user"]);
        assert!(RoleSet::of([Role::User]).is_subset(s));
        assert_eq!(
            s.minus(RoleSet::of([Role::OrgAdmin])).names(),
            ["finance-admin", "user"]
        );
    }
}
