//! `cargo bench --bench scale`: orgadm at 100,000 people.
//!
//! Seeds an organization through the core's one change path (one change of N
//! invitations, as `apply` will), then times the real binary: each command's
//! median over several runs, at a 1,000-person baseline and at N people
//! (`ORGADM_BENCH_PEOPLE`, default 100000), with the ratio. Figures, not
//! assertions: timing on a shared machine is for reading, not for failing CI.

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

fn seed(db: &Path, n: usize) -> Result<Duration> {
    Org::init(
        &Location::File(db.to_path_buf()),
        "Bench",
        ADMIN,
        Some("Admin"),
        "bench",
    )
    .context("init")?;
    let mut org =
        Org::open(&Location::File(db.to_path_buf()), Access::Write, "bench").context("open")?;
    let big = Op::CreateGroup {
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

fn run(db: &Path, args: &[String]) -> Result<Duration> {
    let t = Instant::now();
    let status = Command::new(BIN)
        .args([
            "--db",
            db.to_str().context("db path")?,
            "--as",
            ADMIN,
            "--config",
        ])
        .arg(db.with_extension("no-config.toml"))
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

fn measure(n: usize) -> Result<(Duration, Vec<(&'static str, Duration)>)> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.db");
    let seeded = seed(&db, n).with_context(|| format!("seed {n} people"))?;
    let mut out = Vec::new();
    for (name, args) in commands(n) {
        let times = (0..RUNS)
            .map(|i| run(&db, &args(i)))
            .collect::<Result<Vec<_>>>()?;
        out.push((name, median(times)));
    }
    Ok((seeded, out))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> Result<()> {
    let n: usize = std::env::var("ORGADM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let base_n = 1_000.min(n);
    let (base_seed, base) = measure(base_n)?;
    let (seed_n, big) = measure(n)?;
    println!("orgadm scale benchmark: median of {RUNS} runs of the release binary, {base_n} vs {n} people");
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
