//! The invitee's page in a real browser: headless Chromium driven through
//! chromedriver's WebDriver HTTP API (with ureq), opening the link from the
//! emailed message, clicking Accept and reading the welcome page.
//!
//! Skipped where Chromium is not installed, except under `CI=true`, where it
//! fails: CI installs `chromium` and `chromium-driver`.

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::*;

fn available() -> bool {
    let ok = std::path::Path::new("/usr/bin/chromium").exists()
        && std::path::Path::new("/usr/bin/chromedriver").exists();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test (apt-get install chromium chromium-driver)"
        );
        eprintln!("skipped: chromium and chromium-driver are not installed");
    }
    ok
}

struct WebDriver {
    agent: ureq::Agent,
    base: String,
    session: String,
}

impl WebDriver {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let mut resp = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, b) => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(b.unwrap_or(json!({})).to_string()),
        }
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let text = resp.body_mut().read_to_string().unwrap();
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(v["value"].get("error").is_none(), "{method} {path}: {text}");
        v["value"].clone()
    }

    fn s(&self, path: &str) -> String {
        format!("/session/{}{path}", self.session)
    }
}

/// Headless Chromium with its chromedriver, both ended on drop.
struct Browser {
    wd: WebDriver,
    _driver: Proc,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let dport = free_port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={dport}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn_guarded();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{dport}");
        let t0 = Instant::now();
        while agent.get(&format!("{base}/status")).call().is_err() {
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        let mut wd = WebDriver {
            agent,
            base,
            session: String::new(),
        };
        let s = wd.call(
            "POST",
            "/session",
            Some(json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": "/usr/bin/chromium",
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage",
                        format!("--user-data-dir={}", profile.path().display()),
                    ]
                }
            }}})),
        );
        wd.session = s["sessionId"].as_str().unwrap().to_string();
        Browser {
            wd,
            _driver: driver,
            _profile: profile,
        }
    }

    fn open(&self, url: &str) {
        self.wd
            .call("POST", &self.wd.s("/url"), Some(json!({"url": url})));
    }

    fn title(&self) -> Value {
        self.wd.call("GET", &self.wd.s("/title"), None)
    }

    fn source(&self) -> String {
        self.wd
            .call("GET", &self.wd.s("/source"), None)
            .as_str()
            .unwrap()
            .to_string()
    }

    fn click(&self, css: &str) {
        let button = self.wd.call(
            "POST",
            &self.wd.s("/element"),
            Some(json!({"using": "css selector", "value": css})),
        );
        let id = button
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap()
            .to_string();
        self.wd.call(
            "POST",
            &self.wd.s(&format!("/element/{id}/click")),
            Some(json!({})),
        );
    }

    /// Waits (at most 20 s) for the page's title to become `want`.
    fn wait_for_title(&self, want: &str) {
        let t0 = Instant::now();
        loop {
            let title = self.title();
            if title == want {
                return;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "title stayed {title}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self
            .wd
            .agent
            .delete(&format!("{}{}", self.wd.base, self.wd.s("")))
            .call();
    }
}

#[test]
fn a_browser_opens_the_emailed_link_clicks_accept_and_is_welcomed() {
    if !available() {
        return;
    }
    let env = Env::init();
    // orgadm serve, linked from the invitation.
    let serve = crate::serve::start(&env);
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\ninvite_url = \"http://127.0.0.1:{}/join?token={{token}}\"\n",
        serve.port
    ));
    env.ok(&add_args(
        "bob@example.com",
        "Bob Builder",
        &["--role", "user"],
    ));
    let msg = std::fs::read_to_string(&env.outbox_files()[0]).unwrap();
    let link = eml_body(&msg)
        .lines()
        .find(|l| l.starts_with("http://127.0.0.1"))
        .unwrap()
        .to_string();

    let b = Browser::start();
    b.open(&link);
    assert_eq!(b.title(), "Join Analytical Engines");
    let page = b.source();
    assert!(
        page.contains("Bob Builder") && page.contains("Ada Lovelace"),
        "{page}"
    );
    // Opening the link accepted nothing.
    assert_eq!(env.person("bob@example.com")["status"], "invited");
    b.click("button[type=submit]");
    b.wait_for_title("Welcome to Analytical Engines");
    assert!(b.source().contains("You are now an active member"));
    assert_eq!(env.person("bob@example.com")["status"], "active");
    // Going back and accepting again: 410 Gone with the reason.
    b.open(&link);
    let page = b.source();
    assert!(page.contains("already accepted"), "{page}");
}

/// The sign-in page (`orgadm login`) in a real browser: the mailed link
/// shows the terminal's code; the Sign in button signs the CLI in.
#[test]
fn a_browser_signs_the_cli_in_from_the_mailed_link() {
    if !available() {
        return;
    }
    let env = Env::init();
    let config = std::fs::read_to_string(env.config_path()).unwrap_or_default();
    env.write_config(&format!("{config}\n[serve]\nsign_in_interval = \"1s\"\n"));
    let serve = crate::serve::start(&env);
    let url = format!("http://127.0.0.1:{}", serve.port);

    let client = Env::sqlite();
    let mut login = client
        .cmd()
        .args(["login", "--email", ADMIN, "--server", &url])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn_guarded();
    let mut err = std::io::BufReader::new(login.stderr.take().unwrap());
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    std::thread::spawn(move || for _ in err.lines() {});
    let t0 = Instant::now();
    while env.outbox_files().is_empty() {
        assert!(t0.elapsed() < Duration::from_secs(10), "no sign-in mail");
        std::thread::sleep(Duration::from_millis(20));
    }
    let msg = std::fs::read_to_string(&env.outbox_files()[0]).unwrap();
    let link = eml_body(&msg)
        .lines()
        .find(|l| l.contains("/login?code="))
        .unwrap()
        .trim()
        .to_string();

    let b = Browser::start();
    b.open(&link);
    assert_eq!(b.title(), "Sign in to Analytical Engines");
    let page = b.source();
    let code = page
        .split("<strong id=\"code\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap()
        .to_string();
    assert!(first.contains(&code), "{first} / {code}");
    b.click("button[value=approve]");
    b.wait_for_title("Signed in");
    let mut login = login;
    let status = login.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(
        client.json(&["whoami", "--server", &url])["credential"]["kind"],
        "session"
    );
}
