//! `cargo fuzz run api_request`: see `orgadm::fuzzing::api_request`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| orgadm::fuzzing::api_request(data));
