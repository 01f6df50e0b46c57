//! `orgadm group ...`: groups hand their roles down to their members.

use clap::{Args, Subcommand};

use super::backend::Backend;
use super::{run_request, Ctx, DryRun, RoleEditArgs};
use crate::error::{Error, Result};
use crate::org::request::{Done, How, Outcome, Request};
use crate::org::{GroupView, PersonFilter};

#[derive(Subcommand, Debug)]
pub enum GroupCmd {
    /// Create a group with one or more roles
    Create(CreateArgs),
    /// Rename a group and/or change its roles
    Edit(EditArgs),
    /// Add and remove members in one change; interactive on a terminal without --add/--remove
    Manage(ManageArgs),
    /// Delete a group (always asks; lists who would be stranded)
    Delete(DeleteArgs),
    /// Groups with their roles and member counts
    List(ListArgs),
    /// One group with its members
    Show(ShowArgs),
}

#[derive(Args, Debug)]
pub struct CreateArgs {
    /// The group's name (unique, case-insensitive)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// A role the members inherit; repeatable, at least one
    #[arg(long = "role", value_name = "ROLE", required = true)]
    pub roles: Vec<String>,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Args, Debug)]
pub struct EditArgs {
    /// The group's name
    #[arg(value_name = "GROUP", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::groups))]
    pub group: String,
    /// A new name
    #[arg(long, value_name = "NEW")]
    pub name: Option<String>,
    #[command(flatten)]
    pub roles: RoleEditArgs,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Args, Debug)]
pub struct ManageArgs {
    /// The group's name
    #[arg(value_name = "GROUP", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::groups))]
    pub group: String,
    /// A person to add (email, or a name matching exactly one person); repeatable
    #[arg(long = "add", value_name = "USER", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::users))]
    pub add: Vec<String>,
    /// A member to remove; repeatable
    #[arg(long = "remove", value_name = "USER", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::users))]
    pub remove: Vec<String>,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Args, Debug)]
pub struct DeleteArgs {
    /// The group's name
    #[arg(value_name = "GROUP", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::groups))]
    pub group: String,
    #[command(flatten)]
    pub dry: DryRun,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The group's name
    #[arg(value_name = "GROUP", add = clap_complete::ArgValueCandidates::new(crate::cli::complete::groups))]
    pub group: String,
}

pub fn run(ctx: &Ctx, backend: &Backend, cmd: GroupCmd) -> Result<()> {
    match cmd {
        GroupCmd::Create(a) => {
            let req = Request::GroupCreate {
                name: a.name,
                roles: a.roles,
            };
            change(ctx, backend, &req, a.dry.dry_run)
        }
        GroupCmd::Edit(a) => {
            let req = Request::GroupEdit {
                group: a.group,
                name: a.name,
                roles: a.roles.to_args(),
            };
            change(ctx, backend, &req, a.dry.dry_run)
        }
        GroupCmd::Manage(a) => manage(ctx, backend, a),
        GroupCmd::Delete(a) => {
            let req = Request::GroupDelete { group: a.group };
            change(ctx, backend, &req, a.dry.dry_run)
        }
        GroupCmd::List(a) => list(ctx, backend, a),
        GroupCmd::Show(a) => show(ctx, backend, a),
    }
}

/// Runs a group's change and prints it, with `--json` the group after it.
fn change(ctx: &Ctx, backend: &Backend, req: &Request, dry_run: bool) -> Result<()> {
    let Some(done) = run_request(ctx, backend, req, dry_run)? else {
        return Ok(());
    };
    print_after(ctx, &done)
}

fn print_after(ctx: &Ctx, done: &Done) -> Result<()> {
    let g = match &done.group {
        Some(g) if ctx.printer.json => Some(serde_json::to_value(g).unwrap_or_default()),
        _ => None,
    };
    ctx.printer.plan(&done.plan, false, g.map(|g| ("group", g)))
}

