//! What a thrown-away or matched value is: the call at its bottom (a
//! method call, a path call, `ready!(poll)` or `write!`), and what stands
//! between that call and the value (`?`, `.await`, `.ok()`, adapters that
//! keep its shape), which decides its [`Shape`]. Which names return a
//! `Poll` and which a `Result`, and after which `?` a count remains, come
//! from the rules' interests ([`crate::interest`]); everything else about a
//! call (its receiver, its arguments) is the rules' to judge.

use std::borrow::Cow;
use std::ops::Range;

use syn::{Expr, Macro};

use crate::checker::Checker;
use crate::discard::{self, Discarded};
use crate::interest::{Shape, READY};

/// How the call at the bottom of a value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallForm {
    /// `receiver.name(…)`
    Method,
    /// `Trait::name(receiver, …)`, `<T as Trait>::name(…)`, `name(…)`
    Path,
    /// `ready!(….poll_name(…))`
    Ready,
    /// `write!(…)` / `writeln!(…)`
    Macro,
}

/// What made a call one that rules judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A name some rule lists (or a macro it reads).
    Name,
    /// A task context argument: the crate may declare it as returning
    /// `Poll` ([`crate::interest::Names::CalledWithContext`]).
    Context,
    /// Nothing but that the crate may declare it
    /// ([`crate::interest::Names::DeclaredByCrate`]): its value is taken to
    /// be a `Result` for the rule and the crate model to settle.
    Crate,
}

/// A value, and the call that made it.
#[derive(Clone)]
pub struct Value<'e> {
    /// What it is.
    pub shape: Shape,
    /// The called name (for `ready!`, the poll's; for a macro, its own).
    pub name: String,
    /// How the call is written.
    pub form: CallForm,
    /// The call: `receiver.name(…)` or `path(…)`; for `ready!`, the poll
    /// call it is given, read from the macro's tokens; none for a macro.
    pub call: Option<Cow<'e, Expr>>,
    /// For `write!`-like macros: the writer (their first argument).
    pub writer: Option<Expr>,
    /// The range a finding points at: from a method's name to the end of
    /// the call, a whole path call, or the macro invocation.
    pub range: Range<usize>,
    /// A method's name (for a rename fix).
    pub name_range: Option<Range<usize>>,
    /// Arguments besides the receiver (`Type::name(receiver, …)` counts its
    /// first argument as the receiver).
    pub arguments: usize,
    /// Arguments written at the call (a method's receiver aside).
    pub call_arguments: usize,
    /// Whether a name the rules list says what the call returns (rather
    /// than a task context hinting that the crate may declare it so, or the
    /// crate's own function).
    pub by_name: bool,
    /// What made the call one to judge.
    pub via: Via,
    /// Whether `.await` follows the call.
    pub awaited: bool,
    /// The range of the expression under the outermost `?`, when the value
    /// ends in `?`.
    pub under_question_mark: Option<Range<usize>>,
    /// The range of the value without a trailing `.ok()`, when it has one.
    pub before_ok: Option<Range<usize>>,
    /// Whether a `?` stands between the call and the outermost layer.
    pub question_mark_inside: bool,
    /// Whether `.map(…)`, `.map_err(…)` or the like is applied.
    pub adapted: bool,
    /// Whether a closure was handed the `Ok` value (`.map(|n| …)`), so that
    /// a byte count is not lost even if the rest is.
    pub count_seen: bool,
    /// For `ready!`: whether a closure inside it was handed the count.
    pub count_seen_inside: bool,
    /// Whether `.unwrap()` or `.expect(…)` took the `Result` apart (rather
    /// than `?`).
    pub unwrapped: bool,
}

