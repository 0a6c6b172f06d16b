//! rustc's JSON diagnostics (`rustc --error-format=json`), one object per
//! line, so that tools that read rustc's output (rust-analyzer's
//! `check.overrideCommand`, cargo-based CI annotators) show the findings and
//! offer their fixes.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;
use std::ops::Range;

use serde::Serialize;
use termcolor::WriteColor;

use super::Emitter;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Level};
use crate::report::Report;
use crate::rule::{docs_markdown, RuleMeta};
use crate::source::SourceFile;

/// One rustc-compatible JSON diagnostic per finding, one per line.
#[derive(Debug, Clone, Default)]
pub struct JsonEmitter {
    /// Each rule's Markdown documentation, by rule name, for `code.explanation`.
    explanations: HashMap<&'static str, String>,
}

impl JsonEmitter {
    /// An emitter that explains findings of `rules` with their documentation
    /// (findings of other rules get a `null` explanation).
    pub fn new(rules: impl IntoIterator<Item = &'static RuleMeta>) -> Self {
        let explanations = rules
            .into_iter()
            .map(|meta| (meta.name, docs_markdown(meta)))
            .collect();
        JsonEmitter { explanations }
    }
}

impl Emitter for JsonEmitter {
    fn emit(&self, report: &Report, out: &mut dyn WriteColor) -> io::Result<()> {
        for (file, diagnostic) in report.findings() {
            let mut json = self.convert(&file.source, diagnostic, file.ready_import.as_ref());
            json.package = file.package.as_ref().map(|package| JsonPackage {
                name: &package.name,
                version: &package.version,
            });
            serde_json::to_writer(&mut *out, &json)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// rustc's `Diagnostic`; children leave out `$message_type`.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    #[serde(rename = "$message_type", skip_serializing_if = "Option::is_none")]
    message_type: Option<&'static str>,
    message: &'a str,
    code: Option<JsonCode<'a>>,
    level: &'static str,
    spans: Vec<JsonSpan<'a>>,
    children: Vec<JsonDiagnostic<'a>>,
    rendered: Option<String>,
    /// In a dependency audit: the crate the finding is in (an extra field;
    /// readers of rustc's format ignore it).
    #[serde(skip_serializing_if = "Option::is_none")]
    package: Option<JsonPackage<'a>>,
}

/// The crate a finding of `pollcheck deps` is in.
#[derive(Serialize)]
struct JsonPackage<'a> {
    name: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonCode<'a> {
    code: String,
    explanation: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSpan<'a> {
    file_name: String,
    byte_start: usize,
    byte_end: usize,
    line_start: usize,
    line_end: usize,
    column_start: usize,
    column_end: usize,
    is_primary: bool,
    text: Vec<JsonSpanLine<'a>>,
    label: Option<&'a str>,
    suggested_replacement: Option<&'a str>,
    suggestion_applicability: Option<&'static str>,
    expansion: Option<()>,
}

#[derive(Serialize)]
struct JsonSpanLine<'a> {
    text: &'a str,
    highlight_start: usize,
    highlight_end: usize,
}

