//! `orgadm apply FILE` and `orgadm export`: declarative provisioning.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use clap::Args;

use super::output::{List, Part};
use super::{run_change, Ctx, DryRun, SendArgs};
use crate::error::{Error, Result};
use crate::mail::Sent;
use crate::org::apply::OrgFile;
use crate::org::{Progress, ProgressFn};
use crate::store::Access;
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Args, Debug)]
pub struct ApplyArgs {
    /// The TOML file describing groups and users, or a CSV file of people
    /// (`email,name,roles,groups`); `-` reads it from stdin
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The file's format [default: by its extension: .csv is CSV, anything else TOML]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Also remove people and groups that are not in the file (invitations are revoked)
    #[arg(long)]
    pub prune: bool,
    #[command(flatten)]
    pub send: SendArgs,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Toml,
    Csv,
}

pub fn apply(ctx: &Ctx, a: ApplyArgs) -> Result<()> {
    let text = if a.file.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Error::usage(format!("cannot read the file from stdin: {e}")))?;
        s
    } else {
        std::fs::read_to_string(&a.file)
            .map_err(|e| Error::usage(format!("cannot read {}: {e}", a.file.display())))?
    };
    let csv = match a.format {
        Some(f) => f == Format::Csv,
        None => a
            .file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv")),
    };
    let file = if csv {
        OrgFile::parse_csv(&a.file, &text)?
    } else {
        OrgFile::parse(&a.file, &text)?
    };
    let expires_at = ctx.invite_expiry(a.send.expires_in.as_deref())?;
    let mailer = ctx.mailer()?;
    let mut org = ctx.open(Access::Write)?;
    let planned = org.apply_change(&file, a.prune, expires_at)?;
    // The change holds what it needs: the file and its text can go before
    // the change is measured twice (100,000 people are ~30 MB of them).
    drop(file);
    drop(text);
    org.on_progress(progress_bar(ctx, planned.change.ops.len()));
    let committed = run_change(ctx, &mut org, planned.change, a.dry.dry_run);
    org.on_progress(None);
    let Some(plan) = committed? else {
        return Ok(());
    };
    if plan.is_noop() {
        if ctx.printer.json {
            return ctx.printer.plan(&plan, false, None);
        }
        return ctx
            .printer
            .say("nothing changed: the organization already matches the file");
    }
    if !ctx.printer.json {
        ctx.printer.plan(&plan, false, None)?;
    }

    // The change is committed; now the invitations go out, with no
    // transaction open. A progress bar only on a terminal, never in JSON.
    let bar = if std::io::stderr().is_terminal()
        && !ctx.printer.json
        && !ctx.printer.quiet
        && planned.tokens.len() > 1
    {
        indicatif::ProgressBar::new(planned.tokens.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut invited = Vec::new();
    let mut failed = Vec::new();
    for (email, token) in &planned.tokens {
        let mut entry = super::documents::Invited {
            accept: None,
            email: email.clone(),
            error: None,
            path: None,
        };
        if a.send.no_email || !mailer.sends() {
            entry.accept = Some(mailer.accept_link(&token.raw));
        } else {
            let id = org.find_person(email)?;
            let report = super::send::deliver(&mut org, &mailer, id, &token.raw)?;
            match report.result {
                Ok(Sent::File(p)) => entry.path = Some(p),
                Ok(_) => {}
                Err(e) => {
                    bar.suspend(|| {
                        ctx.printer.warn(&format!(
                            "invitation for {} not delivered: {e}",
                            report.email
                        ))
                    });
                    entry.error = Some(e);
                    failed.push(report.email);
                }
            }
        }
        invited.push(entry);
        bar.inc(1);
    }
    bar.finish_and_clear();

    if ctx.printer.json {
        ctx.printer.plan_with(
            &plan,
            false,
            Some(("invited", Part::List(List::Invited(&invited)))),
        )?;
    } else {
        for i in &invited {
            if let Some(link) = &i.accept {
                ctx.printer.out(&format!("{}  {link}", i.email))?;
            }
        }
        let sent = invited.len() - failed.len();
        if !a.send.no_email && mailer.sends() && sent > 0 {
            ctx.printer.say(&format!(
                "sent {}",
                crate::cli::output::count(sent, "invitation", "invitations")
            ))?;
        }
    }
    super::undelivered(&failed)
}

/// Changes with fewer ops than this finish before a bar would be worth drawing.
const PROGRESS_ABOVE: usize = 500;

/// A progress bar on stderr while a large change is checked and written, on
/// a terminal only (never in JSON, quiet or piped runs). Each step draws its
/// own bar and clears it when it ends, so a question asked between the
/// steps is not drawn over.
fn progress_bar(ctx: &Ctx, ops: usize) -> Option<Arc<ProgressFn>> {
    if !std::io::stderr().is_terminal() || ctx.printer.json || ctx.printer.quiet {
        return None;
    }
    if ops < PROGRESS_ABOVE {
        return None;
    }
    // The unit is named: measuring counts the file's changes, writing
    // counts rows written (groups, people, audit entries), so a writing
    // count past the number of people is not a puzzle.
    let style = ProgressStyle::with_template("{msg:8} [{bar:30}] {pos}/{len} {prefix} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar: Mutex<Option<ProgressBar>> = Mutex::new(None);
    Some(Arc::new(move |p: Progress| {
        let mut bar = bar.lock().unwrap_or_else(|e| e.into_inner());
        let (msg, unit, done, of) = match p {
            Progress::Measuring { done, of } => ("checking", "changes", done, of),
            Progress::Writing { done, of } => ("writing", "rows", done, of),
            Progress::Done => {
                if let Some(b) = bar.take() {
                    b.finish_and_clear();
                }
                return;
            }
        };
        let b = bar.get_or_insert_with(|| ProgressBar::new(of as u64).with_style(style.clone()));
        b.set_message(msg);
        b.set_prefix(unit);
        b.set_length(of as u64);
        b.set_position(done as u64);
    }))
}

pub fn export(ctx: &Ctx, backend: &super::backend::Backend) -> Result<()> {
    let file = backend.export()?;
    if ctx.printer.json {
        return ctx.printer.json(&file);
    }
    ctx.printer.out(file.to_toml()?.trim_end())
}
