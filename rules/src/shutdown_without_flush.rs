//! The `shutdown_without_flush` rule; its documentation is on [`SHUTDOWN_WITHOUT_FLUSH`].

use std::collections::HashSet;
use std::ops::Range;

use lint_core::interest::{Calls, Interests, Names, Position, Returns, Shape};
use lint_core::{
    declare_rule, Applicability, Checker, Finding, FixAvailability, Level, ReturnKind, Rule,
    RuleMeta, Suggestion, Violation,
};
use syn::visit::{self, Visit};
use syn::{Expr, ImplItem, ImplItemFn, ItemImpl, Stmt};

use crate::calls;
use crate::fixes::ready_suggestion;
use crate::self_paths::{self, path_of, self_aliases};

declare_rule! {
    /// ## What it does
    /// Finds a `poll_shutdown` or `poll_close`, in an `impl` that also has a
    /// `poll_flush`, that shuts an inner io down without first flushing
    /// `self`, when flushing `self` does more than pass the flush on: its
    /// `poll_flush` writes out a buffer, loops, drives a pending write, or
    /// flushes an object that the shutdown goes underneath (it flushes
    /// `self.io` but shuts down `self.io.io_mut()`). Also finds a close method
    /// that throws away its own flush (`let _ = self.poll_flush(cx)?;`).
    ///
    /// ## Why is this bad?
    /// A connection must not be closed while data it accepted still sits in
    /// its own buffer: the peer gets a clean end of stream and a truncated
    /// message. hyper 1.10 shut an HTTP/1 connection's socket down directly,
    /// under its buffered writer, and so could cut off a response after its
    /// headers promised more; the fix made shutdown flush the buffer first.
    ///
    /// ## Known problems
    /// Only the `impl` block itself is read: a flush done by a helper that
    /// does not have `flush`, `write` or `drain` in its name is not seen, and
    /// neither is a buffer flushed elsewhere before shutdown is called. A pure
    /// pass-through wrapper (both methods only delegate, to the same object)
    /// is never reported, nor a close that hands what it holds to the inner
    /// object itself (`start_send`, `poll_write`, `write_all` on it)
    /// anywhere in its body, nor one that drives, before it shuts down, a
    /// field `poll_flush` drives (polls a write future, pops a queue). A
    /// shutdown is seen on a field of `self` or a local taken from one; on
    /// an object reached otherwise (a binding of a `match` on a state enum)
    /// it is not, and a `shutdown()` or `close()` future counts only on an
    /// object the impl writes to.
    ///
    /// ## Example
    /// ```rust,ignore
    /// fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    ///     // `poll_flush` writes `self.buf` into `self.io` first.
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
    pub SHUTDOWN_WITHOUT_FLUSH = {
        name: "shutdown_without_flush",
        summary: "a shutdown or close does not flush the type's own buffered data first",
        default_level: Level::Deny,
        level_reason: "closing with data still buffered truncates what the peer receives, silently",
        fix: FixAvailability::Sometimes,
    }
}

/// See [`SHUTDOWN_WITHOUT_FLUSH`].
pub struct ShutdownWithoutFlush;

/// The rule reads the three methods of a write `impl` whole, and judges the
/// polls a close method throws away (its own flush).
static INTERESTS: Interests = Interests {
    calls: &[
        Calls {
            names: calls::WRITE_POLLS,
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::ThrownAway,
        },
        Calls {
            names: Names::CalledWithContext,
            returns: Returns::Poll,
            judges: Shape::Poll,
            at: Position::ThrownAway,
        },
    ],
    macros: &[],
    bodies: &["poll_flush", "poll_shutdown", "poll_close"],
    clippy_equivalents: &[],
};

/// A close method throwing away its own flush.
struct OwnFlushThrownAway<'n> {
    close: &'n str,
}

impl Violation for OwnFlushThrownAway<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &SHUTDOWN_WITHOUT_FLUSH
    }

    fn message(&self) -> String {
        format!(
            "`{}` throws away its own flush, so it can close with data still buffered",
            self.close
        )
    }
}

/// A close method shutting the inner io down under a buffer.
struct ShutdownUnderBuffer<'n> {
    close: &'n str,
}

