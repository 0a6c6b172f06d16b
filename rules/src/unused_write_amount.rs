//! The `unused_write_amount` rule; its documentation is on [`UNUSED_WRITE_AMOUNT`].
use lint_core::{
    declare_rule, Applicability, Checker, Diagnostic, Edit, FixAvailability, Level, Rule, RuleMeta,
    Suggestion,
};
use syn::{Expr, Stmt};

use crate::shapes::{self, CallForm, Discard, Receiver, ValueKind};

declare_rule! {
    /// ## What it does
    /// Finds a write whose error is handled but whose byte count is thrown
    /// away: `w.write(buf)?;`, `w.write(buf).await?;`, `let _ = w.write(buf)?;`,
    /// `ready!(io.poll_write(cx, buf))?;`, and the same for `write_vectored`
    /// and `poll_write_vectored`. (`write_buf` and `poll_write_buf` advance
    /// the buffer they are given, so their count may be dropped.)
    ///
    /// ## Why is this bad?
    /// `write` may write only part of the buffer and returns how much it
    /// wrote. Ignoring the count silently drops the rest of the data whenever
    /// the writer is busy or the buffer is large.
    ///
    /// ## Known problems
    /// Writes to a local `String` or `Vec<u8>` (always whole) are not
    /// reported; other writers that always write everything are, because
    /// their type cannot be seen without compiling.
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

impl Rule for UnusedWriteAmount {
    fn meta(&self) -> &'static RuleMeta {
        &UNUSED_WRITE_AMOUNT
    }

    fn check_stmt(&self, checker: &mut Checker<'_, '_>, stmt: &Stmt, following: &[Stmt]) {
        shapes::check_stmt_discards(checker, stmt, following, ValueKind::WriteAmount, check);
    }

    fn check_expr(&self, checker: &mut Checker<'_, '_>, expr: &Expr) {
        shapes::check_expr_discards(checker, expr, ValueKind::WriteAmount, check);
    }
}

fn check(checker: &mut Checker<'_, '_>, discard: &Discard<'_>, value: shapes::Classified) {
    if value.call.receiver == Receiver::InMemory {
        return;
    }
    // `write` declared in this file without a count: a serialiser's or a
    // bit writer's `write`, not `io::Write::write`.
    let not_a_count = match value.call.own_method {
        Some(own) => !own.returns_usize,
        None => checker
            .file_facts()
            .declared_only_without(&value.call.name, |one| one.returns_usize),
    };
    if not_a_count {
        return;
    }
    let call = &value.call;
    let mut diagnostic = Diagnostic::new(
        UNUSED_WRITE_AMOUNT.name,
        format!(
            "the number of bytes written by `{}` is thrown away, so a short write loses the rest of the buffer",
            call.name
        ),
        call.range.clone(),
    )
    .with_statement(discard.replace.clone())
    .with_label("this may write only part of the buffer");
    if let Some(form_range) = &discard.form_range {
        diagnostic = diagnostic.with_secondary(
            form_range.clone(),
            shapes::form_label(&discard.form, "count"),
        );
    }
    let whole_write = (call.name == "write").then_some("write_all");
    let suggestion = match (call.form, whole_write, &call.name_range) {
        (CallForm::Method, Some(whole), Some(name_range)) => Suggestion {
            message: format!("write the whole buffer with `{whole}` (it loops until everything is written)"),
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
    checker.report(diagnostic.with_suggestion(suggestion));
}
