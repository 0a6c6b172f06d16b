//! The `discarded_io_result` rule; its documentation is on [`DISCARDED_IO_RESULT`].
use lint_core::discard::{Discard, DiscardForm};
use lint_core::interest::{Calls, Interests, Names, Position, Returns, Setting, Shape};
use lint_core::model::{Condition, CrateModel};
use lint_core::value::{CallForm, Value, Via};
use lint_core::{
    declare_rule, Applicability, Checker, Edit, Finding, FixAvailability, Level, ReturnKind, Rule,
    RuleMeta, Scope, Settled, Suggestion, Violation,
};
use syn::Expr;

use crate::calls;
use crate::effects;
use crate::messages::{finish_replacement, operation_word, with_form_label};
use crate::writers::{
    declared_otherwise, flush_does_nothing, receiver_query, resolve_receiver, writer_kind,
    written_to, Resolved, WriterKind,
};

declare_rule! {
    /// ## What it does
    /// Finds an IO `Result` on a write path that is thrown away: from
    /// `flush`, `write`, `write_all`, `write_vectored`, `write_fmt`,
    /// `sync_all`, `sync_data`, `shutdown` or `close` (blocking or
    /// `.await`ed), from `finish` on a send stream known to be one (a QUIC
    /// or HTTP/3 `SendStream`: its end, which the peer may never see), from
    /// `write!`/`writeln!`, the `Result` that `ready!(io.poll_flush(cx))`
    /// yields, and the `Result` of the crate's own IO helpers: a function
    /// returning `io::Result<()>` (or another `Result` that holds nothing
    /// else) whose body returns or `?`-propagates one of those calls, or
    /// another such helper (`fn send_goaway(&mut self) -> io::Result<()> {
    /// self.write_frame(&GOAWAY) }`), with a note naming the chain down to
    /// the IO call. Thrown away means `let _ =`,
    /// `_ =`, `drop(…)`, a `_name` binding never read, or `.ok();` (the
    /// `Option` it makes is not `#[must_use]`). Any other bare statement
    /// (`w.flush();`, `w.write_all(b).await;`, `write!(w, "…");`,
    /// `w.flush().map_err(log);`) is left to rustc, whose `unused_must_use`
    /// warns about the `Result` (or the future) it throws away; one of type
    /// `()` is no bug.
    ///
    /// ## Why is this bad?
    /// A write, flush or shutdown that failed leaves data unwritten, and the
    /// program carries on as if it had succeeded. After `ready!`, `Pending`
    /// is handled but the error is not.
    ///
    /// ## Known problems
    /// pollcheck compiles nothing: what a call writes to is worked out from
    /// the crate's declarations (a parameter's or local's type, a local's
    /// constructor, what `if let Some(x) = &mut self.field` binds, the
    /// declared type of `self.field` in whichever file declares the struct,
    /// a generic parameter's bounds, the methods the crate declares for the
    /// type) and a table of well-known types. Not reported: writes to
    /// standard output or error (`io::stdout()`, a variable or field named
    /// `stdout`/`stderr`), to in-memory buffers (`String`, `Vec<u8>`,
    /// `Cursor`, `BytesMut`, tokio's in-process pipes, `fmt::Formatter`, a
    /// `W: fmt::Write`, a type the file implements `fmt::Write` for), to
    /// hashers and digests, to a value bounded only by traits that are not
    /// write traits (`W: Encode`), anything inside `fn drop` of an `impl
    /// Drop` (a best-effort flush has nowhere to report to), the `flush` of
    /// a `TcpStream` or `UnixStream` (it does nothing), a method that the
    /// receiver's type declares without a `Result` or, for `write`, with a
    /// record instead of bytes (`write(&mut self, batch: &RecordBatch)`).
    /// `close` is judged only on a known IO stream or a type whose `close`
    /// the crate declares as returning `io::Result`: sessions, channels and
    /// state machines close with errors of their own, and a `close` on a
    /// value of unknown type (or another crate's type) is not reported,
    /// even when it does IO. When the receiver's type is unknown, a method
    /// of that name that the file declares without a `Result` (also beside
    /// one declared with it: the name is declared both ways) silences the
    /// call, which may hide a real IO call. A known IO stream (`File`,
    /// `TcpStream`, `W: io::Write`) is always judged as IO.
    /// IO helpers are found from the functions of the files that call an
    /// IO method by name (`write`, `flush`, `shutdown`, …), four calls deep
    /// at most; a helper returning a value besides success (`io::Result<usize>`,
    /// `Result<Self>`) is not followed, nor one whose `Result` the crate
    /// declares twice for calls that cannot be told apart; a method of the
    /// same name as a common one (`send`, `close`, `insert`, …) on a value
    /// of unknown type is taken to be that one. A helper that writes to the
    /// argument it is given is not reported when the call hands it standard
    /// error or a `Vec<u8>`.
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

/// The calls this rule judges: IO methods (and configured IO writes), the
/// `write!` family, and what `ready!` makes of a write-side poll.
static INTERESTS: Interests = Interests {
    calls: &[
        Calls {
            names: Names::Listed(calls::IO_METHODS),
            returns: Returns::Result,
            judges: Shape::Result,
            at: Position::ThrownAway,
        },
        Calls {
            names: Names::Configured(Setting::IoWrites),
            returns: Returns::Result,
            judges: Shape::Result,
            at: Position::ThrownAway,
        },
        Calls {
            names: calls::WRITE_POLLS,
            returns: Returns::Poll,
            judges: Shape::Result,
            at: Position::ThrownAway,
        },
        Calls {
            names: Names::Configured(Setting::WritePolls),
            returns: Returns::Poll,
            judges: Shape::Result,
            at: Position::ThrownAway,
        },
        Calls {
            names: Names::CalledWithContext,
            returns: Returns::Poll,
            judges: Shape::Result,
            at: Position::ThrownAway,
        },
        // The crate's own IO helpers (`fn send_goaway(&mut self) ->
        // io::Result<()>` writing a frame): settled by the crate model.
        Calls {
            names: Names::DeclaredByCrate,
            returns: Returns::Result,
            judges: Shape::Result,
            at: Position::ThrownAway,
        },
    ],
    macros: calls::WRITE_MACROS,
    bodies: &[],
    clippy_equivalents: &[],
};

/// An IO `Result` thrown away.
struct ThrownAwayResult<'v> {
    value: &'v Value<'v>,
}

