//! The command line: the clap tree (one file per noun), global flags, and the
//! one runner every mutating command goes through (plan → show/confirm →
//! commit). Exit codes are decided here, from the error kind, and nowhere else.

mod admin;
mod apply;
mod backend;
mod complete;
mod db;
mod docs;
mod documents;
mod events;
mod group;
mod invite;
mod login;
mod output;
mod prompt;
mod scim;
mod send;
mod token;
mod user;
mod webhook;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::{Config, Paths};
use crate::error::{Error, Kind, Result};
use crate::mail::Mailer;
use crate::org::request::{Done, How, Outcome, Request};
use crate::org::{Org, Plan};
use crate::store::Access;
use output::Printer;

/// Administer an organization's people, invitations, roles and groups.
///
/// orgadm keeps one organization in a local SQLite file, or in a shared
/// PostgreSQL database (`--db postgresql://...`). Admins invite people
/// by email, give them roles (org-admin, user, finance-admin) directly or
/// through groups, and get warned before a change strands someone.
///
/// The acting admin is asserted, not authenticated: whoever can write the
/// database file (or holds a PostgreSQL role that can write orgadm's tables)
/// can act as any admin. The file's permissions (0600), or the database's
/// grants, are the security boundary; the actor check prevents mistakes and
/// attributes every change in the audit log.
#[derive(Parser, Debug)]
#[command(
    name = "orgadm",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The database: a SQLite file, or a postgresql:// URL [default: `db` in the config, else orgadm.db in the platform data folder]
    #[arg(
        long,
        global = true,
        env = "ORGADM_DB",
        hide_env_values = true,
        value_name = "PATH|URL"
    )]
    pub db: Option<PathBuf>,
    /// The config file [default: config.toml in the platform config folder]
    #[arg(
        long,
        global = true,
        env = "ORGADM_CONFIG",
        hide_env_values = true,
        value_name = "PATH"
    )]
    pub config: Option<PathBuf>,
    /// Remote mode: run the command on this `orgadm serve` [default: `server` in the config]
    #[arg(
        long,
        global = true,
        env = "ORGADM_SERVER",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub server: Option<String>,
    /// Act as this admin [default: `actor` in the config]
    #[arg(
        long = "as",
        global = true,
        env = "ORGADM_ACTOR",
        hide_env_values = true,
        value_name = "EMAIL"
    )]
    pub actor: Option<String>,
    /// Print one JSON document on stdout (errors as JSON on stderr)
    #[arg(long, global = true)]
    pub json: bool,
    /// Apply changes that need confirmation without asking
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,
    /// Print only data and errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// When to color messages (NO_COLOR is honored)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `--add-role`, `--remove-role` and `--set-roles`, for people and groups.
#[derive(Args, Debug, Clone)]
pub struct RoleEditArgs {
    /// Add a role (org-admin, user, finance-admin); repeatable
    #[arg(long = "add-role", value_name = "ROLE")]
    pub add_roles: Vec<String>,
    /// Take a role away; repeatable
    #[arg(long = "remove-role", value_name = "ROLE")]
    pub remove_roles: Vec<String>,
    /// Replace the roles with exactly these (comma-separated)
    #[arg(
        long = "set-roles",
        value_name = "ROLES",
        value_delimiter = ',',
        num_args = 1
    )]
    pub set_roles: Option<Vec<String>>,
}

impl RoleEditArgs {
    /// The flags as the request carries them (checked where it is run).
    pub fn to_args(&self) -> crate::org::request::RoleArgs {
        crate::org::request::RoleArgs {
            set: self.set_roles.clone(),
            add: self.add_roles.clone(),
            remove: self.remove_roles.clone(),
        }
    }
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The address to listen on [default: `[serve] listen`, else 127.0.0.1:8080]
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
}

