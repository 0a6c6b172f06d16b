//! What a write writes to, as far as its spelling, the enclosing bodies and
//! the declarations of the file tell: standard output or error (used for
//! diagnostics), an in-memory buffer that cannot fail or write short,
//! something that is no IO writer at all (a hasher, a type bounded only by
//! a trait that is not a write trait), a known IO stream, or unknown.
//!
//! The receiver's type comes from a parameter's written type, a local's
//! written type or initialiser (`File::create(p)?`,
//! `TcpStream::connect(a).await?`, `Vec::new()`), or for `self.field` the
//! field's type in the struct this file declares; a generic parameter is
//! judged by its bounds (in the `fn`, its `impl` and their `where`
//! clauses). The type is then looked up in a table of well-known types.

use lint_core::model::items::SignatureSummary;
use lint_core::model::{CrateModel, ReceiverQuery};
use lint_core::value::{CallForm, Value};
use lint_core::{Checker, Scope};
use quote::ToTokens;
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
    /// No IO writer: a hasher or digest, or a value whose type is bounded
    /// only by traits that are not write traits (`W: Encode`).
    NotIo,
    /// A known IO stream (`TcpStream`, `File`, `W: AsyncWrite`): a method
    /// named like an IO method is that IO method, whatever else the file
    /// declares under the name.
    Io,
    /// Unknown.
    Other,
}

impl WriterKind {
    /// Whether a write to it is never reported: it cannot fail, is used for
    /// diagnostics, or is no IO at all.
    pub fn is_exempt(self) -> bool {
        matches!(
            self,
            WriterKind::Diagnostics | WriterKind::InMemory | WriterKind::NotIo
        )
    }
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
    let current = strip(receiver);
    writer_kind_of(checker, current)
}

/// The receiver under references, dereferences, `Pin::new(…)` and methods
/// that reach the same value (`.lock()`, `.as_mut()`, `.get_mut()`, …).
pub fn strip(receiver: &Expr) -> &Expr {
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
            // `Pin::new(&mut self.io)`, `Pin::new_unchecked(…)`.
            Expr::Call(call)
                if call.args.len() == 1
                    && matches!(&*call.func, Expr::Path(path) if path.path.segments.len() >= 2
                        && path.path.segments.iter().rev().nth(1).is_some_and(|owner| owner.ident == "Pin")) =>
            {
                &call.args[0]
            }
            _ => break,
        };
    }
    current
}

