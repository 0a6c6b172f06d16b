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
