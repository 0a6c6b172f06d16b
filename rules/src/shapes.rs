//! Shapes shared by the rules: where a value is thrown away (a *discard
//! site*), and what that value is (a write-side `Poll`, an IO `Result`, or a
//! byte count). One classification serves every rule, so that each thrown
//! away call is reported once, by the rule that owns its kind of value.

use std::ops::Range;

use lint_core::{Checker, Scope};
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, Macro, Pat, Stmt, Type};

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

pub use lint_core::names::is_write_side_poll;
use lint_core::names::{io_returns_amount, is_shape_keeping_adapter};

/// The write-side poll methods of the common traits (`AsyncWrite`, `Sink`,
/// tower's `Service`, and their `*_unpin` helpers). Other `poll_*` names are
/// often helpers that return `()`, so a bare statement calling one is only
/// reported when the name is declared in the file as returning `Poll`.
pub fn is_standard_write_poll(name: &str) -> bool {
    matches!(
        name.strip_suffix("_unpin").unwrap_or(name),
        "poll_write"
            | "poll_write_vectored"
            | "poll_write_buf"
            | "poll_flush"
            | "poll_shutdown"
            | "poll_close"
            | "poll_ready"
            | "poll_write_ready"
            | "poll_complete"
    )
}

/// Write-side polls whose `Ready` value is the number of bytes written and
/// the only record of it. (`poll_write_buf` advances the buffer it is given,
/// so its count may be dropped.)
fn poll_returns_amount(name: &str) -> bool {
    matches!(name, "poll_write" | "poll_write_vectored")
}

/// IO methods whose `Result` matters, with the number of arguments they take
/// besides the receiver (a range, since `close` and `shutdown` vary by type).
fn io_method_arity(name: &str) -> Option<Range<usize>> {
    Some(match name {
        "flush" | "sync_all" | "sync_data" => 0..1,
        "write" | "write_all" | "write_vectored" | "write_all_vectored" | "write_fmt"
        | "write_buf" | "write_all_buf" => 1..2,
        "shutdown" | "close" => 0..2,
        _ => return None,
    })
}

/// [`io_method_arity`], plus configured IO write names (any arity).
fn io_arity(checker: &Checker<'_, '_>, name: &str) -> Option<Range<usize>> {
    io_method_arity(name).or_else(|| {
        checker
            .settings()
            .io_writes
            .iter()
            .any(|extra| extra == name)
            .then_some(0..usize::MAX)
    })
}

/// Methods whose argument is the bytes to write (as opposed to `flush`,
/// `close(frame)`, `shutdown(how)`).
fn is_bytes_write(name: &str) -> bool {
    // `write_all_vectored` takes `&mut [IoSlice]`, so it is not checked.
    matches!(name, "write" | "write_all" | "write_vectored")
}

/// Whether a write argument looks like bytes: `&buf`, `b"…"`, `buf`,
/// `self.buf`, `s.as_bytes()`. A struct literal or a constructor call is what
/// `MaybeUninit::write` and `<*mut T>::write` take instead.
fn looks_like_buffer(argument: &Expr) -> bool {
    match argument {
        // `x.write(&mut sink)` serialises `x` into a writer.
        Expr::Reference(reference) => reference.mutability.is_none(),
        // `self`, `writer`, `self.printer` are a serialiser's destination,
        // as in `header.write(writer)?`, not bytes.
        Expr::Path(path) => path
            .path
            .get_ident()
            .is_some_and(|ident| !names_a_destination(&ident.to_string())),
        Expr::Field(field) => match &field.member {
            syn::Member::Named(name) => !names_a_destination(&name.to_string()),
            syn::Member::Unnamed(_) => true,
        },
        Expr::Lit(literal) => matches!(literal.lit, syn::Lit::ByteStr(_) | syn::Lit::Str(_)),
        Expr::Paren(paren) => looks_like_buffer(&paren.expr),
        Expr::MethodCall(call) => matches!(
            call.method.to_string().as_str(),
            "as_bytes" | "as_ref" | "as_slice" | "as_mut_slice" | "chunk" | "bytes" | "as_mut"
        ),
        _ => false,
    }
}

/// Whether `receiver` is `self` itself, through wrappers that keep it.
pub fn is_self(receiver: &Expr) -> bool {
    let aliases = std::collections::HashSet::from(["self".to_string()]);
    crate::receivers::path_of(receiver, &aliases).is_some_and(|path| path.len() == 1)
}

