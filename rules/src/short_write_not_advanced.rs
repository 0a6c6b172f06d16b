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

use crate::swallowed_pending::is_panic;
use crate::unused_write_amount::counting_write;
use crate::writers::{receiver_query, resolve_receiver, written_to, Resolved, WriterKind};

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
    /// - in a loop, a write given the same buffer on every pass (nothing in
    ///   the loop moves it on: no slicing by a position that changes, no
    ///   `drain`, no new buffer), when the loop goes round again after a
    ///   successful write (`Ok(_) => continue`, `if n == buf.len() { break }`).
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
    /// Only writes to a known IO stream are judged (a `TcpStream`, a `File`,
    /// a `W: Write` or `AsyncWrite` bound, anything's `poll_write`): a total
    /// over a value of unknown type, the crate's own writer or another
    /// trait's `write` is far more often a statistic, so those are missed.
    /// A `BufWriter` or `LineWriter` is left out too (short only when given
    /// more than its buffer holds). Only what the function itself shows is
    /// read: a buffer that is a method call (`self.remaining()`) may depend
    /// on the total through code elsewhere, so such writes are not
    /// reported; nor a total that is compared with a length in the same
    /// block afterwards, nor a literal or constant buffer written again in
    /// a loop on purpose.
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
            names: Names::Listed(&["write", "write_vectored"]),
            returns: Returns::Result,
            judges: Shape::Count,
            at: Position::Matched,
        },
        Calls {
            names: Names::Listed(&["poll_write", "poll_write_vectored"]),
            returns: Returns::Poll,
            judges: Shape::Count,
            at: Position::AddedUp,
        },
        Calls {
            names: Names::Listed(&["poll_write", "poll_write_vectored"]),
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::Matched,
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

/// A loop handing a write the same buffer on every pass.
struct ResentFromStart<'n> {
    name: &'n str,
}

impl Violation for ResentFromStart<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &SHORT_WRITE_NOT_ADVANCED
    }

    fn message(&self) -> String {
        format!(
            "this loop gives `{}` the same buffer on every pass: after a short write, the bytes already written are sent again",
            self.name
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

    fn check_expr(&self, checker: &mut Checker<'_, '_>, expr: &Expr) {
        let (body, bound) = match expr {
            Expr::Loop(looped) => (&looped.body, None),
            Expr::While(looped) => (&looped.body, Some(&*looped.cond)),
            Expr::ForLoop(looped) => (&looped.body, None),
            _ => return,
        };
        // A `for` pattern or a `while let` binding is a new value each pass.
        let fresh: HashSet<String> = match expr {
            Expr::ForLoop(looped) => idents(&looped.pat.to_token_stream()),
            _ => bound
                .map(|cond| match cond {
                    Expr::Let(binding) => idents(&binding.pat.to_token_stream()),
                    _ => HashSet::new(),
                })
                .unwrap_or_default(),
        };
        for (index, stmt) in body.stmts.iter().enumerate() {
            let rest = &body.stmts[index + 1..];
            let write = match stmt {
                // `let n = ready!(io.poll_write(cx, &buf))?;` and the loop
                // goes on after it.
                Stmt::Local(local) => {
                    let Some(init) = &local.init else { continue };
                    let Some(write) = CountedWrite::of(checker, &init.expr) else {
                        continue;
                    };
                    if rest.iter().any(exits_loop_now) {
                        continue;
                    }
                    write
                }
                // `match w.write(buf) { Ok(_) => continue, … }` with an `Ok`
                // arm that does not leave the loop.
                Stmt::Expr(Expr::Match(matched), _) => {
                    let Some(write) = MatchedWrite::of(checker, &matched.expr) else {
                        continue;
                    };
                    let goes_round = matched
                        .arms
                        .iter()
                        .any(|arm| takes_short_write(arm) && !leaves_loop(&arm.body));
                    if !goes_round {
                        continue;
                    }
                    write
                }
                _ => continue,
            };
            if !plain_buffer(&write.buffer)
                || constant(&write.buffer)
                || moved_on_in(&write.buffer, &body.stmts, &fresh)
            {
                continue;
            }
            let mut finding = Finding::new(
                ResentFromStart {
                    name: &write.value.name,
                },
                write.value.range.clone(),
            )
            .with_label("the same buffer on every pass of the loop")
            .with_suggestion(Suggestion {
                message: "keep a position, write from it (`&buf[written..]`) and move it by the count; or write the whole buffer with `write_all`".to_string(),
                edits: Vec::new(),
                applicability: Applicability::DisplayOnly,
            });
            if let Some(query) = &write.query {
                finding = finding.with_condition(Condition::Receiver(query.clone()));
            }
            checker.report(finding);
        }
    }

    fn settle(&self, condition: &Condition, model: &CrateModel) -> Settled {
        // Only a receiver the model knows to be an IO stream.
        let Condition::Receiver(query) = condition else {
            return Settled::Keep;
        };
        Settled::keep_if(matches!(
            resolve_receiver(model, query),
            Resolved::Kind(WriterKind::Io)
        ))
    }
}

/// A counting write matched on as it is (`match w.write(buf) {`,
/// `match io.as_mut().poll_write(cx, buf) {`), before `?` takes it apart.
struct MatchedWrite;

impl MatchedWrite {
    fn of<'e>(checker: &Checker<'_, '_>, expr: &'e Expr) -> Option<CountedWrite<'e>> {
        let mut current = expr;
        loop {
            current = match current {
                Expr::Paren(paren) => &paren.expr,
                Expr::Group(group) => &group.expr,
                Expr::Await(awaited) => &awaited.base,
                _ => break,
            };
        }
        let value = lint_core::value::of_expr(checker, current)?;
        if !COUNTING.contains(&value.name.as_str()) || value.form == CallForm::Ready {
            return None;
        }
        let buffer = buffer_of(&value)?;
        // A `poll_write` is a byte write whatever it is called on, but not
        // on memory or a value the crate says is no IO.
        if value.shape != Shape::Poll {
            counting_write(checker, &value)?;
        }
        let query = known_io(checker, &value)?;
        Some(CountedWrite {
            value,
            buffer,
            query,
        })
    }
}