/// Point `invite_url` at `http://HOST:PORT/join?token={token}` for invitees
/// to land here.
fn serve(ctx: &Ctx, a: ServeArgs) -> Result<()> {
    let listen = a
        .listen
        .or_else(|| ctx.config.serve.listen.clone())
        .unwrap_or_else(|| crate::serve::DEFAULT_LISTEN.to_string());
    let roles_or = |names: &Option<Vec<String>>,
                    key: &str|
     -> Result<Option<crate::role::RoleSet>> {
        match names {
            None => Ok(None),
            Some(n) => {
                let set = crate::role::RoleSet::of(roles(n).map_err(|e| {
                    Error::usage(format!(
                        "config {}: [scim] {key}: {}",
                        ctx.paths.config.display(),
                        e.message
                    ))
                })?);
                if set.is_empty() {
                    // Every person needs a role or a group, every group
                    // a role: an empty list cannot be a default.
                    return Err(Error::usage(format!(
                            "config {}: [scim] {key} is empty; name at least one role (org-admin, user, finance-admin), or leave it out for `user`",
                            ctx.paths.config.display()
                        )));
                }
                Ok(Some(set))
            }
        }
    };
    let mut defaults = crate::serve::scim::Defaults::default();
    if let Some(r) = roles_or(&ctx.config.scim.default_roles, "default_roles")? {
        defaults.user_roles = r;
    }
    if let Some(r) = roles_or(&ctx.config.scim.default_group_roles, "default_group_roles")? {
        defaults.group_roles = r;
    }
    let mut s = crate::serve::Serve::new(ctx.paths.db.clone(), ctx.os_user.clone(), defaults);
    if let Some(n) = ctx.config.serve.max_connections_per_client {
        if n == 0 || n > crate::serve::MAX_CONNECTIONS {
            return Err(Error::usage(format!(
                "config {}: [serve] max_connections_per_client must be between 1 and {}",
                ctx.paths.config.display(),
                crate::serve::MAX_CONNECTIONS
            )));
        }
        s.max_per_client = n;
    }
    let config_error = |e: Error| {
        Error::usage(format!(
            "config {}: {}",
            ctx.paths.config.display(),
            e.message
        ))
    };
    if let Some(t) = &ctx.config.serve.session_ttl {
        s.session_ttl =
            crate::time::duration("[serve] session_ttl", t, crate::time::TOKEN_VALIDITY)
                .map_err(config_error)?;
    }
    if let Some(t) = &ctx.config.serve.sign_in_interval {
        s.sign_in_interval =
            crate::time::duration("[serve] sign_in_interval", t, crate::time::SIGN_IN_INTERVAL)
                .map_err(config_error)?;
    }
    if let Some(u) = &ctx.config.serve.public_url {
        s.public_url = Some(crate::remote::check_url(u).map_err(config_error)?);
    }
    if let Some(t) = &ctx.config.serve.header_timeout {
        s.timeouts.header =
            crate::time::duration("[serve] header_timeout", t, crate::time::HEADER_TIMEOUT)
                .map_err(config_error)?;
    }
    if let Some(t) = &ctx.config.serve.body_timeout {
        s.timeouts.body =
            crate::time::duration("[serve] body_timeout", t, crate::time::BODY_TIMEOUT)
                .map_err(config_error)?;
    }
    if let Some(t) = &ctx.config.serve.connection_life {
        s.timeouts.life =
            crate::time::duration("[serve] connection_life", t, crate::time::CONNECTION_LIFE)
                .map_err(config_error)?;
    }
    if let Some(var) = &ctx.config.serve.metrics_token {
        s.metrics_token = Some(metrics_token(var).map_err(config_error)?);
    }
    s.mailer = Some(ctx.mailer()?);
    s.invite_ttl = ctx.config.invite_ttl();
    let tls = match (&ctx.config.serve.tls_cert, &ctx.config.serve.tls_key) {
        (Some(cert), Some(key)) => Some(crate::serve::Tls {
            cert: cert.clone(),
            key: key.clone(),
        }),
        (None, None) => None,
        _ => {
            return Err(Error::usage(format!(
                "config {}: [serve] needs both tls_cert and tls_key for HTTPS",
                ctx.paths.config.display()
            )))
        }
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    crate::serve::run(s, &listen, tls.as_ref(), |addr| {
        ctx.printer.status(&format!(
            "orgadm: serving invitations on {scheme}://{addr}/join?token=..., SCIM 2.0 on {scheme}://{addr}/scim/v2 and the admin API on {scheme}://{addr}/api/v1 (Ctrl-C to stop)"
        ));
        if ctx.config.invite_url.is_none() {
            ctx.printer.note(&format!(
                "set `invite_url = \"{scheme}://{addr}/join?token={{token}}\"` in the config so invitation emails link here"
            ));
        }
    })
}

/// The token in the variable `[serve] metrics_token` names: set, and long
/// enough not to be guessed (a short one would open `/metrics` to anyone
/// patient).
fn metrics_token(var: &str) -> Result<String> {
    let token = std::env::var(var).unwrap_or_default();
    if token.is_empty() {
        return Err(Error::usage(format!(
            "[serve] metrics_token names {}, but that variable is not set",
            crate::validate::printable(var)
        )));
    }
    if token.chars().count() < 16 {
        return Err(Error::usage(format!(
            "[serve] metrics_token: the token in {} is shorter than 16 characters",
            crate::validate::printable(var)
        )));
    }
    Ok(token)
}

/// `--no-email` and `--expires-in`, for every command that sends invitations.
#[derive(Args, Debug, Clone)]
pub struct SendArgs {
    /// Send nothing: print the accept link (or, without invite_url, the token) instead
    #[arg(long)]
    pub no_email: bool,
    /// How long the invitation stays valid, e.g. 90m, 36h, 7d [default: invite_ttl or 7d]
    #[arg(long, value_name = "DURATION")]
    pub expires_in: Option<String>,
}

/// `--dry-run`, taken by every command that changes something.
#[derive(Args, Debug, Clone, Copy)]
pub struct DryRun {
    /// Print the change and its impact; change nothing and never ask
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create the database and its first active org-admin
    Init(admin::InitArgs),
    /// Invite, edit, remove, list and show people
    #[command(subcommand)]
    User(user::UserCmd),
    /// The Invited Users view: list, edit, resend, revoke, accept invitations
    #[command(subcommand)]
    Invite(invite::InviteCmd),
    /// Groups: members inherit the group's roles
    #[command(subcommand)]
    Group(group::GroupCmd),
    /// The roles and what each may do
    #[command(subcommand)]
    Role(admin::RoleCmd),
    /// Show the acting person and their effective roles (remotely: and the credential)
    Whoami,
    /// Exit 0 if a person may use a capability (admin, billing, general), else 6
    Check(token::CheckArgs),
    /// API tokens for CI jobs and apps that talk to `orgadm serve`
    #[command(subcommand)]
    Token(token::TokenCmd),
    /// Sign in to an `orgadm serve` (`--server URL`) and keep the credential
    Login(login::LoginArgs),
    /// Forget the credential for a server
    Logout,
    /// The audit log, newest first; `audit verify` checks its hash chain
    Audit(admin::AuditArgs),
    /// Make the organization match a TOML file of groups and users
    Apply(apply::ApplyArgs),
    /// Change events for apps, as JSON lines, oldest first (`--follow` waits for more)
    Events(events::EventsArgs),
    /// Webhooks: `orgadm serve` sends each change event to them, signed
    #[command(subcommand)]
    Webhook(webhook::WebhookCmd),
    /// Print the organization in the format `apply` reads
    Export,
    /// Copy the organization to another store (SQLite file or PostgreSQL)
    #[command(subcommand)]
    Db(db::DbCmd),
    /// SCIM 2.0 for identity providers: the tokens `orgadm serve` accepts
    #[command(subcommand)]
    Scim(scim::ScimCmd),
    /// Serve the page an invitee opens from the email link, with its Accept button
    ///
    /// Also serves SCIM 2.0 under `/scim/v2` for identity providers, the admin
    /// API under `/api/v1` for remote mode (`--server`), and delivers webhooks.
    /// Limits, for a server on the open internet: 512 connections at once, at
    /// most 64 from one client address (`[serve] max_connections_per_client`;
    /// raise it behind a reverse proxy, whose address every client shares),
    /// 3 s to send a first byte, 10 s for a request's head of at most 32 KiB
    /// (431 past it; `[serve] header_timeout`, 1s to 5m, also bounds the first
    /// byte when shorter), 20 s for its body (408 past it; `[serve]
    /// body_timeout`, 1s to 1h: raise it for large remote `apply` files on
    /// slow links). A connection is kept for 5 minutes (`[serve]
    /// connection_life`, 1s to 1d), then closed after its request in flight.
    ///
    /// Running it: `GET /healthz` answers 200 while the store answers, 503
    /// when it does not (no credential). `GET /metrics` is the Prometheus
    /// (OpenMetrics text) view: requests by method, route and status, a
    /// latency histogram by route, store errors, whether the store is up, and
    /// the events webhooks have not taken yet. It answers clients on a
    /// loopback address that did not come through a proxy (no `Forwarded` or
    /// `X-Forwarded-For` header); others need `Authorization: Bearer TOKEN`
    /// with the token in the environment variable `[serve] metrics_token`
    /// names (16 characters or more). SIGTERM or SIGINT stops taking
    /// connections, lets requests in flight finish for up to 10 s, and exits
    /// 0. Each request writes one logfmt line on stderr: `ts`, `method`,
    /// `route` (the route's template, e.g. `/api/v1/people/{user}`, or
    /// `(other)`; never the path as sent, a query string or a token),
    /// `status`, `duration_ms` and `client` (the peer's address). A systemd
    /// unit with the usual hardening is in the source at
    /// `src/serve/orgadm.service`.
    Serve(ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(docs::CompletionsArgs),
    /// Write the man pages into a folder
    Man(docs::ManArgs),
}

/// Everything a command needs from its surroundings, resolved once.
pub struct Ctx {
    pub global: GlobalArgs,
    pub paths: Paths,
    pub config: Config,
    pub printer: Printer,
    pub os_user: String,
}

impl Ctx {
    /// Remote mode's server: `--server`, ORGADM_SERVER, or `server` in the config.
    pub fn server(&self) -> Option<String> {
        self.global
            .server
            .clone()
            .or_else(|| self.config.server.clone())
            .filter(|s| !s.trim().is_empty())
    }

    /// The acting admin: `--as`, ORGADM_ACTOR, or `actor` in the config.
    pub fn actor(&self) -> Result<String> {
        self.global
            .actor
            .clone()
            .or_else(|| self.config.actor.clone())
            .ok_or_else(|| {
                Error::forbidden(
                    "no acting admin is set, so orgadm cannot tell who is making this change",
                )
                .hint(format!(
                    "pass `--as EMAIL`, set ORGADM_ACTOR, or add `actor = \"EMAIL\"` to {}",
                    self.paths.config.display()
                ))
            })
    }

    pub fn open(&self, access: Access) -> Result<Org> {
        Org::open(&self.paths.db, access, &self.os_user)
    }

    pub fn mailer(&self) -> Result<Mailer> {
        let password = self
            .config
            .mail
            .password_env
            .as_ref()
            .and_then(|v| std::env::var(v).ok());
        Mailer::new(&self.config, &self.paths, password)
    }

    /// When an invitation made now expires: `--expires-in`, else
    /// `invite_ttl`, else 7 days.
    pub fn invite_expiry(&self, expires_in: Option<&str>) -> Result<i64> {
        let ttl = match expires_in {
            Some(d) => crate::time::duration("--expires-in", d, crate::time::VALIDITY)?,
            None => self.config.invite_ttl(),
        };
        Ok(crate::time::after(ttl))
    }

    pub fn color(&self) -> bool {
        self.printer.color
    }
}

/// Runs orgadm with the process's arguments and returns its exit code.
pub fn run() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // A shell asking for completions (COMPLETE=bash ...): answer and stop.
    match clap_complete::CompleteEnv::with_factory(command)
        .bin("orgadm")
        .completer("orgadm")
        .try_complete(args.clone(), std::env::current_dir().ok().as_deref())
    {
        Ok(true) => return ExitCode::SUCCESS,
        Ok(false) => {}
        Err(_) => return ExitCode::SUCCESS,
    }
    let json = args.iter().any(|a| a == "--json");
    let cli = match command()
        .try_get_matches_from(&args)
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind as K;
            if matches!(
                e.kind(),
                K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return ExitCode::from(
                    if e.kind() == K::DisplayHelpOnMissingArgumentOrSubcommand {
                        2
                    } else {
                        0
                    },
                );
            }
            if json {
                // clap's message up to its usage block, on one line, in the
                // printer's one JSON error shape: "the following required
                // arguments were not provided: --name <NAME>".
                let text = e.to_string();
                let first = text
                    .lines()
                    .take_while(|l| {
                        !l.starts_with("Usage:") && !l.starts_with("For more information")
                    })
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                let first = first.trim_start_matches("error: ");
                let printer = Printer {
                    json: true,
                    quiet: false,
                    color: false,
                };
                printer.error(&Error::usage(first));
            } else {
                let _ = e.print();
            }
            return ExitCode::from(Kind::Usage.code());
        }
    };
    let color = match cli.global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::IsTerminal::is_terminal(&std::io::stderr())
        }
    };
    let printer = Printer {
        json: cli.global.json,
        quiet: cli.global.quiet,
        color,
    };
    match dispatch(cli, printer) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind == Kind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            printer.error(&e);
            ExitCode::from(e.kind.code())
        }
    }
}