fn writer_kind_of(checker: &Checker<'_, '_>, current: &Expr) -> WriterKind {
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
                // `io::sink()` takes everything and keeps nothing: no write
                // to it is short, and none fails.
                Expr::Path(path)
                    if call.args.is_empty()
                        && path
                            .path
                            .segments
                            .last()
                            .is_some_and(|last| last.ident == "sink")
                        && (path.path.segments.len() == 1
                            || path
                                .path
                                .segments
                                .iter()
                                .rev()
                                .nth(1)
                                .is_some_and(|owner| owner.ident == "io")) =>
                {
                    WriterKind::InMemory
                }
                _ => WriterKind::Other,
            }
        }
        Expr::Field(field) => match &field.member {
            syn::Member::Named(name) if is_diagnostic_writer(checker, &name.to_string()) => {
                WriterKind::Diagnostics
            }
            member if is_self_or_projection(checker, &field.base) => {
                self_field(checker, &member_name(member))
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
        // A `let` in the body shadows a parameter of the same name.
        let mut search = LocalSearch {
            checker,
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
        // Parameters: `name: String`, `name: &mut fmt::Formatter<'_>`.
        for (pattern, written_type) in parameters {
            if pattern_binds(pattern, ident) {
                return written_type.map_or(WriterKind::Other, |ty| type_kind(checker, ty));
            }
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
struct LocalSearch<'i, 'c, 'a, 'ast> {
    checker: &'c Checker<'a, 'ast>,
    ident: &'i syn::Ident,
    verdict: Option<WriterKind>,
}

impl<'ast> Visit<'ast> for LocalSearch<'_, '_, '_, '_> {
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
        // `let (send, recv) = connection.open_bi().await?;`: a QUIC send
        // stream.
        if let (Pat::Tuple(tuple), Some(init)) = (pattern, &local.init) {
            if tuple
                .elems
                .first()
                .is_some_and(|first| pattern_binds(first, self.ident))
                && opens_a_stream(&init.expr, &["open_bi", "accept_bi"])
            {
                self.verdict = Some(WriterKind::Io);
            }
        }
        if pattern_binds(pattern, self.ident) {
            let kind = match (written_type, &local.init) {
                (Some(ty), _) => type_kind(self.checker, ty),
                (_, Some(init)) if init_is_in_memory(&init.expr) => WriterKind::InMemory,
                (_, Some(init)) if init_is_diagnostic_stream(&init.expr) => WriterKind::Diagnostics,
                (_, Some(init)) if opens_a_stream(&init.expr, &["open_uni"]) => WriterKind::Io,
                (_, Some(init)) => init_kind(self.checker, &init.expr),
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

/// A field's name as the model records it (`0` for `self.0`).
pub fn member_name(member: &syn::Member) -> String {
    match member {
        syn::Member::Named(name) => name.to_string(),
        syn::Member::Unnamed(index) => index.index.to_string(),
    }
}

/// What `self.field` is: the field's declared type, when this file declares
/// the struct of the enclosing `impl`.
fn self_field(checker: &Checker<'_, '_>, field: &str) -> WriterKind {
    self_field_type(checker, field).map_or(WriterKind::Other, |ty| type_kind(checker, &ty))
}

/// The last path segment of the enclosing `impl`'s type (`Conn` for
/// `impl<T> Conn<T>`).
fn impl_self_name(checker: &Checker<'_, '_>) -> Option<String> {
    let Type::Path(self_type) = &*checker.enclosing_impl()?.self_ty else {
        return None;
    };
    Some(self_type.path.segments.last()?.ident.to_string())
}

/// The declared type of `self.field`, when this file declares the struct of
/// the enclosing `impl`.
pub(crate) fn self_field_type(checker: &Checker<'_, '_>, field: &str) -> Option<Type> {
    let text = checker.field_type(&impl_self_name(checker)?, field)?;
    syn::parse_str(&text).ok()
}

/// The type of a method call's receiver (under [`strip`]): the declared
/// type of `self.field` (also through a pin projection), or a parameter's
/// or local's type ([`local_type`]).
fn receiver_type(checker: &Checker<'_, '_>, value: &Value<'_>) -> Option<Type> {
    if value.form != CallForm::Method {
        return None;
    }
    match strip(value.receiver()?) {
        Expr::Field(field) => {
            if !is_self_or_projection(checker, &field.base) {
                return None;
            }
            self_field_type(checker, &member_name(&field.member))
        }
        Expr::Path(path) => local_type(checker, path.path.get_ident()?, value.range.start),
        _ => None,
    }
}

/// Types that wrap the value a write reaches (`Box<W>`, `Pin<&mut W>`,
/// `Option<W>`, a lock): what they hold decides.
const WRAPPERS: &[&str] = &[
    "Box",
    "Pin",
    "Option",
    "Arc",
    "Rc",
    "Mutex",
    "RwLock",
    "RefCell",
    "MutexGuard",
];

/// Buffering and adapting writers: IO when what they hold is unknown.
const WRITE_ADAPTERS: &[&str] = &[
    "BufWriter",
    "LineWriter",
    "BufStream",
    "Compat",
    // A split stream's half: what it halves decides.
    "WriteHalf",
    // Adapters between runtimes and reactors (async-io's `Async<T>`,
    // hyper-util's `TokioIo`, futures' `AllowStdIo`).
    "Async",
    "TokioIo",
    "AllowStdIo",
    // Compressing writers (flate2, zstd, bzip2, xz2, lz4, snap): their
    // `write` may take part of the input.
    "GzEncoder",
    "ZlibEncoder",
    "DeflateEncoder",
    "BzEncoder",
    "XzEncoder",
    "FrameEncoder",
];

/// In-memory buffers that cannot fail (a `Cursor` may write short at the
/// end of a slice, which is how it reports that it is full).
const IN_MEMORY_TYPES: &[&str] = &[
    "String",
    "Vec",
    "Formatter",
    "VecDeque",
    "BytesMut",
    "ArrayVec",
    "ArrayString",
    "TinyVec",
    "SmallVec",
    "Cursor",
    // tokio's in-process pipes: their writes and shutdown cannot fail.
    "SimplexStream",
    "DuplexStream",
];

/// Hashers and digests: their `write` and `flush` are no IO.
const HASHERS: &[&str] = &[
    "Hasher",
    "DefaultHasher",
    "SipHasher",
    "FxHasher",
    "AHasher",
    "XxHash64",
    "XxHash32",
    "Sha1",
    "Sha224",
    "Sha256",
    "Sha384",
    "Sha512",
    "Md5",
    "Blake2b",
    "Blake2s",
    "Blake3",
    "Crc32",
    "Crc",
    "Digest",
    "Hmac",
    "Context",
];

/// Message streams (tungstenite's `WebSocket`): their `write` takes a
/// message and returns no count, and their `flush` is the stream's.
const MESSAGE_STREAMS: &[&str] = &["WebSocket", "WebSocketStream"];

/// IO streams.
const IO_TYPES: &[&str] = &[
    "TcpStream",
    "UnixStream",
    "File",
    "ChildStdin",
    "TlsStream",
    "SslStream",
    "StreamOwned",
    "OwnedWriteHalf",
    "SendStream",
    // tempfile's files.
    "NamedTempFile",
    "SpooledTempFile",
];

/// Sockets whose `flush` does nothing (std's, tokio's and async-std's
/// `TcpStream` and `UnixStream` write straight to the kernel): a `flush`
/// result thrown away loses nothing.
const NO_OP_FLUSH: &[&str] = &["TcpStream", "UnixStream"];

/// Standard output and error handles.
const DIAGNOSTIC_TYPES: &[&str] = &["Stdout", "Stderr", "StdoutLock", "StderrLock"];

/// Write traits: a value bounded by one writes to IO (`fmt::Write` aside).
const WRITE_TRAITS: &[&str] = &[
    "Write",
    "AsyncWrite",
    "AsyncWriteExt",
    "Sink",
    "SinkExt",
    "AsyncBufWrite",
];

/// Bounds that say nothing about what a value writes to.
const MARKER_TRAITS: &[&str] = &[
    "Send",
    "Sync",
    "Unpin",
    "Sized",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Display",
    "Any",
    "Eq",
    "PartialEq",
    "Hash",
    "Ord",
    "PartialOrd",
];

/// What the place a type is written in says about the names in it.
pub trait TypeContext {
    /// The bounds of the generic parameter `name`, if it is one here.
    fn bounds(&self, name: &str) -> Option<Vec<syn::TypeParamBound>>;
    /// Whether a bare `Write` bound means `fmt::Write` (the file imports
    /// it and not `io::Write`).
    fn bare_write_formats(&self) -> bool;
    /// Whether the type named `name` is declared here to implement
    /// `fmt::Write` and not `io::Write` (a formatting adapter).
    fn formats_only(&self, _name: &str) -> bool {
        false
    }
}

impl TypeContext for Checker<'_, '_> {
    fn bounds(&self, name: &str) -> Option<Vec<syn::TypeParamBound>> {
        generic_bounds(self, name)
    }

    fn bare_write_formats(&self) -> bool {
        let facts = self.file_facts();
        facts.imports_fmt_write && !facts.imports_io_write
    }

    fn formats_only(&self, name: &str) -> bool {
        let (mut formats, mut writes) = (false, false);
        for block in &self.items().impls {
            if block.self_name.as_deref() != Some(name)
                || block.trait_name.as_deref() != Some("Write")
            {
                continue;
            }
            let header = self.text(block.header.start as usize..block.header.end as usize);
            if header.contains("fmt::Write")
                || (!header.contains("io::Write") && self.bare_write_formats())
            {
                formats = true;
            } else {
                writes = true;
            }
        }
        formats && !writes
    }
}

/// A type read without its surroundings (a field's type from another
/// file): no generic parameter is known.
pub struct NoContext;

impl TypeContext for NoContext {
    fn bounds(&self, _name: &str) -> Option<Vec<syn::TypeParamBound>> {
        None
    }

    fn bare_write_formats(&self) -> bool {
        false
    }
}

/// Whether `name` is a trait that says nothing about what a value writes
/// to (`Send`, `Unpin`, `Debug`, …).
pub fn is_marker_trait(name: &str) -> bool {
    MARKER_TRAITS.contains(&name) || name.starts_with('?') || name.starts_with('\'')
}

/// Whether `name` is a write trait (`Write`, `AsyncWrite`, `Sink`, …).
pub fn is_write_trait(name: &str) -> bool {
    WRITE_TRAITS.contains(&name)
}

/// What a value of type `ty` writes to.
pub fn type_kind(context: &dyn TypeContext, ty: &Type) -> WriterKind {
    let checker = context;
    match ty {
        Type::Reference(reference) => type_kind(checker, &reference.elem),
        Type::Paren(paren) => type_kind(checker, &paren.elem),
        Type::Group(group) => type_kind(checker, &group.elem),
        Type::ImplTrait(bounded) => bounds_kind(checker, bounded.bounds.iter()),
        Type::TraitObject(object) => bounds_kind(checker, object.bounds.iter()),
        Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return WriterKind::Other;
            };
            let name = last.ident.to_string();
            let inner = || match &last.arguments {
                syn::PathArguments::AngleBracketed(arguments) => {
                    arguments.args.iter().find_map(|argument| match argument {
                        syn::GenericArgument::Type(inner) => Some(type_kind(checker, inner)),
                        _ => None,
                    })
                }
                _ => None,
            };
            if WRAPPERS.contains(&name.as_str()) {
                return inner().unwrap_or(WriterKind::Other);
            }
            if WRITE_ADAPTERS.contains(&name.as_str()) {
                return match inner() {
                    Some(WriterKind::Other) | None => WriterKind::Io,
                    Some(kind) => kind,
                };
            }
            if path.path.segments.len() == 1 {
                if let Some(bounds) = checker.bounds(&name) {
                    return bounds_kind(checker, bounds.iter());
                }
            }
            if IN_MEMORY_TYPES.contains(&name.as_str()) || checker.formats_only(&name) {
                WriterKind::InMemory
            } else if DIAGNOSTIC_TYPES.contains(&name.as_str()) {
                WriterKind::Diagnostics
            } else if HASHERS.contains(&name.as_str()) || MESSAGE_STREAMS.contains(&name.as_str()) {
                WriterKind::NotIo
            } else if IO_TYPES.contains(&name.as_str()) {
                WriterKind::Io
            } else {
                WriterKind::Other
            }
        }
        _ => WriterKind::Other,
    }
}

/// What a value bounded by `bounds` writes to: IO when a write trait is
/// among them (`fmt::Write` is memory), nothing IO when only other traits
/// are (`W: Encode`, `H: Hasher`), unknown when only markers are.
fn bounds_kind<'b>(
    context: &dyn TypeContext,
    bounds: impl Iterator<Item = &'b syn::TypeParamBound>,
) -> WriterKind {
    let mut any_trait = false;
    let mut formats = false;
    for bound in bounds {
        let syn::TypeParamBound::Trait(bound) = bound else {
            continue;
        };
        if matches!(bound.modifier, syn::TraitBoundModifier::Maybe(_)) {
            continue;
        }
        let segments: Vec<String> = bound
            .path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        let Some(name) = segments.last() else {
            continue;
        };
        if MARKER_TRAITS.contains(&name.as_str()) {
            continue;
        }
        any_trait = true;
        if name == "Write" {
            let fmt = segments.iter().any(|segment| segment == "fmt")
                || (segments.len() == 1 && context.bare_write_formats());
            if fmt {
                formats = true;
                continue;
            }
            return WriterKind::Io;
        }
        if WRITE_TRAITS.contains(&name.as_str()) {
            return WriterKind::Io;
        }
    }
    if formats {
        WriterKind::InMemory
    } else if any_trait {
        WriterKind::NotIo
    } else {
        WriterKind::Other
    }
}

/// The bounds on the generic parameter `name` where the walk is: those of
/// the enclosing functions and `impl`, inline and in `where` clauses;
/// `None` when no enclosing declaration has such a parameter.
fn generic_bounds(checker: &Checker<'_, '_>, name: &str) -> Option<Vec<syn::TypeParamBound>> {
    let mut generics: Vec<&syn::Generics> = checker
        .scopes()
        .filter_map(|scope| match scope {
            Scope::Fn { sig, .. } => Some(&sig.generics),
            _ => None,
        })
        .collect();
    if let Some(block) = checker.enclosing_impl() {
        generics.push(&block.generics);
    }
    generics
        .into_iter()
        .find_map(|generics| bounds_in(generics, name))
}

/// The bounds `generics` put on its parameter `name`, inline and in its
/// `where` clause; `None` when it has no such parameter.
pub fn bounds_in(generics: &syn::Generics, name: &str) -> Option<Vec<syn::TypeParamBound>> {
    let parameter = generics
        .type_params()
        .find(|parameter| parameter.ident == name)?;
    let mut bounds: Vec<syn::TypeParamBound> = parameter.bounds.iter().cloned().collect();
    for predicate in generics
        .where_clause
        .iter()
        .flat_map(|clause| &clause.predicates)
    {
        if let syn::WherePredicate::Type(predicate) = predicate {
            if matches!(&predicate.bounded_ty, Type::Path(path) if path.path.is_ident(name)) {
                bounds.extend(predicate.bounds.iter().cloned());
            }
        }
    }
    Some(bounds)
}

/// What a local initialised by `init` writes to: the type a constructor
/// makes (`File::create(p)?`, `TcpStream::connect(a).await?`,
/// `BufWriter::<Vec<u8>>::with_capacity(n, v)`), through `?`, `.await`,
/// `.unwrap()` and `.expect(…)`.
fn init_kind(checker: &Checker<'_, '_>, init: &Expr) -> WriterKind {
    constructed_type(init).map_or(WriterKind::Other, |ty| type_kind(checker, &ty))
}

/// The name of the type of the call's receiver (`Rows` for `rows.write(…)`
/// with `rows: &mut Rows`), when a parameter's or local's written type, a
/// local's constructor (`Rows::new()`) or the declared type of `self.field`
/// tells it; wrappers (`Box`, `Pin`, `Option`, locks) are looked through.
pub fn receiver_type_name(checker: &Checker<'_, '_>, value: &Value<'_>) -> Option<String> {
    match type_name(&receiver_type(checker, value)?)? {
        // `Self::new()` in an `impl` of `Conn<T>` makes a `Conn`.
        name if name == "Self" => impl_self_name(checker),
        name => Some(name),
    }
}

/// Whether a function named `name`, called on a type (`Owner::name(…)`),
/// is a constructor of that type by custom: `new`, `with_capacity`,
/// `default`, `create`, `open`, `connect`, `from_…`, `bind`.
fn is_constructor(name: &str) -> bool {
    if let Some(rest) = name.strip_prefix("try_") {
        return is_constructor(rest);
    }
    name.starts_with("new")
        || name.starts_with("with_")
        || name.starts_with("from")
        || name.starts_with("open")
        || name.starts_with("connect")
        || matches!(name, "default" | "create" | "bind" | "accept")
}

/// The last segment of `ty`'s path, under references and wrappers.
pub fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Reference(reference) => type_name(&reference.elem),
        Type::Paren(paren) => type_name(&paren.elem),
        Type::Group(group) => type_name(&group.elem),
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            let name = last.ident.to_string();
            if WRAPPERS.contains(&name.as_str()) {
                let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
                    return None;
                };
                return arguments.args.iter().find_map(|argument| match argument {
                    syn::GenericArgument::Type(inner) => type_name(inner),
                    _ => None,
                });
            }
            Some(name)
        }
        _ => None,
    }
}

