//! `cargo fuzz run tokens`: see `orgadm::fuzzing::tokens`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| orgadm::fuzzing::tokens(data));
