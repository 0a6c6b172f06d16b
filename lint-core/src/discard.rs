//! Where a value is thrown away: the one definition that the walk (on syn
//! trees) and the pre-filter's planner (on bytes) both follow.
//!
//! A value is thrown away when it is
//! - bound by `let _ = value;` or `let _: T = value;`,
//! - bound to a `_name` that nothing after it reads,
//! - assigned to `_` (`_ = value`),
//! - given to `drop(…)` (or `mem::drop`, `std::mem::drop`),
//! - or a statement of its own (`value;`, `name!(…);`).
//!
//! and what stands between it and the call that made it is `.await`, a `?`
//! (or `.unwrap()`, `.expect(…)`: `TAKES_APART`), `.ok()`, or an adapter
//! that keeps its shape (`KEEPS_SHAPE`): the call's value is thrown away
//! with it. Whether a `?` leaves anything worth
//! judging depends on the value: a `Poll` stays one, a byte count is one;
//! rules say so in their [`crate::interest::Interests`].
//!
//! A statement of its own is left to rustc when what it throws away is
//! `#[must_use]`: a `Result`, a `Poll` or a future, whatever stands between
//! it and the call (`w.flush();`, `w.flush().await;`,
//! `x.poll_flush(cx)?;`, `write!(w, "…");`), gets rustc's `unused_must_use`
//! warning, and a `()` is no bug. Only what rustc does not warn about is
//! judged there: an `Option` from `.ok()` (`w.flush().ok();`) and a byte
//! count a `?` leaves (`w.write(buf)?;`). See [`rustc_warns`].

use std::ops::Range;

use syn::visit::{self, Visit};
use syn::{Expr, Macro, Pat, Stmt};

use crate::checker::Checker;
use crate::interest::Shape;

/// Methods that keep the shape of the value they are called on: when
/// `x.map(f)` is thrown away, so is what `x` was.
pub(crate) const KEEPS_SHAPE: &[&str] = &["map", "map_err", "map_ok", "inspect", "inspect_err"];

/// Methods that take a `Result` apart as `?` does, panicking on the error:
/// `w.write(buf).unwrap();` throws the count away.
pub(crate) const TAKES_APART: &[&str] = &["unwrap", "expect"];

/// Whether `method` takes a `Result` apart as `?` does ([`TAKES_APART`]).
pub(crate) fn takes_apart(method: &str) -> bool {
    TAKES_APART.contains(&method)
}

/// `.ok()`: a `Result` turned into an `Option`, thrown away with it.
pub(crate) const OK: &str = "ok";

/// Functions whose only effect is to throw their argument away.
pub(crate) const DROP: &str = "drop";

/// Whether a method called on a value passes that value's fate on: it is
/// `.ok()` or keeps the value's shape.
pub(crate) fn passes_on(method: &str) -> bool {
    method == OK || KEEPS_SHAPE.contains(&method)
}

/// How a value is thrown away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiscardForm {
    /// `let _ = value;` or `let _: T = value;`
    LetUnderscore,
    /// `let _name = value;` where `_name` is never read afterwards.
    UnusedBinding(String),
    /// `_ = value;`
    AssignUnderscore,
    /// `drop(value)`
    Drop,
    /// `value;`
    Statement,
    /// A `select!` arm whose pattern throws the future's output away:
    /// `_ = future => …`, `Ok(_) = future => …` (the error disables the
    /// branch), or a `_name` never read.
    SelectArm,
}

/// The thrown-away value: an expression, or a macro used as a statement.
#[derive(Clone, Copy)]
pub enum Discarded<'e> {
    /// An expression.
    Expr(&'e Expr),
    /// `name!(…);` as a statement.
    Macro(&'e Macro),
}

/// A place where a value is thrown away.
pub struct Discard<'e> {
    /// How.
    pub form: DiscardForm,
    /// What.
    pub value: Discarded<'e>,
    /// Byte range of the value.
    pub value_range: Range<usize>,
    /// What a fix replaces: the whole `let` statement, or the expression.
    pub replace: Range<usize>,
    /// Whether a replacement of `replace` must end with `;`.
    pub replacement_needs_semicolon: bool,
    /// The part that does the throwing away (`let _ =`, `drop`, `_ =`).
    pub form_range: Option<Range<usize>>,
}

