//! Live completion: the committed scripts (`orgadm completions SHELL`) ask
//! the binary itself (`COMPLETE=bash orgadm -- WORDS`, clap_complete's
//! dynamic engine), which offers subcommands and flags from the clap tree and
//! people's emails and group names from the database, or in remote mode
//! from the server signed in to. Completion never writes, never prompts,
//! and offers nothing (at once) without a database orgadm can read as it
//! is or a server that answers within two seconds.

use clap_complete::engine::CompletionCandidate;

use crate::config::Paths;
use crate::store::{Access, Location};

/// The organization the completing shell would use (ORGADM_DB, the config's
/// `db`, or the default file), if one is there to read without changing it.
fn org() -> Option<crate::org::Org> {
    let (paths, _) = Paths::resolve(
        std::env::var_os("ORGADM_DB").map(Into::into),
        std::env::var_os("ORGADM_CONFIG").map(Into::into),
    )
    .ok()?;
    if let Location::File(p) = &paths.db {
        // Only a database of exactly this orgadm's schema: opening an older
        // one would migrate it, and completion never writes.
        if !crate::store::is_current_file(p) {
            return None;
        }
    }
    crate::org::Org::open(&paths.db, Access::Read, "completion").ok()
}

/// In remote mode (ORGADM_SERVER, or `server` in the config), the server
/// signed in to, asked with a short timeout: completion never waits long.
fn server() -> Option<crate::remote::Remote> {
    let (paths, config) =
        Paths::resolve(None, std::env::var_os("ORGADM_CONFIG").map(Into::into)).ok()?;
    let url = std::env::var("ORGADM_SERVER")
        .ok()
        .or(config.server.clone())
        .filter(|u| !u.trim().is_empty())?;
    let (url, token) = super::login::signed_in(&paths, &url).ok()?;
    let ca = super::login::ca_file(&config);
    crate::remote::Remote::with_timeout(&url, ca.as_deref(), Some(token), REMOTE_WAIT).ok()
}

/// How long completion waits for a server.
const REMOTE_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// A page of people from the server: the first 1,000 by email (a shell
/// offers no more usefully).
#[derive(serde::Deserialize)]
struct Page {
    items: Vec<crate::org::PersonView>,
}

/// People's emails, with their names as help.
pub fn users() -> Vec<CompletionCandidate> {
    if let Some(r) = server() {
        return r
            .get::<Page>("/api/v1/people", &[])
            .map(|p| {
                p.items
                    .into_iter()
                    .map(|p| CompletionCandidate::new(p.email).help(Some(p.name.into())))
                    .collect()
            })
            .unwrap_or_default();
    }
    let Some(org) = org() else {
        return Vec::new();
    };
    org.people(&crate::org::PersonFilter::default())
        .map(|people| {
            people
                .into_iter()
                .map(|p| CompletionCandidate::new(p.email).help(Some(p.name.into())))
                .collect()
        })
        .unwrap_or_default()
}

/// Group names.
pub fn groups() -> Vec<CompletionCandidate> {
    if let Some(r) = server() {
        return r
            .get::<Vec<crate::org::GroupView>>("/api/v1/groups", &[])
            .map(|gs| {
                gs.into_iter()
                    .map(|g| CompletionCandidate::new(g.name))
                    .collect()
            })
            .unwrap_or_default();
    }
    let Some(org) = org() else {
        return Vec::new();
    };
    org.groups()
        .map(|gs| {
            gs.into_iter()
                .map(|g| CompletionCandidate::new(g.name))
                .collect()
        })
        .unwrap_or_default()
}
