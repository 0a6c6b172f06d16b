//! The pollcheck rules, one file each, and [`RULES`], the registry of all of
//! them. Each rule's documentation is its metadata's doc comment, in Clippy's
//! sections; `pollcheck explain RULE` prints it.
#![deny(missing_docs)]

use lint_core::Rule;

mod calls;
pub mod close_ignores_flush_error;
pub mod discarded_io_result;
pub mod discarded_poll;
mod effects;
mod fixes;
pub mod flush_closes_stream;
mod messages;
pub mod pending_lost_on_return;
pub mod pending_turned_ready;
mod self_paths;
pub mod short_write_not_advanced;
pub mod shutdown_without_flush;
pub mod swallowed_pending;
pub mod unused_suppression;
pub mod unused_write_amount;
mod writers;

pub use close_ignores_flush_error::CloseIgnoresFlushError;
pub use discarded_io_result::DiscardedIoResult;
pub use discarded_poll::DiscardedPoll;
pub use flush_closes_stream::FlushClosesStream;
pub use pending_lost_on_return::PendingLostOnReturn;
pub use pending_turned_ready::PendingTurnedReady;
pub use short_write_not_advanced::ShortWriteNotAdvanced;
pub use shutdown_without_flush::ShutdownWithoutFlush;
pub use swallowed_pending::SwallowedPending;
pub use unused_suppression::UnusedSuppression;
pub use unused_write_amount::UnusedWriteAmount;

/// Every rule, in the order `pollcheck rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &DiscardedPoll,
    &DiscardedIoResult,
    &UnusedWriteAmount,
    &ShutdownWithoutFlush,
    &SwallowedPending,
    &PendingTurnedReady,
    &PendingLostOnReturn,
    &CloseIgnoresFlushError,
    &ShortWriteNotAdvanced,
    &FlushClosesStream,
    &UnusedSuppression,
];

/// The rule called `name`.
pub fn by_name(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|rule| rule.meta().name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_match_the_engine() {
        let mut names: Vec<&str> = RULES.iter().map(|rule| rule.meta().name).collect();
        for name in &names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name} is not snake_case"
            );
        }
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "duplicate rule names");
        assert!(by_name(lint_core::suppress::UNUSED_SUPPRESSION).is_some());
    }

    #[test]
    fn every_rule_is_documented_in_all_sections() {
        for rule in RULES {
            let meta = rule.meta();
            let docs = lint_core::rule::docs_markdown(meta);
            let mut position = 0;
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Known problems",
                "## Example",
                "## Use instead",
            ] {
                let found = docs[position..]
                    .find(section)
                    .unwrap_or_else(|| panic!("{}: missing or misplaced `{section}`", meta.name));
                position += found + section.len();
                let body = docs[position..].split("\n## ").next().unwrap_or("");
                assert!(
                    body.trim().len() > 20,
                    "{}: section `{section}` is nearly empty",
                    meta.name
                );
            }
            assert!(!meta.summary.is_empty() && !meta.summary.contains('\n'));
            assert!(!meta.level_reason.is_empty());
        }
    }
}
