//! Invitation messages and their transports (README, "Config"): `file` (an outbox of
//! `.eml` files), `smtp` (plain, STARTTLS or TLS), `sendmail`, and `none`.
//!
//! Messages are built with lettre's builder only, never by pasting header
//! text, so a hostile name cannot add a header or a recipient. The body is
//! sent as 7bit/8bit text (no quoted-printable), so the link is one unbroken line.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::ContentTransferEncoding;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport as _};

use crate::config::{Config, Paths, TlsMode, Transport};
use crate::error::{Error, Result};
use crate::org::invites::InvitationMessage;

/// The default sender when `[mail] from` is not set.
pub const DEFAULT_FROM: &str = "orgadm <no-reply@localhost>";
/// The default SMTP connect and command timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Sends invitations as the config says.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    outbox: PathBuf,
    invite_url: Option<String>,
    smtp: Option<crate::config::MailConfig>,
    /// The SMTP password, read from the environment variable `password_env`
    /// names (the CLI reads it; the config file never holds it).
    password: Option<String>,
    timeout: Duration,
    sendmail_command: String,
}

/// Where a message went.
#[derive(Debug, Clone)]
pub enum Sent {
    File(PathBuf),
    Smtp(String),
    Sendmail(String),
    NotSent,
}

impl Mailer {
    pub fn new(cfg: &Config, paths: &Paths, password: Option<String>) -> Result<Mailer> {
        let from_text = cfg.mail.from.as_deref().unwrap_or(DEFAULT_FROM);
        let from: Mailbox = from_text.parse().map_err(|e| {
            Error::usage(format!(
                "config {}: [mail] from `{}` is not a valid sender ({e})",
                paths.config.display(),
                crate::validate::printable(from_text)
            ))
        })?;
        let timeout = match &cfg.mail.timeout {
            Some(t) => crate::time::duration("[mail] timeout", t, crate::time::MAIL_TIMEOUT)?,
            None => DEFAULT_TIMEOUT,
        };
        if cfg.mail.transport == Transport::Smtp && cfg.mail.host.is_none() {
            return Err(Error::usage(format!(
                "config {}: [mail] transport is smtp but no host is set",
                paths.config.display()
            ))
            .hint("add `host = \"smtp.example.com\"` under [mail]"));
        }
        Ok(Mailer {
            transport: cfg.mail.transport,
            from,
            outbox: paths.outbox.clone(),
            invite_url: cfg.invite_url.clone(),
            smtp: Some(cfg.mail.clone()),
            password,
            timeout,
            sendmail_command: cfg
                .mail
                .sendmail_command
                .clone()
                .unwrap_or_else(|| "sendmail".into()),
        })
    }

    pub fn sends(&self) -> bool {
        self.transport != Transport::None
    }

    /// The accept link (`invite_url` with the token), or without `invite_url`
    /// the bare token.
    pub fn accept_link(&self, token: &str) -> String {
        match &self.invite_url {
            Some(u) => u.replace("{token}", token),
            None => token.to_string(),
        }
    }

