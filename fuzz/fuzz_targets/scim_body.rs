//! `cargo fuzz run scim_body`: see `orgadm::fuzzing::scim_body`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| orgadm::fuzzing::scim_body(data));
