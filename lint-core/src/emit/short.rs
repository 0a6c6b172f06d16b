//! `PATH:LINE:COL: LEVEL[RULE]: MESSAGE`, one finding per line.

use std::io;

use termcolor::WriteColor;

use super::Emitter;
use crate::report::Report;

/// One line per finding, for editors, grep and humans in a hurry.
#[derive(Debug, Default, Clone, Copy)]
pub struct ShortEmitter;

impl Emitter for ShortEmitter {
    fn emit(&self, report: &Report, out: &mut dyn WriteColor) -> io::Result<()> {
        for (source, diagnostic) in report.diagnostics() {
            let position = source.line_column(diagnostic.range.start);
            writeln!(
                out,
                "{}:{}:{}: {}[{}]: {}",
                source.path().display(),
                position.line,
                position.column,
                diagnostic.level.as_output_str(),
                diagnostic.rule,
                diagnostic.message
            )?;
        }
        Ok(())
    }
}