    /// The invitation message for `m`, carrying `token`.
    pub fn message(&self, m: &InvitationMessage, token: &str) -> Result<Message> {
        let to_addr: lettre::Address = m
            .email
            .parse()
            .map_err(|e| Error::usage(format!("cannot send to `{}`: {e}", m.email)))?;
        let to = Mailbox::new(Some(m.name.clone()), to_addr);
        let roles: Vec<&str> = m.roles.iter().map(|r| r.display_name()).collect();
        let how = match &self.invite_url {
            Some(_) => format!("To accept, open this link:\n\n{}\n", self.accept_link(token)),
            None => format!("To accept, run this command on the organization's orgadm host:\n\n    orgadm invite accept {token}\n"),
        };
        let groups = if m.groups.is_empty() {
            String::new()
        } else {
            format!("Groups: {}\n", m.groups.join(", "))
        };
        let body = format!(
            "{org}\n\nHello {name},\n\n{inviter} has invited you to join {org}.\n\nRoles: {roles}\n{groups}This invitation expires at {expires}.\n\n{how}\nIf you did not expect this invitation, you can ignore this message.\n",
            org = m.org_name,
            name = m.name,
            inviter = m.invited_by,
            roles = if roles.is_empty() { "none yet".into() } else { roles.join(", ") },
            expires = crate::time::rfc3339(m.expires_at),
        );
        let html = html_body(
            m,
            self.invite_url.as_ref().map(|_| self.accept_link(token)),
            token,
        );
        // Large providers junk or refuse mail without a Message-ID; it
        // names the sender's own domain.
        self.builder()
            .to(to)
            .subject(format!("Invitation to join {}", m.org_name))
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(lettre::message::header::ContentType::TEXT_PLAIN)
                            .body(plain_body(body)),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(lettre::message::header::ContentType::TEXT_HTML)
                            .body(plain_body(html)),
                    ),
            )
            .map_err(|e| Error::internal(format!("cannot build the invitation message: {e}")))
    }

    /// Sends one invitation. The error text is already cleaned: no token, no
    /// part of the message in any encoding, no control characters.
    pub fn send(&self, m: &InvitationMessage, token: &str) -> std::result::Result<Sent, String> {
        let msg = self.message(m, token).map_err(|e| e.message)?;
        self.deliver(&msg, token)
    }

    /// Sends a sign-in link (SPEC §13): the code the CLI shows, where the
    /// request came from, and the link to the page with Sign in and Deny.
    /// The error text is cleaned of the link's token as for invitations.
    pub fn send_sign_in(
        &self,
        m: &crate::org::sign_in::SignInMail,
        link: &str,
    ) -> std::result::Result<Sent, String> {
        let to_addr: lettre::Address = m
            .email
            .parse()
            .map_err(|e| format!("cannot send to `{}`: {e}", m.email))?;
        let body = format!(
            "{org}\n\nHello {name},\n\nSomeone asked to sign in to {org} as {email} with orgadm:\n\n    from the host {host}, OS user {user}, address {addr}\n    showing the code {code}\n\nIf that was you and your terminal shows {code}, open this link and press Sign in:\n\n{link}\n\nThe link works once, until {expires}. If it was not you, open it and press Deny, or ignore this message.\n",
            org = m.org_name,
            name = m.name,
            email = m.email,
            host = m.client.host,
            user = m.client.os_user,
            addr = m.client.address,
            code = m.user_code,
            expires = crate::time::rfc3339(m.expires_at),
        );
        let msg = self
            .builder()
            .to(Mailbox::new(Some(m.name.clone()), to_addr))
            .subject(format!("Sign in to {} (code {})", m.org_name, m.user_code))
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(plain_body(body))
            .map_err(|e| format!("cannot build the sign-in message: {e}"))?;
        self.deliver(&msg, &m.link_token)
    }

    /// A message from orgadm's sender, with a Message-ID in its domain.
    fn builder(&self) -> lettre::message::MessageBuilder {
        let domain = self
            .from
            .email
            .domain()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        Message::builder()
            .from(self.from.clone())
            .message_id(Some(format!(
                "<{}@{domain}>",
                uuid::Uuid::new_v4().simple()
            )))
            .date_now()
            .header(AutoSubmitted)
    }

    /// Sends `msg` by the configured transport; errors cleaned of `secret`.
    fn deliver(&self, msg: &Message, secret: &str) -> std::result::Result<Sent, String> {
        let result = match self.transport {
            Transport::None => Ok(Sent::NotSent),
            Transport::File => self.write_file(msg).map_err(|e| e.to_string()),
            Transport::Smtp => self.send_smtp(msg),
            Transport::Sendmail => self.send_sendmail(msg),
        };
        result.map_err(|e| clean_error(&e, &msg.formatted(), secret))
    }

    /// Pipes the message to `sendmail_command -i -f FROM -- TO` (what
    /// lettre's SendmailTransport runs), but under `[mail] timeout`: lettre
    /// waits forever for a command that hangs.
    fn send_sendmail(&self, msg: &Message) -> std::result::Result<Sent, String> {
        use std::process::{Command, Stdio};
        let cmd = &self.sendmail_command;
        let envelope = msg.envelope();
        let mut c = Command::new(cmd);
        c.arg("-i");
        if let Some(from) = envelope.from() {
            c.arg("-f").arg(from);
        }
        c.arg("--");
        for to in envelope.to() {
            c.arg(to);
        }
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run the sendmail command `{cmd}`: {e}"))?;
        let mut stdin = child.stdin.take().ok_or("no stdin for sendmail")?;
        let mut stderr = child.stderr.take().ok_or("no stderr for sendmail")?;
        let body = msg.formatted();
        // Feed and drain on threads, so a command that stops reading (or
        // writes a lot) cannot block the wait below.
        let feeder = std::thread::spawn(move || {
            let _ = stdin.write_all(&body);
        });
        let drainer = std::thread::spawn(move || {
            use std::io::Read;
            let mut out = Vec::new();
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut out);
            out
        });
        let deadline = std::time::Instant::now() + self.timeout;
        let status = loop {
            match child.try_wait() {
                Ok(Some(st)) => break st,
                Ok(None) if std::time::Instant::now() >= deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!(
                        "the sendmail command `{cmd}` did not finish within {}",
                        humantime::format_duration(self.timeout)
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(e) => return Err(format!("waiting for the sendmail command `{cmd}`: {e}")),
            }
        };
        let _ = feeder.join();
        let err = drainer.join().unwrap_or_default();
        if status.success() {
            Ok(Sent::Sendmail(cmd.clone()))
        } else {
            Err(format!(
                "the sendmail command `{cmd}` failed ({status}): {}",
                String::from_utf8_lossy(&err)
            ))
        }
    }

    fn write_file(&self, msg: &Message) -> std::io::Result<Sent> {
        crate::files::create_private_dir(&self.outbox)
            .map_err(|e| std::io::Error::other(e.message))?;
        let path = self.outbox.join(format!("{}.eml", uuid::Uuid::new_v4()));
        // Outbox messages hold live tokens: 0600 whatever the umask.
        let mut f = crate::files::create_private_file(&path)?;
        f.write_all(&msg.formatted())?;
        f.sync_all()?;
        Ok(Sent::File(path))
    }

    fn send_smtp(&self, msg: &Message) -> std::result::Result<Sent, String> {
        let cfg = self.smtp.as_ref().ok_or("no SMTP settings")?;
        let host = cfg.host.clone().unwrap_or_default();
        let tls_mode = cfg.tls.unwrap_or_default();
        let tls_params = || -> std::result::Result<TlsParameters, String> {
            let mut b = TlsParameters::builder(host.clone());
            if let Some(ca) = &cfg.ca_file {
                let pem = fs::read(ca)
                    .map_err(|e| format!("cannot read [mail] ca_file {}: {e}", ca.display()))?;
                let cert = Certificate::from_pem(&pem).map_err(|e| {
                    format!(
                        "[mail] ca_file {} is not a PEM certificate: {e}",
                        ca.display()
                    )
                })?;
                b = b.add_root_certificate(cert);
            }
            b.build_rustls()
                .map_err(|e| format!("TLS setup failed: {}", chain(&e)))
        };
        let (tls, default_port) = match tls_mode {
            TlsMode::None => (Tls::None, 25),
            TlsMode::Starttls => (Tls::Required(tls_params()?), 587),
            TlsMode::Tls => (Tls::Wrapper(tls_params()?), 465),
        };
        let port = cfg.port.unwrap_or(default_port);
        let mut builder = SmtpTransport::builder_dangerous(host.clone())
            .port(port)
            .tls(tls)
            .timeout(Some(self.timeout));
        if let Some(user) = &cfg.username {
            let password = self
                .password
                .clone()
                .ok_or_else(|| match &cfg.password_env {
                    Some(var) => {
                        format!("[mail] password_env names {var}, but that variable is not set")
                    }
                    None => "[mail] username is set but password_env is not".to_string(),
                })?;
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        builder
            .build()
            .send(msg)
            .map(|_| Sent::Smtp(format!("{host}:{port}")))
            .map_err(|e| {
                let text = chain(&e);
                let lower = text.to_lowercase();
                if lower.contains("certificate") || lower.contains("unknownissuer") {
                    format!("SMTP {host}:{port}: the server's TLS certificate was not trusted ({text}); set [mail] ca_file to trust a private CA")
                } else if lower.contains("authentication") || lower.contains("535") {
                    format!("SMTP {host}:{port}: authentication failed ({text})")
                } else {
                    format!("SMTP {host}:{port}: {text}")
                }
            })
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): a machine sent this, so
/// auto-responders should not answer it.
#[derive(Debug, Clone, Copy)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }
    fn parse(_: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_string())
    }
}