/// The type of the parameter or local `ident` of the enclosing bodies: as
/// written, or the type whose constructor initialises it.
fn local_type(checker: &Checker<'_, '_>, ident: &syn::Ident, at: usize) -> Option<Type> {
    for scope in checker.scopes() {
        // A `let` in the body shadows a parameter of the same name.
        let mut search = LocalTypeSearch {
            checker,
            at,
            ident,
            found: None,
            field: None,
            bound: false,
        };
        match scope {
            Scope::Fn { body, .. } => search.visit_block(body),
            Scope::Closure(closure) => search.visit_expr(&closure.body),
            Scope::Async(block) => search.visit_block(&block.block),
        }
        if search.bound {
            if let Some((field, in_option)) = search.field {
                if !is_self_or_projection(checker, &field.base) {
                    return None;
                }
                let ty = self_field_type(checker, &member_name(&field.member))?;
                return if in_option {
                    option_inner(&ty)
                } else {
                    Some(ty)
                };
            }
            return search.found;
        }
        if let Scope::Fn { sig, .. } = scope {
            for input in &sig.inputs {
                if let syn::FnArg::Typed(typed) = input {
                    if pattern_binds(&typed.pat, ident) {
                        return Some((*typed.ty).clone());
                    }
                }
            }
        }
    }
    None
}

