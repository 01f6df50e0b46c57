//! Webhooks (SPEC §14): a real receiver on 127.0.0.1 that checks every
//! signature with PyPI's `standardwebhooks`, a real `orgadm serve`
//! delivering to it, and a delivery clock the tests move (ORGADM_TEST_CLOCK)
//! instead of waiting hours.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::serve::{start, Server};
use crate::support::{webhooks_python, Env, Proc, SpawnGuarded, ADMIN};

struct Receiver {
    _child: Proc,
    port: u16,
    dir: tempfile::TempDir,
}

impl Receiver {
    fn start() -> Receiver {
        let dir = tempfile::tempdir().unwrap();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli/webhook_receiver.py");
        let mut child = Command::new(webhooks_python())
            .arg(script)
            .arg(dir.path().join("secret"))
            .arg(dir.path().join("mode"))
            .arg(dir.path().join("log"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn_guarded();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().unwrap();
        Receiver {
            _child: child,
            port,
            dir,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }

    fn set_secret(&self, secret: &str) {
        std::fs::write(self.dir.path().join("secret"), secret).unwrap();
    }

    fn set_mode(&self, mode: &str) {
        std::fs::write(self.dir.path().join("mode"), mode).unwrap();
    }

    /// Every request it received, oldest first (a line being written is
    /// not one yet).
    fn got(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default();
        let complete = text.rfind('\n').map_or("", |i| &text[..i]);
        complete
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Waits (bounded) until `done` holds for what it received.
    fn wait_for(&self, what: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let got = self.got();
            if done(&got) {
                return got;
            }
            assert!(
                Instant::now() < deadline,
                "the receiver never got {what}; it got {} requests, the last: {:?}",
                got.len(),
                got.last()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The delivery clock's offset, in a file the server re-reads.
struct Clock(PathBuf);

impl Clock {
    fn on(env: &mut Env) -> Clock {
        let path = env.dir.path().join("clock");
        std::fs::write(&path, "0").unwrap();
        env.set_env("ORGADM_TEST_CLOCK", path.to_str().unwrap());
        Clock(path)
    }

    fn forward(&self, secs: i64) {
        let now: i64 = std::fs::read_to_string(&self.0)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        std::fs::write(&self.0, (now + secs).to_string()).unwrap();
    }
}

/// Adds a webhook for the receiver and gives it the secret printed once.
fn add(env: &Env, r: &Receiver, extra: &[&str]) -> Value {
    let url = r.url();
    let mut a = vec!["webhook", "add", url.as_str(), "--allow-private"];
    a.extend_from_slice(extra);
    let out = env.ok(&a);
    let secret = out.last_line();
    assert!(secret.starts_with("whsec_"), "{}", out.stdout);
    r.set_secret(&secret);
    hook(env)
}

fn hook(env: &Env) -> Value {
    env.json(&["webhook", "list"])[0].clone()
}

fn seqs(got: &[Value]) -> Vec<i64> {
    got.iter().map(|g| g["seq"].as_i64().unwrap()).collect()
}

fn all_verified(got: &[Value]) {
    for g in got {
        assert_eq!(g["verified"], true, "{g}");
        assert_eq!(g["webhook_id"], g["id"], "{g}");
    }
}

#[test]
fn webhook_urls_secrets_and_events_are_checked_when_added() {
    let env = Env::init();
    let r = Receiver::start();
    // Loopback is private: refused without --allow-private.
    let out = env.code(2, &["webhook", "add", &r.url()]);
    assert!(
        out.stderr.contains("127.0.0.1, a private"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--allow-private"), "{}", out.stderr);
    for (url, why) in [
        ("http://apps.example.com/hook", "plain http"),
        ("ftp://example.com/", "not an https"),
        ("https://user:pw@example.com/", "user or password"),
        ("not a url", "not a URL"),
    ] {
        let out = env.code(2, &["webhook", "add", url, "--allow-private"]);
        assert!(out.stderr.contains(why), "{url}: {}", out.stderr);
    }
    let out = env.code(
        2,
        &[
            "webhook",
            "add",
            &r.url(),
            "--allow-private",
            "--event",
            "person.gone",
        ],
    );
    assert!(out.stderr.contains("unknown event type"), "{}", out.stderr);
    let out = env.code(
        2,
        &[
            "webhook",
            "add",
            &r.url(),
            "--allow-private",
            "--secret-env",
            "1BAD-NAME",
        ],
    );
    assert!(
        out.stderr.contains("environment variable"),
        "{}",
        out.stderr
    );
    // Someone who is no admin may not add one; the attempt is audited.
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    env.code(
        6,
        &[
            "webhook",
            "add",
            &r.url(),
            "--allow-private",
            "--as",
            "bob@example.com",
        ],
    );
    let refused = env.json(&["audit", "--action", "webhook"]);
    assert_eq!(refused[0]["actor"], "bob@example.com");
    assert_eq!(refused[0]["details"]["result"], "refused", "{refused}");

    let w = add(
        &env,
        &r,
        &["--event", "person.updated", "--event", "person.removed"],
    );
    assert_eq!(w["url"], r.url());
    assert_eq!(
        w["events"],
        serde_json::json!(["person.removed", "person.updated"])
    );
    assert_eq!(w["state"], "active");
    assert_eq!(w["failures"], 0);
    assert_eq!(w["next_retry"], Value::Null);
    assert_eq!(w["last_delivery"], Value::Null);
    // The secret is shown once: neither the list nor the config holds it.
    let secret = std::fs::read_to_string(r.dir.path().join("secret")).unwrap();
    assert!(!env
        .ok(&["webhook", "list", "--json"])
        .stdout
        .contains(&secret));
    assert!(!std::fs::read_to_string(env.config_path())
        .unwrap_or_default()
        .contains(&secret));
    let out = env.code(4, &["webhook", "add", &r.url(), "--allow-private"]);
    assert!(out.stderr.contains("already exists"), "{}", out.stderr);
    let table = env.ok(&["webhook", "list"]).stdout;
    assert!(table.contains("person.removed, person.updated"), "{table}");
    assert!(table.contains("never"), "{table}");
    let audit = env.json(&["audit", "--action", "webhook.add"]);
    assert_eq!(audit[0]["actor"], ADMIN);
    assert_eq!(audit[0]["target"], r.url());

    env.ok(&["webhook", "remove", &r.url()]);
    assert_eq!(env.json(&["webhook", "list"]), serde_json::json!([]));
    env.code(3, &["webhook", "remove", &r.url()]);
}

/// Every event after the webhook was added arrives signed, in order; a
/// failure is retried on the schedule and `Retry-After` is honoured; 410
/// disables; a replay sends old events again with their ids.
#[test]
fn serve_delivers_signed_events_in_order_and_retries_on_the_schedule() {
    let mut env = Env::init();
    let clock = Clock::on(&mut env);
    env.ok(&["group", "create", "Early", "--role", "user"]);
    let r = Receiver::start();
    add(&env, &r, &[]);
    let _server: Server = start(&env);
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    env.ok(&[
        "user",
        "edit",
        "bob@example.com",
        "--add-role",
        "finance-admin",
    ]);
    let events = env.ok(&["events", "--since", "2"]).stdout;
    let want: Vec<Value> = events
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got = r.wait_for("three events", |g| g.len() >= 3);
    all_verified(&got);
    assert_eq!(seqs(&got), [3, 4, 5], "only what came after the webhook");
    r_hook_settled(&env, |w| w["delivered"] == 3);
    assert_eq!(
        got.iter().map(|g| g["id"].clone()).collect::<Vec<_>>(),
        want.iter().map(|e| e["id"].clone()).collect::<Vec<_>>()
    );
    let w = hook(&env);
    assert_eq!(w["delivered"], 3);
    assert_eq!(w["last_seq"], 5);
    assert_eq!(w["last_result"], "200");

    // A failure: retried 5 s later, not before.
    r.set_mode("fail");
    env.ok(&["user", "edit", "bob@example.com", "--name", "Robert"]);
    r.wait_for("the failing try", |g| g.len() >= 4);
    let w = r_hook_settled(&env, |w| w["failures"] == 1);
    assert!(
        w["last_result"]
            .as_str()
            .unwrap()
            .starts_with("HTTP 500: \\e[31mred\\e[0m failure"),
        "the receiver's answer is escaped: {w}"
    );
    let table = env.ok(&["webhook", "list"]).stdout;
    assert!(!table.contains('\x1b'), "{table}");
    r.set_mode("ok");
    clock.forward(6);
    let got = r.wait_for("the retry", |g| g.len() >= 5);
    assert_eq!(seqs(&got)[3..], [6, 6]);
    assert_eq!(got[3]["id"], got[4]["id"], "a retry keeps its webhook-id");
    r_hook_settled(&env, |w| w["failures"] == 0 && w["last_seq"] == 6);

    // Retry-After is honoured (an hour, beyond the 5 s the schedule says).
    r.set_mode("retry-after 3600");
    env.ok(&["user", "edit", "bob@example.com", "--name", "Bob"]);
    r.wait_for("the 429", |g| g.len() >= 6);
    let w = r_hook_settled(&env, |w| w["failures"] == 1);
    let at = |k: &str| humantime::parse_rfc3339(w[k].as_str().unwrap()).unwrap();
    let wait = at("next_retry")
        .duration_since(at("last_delivery"))
        .unwrap();
    assert_eq!(wait.as_secs(), 3600, "{w}");
    r.set_mode("ok");
    clock.forward(3601);
    r.wait_for("the retry after an hour", |g| g.len() >= 7);

    // 410 Gone disables the webhook; list says so.
    r.set_mode("gone");
    env.ok(&["user", "edit", "bob@example.com", "--name", "Bobby"]);
    let w = r_hook_settled(&env, |w| w["state"] == "disabled");
    assert!(
        w["disabled_reason"].as_str().unwrap().contains("410"),
        "{w}"
    );
    assert!(env
        .ok(&["webhook", "list"])
        .stdout
        .contains("disabled: the receiver answered 410"));
    let before = r.got().len();
    env.ok(&["user", "edit", "bob@example.com", "--name", "Bob"]);

    // A replay enables it and sends every event after SEQ again, in order,
    // with the ids they had.
    r.set_mode("ok");
    env.ok(&["webhook", "replay", &r.url(), "--since", "0"]);
    let all: Vec<Value> = env
        .ok(&["events"])
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let n = all.len();
    let got = r.wait_for("the replay", |g| g.len() >= before + n);
    let replayed = &got[before..];
    all_verified(replayed);
    assert_eq!(seqs(replayed), (1..=n as i64).collect::<Vec<_>>());
    assert_eq!(replayed[2]["id"], want[0]["id"]);
}

/// The webhook as `list` shows it once `settled` holds (delivery is on
/// another process: its record follows the receiver's log by a moment).
fn r_hook_settled(env: &Env, settled: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let w = hook(env);
        if settled(&w) {
            return w;
        }
        assert!(Instant::now() < deadline, "the webhook never settled: {w}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A webhook failing for five days is disabled, and `list` says so; the
/// tries follow the schedule.
#[test]
fn a_webhook_failing_for_five_days_is_disabled() {
    let mut env = Env::init();
    let clock = Clock::on(&mut env);
    let r = Receiver::start();
    add(&env, &r, &[]);
    r.set_mode("fail");
    let _server = start(&env);
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    // Each step waits for the next try, then moves the clock past the
    // retry after it.
    let waits = [
        5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400, 86400, 86400,
    ];
    for (done, wait) in (1..).zip(waits) {
        r.wait_for("the next try", |g| g.len() >= done);
        let w = r_hook_settled(&env, |w| w["failures"] == done as i64);
        if w["state"] == "active" {
            // The next try is when the schedule says, counted from this one.
            let at = |k: &str| humantime::parse_rfc3339(w[k].as_str().unwrap()).unwrap();
            let waited = at("next_retry")
                .duration_since(at("last_delivery"))
                .unwrap();
            assert_eq!(waited.as_secs(), wait as u64, "after try {done}: {w}");
        }
        clock.forward(wait + 1);
    }
    let w = r_hook_settled(&env, |w| w["state"] == "disabled");
    assert!(
        w["disabled_reason"].as_str().unwrap().contains("5 days"),
        "{w}"
    );
    // 5 days = 432,000 s: the twelfth try, 444,905 s after the first (the
    // schedule's sum), is the first past it.
    assert_eq!(r.got().len(), 12, "{w}");
    all_verified(&r.got());
}

/// `webhook test` sends one signed event now and tells how it went; a
/// redirect is not followed; a webhook whose host became private since it
/// was added is refused at delivery.
#[test]
fn webhook_test_redirects_and_private_destinations_at_delivery() {
    let env = Env::init();
    let r = Receiver::start();
    add(&env, &r, &[]);
    let out = env.ok(&["webhook", "test", &r.url()]);
    assert!(
        out.stdout.contains("took the test event: HTTP 200"),
        "{}",
        out.stdout
    );
    let got = r.got();
    assert_eq!(got[0]["type"], "webhook.test");
    assert_eq!(got[0]["seq"], 0);
    all_verified(&got);
    r.set_mode("redirect");
    let out = env.code(7, &["webhook", "test", &r.url()]);
    assert!(
        out.stderr.contains("HTTP 302 (redirects are not followed)"),
        "{}",
        out.stderr
    );
    r.set_mode("fail");
    let out = env.code(7, &["webhook", "test", &r.url(), "--json"]);
    let t = out.json();
    assert_eq!(t["delivered"], false);
    // As if the name now pointed at a private address: refused when sent.
    env.sql_exec("UPDATE webhook SET allow_private = 0");
    r.set_mode("ok");
    let before = r.got().len();
    let out = env.code(7, &["webhook", "test", &r.url()]);
    assert!(
        out.stderr.contains("refused: the host is at 127.0.0.1"),
        "{}",
        out.stderr
    );
    assert_eq!(r.got().len(), before, "nothing was sent");
}

/// A secret from serve's environment signs as a generated one does.
#[test]
fn a_secret_from_an_environment_variable_signs_deliveries() {
    let mut env = Env::init();
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    env.set_env("HOOK_SECRET", secret);
    let r = Receiver::start();
    r.set_secret(secret);
    let out = env.ok(&[
        "webhook",
        "add",
        &r.url(),
        "--allow-private",
        "--secret-env",
        "HOOK_SECRET",
    ]);
    assert!(out.stdout.contains("HOOK_SECRET"), "{}", out.stdout);
    assert!(!out.stdout.contains("whsec_"), "{}", out.stdout);
    let _server = start(&env);
    env.member("bob@example.com", "Bob", &["--role", "user"]);
    let got = r.wait_for("two events", |g| g.len() >= 2);
    all_verified(&got);
}

/// Ten thousand events, `serve` killed with SIGKILL while delivering them,
/// then started again: every event arrives, in order; the only repeats are
/// the deliveries in flight at the kill, each with its webhook-id.
#[test]
fn kill_9_during_delivery_of_10000_events_loses_none() {
    // Delivery is the store's and serve's; the remote passes would run the
    // same delivery over the same stores again, for a minute each.
    if crate::support::on_remote() {
        return;
    }
    let mut env = Env::init();
    let clock = Clock::on(&mut env);
    let r = Receiver::start();
    add(&env, &r, &[]);
    let mut file = format!(
        "[[user]]\nemail = \"{ADMIN}\"\nname = \"Ada Lovelace\"\nroles = [\"org-admin\"]\n"
    );
    for i in 0..10_000 {
        file.push_str(&format!(
            "[[user]]\nemail = \"p{i:05}@example.com\"\nname = \"P{i}\"\nroles = [\"user\"]\n"
        ));
    }
    let f = env.dir.path().join("big.toml");
    std::fs::write(&f, file).unwrap();
    env.ok(&["apply", f.to_str().unwrap(), "--no-email"]);
    let server = start(&env);
    r.wait_for("a first thousand", |g| g.len() >= 1000);
    let mut server = server;
    let _ = server.child.kill();
    let _ = server.child.wait();
    let at_kill = r.got().len();
    assert!(at_kill < 10_000, "delivery finished before the kill");
    // The dead server's lease runs out (60 s on the delivery clock).
    clock.forward(61);
    let _again = start(&env);
    let got = r.wait_for("all 10,000", |g| {
        g.last().is_some_and(|l| l["seq"].as_i64() == Some(10_001))
    });
    all_verified(&got);
    let s = seqs(&got);
    let mut repeats = 0;
    for w in s.windows(2) {
        match w[1] - w[0] {
            1 => {}
            // The one in flight at the kill, sent again.
            0 => repeats += 1,
            _ => panic!("a gap or disorder: {} then {}", w[0], w[1]),
        }
    }
    assert!(repeats <= 1, "{repeats} repeats");
    assert_eq!(s[0], 2);
    let mut ids: Vec<&str> = got.iter().map(|g| g["id"].as_str().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 10_000);
}

/// Two servers on one PostgreSQL: each event once, in order, never two
/// deliveries to the webhook at the same time.
#[test]
fn two_servers_on_one_postgresql_deliver_in_order_never_at_once() {
    // On PostgreSQL whatever the suite's store: run once, in the first pass.
    if std::env::var_os("ORGADM_TEST_STORE").is_some() || !crate::pg::available() {
        return;
    }
    let env = Env::postgres().initialized();
    let r = Receiver::start();
    add(&env, &r, &[]);
    let _a = start(&env);
    let _b = start(&env);
    let mut file = format!(
        "[[user]]\nemail = \"{ADMIN}\"\nname = \"Ada Lovelace\"\nroles = [\"org-admin\"]\n"
    );
    for i in 0..10_000 {
        file.push_str(&format!(
            "[[user]]\nemail = \"p{i:05}@example.com\"\nname = \"P{i}\"\nroles = [\"user\"]\n"
        ));
    }
    let f = env.dir.path().join("big.toml");
    std::fs::write(&f, file).unwrap();
    env.ok(&["apply", f.to_str().unwrap(), "--no-email"]);
    let got = r.wait_for("all 10,000", |g| {
        g.last().is_some_and(|l| l["seq"].as_i64() == Some(10_001))
    });
    all_verified(&got);
    assert_eq!(seqs(&got), (2..=10_001).collect::<Vec<_>>());
    assert!(
        got.iter().all(|g| g["concurrent"] == 1),
        "two deliveries at once"
    );
}
