//! `orgadm db copy`: move an organization between stores (a file grows into
//! PostgreSQL; PostgreSQL is copied into a file for a backup).

use clap::{Args, Subcommand};

use super::Ctx;
use crate::error::{Error, Result};
use crate::org::Org;
use crate::store::{Access, Location};

#[derive(Subcommand, Debug)]
pub enum DbCmd {
    /// Copy the whole organization into a new, empty store, then check both agree
    ///
    /// Copies people, invitations (with their token hashes, so pending links
    /// keep working), groups and the audit log with its hash chain, in one
    /// transaction on the target. Then reads both back, compares them row by
    /// row, verifies both audit chains and prints the counts and the head.
    Copy(CopyArgs),
}

#[derive(Args, Debug)]
pub struct CopyArgs {
    /// Where to copy to: a new SQLite file, or an empty PostgreSQL database URL
    #[arg(long, value_name = "TARGET")]
    pub to: std::ffi::OsString,
}

pub fn run(ctx: &Ctx, cmd: DbCmd) -> Result<()> {
    match cmd {
        DbCmd::Copy(a) => copy(ctx, a),
    }
}

fn copy(ctx: &Ctx, a: CopyArgs) -> Result<()> {
    let to = Location::parse(&a.to, &ctx.paths.pg)?;
    let from = &ctx.paths.db;
    if from.to_string() == to.to_string() {
        return Err(Error::usage("the target is the database itself"));
    }
    let org = ctx.open(Access::Read)?;
    let counts = org.copy_to(&to)?;
    let source = org.verify_audit(None)?;
    let target = Org::open(&to, Access::Read, &ctx.os_user)?.verify_audit(None)?;
    if source.head != target.head || source.entries != target.entries {
        return Err(Error::storage(format!(
            "the copy's audit chain ({} entries, head {}) differs from the source's ({} entries, head {})",
            target.entries, target.head, source.entries, source.head
        )));
    }
    if ctx.printer.json {
        return ctx.printer.json(&super::documents::Copied {
            audit: super::documents::AuditHead {
                entries: source.entries,
                head: source.head.clone(),
            },
            counts: &counts,
            from,
            to: &to,
        });
    }
    let n = |t: &str| counts.get(t).copied().unwrap_or(0);
    ctx.printer.say(&format!("copied {from} to {to}"))?;
    let c = super::output::count;
    ctx.printer.say(&format!(
        "  {}, {}, {}, {}, {}",
        c(n("person"), "person", "people"),
        c(n("invitation"), "invitation", "invitations"),
        c(n("grp"), "group", "groups"),
        c(n("membership"), "membership", "memberships"),
        c(n("audit_log"), "audit entry", "audit entries"),
    ))?;
    ctx.printer
        .say("  both read back identical; both audit chains verify")?;
    ctx.printer.out(&format!("audit head {}", source.head))
}
