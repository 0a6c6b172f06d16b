//! The editor extensions in editors/: the VS Code extension's tests (Node's
//! test runner, one of them a session with this build's `pollcheck server`
//! started as the extension starts it) and the Zed extension's (its own
//! cargo package, built for this machine). Skipped, with a message, when
//! Node is missing or the registry cannot be reached for the Zed
//! extension's dependencies.

use std::path::Path;
use std::process::Command;

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_vscode_extension_starts_the_server_as_it_should() {
    let directory = repository().join("editors/vscode");
    // One file named (a directory argument is a glob pattern from Node 21
    // on), and the TAP reporter asked for (the default is `spec` from Node
    // 23 on), so that the summary below reads the same on every Node.
    let output = Command::new("node")
        .args(["--test", "--test-reporter=tap", "test/extension.test.js"])
        .current_dir(&directory)
        .env("POLLCHECK_BIN", env!("CARGO_BIN_EXE_pollcheck"))
        .output();
    let Ok(output) = output else {
        eprintln!("skipped: node cannot be run, so the VS Code extension's tests cannot");
        return;
    };
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Every test ran: none skipped, the session with the server included.
    for summary in ["# pass 11", "# fail 0", "# skipped 0"] {
        assert!(
            report.lines().any(|line| line.trim_end() == summary),
            "no line `{summary}` in:\n{report}"
        );
    }
}

/// What cargo says when it cannot reach the registry.
const UNREACHABLE: &[&str] = &[
    "failed to download",
    "failed to get",
    "Unable to update",
    "failed to query replaced source",
    "Couldn't resolve host",
    "Could not resolve host",
    "download of config.json failed",
];

#[test]
fn the_zed_extension_builds_and_chooses_the_binary() {
    let manifest = repository().join("editors/zed/Cargo.toml");
    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--locked", "--manifest-path"])
        .arg(&manifest)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("editors-zed"),
        )
        .output()
        .expect("run cargo");
    let errors = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() && UNREACHABLE.iter().any(|words| errors.contains(words)) {
        eprintln!("skipped: the registry cannot be reached to build editors/zed:\n{errors}");
        return;
    }
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{report}\n{errors}");
    assert!(report.contains("test result: ok. 3 passed"), "{report}");
}
