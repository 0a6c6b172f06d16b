//! The single walk over a parsed file. The [`Checker`] visits every node
//! once, keeps track of the function, closure and impl it is inside, and calls
//! each enabled rule at every statement and expression.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Block, Expr, ExprAsync, ExprClosure, ItemImpl, ReturnType, Signature, Type};

use crate::diagnostic::Finding;
use crate::interest::{InterestTable, Position};
use crate::model::items::{FileItems, Owner, SignatureSummary};
use crate::rule::Rule;
use crate::suppress::AttributeSuppressions;

/// What a function, closure or async block evaluates to, as far as its
/// written signature tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReturnKind {
    /// `Poll<…>`; `result` when the payload is a `Result` (`Poll<io::Result<…>>`).
    Poll {
        /// Whether the payload is spelled as some `…Result<…>`.
        result: bool,
    },
    /// Some `Result` (`io::Result<()>`, `Result<T, E>`, `anyhow::Result<T>`),
    /// directly or as an `async fn`'s output.
    Result,
    /// `()`.
    Unit,
    /// Anything else that is written down.
    Other,
    /// Not written down and not inferable from the body (closures, async blocks).
    Unknown,
}

impl ReturnKind {
    /// Whether `ready!` can be used in the body.
    pub fn is_poll(self) -> bool {
        matches!(self, ReturnKind::Poll { .. })
    }

    /// Whether `?` on an `io::Result` can be used in the body.
    pub fn allows_question_mark_on_result(self) -> bool {
        matches!(self, ReturnKind::Result | ReturnKind::Poll { result: true })
    }
}

