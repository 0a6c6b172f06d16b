//! The `short_write_not_advanced` rule; its documentation is on
//! [`SHORT_WRITE_NOT_ADVANCED`].

use std::collections::HashSet;

use lint_core::interest::{Calls, Interests, Names, Position, Returns, Shape};
use lint_core::model::{Condition, CrateModel};
use lint_core::value::{CallForm, Value};
use lint_core::{
    declare_rule, Applicability, Checker, Finding, FixAvailability, Level, Rule, RuleMeta, Settled,
    Suggestion, Violation,
};
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::{BinOp, Expr, Pat, Stmt};

use crate::unused_write_amount::{counting_write, settle_counting_receiver};

declare_rule! {
    /// ## What it does
    /// Finds a write whose byte count is used, but not to move on in the
    /// buffer it wrote from:
    /// - the count is added to a total (`total += w.write(&buf)?;`, or
    ///   `let n = …; written += n;`) and the buffer given to the write does
    ///   not depend on that total (`&buf`, not `&buf[written..]`), and the
    ///   count is not used for anything else (a check against the buffer's
    ///   length, a `drain(..n)`, a return);
    /// - the count is kept (`let n = ready!(io.poll_write(cx, buf))?;`) but
    ///   a position is then moved by the whole buffer (`self.pos +=
    ///   buf.len();`), as if everything had been written.
    ///
    /// The same for `poll_write`, `write_vectored` and `poll_write_vectored`,
    /// on writers that can take less than they are given (not `Vec<u8>`,
    /// `String`, `Cursor` or other in-memory buffers).
    ///
    /// ## Why is this bad?
    /// A write may take only part of the buffer. Adding up what it took
    /// while handing it the same buffer again sends the start twice (in a
    /// loop) or never sends the rest (once); moving a position by the whole
    /// length after a short write skips bytes that were never written. The
    /// data on the wire is corrupt, with no error anywhere.
    ///
    /// ## Known problems
    /// Only what the function itself shows is read: a buffer that is a
    /// method call (`self.remaining()`) may depend on the total through
    /// code elsewhere, so such writes are not reported; nor a total that is
    /// compared with a length in the same block afterwards. A counter that
    /// only feeds statistics, beside a writer that never writes short, is
    /// still reported.
    ///
    /// ## Example
    /// ```rust,ignore
    /// while written < buf.len() {
    ///     written += stream.write(&buf)?;
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// while written < buf.len() {
    ///     written += stream.write(&buf[written..])?;
    /// }
    /// // or simply
    /// stream.write_all(&buf)?;
    /// ```
    pub SHORT_WRITE_NOT_ADVANCED = {
        name: "short_write_not_advanced",
        summary: "a write's byte count is added up or ignored while the buffer is not advanced by it",
        default_level: Level::Deny,
        level_reason: "after a short write, bytes are sent twice or never, silently",
        fix: FixAvailability::None,
    }
}

/// See [`SHORT_WRITE_NOT_ADVANCED`].
pub struct ShortWriteNotAdvanced;

/// The writes that return how much they took.
const COUNTING: &[&str] = &[
    "write",
    "write_vectored",
    "poll_write",
    "poll_write_vectored",
];

/// The rule reads the statements around every counting write itself.
static INTERESTS: Interests = Interests {
    calls: &[
        Calls {
            names: Names::Listed(&["write", "write_vectored"]),
            returns: Returns::Result,
            judges: Shape::Count,
            at: Position::AddedUp,
        },
        Calls {
            names: Names::Listed(&["poll_write", "poll_write_vectored"]),
            returns: Returns::Poll,
            judges: Shape::Count,
            at: Position::AddedUp,
        },
    ],
    macros: &[],
    bodies: &[],
    clippy_equivalents: &[],
};

/// A count added up while the buffer stays where it was.
struct CountAddedUp<'n> {
    name: &'n str,
    total: String,
}

