//! `cargo bench --bench scale`: orgadm at 100,000 people.
//!
//! Seeds an organization through the core's one change path (one change of N
//! invitations, as `apply` will), then times the real binary: each command's
//! median over several runs, at a 1,000-person baseline and at N people
//! (`ORGADM_BENCH_PEOPLE`, default 100000), with the ratio. Figures, not
//! assertions: timing on a shared machine is for reading, not for failing CI.
//!
//! Then issue 13's table: the same commands at 1k and N in the shape of a
//! real company (an "Everyone" group), against the store's own client
//! (sqlite3, psql) inserting and importing the same rows, with peak RSS.
//!
//! Last, remote mode beside local mode in the same run: `user add` and
//! `user list --json` through a real `orgadm serve` and directly, and `wrk`
//! (Debian's package) on `GET /api/v1/check` and `GET /api/v1/people/EMAIL`.
//! `ORGADM_BENCH_ONLY=remote` runs that part alone.
//!
//! Then webhook delivery (SPEC §14): `orgadm serve` delivering M events
//! (`ORGADM_BENCH_EVENTS`, default 20000) to a receiver on 127.0.0.1, beside
//! a bare loop POSTing the same bodies to the same receiver in the same run.
//! `ORGADM_BENCH_ONLY=events` runs that part alone; `ORGADM_BENCH_ONLY=table`
//! runs the scale table alone, `ORGADM_BENCH_ONLY=commands` the
//! commands at 1k and N alone.
//!
//! With `ORGADM_BENCH_PG=postgresql://USER@HOST:PORT` (a server where that
//! user may create databases), all of it is measured on PostgreSQL too.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use orgadm::org::secret::Token;
use orgadm::org::{Change, Op, Org};
use orgadm::role::{Role, RoleSet};
use orgadm::store::{Access, Location};

const BIN: &str = env!("CARGO_BIN_EXE_orgadm");
const RUNS: usize = 7;
/// Runs of each side of the ratio to the store's own client.
const PAIRED_RUNS: usize = 31;
const ADMIN: &str = "admin@example.com";

fn commit(org: &mut Org, change: &Change) -> Result<()> {
    let plan = org.plan(ADMIN, change).context("plan")?;
    org.commit(ADMIN, change.clone(), &plan.impact)
        .context("commit")?;
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
    run_exiting(db, config, args, 0)
}