fn dispatch(cli: Cli, printer: Printer) -> Result<()> {
    // Generated documentation needs no config, database or actor.
    match cli.command {
        Command::Completions(a) => return docs::completions(&printer, a),
        Command::Man(a) => return docs::man(&printer, a),
        _ => {}
    }
    let (paths, config) = Paths::resolve(cli.global.db.clone(), cli.global.config.clone())?;
    let ctx = Ctx {
        global: cli.global,
        paths,
        config,
        printer,
        // The audit log records the real uid, not $USER.
        os_user: crate::config::os_user_name(),
    };
    if let Some(url) = ctx.server() {
        if !runs_only_locally(&cli.command) {
            return remote(&ctx, &url, cli.command);
        }
    }
    let local = backend::Backend::Local(&ctx);
    match cli.command {
        Command::Check(a) => token::check(&ctx, &local, a),
        Command::Token(c) => token::run(&ctx, &local, c),
        Command::Login(_) | Command::Logout => Err(Error::usage(
            "login and logout need a server: pass `--server URL` (or set ORGADM_SERVER, or `server` in the config)",
        )),
        Command::Init(a) => admin::init(&ctx, a),
        Command::User(c) => user::run(&ctx, &local, c),
        Command::Invite(c) => invite::run(&ctx, &local, c),
        Command::Group(c) => group::run(&ctx, &local, c),
        Command::Role(c) => admin::role(&ctx, c),
        Command::Whoami => admin::whoami(&ctx, &local),
        Command::Audit(a) => admin::audit(&ctx, &local, a),
        Command::Apply(a) => apply::apply(&ctx, &local, a),
        Command::Events(a) => events::run(&ctx, &local, a),
        Command::Webhook(c) => webhook::run(&ctx, &local, c),
        Command::Export => apply::export(&ctx, &local),
        Command::Db(c) => db::run(&ctx, c),
        Command::Scim(c) => scim::run(&ctx, &local, c),
        Command::Serve(a) => serve(&ctx, a),
        Command::Completions(_) | Command::Man(_) => Ok(()),
    }
}

