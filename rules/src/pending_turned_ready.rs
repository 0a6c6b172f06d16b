//! The `pending_turned_ready` rule; its documentation is on
//! [`PENDING_TURNED_READY`].

use lint_core::interest::{Calls, Interests, Names, Position, Returns, Setting, Shape};
use lint_core::model::{Condition, CrateModel};
use lint_core::{
    declare_rule, Applicability, Checker, Edit, Finding, FixAvailability, Level, Rule, RuleMeta,
    Scope, Settled, Suggestion, Violation,
};
use syn::visit::{self, Visit};
use syn::{BinOp, Expr, ExprIf, Pat, Stmt, UnOp};

use crate::calls;
use crate::discarded_poll::{settle_write_poll, write_poll_conditions};
use crate::messages::not_finished;
use crate::swallowed_pending::{is_pending_pattern, last_segment_is, takes_every_ready};

declare_rule! {
    /// ## What it does
    /// Finds a write-side poll (`poll_flush`, `poll_write`, `poll_shutdown`,
    /// `poll_close`, a `Sink`'s `poll_ready`, or a poll the crate declares
    /// that drives one) whose `Poll` is turned into a bool or a branch, where
    /// the branch taken when it is `Pending` returns `Poll::Ready(…)`:
    /// `if x.poll_flush(cx)?.is_pending() { return Poll::Ready(Ok(())) }`,
    /// `if let Poll::Pending = … { return Poll::Ready(…) }`, or through a
    /// local (`let flushed = ….is_ready();` and later
    /// `if !flushed && !wants_read { return Poll::Ready(Ok(())) }`), with
    /// `!`, `&&` and `||` followed.
    ///
    /// ## Why is this bad?
    /// `Pending` means the flush (write, shutdown) has not finished; the
    /// caller of a poll function that answers `Ready` goes on as if it had:
    /// it shuts the connection down, drops the writer, or reports a response
    /// as sent, with bytes still buffered. Unlike a `let _ =`, the `Pending`
    /// is looked at here, which makes the mistake easy to miss in review.
    ///
    /// ## Known problems
    /// Only a `return Poll::Ready(…)` that ends the branch is seen; a branch
    /// that sets state and falls through to a `Poll::Ready` further down, a
    /// `break` out of a loop, or a bool handed to another function are not
    /// followed. A local is followed through the statements after it in the
    /// same block, and not at all when it is assigned again. Returning an
    /// error (`Poll::Ready(Err(…))`) or a payload holding `false` on the
    /// pending branch tells the caller that the operation did not finish and
    /// is not reported; nor is a flush polled inside `poll_write` or
    /// `start_send`, which may take bytes into a buffer while an earlier
    /// flush is still pending, nor a pending branch that polls a flush
    /// before it returns (what was buffered is on its way, and a pending
    /// flush registered the wake-up). A helper poll whose `Ready` means
    /// "stop looping, the caller decides" rather than "done" (a
    /// dispatcher's inner loop) is still reported when it yields with bytes
    /// buffered; that is the bug hyper 1.10 to 1.11 had.
    ///
    /// The unsafe fix returns `Poll::Pending` (spelled with the returned
    /// `Ready`'s path) on that branch: sound, since the poll that returned
    /// `Pending` registered the waker, but the function now reports what it
    /// did not before.
    ///
    /// ## Example
    /// ```rust,ignore
    /// fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    ///     let flushed = self.as_mut().poll_flush(cx)?.is_ready();
    ///     if !flushed && !self.wants_read {
    ///         return Poll::Ready(Ok(()));
    ///     }
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
    pub PENDING_TURNED_READY = {
        name: "pending_turned_ready",
        summary: "a write-side poll's `Pending` is turned into a bool, and the branch taken on it returns `Poll::Ready`",
        default_level: Level::Deny,
        level_reason: "the caller is told the write, flush or shutdown finished while it is still pending: the same data loss as a discarded `Poll`",
        fix: FixAvailability::Sometimes,
    }
}

/// See [`PENDING_TURNED_READY`].
pub struct PendingTurnedReady;

