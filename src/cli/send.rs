//! One send path for every command that invites (user add, invite resend,
//! apply): commit first, then deliver with no transaction open, record the
//! outcome, report it in one shape. The mailer only builds and transports
//! messages; the arrow runs from here to the core and to the mailer.

use super::Ctx;
use crate::error::{Error, Result};
use crate::mail::{Mailer, Sent};
use crate::org::invites::Delivery;
use crate::org::Org;

/// How an invitation went out, as `--json` reports it under `delivery`:
/// `{"sent": true, "transport": "file", "path": ...}`, `{"sent": true,
/// "transport": "smtp", "server": ...}`, `{"sent": true, "transport":
/// "sendmail"}`, `{"sent": false}` or `{"sent": false, "error": ...}`.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct DeliveryReport {
    pub sent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<std::path::PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl DeliveryReport {
    fn not_sent() -> DeliveryReport {
        DeliveryReport {
            sent: false,
            transport: None,
            path: None,
            server: None,
            error: None,
        }
    }

    fn sent(transport: &'static str) -> DeliveryReport {
        DeliveryReport {
            sent: true,
            transport: Some(transport),
            ..DeliveryReport::not_sent()
        }
    }
}

/// What happened to an invitation after its change was committed.
pub(crate) struct Sending {
    pub accept: Option<String>,
    pub delivery: DeliveryReport,
    pub failure: Option<Error>,
}

/// Sends (or, with `--no-email` / `transport = "none"`, prints) a fresh
/// invitation. Delivery failures are returned, not raised: the change is
/// saved, and the command reports it and exits 7.
pub(crate) fn send_invitation(
    ctx: &Ctx,
    org: &mut Org,
    mailer: &Mailer,
    person: i64,
    token: &str,
    no_email: bool,
) -> Result<Sending> {
    if no_email || !mailer.sends() {
        return Ok(Sending {
            accept: Some(mailer.accept_link(token)),
            delivery: DeliveryReport::not_sent(),
            failure: None,
        });
    }
    let report = deliver(org, mailer, person, token)?;
    let email = report.email;
    Ok(match report.result {
        Ok(sent) => {
            let delivery = match &sent {
                Sent::File(p) => {
                    ctx.printer.say(&format!(
                        "invitation for {email} written to {}",
                        p.display()
                    ))?;
                    DeliveryReport {
                        path: Some(p.clone()),
                        ..DeliveryReport::sent("file")
                    }
                }
                Sent::Smtp(server) => {
                    ctx.printer
                        .say(&format!("invitation sent to {email} via {server}"))?;
                    DeliveryReport {
                        server: Some(server.clone()),
                        ..DeliveryReport::sent("smtp")
                    }
                }
                Sent::Sendmail(cmd) => {
                    ctx.printer
                        .say(&format!("invitation for {email} handed to `{cmd}`"))?;
                    DeliveryReport::sent("sendmail")
                }
                Sent::NotSent => DeliveryReport::not_sent(),
            };
            Sending {
                accept: None,
                delivery,
                failure: None,
            }
        }
        Err(reason) => Sending {
            accept: None,
            delivery: DeliveryReport {
                error: Some(reason.clone()),
                ..DeliveryReport::not_sent()
            },
            failure: Some(
                Error::delivery_failed(format!(
                    "the invitation for {email} is saved, but it could not be delivered: {reason}"
                ))
                .hint(format!(
                    "fix the mail settings, then retry with `orgadm invite resend {email}`"
                )),
            ),
        },
    })
}

/// Prints the accept link last on stdout (text mode), then fails with the
/// delivery error if there was one.
pub(crate) fn finish_sending(ctx: &Ctx, s: Sending) -> Result<()> {
    if !ctx.printer.json {
        if let Some(a) = &s.accept {
            ctx.printer.out(a)?;
        }
    }
    match s.failure {
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

/// One invitation's delivery, as the CLI reports it.
pub(crate) struct Report {
    pub email: String,
    pub result: std::result::Result<Sent, String>,
}

/// Sends the open invitation of `person` carrying `token`, then records the
/// outcome on the invitation. No transaction is open while sending. The
/// attempt is recorded first, as failed with "interrupted": if orgadm is
/// killed while a transport hangs, the invitation shows it and `invite
/// resend --failed` picks it up.
pub(crate) fn deliver(org: &mut Org, mailer: &Mailer, person: i64, token: &str) -> Result<Report> {
    let m = org.invitation_message(person)?;
    if mailer.sends() {
        org.record_delivery(&m, &Delivery::Started)?;
    }
    let result = mailer.send(&m, token);
    let outcome = match &result {
        Ok(_) => Delivery::Sent,
        Err(e) => Delivery::Failed(e.clone()),
    };
    if mailer.sends() {
        org.record_delivery(&m, &outcome)?;
    }
    Ok(Report {
        email: m.email,
        result,
    })
}
