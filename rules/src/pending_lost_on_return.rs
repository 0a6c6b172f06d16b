//! The `pending_lost_on_return` rule; its documentation is on
//! [`PENDING_LOST_ON_RETURN`].

use lint_core::interest::{Calls, Interests, Names, Position, Returns, Setting, Shape};
use lint_core::model::{Condition, CrateModel};
use lint_core::{
    declare_rule, Applicability, Checker, Finding, FixAvailability, Level, ReturnKind, Rule,
    RuleMeta, Scope, Settled, Suggestion, Violation,
};
use syn::{Expr, Stmt};

use crate::calls;
use crate::discarded_poll::{settle_write_poll, write_poll_conditions};
use crate::messages::not_finished;
use crate::swallowed_pending::{is_empty_body, is_logging, is_ready_pattern, swallowing_arm};

declare_rule! {
    /// ## What it does
    /// Finds a function that returns neither `Poll` nor anything else its
    /// caller could read a poll's outcome from, whose last statement polls a
    /// write-side poll (`poll_flush`, `poll_write`, `poll_shutdown`,
    /// `poll_close`, a `Sink`'s `poll_ready`, or a poll the crate declares
    /// that drives one) and leaves no trace of `Pending`: a `match` whose
    /// `Pending` arm (or a `_` arm covering it) is empty, only logs, or
    /// returns `Ok(())`, or an `if let Poll::Ready(…) = …` with no `else`.
    ///
    /// ## Why is this bad?
    /// The function returns `()` (or `Ok(())`) whether the flush finished or
    /// not, so its caller cannot tell that data is still buffered: it goes on
    /// to close the connection, drop the writer or report success. Inside a
    /// poll function a `Pending` is passed on by returning `Poll::Pending`;
    /// a function that does not return `Poll` must say so some other way.
    ///
    /// ## Known problems
    /// Only the function's last statement is looked at (code after a
    /// swallowed `Pending` is `swallowed_pending`'s), and only functions
    /// whose signature returns `()`, a `Result`, or nothing written: one
    /// returning a `bool`, an `Option` or a value of its own may carry the
    /// outcome. A `Pending` arm that does anything but log (sets a flag,
    /// returns a value, calls a function) is taken as leaving a trace. A
    /// best-effort flush whose caller polls again anyway (the waker is
    /// registered) is reported; say so in a suppression.
    ///
    /// ## Example
    /// ```rust,ignore
    /// fn flush_socket(&mut self, cx: &mut Context<'_>) {
    ///     if let Poll::Ready(Err(e)) = Pin::new(&mut self.io).poll_flush(cx) {
    ///         self.error = Some(e);
    ///     }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// fn flush_socket(&mut self, cx: &mut Context<'_>) -> bool {
    ///     match Pin::new(&mut self.io).poll_flush(cx) {
    ///         Poll::Ready(Ok(())) => true,
    ///         Poll::Ready(Err(e)) => {
    ///             self.error = Some(e);
    ///             true
    ///         }
    ///         Poll::Pending => false,
    ///     }
    /// }
    /// ```
    pub PENDING_LOST_ON_RETURN = {
        name: "pending_lost_on_return",
        summary: "a function that does not return `Poll` ends by ignoring a write-side poll's `Pending`",
        default_level: Level::Warn,
        level_reason: "the caller cannot tell that the write is still pending; some callers poll again anyway, so this is a warning",
        fix: FixAvailability::None,
    }
}

/// See [`PENDING_LOST_ON_RETURN`].
pub struct PendingLostOnReturn;

static INTERESTS: Interests = Interests {
    calls: &[
        Calls {
            names: calls::WRITE_POLLS,
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::Matched,
        },
        Calls {
            names: Names::Configured(Setting::WritePolls),
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::Matched,
        },
        Calls {
            names: Names::CalledWithContext,
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::Matched,
        },
    ],
    macros: &[],
    bodies: &[],
    clippy_equivalents: &[],
};

struct LostOnReturn<'n> {
    name: &'n str,
    function: String,
    returns: &'static str,
}

impl Violation for LostOnReturn<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &PENDING_LOST_ON_RETURN
    }

    fn message(&self) -> String {
        format!(
            "`Poll::Pending` from `{}` is lost when `{}` returns {}: its caller cannot tell that {}",
            self.name,
            self.function,
            self.returns,
            not_finished(self.name)
        )
    }
}

