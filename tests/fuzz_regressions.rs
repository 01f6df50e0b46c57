//! Every input kept for the fuzz targets (`fuzz/seeds/TARGET`, the starting
//! corpus, and `fuzz/regressions/TARGET`, each crash the fuzzer found)
//! runs through the target's function in `orgadm::fuzzing`, so what was
//! once found stays fixed without a fuzzer installed.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for kind in ["seeds", "regressions"] {
        let Ok(dir) = std::fs::read_dir(root.join(kind).join(target)) else {
            continue;
        };
        for entry in dir {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{} fails again", path.display());
            n += 1;
        }
    }
    assert!(n > 0, "no inputs for {target}");
}

#[test]
fn scim_filter() {
    replay("scim_filter", orgadm::fuzzing::scim_filter);
}

#[test]
fn scim_body() {
    replay("scim_body", orgadm::fuzzing::scim_body);
}

#[test]
fn apply_toml() {
    replay("apply_toml", orgadm::fuzzing::apply_toml);
}

#[test]
fn apply_csv() {
    replay("apply_csv", orgadm::fuzzing::apply_csv);
}

#[test]
fn config() {
    replay("config", orgadm::fuzzing::config);
}

#[test]
fn tokens() {
    replay("tokens", orgadm::fuzzing::tokens);
}

#[test]
fn api_request() {
    replay("api_request", orgadm::fuzzing::api_request);
}
