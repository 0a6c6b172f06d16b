//! The `unused_suppression` rule; its documentation is on [`UNUSED_SUPPRESSION`].
use lint_core::{declare_rule, FixAvailability, Level, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a suppression that silenced nothing: a
    /// `// pollcheck: allow(rule)` comment, an `allow-file` comment or a
    /// `#[cfg_attr(pollcheck, allow(rule))]` attribute whose rule found nothing
    /// where it reaches; one that names an unknown rule; an `allow-file`
    /// below the file's leading comments; and a `// pollcheck:` comment that
    /// cannot be read.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding on its line, and a
    /// misspelt one silences nothing while looking as if it did.
    ///
    /// ## Known problems
    /// Suppressions of a rule that is turned off (`--allow RULE`) are not
    /// judged, since that rule did not run.
    ///
    /// ## Example
    /// ```rust,ignore
    /// writer.flush()?; // pollcheck: allow(discarded_io_result)
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// writer.flush()?;
    /// ```
    pub UNUSED_SUPPRESSION = {
        name: "unused_suppression",
        summary: "a suppression comment or attribute silenced nothing",
        default_level: Level::Note,
        level_reason: "a stale suppression is untidy, not a bug: it is shown without failing the run (use `--warn unused_suppression` to enforce it)",
        fix: FixAvailability::None,
    }
}

/// See [`UNUSED_SUPPRESSION`]. The engine applies suppressions after every
/// rule ran and reports these itself; this type only carries the metadata.
pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &UNUSED_SUPPRESSION
    }
}
