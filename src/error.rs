//! The one error type of orgadm: a kind (which decides the exit code), a message
//! for the admin, hints saying what to run next, and, for refusals and needed
//! confirmations, the impact that caused them.

use std::fmt;

use crate::impact::Impact;

/// What went wrong, as scripts see it: each kind is one exit code (README and orgadm(1), "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Internal,
    Usage,
    NotFound,
    Conflict,
    NeedsConfirmation,
    Forbidden,
    DeliveryFailed,
    Storage,
    /// stdout was closed by its reader (`orgadm user list | head`): not a
    /// failure, the command stops quietly and exits 0.
    BrokenPipe,
}

impl Kind {
    pub fn code(self) -> u8 {
        match self {
            Kind::Internal => 1,
            Kind::Usage => 2,
            Kind::NotFound => 3,
            Kind::Conflict => 4,
            Kind::NeedsConfirmation => 5,
            Kind::Forbidden => 6,
            Kind::DeliveryFailed => 7,
            Kind::Storage => 8,
            Kind::BrokenPipe => 0,
        }
    }

    /// The exit code's name, used as `error.kind` in JSON errors.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Internal => "internal",
            Kind::Usage => "usage",
            Kind::NotFound => "not_found",
            Kind::Conflict => "conflict",
            Kind::NeedsConfirmation => "needs_confirmation",
            Kind::Forbidden => "forbidden",
            Kind::DeliveryFailed => "delivery_failed",
            Kind::Storage => "storage",
            Kind::BrokenPipe => "broken_pipe",
        }
    }

    /// Every kind an error can be reported with (a broken pipe never is).
    pub const REPORTED: [Kind; 8] = [
        Kind::Internal,
        Kind::Usage,
        Kind::NotFound,
        Kind::Conflict,
        Kind::NeedsConfirmation,
        Kind::Forbidden,
        Kind::DeliveryFailed,
        Kind::Storage,
    ];

    /// The kind a JSON error names (what the remote client reads back).
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::REPORTED.into_iter().find(|k| k.name() == name)
    }

    /// The HTTP status the admin API answers a refusal of this kind with
    /// (SPEC §13; bad credentials are 401 and limits 429, decided apart).
    pub fn http_status(self) -> u16 {
        match self {
            Kind::Usage => 400,
            Kind::NotFound => 404,
            Kind::Conflict => 409,
            Kind::NeedsConfirmation => 428,
            Kind::Forbidden => 403,
            Kind::DeliveryFailed => 200,
            Kind::Storage => 503,
            Kind::Internal | Kind::BrokenPipe => 500,
        }
    }
}

#[derive(Debug)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    pub hints: Vec<String>,
    /// Boxed: most errors carry none, and every `Result` is as large as its error.
    pub impact: Option<Box<Impact>>,
    /// For a not-found: the thing existed but can no longer be used (an
    /// invitation accepted, revoked or expired), so the page says 410 Gone.
    pub gone: bool,
    /// For a request the SCIM server refuses: its RFC 7644 `scimType`
    /// (`invalidPath`, `noTarget`, `mutability`, ...), when it is not
    /// `invalidValue`.
    pub scim_type: Option<&'static str>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hints: Vec::new(),
            impact: None,
            gone: false,
            scim_type: None,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Kind::NotFound, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(Kind::Conflict, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(Kind::Forbidden, message)
    }
    pub fn storage(message: impl Into<String>) -> Self {
        Self::new(Kind::Storage, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(Kind::Internal, message)
    }
    pub fn needs_confirmation(message: impl Into<String>) -> Self {
        Self::new(Kind::NeedsConfirmation, message)
    }
    pub fn delivery_failed(message: impl Into<String>) -> Self {
        Self::new(Kind::DeliveryFailed, message)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Marks a not-found as "existed, but no longer usable".
    pub fn gone(mut self) -> Self {
        self.gone = true;
        self
    }

    /// Names the SCIM error type a SCIM client is answered with.
    pub fn scim_type(mut self, t: &'static str) -> Self {
        self.scim_type = Some(t);
        self
    }

    pub fn with_impact(mut self, impact: Impact) -> Self {
        self.impact = Some(Box::new(impact));
        self
    }
}

impl Error {
    /// The JSON error every `--json` command prints on stderr and the admin
    /// API answers with: `{"error": {"kind", "message", "hints"?}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut obj =
            serde_json::json!({"error": {"kind": self.kind.name(), "message": self.message}});
        if !self.hints.is_empty() {
            obj["error"]["hints"] = serde_json::json!(self.hints);
        }
        obj
    }

    /// Reads back what [`Error::to_json`] wrote; None if `v` is not that.
    pub fn from_json(v: &serde_json::Value) -> Option<Error> {
        let e = v.get("error")?;
        let kind = Kind::from_name(e.get("kind")?.as_str()?)?;
        let mut out = Error::new(kind, e.get("message")?.as_str()?);
        for h in e
            .get("hints")
            .and_then(|h| h.as_array())
            .into_iter()
            .flatten()
        {
            out.hints.push(h.as_str()?.to_string());
        }
        Some(out)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<crate::role::UnknownRole> for Error {
    fn from(e: crate::role::UnknownRole) -> Self {
        use crate::role::{Role, UnknownRole};
        match e {
            UnknownRole::Typed(t) => Error::usage(format!(
                "unknown role `{}`; the roles are {}",
                crate::validate::printable(&t),
                Role::ALL.map(|r| format!("`{}`", r.name())).join(", ")
            )),
            UnknownRole::Stored(s) => {
                Error::storage(format!("the database holds an unknown role `{s}`"))
            }
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::internal(format!("I/O error: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_read_back_as_written() {
        for kind in Kind::REPORTED {
            let e = Error::new(kind, "it broke")
                .hint("run this")
                .hint("then that");
            let back = Error::from_json(&e.to_json()).unwrap();
            assert_eq!((back.kind, back.message.as_str()), (kind, "it broke"));
            assert_eq!(back.hints, ["run this", "then that"]);
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
        assert!(Error::new(Kind::Usage, "x").to_json()["error"]
            .get("hints")
            .is_none());
        assert!(
            Error::from_json(&serde_json::json!({"error": {"kind": "nope", "message": "m"}}))
                .is_none()
        );
        assert!(Error::from_json(&serde_json::json!({"message": "m"})).is_none());
        for (kind, status) in [
            (Kind::Usage, 400),
            (Kind::NotFound, 404),
            (Kind::Conflict, 409),
            (Kind::NeedsConfirmation, 428),
            (Kind::Forbidden, 403),
            (Kind::DeliveryFailed, 200),
            (Kind::Storage, 503),
            (Kind::Internal, 500),
        ] {
            assert_eq!(kind.http_status(), status, "{kind:?}");
        }
    }
}