/// Write-side polls where `.is_ready()` / `.is_pending()` turn them into a
/// bool, or where an `if let` looks at them.
static INTERESTS: Interests = Interests {
    calls: &[
        Calls {
            names: calls::WRITE_POLLS,
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::Tested,
        },
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
            at: Position::Tested,
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
            at: Position::Tested,
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

struct TurnedReady<'n> {
    name: &'n str,
}

impl Violation for TurnedReady<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &PENDING_TURNED_READY
    }

    fn message(&self) -> String {
        format!(
            "`Poll::Pending` from `{}` is turned into `Poll::Ready`: when {}, this returns as if all were done",
            self.name,
            not_finished(self.name)
        )
    }
}

/// A truth value in one of the two worlds (the poll was pending, or ready).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        }
    }

    fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, Truth::False) => Truth::False,
            _ => Truth::Unknown,
        }
    }
}

/// What a condition is when the poll was `Pending` and when it was `Ready`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Worlds {
    pending: Truth,
    ready: Truth,
}

const UNKNOWN: Worlds = Worlds {
    pending: Truth::Unknown,
    ready: Truth::Unknown,
};

/// A poll turned into a bool: the call's name, its range, and what the
/// bool is in each world.
#[derive(Clone)]
struct Tested {
    name: String,
    range: std::ops::Range<usize>,
    worlds: Worlds,
    conditions: Vec<Condition>,
}

/// A local holding a tested poll (`let flushed = ….is_ready();`).
struct Local<'a> {
    ident: &'a syn::Ident,
    tested: Tested,
}

impl Rule for PendingTurnedReady {
    fn meta(&self) -> &'static RuleMeta {
        &PENDING_TURNED_READY
    }

    fn interests(&self) -> Interests {
        INTERESTS
    }

    fn check_expr(&self, checker: &mut Checker<'_, '_>, expr: &Expr) {
        if let Expr::If(branch) = expr {
            if may_turn_pending_ready(checker) {
                judge_if(checker, branch, None);
            }
        }
    }

    fn check_stmt(&self, checker: &mut Checker<'_, '_>, stmt: &Stmt, following: &[Stmt]) {
        let Stmt::Local(local) = stmt else { return };
        let Some(init) = &local.init else { return };
        if init.diverge.is_some() || following.is_empty() {
            return;
        }
        let pattern = match &local.pat {
            Pat::Type(typed) => &*typed.pat,
            other => other,
        };
        let Pat::Ident(binding) = pattern else { return };
        if binding.subpat.is_some() || !may_turn_pending_ready(checker) {
            return;
        }
        let mut found = None;
        let worlds = truth(checker, &init.expr, None, &mut found);
        let Some(mut tested) = found else { return };
        // Only the bool itself: `let x = a.is_ready() && b;` mixes worlds
        // that the condition below cannot tell apart.
        if !is_test_call(&init.expr) {
            return;
        }
        tested.worlds = worlds;
        let ident = &binding.ident;
        if assigned_again(following, ident) {
            return;
        }
        let local = Local { ident, tested };
        let mut branches = Branches::default();
        for stmt in following {
            branches.visit_stmt(stmt);
        }
        for branch in branches.found {
            if judge_if(checker, branch, Some(&local)) {
                // One finding for the poll, at its first such branch.
                return;
            }
        }
    }

    fn settle(&self, condition: &Condition, model: &CrateModel) -> Settled {
        settle_write_poll(condition, model)
    }
}

/// Whether the body the walk is in may turn a pending write into `Ready`:
/// not `poll_write` or `start_send`, which may buffer the bytes they are
/// given while an earlier flush is pending, and answer `Ready` for them.
fn may_turn_pending_ready(checker: &Checker<'_, '_>) -> bool {
    match checker.scope() {
        Some(Scope::Fn { sig, .. }) => {
            let name = sig.ident.to_string();
            !(name.starts_with("poll_write") || name == "start_send")
        }
        Some(_) => true,
        None => false,
    }
}

/// `x.is_ready()` or `x.is_pending()`, maybe negated or in parentheses.
fn is_test_call(expr: &Expr) -> bool {
    match expr {
        Expr::Paren(inner) => is_test_call(&inner.expr),
        Expr::Unary(unary) if matches!(unary.op, UnOp::Not(_)) => is_test_call(&unary.expr),
        Expr::MethodCall(call) => {
            call.args.is_empty()
                && matches!(call.method.to_string().as_str(), "is_ready" | "is_pending")
        }
        _ => false,
    }
}