/// Commands that work on the store here even when a server is configured.
fn runs_only_locally(c: &Command) -> bool {
    matches!(
        c,
        Command::Init(_)
            | Command::Serve(_)
            | Command::Db(_)
            | Command::Completions(_)
            | Command::Man(_)
    )
}

/// Remote mode: the command runs on the server, as the signed-in caller.
fn remote(ctx: &Ctx, url: &str, command: Command) -> Result<()> {
    if ctx.global.db.is_some() {
        return Err(Error::usage(
            "`--db` (or ORGADM_DB) and a server cannot be used together: in remote mode the server holds the store",
        )
        .hint("drop `--db`, or drop `--server` / ORGADM_SERVER / `server` in the config to work on a store here"));
    }
    if ctx.global.actor.is_some() || ctx.config.actor.is_some() {
        return Err(Error::usage(
            "`--as`, ORGADM_ACTOR and `actor` in the config do not apply in remote mode: the server knows who you are from your sign-in",
        )
        .hint("drop them; `orgadm whoami` shows who you are signed in as"));
    }
    let on_server = || login::remote(ctx, url).map(backend::Backend::Remote);
    match command {
        Command::Login(a) => login::login(ctx, url, a),
        Command::Logout => login::logout(ctx, url),
        Command::Whoami => admin::whoami(ctx, &on_server()?),
        Command::Check(a) => token::check(ctx, &on_server()?, a),
        Command::Token(c) => token::run(ctx, &on_server()?, c),
        Command::Audit(a) => admin::audit(ctx, &on_server()?, a),
        Command::Export => apply::export(ctx, &on_server()?),
        Command::User(c) => user::run(ctx, &on_server()?, c),
        Command::Invite(invite::InviteCmd::Accept(_)) => Err(Error::usage(
            "`invite accept` takes the invitee's token, not a sign-in: open the link from the invitation email, or run it on the server's host",
        )),
        Command::Invite(c) => invite::run(ctx, &on_server()?, c),
        Command::Group(c) => group::run(ctx, &on_server()?, c),
        Command::Apply(a) => apply::apply(ctx, &on_server()?, a),
        Command::Events(a) => events::run(ctx, &on_server()?, a),
        Command::Webhook(c) => webhook::run(ctx, &on_server()?, c),
        // Built in: nothing to ask the server.
        Command::Role(c) => admin::role(ctx, c),
        Command::Scim(c) => scim::run(ctx, &on_server()?, c),
        Command::Init(_)
        | Command::Serve(_)
        | Command::Db(_)
        | Command::Completions(_)
        | Command::Man(_) => Err(Error::internal("a local command sent to a server")),
    }
}