/// [`run`] of a command that exits with `code` (a near miss: 3).
fn run_exiting(db: &str, config: &Path, args: &[String], code: i32) -> Result<Duration> {
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
    ensure!(
        status.code() == Some(code),
        "orgadm {args:?} exited {status}"
    );
    Ok(took)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// A command's arguments for run `i` (varied so each run does real work).
type Args = Box<dyn Fn(usize) -> Vec<String>>;

/// `user add` of a new person `new{i}@example.com`, sending nothing.
fn add_args(i: usize) -> Vec<String> {
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
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// The commands measured.
fn commands(n: usize) -> Vec<(&'static str, Args)> {
    let person = move |i: usize| format!("p{}@example.com", i % n);
    vec![
        ("user add --no-email", Box::new(add_args)),
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
        // Exit 3 with "did you mean": a typo late in the local part, and a
        // mistyped domain (its person found at the organization's domain).
        (
            "user show (near miss, exit 3)",
            Box::new(move |i| s(&["user", "show", &format!("p{}x@example.com", (i * 7919) % n)])),
        ),
        (
            "user show (mistyped domain, exit 3)",
            Box::new(move |i| s(&["user", "show", &format!("p{}@exmaple.com", (i * 7919) % n)])),
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
            busy_timeout: orgadm::store::BUSY_TIMEOUT,
            answer_timeout: orgadm::store::ANSWER_TIMEOUT,
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
        let code = if name.ends_with("exit 3)") { 3 } else { 0 };
        let times = (0..RUNS)
            .map(|i| run_exiting(&db, &config, &args(i), code))
            .collect::<Result<Vec<_>>>()?;
        out.push((name, median(times)));
    }
    Ok((seeded, out))
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

/// The organization issue 13 measures: one "Everyone" group holding all N
/// people (role user), a tenth also in "Tenth" (finance-admin).
fn seed_everyone(db: &Location, n: usize) -> Result<()> {
    Org::init(db, "Bench", ADMIN, Some("Admin"), "bench").context("init")?;
    let mut org = Org::open(db, Access::Write, "bench").context("open")?;
    let groups = vec![
        Op::CreateGroup {
            external_id: None,
            name: "Everyone".into(),
            roles: RoleSet::of([Role::User]),
        },
        Op::CreateGroup {
            external_id: None,
            name: "Tenth".into(),
            roles: RoleSet::of([Role::FinanceAdmin]),
        },
    ];
    commit(&mut org, &Change::new("bench", "groups", groups))?;
    let mut ops = Vec::with_capacity(n);
    for i in 0..n {
        let mut groups = vec!["Everyone".to_string()];
        if i % 10 == 0 {
            groups.push("Tenth".into());
        }
        ops.push(Op::Invite {
            email: orgadm::validate::email(&format!("p{i}@example.com"))?,
            name: format!("Person {i}"),
            roles: RoleSet::EMPTY,
            groups,
            token_hash: Token::generate()?.hash,
            expires_at: orgadm::time::now() + 86400,
        });
    }
    commit(&mut org, &Change::new("bench", "seed", ops))
}

/// Wall time and peak RSS (kB) of one run, through /usr/bin/time.
fn timed_rss(db: &str, config: &Path, args: &[String]) -> Result<(Duration, u64)> {
    let t = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", BIN, "--db", db, "--as", ADMIN, "--config"])
        .arg(config)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .context("run /usr/bin/time (Debian's `time` package)")?;
    let took = t.elapsed();
    ensure!(
        out.status.success(),
        "orgadm {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rss = String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    Ok((took, rss))
}

/// The store issue 13's table is measured on, with its own client as the
/// floor orgadm is compared with (sqlite3, or psql).
#[derive(Clone, Copy)]
enum Floor<'a> {
    Sqlite,
    Postgres(&'a str),
}

impl Floor<'_> {
    fn client(&self) -> &'static str {
        match self {
            Floor::Sqlite => "sqlite3",
            Floor::Postgres(_) => "psql",
        }
    }

    /// A new, empty place for an organization.
    fn fresh(&self, dir: &Path, name: &str) -> Result<(String, Location)> {
        match self {
            Floor::Sqlite => {
                let path = dir.join(format!("{name}.db"));
                Ok((path.display().to_string(), Location::File(path)))
            }
            Floor::Postgres(base) => location(dir, Some(base)),
        }
    }

    /// The client's own time to run `sql` on `db`, fed on stdin.
    fn run(&self, db: &str, sql: &str) -> Result<Duration> {
        use std::io::Write;
        let mut c = match self {
            Floor::Sqlite => Command::new("sqlite3"),
            Floor::Postgres(_) => {
                let mut c = Command::new("psql");
                c.args(["-qX", "-v", "ON_ERROR_STOP=1"]);
                c
            }
        };
        let t = Instant::now();
        let mut child = c
            .arg(db)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .with_context(|| format!("run {} (Debian's package of that name)", self.client()))?;
        child
            .stdin
            .take()
            .context("stdin")?
            .write_all(sql.as_bytes())?;
        ensure!(child.wait()?.success(), "{} failed", self.client());
        Ok(t.elapsed())
    }

    /// One person's row, as the client inserts it.
    fn insert(&self, tag: &str) -> String {
        format!("INSERT INTO person (email, email_norm, email_skeleton, name, name_fold, status, created_at, scim_id) VALUES ('{tag}@example.com', '{tag}@example.com', '{tag}@example.com', 'S', 's', 'invited', 0, '{tag}');\n")
    }

    fn begin(&self) -> &'static str {
        match self {
            Floor::Sqlite => "BEGIN IMMEDIATE;\n",
            Floor::Postgres(_) => "BEGIN;\n",
        }
    }
}

/// Issue 13's table, side by side in one run: single-person commands at 1k
/// and N with the Everyone-group shape, against the store's own client
/// running one insert transaction; apply of N people against the client
/// importing the same rows in one transaction; peak RSS of apply and of
/// `user list --json`.
fn scale_table(n: usize, floor: Floor) -> Result<()> {
    let base_n = 1_000.min(n);
    let dir = tempfile::tempdir()?;
    let config = dir.path().join("no-config.toml");
    let mut shapes = Vec::new();
    for (name, size) in [("small", base_n), ("big", n)] {
        let (db, loc) = floor.fresh(dir.path(), &format!("everyone-{name}"))?;
        seed_everyone(&loc, size)?;
        shapes.push(db);
    }
    let client = floor.client();
    let mut rows: Vec<(String, String)> = Vec::new();
    let med = |db: &str, f: &dyn Fn(usize) -> Vec<String>| -> Result<Duration> {
        let times = (0..RUNS)
            .map(|i| run(db, &config, &f(i)))
            .collect::<Result<Vec<_>>>()?;
        Ok(median(times))
    };
    let add = add_args;
    let (small, big) = (shapes[0].as_str(), shapes[1].as_str());
    let (a1, a2) = (med(small, &add)?, med(big, &add)?);
    rows.push((
        format!("user add @{n} / @{base_n}"),
        format!(
            "{:.1} ms / {:.1} ms = {:.2}x",
            ms(a2),
            ms(a1),
            a2.as_secs_f64() / a1.as_secs_f64()
        ),
    ));
    let edit = move |i: usize| {
        s(&[
            "user",
            "edit",
            &format!("p{}@example.com", (i * 7 + 1) % base_n),
            "--add-role",
            "finance-admin",
        ])
    };
    let (e1, e2) = (med(small, &edit)?, med(big, &edit)?);
    rows.push((
        format!("user edit --add-role @{n} / @{base_n}"),
        format!(
            "{:.1} ms / {:.1} ms = {:.2}x",
            ms(e2),
            ms(e1),
            e2.as_secs_f64() / e1.as_secs_f64()
        ),
    ));
    // orgadm and the client take turns, so that a slow moment of the
    // machine lands on both sides of the ratio.
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for i in 0..PAIRED_RUNS {
        ours.push(run(big, &config, &add(RUNS + i))?);
        let tag = format!("sq{i}");
        let sql = format!("{}{}COMMIT;\n", floor.begin(), floor.insert(&tag));
        theirs.push(floor.run(big, &sql)?);
    }
    let (ours, floor_add) = (median(ours), median(theirs));
    rows.push((
        format!("user add @{n} / {client}'s one-insert transaction"),
        format!(
            "{:.1} ms / {:.1} ms = {:.2}x (taking turns, {PAIRED_RUNS} each)",
            ms(ours),
            ms(floor_add),
            ours.as_secs_f64() / floor_add.as_secs_f64()
        ),
    ));
    let show = |i: usize| s(&["user", "show", &format!("p{}@example.com", i * 13 % base_n)]);
    rows.push((
        format!("user show @{n}"),
        format!("{:.1} ms", ms(med(big, &show)?)),
    ));
    let del = |_: usize| s(&["group", "delete", "Everyone", "--dry-run", "--json"]);
    rows.push((
        format!("group delete --dry-run of Everyone @{n}"),
        format!("{:.1} ms", ms(med(big, &del)?)),
    ));
    let (t, rss) = timed_rss(big, &config, &s(&["user", "list", "--json"]))?;
    rows.push((
        format!("user list --json @{n}"),
        format!("{:.0} ms, peak RSS {} MB", ms(t), rss / 1024),
    ));
    // apply of N people into an empty organization, and the client
    // importing the same rows into the same table in one transaction.
    let (fresh, fresh_loc) = floor.fresh(dir.path(), "apply")?;
    Org::init(&fresh_loc, "Bench", ADMIN, Some("Admin"), "bench")?;
    let mut file = format!("[[group]]\nname = \"Everyone\"\nroles = [\"user\"]\n[[user]]\nemail = \"{ADMIN}\"\nname = \"Admin\"\nroles = [\"org-admin\"]\n");
    let mut sql = floor.begin().to_string();
    for i in 0..n {
        file.push_str(&format!(
            "[[user]]\nemail = \"a{i}@example.com\"\nname = \"A {i}\"\ngroups = [\"Everyone\"]\n"
        ));
        sql.push_str(&floor.insert(&format!("i{i}")));
    }
    sql.push_str("COMMIT;\n");
    let f = dir.path().join("people.toml");
    std::fs::write(&f, &file)?;
    let f = f.display().to_string();
    let (t_apply, rss_apply) =
        timed_rss(&fresh, &config, &s(&["apply", &f, "--no-email", "--json"]))?;
    let (import_db, import_loc) = floor.fresh(dir.path(), "import")?;
    Org::init(&import_loc, "Bench", ADMIN, Some("Admin"), "bench")?;
    let t_import = floor.run(&import_db, &sql)?;
    rows.push((
        format!("apply of {n} people / {client} importing them"),
        format!(
            "{:.2} s / {:.2} s = {:.1}x",
            t_apply.as_secs_f64(),
            t_import.as_secs_f64(),
            t_apply.as_secs_f64() / t_import.as_secs_f64()
        ),
    ));
    rows.push((
        format!("apply of {n} people, peak RSS"),
        format!("{} MB", rss_apply / 1024),
    ));
    let (t_re, _) = timed_rss(&fresh, &config, &s(&["apply", &f, "--no-email"]))?;
    rows.push((
        format!("re-apply unchanged @{n}"),
        format!("{:.2} s", t_re.as_secs_f64()),
    ));
    let store = match floor {
        Floor::Sqlite => "SQLite",
        Floor::Postgres(_) => "PostgreSQL",
    };
    println!(
        "issue 13's table on {store} (Everyone group of {n}, a tenth also in Tenth; medians of {RUNS} runs):"
    );
    for (k, v) in rows {
        println!("  {k:<52} {v}");
    }
    Ok(())
}

/// An `orgadm serve` on a loopback port over `db`, its access log
/// discarded; killed when dropped.
struct Served {
    child: std::process::Child,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &str, config: &Path, home: &Path) -> Result<Served> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let child = Command::new(BIN)
        .args(["--db", db, "--config"])
        .arg(config)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("NO_COLOR", "1")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("start orgadm serve")?;
    let t = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        ensure!(
            t.elapsed() < Duration::from_secs(30),
            "orgadm serve did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(Served {
        child,
        url: format!("http://127.0.0.1:{port}"),
    })
}

