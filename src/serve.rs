//! `orgadm serve`: the page an invitee opens from the email link.
//!
//! `GET /join?token=T` shows the invitation (organization, inviter, roles,
//! expiry) with an Accept button; only `POST /join` accepts, so mail scanners
//! that follow every link in a message cannot accept on someone's behalf.
//! Every request opens the database anew, like a command. Tokens are never
//! logged or echoed, except in the form that posts the token back.

use std::io::{Read, Write};
use std::path::PathBuf;

use tiny_http::{Header, Method, Request, Response, Server};

use crate::error::{Error, Kind, Result};
use crate::org::Org;
use crate::store::Access;

/// The address `serve` listens on without `--listen` or `[serve] listen`.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

pub struct Serve {
    pub db: PathBuf,
    pub os_user: String,
}

/// Serves until the process is stopped; `ready` is called once listening.
pub fn run(s: &Serve, listen: &str, ready: impl FnOnce(&str)) -> Result<()> {
    // Fail now, not on the first request, if there is no usable database.
    Org::open(&s.db, Access::Read, &s.os_user)?;
    let server = Server::http(listen).map_err(|e| {
        Error::usage(format!("cannot listen on {listen}: {e}"))
            .hint("pass another address with `--listen HOST:PORT`")
    })?;
    ready(&server.server_addr().to_string());
    for req in server.incoming_requests() {
        let method = req.method().clone();
        let path = req.url().split('?').next().unwrap_or("").to_string();
        let status = handle(s, req);
        // An access log without query strings: they hold tokens. A closed
        // stderr must not stop the server, so write errors are ignored.
        let _ = writeln!(
            std::io::stderr(),
            "{} {method} {path} {status}",
            crate::time::rfc3339(crate::time::now())
        );
    }
    Ok(())
}

fn handle(s: &Serve, mut req: Request) -> u16 {
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let (status, body) = match (req.method(), path) {
        (Method::Get, "/") => (
            200,
            page(
                "orgadm",
                "<p>Open the link from your invitation email to join.</p>",
            ),
        ),
        (Method::Get, "/join") => show(s, &form_value(query, "token")),
        (Method::Post, "/join") => {
            let mut body = String::new();
            match req.as_reader().take(8 * 1024).read_to_string(&mut body) {
                Ok(_) => accept(s, &form_value(&body, "token")),
                Err(_) => (
                    400,
                    page("Bad request", "<p>The form could not be read.</p>"),
                ),
            }
        }
        (_, "/" | "/join") => (
            405,
            page("Not allowed", "<p>That method is not allowed here.</p>"),
        ),
        _ => (404, page("Not found", "<p>There is nothing here.</p>")),
    };
    let mut resp = Response::from_string(body).with_status_code(status);
    for (k, v) in [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"),
    ] {
        if let Ok(h) = Header::from_bytes(k, v) {
            resp.add_header(h);
        }
    }
    let _ = req.respond(resp);
    status
}

/// GET: check the token without using it, and show the invitation.
fn show(s: &Serve, token: &str) -> (u16, String) {
    let result = (|| {
        let mut org = Org::open(&s.db, Access::Read, &s.os_user)?;
        let p = org.accept(token, true)?;
        // What the email said, from the same place the mailer reads it.
        org.invitation_message(p.id)
    })();
    match result {
        Ok(m) => {
            let org_name = m.org_name.clone();
            let roles: Vec<&str> = m.roles.iter().map(|r| r.display_name()).collect();
            let mut body = format!(
                "<p>Hello {name},</p><p>{inviter} invited you to join <strong>{org}</strong> as {email}.</p><ul><li>Roles: {roles}</li>",
                name = esc(&m.name),
                inviter = esc(&m.invited_by),
                org = esc(&org_name),
                email = esc(&m.email),
                roles = esc(&if roles.is_empty() { "none yet".into() } else { roles.join(", ") }),
            );
            if !m.groups.is_empty() {
                body.push_str(&format!("<li>Groups: {}</li>", esc(&m.groups.join(", "))));
            }
            body.push_str(&format!(
                "<li>This invitation expires at {}.</li>",
                esc(&crate::time::rfc3339(m.expires_at))
            ));
            body.push_str(&format!(
                "</ul><form method=\"post\" action=\"/join\"><input type=\"hidden\" name=\"token\" value=\"{}\"><button type=\"submit\">Accept invitation</button></form>",
                esc(token)
            ));
            (200, page(&format!("Join {org_name}"), &body))
        }
        Err(e) => error_page(&e),
    }
}

/// POST: accept.
fn accept(s: &Serve, token: &str) -> (u16, String) {
    let result = (|| {
        let mut org = Org::open(&s.db, Access::Write, &s.os_user)?;
        let p = org.accept(token, false)?;
        Ok::<_, Error>((org.org_name()?, p))
    })();
    match result {
        Ok((org_name, p)) => (
            200,
            page(
                &format!("Welcome to {org_name}"),
                &format!(
                    "<p>Welcome, {}. You are now an active member of <strong>{}</strong>.</p>",
                    esc(&p.name),
                    esc(&org_name)
                ),
            ),
        ),
        Err(e) => error_page(&e),
    }
}

fn error_page(e: &Error) -> (u16, String) {
    let (status, title) = match e.kind {
        Kind::NotFound => (404, "This invitation cannot be used"),
        Kind::Storage => (503, "The service is unavailable"),
        _ => (500, "Something went wrong"),
    };
    // Messages name the invitee's email and the state, never the token.
    let mut body = format!("<p>{}.</p>", esc(&e.message));
    for h in &e.hints {
        body.push_str(&format!("<p>{}</p>", esc(h)));
    }
    (status, page(title, &body))
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{t}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em;line-height:1.5}}button{{font-size:1.1em;padding:.5em 1.2em}}</style>\
         </head><body><h1>{t}</h1>\n{body}\n</body></html>\n",
        t = esc(title)
    )
}

/// Escapes text for HTML element content and quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The value of `key` in a query string or form body. Tokens need no
/// percent-decoding (only `[A-Za-z0-9_-]`); anything else simply fails to match.
fn form_value(s: &str, key: &str) -> String {
    s.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_reads_forms() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(form_value("a=1&token=abc", "token"), "abc");
        assert_eq!(form_value("token=", "token"), "");
        assert_eq!(form_value("x=1", "token"), "");
    }
}
