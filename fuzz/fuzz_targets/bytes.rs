//! Arbitrary bytes as a source file: parsing, every rule, every emitter and
//! the fixer (see `pollcheck_cli::fuzzing`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pollcheck_cli::fuzzing::exercise(data);
});
