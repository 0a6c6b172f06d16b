//! The built `pollcheck` binary, run as a user would run it.

mod common;
use common::*;

use std::fs;
use std::process::Command;

const BAD: &str = "use std::task::{Context, Poll};\nfn poll_shutdown(io: &mut Io, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {\n    let _ = io.poll_flush(cx)?;\n    io.poll_shutdown(cx)\n}\n";
const WARNING_ONLY: &str = "fn save(w: &mut std::fs::File) {\n    let _ = w.sync_all();\n}\n";
const CLEAN: &str = "fn f() -> u8 {\n    1\n}\n";

#[test]
fn exit_status_is_0_clean_1_findings_2_trouble() {
    // Broken where pollcheck looks: a file that cannot hold a finding is
    // not parsed (see the pre-filter tests).
    let dir = project(&[
        ("clean.rs", CLEAN),
        ("bad.rs", BAD),
        ("broken.rs", "fn poll_close("),
    ]);
    assert_eq!(pollcheck(dir.path(), &["clean.rs"]).status.code(), Some(0));
    assert_eq!(pollcheck(dir.path(), &["bad.rs"]).status.code(), Some(1));
    assert_eq!(
        pollcheck(dir.path(), &["--exit-zero", "bad.rs"])
            .status
            .code(),
        Some(0)
    );
    let broken = pollcheck(dir.path(), &["broken.rs", "bad.rs"]);
    assert_eq!(broken.status.code(), Some(2));
    // The findings in the other file are still reported.
    assert!(stdout(&broken).contains("bad.rs:3:"), "{}", stdout(&broken));
    assert_eq!(
        pollcheck(dir.path(), &["--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(
        pollcheck(dir.path(), &["--deny", "no_such_rule"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn short_format_is_path_line_column_level_rule_message() {
    let dir = project(&[("src/bad.rs", BAD)]);
    let output = pollcheck(dir.path(), &["--format", "short"]);
    assert_eq!(
        stdout(&output),
        "src/bad.rs:3:16: error[discarded_poll]: the `Poll` returned by `poll_flush` is thrown away, so `Poll::Pending` is lost\n"
    );
}

#[test]
fn human_format_ends_with_a_summary_and_uses_no_colour_when_piped() {
    let dir = project(&[("a.rs", BAD), ("b.rs", WARNING_ONLY), ("c.rs", CLEAN)]);
    let output = pollcheck(dir.path(), &["."]);
    let text = stdout(&output);
    assert!(!text.contains('\u{1b}'), "colour codes in piped output");
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with("pollcheck: 3 files, 11 lines in ")
            && last.ends_with(": 1 error, 1 warning; 1 fixable with `--fix`"),
        "{last}"
    );
    assert!(text.contains("help: return `Poll::Pending` while the flush is pending: `ready!(io.poll_flush(cx))?;` (safe fix)"));
    let coloured = pollcheck(dir.path(), &["--color", "always", "a.rs"]);
    assert!(stdout(&coloured).contains('\u{1b}'));
}

#[test]
fn level_flags_change_levels_and_later_flags_win() {
    let dir = project(&[("b.rs", WARNING_ONLY)]);
    let denied = pollcheck(
        dir.path(),
        &["--format", "short", "--deny", "discarded_io_result", "b.rs"],
    );
    assert!(stdout(&denied).contains("error[discarded_io_result]"));
    let allowed = pollcheck(dir.path(), &["--allow", "discarded_io_result", "b.rs"]);
    assert_eq!(allowed.status.code(), Some(0));
    let flipped = pollcheck(
        dir.path(),
        &[
            "--format",
            "short",
            "--allow",
            "discarded_io_result",
            "--warn",
            "discarded_io_result",
            "b.rs",
        ],
    );
    assert!(stdout(&flipped).contains("warning[discarded_io_result]"));
}

#[test]
fn gitignore_hidden_and_target_directories_are_skipped_unless_named() {
    let dir = project(&[
        (".gitignore", "generated/\n"),
        ("generated/bad.rs", BAD),
        (".hidden/bad.rs", BAD),
        (
            "target/CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n",
        ),
        ("target/debug/bad.rs", BAD),
        ("src/clean.rs", CLEAN),
    ]);
    let output = pollcheck(dir.path(), &["--format", "short"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let named = pollcheck(
        dir.path(),
        &["--format", "short", "generated/bad.rs", ".hidden", "target"],
    );
    let text = stdout(&named);
    assert!(text.contains("generated/bad.rs:3:16"), "{text}");
    assert!(text.contains(".hidden/bad.rs:3:16"), "{text}");
    assert!(text.contains("target/debug/bad.rs:3:16"), "{text}");
}

#[test]
fn a_named_file_is_scanned_whatever_its_extension() {
    let dir = project(&[("snippet.txt", BAD)]);
    let output = pollcheck(dir.path(), &["--format", "short", "snippet.txt"]);
    assert!(stdout(&output).starts_with("snippet.txt:3:16:"));
}

#[test]
fn bad_input_gets_one_clear_line_and_the_scan_goes_on() {
    let dir = project(&[
        ("src/syntax.rs", "fn ok() {}\nfn broken( {\n"),
        ("src/good.rs", BAD),
        ("src/empty.rs", ""),
        ("src/crlf.rs", "\u{feff}fn f(io: &mut Io, cx: &mut Cx) -> Poll<()> {\r\n    let _ = io.poll_flush(cx)?;\r\n    Poll::Ready(())\r\n}\r\n"),
    ]);
    fs::write(
        dir.path().join("src/latin1.rs"),
        b"fn f() { let s = \"caf\xe9\"; }\n",
    )
    .unwrap();
    fs::write(dir.path().join("src/nul.rs"), [0u8; 64]).unwrap();
    let deep = format!(
        "fn f() {{ let _ = {}1{}; }}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    fs::write(dir.path().join("src/deep.rs"), deep).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("loop.rs", dir.path().join("src/loop.rs")).unwrap();

    let output = pollcheck(
        dir.path(),
        &["--format", "short", "src", "src/loop.rs", "missing.rs"],
    );
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    let lines: Vec<&str> = errors.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error: src/syntax.rs:2:") && l.contains("cannot parse")),
        "{errors}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error: src/latin1.rs: not valid UTF-8")),
        "{errors}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error: src/nul.rs:1:1: cannot parse")),
        "{errors}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error: src/deep.rs:") && l.contains("nest")),
        "{errors}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error: missing.rs: cannot read")),
        "{errors}"
    );
    #[cfg(unix)]
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error: src/loop.rs: cannot read")),
        "{errors}"
    );
    assert!(!errors.contains("panicked"), "{errors}");
    let found = stdout(&output);
    assert!(
        found.contains("src/good.rs:3:16: error[discarded_poll]"),
        "{found}"
    );
    // A byte-order mark and CRLF line endings leave lines and columns right.
    assert!(
        found.contains("src/crlf.rs:2:16: error[discarded_poll]"),
        "{found}"
    );
}