impl Violation for ShutdownUnderBuffer<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &SHUTDOWN_WITHOUT_FLUSH
    }

    fn message(&self) -> String {
        format!(
            "`{}` shuts the inner io down without flushing this type's own buffered data first",
            self.close
        )
    }
}

impl Rule for ShutdownWithoutFlush {
    fn meta(&self) -> &'static RuleMeta {
        &SHUTDOWN_WITHOUT_FLUSH
    }

    fn interests(&self) -> Interests {
        INTERESTS
    }

    fn check_item_impl(&self, checker: &mut Checker<'_, '_>, item: &ItemImpl) {
        let Some(close) = method(item, "poll_shutdown").or_else(|| method(item, "poll_close"))
        else {
            return;
        };
        let Some(flush) = method(item, "poll_flush") else {
            return;
        };
        let close_name = close.sig.ident.to_string();
        let flushed = FlushFacts::of(flush);
        let written = written_fields(item);
        let calls = CloseCalls::find(checker, close, &flushed.self_calls, &written);
        if let Some(discarded) = calls.discarded_self_flush {
            checker.report(
                Finding::new(OwnFlushThrownAway { close: &close_name }, discarded.range)
                .with_statement(discarded.statement)
                .with_label("`Pending` from this flush is dropped")
                .with_note("the io must not be shut down while unflushed data sits in front of it: a flush that is still pending must make the close pending too")
                .with_suggestion(discarded.suggestion.unwrap_or_else(|| advice(&close_name))),
            );
            return;
        }
        let Some(shutdown) = calls.inner_shutdowns.first() else {
            return;
        };
        if calls.hands_off {
            return;
        }
        if calls
            .self_flushes
            .iter()
            .any(|start| *start < shutdown.range.start)
        {
            return;
        }
        // The close drives the state `poll_flush` drives itself (polls its
        // write future, drains its queue, checks its buffer) before it
        // shuts down.
        let shut_field = shutdown.path.get(1);
        if calls.touched.iter().any(|(start, field)| {
            *start < shutdown.range.start
                && Some(field) != shut_field
                && flushed.driven_fields.contains(field)
        }) {
            return;
        }
        let bypassed = flushed
            .inner_targets
            .iter()
            .find(|target| shutdown.path.len() > target.len() && shutdown.path.starts_with(target));
        let reason = match (bypassed, flushed.does_more) {
            (Some(target), _) => format!(
                "this shuts down `{}`, underneath `{}`, which `poll_flush` flushes: whatever `{}` still buffers is skipped",
                self_paths::display(&shutdown.path),
                self_paths::display(target),
                self_paths::display(target)
            ),
            (None, Some(what)) => format!(
                "`poll_flush` {what}, but `{close_name}` shuts the inner io down without calling it"
            ),
            (None, None) => return,
        };
        checker.report(
            Finding::new(
                ShutdownUnderBuffer { close: &close_name },
                shutdown.range.clone(),
            )
            .with_label("shut down here, before any flush of `self`")
            .with_note(reason)
            .with_note("the io must not be shut down while unflushed data sits in front of it")
            .with_suggestion(advice(&close_name)),
        );
    }
}

fn advice(close_name: &str) -> Suggestion {
    Suggestion {
        message: format!(
            "flush `self` first, at the top of `{close_name}`: `ready!(self.as_mut().poll_flush(cx))?;`"
        ),
        edits: Vec::new(),
        applicability: Applicability::DisplayOnly,
    }
}

fn method<'i>(item: &'i ItemImpl, name: &str) -> Option<&'i ImplItemFn> {
    item.items.iter().find_map(|member| match member {
        ImplItem::Fn(function) if function.sig.ident == name => Some(function),
        _ => None,
    })
}

/// Whether a name is that of a flushing call (`poll_flush`, `flush_buf`,
/// `poll_drain`, `poll_write_buffered`); a question or bookkeeping named
/// after writes (`is_write_closed`, `release_write_buffer`,
/// `set_write_timeout`) is none.
fn flushes(name: &str) -> bool {
    const NOT_WRITING: &[&str] = &[
        "is_", "has_", "can_", "should_", "wants_", "needs_", "set_", "release_", "reserve_",
        "shrink_",
    ];
    (name.contains("flush") || name.contains("write") || name.contains("drain"))
        && !NOT_WRITING.iter().any(|prefix| name.starts_with(prefix))
}