/// `cx`, `&mut cx`, `ctx`, `context`: a task context, which every poll
/// function takes.
fn is_context_argument(argument: &Expr) -> bool {
    match argument {
        Expr::Reference(reference) => is_context_argument(&reference.expr),
        Expr::Unary(unary) => is_context_argument(&unary.expr),
        Expr::Path(path) => path.path.get_ident().is_some_and(|ident| {
            let name = ident.to_string();
            let name = name.trim_start_matches('_');
            name == "cx" || name == "ctx" || name == "context" || name.ends_with("_cx")
        }),
        _ => false,
    }
}

fn is_shutdown_how(argument: &Expr) -> bool {
    match argument {
        Expr::Path(path) => path
            .path
            .segments
            .iter()
            .any(|segment| segment.ident == "Shutdown" || segment.ident == "how"),
        _ => false,
    }
}

fn names_a_destination(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "self"
        || [
            "writer",
            "printer",
            "encoder",
            "serializer",
            "sink",
            "stream",
            "output",
            "bits",
            "message",
            "value",
            "item",
        ]
        .iter()
        .any(|word| name.contains(word))
}

/// A raw pointer receiver (`ptr.add(i)`, `v.as_mut_ptr()`), whose `write`
/// stores a value.
fn is_pointer_like(receiver: &Expr) -> bool {
    match receiver {
        Expr::MethodCall(call) => matches!(
            call.method.to_string().as_str(),
            "add"
                | "offset"
                | "sub"
                | "byte_add"
                | "wrapping_add"
                | "as_mut_ptr"
                | "cast"
                | "cast_mut"
                | "as_ptr"
        ),
        Expr::Paren(paren) => is_pointer_like(&paren.expr),
        Expr::Path(path) => path
            .path
            .get_ident()
            .is_some_and(|ident| ident.to_string().ends_with("ptr")),
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Discard sites
// ---------------------------------------------------------------------------

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
}

/// The thrown-away value: an expression, or a macro used as a statement.
#[derive(Clone, Copy)]
pub enum Value<'e> {
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
    pub value: Value<'e>,
    /// Byte range of the value.
    pub value_range: Range<usize>,
    /// What a fix replaces: the whole `let` statement, or the expression.
    pub replace: Range<usize>,
    /// Whether a replacement of `replace` must end with `;`.
    pub replacement_needs_semicolon: bool,
    /// The part that does the throwing away (`let _ =`, `drop`, `_ =`).
    pub form_range: Option<Range<usize>>,
}

/// The discard site formed by a statement, if any.
pub fn discard_in_stmt<'s>(
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
                value: Value::Expr(&init.expr),
                value_range: checker.range_of(&*init.expr),
                replace: checker.range_of(stmt),
                replacement_needs_semicolon: true,
                form_range: Some(let_start..eq_end),
            })
        }
        Stmt::Expr(expr, Some(_)) => Some(Discard {
            form: DiscardForm::Statement,
            value: Value::Expr(expr),
            value_range: checker.range_of(expr),
            replace: checker.range_of(expr),
            replacement_needs_semicolon: false,
            form_range: None,
        }),
        Stmt::Macro(statement) if statement.semi_token.is_some() => {
            let range = checker.range_of(&statement.mac);
            Some(Discard {
                form: DiscardForm::Statement,
                value: Value::Macro(&statement.mac),
                value_range: range.clone(),
                replace: range,
                replacement_needs_semicolon: false,
                form_range: None,
            })
        }
        _ => None,
    }
}

/// The discard site formed by an expression (`drop(value)`, `_ = value`).
pub fn discard_in_expr<'e>(checker: &Checker<'_, '_>, expr: &'e Expr) -> Option<Discard<'e>> {
    match expr {
        Expr::Call(call) if call.args.len() == 1 && is_drop_function(&call.func) => {
            let value = &call.args[0];
            Some(Discard {
                form: DiscardForm::Drop,
                value: Value::Expr(value),
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
                value: Value::Expr(&assign.right),
                value_range: checker.range_of(&*assign.right),
                replace: checker.range_of(expr),
                replacement_needs_semicolon: false,
                form_range: Some(left.start..eq.end),
            })
        }
        _ => None,
    }
}

