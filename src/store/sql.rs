//! The one SQL interface the row modules speak: statements with numbered
//! parameters (`?1`, `?2`...), values of four kinds, rows read by index.
//!
//! Every statement orgadm runs is written once, in the SQL that SQLite and
//! PostgreSQL share (`RETURNING`, `ON CONFLICT`, `||`, `substr`, `lower`), and
//! run through a [`Tx`] whatever the backend. The backend-specific parts
//! (opening, pragmas or session settings, migrations, locking, error codes)
//! live in the backend's own module. This is lldap's shape (one query
//! definition, rendered per backend) rather than atuin's (a trait implemented
//! twice): the rules and the statements exist once.

use rusqlite::types::ValueRef;

use crate::error::{Error, Result};

/// A parameter or a column value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}
impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Value {
        Value::Blob(v.to_vec())
    }
}
impl From<&Vec<u8>> for Value {
    fn from(v: &Vec<u8>) -> Value {
        Value::Blob(v.clone())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// Parameters, e.g. `params![id, name]`.
#[macro_export]
macro_rules! params {
    ($($v:expr),* $(,)?) => {
        &[$($crate::store::sql::Value::from($v)),*][..]
    };
}
pub use params;

/// One result row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row(Vec<Value>);

impl Row {
    /// Every column, in order.
    pub fn values(&self) -> &[Value] {
        &self.0
    }

    fn at(&self, i: usize) -> Result<&Value> {
        self.0
            .get(i)
            .ok_or_else(|| Error::internal(format!("query returned no column {i}")))
    }

    pub fn int(&self, i: usize) -> Result<i64> {
        match self.at(i)? {
            Value::Int(v) => Ok(*v),
            other => Err(type_error(i, "an integer", other)),
        }
    }

    pub fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        match self.at(i)? {
            Value::Null => Ok(None),
            _ => self.int(i).map(Some),
        }
    }

    pub fn text(&self, i: usize) -> Result<String> {
        match self.at(i)? {
            Value::Text(v) => Ok(v.clone()),
            other => Err(type_error(i, "text", other)),
        }
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.at(i)? {
            Value::Null => Ok(None),
            _ => self.text(i).map(Some),
        }
    }

    pub fn blob(&self, i: usize) -> Result<Vec<u8>> {
        match self.at(i)? {
            Value::Blob(v) => Ok(v.clone()),
            other => Err(type_error(i, "bytes", other)),
        }
    }
}

fn type_error(i: usize, want: &str, got: &Value) -> Error {
    Error::storage(format!(
        "the database holds an unexpected value in column {i} (wanted {want}, found {got:?}): it was edited outside orgadm"
    ))
}

/// A transaction, read or write, on whichever backend is open.
pub struct Tx<'a> {
    inner: Inner<'a>,
}

enum Inner<'a> {
    Sqlite(&'a rusqlite::Transaction<'a>),
    Pg(super::pg::PgTx<'a>),
}