/// What `condition` is in each world, with the first write-side poll it
/// tests (or the local that holds one) put in `found`.
fn truth(
    checker: &Checker<'_, '_>,
    condition: &Expr,
    local: Option<&Local<'_>>,
    found: &mut Option<Tested>,
) -> Worlds {
    match condition {
        Expr::Paren(inner) => truth(checker, &inner.expr, local, found),
        Expr::Group(inner) => truth(checker, &inner.expr, local, found),
        Expr::Unary(unary) if matches!(unary.op, UnOp::Not(_)) => {
            let inner = truth(checker, &unary.expr, local, found);
            Worlds {
                pending: inner.pending.not(),
                ready: inner.ready.not(),
            }
        }
        Expr::Binary(binary) if matches!(binary.op, BinOp::And(_) | BinOp::Or(_)) => {
            let left = truth(checker, &binary.left, local, found);
            let right = truth(checker, &binary.right, local, found);
            if matches!(binary.op, BinOp::And(_)) {
                Worlds {
                    pending: left.pending.and(right.pending),
                    ready: left.ready.and(right.ready),
                }
            } else {
                Worlds {
                    pending: left.pending.or(right.pending),
                    ready: left.ready.or(right.ready),
                }
            }
        }
        Expr::MethodCall(call) if call.args.is_empty() && local.is_none() => {
            let worlds = match call.method.to_string().as_str() {
                "is_pending" => Worlds {
                    pending: Truth::True,
                    ready: Truth::False,
                },
                "is_ready" => Worlds {
                    pending: Truth::False,
                    ready: Truth::True,
                },
                _ => return UNKNOWN,
            };
            match write_poll(checker, &call.receiver, worlds) {
                Some(tested) => {
                    found.get_or_insert(tested);
                    worlds
                }
                None => UNKNOWN,
            }
        }
        Expr::Path(path) => match local {
            Some(local) if path.path.is_ident(local.ident) => {
                found.get_or_insert_with(|| local.tested.clone());
                local.tested.worlds
            }
            _ => UNKNOWN,
        },
        Expr::Let(binding) if local.is_none() => {
            let worlds = if is_pending_pattern(&binding.pat) {
                Worlds {
                    pending: Truth::True,
                    ready: Truth::False,
                }
            } else if takes_every_ready(&binding.pat) {
                Worlds {
                    pending: Truth::False,
                    ready: Truth::True,
                }
            } else if is_ready_path(&binding.pat) {
                Worlds {
                    pending: Truth::False,
                    ready: Truth::Unknown,
                }
            } else {
                return UNKNOWN;
            };
            match write_poll(checker, &binding.expr, worlds) {
                Some(tested) => {
                    found.get_or_insert(tested);
                    worlds
                }
                None => UNKNOWN,
            }
        }
        _ => UNKNOWN,
    }
}

fn is_ready_path(pattern: &Pat) -> bool {
    match pattern {
        Pat::TupleStruct(tuple) => last_segment_is(&tuple.path, "Ready"),
        _ => false,
    }
}

/// The write-side poll `expr` is (through `?` and shape-keeping adapters).
fn write_poll(checker: &Checker<'_, '_>, expr: &Expr, worlds: Worlds) -> Option<Tested> {
    let value = lint_core::value::of_expr(checker, expr)?;
    if value.shape != Shape::Poll || calls::is_own_flush_in_close(checker, &value) {
        return None;
    }
    let conditions = write_poll_conditions(checker, &value)?;
    Some(Tested {
        name: value.name.clone(),
        range: value.range.clone(),
        worlds,
        conditions,
    })
}