/// A body the walk is inside.
#[derive(Clone, Copy)]
pub enum Scope<'ast> {
    /// A free function, method or trait default method.
    Fn {
        /// Its signature.
        sig: &'ast Signature,
        /// Its body.
        body: &'ast Block,
        /// Whether this is `fn drop` in an `impl Drop`.
        is_drop: bool,
    },
    /// A closure.
    Closure(&'ast ExprClosure),
    /// An `async` block.
    Async(&'ast ExprAsync),
}

impl<'ast> Scope<'ast> {
    /// What this body returns, from its signature or (for closures without a
    /// written return type) from `Poll::Ready`/`Poll::Pending` in its body.
    pub fn returns(&self) -> ReturnKind {
        match self {
            Scope::Fn { sig, .. } => return_kind(&sig.output),
            Scope::Closure(closure) => match &closure.output {
                ReturnType::Type(..) => return_kind(&closure.output),
                ReturnType::Default if mentions_poll_variant(&closure.body) => {
                    ReturnKind::Poll { result: false }
                }
                ReturnType::Default => ReturnKind::Unknown,
            },
            Scope::Async(_) => ReturnKind::Unknown,
        }
    }
}

/// Classifies a written return type.
pub fn return_kind(output: &ReturnType) -> ReturnKind {
    let ty = match output {
        ReturnType::Default => return ReturnKind::Unit,
        ReturnType::Type(_, ty) => ty,
    };
    type_kind(ty)
}

fn type_kind(ty: &Type) -> ReturnKind {
    match ty {
        Type::Paren(inner) => type_kind(&inner.elem),
        Type::Group(inner) => type_kind(&inner.elem),
        Type::Tuple(tuple) if tuple.elems.is_empty() => ReturnKind::Unit,
        Type::Path(path) => {
            let Some(last) = path.path.segments.last() else {
                return ReturnKind::Other;
            };
            let name = last.ident.to_string();
            if name == "Poll" {
                let result = match &last.arguments {
                    syn::PathArguments::AngleBracketed(args) => {
                        args.args.iter().any(|arg| match arg {
                            syn::GenericArgument::Type(inner) => {
                                type_kind(inner) == ReturnKind::Result
                            }
                            _ => false,
                        })
                    }
                    _ => false,
                };
                ReturnKind::Poll { result }
            } else if name.ends_with("Result") {
                ReturnKind::Result
            } else {
                ReturnKind::Other
            }
        }
        _ => ReturnKind::Other,
    }
}

/// Macros whose arguments are values that no rule looks into: formatting,
/// logging, assertions, and the compiler's own (a call in `println!(…)`
/// is an argument, never thrown away).
fn holds_only_values(name: &str) -> bool {
    matches!(
        name,
        "format"
            | "format_args"
            | "print"
            | "println"
            | "eprint"
            | "eprintln"
            | "vec"
            | "concat"
            | "stringify"
            | "include"
            | "include_str"
            | "include_bytes"
            | "env"
            | "option_env"
            | "cfg"
            | "line"
            | "column"
            | "file"
            | "module_path"
            | "compile_error"
            | "matches"
            | "trace"
            | "debug"
            | "info"
            | "warn"
            | "error"
            | "log"
            | "panic"
            | "unreachable"
            | "todo"
            | "unimplemented"
            | "assert"
            | "assert_eq"
            | "assert_ne"
            | "debug_assert"
            | "debug_assert_eq"
            | "debug_assert_ne"
            | "dbg"
    )
}

/// Task context names: a call given one may be a poll the crate model
/// knows.
const CONTEXT_NAMES: &[&str] = &["cx", "ctx"];

fn parse_macro_tokens(tokens: proc_macro2::TokenStream, item_position: bool) -> Option<Expansion> {
    use syn::parse::Parser;
    let as_items = |tokens: proc_macro2::TokenStream| {
        syn::parse2::<syn::File>(tokens).ok().map(|file| file.items)
    };
    let as_statements =
        |tokens: proc_macro2::TokenStream| syn::Block::parse_within.parse2(tokens).ok();
    let block = |stmts: Vec<syn::Stmt>| {
        Expansion::Block(syn::Block {
            brace_token: Default::default(),
            stmts,
        })
    };
    if item_position {
        if let Some(items) = as_items(tokens.clone()) {
            return Some(Expansion::Items(items));
        }
    } else {
        if let Some(stmts) = as_statements(tokens.clone()) {
            return Some(block(stmts));
        }
        let expressions = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated
            .parse2(tokens.clone());
        if let Ok(expressions) = expressions {
            // Kept as values, not statements: the macro may use them.
            return Some(block(
                expressions
                    .into_iter()
                    .map(|expr| syn::Stmt::Expr(expr, None))
                    .collect(),
            ));
        }
    }
    // `cfg_if! { if #[cfg(x)] { items } else { items } }`, `select!` arms:
    // each braced group on its own.
    let mut items = Vec::new();
    let mut stmts = Vec::new();
    for tree in tokens {
        let proc_macro2::TokenTree::Group(group) = tree else {
            continue;
        };
        if group.delimiter() != proc_macro2::Delimiter::Brace {
            continue;
        }
        if item_position {
            items.extend(as_items(group.stream()).unwrap_or_default());
        } else if let Some(found) = as_statements(group.stream()) {
            stmts.push(syn::Stmt::Expr(
                Expr::Block(syn::ExprBlock {
                    attrs: Vec::new(),
                    label: None,
                    block: syn::Block {
                        brace_token: syn::token::Brace(group.delim_span()),
                        stmts: found,
                    },
                }),
                None,
            ));
        }
    }
    if !items.is_empty() {
        Some(Expansion::Items(items))
    } else if !stmts.is_empty() {
        Some(block(stmts))
    } else {
        None
    }
}

/// Whether `expr` mentions `Poll::Ready` or `Poll::Pending` outside nested
/// closures, which marks a closure as a poll function.
fn mentions_poll_variant(expr: &Expr) -> bool {
    struct PollVariantSearch(bool);
    impl<'ast> Visit<'ast> for PollVariantSearch {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            let mut segments = path.segments.iter().rev();
            if let (Some(last), Some(previous)) = (segments.next(), segments.next()) {
                if previous.ident == "Poll" && (last.ident == "Ready" || last.ident == "Pending") {
                    self.0 = true;
                }
            }
            visit::visit_path(self, path);
        }
        fn visit_expr_closure(&mut self, _: &'ast ExprClosure) {}
    }
    let mut search = PollVariantSearch(false);
    search.visit_expr(expr);
    search.0
}

/// The state of the walk, handed to rules so that they can look around the
/// node they were given and report findings.
pub struct Checker<'a, 'ast> {
    offsets: crate::parse::Offsets,
    text: &'a str,
    rules: &'a [&'a dyn Rule],
    interests: &'a InterestTable,
    scopes: Vec<Scope<'ast>>,
    impls: Vec<&'ast ItemImpl>,
    findings: Vec<Finding>,
    /// The rule whose hook is running: only it may report.
    reporting: Option<&'static str>,
    attribute_suppressions: AttributeSuppressions,
    facts: OnceCell<FileFacts>,
    /// The file's declarations, lexed on first use (or given).
    items: OnceCell<Arc<FileItems>>,
    expansions: Option<&'ast MacroArena>,
    macros_expanded: usize,
    macro_depth: usize,
    settings: &'a crate::config::RuleSettings,
}

