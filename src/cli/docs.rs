//! `orgadm completions SHELL` and `orgadm man DIR`: generated from the clap
//! tree, so they cannot drift from the binary (a test compares them with the
//! committed copies in `completions/` and `man/`).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};

use crate::error::{Error, Result};

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// The folder to write the pages into (created if missing)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

pub fn completions(printer: &crate::cli::output::Printer, a: CompletionsArgs) -> Result<()> {
    let text = completion_script(a.shell);
    printer.out(text.trim_end())
}

/// The completion script for `shell`: a registration that asks `orgadm`
/// itself (on PATH) for every completion, so it offers what the binary and
/// the database have now (see `cli::complete`).
pub fn completion_script(shell: clap_complete::Shell) -> String {
    let name = match shell {
        clap_complete::Shell::Bash => "bash",
        clap_complete::Shell::Elvish => "elvish",
        clap_complete::Shell::Fish => "fish",
        clap_complete::Shell::PowerShell => "powershell",
        clap_complete::Shell::Zsh => "zsh",
        _ => "bash",
    };
    let shells = clap_complete::env::Shells::builtins();
    let mut buf = Vec::new();
    if let Some(c) = shells.completer(name) {
        let _ = c.write_registration("COMPLETE", "orgadm", "orgadm", "orgadm", &mut buf);
    }
    String::from_utf8_lossy(&buf).into_owned()
}

pub fn man(printer: &crate::cli::output::Printer, a: ManArgs) -> Result<()> {
    let written = write_man_pages(&a.dir)?;
    if printer.json {
        return printer.json(&serde_json::json!({ "written": written }));
    }
    for p in written {
        printer.say(&p.display().to_string())?;
    }
    Ok(())
}