impl Violation for CountAddedUp<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &SHORT_WRITE_NOT_ADVANCED
    }

    fn message(&self) -> String {
        format!(
            "the count `{}` returns is added to `{}`, but the buffer it writes from is not advanced by it: after a short write the rest is sent again from the start, or never",
            self.name, self.total
        )
    }
}

/// A position moved by the whole buffer after a write that returned how
/// much it took.
struct MovedByWholeBuffer<'n> {
    name: &'n str,
    position: &'n str,
}

impl Violation for MovedByWholeBuffer<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &SHORT_WRITE_NOT_ADVANCED
    }

    fn message(&self) -> String {
        format!(
            "`{}` is moved by the whole buffer, but `{}` returned how much of it was written: after a short write the rest is skipped",
            self.position, self.name
        )
    }
}

impl Rule for ShortWriteNotAdvanced {
    fn meta(&self) -> &'static RuleMeta {
        &SHORT_WRITE_NOT_ADVANCED
    }

    fn interests(&self) -> Interests {
        INTERESTS
    }

    fn check_stmt(&self, checker: &mut Checker<'_, '_>, stmt: &Stmt, following: &[Stmt]) {
        match stmt {
            // `total += w.write(&buf)?;`
            Stmt::Expr(Expr::Binary(binary), _) if matches!(binary.op, BinOp::AddAssign(_)) => {
                let Some(write) = CountedWrite::of(checker, &binary.right) else {
                    return;
                };
                let total = &binary.left;
                if write.buffer_depends_on(checker, total) || compared_with_length(total, following)
                {
                    return;
                }
                report_added_up(checker, &write, total);
            }
            // `let n = w.write(&buf)?;` and what is done with `n`.
            Stmt::Local(local) => {
                let Some(init) = &local.init else {
                    return;
                };
                if init.diverge.is_some() {
                    return;
                }
                let Pat::Ident(binding) = strip_type(&local.pat) else {
                    return;
                };
                let Some(write) = CountedWrite::of(checker, &init.expr) else {
                    return;
                };
                let count = binding.ident.to_string();
                check_bound_count(checker, &write, &count, following);
            }
            _ => {}
        }
    }

    fn settle(&self, condition: &Condition, model: &CrateModel) -> Settled {
        settle_counting_receiver(condition, model)
    }
}

/// A write whose count an expression yields (after `?`, `.await`,
/// `.unwrap()`, `ready!`, `as u64`).
struct CountedWrite<'e> {
    value: Value<'e>,
    buffer: Expr,
    query: Option<lint_core::model::ReceiverQuery>,
}

impl<'e> CountedWrite<'e> {
    fn of(checker: &Checker<'_, '_>, expr: &'e Expr) -> Option<Self> {
        let mut current = expr;
        let mut taken_apart = false;
        let mut unwrapped = false;
        loop {
            current = match current {
                Expr::Cast(cast) => &cast.expr,
                Expr::Paren(paren) => &paren.expr,
                Expr::Group(group) => &group.expr,
                Expr::Try(question) => {
                    taken_apart = true;
                    &question.expr
                }
                Expr::Await(awaited) => &awaited.base,
                Expr::MethodCall(call)
                    if matches!(call.method.to_string().as_str(), "unwrap" | "expect") =>
                {
                    taken_apart = true;
                    unwrapped = true;
                    &call.receiver
                }
                _ => break,
            };
        }
        if !taken_apart {
            return None;
        }
        let mut value = lint_core::value::of_expr(checker, current)?;
        if !COUNTING.contains(&value.name.as_str()) {
            return None;
        }
        value.unwrapped = unwrapped;
        let buffer = buffer_of(&value)?;
        let query = counting_write(checker, &value)?;
        Some(CountedWrite {
            value,
            buffer,
            query,
        })
    }

