//! Who may hold an email inside one change, as a caller of the core meets it
//! when one Change carries several ops (as `apply` and SCIM build them): an
//! address freed by someone who moves in the same change can be taken by
//! another; one still held, or added twice, cannot; a person may change the
//! case of their own address.

use orgadm::error::Kind;
use orgadm::org::secret::Token;
use orgadm::org::{Actor, Change, Op, Org, RoleEdit};
use orgadm::role::{Role, RoleSet};
use orgadm::store::{Access, Location};
use orgadm::validate;

const ROOT: &str = "root@example.com";

fn org() -> (tempfile::TempDir, Org) {
    let dir = tempfile::tempdir().unwrap();
    let at = Location::File(dir.path().join("orgadm.db"));
    Org::init(&at, "Emails", ROOT, Some("Root"), "test").unwrap();
    let org = Org::open(&at, Access::Write, "test").unwrap();
    (dir, org)
}

fn invite(email: &str) -> Op {
    let t = Token::generate().unwrap();
    Op::Invite {
        email: validate::email(email).unwrap(),
        name: "Someone".into(),
        roles: RoleSet::of([Role::User]),
        groups: vec![],
        token_hash: t.hash,
        expires_at: orgadm::time::now() + 3600,
    }
}

fn edit(person: i64, name: Option<&str>, email: Option<&str>) -> Op {
    let t = Token::generate().unwrap();
    Op::EditPerson {
        person,
        name: name.map(String::from),
        email: email.map(|e| {
            (
                validate::email(e).unwrap(),
                t.hash,
                orgadm::time::now() + 3600,
            )
        }),
        roles: RoleEdit::default(),
        add_groups: vec![],
        remove_groups: vec![],
    }
}

fn commit(org: &mut Org, ops: Vec<Op>) -> orgadm::error::Result<()> {
    let who = Actor::Person(ROOT.to_string());
    org.commit_unasked(&who, &Change::new("test", "test", ops), true)
        .map(|_| ())
}

fn emails(org: &Org) -> Vec<String> {
    let mut v: Vec<String> = org
        .scim_users()
        .unwrap()
        .into_iter()
        .map(|u| u.email)
        .collect();
    v.sort();
    v
}

#[test]
fn an_address_moved_away_in_the_change_can_be_taken_in_it() {
    let (_dir, mut org) = org();
    commit(&mut org, vec![invite("bob@example.com")]).unwrap();
    let bob = org.find_person("bob@example.com").unwrap();
    commit(
        &mut org,
        vec![
            edit(bob, None, Some("robert@example.com")),
            invite("Bob@example.com"),
        ],
    )
    .unwrap();
    assert_eq!(
        emails(&org),
        ["Bob@example.com", "robert@example.com", ROOT]
    );
    assert_eq!(org.find_person("robert@example.com").unwrap(), bob);
}

#[test]
fn an_address_still_held_cannot_be_taken() {
    let (_dir, mut org) = org();
    commit(&mut org, vec![invite("bob@example.com")]).unwrap();
    let bob = org.find_person("bob@example.com").unwrap();
    let before = emails(&org);
    let e = commit(
        &mut org,
        vec![edit(bob, Some("Bobby"), None), invite("BOB@example.com")],
    )
    .unwrap_err();
    assert_eq!(e.kind, Kind::Conflict, "{}", e.message);
    assert!(
        e.message
            .contains("already in the organization (as bob@example.com)"),
        "{}",
        e.message
    );
    assert_eq!(emails(&org), before);
}

#[test]
fn one_address_added_twice_in_a_change_is_refused() {
    let (_dir, mut org) = org();
    let e = commit(
        &mut org,
        vec![invite("cy@example.com"), invite("CY@example.com")],
    )
    .unwrap_err();
    assert_eq!(e.kind, Kind::Conflict, "{}", e.message);
    // Neither is in the organization: the message says where the second is.
    assert!(
        e.message
            .contains("CY@example.com appears twice in this change"),
        "{}",
        e.message
    );
    assert_eq!(emails(&org), [ROOT]);
}

#[test]
fn a_person_may_change_the_case_of_their_own_address() {
    let (_dir, mut org) = org();
    commit(&mut org, vec![invite("dee@example.com")]).unwrap();
    let dee = org.find_person("dee@example.com").unwrap();
    commit(&mut org, vec![edit(dee, None, Some("Dee@Example.com"))]).unwrap();
    assert_eq!(emails(&org), ["Dee@Example.com", ROOT]);
}

/// The same for look-alikes (TR39 skeletons): an address that only looks
/// like one moved away in the change is free; like one still held, refused.
#[test]
fn a_look_alike_of_an_address_moved_away_is_free() {
    let (_dir, mut org) = org();
    commit(&mut org, vec![invite("bob@example.com")]).unwrap();
    let bob = org.find_person("bob@example.com").unwrap();
    // "bоb" with a Cyrillic о.
    let e = commit(
        &mut org,
        vec![
            edit(bob, Some("Bobby"), None),
            invite("b\u{43e}b@example.com"),
        ],
    )
    .unwrap_err();
    assert_eq!(e.kind, Kind::Conflict, "{}", e.message);
    assert!(
        e.message.contains("looks like bob@example.com"),
        "{}",
        e.message
    );
    commit(
        &mut org,
        vec![
            edit(bob, None, Some("robert@example.com")),
            invite("b\u{43e}b@example.com"),
        ],
    )
    .unwrap();
    assert_eq!(
        emails(&org),
        ["b\u{43e}b@example.com", "robert@example.com", ROOT]
    );
}
