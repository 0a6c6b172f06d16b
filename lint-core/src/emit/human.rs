//! rustc-like output with source snippets, rendered by codespan-reporting,
//! and a summary line.

use std::io;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use termcolor::{ColorSpec, WriteColor};

use super::{plural, Emitter};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Level};
use crate::report::Report;

/// Snippets with labels and notes, then one summary line.
#[derive(Debug, Clone, Copy)]
pub struct HumanEmitter {
    /// Whether to end with the summary line (files, findings, time).
    pub summary: bool,
    /// Whether the summary shows the time taken (off for reproducible output).
    pub timing: bool,
}

impl Default for HumanEmitter {
    fn default() -> Self {
        HumanEmitter {
            summary: true,
            timing: true,
        }
    }
}

impl Emitter for HumanEmitter {
    fn emit(&self, report: &Report, out: &mut dyn WriteColor) -> io::Result<()> {
        let config = Config::default();
        let mut trimmed = TrimTrailing {
            inner: &mut *out,
            spaces: 0,
        };
        let mut explained = std::collections::HashSet::new();
        for file in &report.files {
            let name = file.source.path().display().to_string();
            let files = SimpleFile::new(name, file.source.text());
            for diagnostic in &file.diagnostics {
                let rendered = render(diagnostic, file.source.text(), &mut explained);
                term::emit_to_write_style(&mut trimmed, &config, &files, &rendered)
                    .map_err(into_io_error)?;
            }
        }
        if self.summary {
            self.write_summary(report, out)?;
        }
        Ok(())
    }
}

/// A writer that drops the spaces at the ends of lines (codespan pads the
/// label lines under a snippet): spaces are held back until something
/// other than a newline follows them. Colours pass straight through.
struct TrimTrailing<'w> {
    inner: &'w mut dyn WriteColor,
    spaces: usize,
}

impl io::Write for TrimTrailing<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut kept = Vec::with_capacity(buf.len());
        for &byte in buf {
            match byte {
                b' ' => self.spaces += 1,
                b'\n' => {
                    self.spaces = 0;
                    kept.push(byte);
                }
                _ => {
                    kept.resize(kept.len() + self.spaces, b' ');
                    self.spaces = 0;
                    kept.push(byte);
                }
            }
        }
        self.inner.write_all(&kept)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl WriteColor for TrimTrailing<'_> {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.inner.set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.inner.reset()
    }
}

/// codespan's error as the IO error it wraps, when it does: a closed pipe
/// must stay one, for the caller to exit quietly.
fn into_io_error(error: codespan_reporting::files::Error) -> io::Error {
    match error {
        codespan_reporting::files::Error::Io(error) => error,
        other => io::Error::other(other),
    }
}

impl HumanEmitter {
    fn write_summary(&self, report: &Report, out: &mut dyn WriteColor) -> io::Result<()> {
        let mut parts = Vec::new();
        for (level, word) in [
            (Level::Deny, "error"),
            (Level::Warn, "warning"),
            (Level::Note, "note"),
        ] {
            let count = report.count(level);
            if count > 0 {
                parts.push(plural(count, word));
            }
        }
        let findings = if parts.is_empty() {
            "no findings".to_string()
        } else {
            parts.join(", ")
        };
        let mut line = format!(
            "{}, {}",
            plural(report.files_scanned, "file"),
            plural(report.lines_scanned, "line")
        );
        if self.timing {
            line.push_str(&format!(" in {:.2?}", report.elapsed));
        }
        line.push_str(&format!(": {findings}"));
        if report.fixes_applied > 0 {
            line.push_str(&format!(
                " ({} applied)",
                plural(report.fixes_applied, "fix").replace("fixs", "fixes")
            ));
        }
        let (safe, unsafe_only) = report.fixable();
        match (safe, unsafe_only) {
            (0, 0) => {}
            (safe, 0) => line.push_str(&format!("; {safe} fixable with `--fix`")),
            (0, more) => line.push_str(&format!("; {more} fixable with `--fix --unsafe-fixes`")),
            (safe, more) => line.push_str(&format!(
                "; {safe} fixable with `--fix` ({more} more with `--unsafe-fixes`)"
            )),
        }
        if report.hidden_by_baseline > 0 {
            line.push_str(&format!(
                "; {} hidden by the baseline",
                plural(report.hidden_by_baseline, "finding")
            ));
        }
        if report.hidden_unchanged > 0 {
            line.push_str(&format!(
                "; {} outside the changed lines",
                plural(report.hidden_unchanged, "finding")
            ));
        }
        if !report.errors.is_empty() {
            line.push_str(&format!(
                "; {} reading or parsing (see above)",
                plural(report.errors.len(), "error")
            ));
        }
        out.set_color(ColorSpec::new().set_bold(true))?;
        write!(out, "pollcheck")?;
        out.reset()?;
        writeln!(out, ": {line}")
    }
}

/// Notes longer than this explain the rule rather than the finding, and
/// are printed once per rule in a run.
const LONG_NOTE: usize = 100;

/// The snippet of one finding. A long note already printed for the same
/// rule (`explained`) is left out.
fn render<'d>(
    diagnostic: &'d Diagnostic,
    text: &str,
    explained: &mut std::collections::HashSet<(&'static str, &'d str)>,
) -> Rendered<()> {
    let severity = match diagnostic.level {
        Level::Deny => Severity::Error,
        Level::Warn => Severity::Warning,
        Level::Note | Level::Allow => Severity::Note,
    };
    let mut primary = Label::primary((), diagnostic.range.clone());
    if let Some(label) = &diagnostic.label {
        primary = primary.with_message(label);
    }
    let mut labels = vec![primary];
    labels.extend(diagnostic.secondary.iter().map(|secondary| {
        Label::secondary((), secondary.range.clone()).with_message(&secondary.message)
    }));
    let mut notes: Vec<String> = diagnostic
        .notes
        .iter()
        .filter(|note| {
            note.chars().count() <= LONG_NOTE || explained.insert((diagnostic.rule, note.as_str()))
        })
        .map(|note| format!("note: {note}"))
        .collect();
    if let Some(suggestion) = &diagnostic.suggestion {
        let mut help = format!("help: {}", suggestion.message);
        if let Some(preview) = preview(text, &suggestion.edits) {
            help.push_str(&format!(": `{preview}`"));
        }
        if suggestion.applicability != Applicability::DisplayOnly {
            help.push_str(&format!(" ({} fix)", suggestion.applicability.as_str()));
        }
        notes.push(help);
    }
    Rendered::new(severity)
        .with_code(diagnostic.rule)
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// The lines an edit touches, with the edits applied and indentation
/// trimmed: what the code would read after the fix.
fn preview(text: &str, edits: &[Edit]) -> Option<String> {
    let start = edits.iter().map(|edit| edit.range.start).min()?;
    let end = edits.iter().map(|edit| edit.range.end).max()?;
    if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return None;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |newline| newline + 1);
    let mut line_end = text[end..]
        .find('\n')
        .map_or(text.len(), |newline| end + newline);
    // Leave out a comment after the edited code.
    if let Some(comment) = text[end..line_end].find("//") {
        line_end = end + comment;
    }
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| std::cmp::Reverse(edit.range.start));
    let mut snippet = text[line_start..line_end].to_string();
    for edit in sorted {
        let range = edit.range.start - line_start..edit.range.end - line_start;
        snippet.replace_range(range, &edit.replacement);
    }
    Some(snippet.trim().to_string())
}
