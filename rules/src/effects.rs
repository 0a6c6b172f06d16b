//! Effects: which of the crate's own functions are IO writes. A function
//! returning a `Result` or a `Poll` whose body returns or `?`-propagates
//! the result of an IO write, flush or shutdown (or of a write-side poll),
//! or of another such function of the crate, passes that result on:
//! throwing its result away loses what the IO call reported.
//!
//! The crate model names the candidates from what its lexer recorded of
//! each body ([`CrateModel::helper_candidates`]); here a candidate is
//! confirmed by parsing its body with syn, once per crate, and the chain of
//! calls down to the IO call is kept for the finding's note.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use lint_core::model::items::IO_EFFECT_NAMES;
use lint_core::model::{CrateModel, HelperRef, ReceiverQuery, HELPER_DEPTH};
use syn::visit::{self, Visit};
use syn::{Expr, Type};

use crate::writers::{
    bounds_in, member_name, strip as strip_receiver, type_kind, type_name, TypeContext, WriterKind,
};

/// One call on the way from a crate function to the IO call it passes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The crate function.
    pub function: String,
    /// Where it is declared (`src/frame.rs:12`).
    pub location: String,
    /// What it passes on the result of (`write_all`, or the next step's
    /// function).
    pub passes_on: String,
}

/// The calls from a crate function down to an IO call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// The calls, from the outermost.
    pub steps: Vec<Step>,
    /// The parameter of the outermost function (by position, `self` not
    /// counted) that the IO call writes to, when it writes to one.
    pub parameter: Option<usize>,
}

impl Chain {
    /// A note naming the chain: "`send_goaway` (src/conn.rs:40) passes on
    /// the result of `write_frame` (src/codec.rs:12), which passes on the
    /// result of `write_all`".
    pub fn note(&self) -> String {
        let mut parts = Vec::new();
        for (at, step) in self.steps.iter().enumerate() {
            let lead = if at == 0 { "" } else { "which " };
            parts.push(format!(
                "{lead}`{}` ({}) passes on the result of `{}`",
                step.function, step.location, step.passes_on
            ));
        }
        parts.join(", ")
    }

    /// The IO call at the end of the chain.
    pub fn io_call(&self) -> &str {
        self.steps.last().map_or("", |step| step.passes_on.as_str())
    }
}

/// What this crate's functions were found to be, by declaration.
#[derive(Debug, Default)]
struct Memo {
    by_function: Mutex<HashMap<(PathBuf, u32), Option<Chain>>>,
}

/// A `Sink`'s write side, which a poll function may drive.
const SINK_POLLS: &[&str] = &[
    "poll_ready",
    "start_send",
    "poll_complete",
    "poll_flush_unpin",
    "poll_close_unpin",
    "poll_ready_unpin",
    "start_send_unpin",
];

/// Methods that values of many types have (channels, collections, tasks,
/// handles): a call of one on a receiver of unknown type is not taken to be
/// the crate's own function of that name.
const COMMON_METHODS: &[&str] = &[
    "send",
    "try_send",
    "send_timeout",
    "blocking_send",
    "insert",
    "remove",
    "push",
    "push_back",
    "clear",
    "set",
    "take",
    "replace",
    "run",
    "start",
    "stop",
    "call",
    "wait",
    "join",
    "lock",
    "get",
    "update",
    "reset",
    "cancel",
    "abort",
    "notify",
    "close",
    "finish",
    "unwrap",
    "expect",
];