/// The objects (paths from `self`) the impl writes to: those its
/// `poll_write`, `poll_flush` or `start_send` call a write, flush or send on
/// (directly, or through a local taken from a field).
fn written_fields(item: &ItemImpl) -> Vec<Vec<String>> {
    struct Writes {
        aliases: HashSet<String>,
        locals: std::collections::HashMap<String, Vec<String>>,
        found: Vec<Vec<String>>,
    }
    impl<'ast> Visit<'ast> for Writes {
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            let name = call.method.to_string();
            if name.contains("write") || name.contains("flush") || name.contains("send") {
                let path = path_of(&call.receiver, &self.aliases).or_else(|| {
                    crate::short_write_not_advanced::root_of(&call.receiver)
                        .and_then(|root| self.locals.get(&root).cloned())
                });
                if let Some(path) = path.filter(|path| path.len() > 1) {
                    self.found.push(path);
                }
            }
            visit::visit_expr_method_call(self, call);
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            for argument in self_paths::macro_arguments(mac) {
                self.visit_expr(&argument);
            }
        }
    }
    let mut found = Vec::new();
    for name in [
        "poll_write",
        "poll_write_vectored",
        "poll_flush",
        "start_send",
    ] {
        if let Some(function) = method(item, name) {
            let mut writes = Writes {
                aliases: self_aliases(&function.block),
                locals: field_locals(&function.block),
                found: Vec::new(),
            };
            writes.visit_block(&function.block);
            found.extend(writes.found);
        }
    }
    found
}