/// What a rule does with a thrown-away value of its kind.
pub type DiscardCheck = fn(&mut Checker<'_, '_>, &Discard<'_>, Classified);

/// Calls `check` when `stmt` throws away a value of `kind`: the statement
/// hook every discard rule shares.
pub fn check_stmt_discards(
    checker: &mut Checker<'_, '_>,
    stmt: &Stmt,
    following: &[Stmt],
    kind: ValueKind,
    check: DiscardCheck,
) {
    // Classified before the discard's ranges are taken: most statements
    // throw away nothing a rule knows, and a range costs a walk of tokens.
    let Some(value) = stmt_discarded_value(stmt) else {
        return;
    };
    if classify(checker, value).is_none_or(|classified| classified.kind != kind) {
        return;
    }
    if let Some(discard) = discard_in_stmt(checker, stmt, following) {
        check_discard(checker, &discard, kind, check);
    }
}

/// The value `stmt` may throw away, by its shape alone: what
/// [`discard_in_stmt`] looks at, before it checks that a binding is unused
/// and takes ranges.
fn stmt_discarded_value(stmt: &Stmt) -> Option<Value<'_>> {
    match stmt {
        Stmt::Local(local) => {
            let init = local.init.as_ref()?;
            (init.diverge.is_none()).then_some(Value::Expr(&init.expr))
        }
        Stmt::Expr(expr, Some(_)) => Some(Value::Expr(expr)),
        Stmt::Macro(statement) if statement.semi_token.is_some() => {
            Some(Value::Macro(&statement.mac))
        }
        _ => None,
    }
}

/// Calls `check` when `expr` (`drop(…)`, `_ = …`) throws away a value of
/// `kind`: the expression hook every discard rule shares.
pub fn check_expr_discards(
    checker: &mut Checker<'_, '_>,
    expr: &Expr,
    kind: ValueKind,
    check: DiscardCheck,
) {
    let value = match expr {
        Expr::Call(call) if call.args.len() == 1 && is_drop_function(&call.func) => &call.args[0],
        Expr::Assign(assign) if matches!(&*assign.left, Expr::Infer(_)) => &assign.right,
        _ => return,
    };
    if classify(checker, Value::Expr(value)).is_none_or(|classified| classified.kind != kind) {
        return;
    }
    if let Some(discard) = discard_in_expr(checker, expr) {
        check_discard(checker, &discard, kind, check);
    }
}

fn check_discard(
    checker: &mut Checker<'_, '_>,
    discard: &Discard<'_>,
    kind: ValueKind,
    check: DiscardCheck,
) {
    if let Some(value) = classify(checker, discard.value) {
        if value.kind == kind {
            check(checker, discard, value);
        }
    }
}

/// `drop`, `mem::drop`, `std::mem::drop`, `core::mem::drop`.
fn is_drop_function(func: &Expr) -> bool {
    let Expr::Path(path) = func else { return false };
    let segments: Vec<_> = path.path.segments.iter().collect();
    match segments.as_slice() {
        [only] => only.ident == "drop",
        [.., module, last] => last.ident == "drop" && module.ident == "mem",
        [] => false,
    }
}

/// Whether any of `stmts` mentions `ident` (in code or inside macro tokens).
fn mentions_ident(stmts: &[Stmt], ident: &syn::Ident) -> bool {
    struct Finder<'i> {
        ident: &'i syn::Ident,
        found: bool,
    }
    impl<'ast> Visit<'ast> for Finder<'_> {
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
    let mut finder = Finder {
        ident,
        found: false,
    };
    for stmt in stmts {
        finder.visit_stmt(stmt);
        if finder.found {
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

// ---------------------------------------------------------------------------
// What the thrown-away value is
// ---------------------------------------------------------------------------

/// How the core call is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallForm {
    /// `receiver.name(…)`
    Method,
    /// `Trait::name(receiver, …)`, `<T as Trait>::name(…)`, `name(…)`
    Path,
    /// `ready!(….poll_name(…))`
    Ready,
    /// `write!(…)` / `writeln!(…)`
    WriteMacro,
}

/// What the written-to object is, as far as its spelling tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver {
    /// Standard output or standard error, used for diagnostics.
    Diagnostics,
    /// An in-memory buffer (`String`, `Vec<u8>`, a `Formatter`) that cannot
    /// fail or write short.
    InMemory,
    /// Anything else.
    Other,
}