/// The HTML part: the same words, the accept link as a button, no remote
/// content (no images, no styles from elsewhere), everything escaped.
fn html_body(m: &InvitationMessage, link: Option<String>, token: &str) -> String {
    use crate::html::esc;
    let roles: Vec<&str> = m.roles.iter().map(|r| r.display_name()).collect();
    let roles = if roles.is_empty() {
        "none yet".to_string()
    } else {
        roles.join(", ")
    };
    let groups = if m.groups.is_empty() {
        String::new()
    } else {
        format!("<li>Groups: {}</li>", esc(&m.groups.join(", ")))
    };
    let how = match link {
        Some(l) => format!(
            "<p><a href=\"{l}\" style=\"display:inline-block;padding:10px 18px;background:#1f6feb;color:#ffffff;text-decoration:none;border-radius:6px\">Accept the invitation</a></p><p>Or open this link: <a href=\"{l}\">{l}</a></p>",
            l = esc(&l)
        ),
        None => format!(
            "<p>To accept, run this command on the organization's orgadm host:</p><pre>orgadm invite accept {}</pre>",
            esc(token)
        ),
    };
    format!(
        "<!doctype html>\n<html><body style=\"font-family:sans-serif;line-height:1.5\">\n<h2>{org}</h2>\n<p>Hello {name},</p>\n<p>{inviter} has invited you to join <strong>{org}</strong>.</p>\n<ul><li>Roles: {roles}</li>{groups}<li>This invitation expires at {expires}.</li></ul>\n{how}\n<p>If you did not expect this invitation, you can ignore this message.</p>\n</body></html>\n",
        org = esc(&m.org_name),
        name = esc(&m.name),
        inviter = esc(&m.invited_by),
        roles = esc(&roles),
        expires = esc(&crate::time::rfc3339(m.expires_at)),
    )
}

