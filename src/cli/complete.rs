//! Live completion: the committed scripts (`orgadm completions SHELL`) ask
//! the binary itself (`COMPLETE=bash orgadm -- WORDS`, clap_complete's
//! dynamic engine), which offers subcommands and flags from the clap tree and
//! people's emails and group names from the database. Completion never
//! writes, never prompts, and offers nothing (at once) without a database
//! orgadm can read as it is.

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

/// People's emails, with their names as help.
pub fn users() -> Vec<CompletionCandidate> {
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
