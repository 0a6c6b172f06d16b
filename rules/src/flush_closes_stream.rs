//! The `flush_closes_stream` rule; its documentation is on
//! [`FLUSH_CLOSES_STREAM`].

use lint_core::interest::Interests;
use lint_core::{
    declare_rule, Applicability, Checker, Finding, FixAvailability, Level, Rule, RuleMeta,
    Suggestion, Violation,
};
use syn::visit::{self, Visit};
use syn::{Expr, ImplItem, ItemImpl};

use crate::self_paths::{self, path_of, self_aliases};
use crate::shutdown_without_flush::shuts_down;

declare_rule! {
    /// ## What it does
    /// Finds a `poll_flush` (of an `AsyncWrite` or a `Sink`) that shuts
    /// down or closes the object it writes to: `inner.poll_shutdown(cx)`,
    /// `inner.poll_close(cx)`, `poll_close_unpin`, or a `shutdown()` or
    /// `close()` future started there.
    ///
    /// ## Why is this bad?
    /// A flush must leave the stream open: callers flush between messages
    /// (a codec after every frame, `BufWriter` when its buffer fills) and go
    /// on writing. A flush that closes the inner writer makes the next
    /// write fail, or ends the peer's stream early: for a compression
    /// encoder, the compressed stream is finished after the first flush.
    /// Only `poll_shutdown` / `poll_close` may close.
    ///
    /// ## Known problems
    /// Only the method's own body is read: a close reached through a helper
    /// is not seen. A `poll_flush` that closes only in a state that means
    /// the stream is already being closed (after `poll_close` was called)
    /// is reported too; say so in a suppression.
    ///
    /// ## Example
    /// ```rust,ignore
    /// fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    ///     ready!(self.as_mut().write_pending(cx))?;
    ///     Pin::new(&mut self.inner).poll_shutdown(cx)
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    ///     ready!(self.as_mut().write_pending(cx))?;
    ///     Pin::new(&mut self.inner).poll_flush(cx)
    /// }
    /// ```
    pub FLUSH_CLOSES_STREAM = {
        name: "flush_closes_stream",
        summary: "a poll_flush shuts down or closes the writer it flushes into",
        default_level: Level::Deny,
        level_reason: "the stream is closed after the first flush: later writes fail or never reach the peer",
        fix: FixAvailability::None,
    }
}

/// See [`FLUSH_CLOSES_STREAM`].
pub struct FlushClosesStream;

/// The rule reads `poll_flush` bodies whole.
static INTERESTS: Interests = Interests {
    calls: &[],
    macros: &[],
    bodies: &["poll_flush"],
    clippy_equivalents: &[],
};

/// A flush closing what it writes to.
struct ClosedInFlush<'n> {
    call: &'n str,
}

impl Violation for ClosedInFlush<'_> {
    fn rule(&self) -> &'static RuleMeta {
        &FLUSH_CLOSES_STREAM
    }

    fn message(&self) -> String {
        format!(
            "`poll_flush` closes the writer underneath with `{}`: a flush must leave the stream open for more writes",
            self.call
        )
    }
}

impl Rule for FlushClosesStream {
    fn meta(&self) -> &'static RuleMeta {
        &FLUSH_CLOSES_STREAM
    }

    fn interests(&self) -> Interests {
        INTERESTS
    }

    fn check_item_impl(&self, checker: &mut Checker<'_, '_>, item: &ItemImpl) {
        let Some(flush) = item.items.iter().find_map(|member| match member {
            ImplItem::Fn(function) if function.sig.ident == "poll_flush" => Some(function),
            _ => None,
        }) else {
            return;
        };
        struct Closes<'c, 'a, 'ast> {
            checker: &'c Checker<'a, 'ast>,
            aliases: std::collections::HashSet<String>,
            found: Vec<(std::ops::Range<usize>, String)>,
        }
        impl<'ast> Visit<'ast> for Closes<'_, '_, '_> {
            fn visit_expr(&mut self, expr: &'ast Expr) {
                if let Expr::MethodCall(call) = expr {
                    let name = call.method.to_string();
                    let on_self =
                        path_of(&call.receiver, &self.aliases).is_some_and(|path| path.len() == 1);
                    if !on_self && shuts_down(&name, call.args.len()) {
                        let start = self.checker.span_range(call.method.span()).start;
                        let end = self.checker.range_of(expr).end;
                        self.found.push((start..end, name));
                    }
                }
                visit::visit_expr(self, expr);
            }
            fn visit_macro(&mut self, mac: &'ast syn::Macro) {
                for argument in self_paths::macro_arguments(mac) {
                    self.visit_expr(&argument);
                }
            }
            // A closure or item declared in the body runs elsewhere.
            fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
            fn visit_item(&mut self, _: &'ast syn::Item) {}
        }
        let mut closes = Closes {
            checker,
            aliases: self_aliases(&flush.block),
            found: Vec::new(),
        };
        closes.visit_block(&flush.block);
        for (range, name) in closes.found {
            checker.report(
                Finding::new(ClosedInFlush { call: &name }, range)
                    .with_label("this closes the stream")
                    .with_suggestion(Suggestion {
                        message: "flush the inner writer here (`poll_flush`), and close it only in `poll_shutdown` / `poll_close`".to_string(),
                        edits: Vec::new(),
                        applicability: Applicability::DisplayOnly,
                    }),
            );
        }
    }
}