/// Judges one `if`: reports when the branch taken only when the poll is
/// pending returns `Poll::Ready`. Whether it reported.
fn judge_if(checker: &mut Checker<'_, '_>, branch: &ExprIf, local: Option<&Local<'_>>) -> bool {
    let mut found = None;
    let worlds = truth(checker, &branch.cond, local, &mut found);
    let Some(tested) = found else { return false };
    // A branch is the pending one when `Pending` takes it always (and
    // `Ready` not always), or may take it where `Ready` never does.
    let then_on_pending = (worlds.pending == Truth::True && worlds.ready != Truth::True)
        || (worlds.pending == Truth::Unknown && worlds.ready == Truth::False);
    let else_on_pending = (worlds.pending == Truth::False && worlds.ready != Truth::False)
        || (worlds.pending == Truth::Unknown && worlds.ready == Truth::True);
    let returned = if then_on_pending {
        returns_ready(&branch.then_branch)
    } else if else_on_pending {
        match &branch.else_branch {
            Some((_, otherwise)) => match &**otherwise {
                Expr::Block(block) => returns_ready(&block.block),
                _ => None,
            },
            None => None,
        }
    } else {
        None
    };
    let Some(returned) = returned else {
        return false;
    };
    let pending_path = pending_path_for(checker, returned);
    let returned = checker.range_of(returned);
    let mut finding = Finding::new(TurnedReady { name: &tested.name }, tested.range.clone())
        .with_label(format!(
            "this may be `Pending`: {}",
            not_finished(&tested.name)
        ));
    if let Some(local) = local {
        let holds = if local.tested.worlds.pending == Truth::False {
            "false"
        } else {
            "true"
        };
        finding = finding.with_note(format!(
            "`{}` is {holds} when `{}` is pending",
            local.ident, tested.name
        ));
    }
    finding = finding
        .with_secondary(returned.clone(), "on `Pending`, this returns `Poll::Ready`")
        .with_suggestion(match pending_path {
            // The callee returned `Pending`, so it has registered the
            // waker: returning `Pending` is sound, but the function now
            // reports what it did not before.
            Some(pending) => Suggestion {
                message: format!("return `{pending}` on that branch (the callee has registered the waker)"),
                edits: vec![Edit {
                    range: returned.clone(),
                    replacement: pending,
                }],
                applicability: Applicability::Unsafe,
            },
            None => Suggestion {
                message: "return `Poll::Pending` on that branch (the callee has registered the waker), or poll with `ready!(…)?` before going on".to_string(),
                edits: Vec::new(),
                applicability: Applicability::DisplayOnly,
            },
        });
    for condition in tested.conditions {
        finding = finding.with_condition(condition);
    }
    checker.report(finding);
    true
}

/// The `return Poll::Ready(…)` (or `Poll::Ready(…)` as a `return`'s
/// value) that ends `block`, unless what it returns tells the caller that
/// the operation did not finish: an error, or a payload holding `false`.
fn returns_ready(block: &syn::Block) -> Option<&Expr> {
    let Some(Stmt::Expr(Expr::Return(returned), _)) = block.stmts.last() else {
        return None;
    };
    // The branch flushes before it yields: what was buffered is on its
    // way, and the flush registered the wake-up if it is pending.
    if flushes_first(&block.stmts[..block.stmts.len() - 1]) {
        return None;
    }
    let value = returned.expr.as_deref()?;
    let Expr::Call(call) = value else { return None };
    let Expr::Path(path) = &*call.func else {
        return None;
    };
    if !last_segment_is(&path.path, "Ready") {
        return None;
    }
    let payload = call.args.first()?;
    if tells_not_done(payload) {
        return None;
    }
    Some(value)
}

/// `Poll::Pending` spelled as the returned `Poll::Ready(…)` spells its path
/// (`Poll::Ready` → `Poll::Pending`, `task::Poll::Ready` →
/// `task::Poll::Pending`); `None` for a bare `Ready(…)`, whose `Pending`
/// may not be in scope.
fn pending_path_for(checker: &Checker<'_, '_>, returned: &Expr) -> Option<String> {
    let Expr::Call(call) = returned else {
        return None;
    };
    let Expr::Path(path) = &*call.func else {
        return None;
    };
    if path.path.segments.len() < 2 || path.qself.is_some() {
        return None;
    }
    let text = checker.text(checker.range_of(&*call.func));
    let prefix = text.strip_suffix("Ready")?;
    Some(format!("{prefix}Pending"))
}

