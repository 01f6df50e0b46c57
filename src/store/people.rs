//! People: their rows, their direct roles, and the queries that find them.

use super::sql::{params, Row, Tx, Value};
use crate::error::Result;
use crate::role::Role;

/// A person's row. `status` is `invited`, `active` or `suspended` (stored as
/// an active person with `suspended = 1`); the core turns it into its own type.
#[derive(Debug, Clone)]
pub struct PersonRow {
    pub id: i64,
    pub email: String,
    pub email_norm: String,
    pub name: String,
    pub status: String,
    /// The stable id SCIM shows.
    pub scim_id: String,
    /// The identity provider's id for this person, if one set it.
    pub external_id: Option<String>,
    /// The given and family names an identity provider sent, if any.
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub created_at: i64,
    /// When the person last changed (None: never since they were created).
    pub updated_at: Option<i64>,
    /// When they became active (accepted, or were created active).
    pub activated_at: Option<i64>,
    /// The SCIM `userName` an identity provider sent, when not the email.
    pub user_name: Option<String>,
}

/// The stored columns for a status word: (status, suspended).
fn stored_status(status: &str) -> (&str, i64) {
    match status {
        "suspended" => ("active", 1),
        other => (other, 0),
    }
}

/// Whom a bulk load covers.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    Person(i64),
    MembersOf(i64),
    /// These people (a page's, at most a few thousand).
    Among(&'a [i64]),
    Everyone,
}

impl Scope<'_> {
    /// A condition on the person-id column `col` selecting this scope, and
    /// its parameters.
    pub(super) fn condition(self, col: &str) -> (String, Vec<super::sql::Value>) {
        match self {
            Scope::Person(id) => (format!("{col} = ?1"), vec![id.into()]),
            Scope::MembersOf(g) => (
                format!("{col} IN (SELECT person_id FROM membership WHERE group_id = ?1)"),
                vec![g.into()],
            ),
            Scope::Among([]) => ("1 = 0".into(), Vec::new()),
            Scope::Among(ids) => {
                // As many marks as the next power of two, the last id
                // repeated: a few distinct statements, each prepared once
                // per connection, whatever the lists' lengths.
                let n = ids.len().next_power_of_two();
                let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
                let last = ids[ids.len() - 1];
                let args = (0..n)
                    .map(|i| ids.get(i).copied().unwrap_or(last).into())
                    .collect();
                (format!("{col} IN ({})", marks.join(", ")), args)
            }
            Scope::Everyone => ("1 = 1".into(), Vec::new()),
        }
    }
}

fn person_row(r: &Row) -> Result<PersonRow> {
    Ok(PersonRow {
        id: r.int(0)?,
        email: r.text(1)?,
        email_norm: r.text(2)?,
        name: r.text(3)?,
        status: r.text(4)?,
        scim_id: r.opt_text(5)?.unwrap_or_default(),
        external_id: r.opt_text(6)?,
        created_at: r.int(7)?,
        activated_at: r.opt_int(8)?,
        given_name: r.opt_text(9)?,
        family_name: r.opt_text(10)?,
        updated_at: r.opt_int(11)?,
        user_name: r.opt_text(12)?,
    })
}

const PERSON_COLUMNS: &str = "id, email, email_norm, name,
    CASE WHEN suspended = 1 THEN 'suspended' ELSE status END, scim_id, external_id, created_at, activated_at,
    given_name, family_name, updated_at, user_name";

/// The people in `scope`, in no particular order.
pub fn load(tx: &Tx, scope: Scope) -> Result<Vec<PersonRow>> {
    let (cond, args) = scope.condition("id");
    let sql = format!("SELECT {PERSON_COLUMNS} FROM person WHERE {cond}");
    tx.rows(&sql, &args)?.iter().map(person_row).collect()
}

/// The direct roles of the people in `scope`: (person id, role).
pub fn direct_roles(tx: &Tx, scope: Scope) -> Result<Vec<(i64, Role)>> {
    let (cond, args) = scope.condition("person_id");
    let sql = format!("SELECT person_id, role FROM person_role WHERE {cond}");
    tx.rows(&sql, &args)?
        .iter()
        .map(|r| Ok((r.int(0)?, Role::from_db(&r.text(1)?)?)))
        .collect()
}