/// The call whose value is thrown away.
#[derive(Debug, Clone)]
pub struct CoreCall {
    /// Method, function or (for `ready!`) inner poll name; `write`/`writeln`
    /// for the macros.
    pub name: String,
    /// How it is written.
    pub form: CallForm,
    /// The range a finding points at.
    pub range: Range<usize>,
    /// The method name's own range (for a rename fix).
    pub name_range: Option<Range<usize>>,
    /// What it writes to.
    pub receiver: Receiver,
    /// Number of arguments besides the receiver.
    pub arguments: usize,
    /// Whether the call is followed by `.await`.
    pub awaited: bool,
    /// Whether the only argument is a `Shutdown::…` path (or a variable
    /// named `how`), as `TcpStream::shutdown` takes.
    pub shutdown_how: bool,
    /// For `self.name(…)` inside an `impl` that defines `name`: what that
    /// definition returns (the call means it, not a trait method elsewhere).
    pub own_method: Option<lint_core::model::items::SignatureSummary>,
    /// Number of arguments written at the call (a method's receiver aside).
    pub call_arguments: usize,
    /// For a `Poll`: whether the name says so (`poll_flush`), rather than a
    /// context argument hinting that the crate may declare it so.
    pub poll_by_name: bool,
    /// For `ready!(…)`: whether a closure inside was handed the count.
    pub count_seen_inside: bool,
    /// Whether the call is made on `self` itself (`self.poll_flush(cx)`,
    /// `self.as_mut().poll_flush(cx)`, `Pin::new(&mut *self)…`).
    pub receiver_is_self: bool,
}

/// What kind of value is thrown away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A write-side `Poll`, possibly after `?`: `Pending` is lost.
    Poll,
    /// An IO `Result` (or the `Option` `.ok()` made of it): the error is lost.
    IoResult,
    /// The `Ok` byte count of a write, after the error was propagated.
    WriteAmount,
}

/// A thrown-away value and how it was made.
#[derive(Debug, Clone)]
pub struct Classified {
    /// What it is.
    pub kind: ValueKind,
    /// The call that produced it.
    pub call: CoreCall,
    /// The range of the expression under the outermost `?`, when the value
    /// ends in `?`.
    pub under_question_mark: Option<Range<usize>>,
    /// The range of the value without a trailing `.ok()`, when it has one.
    pub before_ok: Option<Range<usize>>,
    /// Whether a `?` stands anywhere between the call and the outermost layer.
    pub question_mark_inside: bool,
    /// Whether `.map(…)`, `.map_err(…)` or the like is applied to the value.
    pub adapted: bool,
    /// Whether a closure was handed the `Ok` value (`.map(|n| …)`), so that
    /// a byte count is not lost even if the result is.
    pub count_seen: bool,
}

