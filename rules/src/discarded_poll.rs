//! The `discarded_poll` rule; its documentation is on [`DISCARDED_POLL`].
use lint_core::discard::Discard;
use lint_core::interest::{Calls, Interests, Names, Position, Returns, Setting, Shape};
use lint_core::model::items::SignatureSummary;
use lint_core::model::{Condition, CrateModel};
use lint_core::value::{CallForm, Value};
use lint_core::{
    declare_rule, Checker, Finding, FixAvailability, Level, ReturnKind, Rule, RuleMeta, Scope,
    Settled, Violation,
};

use crate::calls;
use crate::effects;
use crate::fixes::ready_suggestion;
use crate::messages::{operation_word, with_form_label};
use crate::writers::{
    declared_for_receiver, is_a_service, receiver_query, resolve_receiver, written_to, Resolved,
    WriterKind,
};

declare_rule! {
    /// ## What it does
    /// Finds a `Poll` from a write-side poll method (`poll_write`,
    /// `poll_flush`, `poll_shutdown`, `poll_close`, `poll_ready`, or another
    /// `poll_*` that is not a read, receive or timer poll; one the crate
    /// declares counts only if its body drives a write-side poll, directly
    /// or through the crate's own functions) that is thrown away: by `let _ =`, `let _: T =`, `_ =`, `drop(…)` or a `_name`
    /// binding that is never read, with or without a `?` and through
    /// `.map(…)`, `.map_err(…)` and `.map_ok(…)`. A bare statement
    /// (`x.poll_flush(cx)?;`) is left to rustc, whose `unused_must_use`
    /// warns about any `Poll` a statement throws away.
    ///
    /// ## Why is this bad?
    /// `Poll::Pending` means the operation has not finished and the task will
    /// be woken when it can go on. Throwing the `Poll` away makes the code go
    /// on as if the write, flush or shutdown had completed. A `?` does not
    /// help: on a `Poll<Result<T, E>>` it returns early only on an error and
    /// yields a `Poll<T>`, so `Pending` passes through it and is then dropped.
    /// hyper's HTTP/1 dispatcher had exactly `let _ = self.poll_flush(cx)?;`:
    /// the connection was shut down with data still in its write buffer, and
    /// responses were truncated under a `200` with the right length.
    ///
    /// ## Known problems
    /// `poll_ready` of a service (a receiver whose type is named
    /// `…Service` or bounded by `Service`) asks whether it can take a
    /// request and is not reported; a `Sink`'s is. A `poll_flush`,
    /// `poll_ready` (…) that the receiver's type declares in the crate is
    /// judged by its declaration: one returning `Poll<()>` (a waiter's, a
    /// notifier's) is not reported, since write-side polls hold a `Result`
    /// when ready. Otherwise names are matched. A call whose name does not start with
    /// `poll_` is reported only when it passes a task context and the crate
    /// declares that name, with that number of arguments, as returning
    /// `Poll` and its body drives a write-side poll (it returns,
    /// `?`-propagates or matches `poll_flush`, `poll_write`, a `Sink`'s
    /// `poll_ready`/`start_send`, …, or such a function of the crate); a
    /// poll that writes through a synchronous adapter (`Write` over
    /// `poll_write`) is not recognised as one. When the crate declares it both returning `Poll` and returning
    /// something else (two types with a `pump` method), the call is ambiguous
    /// and not reported. A `poll_*` name that the crate declares only as
    /// returning something else is not reported either; one declared
    /// nowhere in the crate (a trait from a dependency) is taken at its name,
    /// so a dependency's `poll_*` helper returning `bool` would be reported
    /// when thrown away. Read-side polls are out of scope, and so are
    /// `poll_tick`/`poll_elapsed`, which are often polled only to register a
    /// waker. A close method (`poll_shutdown`, `poll_close`) throwing away
    /// its own `poll_flush` is reported by `shutdown_without_flush` instead.
    ///
    /// ## Example
    /// ```rust,ignore
    /// fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    ///     let _ = self.as_mut().poll_flush(cx)?;
    ///     Pin::new(&mut self.io).poll_shutdown(cx)
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    ///     ready!(self.as_mut().poll_flush(cx))?;
    ///     Pin::new(&mut self.io).poll_shutdown(cx)
    /// }
    /// ```
    pub DISCARDED_POLL = {
        name: "discarded_poll",
        summary: "a write-side `Poll` is thrown away, so `Poll::Pending` is lost",
        default_level: Level::Deny,
        level_reason: "a lost `Pending` makes the code go on as if a write, flush or shutdown had finished: data is lost with no error anywhere",
        fix: FixAvailability::Sometimes,
    }
}