fn manage(ctx: &Ctx, backend: &Backend, a: ManageArgs) -> Result<()> {
    if !a.add.is_empty() || !a.remove.is_empty() {
        let req = Request::GroupManage {
            group: a.group,
            add: a.add,
            remove: a.remove,
        };
        return change(ctx, backend, &req, a.dry.dry_run);
    }
    let group = backend.group(&a.group)?;
    if !crate::cli::prompt::interactive() {
        return Err(Error::usage(format!("nothing to do for group {}", group.name))
            .hint("pass `--add USER` and/or `--remove USER`; without them, `group manage` is interactive on a terminal"));
    }
    if ctx.printer.json {
        return Err(
            Error::usage("interactive `group manage` does not print JSON")
                .hint("pass `--add USER` / `--remove USER`"),
        );
    }
    match interactive_manage(ctx, backend, &group)? {
        // Confirmed in the review (it asks itself, so that declining goes
        // back to the staged changes): commit against the impact shown.
        Some((req, shown)) => {
            if a.dry.dry_run {
                run_request(ctx, backend, &req, true)?;
                return Ok(());
            }
            match backend.submit(&req, How::Shown(&shown), None)? {
                Outcome::Done(done) => print_after(ctx, &done),
                Outcome::Planned(_) => {
                    Err(Error::internal("a confirmed change came back unwritten"))
                }
            }
        }
        None => Err(Error::needs_confirmation("cancelled; nothing was changed")),
    }
}