/// The group memberships of the people in `scope`: (person id, group id).
pub fn memberships(tx: &Tx, scope: Scope) -> Result<Vec<(i64, i64)>> {
    let (cond, args) = scope.condition("person_id");
    let sql = format!("SELECT person_id, group_id FROM membership WHERE {cond}");
    tx.rows(&sql, &args)?
        .iter()
        .map(|r| Ok((r.int(0)?, r.int(1)?)))
        .collect()
}

/// One person by id.
pub fn by_id(tx: &Tx, id: i64) -> Result<Option<PersonRow>> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM person WHERE id = ?1");
    tx.row(&sql, params![id])?
        .as_ref()
        .map(person_row)
        .transpose()
}

/// One person by normalized email.
pub fn by_norm(tx: &Tx, norm: &str) -> Result<Option<PersonRow>> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM person WHERE email_norm = ?1");
    tx.row(&sql, params![norm])?
        .as_ref()
        .map(person_row)
        .transpose()
}

/// One person by their SCIM id.
pub fn by_scim_id(tx: &Tx, scim_id: &str) -> Result<Option<PersonRow>> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM person WHERE scim_id = ?1");
    tx.row(&sql, params![scim_id])?
        .as_ref()
        .map(person_row)
        .transpose()
}

/// The person whose SCIM `userName` has this case-insensitive key.
pub fn by_user_name_fold(tx: &Tx, fold: &str) -> Result<Option<PersonRow>> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM person WHERE user_name_fold = ?1");
    tx.row(&sql, params![fold])?
        .as_ref()
        .map(person_row)
        .transpose()
}

/// People whose folded name is `fold`, by email, at most `limit`.
pub fn by_name_fold(tx: &Tx, fold: &str, limit: i64) -> Result<Vec<PersonRow>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM person WHERE name_fold = ?1 ORDER BY email_norm LIMIT ?2"
    );
    tx.rows(&sql, params![fold, limit])?
        .iter()
        .map(person_row)
        .collect()
}

/// People whose email has this confusable skeleton but another address.
pub fn by_skeleton(tx: &Tx, skeleton: &str, not_norm: &str) -> Result<Vec<PersonRow>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM person WHERE email_skeleton = ?1 AND email_norm <> ?2"
    );
    tx.rows(&sql, params![skeleton, not_norm])?
        .iter()
        .map(person_row)
        .collect()
}

/// The people whose folded email or folded name holds `fold` (already
/// folded), after the email `after`, by email, at most `limit`: from the
/// trigram index (FTS5 on SQLite for three characters or more, pg_trgm on
/// PostgreSQL), else a scan in SQL. The caller checks each row as it
/// always did: this narrows, it never decides.
pub fn search(tx: &Tx, fold: &str, after: &str, limit: usize) -> Result<Vec<PersonRow>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let (cond, arg) = holding(tx, fold, "");
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM person WHERE {cond} AND email_norm > ?2 ORDER BY email_norm LIMIT ?3"
    );
    tx.rows(&sql, params![arg, after, limit])?
        .iter()
        .map(person_row)
        .collect()
}

/// Up to `limit` of the people whose folded email or name holds `fold`,
/// in no order: the first the index gives (a "did you mean" probe, which
/// needs some candidates, not the first by email).
pub fn some_holding(tx: &Tx, fold: &str, limit: usize) -> Result<Vec<PersonRow>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // SQLite: the limit inside the index's own query, so FTS5 stops at it.
    let (cond, arg) = holding(tx, fold, " LIMIT ?2");
    let sql = format!("SELECT {PERSON_COLUMNS} FROM person WHERE {cond} LIMIT ?2");
    tx.rows(&sql, params![arg, limit])?
        .iter()
        .map(person_row)
        .collect()
}

/// The condition on `person` (with its one argument, `?1`) for the people
/// whose folded email or name holds `fold`, from the search index where
/// there is one; `index_limit` ends the SQLite index's subquery.
fn holding(tx: &Tx, fold: &str, index_limit: &str) -> (String, String) {
    if tx.is_postgres() {
        // LIKE, which pg_trgm's indexes answer; its wildcards escaped.
        let escaped: String = fold
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        (
            "(email_fold LIKE ?1 ESCAPE '\\' OR name_fold LIKE ?1 ESCAPE '\\')".into(),
            format!("%{escaped}%"),
        )
    } else if fold.chars().count() >= 3 {
        // One FTS5 phrase: the text, its quotes doubled.
        (
            format!(
                "id IN (SELECT rowid FROM person_search WHERE person_search MATCH ?1{index_limit})"
            ),
            format!("\"{}\"", fold.replace('"', "\"\"")),
        )
    } else {
        (
            "(instr(email_fold, ?1) > 0 OR instr(name_fold, ?1) > 0)".into(),
            fold.to_string(),
        )
    }
}