/// The clap command tree, for completions and man pages.
pub fn command() -> clap::Command {
    docs::with_examples(Cli::command())
}

pub use docs::{completion_script, man_pages};
pub(crate) use send::{finish_sending, report_sending, undelivered};

/// Runs a changing command's request through its backend: a change that
/// needs no question is measured and committed at once; one that needs a
/// question comes back planned (refusals come before any question), is
/// shown and asked, then committed against the impact shown. With
/// `--dry-run` it is only planned and printed. Returns the committed
/// request, or None for a dry run.
pub(crate) fn run_request(
    ctx: &Ctx,
    backend: &backend::Backend,
    req: &Request,
    dry_run: bool,
) -> Result<Option<Done>> {
    run_request_with(ctx, backend, req, dry_run, None)
}

/// [`run_request`] with a progress bar for a large local change.
pub(crate) fn run_request_with(
    ctx: &Ctx,
    backend: &backend::Backend,
    req: &Request,
    dry_run: bool,
    progress: Option<std::sync::Arc<crate::org::ProgressFn>>,
) -> Result<Option<Done>> {
    let how = if dry_run {
        How::Plan
    } else {
        How::Unasked {
            yes: ctx.global.yes,
        }
    };
    let plan = match backend.submit(req, how, progress.clone())? {
        Outcome::Done(d) => return Ok(Some(*d)),
        Outcome::Planned(plan) => *plan,
    };
    if dry_run {
        ctx.printer.plan(&plan, true, None)?;
        return Ok(None);
    }
    confirm(ctx, &plan)?;
    // Only the impact is needed now: let the measured records go before the
    // commit measures the change again (an apply of 100,000 people would
    // otherwise hold both).
    let shown = plan.into_impact();
    match backend.submit(req, How::Shown(&shown), progress)? {
        Outcome::Done(d) => Ok(Some(*d)),
        Outcome::Planned(_) => Err(Error::internal("a confirmed change came back unwritten")),
    }
}

