//! `cargo bench --bench scale`: orgadm at 100,000 people.
//!
//! Seeds an organization through the core's one change path (one change of N
//! invitations, as `apply` will), then times the real binary: each command's
//! median over several runs, at a 1,000-person baseline and at N people
//! (`ORGADM_BENCH_PEOPLE`, default 100000), with the ratio. Figures, not
//! assertions: timing on a shared machine is for reading, not for failing CI.
//!
//! With `ORGADM_BENCH_PG=postgresql://USER@HOST:PORT` (a server where that
//! user may create databases), the same is measured on PostgreSQL, beside
//! `psql` running the same single-insert transaction as the baseline for
//! `user add`, and an `apply` of N people.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use orgadm::org::invites::Token;
use orgadm::org::{Change, Op, Org};
use orgadm::role::{Role, RoleSet};
use orgadm::store::{Access, Location};

const BIN: &str = env!("CARGO_BIN_EXE_orgadm");
const RUNS: usize = 7;
const ADMIN: &str = "admin@example.com";

fn commit(org: &mut Org, change: &Change) -> Result<()> {
    let plan = org.plan(ADMIN, change).context("plan")?;
    org.commit(ADMIN, change, &plan.impact).context("commit")?;
    Ok(())
}

fn seed(db: &Location, n: usize) -> Result<Duration> {
    Org::init(db, "Bench", ADMIN, Some("Admin"), "bench").context("init")?;
    let mut org = Org::open(db, Access::Write, "bench").context("open")?;
    let big = Op::CreateGroup {
        external_id: None,
        name: "Big".into(),
        roles: RoleSet::of([Role::FinanceAdmin]),
    };
    commit(&mut org, &Change::new("bench", "group:Big", vec![big]))?;
    let mut ops = Vec::with_capacity(n);
    for i in 0..n {
        ops.push(Op::Invite {
            email: orgadm::validate::email(&format!("p{i}@example.com"))?,
            name: format!("Person {i}"),
            roles: RoleSet::of([Role::User]),
            // Every tenth person is in Big: they are whom deleting it touches.
            groups: if i % 10 == 0 {
                vec!["Big".into()]
            } else {
                vec![]
            },
            token_hash: Token::generate()?.hash,
            expires_at: orgadm::time::now() + 86400,
        });
    }
    let t = Instant::now();
    commit(&mut org, &Change::new("bench", "seed", ops))?;
    Ok(t.elapsed())
}

fn run(db: &str, config: &Path, args: &[String]) -> Result<Duration> {
    let t = Instant::now();
    let status = Command::new(BIN)
        .args(["--db", db, "--as", ADMIN, "--config"])
        .arg(config)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("run orgadm")?;
    let took = t.elapsed();
    ensure!(status.success(), "orgadm {args:?} failed");
    Ok(took)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// A command's arguments for run `i` (varied so each run does real work).
type Args = Box<dyn Fn(usize) -> Vec<String>>;

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// The commands measured.
fn commands(n: usize) -> Vec<(&'static str, Args)> {
    let person = move |i: usize| format!("p{}@example.com", i % n);
    vec![
        (
            "user add --no-email",
            Box::new(|i| {
                s(&[
                    "user",
                    "add",
                    "--email",
                    &format!("new{i}@example.com"),
                    "--name",
                    "New",
                    "--role",
                    "user",
                    "--no-email",
                ])
            }),
        ),
        (
            "user show",
            Box::new(move |i| s(&["user", "show", &person(i * 7919)])),
        ),
        (
            "user edit --add-role",
            Box::new(move |i| {
                s(&[
                    "user",
                    "edit",
                    &person(i * 104_729),
                    "--add-role",
                    "finance-admin",
                ])
            }),
        ),
        (
            "group manage --add",
            Box::new(move |i| s(&["group", "manage", "Big", "--add", &person(1 + i * 31)])),
        ),
        (
            "group delete --dry-run (n/10 members)",
            Box::new(|_| s(&["group", "delete", "Big", "--dry-run", "--json"])),
        ),
        (
            "user list --json (everyone)",
            Box::new(|_| s(&["user", "list", "--json"])),
        ),
        (
            "user list (table, everyone)",
            Box::new(|_| s(&["user", "list"])),
        ),
        (
            "user list --search",
            Box::new(|_| s(&["user", "list", "--search", "person 4242"])),
        ),
        (
            "invite list --json",
            Box::new(|_| s(&["invite", "list", "--json"])),
        ),
        (
            "audit --limit 20",
            Box::new(|_| s(&["audit", "--limit", "20"])),
        ),
        (
            "audit verify (whole chain)",
            Box::new(|_| s(&["audit", "verify"])),
        ),
    ]
}

/// Where a measured organization lives: a file in a temporary folder, or a
/// new database on the PostgreSQL server `ORGADM_BENCH_PG` names.
fn location(dir: &Path, pg: Option<&str>) -> Result<(String, Location)> {
    let text = match pg {
        None => dir.join("bench.db").display().to_string(),
        Some(base) => {
            let name = format!("bench_{}", uuid::Uuid::new_v4().simple());
            let mut c = postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls)
                .context("connect to ORGADM_BENCH_PG")?;
            c.batch_execute(&format!("CREATE DATABASE {name}"))?;
            format!("{base}/{name}")
        }
    };
    let loc = Location::parse(
        std::ffi::OsStr::new(&text),
        &orgadm::store::PgDefaults {
            password: std::env::var("PGPASSWORD").ok(),
            user: "orgadm".into(),
        },
    )?;
    Ok((text, loc))
}

