//! Where users meet pollcheck: configuration files, standard input,
//! baselines and `--changed-since`.

mod common;
use common::*;

use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};

const POLL: &str = "fn f(io: &mut Io, cx: &mut Cx) -> Poll<()> {\n    let _ = io.poll_flush(cx)?;\n    Poll::Ready(())\n}\n";
const IO: &str = "fn save(w: &mut std::fs::File) {\n    let _ = w.sync_all();\n}\n";
const CUSTOM: &str = "fn f(io: &mut Io, cx: &mut Cx, log: &mut Log) -> Poll<()> {\n    let _ = io.drive_frame(cx)?;\n    let _ = log.flush();\n    let _ = io.send_all(b\"x\");\n    Poll::Ready(())\n}\n";

#[test]
fn a_config_file_sets_levels_names_and_excludes_and_flags_override_it() {
    let dir = project(&[
        (
            "pollcheck.toml",
            "exclude = [\"generated/**\"]\nwrite-polls = [\"drive_frame\"]\nio-writes = [\"send_all\"]\ndiagnostic-writers = [\"log\"]\n\n[rules]\ndiscarded_io_result = \"deny\"\n",
        ),
        ("src/io.rs", IO),
        ("src/custom.rs", CUSTOM),
        ("generated/poll.rs", POLL),
    ]);
    let output = pollcheck(dir.path(), &["--format", "short"]);
    let text = stdout(&output);
    assert!(
        text.contains("src/io.rs:2:15: error[discarded_io_result]"),
        "{text}"
    );
    assert!(
        text.contains("src/custom.rs:2:16: error[discarded_poll]"),
        "{text}"
    );
    assert!(
        text.contains("src/custom.rs:4:16: error[discarded_io_result]"),
        "{text}"
    );
    assert!(
        !text.contains("custom.rs:3:"),
        "log is a diagnostic writer: {text}"
    );
    assert!(!text.contains("generated/"), "{text}");
    assert_eq!(text.lines().count(), 3, "{text}");
    // The command line wins over the file.
    let flag = pollcheck(
        dir.path(),
        &[
            "--format",
            "short",
            "--warn",
            "discarded_io_result",
            "src/io.rs",
        ],
    );
    assert!(stdout(&flag).contains("warning[discarded_io_result]"));
    // A path named on the command line is scanned even if excluded.
    let named = pollcheck(dir.path(), &["--format", "short", "generated/poll.rs"]);
    assert!(stdout(&named).contains("generated/poll.rs:2:16"));
}

