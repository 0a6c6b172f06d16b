//! The machine-readable emitters: rustc JSON, SARIF and GitHub workflow
//! commands, over reports made by running the engine with small test rules.
//!
//! Golden files live in `tests/golden/`; `POLLCHECK_BLESS=1 cargo test`
//! rewrites them.

use std::fs;
use std::path::{Path, PathBuf};

use cargo_metadata::diagnostic::{
    Applicability as RustcApplicability, Diagnostic as RustcDiagnostic, DiagnosticLevel,
};
use lint_core::emit::{
    escape_data, escape_property, Emitter, GithubEmitter, JsonEmitter, SarifEmitter,
    ANNOTATIONS_PER_LEVEL, FINGERPRINT_KEY,
};
use lint_core::interest::{Calls, Interests, Names, Position, Returns, Shape};
use lint_core::{
    declare_rule, Applicability, Checker, Edit, Engine, Finding, FixAvailability, Level, Report,
    Rule, RuleMeta, Suggestion, Violation,
};
use serde_json::Value;
use syn::Expr;

declare_rule! {
    /// ## What it does
    /// Finds every call to a method named `poll_flush`, so that the emitters
    /// have something to show.
    ///
    /// ## Why is this bad?
    /// It is not; the rule exists for tests.
    FLUSH_CALL = {
        name: "flush_call",
        summary: "a call to `poll_flush`",
        default_level: Level::Deny,
        level_reason: "tests need errors",
        fix: FixAvailability::Always,
    }
}

declare_rule! {
    /// ## What it does
    /// Finds every call to a method named `poll_close`.
    CLOSE_CALL = {
        name: "close_call",
        summary: "a call to `poll_close`",
        default_level: Level::Warn,
        level_reason: "tests need warnings",
        fix: FixAvailability::Always,
    }
}

declare_rule! {
    /// ## What it does
    /// Finds every call to a method named `poll_odd`, with a message full of
    /// characters that need escaping.
    ODD_CALL = {
        name: "odd_call",
        summary: "a call to `poll_odd`",
        default_level: Level::Note,
        level_reason: "tests need notes",
        fix: FixAvailability::None,
    }
}

/// The message of `odd_call`: every character some format escapes.
const ODD_MESSAGE: &str = "100% odd: a, b | c\r\nsecond line";

/// Reports calls to the method its metadata names.
struct CallRule(&'static RuleMeta);

/// A call of the method a rule is about.
struct Called {
    rule: &'static RuleMeta,
    message: &'static str,
}

impl Violation for Called {
    fn rule(&self) -> &'static RuleMeta {
        self.rule
    }

    fn message(&self) -> String {
        self.message.to_string()
    }
}

impl Rule for CallRule {
    fn meta(&self) -> &'static RuleMeta {
        self.0
    }

    fn interests(&self) -> Interests {
        Interests {
            calls: &[Calls {
                names: Names::Listed(&["poll_flush", "poll_close", "poll_odd"]),
                returns: Returns::Poll,
                judges: Shape::Poll,
                at: Position::Anywhere,
            }],
            ..Interests::NONE
        }
    }

    fn check_expr(&self, checker: &mut Checker<'_, '_>, expr: &Expr) {
        let Expr::MethodCall(call) = expr else {
            return;
        };
        let range = checker.range_of(expr);
        let method = checker.span_range(call.method.span());
        let finding = match (self.0.name, call.method.to_string().as_str()) {
            ("flush_call", "poll_flush") => Finding::new(
                Called {
                    rule: self.0,
                    message: "the `Poll` of `poll_flush` is not looked at",
                },
                range.clone(),
            )
            .with_label("this `Poll` may be `Pending`")
            .with_secondary(checker.range_of(&*call.receiver), "the writer")
            .with_note("the flush may not have finished")
            .with_suggestion(Suggestion {
                message: "wait for it with `ready!`".to_string(),
                edits: vec![
                    Edit {
                        range: range.start..range.start,
                        replacement: "ready!(".to_string(),
                    },
                    Edit {
                        range: range.end..range.end,
                        replacement: ")".to_string(),
                    },
                ],
                applicability: Applicability::Safe,
            }),
            ("close_call", "poll_close") => Finding::new(
                Called {
                    rule: self.0,
                    message: "`poll_close` is called",
                },
                range,
            )
            .with_suggestion(Suggestion {
                message: "call `poll_shutdown` instead".to_string(),
                edits: vec![Edit {
                    range: method,
                    replacement: "poll_shutdown".to_string(),
                }],
                applicability: Applicability::Unsafe,
            }),
            ("odd_call", "poll_odd") => Finding::new(
                Called {
                    rule: self.0,
                    message: ODD_MESSAGE,
                },
                range,
            )
            .with_suggestion(Suggestion {
                message: "think about it".to_string(),
                edits: Vec::new(),
                applicability: Applicability::DisplayOnly,
            }),
            _ => return,
        };
        checker.report(finding);
    }
}

