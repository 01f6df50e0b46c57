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

use orgadm::org::invites::Token;
use orgadm::org::{Change, Op, Org};
use orgadm::role::{Role, RoleSet};
use orgadm::store::Access;

const BIN: &str = env!("CARGO_BIN_EXE_orgadm");
const RUNS: usize = 7;
const ADMIN: &str = "admin@example.com";

fn seed(db: &Path, n: usize) -> Duration {
    Org::init(db, "Bench", ADMIN, Some("Admin"), "bench").unwrap();
    let mut org = Org::open(db, Access::Write, "bench").unwrap();
    let setup = Change::new(
        "bench",
        "group:Big",
        vec![Op::CreateGroup {
            name: "Big".into(),
            roles: RoleSet::of([Role::FinanceAdmin]),
        }],
    );
    let plan = org.plan(ADMIN, &setup).unwrap();
    org.commit(ADMIN, &setup, &plan.impact).unwrap();
    let ops: Vec<Op> = (0..n)
        .map(|i| Op::Invite {
            email: orgadm::validate::email(&format!("p{i}@example.com")).unwrap(),
            name: format!("Person {i}"),
            roles: RoleSet::of([Role::User]),
            // Every tenth person is in Big; they are the ones a delete would touch.
            groups: if i % 10 == 0 {
                vec!["Big".into()]
            } else {
                vec![]
            },
            token_hash: Token::generate().unwrap().hash,
            expires_at: orgadm::time::now() + 86400,
        })
        .collect();
    let change = Change::new("bench", "seed", ops);
    let t = Instant::now();
    let plan = org.plan(ADMIN, &change).unwrap();
    org.commit(ADMIN, &change, &plan.impact).unwrap();
    t.elapsed()
}

fn run(db: &Path, args: &[String]) -> Duration {
    let t = Instant::now();
    let st = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--as", ADMIN, "--config"])
        .arg(db.with_extension("no-config.toml"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let d = t.elapsed();
    assert!(st.success(), "orgadm {args:?} failed");
    d
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// A command's arguments for run `i` (varied so each run does real work).
type Args = Box<dyn Fn(usize) -> Vec<String>>;

/// The commands measured.
fn commands(n: usize) -> Vec<(&'static str, Args)> {
    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }
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
            Box::new(move |i| s(&["user", "show", &format!("p{}@example.com", (i * 7919) % n)])),
        ),
        (
            "user edit --add-role",
            Box::new(move |i| {
                s(&[
                    "user",
                    "edit",
                    &format!("p{}@example.com", (i * 104_729) % n),
                    "--add-role",
                    "finance-admin",
                ])
            }),
        ),
        (
            "group manage --add",
            Box::new(move |i| {
                s(&[
                    "group",
                    "manage",
                    "Big",
                    "--add",
                    &format!("p{}@example.com", 1 + (i * 31) % (n - 1)),
                ])
            }),
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

fn measure(n: usize) -> (Duration, Vec<(&'static str, Duration)>) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let seeded = seed(&db, n);
    let out = commands(n)
        .into_iter()
        .map(|(name, args)| {
            (
                name,
                median((0..RUNS).map(|i| run(&db, &args(i))).collect()),
            )
        })
        .collect();
    (seeded, out)
}

fn main() {
    let n: usize = std::env::var("ORGADM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let base_n = 1_000.min(n);
    let (base_seed, base) = measure(base_n);
    let (seed_n, big) = measure(n);
    println!("orgadm scale benchmark: median of {RUNS} runs of the release binary, {base_n} vs {n} people");
    println!(
        "seed (one change of N invitations): {:>9.1} ms vs {:>9.1} ms",
        base_seed.as_secs_f64() * 1e3,
        seed_n.as_secs_f64() * 1e3
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
            "{:<40} {:>9.1} ms {:>9.1} ms {:>7.1}x",
            name,
            b.as_secs_f64() * 1e3,
            m.as_secs_f64() * 1e3,
            m.as_secs_f64() / b.as_secs_f64()
        );
    }
}
