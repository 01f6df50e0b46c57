//! Where a command runs: on the store here (local mode, the asserted actor)
//! or on an `orgadm serve` (remote mode, the signed-in caller). Both answer
//! with the same typed results, so the printer and the exit codes cannot
//! tell them apart (DESIGN.md, "Remote mode").

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::Ctx;
use crate::error::Result;
use crate::org::apply::OrgFile;
use crate::org::audit::{AuditEntry, AuditFilter, Verified};
use crate::org::credentials::{CheckAnswer, CreatedToken, CredentialView, Scope};
use crate::org::events::Event;
use crate::org::request::{How, Outcome, Page, Request, Settings};
use crate::org::webhooks::{AddedWebhook, NewWebhookArgs, WebhookView};
use crate::org::{Actor, ProgressFn};
use crate::org::{GroupView, InvitationView, PersonFilter, PersonView};
use crate::remote::Remote;
use crate::serve::deliver::Tested;
use crate::store::Access;
use std::sync::Arc;

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

use crate::org::request::segment;

impl Backend<'_> {
    /// Runs a changing command's request: here, through the core; remotely,
    /// on the server, which answers 428 with the plan when the change needs
    /// a question first. `progress` draws a large local change's bar.
    pub fn submit(
        &self,
        req: &Request,
        how: How,
        progress: Option<Arc<ProgressFn>>,
    ) -> Result<Outcome> {
        let r = match self {
            Backend::Local(ctx) => {
                // What the request alone can say is wrong comes before the
                // mail settings and the actor (an apply's file is read
                // once, where it is applied).
                if !matches!(req, Request::Apply { .. }) {
                    req.check()?;
                }
                let mailer = ctx.mailer()?;
                let mut org = ctx.open(Access::Write)?;
                let actor = Actor::Person(ctx.actor()?);
                org.on_progress(progress);
                let settings = Settings {
                    invite_ttl: ctx.config.invite_ttl(),
                };
                return org.submit(&actor, req, how, &settings, &mailer);
            }
            Backend::Remote(r) => r,
        };
        req.check()?;
        let call = req.to_api(how)?;
        let (status, json) = match &progress {
            // Only a POST (apply) asks for progress.
            Some(p) if call.method == "POST" => {
                let answer = r.post_streamed(&call.path, &call.body, p.as_ref());
                // A bar is cleared before the answer is printed or a
                // question asked, whatever the server streamed last.
                p(crate::org::Progress::Done);
                answer?
            }
            _ => r.send_raw(call.method, &call.path, &call.body)?,
        };
        match status {
            200..=299 => serde_json::from_value(json).map_err(|_| r.not_orgadm(status)),
            428 => match json.get("plan").cloned().map(serde_json::from_value) {
                Some(Ok(plan)) => Ok(Outcome::Planned(Box::new(plan))),
                _ => Err(r.error(status, &json)),
            },
            _ => Err(r.error(status, &json)),
        }
    }

    /// The emails of the invitations whose last delivery failed.
    pub fn failed_invitations(&self) -> Result<Vec<String>> {
        match self {
            Backend::Local(ctx) => Ok(ctx
                .open(Access::Read)?
                .failed_invitations()?
                .into_iter()
                .map(|(_, email)| email)
                .collect()),
            Backend::Remote(_) => Ok(self
                .invitations(&["failed"])?
                .into_iter()
                .map(|i| i.email)
                .collect()),
        }
    }

    /// `user list`: every matching person (remotely, page after page).
    pub fn people(&self, filter: &PersonFilter) -> Result<Vec<PersonView>> {
        let r = match self {
            Backend::Local(ctx) => return ctx.open(Access::Read)?.people(filter),
            Backend::Remote(r) => r,
        };
        let mut q: Vec<(&str, String)> = Vec::new();
        if let Some(s) = filter.status {
            q.push(("status", s.as_str().to_string()));
        }
        if let Some(role) = filter.role {
            q.push(("role", role.name().to_string()));
        }
        if let Some(g) = &filter.group {
            q.push(("group", g.clone()));
        }
        if let Some(t) = &filter.search {
            q.push(("search", t.clone()));
        }
        if filter.stranded {
            q.push(("stranded", "true".into()));
        }
        follow(r, "/api/v1/people", &q, "after", None, |n: &String, a| {
            n > a
        })
    }

    /// `user show`.
    pub fn person(&self, user: &str) -> Result<PersonView> {
        match self {
            Backend::Local(ctx) => ctx.open(Access::Read)?.person(user),
            Backend::Remote(r) => r.get(&format!("/api/v1/people/{}", segment(user)), &[]),
        }
    }

    pub fn invitations(&self, states: &[&str]) -> Result<Vec<InvitationView>> {
        match self {
            Backend::Local(ctx) => ctx.open(Access::Read)?.invitations(states),
            Backend::Remote(r) => {
                let q = [("states", states.join(","))];
                follow(
                    r,
                    "/api/v1/invitations",
                    &q,
                    "after",
                    None,
                    |n: &String, a| n != a,
                )
            }
        }
    }

    pub fn groups(&self) -> Result<Vec<GroupView>> {
        match self {
            Backend::Local(ctx) => ctx.open(Access::Read)?.groups(),
            Backend::Remote(r) => r.get("/api/v1/groups", &[]),
        }
    }

    pub fn group(&self, name: &str) -> Result<GroupView> {
        match self {
            Backend::Local(ctx) => ctx.open(Access::Read)?.group(name),
            Backend::Remote(r) => r.get(&format!("/api/v1/groups/{}", segment(name)), &[]),
        }
    }

    pub fn audit(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let r = match self {
            Backend::Local(ctx) => return ctx.open(Access::Read)?.audit(f),
            Backend::Remote(r) => r,
        };
        let q: Vec<(&str, String)> = [
            ("actor", f.actor.clone()),
            ("target", f.target.clone()),
            ("action", f.action.clone()),
            ("since", f.since.map(|s| s.to_string())),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
        // Entries come newest first: a cursor must move back.
        follow(r, "/api/v1/audit", &q, "before", f.limit, |n: &i64, b| {
            n < b
        })
    }

    /// Up to `limit` change events after `since`, oldest first.
    pub fn events(&self, since: i64, types: &[String], limit: i64) -> Result<Vec<Event>> {
        match self {
            Backend::Local(ctx) => ctx.open(Access::Read)?.events(since, types, limit),
            Backend::Remote(r) => {
                let (since, limit) = (since.to_string(), limit.to_string());
                let types = types.join(",");
                let q = [
                    ("since", since.as_str()),
                    ("limit", limit.as_str()),
                    ("types", &types),
                ];
                let page: Page<Event, i64> = r.get("/api/v1/events", &q)?;
                Ok(page.items)
            }
        }
    }

    pub fn webhook_add(&self, a: &NewWebhookArgs) -> Result<AddedWebhook> {
        match self {
            Backend::Local(ctx) => {
                let mut org = ctx.open(Access::Write)?;
                org.webhook_add(&Actor::Person(ctx.actor()?), &a.borrowed())
            }
            Backend::Remote(r) => r.post("/api/v1/webhooks", &json!(a)),
        }
    }

    pub fn webhooks(&self) -> Result<Vec<WebhookView>> {
        match self {
            Backend::Local(ctx) => ctx.open(Access::Read)?.webhooks(),
            Backend::Remote(r) => r.get("/api/v1/webhooks", &[]),
        }
    }

    pub fn webhook_remove(&self, url: &str) -> Result<WebhookView> {
        match self {
            Backend::Local(ctx) => {
                let mut org = ctx.open(Access::Write)?;
                org.webhook_remove(&Actor::Person(ctx.actor()?), url)
            }
            Backend::Remote(r) => r.post("/api/v1/webhooks/remove", &json!({"url": url})),
        }
    }

    pub fn webhook_replay(&self, url: &str, since: i64) -> Result<WebhookView> {
        match self {
            Backend::Local(ctx) => {
                let mut org = ctx.open(Access::Write)?;
                org.webhook_replay(&Actor::Person(ctx.actor()?), url, since)
            }
            Backend::Remote(r) => r.post(
                "/api/v1/webhooks/replay",
                &json!({"url": url, "since": since}),
            ),
        }
    }

    pub fn webhook_test(&self, url: &str) -> Result<Tested> {
        match self {
            Backend::Local(ctx) => {
                let org = ctx.open(Access::Read)?;
                crate::serve::deliver::test(&org, &Actor::Person(ctx.actor()?), url)
            }
            Backend::Remote(r) => r.post("/api/v1/webhooks/test", &json!({"url": url})),
        }
    }

    pub fn verify_audit(&self, head: Option<&str>) -> Result<Verified> {
        match self {
            Backend::Local(ctx) => ctx.open(Access::Read)?.verify_audit(head),
            Backend::Remote(r) => match head {
                Some(h) => r.get("/api/v1/audit/verify", &[("head", h)]),
                None => r.get("/api/v1/audit/verify", &[]),
            },
        }
    }

    pub fn export(&self) -> Result<OrgFile> {
        match self {
            Backend::Local(ctx) => ctx.open(Access::Read)?.export(),
            Backend::Remote(r) => r.get("/api/v1/export", &[]),
        }
    }

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

    /// `scim token create`: the token, shown once.
    pub fn scim_token_create(
        &self,
        name: &str,
        expires_in: Option<&str>,
    ) -> Result<crate::org::tokens::ScimTokenMade> {
        match self {
            Backend::Local(ctx) => {
                let mut org = ctx.open(Access::Write)?;
                org.scim_token_made(&Actor::Person(ctx.actor()?), name, expires_in)
            }
            Backend::Remote(r) => r.post(
                "/api/v1/scim-tokens",
                &json!({"name": name, "expires_in": expires_in}),
            ),
        }
    }

    pub fn scim_tokens(&self) -> Result<Vec<crate::org::tokens::TokenView>> {
        match self {
            Backend::Local(ctx) => ctx.open(Access::Read)?.scim_tokens(),
            Backend::Remote(r) => r.get("/api/v1/scim-tokens", &[]),
        }
    }

    pub fn scim_token_revoke(&self, name: &str) -> Result<()> {
        match self {
            Backend::Local(ctx) => {
                let mut org = ctx.open(Access::Write)?;
                org.scim_token_revoke(&Actor::Person(ctx.actor()?), name)
            }
            Backend::Remote(r) => r
                .delete::<serde_json::Value>(&format!("/api/v1/scim-tokens/{}", segment(name)))
                .map(|_| ()),
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

/// Every item of a list the admin API pages, page after page: `query`, and
/// from the second page the cursor under `cursor`; with `limit`, at most
/// that many. A cursor that does not move on (`moves_on(next, last)`)
/// would loop forever, or print a list cut short as if it were whole: it
/// is an error.
fn follow<T, C>(
    r: &Remote,
    path: &str,
    query: &[(&str, String)],
    cursor: &str,
    limit: Option<i64>,
    moves_on: impl Fn(&C, &C) -> bool,
) -> Result<Vec<T>>
where
    T: serde::de::DeserializeOwned,
    C: serde::de::DeserializeOwned + std::fmt::Display,
{
    let mut out: Vec<T> = Vec::new();
    let mut at: Option<C> = None;
    loop {
        let left = limit.map(|l| l - out.len() as i64);
        if left.is_some_and(|l| l <= 0) {
            return Ok(out);
        }
        let mut q = query.to_vec();
        q.extend(left.map(|l| ("limit", l.to_string())));
        q.extend(at.as_ref().map(|c| (cursor, c.to_string())));
        let q: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page: Page<T, C> = r.get(path, &q)?;
        out.extend(page.items);
        match page.next {
            None => return Ok(out),
            Some(n) if at.as_ref().is_none_or(|a| moves_on(&n, a)) => at = Some(n),
            Some(_) => return Err(r.stuck_cursor()),
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
