//! The `ready!` fix, shared by the rules that find a `Poll` thrown away.

use lint_core::discard::Discard;
use lint_core::value::Value;
use lint_core::{Applicability, Checker, Edit, ReturnKind, Suggestion};

use crate::messages::{finish_replacement, operation_word};

/// `ready!(…)?` in place of the discard of a poll, or a note saying why it
/// cannot be used (`returns` is what the enclosing body returns).
pub fn ready_suggestion(
    checker: &Checker<'_, '_>,
    discard: &Discard<'_>,
    value: &Value<'_>,
    returns: ReturnKind,
) -> Result<Suggestion, String> {
    if discard.form == lint_core::discard::DiscardForm::SelectArm {
        return Err("a `select!` arm awaits a future, which has no `Pending` to pass on: bind its output and handle it in the arm".to_string());
    }
    let ReturnKind::Poll { result } = returns else {
        return Err(format!(
            "the enclosing body does not return `Poll`, so `ready!` cannot be used here: await the operation instead (for example `std::future::poll_fn(|cx| ….{}(cx)).await?`), or move it into a poll function that returns `Poll::Pending`",
            value.name
        ));
    };
    let operation = operation_word(&value.name);
    let edit = |inner: &std::ops::Range<usize>, applicability, message: String| {
        let replacement =
            finish_replacement(discard, format!("ready!({})?", checker.text(inner.clone())));
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
        // When only the crate model says it returns `Poll` (the name does
        // not), dropping `Pending` may be a deliberate opportunistic drive:
        // a reader should decide.
        Some(inner) => edit(
            inner,
            if value.by_name {
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