/// The chain by which the call `name(…)` (with `arguments` arguments, a
/// method's receiver not counted) passes on an IO call's result, when the
/// crate declares `name` as an IO helper: every declaration that fits the
/// call (by receiver type when known) must be one.
pub fn helper_chain(
    model: &CrateModel,
    name: &str,
    arguments: usize,
    method_call: bool,
    receiver: Option<&ReceiverQuery>,
    on_self: Option<&str>,
) -> Option<Chain> {
    if !model.helper_candidates().contains(name) {
        return None;
    }
    let receiver_type = on_self
        .map(str::to_string)
        .or_else(|| receiver.and_then(|query| receiver_type_name(model, query)));
    if method_call && receiver_type.is_none() && COMMON_METHODS.contains(&name) {
        return None;
    }
    let declarations = fitting(
        model,
        name,
        arguments,
        method_call,
        receiver_type.as_deref(),
    );
    if declarations.is_empty() {
        return None;
    }
    let mut found = None;
    for declaration in declarations {
        match confirm(model, declaration, 1) {
            Some(chain) => found = found.or(Some(chain)),
            // Declared both ways: without the receiver's type, the call
            // cannot be told apart.
            None => return None,
        }
    }
    found
}

/// The declarations of `name` that fit a call with `arguments` arguments,
/// of the type `receiver_type` when known.
fn fitting<'m>(
    model: &'m CrateModel,
    name: &str,
    arguments: usize,
    method_call: bool,
    receiver_type: Option<&str>,
) -> Vec<HelperRef<'m>> {
    model
        .helper_declarations(name)
        .into_iter()
        .filter(|found| found.function.summary.fits_call(arguments, method_call))
        .filter(|found| receiver_type.is_none_or(|ty| found.function.owner.as_deref() == Some(ty)))
        .collect()
}

/// The name of the receiver's type, as the model resolves it.
fn receiver_type_name(model: &CrateModel, query: &ReceiverQuery) -> Option<String> {
    let text = match (&query.ty, &query.field) {
        (Some(ty), _) => ty.clone(),
        (None, Some((owner, field))) if !field.contains('.') => model.field_type(owner, field)?,
        (None, Some(_)) => return None,
        (None, None) => return None,
    };
    type_name(&syn::parse_str::<Type>(&text).ok()?)
}

/// Whether `function` passes on an IO call's result: parsed once per crate.
fn confirm(model: &CrateModel, function: HelperRef<'_>, depth: usize) -> Option<Chain> {
    if !model.helper_candidates().contains(&*function.function.name) {
        return None;
    }
    let memo = model.memo::<Memo>();
    let key = (
        function.path.to_path_buf(),
        function.function.signature.start,
    );
    if let Some(known) = memo.by_function.lock().ok()?.get(&key) {
        return known.clone();
    }
    // A cycle (or a deeper look) finds nothing new through this function.
    memo.by_function.lock().ok()?.insert(key.clone(), None);
    let chain = (depth <= HELPER_DEPTH)
        .then(|| analyse(model, function, depth))
        .flatten();
    memo.by_function.lock().ok()?.insert(key, chain.clone());
    chain
}

fn analyse(model: &CrateModel, function: HelperRef<'_>, depth: usize) -> Option<Chain> {
    let text = model.helper_text(function)?;
    let location = format!(
        "{}:{}",
        model.display_path(function.path).display(),
        model.helper_line(function).unwrap_or(0)
    );
    let owner = function.function.owner.as_deref();
    analyse_text(
        model,
        &function.function.name,
        owner,
        location,
        &text,
        depth,
        false,
    )
}

/// The chain by which the poll `name(…)` the crate declares reaches a
/// write-side poll (`poll_flush`, `poll_write`, …, or the crate's own IO
/// helper), when every declaration that fits the call is read and one
/// does; `Ok(None)` when the crate declares it and none does (it is no
/// write-side poll), `Err(())` when the crate does not declare it.
pub fn poll_chain(
    model: &CrateModel,
    name: &str,
    arguments: usize,
    method_call: bool,
) -> Result<Option<Chain>, ()> {
    let declared: Vec<_> = model
        .functions(name)
        .into_iter()
        .filter(|found| {
            let summary = &found.function.summary;
            summary.returns.is_poll()
                && found.function.body.is_some()
                && summary.fits_call(arguments, method_call)
        })
        .collect();
    if declared.is_empty() {
        return Err(());
    }
    for function in declared {
        let Some(text) = model.function_text(function) else {
            return Err(());
        };
        let location = format!(
            "{}:{}",
            model.display_path(function.path).display(),
            model.line_of(function).unwrap_or(0)
        );
        let owner = function
            .in_impl
            .and_then(|block| block.self_name.as_deref())
            .or(function.in_trait.map(|declaration| &*declaration.name));
        if let Some(chain) = analyse_text(
            model,
            &function.function.name,
            owner,
            location,
            &text,
            1,
            true,
        ) {
            return Ok(Some(chain));
        }
    }
    Ok(None)
}