/// What stands between a call and the thrown-away value, outermost first;
/// each holds the expression it applies to, whose range is taken only if a
/// rule needs it (a range walks the expression's tokens).
#[derive(Clone)]
enum Layer<'e> {
    Question(&'e Expr),
    Await,
    Adapter(String, &'e Expr),
}

/// Classifies a thrown-away value.
pub fn classify(checker: &Checker<'_, '_>, value: Value<'_>) -> Option<Classified> {
    match value {
        Value::Expr(expr) => classify_expr(checker, expr),
        Value::Macro(mac) => {
            let (kind, call) = classify_macro(checker, mac)?;
            Some(Classified {
                kind,
                call,
                under_question_mark: None,
                before_ok: None,
                question_mark_inside: false,
                adapted: false,
                count_seen: false,
            })
        }
    }
}

fn classify_expr(checker: &Checker<'_, '_>, expr: &Expr) -> Option<Classified> {
    let mut layers = Vec::new();
    let mut current = expr;
    loop {
        current = match current {
            Expr::Paren(paren) => &paren.expr,
            Expr::Group(group) => &group.expr,
            Expr::Try(question) => {
                layers.push(Layer::Question(&question.expr));
                &question.expr
            }
            Expr::Await(awaited) => {
                layers.push(Layer::Await);
                &awaited.base
            }
            Expr::MethodCall(call)
                if call.method == "ok" || is_shape_keeping_adapter(&call.method.to_string()) =>
            {
                layers.push(Layer::Adapter(call.method.to_string(), &call.receiver));
                &call.receiver
            }
            _ => break,
        };
    }
    let (mut kind, mut call) = core_call(checker, current)?;
    let mut under_question_mark = None;
    let mut before_ok = None;
    let mut question_mark_inside = false;
    let mut count_seen = false;
    // Apply the layers from the call outwards.
    for (index, layer) in layers.iter().enumerate().rev() {
        let outermost = index == 0;
        kind = match (kind, layer) {
            (ValueKind::Poll, Layer::Question(inner)) => {
                if outermost {
                    under_question_mark = Some(checker.range_of(*inner));
                } else {
                    question_mark_inside = true;
                }
                ValueKind::Poll
            }
            (ValueKind::Poll, Layer::Adapter(name, _)) if name != "ok" => {
                if matches!(name.as_str(), "map_ok" | "map") {
                    count_seen = true;
                }
                ValueKind::Poll
            }
            (ValueKind::IoResult, Layer::Await) => {
                call.awaited = true;
                ValueKind::IoResult
            }
            (ValueKind::IoResult, Layer::Question(inner)) => {
                if !is_amount_call(&call) || count_seen {
                    return None;
                }
                if outermost {
                    under_question_mark = Some(checker.range_of(*inner));
                }
                ValueKind::WriteAmount
            }
            (ValueKind::IoResult, Layer::Adapter(name, receiver)) => {
                if name == "ok" && outermost {
                    before_ok = Some(checker.range_of(*receiver));
                }
                if matches!(name.as_str(), "map" | "inspect" | "map_ok") {
                    // The closure is handed the count (`.map(|n| pos += n)`).
                    count_seen = true;
                }
                ValueKind::IoResult
            }
            _ => return None,
        };
    }
    Some(Classified {
        kind,
        call,
        under_question_mark,
        before_ok,
        question_mark_inside,
        adapted: layers
            .iter()
            .any(|layer| matches!(layer, Layer::Adapter(name, _) if name != "ok")),
        count_seen,
    })
}

fn is_amount_call(call: &CoreCall) -> bool {
    match call.form {
        CallForm::Method | CallForm::Path => io_returns_amount(&call.name),
        CallForm::Ready => poll_returns_amount(&call.name) && !call.count_seen_inside,
        CallForm::WriteMacro => false,
    }
}

/// Whether the name alone makes a call a write-side poll (built in or
/// configured).
fn poll_by_name(checker: &Checker<'_, '_>, name: &str) -> bool {
    is_write_side_poll(name)
        || checker
            .settings()
            .write_polls
            .iter()
            .any(|extra| extra == name)
}

/// Whether a call that is neither a write-side poll nor an IO method may be
/// a poll function the crate-wide index knows of: it is given a task context
/// (`poll_*` names that are not write-side were excluded on purpose).
fn may_return_poll(
    checker: &Checker<'_, '_>,
    name: &str,
    arguments: &syn::punctuated::Punctuated<Expr, syn::Token![,]>,
) -> bool {
    io_arity(checker, name).is_none()
        && !name.starts_with("poll")
        && arguments.iter().any(is_context_argument)
}

/// The call at the bottom of a value, and what it yields before any layer.
fn core_call(checker: &Checker<'_, '_>, expr: &Expr) -> Option<(ValueKind, CoreCall)> {
    match expr {
        Expr::MethodCall(call) => {
            let name = call.method.to_string();
            let arguments = call.args.len();
            let poll_by_name = poll_by_name(checker, &name);
            let kind = if poll_by_name || may_return_poll(checker, &name, &call.args) {
                ValueKind::Poll
            } else if io_arity(checker, &name).is_none() {
                return None;
            } else if io_arity(checker, &name)?.contains(&arguments)
                // IO traits' write methods take no type arguments; a bit
                // writer's `write::<3, u8>(v)` does.
                && call.turbofish.is_none()
                && !is_pointer_like(&call.receiver)
                && call
                    .args
                    .first()
                    .is_none_or(|first| !is_bytes_write(&name) || looks_like_buffer(first))
            {
                ValueKind::IoResult
            } else {
                return None;
            };
            let name_range = checker.span_range(call.method.span());
            let end = checker.range_of(expr).end;
            let receiver = receiver_kind(checker, &call.receiver);
            Some((
                kind,
                CoreCall {
                    name,
                    form: CallForm::Method,
                    range: name_range.start..end,
                    name_range: Some(name_range),
                    receiver,
                    arguments,
                    awaited: false,
                    shutdown_how: call.args.len() == 1 && is_shutdown_how(&call.args[0]),
                    own_method: own_method(checker, &call.receiver, &call.method),
                    call_arguments: call.args.len(),
                    poll_by_name,
                    count_seen_inside: false,
                    receiver_is_self: is_self(&call.receiver),
                },
            ))
        }
        Expr::Call(call) => {
            let Expr::Path(path) = &*call.func else {
                return None;
            };
            let last = path.path.segments.last()?;
            let name = last.ident.to_string();
            // `Write::flush(w)`, `io::Write::write_all(w, b)`,
            // `<W as Write>::flush(w)`: qualified by a trait or type, which
            // is capitalised. `fs::write(path, data)`, `libc::close(fd)`
            // are functions of a module.
            let qualified = path.qself.is_some()
                || path.path.segments.iter().rev().nth(1).is_some_and(|owner| {
                    owner
                        .ident
                        .to_string()
                        .starts_with(|c: char| c.is_ascii_uppercase())
                });
            let raw_memory = path
                .path
                .segments
                .iter()
                .any(|segment| segment.ident == "ptr" || segment.ident == "MaybeUninit");
            let poll_by_name = poll_by_name(checker, &name);
            let kind = if poll_by_name || may_return_poll(checker, &name, &call.args) {
                ValueKind::Poll
            } else if io_arity(checker, &name).is_none() {
                return None;
            } else if qualified
                && !raw_memory
                && !call.args.is_empty()
                && io_arity(checker, &name)?.contains(&(call.args.len() - 1))
                && call
                    .args
                    .iter()
                    .nth(1)
                    .is_none_or(|buffer| !is_bytes_write(&name) || looks_like_buffer(buffer))
            {
                ValueKind::IoResult
            } else {
                return None;
            };
            let receiver = call
                .args
                .first()
                .map_or(Receiver::Other, |first| receiver_kind(checker, first));
            Some((
                kind,
                CoreCall {
                    name,
                    form: CallForm::Path,
                    range: checker.range_of(expr),
                    name_range: None,
                    receiver,
                    arguments: call.args.len().saturating_sub(1),
                    awaited: false,
                    shutdown_how: call.args.len() == 2 && is_shutdown_how(&call.args[1]),
                    own_method: None,
                    call_arguments: call.args.len(),
                    poll_by_name,
                    count_seen_inside: false,
                    receiver_is_self: call.args.first().is_some_and(is_self),
                },
            ))
        }
        Expr::Macro(mac) => classify_macro(checker, &mac.mac),
        _ => None,
    }
}

/// `ready!(poll)` yields the poll's `Result`; `write!`/`writeln!` yield one.
fn classify_macro(checker: &Checker<'_, '_>, mac: &Macro) -> Option<(ValueKind, CoreCall)> {
    let name = mac.path.segments.last()?.ident.to_string();
    let range = checker.range_of(mac);
    match name.as_str() {
        "ready" => {
            let inner: Expr = mac.parse_body().ok()?;
            let classified = classify_expr(checker, &inner)?;
            if classified.kind != ValueKind::Poll {
                return None;
            }
            let inner_name = classified.call.name.clone();
            // Only a poll known to hold a `Result` yields one through
            // `ready!`: the common trait methods, or one declared so in this
            // file. `ready!(poll_proceed(cx))` yields `()`.
            let holds_result = is_standard_write_poll(&inner_name)
                || checker
                    .file_facts()
                    .functions
                    .get(&inner_name)
                    .is_some_and(|declared| declared.iter().any(|one| one.mentions_result));
            if !holds_result {
                return None;
            }
            let amount = poll_returns_amount(&inner_name) && !classified.count_seen;
            let kind = match classified.under_question_mark {
                // `ready!(x.poll_write(cx, buf)?)` yields the count.
                Some(_) if amount => ValueKind::WriteAmount,
                Some(_) => return None,
                None => ValueKind::IoResult,
            };
            Some((
                kind,
                CoreCall {
                    name: inner_name,
                    form: CallForm::Ready,
                    range,
                    name_range: None,
                    receiver: Receiver::Other,
                    arguments: classified.call.arguments,
                    awaited: false,
                    shutdown_how: false,
                    own_method: None,
                    call_arguments: classified.call.call_arguments,
                    poll_by_name: classified.call.poll_by_name,
                    count_seen_inside: classified.count_seen,
                    receiver_is_self: classified.call.receiver_is_self,
                },
            ))
        }
        "write" | "writeln" if is_std_macro_path(&mac.path) => {
            let target = mac
                .parse_body_with(|input: syn::parse::ParseStream<'_>| {
                    let target: Expr = input.parse()?;
                    let _: proc_macro2::TokenStream = input.parse()?;
                    Ok(target)
                })
                .ok()?;
            // A file that brings `fmt::Write` into scope and not `io::Write`
            // formats into strings and buffers, which do not fail.
            let facts = checker.file_facts();
            let receiver = if facts.imports_fmt_write && !facts.imports_io_write {
                Receiver::InMemory
            } else {
                receiver_kind(checker, &target)
            };
            Some((
                ValueKind::IoResult,
                CoreCall {
                    name,
                    form: CallForm::WriteMacro,
                    range,
                    name_range: None,
                    receiver,
                    arguments: 1,
                    awaited: false,
                    shutdown_how: false,
                    own_method: None,
                    call_arguments: 1,
                    poll_by_name: false,
                    count_seen_inside: false,
                    receiver_is_self: false,
                },
            ))
        }
        _ => None,
    }
}

