//! Remote mode on the client's side (SPEC §13): which server, which
//! credential (ORGADM_TOKEN, else the one `orgadm login` stored in
//! `credentials.toml`), and `login` / `logout`.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use serde::{Deserialize, Serialize};

use super::backend::Whoami;
use super::Ctx;
use crate::error::{Error, Result};
use crate::remote::Remote;

#[derive(Args, Debug)]
pub struct LoginArgs {
    /// Read an API token from stdin (for CI; it stays out of `ps` and the shell history)
    #[arg(long)]
    pub with_token: bool,
    /// The email to sign in as (sign-in by mail)
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
}

/// `credentials.toml`: one credential per server URL.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    #[serde(default)]
    server: BTreeMap<String, Stored>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    token: String,
}

/// Where credentials live: beside the config file.
pub fn credentials_path(ctx: &Ctx) -> PathBuf {
    ctx.paths.config.with_file_name("credentials.toml")
}

/// Reads the credentials file (missing: none). One that others may read is
/// refused: it holds live tokens.
fn read(path: &Path) -> Result<Credentials> {
    use std::os::unix::fs::PermissionsExt;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Credentials::default()),
        Err(e) => return Err(Error::usage(format!("cannot read {}: {e}", path.display()))),
    };
    if !meta.is_file() {
        return Err(Error::usage(format!(
            "{} is not a regular file",
            path.display()
        )));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(Error::usage(format!(
            "{} can be read by other users, and it holds sign-in tokens; orgadm will not use it",
            path.display()
        ))
        .hint(format!("run `chmod 600 {}`", path.display())));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?;
    toml::from_str(&text).map_err(|e| {
        Error::usage(format!(
            "{} is not a credentials file orgadm wrote: {}",
            path.display(),
            e.message()
        ))
        .hint("remove it and sign in again with `orgadm login`")
    })
}

/// Writes the credentials file whole: a new 0600 file renamed over the old.
fn write(path: &Path, creds: &Credentials) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    crate::files::create_private_dir(dir)?;
    let text = toml::to_string(creds)
        .map_err(|e| Error::internal(format!("cannot encode the credentials: {e}")))?;
    let tmp = path.with_file_name(format!(
        ".credentials.toml.{}",
        uuid::Uuid::new_v4().simple()
    ));
    let cannot =
        |e: std::io::Error| Error::internal(format!("cannot write {}: {e}", path.display()));
    let mut f = crate::files::create_private_file(&tmp).map_err(cannot)?;
    let written = f
        .write_all(
            format!(
                "# orgadm's sign-in credentials, one per server. Keep this file private.\n{text}"
            )
            .as_bytes(),
        )
        .and_then(|()| f.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(cannot(e));
    }
    Ok(())
}

/// The client for `url`, with ORGADM_TOKEN or the stored credential.
pub fn remote(ctx: &Ctx, url: &str) -> Result<Remote> {
    let (url, token) = signed_in(&ctx.paths, url)?;
    Remote::new(&url, ca_file(&ctx.config).as_deref(), Some(token))
}

