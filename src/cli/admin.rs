//! `orgadm init`, `role list`, `whoami` and `audit`.

use clap::{Args, Subcommand};

use super::{Ctx, DryRun};
use crate::error::{Error, Result};
use crate::org::audit::AuditFilter;
use crate::org::Org;
use crate::role::Role;
use crate::validate;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The first org-admin's email; also written as `actor` to the config
    #[arg(long, value_name = "EMAIL")]
    pub admin: String,
    /// The first admin's display name [default: the email's local part]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The organization's name, used in messages and emails [default: the admin's email domain]
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    /// Where invitees accept, written to the config as `invite_url`, e.g.
    /// https://orgadm.example.com/join?token={token} (what `orgadm serve` serves)
    #[arg(long, value_name = "URL")]
    pub invite_url: Option<String>,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Subcommand, Debug)]
pub enum RoleCmd {
    /// The roles, their display names, and what each may do
    List,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub verify: Option<AuditCmd>,
    /// Only entries by this actor
    // Its own id: clap would otherwise take it for the global `--as`
    // (whose field is also `actor`) and act as whoever was filtered on.
    #[arg(long = "actor", id = "audit_actor", value_name = "EMAIL")]
    pub actor: Option<String>,
    /// Only entries about this person (email) or group (name)
    #[arg(long, value_name = "TARGET")]
    pub target: Option<String>,
    /// Only this action, e.g. `user.add`, or a prefix such as `group`
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,
    /// Only entries since this time: `2026-11-01`, RFC 3339, or a duration ago like `2h`
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// At most this many entries
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
    /// Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`;
    /// a cell starting with `=`, `+`, `-` or `@` gets a `'` before it, so a
    /// spreadsheet shows it as text; `apply` reads it back without)
    #[arg(long)]
    pub csv: bool,
}

#[derive(Subcommand, Debug)]
pub enum AuditCmd {
    /// Check the hash chain; print its length and head hash
    Verify(VerifyArgs),
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// A head hash kept from an earlier verify: also detect a cut-off tail
    #[arg(long, value_name = "HASH")]
    pub head: Option<String>,
}

pub fn init(ctx: &Ctx, a: InitArgs) -> Result<()> {
    let email = validate::email(&a.admin)?;
    let org_name = match &a.org {
        Some(o) => validate::text("organization name", o)?,
        None => email
            .typed
            .rsplit('@')
            .next()
            .unwrap_or("my organization")
            .to_string(),
    };
    if let Some(u) = &a.invite_url {
        if !u.contains("{token}") {
            return Err(Error::usage(
                "--invite-url must contain `{token}`, where the invitation token goes",
            )
            .hint("e.g. --invite-url 'https://orgadm.example.com/join?token={token}'"));
        }
    }
    if a.dry.dry_run {
        if ctx.printer.json {
            return ctx.printer.json(&super::documents::InitPlan {
                admin: &email.typed,
                database: &ctx.paths.db,
                dry_run: true,
                organization: &org_name,
            });
        }
        return ctx.printer.out(&format!(
            "dry run: nothing was changed; this command would create {} for {org_name} with {} as its first org-admin",
            ctx.paths.db,
            email.typed
        ));
    }
    let done = Org::init(
        &ctx.paths.db,
        &org_name,
        &email.typed,
        a.name.as_deref(),
        &ctx.os_user,
    )?;
    let mut keys = vec![("actor", done.admin.email.as_str())];
    if let Some(u) = &a.invite_url {
        keys.push(("invite_url", u.as_str()));
    }
    let config_notes = crate::config::ensure_keys(&ctx.paths.config, &keys)?;
    if ctx.printer.json {
        return ctx.printer.json(&super::documents::Initialized {
            admin: super::user::person_json(&done.admin),
            config: &ctx.paths.config,
            database: &ctx.paths.db,
            organization: &done.org_name,
        });
    }
    ctx.printer.say(&format!(
        "created {} for {} with {} as its first org-admin",
        ctx.paths.db, done.org_name, done.admin.email
    ))?;
    for n in &config_notes {
        ctx.printer.say(n)?;
    }
    if config_notes.is_empty() {
        ctx.printer.note(&format!(
            "{} already names an actor; left as it is",
            ctx.paths.config.display()
        ));
    }
    ctx.printer
        .say("next: invite someone with `orgadm user add --email EMAIL --name NAME --role user`")
}