/// The domain of a normalized email in SQL (migration 9 indexes it), for
/// each backend: SQLite spells `strpos` `instr`.
fn domain_expr(tx: &Tx) -> &'static str {
    if tx.is_postgres() {
        "substr(email_norm, strpos(email_norm, '@') + 1)"
    } else {
        "substr(email_norm, instr(email_norm, '@') + 1)"
    }
}

/// The domains of everyone's normalized emails, in order, at most
/// `limit`: one index probe per domain (a loose index scan), not a scan of
/// everyone.
pub fn domains(tx: &Tx, limit: usize) -> Result<Vec<String>> {
    let d = domain_expr(tx);
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let sql = format!(
        "WITH RECURSIVE seen(domain) AS (
             SELECT min({d}) FROM person
             UNION ALL
             SELECT (SELECT min({d}) FROM person WHERE {d} > seen.domain)
             FROM seen WHERE seen.domain IS NOT NULL
         )
         SELECT domain FROM seen WHERE domain IS NOT NULL LIMIT ?1"
    );
    tx.rows(&sql, params![limit])?
        .iter()
        .map(|r| r.text(0))
        .collect()
}

/// Whether anyone's normalized email is at `domain`.
pub fn has_domain(tx: &Tx, domain: &str) -> Result<bool> {
    let sql = format!(
        "SELECT 1 FROM person WHERE {} = ?1 LIMIT 1",
        domain_expr(tx)
    );
    Ok(tx.row(&sql, params![domain])?.is_some())
}

/// The people just before and just after `key` in `column`'s order
/// (`email_norm` or `name_fold`, both indexed), at most `limit` each way:
/// where a near miss of `key` sorts.
pub fn around(tx: &Tx, column: Sorted, key: &str, limit: usize) -> Result<Vec<PersonRow>> {
    let col = match column {
        Sorted::Email => "email_norm",
        Sorted::Name => "name_fold",
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut out = Vec::new();
    for (cmp, order) in [(">=", "ASC"), ("<", "DESC")] {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM person WHERE {col} {cmp} ?1 ORDER BY {col} {order} LIMIT ?2"
        );
        for r in tx.rows(&sql, params![key, limit])? {
            out.push(person_row(&r)?);
        }
    }
    Ok(out)
}

/// The indexed columns [`around`] reads.
#[derive(Debug, Clone, Copy)]
pub enum Sorted {
    Email,
    Name,
}

/// How many keys one batched lookup names (its `IN` list).
const BATCH: usize = 500;

/// The people holding any of these normalized emails, as (email as
/// stored, normalized email): a few queries for many emails.
pub fn holding_norms(tx: &Tx, norms: &[String]) -> Result<Vec<(String, String)>> {
    in_batches(
        tx,
        "SELECT email, email_norm FROM person WHERE email_norm",
        norms,
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.text(1)?)))
    .collect()
}

/// The people whose email has any of these confusable skeletons, as
/// (email as stored, normalized email, skeleton).
pub fn holding_skeletons(tx: &Tx, skeletons: &[String]) -> Result<Vec<(String, String, String)>> {
    let head = "SELECT email, email_norm, email_skeleton FROM person WHERE email_skeleton";
    in_batches(tx, head, skeletons)?
        .iter()
        .map(|r| Ok((r.text(0)?, r.text(1)?, r.text(2)?)))
        .collect()
}

/// The rows of `head IN (?1, ... ?n)` for every key, [`BATCH`] keys a query.
fn in_batches(tx: &Tx, head: &str, keys: &[String]) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for chunk in keys.chunks(BATCH) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("?{i}")).collect();
        let sql = format!("{head} IN ({})", marks.join(", "));
        let args: Vec<Value> = chunk.iter().map(Value::from).collect();
        out.extend(tx.rows(&sql, &args)?);
    }
    Ok(out)
}