/// The server's URL as checked, and the credential for it: ORGADM_TOKEN,
/// or the one `orgadm login` stored beside `paths.config`.
pub fn signed_in(paths: &crate::config::Paths, url: &str) -> Result<(String, String)> {
    let url = crate::remote::check_url(url)?;
    let token = match std::env::var("ORGADM_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
    {
        Some(t) => t.trim().to_string(),
        None => read(&paths.config.with_file_name("credentials.toml"))?
            .server
            .get(&url)
            .map(|s| s.token.clone())
            .ok_or_else(|| {
                Error::forbidden(format!("not signed in to {url}")).hint(format!(
                    "sign in with `orgadm login --server {url}` (or set ORGADM_TOKEN)"
                ))
            })?,
    };
    Ok((url, token))
}

/// The CA to trust: ORGADM_CA_FILE, or `ca_file` in the config.
pub fn ca_file(config: &crate::config::Config) -> Option<PathBuf> {
    std::env::var_os("ORGADM_CA_FILE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| config.ca_file.clone())
}

/// `orgadm login`.
pub fn login(ctx: &Ctx, url: &str, a: LoginArgs) -> Result<()> {
    let url = crate::remote::check_url(url)?;
    let (token, who) = if a.with_token {
        let mut text = String::new();
        std::io::stdin()
            .take(4096)
            .read_to_string(&mut text)
            .map_err(|e| Error::usage(format!("cannot read the token from stdin: {e}")))?;
        let token = text.trim().to_string();
        if !crate::org::credentials::well_formed(&token) {
            return Err(Error::usage(
                "stdin does not hold an orgadm API token (one line starting with `oa_`)",
            )
            .hint("make one with `orgadm token create NAME`"));
        }
        let r = Remote::new(&url, ca_file(&ctx.config).as_deref(), Some(token.clone()))?;
        let who: Whoami = r.get("/api/v1/whoami", &[])?;
        (token, who)
    } else {
        by_mail(ctx, &url, a.email.as_deref())?
    };
    let mut who = who;
    who.server = Some(url.clone());
    let path = credentials_path(ctx);
    let mut creds = read(&path)?;
    creds.server.insert(url.clone(), Stored { token });
    write(&path, &creds)?;
    if ctx.printer.json {
        return ctx.printer.json(&who);
    }
    let how = who.credential.as_ref().map_or(String::new(), |c| {
        format!(
            " (token {}, scope {}, expires {})",
            c.name,
            c.scope.as_str(),
            c.expires_at
        )
    });
    ctx.printer.say(&format!(
        "signed in to {url} as {}{how}; credentials saved in {}",
        who.person.email,
        path.display()
    ))
}

/// Sign-in by mail: ask the server, show the code, poll until the person
/// presses Sign in (or Deny) on the page the mailed link opens.
fn by_mail(ctx: &Ctx, url: &str, email: Option<&str>) -> Result<(String, Whoami)> {
    let email = match email {
        Some(e) => e.to_string(),
        None if super::prompt::interactive() => super::prompt::input("Email", ctx.color())?,
        None => {
            return Err(Error::usage(
                "pass `--email EMAIL` to sign in (there is no terminal to ask on)",
            )
            .hint("or sign in with a token: `orgadm login --with-token < FILE`"))
        }
    };
    let email = crate::validate::email(&email)?.typed;
    let r = Remote::new(url, ca_file(&ctx.config).as_deref(), None)?;
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "unknown".into());
    let started: crate::org::sign_in::Started = r.post(
        "/api/v1/login",
        &serde_json::json!({"email": email, "host": host, "os_user": ctx.os_user}),
    )?;
    ctx.printer.status(&format!(
        "orgadm: a sign-in link is on its way to {email}. Open it, check that the page shows the code {}, and press Sign in.",
        started.user_code
    ));
    ctx.printer.status("orgadm: waiting (Ctrl-C to stop)...");
    let mut interval = started.interval.clamp(1, 60);
    let deadline = std::time::Instant::now()
        + std::time::Duration::from_secs(started.expires_in.clamp(1, 3600) as u64);
    let expired = || {
        Error::forbidden(
            "the sign-in request expired before it was answered (they last 10 minutes)",
        )
        .hint("run `orgadm login` again")
    };
    loop {
        if std::time::Instant::now() >= deadline {
            return Err(expired());
        }
        std::thread::sleep(std::time::Duration::from_secs(interval as u64));
        let (status, body) = r.post_raw(
            "/api/v1/login/token",
            &serde_json::json!({"device_code": started.device_code}),
        )?;
        if status == 200 {
            let token = body["access_token"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let credential: crate::org::credentials::CredentialView =
                serde_json::from_value(body["credential"].clone()).map_err(|_| {
                    Error::storage(format!(
                        "{url} answered the sign-in with something that is not a session"
                    ))
                })?;
            let r = Remote::new(url, ca_file(&ctx.config).as_deref(), Some(token.clone()))?;
            let mut who: Whoami = r.get("/api/v1/whoami", &[])?;
            who.credential = Some(credential);
            return Ok((token, who));
        }
        match body["error"].as_str() {
            Some("authorization_pending") => {}
            Some("slow_down") => interval = (interval + 5).min(60),
            Some("access_denied") => {
                return Err(Error::forbidden(
                    "the sign-in was denied on the page; nobody was signed in",
                ))
            }
            Some("expired_token") => return Err(expired()),
            _ => return Err(Error::from_json(&body).unwrap_or_else(|| r.not_orgadm(status))),
        }
    }
}

/// `orgadm logout`: forgets the stored credential for the server (a
/// session is revoked on the server first; a token stays valid, as CI
/// jobs may share it).
pub fn logout(ctx: &Ctx, url: &str) -> Result<()> {
    let url = crate::remote::check_url(url)?;
    let path = credentials_path(ctx);
    let mut creds = read(&path)?;
    let Some(stored) = creds.server.remove(&url) else {
        return Err(Error::not_found(format!("not signed in to {url}")));
    };
    let r = Remote::new(&url, ca_file(&ctx.config).as_deref(), Some(stored.token))?;
    // Best effort: a server that is gone cannot keep us from forgetting.
    let mut note = None;
    if let Ok(who) = r.get::<Whoami>("/api/v1/whoami", &[]) {
        if let Some(c) = who.credential {
            if c.kind == "session" {
                r.delete::<serde_json::Value>(&format!("/api/v1/tokens/{}", c.id))?;
            } else {
                note = Some(format!(
                    "the token {} stays valid; revoke it with `orgadm token revoke {}` if nothing else uses it",
                    c.name, c.name
                ));
            }
        }
    }
    write(&path, &creds)?;
    ctx.printer.say(&format!("signed out of {url}"))?;
    if let Some(n) = note {
        ctx.printer.note(&n);
    }
    Ok(())
}
