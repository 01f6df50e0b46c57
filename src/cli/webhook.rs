//! `orgadm webhook add|list|remove|test|replay`: where `orgadm serve` sends
//! each change event (SPEC §14), signed as Standard Webhooks 1.0.

use clap::{Args, Subcommand};

use super::backend::Backend;
use super::Ctx;
use crate::error::{Error, Kind, Result};

#[derive(Subcommand, Debug)]
pub enum WebhookCmd {
    /// Send every change event committed from now on to URL
    ///
    /// URL is https://, or http:// to a loopback address. A host at a
    /// private, loopback or link-local address is refused (checked again
    /// at every delivery) unless `--allow-private` is given. Without
    /// `--secret-env`, a signing secret (`whsec_...`) is generated and
    /// printed once, as the last line of stdout.
    Add(AddArgs),
    /// List webhooks: URL, events, last delivery, failures, next retry, state
    List,
    /// Stop sending to a webhook
    Remove(UrlArg),
    /// Send a signed `webhook.test` event now and report the answer (exit 7 if it failed)
    Test(UrlArg),
    /// Send the events after SEQ again, in order (and enable a disabled webhook)
    Replay(ReplayArgs),
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// The receiver, e.g. https://apps.example.com/hooks/orgadm
    #[arg(value_name = "URL")]
    pub url: String,
    /// Only events of this type (repeatable) [default: every type]
    #[arg(long = "event", value_name = "TYPE")]
    pub events: Vec<String>,
    /// Sign with the secret in this variable of `orgadm serve`'s environment
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
    /// Allow a receiver at a private, loopback or link-local address
    #[arg(long)]
    pub allow_private: bool,
}

#[derive(Args, Debug)]
pub struct UrlArg {
    /// The webhook's URL, as `webhook list` shows it
    #[arg(value_name = "URL")]
    pub url: String,
}

#[derive(Args, Debug)]
pub struct ReplayArgs {
    /// The webhook's URL, as `webhook list` shows it
    #[arg(value_name = "URL")]
    pub url: String,
    /// Send again the events after this sequence number (0: all of them)
    #[arg(long, value_name = "SEQ")]
    pub since: i64,
}

pub fn run(ctx: &Ctx, backend: &Backend, cmd: WebhookCmd) -> Result<()> {
    let p = &ctx.printer;
    match cmd {
        WebhookCmd::Add(a) => {
            let added = backend.webhook_add(&crate::org::webhooks::NewWebhookArgs {
                url: a.url,
                events: a.events,
                secret_env: a.secret_env,
                allow_private: a.allow_private,
            })?;
            if p.json {
                return p.json(&added);
            }
            let w = &added.webhook;
            p.say(&format!(
                "added webhook {} for {}",
                w.url,
                describe_events(&w.events)
            ))?;
            match (&added.secret, &w.secret_env) {
                (Some(secret), _) => {
                    p.note("its signing secret is shown once, below: give it to the receiving app");
                    p.out(secret)
                }
                (None, Some(var)) => p.say(&format!(
                    "signed with the secret in {var}: set it in the environment of `orgadm serve`"
                )),
                (None, None) => Ok(()),
            }
        }
        WebhookCmd::List => {
            let hooks = backend.webhooks()?;
            if p.json {
                return p.json(&hooks);
            }
            if hooks.is_empty() {
                return p.say("no webhooks; add one with `orgadm webhook add URL`");
            }
            let rows = hooks
                .iter()
                .map(|w| {
                    let last = match (&w.last_delivery, &w.last_result) {
                        (Some(at), Some(r)) => format!("{at} ({r})"),
                        _ => "never".to_string(),
                    };
                    let state = match &w.disabled_reason {
                        Some(r) if w.state == "disabled" => format!("disabled: {r}"),
                        _ => w.state.clone(),
                    };
                    vec![
                        w.url.clone(),
                        describe_events(&w.events),
                        last,
                        w.failures.to_string(),
                        w.next_retry.clone().unwrap_or_else(|| "-".into()),
                        state,
                    ]
                })
                .collect();
            p.table(
                &[
                    "URL",
                    "EVENTS",
                    "LAST DELIVERY",
                    "FAILURES",
                    "NEXT RETRY",
                    "STATE",
                ],
                rows,
                &[0],
            )
        }
        WebhookCmd::Remove(a) => {
            let w = backend.webhook_remove(&a.url)?;
            if p.json {
                return p.json(&w);
            }
            p.say(&format!("removed webhook {}", w.url))
        }
        WebhookCmd::Replay(a) => {
            let w = backend.webhook_replay(&a.url, a.since)?;
            if p.json {
                return p.json(&w);
            }
            p.say(&format!(
                "webhook {} will be sent the events after {} again, in order",
                w.url, w.last_seq
            ))
        }
        WebhookCmd::Test(a) => {
            let t = backend.webhook_test(&a.url)?;
            if p.json {
                p.json(&t)?;
            }
            if t.delivered {
                return p.say(&format!("{} took the test event: {}", t.url, t.result));
            }
            Err(Error::new(
                Kind::DeliveryFailed,
                format!("{} did not take the test event: {}", t.url, t.result),
            )
            .hint("`orgadm webhook list` shows how its deliveries go"))
        }
    }
}

fn describe_events(types: &[String]) -> String {
    if types.is_empty() {
        "every event".to_string()
    } else {
        types.join(", ")
    }
}
