//! The `tokens` fuzz target's generator, on stable: programs generated from
//! fixed pseudo-random bytes go through the harness (run with
//! `cargo test --features fuzzing --test fuzz_tokens`).

use arbitrary::{Arbitrary, Unstructured};
use pollcheck_cli::fuzzing::tokens::Program;

/// A small xorshift generator, so that the inputs are the same every run.
fn bytes(seed: u64, length: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..length)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn generated_programs_pass_the_harness() {
    let mut parsed = 0;
    for seed in 0..50 {
        let data = bytes(seed, 64 + (seed as usize % 8) * 256);
        let program = Program::arbitrary(&mut Unstructured::new(&data)).expect("a program");
        if syn::parse_file(&program.source).is_ok() {
            parsed += 1;
        }
        pollcheck_cli::fuzzing::exercise_text(&program.source);
    }
    // The grammar is meant to produce mostly valid Rust.
    assert!(parsed >= 25, "only {parsed} of 50 programs parse");
}
