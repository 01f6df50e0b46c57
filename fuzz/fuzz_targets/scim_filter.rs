//! `cargo fuzz run scim_filter`: see `orgadm::fuzzing::scim_filter`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| orgadm::fuzzing::scim_filter(data));
