//! Rendering a [`Report`]. One emitter per output
//! format, all behind [`Emitter`], all writing to the writer they are handed.

use std::io;

use termcolor::WriteColor;

use crate::report::Report;

mod github;
mod human;
mod json;
mod sarif;
mod short;

pub use github::{escape_data, escape_property, GithubEmitter, ANNOTATIONS_PER_LEVEL};
pub use human::HumanEmitter;
pub use json::JsonEmitter;
pub use sarif::{SarifEmitter, FINGERPRINT_KEY};
pub use short::{short_line, ShortEmitter};

/// Renders the findings of a report in one format.
pub trait Emitter {
    /// Writes every finding of `report` to `out`.
    fn emit(&self, report: &Report, out: &mut dyn WriteColor) -> io::Result<()>;
}

/// `1 error`, `2 warnings`.
pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}
