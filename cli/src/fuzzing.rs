//! The fuzzing harness shared by the `cargo fuzz` targets (in `fuzz/`) and
//! the regression tests: one input goes through parsing, every rule, every
//! emitter and the fixer, and every property that must hold whatever the
//! input is gets checked. A panic — the engine's own or a failed check here —
//! is a bug.
//!
//! The engine catches a rule's panic and reports it as an internal error, so
//! the harness treats such an error as a panic of its own. Run under
//! libFuzzer, the panic hook aborts before anything is caught anyway.
//!
//! With the `fuzzing` feature, `tokens` generates Rust source from
//! unstructured bytes, shaped after what the rules look at.

use std::path::Path;
use std::sync::OnceLock;

use lint_core::emit::{
    Emitter, GithubEmitter, HumanEmitter, JsonEmitter, SarifEmitter, ShortEmitter,
};
use lint_core::engine::FIX_ROUNDS;
use lint_core::{Engine, Level, Report, ScanError};
use termcolor::{Ansi, NoColor, WriteColor};

#[cfg(feature = "fuzzing")]
pub mod tokens;

/// The name inputs are reported under. Its directory does not exist, so no
/// `Cargo.toml` is read for the fixer's `ready!` policy.
const INPUT_PATH: &str = "pollcheck-fuzz-input/src/lib.rs";

/// One engine for every input, every rule on (at each reporting level in
/// turn, so that every emitter meets errors, warnings and notes), macro
/// bodies and the crate index on, on one worker thread.
fn engine() -> &'static Engine<'static> {
    static ENGINE: OnceLock<Engine<'static>> = OnceLock::new();
    ENGINE.get_or_init(|| new_engine(true))
}

/// The same engine with the pre-filter off: it parses every text whole.
fn whole_engine() -> &'static Engine<'static> {
    static ENGINE: OnceLock<Engine<'static>> = OnceLock::new();
    ENGINE.get_or_init(|| new_engine(false))
}

fn new_engine(prefilter: bool) -> Engine<'static> {
    {
        let levels = [Level::Deny, Level::Warn, Level::Note];
        let overrides: Vec<(String, Level)> = rules::RULES
            .iter()
            .zip(levels.iter().cycle())
            .map(|(rule, level)| (rule.meta().name.to_string(), *level))
            .collect();
        Engine::new(rules::RULES, &overrides)
            .expect("every rule name is known")
            .with_threads(Some(1))
            .with_macro_bodies(true)
            .with_index(true)
            .with_prefilter(prefilter)
    }
}

/// The findings of a report, comparable across engines.
fn findings(report: &lint_core::Report) -> Vec<(String, std::ops::Range<usize>, String)> {
    report
        .diagnostics()
        .map(|(_, diagnostic)| {
            (
                diagnostic.rule.to_string(),
                diagnostic.range.clone(),
                diagnostic.message.clone(),
            )
        })
        .collect()
}

/// Runs `bytes` through everything and panics on a broken property. Bytes
/// that are not UTF-8 are checked as their lossy conversion (the engine
/// reads files that are not UTF-8 no further than the first bad byte).
pub fn exercise(bytes: &[u8]) {
    exercise_text(&String::from_utf8_lossy(bytes));
}

/// Runs `text` through the rules, every emitter and the fixer, and panics
/// when any of these does not hold:
///
/// - nothing panicked inside the engine (no internal error);
/// - when the whole text parses, the pre-filter changes no finding;
/// - every finding, label and edit lies within the text, on character
///   boundaries;
/// - every emitter succeeds and writes UTF-8; the JSON emitter one parsable
///   line per finding, the short one one line per finding, the SARIF one a
///   JSON document with one result per finding;
/// - fixing a text that parsed completely leaves text that parses
///   completely, and never reports its own fixes as breaking the file;
/// - a fix plan leaves the text before its first edit and after its last
///   edit as it was, and with safe fixes only keeps every comment opener
///   (`//`, `/*`), since an edit over a comment is unsafe;
/// - fixing the fixed text again (when the first plan reached its fixed
///   point) applies nothing more.
pub fn exercise_text(text: &str) {
    let engine = engine();
    let path = Path::new(INPUT_PATH);
    let report = engine.check_text(path, text.to_string());
    assert_no_internal_error(&report);
    // The pre-filter parses only what may hold a finding: when the whole
    // text parses, the findings must be the same as from parsing it all.
    let whole = whole_engine().check_text(path, text.to_string());
    assert_no_internal_error(&whole);
    if whole.errors.is_empty() {
        assert_eq!(
            findings(&report),
            findings(&whole),
            "the pre-filter changed the findings (left) from a full parse (right)"
        );
    }
    check_ranges(&report, text);
    emit_everything(&report);
    // Whether the whole text parsed (no item skipped): only then must the
    // fixed text parse completely too.
    let parsed = whole.errors.is_empty();
    check_one_round(&report, text);
    for unsafe_fixes in [true, false] {
        let plan = engine.plan_text_fix(path, text.to_string(), unsafe_fixes);
        if plan.applied == 0 {
            assert!(
                plan.fixed == plan.original,
                "a plan that applied nothing changed the text"
            );
        }
        if !unsafe_fixes {
            for opener in ["//", "/*"] {
                assert!(
                    plan.fixed.matches(opener).count() >= text.matches(opener).count(),
                    "a safe fix removed a comment (`{opener}`):\n{}",
                    plan.fixed
                );
            }
        }
        if !parsed {
            continue;
        }
        if let Some(problem) = &plan.problem {
            panic!("fixing a file that parses broke it: {problem}");
        }
        let again = engine.check_text(path, plan.fixed.clone());
        assert_no_internal_error(&again);
        assert!(
            again.errors.is_empty(),
            "the fixed text no longer parses: {}\n--- fixed text ---\n{}",
            again.errors[0],
            plan.fixed
        );
        if plan.applied > 0 && plan.applied < FIX_ROUNDS {
            let second = engine.plan_text_fix(path, plan.fixed.clone(), unsafe_fixes);
            assert!(
                second.problem.is_none(),
                "fixing the fixed text failed: {:?}",
                second.problem
            );
            assert_eq!(
                second.applied, 0,
                "fixing the fixed text changed it again:\n--- first ---\n{}\n--- second ---\n{}",
                plan.fixed, second.fixed
            );
        }
    }
}

