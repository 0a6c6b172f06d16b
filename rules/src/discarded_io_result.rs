//! The `discarded_io_result` rule; its documentation is on [`DISCARDED_IO_RESULT`].
use lint_core::{
    declare_rule, Applicability, Checker, Diagnostic, Edit, FixAvailability, Level, ReturnKind,
    Rule, RuleMeta, Scope, Suggestion,
};
use syn::{Expr, Stmt};

use crate::shapes::{self, CallForm, Discard, DiscardForm, Receiver, ValueKind};

declare_rule! {
    /// ## What it does
    /// Finds an IO `Result` on a write path that is thrown away: from
    /// `flush`, `write`, `write_all`, `write_vectored`, `write_fmt`,
    /// `sync_all`, `sync_data`, `shutdown` or `close` (blocking or
    /// `.await`ed), from `write!`/`writeln!`, and the `Result` that
    /// `ready!(io.poll_flush(cx))` yields. Thrown away means `let _ =`,
    /// `_ =`, `drop(…)`, a `_name` binding never read, `.ok();`,
    /// `.map_err(…);`, or a bare statement (see Known problems for which).
    ///
    /// ## Why is this bad?
    /// A write, flush or shutdown that failed leaves data unwritten, and the
    /// program carries on as if it had succeeded. After `ready!`, `Pending`
    /// is handled but the error is not.
    ///
    /// ## Known problems
    /// Calls are matched by name, not type. To keep noise down, these are not
    /// reported: writes to standard output or error (`io::stdout()`,
    /// `io::stderr()`, a variable or field named `stdout`/`stderr`), writes to
    /// a local `String`, `Vec<u8>` or `fmt::Formatter` (known from a written
    /// type or an initialiser such as `String::new()`), anything inside
    /// `fn drop` of an `impl Drop` (a best-effort flush has nowhere to report
    /// to), a call to a method that the same file declares without a
    /// `Result` in its return type, and a bare `x.flush();`, `x.write(b);`,
    /// `x.close();` or `x.shutdown();` statement that is not `.await`ed
    /// (ECS worlds, bit buffers, channels and semaphores have such methods
    /// returning `()`; were it an ignored `Result`, rustc's `unused_must_use`
    /// would already warn). Bare `write_all`, `write_fmt`, `sync_all`,
    /// `sync_data` and `shutdown(how)` statements are reported.
    ///
    /// ## Example
    /// ```rust,ignore
    /// let _ = writer.flush();
    /// socket.shutdown().await.ok();
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// writer.flush()?;
    /// socket.shutdown().await?;
    /// ```
    pub DISCARDED_IO_RESULT = {
        name: "discarded_io_result",
        summary: "the `Result` of a write, flush or shutdown is thrown away, so its failure goes unnoticed",
        default_level: Level::Warn,
        level_reason: "a lost error hides a failure but does not by itself claim progress that was not made, and it is sometimes a deliberate best effort",
        fix: FixAvailability::Sometimes,
    }
}

/// See [`DISCARDED_IO_RESULT`].
pub struct DiscardedIoResult;

impl Rule for DiscardedIoResult {
    fn meta(&self) -> &'static RuleMeta {
        &DISCARDED_IO_RESULT
    }

    fn check_stmt(&self, checker: &mut Checker<'_, '_>, stmt: &Stmt, following: &[Stmt]) {
        shapes::check_stmt_discards(checker, stmt, following, ValueKind::IoResult, check);
    }

    fn check_expr(&self, checker: &mut Checker<'_, '_>, expr: &Expr) {
        shapes::check_expr_discards(checker, expr, ValueKind::IoResult, check);
    }
}