/// Locals bound to a field of `self` (`let io = self.io.clone();`,
/// `let inner = &mut this.inner;`), by name, with the field's path.
fn field_locals(body: &syn::Block) -> std::collections::HashMap<String, Vec<String>> {
    struct Locals {
        aliases: HashSet<String>,
        found: std::collections::HashMap<String, Vec<String>>,
    }
    impl<'ast> Visit<'ast> for Locals {
        fn visit_local(&mut self, local: &'ast syn::Local) {
            let pattern = match &local.pat {
                syn::Pat::Type(typed) => &*typed.pat,
                other => other,
            };
            if let (syn::Pat::Ident(binding), Some(init)) = (pattern, &local.init) {
                if let Some(mut path) = path_of(&init.expr, &self.aliases) {
                    if path.last().is_some_and(|last| last == "clone()") {
                        path.pop();
                    }
                    if path.len() > 1 {
                        self.found.insert(binding.ident.to_string(), path);
                    }
                }
            }
            visit::visit_local(self, local);
        }
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut locals = Locals {
        aliases: self_aliases(body),
        found: std::collections::HashMap::new(),
    };
    locals.visit_block(body);
    locals.found
}

/// Whether a call of `name` with `arguments` arguments closes what it is
/// called on: a close poll, or a future that does (`shutdown()`, `close()`).
pub(crate) fn shuts_down(name: &str, arguments: usize) -> bool {
    match name {
        "poll_shutdown" | "poll_close" | "poll_close_unpin" => true,
        "shutdown" | "close" => arguments == 0,
        _ => false,
    }
}

struct InnerShutdown {
    range: Range<usize>,
    path: Vec<String>,
}

/// The calls in a close method that matter: shutdowns of inner objects,
/// flushes of `self`, and a flush of `self` that is thrown away.
struct CloseCalls {
    inner_shutdowns: Vec<InnerShutdown>,
    /// The close hands data to the inner object itself.
    hands_off: bool,
    /// The fields of `self` the close mentions, and where.
    touched: Vec<(usize, String)>,
    self_flushes: Vec<usize>,
    discarded_self_flush: Option<DiscardedFlush>,
}

/// A flush of `self` thrown away in a close method, with the `ready!` fix
/// that `discarded_poll` would have offered.
struct DiscardedFlush {
    range: Range<usize>,
    statement: Range<usize>,
    suggestion: Option<Suggestion>,
}

impl CloseCalls {
    /// `flush_steps` are the calls `poll_flush` makes on `self`: making one
    /// of them in the close method counts as flushing (`self.poll(cx)` that
    /// drives a pending item in both).
    fn find(
        checker: &Checker<'_, '_>,
        close: &ImplItemFn,
        flush_steps: &HashSet<String>,
        written: &[Vec<String>],
    ) -> Self {
        struct CloseCallCollector<'c, 'a, 'ast> {
            checker: &'c Checker<'a, 'ast>,
            aliases: HashSet<String>,
            field_locals: std::collections::HashMap<String, Vec<String>>,
            written: &'c [Vec<String>],
            returns: ReturnKind,
            flush_steps: &'c HashSet<String>,
            found: CloseCalls,
        }
        impl<'ast> Visit<'ast> for CloseCallCollector<'_, '_, '_> {
            fn visit_stmt(&mut self, stmt: &'ast Stmt) {
                if let Some(discard) = lint_core::discard::in_stmt(self.checker, stmt, &[]) {
                    self.note_discard(&discard);
                }
                visit::visit_stmt(self, stmt);
            }
            fn visit_expr(&mut self, expr: &'ast Expr) {
                if let Some(discard) = lint_core::discard::in_expr(self.checker, expr) {
                    self.note_discard(&discard);
                }
                if let Expr::MethodCall(call) = expr {
                    let name = call.method.to_string();
                    let path = path_of(&call.receiver, &self.aliases);
                    let start = self.checker.span_range(call.method.span()).start;
                    match path {
                        Some(path)
                            if path.len() == 1
                                && (flushes(&name) || self.flush_steps.contains(&name)) =>
                        {
                            self.found.self_flushes.push(start);
                        }
                        // The close hands what it holds to the inner
                        // object itself (`start_send` of its buffer, a
                        // write of it): it flushes, wherever the call is
                        // written (a close that loops writes, then closes).
                        Some(path)
                            if path.len() > 1
                                && (name == "start_send"
                                    || name == "start_send_unpin"
                                    || name.starts_with("poll_write")
                                    || name.starts_with("write_all")) =>
                        {
                            self.found.hands_off = true;
                        }
                        // `self.io.poll_shutdown(cx)`, `self.io.poll_close_unpin(cx)`,
                        // or a shutdown future started on a field
                        // (`self.io.shutdown()`, or on a local taken from
                        // one: `let io = self.io.clone(); … io.shutdown()`).
                        path if shuts_down(&name, call.args.len()) => {
                            let path = path.or_else(|| {
                                crate::short_write_not_advanced::root_of(&call.receiver)
                                    .and_then(|root| self.field_locals.get(&root).cloned())
                            });
                            // A `close()` or `shutdown()` future counts only
                            // on an object the impl writes to (not a
                            // notifier's `close()`).
                            let closes_writer = |path: &Vec<String>| {
                                name.starts_with("poll_")
                                    || self.written.iter().any(|written| {
                                        written.starts_with(path) || path.starts_with(written)
                                    })
                            };
                            if let Some(path) =
                                path.filter(|path| path.len() > 1 && closes_writer(path))
                            {
                                let end = self.checker.range_of(expr).end;
                                self.found.inner_shutdowns.push(InnerShutdown {
                                    range: start..end,
                                    path,
                                });
                            }
                        }
                        _ => {}
                    }
                }
                visit::visit_expr(self, expr);
            }
            fn visit_macro(&mut self, mac: &'ast syn::Macro) {
                for argument in self_paths::macro_arguments(mac) {
                    self.visit_expr(&argument);
                }
            }
        }
        impl CloseCallCollector<'_, '_, '_> {
            fn note_discard(&mut self, discard: &lint_core::discard::Discard<'_>) {
                if self.found.discarded_self_flush.is_some() {
                    return;
                }
                let Some(value) = lint_core::value::of(self.checker, discard.value) else {
                    return;
                };
                if value.shape == Shape::Poll && calls::on_self(&value) && flushes(&value.name) {
                    let suggestion =
                        ready_suggestion(self.checker, discard, &value, self.returns).ok();
                    self.found.discarded_self_flush = Some(DiscardedFlush {
                        range: value.range.clone(),
                        statement: discard.replace.clone(),
                        suggestion,
                    });
                }
            }
        }
        let mut collector = CloseCallCollector {
            checker,
            aliases: self_aliases(&close.block),
            field_locals: field_locals(&close.block),
            written,
            returns: lint_core::checker::return_kind(&close.sig.output),
            flush_steps,
            found: CloseCalls {
                inner_shutdowns: Vec::new(),
                hands_off: false,
                touched: Vec::new(),
                self_flushes: Vec::new(),
                discarded_self_flush: None,
            },
        };
        collector.visit_block(&close.block);
        let mut found = collector.found;
        let mut driven = Driven::new(&close.block, false);
        driven.visit_block(&close.block);
        found.touched = driven
            .found
            .into_iter()
            .map(|(span, field)| (checker.span_range(span).start, field))
            .collect();
        found
            .inner_shutdowns
            .sort_by_key(|shutdown| shutdown.range.start);
        found
    }
}