/// One remote command's wall time: the client with no store, signed in
/// by ORGADM_TOKEN.
fn run_remote(url: &str, token: &str, home: &Path, args: &[String]) -> Result<Duration> {
    let t = Instant::now();
    let status = Command::new(BIN)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("client-config"))
        .env("NO_COLOR", "1")
        .env("ORGADM_SERVER", url)
        .env("ORGADM_TOKEN", token)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("run orgadm remotely")?;
    let took = t.elapsed();
    ensure!(status.success(), "remote orgadm {args:?} failed");
    Ok(took)
}

/// `wrk` on one URL for 10 s with 2 threads and 32 connections: requests a
/// second and the 99th percentile latency, as wrk prints them. With a
/// `script`, wrk's Lua script makes each request's path instead.
fn wrk(url: &str, token: &str, script: Option<&Path>) -> Result<(String, String)> {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", "-c32", "-d10s", "--latency", "-H"])
        .arg(format!("Authorization: Bearer {token}"));
    if let Some(s) = script {
        cmd.arg("-s").arg(s);
    }
    let out = cmd
        .arg(url)
        .output()
        .context("run wrk (Debian's `wrk` package)")?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let rps = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| "?".into());
    let p99 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| "?".into());
    let errors = text
        .lines()
        .find(|l| l.contains("Non-2xx") || l.contains("Socket errors"));
    ensure!(errors.is_none(), "wrk saw errors on {url}:\n{text}");
    Ok((rps, p99))
}