#[test]
fn one_unparsable_item_does_not_hide_the_rest_of_the_file() {
    // The broken item throws a poll away, so the pre-filter keeps it.
    let text = format!("fn old(io: &mut Io) {{ let _ = io.poll_flush(cx); let = ; }}\n{BAD}");
    let dir = project(&[("mixed.rs", &text)]);
    let output = pollcheck(dir.path(), &["--format", "short", "mixed.rs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("mixed.rs:1:"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("this item was skipped"));
    assert!(
        stdout(&output).contains("mixed.rs:4:16: error[discarded_poll]"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn rules_lists_every_rule_and_explain_prints_each_rules_docs() {
    let dir = project(&[]);
    let list = stdout(&pollcheck(dir.path(), &["rules"]));
    for rule in rules::RULES {
        let meta = rule.meta();
        assert!(
            list.contains(meta.name) && list.contains(meta.summary),
            "{list}"
        );
        let output = pollcheck(dir.path(), &["explain", meta.name]);
        assert_eq!(output.status.code(), Some(0));
        let docs = stdout(&output);
        assert!(docs.starts_with(&format!("# {}\n", meta.name)));
        assert!(docs.contains(&lint_core::rule::docs_markdown(meta)));
    }
    let unknown = pollcheck(dir.path(), &["explain", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown rule `nope`"));
}

#[test]
fn cargo_subcommand_form_drops_the_word_cargo_inserts() {
    let dir = project(&[
        (
            "Cargo.toml",
            "[package]\nname = \"bad\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/bad.rs", BAD),
        ("src/lib.rs", "mod bad;\n"),
    ]);
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-pollcheck"))
        .env("POLLCHECK_CACHE_DIR", common::test_cache_dir())
        .args(["pollcheck", "--format", "short"])
        .current_dir(dir.path())
        .output()
        .expect("run cargo-pollcheck");
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).starts_with("src/bad.rs:3:16:"));
}

#[test]
fn output_order_does_not_depend_on_threads() {
    let mut files = Vec::new();
    for index in 0..40 {
        files.push((format!("src/m{index:02}.rs"), BAD.to_string()));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = project(&borrowed);
    let one = stdout(&pollcheck(
        dir.path(),
        &["--format", "short", "--threads", "1"],
    ));
    let four = stdout(&pollcheck(
        dir.path(),
        &["--format", "short", "--threads", "4"],
    ));
    assert_eq!(one, four);
    assert_eq!(one.lines().count(), 40);
    let mut sorted: Vec<&str> = one.lines().collect();
    sorted.sort();
    assert_eq!(sorted, one.lines().collect::<Vec<_>>());
}

#[test]
fn scanning_never_writes_to_the_scanned_files() {
    let dir = project(&[("bad.rs", BAD)]);
    let path = dir.path().join("bad.rs");
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    pollcheck(dir.path(), &["bad.rs"]);
    assert_eq!(fs::read_to_string(&path).unwrap(), BAD);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
}

#[test]
fn deep_but_legal_nesting_is_checked_without_overflowing_the_stack() {
    let parens = format!(
        "fn f(io: &mut Io, cx: &mut Cx) -> Poll<()> {{\n    let _ = io.poll_flush(cx)?;\n    let _ = {}1{};\n    Poll::Ready(())\n}}\n",
        "(".repeat(1_999),
        ")".repeat(1_999)
    );
    let chain = format!(
        "fn g() -> u32 {{\n    {}\n}}\n",
        vec!["1"; 50_000].join(" + ")
    );
    let unary = format!("fn u() -> bool {{\n    {}true\n}}\n", "!".repeat(100_000));
    let blocks = format!(
        "fn h() {{\n{}1;{}\n}}\n",
        "if true { ".repeat(1_500),
        " }".repeat(1_500)
    );
    let dir = project(&[
        ("parens.rs", &parens),
        ("chain.rs", &chain),
        ("unary.rs", &unary),
        ("blocks.rs", &blocks),
    ]);
    let output = pollcheck(dir.path(), &["--format", "short", "."]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output).trim(),
        "parens.rs:2:16: error[discarded_poll]: the `Poll` returned by `poll_flush` is thrown away, so `Poll::Pending` is lost"
    );
}

#[test]
fn the_poll_index_spans_a_crate_and_stops_at_its_manifest() {
    // Both helpers drive a write-side poll: they are write-side polls.
    let declares = "use std::pin::Pin;\nuse std::task::{Context, Poll};\npub trait AsyncWrite {\n    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>>;\n}\npub struct Conn {\n    io: Box<dyn AsyncWrite + Unpin>,\n}\nimpl Conn {\n    pub fn write_out(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {\n        Pin::new(&mut *self.io).poll_flush(cx)\n    }\n    pub fn pump(&mut self, cx: &mut Context<'_>) -> Poll<()> {\n        match Pin::new(&mut *self.io).poll_flush(cx) {\n            Poll::Ready(_) => Poll::Ready(()),\n            Poll::Pending => Poll::Pending,\n        }\n    }\n}\n";
    let discards = "use std::task::{Context, Poll};\nfn go(conn: &mut Conn, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {\n    let _ = conn.write_out(cx)?;\n    let _ = conn.pump(cx);\n    let _ = conn.write_out(cx, 1);\n    Poll::Ready(Ok(()))\n}\n";
    let manifest = "[package]\nname = \"x\"\nversion = \"0.0.0\"\n";
    let other_pump = "pub struct Other;\nimpl Other {\n    pub fn pump(&mut self, cx: &mut std::task::Context<'_>) {}\n}\n";
    let dir = project(&[
        ("a/Cargo.toml", manifest),
        ("a/src/conn.rs", declares),
        ("a/src/use.rs", discards),
        // Another package declaring a non-Poll `pump` does not make `pump`
        // ambiguous in the first one, and sees nothing of its `write_out`.
        ("b/Cargo.toml", manifest),
        ("b/src/other.rs", other_pump),
        ("b/src/use.rs", discards),
    ]);
    let output = pollcheck(dir.path(), &["--format", "short", "."]);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("a/src/use.rs:3:18: error[discarded_poll]")
            && lines[0].contains("`write_out`"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("a/src/use.rs:4:18: error[discarded_poll]")
            && lines[1].contains("`pump`"),
        "{text}"
    );
    // In one package, a Poll and a non-Poll `pump` make the call ambiguous.
    let ambiguous = project(&[
        ("Cargo.toml", manifest),
        ("src/conn.rs", declares),
        ("src/other.rs", other_pump),
        ("src/use.rs", discards),
    ]);
    let text = stdout(&pollcheck(ambiguous.path(), &["--format", "short", "."]));
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("`write_out`"), "{text}");
}

#[test]
fn nesting_beyond_the_limits_is_refused_with_one_line_and_the_scan_goes_on() {
    // A block comment holding a quote must not hide brackets from the guard.
    // Both bodies throw a flush away, so that the pre-filter hands them to
    // the parser.
    let parens = format!(
        "/* \" */\nfn p() {{ let _ = w.flush(); let _ = {}1{}; }}\n",
        "(".repeat(30_000),
        ")".repeat(30_000)
    );
    let unary = format!(
        "fn u() -> bool {{ let _ = w.flush(); {}true }}\n",
        "!".repeat(200_000)
    );
    let dir = project(&[
        ("parens.rs", &parens),
        ("unary.rs", &unary),
        ("bad.rs", BAD),
    ]);
    let output = pollcheck(dir.path(), &["--format", "short", "."]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert_eq!(errors.lines().count(), 2, "{errors}");
    assert!(
        errors.contains("parens.rs:1:1: cannot parse: brackets nest 30001 levels deep"),
        "{errors}"
    );
    assert!(
        errors.contains("unary.rs:1:1: cannot parse: an expression runs"),
        "{errors}"
    );
    assert!(stdout(&output).starts_with("bad.rs:3:16: error[discarded_poll]"));
}

#[test]
fn review_findings_stay_fixed() {
    let dir = project(&[
        // A suppression on the first line of a wrapped statement.
        (
            "wrapped.rs",
            "fn f(io: &mut Io, cx: &mut Cx) -> Poll<()> {\n    // pollcheck: allow(discarded_poll) -- reason\n    let _ = Pin::new(&mut io)\n        .poll_flush(cx)?;\n    let _ = Pin::new(&mut io) // pollcheck: allow(discarded_poll) -- reason\n        .poll_flush(cx)?;\n    Poll::Ready(())\n}\n",
        ),
        // A count handed to a closure is not lost.
        (
            "counted.rs",
            "fn f(&mut self, w: &mut W, buf: &[u8], io: &mut Io, cx: &mut Cx) -> Poll<io::Result<()>> {\n    w.write(buf).map(|n| self.pos += n)?;\n    let _ = w.write(buf).inspect(|n| self.pos += *n)?;\n    ready!(io.poll_write(cx, buf).map_ok(|n| self.pos += n))?;\n    Poll::Ready(Ok(()))\n}\n",
        ),
        // A binding read only through an inline format argument.
        (
            "inline.rs",
            "fn f(io: &mut Io, cx: &mut Cx) {\n    let _p = io.poll_flush(cx);\n    println!(\"{_p:?}\");\n}\n",
        ),
        // Standard output held in a local.
        (
            "stdout.rs",
            "use std::io::Write;\nfn f() {\n    let mut out = std::io::stdout().lock();\n    let _ = writeln!(out, \"x\");\n    let _ = out.flush();\n}\n",
        ),
        // A directive quoted in a string silences nothing.
        (
            "quoted.rs",
            "fn f(io: &mut Io, cx: &mut Cx) -> Poll<()> {\n    let _ = io.poll_flush(cx)?; let s = \"// pollcheck: allow(discarded_poll)\";\n    Poll::Ready(())\n}\n",
        ),
        // A licence block and a BOM before allow-file.
        (
            "licensed.rs",
            "\u{feff}/* SPDX-License-Identifier: MIT\n */\n// pollcheck: allow-file(discarded_poll)\nfn f(io: &mut Io, cx: &mut Cx) -> Poll<()> {\n    let _ = io.poll_flush(cx)?;\n    Poll::Ready(())\n}\n",
        ),
        // A file named `pollcheck` is scanned by the plain binary.
        ("pollcheck", BAD),
    ]);
    let output = pollcheck(dir.path(), &["--format", "short", "."]);
    assert_eq!(
        stdout(&output),
        "quoted.rs:2:16: error[discarded_poll]: the `Poll` returned by `poll_flush` is thrown away, so `Poll::Pending` is lost\n"
    );
    let named = pollcheck(
        dir.path(),
        &["--format", "short", "pollcheck", "./pollcheck"],
    );
    assert_eq!(stdout(&named).lines().count(), 1, "{}", stdout(&named));
}

#[test]
fn a_bom_does_not_shift_columns_on_the_first_line() {
    let dir = project(&[("bom.rs", "\u{feff}fn f() -> {}\n")]);
    // The file holds nothing the rules look at: only a full parse sees it.
    let output = pollcheck(dir.path(), &["--no-prefilter", "bom.rs"]);
    assert!(
        stderr(&output).starts_with("error: bom.rs:1:11: cannot parse"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn a_named_fifo_is_refused_not_waited_on() {
    let dir = project(&[]);
    let fifo = dir.path().join("pipe.rs");
    let status = Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|status| status.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let output = pollcheck(dir.path(), &["pipe.rs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("pipe.rs: not a regular file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_closed_pipe_ends_the_report_quietly() {
    // `pollcheck | head -1`: the reader goes away after the first line.
    // Every format stops writing without an error and keeps the exit
    // status of its findings.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for format in ["human", "short", "json", "sarif", "github"] {
        let mut child = common::pollcheck_command()
            .current_dir(root)
            .args(["--format", format, "test-corpus"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 1];
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "",
            "{format}: nothing but the report's end"
        );
    }
}

/// A file with one `discarded_poll` finding, on line 3.
const POLL_FINDING: &str = "use std::task::{Context, Poll};\nfn poll_f(io: &mut Io, cx: &mut Context<'_>) -> Poll<()> {\n    let _ = io.poll_flush(cx)?;\n    Poll::Ready(())\n}\n";

#[test]
fn rule_names_take_hyphens_and_all_and_near_misses_get_a_suggestion() {
    let suppressed = POLL_FINDING.replace(
        "    let _ =",
        "    // pollcheck: allow(discarded-poll) -- a test of the spelling\n    let _ =",
    );
    let dir = project(&[("src/a.rs", POLL_FINDING), ("src/b.rs", &suppressed)]);
    let short = |args: &[&str]| {
        let mut all = vec!["--format", "short"];
        all.extend_from_slice(args);
        pollcheck(dir.path(), &all)
    };
    // The finding, once: the hyphenated suppression in b.rs holds.
    let found = short(&["src"]);
    assert_eq!(stdout(&found).lines().count(), 1, "{}", stdout(&found));
    assert!(
        stdout(&found).starts_with("src/a.rs:3:"),
        "{}",
        stdout(&found)
    );
    // `--allow discarded-poll` turns it off; `--allow all` turns every rule
    // off, and a later flag turns one back on.
    assert_eq!(stdout(&short(&["--allow", "discarded-poll", "src"])), "");
    assert_eq!(stdout(&short(&["--allow", "all", "src"])), "");
    let back = short(&["--allow", "all", "--warn", "discarded_poll", "src"]);
    assert!(
        stdout(&back).contains("warning[discarded_poll]"),
        "{}",
        stdout(&back)
    );
    // A near miss, on the command line, in `explain` and in a suppression.
    let unknown = short(&["--allow", "discarded_pol", "src"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("unknown rule `discarded_pol` (did you mean `discarded_poll`?)"),
        "{}",
        stderr(&unknown)
    );
    let explain = pollcheck(dir.path(), &["explain", "discarded-poll"]);
    assert!(stdout(&explain).starts_with("# discarded_poll\n"));
    let explain = pollcheck(dir.path(), &["explain", "swallowed"]);
    assert!(stderr(&explain).contains("(did you mean `swallowed_pending`?)"));
    let typo = suppressed.replace("discarded-poll", "discarded-pol");
    let dir = project(&[("src/b.rs", &typo)]);
    let output = pollcheck(dir.path(), &["--format", "short", "src"]);
    assert!(
        stdout(&output).contains(
            "unknown rule `discarded_pol` in suppression (did you mean `discarded_poll`?)"
        ),
        "{}",
        stdout(&output)
    );
}

#[test]
fn quiet_prints_findings_only_and_an_empty_scan_is_warned_about() {
    let dir = project(&[
        ("src/a.rs", POLL_FINDING),
        ("notes/readme.txt", "no Rust here\n"),
    ]);
    let loud = pollcheck(dir.path(), &["src"]);
    assert!(stdout(&loud).contains("error[discarded_poll]"));
    assert!(
        stdout(&loud).contains("1 file, 5 lines"),
        "{}",
        stdout(&loud)
    );
    let quiet = pollcheck(dir.path(), &["-q", "src"]);
    assert_eq!(quiet.status.code(), Some(1));
    assert!(stdout(&quiet).contains("error[discarded_poll]"));
    assert!(
        !stdout(&quiet).contains("1 file, 5 lines"),
        "{}",
        stdout(&quiet)
    );
    // Nothing to scan: a warning, and still status 0.
    let empty = pollcheck(dir.path(), &["notes"]);
    assert_eq!(empty.status.code(), Some(0));
    assert!(
        stderr(&empty).contains("warning: no Rust file was found"),
        "{}",
        stderr(&empty)
    );
    let empty = pollcheck(dir.path(), &["--quiet", "notes"]);
    assert_eq!(stderr(&empty), "");
    assert_eq!(stdout(&empty), "");
}

/// `pollcheck rules` where `rules/` is also a directory: the subcommand
/// runs, and a note says so and how to scan the directory instead.
#[test]
fn a_subcommand_that_is_also_a_directory_says_which_it_took() {
    let dir = project(&[("rules/lib.rs", "fn f() {}\n")]);
    let output = pollcheck(dir.path(), &["rules"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("discarded_poll"));
    let errors = stderr(&output);
    assert!(
        errors.contains("`rules` is a pollcheck subcommand and also a path here")
            && errors.contains("`./rules`"),
        "{errors}"
    );
    let scanned = pollcheck(dir.path(), &["./rules"]);
    let summary = stdout(&scanned) + &stderr(&scanned);
    assert!(summary.contains("1 file,"), "{summary}");
    assert!(!stderr(&scanned).contains("subcommand"), "{summary}");
}

/// Runs `cargo pollcheck ARGS` (cargo runs `cargo-pollcheck pollcheck ARGS`)
/// in `dir`.
fn cargo_pollcheck(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_cargo-pollcheck"))
        .arg("pollcheck")
        .args(args)
        .current_dir(dir)
        .env("POLLCHECK_CACHE_DIR", test_cache_dir())
        .output()
        .expect("run cargo-pollcheck")
}

const FLUSH_DROPPED: &str = "fn f(io: &mut Io, cx: &mut Cx) -> Poll<()> {\n    let _ = io.poll_flush(cx)?;\n    Poll::Ready(())\n}\n";

/// A workspace of two packages, `a` and `b`, each with one finding.
fn two_packages() -> tempfile::TempDir {
    project(&[
        (
            "Cargo.toml",
            "[workspace]\nmembers = [\"a\", \"b\"]\nresolver = \"2\"\n",
        ),
        (
            "a/Cargo.toml",
            "[package]\nname = \"a\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("a/src/lib.rs", FLUSH_DROPPED),
        ("a/src/inner/mod.rs", "\n"),
        (
            "b/Cargo.toml",
            "[package]\nname = \"b\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("b/src/lib.rs", FLUSH_DROPPED),
    ])
}

fn reported_files(output: &std::process::Output) -> Vec<String> {
    let mut files: Vec<String> = stdout(output)
        .lines()
        .filter_map(|line| line.split_once(":2:16:").map(|(file, _)| file.to_string()))
        .collect();
    files.sort();
    files
}

/// `cargo pollcheck` picks packages as `cargo clippy` does: the package the
/// current directory is in (from any subdirectory), every default member at
/// a virtual workspace's root, `-p`, `--workspace` with `--exclude`, and
/// `--manifest-path`.
#[test]
fn cargo_pollcheck_checks_the_package_it_is_run_in() {
    let dir = two_packages();
    let short = ["--format", "short"];
    let inside = cargo_pollcheck(&dir.path().join("a/src/inner"), &short);
    assert_eq!(
        reported_files(&inside),
        ["../../src/lib.rs"],
        "{}",
        stderr(&inside)
    );
    let root = cargo_pollcheck(dir.path(), &short);
    assert_eq!(reported_files(&root), ["a/src/lib.rs", "b/src/lib.rs"]);
    let one = cargo_pollcheck(dir.path(), &["--format", "short", "-p", "b"]);
    assert_eq!(reported_files(&one), ["b/src/lib.rs"]);
    let excluded = cargo_pollcheck(
        dir.path(),
        &["--format", "short", "--workspace", "--exclude", "a"],
    );
    assert_eq!(reported_files(&excluded), ["b/src/lib.rs"]);
    let manifest = cargo_pollcheck(
        &dir.path().join("a"),
        &["--format", "short", "--manifest-path", "../b/Cargo.toml"],
    );
    assert_eq!(reported_files(&manifest), ["../b/src/lib.rs"]);
    let unknown = cargo_pollcheck(dir.path(), &["-p", "c"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("package `c` is not a member"),
        "{}",
        stderr(&unknown)
    );
    // Paths still decide when given.
    let named = cargo_pollcheck(dir.path(), &["--format", "short", "a"]);
    assert_eq!(reported_files(&named), ["a/src/lib.rs"]);
    let help = cargo_pollcheck(dir.path(), &["--help"]);
    assert!(
        stdout(&help).contains("Usage: cargo pollcheck"),
        "{}",
        stdout(&help)
    );
}

/// A root package with members (and a package left out of the workspace)
/// nested in its directory: `cargo pollcheck` at the root checks the root
/// package only, as `cargo clippy` does; `--workspace` checks each member
/// once; plain `pollcheck` still scans every file under the directory.
#[test]
fn cargo_pollcheck_leaves_out_packages_nested_in_the_package() {
    let dir = project(&[
        (
            "Cargo.toml",
            "[package]\nname = \"root\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\nmembers = [\"crates/a\"]\nexclude = [\"fuzz\"]\n",
        ),
        ("src/lib.rs", FLUSH_DROPPED),
        (
            "crates/a/Cargo.toml",
            "[package]\nname = \"a\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("crates/a/src/lib.rs", FLUSH_DROPPED),
        (
            "fuzz/Cargo.toml",
            "[package]\nname = \"fuzz\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("fuzz/src/lib.rs", FLUSH_DROPPED),
    ]);
    let short = ["--format", "short"];
    let root = cargo_pollcheck(dir.path(), &short);
    assert_eq!(reported_files(&root), ["src/lib.rs"], "{}", stderr(&root));
    let workspace = cargo_pollcheck(dir.path(), &["--format", "short", "--workspace"]);
    assert_eq!(
        reported_files(&workspace),
        ["crates/a/src/lib.rs", "src/lib.rs"]
    );
    let member = cargo_pollcheck(&dir.path().join("crates/a"), &short);
    assert_eq!(reported_files(&member), ["src/lib.rs"]);
    let everything = pollcheck(dir.path(), &short);
    assert_eq!(
        reported_files(&everything),
        ["crates/a/src/lib.rs", "fuzz/src/lib.rs", "src/lib.rs"]
    );
}

/// Outside any Cargo project and without paths, `cargo pollcheck` says so.
#[test]
fn cargo_pollcheck_outside_a_cargo_project_is_an_error() {
    let dir = project(&[("lib.rs", FLUSH_DROPPED)]);
    let output = cargo_pollcheck(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no Cargo project here"),
        "{}",
        stderr(&output)
    );
    // Plain `pollcheck` scans the directory.
    assert_eq!(pollcheck(dir.path(), &[]).status.code(), Some(1));
}

/// `--fail-on` chooses which findings make the exit status 1: warnings and
/// errors (the default), errors only, or none (as `--exit-zero`).
#[test]
fn fail_on_sets_the_threshold_of_the_exit_status() {
    let dir = project(&[("bad.rs", BAD), ("warning.rs", WARNING_ONLY)]);
    let status = |args: &[&str]| pollcheck(dir.path(), args).status.code();
    assert_eq!(status(&["warning.rs"]), Some(1));
    assert_eq!(status(&["--fail-on", "warning", "warning.rs"]), Some(1));
    assert_eq!(status(&["--fail-on", "error", "warning.rs"]), Some(0));
    assert_eq!(status(&["--fail-on", "error", "bad.rs"]), Some(1));
    assert_eq!(status(&["--fail-on", "never", "bad.rs"]), Some(0));
    assert_eq!(status(&["--exit-zero", "bad.rs"]), Some(0));
}