/// Whether `stmts` poll a flush (`poll_flush`, `poll_flush_…`), outside
/// closures.
fn flushes_first(stmts: &[Stmt]) -> bool {
    struct Flush(bool);
    impl<'ast> Visit<'ast> for Flush {
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            let name = call.method.to_string();
            if name == "poll_flush" || name.starts_with("poll_flush_") {
                self.0 = true;
            }
            visit::visit_expr_method_call(self, call);
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            for argument in crate::self_paths::macro_arguments(mac) {
                self.visit_expr(&argument);
            }
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
    }
    let mut flush = Flush(false);
    for stmt in stmts {
        flush.visit_stmt(stmt);
    }
    flush.0
}

/// `Err(…)`, `Some(Err(…))`, `false`, `Ok(false)`.
fn tells_not_done(payload: &Expr) -> bool {
    match payload {
        Expr::Lit(literal) => matches!(&literal.lit, syn::Lit::Bool(b) if !b.value),
        Expr::Call(call) => {
            let Expr::Path(path) = &*call.func else {
                return false;
            };
            last_segment_is(&path.path, "Err") || call.args.iter().any(tells_not_done)
        }
        Expr::Paren(inner) => tells_not_done(&inner.expr),
        _ => false,
    }
}

/// The `if` expressions of a body, outside closures, `async` blocks and
/// nested items.
#[derive(Default)]
struct Branches<'ast> {
    found: Vec<&'ast ExprIf>,
}

impl<'ast> Visit<'ast> for Branches<'ast> {
    fn visit_expr_if(&mut self, branch: &'ast ExprIf) {
        self.found.push(branch);
        visit::visit_expr_if(self, branch);
    }
    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
    fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// Whether `ident` is assigned (`x = …`, `x |= …`) or bound again by a
/// `let` in `stmts`.
fn assigned_again(stmts: &[Stmt], ident: &syn::Ident) -> bool {
    struct Search<'i> {
        ident: &'i syn::Ident,
        found: bool,
    }
    impl<'ast> Visit<'ast> for Search<'_> {
        fn visit_expr_assign(&mut self, assign: &'ast syn::ExprAssign) {
            if matches!(&*assign.left, Expr::Path(path) if path.path.is_ident(self.ident)) {
                self.found = true;
            }
            visit::visit_expr_assign(self, assign);
        }
        fn visit_expr_binary(&mut self, binary: &'ast syn::ExprBinary) {
            if matches!(
                binary.op,
                BinOp::BitOrAssign(_) | BinOp::BitAndAssign(_) | BinOp::BitXorAssign(_)
            ) && matches!(&*binary.left, Expr::Path(path) if path.path.is_ident(self.ident))
            {
                self.found = true;
            }
            visit::visit_expr_binary(self, binary);
        }
        fn visit_pat_ident(&mut self, binding: &'ast syn::PatIdent) {
            if binding.ident == *self.ident {
                self.found = true;
            }
            visit::visit_pat_ident(self, binding);
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            // A macro may assign it; its tokens are not parsed here.
            if tokens_assign(mac.tokens.clone(), self.ident) {
                self.found = true;
            }
        }
    }
    let mut search = Search {
        ident,
        found: false,
    };
    for stmt in stmts {
        search.visit_stmt(stmt);
    }
    search.found
}

/// Whether the tokens hold `ident =` or `ident |=` (and the like).
fn tokens_assign(tokens: proc_macro2::TokenStream, ident: &syn::Ident) -> bool {
    let trees: Vec<_> = tokens.into_iter().collect();
    trees.iter().enumerate().any(|(at, tree)| match tree {
        proc_macro2::TokenTree::Ident(found) if found == ident => match trees.get(at + 1) {
            Some(proc_macro2::TokenTree::Punct(punct)) => {
                let assigns = punct.as_char() == '='
                    && !matches!(trees.get(at + 2), Some(proc_macro2::TokenTree::Punct(next)) if next.as_char() == '=' || next.as_char() == '>');
                let compound = matches!(punct.as_char(), '|' | '&' | '^')
                    && matches!(trees.get(at + 2), Some(proc_macro2::TokenTree::Punct(next)) if next.as_char() == '=');
                assigns || compound
            }
            _ => false,
        },
        proc_macro2::TokenTree::Group(group) => tokens_assign(group.stream(), ident),
        _ => false,
    })
}