/// Everyone, by normalized email, one row at a time.
pub fn each(tx: &Tx, mut f: impl FnMut(PersonRow) -> Result<()>) -> Result<()> {
    each_after(tx, None, |r| f(r).map(|()| true))
}

/// Everyone whose normalized email sorts after `after` (a page's cursor),
/// by email, until `f` answers false.
/// The next `limit` people after the email `after` (all from the start
/// with ""), by email: one window of a paged listing.
pub fn window(tx: &Tx, after: &str, limit: usize) -> Result<Vec<PersonRow>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM person WHERE email_norm > ?1 ORDER BY email_norm LIMIT ?2"
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    tx.rows(&sql, params![after, limit])?
        .iter()
        .map(person_row)
        .collect()
}

pub fn each_after(
    tx: &Tx,
    after: Option<&str>,
    mut f: impl FnMut(PersonRow) -> Result<bool>,
) -> Result<()> {
    match after {
        Some(a) => tx.each_while(
            &format!(
                "SELECT {PERSON_COLUMNS} FROM person WHERE email_norm > ?1 ORDER BY email_norm"
            ),
            params![a],
            |r| f(person_row(&r)?),
        ),
        None => tx.each_while(
            &format!("SELECT {PERSON_COLUMNS} FROM person ORDER BY email_norm"),
            &[],
            |r| f(person_row(&r)?),
        ),
    }
}

/// Active people whose effective roles include `org-admin`: the SQL twin of
/// the core's fold over direct and group roles (`tests/invariants.rs` checks
/// that they agree).
///
/// In two steps, so that both databases start from the few admins and look
/// people up by key, whatever the size of the organization: first the admin
/// groups, then the people with the role directly or in those groups, named
/// by id. In one statement the planners could not know which groups those
/// are: SQLite scanned every membership (an Everyone group of 100,000), and
/// PostgreSQL, estimating an average group's members, scanned every person
/// (20 ms a change at 100,000 people).
pub fn count_active_admins(tx: &Tx) -> Result<i64> {
    let groups: Vec<Value> = tx
        .rows(
            "SELECT group_id FROM group_role WHERE role = 'org-admin' ORDER BY group_id",
            &[],
        )?
        .iter()
        .map(|r| r.int(0).map(Value::Int))
        .collect::<Result<_>>()?;
    let members = if groups.is_empty() {
        String::new()
    } else {
        let marks: Vec<String> = (1..=groups.len()).map(|i| format!("?{i}")).collect();
        let marks = marks.join(", ");
        format!(" UNION SELECT person_id FROM membership WHERE group_id IN ({marks})")
    };
    let sql = format!(
        "SELECT COUNT(*) FROM person WHERE status = 'active' AND suspended = 0 AND id IN (
             SELECT person_id FROM person_role WHERE role = 'org-admin'{members})"
    );
    tx.row(&sql, &groups)?.map_or(Ok(0), |r| r.int(0))
}

/// What a new person's row holds.
pub struct NewPerson<'a> {
    pub email: &'a str,
    pub email_norm: &'a str,
    pub email_skeleton: &'a str,
    pub name: &'a str,
    pub name_fold: &'a str,
    pub status: &'a str,
    pub external_id: Option<&'a str>,
    pub given_name: Option<&'a str>,
    pub family_name: Option<&'a str>,
    /// The SCIM `userName`, when not the email, and its key.
    pub user_name: Option<(&'a str, &'a str)>,
    pub now: i64,
}

/// Ids for `n` people about to be inserted with [`insert_as`], in this
/// write transaction (which holds the writers' lock): one statement for
/// all of them, so their rows can be sent without waiting for each id.
/// PostgreSQL's come from the column's sequence; SQLite's are the ones it
/// would give (the largest id so far, plus one, and on).
pub fn reserve_ids(tx: &Tx, n: usize) -> Result<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if tx.is_postgres() {
        return tx
            .rows(
                "SELECT nextval(pg_get_serial_sequence('person', 'id')) FROM generate_series(1, ?1)",
                params![n as i64],
            )?
            .iter()
            .map(|r| r.int(0))
            .collect();
    }
    let last = tx
        .row("SELECT COALESCE(MAX(id), 0) FROM person", &[])?
        .map_or(Ok(0), |r| r.int(0))?;
    Ok((1..=n as i64).map(|i| last + i).collect())
}