/// Whether a method called on a field drives state a flush must finish: a
/// poll of a future, or taking items or bytes off a queue or buffer; with
/// `checks`, also a look at what is left (`is_empty`, `is_some`, `len`).
fn drives(name: &str, checks: bool) -> bool {
    let drive = matches!(
        name,
        "poll" | "poll_unpin" | "drain" | "pop_front" | "pop" | "advance" | "split_to"
    ) || name.starts_with("poll_next");
    let check = matches!(
        name,
        "is_empty" | "is_some" | "is_none" | "len" | "has_remaining" | "remaining"
    );
    drive || (checks && check)
}

/// The fields of `self` a body drives ([`drives`]), called on directly
/// (`self.queue.pop_front()`, `self.write.as_mut().poll(cx)`) or through a
/// local bound from them (`if let Some(fut) = self.write.as_mut() {
/// fut.as_mut().poll(cx) }`), with where each is driven.
struct Driven {
    aliases: HashSet<String>,
    checks: bool,
    locals: std::collections::HashMap<String, Vec<String>>,
    found: Vec<(proc_macro2::Span, String)>,
}

impl Driven {
    fn new(body: &syn::Block, checks: bool) -> Self {
        Driven {
            aliases: self_aliases(body),
            checks,
            locals: std::collections::HashMap::new(),
            found: Vec::new(),
        }
    }

    /// The fields of `self` named in `expr` (`self.write` in
    /// `self.write.as_mut()`).
    fn fields_in(&self, expr: &Expr) -> Vec<String> {
        struct Fields<'a> {
            aliases: &'a HashSet<String>,
            found: Vec<String>,
        }
        impl<'ast> Visit<'ast> for Fields<'_> {
            fn visit_expr_field(&mut self, field: &'ast syn::ExprField) {
                match path_of(&Expr::Field(field.clone()), self.aliases) {
                    Some(path) if path.len() > 1 => self.found.push(path[1].clone()),
                    _ => visit::visit_expr_field(self, field),
                }
            }
        }
        let mut fields = Fields {
            aliases: &self.aliases,
            found: Vec::new(),
        };
        fields.visit_expr(expr);
        fields.found
    }

    fn bind(&mut self, pat: &syn::Pat, init: &Expr) {
        let fields = self.fields_in(init);
        if fields.is_empty() {
            return;
        }
        for name in pattern_names(pat) {
            self.locals.insert(name, fields.clone());
        }
    }
}

/// The names a pattern binds.
fn pattern_names(pat: &syn::Pat) -> Vec<String> {
    struct Names(Vec<String>);
    impl<'ast> Visit<'ast> for Names {
        fn visit_pat_ident(&mut self, binding: &'ast syn::PatIdent) {
            self.0.push(binding.ident.to_string());
            visit::visit_pat_ident(self, binding);
        }
    }
    let mut names = Names(Vec::new());
    names.visit_pat(pat);
    names.0
}