    /// Whether the buffer handed to the write names what `total` names
    /// (`&buf[written..]` beside `written += …`), or cannot be read here (a
    /// method call, which may slice by it).
    fn buffer_depends_on(&self, checker: &Checker<'_, '_>, total: &Expr) -> bool {
        let Some(name) = last_name(total) else {
            return true;
        };
        !plain_buffer(&self.buffer)
            || idents(&self.buffer.to_token_stream()).contains(&name)
            || bound_from_elsewhere(checker, &self.buffer, &name)
    }
}

/// The buffer a counting write is given: the first argument of `write`, the
/// last of `poll_write(cx, buf)`; of a path call, after the receiver.
fn buffer_of(value: &Value<'_>) -> Option<Expr> {
    let arguments = value.args();
    let buffer = if value.name.starts_with("poll_") {
        arguments.last().copied()
    } else if value.form == CallForm::Path {
        arguments.get(1).copied()
    } else {
        arguments.first().copied()
    }?;
    Some(buffer.clone())
}

/// Whether a buffer expression shows everything it depends on: paths,
/// fields, references, indexing and slicing, and the accessors that hand a
/// buffer on unchanged.
fn plain_buffer(buffer: &Expr) -> bool {
    match buffer {
        Expr::Path(_) | Expr::Lit(_) => true,
        Expr::Field(field) => plain_buffer(&field.base),
        Expr::Reference(reference) => plain_buffer(&reference.expr),
        Expr::Paren(paren) => plain_buffer(&paren.expr),
        Expr::Index(index) => plain_buffer(&index.expr),
        Expr::Unary(unary) => plain_buffer(&unary.expr),
        Expr::MethodCall(call) => {
            call.args.is_empty()
                && matches!(
                    call.method.to_string().as_str(),
                    "as_ref" | "as_slice" | "as_bytes" | "as_mut" | "deref" | "borrow"
                )
                && plain_buffer(&call.receiver)
        }
        _ => false,
    }
}

/// The name a total or position is known by: `written`, `self.pos` (as
/// `pos`), `*cursor` (as `cursor`).
fn last_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
        Expr::Field(field) => match &field.member {
            syn::Member::Named(name) => Some(name.to_string()),
            syn::Member::Unnamed(index) => Some(index.index.to_string()),
        },
        Expr::Unary(unary) => last_name(&unary.expr),
        Expr::Paren(paren) => last_name(&paren.expr),
        _ => None,
    }
}

fn strip_type(pat: &Pat) -> &Pat {
    match pat {
        Pat::Type(typed) => &typed.pat,
        other => other,
    }
}

/// Every identifier in `tokens`, macro arguments included.
fn idents(tokens: &TokenStream) -> HashSet<String> {
    let mut found = HashSet::new();
    let mut pending = vec![tokens.clone()];
    while let Some(stream) = pending.pop() {
        for tree in stream {
            match tree {
                TokenTree::Ident(ident) => {
                    found.insert(ident.to_string());
                }
                TokenTree::Group(group) => pending.push(group.stream()),
                _ => {}
            }
        }
    }
    found
}

/// Whether a statement after the write compares the total with a length
/// (`if written != buf.len() { … }`), which handles a short write.
fn compared_with_length(total: &Expr, following: &[Stmt]) -> bool {
    let Some(name) = last_name(total) else {
        return true;
    };
    following.iter().any(|stmt| {
        let found = idents(&stmt.to_token_stream());
        found.contains(&name) && (found.contains("len") || found.contains("remaining"))
    })
}