/// Whether the write goes to a known IO stream, which can write short: one
/// the file shows (`Some(None)`), or one the crate model must confirm
/// (`Some(Some(query))`, settled by [`ShortWriteNotAdvanced::settle`]).
/// `None` for anything else (memory, the crate's own writers, unknown
/// types: a total over them is far more often a statistic than a bug;
/// `poll_write` always counts as IO),
/// and for a `BufWriter` or `LineWriter`, whose `write` is short only when
/// given more than its buffer holds.
fn known_io(
    checker: &Checker<'_, '_>,
    value: &Value<'_>,
) -> Option<Option<lint_core::model::ReceiverQuery>> {
    if buffered(checker, value) {
        return None;
    }
    match written_to(checker, value) {
        WriterKind::Io => Some(None),
        // `poll_write` is `AsyncWrite`'s: whatever it is called on writes
        // to IO, or stands for it.
        WriterKind::Other if value.name.starts_with("poll_write") => Some(None),
        WriterKind::Other => receiver_query(checker, value).map(Some),
        _ => None,
    }
}

/// Whether the receiver is declared as a `BufWriter` or `LineWriter`: a
/// field of `self`, a local or a parameter of the enclosing function.
fn buffered(checker: &Checker<'_, '_>, value: &Value<'_>) -> bool {
    let Some(receiver) = value.receiver() else {
        return false;
    };
    let declared = match crate::writers::strip(receiver) {
        Expr::Field(field) if matches!(&*field.base, Expr::Path(path) if path.path.is_ident("self")) =>
        {
            let syn::Member::Named(name) = &field.member else {
                return false;
            };
            crate::writers::self_field_type(checker, &name.to_string())
                .map(|ty| ty.to_token_stream().to_string())
        }
        Expr::Path(path) => path
            .path
            .get_ident()
            .and_then(|ident| declared_as(checker, &ident.to_string())),
        _ => None,
    };
    declared.is_some_and(|text| text.contains("BufWriter") || text.contains("LineWriter"))
}

