//! `cargo fuzz run config`: see `orgadm::fuzzing::config`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| orgadm::fuzzing::config(data));