/// Remote mode at N people, side by side with local mode in one run: one
/// `user add` and `user list --json` each way (medians, ratio), then `wrk`
/// on `GET /api/v1/check` and `GET /api/v1/people/EMAIL`.
fn remote_report(n: usize, pg: Option<&str>) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (db, loc) = location(dir.path(), pg)?;
    let config = dir.path().join("no-config.toml");
    seed(&loc, n).with_context(|| format!("seed {n} people"))?;
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("client-config"))?;
    let token = {
        let out = Command::new(BIN)
            .args(["--db", &db, "--as", ADMIN, "--config"])
            .arg(&config)
            .args(["token", "create", "bench", "--expires-in", "1d"])
            .env("NO_COLOR", "1")
            .output()?;
        ensure!(out.status.success(), "token create failed");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap_or("")
            .to_string()
    };
    let server = serve(&db, &config, &home)?;
    let store = if pg.is_some() { "PostgreSQL" } else { "SQLite" };
    println!(
        "remote mode on {store} at {n} people (medians of {RUNS} runs each way, in this run):"
    );
    let mut pairs = Vec::new();
    for (name, args) in [
        ("user add --no-email", Box::new(add_args) as Args),
        (
            "user list --json",
            Box::new(|_| s(&["user", "list", "--json"])),
        ),
    ] {
        let mut local = Vec::new();
        let mut remote = Vec::new();
        for i in 0..RUNS {
            // Interleaved, so both sides see the same machine.
            local.push(run(&db, &config, &args(2 * i))?);
            remote.push(run_remote(&server.url, &token, &home, &args(2 * i + 1))?);
        }
        pairs.push((name, median(local), median(remote)));
    }
    println!(
        "  {:<28} {:>12} {:>12} {:>8}",
        "command", "local", "remote", "ratio"
    );
    for (name, l, r) in pairs {
        println!(
            "  {name:<28} {:>9.1} ms {:>9.1} ms {:>7.2}x",
            ms(l),
            ms(r),
            r.as_secs_f64() / l.as_secs_f64()
        );
    }
    // The same request again and again (an app gating its menus): after
    // the first, the server gives the answer it kept while nothing was
    // written. Then each request about another of the N people, so that
    // none is asked twice within what the server keeps: every one a read.
    let check_each = dir.path().join("check-each.lua");
    std::fs::write(
        &check_each,
        each_person_script(
            n,
            "/api/v1/check?email=p",
            "%40example.com&capability=general",
        ),
    )?;
    let show_each = dir.path().join("show-each.lua");
    std::fs::write(
        &show_each,
        each_person_script(n, "/api/v1/people/p", "%40example.com"),
    )?;
    for (name, path, script) in [
        (
            "GET /api/v1/check",
            format!("/api/v1/check?email={ADMIN}&capability=admin"),
            None,
        ),
        (
            "GET /api/v1/people/EMAIL",
            format!("/api/v1/people/p{}%40example.com", n / 2),
            None,
        ),
        (
            "GET /api/v1/check (each person)",
            String::new(),
            Some(&check_each),
        ),
        (
            "GET /api/v1/people/EMAIL (each)",
            String::new(),
            Some(&show_each),
        ),
    ] {
        let (rps, p99) = wrk(
            &format!("{}{path}", server.url),
            &token,
            script.map(|p| p.as_path()),
        )?;
        println!("  wrk -t2 -c32 -d10s {name:<32} {rps:>10} req/s, p99 {p99}");
    }
    Ok(())
}

