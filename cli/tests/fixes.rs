//! `--fix`, `--unsafe-fixes` and `--diff`: the `.fixed` golden files of the
//! corpus (the source after `--fix`, safe fixes only), and the properties a
//! user relies on when letting pollcheck edit a workspace.
//!
//! Regenerate the golden files with `POLLCHECK_BLESS=1 cargo test --test fixes`.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use lint_core::{Applicability, Engine};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus")
}

fn fixed_path(fixture: &Path) -> PathBuf {
    fixture.with_extension("fixed")
}

fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read corpus") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files_with_extension(&path, extension));
        } else if path.extension().is_some_and(|ext| ext == extension) {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The planned (safe) fixes for the corpus, scanned as the CLI scans it.
fn planned() -> BTreeMap<PathBuf, lint_core::FixPlan> {
    let engine = Engine::new(rules::RULES, &[]).expect("default settings");
    let (plans, report) = engine.plan_fixes(&[corpus()], false);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    plans
        .into_iter()
        .filter(|plan| plan.changes())
        .map(|plan| (plan.path.clone(), plan))
        .collect()
}

#[test]
fn fixed_files_hold_the_corpus_after_fix() {
    let plans = planned();
    assert!(
        plans.len() >= 10,
        "only {} fixtures have safe fixes",
        plans.len()
    );
    let bless = std::env::var_os("POLLCHECK_BLESS").is_some();
    let mut failures = Vec::new();
    for fixture in files_with_extension(&corpus(), "rs") {
        let golden = fixed_path(&fixture);
        match plans.get(&fixture) {
            Some(plan) if bless => fs::write(&golden, &plan.fixed).expect("write golden"),
            Some(plan) => match fs::read_to_string(&golden) {
                Ok(expected) if expected == plan.fixed => {}
                Ok(_) => failures.push(format!("{} differs from --fix output", golden.display())),
                Err(_) => failures.push(format!("{} is missing", golden.display())),
            },
            None if bless => {
                let _ = fs::remove_file(&golden);
            }
            None if golden.exists() => failures.push(format!(
                "{} exists but --fix changes nothing",
                golden.display()
            )),
            None => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(run POLLCHECK_BLESS=1 cargo test --test fixes after checking the change)",
        failures.join("\n")
    );
}

#[test]
fn fixed_files_compile_and_hold_none_of_the_fixed_findings() {
    let engine = Engine::new(rules::RULES, &[]).expect("default settings");
    let rustc = rustc();
    let out_dir = tempfile::tempdir().expect("temporary directory");
    let goldens = files_with_extension(&corpus(), "fixed");
    assert!(!goldens.is_empty());
    let mut failures = Vec::new();
    for (index, golden) in goldens.iter().enumerate() {
        let fixture = golden.with_extension("rs");
        let before = engine.check_text(&fixture, fs::read_to_string(&fixture).unwrap());
        let fixed_text = fs::read_to_string(golden).unwrap();
        let after = engine.check_text(golden, fixed_text.clone());
        if !after.errors.is_empty() {
            failures.push(format!("{}: {:?}", golden.display(), after.errors));
        }
        // Per rule: findings with a safe fix, and all findings.
        let count = |report: &lint_core::Report, only_safe: bool| {
            let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
            for (_, diagnostic) in report.diagnostics() {
                let safe = diagnostic.suggestion.as_ref().is_some_and(|suggestion| {
                    suggestion.applicability == Applicability::Safe && !suggestion.edits.is_empty()
                });
                if safe || !only_safe {
                    *by_rule.entry(diagnostic.rule).or_default() += 1;
                }
            }
            by_rule
        };
        let (all_before, safe_before) = (count(&before, false), count(&before, true));
        let (all_after, safe_after) = (count(&after, false), count(&after, true));
        if !safe_after.is_empty() {
            failures.push(format!(
                "{}: still safely fixable: {safe_after:?}",
                golden.display()
            ));
        }
        // The fixed findings are gone: each rule lost at least as many
        // findings as it had safe fixes (a fix may uncover a finding of
        // another rule, e.g. the byte count `ready!` now exposes).
        for (rule, fixed) in &safe_before {
            let left = all_after.get(rule).copied().unwrap_or(0);
            if left + fixed > all_before[rule] {
                failures.push(format!(
                    "{}: {rule} had {} findings, {fixed} safely fixable, and {left} remain",
                    golden.display(),
                    all_before[rule]
                ));
            }
        }
        // Fixing a fixed file changes nothing.
        let again = engine.plan_text_fix(golden, fixed_text, false);
        if again.changes() {
            failures.push(format!(
                "{}: a second --fix changes it again",
                golden.display()
            ));
        }
        if let Some(rustc) = &rustc {
            let name = format!("fixed{index}");
            if let Err(error) = compile_library(rustc, golden, out_dir.path(), &name) {
                failures.push(format!("{} does not compile:\n{error}", golden.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const FIXABLE: &str = "use std::pin::Pin;\nuse std::task::{Context, Poll};\n\nfn poll_shutdown(mut io: Pin<&mut Io>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {\n    let _ = io.as_mut().poll_flush(cx)?;\n    io.poll_shutdown(cx)\n}\n";
const FIXED: &str = "use std::pin::Pin;\nuse std::task::{ready, Context, Poll};\n\nfn poll_shutdown(mut io: Pin<&mut Io>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {\n    ready!(io.as_mut().poll_flush(cx))?;\n    io.poll_shutdown(cx)\n}\n";
const UNSAFE_ONLY: &str = "fn save(w: &mut std::fs::File) -> std::io::Result<()> {\n    let _ = w.sync_all();\n    Ok(())\n}\n";
const CLEAN: &str = "fn f() -> u8 {\n    1\n}\n";

#[test]
fn fix_writes_safe_fixes_imports_ready_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.rs"), FIXABLE).unwrap();
    fs::write(dir.path().join("b.rs"), UNSAFE_ONLY).unwrap();
    let output = pollcheck(dir.path(), &["--fix", "."]);
    assert_eq!(output.status.code(), Some(1), "the unsafe finding remains");
    assert_eq!(fs::read_to_string(dir.path().join("a.rs")).unwrap(), FIXED);
    assert_eq!(
        fs::read_to_string(dir.path().join("b.rs")).unwrap(),
        UNSAFE_ONLY
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.trim_end()
            .ends_with("1 warning (1 fix applied); 1 fixable with `--fix --unsafe-fixes`"),
        "{text}"
    );
    let again = pollcheck(dir.path(), &["--fix", "."]);
    assert_eq!(fs::read_to_string(dir.path().join("a.rs")).unwrap(), FIXED);
    assert!(!String::from_utf8_lossy(&again.stdout).contains("applied"));
    let unsafe_run = pollcheck(dir.path(), &["--fix", "--unsafe-fixes", "."]);
    assert_eq!(unsafe_run.status.code(), Some(0));
    assert!(fs::read_to_string(dir.path().join("b.rs"))
        .unwrap()
        .contains("    w.sync_all()?;\n"));
}

#[test]
fn diff_shows_the_fix_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.rs"), FIXABLE).unwrap();
    let output = pollcheck(dir.path(), &["--diff", "a.rs"]);
    assert_eq!(output.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(diff.starts_with("--- a/a.rs\n+++ b/a.rs\n"), "{diff}");
    assert!(
        diff.contains(
            "-use std::task::{Context, Poll};\n+use std::task::{ready, Context, Poll};\n"
        ),
        "{diff}"
    );
    assert!(diff.contains("-    let _ = io.as_mut().poll_flush(cx)?;\n+    ready!(io.as_mut().poll_flush(cx))?;\n"), "{diff}");
    assert_eq!(
        fs::read_to_string(dir.path().join("a.rs")).unwrap(),
        FIXABLE
    );
    fs::write(dir.path().join("clean.rs"), CLEAN).unwrap();
    let clean = pollcheck(dir.path(), &["--diff", "clean.rs"]);
    assert_eq!(clean.status.code(), Some(0));
    assert!(clean.stdout.is_empty());
}

#[test]
fn files_without_fixes_are_never_written() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("clean.rs"), CLEAN).unwrap();
    fs::write(dir.path().join("b.rs"), UNSAFE_ONLY).unwrap();
    let stamp = |name: &str| {
        fs::metadata(dir.path().join(name))
            .unwrap()
            .modified()
            .unwrap()
    };
    let (clean_before, unsafe_before) = (stamp("clean.rs"), stamp("b.rs"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    pollcheck(dir.path(), &["--fix", "."]);
    assert_eq!(stamp("clean.rs"), clean_before);
    assert_eq!(stamp("b.rs"), unsafe_before);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_reported_not_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.rs");
    fs::write(&path, FIXABLE).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let output = pollcheck(dir.path(), &["--fix", "a.rs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("a.rs: read-only; not fixed"));
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXABLE);
}

#[test]
fn a_file_changed_between_scan_and_write_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.rs");
    fs::write(&path, FIXABLE).unwrap();
    let engine = Engine::new(rules::RULES, &[]).unwrap();
    let (plans, _) = engine.plan_fixes(std::slice::from_ref(&path), false);
    assert_eq!(plans.len(), 1);
    let edited = format!("{FIXABLE}// edited meanwhile\n");
    fs::write(&path, &edited).unwrap();
    let error = lint_core::write_fix(&plans[0]).unwrap_err();
    assert!(
        matches!(error, lint_core::WriteError::Changed { .. }),
        "{error}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    // No temporary file is left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[cfg(unix)]
#[test]
fn writing_keeps_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.rs");
    fs::write(&path, FIXABLE).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    pollcheck(dir.path(), &["--fix", "a.rs"]);
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXED);
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn old_rust_versions_get_ready_from_futures_or_an_unsafe_fix() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = |extra: &str| {
        format!("[package]\nname = \"x\"\nversion = \"0.0.0\"\nrust-version = \"1.63\"\n{extra}")
    };
    fs::create_dir_all(dir.path().join("with/src")).unwrap();
    fs::create_dir_all(dir.path().join("without/src")).unwrap();
    fs::write(
        dir.path().join("with/Cargo.toml"),
        manifest("[dependencies]\nfutures = \"0.3\"\n"),
    )
    .unwrap();
    fs::write(dir.path().join("without/Cargo.toml"), manifest("")).unwrap();
    fs::write(dir.path().join("with/src/lib.rs"), FIXABLE).unwrap();
    fs::write(dir.path().join("without/src/lib.rs"), FIXABLE).unwrap();
    pollcheck(dir.path(), &["--fix", "."]);
    assert_eq!(
        fs::read_to_string(dir.path().join("with/src/lib.rs")).unwrap(),
        format!(
            "use futures::ready;\n{}",
            FIXABLE.replace(
                "let _ = io.as_mut().poll_flush(cx)?;",
                "ready!(io.as_mut().poll_flush(cx))?;"
            )
        )
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("without/src/lib.rs")).unwrap(),
        FIXABLE
    );
}

#[test]
fn unsafe_fixes_need_fix_or_diff() {
    let dir = tempfile::tempdir().unwrap();
    let output = pollcheck(dir.path(), &["--unsafe-fixes", "."]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_report_after_fix_is_of_the_fixed_text() {
    // A safe fix (which adds an import line) and, below it, a finding with
    // no fix: after `--fix` it is reported where it now is, from the text
    // the fix planned, without a second scan. (No `use std::task::{…}` to
    // merge into here, so the import is a line of its own.)
    let rest = "fn later(w: &mut std::fs::File) {\n    let _ = w.sync_all();\n}\n";
    let fixable = FIXABLE.replace(
        "use std::task::{Context, Poll};",
        "use std::task::Context;\nuse std::task::Poll;",
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.rs"), format!("{fixable}{rest}")).unwrap();
    let before = pollcheck(dir.path(), &["--format", "short", "a.rs"]);
    let line_before = fixable.lines().count() + 2;
    assert!(
        String::from_utf8_lossy(&before.stdout).contains(&format!("a.rs:{line_before}:15:")),
        "{}",
        String::from_utf8_lossy(&before.stdout)
    );
    let output = pollcheck(dir.path(), &["--fix", "--format", "short", "a.rs"]);
    let text = String::from_utf8_lossy(&output.stdout);
    let findings: Vec<&str> = text.lines().collect();
    assert_eq!(findings.len(), 1, "{text}");
    assert!(
        findings[0].starts_with(&format!(
            "a.rs:{}:15: warning[discarded_io_result]",
            line_before + 1
        )),
        "{text}"
    );
}

#[test]
fn fixing_standard_input_is_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--fix", "--stdin-filename", "a.rs"][..],
        &["--diff", "--stdin-filename", "a.rs"][..],
        &["--stdin-filename", "a.rs", "b.rs"][..],
        &["--threads", "0", "."][..],
        &["--changed-since", "origin/", "."][..],
        &["--changed-since", "", "."][..],
    ] {
        let output = pollcheck(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let errors = String::from_utf8_lossy(&output.stderr);
        assert!(
            errors.starts_with("error: ") && errors.lines().count() == 1,
            "{args:?}: {errors}"
        );
    }
}

/// Applies the unsafe fixes to a copy of `fixture` and checks that each
/// rewrite (a line of the fixed text holding `marker`) takes one of
/// `rule`'s findings away, and that the fixed file compiles.
fn check_unsafe_fix(fixture: &str, rule: &str, marker: &str) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let name = Path::new(fixture).file_name().unwrap().to_str().unwrap();
    let copy = dir.path().join(name);
    fs::copy(corpus().join(fixture), &copy).expect("copy the fixture");
    let reported = |dir: &Path| {
        let report = pollcheck(dir, &["--format", "short", name]);
        String::from_utf8_lossy(&report.stdout)
            .lines()
            .filter(|line| line.contains(&format!("[{rule}]")))
            .count()
    };
    let before = reported(dir.path());
    let unmarked = fs::read_to_string(&copy).unwrap().matches(marker).count();
    let output = pollcheck(dir.path(), &["--fix", "--unsafe-fixes", name]);
    let after = fs::read_to_string(&copy).unwrap();
    let rewritten = after.matches(marker).count() - unmarked;
    assert!(
        rewritten > 0,
        "{}\n{after}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(reported(dir.path()), before - rewritten, "{after}");
    if let Some(rustc) = rustc() {
        let out_dir = tempfile::tempdir().expect("temporary directory");
        if let Err(error) = compile_library(&rustc, &copy, out_dir.path(), "unsafe_fixed") {
            panic!("the fixed file does not compile:\n{error}\n{after}");
        }
    }
}

/// `close_ignores_flush_error`'s unsafe fix, `Poll::Ready(result) =>
/// result?` (`_ =>` arms and the `if let` / `is_pending()` forms have no
/// automatic fix, and stay reported).
#[test]
fn unsafe_fix_of_an_ignored_flush_error_compiles() {
    check_unsafe_fix(
        "close_ignores_flush_error/closes.rs",
        "close_ignores_flush_error",
        "Poll::Ready(result) => result?",
    );
}

/// `pending_turned_ready`'s unsafe fix: the branch returns `Poll::Pending`.
#[test]
fn unsafe_fix_of_pending_turned_ready_compiles() {
    check_unsafe_fix(
        "pending_turned_ready/branches.rs",
        "pending_turned_ready",
        "return Poll::Pending;",
    );
}

/// `--fix` says what it applied in every format: in the human summary, and
/// on standard error for the machine formats (standard output stays theirs).
#[test]
fn fix_reports_what_it_applied_in_every_format() {
    for format in ["short", "json", "sarif", "github"] {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.rs"), FIXABLE).unwrap();
        let output = pollcheck(dir.path(), &["--fix", "--format", format, "."]);
        let errors = String::from_utf8_lossy(&output.stderr);
        assert!(
            errors.contains("pollcheck: applied 1 fix"),
            "{format}: {errors}"
        );
        assert!(
            !String::from_utf8_lossy(&output.stdout).contains("applied"),
            "{format}"
        );
        assert_eq!(fs::read_to_string(dir.path().join("a.rs")).unwrap(), FIXED);
    }
}

/// A rustfmt-clean file whose fixes bring `ready!` in without importing it.
const NEEDS_READY: &str = "use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

pub trait AsyncWrite {
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub fn close<T: AsyncWrite + Unpin>(io: &mut T, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    let _ = Pin::new(&mut *io).poll_flush(cx)?;
    Pin::new(io).poll_shutdown(cx)
}

pub fn close_twice<T: AsyncWrite + Unpin>(
    io: &mut T,
    cx: &mut Context<'_>,
) -> Poll<io::Result<()>> {
    let _ = Pin::new(&mut *io).poll_flush(cx)?;
    let _ = Pin::new(&mut *io).poll_flush(cx)?;
    Pin::new(io).poll_shutdown(cx)
}
";

/// That `pollcheck --fix` fixed everything it found (exit 0).
fn assert_fixed(output: &std::process::Output) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// That a `rustfmt --check` passed (its diff otherwise).
fn assert_rustfmt_clean(check: &std::process::Output) {
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

/// `rustfmt --check` on `file`; `None` when rustfmt cannot be run here.
fn rustfmt_check(file: &Path) -> Option<std::process::Output> {
    rustfmt_check_edition(file, "2021")
}

/// `rustfmt --check` of `edition` on `file`; `None` when rustfmt cannot be
/// run here.
fn rustfmt_check_edition(file: &Path, edition: &str) -> Option<std::process::Output> {
    Command::new("rustfmt")
        .args(["--edition", edition, "--check"])
        .arg(file)
        .output()
        .ok()
}

/// In an edition 2024 crate rustfmt sorts by version (uppercase first):
/// `--fix` puts `ready` after `Context, Poll`, and the file stays clean.
#[test]
fn fix_follows_the_2024_style_edition_import_order() {
    let text = NEEDS_READY;
    let dir = common::project(&[
        (
            "Cargo.toml",
            "[package]\nname = \"styled\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
        ),
        ("src/lib.rs", text),
    ]);
    let file = dir.path().join("src/lib.rs");
    let Some(before) = rustfmt_check_edition(&file, "2024") else {
        eprintln!("skipped: rustfmt cannot be run");
        return;
    };
    assert!(
        before.status.success(),
        "the test file is rustfmt-clean: {}",
        String::from_utf8_lossy(&before.stdout)
    );
    let output = pollcheck(dir.path(), &["--fix", "src/lib.rs"]);
    assert_fixed(&output);
    let fixed = fs::read_to_string(&file).unwrap();
    assert!(
        fixed.contains("use std::task::{Context, Poll, ready};"),
        "{fixed}"
    );
    let after = rustfmt_check_edition(&file, "2024").expect("rustfmt ran before");
    assert_rustfmt_clean(&after);
}

/// rustfmt reads only the nearest config file: one in the crate without a
/// `style_edition` hides the 2024 style of a config above it, and `cargo
/// fmt` passes the manifest's edition 2021. `--fix` orders the import as
/// `cargo fmt --check` wants it.
#[test]
fn fix_follows_only_the_nearest_rustfmt_config() {
    let dir = common::project(&[
        ("rustfmt.toml", "style_edition = \"2024\"\n"),
        (
            "inner/Cargo.toml",
            "[package]\nname = \"inner\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("inner/rustfmt.toml", "max_width = 100\n"),
        ("inner/src/lib.rs", NEEDS_READY),
    ]);
    let manifest = dir.path().join("inner/Cargo.toml");
    let cargo_fmt = || {
        Command::new("cargo")
            .args(["fmt", "--check", "--manifest-path"])
            .arg(&manifest)
            .output()
            .ok()
            .filter(|output| !String::from_utf8_lossy(&output.stderr).contains("no such command"))
    };
    let before = cargo_fmt();
    if let Some(before) = &before {
        assert!(
            before.status.success(),
            "the test file is clean for cargo fmt: {}",
            String::from_utf8_lossy(&before.stdout)
        );
    }
    let output = pollcheck(&dir.path().join("inner"), &["--fix", "src/lib.rs"]);
    assert_fixed(&output);
    let fixed = fs::read_to_string(dir.path().join("inner/src/lib.rs")).unwrap();
    assert!(
        fixed.contains("use std::task::{ready, Context, Poll};"),
        "{fixed}"
    );
    if before.is_none() {
        eprintln!("skipped checking with cargo fmt: it cannot be run");
        return;
    }
    let after = cargo_fmt().expect("cargo fmt ran before");
    assert_rustfmt_clean(&after);
}

/// Without a rustfmt config above the file, rustfmt reads the one in the
/// home directory; `version = "Two"` is the older spelling of the 2024
/// style (rustfmt warns that it is unstable, and applies it).
#[test]
fn fix_reads_the_home_rustfmt_config_and_its_older_spelling() {
    let dir = common::project(&[
        (
            "crate/Cargo.toml",
            "[package]\nname = \"homed\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("crate/src/lib.rs", NEEDS_READY),
        ("home/.rustfmt.toml", "version = \"Two\"\n"),
    ]);
    let home = dir.path().join("home");
    let file = dir.path().join("crate/src/lib.rs");
    // rustup's proxy finds its toolchains through HOME unless told where.
    let rustup_home = std::env::var_os("RUSTUP_HOME").or_else(|| {
        std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".rustup").into_os_string())
    });
    let rustfmt = || {
        let mut command = Command::new("rustfmt");
        command
            .args(["--edition", "2021", "--check"])
            .arg(&file)
            .env("HOME", &home)
            .env_remove("XDG_CONFIG_HOME");
        if let Some(rustup_home) = &rustup_home {
            command.env("RUSTUP_HOME", rustup_home);
        }
        command
            .output()
            .ok()
            .filter(|output| output.status.code() != Some(101))
    };
    let before = rustfmt();
    let output = pollcheck_command()
        .args(["--no-cache", "--fix", "src/lib.rs"])
        .current_dir(dir.path().join("crate"))
        .env("HOME", &home)
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .unwrap();
    assert_fixed(&output);
    let fixed = fs::read_to_string(&file).unwrap();
    assert!(
        fixed.contains("use std::task::{Context, Poll, ready};"),
        "{fixed}"
    );
    let (Some(before), Some(after)) = (before, rustfmt()) else {
        eprintln!("skipped checking with rustfmt: it cannot be run");
        return;
    };
    assert_rustfmt_clean(&before);
    assert_rustfmt_clean(&after);
}

/// `version = "One"` keeps the earlier import order even in an edition 2024
/// crate, as rustfmt does.
#[test]
fn fix_follows_version_one_in_an_edition_2024_crate() {
    let dir = common::project(&[
        (
            "Cargo.toml",
            "[package]\nname = \"one\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
        ),
        ("rustfmt.toml", "version = \"One\"\n"),
        ("src/lib.rs", NEEDS_READY),
    ]);
    let file = dir.path().join("src/lib.rs");
    let before = rustfmt_check_edition(&file, "2024");
    let output = pollcheck(dir.path(), &["--no-cache", "--fix", "src/lib.rs"]);
    assert_fixed(&output);
    let fixed = fs::read_to_string(&file).unwrap();
    assert!(
        fixed.contains("use std::task::{ready, Context, Poll};"),
        "{fixed}"
    );
    let (Some(before), Some(after)) = (before, rustfmt_check_edition(&file, "2024")) else {
        eprintln!("skipped checking with rustfmt: it cannot be run");
        return;
    };
    assert_rustfmt_clean(&before);
    assert_rustfmt_clean(&after);
}

/// After `--fix` on a rustfmt-clean file, `rustfmt --check` still passes:
/// the `ready` import is merged into `use std::task::{…}` where rustfmt
/// orders it.
#[test]
fn fix_leaves_a_rustfmt_clean_file_rustfmt_clean() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lib.rs");
    fs::write(&file, NEEDS_READY).unwrap();
    let Some(before) = rustfmt_check(&file) else {
        eprintln!("skipped: rustfmt cannot be run");
        return;
    };
    assert!(before.status.success(), "the test file is rustfmt-clean");
    let output = pollcheck(dir.path(), &["--fix", "lib.rs"]);
    assert_fixed(&output);
    let fixed = fs::read_to_string(&file).unwrap();
    assert!(
        fixed.contains("use std::task::{ready, Context, Poll};"),
        "{fixed}"
    );
    assert_eq!(fixed.matches("ready!(").count(), 3, "{fixed}");
    let after = rustfmt_check(&file).expect("rustfmt ran before");
    assert_rustfmt_clean(&after);
}

/// Where the import is a new `use` line, not merged into a `{…}` list, the
/// fixed file is rustfmt-clean too: separate `use` lines, a nested
/// `use std::{…}`, no `std::task` import at all, and a file that opens
/// with inner docs and attributes.
#[test]
fn fix_places_a_new_import_line_where_rustfmt_keeps_it() {
    let separate = NEEDS_READY.replace(
        "use std::task::{Context, Poll};",
        "use std::task::Context;\nuse std::task::Poll;",
    );
    let nested = NEEDS_READY.replace(
        "use std::io;\nuse std::pin::Pin;\nuse std::task::{Context, Poll};",
        "use std::{\n    io,\n    pin::Pin,\n    task::{Context, Poll},\n};",
    );
    let paths = NEEDS_READY
        .replace("use std::task::{Context, Poll};\n", "")
        .replace("Context<'_>", "std::task::Context<'_>")
        .replace("Poll<", "std::task::Poll<");
    let headed = format!(
        "//! A crate.\n\n#![forbid(unsafe_code)]\n\n{}",
        paths
            .replace("use std::io;\nuse std::pin::Pin;\n\n", "")
            .replace("io::Result", "std::io::Result")
            .replace("Pin<", "std::pin::Pin<")
            .replace("Pin::new", "std::pin::Pin::new")
    );
    for (name, text) in [
        ("separate", separate),
        ("nested", nested),
        ("paths", paths),
        ("headed", headed),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lib.rs");
        fs::write(&file, &text).unwrap();
        // Made rustfmt-clean first (the long signatures get wrapped).
        let formatted = Command::new("rustfmt")
            .args(["--edition", "2021"])
            .arg(&file)
            .status();
        if !formatted.is_ok_and(|status| status.success()) {
            eprintln!("skipped: rustfmt cannot be run");
            return;
        }
        let before = rustfmt_check(&file).expect("rustfmt ran");
        assert!(before.status.success(), "{name}: rustfmt-clean");
        let output = pollcheck(dir.path(), &["--fix", "lib.rs"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let fixed = fs::read_to_string(&file).unwrap();
        assert_eq!(fixed.matches("ready!(").count(), 3, "{name}: {fixed}");
        let after = rustfmt_check(&file).expect("rustfmt ran before");
        assert!(
            after.status.success(),
            "{name}:\n{}",
            String::from_utf8_lossy(&after.stdout)
        );
        if let Some(rustc) = rustc() {
            let out_dir = tempfile::tempdir().unwrap();
            if let Err(error) = compile_library(&rustc, &file, out_dir.path(), "fixed") {
                panic!("{name}: the fixed file does not compile:\n{error}\n{fixed}");
            }
        }
    }
}

/// Every edit a `MachineApplicable` suggestion carries in `--format json`,
/// applied as a client would (each suggestion's edits, identical edits
/// once), gives a file that compiles: the `ready` import is in each
/// suggestion that brings `ready!` in.
#[test]
fn json_suggestions_applied_by_a_client_compile() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lib.rs");
    fs::write(&file, NEEDS_READY).unwrap();
    let output = pollcheck(dir.path(), &["--format", "json", "lib.rs"]);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let diagnostic: serde_json::Value = serde_json::from_str(line).expect("JSON");
        for child in diagnostic["children"].as_array().unwrap() {
            for span in child["spans"].as_array().unwrap() {
                if span["suggestion_applicability"] != "MachineApplicable" {
                    continue;
                }
                let edit = (
                    span["byte_start"].as_u64().unwrap() as usize,
                    span["byte_end"].as_u64().unwrap() as usize,
                    span["suggested_replacement"].as_str().unwrap().to_string(),
                );
                if !edits.contains(&edit) {
                    edits.push(edit);
                }
            }
        }
    }
    assert_eq!(edits.len(), 4, "three fixes and one import: {edits:?}");
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut text = NEEDS_READY.to_string();
    for (start, end, replacement) in &edits {
        text.replace_range(*start..*end, replacement);
    }
    fs::write(&file, &text).unwrap();
    if let Some(rustc) = rustc() {
        let out_dir = tempfile::tempdir().unwrap();
        if let Err(error) = compile_library(&rustc, &file, out_dir.path(), "json_fixed") {
            panic!("the file does not compile after the JSON edits:\n{error}\n{text}");
        }
    }
}

/// A fix inside an inline module: a `use` at the top of the file does not
/// reach into `mod inner { … }`, so the fix calls `std::task::ready!` by its
/// path there, and the file compiles after `--fix` and after the JSON edits.
#[test]
fn a_fix_inside_an_inline_module_compiles() {
    let text = "use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

pub trait AsyncWrite {
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub fn close<T: AsyncWrite + Unpin>(io: &mut T, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    let _ = Pin::new(&mut *io).poll_flush(cx)?;
    Pin::new(io).poll_shutdown(cx)
}

pub mod inner {
    use super::AsyncWrite;
    use std::io;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    pub fn close<T: AsyncWrite + Unpin>(io: &mut T, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = Pin::new(&mut *io).poll_flush(cx)?;
        Pin::new(io).poll_shutdown(cx)
    }
}
";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lib.rs");
    fs::write(&file, text).unwrap();
    let output = pollcheck(dir.path(), &["--fix", "lib.rs"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let fixed = fs::read_to_string(&file).unwrap();
    assert!(
        fixed.contains("use std::task::{ready, Context, Poll};\n\npub trait"),
        "{fixed}"
    );
    assert!(
        fixed.contains("\n    ready!(Pin::new(&mut *io).poll_flush(cx))?;"),
        "{fixed}"
    );
    assert!(
        fixed.contains("\n        std::task::ready!(Pin::new(&mut *io).poll_flush(cx))?;"),
        "{fixed}"
    );
    if let Some(rustc) = rustc() {
        let out_dir = tempfile::tempdir().unwrap();
        if let Err(error) = compile_library(&rustc, &file, out_dir.path(), "inline_fixed") {
            panic!("the file does not compile after --fix:\n{error}\n{fixed}");
        }
    }
    // Only in the module: nothing to import at the top.
    let only_inner = text.replace(
        "    let _ = Pin::new(&mut *io).poll_flush(cx)?;\n    Pin::new(io)",
        "    ready_free(io, cx)?;\n    Pin::new(io)",
    );
    fs::write(&file, &only_inner).unwrap();
    let output = pollcheck(dir.path(), &["--format", "json", "lib.rs"]);
    let json = String::from_utf8_lossy(&output.stdout);
    assert!(json.contains("std::task::ready!(Pin::new"), "{json}");
    assert!(!json.contains("use std::task::ready"), "{json}");
    assert!(!json.contains("\"ready, \""), "{json}");
}

/// Fixes that overlap are applied in rounds: with `--unsafe-fixes`, the
/// `write_all` statement is rewritten first and the `poll_flush` inside it
/// in the next round, which also calls `std::task::ready!` by its path
/// inside the inline module, so the file compiles.
#[test]
fn a_later_round_inside_an_inline_module_compiles() {
    let text = "use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

pub trait AsyncWrite {
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub mod inner {
    use super::AsyncWrite;
    use std::io::{self, Write};
    use std::pin::Pin;
    use std::task::{Context, Poll};

    pub fn copy<T: AsyncWrite + Unpin, W: Write>(
        io: &mut T,
        log: &mut W,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<()>> {
        let _ = log.write_all(&{
            let _ = Pin::new(&mut *io).poll_flush(cx)?;
            [0u8]
        });
        Poll::Ready(Ok(()))
    }
}
";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lib.rs");
    fs::write(&file, text).unwrap();
    let output = pollcheck(dir.path(), &["--fix", "--unsafe-fixes", "lib.rs"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let fixed = fs::read_to_string(&file).unwrap();
    assert!(
        fixed.contains("        log.write_all(&{\n            std::task::ready!(Pin::new(&mut *io).poll_flush(cx))?;"),
        "{fixed}"
    );
    assert!(!fixed.contains("use std::task::ready"), "{fixed}");
    if let Some(rustc) = rustc() {
        let out_dir = tempfile::tempdir().unwrap();
        if let Err(error) = compile_library(&rustc, &file, out_dir.path(), "later_round") {
            panic!("the file does not compile after --fix:\n{error}\n{fixed}");
        }
    }
}