/// See [`DISCARDED_POLL`].
pub struct DiscardedPoll;

/// The calls this rule judges: write-side polls (by name, or configured),
/// and calls given a task context that the crate model says return `Poll`.
static INTERESTS: Interests = Interests {
    calls: &[
        Calls {
            names: calls::WRITE_POLLS,
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::ThrownAway,
        },
        Calls {
            names: Names::Configured(Setting::WritePolls),
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::ThrownAway,
        },
        Calls {
            names: Names::CalledWithContext,
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::ThrownAway,
        },
    ],
    macros: &[],
    bodies: &[],
    clippy_equivalents: &[],
};

/// A `Poll` thrown away.
struct ThrownAwayPoll<'n> {
    name: &'n str,
}

impl Violation for ThrownAwayPoll<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &DISCARDED_POLL
    }

    fn message(&self) -> String {
        format!(
            "the `Poll` returned by `{}` is thrown away, so `Poll::Pending` is lost",
            self.name
        )
    }
}

impl Rule for DiscardedPoll {
    fn meta(&self) -> &'static RuleMeta {
        &DISCARDED_POLL
    }

    fn interests(&self) -> Interests {
        INTERESTS
    }

    fn check_discard(
        &self,
        checker: &mut Checker<'_, '_>,
        discard: &Discard<'_>,
        value: &Value<'_>,
    ) {
        let name = &value.name;
        // A close method throwing away its own flush is `shutdown_without_flush`'s.
        if calls::is_own_flush_in_close(checker, value) {
            return;
        }
        let Some(conditions) = write_poll_conditions(checker, value) else {
            return;
        };
        let operation = operation_word(name);
        let mut finding = Finding::new(ThrownAwayPoll { name }, value.range.clone())
            .with_statement(discard.replace.clone())
            .with_label(format!(
                "`Pending` here means the {operation} has not finished yet"
            ));
        finding = with_form_label(finding, checker, discard, "`Poll`");
        if value.under_question_mark.is_some() {
            finding = finding.with_note(
                "`?` on a `Poll<Result<T, E>>` returns early only on an error: it yields a `Poll<T>`, so `Pending` passes through it and is then thrown away",
            );
        }
        finding = finding.with_note(format!(
            "when the {operation} is pending, the code goes on as if it had finished; data still buffered may never be written"
        ));
        let returns = checker.scope().map_or(ReturnKind::Unknown, Scope::returns);
        match ready_suggestion(checker, discard, value, returns) {
            Ok(suggestion) => finding = finding.with_suggestion(suggestion),
            Err(note) => finding = finding.with_note(note),
        }
        for condition in conditions {
            finding = finding.with_condition(condition);
        }
        checker.report(finding);
    }

    fn settle(&self, condition: &Condition, model: &CrateModel) -> Settled {
        settle_write_poll(condition, model)
    }
}