/// The contents of a macro invocation, parsed so that the rules can run on
/// them; they live as long as the file's own syntax tree.
pub(crate) enum Expansion {
    /// Items (`pin_project! { … }`, `cfg_if!` branches).
    Items(Vec<syn::Item>),
    /// Statements or expressions (`with_io! { … }`, `tokio::select!` arms).
    Block(syn::Block),
}

/// Where parsed macro contents are kept during one file's walk.
pub(crate) type MacroArena = typed_arena::Arena<Expansion>;

/// What walking one file produced.
pub(crate) struct Walked {
    /// Findings, before suppression (some conditional on the crate model).
    pub findings: Vec<Finding>,
    /// The suppression attributes met.
    pub attributes: AttributeSuppressions,
    /// The file's declarations, when a rule asked for them (or they were
    /// given).
    pub items: Option<Arc<FileItems>>,
    /// How many macro invocations were parsed and checked.
    pub macros_expanded: usize,
}

static NO_SETTINGS: crate::config::RuleSettings = crate::config::RuleSettings {
    write_polls: Vec::new(),
    io_writes: Vec::new(),
    diagnostic_writers: Vec::new(),
};

/// Facts about the whole file that rules ask for now and then; read from
/// the file's declarations (lexed the first time a rule asks, never for most
/// files).
#[derive(Debug, Default)]
pub struct FileFacts {
    /// What each function or method declared in the file (outside macro
    /// invocations) returns, by name (several entries when the name is
    /// declared more than once).
    pub functions: HashMap<String, Vec<SignatureSummary>>,
    /// Whether some `use` brings `fmt::Write` into scope.
    pub imports_fmt_write: bool,
    /// Whether some `use` brings `io::Write` into scope (or io's prelude).
    pub imports_io_write: bool,
}

impl FileFacts {
    /// Whether `name` is declared in the file and every declaration's
    /// signature fails `test`: then calls to `name` in the file most likely
    /// mean these declarations, not a trait method of the same name.
    pub fn declared_only_without(
        &self,
        name: &str,
        test: impl Fn(&SignatureSummary) -> bool,
    ) -> bool {
        self.functions
            .get(name)
            .is_some_and(|declared| !declared.iter().any(test))
    }

    /// Whether `name` is declared in the file with some signature that
    /// fails `test`: a call of `name` whose receiver's type is unknown may
    /// mean that declaration.
    pub fn declared_without(&self, name: &str, test: impl Fn(&SignatureSummary) -> bool) -> bool {
        self.functions
            .get(name)
            .is_some_and(|declared| declared.iter().any(|one| !test(one)))
    }

    fn gather(items: &FileItems, text: &str) -> Self {
        let mut facts = FileFacts::default();
        for function in items.functions.iter().filter(|function| !function.in_macro) {
            facts
                .functions
                .entry(function.name.to_string())
                .or_default()
                .push(function.summary);
        }
        for one in &items.uses {
            let Some(declaration) = text.get(one.range.start as usize..one.range.end as usize)
            else {
                continue;
            };
            for binding in crate::model::syntax::use_bindings(declaration) {
                let parent = if binding.glob {
                    binding.path.last()
                } else {
                    binding.path.iter().rev().nth(1)
                };
                let names_write =
                    binding.glob || binding.path.last().is_some_and(|last| last == "Write");
                match parent.map(String::as_str) {
                    Some("fmt") if names_write && !binding.glob => facts.imports_fmt_write = true,
                    Some("io" | "prelude") if names_write => facts.imports_io_write = true,
                    _ => {}
                }
            }
        }
        facts
    }
}