impl Rule for PendingLostOnReturn {
    fn meta(&self) -> &'static RuleMeta {
        &PENDING_LOST_ON_RETURN
    }

    fn interests(&self) -> Interests {
        INTERESTS
    }

    fn check_stmt(&self, checker: &mut Checker<'_, '_>, stmt: &Stmt, following: &[Stmt]) {
        let Stmt::Expr(expr, _) = stmt else { return };
        if !following.iter().all(is_unit_or_ok) {
            return;
        }
        let Some(scope) = checker.scope().copied() else {
            return;
        };
        // A `drop` can do nothing but try.
        let Scope::Fn {
            sig,
            body,
            is_drop: false,
        } = scope
        else {
            return;
        };
        // The function's own statement, not a nested block's.
        if !body.stmts.iter().any(|own| std::ptr::eq(own, stmt)) {
            return;
        }
        let returns = match scope.returns() {
            ReturnKind::Unit => "`()`",
            ReturnKind::Result => "`Ok`",
            _ => return,
        };
        // `async fn` bodies are awaited; a poll in one is unusual and its
        // outcome is the future's.
        if sig.asyncness.is_some() {
            return;
        }
        let (scrutinee, arm) = match expr {
            Expr::Match(matched) => {
                let Some(arm) = swallowing_arm(&matched.arms)
                    .or_else(|| pending_arm_returning_ok(&matched.arms))
                else {
                    return;
                };
                (&*matched.expr, Some(checker.range_of(arm)))
            }
            Expr::If(branch) => {
                let Expr::Let(binding) = &*branch.cond else {
                    return;
                };
                let else_is_empty = match &branch.else_branch {
                    None => true,
                    Some((_, otherwise)) => is_empty_body(otherwise),
                };
                if !is_ready_pattern(&binding.pat) || !else_is_empty {
                    return;
                }
                (&*binding.expr, None)
            }
            _ => return,
        };
        let Some(value) = lint_core::value::of_expr(checker, scrutinee) else {
            return;
        };
        if value.shape != Shape::Poll {
            return;
        }
        let Some(conditions) = write_poll_conditions(checker, &value) else {
            return;
        };
        let mut finding = Finding::new(
            LostOnReturn {
                name: &value.name,
                function: sig.ident.to_string(),
                returns,
            },
            value.range.clone(),
        )
        .with_label("this may be `Pending`")
        .with_statement(checker.range_of(expr));
        finding = match arm {
            Some(arm) => finding.with_secondary(arm, "`Pending` lands here and leaves no trace"),
            None => finding.with_note(
                "there is no `else`: when the poll is `Pending`, the function returns as it does when the poll is done",
            ),
        };
        finding = finding.with_suggestion(Suggestion {
            message: "return `Poll<…>` and pass `Pending` on, or return something the caller can check (`Pending => false`), or record it (`Pending => self.flush_pending = true`)".to_string(),
            edits: Vec::new(),
            applicability: Applicability::DisplayOnly,
        });
        for condition in conditions {
            finding = finding.with_condition(condition);
        }
        checker.report(finding);
    }

    fn settle(&self, condition: &Condition, model: &CrateModel) -> Settled {
        settle_write_poll(condition, model)
    }
}

/// A logging macro as a statement.
fn only_logs(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Macro(statement) => is_logging(&statement.mac),
        Stmt::Expr(Expr::Macro(mac), _) => is_logging(&mac.mac),
        _ => false,
    }
}

/// `()`, `Ok(())`, `return;`, `return Ok(());`.
pub(crate) fn is_unit_or_ok(stmt: &Stmt) -> bool {
    let expr = match stmt {
        Stmt::Expr(Expr::Return(returned), _) => match &returned.expr {
            Some(value) => &**value,
            None => return true,
        },
        Stmt::Expr(expr, _) => expr,
        _ => return false,
    };
    is_ok_unit(expr)
}

fn is_ok_unit(expr: &Expr) -> bool {
    match expr {
        Expr::Tuple(tuple) => tuple.elems.is_empty(),
        Expr::Call(call) => {
            matches!(&*call.func, Expr::Path(path) if path.path.is_ident("Ok"))
                && call.args.len() == 1
                && is_ok_unit(&call.args[0])
        }
        _ => false,
    }
}

/// A `Pending` arm whose body is `Ok(())` or `return Ok(())`: the caller is
/// told that all went well.
fn pending_arm_returning_ok(arms: &[syn::Arm]) -> Option<&syn::Arm> {
    arms.iter().find(|arm| {
        arm.guard.is_none()
            && crate::swallowed_pending::is_pending_pattern(&arm.pat)
            && match &*arm.body {
                Expr::Return(returned) => returned.expr.as_deref().is_some_and(is_ok_unit),
                // `{ log!(…); Ok(()) }`
                Expr::Block(block) => match block.block.stmts.split_last() {
                    Some((last, before)) => {
                        is_unit_or_ok(last)
                            && !matches!(last, Stmt::Expr(Expr::Tuple(_), _))
                            && before.iter().all(only_logs)
                    }
                    None => false,
                },
                other => is_ok_unit(other) && !matches!(other, Expr::Tuple(_)),
            }
    })
}
