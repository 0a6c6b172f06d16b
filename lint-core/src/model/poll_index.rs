//! Whether a call whose name says nothing (`self.write_out(cx)`) returns
//! `Poll`, answered from what the crate declares under that name.
//!
//! Findings that depend on it carry a [`Condition`] and are kept or dropped
//! once the crate model can answer for the whole crate. Calls are matched
//! by name and number of arguments, not by type.

use super::items::SignatureSummary;

/// A finding that stands only if the crate model agrees.
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
    /// The finding stands only if the rule that made it, asked with the
    /// crate model ([`crate::Rule::settle`]), agrees about the call of
    /// `method` on a receiver the walk could not resolve within the file.
    Receiver(ReceiverQuery),
    /// The finding stands only if the rule that made it agrees that the
    /// crate's own function `name`, called with `arguments` arguments,
    /// does what the rule says (an IO write its callers must not ignore).
    Effect {
        /// The called name.
        name: String,
        /// Arguments at the call, not counting a method call's receiver.
        arguments: usize,
        /// `receiver.name(…)` rather than `path::name(…)`.
        method_call: bool,
        /// The receiver's type, as far as the walk knows it.
        receiver: Option<ReceiverQuery>,
        /// The enclosing `impl`'s type, for `self.name(…)` and
        /// `Self::name(…)`.
        on_self: Option<String>,
        /// The arguments (by position, a method's receiver not counted)
        /// that are known to be no IO writer (standard error, a `Vec<u8>`):
        /// a helper that writes to the one it is given writes to that.
        exempt_arguments: Vec<usize>,
    },
}

/// What the walk knows of a call's receiver, for the crate model to finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiverQuery {
    /// The called method.
    pub method: String,
    /// The receiver's type as written (`ArrowWriter`, `Option<W>`), when
    /// the walk found it.
    pub ty: Option<String>,
    /// `(type, field)` when the receiver is the field `field` of a value of
    /// the type named `type` (`self.io` in an `impl` of `Conn`) that the
    /// file does not declare.
    pub field: Option<(String, String)>,
    /// The call's arguments as written, for rules that judge by them.
    pub arguments: usize,
    /// When the receiver is a local initialised by a call (`let w =
    /// conn.writer().unwrap();`): the called method, the type of its
    /// receiver when known, its number of arguments, and whether the
    /// initialiser takes an `Option` or `Result` apart (`?`, `.unwrap()`).
    pub returned_by: Option<ReturnedBy>,
}

/// The call a local is initialised with (one step through a declared
/// signature).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnedBy {
    /// The called function or method.
    pub function: String,
    /// The type of the method's receiver, when the walk knows it.
    pub receiver: Option<String>,
    /// Arguments at the call, a method's receiver not counted.
    pub arguments: usize,
    /// Whether it is a method call.
    pub method_call: bool,
    /// Whether `?`, `.unwrap()` or `.expect(…)` takes the value apart.
    pub unwrapped: bool,
}

/// What the crate declares under a name, for one call of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollDeclaration {
    /// Only `Poll`-returning declarations fit the call.
    Poll,
    /// Only other declarations fit the call.
    NotPoll,
    /// Both kinds fit: the call cannot be told apart without types.
    Ambiguous,
    /// Nothing in the crate fits the call.
    Unknown,
}

impl PollDeclaration {
    /// What `declared` (every declaration of the called name) say of a call
    /// with `arguments` arguments (a method call's receiver not counted).
    pub(crate) fn of<'s>(
        declared: impl IntoIterator<Item = &'s SignatureSummary>,
        arguments: usize,
        method_call: bool,
    ) -> Self {
        let fits = |signature: &SignatureSummary| signature.fits_call(arguments, method_call);
        let (mut poll, mut other) = (false, false);
        for signature in declared.into_iter().filter(|signature| fits(signature)) {
            if signature.returns.is_poll() {
                poll = true;
            } else {
                other = true;
            }
        }
        match (poll, other) {
            (true, false) => PollDeclaration::Poll,
            (false, true) => PollDeclaration::NotPoll,
            (true, true) => PollDeclaration::Ambiguous,
            (false, false) => PollDeclaration::Unknown,
        }
    }

    /// Whether a finding conditional on the call returning `Poll` stands,
    /// `by_name` telling whether the called name alone says it does.
    pub(crate) fn confirms(self, by_name: bool) -> bool {
        match self {
            PollDeclaration::Poll => true,
            PollDeclaration::NotPoll => false,
            PollDeclaration::Ambiguous | PollDeclaration::Unknown => by_name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::ReturnKind;

    fn signature(parameters: u16, has_receiver: bool, returns_poll: bool) -> SignatureSummary {
        SignatureSummary {
            parameters,
            has_receiver,
            returns: if returns_poll {
                ReturnKind::Poll { result: true }
            } else {
                ReturnKind::Unit
            },
            returns_usize: false,
            unit_payload: false,
            mentions_result: false,
        }
    }

    #[test]
    fn calls_match_by_arity_and_form() {
        let write_out = [signature(1, true, true)];
        assert_eq!(
            PollDeclaration::of(&write_out, 1, true),
            PollDeclaration::Poll
        );
        assert_eq!(
            PollDeclaration::of(&write_out, 2, true),
            PollDeclaration::Unknown
        );
        assert_eq!(
            PollDeclaration::of(&write_out, 2, false),
            PollDeclaration::Poll
        );
        let pump = [signature(1, true, true), signature(1, true, false)];
        assert_eq!(
            PollDeclaration::of(&pump, 1, true),
            PollDeclaration::Ambiguous
        );
        let helper = [signature(2, false, true)];
        assert_eq!(
            PollDeclaration::of(&helper, 2, false),
            PollDeclaration::Poll
        );
        assert_eq!(
            PollDeclaration::of(&helper, 2, true),
            PollDeclaration::Unknown
        );
        assert_eq!(PollDeclaration::of(&[], 0, true), PollDeclaration::Unknown);
    }

    #[test]
    fn a_name_that_says_poll_stands_unless_the_crate_says_otherwise() {
        let ping = [signature(1, true, false)];
        assert!(!PollDeclaration::of(&ping, 1, true).confirms(true));
        assert!(PollDeclaration::of(&[], 1, true).confirms(true));
        assert!(!PollDeclaration::of(&[], 1, true).confirms(false));
        assert!(PollDeclaration::of(&[signature(1, true, true)], 1, true).confirms(false));
    }
}