/// The tokens that declare a local or parameter `name` of the enclosing
/// function: its type, or the `let` that binds it.
fn declared_as(checker: &Checker<'_, '_>, name: &str) -> Option<String> {
    let (sig, body) = checker.scopes().find_map(|scope| match scope {
        lint_core::Scope::Fn { sig, body, .. } => Some((*sig, *body)),
        _ => None,
    })?;
    for input in &sig.inputs {
        if let syn::FnArg::Typed(typed) = input {
            if binds(&typed.pat, name) {
                return Some(typed.ty.to_token_stream().to_string());
            }
        }
    }
    struct Binding<'n> {
        name: &'n str,
        found: Option<String>,
    }
    impl<'ast> syn::visit::Visit<'ast> for Binding<'_> {
        fn visit_local(&mut self, local: &'ast syn::Local) {
            if self.found.is_none() && binds(&local.pat, self.name) {
                self.found = Some(local.to_token_stream().to_string());
            }
            syn::visit::visit_local(self, local);
        }
    }
    let mut binding = Binding { name, found: None };
    syn::visit::Visit::visit_block(&mut binding, body);
    binding.found
}

/// A literal or a constant (`b"-"`, `&SEPARATOR`): written again on
/// purpose.
fn constant(buffer: &Expr) -> bool {
    match buffer {
        Expr::Lit(_) => true,
        Expr::Reference(reference) => constant(&reference.expr),
        Expr::Paren(paren) => constant(&paren.expr),
        Expr::Index(index) => constant(&index.expr),
        Expr::Path(path) => path.path.segments.last().is_some_and(|segment| {
            let name = segment.ident.to_string();
            name.chars().any(|c| c.is_ascii_uppercase())
                && !name.chars().any(|c| c.is_ascii_lowercase())
        }),
        _ => false,
    }
}

/// Whether an arm receives a write that may have been short: `Ok(_)`,
/// `Ok(n)`, `Poll::Ready(Ok(n)) if n > 0`; not `Ok(1)` (a count known in
/// full) nor a guard comparing the count with a length for equality.
fn takes_short_write(arm: &syn::Arm) -> bool {
    if !is_ok_pattern(&arm.pat) || ok_count_is_literal(&arm.pat) {
        return false;
    }
    let Some((_, guard)) = &arm.guard else {
        return true;
    };
    let named = idents(&guard.to_token_stream());
    let equality = guard.to_token_stream().to_string().contains("==");
    !(equality && named.contains("len"))
}

/// Whether the count inside `Ok(…)` is a literal (`Ok(1)`, `Ready(Ok(0))`).
fn ok_count_is_literal(pat: &Pat) -> bool {
    match pat {
        Pat::TupleStruct(tuple) => tuple.elems.iter().any(|inner| match inner {
            Pat::Lit(_) => true,
            other => ok_count_is_literal(other),
        }),
        _ => false,
    }
}

/// `Ok(…)` or `Poll::Ready(Ok(…))`, guarded or not.
fn is_ok_pattern(pat: &Pat) -> bool {
    match pat {
        Pat::TupleStruct(tuple) => {
            let Some(last) = tuple.path.segments.last() else {
                return false;
            };
            if last.ident == "Ok" {
                return true;
            }
            last.ident == "Ready" && tuple.elems.iter().any(is_ok_pattern)
        }
        Pat::Or(or) => or.cases.iter().any(is_ok_pattern),
        _ => false,
    }
}

/// Whether an arm's body leaves the loop (`return`, `break`, a panic):
/// `continue` and falling through go round again.
fn leaves_loop(body: &Expr) -> bool {
    match body {
        Expr::Return(_) | Expr::Break(_) => true,
        Expr::Block(block) => match block.block.stmts.last() {
            Some(Stmt::Expr(expr, _)) => leaves_loop(expr),
            Some(Stmt::Macro(statement)) => is_panic(&statement.mac),
            _ => false,
        },
        Expr::Macro(mac) => is_panic(&mac.mac),
        _ => false,
    }
}

