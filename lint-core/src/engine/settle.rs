//! Settling one file's findings: conditional findings are kept or dropped
//! by the crate model, suppressions are applied (and unused ones reported),
//! and each finding gets its rule's configured level.

use crate::diagnostic::Level;
use crate::model::CrateModel;
use crate::report::FileResult;
use crate::suppress;

use super::files::Checked;
use super::Engine;

impl Engine<'_> {
    /// One file's findings once its crate's model is known.
    pub(super) fn settle(&self, checked: Checked, model: &CrateModel) -> Option<FileResult> {
        let source = checked.source?;
        let mut findings = checked.findings;
        findings.retain(|finding| {
            finding
                .condition
                .as_ref()
                .is_none_or(|condition| model.satisfies(condition))
        });
        let mut diagnostics = suppress::apply(&source, findings, checked.attributes, self);
        for diagnostic in &mut diagnostics {
            diagnostic.level = self
                .levels
                .get(diagnostic.rule)
                .copied()
                .unwrap_or(Level::Warn);
        }
        diagnostics.retain(|diagnostic| diagnostic.level != Level::Allow);
        diagnostics.sort_by(|a, b| {
            (a.range.start, a.rule, a.range.end).cmp(&(b.range.start, b.rule, b.range.end))
        });
        diagnostics.dedup_by(|a, b| a.range == b.range && a.rule == b.rule);
        (!diagnostics.is_empty()).then_some(FileResult {
            source,
            diagnostics,
            package: None,
            crate_key: 0,
        })
    }
}