#[test]
fn cargo_metadata_configures_a_package() {
    let dir = project(&[
        (
            "Cargo.toml",
            "[package]\nname = \"x\"\nversion = \"0.0.0\"\n\n[package.metadata.pollcheck.rules]\ndiscarded_io_result = \"allow\"\n",
        ),
        ("src/io.rs", IO),
    ]);
    let output = pollcheck(dir.path(), &["--format", "short"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn a_bad_config_is_one_error_naming_file_line_and_choices() {
    let dir = project(&[
        ("pollcheck.toml", "[rules]\ndiscarded_pol = \"deny\"\n"),
        ("a.rs", IO),
    ]);
    let output = pollcheck(dir.path(), &["a.rs"]);
    assert_eq!(output.status.code(), Some(2));
    let error = stderr(&output);
    assert!(error.contains("pollcheck.toml:2:1: unknown rule `discarded_pol` in [rules] (did you mean `discarded_poll`?); known rules: discarded_poll,"), "{error}");
    // Hyphens, and `all` (whatever its place in the table) before the
    // rules named.
    for rules in [
        "all = \"allow\"\ndiscarded-poll = \"warn\"\n",
        "discarded-poll = \"warn\"\nALL = \"allow\"\n",
        // `D` sorts before `a`: the order written, not the table's.
        "Discarded-Poll = \"warn\"\nall = \"allow\"\n",
    ] {
        let dir = project(&[
            ("pollcheck.toml", &format!("[rules]\n{rules}")),
            ("a.rs", POLL),
            ("b.rs", IO),
        ]);
        let found = stdout(&pollcheck(dir.path(), &["--format", "short", "."]));
        assert_eq!(found.lines().count(), 1, "{rules}: {found}");
        assert!(
            found.contains("warning[discarded_poll]"),
            "{rules}: {found}"
        );
    }
    // One rule twice (in two spellings): an error at the second.
    let dir = project(&[
        (
            "pollcheck.toml",
            "[rules]\ndiscarded_poll = \"warn\"\nDiscarded-Poll = \"deny\"\n",
        ),
        ("a.rs", POLL),
    ]);
    let twice = pollcheck(dir.path(), &["a.rs"]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(
        stderr(&twice).contains(
            "pollcheck.toml:3:1: `Discarded-Poll` in [rules] names `discarded_poll` a second time"
        ),
        "{}",
        stderr(&twice)
    );
    let dir = project(&[(".pollcheck.toml", "excludes = []\n"), ("a.rs", IO)]);
    let error = stderr(&pollcheck(dir.path(), &["a.rs"]));
    assert!(
        error.contains(".pollcheck.toml:1:1: unknown field `excludes`, expected one of"),
        "{error}"
    );
}

#[test]
fn stdin_is_read_and_reported_under_the_given_name() {
    let dir = project(&[]);
    let mut child = common::pollcheck_command()
        .args(["--format", "short", "--stdin-filename", "src/editor.rs"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(POLL.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with("src/editor.rs:2:16: error[discarded_poll]"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_baseline_hides_old_findings_across_unrelated_edits_but_not_new_ones() {
    let dir = project(&[("a.rs", POLL), ("b.rs", IO)]);
    let written = pollcheck(dir.path(), &["--write-baseline", "baseline.json", "."]);
    assert_eq!(written.status.code(), Some(0));
    assert!(
        stderr(&written).contains("wrote 2 findings"),
        "{}",
        stderr(&written)
    );
    let clean = pollcheck(
        dir.path(),
        &["--format", "short", "--baseline", "baseline.json", "."],
    );
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert_eq!(stderr(&clean), "", "a baseline that matched says nothing");
    // The summary says how many it hid.
    let summary = pollcheck(
        dir.path(),
        &["--color", "never", "--baseline", "baseline.json", "."],
    );
    assert!(
        stdout(&summary).ends_with("no findings; 2 findings hidden by the baseline\n"),
        "{}",
        stdout(&summary)
    );
    // The same files under other paths match nothing: said so.
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::rename(dir.path().join("a.rs"), dir.path().join("sub/a.rs")).unwrap();
    fs::rename(dir.path().join("b.rs"), dir.path().join("sub/b.rs")).unwrap();
    let elsewhere = pollcheck(
        dir.path(),
        &["--format", "short", "--baseline", "baseline.json", "sub"],
    );
    assert_eq!(elsewhere.status.code(), Some(1));
    assert!(
        stderr(&elsewhere).contains("records 2 findings but matched none"),
        "{}",
        stderr(&elsewhere)
    );
    fs::rename(dir.path().join("sub/a.rs"), dir.path().join("a.rs")).unwrap();
    fs::rename(dir.path().join("sub/b.rs"), dir.path().join("b.rs")).unwrap();
    // An unrelated edit moves the finding down: still known.
    fs::write(dir.path().join("a.rs"), format!("// a comment\n\n{POLL}")).unwrap();
    let moved = pollcheck(
        dir.path(),
        &["--format", "short", "--baseline", "baseline.json", "."],
    );
    assert_eq!(moved.status.code(), Some(0), "{}", stdout(&moved));
    // A second identical finding is new.
    fs::write(
        dir.path().join("a.rs"),
        POLL.replace(
            "    Poll::Ready(())",
            "    let _ = io.poll_flush(cx)?;\n    Poll::Ready(())",
        ),
    )
    .unwrap();
    let added = pollcheck(
        dir.path(),
        &["--format", "short", "--baseline", "baseline.json", "."],
    );
    assert_eq!(added.status.code(), Some(1));
    assert_eq!(stdout(&added).lines().count(), 1, "{}", stdout(&added));
    fs::write(dir.path().join("broken.json"), "{}").unwrap();
    let broken = pollcheck(dir.path(), &["--baseline", "broken.json", "."]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(stderr(&broken).contains("broken.json: not a pollcheck baseline"));
}

#[test]
fn changed_since_reports_only_changed_lines() {
    let dir = project(&[("a.rs", POLL), ("b.rs", IO)]);
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .output()
            .map(|output| output.status.success());
        status.unwrap_or(false)
    };
    if !git(&["init", "-q"]) {
        eprintln!("skipped: git is not available");
        return;
    }
    assert!(git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "add",
        "."
    ]));
    assert!(git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qm",
        "base"
    ]));
    let none = pollcheck(
        dir.path(),
        &["--format", "short", "--changed-since", "HEAD", "."],
    );
    assert_eq!(none.status.code(), Some(0), "{}", stdout(&none));
    // A new finding on a new line of a tracked file, and an untracked file.
    fs::write(
        dir.path().join("b.rs"),
        IO.replace("}\n", "    let _ = w.sync_data();\n}\n"),
    )
    .unwrap();
    fs::write(dir.path().join("c.rs"), POLL).unwrap();
    let changed = pollcheck(
        dir.path(),
        &["--format", "short", "--changed-since", "HEAD", "."],
    );
    let text = stdout(&changed);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("b.rs:3:15:"), "{text}");
    assert!(text.contains("c.rs:2:16:"), "{text}");
    let summary = pollcheck(
        dir.path(),
        &["--color", "never", "--changed-since", "HEAD", "."],
    );
    assert!(
        stdout(&summary).contains("; 2 findings outside the changed lines"),
        "{}",
        stdout(&summary)
    );
    let bad = pollcheck(dir.path(), &["--changed-since", "no-such-revision", "."]);
    assert_eq!(bad.status.code(), Some(2));
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(
        said.starts_with(
            "error: --changed-since no-such-revision: not a revision of the repository at "
        ),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
    // An empty revision, or a remote without a branch (what
    // `origin/${{ github.base_ref }}` is on a push): one line each.
    for (revision, expected) in [
        (
            "",
            "error: --changed-since needs a git revision; it was given an empty one\n",
        ),
        (
            "origin/",
            "error: --changed-since origin/: names a remote but no branch (on a push, `origin/${{ github.base_ref }}` is `origin/`: compare with `${{ github.event.before }}` there)\n",
        ),
    ] {
        let bad = pollcheck(dir.path(), &["--changed-since", revision, "."]);
        assert_eq!(bad.status.code(), Some(2));
        assert_eq!(String::from_utf8_lossy(&bad.stderr), expected);
    }
    // Outside any repository: one line that says so.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("a.rs"), "fn f() {}\n").unwrap();
    let bare = pollcheck(outside.path(), &["--changed-since", "HEAD", "."]);
    assert_eq!(bare.status.code(), Some(2));
    let said = String::from_utf8_lossy(&bare.stderr);
    assert!(said.contains("is not in a git repository"), "{said}");
    assert_eq!(said.lines().count(), 1, "{said}");
}

/// The README's first command (`cargo run --release -- examples/connection`):
/// a handful of findings, one of each kind the example was written with,
/// the `ready!` fix, and the summary, on one screen or two.
#[test]
fn the_readme_example_prints_a_handful_of_findings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = pollcheck(root, &["--format", "short", "examples/connection"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let found: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|line| {
            let (place, rest) = line.split_once(": ")?;
            let rule = rest.split_once('[')?.1.split_once(']')?.0;
            Some((place.rsplit_once(':')?.0, rule))
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "examples/connection/src/lib.rs:50",
                "shutdown_without_flush"
            ),
            ("examples/connection/src/lib.rs:58", "discarded_poll"),
            ("examples/connection/src/lib.rs:64", "pending_turned_ready"),
            ("examples/connection/src/lib.rs:73", "unused_write_amount"),
            ("examples/connection/src/lib.rs:80", "discarded_io_result"),
            ("examples/connection/src/lib.rs:81", "discarded_io_result"),
        ],
        "{text}"
    );
    let human = pollcheck(root, &["--color", "never", "examples/connection"]);
    let human = stdout(&human);
    assert!(human.lines().count() < 120, "{human}");
    assert!(
        human.contains("`ready!(Pin::new(&mut *self).poll_flush(cx))?;` (safe fix)"),
        "{human}"
    );
    let summary = String::from_utf8_lossy(&output.stderr).to_string() + &human;
    assert!(summary.contains("4 errors, 2 warnings"), "{summary}");
}

/// No line of the human output ends in spaces, with colours or without
/// (codespan pads the lines under a snippet's labels).
#[test]
fn human_output_has_no_trailing_spaces() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for color in ["never", "always"] {
        let output = pollcheck(root, &["--color", color, "examples/connection"]);
        let text = stdout(&output);
        assert!(text.lines().count() > 20, "{text}");
        for line in text.lines() {
            let mut visible = String::new();
            let mut chars = line.chars();
            while let Some(c) = chars.next() {
                if c == '\x1b' {
                    // An SGR sequence: ESC [ … m.
                    for inner in chars.by_ref() {
                        if inner == 'm' {
                            break;
                        }
                    }
                } else {
                    visible.push(c);
                }
            }
            assert_eq!(visible.trim_end(), visible, "--color {color}: {line:?}");
        }
    }
}

/// A file named on the command line is scanned even when the configuration
/// excludes it; with `--force-exclude` (as pre-commit runs pollcheck) the
/// exclude patterns apply to it too.
#[test]
fn force_exclude_applies_excludes_to_named_files() {
    let dir = project(&[
        ("pollcheck.toml", "exclude = [\"generated/**\"]\n"),
        ("generated/poll.rs", POLL),
        ("src/poll.rs", POLL),
    ]);
    let named = pollcheck(dir.path(), &["--format", "short", "generated/poll.rs"]);
    assert!(
        stdout(&named).contains("generated/poll.rs:2:"),
        "{}",
        stdout(&named)
    );
    let forced = pollcheck(
        dir.path(),
        &[
            "--format",
            "short",
            "--force-exclude",
            "generated/poll.rs",
            "src/poll.rs",
        ],
    );
    let text = stdout(&forced);
    assert!(!text.contains("generated/poll.rs"), "{text}");
    assert!(text.contains("src/poll.rs:2:"), "{text}");
    assert_eq!(forced.status.code(), Some(1));
    // Every path named is excluded (pre-commit with only generated files
    // staged): nothing to do, and the warning says why.
    let none = pollcheck(dir.path(), &["--force-exclude", "generated/poll.rs"]);
    assert_eq!(none.status.code(), Some(0));
    assert_eq!(
        stderr(&none),
        "warning: no Rust file was scanned: the configuration's `exclude` covers the path named (--force-exclude)\n"
    );
}

/// A long note that explains the rule is printed once per rule in the human
/// output, under its first finding; machine formats keep it on every one.
#[test]
fn long_notes_are_printed_once_per_rule_in_human_output() {
    let dir = project(&[("src/a.rs", POLL), ("src/b.rs", POLL)]);
    let note = "returns early only on an error";
    let human = stdout(&pollcheck(dir.path(), &["--color", "never"]));
    assert_eq!(human.matches("error[discarded_poll]").count(), 2, "{human}");
    assert_eq!(human.matches(note).count(), 1, "{human}");
    let json = stdout(&pollcheck(dir.path(), &["--format", "json"]));
    let child = format!("\"message\":\"`?` on a `Poll<Result<T, E>>` {note}");
    assert_eq!(json.matches(&child).count(), 2, "{json}");
}

/// Every command in the user's documentation and the action's script that
/// installs pollcheck builds it with pollcheck's `Cargo.lock`
/// (`--locked`). The one exception is quoted, not run: the command
/// pre-commit runs for its own hooks (`--root`), which the README says
/// cannot take `--locked`.
#[test]
fn every_install_of_pollcheck_in_the_docs_is_locked() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        root.join("README.md"),
        root.join("action.yml"),
        root.join("scripts/action.sh"),
    ];
    let mut directories = vec![root.join("docs"), root.join("editors")];
    while let Some(directory) = directories.pop() {
        for entry in std::fs::read_dir(&directory).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                if name != "node_modules" && name != "target" {
                    directories.push(path);
                }
            } else if [".md", ".js", ".rs"].iter().any(|end| name.ends_with(end)) {
                files.push(path);
            }
        }
    }
    let mut installs = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            if !line.contains("cargo install") || line.contains("--root") {
                continue;
            }
            installs += 1;
            assert!(
                line.contains("cargo install --locked"),
                "{}:{}: {line}",
                file.display(),
                number + 1
            );
        }
    }
    // The README's Quick start and install, the action, both editors.
    assert!(installs >= 6, "only {installs} install commands found");
}