impl<'ast> Visit<'ast> for Driven {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let Some(init) = &local.init {
            self.bind(&local.pat, &init.expr);
        }
        visit::visit_local(self, local);
    }
    fn visit_expr_let(&mut self, binding: &'ast syn::ExprLet) {
        self.bind(&binding.pat, &binding.expr);
        visit::visit_expr_let(self, binding);
    }
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let name = call.method.to_string();
        if drives(&name, self.checks) {
            let span = call.method.span();
            match path_of(&call.receiver, &self.aliases) {
                Some(path) if path.len() > 1 => self.found.push((span, path[1].clone())),
                Some(_) => {}
                None => {
                    let fields = crate::short_write_not_advanced::root_of(&call.receiver)
                        .and_then(|root| self.locals.get(&root).cloned())
                        .unwrap_or_default();
                    self.found
                        .extend(fields.into_iter().map(|field| (span, field)));
                }
            }
        }
        visit::visit_expr_method_call(self, call);
    }
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        for argument in self_paths::macro_arguments(mac) {
            self.visit_expr(&argument);
        }
    }
}

/// What a `poll_flush` does: which inner objects it flushes, and whether it
/// does more than pass the flush on.
struct FlushFacts {
    inner_targets: Vec<Vec<String>>,
    /// The fields of `self` that `poll_flush` drives: polls (a write
    /// future), drains or pops (a queue, a buffer), or checks for what is
    /// left (`is_empty`, `is_some`, `len`).
    driven_fields: HashSet<String>,
    does_more: Option<&'static str>,
    self_calls: HashSet<String>,
}

impl FlushFacts {
    fn of(flush: &ImplItemFn) -> Self {
        struct FlushFactsCollector {
            aliases: HashSet<String>,
            facts: FlushFacts,
        }
        impl<'ast> Visit<'ast> for FlushFactsCollector {
            fn visit_expr(&mut self, expr: &'ast Expr) {
                match expr {
                    Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_) => {
                        self.facts
                            .does_more
                            .get_or_insert("loops to write out a buffer");
                    }
                    Expr::MethodCall(call) => {
                        let name = call.method.to_string();
                        let path = path_of(&call.receiver, &self.aliases);
                        let accessor = matches!(
                            name.as_str(),
                            "as_mut"
                                | "as_ref"
                                | "project"
                                | "project_ref"
                                | "get_mut"
                                | "get_ref"
                                | "get_pin_mut"
                                | "by_ref"
                                | "deref_mut"
                        );
                        if !accessor && path.as_ref().is_some_and(|path| path.len() == 1) {
                            self.facts.self_calls.insert(name.clone());
                        }

                        if name == "poll_flush" || name == "flush" {
                            if let Some(path) = path.filter(|path| path.len() > 1) {
                                self.facts.inner_targets.push(path);
                            }
                        } else if name.starts_with("poll_write")
                            || name == "write"
                            || name == "write_all"
                            || name == "start_send"
                        {
                            self.facts
                                .does_more
                                .get_or_insert("writes buffered data out");
                        } else if path.is_some_and(|path| path.len() == 1) && flushes(&name) {
                            self.facts
                                .does_more
                                .get_or_insert("writes its own buffer out first");
                        } else if name == "poll" {
                            self.facts.does_more.get_or_insert("drives a pending write");
                        }
                    }
                    _ => {}
                }
                visit::visit_expr(self, expr);
            }
            fn visit_macro(&mut self, mac: &'ast syn::Macro) {
                for argument in self_paths::macro_arguments(mac) {
                    self.visit_expr(&argument);
                }
            }
        }
        let mut collector = FlushFactsCollector {
            aliases: self_aliases(&flush.block),
            facts: FlushFacts {
                inner_targets: Vec::new(),
                driven_fields: HashSet::new(),
                does_more: None,
                self_calls: HashSet::new(),
            },
        };
        collector.visit_block(&flush.block);
        let mut driven = Driven::new(&flush.block, true);
        driven.visit_block(&flush.block);
        collector.facts.driven_fields = driven.found.into_iter().map(|(_, field)| field).collect();
        collector.facts
    }
}
