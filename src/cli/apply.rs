//! `orgadm apply FILE` and `orgadm export`: declarative provisioning.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use clap::Args;

use super::backend::Backend;
use super::output::{List, Part};
use super::{run_request_with, Ctx, DryRun, SendArgs};
use crate::error::{Error, Result};
use crate::org::request::Request;
use crate::org::{Progress, ProgressFn};
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

pub fn apply(ctx: &Ctx, backend: &Backend, a: ApplyArgs) -> Result<()> {
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
    let progress = progress_bar(ctx);
    let req = Request::Apply {
        name: a.file.display().to_string(),
        text,
        csv,
        prune: a.prune,
        expires_in: a.send.expires_in,
        no_email: a.send.no_email,
    };
    let Some(done) = run_request_with(ctx, backend, &req, a.dry.dry_run, progress)? else {
        return Ok(());
    };
    drop(req);
    let plan = &done.plan;
    if plan.is_noop() {
        if ctx.printer.json {
            return ctx.printer.plan(plan, false, None);
        }
        return ctx
            .printer
            .say("nothing changed: the organization already matches the file");
    }
    if !ctx.printer.json {
        ctx.printer.plan(plan, false, None)?;
    }
    let mut invited = Vec::with_capacity(done.invitations.len());
    let mut failed = Vec::new();
    let mut mailed = 0;
    for s in &done.invitations {
        if let Some(e) = &s.delivery.error {
            ctx.printer
                .warn(&format!("invitation for {} not delivered: {e}", s.email));
            failed.push(s.email.clone());
        } else if s.accept.is_none() {
            mailed += 1;
        }
        invited.push(super::documents::Invited {
            accept: s.accept.clone(),
            email: s.email.clone(),
            error: s.delivery.error.clone(),
            path: s.delivery.path.clone(),
        });
    }
    if ctx.printer.json {
        ctx.printer.plan_with(
            plan,
            false,
            Some(("invited", Part::List(List::Invited(&invited)))),
        )?;
    } else {
        for i in &invited {
            if let Some(link) = &i.accept {
                ctx.printer.out(&format!("{}  {link}", i.email))?;
            }
        }
        if mailed > 0 {
            ctx.printer.say(&format!(
                "sent {}",
                crate::cli::output::count(mailed, "invitation", "invitations")
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
fn progress_bar(ctx: &Ctx) -> Option<Arc<ProgressFn>> {
    if !std::io::stderr().is_terminal() || ctx.printer.json || ctx.printer.quiet {
        return None;
    }
    // The unit is named: measuring counts the file's changes, writing
    // counts rows written (groups, people, audit entries), so a writing
    // count past the number of people is not a puzzle.
    let style = ProgressStyle::with_template("{msg:8} [{bar:30}] {pos}/{len} {prefix} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar: Mutex<Option<ProgressBar>> = Mutex::new(None);
    // Whether the change is large enough to draw, told by its first count
    // of ops (its rows and invitations follow from them).
    let large: Mutex<Option<bool>> = Mutex::new(None);
    Some(Arc::new(move |p: Progress| {
        let mut bar = bar.lock().unwrap_or_else(|e| e.into_inner());
        let mut large = large.lock().unwrap_or_else(|e| e.into_inner());
        if let Progress::Measuring { of, .. } = p {
            large.get_or_insert(of >= PROGRESS_ABOVE);
        }
        if *large != Some(true) {
            return;
        }
        let (msg, unit, done, of) = match p {
            Progress::Measuring { done, of } => ("checking", "changes", done, of),
            Progress::Writing { done, of } => ("writing", "rows", done, of),
            Progress::Sending { done, of } => ("sending", "invitations", done, of),
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
