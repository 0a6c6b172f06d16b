//! GitHub Actions workflow commands (`::error file=…::message`), which the
//! runner turns into annotations on the pull request, plus an optional
//! Markdown table appended to the step summary.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::PathBuf;

use termcolor::WriteColor;

use super::{plural, Emitter};
use crate::diagnostic::{Diagnostic, Level};
use crate::report::Report;
use crate::source::SourceFile;

/// How many annotations of one level GitHub shows per step; it drops the rest.
pub const ANNOTATIONS_PER_LEVEL: usize = 10;

/// Errors, warnings and notices as workflow commands, at most
/// [`ANNOTATIONS_PER_LEVEL`] of each; the rest as plain log lines.
#[derive(Debug, Clone, Default)]
pub struct GithubEmitter {
    /// The file named by `$GITHUB_STEP_SUMMARY`, to append a table of every
    /// finding to.
    step_summary: Option<PathBuf>,
}

impl GithubEmitter {
    /// An emitter that also appends a summary to `step_summary` when given.
    pub fn new(step_summary: Option<PathBuf>) -> Self {
        GithubEmitter { step_summary }
    }
}

type Finding<'r> = (&'r SourceFile, &'r Diagnostic);

impl Emitter for GithubEmitter {
    fn emit(&self, report: &Report, out: &mut dyn WriteColor) -> io::Result<()> {
        let levels = [Level::Deny, Level::Warn, Level::Note];
        let by_level: Vec<Vec<Finding<'_>>> = levels
            .iter()
            .map(|&level| {
                report
                    .diagnostics()
                    .filter(|(_, diagnostic)| diagnostic.level == level)
                    .collect()
            })
            .collect();
        let cut = by_level
            .iter()
            .any(|findings| findings.len() > ANNOTATIONS_PER_LEVEL);
        let mut hidden: Vec<Finding<'_>> = Vec::new();
        for (level, findings) in levels.iter().zip(&by_level) {
            let mut limit = ANNOTATIONS_PER_LEVEL;
            // The notice about the cut is a notice too: keep a place for it.
            if cut && *level == Level::Note {
                limit -= 1;
            }
            for (index, finding) in findings.iter().enumerate() {
                if index < limit {
                    write_annotation(out, *finding)?;
                } else {
                    hidden.push(*finding);
                }
            }
        }
        if !hidden.is_empty() {
            writeln!(
                out,
                "::notice title=pollcheck::{} not shown as annotations; see the step summary or run pollcheck locally",
                if hidden.len() == 1 {
                    "1 more finding is".to_string()
                } else {
                    format!("{} more findings are", hidden.len())
                }
            )?;
            for (source, diagnostic) in hidden {
                let position = source.line_column(diagnostic.range.start);
                writeln!(
                    out,
                    "{}:{}:{}: {}[{}]: {}",
                    one_line(&path_string(source)),
                    position.line,
                    position.column,
                    diagnostic.level.as_output_str(),
                    diagnostic.rule,
                    one_line(&diagnostic.message)
                )?;
            }
        }
        if let Some(path) = &self.step_summary {
            let mut file = OpenOptions::new().create(true).append(true).open(path)?;
            let separate = file.metadata()?.len() > 0;
            file.write_all(summary(report, separate).as_bytes())?;
        }
        Ok(())
    }
}

/// `::error file=…,line=…,endLine=…[,col=…,endColumn=…],title=…::message`.
fn write_annotation(out: &mut dyn WriteColor, (source, diagnostic): Finding<'_>) -> io::Result<()> {
    let command = match diagnostic.level {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Note | Level::Allow => "notice",
    };
    let start = source.line_column(diagnostic.range.start);
    let end = source.line_column(diagnostic.range.end.max(diagnostic.range.start));
    let mut properties = vec![
        ("file", path_string(source)),
        ("line", start.line.to_string()),
        ("endLine", end.line.to_string()),
    ];
    // Columns only for a finding on one line; `endColumn` is the column of
    // its last character.
    if start.line == end.line {
        let last = end.column.saturating_sub(1).max(start.column);
        properties.push(("col", start.column.to_string()));
        properties.push(("endColumn", last.to_string()));
    }
    properties.push(("title", format!("pollcheck: {}", diagnostic.rule)));
    let properties: Vec<String> = properties
        .into_iter()
        .map(|(name, value)| format!("{name}={}", escape_property(&value)))
        .collect();
    writeln!(
        out,
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&diagnostic.message)
    )
}

/// The Markdown section for the step summary: heading, count and a table of
/// every finding.
fn summary(report: &Report, separate: bool) -> String {
    let mut text = String::new();
    if separate {
        text.push('\n');
    }
    text.push_str("### pollcheck\n\n");
    let parts: Vec<String> = [
        (Level::Deny, "error"),
        (Level::Warn, "warning"),
        (Level::Note, "note"),
    ]
    .into_iter()
    .map(|(level, word)| plural(report.count(level), word))
    .collect();
    let total = report.diagnostics().count();
    if total == 0 {
        text.push_str(&format!(
            "No findings in {}.\n",
            plural(report.files_scanned, "file")
        ));
        return text;
    }
    text.push_str(&format!(
        "{} in {}: {}.\n\n",
        plural(total, "finding"),
        plural(report.files_scanned, "file"),
        parts.join(", ")
    ));
    text.push_str("| Level | Rule | Location | Message |\n| --- | --- | --- | --- |\n");
    for (source, diagnostic) in report.diagnostics() {
        let position = source.line_column(diagnostic.range.start);
        let location = format!(
            "{}:{}:{}",
            path_string(source),
            position.line,
            position.column
        );
        text.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            diagnostic.level.as_output_str(),
            escape_cell(diagnostic.rule),
            escape_cell(&location),
            escape_cell(&diagnostic.message)
        ));
    }
    text
}

fn path_string(source: &SourceFile) -> String {
    source.path().to_string_lossy().replace('\\', "/")
}

/// Escapes a command's message: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value: as [`escape_data`], plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A table cell: `|` escaped, line breaks folded.
fn escape_cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

/// Line breaks as spaces, so that a log line cannot start a command.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ")
}