/// Whether the function `name` whose text (from `fn` to its body's end)
/// is `text` passes on an IO call's result; with `matched`, a write-side
/// call looked at by a `match` or an `if let` counts too (a poll function
/// matching `poll_flush` to return its `Pending`).
fn analyse_text(
    model: &CrateModel,
    name: &str,
    owner: Option<&str>,
    location: String,
    text: &str,
    depth: usize,
    matched: bool,
) -> Option<Chain> {
    let item: syn::ImplItemFn = syn::parse_str(text).ok()?;
    if let syn::ReturnType::Type(_, ty) = &item.sig.output {
        let written: String = quote::ToTokens::to_token_stream(&**ty)
            .to_string()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        // A `Display` or `Debug` helper formats into a formatter.
        if written.contains("fmt::Result") {
            return None;
        }
    }
    let mut passed = Passed {
        exprs: Vec::new(),
        matched,
    };
    passed.visit_block(&item.block);
    if let Some(syn::Stmt::Expr(tail, None)) = item.block.stmts.last() {
        tails(tail, &mut passed.exprs);
    }
    let context = BodyContext {
        generics: &item.sig.generics,
        parameters: &item.sig.inputs,
        locals: locals_of(&item.block),
    };
    let owner = owner.map(str::to_string);
    for expr in passed.exprs {
        let core = strip(expr);
        let Some(call) = Call::of(&core) else {
            continue;
        };
        // `write(n)` calling a local closure named `write`.
        if !call.method && !call.is_write_macro && context.locals.contains_key(call.name.as_str()) {
            continue;
        }
        let io = IO_EFFECT_NAMES.contains(&call.name.as_str())
            || (matched && SINK_POLLS.contains(&call.name.as_str()));
        if io || call.is_write_macro {
            let exempt = call.target.as_ref().is_some_and(|target| {
                target_kind(model, &context, owner.as_deref(), target).is_exempt()
            });
            if !exempt {
                let passes_on = if call.is_write_macro {
                    format!("{}!", call.name)
                } else {
                    call.name.clone()
                };
                return Some(Chain {
                    steps: vec![Step {
                        function: name.to_string(),
                        location,
                        passes_on,
                    }],
                    parameter: call
                        .target
                        .as_ref()
                        .and_then(|target| context.parameter_index(target)),
                });
            }
            continue;
        }
        if !model.helper_candidates().contains(call.name.as_str()) {
            continue;
        }
        let callee_type = if call.on_self {
            owner.clone()
        } else if let Some(prefix) = &call.type_prefix {
            Some(prefix.clone())
        } else if call.method {
            // `self.field.name(…)`: the field's type.
            call.target
                .as_ref()
                .and_then(|target| field_type_name(model, owner.as_deref(), target))
        } else {
            None
        };
        let callees = fitting(
            model,
            &call.name,
            call.arguments,
            call.method,
            callee_type.as_deref(),
        );
        // A method on a value of unknown type: the crate's function of that
        // name only when it is the only one, and not a name values of many
        // types have.
        if call.method
            && callee_type.is_none()
            && (callees.len() != 1 || COMMON_METHODS.contains(&call.name.as_str()))
        {
            continue;
        }
        for callee in callees {
            if let Some(Chain {
                steps: rest,
                parameter,
            }) = confirm(model, callee, depth + 1)
            {
                let mut steps = vec![Step {
                    function: name.to_string(),
                    location,
                    passes_on: call.name.clone(),
                }];
                steps.extend(rest);
                // The callee writes to its parameter: to what this function
                // hands it there, if that is one of its own parameters.
                let parameter = parameter
                    .and_then(|at| call.argument(at))
                    .and_then(|argument| context.parameter_index(argument));
                return Some(Chain { steps, parameter });
            }
        }
    }
    None
}

