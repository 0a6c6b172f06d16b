//! Findings, their levels, and the suggestions attached to them.
//!
//! A [`Diagnostic`] holds byte ranges only; line and column are computed when
//! emitting, in whatever unit the output format wants.

use std::fmt;
use std::ops::Range;

use crate::rule::RuleMeta;

/// How seriously a finding is taken. `Deny` findings print as errors, `Warn`
/// as warnings; `Note` findings are shown but never fail a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The rule does not run (or its findings are dropped).
    Allow,
    /// Shown as a note; does not change the exit status.
    Note,
    /// Shown as a warning; fails the run.
    Warn,
    /// Shown as an error; fails the run.
    Deny,
}

impl Level {
    /// The word used in rendered output: `error`, `warning`, `note`.
    pub(crate) fn as_output_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Note => "note",
            Level::Warn => "warning",
            Level::Deny => "error",
        }
    }

    /// The word used on the command line and in documentation.
    pub fn as_setting_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Note => "note",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    /// Whether a finding at this level makes the run exit with status 1.
    pub(crate) fn fails_run(self) -> bool {
        matches!(self, Level::Warn | Level::Deny)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_setting_str())
    }
}

/// Whether a suggestion may be applied without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Keeps the meaning the author evidently wanted; `--fix` may apply it.
    Safe,
    /// Changes control flow or needs a judgement; only applied on request.
    Unsafe,
    /// Shown to the reader, never applied.
    DisplayOnly,
}

impl Applicability {
    /// Lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Replace the bytes in `range` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the original file.
    pub range: Range<usize>,
    /// The text that takes its place.
    pub replacement: String,
}

/// A proposed change attached to a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What the change does, in a few words ("flush before going on").
    pub message: String,
    /// Non-overlapping edits; empty for display-only advice.
    pub edits: Vec<Edit>,
    /// Whether `--fix` may apply it.
    pub applicability: Applicability,
}

/// A secondary location with a short explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondaryLabel {
    /// Byte range in the file.
    pub range: Range<usize>,
    /// Text shown under the range.
    pub message: String,
}

/// One finding in one file, as reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's name, e.g. `discarded_poll`.
    pub rule: &'static str,
    /// Set by the engine from the configured level of the rule.
    pub level: Level,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The primary byte range: the discarded call.
    pub range: Range<usize>,
    /// Text shown under the primary range.
    pub label: Option<String>,
    /// Further locations that explain the finding.
    pub secondary: Vec<SecondaryLabel>,
    /// Explanations shown after the snippet.
    pub notes: Vec<String>,
    /// A proposed fix, if there is one.
    pub suggestion: Option<Suggestion>,
}

impl Diagnostic {
    /// A finding of `rule` at `range` (for the engine's own reports, and for
    /// reports rebuilt from a cache); the engine fills in the level. Rules
    /// report [`Finding`]s, made from their [`Violation`]s.
    pub fn new(rule: &'static str, message: impl Into<String>, range: Range<usize>) -> Self {
        Diagnostic {
            rule,
            level: Level::Warn,
            message: message.into(),
            range,
            label: None,
            secondary: Vec::new(),
            notes: Vec::new(),
            suggestion: None,
        }
    }

    /// Adds the label shown under the primary range.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Attaches a suggestion.
    pub fn with_suggestion(mut self, suggestion: Suggestion) -> Self {
        self.suggestion = Some(suggestion);
        self
    }
}

/// What a rule finds wrong, typed per rule: each rule's module declares
/// its own violations, which name that rule, and the walk refuses a
/// finding whose rule is not the one it handed the node to.
pub trait Violation {
    /// The rule the violation is of.
    fn rule(&self) -> &'static RuleMeta;
    /// One sentence saying what is wrong.
    fn message(&self) -> String;
}

/// A finding as a rule reports it: the [`Diagnostic`] to show, and what the
/// engine needs to settle it (none of which is shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub(crate) diagnostic: Diagnostic,
    /// What must hold for the finding to stand, settled by the engine once
    /// the crate model can answer (all of them).
    pub(crate) conditions: Vec<crate::model::Condition>,
    /// The statement holding the finding, when it starts on an earlier line:
    /// a suppression comment on any of its lines reaches the finding.
    pub(crate) statement: Option<Range<usize>>,
    /// Whether the finding is inside a macro invocation's tokens (its fix is
    /// then never applied without `--unsafe-fixes`).
    pub(crate) in_macro: bool,
}

impl Finding {
    /// A finding of `violation` at `range`.
    pub fn new(violation: impl Violation, range: Range<usize>) -> Self {
        Finding {
            diagnostic: Diagnostic::new(violation.rule().name, violation.message(), range),
            conditions: Vec::new(),
            statement: None,
            in_macro: false,
        }
    }

    /// The rule it is of.
    pub fn rule(&self) -> &'static str {
        self.diagnostic.rule
    }

    /// Its primary byte range.
    pub fn range(&self) -> Range<usize> {
        self.diagnostic.range.clone()
    }

    /// Records the statement holding the finding (for suppressions written
    /// on its first line).
    pub fn with_statement(mut self, statement: Range<usize>) -> Self {
        self.statement = Some(statement);
        self
    }

    /// Makes the finding depend on the crate model.
    pub fn with_condition(mut self, condition: crate::model::Condition) -> Self {
        self.conditions.push(condition);
        self
    }

    /// Adds the label shown under the primary range.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.diagnostic.label = Some(label.into());
        self
    }

    /// Adds a secondary location.
    pub fn with_secondary(mut self, range: Range<usize>, message: impl Into<String>) -> Self {
        self.diagnostic.secondary.push(SecondaryLabel {
            range,
            message: message.into(),
        });
        self
    }

    /// Adds a note shown after the snippet.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.diagnostic.notes.push(note.into());
        self
    }

    /// Attaches a suggestion.
    pub fn with_suggestion(mut self, suggestion: Suggestion) -> Self {
        self.diagnostic.suggestion = Some(suggestion);
        self
    }

    /// The diagnostic to show: a safe fix out of a macro invocation becomes
    /// unsafe (the invocation may not mean what its tokens look like).
    pub(crate) fn into_diagnostic(self) -> Diagnostic {
        let mut diagnostic = self.diagnostic;
        if self.in_macro {
            if let Some(suggestion) = &mut diagnostic.suggestion {
                if suggestion.applicability == Applicability::Safe {
                    suggestion.applicability = Applicability::Unsafe;
                }
            }
        }
        diagnostic
    }
}
