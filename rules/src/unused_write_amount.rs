//! The `unused_write_amount` rule; its documentation is on [`UNUSED_WRITE_AMOUNT`].
use lint_core::discard::Discard;
use lint_core::interest::{Calls, Interests, Names, Position, Returns, Shape};
use lint_core::model::{Condition, CrateModel, ReceiverQuery};
use lint_core::value::{CallForm, Value};
use lint_core::{
    declare_rule, Applicability, Checker, Edit, Finding, FixAvailability, Level, Rule, RuleMeta,
    Settled, Suggestion, Violation,
};

use crate::calls;
use crate::messages::with_form_label;
use crate::writers::{
    declared_otherwise, own_write_writes_everything, receiver_query, resolve_receiver, written_to,
    Resolved, WriterKind,
};

declare_rule! {
    /// ## What it does
    /// Finds a write whose error is handled but whose byte count is thrown
    /// away: `w.write(buf)?;`, `w.write(buf).await?;`, `let _ = w.write(buf)?;`,
    /// `ready!(io.poll_write(cx, buf))?;`, `w.write(buf).unwrap();` and
    /// `.expect(…)` (which take the `Result` apart as `?` does; reported on
    /// a known IO stream or with plain bytes, `&buf[..n]`, `b"…"`, since
    /// record writers' `write(&batch).unwrap()` is far more common), and
    /// `w.write(buf).map(|_| ())?` (the closure ignores the count); the same
    /// for `write_vectored` and `poll_write_vectored`. (`write_buf` and
    /// `poll_write_buf` advance the buffer they are given, so their count may
    /// be dropped.)
    ///
    /// ## Why is this bad?
    /// `write` may write only part of the buffer and returns how much it
    /// wrote. Ignoring the count silently drops the rest of the data whenever
    /// the writer is busy or the buffer is large.
    ///
    /// ## Known problems
    /// Writes to in-memory buffers (`String`, `Vec<u8>`, `Cursor`,
    /// `BytesMut`, always whole or full by design), to hashers, and to
    /// values bounded only by traits that are not write traits (a bit
    /// writer's `W: BitWrite`) are not reported, as far as the crate's
    /// declarations tell the receiver's type (see `discarded_io_result`);
    /// nor a `write` given a record (`&Row { … }`), a growable buffer lent
    /// mutably (a destination), or nothing (`&[]`); nor a `write` the
    /// receiver's type declares without a count or taking a record. A
    /// receiver whose type is known but is neither a well-known IO type
    /// nor declares a counting `write` (another crate's `Message`, the
    /// crate's own type without a `write` of its own) is not reported:
    /// nothing says its `write` is `io::Write::write`, so a short write
    /// through such a type is missed. When the receiver's type is unknown
    /// and the file declares a `write` without a count (also beside one
    /// with it), the call is not reported. A crate `write` that loops until
    /// everything is written is still reported.
    ///
    /// ## Example
    /// ```rust,ignore
    /// stream.write(&frame)?;
    /// ready!(Pin::new(&mut io).poll_write(cx, &frame))?;
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// stream.write_all(&frame)?;
    /// // In a poll function, keep the position across calls and loop:
    /// while this.written < frame.len() {
    ///     let n = ready!(Pin::new(&mut io).poll_write(cx, &frame[this.written..]))?;
    ///     if n == 0 { return Poll::Ready(Err(io::ErrorKind::WriteZero.into())); }
    ///     this.written += n;
    /// }
    /// ```
    pub UNUSED_WRITE_AMOUNT = {
        name: "unused_write_amount",
        summary: "the number of bytes a write wrote is thrown away, so a short write loses data",
        default_level: Level::Deny,
        level_reason: "a short write loses the tail of the buffer silently",
        fix: FixAvailability::Sometimes,
    }
}

/// See [`UNUSED_WRITE_AMOUNT`].
pub struct UnusedWriteAmount;

/// The calls this rule judges: the writes whose `Ok` value is the only
/// record of how much they wrote.
static INTERESTS: Interests = Interests {
    calls: &[
        Calls {
            names: Names::Listed(&["write", "write_vectored"]),
            returns: Returns::Result,
            judges: Shape::Count,
            at: Position::ThrownAway,
        },
        Calls {
            names: Names::Listed(&["poll_write", "poll_write_vectored"]),
            returns: Returns::Poll,
            judges: Shape::Count,
            at: Position::ThrownAway,
        },
    ],
    macros: &[],
    bodies: &[],
    // Says the same: `#[allow(clippy::unused_io_amount)]` is honoured.
    clippy_equivalents: &["unused_io_amount"],
};

