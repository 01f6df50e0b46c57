//! Invitations: one row per invitation ever sent, with only the token's hash.

use super::people::Scope;
use super::sql::{params, Row, Tx};
use crate::error::Result;

/// The one definition of an open invitation: pending, or failed to deliver
/// (still usable). Whether it has expired is decided when read.
const OPEN: &str = "state IN ('pending', 'failed')";

/// A person's open invitation, as the change model holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenInvitation {
    pub id: i64,
    pub person_id: i64,
    pub token_hash: Vec<u8>,
    pub expires_at: i64,
}

/// The open invitations of the people in `scope`, oldest first (so the
/// newest wins when folded by person).
pub fn open_in(tx: &Tx, scope: Scope) -> Result<Vec<OpenInvitation>> {
    let (cond, args) = scope.condition("person_id");
    let sql = format!(
        "SELECT id, person_id, token_hash, expires_at FROM invitation WHERE {cond} AND {OPEN} ORDER BY id"
    );
    tx.rows(&sql, &args)?
        .iter()
        .map(|r| {
            Ok(OpenInvitation {
                id: r.int(0)?,
                person_id: r.int(1)?,
                token_hash: r.blob(2)?,
                expires_at: r.int(3)?,
            })
        })
        .collect()
}

/// An invitation found by its token's hash, whatever its state.
#[derive(Debug, Clone)]
pub struct ByToken {
    pub id: i64,
    /// None once the person was removed or the invitation revoked.
    pub person_id: Option<i64>,
    pub email: String,
    pub state: String,
    pub expires_at: i64,
}

pub fn by_token_hash(tx: &Tx, hash: &[u8]) -> Result<Option<ByToken>> {
    tx.row(
        "SELECT id, person_id, email, state, expires_at FROM invitation WHERE token_hash = ?1",
        params![hash],
    )?
    .map(|r| {
        Ok(ByToken {
            id: r.int(0)?,
            person_id: r.opt_int(1)?,
            email: r.text(2)?,
            state: r.text(3)?,
            expires_at: r.int(4)?,
        })
    })
    .transpose()
}

/// The details of an open invitation, for lists, `user show` and the mailer.
#[derive(Debug, Clone)]
pub struct InvitationRow {
    pub id: i64,
    /// None once the person was removed (a revoked invitation).
    pub person_id: Option<i64>,
    pub email: String,
    /// The invitee's display name (empty once they were removed).
    pub name: String,
    pub token_hash: Vec<u8>,
    pub state: String,
    pub expires_at: i64,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// The inviter's email as recorded.
    pub invited_by: String,
    pub created_at: i64,
}

const ROW_SELECT: &str =
    "SELECT i.id, i.person_id, i.email, COALESCE(p.name, ''), i.token_hash, i.state,
        i.expires_at, i.attempts, i.last_error, i.invited_by, i.created_at
     FROM invitation i LEFT JOIN person p ON p.id = i.person_id";

fn invitation_row(r: &Row) -> Result<InvitationRow> {
    Ok(InvitationRow {
        id: r.int(0)?,
        person_id: r.opt_int(1)?,
        email: r.text(2)?,
        name: r.text(3)?,
        token_hash: r.blob(4)?,
        state: r.text(5)?,
        expires_at: r.int(6)?,
        attempts: r.int(7)?,
        last_error: r.opt_text(8)?,
        invited_by: r.text(9)?,
        created_at: r.int(10)?,
    })
}

/// A person's newest open invitation.
pub fn open_for(tx: &Tx, person: i64) -> Result<Option<InvitationRow>> {
    let sql =
        format!("{ROW_SELECT} WHERE i.person_id = ?1 AND i.{OPEN} ORDER BY i.id DESC LIMIT 1");
    tx.row(&sql, params![person])?
        .as_ref()
        .map(invitation_row)
        .transpose()
}

/// Every open invitation of an invited person, by the invitee's email;
/// with `history`, accepted and revoked ones too (by email, newest first).
pub fn each(tx: &Tx, history: bool, mut f: impl FnMut(InvitationRow) -> Result<()>) -> Result<()> {
    let sql = if history {
        format!("{ROW_SELECT} ORDER BY lower(i.email), i.id DESC")
    } else {
        format!("{ROW_SELECT} WHERE i.{OPEN} AND p.status = 'invited' ORDER BY p.email_norm")
    };
    tx.each(&sql, &[], |r| f(invitation_row(&r)?))
}