/// Shows a change that needs a question and asks it; declined, or no
/// terminal to ask on, is exit 5 with nothing changed.
fn confirm(ctx: &Ctx, plan: &Plan) -> Result<()> {
    let what = plan
        .changes
        .iter()
        .map(crate::cli::output::describe)
        .collect::<Vec<_>>();
    if !crate::cli::prompt::interactive() {
        return Err(Error::needs_confirmation(format!(
            "this change needs confirmation ({}), and there is no terminal to ask on; nothing was changed",
            what.first().cloned().unwrap_or_default()
        ))
        .hint("rerun with `--yes` to apply it, or with `--dry-run` to see it")
        .with_impact(plan.impact.clone()));
    }
    if what.len() > 1 {
        // A many-part change (apply --prune) lists what it would do.
        ctx.printer.status("this change would:");
        for w in &what {
            ctx.printer.status(&format!("  {w}"));
        }
    }
    ctx.printer.impact(&plan.impact);
    let question = format!("{}?", what.first().cloned().unwrap_or_default())
        + &if what.len() > 1 {
            format!(" (and {} more changes)", what.len() - 1)
        } else {
            String::new()
        };
    if !crate::cli::prompt::confirm(&capitalize(&question), ctx.color())? {
        return Err(Error::needs_confirmation("declined; nothing was changed"));
    }
    Ok(())
}

/// The question's first letter in capitals, unless it starts with an email
/// (`carol@example.com: ...` stays as typed).
fn capitalize(s: &str) -> String {
    if s.split_whitespace().next().is_some_and(|w| w.contains('@')) {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Parses role names (CLI or display names).
pub(crate) fn roles(names: &[String]) -> Result<Vec<crate::role::Role>> {
    names
        .iter()
        .map(|n| Ok(crate::role::Role::parse(n)?))
        .collect()
}
