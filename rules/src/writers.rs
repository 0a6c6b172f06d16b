//! What a write writes to, as far as its spelling and the enclosing bodies
//! tell: standard output or error (used for diagnostics), an in-memory
//! buffer that cannot fail or write short, or something else.

use lint_core::value::{CallForm, Value};
use lint_core::{Checker, Scope};
use syn::visit::{self, Visit};
use syn::{Expr, Pat, Type};

/// What the written-to object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriterKind {
    /// Standard output or standard error, used for diagnostics.
    Diagnostics,
    /// An in-memory buffer (`String`, `Vec<u8>`, a `Formatter`) that cannot
    /// fail or write short.
    InMemory,
    /// Anything else.
    Other,
}

/// What the call in `value` writes to: a method's receiver, a path call's
/// first argument, `write!`'s writer (in memory when the file brings
/// `fmt::Write` into scope and not `io::Write`: it formats into strings and
/// buffers); unknown for `ready!`.
pub fn written_to(checker: &Checker<'_, '_>, value: &Value<'_>) -> WriterKind {
    match value.form {
        CallForm::Method | CallForm::Path => value
            .receiver()
            .map_or(WriterKind::Other, |receiver| writer_kind(checker, receiver)),
        CallForm::Ready => WriterKind::Other,
        CallForm::Macro => {
            let facts = checker.file_facts();
            if facts.imports_fmt_write && !facts.imports_io_write {
                WriterKind::InMemory
            } else {
                value
                    .writer
                    .as_ref()
                    .map_or(WriterKind::Other, |writer| writer_kind(checker, writer))
            }
        }
    }
}

/// What a receiver writes to: standard output or error, memory, or other.
pub fn writer_kind(checker: &Checker<'_, '_>, receiver: &Expr) -> WriterKind {
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
                    WriterKind::Diagnostics
                }
                _ => WriterKind::Other,
            }
        }
        Expr::Field(field) => match &field.member {
            syn::Member::Named(name) if is_diagnostic_writer(checker, &name.to_string()) => {
                WriterKind::Diagnostics
            }
            _ => WriterKind::Other,
        },
        Expr::Path(path) => match path.path.get_ident() {
            Some(ident) if is_diagnostic_writer(checker, &ident.to_string()) => {
                WriterKind::Diagnostics
            }
            Some(ident) => local_receiver(checker, ident),
            None => WriterKind::Other,
        },
        _ => WriterKind::Other,
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
fn local_receiver(checker: &Checker<'_, '_>, ident: &syn::Ident) -> WriterKind {
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
                    WriterKind::InMemory
                } else {
                    WriterKind::Other
                };
            }
        }
        let mut search = LocalSearch {
            ident,
            verdict: None,
        };
        match scope {
            Scope::Fn { body, .. } => search.visit_block(body),
            Scope::Closure(closure) => search.visit_expr(&closure.body),
            Scope::Async(block) => search.visit_block(&block.block),
        }
        if let Some(verdict) = search.verdict {
            return verdict;
        }
    }
    WriterKind::Other
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
struct LocalSearch<'i> {
    ident: &'i syn::Ident,
    verdict: Option<WriterKind>,
}

impl<'ast> Visit<'ast> for LocalSearch<'_> {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        if matches!(
            self.verdict,
            Some(WriterKind::InMemory | WriterKind::Diagnostics)
        ) {
            return;
        }
        let (pattern, written_type) = match &local.pat {
            Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
            other => (other, None),
        };
        if pattern_binds(pattern, self.ident) {
            let kind = match (written_type, &local.init) {
                (Some(ty), _) if type_is_in_memory(ty) => WriterKind::InMemory,
                (_, Some(init)) if init_is_in_memory(&init.expr) => WriterKind::InMemory,
                (_, Some(init)) if init_is_diagnostic_stream(&init.expr) => WriterKind::Diagnostics,
                _ => WriterKind::Other,
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