/// One window of a paged invitation listing: the next `limit` invitations
/// in `each`'s order after the cursor `after` (a window's last key and
/// id), each with its key (the sort key `each` orders by).
pub fn window(
    tx: &Tx,
    history: bool,
    after: Option<(&str, i64)>,
    limit: usize,
) -> Result<Vec<(String, InvitationRow)>> {
    let (key, open) = if history {
        ("lower(i.email)", "1 = 1".to_string())
    } else {
        ("p.email_norm", format!("i.{OPEN} AND p.status = 'invited'"))
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // The key comes last in the row, after ROW_SELECT's columns.
    let select = ROW_SELECT.replacen(" FROM ", &format!(", {key} FROM "), 1);
    let rows = match after {
        None => tx.rows(
            &format!("{select} WHERE {open} ORDER BY {key}, i.id DESC LIMIT ?1"),
            params![limit],
        )?,
        Some((k, id)) => tx.rows(
            &format!(
                "{select} WHERE {open} AND ({key} > ?1 OR ({key} = ?1 AND i.id < ?2))
                 ORDER BY {key}, i.id DESC LIMIT ?3"
            ),
            params![k, id, limit],
        )?,
    };
    rows.iter()
        .map(|r| Ok((r.text(11)?, invitation_row(r)?)))
        .collect()
}

/// A person's newest invitation: (invited by, invited at).
///
/// All of the person's invitations (a few) are read by the person index and
/// the newest picked here: with `ORDER BY id DESC LIMIT 1`, PostgreSQL on a
/// table without statistics yet (just after a bulk load) walked the primary
/// key backwards through every invitation, 10 ms at 100,000 people.
pub fn latest_for(tx: &Tx, person: i64) -> Result<Option<(String, i64)>> {
    let all = tx
        .rows(
            "SELECT id, invited_by, created_at FROM invitation WHERE person_id = ?1",
            params![person],
        )?
        .iter()
        .map(|r| Ok((r.int(0)?, r.text(1)?, r.int(2)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(all
        .into_iter()
        .max_by_key(|(id, _, _)| *id)
        .map(|(_, by, at)| (by, at)))
}

/// Each person's newest invitation: (person id, invited by, invited at).
///
/// Every invitation with a person is read and the newest per person picked
/// here, as [`latest_for`] does: `id IN (SELECT MAX(id) ... GROUP BY)` is
/// a nested loop over both sides when PostgreSQL's statistics still say
/// the table is empty (just after the first bulk load), minutes at 20,000.
pub fn latest_per_person(tx: &Tx) -> Result<Vec<(i64, String, i64)>> {
    newest_per_person(tx.rows(
        "SELECT id, person_id, invited_by, created_at FROM invitation WHERE person_id IS NOT NULL",
        &[],
    )?)
}

/// [`latest_per_person`] for the people in `scope`.
pub fn latest_among(tx: &Tx, scope: Scope) -> Result<Vec<(i64, String, i64)>> {
    let (cond, args) = scope.condition("person_id");
    newest_per_person(tx.rows(
        &format!("SELECT id, person_id, invited_by, created_at FROM invitation WHERE {cond}"),
        &args,
    )?)
}

/// Rows of (invitation id, person id, invited by, invited at): the newest
/// invitation of each person, as (person id, invited by, invited at).
fn newest_per_person(rows: Vec<super::sql::Row>) -> Result<Vec<(i64, String, i64)>> {
    let mut newest: std::collections::HashMap<i64, (i64, String, i64)> =
        std::collections::HashMap::with_capacity(rows.len());
    for r in rows {
        let (id, person) = (r.int(0)?, r.int(1)?);
        if newest.get(&person).is_none_or(|(seen, _, _)| *seen < id) {
            newest.insert(person, (id, r.text(2)?, r.int(3)?));
        }
    }
    Ok(newest
        .into_iter()
        .map(|(person, (_, by, at))| (person, by, at))
        .collect())
}

/// Invited people whose invitation failed to deliver: (person id, email).
pub fn failed(tx: &Tx) -> Result<Vec<(i64, String)>> {
    tx.rows(
        "SELECT p.id, p.email FROM invitation i JOIN person p ON p.id = i.person_id
         WHERE i.state = 'failed' AND p.status = 'invited' ORDER BY p.email_norm",
        &[],
    )?
    .iter()
    .map(|r| Ok((r.int(0)?, r.text(1)?)))
    .collect()
}

pub struct NewInvitation<'a> {
    pub person_id: i64,
    pub email: &'a str,
    pub token_hash: &'a [u8],
    pub invited_by: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

pub fn insert(tx: &Tx, i: &NewInvitation) -> Result<()> {
    tx.write(
        "INSERT INTO invitation (person_id, email, token_hash, state, invited_by, created_at, expires_at)
         VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6)",
        params![i.person_id, i.email, i.token_hash, i.invited_by, i.now, i.expires_at],
    )
}

/// A new token, expiry and address for an open invitation.
pub fn reissue(tx: &Tx, id: i64, token_hash: &[u8], expires_at: i64, email: &str) -> Result<()> {
    tx.exec(
        "UPDATE invitation SET token_hash = ?1, expires_at = ?2, email = ?3,
         state = 'pending', last_error = NULL WHERE id = ?4",
        params![token_hash, expires_at, email, id],
    )?;
    Ok(())
}

/// Revokes a person's open invitation (they are being removed).
pub fn revoke_for(tx: &Tx, person: i64) -> Result<()> {
    let sql = format!("UPDATE invitation SET state = 'revoked' WHERE person_id = ?1 AND {OPEN}");
    tx.exec(&sql, params![person])?;
    Ok(())
}

pub fn mark_accepted(tx: &Tx, id: i64) -> Result<()> {
    tx.exec(
        "UPDATE invitation SET state = 'accepted' WHERE id = ?1",
        params![id],
    )?;
    Ok(())
}

/// How a delivery went, recorded only while the invitation still carries the
/// same token (a newer resend wins). `attempt` counts one more try.
pub fn record_delivery(
    tx: &Tx,
    id: i64,
    token_hash: &[u8],
    attempt: bool,
    error: Option<&str>,
) -> Result<()> {
    let sql = format!(
        "UPDATE invitation SET attempts = attempts + ?3, state = ?4, last_error = ?5
         WHERE id = ?1 AND token_hash = ?2 AND {OPEN}"
    );
    let state = if error.is_some() { "failed" } else { "pending" };
    tx.exec(
        &sql,
        params![id, token_hash, i64::from(attempt), state, error],
    )?;
    Ok(())
}
