//! Property test over random sequences of user and group operations, through
//! the core's one change path (plan → commit, confirming everything):
//! - after every step at least one active org-admin remains;
//! - every refused step leaves the database dump identical;
//! - every committed step's impact matches an independent oracle that
//!   recomputes everyone's effective roles from the raw tables.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use orgadm::org::secret::Token;
use orgadm::org::{Change, Op, Org, RoleEdit};
use orgadm::role::{Role, RoleSet};
use orgadm::store::{Access, Location};
use orgadm::validate;
use proptest::prelude::*;

const PEOPLE: u8 = 6;
const GROUPS: u8 = 3;

#[derive(Debug, Clone)]
enum Step {
    Invite { p: u8, roles: u8, groups: u8 },
    Accept { p: u8 },
    SetRoles { p: u8, roles: u8 },
    Join { p: u8, g: u8 },
    Leave { p: u8, g: u8 },
    Remove { p: u8 },
    CreateGroup { g: u8, roles: u8 },
    SetGroupRoles { g: u8, roles: u8 },
    DeleteGroup { g: u8 },
    Suspend { p: u8, suspended: bool },
}

fn step() -> impl Strategy<Value = Step> {
    let p = 0..PEOPLE;
    let g = 0..GROUPS;
    let r = 0u8..8;
    prop_oneof![
        (p.clone(), r.clone(), 0u8..8).prop_map(|(p, roles, groups)| Step::Invite {
            p,
            roles,
            groups
        }),
        p.clone().prop_map(|p| Step::Accept { p }),
        (p.clone(), r.clone()).prop_map(|(p, roles)| Step::SetRoles { p, roles }),
        (p.clone(), g.clone()).prop_map(|(p, g)| Step::Join { p, g }),
        (p.clone(), g.clone()).prop_map(|(p, g)| Step::Leave { p, g }),
        p.clone().prop_map(|p| Step::Remove { p }),
        (g.clone(), r.clone()).prop_map(|(g, roles)| Step::CreateGroup { g, roles }),
        (g.clone(), r.clone()).prop_map(|(g, roles)| Step::SetGroupRoles { g, roles }),
        g.prop_map(|g| Step::DeleteGroup { g }),
        (p.clone(), proptest::bool::ANY).prop_map(|(p, suspended)| Step::Suspend { p, suspended }),
    ]
}

fn roles(mask: u8) -> RoleSet {
    RoleSet::of(
        [Role::OrgAdmin, Role::User, Role::FinanceAdmin]
            .into_iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, r)| r),
    )
}

/// Person 0 is the organization's first admin, so steps can demote, move
/// and remove them too.
fn email(p: u8) -> String {
    if p == 0 {
        "root@example.com".into()
    } else {
        format!("p{p}@example.com")
    }
}

fn group(g: u8) -> String {
    format!("G{g}")
}

/// email → (active and not suspended, effective roles), straight from the tables.
fn oracle(db: &Path) -> BTreeMap<String, (bool, RoleSet)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut out = BTreeMap::new();
    let people: Vec<(i64, String, String)> = c
        .prepare("SELECT id, email, CASE WHEN suspended = 1 THEN 'suspended' ELSE status END FROM person")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (id, email, status) in people {
        let mut set = RoleSet::EMPTY;
        let direct: Vec<String> = c
            .prepare("SELECT role FROM person_role WHERE person_id = ?1")
            .unwrap()
            .query_map([id], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let inherited: Vec<String> = c
            .prepare("SELECT gr.role FROM membership m, group_role gr WHERE m.person_id = ?1 AND gr.group_id = m.group_id")
            .unwrap()
            .query_map([id], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for r in direct.iter().chain(&inherited) {
            set.insert(Role::parse(r).unwrap());
        }
        out.insert(email, (status == "active", set));
    }
    out
}

fn dump(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut s = String::new();
    for t in [
        "org",
        "person",
        "person_role",
        "grp",
        "group_role",
        "membership",
        "invitation",
        "scim_token",
        "audit_log",
    ] {
        let mut st = c
            .prepare(&format!("SELECT * FROM {t} ORDER BY 1, 2"))
            .unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                Ok(cells.join("|"))
            })
            .unwrap();
        for row in rows {
            s.push_str(&format!("{t}: {}\n", row.unwrap()));
        }
    }
    s
}