/// Writes `orgadm.1` and one page per subcommand (`orgadm-user-add.1`, ...).
pub fn write_man_pages(dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::usage(format!("cannot create {}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for (name, page) in man_pages()? {
        let path = dir.join(name);
        std::fs::write(&path, page)
            .map_err(|e| Error::usage(format!("cannot write {}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// Examples for every command that changes something, by command path: shown
/// at the end of `--help` and as the EXAMPLES section of its man page.
const EXAMPLES: &[(&str, &[&str])] = &[
    ("init", &[
        "orgadm init --admin ada@example.com --name \"Ada Lovelace\" --org \"Analytical Engines\"",
        "orgadm init --admin ada@example.com --invite-url 'https://orgadm.example.com/join?token={token}'",
        "orgadm init --db postgresql://orgadm@db.example.com/org?sslmode=verify-full --admin ada@example.com",
    ]),
    ("user add", &[
        "orgadm user add --email bob@example.com --name \"Bob Builder\" --role user",
        "orgadm user add --email fin@example.com --name Fin --group Billing --expires-in 3d",
        "orgadm user add --email ci@example.com --name CI --role user --no-email --json",
    ]),
    ("user edit", &[
        "orgadm user edit bob@example.com --add-role finance-admin",
        "orgadm user edit \"Bob Builder\" --set-roles user --remove-group Billing",
        "orgadm user edit bob@exmaple.com --email bob@example.com   # an invited person: new link sent",
    ]),
    ("user remove", &["orgadm user remove bob@example.com", "orgadm user remove bob@example.com --dry-run"]),
    ("user suspend", &["orgadm user suspend bob@example.com", "orgadm user suspend bob@example.com --dry-run --json"]),
    ("user unsuspend", &["orgadm user unsuspend bob@example.com"]),
    ("invite edit", &["orgadm invite edit carol@example.com --add-group Billing", "orgadm invite edit carol@exmaple.com --email carol@example.com"]),
    ("invite resend", &["orgadm invite resend carol@example.com", "orgadm invite resend --failed", "orgadm invite resend carol@example.com --no-email --expires-in 1d"]),
    ("invite revoke", &["orgadm invite revoke carol@example.com"]),
    ("invite accept", &["orgadm invite accept 'https://orgadm.example.com/join?token=TOKEN'", "pbpaste | orgadm invite accept -"]),
    ("group create", &["orgadm group create Billing --role finance-admin", "orgadm group create Engineering --role user"]),
    ("group edit", &["orgadm group edit Eng --name Engineering", "orgadm group edit Billing --add-role user --dry-run"]),
    ("group manage", &[
        "orgadm group manage Billing --add fin@example.com --remove bob@example.com",
        "orgadm group manage Billing   # interactive on a terminal",
    ]),
    ("group delete", &["orgadm group delete Billing", "orgadm group delete Billing --yes   # in a script: no question"]),
    ("apply", &[
        "orgadm apply org.toml --dry-run",
        "orgadm apply org.toml --no-email --json",
        "orgadm apply people.csv",
        "orgadm export > org.toml && orgadm apply org.toml --prune --yes",
    ]),
    ("db copy", &[
        "orgadm db copy --to postgresql://orgadm@db.example.com/org?sslmode=verify-full",
        "orgadm --db postgresql://orgadm@db.example.com/org db copy --to backup.db",
    ]),
    ("scim token create", &["orgadm scim token create okta", "orgadm scim token create entra --expires-in 365d"]),
    ("scim token revoke", &["orgadm scim token revoke okta"]),
    ("token create", &[
        "orgadm token create deploy --expires-in 30d",
        "orgadm token create menus --scope check --server https://orgadm.example.com",
    ]),
    ("token revoke", &["orgadm token revoke deploy", "orgadm token revoke 42 --server https://orgadm.example.com"]),
    ("login", &["orgadm login --with-token --server https://orgadm.example.com < token.txt"]),
    ("check", &["orgadm check ada@example.com billing && echo 'show billing'", "orgadm check bob@example.com admin --json"]),
];

fn examples_for(path: &str) -> Option<&'static [&'static str]> {
    EXAMPLES.iter().find(|(p, _)| *p == path).map(|(_, e)| *e)
}

/// The clap tree with each changing command's examples after its help.
pub fn with_examples(cmd: clap::Command) -> clap::Command {
    fn walk(cmd: clap::Command, prefix: &str) -> clap::Command {
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        let mut cmd = cmd;
        for n in names {
            let path = if prefix.is_empty() {
                n.clone()
            } else {
                format!("{prefix} {n}")
            };
            cmd = cmd.mut_subcommand(&n, |sub| {
                let sub = match examples_for(&path) {
                    Some(ex) => sub.after_help(format!(
                        "Examples:\n{}",
                        ex.iter()
                            .map(|e| format!("  {e}"))
                            .collect::<Vec<_>>()
                            .join("\n")
                    )),
                    None => sub,
                };
                walk(sub, &path)
            });
        }
        cmd
    }
    walk(cmd, "")
}

/// Every man page as (file name, roff text), the root page first.
pub fn man_pages() -> Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = super::Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    let mut root = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render(&mut root)?;
    root.write_all(ROOT_EXTRA.as_bytes())?;
    pages.push((man.get_filename(), root));
    fn walk(cmd: &clap::Command, prefix: &str, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let path = if prefix.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{prefix} {}", sub.get_name())
            };
            let man = clap_mangen::Man::new(sub.clone());
            let mut buf = Vec::new();
            man.render(&mut buf)?;
            if let Some(ex) = examples_for(&path) {
                buf.write_all(b".SH EXAMPLES\n")?;
                for e in ex {
                    let line = e.replace('\\', "\\\\").replace('-', "\\-");
                    writeln!(buf, ".PP\n.nf\n\\fB{line}\\fR\n.fi")?;
                }
            }
            pages.push((man.get_filename(), buf));
            walk(sub, &path, pages)?;
        }
        Ok(())
    }
    walk(&cmd, "", &mut pages)?;
    Ok(pages)
}

/// What `orgadm.1` says beyond the flags: where things live, exit codes, the
/// security model, and the rules an admin should know.
const ROOT_EXTRA: &str = r#".SH FILES
.TP
\fI$XDG_DATA_HOME/orgadm/orgadm.db\fR
The database (override with \fB\-\-db\fR, \fBORGADM_DB\fR or \fBdb\fR in the config). It and its \fB\-wal\fR/\fB\-shm\fR companions are mode 0600.
Commands other than \fBinit\fR never create it.
.TP
\fIpostgresql://USER@HOST:PORT/DBNAME?sslmode=verify\-full&sslrootcert=/path/ca.pem\fR
A shared PostgreSQL database instead of the file, in libpq's URI form (\fBpostgres://\fR works too). \fBsslmode\fR is
\fBdisable\fR, \fBprefer\fR (default: encrypt if offered, unverified), \fBrequire\fR (encrypt, unverified unless
\fBsslrootcert\fR is given), \fBverify\-ca\fR (a chain to a trusted root) or \fBverify\-full\fR (the chain and the host name);
\fBsslrootcert\fR names the CA file (default: the public web roots); \fBconnect_timeout\fR is in seconds (default 10);
\fBapplication_name\fR is passed on. \fBorgadm init \-\-db URL\fR creates orgadm's tables in an empty database; a database
holding other tables is refused. Writers take one row lock first (waiting up to \fB[db] busy_timeout\fR, 30 s by default), so they serialize
organization\-wide as on SQLite. \fBorgadm db copy \-\-to TARGET\fR moves an organization between stores.
.TP
\fI$XDG_CONFIG_HOME/orgadm/config.toml\fR
The config (override with \fB\-\-config\fR or \fBORGADM_CONFIG\fR). Keys: \fBactor\fR, \fBserver\fR and \fBca_file\fR (remote mode), \fBdb\fR (a path or URL; or a \fB[db]\fR table with
\fBurl\fR, \fBpassword_env\fR, the variable holding the PostgreSQL password, \fBbusy_timeout\fR, how long a PostgreSQL write waits for the writers' lock, 1s to 1h, default 30s; SQLite's busy timeout is 30 s, and \fBanswer_timeout\fR, how long any one statement waits for PostgreSQL's answer before the command ends with exit 8, 1s to 1h, default 60s), \fBinvite_url\fR (with \fB{token}\fR), \fBinvite_ttl\fR,
and under \fB[mail]\fR: \fBtransport\fR (file, smtp, sendmail, none), \fBfrom\fR, \fBdir\fR, \fBhost\fR, \fBport\fR, \fBtls\fR (none, starttls, tls),
\fBusername\fR, \fBpassword_env\fR, \fBca_file\fR, \fBtimeout\fR, \fBsendmail_command\fR. An unknown key or a wrong type is an error naming the file, line and key.
.TP
\fI$XDG_CONFIG_HOME/orgadm/credentials.toml\fR
Remote mode's stored credentials, one per server URL, written by \fBorgadm login\fR: mode 0600 in a 0700 folder; a file
that others can read is refused (exit 2). Beside the config file when \fB\-\-config\fR moves it.
.TP
\fI$XDG_DATA_HOME/orgadm/outbox/\fR
The file transport's messages, one \fB.eml\fR per invitation, mode 0600 (they hold live tokens).
.SH ENVIRONMENT
.TP
\fBORGADM_DB\fR, \fBORGADM_CONFIG\fR, \fBORGADM_ACTOR\fR
Defaults for \fB\-\-db\fR, \fB\-\-config\fR and \fB\-\-as\fR.
.TP
\fBORGADM_SERVER\fR, \fBORGADM_TOKEN\fR, \fBORGADM_CA_FILE\fR
Remote mode: the server (\fB\-\-server\fR, or \fBserver\fR in the config), a credential that wins over the stored one, and a
CA file (PEM) to trust for the server's certificate instead of the public web roots (\fBca_file\fR in the config).
\fBhttp://\fR is accepted only to a loopback address. In remote mode \fB\-\-db\fR, \fB\-\-as\fR and \fBactor\fR are exit 2.
Every command that reads or changes the organization runs on the server, with the same output and exit codes;
\fBinit\fR, \fBdb\fR, \fBserve\fR and \fBinvite accept\fR run where the store is. The server's \fB[serve]\fR keys for it:
\fBpublic_url\fR (the base of sign-in links), \fBsession_ttl\fR (12h), \fBsign_in_interval\fR (how often \fBlogin\fR
polls, 5s; shorter is for tests), \fBmetrics_token\fR (the variable holding the bearer token for \fB/metrics\fR),
\fBheader_timeout\fR and \fBbody_timeout\fR (10s and 20s: how long a client may take to send a request's head
and its body), and \fBconnection_life\fR (5m: how long one connection is kept; it is then closed after its request
in flight, never during one).
.TP
\fBPGPASSWORD\fR, \fBPGUSER\fR
The PostgreSQL password (the variable named by \fB[db] password_env\fR wins) and the user when the URL names none
(default: the OS user). A password never belongs in a file; one in the URL works, but no message prints it.
.TP
\fBNO_COLOR\fR
Turns color off.
.SH EXIT STATUS
.TP
\fB0\fR ok
done, a dry run, or a no\-op
.TP
\fB1\fR internal
a bug or an unexpected I/O failure
.TP
\fB2\fR usage
bad flags or values, an invalid email, name or role, an ambiguous USER, a bad config
.TP
\fB3\fR not_found
no such person, group or invitation; a token unknown, expired or used. A USER
that names nobody is answered with the people it looks like ("did you mean"),
found among those whose email or name sorts next to it and those sharing its
first trigrams, within its domain or, when nobody has that domain, the
organization's closest one (\fBbob@exmaple.com\fR: \fBbob@example.com\fR)
.TP
\fB4\fR conflict
already exists, already initialized, or the impact grew since it was shown
.TP
\fB5\fR needs_confirmation
declined, or needed without a terminal and without \fB\-\-yes\fR
.TP
\fB6\fR forbidden
the actor is unknown, invited or not an active org\-admin; or no active org\-admin would remain
.TP
\fB7\fR delivery_failed
the change is saved but the invitation was not delivered (retry with \fBorgadm invite resend\fR)
.TP
\fB8\fR storage
the database is missing, locked past its 30 s timeout, corrupt, not orgadm's, from a newer orgadm or read\-only; or the audit chain is broken
.SH SECURITY
The acting admin is asserted, not authenticated: whoever can write the database file (or holds a PostgreSQL
role that can write orgadm's tables) can act as any admin. The file's permissions, or the database's grants,
are the security boundary; a role with SELECT only can run every read command. The actor check (only an active org\-admin may change
the organization) prevents mistakes and attributes every change, with the OS user, in the audit log.
Invitation tokens are 256 bits from the OS random source; only their SHA\-256 is stored, and they never
appear in the database, the audit log or an error message. The OS user recorded is the real uid's name
from the user database, not \fB$USER\fR.
.PP
People are unique by a normalized email (NFC, lowercase, IDNA domain). Emails and names with control,
zero\-width or text\-direction characters are refused, and so are address literals (\fBx@[127.0.0.1]\fR).
An email that only looks like an existing person's (the same Unicode TR39 confusable skeleton, such as a
Cyrillic \fBа\fR for a Latin \fBa\fR, or \fBrn\fR for \fBm\fR) is refused as a conflict (exit 4) naming
whom it imitates. An argument that contains \fB@\fR names an email only, never a display name.
.PP
Text that comes from outside (SMTP replies, file contents, request paths) is printed with control
characters escaped. A mail transport's error is stored without any part of the message it was sending,
in any encoding, and without the token. Durations (\fB\-\-expires\-in\fR, \fBinvite_ttl\fR) run from 1m to
365d; \fB[mail] timeout\fR from 1s to 1h, and it applies to the sendmail command too. A delivery that is
interrupted (orgadm killed while sending) leaves the invitation failed, for \fBorgadm invite resend \-\-failed\fR.
.PP
\fBorgadm serve\fR also serves SCIM 2.0 under \fB/scim/v2/\fR for identity providers (Okta, Entra ID), with bearer tokens
from \fBorgadm scim token create NAME\fR; SCIM changes follow the same rules and are audited as \fBscim:NAME\fR. The
\fB[scim]\fR config keys \fBdefault_roles\fR and \fBdefault_group_roles\fR (default \fBuser\fR) give roles to people and
groups created without any. It serves many clients at once: request headers must arrive within 10 s and fit in 32 KiB,
bodies within 20 s and their route's limit, at most 512 connections are open at once. Its access log
(one logfmt line per request on stderr) names only route templates and methods, never a path as sent,
a query string or a token. \fBGET /healthz\fR and \fBGET /metrics\fR (Prometheus; loopback clients, or
the bearer token \fB[serve] metrics_token\fR names) are described in \fBorgadm\-serve\fR(1).
.SH NOTES
Every change is measured before it is applied: who would be stranded (left with no effective role), who
would lose some roles, and how many active org\-admins would remain. \fBgroup delete\fR always asks, and so
does any other change that strands someone; without a terminal (stdin and stderr) nothing is asked and the
command needs \fB\-\-yes\fR. A change that would leave no active org\-admin is refused (exit 6) before any
question. People removed by \fBuser remove\fR or \fBinvite revoke\fR are gone, not stranded. Adding what is
already there, or removing what is not, is a no\-op that exits 0.
"#;