/// The conditions under which `value`, a call that returns `Poll` by its
/// name or by a task context, is a write-side poll (settled with
/// [`settle_write_poll`] against the crate model); `None` when this file
/// already shows it is none: the receiver's type declares it with another
/// signature, or it is a service's `poll_ready`. Every rule that judges
/// write-side polls asks this, so that they agree on what one is.
pub(crate) fn write_poll_conditions(
    checker: &Checker<'_, '_>,
    value: &Value<'_>,
) -> Option<Vec<Condition>> {
    let name = &value.name;
    // Declared for the receiver in this file: a `Poll` it must return,
    // and for a standard write-side name a `Poll` of a `Result` (what
    // `AsyncWrite` and `Sink` return; a waiter's `poll_ready` returns
    // `Poll<()>`).
    let declared_here =
        calls::own_method(checker, value).or_else(|| declared_for_receiver(checker, value));
    if declared_here
        .as_ref()
        .is_some_and(|declared| !is_write_poll_signature(name, declared))
    {
        return None;
    }
    // `Service::poll_ready` asks whether a service can take a request,
    // which is no write (a `Sink`'s `poll_ready` is).
    if name.starts_with("poll_ready") && is_a_service(checker, value) {
        return None;
    }
    // Whether the call returns `Poll` is settled by the crate model; the
    // name alone decides when the model knows nothing.
    let mut conditions = vec![Condition::ReturnsPoll {
        name: name.clone(),
        arguments: value.call_arguments,
        method_call: value.form == CallForm::Method,
        by_name: value.by_name,
    }];
    // A `poll_*` of another name (or a call given a task context) that the
    // crate declares is write-side only if its body drives a write-side
    // poll.
    if !calls::is_standard_write_poll(name) {
        conditions.push(Condition::Effect {
            name: name.clone(),
            arguments: value.call_arguments,
            method_call: value.form == CallForm::Method,
            receiver: None,
            on_self: None,
            exempt_arguments: Vec::new(),
        });
    }
    if declared_here.is_none() && written_to(checker, value) == WriterKind::Other {
        if let Some(query) = receiver_query(checker, value) {
            conditions.push(Condition::Receiver(query));
        }
    }
    Some(conditions)
}

/// Settles a condition of [`write_poll_conditions`] with the crate model.
pub(crate) fn settle_write_poll(condition: &Condition, model: &CrateModel) -> Settled {
    if let Condition::Effect {
        name,
        arguments,
        method_call,
        ..
    } = condition
    {
        return match effects::poll_chain(model, name, *arguments, *method_call) {
            // Not the crate's: its name decides.
            Err(()) => Settled::Keep,
            Ok(Some(chain)) => Settled::KeepWithNote(format!(
                "{}: its `Pending` means the write is not done",
                chain.note()
            )),
            Ok(None) => Settled::Drop,
        };
    }
    let Condition::Receiver(query) = condition else {
        return Settled::Keep;
    };
    let keep = match resolve_receiver(model, query) {
        Resolved::Kind(kind) => !kind.is_exempt(),
        // A write-side poll holds a `Result` when ready
        // (`Poll<io::Result<()>>`, `Poll<Result<(), Sink::Error>>`); a
        // `poll_ready` returning `Poll<()>` is a waiter's.
        Resolved::Declared(declared) => declared
            .iter()
            .any(|one| is_write_poll_signature(&query.method, &one.summary)),
        Resolved::CrateType | Resolved::External | Resolved::Unknown => true,
    };
    Settled::keep_if(keep)
}

/// Whether a declaration of `name` returning `returns` fits a write-side
/// poll: a `Poll`, and for the standard names (`poll_flush`, `poll_ready`,
/// …) a `Poll` of a `Result`.
fn is_write_poll_signature(name: &str, summary: &SignatureSummary) -> bool {
    if calls::is_standard_write_poll(name) {
        // `Poll<io::Result<()>>`, `Poll<Result<(), Self::Error>>`; a
        // `poll_write` holds a count.
        summary.returns == ReturnKind::Poll { result: true }
            && (summary.unit_payload || name.starts_with("poll_write"))
    } else {
        summary.returns.is_poll()
    }
}