fn measure(n: usize, pg: Option<&str>) -> Result<(Duration, Vec<(&'static str, Duration)>)> {
    let dir = tempfile::tempdir()?;
    let (db, loc) = location(dir.path(), pg)?;
    let config = dir.path().join("no-config.toml");
    let seeded = seed(&loc, n).with_context(|| format!("seed {n} people"))?;
    let mut out = Vec::new();
    for (name, args) in commands(n) {
        let times = (0..RUNS)
            .map(|i| run(&db, &config, &args(i)))
            .collect::<Result<Vec<_>>>()?;
        out.push((name, median(times)));
    }
    Ok((seeded, out))
}

/// PostgreSQL only: `psql` running one single-insert transaction (the
/// floor under `user add`), and `apply` of N people into an empty
/// organization.
fn pg_extras(base: &str, n: usize) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (db, loc) = location(dir.path(), Some(base))?;
    seed(&loc, 1000)?;
    let psql = (0..RUNS)
        .map(|i| {
            let t = Instant::now();
            let st = Command::new("psql")
                .args(["-qX", &db, "-c"])
                .arg(format!("BEGIN; INSERT INTO person (email, email_norm, email_skeleton, name, name_fold, status, created_at) VALUES ('psql{i}@example.com', 'psql{i}@example.com', 'psql{i}@example.com', 'P', 'p', 'invited', 0); COMMIT;"))
                .stdout(Stdio::null())
                .status()?;
            ensure!(st.success(), "psql failed");
            Ok(t.elapsed())
        })
        .collect::<Result<Vec<_>>>()?;
    let config = dir.path().join("no-config.toml");
    let add = (0..RUNS)
        .map(|i| {
            run(
                &db,
                &config,
                &s(&[
                    "user",
                    "add",
                    "--email",
                    &format!("x{i}@example.com"),
                    "--name",
                    "X",
                    "--role",
                    "user",
                    "--no-email",
                ]),
            )
        })
        .collect::<Result<Vec<_>>>()?;
    let (psql, add) = (median(psql), median(add));
    println!(
        "user add vs psql's one-insert transaction: {:.1} ms vs {:.1} ms = {:.1}x",
        ms(add),
        ms(psql),
        add.as_secs_f64() / psql.as_secs_f64()
    );
    let (db2, loc2) = location(dir.path(), Some(base))?;
    Org::init(&loc2, "Bench", ADMIN, Some("Admin"), "bench")?;
    let mut file =
        format!("[[user]]\nemail = \"{ADMIN}\"\nname = \"Admin\"\nroles = [\"org-admin\"]\n");
    for i in 0..n {
        file.push_str(&format!(
            "[[user]]\nemail = \"a{i}@example.com\"\nname = \"A {i}\"\nroles = [\"user\"]\n"
        ));
    }
    let f = dir.path().join("people.toml");
    std::fs::write(&f, file)?;
    let t = run(
        &db2,
        &config,
        &s(&["apply", f.to_str().context("path")?, "--no-email", "--json"]),
    )?;
    println!(
        "apply of {n} people into an empty organization: {:.1} s",
        t.as_secs_f64()
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn report(title: &str, n: usize, pg: Option<&str>) -> Result<()> {
    let base_n = 1_000.min(n);
    let (base_seed, base) = measure(base_n, pg)?;
    let (seed_n, big) = measure(n, pg)?;
    println!("{title}: median of {RUNS} runs of the release binary, {base_n} vs {n} people");
    println!(
        "seed (one change of N invitations): {:>9.1} ms vs {:>9.1} ms",
        ms(base_seed),
        ms(seed_n)
    );
    println!(
        "{:<40} {:>12} {:>12} {:>8}",
        "command",
        format!("@{base_n}"),
        format!("@{n}"),
        "ratio"
    );
    for ((name, b), (_, m)) in base.iter().zip(&big) {
        println!(
            "{name:<40} {:>9.1} ms {:>9.1} ms {:>7.1}x",
            ms(*b),
            ms(*m),
            m.as_secs_f64() / b.as_secs_f64()
        );
    }
    Ok(())
}

fn main() -> Result<()> {
    let n: usize = std::env::var("ORGADM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    report("orgadm scale benchmark, SQLite", n, None)?;
    match std::env::var("ORGADM_BENCH_PG") {
        Ok(base) => {
            let base = base.trim_end_matches('/');
            report("orgadm scale benchmark, PostgreSQL", n, Some(base))?;
            pg_extras(base, n)?;
        }
        Err(_) => println!(
            "PostgreSQL: set ORGADM_BENCH_PG=postgresql://USER@HOST:PORT to measure it too"
        ),
    }
    Ok(())
}
