//! How the CLI reports the invitations a committed change sent. The core
//! sends them (`Org::submit`, here or on the server), with no transaction
//! open, and records each outcome; this says what happened in one shape.

use super::Ctx;
use crate::error::{Error, Result};
use crate::org::request::SentInvitation;

/// Says how one invitation went out (text mode) and returns its delivery
/// failure, if any: the change is saved, and the command exits 7.
pub(crate) fn report_sending(ctx: &Ctx, s: &SentInvitation) -> Result<Option<Error>> {
    let email = &s.email;
    let d = &s.delivery;
    if d.sent {
        match (d.transport.as_deref(), &d.path, &d.server) {
            (Some("file"), Some(p), _) => ctx.printer.say(&format!(
                "invitation for {email} written to {}",
                p.display()
            ))?,
            (Some("smtp"), _, Some(server)) => ctx
                .printer
                .say(&format!("invitation sent to {email} via {server}"))?,
            (Some(t), _, _) => ctx
                .printer
                .say(&format!("invitation for {email} handed to {t}"))?,
            _ => {}
        }
    }
    Ok(d.error.as_ref().map(|reason| {
        Error::delivery_failed(format!(
            "the invitation for {email} is saved, but it could not be delivered: {reason}"
        ))
        .hint(format!(
            "fix the mail settings, then retry with `orgadm invite resend {email}`"
        ))
    }))
}

/// Prints the accept link last on stdout (text mode), then fails with the
/// delivery error if there was one.
pub(crate) fn finish_sending(ctx: &Ctx, s: &SentInvitation, failure: Option<Error>) -> Result<()> {
    if !ctx.printer.json {
        if let Some(a) = &s.accept {
            ctx.printer.out(a)?;
        }
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Ok when every invitation went out; else exit 7 naming who did not get one.
/// The changes themselves are saved either way.
pub(crate) fn undelivered(emails: &[String]) -> Result<()> {
    if emails.is_empty() {
        return Ok(());
    }
    Err(Error::delivery_failed(format!(
        "the changes are saved, but {} could not be delivered: {}",
        crate::cli::output::count(emails.len(), "invitation", "invitations"),
        emails.join(", ")
    ))
    .hint("fix the mail settings, then retry with `orgadm invite resend --failed`"))
}
