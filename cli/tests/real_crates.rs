//! pollcheck on real crates.io sources, fetched by `scripts/fetch-crates.sh`
//! into a throwaway cargo home. Skipped, with a message, when the registry
//! cannot be reached.

mod common;
use common::fetch;

use std::path::Path;
use std::process::Command;

#[test]
fn hyper_1_9_0_dispatcher_discards_its_write_and_flush_polls() {
    let Some(hyper) = fetch("hyper", "1.9.0") else {
        return;
    };
    let dispatch = hyper.join("src/proto/h1/dispatch.rs");
    let output = Command::new(env!("CARGO_BIN_EXE_pollcheck"))
        .env(
            "POLLCHECK_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("pollcheck-cache"),
        )
        .args(["--format", "short"])
        .arg(&dispatch)
        .output()
        .expect("run pollcheck");
    let text = String::from_utf8_lossy(&output.stdout);
    let finding = |line: usize| {
        text.lines()
            .find(|found| found.contains(&format!("dispatch.rs:{line}:")))
            .map(str::to_owned)
    };
    let write = finding(173).expect("line 173 (poll_write) reported");
    assert!(
        write.contains("error[discarded_poll]") && write.contains("`poll_write`"),
        "{write}"
    );
    let flush = finding(174).expect("line 174 (poll_flush) reported");
    assert!(
        flush.contains("error[discarded_poll]") && flush.contains("`poll_flush`"),
        "{flush}"
    );
    assert_eq!(finding(172), None, "poll_read is read side:\n{text}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn the_whole_hyper_1_9_0_crate_scans_without_errors() {
    let Some(hyper) = fetch("hyper", "1.9.0") else {
        return;
    };
    let output = Command::new(env!("CARGO_BIN_EXE_pollcheck"))
        .env(
            "POLLCHECK_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("pollcheck-cache"),
        )
        .args(["--format", "short"])
        .arg(&hyper)
        .output()
        .expect("run pollcheck");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let polls = text
        .lines()
        .filter(|line| line.contains("[discarded_poll]"))
        .count();
    assert_eq!(polls, 2, "{text}");
}

#[test]
fn hyper_1_10_1_shuts_the_socket_down_under_its_write_buffer_and_1_11_0_does_not() {
    let (Some(old), Some(fixed)) = (fetch("hyper", "1.10.1"), fetch("hyper", "1.11.0")) else {
        return;
    };
    let shutdowns = |root: &Path| {
        let output = Command::new(env!("CARGO_BIN_EXE_pollcheck"))
            .env(
                "POLLCHECK_CACHE_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("pollcheck-cache"),
            )
            .args(["--format", "short"])
            .arg(root.join("src/proto/h1"))
            .output()
            .expect("run pollcheck");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter(|line| line.contains("[shutdown_without_flush]"))
            .map(|line| {
                line.rsplit_once("/src/")
                    .map_or(line, |(_, rest)| rest)
                    .to_owned()
            })
            .collect::<Vec<_>>()
    };
    let found = shutdowns(&old);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("proto/h1/conn.rs:836:"), "{found:?}");
    assert_eq!(shutdowns(&fixed), Vec::<String>::new());
}

#[test]
fn fixing_hyper_1_9_0_dispatch_rs_rewrites_the_two_discards_and_still_parses() {
    let Some(hyper) = fetch("hyper", "1.9.0") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temporary directory");
    let copy = dir.path().join("dispatch.rs");
    std::fs::copy(hyper.join("src/proto/h1/dispatch.rs"), &copy).expect("copy");
    let original = std::fs::read_to_string(&copy).unwrap();
    let diff = Command::new(env!("CARGO_BIN_EXE_pollcheck"))
        .env(
            "POLLCHECK_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("pollcheck-cache"),
        )
        .args(["--diff", "dispatch.rs"])
        .current_dir(dir.path())
        .output()
        .expect("run pollcheck --diff");
    let diff = String::from_utf8_lossy(&diff.stdout);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|line| {
            line.starts_with(['-', '+']) && !line.starts_with("---") && !line.starts_with("+++")
        })
        .collect();
    assert_eq!(
        changed,
        [
            "-            let _ = self.poll_write(cx)?;",
            "-            let _ = self.poll_flush(cx)?;",
            "+            ready!(self.poll_write(cx))?;",
            "+            ready!(self.poll_flush(cx))?;",
        ],
        "{diff}"
    );
    let fixed = Command::new(env!("CARGO_BIN_EXE_pollcheck"))
        .env(
            "POLLCHECK_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("pollcheck-cache"),
        )
        .args(["--fix", "--format", "short", "dispatch.rs"])
        .current_dir(dir.path())
        .output()
        .expect("run pollcheck --fix");
    // The copy still parses (no error line), the two fixes are said on
    // standard error (the short format's standard output is the findings),
    // and the two findings are gone.
    assert_eq!(
        String::from_utf8_lossy(&fixed.stderr),
        "pollcheck: applied 2 fixes\n"
    );
    let after = String::from_utf8_lossy(&fixed.stdout);
    assert!(!after.contains("[discarded_poll]"), "{after}");
    let text = std::fs::read_to_string(&copy).unwrap();
    assert_ne!(text, original);
    assert_eq!(text.lines().count(), original.lines().count());
}