static RULES: [CallRule; 3] = [
    CallRule(&FLUSH_CALL),
    CallRule(&CLOSE_CALL),
    CallRule(&ODD_CALL),
];

fn metas() -> Vec<&'static RuleMeta> {
    vec![&FLUSH_CALL, &CLOSE_CALL, &ODD_CALL]
}

/// Findings of all three levels, two identical ones, a multi-line one and
/// a non-ASCII character before one.
const CONN: &str = r#"impl Conn {
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.as_mut().poll_flush(cx);
        let _ = self.as_mut().poll_flush(cx);
        let _ = ("é", self.w.poll_flush(cx));
        let _ = self.io
            .poll_close(cx);
        self.poll_odd(cx)
    }
}
"#;

const ABSOLUTE: &str = "fn f(cx: &mut Context<'_>) {\n    let _ = w.poll_flush(cx);\n}\n";

fn check(files: &[(&str, &str)]) -> Report {
    let rules: Vec<&dyn Rule> = RULES.iter().map(|rule| rule as &dyn Rule).collect();
    let engine = Engine::new(&rules, &[]).unwrap();
    let mut report = Report::default();
    for (path, text) in files {
        let mut one = engine.check_text(Path::new(path), text.to_string());
        assert!(one.errors.is_empty(), "{:?}", one.errors);
        report.files.append(&mut one.files);
        report.files_scanned += one.files_scanned;
    }
    report
        .files
        .sort_by(|a, b| a.source.path().cmp(b.source.path()));
    report
}

fn fixtures() -> Report {
    check(&[("src/conn.rs", CONN), ("/srv/my project/abs.rs", ABSOLUTE)])
}

fn render(emitter: &dyn Emitter, report: &Report) -> String {
    let mut out = termcolor::NoColor::new(Vec::new());
    emitter.emit(report, &mut out).unwrap();
    String::from_utf8(out.into_inner()).unwrap()
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var("POLLCHECK_BLESS").is_ok_and(|value| value == "1") {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error}; run with POLLCHECK_BLESS=1 to create it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs (POLLCHECK_BLESS=1 rewrites it):\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

// ---------------------------------------------------------------- JSON

fn json_lines(report: &Report) -> Vec<RustcDiagnostic> {
    render(&JsonEmitter::new(metas()), report)
        .lines()
        .map(|line| {
            let raw: Value = serde_json::from_str(line).unwrap();
            assert_eq!(raw["$message_type"], "diagnostic");
            serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}"))
        })
        .collect()
}