impl Value<'_> {
    /// The object a method is called on, or a path call's first argument.
    pub fn receiver(&self) -> Option<&Expr> {
        match self.call.as_deref()? {
            Expr::MethodCall(call) => Some(&call.receiver),
            Expr::Call(call) => call.args.first(),
            _ => None,
        }
    }

    /// The arguments written at the call (a method's receiver aside).
    pub fn args(&self) -> Vec<&Expr> {
        match self.call.as_deref() {
            Some(Expr::MethodCall(call)) => call.args.iter().collect(),
            Some(Expr::Call(call)) => call.args.iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// What stands between a call and the value, outermost first; each holds
/// the expression it applies to, whose range is taken only if needed (a
/// range walks the expression's tokens).
enum Layer<'e> {
    Question(&'e Expr),
    /// `.unwrap()` or `.expect(…)`: the `Ok` value, as after `?`.
    Unwrap,
    Await,
    /// The method, its receiver, and whether it hands the value to code
    /// that may read it (`.map(|n| pos += n)`, not `.map(|_| ())`).
    Adapter(String, &'e Expr, bool),
}

/// Whether an adapter called with `arguments` hands the value it adapts to
/// code that may read it: anything but a closure whose parameter is `_`
/// (or a `_name`).
fn hands_value_on(arguments: &syn::punctuated::Punctuated<Expr, syn::Token![,]>) -> bool {
    match arguments.first() {
        Some(Expr::Closure(closure)) => closure.inputs.first().is_none_or(|input| {
            let input = match input {
                syn::Pat::Type(typed) => &*typed.pat,
                other => other,
            };
            match input {
                syn::Pat::Wild(_) => false,
                syn::Pat::Ident(binding) => !binding.ident.to_string().starts_with('_'),
                _ => true,
            }
        }),
        _ => true,
    }
}

/// The value of `discarded`, when its call is one the rules judge.
pub fn of<'e>(checker: &Checker<'_, '_>, discarded: Discarded<'e>) -> Option<Value<'e>> {
    match discarded {
        Discarded::Expr(expr) => of_expr(checker, expr),
        Discarded::Macro(mac) => of_macro(checker, mac),
    }
}

/// The value of `expr`, when its call is one the rules judge.
pub fn of_expr<'e>(checker: &Checker<'_, '_>, expr: &'e Expr) -> Option<Value<'e>> {
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
            Expr::MethodCall(call) if discard::passes_on(&call.method.to_string()) => {
                layers.push(Layer::Adapter(
                    call.method.to_string(),
                    &call.receiver,
                    hands_value_on(&call.args),
                ));
                &call.receiver
            }
            Expr::MethodCall(call) if discard::takes_apart(&call.method.to_string()) => {
                layers.push(Layer::Unwrap);
                &call.receiver
            }
            _ => break,
        };
    }
    let mut value = match current {
        Expr::Macro(mac) => of_macro(checker, &mac.mac)?,
        call => core_call(checker, Cow::Borrowed(call))?,
    };
    // The layers, from the call outwards.
    for (index, layer) in layers.iter().enumerate().rev() {
        let outermost = index == 0;
        value.shape = match (value.shape, layer) {
            (Shape::Poll, Layer::Question(inner)) => {
                if outermost {
                    value.under_question_mark = Some(checker.range_of(*inner));
                } else {
                    value.question_mark_inside = true;
                }
                Shape::Poll
            }
            (Shape::Poll, Layer::Adapter(name, _, hands_on)) if name != discard::OK => {
                if *hands_on && matches!(name.as_str(), "map_ok" | "map") {
                    value.count_seen = true;
                }
                Shape::Poll
            }
            (Shape::Result, Layer::Await) => {
                value.awaited = true;
                Shape::Result
            }
            (Shape::Result, Layer::Question(inner)) => {
                if !counts(checker, &value) || value.count_seen {
                    return None;
                }
                if outermost {
                    value.under_question_mark = Some(checker.range_of(*inner));
                }
                Shape::Count
            }
            (Shape::Result, Layer::Unwrap) => {
                // Like `?`, panicking on the error instead: what is left is
                // the `Ok` value, which is lost only if it is a count.
                if !counts(checker, &value) || value.count_seen {
                    return None;
                }
                value.unwrapped = true;
                Shape::Count
            }
            (Shape::Result, Layer::Adapter(name, receiver, hands_on)) => {
                if name == discard::OK && outermost {
                    value.before_ok = Some(checker.range_of(*receiver));
                }
                if *hands_on && matches!(name.as_str(), "map" | "inspect" | "map_ok") {
                    // The closure is handed the count (`.map(|n| pos += n)`).
                    value.count_seen = true;
                }
                Shape::Result
            }
            _ => return None,
        };
    }
    value.adapted = layers
        .iter()
        .any(|layer| matches!(layer, Layer::Adapter(name, _, _) if name != discard::OK));
    Some(value)
}

/// Whether a `?` on `value` (a `Result`) leaves a count some rule judges.
fn counts(checker: &Checker<'_, '_>, value: &Value<'_>) -> bool {
    let interests = checker.interests();
    match value.form {
        CallForm::Method | CallForm::Path => interests.counts(&value.name, false),
        CallForm::Ready => interests.counts(&value.name, true) && !value.count_seen_inside,
        CallForm::Macro => false,
    }
}