/// The expressions a body passes on: operands of `?`, `return` values and
/// (added by the caller) its tail; not inside closures, async blocks or
/// nested items, which pass theirs on elsewhere.
struct Passed {
    exprs: Vec<Expr>,
    /// Whether what a `match` or an `if let` looks at counts.
    matched: bool,
}

impl<'ast> Visit<'ast> for Passed {
    fn visit_expr_match(&mut self, matched: &'ast syn::ExprMatch) {
        if self.matched {
            self.exprs.push((*matched.expr).clone());
        }
        visit::visit_expr_match(self, matched);
    }

    fn visit_expr_let(&mut self, binding: &'ast syn::ExprLet) {
        if self.matched {
            self.exprs.push((*binding.expr).clone());
        }
        visit::visit_expr_let(self, binding);
    }

    fn visit_expr_try(&mut self, question: &'ast syn::ExprTry) {
        self.exprs.push((*question.expr).clone());
        visit::visit_expr_try(self, question);
    }

    fn visit_expr_return(&mut self, returned: &'ast syn::ExprReturn) {
        if let Some(value) = &returned.expr {
            tails(value, &mut self.exprs);
        }
        visit::visit_expr_return(self, returned);
    }

    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
    fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// The expressions a tail yields: through `if`, `match` and blocks.
fn tails(expr: &Expr, out: &mut Vec<Expr>) {
    let block_tail = |block: &syn::Block, out: &mut Vec<Expr>| {
        if let Some(syn::Stmt::Expr(tail, None)) = block.stmts.last() {
            tails(tail, out);
        }
    };
    match expr {
        Expr::If(branch) => {
            block_tail(&branch.then_branch, out);
            if let Some((_, otherwise)) = &branch.else_branch {
                tails(otherwise, out);
            }
        }
        Expr::Match(matched) => {
            for arm in &matched.arms {
                tails(&arm.body, out);
            }
        }
        Expr::Block(block) => block_tail(&block.block, out),
        Expr::Unsafe(block) => block_tail(&block.block, out),
        Expr::Paren(paren) => tails(&paren.expr, out),
        other => out.push(other.clone()),
    }
}

/// The call under `.await`, `?`, error adapters and `ready!`.
fn strip(expr: Expr) -> Expr {
    let mut current = expr;
    loop {
        current = match current {
            Expr::Await(awaited) => *awaited.base,
            Expr::Try(question) => *question.expr,
            Expr::Paren(paren) => *paren.expr,
            Expr::MethodCall(call)
                if matches!(
                    call.method.to_string().as_str(),
                    "map_err" | "map" | "context" | "with_context" | "map_ok" | "err_into"
                ) =>
            {
                *call.receiver
            }
            Expr::Macro(mac)
                if mac
                    .mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|last| last.ident == "ready") =>
            {
                match mac.mac.parse_body::<Expr>() {
                    Ok(inner) => inner,
                    Err(_) => return Expr::Macro(mac),
                }
            }
            other => return other,
        };
    }
}

/// A call a body passes on.
struct Call {
    name: String,
    arguments: usize,
    method: bool,
    /// What it writes to: a method's receiver, a path call's first
    /// argument, a `write!`'s writer.
    target: Option<Expr>,
    /// `self.name(…)` or `Self::name(…)`.
    on_self: bool,
    /// `Type::name(…)`: the type.
    type_prefix: Option<String>,
    is_write_macro: bool,
    /// The arguments as written.
    arguments_written: Vec<Expr>,
}

impl Call {
    /// The argument at `at` (a method's receiver not counted; for a path
    /// call, the callee's `self` is its first argument).
    fn argument(&self, at: usize) -> Option<&Expr> {
        self.arguments_written.get(at)
    }