fn run_step(
    org: &mut Org,
    actor: &str,
    step: &Step,
    path: u8,
    db: &std::path::Path,
    tokens: &mut HashMap<u8, String>,
) -> Result<Option<orgadm::org::Plan>, orgadm::error::Error> {
    let person = |org: &Org, p: u8| org.find_person(&email(p));
    let ops = match step {
        Step::Accept { p } => {
            let t = tokens.get(p).cloned().unwrap_or_else(|| "A".repeat(43));
            org.accept(&t, false)?;
            return Ok(None);
        }
        Step::Invite {
            p,
            roles: r,
            groups,
        } => {
            let t = Token::generate()?;
            tokens.insert(*p, t.raw.clone());
            vec![Op::Invite {
                email: validate::email(&email(*p))?,
                name: format!("P{p}"),
                roles: roles(*r),
                groups: (0..GROUPS)
                    .filter(|g| groups & (1 << g) != 0)
                    .map(group)
                    .collect(),
                token_hash: t.hash,
                expires_at: orgadm::time::now() + 3600,
            }]
        }
        Step::SetRoles { p, roles: r } => vec![Op::EditPerson {
            person: person(org, *p)?,
            name: None,
            email: None,
            roles: RoleEdit {
                set: Some(roles(*r)),
                ..Default::default()
            },
            add_groups: vec![],
            remove_groups: vec![],
        }],
        Step::Join { p, g } => vec![Op::AddMember {
            group: group(*g),
            person: person(org, *p)?,
        }],
        Step::Leave { p, g } => vec![Op::RemoveMember {
            group: group(*g),
            person: person(org, *p)?,
        }],
        Step::Remove { p } => vec![Op::RemovePerson {
            person: person(org, *p)?,
        }],
        Step::CreateGroup { g, roles: r } => vec![Op::CreateGroup {
            name: group(*g),
            roles: roles(*r),
            external_id: None,
        }],
        Step::Suspend { p, suspended } => vec![Op::SetSuspended {
            person: person(org, *p)?,
            suspended: *suspended,
        }],
        Step::SetGroupRoles { g, roles: r } => vec![Op::EditGroup {
            group: group(*g),
            name: None,
            roles: RoleEdit {
                set: Some(roles(*r)),
                ..Default::default()
            },
        }],
        Step::DeleteGroup { g } => vec![Op::DeleteGroup { group: group(*g) }],
    };
    let change = Change::new("test", "test", ops);
    // The three ways the CLI and SCIM commit: plan then commit against the
    // impact shown; at once (an identity provider, `--yes`); at once unless
    // the change would ask, which is then rolled back and planned.
    let who = orgadm::org::Actor::Person(actor.to_string());
    match path % 3 {
        0 => {}
        1 => return org.commit_unasked(&who, &change, true),
        _ => {
            let before = dump(db);
            if let Some(plan) = org.commit_unasked(&who, &change, false)? {
                assert!(
                    !plan.needs_confirmation,
                    "a change that asks was written unasked"
                );
                return Ok(Some(plan));
            }
            assert_eq!(
                dump(db),
                before,
                "a change rolled back to ask wrote something"
            );
            let plan = org.plan(actor, &change)?;
            assert!(plan.needs_confirmation, "rolled back, yet it would not ask");
        }
    }
    let plan = org.plan(actor, &change)?;
    org.commit(actor, change, &plan.impact).map(Some)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_over_random_operations(steps in proptest::collection::vec((step(), 0u8..3), 1..30)) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("orgadm.db");
        Org::init(&Location::File(db.clone()), "Prop", "root@example.com", Some("Root"), "prop").unwrap();
        let mut org = Org::open(&Location::File(db.clone()), Access::Write, "prop").unwrap();
        let mut tokens = HashMap::new();
        for (s, path) in &steps {
            let before = oracle(&db);
            let before_dump = dump(&db);
            let actor = before.iter().find(|(_, (active, r))| *active && r.contains(Role::OrgAdmin)).map(|(e, _)| e.clone()).expect("an admin");
            match run_step(&mut org, &actor, s, *path, &db, &mut tokens) {
                Err(_) => prop_assert_eq!(&dump(&db), &before_dump, "refused step {:?} changed the database", s),
                Ok(Some(plan)) => {
                    let after = oracle(&db);
                    let mut stranded = Vec::new();
                    let mut losing = BTreeMap::new();
                    for (e, (_, b)) in &before {
                        if let Some((_, a)) = after.get(e) {
                            if a.is_empty() && !b.is_empty() {
                                stranded.push(e.clone());
                            } else if !b.minus(*a).is_empty() {
                                losing.insert(e.clone(), b.minus(*a).to_vec());
                            }
                        }
                    }
                    prop_assert_eq!(&plan.impact.stranded, &stranded, "step {:?}", s);
                    prop_assert_eq!(&plan.impact.losing, &losing, "step {:?}", s);
                    let admins = after.values().filter(|(a, r)| *a && r.contains(Role::OrgAdmin)).count() as i64;
                    prop_assert_eq!(plan.impact.admins_remaining, admins);
                }
                Ok(None) => {}
            }
            let now = oracle(&db);
            prop_assert!(now.values().any(|(active, r)| *active && r.contains(Role::OrgAdmin)), "no admin left after {:?}", s);
        }
        org.verify_audit(None).unwrap();
    }
}
