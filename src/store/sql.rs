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
#[derive(Debug, Clone)]
pub struct Row(Vec<Value>);

impl Row {
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
    pub(super) conn: &'a rusqlite::Transaction<'a>,
}

impl Tx<'_> {
    /// Runs `f` on each row, without holding them all (a listing of
    /// 100,000 people streams).
    pub fn each(
        &self,
        sql: &str,
        params: &[Value],
        mut f: impl FnMut(Row) -> Result<()>,
    ) -> Result<()> {
        let mut st = self.conn.prepare_cached(sql)?;
        let n = st.column_count();
        let mut rows = st.query(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?;
        while let Some(r) = rows.next()? {
            let mut vals = Vec::with_capacity(n);
            for i in 0..n {
                vals.push(from_sqlite(r.get_ref(i)?)?);
            }
            f(Row(vals))?;
        }
        Ok(())
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
        let n = self
            .conn
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?;
        Ok(n as u64)
    }

    /// Runs an `INSERT ... RETURNING id` and returns the id.
    pub fn insert(&self, sql: &str, params: &[Value]) -> Result<i64> {
        self.row(sql, params)?
            .ok_or_else(|| Error::internal("an insert returned no id"))?
            .int(0)
    }
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
