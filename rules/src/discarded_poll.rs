//! The `discarded_poll` rule; its documentation is on [`DISCARDED_POLL`].
use lint_core::model::Condition;
use lint_core::{
    declare_rule, Applicability, Checker, Diagnostic, Edit, FixAvailability, Level, ReturnKind,
    Rule, RuleMeta, Scope, Suggestion,
};
use syn::{Expr, Stmt};

use crate::shapes::{self, Discard, DiscardForm, ValueKind};

declare_rule! {
    /// ## What it does
    /// Finds a `Poll` from a write-side poll method (`poll_write`,
    /// `poll_flush`, `poll_shutdown`, `poll_close`, `poll_ready`, or any other
    /// `poll_*` that is not a read, receive or timer poll) that is thrown
    /// away: by `let _ =`, `let _: T =`, `_ =`, `drop(…)`, a `_name` binding
    /// that is never read, or as a bare statement, with or without a `?` and
    /// through `.map(…)`, `.map_err(…)` and `.map_ok(…)`.
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
    /// Names are matched, not types. A call whose name does not start with
    /// `poll_` is reported only when it passes a task context and the crate
    /// declares that name, with that number of arguments, as returning
    /// `Poll`; when the crate declares it both returning `Poll` and returning
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

impl Rule for DiscardedPoll {
    fn meta(&self) -> &'static RuleMeta {
        &DISCARDED_POLL
    }

    fn check_stmt(&self, checker: &mut Checker<'_, '_>, stmt: &Stmt, following: &[Stmt]) {
        shapes::check_stmt_discards(checker, stmt, following, ValueKind::Poll, check);
    }

    fn check_expr(&self, checker: &mut Checker<'_, '_>, expr: &Expr) {
        shapes::check_expr_discards(checker, expr, ValueKind::Poll, check);
    }
}

fn check(checker: &mut Checker<'_, '_>, discard: &Discard<'_>, value: shapes::Classified) {
    let name = &value.call.name;
    // A close method throwing away its own flush is `shutdown_without_flush`.
    if value.call.receiver_is_self && name.contains("flush") && in_close_method(checker) {
        return;
    }
    if value
        .call
        .own_method
        .is_some_and(|own| !own.returns.is_poll())
    {
        return;
    }
    // Whether the call returns `Poll` is settled by the crate-wide index.
    // The name alone decides when the index knows nothing, except for a bare
    // `self.poll_helper(cx);` of an unusual name: that is more likely a
    // `()`-returning helper than an ignored `Poll` (which rustc's
    // `unused_must_use` would already flag).
    let bare_helper = discard.form == DiscardForm::Statement
        && value.under_question_mark.is_none()
        && !value.question_mark_inside
        && !shapes::is_standard_write_poll(name);
    let condition = Condition::ReturnsPoll {
        name: name.clone(),
        arguments: value.call.call_arguments,
        method_call: value.call.form == shapes::CallForm::Method,
        by_name: value.call.poll_by_name && !bare_helper,
    };
    let operation = shapes::operation_word(name);
    let mut diagnostic = Diagnostic::new(
        DISCARDED_POLL.name,
        format!("the `Poll` returned by `{name}` is thrown away, so `Poll::Pending` is lost"),
        value.call.range.clone(),
    )
    .with_statement(discard.replace.clone())
    .with_label(format!(
        "`Pending` here means the {operation} has not finished yet"
    ));
    if let Some(form_range) = &discard.form_range {
        diagnostic = diagnostic.with_secondary(
            form_range.clone(),
            shapes::form_label(&discard.form, "`Poll`"),
        );
    }
    if value.under_question_mark.is_some() {
        diagnostic = diagnostic.with_note(
            "`?` on a `Poll<Result<T, E>>` returns early only on an error: it yields a `Poll<T>`, so `Pending` passes through it and is then thrown away",
        );
    }
    diagnostic = diagnostic.with_note(format!(
        "when the {operation} is pending, the code goes on as if it had finished; data still buffered may never be written"
    ));
    let returns = checker.scope().map_or(ReturnKind::Unknown, Scope::returns);
    match suggestion(checker, discard, &value, returns) {
        Ok(suggestion) => diagnostic = diagnostic.with_suggestion(suggestion),
        Err(note) => diagnostic = diagnostic.with_note(note),
    }
    checker.report(diagnostic.with_condition(condition));
}

/// `ready!(…)?` in place of the discard, or a note saying why not.
pub(crate) fn suggestion(
    checker: &Checker<'_, '_>,
    discard: &Discard<'_>,
    value: &shapes::Classified,
    returns: ReturnKind,
) -> Result<Suggestion, String> {
    let ReturnKind::Poll { result } = returns else {
        return Err(format!(
            "the enclosing body does not return `Poll`, so `ready!` cannot be used here: await the operation instead (for example `std::future::poll_fn(|cx| ….{}(cx)).await?`), or move it into a poll function that returns `Poll::Pending`",
            value.call.name
        ));
    };
    let operation = shapes::operation_word(&value.call.name);
    let edit = |inner: &std::ops::Range<usize>, applicability, message: String| {
        let replacement = shapes::finish_replacement(
            discard,
            format!("ready!({})?", checker.text(inner.clone())),
        );
        Suggestion {
            message,
            edits: vec![Edit {
                range: discard.replace.clone(),
                replacement,
            }],
            applicability,
        }
    };
    Ok(match &value.under_question_mark {
        // `let _ = x.poll_flush(cx)?;`: the author wanted errors out; keep
        // that, and stop on `Pending` too.
        // When only the crate index says it returns `Poll` (the name does
        // not), dropping `Pending` may be a deliberate opportunistic drive:
        // a reader should decide.
        Some(inner) => edit(
            inner,
            if value.call.poll_by_name {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            },
            format!("return `Poll::Pending` while the {operation} is pending"),
        ),
        // `let _ = x.poll_flush(cx);` in a function returning
        // `Poll<Result<…>>`: returning the error is new behaviour.
        // (Not through `.map(…)` and the like: what they yield is unknown.)
        None if result && !value.question_mark_inside && !value.adapted => edit(
            &discard.value_range,
            Applicability::Unsafe,
            format!(
                "return `Poll::Pending` while the {operation} is pending, and its error once ready (the error used to be ignored)"
            ),
        ),
        None => Suggestion {
            message: format!(
                "return `Poll::Pending` while the {operation} is pending, with `ready!(…)`, and handle what it yields"
            ),
            edits: Vec::new(),
            applicability: Applicability::DisplayOnly,
        },
    })
}

/// Whether the walk is in `poll_shutdown` or `poll_close` of an `impl` that
/// also has `poll_flush`.
fn in_close_method(checker: &Checker<'_, '_>) -> bool {
    let Some(Scope::Fn { sig, .. }) = checker.scope() else {
        return false;
    };
    (sig.ident == "poll_shutdown" || sig.ident == "poll_close")
        && checker.enclosing_impl().is_some_and(|item| {
            item.items.iter().any(|member| {
                matches!(member, syn::ImplItem::Fn(function) if function.sig.ident == "poll_flush")
            })
        })
}
