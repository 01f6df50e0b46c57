//! Where a command runs: on the store here (local mode, the asserted actor)
//! or on an `orgadm serve` (remote mode, the signed-in caller). Both answer
//! with the same typed results, so the printer and the exit codes cannot
//! tell them apart (DESIGN.md, "Remote mode").

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::Ctx;
use crate::error::Result;
use crate::org::credentials::{CheckAnswer, CreatedToken, CredentialView, Scope};
use crate::org::PersonView;
use crate::remote::Remote;
use crate::store::Access;

pub enum Backend<'a> {
    Local(&'a Ctx),
    Remote(Remote),
}

/// `whoami`: the person, and in remote mode the server and the credential.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Whoami {
    #[serde(flatten)]
    pub person: PersonView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<CredentialView>,
}

/// A path segment, percent-encoded (a token's name or id in a URL).
fn segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Backend<'_> {
    pub fn whoami(&self) -> Result<Whoami> {
        match self {
            Backend::Local(ctx) => {
                let org = ctx.open(Access::Read)?;
                Ok(Whoami {
                    person: org.whoami(&ctx.actor()?)?,
                    server: None,
                    credential: None,
                })
            }
            Backend::Remote(r) => {
                let mut w: Whoami = r.get("/api/v1/whoami", &[])?;
                w.server = Some(r.url.clone());
                Ok(w)
            }
        }
    }

    pub fn check(&self, email: &str, capability: &str) -> Result<CheckAnswer> {
        match self {
            Backend::Local(ctx) => ctx.open(Access::Read)?.check(email, capability),
            Backend::Remote(r) => r.get(
                "/api/v1/check",
                &[("email", email), ("capability", capability)],
            ),
        }
    }

    pub fn token_create(
        &self,
        name: &str,
        scope: Scope,
        expires_in: Option<&str>,
    ) -> Result<CreatedToken> {
        match self {
            Backend::Local(ctx) => {
                let expires_at = crate::org::credentials::expiry(expires_in)?;
                let mut org = ctx.open(Access::Write)?;
                org.token_create(&ctx.actor()?, None, name, scope, expires_at)
            }
            Backend::Remote(r) => r.post(
                "/api/v1/tokens",
                &json!({"name": name, "scope": scope, "expires_in": expires_in}),
            ),
        }
    }

    pub fn tokens(&self, all: bool) -> Result<Vec<CredentialView>> {
        match self {
            Backend::Local(ctx) => ctx.open(Access::Read)?.tokens(&ctx.actor()?, all),
            Backend::Remote(r) => r.get(
                "/api/v1/tokens",
                &[("all", if all { "true" } else { "false" })],
            ),
        }
    }

    pub fn token_revoke(&self, which: &str) -> Result<CredentialView> {
        match self {
            Backend::Local(ctx) => {
                let mut org = ctx.open(Access::Write)?;
                org.token_revoke(&ctx.actor()?, None, which)
            }
            Backend::Remote(r) => r.delete(&format!("/api/v1/tokens/{}", segment(which))),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(super::segment("ci-deploy.1"), "ci-deploy.1");
        assert_eq!(super::segment("a/b c?"), "a%2Fb%20c%3F");
        assert_eq!(super::segment("é"), "%C3%A9");
    }
}
