//! Every input the fuzzers found a bug with (`fuzz/regressions/`) and the
//! small committed seeds (`fuzz/seeds/`) go through the fuzzing harness
//! again: parsing, every rule, every emitter and the fixer, with the
//! harness's checks. A panic fails the test and names the file.

use std::path::{Path, PathBuf};

fn files(directory: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(directory);
    let Ok(entries) = std::fs::read_dir(&root) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn exercise_all(directory: &str) -> usize {
    let files = files(directory);
    let mut failed = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).expect("read a fuzz input");
        let outcome = std::panic::catch_unwind(|| pollcheck_cli::fuzzing::exercise(&bytes));
        if outcome.is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(failed.is_empty(), "the harness panicked on: {failed:#?}");
    files.len()
}

#[test]
fn crash_reproducers_stay_fixed() {
    exercise_all("regressions");
}

#[test]
fn seeds_pass_the_harness() {
    assert!(exercise_all("seeds") > 0, "no seeds in fuzz/seeds");
}
