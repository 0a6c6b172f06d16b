//! The pollcheck engine.
//!
//! pollcheck finds Rust code that throws away a `Poll` (and with it
//! `Poll::Pending`) or an IO `Result` on write, flush and shutdown paths. This
//! crate holds everything but the rules themselves:
//!
//! - [`discover`]: which files to scan (`ignore`-based walking);
//! - [`parse`]: syn parsing that survives odd and partly broken files;
//! - [`checker`]: the one walk per file that hands nodes to the rules;
//! - [`model`]: the crate model: what each crate declares;
//! - [`diagnostic`]: findings with byte ranges, levels and suggestions;
//! - [`suppress`]: `// pollcheck: allow(…)` comments and `cfg_attr` attributes;
//! - [`engine`]: parallel scanning and the [`Report`];
//! - [`emit`]: rendering a report to any writer.
//!
//! The engine never prints; emitters write to the writer they are given.
#![deny(missing_docs)]

pub mod baseline;
pub mod changes;
pub mod checker;
pub mod config;
pub mod diagnostic;
pub mod discard;
pub mod discover;
pub mod emit;
pub mod engine;
pub mod error;
pub mod fingerprint;
pub mod fix;
pub mod interest;
mod lex;
pub mod model;
pub(crate) mod parse;
pub mod prefilter;
pub mod report;
pub mod rule;
pub mod source;
pub mod suppress;
pub mod value;
pub mod workspace;

pub use checker::{Checker, FileFacts, ReturnKind, Scope};
pub use diagnostic::{
    Applicability, Diagnostic, Edit, Finding, Level, SecondaryLabel, Suggestion, Violation,
};
pub use engine::{write_fix, Engine, FixPlan, UnknownRule, WriteError};
pub use error::ScanError;
pub use report::{FileResult, PackageLabel, Report};
pub use rule::{FixAvailability, Rule, RuleMeta};
pub use source::{LineColumn, SourceFile};