/// The value `stmt` may throw away, by its shape alone: what
/// [`in_stmt`] looks at, before it checks that a binding is unused and
/// takes ranges (most statements throw away nothing a rule knows, and a
/// range costs a walk of tokens).
pub(crate) fn stmt_value(stmt: &Stmt) -> Option<Discarded<'_>> {
    match stmt {
        Stmt::Local(local) => {
            let init = local.init.as_ref()?;
            (init.diverge.is_none()).then_some(Discarded::Expr(&init.expr))
        }
        Stmt::Expr(expr, Some(_)) => Some(Discarded::Expr(expr)),
        Stmt::Macro(statement) if statement.semi_token.is_some() => {
            Some(Discarded::Macro(&statement.mac))
        }
        _ => None,
    }
}

/// Whether `stmt` is a statement of its own (`value;`, `name!(…);`), not a
/// `let`.
pub(crate) fn is_bare(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(_, Some(_)) | Stmt::Macro(_))
}

/// Whether rustc's `unused_must_use` already warns about a statement of its
/// own that throws away a value of shape `shape` (after its layers), which
/// ends in `.ok()` when `ends_in_ok`: a `Result` or a `Poll` (also a
/// future: a call not awaited) is `#[must_use]`; an `Option` and a count
/// are not.
pub fn rustc_warns(shape: Shape, ends_in_ok: bool) -> bool {
    !ends_in_ok && matches!(shape, Shape::Poll | Shape::Result)
}

/// The value an expression throws away (`drop(value)`, `_ = value`), by its
/// shape alone.
pub(crate) fn expr_value(expr: &Expr) -> Option<&Expr> {
    match expr {
        Expr::Call(call) if call.args.len() == 1 && is_drop_function(&call.func) => {
            Some(&call.args[0])
        }
        Expr::Assign(assign) if matches!(&*assign.left, Expr::Infer(_)) => Some(&assign.right),
        _ => None,
    }
}

/// The discard site formed by a statement, if any; `following` are the
/// statements after it (which must not read a `_name` binding).
pub fn in_stmt<'s>(
    checker: &Checker<'_, '_>,
    stmt: &'s Stmt,
    following: &[Stmt],
) -> Option<Discard<'s>> {
    match stmt {
        Stmt::Local(local) => {
            let init = local.init.as_ref()?;
            if init.diverge.is_some() {
                return None;
            }
            let pattern = match &local.pat {
                Pat::Type(typed) => &*typed.pat,
                other => other,
            };
            if crate::select::is_select_arm(&local.attrs) {
                return select_arm(checker, pattern, init, following);
            }
            let form = match pattern {
                Pat::Wild(_) => DiscardForm::LetUnderscore,
                Pat::Ident(binding)
                    if binding.subpat.is_none()
                        && binding.ident.to_string().starts_with('_')
                        && !mentions_ident(following, &binding.ident) =>
                {
                    DiscardForm::UnusedBinding(binding.ident.to_string())
                }
                _ => return None,
            };
            let let_start = checker.span_range(local.let_token.span).start;
            let eq_end = checker.span_range(init.eq_token.span).end;
            Some(Discard {
                form,
                value: Discarded::Expr(&init.expr),
                value_range: checker.range_of(&*init.expr),
                replace: checker.range_of(stmt),
                replacement_needs_semicolon: true,
                form_range: Some(let_start..eq_end),
            })
        }
        Stmt::Expr(expr, Some(_)) => Some(Discard {
            form: DiscardForm::Statement,
            value: Discarded::Expr(expr),
            value_range: checker.range_of(expr),
            replace: checker.range_of(expr),
            replacement_needs_semicolon: false,
            form_range: None,
        }),
        Stmt::Macro(statement) if statement.semi_token.is_some() => {
            let range = checker.range_of(&statement.mac);
            Some(Discard {
                form: DiscardForm::Statement,
                value: Discarded::Macro(&statement.mac),
                value_range: range.clone(),
                replace: range,
                replacement_needs_semicolon: false,
                form_range: None,
            })
        }
        _ => None,
    }
}

