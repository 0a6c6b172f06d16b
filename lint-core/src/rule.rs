//! What a rule is: its metadata and the node kinds it wants to see.

use crate::checker::Checker;
use crate::diagnostic::Level;
use crate::discard::Discard;
use crate::interest::Interests;
use crate::model::{Condition, CrateModel};
use crate::value::Value;
use syn::{Expr, Stmt};

/// Whether a rule can propose a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    /// No fix is ever proposed.
    None,
    /// Some findings carry a fix.
    Sometimes,
    /// Every finding carries a fix.
    Always,
}

impl FixAvailability {
    /// Short text for `pollcheck rules`.
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "no",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "yes",
        }
    }
}

/// The fixed facts about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// snake_case name describing the flagged pattern (`discarded_poll`).
    pub name: &'static str,
    /// One line saying what the rule finds.
    pub summary: &'static str,
    /// Level used when nothing configures the rule.
    pub default_level: Level,
    /// Why that level was chosen.
    pub level_reason: &'static str,
    /// Whether findings carry fixes.
    pub fix: FixAvailability,
    /// The rule's documentation, in Clippy's sections.
    pub docs: &'static str,
}

/// A lint rule. The engine walks each file once: at every place a value is
/// thrown away it works out, once, what the value is, and hands it to the
/// rules whose [`Interests`] judge it ([`Rule::check_discard`]); it calls
/// the other hooks at every statement, expression and `impl` block. A rule
/// looks around the node it is handed and reports through the [`Checker`],
/// never walking the whole tree itself.
pub trait Rule: Sync + Send {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;

    /// What the rule looks at: the engine builds the pre-filter, the filter
    /// of macro bodies, the dispatch of thrown-away values and the Clippy
    /// equivalents from the interests of the rules that run.
    fn interests(&self) -> Interests {
        Interests::NONE
    }

    /// Called where a value the rule's interests judge is thrown away.
    fn check_discard(
        &self,
        _checker: &mut Checker<'_, '_>,
        _discard: &Discard<'_>,
        _value: &Value<'_>,
    ) {
    }

    /// Called for each statement of each block, with the statements after it.
    fn check_stmt(&self, _checker: &mut Checker<'_, '_>, _stmt: &Stmt, _following: &[Stmt]) {}

    /// Called for each expression.
    fn check_expr(&self, _checker: &mut Checker<'_, '_>, _expr: &Expr) {}

    /// Called for each `impl` block, before its items are walked.
    fn check_item_impl(&self, _checker: &mut Checker<'_, '_>, _item: &syn::ItemImpl) {}

    /// Settles a condition the rule put on one of its findings
    /// ([`Condition::Receiver`], [`Condition::Effect`]) with the model of
    /// the finding's crate. The default keeps the finding.
    fn settle(&self, _condition: &Condition, _model: &CrateModel) -> Settled {
        Settled::Keep
    }
}

/// What settling a condition decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// The finding stands.
    Keep,
    /// The finding stands, with this note added.
    KeepWithNote(String),
    /// The finding is dropped.
    Drop,
}

impl Settled {
    /// [`Settled::Keep`] when `keep`, else [`Settled::Drop`].
    pub fn keep_if(keep: bool) -> Self {
        if keep {
            Settled::Keep
        } else {
            Settled::Drop
        }
    }
}

/// Declares a rule's documentation once, as both the doc comment of its
/// metadata constant and the text `pollcheck explain` prints.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub DISCARDED_POLL: RuleMeta = {
///         name: "discarded_poll",
///         summary: "...",
///         default_level: Level::Deny,
///         level_reason: "...",
///         fix: FixAvailability::Sometimes,
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis $constant:ident = {
            name: $name:literal,
            summary: $summary:literal,
            default_level: $level:expr,
            level_reason: $reason:literal,
            fix: $fix:expr $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $constant: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
            name: $name,
            summary: $summary,
            default_level: $level,
            level_reason: $reason,
            fix: $fix,
            docs: concat!($($doc, "\n"),*),
        };
    };
}

/// The documentation of a rule as plain Markdown: the one leading space that
/// `///` comments carry is removed from every line.
pub fn docs_markdown(meta: &RuleMeta) -> String {
    let mut out = String::with_capacity(meta.docs.len());
    for line in meta.docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}

/// A rule name as a user may write it, in the spelling rules have:
/// `discarded-poll` is `discarded_poll` (as Clippy accepts both), and case
/// does not count (`ALL`, as ruff writes it, is `all`).
pub fn canonical_rule_name(name: &str) -> String {
    name.trim().replace('-', "_").to_ascii_lowercase()
}

/// The name of `known` closest to `name`, when one is within two edits
/// (or `name` is a prefix of exactly one), for a "did you mean" hint.
pub fn closest_rule_name<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let name = canonical_rule_name(name);
    let mut prefixed = known
        .iter()
        .filter(|known| known.starts_with(name.as_str()));
    if let (Some(only), None) = (prefixed.next(), prefixed.next()) {
        if !name.is_empty() {
            return Some(only);
        }
    }
    known
        .iter()
        .map(|known| (strsim::levenshtein(&name, known), *known))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, known)| known)
}

/// " (did you mean `x`?)" for `name` among `known`, or nothing.
pub fn did_you_mean(name: &str, known: &[&str]) -> String {
    closest_rule_name(name, known)
        .map(|close| format!(" (did you mean `{close}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod name_tests {
    use super::*;

    const KNOWN: &[&str] = &["discarded_io_result", "discarded_poll", "swallowed_pending"];

    #[test]
    fn hyphens_are_underscores_and_near_misses_get_a_suggestion() {
        assert_eq!(canonical_rule_name(" discarded-poll "), "discarded_poll");
        assert_eq!(canonical_rule_name("ALL"), "all");
        assert_eq!(canonical_rule_name("Discarded_Poll"), "discarded_poll");
        assert_eq!(
            closest_rule_name("discarded_pol", KNOWN),
            Some("discarded_poll")
        );
        assert_eq!(
            closest_rule_name("swallowed", KNOWN),
            Some("swallowed_pending")
        );
        assert_eq!(
            closest_rule_name("discarded", KNOWN),
            None,
            "a prefix of two"
        );
        assert_eq!(closest_rule_name("nope", KNOWN), None);
        assert_eq!(
            did_you_mean("discarded-pol", KNOWN),
            " (did you mean `discarded_poll`?)"
        );
        assert_eq!(did_you_mean("nope", KNOWN), "");
    }
}