pub fn role(ctx: &Ctx, cmd: RoleCmd) -> Result<()> {
    let RoleCmd::List = cmd;
    if ctx.printer.json {
        let v: Vec<_> = Role::ALL
            .iter()
            .map(|r| super::documents::RoleDoc {
                capabilities: r.capabilities().to_vec(),
                display_name: r.display_name(),
                name: r.name(),
            })
            .collect();
        return ctx.printer.json(&v);
    }
    let rows = Role::ALL
        .iter()
        .map(|r| {
            vec![
                r.name().into(),
                r.display_name().into(),
                r.capabilities().join(", "),
                r.description().into(),
            ]
        })
        .collect();
    ctx.printer.table(
        &["ROLE", "DISPLAY NAME", "CAPABILITIES", "MAY DO"],
        rows,
        &[],
    )
}

/// `whoami`: the person; on a server also the server and the credential.
pub fn whoami(ctx: &Ctx, backend: &super::backend::Backend) -> Result<()> {
    let w = backend.whoami()?;
    if ctx.printer.json {
        return ctx.printer.json(&w);
    }
    super::user::print_person(ctx, &w.person)?;
    if let Some(server) = &w.server {
        ctx.printer.out(&format!("server:      {server}"))?;
    }
    if let Some(c) = &w.credential {
        let what = if c.kind == "session" {
            "session".to_string()
        } else {
            format!("token {}", c.name)
        };
        ctx.printer.out(&format!(
            "credential:  {what} (scope {}, expires {})",
            c.scope.as_str(),
            c.expires_at
        ))?;
    }
    Ok(())
}

pub fn audit(ctx: &Ctx, backend: &super::backend::Backend, a: AuditArgs) -> Result<()> {
    if let Some(AuditCmd::Verify(v)) = a.verify {
        let done = backend.verify_audit(v.head.as_deref())?;
        if ctx.printer.json {
            return ctx.printer.json(&done);
        }
        ctx.printer
            .say(&format!("audit log intact: {} entries", done.entries))?;
        return ctx.printer.out(&format!("head {}", done.head));
    }
    let filter = AuditFilter {
        actor: a.actor,
        target: a.target,
        action: a.action,
        since: a.since.as_deref().map(crate::time::since).transpose()?,
        limit: a.limit.map(i64::from),
        before: None,
    };
    let entries = backend.audit(&filter)?;
    if ctx.printer.json {
        let v: Vec<_> = entries
            .iter()
            .map(|e| super::documents::AuditDoc {
                action: &e.action,
                actor: &e.actor,
                at: &e.at,
                details: &e.details,
                os_user: &e.os_user,
                target: &e.target,
            })
            .collect();
        return ctx.printer.json(&v);
    }
    if a.csv {
        let rows = entries.iter().map(|e| {
            vec![
                e.at.clone(),
                e.actor.clone(),
                e.os_user.clone(),
                e.action.clone(),
                e.target.clone(),
                e.details.to_string(),
            ]
        });
        return ctx.printer.csv(
            &["at", "actor", "os_user", "action", "target", "details"],
            rows,
        );
    }
    if entries.is_empty() {
        ctx.printer.note("no audit entries match");
        return Ok(());
    }
    // Each entry is moved into its row (a whole log is not held twice).
    let rows = entries
        .into_iter()
        .map(|e| {
            let details = e.details.to_string();
            vec![e.at, e.actor, e.action, e.target, details]
        })
        .collect();
    ctx.printer.table(
        &["TIME", "ACTOR", "ACTION", "TARGET", "DETAILS"],
        rows,
        &[0, 1],
    )
}