/// Judges `let COUNT = <write>;` by what the statements after it do with
/// the count.
fn check_bound_count(
    checker: &mut Checker<'_, '_>,
    write: &CountedWrite<'_>,
    count: &str,
    following: &[Stmt],
) {
    let mut added_to: Option<&Expr> = None;
    let mut moved_by_whole: Option<&syn::ExprBinary> = None;
    let mut used_otherwise = false;
    for stmt in following {
        match stmt {
            // `written += n;`
            Stmt::Expr(Expr::Binary(binary), _)
                if matches!(binary.op, BinOp::AddAssign(_)) && is_name(&binary.right, count) =>
            {
                added_to.get_or_insert(&binary.left);
                continue;
            }
            // `self.pos += buf.len();`
            Stmt::Expr(Expr::Binary(binary), _)
                if matches!(binary.op, BinOp::AddAssign(_))
                    && is_length_of(&binary.right, &write.buffer) =>
            {
                moved_by_whole.get_or_insert(binary);
                continue;
            }
            _ => {}
        }
        // The count rebound: what follows is about another value.
        if let Stmt::Local(local) = stmt {
            if binds(&local.pat, count) {
                break;
            }
        }
        let found = idents(&stmt.to_token_stream());
        if !found.contains(count) || only_logged_or_zero_checked(stmt, count) {
            continue;
        }
        // A check of the count against a length handles a short write.
        if found.contains("len") {
            return;
        }
        // Any other use (a `drain(..n)`, a return) may move the buffer on.
        used_otherwise = true;
    }
    if let Some(moved) = moved_by_whole {
        let binary = moved;
        let position = display(checker, &binary.left);
        let mut finding = Finding::new(
            MovedByWholeBuffer {
                name: &write.value.name,
                position: &position,
            },
            checker.range_of(&Expr::Binary(moved.clone())),
        )
        .with_secondary(write.value.range.clone(), "this may write only part of it")
        .with_suggestion(Suggestion {
            message: format!(
                "move `{position}` by the count `{}` returned: `{position} += {count};`",
                write.value.name
            ),
            edits: Vec::new(),
            applicability: Applicability::DisplayOnly,
        });
        if let Some(query) = &write.query {
            finding = finding.with_condition(Condition::Receiver(query.clone()));
        }
        checker.report(finding);
        return;
    }
    if let Some(total) = added_to {
        if used_otherwise || write.buffer_depends_on(checker, total) {
            return;
        }
        report_added_up(checker, write, total);
    }
}

fn report_added_up(checker: &mut Checker<'_, '_>, write: &CountedWrite<'_>, total: &Expr) {
    let total_text = display(checker, total);
    let advice = if write.value.name == "write" {
        format!(
            "write from where the last write stopped (`&buf[{total_text}..]`, with `{total_text}` starting at 0), or write the whole buffer with `write_all`"
        )
    } else {
        format!(
            "write from where the last write stopped (`&buf[{total_text}..]`, with `{total_text}` starting at 0)"
        )
    };
    let mut finding = Finding::new(
        CountAddedUp {
            name: &write.value.name,
            total: total_text.clone(),
        },
        write.value.range.clone(),
    )
    .with_label("this may write only part of the buffer")
    .with_secondary(
        checker.range_of(total),
        "the count goes here, not into the buffer's position",
    )
    .with_suggestion(Suggestion {
        message: advice,
        edits: Vec::new(),
        applicability: Applicability::DisplayOnly,
    });
    if let Some(query) = &write.query {
        finding = finding.with_condition(Condition::Receiver(query.clone()));
    }
    checker.report(finding);
}

/// The source text of `expr`, as written.
fn display(checker: &Checker<'_, '_>, expr: &Expr) -> String {
    checker.text(checker.range_of(expr)).to_string()
}

/// Whether `expr` is the variable `name`.
fn is_name(expr: &Expr, name: &str) -> bool {
    match expr {
        Expr::Path(path) => path.path.is_ident(name),
        Expr::Paren(paren) => is_name(&paren.expr, name),
        Expr::Cast(cast) => is_name(&cast.expr, name),
        _ => false,
    }
}

/// Whether `expr` is `BUFFER.len()` for the buffer a write was given
/// (`buf.len()` for `&buf`, `&buf[..]` or `buf`).
fn is_length_of(expr: &Expr, buffer: &Expr) -> bool {
    let expr = match expr {
        Expr::Cast(cast) => &*cast.expr,
        other => other,
    };
    let Expr::MethodCall(call) = expr else {
        return false;
    };
    call.method == "len" && call.args.is_empty() && {
        let measured = unborrowed(&call.receiver).to_token_stream().to_string();
        measured == unborrowed(buffer).to_token_stream().to_string()
    }
}

