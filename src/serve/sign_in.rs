//! Signing in (`orgadm login`): the API the CLI speaks (`POST
//! /api/v1/login` to start, `POST /api/v1/login/token` to poll, RFC 8628's
//! answers) and the page the mailed link opens (`GET /login` shows the code
//! and where the request came from; only `POST /login` signs in or denies,
//! so a mail scanner following the link does nothing).

// A request reaches this module: nothing here may panic on what it sends.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable
    )
)]

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Deserialize;
use serde_json::json;

use super::api::{answer_error, read_json, too_many, ClientAddr};
use super::join::{form_value, html, page};
use super::{blocking, log_line, read_body, Shared};
use crate::error::Error;
use crate::html::esc;
use crate::org::sign_in::{Client, Poll};
use crate::store::Access;

const MAX_BODY: usize = 8 * 1024;

/// RFC 8628's `interval`, in whole seconds (at least 1).
fn poll_interval(s: &Shared) -> i64 {
    i64::try_from(s.sign_in_interval.as_secs())
        .unwrap_or(5)
        .max(1)
}

pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v1/login", post(start))
        .route("/api/v1/login/token", post(poll))
        .route("/login", get(show).post(decide))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StartBody {
    email: String,
    #[serde(default)]
    host: String,
    #[serde(default)]
    os_user: String,
}

async fn body_json<T: serde::de::DeserializeOwned>(body: Body) -> Result<T, Response> {
    read_json(body, MAX_BODY)
        .await
        .map_err(|e| answer_error(&e))
}