/// What `self.method(…)` resolves to when the enclosing `impl` defines
/// `method` itself.
fn own_method(
    checker: &Checker<'_, '_>,
    receiver: &Expr,
    method: &syn::Ident,
) -> Option<lint_core::model::items::SignatureSummary> {
    let Expr::Path(path) = receiver else {
        return None;
    };
    if !path.path.is_ident("self") {
        return None;
    }
    checker.own_method(&method.to_string())
}

/// `write!`, `std::write!`, `core::write!` but not `defmt::write!`.
fn is_std_macro_path(path: &syn::Path) -> bool {
    path.segments.len() == 1
        || path.segments.first().is_some_and(|first| {
            matches!(first.ident.to_string().as_str(), "std" | "core" | "alloc")
        })
}

// ---------------------------------------------------------------------------
// Receivers
// ---------------------------------------------------------------------------

/// What a receiver writes to: standard output or error, memory, or other.
fn receiver_kind(checker: &Checker<'_, '_>, receiver: &Expr) -> Receiver {
    let mut current = receiver;
    loop {
        current = match current {
            Expr::Reference(reference) => &reference.expr,
            Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Deref(_)) => &unary.expr,
            Expr::Paren(paren) => &paren.expr,
            Expr::Group(group) => &group.expr,
            Expr::MethodCall(call)
                if matches!(
                    call.method.to_string().as_str(),
                    "lock" | "by_ref" | "get_mut" | "as_mut" | "borrow_mut" | "unwrap" | "expect"
                ) =>
            {
                &call.receiver
            }
            _ => break,
        };
    }
    match current {
        Expr::Call(call) => {
            match &*call.func {
                Expr::Path(path)
                    if path.path.segments.last().is_some_and(|last| {
                        is_diagnostic_writer(checker, &last.ident.to_string())
                    }) =>
                {
                    Receiver::Diagnostics
                }
                _ => Receiver::Other,
            }
        }
        Expr::Field(field) => match &field.member {
            syn::Member::Named(name) if is_diagnostic_writer(checker, &name.to_string()) => {
                Receiver::Diagnostics
            }
            _ => Receiver::Other,
        },
        Expr::Path(path) => match path.path.get_ident() {
            Some(ident) if is_diagnostic_writer(checker, &ident.to_string()) => {
                Receiver::Diagnostics
            }
            Some(ident) => local_receiver(checker, ident),
            None => Receiver::Other,
        },
        _ => Receiver::Other,
    }
}