/// A buffer without its `&`, `&mut` or full-range slicing.
fn unborrowed(expr: &Expr) -> &Expr {
    match expr {
        Expr::Reference(reference) => unborrowed(&reference.expr),
        Expr::Paren(paren) => unborrowed(&paren.expr),
        Expr::Index(index) if matches!(&*index.index, Expr::Range(range) if range.start.is_none() && range.end.is_none()) => {
            unborrowed(&index.expr)
        }
        other => other,
    }
}

/// Whether a pattern binds `name`.
fn binds(pat: &Pat, name: &str) -> bool {
    idents(&pat.to_token_stream()).contains(name)
}

/// Whether the only uses of `count` in `stmt` are in logging macros or in
/// checks against zero (`if n == 0 { return Err(…) }`), which say nothing
/// of where the next write starts.
fn only_logged_or_zero_checked(stmt: &Stmt, count: &str) -> bool {
    struct Uses<'c> {
        count: &'c str,
        other: bool,
    }
    impl<'ast> syn::visit::Visit<'ast> for Uses<'_> {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            match expr {
                Expr::Binary(binary)
                    if matches!(binary.op, BinOp::Eq(_) | BinOp::Ne(_))
                        && (is_zero(&binary.left) || is_zero(&binary.right)) => {}
                Expr::Path(path) if path.path.is_ident(self.count) => self.other = true,
                _ => syn::visit::visit_expr(self, expr),
            }
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            if crate::swallowed_pending::is_logging(mac) {
                return;
            }
            if idents(&mac.tokens).contains(self.count) {
                self.other = true;
            }
        }
    }
    let mut uses = Uses {
        count,
        other: false,
    };
    syn::visit::Visit::visit_stmt(&mut uses, stmt);
    !uses.other
}

fn is_zero(expr: &Expr) -> bool {
    matches!(expr, Expr::Lit(literal) if matches!(&literal.lit, syn::Lit::Int(int) if int.base10_digits() == "0"))
}

/// Whether the local a buffer is taken from is bound, somewhere in the
/// function, from something that names the total or reads `self` (`let
/// rest = self.remaining();`): the buffer may move on with the total
/// through code out of sight.
fn bound_from_elsewhere(checker: &Checker<'_, '_>, buffer: &Expr, total: &str) -> bool {
    struct Bindings<'r> {
        root: &'r str,
        total: &'r str,
        found: bool,
    }
    impl<'ast> syn::visit::Visit<'ast> for Bindings<'_> {
        fn visit_local(&mut self, local: &'ast syn::Local) {
            if let Some(init) = &local.init {
                if binds(&local.pat, self.root) {
                    let named = idents(&init.expr.to_token_stream());
                    if named.contains(self.total) || named.contains("self") {
                        self.found = true;
                    }
                }
            }
            syn::visit::visit_local(self, local);
        }
    }
    let Some(root) = root_of(buffer) else {
        return false;
    };
    if root == "self" {
        return false;
    }
    let Some(body) = checker.scopes().find_map(|scope| match scope {
        lint_core::Scope::Fn { body, .. } => Some(*body),
        _ => None,
    }) else {
        return false;
    };
    let mut bindings = Bindings {
        root: &root,
        total,
        found: false,
    };
    syn::visit::Visit::visit_block(&mut bindings, body);
    bindings.found
}

/// The variable a buffer expression starts from (`buf` in `&buf[..n]`).
pub(crate) fn root_of(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
        Expr::Field(field) => root_of(&field.base),
        Expr::Reference(reference) => root_of(&reference.expr),
        Expr::Paren(paren) => root_of(&paren.expr),
        Expr::Index(index) => root_of(&index.expr),
        Expr::Unary(unary) => root_of(&unary.expr),
        Expr::MethodCall(call) => root_of(&call.receiver),
        _ => None,
    }
}
