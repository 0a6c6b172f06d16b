//! The crate-wide index of declared functions, used to tell whether a call
//! whose name says nothing (`self.write_out(cx)`) returns `Poll`.
//!
//! Every file contributes the signatures it declares during its one walk;
//! findings that depend on the index carry a [`Condition`] and are kept or
//! dropped once the whole crate has been read. Calls are matched by name and
//! number of arguments, not by type.

use std::collections::HashMap;

/// A function or method declared somewhere in the crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Its name.
    pub name: String,
    /// Number of parameters, not counting a `self` receiver.
    pub arguments: usize,
    /// Whether it takes `self` (so that `Type::name(x, …)` passes one more).
    pub has_receiver: bool,
    /// Whether its declared return type is `Poll<…>`.
    pub returns_poll: bool,
}

impl Signature {
    /// The signature of a syn function signature.
    pub fn of(sig: &syn::Signature) -> Self {
        let has_receiver = sig.receiver().is_some();
        Signature {
            name: sig.ident.to_string(),
            arguments: sig.inputs.len() - usize::from(has_receiver),
            has_receiver,
            returns_poll: crate::checker::return_kind(&sig.output).is_poll(),
        }
    }
}

/// A finding that stands only if the index agrees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// The finding says `name(…)` returns `Poll`. `by_name` records whether
    /// the name alone already says so (`poll_flush`): then the finding stands
    /// unless the crate declares the name only as something else; otherwise
    /// it stands only if the crate declares it, unambiguously, as `Poll`.
    ReturnsPoll {
        /// The called name.
        name: String,
        /// Arguments at the call, not counting a method call's receiver.
        arguments: usize,
        /// `receiver.name(…)` rather than `path::name(…)`.
        method_call: bool,
        /// Whether the name alone marks it as a write-side poll.
        by_name: bool,
    },
}

/// What the crate declares under a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Only `Poll`-returning declarations fit the call.
    Poll,
    /// Only other declarations fit the call.
    NotPoll,
    /// Both kinds fit: the call cannot be told apart without types.
    Ambiguous,
    /// Nothing in the crate fits the call.
    Unknown,
}

/// The declarations of one crate, by name.
#[derive(Debug, Default)]
pub struct PollIndex {
    by_name: HashMap<String, Vec<Signature>>,
}

impl PollIndex {
    /// An index of `signatures`.
    pub fn new(signatures: impl IntoIterator<Item = Signature>) -> Self {
        let mut by_name: HashMap<String, Vec<Signature>> = HashMap::new();
        for signature in signatures {
            by_name
                .entry(signature.name.clone())
                .or_default()
                .push(signature);
        }
        PollIndex { by_name }
    }

    /// What the crate declares that a call of `name` with `arguments`
    /// arguments could mean.
    pub fn verdict(&self, name: &str, arguments: usize, method_call: bool) -> Verdict {
        let Some(declared) = self.by_name.get(name) else {
            return Verdict::Unknown;
        };
        let fits = |signature: &&Signature| {
            if method_call {
                signature.has_receiver && signature.arguments == arguments
            } else {
                // `free(a, b)` or `Type::method(receiver, b)`.
                signature.arguments + usize::from(signature.has_receiver) == arguments
            }
        };
        let (mut poll, mut other) = (false, false);
        for signature in declared.iter().filter(fits) {
            if signature.returns_poll {
                poll = true;
            } else {
                other = true;
            }
        }
        match (poll, other) {
            (true, false) => Verdict::Poll,
            (false, true) => Verdict::NotPoll,
            (true, true) => Verdict::Ambiguous,
            (false, false) => Verdict::Unknown,
        }
    }

    /// Whether a finding with `condition` stands.
    pub fn satisfies(&self, condition: &Condition) -> bool {
        match condition {
            Condition::ReturnsPoll {
                name,
                arguments,
                method_call,
                by_name,
            } => match self.verdict(name, *arguments, *method_call) {
                Verdict::Poll => true,
                Verdict::NotPoll => false,
                Verdict::Ambiguous | Verdict::Unknown => *by_name,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(
        name: &str,
        arguments: usize,
        has_receiver: bool,
        returns_poll: bool,
    ) -> Signature {
        Signature {
            name: name.to_string(),
            arguments,
            has_receiver,
            returns_poll,
        }
    }

    #[test]
    fn calls_match_by_name_and_arity() {
        let index = PollIndex::new([
            signature("write_out", 1, true, true),
            signature("pump", 1, true, true),
            signature("pump", 1, true, false),
            signature("helper", 2, false, true),
        ]);
        assert_eq!(index.verdict("write_out", 1, true), Verdict::Poll);
        assert_eq!(index.verdict("write_out", 2, true), Verdict::Unknown);
        assert_eq!(index.verdict("write_out", 2, false), Verdict::Poll);
        assert_eq!(index.verdict("pump", 1, true), Verdict::Ambiguous);
        assert_eq!(index.verdict("helper", 2, false), Verdict::Poll);
        assert_eq!(index.verdict("helper", 2, true), Verdict::Unknown);
        assert_eq!(index.verdict("absent", 0, true), Verdict::Unknown);
    }

    #[test]
    fn a_name_that_says_poll_stands_unless_the_crate_says_otherwise() {
        let index = PollIndex::new([signature("poll_ping", 1, true, false)]);
        let condition = |name: &str, by_name| Condition::ReturnsPoll {
            name: name.to_string(),
            arguments: 1,
            method_call: true,
            by_name,
        };
        assert!(!index.satisfies(&condition("poll_ping", true)));
        assert!(index.satisfies(&condition("poll_flush", true)));
        assert!(!index.satisfies(&condition("pump", false)));
    }
}