fn is_diagnostic_stream(name: &str) -> bool {
    matches!(name, "stdout" | "stderr")
}

/// Standard output and error, and configured diagnostic writers.
fn is_diagnostic_writer(checker: &Checker<'_, '_>, name: &str) -> bool {
    is_diagnostic_stream(name)
        || checker
            .settings()
            .diagnostic_writers
            .iter()
            .any(|extra| extra == name)
}

/// Whether the enclosing bodies bind `ident` to an in-memory buffer, by its
/// written type or its initialiser.
fn local_receiver(checker: &Checker<'_, '_>, ident: &syn::Ident) -> Receiver {
    for scope in checker.scopes() {
        let parameters: Vec<(&Pat, Option<&Type>)> = match scope {
            Scope::Fn { sig, .. } => sig
                .inputs
                .iter()
                .filter_map(|input| match input {
                    syn::FnArg::Typed(typed) => Some((&*typed.pat, Some(&*typed.ty))),
                    syn::FnArg::Receiver(_) => None,
                })
                .collect(),
            Scope::Closure(closure) => closure
                .inputs
                .iter()
                .map(|pattern| match pattern {
                    Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
                    other => (other, None),
                })
                .collect(),
            Scope::Async(_) => Vec::new(),
        };
        // Parameters: `name: String`, `name: &mut fmt::Formatter<'_>`.
        for (pattern, written_type) in parameters {
            if pattern_binds(pattern, ident) {
                return if written_type.is_some_and(type_is_in_memory) {
                    Receiver::InMemory
                } else {
                    Receiver::Other
                };
            }
        }
        let mut finder = LocalFinder {
            ident,
            verdict: None,
        };
        match scope {
            Scope::Fn { body, .. } => finder.visit_block(body),
            Scope::Closure(closure) => finder.visit_expr(&closure.body),
            Scope::Async(block) => finder.visit_block(&block.block),
        }
        if let Some(verdict) = finder.verdict {
            return verdict;
        }
    }
    Receiver::Other
}

fn pattern_binds(pattern: &Pat, ident: &syn::Ident) -> bool {
    match pattern {
        Pat::Ident(binding) => binding.ident == *ident,
        Pat::Type(typed) => pattern_binds(&typed.pat, ident),
        _ => false,
    }
}

/// Finds `let name = …;` / `let name: T = …;` in a body (not in nested
/// items) and says what it binds.
struct LocalFinder<'i> {
    ident: &'i syn::Ident,
    verdict: Option<Receiver>,
}