fn interactive_manage(
    ctx: &Ctx,
    backend: &Backend,
    g: &GroupView,
) -> Result<Option<(Request, crate::impact::Impact)>> {
    let color = ctx.color();
    let group = g.name.as_str();
    let everyone = backend.people(&PersonFilter::default())?;
    // People are staged by their place in this list: a remote server's
    // people carry no store ids.
    let members: Vec<usize> = everyone
        .iter()
        .enumerate()
        .filter(|(_, p)| g.members.contains(&p.email))
        .map(|(i, _)| i)
        .collect();
    let email = |i: usize| everyone.get(i).map(|p| p.email.clone()).unwrap_or_default();
    let label = |i: usize| {
        everyone
            .get(i)
            .map(|p| format!("{} <{}>", p.name, p.email))
            .unwrap_or_default()
    };
    let mut adds: Vec<usize> = Vec::new();
    let mut removes: Vec<usize> = Vec::new();
    loop {
        let now: Vec<String> = members
            .iter()
            .filter(|id| !removes.contains(id))
            .chain(adds.iter())
            .map(|&id| label(id))
            .collect();
        const SHOWN: usize = 20;
        ctx.printer.status(&format!(
            "members of {group} ({}): {}{}",
            now.len(),
            if now.is_empty() {
                "none".to_string()
            } else {
                now.iter()
                    .take(SHOWN)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            if now.len() > SHOWN {
                format!(" … and {} more", now.len() - SHOWN)
            } else {
                String::new()
            }
        ));
        let staged = adds.len() + removes.len();
        let actions = vec![
            "Add a person".to_string(),
            "Remove members".to_string(),
            format!("Review and update ({staged} staged)"),
            "Cancel".to_string(),
        ];
        match crate::cli::prompt::select(&format!("Manage group {group}"), &actions, color)? {
            Some(0) => {
                let candidates: Vec<usize> = (0..everyone.len())
                    .filter(|id| {
                        (!members.contains(id) || removes.contains(id)) && !adds.contains(id)
                    })
                    .collect();
                if candidates.is_empty() {
                    ctx.printer.status("everyone is already a member");
                    continue;
                }
                let items: Vec<String> = candidates.iter().map(|&id| label(id)).collect();
                if let Some(i) =
                    crate::cli::prompt::fuzzy("Type part of a name or email to add", &items, color)?
                {
                    let id = candidates[i];
                    if let Some(pos) = removes.iter().position(|&r| r == id) {
                        removes.remove(pos);
                    } else {
                        adds.push(id);
                    }
                }
            }
            Some(1) => {
                let current: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|id| !removes.contains(id))
                    .chain(adds.iter().copied())
                    .collect();
                if current.is_empty() {
                    ctx.printer.status("the group has no members to remove");
                    continue;
                }
                let items: Vec<String> = current.iter().map(|&id| label(id)).collect();
                if let Some(picked) = crate::cli::prompt::multi(
                    "Pick members to remove (space to pick, enter to stage)",
                    &items,
                    color,
                )? {
                    for i in picked {
                        let id = current[i];
                        if let Some(pos) = adds.iter().position(|&a| a == id) {
                            adds.remove(pos);
                        } else {
                            removes.push(id);
                        }
                    }
                }
            }
            Some(2) => {
                if adds.is_empty() && removes.is_empty() {
                    ctx.printer.status("nothing is staged yet");
                    continue;
                }
                for id in &adds {
                    ctx.printer.status(&format!("  add    {}", label(*id)));
                }
                for id in &removes {
                    ctx.printer.status(&format!("  remove {}", label(*id)));
                }
                let req = Request::GroupManage {
                    group: group.to_string(),
                    add: adds.iter().map(|&id| email(id)).collect(),
                    remove: removes.iter().map(|&id| email(id)).collect(),
                };
                // The impact shown here comes from the same planner the commit uses.
                let plan = match backend.submit(&req, How::Plan, None)? {
                    Outcome::Planned(plan) => *plan,
                    Outcome::Done(_) => {
                        return Err(Error::internal("a planned change came back written"))
                    }
                };
                ctx.printer.impact(&plan.impact);
                let choice = crate::cli::prompt::select(
                    "Apply these changes?",
                    &[
                        "Update".to_string(),
                        "Back".to_string(),
                        "Cancel".to_string(),
                    ],
                    color,
                )?;
                match choice {
                    Some(0) if plan.needs_confirmation => {
                        let question = format!(
                            "This strands {}; update group {group} anyway?",
                            crate::cli::output::count(
                                plan.impact.stranded.len(),
                                "person",
                                "people"
                            )
                        );
                        if crate::cli::prompt::confirm(&question, color)? {
                            return Ok(Some((req, plan.impact)));
                        }
                        // Declined: back to the menu, the staging kept.
                        continue;
                    }
                    Some(0) => return Ok(Some((req, plan.impact))),
                    Some(1) => continue,
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        }
    }
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Print CSV (RFC 4180, a header row, multi-valued fields joined with `;`;
    /// a cell starting with `=`, `+`, `-` or `@` gets a `'` before it, so a
    /// spreadsheet shows it as text; `apply` reads it back without)
    #[arg(long)]
    pub csv: bool,
}

pub(crate) fn list(ctx: &Ctx, backend: &Backend, a: ListArgs) -> Result<()> {
    let groups = backend.groups()?;
    if ctx.printer.json {
        return ctx.printer.json(&groups);
    }
    if a.csv {
        let rows = groups.iter().map(|g| {
            vec![
                g.name.clone(),
                g.roles.names().join(";"),
                g.members.join(";"),
            ]
        });
        return ctx.printer.csv(&["name", "roles", "members"], rows);
    }
    if groups.is_empty() {
        ctx.printer
            .note("no groups yet; create one with `orgadm group create NAME --role ROLE`");
        return Ok(());
    }
    let rows = groups
        .iter()
        .map(|g| {
            vec![
                g.name.clone(),
                g.roles.names().join(", "),
                g.members.len().to_string(),
            ]
        })
        .collect();
    ctx.printer.table(&["GROUP", "ROLES", "MEMBERS"], rows, &[])
}

pub(crate) fn show(ctx: &Ctx, backend: &Backend, a: ShowArgs) -> Result<()> {
    let g: GroupView = backend.group(&a.group)?;
    if ctx.printer.json {
        return ctx.printer.json(&g);
    }
    ctx.printer.out(&format!("group:   {}", g.name))?;
    ctx.printer
        .out(&format!("roles:   {}", g.roles.names().join(", ")))?;
    ctx.printer.out(&format!("members: {}", g.members.len()))?;
    let rows = g
        .member_details
        .iter()
        .flatten()
        .map(|m| {
            vec![
                m.email.clone(),
                m.name.clone(),
                m.status.as_str().to_string(),
            ]
        })
        .collect::<Vec<_>>();
    if rows.is_empty() {
        return Ok(());
    }
    ctx.printer.table(&["EMAIL", "NAME", "STATUS"], rows, &[0])
}