/// `POST /api/v1/login`: the same answer whoever the email is; a mail
/// only for an active person; 429 with Retry-After past the limits.
async fn start(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    body: Body,
) -> Response {
    let req: StartBody = match body_json(body).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let Some(base) = s.public_url.clone() else {
        return answer_error(&Error::internal(
            "the server has no address for sign-in links",
        ));
    };
    let client = Client {
        host: req.host,
        os_user: req.os_user,
        address: c.0.to_string(),
    };
    let s2 = s.clone();
    let interval = poll_interval(&s);
    let out = blocking(move || {
        s2.with_org(Access::Write, |org| {
            org.sign_in_start(&req.email, &client, interval)
        })
    })
    .await;
    match out {
        Err(resp) => resp,
        Ok(Err(e)) => answer_error(&e),
        Ok(Ok(Err(limited))) => too_many(
            "sign-in requests for this email or from this address",
            u64::try_from(limited.retry_after).unwrap_or(1),
        ),
        Ok(Ok(Ok((started, mail)))) => {
            if let Some(m) = mail {
                let link = format!("{}/login?code={}", base.trim_end_matches('/'), m.link_token);
                let s3 = s.clone();
                let sent = blocking(move || match &s3.mailer {
                    Some(mailer) if mailer.sends() => mailer.send_sign_in(&m, &link).map(|_| true),
                    _ => Ok(false),
                })
                .await;
                // The answer is the same whatever happened to the mail.
                match sent {
                    Err(_) => log_line("sign-in: the mail task failed"),
                    Ok(Err(e)) => log_line(&format!("sign-in: the mail was not sent: {e}")),
                    Ok(Ok(false)) => log_line("sign-in: mail is off, no sign-in link was sent"),
                    Ok(Ok(true)) => {}
                }
            }
            (StatusCode::OK, axum::Json(started)).into_response()
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PollBody {
    device_code: String,
}

/// `POST /api/v1/login/token`: RFC 8628 §3.5's answers.
async fn poll(State(s): State<Shared>, body: Body) -> Response {
    let req: PollBody = match body_json(body).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let interval = poll_interval(&s);
    let ttl = i64::try_from(s.session_ttl.as_secs()).unwrap_or(12 * 3600);
    let s2 = s.clone();
    let out = blocking(move || {
        s2.with_org(Access::Write, |org| {
            org.sign_in_poll(&req.device_code, interval, ttl)
        })
    })
    .await;
    match out {
        Err(resp) => resp,
        Ok(Err(e)) => answer_error(&e),
        Ok(Ok(Poll::Session(made))) => (
            StatusCode::OK,
            axum::Json(json!({
                "access_token": made.token,
                "token_type": "Bearer",
                "expires_in": ttl,
                "credential": made.credential,
            })),
        )
            .into_response(),
        Ok(Ok(p)) => {
            let code = p.error_code().unwrap_or("invalid_request");
            let description = match p {
                Poll::Pending => {
                    "waiting for the person to press Sign in on the page the mailed link opens"
                }
                Poll::SlowDown => "polled too often; wait longer between polls",
                Poll::Denied => "the sign-in was denied on the page",
                _ => "the sign-in request has expired or was already used",
            };
            (
                StatusCode::BAD_REQUEST,
                axum::Json(json!({"error": code, "error_description": description})),
            )
                .into_response()
        }
    }
}

/// `GET /login?code=LINK`: the code, where the request came from, and
/// two buttons. Opening it signs nothing in.
async fn show(State(s): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let code = form_value(q.as_deref().unwrap_or(""), "code");
    let out = blocking(move || {
        s.with_org(Access::Read, |org| {
            org.sign_in_pending(&code).map(|p| (p, code))
        })
    })
    .await;
    match out {
        Err(resp) => resp,
        Ok(Err(e)) => error_page(&e),
        Ok(Ok((p, code))) => {
            let body = format!(
                "<p>Someone asked to sign in to <strong>{org}</strong> as {email} with orgadm.</p>\
                 <p>The terminal that asked shows this code:</p><p style=\"font-size:2em;letter-spacing:.1em\"><strong id=\"code\">{ucode}</strong></p>\
                 <ul><li>Host: {host}</li><li>OS user: {user}</li><li>Address: {addr}</li><li>Asked at: {at}</li></ul>\
                 <p>Sign in only if you asked and your terminal shows the same code.</p>\
                 <form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"code\" value=\"{code}\">\
                 <button type=\"submit\" name=\"decision\" value=\"approve\">Sign in</button> \
                 <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>",
                org = esc(&p.org_name),
                email = esc(&p.email),
                ucode = esc(&p.user_code),
                host = esc(&p.client.host),
                user = esc(&p.client.os_user),
                addr = esc(&p.client.address),
                at = esc(&crate::time::rfc3339(p.created_at)),
                code = esc(&code),
            );
            html(
                StatusCode::OK,
                &page(&format!("Sign in to {}", p.org_name), &body),
            )
        }
    }
}

/// `POST /login`: Sign in or Deny.
async fn decide(
    State(s): State<Shared>,
    Extension(c): Extension<ClientAddr>,
    body: Body,
) -> Response {
    let bytes = match read_body(body, MAX_BODY).await {
        Ok(b) => b,
        Err(e) => {
            return html(
                e.status(),
                &page("Bad request", &format!("<p>{}.</p>", esc(e.message()))),
            )
        }
    };
    let form = String::from_utf8_lossy(&bytes).to_string();
    let code = form_value(&form, "code");
    let approve = match form_value(&form, "decision").as_str() {
        "approve" => true,
        "deny" => false,
        _ => {
            return html(
                StatusCode::BAD_REQUEST,
                &page("Bad request", "<p>Press Sign in or Deny.</p>"),
            )
        }
    };
    let from = c.0.to_string();
    let out = blocking(move || {
        s.with_org(Access::Write, |org| {
            org.sign_in_decide(&code, approve, &from)
        })
    })
    .await;
    match out {
        Err(resp) => resp,
        Ok(Err(e)) => error_page(&e),
        Ok(Ok(email)) if approve => html(
            StatusCode::OK,
            &page(
                "Signed in",
                &format!(
                    "<p>{} is signed in. Go back to your terminal.</p>",
                    esc(&email)
                ),
            ),
        ),
        Ok(Ok(_)) => html(
            StatusCode::OK,
            &page(
                "Sign-in denied",
                "<p>Nobody was signed in. If you did not ask for this, tell an org-admin.</p>",
            ),
        ),
    }
}

fn error_page(e: &Error) -> Response {
    let title = "This sign-in link cannot be used";
    super::join::error_page(e, title, title)
}