/// Finds the type a `let` gives a name: written, or from its initialiser's
/// constructor path (`Owner::new(…)`, through `?`, `.await`, `.unwrap()`),
/// or the field of `self` it borrows (`let w = &mut self.io;`,
/// `if let Some(w) = &mut self.io`).
struct LocalTypeSearch<'i, 'c, 'a, 'ast> {
    checker: &'c Checker<'a, 'ast>,
    /// Where the name is used: only bindings before it count, and an
    /// `if let` only around it.
    at: usize,
    ident: &'i syn::Ident,
    found: Option<Type>,
    /// The field borrowed, and whether through `Some(…)`.
    field: Option<(&'ast syn::ExprField, bool)>,
    /// Whether a `let` binds the name (its type may still be unknown).
    bound: bool,
}

impl<'ast> Visit<'ast> for LocalTypeSearch<'_, '_, '_, 'ast> {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        let (pattern, written_type) = match &local.pat {
            Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
            other => (other, None),
        };
        if pattern_binds(pattern, self.ident) && self.checker.range_of(local).end <= self.at {
            self.bound = true;
            self.field = None;
            self.found = match (written_type, &local.init) {
                (Some(ty), _) => Some(ty.clone()),
                (None, Some(init)) => {
                    self.field = borrowed_field(&init.expr).map(|field| (field, false));
                    constructed_type(&init.expr)
                }
                _ => None,
            };
        }
        visit::visit_local(self, local);
    }

    fn visit_expr_for_loop(&mut self, looped: &'ast syn::ExprForLoop) {
        let body = self.checker.range_of(&looped.body);
        if pattern_binds(&looped.pat, self.ident) && body.start <= self.at && self.at < body.end {
            self.bound = true;
            self.field = None;
            self.found = element_type(self.checker, &looped.expr);
        }
        visit::visit_expr_for_loop(self, looped);
    }

    fn visit_expr_if(&mut self, branch: &'ast syn::ExprIf) {
        if let Expr::Let(binding) = &*branch.cond {
            if let Pat::TupleStruct(some) = &*binding.pat {
                let is_some = some.path.is_ident("Some") && some.elems.len() == 1;
                let around = self.checker.range_of(&branch.then_branch);
                if is_some
                    && pattern_binds(&some.elems[0], self.ident)
                    && around.start <= self.at
                    && self.at < around.end
                {
                    self.bound = true;
                    self.found = None;
                    self.field = borrowed_field(&binding.expr).map(|field| (field, true));
                }
            }
        }
        visit::visit_expr_if(self, branch);
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// The type of the elements `iterated` yields in a `for` loop: of a
/// parameter or local that is a `Vec<T>`, a slice or an array (also through
/// `.iter()`, `.iter_mut()`, `.into_iter()`, `.drain(..)`).
fn element_type(checker: &Checker<'_, '_>, iterated: &Expr) -> Option<Type> {
    let mut current = iterated;
    loop {
        current = match current {
            Expr::Reference(reference) => &reference.expr,
            Expr::Paren(paren) => &paren.expr,
            Expr::MethodCall(call)
                if matches!(
                    call.method.to_string().as_str(),
                    "iter" | "iter_mut" | "into_iter" | "drain"
                ) =>
            {
                &call.receiver
            }
            _ => break,
        };
    }
    let Expr::Path(path) = current else {
        return None;
    };
    let ident = path.path.get_ident()?;
    // The collection is bound before the loop starts.
    let collection = local_type(checker, ident, checker.range_of(iterated).start)?;
    let mut ty = &collection;
    loop {
        ty = match ty {
            Type::Reference(reference) => &reference.elem,
            Type::Paren(paren) => &paren.elem,
            Type::Slice(slice) => return Some((*slice.elem).clone()),
            Type::Array(array) => return Some((*array.elem).clone()),
            Type::Path(path) => {
                let last = path.path.segments.last()?;
                if !matches!(last.ident.to_string().as_str(), "Vec" | "VecDeque") {
                    return None;
                }
                let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
                    return None;
                };
                return arguments.args.iter().find_map(|argument| match argument {
                    syn::GenericArgument::Type(inner) => Some(inner.clone()),
                    _ => None,
                });
            }
            _ => return None,
        };
    }
}

/// The field `expr` borrows or names (`&mut self.io`, `self.io.as_mut()`).
fn borrowed_field(expr: &Expr) -> Option<&syn::ExprField> {
    match expr {
        Expr::Reference(reference) => borrowed_field(&reference.expr),
        Expr::Paren(paren) => borrowed_field(&paren.expr),
        Expr::MethodCall(call)
            if matches!(
                call.method.to_string().as_str(),
                "as_mut" | "as_ref" | "as_deref_mut" | "as_deref"
            ) =>
        {
            borrowed_field(&call.receiver)
        }
        Expr::Field(field) => Some(field),
        _ => None,
    }
}

/// `T` for `Option<T>`.
fn option_inner(ty: &Type) -> Option<Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    arguments.args.iter().find_map(|argument| match argument {
        syn::GenericArgument::Type(inner) => Some(inner.clone()),
        _ => None,
    })
}