fn check(checker: &mut Checker<'_, '_>, discard: &Discard<'_>, value: shapes::Classified) {
    if value.call.receiver != Receiver::Other {
        return;
    }
    if checker.in_drop() || is_ambiguous_statement(discard, &value) {
        return;
    }
    // A method of that name declared in this file without a `Result`.
    let declared_elsewise = match value.call.own_method {
        Some(own) => !own.mentions_result,
        None => checker
            .file_facts()
            .declared_only_without(&value.call.name, |one| one.mentions_result),
    };
    if declared_elsewise && matches!(value.call.form, CallForm::Method | CallForm::Path) {
        return;
    }
    let call = &value.call;
    let (message, label) = match call.form {
        CallForm::Ready => (
            format!(
                "the error from `{}` is thrown away after `ready!`",
                call.name
            ),
            "`ready!` handles `Pending`; the `io::Result` it yields is dropped".to_string(),
        ),
        CallForm::WriteMacro => (
            format!(
                "the `Result` of `{}!` is thrown away, so a failed write goes unnoticed",
                call.name
            ),
            "this write can fail".to_string(),
        ),
        CallForm::Method | CallForm::Path => {
            let operation = shapes::operation_word(&call.name);
            (
                format!(
                    "the `io::Result` of `{}` is thrown away, so a failed {operation} goes unnoticed",
                    call.name
                ),
                format!("this {operation} can fail"),
            )
        }
    };
    let mut diagnostic = Diagnostic::new(DISCARDED_IO_RESULT.name, message, call.range.clone())
        .with_statement(discard.replace.clone())
        .with_label(label);
    if let Some(form_range) = &discard.form_range {
        diagnostic = diagnostic.with_secondary(
            form_range.clone(),
            shapes::form_label(&discard.form, "`Result`"),
        );
    }
    if value.before_ok.is_some() {
        diagnostic =
            diagnostic.with_note("`.ok()` turns the error into `None`, which is then thrown away");
    }
    let scope = checker.scope();
    let in_async = scope.is_some_and(|scope| match scope {
        Scope::Fn { sig, .. } => sig.asyncness.is_some(),
        Scope::Async(_) => true,
        Scope::Closure(closure) => closure.asyncness.is_some(),
    });
    if in_async && !call.awaited && matches!(call.form, CallForm::Method) {
        diagnostic = diagnostic.with_note(format!(
            "if `{}` is async here (as with `AsyncWriteExt`), the future is dropped without being polled and nothing happens at all",
            call.name
        ));
    }
    let returns = scope.map_or(ReturnKind::Unknown, Scope::returns);
    match suggestion(checker, discard, &value, returns) {
        Some(suggestion) => diagnostic = diagnostic.with_suggestion(suggestion),
        None => {
            diagnostic = diagnostic.with_note(
                "the enclosing body does not return a `Result`, so `?` cannot pass the error on: handle it here (log it, or change the signature to return it); if ignoring it is deliberate, say why in a `// pollcheck: allow(discarded_io_result) -- reason` comment",
            )
        }
    }
    checker.report(diagnostic);
}

/// A bare `x.flush();`, `x.write(&b);`, `x.close();` or `x.shutdown();`
/// statement is more often a `()`-returning method of some other type (an
/// ECS world, a bit buffer, a channel) than an ignored IO `Result`, which
/// rustc's `unused_must_use` already warns about. Names that only IO traits
/// use, `.await`ed calls, `shutdown(how)` and `.ok()` are not ambiguous.
fn is_ambiguous_statement(discard: &Discard<'_>, value: &shapes::Classified) -> bool {
    let call = &value.call;
    discard.form == DiscardForm::Statement
        && value.before_ok.is_none()
        && !value.adapted
        && matches!(call.form, CallForm::Method | CallForm::Path)
        && match call.name.as_str() {
            "write_all" | "write_all_vectored" | "write_fmt" | "sync_all" | "sync_data" => false,
            // `pool.close().await;`, `join_set.shutdown().await;` return `()`;
            // `stream.shutdown(Shutdown::Both);` is the socket's.
            "close" => true,
            "shutdown" => !call.shutdown_how,
            _ => !call.awaited,
        }
}

/// `value?` (without a trailing `.ok()`) where the body can pass errors on.
fn suggestion(
    checker: &Checker<'_, '_>,
    discard: &Discard<'_>,
    value: &shapes::Classified,
    returns: ReturnKind,
) -> Option<Suggestion> {
    if !returns.allows_question_mark_on_result() {
        return None;
    }
    if value.adapted {
        // `x.flush().map_err(Wrapped)?` needs a conversion the function's
        // error type may not have: advice only.
        return Some(Suggestion {
            message: "pass the error on with `?` (its error type must convert into the function's)"
                .to_string(),
            edits: Vec::new(),
            applicability: Applicability::DisplayOnly,
        });
    }
    let kept = value
        .before_ok
        .clone()
        .unwrap_or(discard.value_range.clone());
    let replacement = shapes::finish_replacement(discard, format!("{}?", checker.text(kept)));
    Some(Suggestion {
        message: "pass the error on (this changes what happens when it fails)".to_string(),
        edits: vec![Edit {
            range: discard.replace.clone(),
            replacement,
        }],
        applicability: Applicability::Unsafe,
    })
}
