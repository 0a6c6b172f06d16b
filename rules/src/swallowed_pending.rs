//! The `swallowed_pending` rule; its documentation is on [`SWALLOWED_PENDING`].

use lint_core::interest::{Calls, Interests, Names, Position, Returns, Setting, Shape};
use lint_core::model::Condition;
use lint_core::value::CallForm;
use lint_core::{
    declare_rule, Applicability, Checker, Finding, FixAvailability, Level, Rule, RuleMeta, Scope,
    Suggestion, Violation,
};
use syn::{Arm, Expr, Pat, Stmt};

use crate::calls;
use crate::messages::operation_word;
use crate::pending_lost_on_return::is_unit_or_ok;

declare_rule! {
    /// ## What it does
    /// Finds a `match` on a write-side poll whose `Poll::Pending` arm (or a
    /// `_` arm that covers it) is empty, and an
    /// `if let Poll::Ready(…) = x.poll_flush(cx) { … }` with no `else` (or an
    /// empty one), when the code goes on after it.
    ///
    /// ## Why is this bad?
    /// The match handles `Pending` by doing nothing, so the function carries
    /// on as if the write, flush or shutdown had completed: it marks a
    /// response as sent, closes the socket, or reports success while the data
    /// is still waiting. A pending poll must end this poll with
    /// `Poll::Pending` (the callee has registered the waker) or leave a note
    /// to come back.
    ///
    /// ## Known problems
    /// Deliberately narrow, to stay quiet on correct code: an arm that does
    /// anything at all (returns, breaks, continues, sets a flag, calls a
    /// function) is taken as handling `Pending`, as is an `if let` whose
    /// `else` is not empty or that ends its block. When every `Ready` path
    /// leaves (returns, breaks, continues), the code after the `match` or
    /// `if let` is the pending path on purpose and is not reported. Matches on a value
    /// computed earlier (`let p = x.poll_flush(cx); match p { … }`) and
    /// `while let` loops are not checked.
    ///
    /// ## Example
    /// ```rust,ignore
    /// match Pin::new(&mut self.io).poll_flush(cx) {
    ///     Poll::Ready(result) => result?,
    ///     Poll::Pending => {}
    /// }
    /// self.state = State::Done;
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// match Pin::new(&mut self.io).poll_flush(cx) {
    ///     Poll::Ready(result) => result?,
    ///     Poll::Pending => return Poll::Pending,
    /// }
    /// self.state = State::Done;
    /// ```
    pub SWALLOWED_PENDING = {
        name: "swallowed_pending",
        summary: "a `Poll::Pending` from a write-side poll is matched and then ignored",
        default_level: Level::Deny,
        level_reason: "the code goes on as if the write had finished: the same data loss as a discarded `Poll`",
        fix: FixAvailability::None,
    }
}

/// See [`SWALLOWED_PENDING`].
pub struct SwallowedPending;

/// The calls this rule judges where a `match` or `if let` looks at them:
/// the polls `discarded_poll` judges where they are thrown away.
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

/// A `Pending` matched and ignored.
struct Swallowed<'n> {
    name: &'n str,
    construct: &'static str,
}

impl Violation for Swallowed<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &SWALLOWED_PENDING
    }

    fn message(&self) -> String {
        format!(
            "`Poll::Pending` from `{}` is swallowed: the code after this `{}` goes on as if the {} had finished",
            self.name,
            self.construct,
            operation_word(self.name)
        )
    }
}