/// `Owner` for `Owner::function(…)`, through `?`, `.await`, `.unwrap()`.
fn constructed_type(init: &Expr) -> Option<Type> {
    match init {
        Expr::Try(question) => constructed_type(&question.expr),
        Expr::Await(awaited) => constructed_type(&awaited.base),
        Expr::Paren(paren) => constructed_type(&paren.expr),
        Expr::MethodCall(call)
            if matches!(
                call.method.to_string().as_str(),
                "unwrap" | "expect" | "map_err" | "context" | "with_context" | "wrap_err"
            ) =>
        {
            constructed_type(&call.receiver)
        }
        Expr::Call(call) => match &*call.func {
            Expr::Path(path) if path.path.segments.len() >= 2 => {
                let mut segments = path.path.segments.iter().rev();
                let function = segments.next()?;
                let owner = segments.next()?;
                if !is_constructor(&function.ident.to_string()) {
                    return None;
                }
                let starts_upper = owner
                    .ident
                    .to_string()
                    .starts_with(|c: char| c.is_ascii_uppercase());
                // The owner with its type arguments (`BufWriter::<Vec<u8>>`).
                let mut owner = owner.clone();
                if let syn::PathArguments::AngleBracketed(arguments) = &mut owner.arguments {
                    arguments.colon2_token = None;
                }
                starts_upper.then(|| {
                    Type::Path(syn::TypePath {
                        qself: None,
                        path: owner.into(),
                    })
                })
            }
            _ => None,
        },
        Expr::Struct(literal) => Some(Type::Path(syn::TypePath {
            qself: None,
            path: literal.path.clone(),
        })),
        _ => None,
    }
}

/// Whether this file declares the method `value` calls so that `fits`
/// fails (no `Result`, no count): as the receiver's type declares it
/// (`self.method` in its own `impl`, `rows.write` with `rows: Rows`), else
/// any declaration of the name in the file (a type declared in another
/// file may declare it there: the file's declarations are the best evidence
/// left). Never for a known IO stream (`writer`), whose method is the IO
/// trait's.
pub fn declared_otherwise(
    checker: &Checker<'_, '_>,
    value: &Value<'_>,
    writer: WriterKind,
    fits: impl Fn(&lint_core::model::items::SignatureSummary) -> bool,
) -> bool {
    if writer == WriterKind::Io {
        return false;
    }
    match crate::calls::own_method(checker, value).or_else(|| declared_for_receiver(checker, value))
    {
        Some(declared) => !fits(&declared),
        None => checker.file_facts().declared_without(&value.name, fits),
    }
}

/// What the method `value` calls is declared to return, when the
/// receiver's type is one this file declares the method for.
pub fn declared_for_receiver(
    checker: &Checker<'_, '_>,
    value: &Value<'_>,
) -> Option<lint_core::model::items::SignatureSummary> {
    let name = receiver_type_name(checker, value)?;
    checker.method_of(&name, &value.name)
}

/// Traits of request handlers: their `poll_ready` is no write.
const SERVICE_TRAITS: &[&str] = &["Service", "MakeService", "HttpService", "ServiceFactory"];

/// Whether the call's receiver is a service (tower, actix, ntex, hyper):
/// its type's name ends in `Service` (`BoxService`, `BoxCloneService`), or
/// it is a generic parameter bounded by a service trait and by no `Sink`.
pub fn is_a_service(checker: &Checker<'_, '_>, value: &Value<'_>) -> bool {
    let Some(ty) = receiver_type(checker, value) else {
        return false;
    };
    let Some(name) = type_name(&ty) else {
        return false;
    };
    if name.ends_with("Service") {
        return true;
    }
    let Some(bounds) = generic_bounds(checker, &name) else {
        return false;
    };
    let traits: Vec<String> = bounds
        .iter()
        .filter_map(|bound| match bound {
            syn::TypeParamBound::Trait(bound) => bound
                .path
                .segments
                .last()
                .map(|last| last.ident.to_string()),
            _ => None,
        })
        .collect();
    traits
        .iter()
        .any(|name| SERVICE_TRAITS.contains(&name.as_str()))
        && !traits.iter().any(|name| name.starts_with("Sink"))
}

/// Whether `argument` is a growable buffer lent mutably (`buffer` with
/// `buffer: &mut BytesMut`): a destination to serialise into, not bytes to
/// write.
pub fn is_growable_destination(checker: &Checker<'_, '_>, argument: &Expr) -> bool {
    let Expr::Path(path) = argument else {
        return false;
    };
    let Some(ty) = path
        .path
        .get_ident()
        .and_then(|ident| local_type(checker, ident, checker.range_of(argument).start))
    else {
        return false;
    };
    let Type::Reference(reference) = &ty else {
        return false;
    };
    reference.mutability.is_some()
        && type_name(&reference.elem)
            .is_some_and(|name| matches!(name.as_str(), "BytesMut" | "Vec" | "String"))
}

/// Whether `init` is a call of one of `methods` (through `?`, `.await`,
/// `.unwrap()`): the methods of a QUIC connection that open send streams.
fn opens_a_stream(init: &Expr, methods: &[&str]) -> bool {
    match init {
        Expr::Try(question) => opens_a_stream(&question.expr, methods),
        Expr::Await(awaited) => opens_a_stream(&awaited.base, methods),
        Expr::Paren(paren) => opens_a_stream(&paren.expr, methods),
        Expr::MethodCall(call) => {
            let name = call.method.to_string();
            if matches!(name.as_str(), "unwrap" | "expect") {
                opens_a_stream(&call.receiver, methods)
            } else {
                methods.contains(&name.as_str())
            }
        }
        _ => false,
    }
}

/// Whether `base` is `self`, or a local bound to its pin projection
/// (`let this = self.project();`, `self.as_mut().project()`), whose fields
/// are `self`'s.
fn is_self_or_projection(checker: &Checker<'_, '_>, base: &Expr) -> bool {
    if crate::calls::is_self(base) {
        return true;
    }
    let Expr::Path(path) = base else {
        return false;
    };
    let Some(ident) = path.path.get_ident() else {
        return false;
    };
    let Some(scope) = checker
        .scopes()
        .find(|scope| matches!(scope, Scope::Fn { .. }))
    else {
        return false;
    };
    let Scope::Fn { body, .. } = scope else {
        return false;
    };
    let mut search = ProjectionSearch {
        ident,
        projects_self: false,
    };
    search.visit_block(body);
    search.projects_self
}