impl<'a> Tx<'a> {
    pub(super) fn sqlite(tx: &'a rusqlite::Transaction<'a>) -> Tx<'a> {
        Tx {
            inner: Inner::Sqlite(tx),
        }
    }

    pub(super) fn pg(tx: super::pg::PgTx<'a>) -> Tx<'a> {
        Tx {
            inner: Inner::Pg(tx),
        }
    }

    /// The PostgreSQL transaction inside, to commit it.
    pub(super) fn into_pg(self) -> super::pg::PgTx<'a> {
        match self.inner {
            Inner::Pg(t) => t,
            Inner::Sqlite(_) => unreachable!("into_pg on a SQLite transaction"),
        }
    }

    /// Runs `f` on each row. SQLite streams them (a listing of 100,000
    /// people never holds them all); PostgreSQL's are fetched first, so `f`
    /// may itself query.
    pub fn each(
        &self,
        sql: &str,
        params: &[Value],
        mut f: impl FnMut(Row) -> Result<()>,
    ) -> Result<()> {
        self.each_while(sql, params, |r| f(r).map(|()| true))
    }

    /// [`Tx::each`] until `f` answers false (a page is full).
    pub fn each_while(
        &self,
        sql: &str,
        params: &[Value],
        mut f: impl FnMut(Row) -> Result<bool>,
    ) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => {
                let mut st = conn.prepare_cached(sql)?;
                let n = st.column_count();
                let mut rows =
                    st.query(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?;
                while let Some(r) = rows.next()? {
                    let mut vals = Vec::with_capacity(n);
                    for i in 0..n {
                        vals.push(from_sqlite(r.get_ref(i)?)?);
                    }
                    if !f(Row(vals))? {
                        break;
                    }
                }
                Ok(())
            }
            Inner::Pg(t) => {
                let st = pg_statement(t, sql)?;
                let args = pg_args(params);
                let refs = pg_refs(&args);
                let rows = pg_run(t, t.tx.query(&st, &refs))?;
                for r in &rows {
                    if !f(from_pg(r)?)? {
                        break;
                    }
                }
                Ok(())
            }
        }
    }

    pub fn rows(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let mut out = Vec::new();
        self.each(sql, params, |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row, if any.
    pub fn row(&self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        let mut first = None;
        self.each(sql, params, |r| {
            if first.is_none() {
                first = Some(r);
            }
            Ok(())
        })?;
        Ok(first)
    }

    /// Runs a statement; returns how many rows it changed.
    pub fn exec(&self, sql: &str, params: &[Value]) -> Result<u64> {
        match &self.inner {
            Inner::Sqlite(conn) => {
                let n = conn
                    .prepare_cached(sql)?
                    .execute(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?;
                Ok(n as u64)
            }
            Inner::Pg(t) => {
                let st = pg_statement(t, sql)?;
                let args = pg_args(params);
                let refs = pg_refs(&args);
                pg_run(t, t.tx.execute(&st, &refs))
            }
        }
    }

    /// Runs a statement whose answer nobody reads (an INSERT of an audit
    /// entry, an event, a role). SQLite runs it now. PostgreSQL sends it,
    /// with any others queued, together with the next statement that needs
    /// an answer (or before the commit): a change writing 100,000 people
    /// waits on the network once per person, not five times. Any later
    /// read sees it; a failure surfaces at that next statement, and fails
    /// the transaction all the same.
    pub fn write(&self, sql: &str, params: &[Value]) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(_) => self.exec(sql, params).map(|_| ()),
            Inner::Pg(t) => {
                let st = pg_statement(t, sql)?;
                let queued = {
                    let mut pending = t.pending.borrow_mut();
                    pending.push((st, params.to_vec()));
                    pending.len()
                };
                // A change's 100,000 audit entries and events, queued
                // until the commit, would hold them all in memory.
                if queued >= MAX_QUEUED {
                    self.flush()?;
                }
                Ok(())
            }
        }
    }

    /// After a change that wrote many people: PostgreSQL's planner gets
    /// statistics that count them (ANALYZE sees this transaction's own
    /// rows, and its statistics commit with it). Without them, the first
    /// bulk load into a new database is planned as if the tables were
    /// empty: nested loops over thousands of rows, in this change's own
    /// read-back and in every read until autovacuum gets to it. SQLite's
    /// planner makes no such estimate: nothing to do. A role that does not
    /// own the tables gets a warning from the server, not an error.
    pub fn refresh_statistics(&self) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(_) => Ok(()),
            Inner::Pg(t) => pg_run(
                t,
                t.tx.batch_execute("ANALYZE person, person_role, membership, invitation"),
            ),
        }
    }

    /// Sends the writes [`Tx::write`] queued (PostgreSQL) and waits for them.
    pub(super) fn flush(&self) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(_) => Ok(()),
            Inner::Pg(t) => pg_run(t, async { Ok(()) }),
        }
    }

    /// Runs an `INSERT ... RETURNING id` and returns the id.
    pub fn insert(&self, sql: &str, params: &[Value]) -> Result<i64> {
        self.row(sql, params)?
            .ok_or_else(|| Error::internal("an insert returned no id"))?
            .int(0)
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.inner, Inner::Pg(_))
    }
}

/// `?N` placeholders as PostgreSQL's `$N`.
fn dollar_params(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

/// How many writes [`Tx::write`] queues before it sends them: one round
/// trip per batch, and a bounded batch.
const MAX_QUEUED: usize = 512;

/// Runs one statement that needs its answer, after the queued writes: all
/// are sent at once (tokio-postgres pipelines the requests of futures
/// polled together, in the order first polled), and the first failure, in
/// that order, is the answer.
fn pg_run<T>(
    t: &super::pg::PgTx<'_>,
    f: impl std::future::Future<Output = std::result::Result<T, tokio_postgres::Error>>,
) -> Result<T> {
    let pending = std::mem::take(&mut *t.pending.borrow_mut());
    if pending.is_empty() {
        return Ok(t.conn.ask(f)?);
    }
    let args: Vec<Vec<PgParam>> = pending.iter().map(|(_, v)| pg_args(v)).collect();
    let refs: Vec<Vec<&(dyn tokio_postgres::types::ToSql + Sync)>> =
        args.iter().map(|a| pg_refs(a)).collect();
    let queued = futures_util::future::try_join_all(
        pending
            .iter()
            .zip(&refs)
            .map(|((st, _), r)| t.tx.execute(st, r)),
    );
    let both = async {
        let (written, answer) = futures_util::future::join(queued, f).await;
        written?;
        answer
    };
    Ok(t.conn.ask(both)?)
}

/// A prepared statement from the store's cache (preparing costs a round trip).
fn pg_statement(t: &super::pg::PgTx<'_>, sql: &str) -> Result<tokio_postgres::Statement> {
    super::pg::cached(t.statements, sql, || {
        Ok(t.conn.ask(t.tx.prepare(&dollar_params(sql)))?)
    })
}

/// A value as a PostgreSQL parameter of whatever type the statement wants.
#[derive(Debug)]
struct PgParam<'a>(&'a Value);

