//! Hostile inputs: each gets one clear line on standard error and the right
//! exit status, and the other files are still scanned.

mod common;
use common::*;

use std::fs;
use std::path::Path;

/// A function that throws a `Poll` away: `discarded_poll` at 2:16. Every
/// hostile file below holds it too, so that the byte-level pre-filter hands
/// it to the parser.
const GOOD: &str = "fn g(io: &mut Io, cx: &mut Cx) -> Poll<()> {\n    let _ = io.poll_flush(cx)?;\n    Poll::Ready(())\n}\n";
const FINDING: &str = "error[discarded_poll]: the `Poll` returned by `poll_flush` is thrown away, so `Poll::Pending` is lost";

/// `--format short` in `dir` over `args`.
fn short(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--format", "short"];
    all.extend_from_slice(args);
    pollcheck(dir, &all)
}

/// The error lines, each checked to start with `error: `.
fn error_lines(output: &std::process::Output) -> Vec<String> {
    let text = stderr(output);
    assert!(!text.contains("panicked"), "{text}");
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    for line in &lines {
        assert!(line.starts_with("error: "), "{text}");
    }
    lines
}

#[test]
fn a_very_large_file_is_checked_to_its_last_line() {
    // 50 MB of functions the rules have nothing to say about, then one
    // finding: the pre-filter blanks the functions out (a debug build takes
    // about 25 s, a release build 3 s; `--no-prefilter` parses them all).
    let target = 50 << 20;
    let unit = "fn f(a: u32) -> u32 {\n    a + 1\n}\n";
    let copies = target / unit.len();
    let mut text = unit.repeat(copies);
    text.push_str(GOOD);
    let dir = project(&[("good.rs", GOOD)]);
    fs::write(dir.path().join("big.rs"), &text).unwrap();
    let output = short(dir.path(), &["big.rs", "good.rs"]);
    assert!(error_lines(&output).is_empty(), "{}", stderr(&output));
    assert_eq!(output.status.code(), Some(1));
    let line = copies * 3 + 2;
    assert_eq!(
        stdout(&output),
        format!("big.rs:{line}:16: {FINDING}\ngood.rs:2:16: {FINDING}\n")
    );
}