impl Rule for SwallowedPending {
    fn meta(&self) -> &'static RuleMeta {
        &SWALLOWED_PENDING
    }

    fn interests(&self) -> Interests {
        INTERESTS
    }

    fn check_stmt(&self, checker: &mut Checker<'_, '_>, stmt: &Stmt, following: &[Stmt]) {
        let (expr, has_semicolon) = match stmt {
            Stmt::Expr(expr, semicolon) => (expr, semicolon.is_some()),
            _ => return,
        };
        // The value of a block's last expression is its result, not dropped;
        // and code that goes on only to return `Pending` handles it.
        // A function that only returns `()` or `Ok(())` after it loses the
        // `Pending` at its return: `pending_lost_on_return`'s.
        let ends_fn = following.iter().all(is_unit_or_ok) && is_own_statement_of_fn(checker, stmt);
        let goes_on = !following.is_empty() && !returns_pending(&following[0]) && !ends_fn;
        match expr {
            Expr::Match(matched) if goes_on || has_semicolon => {
                // Only when a `Ready` arm also falls through does the code
                // after the match run both when done and when pending; if
                // every `Ready` arm leaves, that code is the pending path.
                let Some(arm) = swallowing_arm(&matched.arms) else {
                    return;
                };
                let ready_falls_through = matched
                    .arms
                    .iter()
                    .any(|arm| is_ready_pattern(&arm.pat) && !diverges(&arm.body))
                    || (matches!(arm.pat, Pat::Wild(_))
                        && !matched.arms.iter().any(|earlier| {
                            takes_every_ready(&earlier.pat) && diverges(&earlier.body)
                        }));
                if ready_falls_through {
                    let arm_range = checker.range_of(arm);
                    report(checker, &matched.expr, expr, Some(arm_range), "match");
                }
            }
            Expr::If(condition) if goes_on => {
                let Expr::Let(binding) = &*condition.cond else {
                    return;
                };
                // `if let Ready(r) = … { return … }` leaves the code below to
                // the pending case on purpose.
                if !is_ready_pattern(&binding.pat)
                    || (takes_every_ready(&binding.pat) && block_diverges(&condition.then_branch))
                {
                    return;
                }
                let else_is_empty = match &condition.else_branch {
                    None => true,
                    Some((_, branch)) => is_empty_body(branch),
                };
                if else_is_empty {
                    report(checker, &binding.expr, expr, None, "if let");
                }
            }
            _ => {}
        }
    }
}

fn report(
    checker: &mut Checker<'_, '_>,
    scrutinee: &Expr,
    statement: &Expr,
    arm: Option<std::ops::Range<usize>>,
    construct: &'static str,
) {
    let Some(value) = lint_core::value::of_expr(checker, scrutinee) else {
        return;
    };
    if value.shape != Shape::Poll {
        return;
    }
    let name = &value.name;
    let mut finding = Finding::new(Swallowed { name, construct }, value.range.clone())
        .with_statement(checker.range_of(statement))
        .with_label("this may be `Pending`");
    finding = match arm {
        Some(arm) => finding.with_secondary(arm, "`Pending` lands here and nothing happens"),
        None => finding.with_note("there is no `else`: when the poll is `Pending`, the `if` is skipped and the code below runs"),
    };
    let condition = Condition::ReturnsPoll {
        name: name.clone(),
        arguments: value.call_arguments,
        method_call: value.form == CallForm::Method,
        by_name: value.by_name,
    };
    checker.report(
        finding
            .with_suggestion(Suggestion {
                message: "end this poll with `Poll::Pending` (the callee has registered the waker), e.g. `Poll::Pending => return Poll::Pending`".to_string(),
                edits: Vec::new(),
                applicability: Applicability::DisplayOnly,
            })
            .with_condition(condition),
    );
}

/// The arm that receives `Pending` when it does nothing with it: an explicit
/// `Poll::Pending` arm, or a `_` arm with no `Pending` arm before it.
pub(crate) fn swallowing_arm(arms: &[Arm]) -> Option<&Arm> {
    for arm in arms {
        if arm.guard.is_some() {
            continue;
        }
        let receives_pending = match &arm.pat {
            Pat::Wild(_) => true,
            pattern => is_pending_pattern(pattern),
        };
        if receives_pending {
            return is_empty_body(&arm.body).then_some(arm);
        }
    }
    None
}

