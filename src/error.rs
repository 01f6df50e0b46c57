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
