//! Bugs that were published on crates.io and later fixed upstream: each is
//! reported in the version that had it, and the rule that reported it is
//! silent on the file in the version that fixed it. Sources are fetched by `scripts/fetch-crates.sh`
//! into a throwaway cargo home; every test skips, with a message, when the
//! registry cannot be reached.

mod common;
use common::fetch;

use std::path::Path;
use std::process::Command;

/// A bug fixed upstream: the file that had it, and the findings (line,
/// column, rule) pollcheck reports there in the buggy version.
struct FixedBug {
    name: &'static str,
    buggy: &'static str,
    fixed: &'static str,
    file: &'static str,
    findings: &'static [(usize, usize, &'static str)],
}

/// pollcheck's findings in `file` of the crate at `root`, in the short
/// format, paths relative to the crate.
fn findings(root: &Path, file: &str) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_pollcheck"))
        .env(
            "POLLCHECK_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("pollcheck-cache"),
        )
        .args(["--format", "short", "--color", "never", file])
        .current_dir(root)
        .output()
        .expect("run pollcheck");
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(!errors.contains("error:"), "{errors}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.starts_with(file))
        .map(str::to_owned)
        .collect()
}

fn check(bug: &FixedBug) {
    let (Some(buggy), Some(fixed)) = (fetch(bug.name, bug.buggy), fetch(bug.name, bug.fixed))
    else {
        return;
    };
    let before = findings(&buggy, bug.file);
    for (line, column, rule) in bug.findings {
        let place = format!("{}:{line}:{column}: ", bug.file);
        assert!(
            before
                .iter()
                .any(|found| found.starts_with(&place) && found.contains(&format!("[{rule}]"))),
            "{} {}: expected {rule} at {place}, found:\n{}",
            bug.name,
            bug.buggy,
            before.join("\n")
        );
    }
    // The rules that reported the bug are silent on the fixed file (another
    // rule may still report something else there).
    let after: Vec<String> = findings(&fixed, bug.file)
        .into_iter()
        .filter(|found| {
            bug.findings
                .iter()
                .any(|(_, _, rule)| found.contains(&format!("[{rule}]")))
        })
        .collect();
    assert!(
        after.is_empty(),
        "{} {} (fixed) still has findings of those rules in {}:\n{}",
        bug.name,
        bug.fixed,
        bug.file,
        after.join("\n")
    );
}

/// TimelyDataflow/timely-dataflow#636: padding written with
/// `write(…).unwrap()`, so a short write misaligns the message.
#[test]
fn timely_padding_write_drops_its_count() {
    check(&FixedBug {
        name: "timely",
        buggy: "0.17.1",
        fixed: "0.18.0",
        file: "src/dataflow/channels/mod.rs",
        findings: &[(95, 16, "unused_write_amount")],
    });
}

/// georust/geozero#32 ("ensure complete writes"): the GeoJSON writer's
/// `let _ = self.out.write(…)?`.
#[test]
fn geozero_geojson_writer_drops_write_counts() {
    check(&FixedBug {
        name: "geozero",
        buggy: "0.9.4",
        fixed: "0.9.5",
        file: "src/geojson/geojson_writer.rs",
        findings: &[(21, 30, "unused_write_amount")],
    });
}

/// Atostek/RustDDS#82 ("use write_all"): strings and bytes serialised with
/// `write(…)?`.
#[test]
fn rustdds_cdr_serializer_drops_write_counts() {
    check(&FixedBug {
        name: "rustdds",
        buggy: "0.4.10",
        fixed: "0.4.11",
        file: "src/serialization/cdr_serializer.rs",
        findings: &[
            (319, 17, "unused_write_amount"),
            (326, 17, "unused_write_amount"),
        ],
    });
}

/// kpcyrd/rebuilderd#40, fixed by #42 ("Fix partially lost writes"): a
/// download adds up `f.write(&item)` counts and loses the rest of each
/// chunk (truncated downloads).
#[test]
fn rebuilderd_worker_download_adds_up_short_writes() {
    check(&FixedBug {
        name: "rebuilderd-worker",
        buggy: "0.9.0",
        fixed: "0.9.1",
        file: "src/download.rs",
        findings: &[(38, 20, "short_write_not_advanced")],
    });
}

/// The same fix: the passthrough of a build's stdout and stderr in
/// `select!` arms used `write(…).await?`.
#[test]
fn rebuilderd_worker_output_passthrough_drops_write_counts() {
    check(&FixedBug {
        name: "rebuilderd-worker",
        buggy: "0.9.0",
        fixed: "0.9.1",
        file: "src/proc.rs",
        findings: &[
            (138, 28, "unused_write_amount"),
            (145, 28, "unused_write_amount"),
        ],
    });
}

/// libp2p/rust-libp2p#3074: on a reset, the Kademlia handler dropped the
/// `Poll` of `try_close` (a pending close was never finished); fixed in
/// libp2p-kad 0.42.0.
#[test]
fn libp2p_kad_handler_drops_a_pending_substream_close() {
    check(&FixedBug {
        name: "libp2p-kad",
        buggy: "0.34.0",
        fixed: "0.44.0",
        file: "src/handler.rs",
        findings: &[(544, 57, "discarded_poll")],
    });
}

/// vavrusa/memcache-async, 0.6.4: `get_multi` wrote separators with
/// `write(…).await?`.
#[test]
fn memcache_async_get_multi_drops_write_counts() {
    check(&FixedBug {
        name: "memcache-async",
        buggy: "0.6.3",
        fixed: "0.6.4",
        file: "src/ascii.rs",
        findings: &[
            (72, 20, "unused_write_amount"),
            (75, 16, "unused_write_amount"),
        ],
    });
}

/// chatmail/async-imap#118 ("Use write_all() to write space after a tag").
#[test]
fn async_imap_tag_separator_drops_its_write_count() {
    check(&FixedBug {
        name: "async-imap",
        buggy: "0.10.3",
        fixed: "0.10.4",
        file: "src/imap_stream.rs",
        findings: &[(50, 24, "unused_write_amount")],
    });
}

/// smol-rs/async-rustls#9: in the early-data state, `poll_close` closed
/// the io under the buffered early data and handshake; 0.3.0 flushes first.
#[test]
fn async_rustls_closes_under_early_data() {
    check(&FixedBug {
        name: "async-rustls",
        buggy: "0.2.0",
        fixed: "0.3.0",
        file: "src/client.rs",
        findings: &[(174, 43, "shutdown_without_flush")],
    });
}

/// hyperium/hyper#4143 ("flush bytes buffered by the write re-check before
/// yielding"): since 1.10.0, the dispatcher's second `poll_write` returned
/// `Poll::Ready` from `poll_loop` when it was pending, stranding what it had
/// just buffered (a chunked body's terminator); 1.12.0 flushes first.
#[test]
fn hyper_dispatcher_yields_ready_on_a_pending_write() {
    check(&FixedBug {
        name: "hyper",
        buggy: "1.11.0",
        fixed: "1.12.0",
        file: "src/proto/h1/dispatch.rs",
        findings: &[(207, 25, "pending_turned_ready")],
    });
}
