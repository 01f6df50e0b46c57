//! The remote-mode client (SPEC §13): JSON over HTTPS to one `orgadm
//! serve`, with a bearer credential. Answers come back as the typed
//! results the local backend returns, and refusals as the same [`Error`]s
//! (kind, message, hints), so the printer and the exit codes are the
//! same in both modes.
//!
//! Blocking (`ureq`): the CLI is synchronous. `http://` is only for a
//! loopback server; certificates are checked against Mozilla's roots
//! (webpki-roots), or only against `ca_file` when one is set.

// A server's answer reaches this module: nothing here may panic on what it sends.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable
    )
)]

use std::path::Path;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Kind, Result};

/// How long connecting to the server may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one write of the request may wait (a stalled upload fails).
const WRITE_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the server may take to answer, and to send its answer: an
/// `apply` of a million people works for minutes before it answers, so one
/// budget for the whole call (it was 60 s) failed large applies the server
/// then committed.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// The largest answer read (an export of a large organization is paged).
const MAX_ANSWER: u64 = 64 * 1024 * 1024;

pub struct Remote {
    /// The server's base URL, without a trailing `/`.
    pub url: String,
    agent: ureq::Agent,
    token: Option<String>,
}

/// Whether `url` may be used: `https://`, or `http://` to a loopback address.
pub fn check_url(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let bad = |why: &str| {
        Error::usage(format!(
            "the server URL `{}` {why}",
            crate::validate::printable(url)
        ))
        .hint("write it like `https://orgadm.example.com` (`--server`, ORGADM_SERVER or `server` in the config)")
    };
    let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("is not a URL"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return Err(bad("names no host (or carries a user name)"));
    }
    if rest.contains(['?', '#']) || rest.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(bad("has a query, fragment or spaces"));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(url.to_string()),
        "http" if is_loopback(authority) => Ok(url.to_string()),
        "http" => Err(bad("is plain http:// to a host that is not this machine; credentials would cross the network unencrypted (use https://)")),
        _ => Err(bad("is neither https:// nor http://")),
    }
}

