//! The pollcheck engine.
//!
//! pollcheck finds Rust code that throws away a `Poll` (and with it
//! `Poll::Pending`) or an IO `Result` on write, flush and shutdown paths. This
//! crate holds everything but the rules themselves. A scan runs in stages,
//! each with one owner ([`engine`] runs them):
//!
//! 1. [`workspace`] and [`discover`]: which files to scan, which crate each
//!    belongs to, the other files of a crate scanned only in part, and the
//!    manifests (read once);
//! 2. per file ([`engine`]'s `files` stage): read, [`prefilter`] (what of it
//!    can hold a finding, from the rules' [`interest`]s), parse (syn, with
//!    item-level recovery), and the one walk ([`checker`]) that works out
//!    what each thrown-away value is ([`discard`], [`value`]) and hands it,
//!    and the other nodes, to the rules;
//! 3. [`model`]: each crate's declarations (a byte lexer, lazily, with a
//!    cache on disk), which settles findings that depend on what the crate
//!    declares; a second pass over the files that mention a name the crate
//!    declares as returning `Poll`;
//! 4. settling: conditions, [`suppress`]ions, levels;
//! 5. the [`report`], rendered by [`emit`] to any writer;
//! 6. fixing ([`fix`], [`engine::FixPlan`]): planned from the report,
//!    re-checked after each round, written crash-safely.
//!
//! Findings ([`diagnostic`]) hold byte ranges; the engine never prints.
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
pub(crate) mod select;
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
pub use rule::{FixAvailability, Rule, RuleMeta, Settled};
pub use source::{LineColumn, SourceFile};