impl JsonEmitter {
    /// `ready_import` is the file's import of the `ready` macro, added to a
    /// suggestion that brings `ready!` in, so that applying the suggestion
    /// alone compiles.
    fn convert<'a>(
        &'a self,
        source: &'a SourceFile,
        diagnostic: &'a Diagnostic,
        ready_import: Option<&'a Edit>,
    ) -> JsonDiagnostic<'a> {
        let mut spans = vec![span(
            source,
            &diagnostic.range,
            true,
            diagnostic.label.as_deref(),
        )];
        spans.extend(
            diagnostic
                .secondary
                .iter()
                .map(|secondary| span(source, &secondary.range, false, Some(&secondary.message))),
        );
        let mut children: Vec<JsonDiagnostic<'a>> = diagnostic
            .notes
            .iter()
            .map(|note| child(note, "note", Vec::new()))
            .collect();
        if let Some(suggestion) = &diagnostic.suggestion {
            let applicability = match suggestion.applicability {
                // A fix inside a macro's tokens is never applied unasked.
                Applicability::Safe => Some("MachineApplicable"),
                Applicability::Unsafe => Some("MaybeIncorrect"),
                Applicability::DisplayOnly => None,
            };
            let needs_import = suggestion
                .edits
                .iter()
                .any(|edit| crate::fix::calls_bare_ready(&edit.replacement));
            let import = ready_import.filter(|_| needs_import);
            let edits = match applicability {
                Some(applicability) => import
                    .into_iter()
                    .chain(&suggestion.edits)
                    .map(|edit| JsonSpan {
                        suggested_replacement: Some(&edit.replacement),
                        suggestion_applicability: Some(applicability),
                        ..span(source, &edit.range, true, None)
                    })
                    .collect(),
                None => Vec::new(),
            };
            children.push(child(&suggestion.message, "help", edits));
        }
        JsonDiagnostic {
            message_type: Some("diagnostic"),
            message: &diagnostic.message,
            code: Some(JsonCode {
                code: format!("pollcheck::{}", diagnostic.rule),
                explanation: self.explanations.get(diagnostic.rule).map(String::as_str),
            }),
            level: level_word(diagnostic.level),
            spans,
            children,
            rendered: Some(rendered(source, diagnostic)),
            package: None,
        }
    }
}

fn child<'a>(
    message: &'a str,
    level: &'static str,
    spans: Vec<JsonSpan<'a>>,
) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        message_type: None,
        message,
        code: None,
        level,
        spans,
        children: Vec::new(),
        rendered: None,
        package: None,
    }
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Note | Level::Allow => "note",
    }
}

/// A span over `range` with the text of every line it touches; columns are
/// 1-based characters and the end column is exclusive, as in rustc.
fn span<'a>(
    source: &'a SourceFile,
    range: &Range<usize>,
    is_primary: bool,
    label: Option<&'a str>,
) -> JsonSpan<'a> {
    let start = source.line_column(range.start);
    let end = source.line_column(range.end.max(range.start));
    let text = (start.line..=end.line)
        .map(|line| {
            let line_text = line_text(source, line - 1);
            let highlight_start = if line == start.line { start.column } else { 1 };
            let highlight_end = if line == end.line {
                end.column
            } else {
                line_text.chars().count() + 1
            };
            JsonSpanLine {
                text: line_text,
                highlight_start,
                highlight_end,
            }
        })
        .collect();
    JsonSpan {
        file_name: source.path().display().to_string(),
        byte_start: range.start,
        byte_end: range.end,
        line_start: start.line,
        line_end: end.line,
        column_start: start.column,
        column_end: end.column,
        is_primary,
        text,
        label,
        suggested_replacement: None,
        suggestion_applicability: None,
        expansion: None,
    }
}

/// The text of 0-based line `index` without its line ending (and without a
/// byte-order mark, which is no column either).
fn line_text(source: &SourceFile, index: usize) -> &str {
    let text = &source.text()[source.line_range(index)];
    if index == 0 {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    }
}

/// A compact human rendering: the heading, the location, notes and help.
fn rendered(source: &SourceFile, diagnostic: &Diagnostic) -> String {
    let position = source.line_column(diagnostic.range.start);
    let mut text = format!(
        "{}[{}]: {}\n  --> {}:{}:{}\n",
        level_word(diagnostic.level),
        diagnostic.rule,
        diagnostic.message,
        source.path().display(),
        position.line,
        position.column
    );
    for note in &diagnostic.notes {
        let _ = writeln!(text, "  = note: {note}");
    }
    if let Some(suggestion) = &diagnostic.suggestion {
        let _ = writeln!(text, "  = help: {}", suggestion.message);
    }
    text
}