/// `localhost`, `127.x.y.z` or `[::1]`, with or without a port.
fn is_loopback(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl Remote {
    pub fn new(url: &str, ca_file: Option<&Path>, token: Option<String>) -> Result<Remote> {
        Remote::build(url, ca_file, token, None)
    }

    /// [`Remote::new`] whose every request gives up after `timeout` (a
    /// shell's completion must not hang on a server that does not answer).
    pub fn with_timeout(
        url: &str,
        ca_file: Option<&Path>,
        token: Option<String>,
        timeout: Duration,
    ) -> Result<Remote> {
        Remote::build(url, ca_file, token, Some(timeout))
    }

    /// `whole`: one budget for each call; None, the phases' own.
    fn build(
        url: &str,
        ca_file: Option<&Path>,
        token: Option<String>,
        whole: Option<Duration>,
    ) -> Result<Remote> {
        let url = check_url(url)?;
        let mut tls = ureq::tls::TlsConfig::builder();
        if let Some(ca) = ca_file {
            let pem = std::fs::read(ca).map_err(|e| {
                Error::usage(format!("cannot read the CA file {}: {e}", ca.display()))
            })?;
            let certs = ureq::tls::parse_pem(&pem)
                .filter_map(|i| match i {
                    Ok(ureq::tls::PemItem::Certificate(c)) => Some(Ok(c)),
                    Ok(_) => None,
                    Err(e) => Some(Err(e)),
                })
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| {
                    Error::usage(format!("the CA file {} is not PEM: {e}", ca.display()))
                })?;
            if certs.is_empty() {
                return Err(Error::usage(format!(
                    "the CA file {} holds no certificate",
                    ca.display()
                )));
            }
            tls = tls.root_certs(ureq::tls::RootCerts::new_with_certs(&certs));
        }
        let timeouts = match whole {
            Some(t) => ureq::Agent::config_builder().timeout_global(Some(t)),
            None => ureq::Agent::config_builder()
                .timeout_connect(Some(CONNECT_TIMEOUT))
                .timeout_per_write(Some(WRITE_TIMEOUT))
                .timeout_recv_response(Some(ANSWER_TIMEOUT))
                .timeout_recv_body(Some(ANSWER_TIMEOUT)),
        };
        let agent = timeouts
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("orgadm/", env!("CARGO_PKG_VERSION")))
            .tls_config(tls.build())
            .proxy(None)
            .build()
            .into();
        Ok(Remote { url, agent, token })
    }

    pub fn get<T: DeserializeOwned>(&self, path: &str, query: &[(&str, &str)]) -> Result<T> {
        let mut r = self.agent.get(format!("{}{path}", self.url));
        for (k, v) in query {
            r = r.query(*k, *v);
        }
        self.answer(self.authorized(r).call())
    }

    pub fn post<T: DeserializeOwned>(&self, path: &str, body: &Value) -> Result<T> {
        let r = self.agent.post(format!("{}{path}", self.url));
        self.answer(self.authorized(r).send_json(body))
    }

    pub fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        let r = self.agent.delete(format!("{}{path}", self.url));
        self.answer(self.authorized(r).call())
    }

    /// A POST whose answer is read as it is: its status and JSON body
    /// (the sign-in poll answers with RFC 8628's errors, not orgadm's).
    pub fn post_raw(&self, path: &str, body: &Value) -> Result<(u16, Value)> {
        let r = self.agent.post(format!("{}{path}", self.url));
        self.read(r.send_json(body))
    }

    /// A request of any method with a JSON body, its answer read as it is.
    pub fn send_raw(&self, method: &str, path: &str, body: &Value) -> Result<(u16, Value)> {
        let url = format!("{}{path}", self.url);
        let sent = match method {
            "POST" => self.authorized(self.agent.post(url)).send_json(body),
            "PATCH" => self.authorized(self.agent.patch(url)).send_json(body),
            "DELETE" => self
                .authorized(self.agent.delete(url).force_send_body())
                .send_json(body),
            _ => return Err(Error::internal(format!("no such method {method}"))),
        };
        self.read(sent)
    }

    /// A POST of a change asking for its progress: each progress line the
    /// server streams goes to `progress`, and the last line's status and
    /// answer are returned as [`Remote::send_raw`] returns them. A server
    /// that answers without streaming (a refusal before the change runs)
    /// is read as `send_raw` reads it.
    pub fn post_streamed(
        &self,
        path: &str,
        body: &Value,
        progress: &crate::org::ProgressFn,
    ) -> Result<(u16, Value)> {
        use std::io::BufRead;
        let accept = crate::org::request::PROGRESS_TYPE;
        let sent = self
            .authorized(self.agent.post(format!("{}{path}", self.url)))
            .header("Accept", accept)
            .send_json(body);
        let mut resp = sent.map_err(|e| self.unreachable(e))?;
        let streamed = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with(accept));
        if !streamed {
            return self.read(Ok(resp));
        }
        let status = resp.status().as_u16();
        let broke = |e: &dyn std::fmt::Display| {
            Error::storage(format!(
                "the orgadm server {} broke off its answer: {e}",
                self.url
            ))
        };
        let reader = resp.body_mut().with_config().limit(MAX_ANSWER).reader();
        for line in std::io::BufReader::new(reader).lines() {
            let line = line.map_err(|e| broke(&e))?;
            let Ok(mut v) = serde_json::from_str::<Value>(&line) else {
                return Err(self.not_orgadm(status));
            };
            if let Some(p) = v.get("progress") {
                if let Ok(p) = serde_json::from_value(p.clone()) {
                    progress(p);
                }
                continue;
            }
            let code = v.get("status").and_then(Value::as_u64);
            return match (
                code.and_then(|c| u16::try_from(c).ok()),
                v.get_mut("answer"),
            ) {
                (Some(code), Some(answer)) => Ok((code, answer.take())),
                _ => Err(self.not_orgadm(status)),
            };
        }
        Err(broke(&"it ended before the change's answer"))
    }

    /// The server's error in an answer that is not a success: the CLI's
    /// own error, with the impact it carried.
    pub fn error(&self, status: u16, json: &Value) -> Error {
        let Some(mut e) = Error::from_json(json) else {
            return self.not_orgadm(status);
        };
        if status == 401 && e.kind != Kind::Forbidden {
            e.kind = Kind::Forbidden;
        }
        if let Some(i) = json.get("impact") {
            match serde_json::from_value(i.clone()) {
                Ok(impact) => e = e.with_impact(impact),
                Err(_) => return self.not_orgadm(status),
            }
        }
        e
    }

    /// The request with the credential, when there is one.
    fn authorized<B>(&self, r: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        match &self.token {
            Some(t) => r.header("Authorization", format!("Bearer {t}")),
            None => r,
        }
    }

    fn unreachable(&self, e: ureq::Error) -> Error {
        Error::storage(format!("cannot reach the orgadm server {}: {e}", self.url))
            .hint("check `--server` / ORGADM_SERVER / `server` in the config, and that `orgadm serve` runs there")
    }

    /// A list whose page cursor did not move on (exit 8): following it
    /// would loop forever, and stopping would print a list cut short.
    pub fn stuck_cursor(&self) -> Error {
        Error::storage(format!(
            "{} answered a list page whose cursor does not move on; the list is not printed",
            self.url
        ))
        .hint("the server is not behaving as orgadm serve does: check its version and logs")
    }

    /// An answer that is not orgadm's API (exit 8, naming the URL).
    pub fn not_orgadm(&self, status: u16) -> Error {
        Error::storage(format!(
            "{} did not answer as an orgadm server (HTTP {status})",
            self.url
        ))
        .hint("check the URL: it is the address `orgadm serve` listens on")
    }

    /// An answer's status and JSON body (at most [`MAX_ANSWER`] bytes).
    fn read(
        &self,
        sent: std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<(u16, Value)> {
        let (status, text) = self.read_text(sent)?;
        let json = serde_json::from_str(&text).map_err(|_| self.not_orgadm(status))?;
        Ok((status, json))
    }

    /// An answer's status and text (at most [`MAX_ANSWER`] bytes).
    fn read_text(
        &self,
        sent: std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<(u16, String)> {
        let mut resp = sent.map_err(|e| self.unreachable(e))?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_string()
            .map_err(|e| {
                Error::storage(format!(
                    "the orgadm server {} broke off its answer: {e}",
                    self.url
                ))
            })?;
        Ok((status, text))
    }

    /// A typed result (decoded straight from the text: a page of 1,000
    /// people is not built as a JSON tree first), or the server's error as
    /// the CLI's own.
    fn answer<T: DeserializeOwned>(
        &self,
        sent: std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<T> {
        let (status, text) = self.read_text(sent)?;
        if (200..300).contains(&status) {
            return serde_json::from_str(&text).map_err(|_| self.not_orgadm(status));
        }
        let json = serde_json::from_str(&text).map_err(|_| self.not_orgadm(status))?;
        Err(self.error(status, &json))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_http_only_to_this_machine() {
        for ok in [
            "https://orgadm.example.com",
            "https://orgadm.example.com/",
            "HTTPS://h:8443",
            "http://127.0.0.1:8080",
            "http://localhost:1",
            "http://[::1]:9",
            "http://127.5.5.5",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        assert_eq!(check_url("https://h/").unwrap(), "https://h");
        for bad in [
            "http://orgadm.example.com",
            "http://10.0.0.1:8080",
            "http://[2001:db8::1]:80",
            "http://localhost.evil.com",
            "ftp://h",
            "orgadm.example.com",
            "https://",
            "https://u@h",
            "https://h/?x=1",
            "https://h/a b",
        ] {
            let e = check_url(bad).unwrap_err();
            assert_eq!(e.kind, Kind::Usage, "{bad}");
        }
    }
}