    fn of(expr: &Expr) -> Option<Call> {
        match expr {
            Expr::MethodCall(call) => Some(Call {
                name: call.method.to_string(),
                arguments: call.args.len(),
                method: true,
                target: Some((*call.receiver).clone()),
                on_self: matches!(&*call.receiver, Expr::Path(path) if path.path.is_ident("self")),
                type_prefix: None,
                is_write_macro: false,
                arguments_written: call.args.iter().cloned().collect(),
            }),
            Expr::Call(call) => {
                let Expr::Path(path) = &*call.func else {
                    return None;
                };
                let mut segments = path.path.segments.iter().rev();
                let name = segments.next()?.ident.to_string();
                let owner = segments.next().map(|owner| owner.ident.to_string());
                Some(Call {
                    name,
                    arguments: call.args.len(),
                    method: false,
                    target: call.args.first().cloned(),
                    on_self: owner.as_deref() == Some("Self"),
                    type_prefix: owner.filter(|owner| {
                        owner != "Self" && owner.starts_with(|c: char| c.is_ascii_uppercase())
                    }),
                    is_write_macro: false,
                    arguments_written: call.args.iter().cloned().collect(),
                })
            }
            Expr::Macro(mac) => {
                let name = mac.mac.path.segments.last()?.ident.to_string();
                if name != "write" && name != "writeln" {
                    return None;
                }
                let writer = mac
                    .mac
                    .parse_body_with(
                        syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated,
                    )
                    .ok()
                    .and_then(|arguments| arguments.into_iter().next());
                Some(Call {
                    name,
                    arguments: 1,
                    method: false,
                    target: writer,
                    on_self: false,
                    type_prefix: None,
                    is_write_macro: true,
                    arguments_written: Vec::new(),
                })
            }
            _ => None,
        }
    }
}

/// What an IO call in a helper's body writes to, as far as the helper's
/// parameters and its type's fields tell.
fn target_kind(
    model: &CrateModel,
    context: &BodyContext<'_>,
    owner: Option<&str>,
    target: &Expr,
) -> WriterKind {
    target_kind_at(model, context, owner, target, 0)
}

/// [`target_kind`], `hops` locals deep.
fn target_kind_at(
    model: &CrateModel,
    context: &BodyContext<'_>,
    owner: Option<&str>,
    target: &Expr,
    hops: usize,
) -> WriterKind {
    // Under references, `Pin::new(…)` and `.as_mut()`-like calls.
    let current = strip_receiver(target);
    let ty: Option<Type> = match current {
        Expr::Field(field) => owner
            .filter(|_| crate::calls::is_self(&field.base))
            .and_then(|owner| model.field_type(owner, &member_name(&field.member)))
            .and_then(|text| syn::parse_str(&text).ok()),
        Expr::Path(path) => {
            let ident = path.path.get_ident();
            // A local bound to something else (`let w = &mut self.writer;`):
            // what it is bound to.
            if let Some(init) = ident.and_then(|ident| context.locals.get(&ident.to_string())) {
                // `let w = w.lock();` names itself: followed once.
                if hops < 4 {
                    return target_kind_at(model, context, owner, init, hops + 1);
                }
            }
            ident.and_then(|ident| context.parameter_type(ident))
        }
        _ => None,
    };
    let Some(ty) = ty else {
        return WriterKind::Other;
    };
    let kind = type_kind(context, &ty);
    if kind != WriterKind::Other {
        return kind;
    }
    // A field typed by a parameter of its struct (`writer: W`): what the
    // struct's `impl` blocks bound it by.
    match (owner, type_name(&ty)) {
        (Some(owner), Some(name)) if matches!(current, Expr::Field(_)) => {
            impl_bounds_kind(model, owner, &name)
        }
        _ => kind,
    }
}

