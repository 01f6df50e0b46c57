//! The test suite's own hygiene: a child process started by a test cannot
//! outlive it, whether the test passes, fails (panics), or is killed.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Proc, SpawnGuarded};

/// Whether a process is still running (a zombie counts as gone).
fn alive(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let state = stat
                .rsplit(')')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .next();
            state != Some("Z")
        }
        Err(_) => false,
    }
}

fn gone_soon(pid: i32) -> bool {
    let t0 = Instant::now();
    while alive(pid) {
        if t0.elapsed() > Duration::from_secs(10) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

/// A shell that starts a grandchild and waits: both are killed with the
/// group. Prints the grandchild's pid.
fn shell_with_grandchild() -> (Proc, i32) {
    use std::io::BufRead;
    let mut p = Command::new("sh")
        .args(["-c", "sleep 1000 & echo $!; wait"])
        .stdout(Stdio::piped())
        .spawn_guarded();
    let mut line = String::new();
    std::io::BufReader::new(p.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (p, line.trim().parse().unwrap())
}

/// A test that panics with a child running leaves no process behind: the
/// guard kills the child's whole group while the panic unwinds.
#[test]
fn a_failing_test_leaves_no_child_behind() {
    let (tx, rx) = std::sync::mpsc::channel();
    let failed = std::thread::spawn(move || {
        let (p, grandchild) = shell_with_grandchild();
        tx.send((p.id() as i32, grandchild)).unwrap();
        panic!("the test fails with its children running");
    })
    .join();
    assert!(failed.is_err());
    let (child, grandchild) = rx.recv().unwrap();
    assert!(gone_soon(child), "the child {child} outlived its test");
    assert!(
        gone_soon(grandchild),
        "the grandchild {grandchild} outlived its test"
    );
}

/// A child started from a thread that ends keeps running while its test
/// process does (the kernel's parent-death signal is tied to the spawning
/// thread, so the guard forks from one that lives as long as the process).
#[test]
fn a_child_outlives_the_thread_that_started_it() {
    let p = std::thread::spawn(shell_with_grandchild).join().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert!(alive(p.0.id() as i32), "killed when its thread ended");
    assert!(alive(p.1));
}

/// Run only by [`a_killed_test_process_takes_its_children_along`]: starts
/// a guarded child, prints its pid, and waits to be killed.
#[test]
#[ignore = "a helper: run by a_killed_test_process_takes_its_children_along"]
fn helper_holding_a_child() {
    if std::env::var_os("ORGADM_GUARD_HELPER").is_none() {
        return;
    }
    let p = Command::new("sleep").arg("1000").spawn_guarded();
    println!("CHILD={}", p.id());
    std::thread::sleep(Duration::from_secs(60));
}

/// The test process killed outright (a timeout, cargo-mutants giving up)
/// runs no destructor; its children die with it all the same.
#[test]
fn a_killed_test_process_takes_its_children_along() {
    use std::io::BufRead;
    let mut helper = Command::new(std::env::current_exe().unwrap())
        .args([
            "guards::helper_holding_a_child",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env("ORGADM_GUARD_HELPER", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn_guarded();
    let out = std::io::BufReader::new(helper.stdout.take().unwrap());
    let child: i32 = out
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("CHILD=").map(|p| p.trim().parse().unwrap()))
        .expect("the helper printed its child");
    assert!(alive(child));
    helper.kill().unwrap(); // SIGKILL: no destructor runs in the helper
    helper.wait().unwrap();
    assert!(
        gone_soon(child),
        "the child {child} outlived the killed test process"
    );
}