/// Finds `let ident = self.project();` (through `.as_mut()`).
struct ProjectionSearch<'i> {
    ident: &'i syn::Ident,
    projects_self: bool,
}

impl<'ast> Visit<'ast> for ProjectionSearch<'_> {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        let pattern = match &local.pat {
            Pat::Type(typed) => &*typed.pat,
            other => other,
        };
        if pattern_binds(pattern, self.ident) {
            self.projects_self = local.init.as_ref().is_some_and(|init| {
                matches!(&*init.expr, Expr::MethodCall(call)
                    if call.method == "project" && crate::calls::is_self(&call.receiver))
            });
        }
        visit::visit_local(self, local);
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// What the walk knows of the receiver of `value` when the file's own
/// declarations do not settle it: the type of `self.field` when the struct
/// is declared elsewhere (as the type and field names), the `impl`'s type
/// for `self`, or a parameter's or local's concrete type as written. `None`
/// for a generic parameter (its bounds were judged) and for anything else.
pub fn receiver_query(checker: &Checker<'_, '_>, value: &Value<'_>) -> Option<ReceiverQuery> {
    if value.form != CallForm::Method {
        return None;
    }
    let mut query = ReceiverQuery {
        method: value.name.clone(),
        ty: None,
        field: None,
        arguments: value.arguments,
        returned_by: None,
    };
    match strip(value.receiver()?) {
        Expr::Field(field) if is_self_or_projection(checker, &field.base) => {
            let member = member_name(&field.member);
            match self_field_type(checker, &member) {
                Some(ty) => query.ty = Some(ty.to_token_stream().to_string()),
                None => query.field = Some((impl_self_name(checker)?, member)),
            }
        }
        // `self.inner.buffer`: the fields' path, for the model to follow.
        Expr::Field(field) => {
            let mut path = vec![member_name(&field.member)];
            let mut base = &*field.base;
            loop {
                match strip(base) {
                    Expr::Field(inner) if is_self_or_projection(checker, &inner.base) => {
                        path.push(member_name(&inner.member));
                        break;
                    }
                    Expr::Field(inner) => {
                        path.push(member_name(&inner.member));
                        base = &inner.base;
                    }
                    _ => return None,
                }
            }
            path.reverse();
            query.field = Some((impl_self_name(checker)?, path.join(".")));
        }
        Expr::Path(path) if path.path.is_ident("self") => query.ty = impl_self_name(checker),
        Expr::Path(path) => {
            let ident = path.path.get_ident()?;
            let Some(ty) = local_type(checker, ident, value.range.start) else {
                query.returned_by = returned_by(checker, ident, value.range.start);
                return query.returned_by.is_some().then_some(query);
            };
            let name = type_name(&ty)?;
            if name == "Self" {
                query.ty = impl_self_name(checker);
            } else if generic_bounds(checker, &name).is_some() {
                return None;
            } else {
                query.ty = Some(ty.to_token_stream().to_string());
            }
        }
        _ => return None,
    }
    (query.ty.is_some() || query.field.is_some()).then_some(query)
}

/// The call a local named `ident` is initialised with, when it is a call
/// (`let w = conn.writer().unwrap();`, `let w = open_log()?;`).
fn returned_by(
    checker: &Checker<'_, '_>,
    ident: &syn::Ident,
    at: usize,
) -> Option<lint_core::model::ReturnedBy> {
    let scope = checker
        .scopes()
        .find(|scope| matches!(scope, Scope::Fn { .. }))?;
    let Scope::Fn { body, .. } = scope else {
        return None;
    };
    struct Init<'i, 'c, 'a, 'ast> {
        checker: &'c Checker<'a, 'ast>,
        ident: &'i syn::Ident,
        at: usize,
        init: Option<&'ast Expr>,
        /// `let Some(x) = f() else { … };`
        in_some: bool,
    }
    impl<'ast> Visit<'ast> for Init<'_, '_, '_, 'ast> {
        fn visit_local(&mut self, local: &'ast syn::Local) {
            let pattern = match &local.pat {
                Pat::Type(typed) => &*typed.pat,
                other => other,
            };
            let before = self.checker.range_of(local).end <= self.at;
            if pattern_binds(pattern, self.ident) && before {
                self.init = local.init.as_ref().map(|init| &*init.expr);
                self.in_some = false;
            }
            if let Pat::TupleStruct(some) = pattern {
                if some.path.is_ident("Some")
                    && some.elems.len() == 1
                    && pattern_binds(&some.elems[0], self.ident)
                    && before
                {
                    self.init = local.init.as_ref().map(|init| &*init.expr);
                    self.in_some = true;
                }
            }
            visit::visit_local(self, local);
        }
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut search = Init {
        checker,
        ident,
        at,
        init: None,
        in_some: false,
    };
    search.visit_block(body);
    let mut init = search.init?;
    let mut unwrapped = search.in_some;
    loop {
        init = match init {
            Expr::Try(question) => {
                unwrapped = true;
                &question.expr
            }
            Expr::Await(awaited) => &awaited.base,
            Expr::Paren(paren) => &paren.expr,
            Expr::MethodCall(call)
                if matches!(call.method.to_string().as_str(), "unwrap" | "expect") =>
            {
                unwrapped = true;
                &call.receiver
            }
            _ => break,
        };
    }
    match init {
        Expr::MethodCall(call) => {
            let receiver = match strip(&call.receiver) {
                Expr::Path(path) if path.path.is_ident("self") => impl_self_name(checker),
                Expr::Field(field) if is_self_or_projection(checker, &field.base) => {
                    self_field_type(checker, &member_name(&field.member))
                        .as_ref()
                        .and_then(type_name)
                }
                Expr::Path(path) => path
                    .path
                    .get_ident()
                    .and_then(|inner| local_type(checker, inner, at))
                    .as_ref()
                    .and_then(type_name),
                _ => None,
            };
            Some(lint_core::model::ReturnedBy {
                function: call.method.to_string(),
                receiver,
                arguments: call.args.len(),
                method_call: true,
                unwrapped,
            })
        }
        Expr::Call(call) => {
            let Expr::Path(path) = &*call.func else {
                return None;
            };
            Some(lint_core::model::ReturnedBy {
                function: path.path.segments.last()?.ident.to_string(),
                receiver: None,
                arguments: call.args.len(),
                method_call: false,
                unwrapped,
            })
        }
        _ => None,
    }
}

/// What the crate model says of a receiver the walk could not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Its type is a well-known one (or bounded by well-known traits).
    Kind(WriterKind),
    /// The crate declares the called method on its type: these signatures.
    Declared(Vec<Declared>),
    /// Its type is the crate's own, and declares no method of that name
    /// (the method comes from a trait of another crate, or through `Deref`).
    CrateType,
    /// Its type is another crate's, and not a well-known one.
    External,
    /// Its type is still unknown (a generic parameter of the struct, a
    /// field the model does not find).
    Unknown,
}