/// A wrk script whose requests name person `p{i}` in turn, `i` stepping
/// through all `n` by a stride prime to `n`, each of wrk's threads from
/// its own start: `{before}{i}{after}`.
fn each_person_script(n: usize, before: &str, after: &str) -> String {
    format!(
        r#"local threads = 0
function setup(thread)
  thread:set("start", threads * {half})
  threads = threads + 1
end
function init(args)
  i = start
end
function request()
  i = (i + 7919) % {n}
  return wrk.format("GET", "{before}" .. i .. "{after}")
end
"#,
        half = n / 2
    )
}

/// A receiver on 127.0.0.1 that answers every request 200 at once
/// (HTTP/1.1, kept alive) and counts them.
fn receiver() -> Result<(u16, std::sync::Arc<std::sync::atomic::AtomicUsize>)> {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let seen = seen.clone();
            std::thread::spawn(move || {
                let _ = conn.set_nodelay(true);
                let mut out = match conn.try_clone() {
                    Ok(c) => c,
                    Err(_) => return,
                };
                let mut r = BufReader::new(conn);
                loop {
                    let mut len = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if r.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        let l = line.trim_end();
                        if l.is_empty() {
                            break;
                        }
                        if let Some(v) = l.to_ascii_lowercase().strip_prefix("content-length:") {
                            len = v.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut body = vec![0; len];
                    if r.read_exact(&mut body).is_err() {
                        return;
                    }
                    seen.fetch_add(1, Ordering::Relaxed);
                    if out
                        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    Ok((port, count))
}

/// Webhook delivery's throughput: serve delivering `m` events to a
/// loopback receiver, and a bare loop of POSTs of the same size to it.
fn events_report(m: usize) -> Result<()> {
    use std::sync::atomic::Ordering;
    let dir = tempfile::tempdir()?;
    let (db, loc) = location(dir.path(), None)?;
    let config = dir.path().join("no-config.toml");
    seed(&loc, m).with_context(|| format!("seed {m} people"))?;
    let (port, count) = receiver()?;
    let url = format!("http://127.0.0.1:{port}/hook");
    // Added after the seed, then rewound to the first event: all of them.
    for args in [
        s(&["webhook", "add", &url, "--allow-private"]),
        s(&["webhook", "replay", &url, "--since", "0"]),
    ] {
        let out = Command::new(BIN)
            .args(["--db", &db, "--as", ADMIN, "--config"])
            .arg(&config)
            .args(&args)
            .env("NO_COLOR", "1")
            .output()?;
        ensure!(out.status.success(), "orgadm {args:?} failed");
    }
    let m = {
        let org = Org::open(&loc, Access::Read, "bench")?;
        let mut all = 0;
        let mut since = 0;
        loop {
            let page = org.events(since, &[], 1000)?;
            match page.last() {
                Some(e) => since = e.seq,
                None => break,
            }
            all += page.len();
        }
        all
    };
    // The bare loop first: ureq, one connection, bodies of an event's size.
    let body = {
        let org = Org::open(&loc, Access::Read, "bench")?;
        let e = org.events(1, &[], 1)?;
        serde_json::to_string(&e[0])?
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let t = Instant::now();
    for _ in 0..m {
        agent
            .post(&url)
            .header("content-type", "application/json")
            .send(body.as_bytes())?;
    }
    let bare = t.elapsed();
    let before = count.load(Ordering::Relaxed);
    let home = dir.path().join("home");
    let server = serve(&db, &config, &home)?;
    let t = Instant::now();
    while count.load(Ordering::Relaxed) < before + 1 {
        ensure!(t.elapsed() < Duration::from_secs(60), "no delivery began");
        std::thread::sleep(Duration::from_millis(1));
    }
    let began = Instant::now();
    while count.load(Ordering::Relaxed) < before + m {
        ensure!(
            began.elapsed() < Duration::from_secs(600),
            "delivery stalled at {}",
            count.load(Ordering::Relaxed) - before
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let delivered = began.elapsed();
    drop(server);
    let rate = |d: Duration| m as f64 / d.as_secs_f64();
    println!("webhook delivery of {m} events on SQLite to a loopback receiver (this run):");
    println!(
        "  orgadm serve: {:.0} events/s ({:.1} s); a bare POST loop: {:.0} requests/s; ratio {:.2}x",
        rate(delivered),
        delivered.as_secs_f64(),
        rate(bare),
        delivered.as_secs_f64() / bare.as_secs_f64()
    );
    Ok(())
}

fn main() -> Result<()> {
    let n: usize = std::env::var("ORGADM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    // ORGADM_BENCH_ONLY=remote: the remote-mode section alone.
    let only = std::env::var("ORGADM_BENCH_ONLY").unwrap_or_default();
    let m: usize = std::env::var("ORGADM_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    if only == "events" {
        return events_report(m);
    }
    // ORGADM_BENCH_ONLY=table: the scale table alone (on SQLite, and on
    // PostgreSQL with ORGADM_BENCH_PG).
    if only == "table" {
        scale_table(n, Floor::Sqlite)?;
        if let Ok(base) = std::env::var("ORGADM_BENCH_PG") {
            scale_table(n, Floor::Postgres(base.trim_end_matches('/')))?;
        }
        return Ok(());
    }
    let only_remote = only == "remote";
    let pg = std::env::var("ORGADM_BENCH_PG")
        .ok()
        .map(|b| b.trim_end_matches('/').to_string());
    // ORGADM_BENCH_ONLY=commands: the commands at 1k and N alone.
    if only == "commands" {
        report("orgadm scale benchmark, SQLite", n, None)?;
        if let Some(base) = &pg {
            report("orgadm scale benchmark, PostgreSQL", n, Some(base))?;
        }
        return Ok(());
    }
    if !only_remote {
        report("orgadm scale benchmark, SQLite", n, None)?;
        scale_table(n, Floor::Sqlite)?;
        match &pg {
            Some(base) => {
                report("orgadm scale benchmark, PostgreSQL", n, Some(base))?;
                scale_table(n, Floor::Postgres(base))?;
            }
            None => println!(
                "PostgreSQL: set ORGADM_BENCH_PG=postgresql://USER@HOST:PORT to measure it too"
            ),
        }
    }
    remote_report(n, None)?;
    if let Some(base) = &pg {
        remote_report(n, Some(base))?;
    }
    if !only_remote {
        events_report(m)?;
    }
    Ok(())
}