/// A byte count thrown away.
struct ThrownAwayCount<'n> {
    name: &'n str,
}

impl Violation for ThrownAwayCount<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &UNUSED_WRITE_AMOUNT
    }

    fn message(&self) -> String {
        format!(
            "the number of bytes written by `{}` is thrown away, so a short write loses the rest of the buffer",
            self.name
        )
    }
}

impl Rule for UnusedWriteAmount {
    fn meta(&self) -> &'static RuleMeta {
        &UNUSED_WRITE_AMOUNT
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
        let Some(query) = counting_write(checker, value) else {
            return;
        };
        let mut finding = Finding::new(ThrownAwayCount { name: &value.name }, value.range.clone())
            .with_statement(discard.replace.clone())
            .with_label("this may write only part of the buffer");
        finding = with_form_label(finding, checker, discard, "count");
        let whole_write = (value.name == "write").then_some("write_all");
        let suggestion = match (value.form, whole_write, &value.name_range) {
            (CallForm::Method, Some(whole), Some(name_range)) => Suggestion {
                message: format!(
                    "write the whole buffer with `{whole}` (it loops until everything is written)"
                ),
                edits: vec![Edit {
                    range: name_range.clone(),
                    replacement: whole.to_string(),
                }],
                applicability: Applicability::Unsafe,
            },
            _ => Suggestion {
                message: "keep the count and write the rest: loop until the whole buffer is written (in a poll function, keep the position across `Pending`); `Ok(0)` means the writer takes no more".to_string(),
                edits: Vec::new(),
                applicability: Applicability::DisplayOnly,
            },
        };
        let mut finding = finding.with_suggestion(suggestion);
        if let Some(query) = query {
            finding = finding.with_condition(Condition::Receiver(query));
        }
        checker.report(finding);
    }

    fn settle(&self, condition: &Condition, model: &CrateModel) -> Settled {
        settle_counting_receiver(condition, model)
    }
}

/// Whether `value` is a write to IO whose `Ok` value counts the bytes it
/// took from the buffer it was given: `None` when it is not (a write to
/// memory, a record writer's `write`, a `write` declared without a count);
/// otherwise, the question the crate model must still answer about its
/// receiver, if any (settled by [`settle_counting_receiver`]).
pub(crate) fn counting_write(
    checker: &Checker<'_, '_>,
    value: &Value<'_>,
) -> Option<Option<ReceiverQuery>> {
    let writer = written_to(checker, value);
    if !calls::is_judged_write(checker, value)
        || matches!(writer, WriterKind::InMemory | WriterKind::NotIo)
    {
        return None;
    }
    // `write` declared in this file without a count: a serialiser's or a
    // bit writer's `write`, not `io::Write::write`.
    let not_a_count = declared_otherwise(checker, value, writer, |declared| declared.returns_usize);
    if not_a_count || calls::writes_nothing(value) {
        return None;
    }
    // `self.write(buf)` where this `impl`'s `write` loops until it has
    // written everything: its count is the buffer's length.
    if calls::on_self(value) && own_write_writes_everything(checker, &value.name) {
        return None;
    }
    // `x.write(&batch).unwrap();` is as often a record writer's `write`
    // returning `Result<()>` as a byte write: after `.unwrap()` or
    // `.expect(…)`, only a known IO stream or plain bytes say it is one.
    if value.unwrapped && writer != WriterKind::Io && !calls::writes_plain_bytes(value) {
        return None;
    }
    Some(match writer {
        WriterKind::Other => receiver_query(checker, value),
        _ => None,
    })
}

/// Settles the receiver question [`counting_write`] left on a finding.
pub(crate) fn settle_counting_receiver(condition: &Condition, model: &CrateModel) -> Settled {
    let Condition::Receiver(query) = condition else {
        return Settled::Keep;
    };
    let keep = match resolve_receiver(model, query) {
        Resolved::Kind(kind) => !kind.is_exempt(),
        // A counting `write` that does not always write everything.
        Resolved::Declared(declared) => declared
            .iter()
            .any(|one| one.summary.returns_usize && one.takes_bytes && !one.writes_everything),
        // The crate's own type without a `write` of its own, or another
        // crate's type no table knows: nothing says it is `io::Write`.
        Resolved::CrateType | Resolved::External => false,
        Resolved::Unknown => true,
    };
    Settled::keep_if(keep)
}