impl Violation for ThrownAwayResult<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &DISCARDED_IO_RESULT
    }

    fn message(&self) -> String {
        let name = &self.value.name;
        match self.value.form {
            CallForm::Ready => format!("the error from `{name}` is thrown away after `ready!`"),
            CallForm::Macro => {
                format!(
                    "the `Result` of `{name}!` is thrown away, so a failed write goes unnoticed"
                )
            }
            CallForm::Method | CallForm::Path if self.value.via == Via::Crate => format!(
                "the `Result` of `{name}` is thrown away, and `{name}` passes on the result of an IO write: a failure goes unnoticed"
            ),
            CallForm::Method | CallForm::Path => format!(
                "the `io::Result` of `{name}` is thrown away, so a failed {} goes unnoticed",
                operation_word(name)
            ),
        }
    }
}

impl Rule for DiscardedIoResult {
    fn meta(&self) -> &'static RuleMeta {
        &DISCARDED_IO_RESULT
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
        if value.via == Via::Crate {
            return report_helper(checker, discard, value);
        }
        let writer = written_to(checker, value);
        if !calls::is_judged_write(checker, value)
            || writer.is_exempt()
            || flush_does_nothing(checker, value)
            || checker.in_drop()
        {
            return;
        }
        // A method of that name this file declares without a `Result`.
        let declared_elsewise =
            declared_otherwise(checker, value, writer, |declared| declared.mentions_result);
        if declared_elsewise && matches!(value.form, CallForm::Method | CallForm::Path) {
            return;
        }
        // What the file leaves open about the receiver, the crate model
        // settles.
        let query = match writer {
            WriterKind::Other => receiver_query(checker, value),
            _ => None,
        };
        if calls::is_io_only_on_a_stream(&value.name) && writer != WriterKind::Io && query.is_none()
        {
            return;
        }
        // In a `select!` arm, an awaited `shutdown()` is as often a server's
        // graceful shutdown or a channel's as an IO stream's: only on a
        // known stream.
        if discard.form == DiscardForm::SelectArm
            && value.name == "shutdown"
            && writer != WriterKind::Io
        {
            return;
        }
        let label = match value.form {
            CallForm::Ready => {
                "`ready!` handles `Pending`; the `io::Result` it yields is dropped".to_string()
            }
            CallForm::Macro => "this write can fail".to_string(),
            CallForm::Method | CallForm::Path => {
                format!("this {} can fail", operation_word(&value.name))
            }
        };
        let mut finding = Finding::new(ThrownAwayResult { value }, value.range.clone())
            .with_statement(discard.replace.clone())
            .with_label(label);
        finding = with_form_label(finding, checker, discard, "`Result`");
        if value.before_ok.is_some() {
            finding =
                finding.with_note("`.ok()` turns the error into `None`, which is then thrown away");
        }
        if discard.form == DiscardForm::SelectArm
            && matches!(value.name.as_str(), "write" | "write_vectored")
        {
            finding = finding.with_note(format!(
                "the number of bytes `{}` wrote is dropped with it: a short write loses the rest of the buffer",
                value.name
            ));
        }
        let scope = checker.scope();
        let in_async = scope.is_some_and(|scope| match scope {
            Scope::Fn { sig, .. } => sig.asyncness.is_some(),
            Scope::Async(_) => true,
            Scope::Closure(closure) => closure.asyncness.is_some(),
        });
        if in_async && !value.awaited && value.form == CallForm::Method {
            finding = finding.with_note(format!(
                "if `{}` is async here (as with `AsyncWriteExt`), the future is dropped without being polled and nothing happens at all",
                value.name
            ));
        }
        let returns = scope.map_or(ReturnKind::Unknown, Scope::returns);
        match suggestion(checker, discard, value, returns) {
            Some(suggestion) => finding = finding.with_suggestion(suggestion),
            None => {
                finding = finding.with_note(
                    "the enclosing body does not return a `Result`, so `?` cannot pass the error on: handle it here (log it, or change the signature to return it); if ignoring it is deliberate, say why in a `// pollcheck: allow(discarded_io_result) -- reason` comment",
                )
            }
        }
        if let Some(query) = query {
            finding = finding.with_condition(Condition::Receiver(query));
        }
        checker.report(finding);
    }

    fn settle(&self, condition: &Condition, model: &CrateModel) -> Settled {
        if let Condition::Effect {
            name,
            arguments,
            method_call,
            receiver,
            on_self,
            exempt_arguments,
        } = condition
        {
            return match effects::helper_chain(
                model,
                name,
                *arguments,
                *method_call,
                receiver.as_ref(),
                on_self.as_deref(),
            ) {
                // It writes to what it is given, and it is given no IO
                // writer.
                Some(chain)
                    if chain
                        .parameter
                        .is_some_and(|at| exempt_arguments.contains(&at)) =>
                {
                    Settled::Drop
                }
                Some(chain) => Settled::KeepWithNote(format!(
                    "{}: a failed {} is lost with it",
                    chain.note(),
                    operation_word(chain.io_call().trim_end_matches('!'))
                )),
                None => Settled::Drop,
            };
        }
        let Condition::Receiver(query) = condition else {
            return Settled::Keep;
        };
        let only_on_a_stream = calls::is_io_only_on_a_stream(&query.method);
        let keep = match resolve_receiver(model, query) {
            Resolved::Kind(kind) => !kind.is_exempt(),
            // A `close` declared by the crate is IO when it says so
            // (`-> io::Result<()>`); a `finish` the crate declares is an
            // encoder's or a builder's.
            Resolved::Declared(declared) if only_on_a_stream => {
                query.method == "close" && declared.iter().any(|one| one.returns_io_error)
            }
            // A method that hands its argument back when it fails reports
            // a closed queue, not an IO error.
            Resolved::Declared(declared) => declared.iter().any(|one| {
                one.summary.mentions_result && one.takes_bytes && !one.gives_argument_back
            }),
            Resolved::CrateType | Resolved::External | Resolved::Unknown => !only_on_a_stream,
        };
        Settled::keep_if(keep)
    }
}

