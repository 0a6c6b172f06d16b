//! The annotated test corpus: every line marked `//~ rule` must be reported
//! by exactly that rule, and nothing else may be reported anywhere. Lines
//! marked `//~ ok` are deliberate must-not-fire cases (counted, and checked
//! like every other unannotated line). Lines marked `//~ rustc` are
//! must-not-fire cases that pollcheck leaves to rustc: a statement whose
//! `Result`, `Poll` or future rustc's `unused_must_use` warns about, which
//! `rustc_warns_where_pollcheck_leaves_it_to_rustc` checks with rustc
//! itself. Each fixture must also compile.

mod common;
use common::{compile_library, library_command, rustc};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lint_core::Engine;

/// The mark of a line pollcheck leaves to rustc's `unused_must_use`.
const RUSTC: &str = "rustc";

/// Fixtures, sorted, under `test-corpus/` (not `.fixed` files).
fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus");
    let mut files: Vec<PathBuf> = walkdir(&root)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures under {}", root.display());
    files
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read test-corpus") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// `(line, rule)` pairs the annotations expect, and the number of `ok` and
/// `rustc` marks.
fn expectations(text: &str) -> (BTreeSet<(usize, String)>, usize) {
    let mut expected = BTreeSet::new();
    let mut negatives = 0;
    for (index, line) in text.lines().enumerate() {
        let Some((_, marks)) = line.split_once("//~") else {
            continue;
        };
        for mark in marks.split_whitespace() {
            if mark == "ok" || mark == RUSTC {
                negatives += 1;
            } else {
                expected.insert((index + 1, mark.to_string()));
            }
        }
    }
    (expected, negatives)
}

#[test]
fn every_annotation_is_found_and_nothing_else() {
    // The whole corpus is scanned at once, as `pollcheck test-corpus` would
    // (one crate, one index), and the findings are compared file by file.
    let engine = Engine::new(rules::RULES, &[]).expect("default settings");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus");
    let report = engine.check_paths(&[root]);
    let mut failures: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    let mut found_by_file: BTreeMap<PathBuf, BTreeSet<(usize, String)>> = BTreeMap::new();
    for (source, diagnostic) in report.diagnostics() {
        found_by_file
            .entry(source.path().to_path_buf())
            .or_default()
            .insert((
                source.line_column(diagnostic.range.start).line,
                diagnostic.rule.to_string(),
            ));
    }
    let mut positives = 0;
    let mut negatives = 0;
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let (expected, ok_marks) = expectations(&text);
        positives += expected.len();
        negatives += ok_marks;
        let found = found_by_file.remove(&path).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let folder = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        for (line, rule) in expected.difference(&found) {
            failures.push(format!(
                "{folder}/{name}:{line}: expected {rule}, not reported:\n    {}",
                lines[line - 1].trim()
            ));
        }
        for (line, rule) in found.difference(&expected) {
            failures.push(format!(
                "{folder}/{name}:{line}: {rule} reported but not annotated:\n    {}",
                lines[line - 1].trim()
            ));
        }
    }
    for (path, found) in found_by_file {
        failures.push(format!(
            "{}: findings in a file that is not a fixture: {found:?}",
            path.display()
        ));
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(positives >= 120, "only {positives} annotated findings");
    assert!(negatives >= 120, "only {negatives} `//~ ok` cases");
}

#[test]
fn every_rule_has_positives_in_the_corpus() {
    let mut seen = BTreeSet::new();
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).expect("read fixture");
        seen.extend(expectations(&text).0.into_iter().map(|(_, rule)| rule));
    }
    for rule in rules::RULES {
        assert!(
            seen.contains(rule.meta().name),
            "no fixture line expects {}",
            rule.meta().name
        );
    }
}

#[test]
fn fixtures_compile_as_rust_2021_libraries() {
    let Some(rustc) = rustc() else {
        return;
    };
    let out_dir = tempfile::tempdir().expect("temporary directory");
    let mut failures = Vec::new();
    for (index, path) in fixtures().iter().enumerate() {
        if let Err(error) =
            compile_library(&rustc, path, out_dir.path(), &format!("fixture{index}"))
        {
            failures.push(format!("{}:\n{error}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "fixtures that do not compile:\n{}",
        failures.join("\n")
    );
}

/// The lines of `text` marked `//~ rustc`.
fn left_to_rustc(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            line.split_once("//~")
                .is_some_and(|(_, marks)| marks.split_whitespace().any(|mark| mark == RUSTC))
        })
        .map(|(index, _)| index + 1)
        .collect()
}

#[test]
fn rustc_warns_where_pollcheck_leaves_it_to_rustc() {
    // pollcheck does not report a statement that throws away a `Result`, a
    // `Poll` or a future, because rustc's `unused_must_use` does; this asks
    // rustc whether it does, on every line marked so. The fixtures allow
    // the lint (they are about pollcheck), so it is forced on here.
    let Some(rustc) = rustc() else {
        return;
    };
    let out_dir = tempfile::tempdir().expect("temporary directory");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (index, path) in fixtures().iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("read fixture");
        let marked = left_to_rustc(&text);
        if marked.is_empty() {
            continue;
        }
        let warned = must_use_warnings(&rustc, path, out_dir.path(), &format!("fixture{index}"));
        let lines: Vec<&str> = text.lines().collect();
        for line in marked {
            checked += 1;
            if !warned.iter().any(|lines| lines.contains(&line)) {
                failures.push(format!(
                    "{}:{line}: marked `rustc`, but rustc does not warn `unused_must_use` there:\n    {}",
                    path.display(),
                    lines[line - 1].trim()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} lines:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 60, "only {checked} lines marked `rustc`");
}

/// The lines each `unused_must_use` warning of rustc spans in `file`.
fn must_use_warnings(
    rustc: &str,
    file: &Path,
    out_dir: &Path,
    name: &str,
) -> Vec<std::ops::RangeInclusive<usize>> {
    let output = library_command(rustc, file, out_dir, name)
        .args(["--force-warn", "unused_must_use", "--error-format=json"])
        .output()
        .expect("run rustc");
    assert!(
        output.status.success(),
        "{} does not compile:\n{}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut spans = Vec::new();
    for line in String::from_utf8_lossy(&output.stderr).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["code"]["code"] != "unused_must_use" {
            continue;
        }
        for span in message["spans"].as_array().into_iter().flatten() {
            if span["is_primary"] == true {
                let start = span["line_start"].as_u64().unwrap_or(0) as usize;
                let end = span["line_end"].as_u64().unwrap_or(0) as usize;
                spans.push(start..=end);
            }
        }
    }
    spans
}
