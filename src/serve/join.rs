//! The invitee's page: `GET /join?token=T` shows the invitation
//! (organization, inviter, roles, expiry) with an Accept button; only
//! `POST /join` accepts, so mail scanners that follow every link in a message
//! cannot accept on someone's behalf. Tokens are never logged or echoed,
//! except in the form that posts the token back.

use crate::html::esc;
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::{blocking, log_line, read_body, Shared};
use crate::error::{Error, Kind};
use crate::store::Access;

/// The largest accept form read (it holds one token).
const MAX_FORM_BYTES: usize = 8 * 1024;

pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(|| async { html(StatusCode::OK, &home()) }))
        .route("/join", get(show).post(accept))
}

fn home() -> String {
    page(
        "orgadm",
        "<p>Open the link from your invitation email to join.</p>",
    )
}

pub(super) fn not_found() -> Response {
    html(
        StatusCode::NOT_FOUND,
        &page("Not found", "<p>There is nothing here.</p>"),
    )
}

/// GET: check the token without using it, and show the invitation.
async fn show(State(s): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let token = form_value(q.as_deref().unwrap_or(""), "token");
    let result = blocking(move || {
        s.with_org(Access::Read, |org| {
            let p = org.accept(&token, true)?;
            // What the email said, from the same place the mailer reads it.
            let m = org.invitation_message(p.id)?;
            Ok::<_, Error>((m, token))
        })
    })
    .await;
    match result {
        Err(resp) => resp,
        Ok(Err(e)) => invitation_error(&e),
        Ok(Ok((m, token))) => {
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
                esc(&token)
            ));
            html(StatusCode::OK, &page(&format!("Join {org_name}"), &body))
        }
    }
}

/// POST: accept.
async fn accept(State(s): State<Shared>, body: Body) -> Response {
    let bytes = match read_body(body, MAX_FORM_BYTES).await {
        Ok(b) => b,
        Err(e) => {
            return html(
                e.status(),
                &page("Bad request", &format!("<p>{}.</p>", esc(e.message()))),
            )
        }
    };
    let token = form_value(&String::from_utf8_lossy(&bytes), "token");
    let result = blocking(move || {
        s.with_org(Access::Write, |org| {
            let p = org.accept(&token, false)?;
            Ok::<_, Error>((org.org_name()?, p))
        })
    })
    .await;
    match result {
        Err(resp) => resp,
        Ok(Err(e)) => invitation_error(&e),
        Ok(Ok((org_name, p))) => html(
            StatusCode::OK,
            &page(
                &format!("Welcome to {org_name}"),
                &format!(
                    "<p>Welcome, {}. You are now an active member of <strong>{}</strong>.</p>",
                    esc(&p.name),
                    esc(&org_name)
                ),
            ),
        ),
    }
}

fn invitation_error(e: &Error) -> Response {
    error_page(
        e,
        "This invitation can no longer be used",
        "This invitation cannot be used",
    )
}

/// An unknown token is 404 (titled `unknown`); one that was used, revoked
/// or has expired is 410 Gone (titled `gone`) with the reason. Anything else
/// is the server's trouble: the visitor gets a plain apology (no file paths,
/// no CLI hints) and the log the detail.
pub(super) fn error_page(e: &Error, gone: &str, unknown: &str) -> Response {
    let (status, title) = match e.kind {
        Kind::NotFound if e.gone => (StatusCode::GONE, gone),
        Kind::NotFound => (StatusCode::NOT_FOUND, unknown),
        _ => {
            log_line(&format!("error: {}", e.message));
            let status = if e.kind == Kind::Storage {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            };
            return html(
                status,
                &page(
                    "The service is unavailable",
                    "<p>Something went wrong on our side. Please try again later.</p>",
                ),
            );
        }
    };
    // Messages name the invitee's email and the state, never the token.
    let mut body = format!("<p>{}.</p>", esc(&e.message));
    for h in &e.hints {
        body.push_str(&format!("<p>{}</p>", esc(h)));
    }
    html(status, &page(title, &body))
}

pub(super) fn html(status: StatusCode, body: &str) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"),
    );
    resp
}

pub(super) fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{t}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em;line-height:1.5}}button{{font-size:1.1em;padding:.5em 1.2em}}</style>\
         </head><body><h1>{t}</h1>\n{body}\n</body></html>\n",
        t = esc(title)
    )
}

/// The value of `key` in a query string or form body. Tokens need no
/// percent-decoding (only `[A-Za-z0-9_-]`); anything else simply fails to match.
pub(super) fn form_value(s: &str, key: &str) -> String {
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