#[test]
fn json_lines_are_rustc_diagnostics() {
    let diagnostics = json_lines(&check(&[("src/conn.rs", CONN)]));
    assert_eq!(diagnostics.len(), 5);

    let first = &diagnostics[0];
    assert_eq!(first.level, DiagnosticLevel::Error);
    let code = first.code.as_ref().unwrap();
    assert_eq!(code.code, "pollcheck::flush_call");
    assert!(code
        .explanation
        .as_ref()
        .unwrap()
        .starts_with("## What it does\nFinds every call"));
    let primary = &first.spans[0];
    assert!(primary.is_primary);
    assert_eq!(primary.file_name, "src/conn.rs");
    assert_eq!((primary.line_start, primary.line_end), (3, 3));
    assert_eq!((primary.column_start, primary.column_end), (17, 45));
    let start = CONN.find("self.as_mut().poll_flush").unwrap();
    assert_eq!(primary.byte_start as usize, start);
    assert_eq!(
        primary.text[0].text,
        "        let _ = self.as_mut().poll_flush(cx);"
    );
    assert_eq!(
        (
            primary.text[0].highlight_start,
            primary.text[0].highlight_end
        ),
        (17, 45)
    );
    assert_eq!(
        primary.label.as_deref(),
        Some("this `Poll` may be `Pending`")
    );
    let secondary = &first.spans[1];
    assert!(!secondary.is_primary);
    assert_eq!(secondary.label.as_deref(), Some("the writer"));
    assert_eq!(first.children.len(), 2);
    assert_eq!(first.children[0].level, DiagnosticLevel::Note);
    assert!(first.children[0].spans.is_empty());
    let help = &first.children[1];
    assert_eq!(help.level, DiagnosticLevel::Help);
    assert_eq!(help.message, "wait for it with `ready!`");
    let replacements: Vec<_> = help
        .spans
        .iter()
        .map(|span| span.suggested_replacement.as_deref())
        .collect();
    // The file imports no `ready`: the suggestion carries the import too,
    // so that applying it alone compiles.
    assert_eq!(
        replacements,
        [
            Some("use std::task::ready;\n\n"),
            Some("ready!("),
            Some(")")
        ]
    );
    assert!(help
        .spans
        .iter()
        .all(|span| span.suggestion_applicability == Some(RustcApplicability::MachineApplicable)));
    assert!(help.children.is_empty() && help.rendered.is_none());
    assert!(first.rendered.as_ref().unwrap().starts_with(
        "error[flush_call]: the `Poll` of `poll_flush` is not looked at\n  --> src/conn.rs:3:17\n"
    ));

    // Columns count characters: `é` is two bytes, one column.
    let third = &diagnostics[2].spans[0];
    assert_eq!(third.column_start, 23);
    assert_eq!(
        third.byte_start as usize,
        CONN.find("self.w.poll_flush").unwrap()
    );

    // A span over two lines carries both, highlighted to and from the edges.
    let close = &diagnostics[3];
    assert_eq!(close.level, DiagnosticLevel::Warning);
    let span = &close.spans[0];
    assert_eq!((span.line_start, span.line_end), (6, 7));
    assert_eq!(span.text.len(), 2);
    assert_eq!(
        (span.text[0].highlight_start, span.text[0].highlight_end),
        (17, 24)
    );
    assert_eq!(
        (span.text[1].highlight_start, span.text[1].highlight_end),
        (1, 28)
    );
    let edit = &close.children[0].spans[0];
    assert_eq!(edit.suggested_replacement.as_deref(), Some("poll_shutdown"));
    assert_eq!(
        edit.suggestion_applicability,
        Some(RustcApplicability::MaybeIncorrect)
    );

    // Display-only advice is a help without spans.
    let odd = &diagnostics[4];
    assert_eq!(odd.level, DiagnosticLevel::Note);
    assert_eq!(odd.message, ODD_MESSAGE);
    assert_eq!(odd.children[0].level, DiagnosticLevel::Help);
    assert!(odd.children[0].spans.is_empty());
}

#[test]
fn json_suggestions_apply_at_their_byte_offsets() {
    let diagnostics = json_lines(&check(&[("src/conn.rs", CONN)]));
    let mut edits: Vec<(usize, usize, String)> = diagnostics
        .iter()
        .flat_map(|diagnostic| &diagnostic.children)
        .flat_map(|child| &child.spans)
        .filter_map(|span| {
            let replacement = span.suggested_replacement.clone()?;
            Some((
                span.byte_start as usize,
                span.byte_end as usize,
                replacement,
            ))
        })
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut fixed = CONN.to_string();
    for (start, end, replacement) in edits {
        fixed.replace_range(start..end, &replacement);
    }
    assert!(fixed.contains("let _ = ready!(self.as_mut().poll_flush(cx));"));
    assert!(fixed.contains("let _ = (\"é\", ready!(self.w.poll_flush(cx)));"));
    assert!(fixed.contains("            .poll_shutdown(cx);"));
}

#[test]
fn json_golden() {
    golden(
        "fixtures.json",
        &render(&JsonEmitter::new(metas()), &fixtures()),
    );
}

// ---------------------------------------------------------------- SARIF

fn sarif(report: &Report) -> Value {
    let text = render(
        &SarifEmitter::new(metas()).with_version("0.0.0-test"),
        report,
    );
    assert!(text.ends_with("}\n"));
    serde_json::from_str(&text).unwrap()
}

/// The SARIF 2.1.0 schema that the `serde-sarif` package ships.
fn sarif_schema() -> Value {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let metadata = cargo_metadata::MetadataCommand::new()
        .manifest_path(manifest)
        .exec()
        .unwrap();
    let package = metadata
        .packages
        .iter()
        .find(|package| package.name.as_str() == "serde-sarif")
        .expect("serde-sarif is a dependency");
    let path: PathBuf = package
        .manifest_path
        .parent()
        .unwrap()
        .join("src/schema.json")
        .into();
    let mut schema = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    assert!(
        repair_language_pattern(&mut schema) > 0,
        "the schema's bug was fixed: drop the repair"
    );
    schema
}