/// The body as plain 7bit/8bit text, so the accept link stays one unbroken
/// line that an admin can copy from an outbox file. lettre only picks 7bit or
/// 8bit for lines under 76 characters, stricter than RFC 5322's 998 octets, so
/// a long `invite_url` would otherwise become quoted-printable. Beyond 998
/// octets (a very long name), lettre chooses the encoding.
fn plain_body(text: String) -> Body {
    let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
    let fits = crlf.split("\r\n").all(|l| l.len() <= 998) && !crlf.contains('\0');
    if !fits {
        return Body::new(text);
    }
    let encoding = if crlf.is_ascii() {
        ContentTransferEncoding::SevenBit
    } else {
        ContentTransferEncoding::EightBit
    };
    Body::dangerous_pre_encoded(crlf.into_bytes(), encoding)
}

/// An error with its sources (lines kept: [`clean_error`] needs them).
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(c) = src {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        src = c.source();
    }
    s
}

/// The longest transport error kept, in characters.
const MAX_ERROR_CHARS: usize = 500;

/// Makes a transport's error text safe to store and show: a transport may
/// echo the message (a sendmail that prints its input, a server quoting a
/// line), in whatever encoding it was sent (plain, quoted-printable,
/// base64), and may put terminal escapes in its reply. So: every line, and
/// every long word, that also occurs in the sent message is dropped; then
/// any run of 10 or more characters of the token; control characters go;
/// whitespace is folded to single spaces and the text is cut to 500 characters.
pub fn clean_error(text: &str, message: &[u8], token: &str) -> String {
    let message = String::from_utf8_lossy(message);
    let mut kept = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || message.contains(line) {
            continue;
        }
        let words: Vec<&str> = line
            .split_whitespace()
            .filter(|w| w.chars().count() < 16 || !message.contains(w))
            .collect();
        kept.push(words.join(" "));
    }
    let scrubbed = scrub(&kept.join(" "), token);
    let flat: String = scrubbed
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let flat = crate::validate::escape_controls(&flat);
    if flat.chars().count() > MAX_ERROR_CHARS {
        flat.chars().take(MAX_ERROR_CHARS).collect::<String>() + "…"
    } else {
        flat
    }
}

/// Removes the token from error text. A transport may echo the message (a
/// sendmail that prints its input), perhaps wrapped across lines, so every
/// run of 10 or more characters of the token is removed as well.
pub fn scrub(text: &str, token: &str) -> String {
    const WINDOW: usize = 10;
    let mut out = text.replace(token, "[token]");
    if token.len() >= WINDOW {
        let mut found = true;
        while found {
            found = false;
            for i in 0..=token.len() - WINDOW {
                let piece = &token[i..i + WINDOW];
                if out.contains(piece) {
                    out = out.replace(piece, "[token]");
                    found = true;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_removes_whole_and_wrapped_tokens() {
        let t = "abcdefghijABCDEFGHIJ0123456789_-klmnopqrstu";
        assert_eq!(scrub(&format!("x {t} y"), t), "x [token] y");
        let wrapped = format!("{}=\r\n{}", &t[..20], &t[20..]);
        let s = scrub(&wrapped, t);
        assert!(!s.contains(&t[..10]) && !s.contains(&t[20..30]), "{s}");
    }

    #[test]
    fn clean_error_drops_the_message_in_any_encoding() {
        let t = "abcdefghijABCDEFGHIJ0123456789_-klmnopqrstu";
        let b64 = "SGVsbG8gQm9iLCB5b3VyIHRva2VuIGlzIGFiY2RlZmdoaWpBQkNERUZHSElKMDEyMzQ1Njc4OQ==";
        let msg = format!("Subject: Invitation\r\n\r\n{b64}\r\nHello Bob,\r\n");
        let err = format!(
            "sendmail: cannot deliver:\n{b64}\nHello Bob,\nreason {b64} \x1b]0;PWNED\x07\x1b[2J{t}"
        );
        let c = clean_error(&err, msg.as_bytes(), t);
        assert_eq!(c, "sendmail: cannot deliver: reason ]0;PWNED [2J[token]");
        let long = "x ".repeat(600);
        assert_eq!(
            clean_error(&long, b"", t).chars().count(),
            MAX_ERROR_CHARS + 1
        );
    }
}