impl<'a, 'ast> Checker<'a, 'ast> {
    /// A checker over `text`, whose parsed spans `offsets` places in it (past
    /// a byte-order mark that was not parsed, or in the parts of an excerpt).
    pub(crate) fn new(
        text: &'a str,
        offsets: crate::parse::Offsets,
        rules: &'a [&'a dyn Rule],
        interests: &'a InterestTable,
    ) -> Self {
        Checker {
            offsets,
            text,
            rules,
            interests,
            scopes: Vec::new(),
            impls: Vec::new(),
            findings: Vec::new(),
            reporting: None,
            attribute_suppressions: AttributeSuppressions::default(),
            facts: OnceCell::new(),
            items: OnceCell::new(),
            expansions: None,
            macros_expanded: 0,
            macro_depth: 0,
            settings: &NO_SETTINGS,
        }
    }

    /// Uses configured extra names.
    pub(crate) fn with_settings(mut self, settings: &'a crate::config::RuleSettings) -> Self {
        self.settings = settings;
        self
    }

    /// The configured extra names.
    pub fn settings(&self) -> &'a crate::config::RuleSettings {
        self.settings
    }

    /// The interests of the rules that run.
    pub fn interests(&self) -> &'a InterestTable {
        self.interests
    }

    /// Uses `items` as the file's declarations, when already lexed.
    pub(crate) fn with_items(self, items: Option<Arc<FileItems>>) -> Self {
        if let Some(items) = items {
            let _ = self.items.set(items);
        }
        self
    }

    /// The file's declarations (lexed on first use).
    pub fn items(&self) -> &FileItems {
        self.items
            .get_or_init(|| Arc::new(crate::model::items::file_items(self.text)))
    }

    /// What the method `method` declared in the `impl` block enclosing the
    /// walk (its first declaration there) says, when that block declares
    /// one: a call `self.method(…)` in the block means it.
    pub fn own_method(&self, method: &str) -> Option<SignatureSummary> {
        let block = self.enclosing_impl()?;
        let start = self.span_range(block.impl_token.span).start;
        let items = self.items();
        let index = items
            .impls
            .iter()
            .position(|found| found.header.start as usize == start)?;
        items
            .functions
            .iter()
            .find(|function| {
                function.owner == Owner::Impl(index as u32) && &*function.name == method
            })
            .map(|function| function.summary)
    }

    /// What the method `method` declared for the type `type_name` in this
    /// file (in any of its `impl` blocks, trait impls too) says, when this
    /// file declares one: a call on a value of that type means it.
    pub fn method_of(&self, type_name: &str, method: &str) -> Option<SignatureSummary> {
        let items = self.items();
        items
            .functions
            .iter()
            .find(|function| {
                &*function.name == method
                    && matches!(function.owner, Owner::Impl(index)
                    if items.impls.get(index as usize).is_some_and(|block| {
                        block.self_name.as_deref() == Some(type_name)
                    }))
            })
            .map(|function| function.summary)
    }

    /// The declared type (as token text) of the field `field` of the
    /// struct `type_name`, when this file declares that struct (once; a
    /// struct of that name declared twice, in two modules, is ambiguous).
    pub fn field_type(&self, type_name: &str, field: &str) -> Option<String> {
        let items = self.items();
        let structs: Vec<Range<usize>> = items
            .types
            .iter()
            .filter(|declaration| {
                declaration.kind == crate::model::items::TypeKind::Struct
                    && &*declaration.name == type_name
            })
            .map(|declaration| declaration.range.start as usize..declaration.range.end as usize)
            .collect();
        // Several tests may each declare a `struct Cb` in their body: the
        // one in the innermost enclosing body that declares one is meant.
        let range = match structs.as_slice() {
            [] => return None,
            [one] => one.clone(),
            _ => {
                let mut chosen = None;
                for scope in self.scopes() {
                    let Scope::Fn { body, .. } = scope else {
                        continue;
                    };
                    let body = self.range_of(*body);
                    let mut inside = structs
                        .iter()
                        .filter(|range| body.start <= range.start && range.end <= body.end);
                    if let Some(first) = inside.next() {
                        if inside.next().is_some() {
                            return None;
                        }
                        chosen = Some(first.clone());
                        break;
                    }
                }
                chosen?
            }
        };
        let fields = crate::model::syntax::struct_fields(self.text.get(range)?)?;
        fields
            .into_iter()
            .find(|found| found.name == field)
            .map(|found| found.ty)
    }

    /// Looks inside macro invocations, keeping what it parses in `arena`.
    pub(crate) fn with_macro_bodies(mut self, arena: &'ast MacroArena) -> Self {
        self.expansions = Some(arena);
        self
    }

    /// Facts about the whole file (gathered on first use).
    pub fn file_facts(&self) -> &FileFacts {
        self.facts
            .get_or_init(|| FileFacts::gather(self.items(), self.text))
    }

    /// Reports a finding of the rule whose hook is running.
    pub fn report(&mut self, mut finding: Finding) {
        assert!(
            self.reporting.is_none_or(|rule| rule == finding.rule()),
            "{:?} reported a finding of `{}`",
            self.reporting,
            finding.rule()
        );
        finding.in_macro = self.macro_depth > 0;
        self.findings.push(finding);
    }

    /// Runs one rule's hook, noting which rule may report.
    fn with_rule(&mut self, rule: &dyn Rule, hook: impl FnOnce(&mut Self)) {
        let outer = self.reporting.replace(rule.meta().name);
        hook(self);
        self.reporting = outer;
    }

    /// The byte range of a span in the file.
    pub fn span_range(&self, span: Span) -> Range<usize> {
        let range = span.byte_range();
        self.offsets.to_file(range.start)..self.offsets.to_file(range.end)
    }

    /// The byte range of a syntax node in the file.
    pub fn range_of<T: Spanned + ?Sized>(&self, node: &T) -> Range<usize> {
        self.span_range(node.span())
    }

    /// The source text of a byte range (empty when out of bounds).
    pub fn text(&self, range: Range<usize>) -> &'a str {
        self.text.get(range).unwrap_or("")
    }

    /// The innermost body the walk is in.
    pub fn scope(&self) -> Option<&Scope<'ast>> {
        self.scopes.last()
    }

    /// All enclosing bodies, innermost first.
    pub fn scopes(&self) -> impl Iterator<Item = &Scope<'ast>> {
        self.scopes.iter().rev()
    }

    /// The innermost enclosing `impl` block.
    pub fn enclosing_impl(&self) -> Option<&'ast ItemImpl> {
        self.impls.last().copied()
    }

    /// Whether the walk is inside `fn drop` of an `impl Drop` (closures and
    /// async blocks inside it included).
    pub fn in_drop(&self) -> bool {
        for scope in self.scopes.iter().rev() {
            if let Scope::Fn { is_drop, .. } = scope {
                return *is_drop;
            }
        }
        false
    }

    /// Walks `file` and returns the findings and the attribute suppressions seen.
    pub(crate) fn run_file(mut self, file: &'ast syn::File) -> Walked {
        self.visit_file(file);
        self.finish()
    }

    fn finish(self) -> Walked {
        Walked {
            findings: self.findings,
            attributes: self.attribute_suppressions,
            items: self.items.into_inner(),
            macros_expanded: self.macros_expanded,
        }
    }

    /// Records `cfg_attr(pollcheck, allow(…))` attributes of a node whose
    /// range is computed only when there is one: the range of a node is its
    /// whole token stream, far too costly to build for every function.
    fn note_attributes<T: Spanned + ?Sized>(&mut self, attrs: &[syn::Attribute], node: &T) {
        if !attrs.iter().any(crate::suppress::may_suppress) {
            return;
        }
        let covered = self.range_of(node);
        let interests = self.interests;
        for attr in attrs {
            let attr_range = self.range_of(attr);
            self.attribute_suppressions.add_from_attribute(
                attr,
                attr_range,
                covered.clone(),
                &|lint| interests.clippy_equivalent(lint),
            );
        }
    }

    /// Parses a macro invocation's tokens as items (`item_position`) or as
    /// statements, else as comma-separated expressions, else each braced
    /// group as items or statements (`cfg_if!`, `select!` arms), and walks
    /// what parsed. Spans point into the real file.
    fn expand(&mut self, mac: &'ast syn::Macro, item_position: bool) {
        let Some(arena) = self.expansions else {
            return;
        };
        if !self.may_hold_a_finding(mac) {
            return;
        }
        let name = mac.path.segments.last().map(|last| last.ident.to_string());
        let select = match name.as_deref() {
            Some("select" | "select_biased") if !item_position => {
                crate::select::parse_arms(mac.tokens.clone())
            }
            _ => None,
        };
        let Some(expansion) =
            select.or_else(|| parse_macro_tokens(mac.tokens.clone(), item_position))
        else {
            return;
        };
        self.macros_expanded += 1;
        self.macro_depth += 1;
        match arena.alloc(expansion) {
            Expansion::Items(items) => {
                for item in items.iter() {
                    self.visit_item(item);
                }
            }
            Expansion::Block(block) => self.visit_block(block),
        }
        self.macro_depth -= 1;
    }

    /// Whether a macro invocation's tokens may hold something a rule looks
    /// for: the macro is not one a rule reads itself or one that only holds
    /// values, and a token names a call some rule judges (or a task context,
    /// when some rule judges calls by it). Most invocations are skipped on
    /// this cheap check.
    fn may_hold_a_finding(&self, mac: &syn::Macro) -> bool {
        let Some(last) = mac.path.segments.last() else {
            return false;
        };
        let name = last.ident.to_string();
        if holds_only_values(&name) || self.interests.reads_macro(&name) {
            return false;
        }
        let interests = self.interests;
        let mut pending = vec![mac.tokens.clone()];
        while let Some(stream) = pending.pop() {
            for tree in stream {
                match tree {
                    proc_macro2::TokenTree::Ident(ident) => {
                        let name = ident.to_string();
                        if interests.call(&name).is_some()
                            || interests.anywhere(&name)
                            || interests.reads_macro(&name)
                            || (interests.context_calls() && CONTEXT_NAMES.contains(&name.as_str()))
                        {
                            return true;
                        }
                    }
                    proc_macro2::TokenTree::Group(group) => pending.push(group.stream()),
                    _ => {}
                }
            }
        }
        false
    }

    /// The rules that judge `value` where it is thrown away.
    fn judging(&self, value: &crate::value::Value<'_>) -> Vec<usize> {
        match value.form {
            crate::value::CallForm::Macro => self.interests.rules_reading_macro(&value.name),
            _ => self.interests.rules_judging(
                &value.name,
                value.shape,
                Position::ThrownAway,
                value.via,
            ),
        }
    }

    /// Hands a value a statement throws away to the rules that judge it.
    fn dispatch_statement(&mut self, stmt: &'ast syn::Stmt, following: &'ast [syn::Stmt]) {
        // What the value is comes before the discard's ranges: most
        // statements throw away nothing a rule judges, and a range costs a
        // walk of tokens.
        let Some(discarded) = crate::discard::stmt_value(stmt) else {
            return;
        };
        let Some(value) = crate::value::of(self, discarded) else {
            return;
        };
        if crate::discard::is_bare(stmt)
            && crate::discard::rustc_warns(value.shape, value.before_ok.is_some())
        {
            return;
        }
        let judging = self.judging(&value);
        if judging.is_empty() {
            return;
        }
        if let Some(discard) = crate::discard::in_stmt(self, stmt, following) {
            let rules = self.rules;
            for index in judging {
                let rule = rules[index];
                self.with_rule(rule, |checker| {
                    rule.check_discard(checker, &discard, &value)
                });
            }
        }
    }

    /// Hands a value an expression throws away (`drop(value)`, `_ = value`)
    /// to the rules that judge it.
    fn dispatch_expression(&mut self, expr: &'ast Expr) {
        let Some(thrown) = crate::discard::expr_value(expr) else {
            return;
        };
        let Some(value) = crate::value::of_expr(self, thrown) else {
            return;
        };
        let judging = self.judging(&value);
        if judging.is_empty() {
            return;
        }
        if let Some(discard) = crate::discard::in_expr(self, expr) {
            let rules = self.rules;
            for index in judging {
                let rule = rules[index];
                self.with_rule(rule, |checker| {
                    rule.check_discard(checker, &discard, &value)
                });
            }
        }
    }

    fn impl_is_drop(&self) -> bool {
        self.impls.last().is_some_and(|item| {
            item.trait_
                .as_ref()
                .and_then(|(_, path, _)| path.segments.last())
                .is_some_and(|segment| segment.ident == "Drop")
        })
    }
}