/// The discard site formed by a `select!` arm's pattern (see
/// [`crate::select`]): `_`, a `_name` nothing reads, or `Ok(_)`.
fn select_arm<'s>(
    checker: &Checker<'_, '_>,
    pattern: &Pat,
    init: &'s syn::LocalInit,
    following: &[Stmt],
) -> Option<Discard<'s>> {
    let throws_away = match pattern {
        Pat::Wild(_) => true,
        Pat::Ident(binding) => {
            binding.subpat.is_none()
                && binding.ident.to_string().starts_with('_')
                && !mentions_ident(following, &binding.ident)
        }
        Pat::TupleStruct(tuple) => {
            tuple.path.is_ident("Ok")
                && tuple.elems.iter().all(|inner| match inner {
                    Pat::Wild(_) | Pat::Rest(_) => true,
                    Pat::Tuple(unit) => unit.elems.is_empty(),
                    _ => false,
                })
        }
        _ => false,
    };
    if !throws_away {
        return None;
    }
    // The future as written, without the `.await` the arm stands for.
    let future = match &*init.expr {
        Expr::Await(awaited) => &*awaited.base,
        other => other,
    };
    let value_range = checker.range_of(future);
    let pattern_start = checker.range_of(pattern).start;
    let eq_end = checker.span_range(init.eq_token.span).end;
    Some(Discard {
        form: DiscardForm::SelectArm,
        value: Discarded::Expr(&init.expr),
        value_range: value_range.clone(),
        replace: value_range,
        replacement_needs_semicolon: false,
        form_range: Some(pattern_start..eq_end),
    })
}

/// The discard site formed by an expression (`drop(value)`, `_ = value`).
pub fn in_expr<'e>(checker: &Checker<'_, '_>, expr: &'e Expr) -> Option<Discard<'e>> {
    match expr {
        Expr::Call(call) if call.args.len() == 1 && is_drop_function(&call.func) => {
            let value = &call.args[0];
            Some(Discard {
                form: DiscardForm::Drop,
                value: Discarded::Expr(value),
                value_range: checker.range_of(value),
                replace: checker.range_of(expr),
                replacement_needs_semicolon: false,
                form_range: Some(checker.range_of(&*call.func)),
            })
        }
        Expr::Assign(assign) if matches!(&*assign.left, Expr::Infer(_)) => {
            let left = checker.range_of(&*assign.left);
            let eq = checker.span_range(assign.eq_token.span);
            Some(Discard {
                form: DiscardForm::AssignUnderscore,
                value: Discarded::Expr(&assign.right),
                value_range: checker.range_of(&*assign.right),
                replace: checker.range_of(expr),
                replacement_needs_semicolon: false,
                form_range: Some(left.start..eq.end),
            })
        }
        _ => None,
    }
}

/// `drop`, `mem::drop`, `std::mem::drop`, `core::mem::drop`.
fn is_drop_function(func: &Expr) -> bool {
    let Expr::Path(path) = func else { return false };
    let segments: Vec<_> = path.path.segments.iter().collect();
    match segments.as_slice() {
        [only] => only.ident == DROP,
        [.., module, last] => last.ident == DROP && module.ident == "mem",
        [] => false,
    }
}

/// Whether any of `stmts` mentions `ident` (in code or inside macro tokens).
fn mentions_ident(stmts: &[Stmt], ident: &syn::Ident) -> bool {
    struct IdentSearch<'i> {
        ident: &'i syn::Ident,
        found: bool,
    }
    impl<'ast> Visit<'ast> for IdentSearch<'_> {
        fn visit_ident(&mut self, ident: &'ast syn::Ident) {
            if ident == self.ident {
                self.found = true;
            }
        }
        fn visit_macro(&mut self, mac: &'ast Macro) {
            if tokens_mention(mac.tokens.clone(), self.ident) {
                self.found = true;
            }
            visit::visit_macro(self, mac);
        }
    }
    let mut search = IdentSearch {
        ident,
        found: false,
    };
    for stmt in stmts {
        search.visit_stmt(stmt);
        if search.found {
            return true;
        }
    }
    false
}

fn tokens_mention(tokens: proc_macro2::TokenStream, ident: &syn::Ident) -> bool {
    tokens.into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(found) => &found == ident,
        proc_macro2::TokenTree::Group(group) => tokens_mention(group.stream(), ident),
        // Inline format arguments: `println!("{_n}")`, `"{_p:?}"`.
        proc_macro2::TokenTree::Literal(literal) => {
            let text = literal.to_string();
            let name = ident.to_string();
            text.contains(&format!("{{{name}}}")) || text.contains(&format!("{{{name}:"))
        }
        proc_macro2::TokenTree::Punct(_) => false,
    })
}
