//! Settling one file's findings: conditional findings are kept or dropped
//! by the crate model, suppressions are applied (and unused ones reported),
//! and each finding gets its rule's configured level.

use crate::diagnostic::Finding;
use crate::diagnostic::Level;
use crate::model::{Condition, CrateModel};
use crate::report::FileResult;
use crate::rule::Settled;
use crate::suppress;

use super::files::Checked;
use super::Engine;

impl Engine<'_> {
    /// One file's findings once its crate's model is known.
    pub(super) fn settle(&self, checked: Checked, model: &CrateModel) -> Option<FileResult> {
        let source = checked.source?;
        let mut findings = checked.findings;
        findings.retain_mut(|finding| {
            let conditions = std::mem::take(&mut finding.conditions);
            conditions
                .iter()
                .all(|condition| self.holds(finding, condition, model))
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
            ready_import: None,
        })
    }

    /// Whether `condition` holds for `finding` (a note the rule adds on the
    /// way is added to it).
    fn holds(&self, finding: &mut Finding, condition: &Condition, model: &CrateModel) -> bool {
        if !model.satisfies(condition) {
            return false;
        }
        if !matches!(condition, Condition::Receiver(_) | Condition::Effect { .. }) {
            return true;
        }
        let Some(rule) = self
            .enabled
            .iter()
            .find(|rule| rule.meta().name == finding.rule())
        else {
            return true;
        };
        match rule.settle(condition, model) {
            Settled::Keep => true,
            Settled::KeepWithNote(note) => {
                finding.diagnostic.notes.push(note);
                true
            }
            Settled::Drop => false,
        }
    }
}
