//! Rust source generated from the bytes by a grammar of what the rules look
//! at (`pollcheck_cli::fuzzing::tokens`), through the same harness as
//! `bytes`. With `POLLCHECK_FUZZ_PRINT` set, the generated source is printed
//! to standard error first (to turn a crash into a `bytes` reproducer).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pollcheck_cli::fuzzing::tokens::Program;

fuzz_target!(|program: Program| {
    if std::env::var_os("POLLCHECK_FUZZ_PRINT").is_some() {
        eprintln!("{}", program.source);
    }
    pollcheck_cli::fuzzing::exercise_text(&program.source);
});
