//! Groups, their roles, and memberships.

use super::sql::{params, Tx};
use crate::error::Result;
use crate::role::Role;

#[derive(Debug, Clone)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub name_fold: String,
    pub scim_id: String,
    pub external_id: Option<String>,
    pub created_at: i64,
    /// When it last changed (None: never since it was created).
    pub updated_at: Option<i64>,
}

/// Every group (there are few), in no particular order.
pub fn all(tx: &Tx) -> Result<Vec<GroupRow>> {
    tx.rows(
        "SELECT id, name, name_fold, scim_id, external_id, created_at, updated_at FROM grp",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(GroupRow {
            id: r.int(0)?,
            name: r.text(1)?,
            name_fold: r.text(2)?,
            scim_id: r.opt_text(3)?.unwrap_or_default(),
            external_id: r.opt_text(4)?,
            created_at: r.int(5)?,
            updated_at: r.opt_int(6)?,
        })
    })
    .collect()
}

/// Marks a group changed (its name, roles, externalId or members).
pub fn touch(tx: &Tx, id: i64, now: i64) -> Result<()> {
    tx.exec(
        "UPDATE grp SET updated_at = ?1 WHERE id = ?2",
        params![now, id],
    )?;
    Ok(())
}

pub fn set_external_id(tx: &Tx, id: i64, external_id: Option<&str>) -> Result<()> {
    tx.exec(
        "UPDATE grp SET external_id = ?1 WHERE id = ?2",
        params![external_id, id],
    )?;
    Ok(())
}

/// Every group's roles: (group id, role).
pub fn all_roles(tx: &Tx) -> Result<Vec<(i64, Role)>> {
    tx.rows("SELECT group_id, role FROM group_role", &[])?
        .iter()
        .map(|r| Ok((r.int(0)?, Role::from_db(&r.text(1)?)?)))
        .collect()
}

/// One person's groups with their names and roles, in one query: (group
/// id, name, one of its roles or None), a row per role.
pub fn of_person(tx: &Tx, person: i64) -> Result<Vec<(i64, String, Option<Role>)>> {
    tx.rows(
        "SELECT g.id, g.name, r.role FROM membership m
         JOIN grp g ON g.id = m.group_id
         LEFT JOIN group_role r ON r.group_id = g.id
         WHERE m.person_id = ?1",
        params![person],
    )?
    .iter()
    .map(|r| {
        let role = r.opt_text(2)?.map(|t| Role::from_db(&t)).transpose()?;
        Ok((r.int(0)?, r.text(1)?, role))
    })
    .collect()
}

/// The group with this SCIM id: its row id.
pub fn id_by_scim_id(tx: &Tx, scim_id: &str) -> Result<Option<i64>> {
    tx.row("SELECT id FROM grp WHERE scim_id = ?1", params![scim_id])?
        .map(|r| r.int(0))
        .transpose()
}

/// The group whose folded name is `fold`: (id, name).
pub fn by_fold(tx: &Tx, fold: &str) -> Result<Option<(i64, String)>> {
    tx.row(
        "SELECT id, name FROM grp WHERE name_fold = ?1",
        params![fold],
    )?
    .map(|r| Ok((r.int(0)?, r.text(1)?)))
    .transpose()
}

/// Every membership with the member's email, by email: (group id, email).
pub fn member_emails(tx: &Tx) -> Result<Vec<(i64, String)>> {
    tx.rows(
        "SELECT m.group_id, p.email FROM membership m JOIN person p ON p.id = m.person_id ORDER BY p.email",
        &[],
    )?
    .iter()
    .map(|r| Ok((r.int(0)?, r.text(1)?)))
    .collect()
}

/// One group's members' emails, sorted (read row by row: a group of
/// 100,000 is announced in every change to its members).
pub fn member_emails_of(tx: &Tx, id: i64) -> Result<Vec<String>> {
    let mut out = Vec::new();
    tx.each(
        "SELECT p.email FROM membership m JOIN person p ON p.id = m.person_id
         WHERE m.group_id = ?1 ORDER BY p.email",
        params![id],
        |r| {
            out.push(r.text(0)?);
            Ok(())
        },
    )?;
    Ok(out)
}

/// A group's members, by email: (email, name, status).
pub fn members(tx: &Tx, id: i64) -> Result<Vec<(String, String, String)>> {
    tx.rows(
        "SELECT p.email, p.name, CASE WHEN p.suspended = 1 THEN 'suspended' ELSE p.status END
         FROM membership m JOIN person p ON p.id = m.person_id
         WHERE m.group_id = ?1 ORDER BY p.email",
        params![id],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.text(1)?, r.text(2)?)))
    .collect()
}

/// Everyone's memberships: (person id, group id).
pub fn all_memberships(tx: &Tx) -> Result<Vec<(i64, i64)>> {
    tx.rows("SELECT person_id, group_id FROM membership", &[])?
        .iter()
        .map(|r| Ok((r.int(0)?, r.int(1)?)))
        .collect()
}

pub fn insert(
    tx: &Tx,
    name: &str,
    name_fold: &str,
    external_id: Option<&str>,
    now: i64,
) -> Result<i64> {
    tx.insert(
        "INSERT INTO grp (name, name_fold, created_at, scim_id, external_id) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        params![name, name_fold, now, uuid::Uuid::new_v4().to_string(), external_id],
    )
}

pub fn rename(tx: &Tx, id: i64, name: &str, name_fold: &str) -> Result<()> {
    tx.exec(
        "UPDATE grp SET name = ?1, name_fold = ?2 WHERE id = ?3",
        params![name, name_fold, id],
    )?;
    Ok(())
}

/// Deletes a group (its roles and memberships go with it).
pub fn delete(tx: &Tx, id: i64) -> Result<()> {
    tx.exec("DELETE FROM grp WHERE id = ?1", params![id])?;
    Ok(())
}

pub fn add_role(tx: &Tx, id: i64, role: Role) -> Result<()> {
    tx.exec(
        "INSERT INTO group_role (group_id, role) VALUES (?1, ?2)",
        params![id, role.name()],
    )?;
    Ok(())
}

pub fn remove_role(tx: &Tx, id: i64, role: Role) -> Result<()> {
    tx.exec(
        "DELETE FROM group_role WHERE group_id = ?1 AND role = ?2",
        params![id, role.name()],
    )?;
    Ok(())
}

pub fn add_member(tx: &Tx, group: i64, person: i64) -> Result<()> {
    tx.write(
        "INSERT INTO membership (group_id, person_id) VALUES (?1, ?2)",
        params![group, person],
    )
}

pub fn remove_member(tx: &Tx, group: i64, person: i64) -> Result<()> {
    tx.exec(
        "DELETE FROM membership WHERE group_id = ?1 AND person_id = ?2",
        params![group, person],
    )?;
    Ok(())
}