fn assert_no_internal_error(report: &Report) {
    for error in &report.errors {
        if let ScanError::Internal { message, .. } = error {
            panic!("internal error in the engine: {message}");
        }
    }
}

/// Every byte range a finding carries is a valid range of `text`.
fn check_ranges(report: &Report, text: &str) {
    let valid = |range: &std::ops::Range<usize>| {
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end)
    };
    for (source, diagnostic) in report.diagnostics() {
        assert_eq!(source.text(), text, "the report holds another text");
        assert!(
            valid(&diagnostic.range),
            "{}: bad range {:?}",
            diagnostic.rule,
            diagnostic.range
        );
        for label in &diagnostic.secondary {
            assert!(
                valid(&label.range),
                "{}: bad secondary range {:?}",
                diagnostic.rule,
                label.range
            );
        }
        for edit in diagnostic.suggestion.iter().flat_map(|s| &s.edits) {
            assert!(
                valid(&edit.range),
                "{}: bad edit range {:?}",
                diagnostic.rule,
                edit.range
            );
        }
    }
}

/// One round of fixes applied by hand: outside the span of the edits
/// applied, the text is untouched.
fn check_one_round(report: &Report, text: &str) {
    let diagnostics: Vec<lint_core::Diagnostic> =
        report.diagnostics().map(|(_, d)| d.clone()).collect();
    let candidates =
        lint_core::fix::candidates(text, &diagnostics, &lint_core::fix::ReadyPolicy::Std);
    let (fixed, applied) = lint_core::fix::apply(text, &candidates, true);
    let Some(start) = candidates
        .iter()
        .flat_map(|candidate| &candidate.edits)
        .map(|edit| edit.range.start)
        .min()
    else {
        assert_eq!(applied, 0);
        return;
    };
    let end = candidates
        .iter()
        .flat_map(|candidate| &candidate.edits)
        .map(|edit| edit.range.end)
        .max()
        .unwrap_or(start);
    assert!(
        fixed.starts_with(&text[..start]) && fixed.ends_with(&text[end..]),
        "a fix changed text outside its edits"
    );
}

/// Renders `report` in every format, checking what each format promises.
fn emit_everything(report: &Report) {
    let findings = report.diagnostics().count();
    let metas = || rules::RULES.iter().map(|rule| rule.meta());
    let human = HumanEmitter {
        summary: true,
        timing: false,
    };
    render(&human, report, NoColor::new(Vec::new()), "human");
    render(&human, report, Ansi::new(Vec::new()), "human (colour)");

    let short = render(&ShortEmitter, report, NoColor::new(Vec::new()), "short");
    assert_eq!(
        short.lines().count(),
        findings,
        "short: not one line per finding:\n{short}"
    );

    let json = render(
        &JsonEmitter::new(metas()),
        report,
        NoColor::new(Vec::new()),
        "json",
    );
    assert_eq!(
        json.lines().count(),
        findings,
        "json: not one line per finding"
    );
    for line in json.lines() {
        if let Err(error) = serde_json::from_str::<serde_json::Value>(line) {
            panic!("json: a line does not parse ({error}): {line}");
        }
    }

    let sarif = render(
        &SarifEmitter::new(metas()),
        report,
        NoColor::new(Vec::new()),
        "sarif",
    );
    let document: serde_json::Value = match serde_json::from_str(&sarif) {
        Ok(document) => document,
        Err(error) => panic!("sarif: does not parse ({error})"),
    };
    let results = document["runs"][0]["results"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(results, findings, "sarif: not one result per finding");

    render(
        &GithubEmitter::new(None),
        report,
        NoColor::new(Vec::new()),
        "github",
    );
}

/// Renders `report` with `emitter` into memory; the output as text.
fn render<W: WriteColor + IntoBytes>(
    emitter: &dyn Emitter,
    report: &Report,
    mut out: W,
    name: &str,
) -> String {
    if let Err(error) = emitter.emit(report, &mut out) {
        panic!("{name}: emitting into memory failed: {error}");
    }
    match String::from_utf8(out.into_bytes()) {
        Ok(text) => text,
        Err(error) => panic!("{name}: output is not UTF-8: {error}"),
    }
}

/// The in-memory writers' bytes.
trait IntoBytes {
    fn into_bytes(self) -> Vec<u8>;
}

impl IntoBytes for NoColor<Vec<u8>> {
    fn into_bytes(self) -> Vec<u8> {
        self.into_inner()
    }
}

impl IntoBytes for Ansi<Vec<u8>> {
    fn into_bytes(self) -> Vec<u8> {
        self.into_inner()
    }
}