#[test]
fn nesting_100_000_levels_deep_gets_one_line_per_file() {
    const N: usize = 100_000;
    // The deep function also polls, so that the pre-filter hands it to the
    // parser (a function the rules have nothing to say about is not parsed).
    let wrap = |middle: String| {
        format!("{GOOD}fn f(io: &mut Io, cx: &mut Cx) {{ let _ = io.poll_flush(cx); {middle} }}\n")
    };
    let brackets = "brackets nest 100001 levels deep (the limit is 2000)";
    let types = "types or references nest up to 100000 levels deep: `<`, `&` or `*` without a `;` or `,` between them (the limit is 10000)";
    // Sorted by name, as the errors are.
    let files = [
        (
            "blocks.rs",
            wrap(format!("{}1{}", "{ ".repeat(N), " }".repeat(N))),
            brackets,
        ),
        (
            "calls.rs",
            wrap(format!("let _ = {}1{};", "f(1, ".repeat(N), ")".repeat(N))),
            brackets,
        ),
        // `,` inside a closure's `|…|` does not end a run.
        (
            "closures.rs",
            wrap(format!("let _ = {}1;", "|a, b| ".repeat(N))),
            "an expression runs 500008 tokens without a `;` or `,` (the limit is 150000)",
        ),
        // Nor inside `<…>`.
        (
            "generics.rs",
            wrap(format!(
                "let _: {}u8{} = x;",
                "A<u8, ".repeat(N),
                ">".repeat(N)
            )),
            types,
        ),
        (
            "parens.rs",
            wrap(format!("let _ = {}1{};", "(".repeat(N), ")".repeat(N))),
            brackets,
        ),
        (
            "refs.rs",
            wrap(format!("let _: {}u8 = x;", "&".repeat(N))),
            types,
        ),
    ];
    let dir = project(&[("good.rs", GOOD)]);
    for (name, text, _) in &files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let output = short(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let expected: Vec<String> = files
        .iter()
        .map(|(name, _, why)| {
            format!("error: {name}:1:1: cannot parse: {why}, deeper than pollcheck parses safely; file skipped")
        })
        .collect();
    assert_eq!(error_lines(&output), expected);
    assert_eq!(stdout(&output), format!("good.rs:2:16: {FINDING}\n"));
}

#[test]
fn discards_that_never_end_are_not_lexed_again_for_every_word() {
    // The first pass notes, for a file it skips, the names called where it
    // throws a value away, lexing each discarded expression to its end.
    // Here no expression ends (an unterminated literal at the end), and a
    // chain of 45,000 `.ok()`s is followed back from each one: both were quadratic
    // (minutes), and are now cut short by a budget.
    let words = format!("fn f() {{ {}\"", "let _ ".repeat(200_000));
    let chain = format!("fn h() {{ g(){}; }}\n", ".ok()".repeat(45_000));
    let dir = project(&[
        ("src/good.rs", GOOD),
        ("src/words.rs", &words),
        ("src/chain.rs", &chain),
    ]);
    let output = short(dir.path(), &["--no-cache", "src"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(error_lines(&output).is_empty());
    assert!(
        stdout(&output).starts_with(&format!("src/good.rs:2:16: {FINDING}")),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_deeply_nested_io_helper_is_read_without_overflowing_the_stack() {
    // The walk parses the file on a large stack; the crate model's reading
    // of the helper's body, to settle the finding, must too.
    let depth = 1_990;
    let text = format!(
        "use std::io::{{self, Write}};\npub fn send_deep<W: Write>(w: &mut W, buf: &[u8]) -> io::Result<()> {{\n    w.write_all({}buf{})?;\n    Ok(())\n}}\npub fn go(w: &mut std::fs::File) {{\n    let _ = send_deep(w, b\"x\");\n}}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let dir = project(&[("src/lib.rs", &text)]);
    let output = short(dir.path(), &["--no-cache", "."]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(error_lines(&output).is_empty());
    assert!(
        stdout(&output).starts_with("src/lib.rs:7:13: warning[discarded_io_result]"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_100_000_long_unary_chain_is_within_the_limits_and_checked() {
    let text = format!(
        "{GOOD}fn u() -> bool {{\n    {}true\n}}\n",
        "!".repeat(100_000)
    );
    let dir = project(&[("unary.rs", &text), ("good.rs", GOOD)]);
    let output = short(dir.path(), &["."]);
    assert!(error_lines(&output).is_empty(), "{}", stderr(&output));
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!("good.rs:2:16: {FINDING}\nunary.rs:2:16: {FINDING}\n")
    );
}

#[test]
fn a_file_of_nul_bytes_is_not_rust_tokens() {
    let dir = project(&[("good.rs", GOOD)]);
    fs::write(dir.path().join("x.rs"), vec![0u8; 4096]).unwrap();
    let output = short(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        error_lines(&output),
        ["error: x.rs:1:1: cannot parse: not Rust tokens: an unclosed or unbalanced delimiter, an unterminated literal, or a character Rust does not allow"]
    );
    assert_eq!(stdout(&output), format!("good.rs:2:16: {FINDING}\n"));
}

#[test]
fn invalid_utf8_names_the_first_bad_byte() {
    let dir = project(&[("good.rs", GOOD)]);
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.extend_from_slice(b"// caf\xe9\n");
    fs::write(dir.path().join("latin1.rs"), &bytes).unwrap();
    let output = short(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        error_lines(&output),
        [format!(
            "error: latin1.rs: not valid UTF-8 (first invalid byte at offset {}); file skipped",
            GOOD.len() + 6
        )]
    );
    assert_eq!(stdout(&output), format!("good.rs:2:16: {FINDING}\n"));
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_neither_hang_nor_hide_the_other_files() {
    use std::os::unix::fs::symlink;
    let dir = project(&[("src/good.rs", GOOD)]);
    // a → b → a inside a walked directory: links met while walking are not
    // followed, so the loop is passed over.
    symlink("b.rs", dir.path().join("src/a.rs")).unwrap();
    symlink("a.rs", dir.path().join("src/b.rs")).unwrap();
    let walked = short(dir.path(), &["src"]);
    assert!(error_lines(&walked).is_empty(), "{}", stderr(&walked));
    assert_eq!(walked.status.code(), Some(1));
    assert_eq!(stdout(&walked), format!("src/good.rs:2:16: {FINDING}\n"));
    // Named on the command line, a link is followed: a loop cannot be read.
    symlink("self.rs", dir.path().join("self.rs")).unwrap();
    let named = short(dir.path(), &["self.rs", "src/a.rs", "src"]);
    assert_eq!(named.status.code(), Some(2));
    let errors = error_lines(&named);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with("error: self.rs: cannot read: "),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with("error: src/a.rs: cannot read: "),
        "{errors:#?}"
    );
    assert_eq!(stdout(&named), format!("src/good.rs:2:16: {FINDING}\n"));
}

#[cfg(unix)]
#[test]
fn an_unreadable_directory_is_one_line_and_the_rest_is_scanned() {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    let dir = project(&[("src/good.rs", GOOD), ("src/locked/hidden.rs", GOOD)]);
    let locked = dir.path().join("src/locked");
    let mode = |path: &Path, mode: u32| {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap()
    };
    // Root reads any directory: run as `nobody` then, which needs to reach
    // the files and the binary.
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout == b"0\n");
    if root {
        mode(dir.path(), 0o755);
    }
    mode(&locked, 0o000);
    let output = if root {
        Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                env!("CARGO_BIN_EXE_pollcheck"),
                "--no-cache",
                "--format",
                "short",
                "src",
            ])
            .current_dir(dir.path())
            .output()
    } else {
        common::pollcheck_command()
            .args(["--format", "short", "src"])
            .current_dir(dir.path())
            .output()
    };
    // Restored before anything can fail, so that the directory is removed.
    mode(&locked, 0o755);
    let output = output.expect("run pollcheck");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(
        error_lines(&output),
        ["error: src/locked: cannot read: Permission denied (os error 13)"]
    );
    assert_eq!(stdout(&output), format!("src/good.rs:2:16: {FINDING}\n"));
}

#[test]
fn paths_with_spaces_and_non_ascii_characters_are_printed_as_they_are() {
    let name = "dir with spaces/ünïcødé 文件.rs";
    let dir = project(&[(name, GOOD), ("good.rs", GOOD)]);
    let output = short(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!("dir with spaces/ünïcødé 文件.rs:2:16: {FINDING}\ngood.rs:2:16: {FINDING}\n")
    );
    let json = pollcheck(dir.path(), &["--format", "json", name]);
    assert_eq!(json.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&json)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    let spans: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|line| line["$message_type"] == "diagnostic")
        .map(|line| &line["spans"][0])
        .collect();
    assert_eq!(spans.len(), 1, "{}", stdout(&json));
    assert_eq!(spans[0]["file_name"], name);
    assert_eq!(spans[0]["line_start"], 2);
    assert_eq!(spans[0]["column_start"], 16);
}

#[test]
fn crlf_line_endings_and_a_bom_leave_lines_and_columns_right() {
    let first_line = "fn g(io: &mut Io, cx: &mut Cx) -> Poll<()> { let _ = io.poll_flush(cx)?; Poll::Ready(()) }\n";
    let later = format!("\n\n// three blank lines and a comment\n\n{GOOD}");
    let lf = format!("{first_line}{later}");
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let dir = project(&[("lf.rs", &lf), ("crlf.rs", &crlf)]);
    let output = short(dir.path(), &["lf.rs", "crlf.rs"]);
    assert!(error_lines(&output).is_empty(), "{}", stderr(&output));
    assert_eq!(output.status.code(), Some(1));
    // Both on the first line and after six line endings.
    let column = first_line.find("poll_flush").unwrap() + 1;
    assert_eq!(column, 57);
    let at = |name: &str| {
        [
            format!("{name}:1:{column}: {FINDING}"),
            format!("{name}:7:16: {FINDING}"),
        ]
    };
    let expected: Vec<String> = at("crlf.rs").into_iter().chain(at("lf.rs")).collect();
    assert_eq!(stdout(&output).lines().collect::<Vec<_>>(), expected);
}

#[test]
fn empty_and_blank_files_are_clean() {
    let dir = project(&[
        ("empty.rs", ""),
        ("blank.rs", " \n\t\r\n\n   "),
        ("bom.rs", "\u{feff}"),
    ]);
    let output = short(dir.path(), &["."]);
    assert!(error_lines(&output).is_empty(), "{}", stderr(&output));
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "");
    // And they do not change what is found elsewhere.
    write(dir.path(), "good.rs", GOOD);
    let output = short(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), format!("good.rs:2:16: {FINDING}\n"));
}