/// Inserts a person (active ones are activated now); returns the id.
pub fn insert(tx: &Tx, p: &NewPerson) -> Result<i64> {
    let id = reserve_ids(tx, 1)?[0];
    insert_as(tx, id, p)?;
    Ok(id)
}

/// Inserts a person with an id from [`reserve_ids`], without waiting for
/// an answer ([`Tx::write`]).
pub fn insert_as(tx: &Tx, id: i64, p: &NewPerson) -> Result<()> {
    let (status, suspended) = stored_status(p.status);
    let activated = (status == "active").then_some(p.now);
    tx.write(
        "INSERT INTO person (id, email, email_norm, email_skeleton, name, name_fold, status, suspended, created_at, activated_at, scim_id, external_id, given_name, family_name, user_name, user_name_fold, email_fold)
         VALUES (?17, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            p.email,
            p.email_norm,
            p.email_skeleton,
            p.name,
            p.name_fold,
            status,
            suspended,
            p.now,
            activated,
            uuid::Uuid::new_v4().to_string(),
            p.external_id,
            p.given_name,
            p.family_name,
            p.user_name.map(|u| u.0),
            p.user_name.map(|u| u.1),
            crate::validate::fold(p.email),
            id
        ],
    )
}

/// Changes a person's name, email (with their derived forms), status,
/// externalId and given and family names.
pub fn update(tx: &Tx, id: i64, p: &NewPerson) -> Result<()> {
    let (status, suspended) = stored_status(p.status);
    tx.exec(
        "UPDATE person SET name = ?1, name_fold = ?2, email = ?3, email_norm = ?4, email_skeleton = ?5,
             status = ?6, suspended = ?7, external_id = ?8, given_name = ?9, family_name = ?10,
             updated_at = ?11, user_name = ?12, user_name_fold = ?13, email_fold = ?15
         WHERE id = ?14",
        params![
            p.name,
            p.name_fold,
            p.email,
            p.email_norm,
            p.email_skeleton,
            status,
            suspended,
            p.external_id,
            p.given_name,
            p.family_name,
            p.now,
            p.user_name.map(|u| u.0),
            p.user_name.map(|u| u.1),
            id,
            crate::validate::fold(p.email)
        ],
    )?;
    Ok(())
}

/// Marks a person changed (roles or groups; `update` marks the rest).
pub fn touch(tx: &Tx, id: i64, now: i64) -> Result<()> {
    tx.exec(
        "UPDATE person SET updated_at = ?1 WHERE id = ?2",
        params![now, id],
    )?;
    Ok(())
}

/// Makes an invited person active.
pub fn activate(tx: &Tx, id: i64, now: i64) -> Result<()> {
    tx.exec(
        "UPDATE person SET status = 'active', activated_at = ?1, updated_at = ?1 WHERE id = ?2",
        params![now, id],
    )?;
    Ok(())
}

/// Removes a person (their roles and memberships go with them).
pub fn delete(tx: &Tx, id: i64) -> Result<()> {
    tx.exec("DELETE FROM person WHERE id = ?1", params![id])?;
    Ok(())
}

pub fn add_role(tx: &Tx, id: i64, role: Role) -> Result<()> {
    tx.write(
        "INSERT INTO person_role (person_id, role) VALUES (?1, ?2)",
        params![id, role.name()],
    )
}

pub fn remove_role(tx: &Tx, id: i64, role: Role) -> Result<()> {
    tx.exec(
        "DELETE FROM person_role WHERE person_id = ?1 AND role = ?2",
        params![id, role.name()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sql::Value;

    /// A list of ids is asked for with as many marks as the next power of
    /// two, the last id repeated: the same rows, a few statements.
    #[test]
    fn id_lists_are_padded_to_a_power_of_two() {
        let (cond, args) = Scope::Among(&[7, 8, 9]).condition("person_id");
        assert_eq!(cond, "person_id IN (?1, ?2, ?3, ?4)");
        let ints: Vec<i64> = args
            .iter()
            .map(|v| match v {
                Value::Int(i) => *i,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(ints, [7, 8, 9, 9]);
        assert_eq!(Scope::Among(&[5]).condition("id").0, "id IN (?1)");
        assert_eq!(Scope::Among(&[1, 2]).condition("id").1.len(), 2);
        assert_eq!(Scope::Among(&[]).condition("id").0, "1 = 0");
    }
}
