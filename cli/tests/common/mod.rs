//! Helpers shared by the integration tests. Each test binary uses some of
//! them, so the others would be dead code there.
#![allow(dead_code)]

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// The built `pollcheck`, its cache kept out of the user's own.
pub fn pollcheck_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pollcheck"));
    command.env("POLLCHECK_CACHE_DIR", test_cache_dir());
    command
}

/// Where the tests' runs of pollcheck keep their cache.
pub fn test_cache_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("pollcheck-cache")
}

/// Runs the built `pollcheck` in `dir`.
pub fn pollcheck(dir: &Path, args: &[&str]) -> Output {
    pollcheck_command()
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run pollcheck")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Writes `text` to `root/name`, creating directories.
pub fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A temporary directory holding `files`.
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    dir
}

/// The rustc to compile fixtures with, or `None` (after saying so) when it
/// cannot be run.
pub fn rustc() -> Option<String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    if Command::new(&rustc).arg("--version").output().is_err() {
        eprintln!("skipped compiling: `{rustc}` cannot be run");
        return None;
    }
    Some(rustc)
}

/// The rustc command that compiles `file` as a Rust 2021 library crate
/// named `name` (metadata only, into `out_dir`); more arguments may follow.
pub fn library_command(rustc: &str, file: &Path, out_dir: &Path, name: &str) -> Command {
    let mut command = Command::new(rustc);
    command
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--emit=metadata",
        ])
        .arg("--crate-name")
        .arg(name)
        .arg("-o")
        .arg(out_dir.join(format!("{name}.rmeta")))
        .arg(file);
    command
}

/// Compiles `file` as a Rust 2021 library (metadata only) into `out_dir`;
/// the error is rustc's output.
pub fn compile_library(rustc: &str, file: &Path, out_dir: &Path, name: &str) -> Result<(), String> {
    let output = library_command(rustc, file, out_dir, name)
        .output()
        .expect("run rustc");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// The source directory of crates.io's `name` `version`, fetched by
/// `scripts/fetch-crates.sh` into a throwaway cargo home; `None` (after
/// saying why) when the registry cannot be reached.
pub fn fetch(name: &str, version: &str) -> Option<std::path::PathBuf> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/fetch-crates.sh");
    let output = Command::new("bash")
        .arg(&script)
        .arg(format!("{name}={version}"))
        .output()
        .expect("run fetch-crates.sh");
    if output.status.code() == Some(3) {
        eprintln!(
            "skipped: {name} {version} could not be fetched from the registry:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    }
    assert!(
        output.status.success(),
        "fetch-crates.sh {name}={version} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let directory = String::from_utf8(output.stdout).expect("UTF-8 path");
    Some(std::path::PathBuf::from(directory.trim()))
}