impl<'ast> Visit<'ast> for LocalFinder<'_> {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        if matches!(
            self.verdict,
            Some(Receiver::InMemory | Receiver::Diagnostics)
        ) {
            return;
        }
        let (pattern, written_type) = match &local.pat {
            Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
            other => (other, None),
        };
        if pattern_binds(pattern, self.ident) {
            let kind = match (written_type, &local.init) {
                (Some(ty), _) if type_is_in_memory(ty) => Receiver::InMemory,
                (_, Some(init)) if init_is_in_memory(&init.expr) => Receiver::InMemory,
                (_, Some(init)) if init_is_diagnostic_stream(&init.expr) => Receiver::Diagnostics,
                _ => Receiver::Other,
            };
            self.verdict = Some(kind);
        }
        visit::visit_local(self, local);
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// `io::stdout()`, `std::io::stderr().lock()`.
fn init_is_diagnostic_stream(init: &Expr) -> bool {
    match init {
        Expr::MethodCall(call) if matches!(call.method.to_string().as_str(), "lock" | "unwrap") => {
            init_is_diagnostic_stream(&call.receiver)
        }
        Expr::Call(call) => match &*call.func {
            Expr::Path(path) => path
                .path
                .segments
                .last()
                .is_some_and(|last| is_diagnostic_stream(&last.ident.to_string())),
            _ => false,
        },
        _ => false,
    }
}

fn type_is_in_memory(ty: &Type) -> bool {
    match ty {
        Type::Reference(reference) => type_is_in_memory(&reference.elem),
        Type::Paren(paren) => type_is_in_memory(&paren.elem),
        Type::Path(path) => path.path.segments.last().is_some_and(|last| {
            matches!(
                last.ident.to_string().as_str(),
                "String"
                    | "Vec"
                    | "Formatter"
                    | "VecDeque"
                    | "BytesMut"
                    | "ArrayVec"
                    | "ArrayString"
                    | "TinyVec"
                    | "SmallVec"
            )
        }),
        _ => false,
    }
}

fn init_is_in_memory(init: &Expr) -> bool {
    match init {
        Expr::Call(call) => match &*call.func {
            Expr::Path(path) => {
                let mut names = path.path.segments.iter().rev();
                let (Some(function), Some(owner)) = (names.next(), names.next()) else {
                    return false;
                };
                let owner = owner.ident.to_string();
                let function = function.ident.to_string();
                matches!(
                    owner.as_str(),
                    "String"
                        | "Vec"
                        | "BytesMut"
                        | "ArrayVec"
                        | "TinyVec"
                        | "SmallVec"
                        | "ArrayString"
                ) && matches!(
                    function.as_str(),
                    "new" | "with_capacity" | "from" | "default"
                )
            }
            _ => false,
        },
        Expr::Macro(mac) => mac
            .mac
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == "vec" || last.ident == "format"),
        Expr::MethodCall(call) => match call.method.to_string().as_str() {
            "to_string" | "to_owned" | "to_vec" => matches!(&*call.receiver, Expr::Lit(_)),
            // `BytesMut::new().writer()`
            "writer" => init_is_in_memory(&call.receiver),
            _ => false,
        },
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Helpers for messages and fixes
// ---------------------------------------------------------------------------

/// What the operation is called in prose: `flush` for `poll_flush`.
pub fn operation_word(name: &str) -> String {
    name.strip_prefix("poll_").unwrap_or(name).replace('_', " ")
}

/// The label for the part of a statement that throws the value away.
pub fn form_label(form: &DiscardForm, what: &str) -> String {
    match form {
        DiscardForm::LetUnderscore => format!("`let _ =` throws the {what} away"),
        DiscardForm::UnusedBinding(name) => {
            format!("the {what} is bound to `{name}`, which is never read")
        }
        DiscardForm::AssignUnderscore => format!("`_ =` throws the {what} away"),
        DiscardForm::Drop => format!("`drop` throws the {what} away"),
        DiscardForm::Statement => format!("the {what} is thrown away here"),
    }
}

/// Ends a replacement with `;` when the whole statement is replaced.
pub fn finish_replacement(discard: &Discard<'_>, replacement: String) -> String {
    if discard.replacement_needs_semicolon {
        replacement + ";"
    } else {
        replacement
    }
}

/// The range of a syntax node (re-exported for rules that look around).
pub fn range_of<T: Spanned + ?Sized>(checker: &Checker<'_, '_>, node: &T) -> Range<usize> {
    checker.range_of(node)
}