/// A method the crate declares on a receiver's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// What its signature says.
    pub summary: SignatureSummary,
    /// For a `write` (`write_all`, `write_vectored`): whether it takes
    /// bytes (`&[u8]`, a generic or `impl` buffer, `Bytes`, `IoSlice`s)
    /// rather than a record (`&RecordBatch`, `Event`). True for others.
    pub takes_bytes: bool,
    /// Whether its return type names `io::Result` or `io::Error` (a
    /// `close` that says it is IO).
    pub returns_io_error: bool,
    /// For a `write`: whether its body always writes everything
    /// ([`writes_everything`]).
    pub writes_everything: bool,
    /// Whether it fails by giving its argument back (`-> Result<(), T>`
    /// for an `item: T`, as a queue or a sink writer does when it is
    /// closed): its error is the item, not an IO error.
    pub gives_argument_back: bool,
}

/// Resolves `query` against the crate model: the field's declared type,
/// then the well-known types, then what the crate declares on the type (one
/// step through a type alias).
pub fn resolve_receiver(model: &CrateModel, query: &ReceiverQuery) -> Resolved {
    let (text, owner) = match (&query.ty, &query.field, &query.returned_by) {
        (Some(ty), _, _) => (ty.clone(), None::<String>),
        (None, Some((owner, path)), _) => {
            // Field by field (`inner.buffer`): each field's type names the
            // struct the next is a field of.
            let mut owner = owner.clone();
            let mut found = None;
            for (at, field) in path.split('.').enumerate() {
                if at > 0 {
                    let Some(next) = found
                        .as_deref()
                        .and_then(|text: &str| syn::parse_str::<Type>(text).ok())
                        .as_ref()
                        .and_then(type_name)
                    else {
                        return Resolved::Unknown;
                    };
                    owner = next;
                }
                match model.field_type(&owner, field) {
                    Some(ty) => found = Some(ty),
                    None => return Resolved::Unknown,
                }
            }
            match found {
                Some(ty) => (ty, Some(owner)),
                None => return Resolved::Unknown,
            }
        }
        (None, None, Some(call)) => match returned_type(model, call) {
            Some(ty) => (ty, None),
            None => return Resolved::Unknown,
        },
        (None, None, None) => return Resolved::Unknown,
    };
    let Ok(ty) = syn::parse_str::<Type>(&text) else {
        return Resolved::Unknown;
    };
    resolve_type(model, &ty, &query.method, owner.as_deref(), true)
}

/// The type a call returns, by the crate's declarations of it (all of
/// those that fit the call must agree), with one `Option` or `Result` taken
/// apart when the caller unwraps it.
fn returned_type(model: &CrateModel, call: &lint_core::model::ReturnedBy) -> Option<String> {
    let declared: Vec<_> = match &call.receiver {
        Some(ty) => model.methods(ty, &call.function),
        None => model.functions(&call.function),
    };
    let mut found: Option<String> = None;
    for function in declared {
        if !function
            .function
            .summary
            .fits_call(call.arguments, call.method_call)
        {
            continue;
        }
        let output = model.signature(function)?.output.clone();
        match &found {
            Some(known) if *known != output => return None,
            _ => found = Some(output),
        }
    }
    let output = found.filter(|output| !output.is_empty())?;
    if !call.unwrapped {
        return Some(output);
    }
    let ty = syn::parse_str::<Type>(&output).ok()?;
    let Type::Path(path) = &ty else {
        return Some(output);
    };
    let last = path.path.segments.last()?;
    if last.ident != "Option" && !last.ident.to_string().ends_with("Result") {
        return Some(output);
    }
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    arguments.args.iter().find_map(|argument| match argument {
        syn::GenericArgument::Type(inner) => Some(inner.to_token_stream().to_string()),
        _ => None,
    })
}

fn resolve_type(
    model: &CrateModel,
    ty: &Type,
    method: &str,
    owner: Option<&str>,
    through_alias: bool,
) -> Resolved {
    if method == "flush" && is_unbuffered_socket(ty) {
        return Resolved::Kind(WriterKind::NotIo);
    }
    let kind = type_kind(&NoContext, ty);
    if kind != WriterKind::Other {
        return Resolved::Kind(kind);
    }
    let Some(name) = type_name(ty) else {
        return Resolved::Unknown;
    };
    if owner.is_some_and(|owner| is_generic_parameter_of(model, owner, &name)) {
        return Resolved::Unknown;
    }
    let declared = model.methods(&name, method);
    if !declared.is_empty() {
        return Resolved::Declared(
            declared
                .into_iter()
                .map(|found| {
                    let signature = model.signature(found);
                    Declared {
                        summary: found.function.summary,
                        takes_bytes: !method.starts_with("write")
                            || signature.as_deref().is_none_or(first_parameter_is_bytes),
                        returns_io_error: signature
                            .as_deref()
                            .is_some_and(|signature| names_io_error(&signature.output)),
                        writes_everything: method == "write"
                            && model
                                .function_text(found)
                                .and_then(|text| syn::parse_str::<syn::ImplItemFn>(&text).ok())
                                .is_some_and(|item| writes_everything(&item.block)),
                        gives_argument_back: signature.as_deref().is_some_and(gives_argument_back),
                    }
                })
                .collect(),
        );
    }
    if through_alias {
        if let Some(target) = model.type_alias(&name) {
            if let Ok(target) = syn::parse_str::<Type>(&target) {
                return resolve_type(model, &target, method, None, false);
            }
        }
    }
    if model.types(&name).is_empty() {
        Resolved::External
    } else {
        Resolved::CrateType
    }
}

/// Whether `name` is a generic parameter of the struct named `owner`.
fn is_generic_parameter_of(model: &CrateModel, owner: &str, name: &str) -> bool {
    model.types(owner).into_iter().any(|declaration| {
        model
            .declaration_text(declaration)
            .and_then(|text| syn::parse_str::<syn::ItemStruct>(&text).ok())
            .is_some_and(|item| {
                item.generics
                    .type_params()
                    .any(|parameter| parameter.ident == name)
            })
    })
}

/// Whether a `flush` on the receiver does nothing: a socket written
/// straight to the kernel (not through a buffer or a TLS layer).
pub fn flush_does_nothing(checker: &Checker<'_, '_>, value: &Value<'_>) -> bool {
    value.name == "flush"
        && receiver_type(checker, value)
            .as_ref()
            .is_some_and(is_unbuffered_socket)
}

