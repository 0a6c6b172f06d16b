//! The byte-level pre-filter (`lint_core::prefilter`) decides which files,
//! and which of their items, syn parses. It must never change a finding:
//! these tests compare every output with `--no-prefilter`, which parses
//! every file whole.

mod common;

use std::path::Path;

use common::{pollcheck, project, stderr, stdout};

/// Runs pollcheck with and without the pre-filter, asserts that both print
/// the same findings, and returns the pre-filtered run's output.
fn same_both_ways(dir: &Path, args: &[&str]) -> std::process::Output {
    let filtered = pollcheck(dir, args);
    let mut whole_args = args.to_vec();
    whole_args.push("--no-prefilter");
    let whole = pollcheck(dir, &whole_args);
    assert_eq!(
        stdout(&filtered),
        stdout(&whole),
        "findings differ with the pre-filter on (left) and off (right) for {args:?}"
    );
    filtered
}

#[test]
fn the_test_corpus_gives_the_same_findings_with_and_without_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // As one crate, the way the corpus test scans it …
    let output = same_both_ways(root, &["--format", "json", "--exit-zero", "test-corpus"]);
    assert!(stdout(&output).lines().count() > 400, "{}", stderr(&output));
    // … and each fixture named alone, as pre-commit names files (checked
    // within the crate around it, from the crate model).
    let mut fixtures = 0;
    for folder in std::fs::read_dir(root.join("test-corpus")).unwrap() {
        for file in std::fs::read_dir(folder.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "rs") {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_string();
                same_both_ways(root, &["--format", "short", "--exit-zero", &name]);
                fixtures += 1;
            }
        }
    }
    assert!(fixtures >= 40, "{fixtures} fixtures");
}

/// A crate named `x` of `files`.
fn crate_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let mut all = vec![(
        "Cargo.toml",
        "[package]\nname = \"x\"\nversion = \"0.0.0\"\n",
    )];
    all.extend_from_slice(files);
    project(&all)
}

const FINDING: &str = "use std::task::{Context, Poll};\nfn f(io: &mut Io, cx: &mut Context<'_>) -> Poll<()> {\n    let _ = io.poll_flush(cx)?;\n    Poll::Ready(())\n}\n";