/// The call at the bottom of a value, and what it yields before any layer.
fn core_call<'e>(checker: &Checker<'_, '_>, call: Cow<'e, Expr>) -> Option<Value<'e>> {
    let interests = checker.interests();
    let (name, arguments, form, name_range) = match &*call {
        Expr::MethodCall(method) => {
            let name_range = checker.span_range(method.method.span());
            (
                method.method.to_string(),
                &method.args,
                CallForm::Method,
                Some(name_range),
            )
        }
        Expr::Call(path_call) => {
            let Expr::Path(path) = &*path_call.func else {
                return None;
            };
            let name = path.path.segments.last()?.ident.to_string();
            (name, &path_call.args, CallForm::Path, None)
        }
        _ => return None,
    };
    let (shape, via) = match interests.call(&name) {
        Some(interest) if interest.returns_poll => (Shape::Poll, Via::Name),
        Some(_) => (Shape::Result, Via::Name),
        None if interests.context_calls()
            && !name.starts_with("poll")
            && arguments.iter().any(is_context_argument) =>
        {
            (Shape::Poll, Via::Context)
        }
        None if interests.crate_calls()
            && !name.starts_with("poll")
            && !name.starts_with(|c: char| c.is_ascii_uppercase()) =>
        {
            (Shape::Result, Via::Crate)
        }
        None => return None,
    };
    let by_name = via == Via::Name;
    let call_arguments = arguments.len();
    let range = match (&name_range, form) {
        (Some(name_range), CallForm::Method) => name_range.start..checker.range_of(&*call).end,
        _ => checker.range_of(&*call),
    };
    let arguments = match form {
        CallForm::Path => call_arguments.saturating_sub(1),
        _ => call_arguments,
    };
    Some(Value {
        shape,
        name,
        form,
        call: Some(call),
        writer: None,
        range,
        name_range,
        arguments,
        call_arguments,
        by_name,
        via,
        awaited: false,
        under_question_mark: None,
        before_ok: None,
        question_mark_inside: false,
        adapted: false,
        count_seen: false,
        count_seen_inside: false,
        unwrapped: false,
    })
}

/// `ready!(poll)` yields what the poll holds when ready; a macro the rules
/// read (`write!`) yields a `Result`.
pub(crate) fn of_macro<'e>(checker: &Checker<'_, '_>, mac: &'e Macro) -> Option<Value<'e>> {
    let name = mac.path.segments.last()?.ident.to_string();
    let range = checker.range_of(mac);
    if name == READY {
        if !checker.interests().reads_ready() {
            return None;
        }
        let inner: Expr = mac.parse_body().ok()?;
        let inner = of_expr(checker, &inner)?;
        if inner.shape != Shape::Poll {
            return None;
        }
        let counted = checker.interests().counts(&inner.name, true) && !inner.count_seen;
        let shape = match inner.under_question_mark {
            // `ready!(x.poll_write(cx, buf)?)` yields the count.
            Some(_) if counted => Shape::Count,
            Some(_) => return None,
            None => Shape::Result,
        };
        return Some(Value {
            shape,
            form: CallForm::Ready,
            call: inner.call.map(|call| Cow::Owned(call.into_owned())),
            range,
            name_range: None,
            count_seen_inside: inner.count_seen,
            under_question_mark: None,
            before_ok: None,
            question_mark_inside: false,
            adapted: false,
            count_seen: false,
            awaited: false,
            writer: None,
            ..inner
        });
    }
    if checker.interests().macro_call(&name).is_none() || !is_std_macro_path(&mac.path) {
        return None;
    }
    let writer = mac
        .parse_body_with(|input: syn::parse::ParseStream<'_>| {
            let target: Expr = input.parse()?;
            let _: proc_macro2::TokenStream = input.parse()?;
            Ok(target)
        })
        .ok()?;
    Some(Value {
        shape: Shape::Result,
        name,
        form: CallForm::Macro,
        call: None,
        writer: Some(writer),
        range,
        name_range: None,
        arguments: 1,
        call_arguments: 1,
        by_name: true,
        via: Via::Name,
        awaited: false,
        under_question_mark: None,
        before_ok: None,
        question_mark_inside: false,
        adapted: false,
        count_seen: false,
        count_seen_inside: false,
        unwrapped: false,
    })
}

/// `name!`, `std::name!`, `core::name!`, but not `defmt::name!`.
fn is_std_macro_path(path: &syn::Path) -> bool {
    path.segments.len() == 1
        || path.segments.first().is_some_and(|first| {
            matches!(first.ident.to_string().as_str(), "std" | "core" | "alloc")
        })
}

/// `cx`, `&mut cx`, `ctx`, `context`: a task context, which every poll
/// function takes.
pub(crate) fn is_context_argument(argument: &Expr) -> bool {
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