/// The published schema's `language` pattern has a stray `]`
/// (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`), which is no valid regular
/// expression in Unicode mode, so `jsonschema` refuses the schema. Replaces
/// it, in memory only, with the pattern it meant; returns how many it fixed.
fn repair_language_pattern(schema: &mut Value) -> usize {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match schema {
        Value::Object(map) => {
            let mut fixed = 0;
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == BROKEN {
                    *value = Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                    fixed += 1;
                } else {
                    fixed += repair_language_pattern(value);
                }
            }
            fixed
        }
        Value::Array(items) => items.iter_mut().map(repair_language_pattern).sum(),
        _ => 0,
    }
}

#[test]
fn sarif_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&sarif_schema()).unwrap();
    for report in [fixtures(), Report::default()] {
        let log = sarif(&report);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // And the schema is strict enough to notice a broken log.
    let mut broken = sarif(&fixtures());
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_describes_rules_and_locations() {
    let log = sarif(&fixtures());
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "pollcheck");
    assert_eq!(driver["version"], "0.0.0-test");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 3);
    assert_eq!(rules[0]["id"], "flush_call");
    assert_eq!(
        rules[0]["shortDescription"]["text"],
        "a call to `poll_flush`"
    );
    assert_eq!(
        rules[0]["fullDescription"]["text"],
        "Finds every call to a method named `poll_flush`, so that the emitters have something to show."
    );
    assert!(rules[0]["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## Why is this bad?"));
    assert_eq!(rules[0]["help"]["text"], rules[0]["help"]["markdown"]);
    let levels: Vec<&Value> = rules
        .iter()
        .map(|rule| &rule["defaultConfiguration"]["level"])
        .collect();
    assert_eq!(levels, ["error", "warning", "note"]);

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    // Absolute paths sort first: a file URI without a base.
    let absolute = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(
        absolute["artifactLocation"]["uri"],
        "file:///srv/my%20project/abs.rs"
    );
    assert!(absolute["artifactLocation"].get("uriBaseId").is_none());
    let relative = &results[1]["locations"][0]["physicalLocation"];
    assert_eq!(relative["artifactLocation"]["uri"], "src/conn.rs");
    assert_eq!(relative["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let region = &relative["region"];
    assert_eq!(
        [
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ],
        [3, 17, 3, 45]
    );
    let multi = &results[4]["locations"][0]["physicalLocation"]["region"];
    assert_eq!([&multi["startLine"], &multi["endLine"]], [6, 7]);
    assert_eq!(results[5]["level"], "note");
    assert_eq!(results[5]["message"]["text"], ODD_MESSAGE);
}

fn fingerprints(log: &Value) -> Vec<String> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            result["partialFingerprints"][FINGERPRINT_KEY]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn sarif_fingerprints_survive_inserted_lines() {
    let before = sarif(&check(&[("src/conn.rs", CONN)]));
    let moved = format!(
        "// a new comment\n\n\n{}",
        CONN.replace("        let _ = (", "\n        let _ = (")
    );
    let after = sarif(&check(&[("src/conn.rs", &moved)]));
    let line = |log: &Value, index: usize| {
        log["runs"][0]["results"][index]["locations"][0]["physicalLocation"]["region"]["startLine"]
            .clone()
    };
    assert_eq!(line(&after, 0), 6);
    assert_eq!(line(&after, 2), 9);
    assert_eq!(fingerprints(&before), fingerprints(&after));

    // Identical findings in one file are told apart by their occurrence.
    let prints = fingerprints(&before);
    let (first, second) = (&prints[0], &prints[1]);
    assert_eq!(
        first.split_once(':').unwrap().0,
        second.split_once(':').unwrap().0
    );
    assert!(first.ends_with(":1") && second.ends_with(":2"));
    assert!(prints[2].ends_with(":1"));
    assert_eq!(
        prints.len(),
        prints
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len()
    );
}

#[test]
fn sarif_golden() {
    golden(
        "fixtures.sarif",
        &render(
            &SarifEmitter::new(metas()).with_version("0.0.0-test"),
            &fixtures(),
        ),
    );
}

// ---------------------------------------------------------------- GitHub

#[test]
fn github_escapes_data_and_properties() {
    assert_eq!(escape_data("a%b\rc\nd:e,f"), "a%25b%0Dc%0Ad:e,f");
    assert_eq!(escape_property("a%b\rc\nd:e,f"), "a%25b%0Dc%0Ad%3Ae%2Cf");
    // `%` first, so that the escapes themselves are not escaped again.
    assert_eq!(escape_data("%0A"), "%250A");

    let report = check(&[("src/we,ird:100%.rs", "fn f() {\n    x.poll_odd(cx);\n}\n")]);
    let output = render(&GithubEmitter::new(None), &report);
    assert_eq!(
        output,
        "::notice file=src/we%2Cird%3A100%25.rs,line=2,endLine=2,col=5,endColumn=18,title=pollcheck%3A odd_call::100%25 odd: a, b | c%0D%0Asecond line\n"
    );
}

#[test]
fn github_columns_only_on_one_line() {
    let output = render(&GithubEmitter::new(None), &check(&[("src/conn.rs", CONN)]));
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(
        lines[0],
        "::error file=src/conn.rs,line=3,endLine=3,col=17,endColumn=44,title=pollcheck%3A flush_call::the `Poll` of `poll_flush` is not looked at"
    );
    assert_eq!(
        lines[3],
        "::warning file=src/conn.rs,line=6,endLine=7,title=pollcheck%3A close_call::`poll_close` is called"
    );
    assert!(lines[4].starts_with("::notice file=src/conn.rs,line=8,endLine=8,col=9,"));
}

#[test]
fn github_cuts_each_level_at_ten_annotations() {
    let text = format!(
        "fn f() {{\n{}{}{}}}\n",
        "    a.poll_odd(cx);\n".repeat(11),
        "    a.poll_close(cx);\n".repeat(3),
        "    a.poll_flush(cx);\n".repeat(12),
    );
    let output = render(&GithubEmitter::new(None), &check(&[("src/many.rs", &text)]));
    let lines: Vec<&str> = output.lines().collect();
    let count = |prefix: &str| lines.iter().filter(|line| line.starts_with(prefix)).count();
    assert_eq!(count("::error "), ANNOTATIONS_PER_LEVEL);
    assert_eq!(count("::warning "), 3);
    // One notice place is kept for the notice about the cut.
    assert_eq!(count("::notice file="), ANNOTATIONS_PER_LEVEL - 1);
    // Errors come first, then warnings, then notices.
    assert!(lines[..10].iter().all(|line| line.starts_with("::error ")));
    assert!(lines[10..13]
        .iter()
        .all(|line| line.starts_with("::warning ")));
    assert_eq!(
        lines[22],
        "::notice title=pollcheck::4 more findings are not shown as annotations; see the step summary or run pollcheck locally"
    );
    assert_eq!(
        &lines[23..],
        [
            "src/many.rs:26:5: error[flush_call]: the `Poll` of `poll_flush` is not looked at",
            "src/many.rs:27:5: error[flush_call]: the `Poll` of `poll_flush` is not looked at",
            "src/many.rs:11:5: note[odd_call]: 100% odd: a, b | c second line",
            "src/many.rs:12:5: note[odd_call]: 100% odd: a, b | c second line",
        ]
    );

    // Ten of a level fit; with nothing cut there is no notice.
    let text = format!("fn f() {{\n{}}}\n", "    a.poll_odd(cx);\n".repeat(10));
    let output = render(&GithubEmitter::new(None), &check(&[("src/ten.rs", &text)]));
    assert_eq!(output.lines().count(), 10);
    assert!(output
        .lines()
        .all(|line| line.starts_with("::notice file=")));
}

#[test]
fn github_appends_to_the_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    fs::write(&summary, "## Earlier step\n\nkept text\n").unwrap();
    let report = fixtures();
    let emitter = GithubEmitter::new(Some(summary.clone()));
    render(&emitter, &report);
    let written = fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("## Earlier step\n\nkept text\n\n### pollcheck\n\n"),
        "{written}"
    );
    assert!(written.contains("6 findings in 2 files: 4 errors, 1 warning, 1 note.\n"));
    assert!(written.contains("| Level | Rule | Location | Message |\n| --- | --- | --- | --- |\n"));
    assert_eq!(
        written
            .lines()
            .filter(|line| line.starts_with("| error |"))
            .count(),
        4
    );
    assert!(written
        .contains("| note | odd_call | src/conn.rs:8:9 | 100% odd: a, b \\| c second line |\n"));

    // A second run appends again; a missing file is created.
    render(&emitter, &report);
    let twice = fs::read_to_string(&summary).unwrap();
    assert_eq!(twice.matches("### pollcheck").count(), 2);
    let fresh = dir.path().join("fresh.md");
    render(&GithubEmitter::new(Some(fresh.clone())), &Report::default());
    assert_eq!(
        fs::read_to_string(&fresh).unwrap(),
        "### pollcheck\n\nNo findings in 0 files.\n"
    );
}

#[test]
fn github_golden() {
    golden(
        "fixtures.github",
        &render(&GithubEmitter::new(None), &fixtures()),
    );
}
