//! A file that disappears between being found and being read is reported as
//! unreadable, and the other files are still checked.

use std::fs;
use std::path::{Path, PathBuf};

use lint_core::discover::discover;
use lint_core::interest::{Calls, Interests, Names, Position, Returns, Shape};
use lint_core::{
    declare_rule, Checker, Engine, Finding, FixAvailability, Level, Rule, RuleMeta, ScanError,
    Violation,
};
use syn::Expr;

declare_rule! {
    /// ## What it does
    /// Finds every call to a method named `poll_flush`.
    FLUSH_CALL = {
        name: "flush_call",
        summary: "a call to `poll_flush`",
        default_level: Level::Deny,
        level_reason: "tests need errors",
        fix: FixAvailability::None,
    }
}

struct FlushCall;

struct Called;

impl Violation for Called {
    fn rule(&self) -> &'static RuleMeta {
        &FLUSH_CALL
    }

    fn message(&self) -> String {
        "`poll_flush` is called".to_string()
    }
}

impl Rule for FlushCall {
    fn meta(&self) -> &'static RuleMeta {
        &FLUSH_CALL
    }

    fn interests(&self) -> Interests {
        Interests {
            calls: &[Calls {
                names: Names::Listed(&["poll_flush"]),
                returns: Returns::Poll,
                judges: Shape::Poll,
                at: Position::Anywhere,
            }],
            ..Interests::NONE
        }
    }

    fn check_expr(&self, checker: &mut Checker<'_, '_>, expr: &Expr) {
        if let Expr::MethodCall(call) = expr {
            if call.method == "poll_flush" {
                let range = checker.range_of(expr);
                checker.report(Finding::new(Called, range));
            }
        }
    }
}

const FLUSHES: &str = "fn f(io: &mut Io, cx: &mut Cx) {\n    let _ = io.poll_flush(cx);\n}\n";

/// Where each finding is, as `path:line:column`.
fn findings(report: &lint_core::Report) -> Vec<String> {
    report
        .diagnostics()
        .map(|(source, diagnostic)| {
            let at = source.line_column(diagnostic.range.start);
            format!("{}:{}:{}", source.path().display(), at.line, at.column)
        })
        .collect()
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.rs", "b.rs", "c.rs"] {
        fs::write(dir.path().join(name), FLUSHES).unwrap();
    }
    dir
}

fn is_cannot_read(error: &ScanError, path: &Path) -> bool {
    matches!(error, ScanError::Read { path: read, source }
        if read == path && source.kind() == std::io::ErrorKind::NotFound)
}

#[test]
fn check_files_scans_exactly_the_files_given() {
    let dir = project();
    let rule = FlushCall;
    let rules: [&dyn Rule; 1] = [&rule];
    let engine = Engine::new(&rules, &[]).unwrap();
    let a = dir.path().join("a.rs");
    let c = dir.path().join("c.rs");
    let report = engine.check_files(&[a.clone(), c.clone()]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.files_scanned, 2);
    assert_eq!(
        findings(&report),
        [
            format!("{}:2:13", a.display()),
            format!("{}:2:13", c.display())
        ]
    );
}

#[test]
fn a_file_deleted_before_it_is_read_is_unreadable_and_the_rest_are_checked() {
    let dir = project();
    let rule = FlushCall;
    let rules: [&dyn Rule; 1] = [&rule];
    let engine = Engine::new(&rules, &[]).unwrap();
    let files: Vec<PathBuf> = ["a.rs", "b.rs", "c.rs"]
        .iter()
        .map(|name| dir.path().join(name))
        .collect();
    fs::remove_file(&files[1]).unwrap();
    let report = engine.check_files(&files);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert!(
        is_cannot_read(&report.errors[0], &files[1]),
        "{:?}",
        report.errors
    );
    let line = report.errors[0].to_string();
    assert!(
        line.starts_with(&format!("{}: cannot read: ", files[1].display())),
        "{line}"
    );
    assert_eq!(
        findings(&report),
        [
            format!("{}:2:13", files[0].display()),
            format!("{}:2:13", files[2].display())
        ]
    );
}

#[test]
fn discovery_then_deletion_then_check_files() {
    let dir = project();
    let rule = FlushCall;
    let rules: [&dyn Rule; 1] = [&rule];
    let engine = Engine::new(&rules, &[]).unwrap();
    let (files, errors) = discover(&[dir.path().to_path_buf()], None);
    assert!(errors.is_empty(), "{errors:?}");
    let names: Vec<_> = files
        .iter()
        .map(|path| path.strip_prefix(dir.path()).unwrap().to_path_buf())
        .collect();
    assert_eq!(names, ["a.rs", "b.rs", "c.rs"].map(PathBuf::from));
    fs::remove_file(&files[0]).unwrap();
    let report = engine.check_files(&files);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert!(
        is_cannot_read(&report.errors[0], &files[0]),
        "{:?}",
        report.errors
    );
    assert_eq!(
        findings(&report),
        [
            format!("{}:2:13", files[1].display()),
            format!("{}:2:13", files[2].display())
        ]
    );
    // Every file handed over counts, as in a scan of paths.
    assert_eq!(report.files_scanned, 3);
}
