//! The invitee's page in a real browser: headless Chromium driven through
//! chromedriver's WebDriver HTTP API (with ureq), opening the link from the
//! emailed message, clicking Accept and reading the welcome page.
//!
//! Skipped where Chromium is not installed, except under `CI=true`, where it
//! fails: CI installs `chromium` and `chromium-driver`.

use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::*;

struct Kill(Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

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

#[test]
fn a_browser_opens_the_emailed_link_clicks_accept_and_is_welcomed() {
    if !available() {
        return;
    }
    let env = Env::init();
    // orgadm serve, linked from the invitation.
    let port = free_port();
    env.write_config(&format!(
        "actor = \"{ADMIN}\"\ninvite_url = \"http://127.0.0.1:{port}/join?token={{token}}\"\n"
    ));
    let mut serve = env
        .cmd()
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = std::io::BufReader::new(serve.stderr.take().unwrap());
    let mut line = String::new();
    log.read_line(&mut line).unwrap();
    std::thread::spawn(move || for _ in log.lines() {});
    let _serve = Kill(serve);
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

    let dport = free_port();
    let driver = Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={dport}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _driver = Kill(driver);
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
    wd.call("POST", &wd.s("/url"), Some(json!({"url": link})));
    let title = wd.call("GET", &wd.s("/title"), None);
    assert_eq!(title, "Join Analytical Engines");
    let page = wd
        .call("GET", &wd.s("/source"), None)
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        page.contains("Bob Builder") && page.contains("Ada Lovelace"),
        "{page}"
    );
    // Opening the link accepted nothing.
    assert_eq!(env.person("bob@example.com")["status"], "invited");
    let button = wd.call(
        "POST",
        &wd.s("/element"),
        Some(json!({"using": "css selector", "value": "button[type=submit]"})),
    );
    let id = button
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .unwrap()
        .to_string();
    wd.call(
        "POST",
        &wd.s(&format!("/element/{id}/click")),
        Some(json!({})),
    );
    let t0 = Instant::now();
    loop {
        let title = wd.call("GET", &wd.s("/title"), None);
        if title == "Welcome to Analytical Engines" {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "title stayed {title}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let page = wd
        .call("GET", &wd.s("/source"), None)
        .as_str()
        .unwrap()
        .to_string();
    assert!(page.contains("You are now an active member"), "{page}");
    assert_eq!(env.person("bob@example.com")["status"], "active");
    // Going back and accepting again: 410 Gone with the reason.
    wd.call("POST", &wd.s("/url"), Some(json!({"url": link})));
    let page = wd
        .call("GET", &wd.s("/source"), None)
        .as_str()
        .unwrap()
        .to_string();
    assert!(page.contains("already accepted"), "{page}");
    wd.call("DELETE", &wd.s(""), None);
}