impl<'ast> Visit<'ast> for Checker<'_, 'ast> {
    fn visit_file(&mut self, file: &'ast syn::File) {
        // `#![allow(clippy::unused_io_amount)]` or a `cfg_attr` at the top
        // covers the whole file.
        if file.attrs.iter().any(crate::suppress::may_suppress) {
            for attr in &file.attrs {
                let attr_range = self.range_of(attr);
                let interests = self.interests;
                self.attribute_suppressions.add_from_attribute(
                    attr,
                    attr_range,
                    0..self.text.len(),
                    &|lint| interests.clippy_equivalent(lint),
                );
            }
        }
        visit::visit_file(self, file);
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.note_attributes(&item.attrs, item);
        self.scopes.push(Scope::Fn {
            sig: &item.sig,
            body: &item.block,
            is_drop: false,
        });
        visit::visit_item_fn(self, item);
        self.scopes.pop();
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.note_attributes(&item.attrs, item);
        let is_drop = self.impl_is_drop() && item.sig.ident == "drop";
        self.scopes.push(Scope::Fn {
            sig: &item.sig,
            body: &item.block,
            is_drop,
        });
        visit::visit_impl_item_fn(self, item);
        self.scopes.pop();
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        self.note_attributes(&item.attrs, item);
        if let Some(body) = &item.default {
            self.scopes.push(Scope::Fn {
                sig: &item.sig,
                body,
                is_drop: false,
            });
            visit::visit_trait_item_fn(self, item);
            self.scopes.pop();
        }
    }

