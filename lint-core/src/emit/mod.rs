//! Rendering a [`Report`](crate::engine::Report). One emitter per output
//! format, all behind [`Emitter`], all writing to the writer they are handed.

use std::io;

use termcolor::WriteColor;

use crate::engine::Report;

mod human;
mod short;

pub use human::HumanEmitter;
pub use short::ShortEmitter;

/// Renders the findings of a report in one format.
pub trait Emitter {
    /// Writes every finding of `report` to `out`.
    fn emit(&self, report: &Report, out: &mut dyn WriteColor) -> io::Result<()>;
}

/// `1 error`, `2 warnings`.
pub(crate) fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}
