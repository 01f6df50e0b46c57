//! What the fuzz targets in `fuzz/` run, one function per target, and
//! what `tests/fuzz_regressions.rs` replays: every input the fuzzer ever
//! found a crash with is kept under `fuzz/regressions/TARGET/` and must
//! pass here. Each function takes raw bytes as a client could send them,
//! and panics only on a finding: a parser that crashes or hangs, or a
//! property that does not hold (a filter that does not print back to
//! itself, a file `apply` accepts that does not survive `export`).

use std::path::Path;

use serde_json::{json, Value};

use crate::org::apply::OrgFile;
use crate::serve::scim::filter;

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// A SCIM filter and a PATCH path: parsed, matched against a user, and
/// printed back to text that parses to the same filter (when the printed
/// text is within the length limit; escapes and spaces can lengthen it).
pub fn scim_filter(data: &[u8]) {
    let Some(s) = text(data) else { return };
    if let Ok(f) = filter::parse(s) {
        let printed = f.to_string();
        if printed.chars().count() <= filter::MAX_LEN {
            assert_eq!(
                filter::parse(&printed).as_ref(),
                Ok(&f),
                "{s:?} printed as {printed:?}"
            );
        }
        let _ = filter::matches(&f, &sample_user());
        let _ = filter::simple_eq(&f);
    }
    if let Ok(p) = filter::parse_path(s) {
        let printed = p.to_string();
        if printed.chars().count() <= filter::MAX_LEN {
            assert_eq!(
                filter::parse_path(&printed).as_ref(),
                Ok(&p),
                "{s:?} printed as {printed:?}"
            );
        }
    }
    let _ = crate::serve::scim::query_pairs(Some(s));
}

fn sample_user() -> Value {
    json!({
        "id": "A1", "userName": "ada@example.com", "externalId": "00u1",
        "displayName": "Ada Lovelace", "active": true,
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"value": "ada@example.com", "type": "work", "primary": true}],
        "roles": [{"value": "org-admin"}],
        "groups": [{"value": "G1", "display": "Billing"}]
    })
}

/// A SCIM request body as a User and as a Group: POST/PUT bodies and PATCH
/// operations (which carry paths and filters), applied to existing ones.
pub fn scim_body(data: &[u8]) {
    let Ok(b) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    crate::serve::scim::fuzz_user_body(&b, &crate::org::scim::ScimUser::sample());
    crate::serve::scim::fuzz_group_body(&b, &crate::org::scim::ScimGroup::sample());
}

/// An `apply` TOML file: if `apply` accepts it, the file `export` would
/// write for it is accepted too and asks for the same.
pub fn apply_toml(data: &[u8]) {
    let Some(s) = text(data) else { return };
    if let Ok(file) = OrgFile::parse(Path::new("fuzz.toml"), s) {
        round_trip(&file, &[]);
    }
}

/// An `apply` CSV file, as [`apply_toml`] (its groups exist already).
pub fn apply_csv(data: &[u8]) {
    let Some(s) = text(data) else { return };
    if let Ok(file) = OrgFile::parse_csv(Path::new("fuzz.csv"), s) {
        round_trip(&file, &["Billing".to_string(), "Engineering".to_string()]);
    }
}

fn round_trip(file: &OrgFile, existing: &[String]) {
    let Some(accepted) = crate::org::apply::fuzz_accepted(file, existing) else {
        return;
    };
    let written = file.to_toml().expect("an accepted file can be written");
    let mut again = OrgFile::parse(Path::new("export.toml"), &written)
        .unwrap_or_else(|e| panic!("export wrote what apply refuses: {}\n{written}", e.message));
    again.people_only = file.people_only;
    assert_eq!(
        crate::org::apply::fuzz_accepted(&again, existing).as_ref(),
        Some(&accepted),
        "{written}"
    );
}

/// The config file.
pub fn config(data: &[u8]) {
    let Some(s) = text(data) else { return };
    if let Ok(c) = crate::config::Config::parse(Path::new("config.toml"), s) {
        let _ = c.invite_ttl();
    }
}

/// What arrives as a credential or a link: invitation tokens and links,
/// API tokens, scopes.
pub fn tokens(data: &[u8]) {
    let Some(s) = text(data) else { return };
    if let Ok(t) = crate::org::invites::extract_token(s) {
        assert_eq!(t.len(), crate::org::invites::TOKEN_LEN);
        assert!(s.contains(&t));
    }
    if crate::org::credentials::well_formed(s) {
        assert!(s.starts_with("oa_"), "{s:?}");
    }
    if let Ok(scope) = crate::org::credentials::Scope::parse(s) {
        assert_eq!(
            crate::org::credentials::Scope::parse(scope.as_str()).ok(),
            Some(scope)
        );
    }
}

/// A body of the admin API: a typed request, which must read back as
/// itself once written, and the webhook fields checked as `webhook add`
/// checks them.
pub fn api_request(data: &[u8]) {
    if let Ok(req) = serde_json::from_slice::<crate::org::request::Request>(data) {
        let written = serde_json::to_vec(&req).expect("a request can be written");
        let again: crate::org::request::Request =
            serde_json::from_slice(&written).expect("a written request reads back");
        assert_eq!(again, req);
        if let crate::org::request::Request::Apply { text, csv, .. } = &req {
            if *csv {
                apply_csv(text.as_bytes());
            } else {
                apply_toml(text.as_bytes());
            }
        }
    }
    if let Ok(w) = serde_json::from_slice::<crate::org::webhooks::NewWebhookArgs>(data) {
        if let Ok(url) = crate::org::webhooks::check_url(&w.url) {
            assert_eq!(crate::org::webhooks::check_url(&url).ok(), Some(url));
        }
    }
    if let Some(s) = text(data) {
        let _ = crate::org::webhooks::check_secret(s);
        let _ = crate::validate::email(s);
        let _ = crate::validate::group_name(s);
        let _ = crate::validate::name(s);
    }
}
