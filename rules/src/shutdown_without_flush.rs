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
    /// object itself (`start_send`, `poll_write`, `write_all` on it) before
    /// closing it.
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
        let calls = CloseCalls::find(checker, close, &flushed.self_calls);
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
        if calls
            .self_flushes
            .iter()
            .any(|start| *start < shutdown.range.start)
        {
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
/// `poll_drain`, `poll_write_buffered`).
fn flushes(name: &str) -> bool {
    name.contains("flush") || name.contains("write") || name.contains("drain")
}

struct InnerShutdown {
    range: Range<usize>,
    path: Vec<String>,
}

/// The calls in a close method that matter: shutdowns of inner objects,
/// flushes of `self`, and a flush of `self` that is thrown away.
struct CloseCalls {
    inner_shutdowns: Vec<InnerShutdown>,
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
    fn find(checker: &Checker<'_, '_>, close: &ImplItemFn, flush_steps: &HashSet<String>) -> Self {
        struct CloseCallCollector<'c, 'a, 'ast> {
            checker: &'c Checker<'a, 'ast>,
            aliases: HashSet<String>,
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
                        // write of it) before closing that: it flushes.
                        Some(path)
                            if path.len() > 1
                                && (name == "start_send"
                                    || name == "start_send_unpin"
                                    || name.starts_with("poll_write")
                                    || name.starts_with("write_all")) =>
                        {
                            self.found.self_flushes.push(start);
                        }
                        Some(path)
                            if path.len() > 1
                                && (name == "poll_shutdown" || name == "poll_close") =>
                        {
                            let end = self.checker.range_of(expr).end;
                            self.found.inner_shutdowns.push(InnerShutdown {
                                range: start..end,
                                path,
                            });
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
            returns: lint_core::checker::return_kind(&close.sig.output),
            flush_steps,
            found: CloseCalls {
                inner_shutdowns: Vec::new(),
                self_flushes: Vec::new(),
                discarded_self_flush: None,
            },
        };
        collector.visit_block(&close.block);
        let mut found = collector.found;
        found
            .inner_shutdowns
            .sort_by_key(|shutdown| shutdown.range.start);
        found
    }
}

/// What a `poll_flush` does: which inner objects it flushes, and whether it
/// does more than pass the flush on.
struct FlushFacts {
    inner_targets: Vec<Vec<String>>,
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
                does_more: None,
                self_calls: HashSet::new(),
            },
        };
        collector.visit_block(&flush.block);
        collector.facts
    }
}