/// What the `impl` blocks of `owner` bound its parameter `name` by: IO when
/// one names a write trait, no IO when they name only other traits
/// (`W: BitWriter`), unknown otherwise.
fn impl_bounds_kind(model: &CrateModel, owner: &str, name: &str) -> WriterKind {
    let mut kind = WriterKind::Other;
    for block in model.impls_of(owner) {
        let Some(generics) = model.impl_generics(block) else {
            continue;
        };
        for parameter in generics.iter().filter(|parameter| parameter.name == name) {
            let traits: Vec<&str> = parameter
                .bounds
                .iter()
                // `fmt::Write` formats into memory: no write trait.
                .filter(|bound| !bound.replace(' ', "").contains("fmt::Write"))
                .map(|bound| bound.rsplit("::").next().unwrap_or(bound).trim())
                .filter(|bound| !crate::writers::is_marker_trait(bound))
                .collect();
            if traits
                .iter()
                .any(|bound| crate::writers::is_write_trait(bound))
            {
                return WriterKind::Io;
            }
            if !traits.is_empty() {
                kind = WriterKind::NotIo;
            }
        }
    }
    kind
}

/// A helper's own generics, parameters and locals, for the types in its
/// body.
struct BodyContext<'a> {
    generics: &'a syn::Generics,
    parameters: &'a syn::punctuated::Punctuated<syn::FnArg, syn::Token![,]>,
    /// What each `let name = …;` of the body (outside closures and nested
    /// items) is initialised with, the last one of a name winning.
    locals: HashMap<String, Expr>,
}

/// The `let` bindings of a body, by name.
fn locals_of(block: &syn::Block) -> HashMap<String, Expr> {
    struct Locals(HashMap<String, Expr>);
    impl<'ast> Visit<'ast> for Locals {
        fn visit_local(&mut self, local: &'ast syn::Local) {
            let pattern = match &local.pat {
                syn::Pat::Type(typed) => &*typed.pat,
                other => other,
            };
            if let (syn::Pat::Ident(binding), Some(init)) = (pattern, &local.init) {
                self.0
                    .insert(binding.ident.to_string(), (*init.expr).clone());
            }
            visit::visit_local(self, local);
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut locals = Locals(HashMap::new());
    locals.visit_block(block);
    locals.0
}

impl BodyContext<'_> {
    /// The position (`self` not counted) of the parameter `expr` names,
    /// under references.
    fn parameter_index(&self, expr: &Expr) -> Option<usize> {
        let mut current = expr;
        while let Expr::Reference(reference) = current {
            current = &reference.expr;
        }
        let Expr::Path(path) = current else {
            return None;
        };
        let ident = path.path.get_ident()?;
        self.parameters
            .iter()
            .filter(|input| matches!(input, syn::FnArg::Typed(_)))
            .position(|input| match input {
                syn::FnArg::Typed(typed) => {
                    matches!(&*typed.pat, syn::Pat::Ident(binding) if binding.ident == *ident)
                }
                syn::FnArg::Receiver(_) => false,
            })
    }

    fn parameter_type(&self, ident: &syn::Ident) -> Option<Type> {
        self.parameters.iter().find_map(|input| match input {
            syn::FnArg::Typed(typed) => match &*typed.pat {
                syn::Pat::Ident(binding) if binding.ident == *ident => Some((*typed.ty).clone()),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
    }
}

impl TypeContext for BodyContext<'_> {
    fn bounds(&self, name: &str) -> Option<Vec<syn::TypeParamBound>> {
        bounds_in(self.generics, name)
    }

    fn bare_write_formats(&self) -> bool {
        false
    }
}

/// The name of the type of `self.field` (the field's declared type).
fn field_type_name(model: &CrateModel, owner: Option<&str>, target: &Expr) -> Option<String> {
    let Expr::Field(field) = target else {
        return None;
    };
    if !crate::calls::is_self(&field.base) {
        return None;
    }
    let text = model.field_type(owner?, &member_name(&field.member))?;
    type_name(&syn::parse_str::<Type>(&text).ok()?)
}