/// Whether evaluating `body` never finishes normally: it returns, breaks,
/// continues or panics.
pub(crate) fn diverges(body: &Expr) -> bool {
    match body {
        Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) => true,
        Expr::Block(block) => block_diverges(&block.block),
        Expr::Macro(mac) => is_panic(&mac.mac),
        _ => false,
    }
}

fn block_diverges(block: &syn::Block) -> bool {
    match block.stmts.last() {
        Some(Stmt::Expr(expr, _)) => diverges(expr),
        Some(Stmt::Macro(statement)) => is_panic(&statement.mac),
        _ => false,
    }
}

pub(crate) fn is_panic(mac: &syn::Macro) -> bool {
    mac.path.segments.last().is_some_and(|segment| {
        matches!(
            segment.ident.to_string().as_str(),
            "panic" | "unreachable" | "todo" | "unimplemented"
        )
    })
}

/// Whether `stmt` is a statement of the body of the function the walk is
/// in (not of a nested block or closure).
fn is_own_statement_of_fn(checker: &Checker<'_, '_>, stmt: &Stmt) -> bool {
    match checker.scope() {
        Some(Scope::Fn { body, .. }) => body.stmts.iter().any(|own| std::ptr::eq(own, stmt)),
        _ => false,
    }
}

/// `Poll::Pending` or `return Poll::Pending;`.
pub(crate) fn returns_pending(stmt: &Stmt) -> bool {
    let expr = match stmt {
        Stmt::Expr(Expr::Return(returned), _) => match &returned.expr {
            Some(value) => &**value,
            None => return false,
        },
        Stmt::Expr(expr, None) => expr,
        _ => return false,
    };
    matches!(expr, Expr::Path(path) if last_segment_is(&path.path, "Pending"))
}

pub(crate) fn last_segment_is(pattern_path: &syn::Path, name: &str) -> bool {
    pattern_path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == name)
}

pub(crate) fn is_pending_pattern(pattern: &Pat) -> bool {
    match pattern {
        Pat::Path(path) => last_segment_is(&path.path, "Pending"),
        Pat::Ident(binding) => binding.ident == "Pending",
        Pat::Or(or) => or.cases.iter().any(is_pending_pattern),
        _ => false,
    }
}

/// `Poll::Ready(x)` or `Poll::Ready(_)`: every ready value, not only
/// `Ready(Err(_))`.
pub(crate) fn takes_every_ready(pattern: &Pat) -> bool {
    match pattern {
        Pat::TupleStruct(tuple) => {
            last_segment_is(&tuple.path, "Ready")
                && tuple.elems.iter().all(|inner| {
                    matches!(inner, Pat::Wild(_) | Pat::Rest(_))
                        || matches!(inner, Pat::Ident(binding) if binding.subpat.is_none())
                })
        }
        Pat::Path(path) => last_segment_is(&path.path, "Ready"),
        _ => false,
    }
}

pub(crate) fn is_ready_pattern(pattern: &Pat) -> bool {
    match pattern {
        Pat::TupleStruct(tuple) => last_segment_is(&tuple.path, "Ready"),
        Pat::Path(path) => last_segment_is(&path.path, "Ready"),
        _ => false,
    }
}

/// `{}`, `()`, or a block holding only logging macros.
pub(crate) fn is_empty_body(body: &Expr) -> bool {
    match body {
        Expr::Tuple(tuple) => tuple.elems.is_empty(),
        Expr::Block(block) => block.block.stmts.iter().all(|stmt| match stmt {
            Stmt::Macro(statement) => is_logging(&statement.mac),
            Stmt::Expr(Expr::Macro(mac), _) => is_logging(&mac.mac),
            _ => false,
        }),
        _ => false,
    }
}

pub(crate) fn is_logging(mac: &syn::Macro) -> bool {
    mac.path.segments.last().is_some_and(|segment| {
        matches!(
            segment.ident.to_string().as_str(),
            "trace" | "debug" | "info" | "warn" | "error" | "log" | "println" | "eprintln"
        )
    })
}