/// A call of a function the crate may declare as an IO helper, thrown
/// away: reported if the crate model confirms it passes on an IO call's
/// result (see [`effects`]).
fn report_helper(checker: &mut Checker<'_, '_>, discard: &Discard<'_>, value: &Value<'_>) {
    if checker.in_drop() || value.form == CallForm::Macro {
        return;
    }
    let on_self = match value.call.as_deref() {
        Some(Expr::MethodCall(call)) if calls::is_self(&call.receiver) => impl_name(checker),
        Some(Expr::Call(call)) => match &*call.func {
            Expr::Path(path)
                if path
                    .path
                    .segments
                    .iter()
                    .rev()
                    .nth(1)
                    .is_some_and(|owner| owner.ident == "Self") =>
            {
                impl_name(checker)
            }
            _ => None,
        },
        _ => None,
    };
    let written: Vec<&Expr> = match value.call.as_deref() {
        Some(Expr::MethodCall(call)) => call.args.iter().collect(),
        Some(Expr::Call(call)) => call.args.iter().collect(),
        _ => Vec::new(),
    };
    let exempt_arguments = written
        .iter()
        .enumerate()
        .filter(|(_, argument)| writer_kind(checker, argument).is_exempt())
        .map(|(at, _)| at)
        .collect();
    let method_call = value.form == CallForm::Method;
    let condition = Condition::Effect {
        name: value.name.clone(),
        arguments: if method_call {
            value.arguments
        } else {
            value.call_arguments
        },
        method_call,
        receiver: receiver_query(checker, value),
        on_self,
        exempt_arguments,
    };
    let mut finding = Finding::new(ThrownAwayResult { value }, value.range.clone())
        .with_statement(discard.replace.clone())
        .with_label(format!("`{}` writes, and this can fail", value.name));
    finding = with_form_label(finding, checker, discard, "`Result`");
    if value.before_ok.is_some() {
        finding =
            finding.with_note("`.ok()` turns the error into `None`, which is then thrown away");
    }
    let returns = checker.scope().map_or(ReturnKind::Unknown, Scope::returns);
    if let Some(suggestion) = suggestion(checker, discard, value, returns) {
        finding = finding.with_suggestion(suggestion);
    }
    checker.report(finding.with_condition(condition));
}