impl tokio_postgres::types::ToSql for PgParam<'_> {
    fn to_sql(
        &self,
        ty: &tokio_postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<tokio_postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use tokio_postgres::types::Type;
        match self.0 {
            Value::Null => Ok(tokio_postgres::types::IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
            Value::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_ty: &tokio_postgres::types::Type) -> bool {
        true
    }

    tokio_postgres::types::to_sql_checked!();
}

fn pg_args(params: &[Value]) -> Vec<PgParam<'_>> {
    params.iter().map(PgParam).collect()
}

fn pg_refs<'a>(args: &'a [PgParam<'a>]) -> Vec<&'a (dyn tokio_postgres::types::ToSql + Sync)> {
    args.iter()
        .map(|a| a as &(dyn tokio_postgres::types::ToSql + Sync))
        .collect()
}

fn from_pg(r: &tokio_postgres::Row) -> Result<Row> {
    use tokio_postgres::types::Type;
    let mut vals = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let ty = col.type_();
        let v = if *ty == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)?.map(Value::Int)
        } else if *ty == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)?
                .map(|v| Value::Int(v.into()))
        } else if *ty == Type::INT2 {
            r.try_get::<_, Option<i16>>(i)?
                .map(|v| Value::Int(v.into()))
        } else if *ty == Type::BOOL {
            r.try_get::<_, Option<bool>>(i)?
                .map(|v| Value::Int(v.into()))
        } else if *ty == Type::BYTEA {
            r.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob)
        } else if matches!(*ty, Type::TEXT | Type::VARCHAR | Type::NAME | Type::BPCHAR) {
            r.try_get::<_, Option<String>>(i)?.map(Value::Text)
        } else {
            return Err(Error::internal(format!(
                "a query returned a column of type {ty}, which orgadm does not read"
            )));
        };
        vals.push(v.unwrap_or(Value::Null));
    }
    Ok(Row(vals))
}

fn to_sqlite(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(i) => rusqlite::types::Value::Integer(*i),
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
        Value::Blob(b) => rusqlite::types::Value::Blob(b.clone()),
    }
}

fn from_sqlite(v: ValueRef<'_>) -> Result<Value> {
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Text(t) => Value::Text(
            std::str::from_utf8(t)
                .map_err(|_| Error::storage("the database holds text that is not UTF-8"))?
                .to_string(),
        ),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        ValueRef::Real(_) => {
            return Err(Error::storage(
                "the database holds a real number where orgadm keeps none",
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio_postgres::types::{IsNull, ToSql, Type};

    fn encode(v: &Value, ty: &Type) -> std::result::Result<Vec<u8>, String> {
        let mut out = bytes::BytesMut::new();
        match PgParam(v).to_sql(ty, &mut out) {
            Ok(IsNull::No) => Ok(out.to_vec()),
            Ok(IsNull::Yes) => Ok(Vec::new()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// An integer goes in the width the statement's parameter has (the
    /// server rejects any other length), and one that does not fit is an
    /// error, never a wrapped number.
    #[test]
    fn integers_bind_in_the_parameters_width() {
        let v = Value::Int(300);
        assert_eq!(encode(&v, &Type::INT2), Ok(vec![1, 44]));
        assert_eq!(encode(&v, &Type::INT4), Ok(vec![0, 0, 1, 44]));
        assert_eq!(encode(&v, &Type::INT8), Ok(vec![0, 0, 0, 0, 0, 0, 1, 44]));
        let big = Value::Int(70_000);
        assert!(encode(&big, &Type::INT2).is_err());
        assert_eq!(encode(&big, &Type::INT4), Ok(vec![0, 1, 17, 112]));
        assert!(encode(&Value::Int(1 << 40), &Type::INT4).is_err());
        assert_eq!(encode(&Value::Null, &Type::INT2), Ok(Vec::new()));
        assert_eq!(
            encode(&Value::Text("é".into()), &Type::TEXT),
            Ok("é".as_bytes().to_vec())
        );
    }
}