/// A statement that leaves the loop whatever happened: `return …;`,
/// `break;`, or an expression that is one (`Poll::Ready(…)` as the body's
/// value is not: it is only the loop's value with `break`).
fn exits_loop_now(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Expr(expr, _) => leaves_loop(expr),
        Stmt::Macro(statement) => is_panic(&statement.mac),
        _ => false,
    }
}

/// Whether anything in the loop may move the buffer on: the names in it
/// (`buf`, `pos` in `&buf[pos..]`, `self.out`'s `out`) assigned, bound
/// again, borrowed mutably or given to a method that is not a plain read;
/// or a method of `self` (which may change any of its fields) when the
/// buffer is one of them.
fn moved_on_in(buffer: &Expr, stmts: &[Stmt], fresh: &HashSet<String>) -> bool {
    struct Moves<'n> {
        names: &'n HashSet<String>,
        on_self: bool,
        found: bool,
    }
    impl Moves<'_> {
        fn names_any(&self, expr: &Expr) -> bool {
            idents(&expr.to_token_stream())
                .iter()
                .any(|name| self.names.contains(name))
        }
    }
    impl<'ast> syn::visit::Visit<'ast> for Moves<'_> {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            match expr {
                Expr::Assign(assign) if self.names_any(&assign.left) => self.found = true,
                Expr::Binary(binary)
                    if is_compound_assignment(&binary.op) && self.names_any(&binary.left) =>
                {
                    self.found = true;
                }
                Expr::Reference(reference)
                    if reference.mutability.is_some() && self.names_any(&reference.expr) =>
                {
                    self.found = true;
                }
                Expr::MethodCall(call) => {
                    let name = call.method.to_string();
                    let reads = matches!(
                        name.as_str(),
                        "len"
                            | "is_empty"
                            | "as_ref"
                            | "as_slice"
                            | "as_bytes"
                            | "iter"
                            | "get"
                            | "clone"
                            | "to_vec"
                            | "to_owned"
                            | "deref"
                            | "borrow"
                    ) || COUNTING.contains(&name.as_str());
                    if !reads && self.names_any(&call.receiver) {
                        self.found = true;
                    }
                    let on_bare_self =
                        matches!(&*call.receiver, Expr::Path(path) if path.path.is_ident("self"));
                    if self.on_self && on_bare_self && !COUNTING.contains(&name.as_str()) {
                        self.found = true;
                    }
                }
                _ => {}
            }
            syn::visit::visit_expr(self, expr);
        }
        fn visit_local(&mut self, local: &'ast syn::Local) {
            if idents(&local.pat.to_token_stream())
                .iter()
                .any(|name| self.names.contains(name))
            {
                self.found = true;
            }
            syn::visit::visit_local(self, local);
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            for argument in crate::self_paths::macro_arguments(mac) {
                self.visit_expr(&argument);
            }
        }
    }
    let mut names = idents(&buffer.to_token_stream());
    let on_self = names.remove("self");
    for method in [
        "as_ref", "as_slice", "as_bytes", "as_mut", "deref", "borrow",
    ] {
        names.remove(method);
    }
    if names.iter().any(|name| fresh.contains(name)) {
        return true;
    }
    let mut moves = Moves {
        names: &names,
        on_self,
        found: false,
    };
    for stmt in stmts {
        syn::visit::Visit::visit_stmt(&mut moves, stmt);
    }
    moves.found
}

fn is_compound_assignment(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::AddAssign(_)
            | BinOp::SubAssign(_)
            | BinOp::MulAssign(_)
            | BinOp::DivAssign(_)
            | BinOp::RemAssign(_)
            | BinOp::BitXorAssign(_)
            | BinOp::BitAndAssign(_)
            | BinOp::BitOrAssign(_)
            | BinOp::ShlAssign(_)
            | BinOp::ShrAssign(_)
    )
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
        counting_write(checker, &value)?;
        let query = known_io(checker, &value)?;
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
