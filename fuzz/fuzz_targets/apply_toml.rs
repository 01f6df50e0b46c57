//! `cargo fuzz run apply_toml`: see `orgadm::fuzzing::apply_toml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| orgadm::fuzzing::apply_toml(data));
