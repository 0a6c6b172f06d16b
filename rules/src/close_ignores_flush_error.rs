//! The `close_ignores_flush_error` rule; its documentation is on
//! [`CLOSE_IGNORES_FLUSH_ERROR`].

use lint_core::interest::{Calls, Interests, Names, Position, Returns, Setting, Shape};
use lint_core::model::{Condition, CrateModel};
use lint_core::{
    declare_rule, Applicability, Checker, Edit, Finding, FixAvailability, Level, ReturnKind, Rule,
    RuleMeta, Scope, Settled, Suggestion, Violation,
};
use syn::visit::{self, Visit};
use syn::{Arm, Expr, Pat, Stmt};

use crate::calls;
use crate::discarded_poll::{settle_write_poll, write_poll_conditions};
use crate::swallowed_pending::{
    diverges, is_empty_body, is_pending_pattern, last_segment_is, returns_pending,
};

declare_rule! {
    /// ## What it does
    /// Finds a flush whose `Pending` is handled but whose error is thrown
    /// away, before a close: `match x.poll_flush(cx) { Poll::Pending =>
    /// return Poll::Pending, Poll::Ready(_) => {} }` (or a `_` arm), or
    /// `if let Poll::Pending = x.poll_flush(cx) { return Poll::Pending; }`,
    /// in a `poll_shutdown`/`poll_close`, or followed by a call of
    /// `poll_shutdown`, `poll_close`, `shutdown` or `close`.
    ///
    /// ## Why is this bad?
    /// When the flush fails, the bytes it was writing are lost; the close
    /// then goes ahead and reports success, so the caller believes
    /// everything was delivered. `Poll::Ready(_)` matches `Ready(Err(e))`
    /// as well as `Ready(Ok(()))`.
    ///
    /// ## Known problems
    /// Only flushes (`poll_flush`, `poll_flush_unpin`, and a crate's poll
    /// named `poll_flush_…`) are judged, and only a `Ready` arm that binds
    /// nothing (`Ready(_)`, `Ready(..)`, `_`) with an empty body. A close
    /// after the flush is recognised by its name; one in a helper called
    /// afterwards is not. Ignoring a flush error on purpose (the peer is
    /// already gone) should say so in a suppression.
    ///
    /// In a function returning `Poll<Result<…>>`, the unsafe fix turns the
    /// arm `Poll::Ready(_) => {}` into `Poll::Ready(result) => result?` (the
    /// close now fails where it reported success); a `_` arm, or the `if
    /// let` and `is_pending()` forms, get advice only.
    ///
    /// ## Example
    /// ```rust,ignore
    /// fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    ///     match self.as_mut().poll_flush(cx) {
    ///         Poll::Pending => return Poll::Pending,
    ///         Poll::Ready(_) => {}
    ///     }
    ///     Pin::new(&mut self.inner).poll_close(cx)
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    ///     ready!(self.as_mut().poll_flush(cx))?;
    ///     Pin::new(&mut self.inner).poll_close(cx)
    /// }
    /// ```
    pub CLOSE_IGNORES_FLUSH_ERROR = {
        name: "close_ignores_flush_error",
        summary: "a flush's error is thrown away by `Poll::Ready(_)` before a close that reports success",
        default_level: Level::Deny,
        level_reason: "a failed flush loses buffered data, and the close tells the caller all went well",
        fix: FixAvailability::Sometimes,
    }
}

/// See [`CLOSE_IGNORES_FLUSH_ERROR`].
pub struct CloseIgnoresFlushError;

static INTERESTS: Interests = Interests {
    calls: &[
        Calls {
            names: calls::WRITE_POLLS,
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::Matched,
        },
        Calls {
            names: calls::WRITE_POLLS,
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::Tested,
        },
        Calls {
            names: Names::Configured(Setting::WritePolls),
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::Matched,
        },
    ],
    macros: &[],
    bodies: &[],
    clippy_equivalents: &[],
};

struct IgnoredFlushError<'n> {
    name: &'n str,
}