    fn visit_item_impl(&mut self, item: &'ast ItemImpl) {
        self.note_attributes(&item.attrs, item);
        let rules = self.rules;
        for rule in rules {
            self.with_rule(*rule, |checker| rule.check_item_impl(checker, item));
        }
        self.impls.push(item);
        visit::visit_item_impl(self, item);
        self.impls.pop();
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.note_attributes(&item.attrs, item);
        visit::visit_item_mod(self, item);
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        self.note_attributes(&item.attrs, item);
        visit::visit_item_trait(self, item);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        self.note_attributes(&local.attrs, local);
        visit::visit_local(self, local);
    }

    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        // `macro_rules! name { … }` is a definition: its body is a template.
        if item.ident.is_none() {
            self.expand(&item.mac, true);
        }
    }

    fn visit_impl_item_macro(&mut self, item: &'ast syn::ImplItemMacro) {
        self.expand(&item.mac, true);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.expand(mac, false);
    }

    fn visit_expr_closure(&mut self, closure: &'ast ExprClosure) {
        self.scopes.push(Scope::Closure(closure));
        visit::visit_expr_closure(self, closure);
        self.scopes.pop();
    }

    fn visit_expr_async(&mut self, block: &'ast ExprAsync) {
        self.scopes.push(Scope::Async(block));
        visit::visit_expr_async(self, block);
        self.scopes.pop();
    }

    fn visit_block(&mut self, block: &'ast Block) {
        let rules = self.rules;
        for (index, stmt) in block.stmts.iter().enumerate() {
            let following = &block.stmts[index + 1..];
            self.dispatch_statement(stmt, following);
            for rule in rules {
                self.with_rule(*rule, |checker| rule.check_stmt(checker, stmt, following));
            }
        }
        visit::visit_block(self, block);
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        self.dispatch_expression(expr);
        let rules = self.rules;
        for rule in rules {
            self.with_rule(*rule, |checker| rule.check_expr(checker, expr));
        }
        visit::visit_expr(self, expr);
    }
}