#[test]
fn files_that_cannot_hold_a_finding_are_not_parsed() {
    // The poll function is named `poll_*`, so that the second pass (which
    // follows names such as `f` into every file) has nothing to follow.
    let finding = FINDING.replace("fn f(", "fn poll_f(");
    let dir = project(&[
        ("src/finding.rs", &finding),
        // Lexes cleanly but is no Rust: only a full parse notices.
        ("src/grammar.rs", "fn broken() { let = ; }\n"),
        (
            "src/plain.rs",
            "/// Writes and flushes nothing.\nfn add(a: u8, b: u8) -> u8 { a + b }\n",
        ),
        // Brackets that do not balance, in a file with nothing to find.
        ("src/unbalanced.rs", "fn broken() { (1; }\n"),
        // The same where a finding could be: parsed whole, and reported.
        (
            "src/unbalanced_io.rs",
            "fn broken(w: &mut W) { w.flush(); (1; }\n",
        ),
        // No Rust file holds a NUL byte: always parsed, and reported.
        ("src/binary.rs", "\0\0\0"),
    ]);
    let output = same_both_ways(dir.path(), &["--format", "short", "--statistics", "src"]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(
        errors.contains("statistics: files 6, parsed 3,"),
        "{errors}"
    );
    assert!(
        errors.contains("error: src/unbalanced_io.rs:1:"),
        "{errors}"
    );
    assert!(errors.contains("error: src/binary.rs:1:"), "{errors}");
    assert!(!errors.contains("src/unbalanced.rs"), "{errors}");
    assert!(!errors.contains("grammar.rs"), "{errors}");
    assert!(
        stdout(&output).starts_with("src/finding.rs:3:16: error[discarded_poll]"),
        "{}",
        stdout(&output)
    );

    let whole = pollcheck(
        dir.path(),
        &["--format", "short", "--statistics", "--no-prefilter", "src"],
    );
    let errors = stderr(&whole);
    assert!(
        errors.contains("statistics: files 6, parsed 6,"),
        "{errors}"
    );
    assert!(errors.contains("error: src/grammar.rs:1:"), "{errors}");
    assert!(errors.contains("error: src/unbalanced.rs:1:"), "{errors}");
}

#[test]
fn a_name_the_crate_declares_as_poll_is_followed_into_files_without_needles() {
    // `drive` returns `Poll` and drives a flush: a write-side poll.
    let declares = "use std::pin::Pin;\nuse std::task::{Context, Poll};\npub trait AsyncWrite {\n    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>>;\n}\npub struct Conn {\n    io: Box<dyn AsyncWrite + Unpin>,\n}\nimpl Conn {\n    pub fn drive(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {\n        Pin::new(&mut *self.io).poll_flush(cx)\n    }\n}\n";
    // No `poll`, `Poll` nor IO call: the first pass skips it.
    let calls = "use std::task::Context;\nimpl Conn {\n    pub fn later(&mut self, cx: &mut Context<'_>) {\n        let _ = self.drive(cx);\n    }\n}\n";
    let dir = crate_of(&[("src/conn.rs", declares), ("src/later.rs", calls)]);
    let output = same_both_ways(dir.path(), &["--format", "short", "--statistics", "."]);
    let found = stdout(&output);
    assert!(
        found.starts_with("src/later.rs:4:22: error[discarded_poll]") && found.contains("`drive`"),
        "{found}"
    );
    assert!(
        stderr(&output).contains("files 2, parsed 2,"),
        "{}",
        stderr(&output)
    );

    // Another `drive` that returns no `Poll`, in a file the first pass
    // skips, makes the call ambiguous: no finding either way.
    let other = "pub struct Other;\nimpl Other {\n    pub fn drive(&mut self, n: u8) {\n        let _ = n;\n    }\n}\n";
    let dir = crate_of(&[
        ("src/conn.rs", declares),
        ("src/later.rs", calls),
        ("src/other.rs", other),
    ]);
    let output = same_both_ways(dir.path(), &["--format", "short", "."]);
    assert_eq!(stdout(&output), "", "{}", stderr(&output));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_discarded_io_helper_is_followed_into_files_without_needles() {
    // `send_goaway` writes through `write_frame`: an IO helper.
    let declares = "use std::io::{self, Write};\npub struct Conn {\n    socket: std::net::TcpStream,\n}\nimpl Conn {\n    pub fn write_frame(&mut self, frame: &[u8]) -> io::Result<()> {\n        self.socket.write_all(frame)?;\n        Ok(())\n    }\n    pub fn send_goaway(&mut self) -> io::Result<()> {\n        self.write_frame(&[7])\n    }\n}\n";
    // No IO name at all: the first pass skips it; the item holding the
    // discard is parsed only in the second pass, the others not.
    let calls = "impl crate::Conn {\n    pub fn count(&self) -> usize {\n        1\n    }\n    pub fn bye(&mut self) {\n        let _ = self.send_goaway();\n    }\n}\n";
    let dir = crate_of(&[("src/conn.rs", declares), ("src/later.rs", calls)]);
    let output = same_both_ways(dir.path(), &["--format", "short", "--statistics", "."]);
    let found = stdout(&output);
    assert!(
        found.starts_with("src/later.rs:6:22: warning[discarded_io_result]")
            && found.contains("`send_goaway`"),
        "{found}"
    );
    assert_eq!(found.lines().count(), 1, "{found}");

    // A file that calls the helper where nothing is thrown away (and
    // throws something else away) is not parsed: its called-names filter
    // (unit-tested in lint-core's prefilter.rs) keeps the second pass from
    // reading it again at all.
    let passes_on = "impl crate::Conn {\n    pub fn close(&mut self) -> std::io::Result<()> {\n        let _ = 1;\n        self.send_goaway()\n    }\n}\n";
    let dir = crate_of(&[
        ("src/conn.rs", declares),
        ("src/later.rs", calls),
        ("src/passes_on.rs", passes_on),
    ]);
    let output = same_both_ways(dir.path(), &["--format", "short", "--statistics", "."]);
    assert_eq!(stdout(&output).lines().count(), 1, "{}", stdout(&output));
    assert!(
        stderr(&output).contains("files 3, parsed 1,"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn items_parsed_alone_keep_their_lines_columns_and_fixes() {
    // The finding sits after items the pre-filter blanks out, in an impl
    // whose other methods are blanked too; `--diff` shows the fix in place.
    let text = "use std::io::Write;\n\n/// Docs.\n#[derive(Debug)]\nstruct S {\n    a: [u8; 4],\n}\n\nconst C: S = S { a: [0; 4] };\n\nimpl S {\n    fn other(&self) -> usize {\n        self.a.len()\n    }\n\n    fn save(&self, w: &mut std::fs::File) -> std::io::Result<()> {\n        let _ = w.flush();\n        w.write(&self.a)?;\n        Ok(())\n    }\n}\n";
    let dir = project(&[("src/lib.rs", text)]);
    let output = same_both_ways(dir.path(), &["--format", "short", "--statistics", "src"]);
    let found = stdout(&output);
    let lines: Vec<&str> = found.lines().collect();
    assert_eq!(lines.len(), 2, "{found}");
    assert!(
        lines[0].starts_with("src/lib.rs:17:19: warning[discarded_io_result]"),
        "{found}"
    );
    assert!(
        lines[1].starts_with("src/lib.rs:18:11: error[unused_write_amount]"),
        "{found}"
    );
    same_both_ways(dir.path(), &["--diff", "--unsafe-fixes", "src"]);
}

#[test]
fn fixing_a_file_with_an_item_that_does_not_parse_leaves_that_item_alone() {
    // Found by fuzzing: the fixed text was checked by a full parse, which
    // failed on an item the scan had never parsed, and the fix was refused
    // as "a pollcheck bug".
    let text = "use std::task::{ready, Context, Poll};\n\nimpl fmt:: {}\n\nfn f(io: &mut Io, cx: &mut Context<'_>) -> Poll<()> {\n    let _ = io.poll_flush(cx)?;\n    Poll::Ready(())\n}\n";
    let dir = project(&[("src/lib.rs", text)]);
    let output = pollcheck(dir.path(), &["--fix", "--format", "short", "src"]);
    let fixed = std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap();
    assert!(
        !stderr(&output).contains("pollcheck bug"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        fixed,
        text.replace("let _ = io.poll_flush(cx)?;", "ready!(io.poll_flush(cx))?;")
    );
    assert_eq!(stdout(&output), "", "{}", stderr(&output));
}