impl Violation for IgnoredFlushError<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &CLOSE_IGNORES_FLUSH_ERROR
    }

    fn message(&self) -> String {
        format!(
            "the error of `{}` is thrown away before the close: a failed flush loses the buffered data, and the close reports success",
            self.name
        )
    }
}

/// The names of close methods and polls.
const CLOSES: &[&str] = &[
    "poll_shutdown",
    "poll_close",
    "poll_shutdown_unpin",
    "poll_close_unpin",
    "shutdown",
    "close",
];

impl Rule for CloseIgnoresFlushError {
    fn meta(&self) -> &'static RuleMeta {
        &CLOSE_IGNORES_FLUSH_ERROR
    }

    fn interests(&self) -> Interests {
        INTERESTS
    }

    fn check_stmt(&self, checker: &mut Checker<'_, '_>, stmt: &Stmt, following: &[Stmt]) {
        let Stmt::Expr(expr, _) = stmt else { return };
        let mut fix_arm = None;
        let (scrutinee, ignoring) = match expr {
            Expr::Match(matched) => {
                let Some(arm) = ignoring_ready_arm(&matched.arms) else {
                    return;
                };
                fix_arm = Some(arm);
                (&*matched.expr, checker.range_of(arm))
            }
            // `if let Poll::Pending = … { return Poll::Pending; }` and
            // `if ….is_pending() { return Poll::Pending; }`.
            Expr::If(branch) if branch.else_branch.is_none() => {
                let returns = branch.then_branch.stmts.last().is_some_and(returns_pending);
                if !returns {
                    return;
                }
                let scrutinee = match &*branch.cond {
                    Expr::Let(binding) if is_pending_pattern(&binding.pat) => &*binding.expr,
                    Expr::MethodCall(call)
                        if call.method == "is_pending" && call.args.is_empty() =>
                    {
                        &*call.receiver
                    }
                    _ => return,
                };
                (scrutinee, checker.range_of(&branch.cond))
            }
            _ => return,
        };
        // A `?` inside passes the error on (`if let Pending = x.poll_flush(cx)?`).
        if matches!(peel(scrutinee), Expr::Try(_)) {
            return;
        }
        let Some(value) = lint_core::value::of_expr(checker, scrutinee) else {
            return;
        };
        if value.shape != Shape::Poll
            || value.under_question_mark.is_some()
            || value.question_mark_inside
            || !is_flush(&value.name)
        {
            return;
        }
        let in_close = match checker.scope() {
            Some(Scope::Fn { sig, .. }) => CLOSES.contains(&sig.ident.to_string().as_str()),
            _ => false,
        };
        let close = if in_close {
            None
        } else {
            match close_after(following) {
                Some(close) => Some(checker.range_of(close)),
                None => return,
            }
        };
        let Some(conditions) = write_poll_conditions(checker, &value) else {
            return;
        };
        let mut finding =
            Finding::new(IgnoredFlushError { name: &value.name }, value.range.clone())
                .with_label("this may fail")
                .with_statement(checker.range_of(expr))
                .with_secondary(ignoring, "`Poll::Ready(Err(_))` lands here and is ignored");
        finding = match close {
            Some(close) => {
                finding.with_secondary(close, "the close goes ahead after a failed flush")
            }
            None => finding
                .with_note("this function is the close: it goes on to close after a failed flush"),
        };
        let edits = match (fix_arm, checker.scope().map(Scope::returns)) {
            (Some(arm), Some(ReturnKind::Poll { result: true })) => pass_error_on(checker, arm),
            _ => Vec::new(),
        };
        finding = finding.with_suggestion(if edits.is_empty() {
            Suggestion {
                message: "pass the error on: `ready!(…)?;` (or `Poll::Ready(Err(e)) => return Poll::Ready(Err(e))`)".to_string(),
                edits,
                applicability: Applicability::DisplayOnly,
            }
        } else {
            Suggestion {
                message: "pass the error on: `Poll::Ready(result) => result?`".to_string(),
                edits,
                // The close now fails where it reported success.
                applicability: Applicability::Unsafe,
            }
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

/// The edits that make `Poll::Ready(_) => {}` pass the error on:
/// `Poll::Ready(result) => result?` (in a function returning
/// `Poll<Result<…>>`, `?` on the flush's `Result` returns
/// `Poll::Ready(Err(…))`). None for a `_` arm, which also covers `Pending`
/// in other spellings.
fn pass_error_on(checker: &Checker<'_, '_>, arm: &Arm) -> Vec<Edit> {
    let Pat::TupleStruct(tuple) = &arm.pat else {
        return Vec::new();
    };
    let Some(inner) = tuple.elems.first() else {
        return Vec::new();
    };
    if tuple.elems.len() != 1 {
        return Vec::new();
    }
    let body = if arm.comma.is_some() {
        "result?"
    } else {
        "result?,"
    };
    vec![
        Edit {
            range: checker.range_of(inner),
            replacement: "result".to_string(),
        },
        Edit {
            range: checker.range_of(&*arm.body),
            replacement: body.to_string(),
        },
    ]
}

fn peel(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(inner) => peel(&inner.expr),
        Expr::Group(inner) => peel(&inner.expr),
        other => other,
    }
}

/// `poll_flush`, `poll_flush_unpin`, `poll_flush_buf`, ….
fn is_flush(name: &str) -> bool {
    name == "poll_flush" || name.starts_with("poll_flush_")
}

/// The arm that receives `Ready(Err(_))` and ignores it, when the match
/// leaves on `Pending`: `Poll::Ready(_) => {}`, `Poll::Ready(..) => {}`,
/// or `_ => {}` after a `Pending` arm that leaves.
fn ignoring_ready_arm(arms: &[Arm]) -> Option<&Arm> {
    let pending = arms
        .iter()
        .find(|arm| arm.guard.is_none() && is_pending_pattern(&arm.pat))?;
    if !diverges(&pending.body) {
        return None;
    }
    for (at, arm) in arms.iter().enumerate() {
        if arm.guard.is_some() || !binds_nothing_of_ready(&arm.pat) {
            continue;
        }
        // An earlier arm for `Ready(Err(_))` leaves the `_` only `Ok`.
        let error_handled = arms[..at]
            .iter()
            .any(|earlier| matches_ready_error(&earlier.pat));
        return (is_empty_body(&arm.body) && !error_handled).then_some(arm);
    }
    None
}

/// `Poll::Ready(Err(…))`.
fn matches_ready_error(pattern: &Pat) -> bool {
    match pattern {
        Pat::TupleStruct(tuple) if last_segment_is(&tuple.path, "Ready") => {
            tuple.elems.iter().any(|inner| match inner {
                Pat::TupleStruct(inner) => last_segment_is(&inner.path, "Err"),
                _ => false,
            })
        }
        Pat::Or(or) => or.cases.iter().any(matches_ready_error),
        _ => false,
    }
}

/// `Poll::Ready(_)`, `Poll::Ready(..)`, `_`.
fn binds_nothing_of_ready(pattern: &Pat) -> bool {
    match pattern {
        Pat::Wild(_) => true,
        Pat::TupleStruct(tuple) => {
            last_segment_is(&tuple.path, "Ready")
                && tuple
                    .elems
                    .iter()
                    .all(|inner| matches!(inner, Pat::Wild(_) | Pat::Rest(_)))
        }
        _ => false,
    }
}

/// The first call of a close method in `stmts`, outside closures.
fn close_after(stmts: &[Stmt]) -> Option<&Expr> {
    struct Search<'ast> {
        found: Option<&'ast Expr>,
    }
    impl<'ast> Visit<'ast> for Search<'ast> {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            if self.found.is_some() {
                return;
            }
            if let Expr::MethodCall(call) = expr {
                if CLOSES.contains(&call.method.to_string().as_str()) {
                    self.found = Some(expr);
                    return;
                }
            }
            visit::visit_expr(self, expr);
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut search = Search { found: None };
    for stmt in stmts {
        search.visit_stmt(stmt);
        if search.found.is_some() {
            break;
        }
    }
    search.found
}