/// Whether `ty` is a socket whose `flush` does nothing.
pub fn is_unbuffered_socket(ty: &Type) -> bool {
    type_name(ty).is_some_and(|name| NO_OP_FLUSH.contains(&name.as_str()))
}

/// Whether the first parameter after `self` of a declared `write` holds
/// bytes: a slice or array of `u8`, `IoSlice`s, a `Bytes`-like or buffer
/// type, or a generic or `impl` type (a `B: AsRef<[u8]>` or `Buf`). A
/// record (`&RecordBatch`, `E: Into<Event>` named otherwise) is not.
fn first_parameter_is_bytes(signature: &lint_core::model::WrittenSignature) -> bool {
    let Some((_, ty)) = signature
        .parameters
        .iter()
        .find(|(pattern, _)| pattern != "self")
    else {
        return false;
    };
    let compact: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
    let bare = compact
        .trim_start_matches('&')
        .trim_start_matches("mut")
        .trim_start_matches('\'')
        .to_string();
    compact.contains("u8")
        || compact.contains("IoSlice")
        || compact.contains("Bytes")
        || compact.contains("Buf")
        || compact.starts_with("impl")
        || (bare.len() <= 2 && bare.chars().all(|c| c.is_ascii_uppercase()))
        || signature
            .generics
            .iter()
            .any(|parameter| parameter.name == bare)
}

/// Whether a signature's error type is the type of one of its parameters:
/// `fn write(&mut self, item: I) -> Result<(), I>` hands the item back when
/// it cannot take it (a closed queue or sink), which is no IO error.
pub fn gives_argument_back(signature: &lint_core::model::WrittenSignature) -> bool {
    let compact = |text: &str| {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    };
    let Ok(Type::Path(output)) = syn::parse_str::<Type>(&signature.output) else {
        return false;
    };
    let Some(last) = output.path.segments.last() else {
        return false;
    };
    // `Result` itself: an alias named otherwise (`BufResult<T, B>`, an
    // `(io::Result<T>, B)` in io_uring crates) may still carry an IO error.
    if last.ident != "Result" {
        return false;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return false;
    };
    let mut types = arguments.args.iter().filter_map(|argument| match argument {
        syn::GenericArgument::Type(ty) => Some(compact(&ty.to_token_stream().to_string())),
        _ => None,
    });
    let (Some(_), Some(error), None) = (types.next(), types.next(), types.next()) else {
        return false;
    };
    // A parameter that is itself an error (`on_fail: io::Error`) is not the
    // item handed back.
    let error_name = error
        .split('<')
        .next()
        .unwrap_or("")
        .rsplit("::")
        .next()
        .unwrap_or("");
    if names_io_error(&error) || error_name.ends_with("Error") {
        return false;
    }
    signature
        .parameters
        .iter()
        .any(|(pattern, ty)| pattern != "self" && compact(ty) == error)
}

/// Whether a return type's text names `io::Result` or `io::Error`.
pub fn names_io_error(output: &str) -> bool {
    let compact: String = output.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("io::Result") || compact.contains("io::Error") || compact.contains("IoResult")
}

/// Whether a `write` whose body is `block` always writes its whole buffer:
/// it calls `write_all`, or it loops (`loop`, `while`) around a write, as a
/// `write_all` would. Its count is then the buffer's length.
pub fn writes_everything(block: &syn::Block) -> bool {
    struct Search {
        in_loop: usize,
        whole: bool,
    }
    impl<'ast> Visit<'ast> for Search {
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            let name = call.method.to_string();
            if name.starts_with("write_all")
                || (self.in_loop > 0
                    && matches!(name.as_str(), "write" | "try_write" | "poll_write" | "send"))
            {
                self.whole = true;
            }
            visit::visit_expr_method_call(self, call);
        }
        fn visit_expr_loop(&mut self, looped: &'ast syn::ExprLoop) {
            self.in_loop += 1;
            visit::visit_expr_loop(self, looped);
            self.in_loop -= 1;
        }
        fn visit_expr_while(&mut self, looped: &'ast syn::ExprWhile) {
            self.in_loop += 1;
            visit::visit_expr_while(self, looped);
            self.in_loop -= 1;
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut search = Search {
        in_loop: 0,
        whole: false,
    };
    search.visit_block(block);
    search.whole
}

/// Whether the enclosing `impl` declares the method `name` (called on
/// `self`) with a body that always writes everything.
pub fn own_write_writes_everything(checker: &Checker<'_, '_>, name: &str) -> bool {
    checker.enclosing_impl().is_some_and(|block| {
        block.items.iter().any(|item| {
            matches!(item, syn::ImplItem::Fn(function)
                if function.sig.ident == name && writes_everything(&function.block))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::gives_argument_back;
    use lint_core::model::WrittenSignature;

    fn signature(parameters: &[(&str, &str)], output: &str) -> WrittenSignature {
        WrittenSignature {
            parameters: parameters
                .iter()
                .map(|(pattern, ty)| (pattern.to_string(), ty.to_string()))
                .collect(),
            output: output.to_string(),
            generics: Vec::new(),
        }
    }

    #[test]
    fn an_item_handed_back_in_the_error_is_no_io_error() {
        let queue = signature(&[("self", "& mut Self"), ("item", "I")], "Result < (), I >");
        assert!(gives_argument_back(&queue));
        let qualified = signature(
            &[("self", "& mut Self"), ("item", "Vec < u8 >")],
            "std :: result :: Result < (), Vec < u8 > >",
        );
        assert!(gives_argument_back(&qualified));
    }

    #[test]
    fn an_io_error_or_another_result_alias_is_not_an_item_handed_back() {
        // io_uring-style: `type BufResult<T, B> = (io::Result<T>, B)`.
        let ring = signature(
            &[("self", "& mut Self"), ("buf", "B")],
            "BufResult < usize, B >",
        );
        assert!(!gives_argument_back(&ring));
        // The error handed in is an IO error, not the item written.
        for error in [
            "io :: Error",
            "Error",
            "std :: io :: Error",
            "MyError",
            "my :: SendError < b :: Thing >",
        ] {
            let retry = signature(
                &[
                    ("self", "& mut Self"),
                    ("data", "Vec < u8 >"),
                    ("on_fail", error),
                ],
                &format!("Result < (), {error} >"),
            );
            assert!(!gives_argument_back(&retry), "{error}");
        }
        // The item is not among the parameters.
        let other = signature(&[("self", "& mut Self"), ("item", "I")], "Result < (), J >");
        assert!(!gives_argument_back(&other));
    }
}
