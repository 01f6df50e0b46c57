//! `cargo fuzz run apply_csv`: see `orgadm::fuzzing::apply_csv`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| orgadm::fuzzing::apply_csv(data));
