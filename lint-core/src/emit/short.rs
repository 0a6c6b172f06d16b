//! `PATH:LINE:COL: LEVEL[RULE]: MESSAGE`, one finding per line.

use std::io;

use termcolor::WriteColor;

use super::Emitter;
use crate::diagnostic::Diagnostic;
use crate::report::Report;
use crate::source::SourceFile;

/// One line per finding, for editors, grep and humans in a hurry.
#[derive(Debug, Default, Clone, Copy)]
pub struct ShortEmitter;

impl Emitter for ShortEmitter {
    fn emit(&self, report: &Report, out: &mut dyn WriteColor) -> io::Result<()> {
        for (source, diagnostic) in report.diagnostics() {
            let path = source.path().display().to_string();
            writeln!(out, "{}", short_line(&path, source, diagnostic))?;
        }
        Ok(())
    }
}

/// The short format's line for `diagnostic` in `source`, with the file
/// shown as `path` (`pollcheck deps` shows it relative to its package).
pub fn short_line(path: &str, source: &SourceFile, diagnostic: &Diagnostic) -> String {
    let position = source.line_column(diagnostic.range.start);
    format!(
        "{path}:{}:{}: {}[{}]: {}",
        position.line,
        position.column,
        diagnostic.level.as_output_str(),
        diagnostic.rule,
        diagnostic.message
    )
}