/// The name of the type of the enclosing `impl`.
fn impl_name(checker: &Checker<'_, '_>) -> Option<String> {
    let syn::Type::Path(path) = &*checker.enclosing_impl()?.self_ty else {
        return None;
    };
    Some(path.path.segments.last()?.ident.to_string())
}

/// `value?` (without a trailing `.ok()`) where the body can pass errors on.
fn suggestion(
    checker: &Checker<'_, '_>,
    discard: &Discard<'_>,
    value: &Value<'_>,
    returns: ReturnKind,
) -> Option<Suggestion> {
    if discard.form == DiscardForm::SelectArm {
        // The arm's future is awaited by the macro: the output is handled
        // in the handler, which a reader writes. A counting write's
        // `Ok(_)` drops the count too.
        let message = if matches!(value.name.as_str(), "write" | "write_vectored") {
            "bind the output and handle the error and the count in the arm (`result = … => { let n = result?; … }`), or write everything with `write_all`"
        } else {
            "bind the output and handle the error in the arm: `result = … => result?`"
        };
        return Some(Suggestion {
            message: message.to_string(),
            edits: Vec::new(),
            applicability: Applicability::DisplayOnly,
        });
    }
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
    let replacement = finish_replacement(discard, format!("{}?", checker.text(kept)));
    Some(Suggestion {
        message: "pass the error on (this changes what happens when it fails)".to_string(),
        edits: vec![Edit {
            range: discard.replace.clone(),
            replacement,
        }],
        applicability: Applicability::Unsafe,
    })
}
