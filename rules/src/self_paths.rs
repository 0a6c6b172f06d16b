//! What a call is made on, as a path of fields and accessors from `self`
//! (`self.io.io_mut()` is `self` → `io` → `io_mut()`), so that rules can
//! compare the object one method flushes with the one another shuts down.

use std::collections::HashSet;

use syn::visit::{self, Visit};
use syn::{Expr, Pat};

/// Names that stand for `self` in a body: `self`, and locals bound to a
/// projection or reborrow of it (`let this = self.project();`,
/// `let me = &mut *self;`).
pub fn self_aliases(body: &syn::Block) -> HashSet<String> {
    struct AliasCollector(HashSet<String>);
    impl<'ast> Visit<'ast> for AliasCollector {
        fn visit_local(&mut self, local: &'ast syn::Local) {
            let pattern = match &local.pat {
                Pat::Type(typed) => &*typed.pat,
                other => other,
            };
            if let (Pat::Ident(binding), Some(init)) = (pattern, &local.init) {
                if path_of(&init.expr, &self.0).is_some_and(|path| path.len() == 1) {
                    self.0.insert(binding.ident.to_string());
                }
            }
            visit::visit_local(self, local);
        }
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut collector = AliasCollector(HashSet::from(["self".to_string()]));
    collector.visit_block(body);
    collector.0
}

/// The path from `self` of the object `receiver` denotes, with wrappers that
/// do not change the object taken off (`Pin::new(&mut …)`, `.as_mut()`,
/// `.project()`, `&mut *…`); `None` when it does not start at `self` or an
/// alias of it.
pub fn path_of(receiver: &Expr, aliases: &HashSet<String>) -> Option<Vec<String>> {
    match receiver {
        Expr::Paren(paren) => path_of(&paren.expr, aliases),
        Expr::Group(group) => path_of(&group.expr, aliases),
        Expr::Reference(reference) => path_of(&reference.expr, aliases),
        Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Deref(_)) => {
            path_of(&unary.expr, aliases)
        }
        Expr::Call(call) if call.args.len() == 1 && is_pin_constructor(&call.func) => {
            path_of(&call.args[0], aliases)
        }
        Expr::Path(path) => {
            let ident = path.path.get_ident()?.to_string();
            aliases.contains(&ident).then(|| vec!["self".to_string()])
        }
        Expr::Field(field) => {
            let mut path = path_of(&field.base, aliases)?;
            path.push(match &field.member {
                syn::Member::Named(name) => name.to_string(),
                syn::Member::Unnamed(index) => index.index.to_string(),
            });
            Some(path)
        }
        Expr::MethodCall(call) => {
            let mut path = path_of(&call.receiver, aliases)?;
            let method = call.method.to_string();
            let same_object = matches!(
                method.as_str(),
                "as_mut" | "as_pin_mut" | "project" | "by_ref" | "deref_mut"
            ) || (path.len() == 1
                && matches!(
                    method.as_str(),
                    "get_mut" | "get_pin_mut" | "get_unchecked_mut"
                ));
            if !same_object {
                path.push(format!("{method}()"));
            }
            Some(path)
        }
        _ => None,
    }
}

fn is_pin_constructor(func: &Expr) -> bool {
    let Expr::Path(path) = func else { return false };
    let mut segments = path.path.segments.iter().rev();
    matches!(
        (segments.next(), segments.next()),
        (Some(last), Some(owner)) if owner.ident == "Pin"
            && (last.ident == "new" || last.ident == "new_unchecked")
    )
}

/// The expressions inside a macro call written like a function call
/// (`ready!(…)`, `try_ready!(…)`, `debug!(…)`), so that a visitor can look
/// into them; empty when the tokens are not comma-separated expressions.
pub fn macro_arguments(mac: &syn::Macro) -> Vec<Expr> {
    mac.parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        .map(|arguments| arguments.into_iter().collect())
        .unwrap_or_default()
}

/// `self.io.io_mut()` for display.
pub fn display(path: &[String]) -> String {
    path.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> Option<String> {
        let expr: Expr = syn::parse_str(text).unwrap();
        let aliases = HashSet::from(["self".to_string(), "this".to_string()]);
        path_of(&expr, &aliases).map(|path| display(&path))
    }

    #[test]
    fn wrappers_that_keep_the_object_are_taken_off() {
        assert_eq!(path("Pin::new(&mut self.io)").as_deref(), Some("self.io"));
        assert_eq!(
            path("self.as_mut().project().inner").as_deref(),
            Some("self.inner")
        );
        assert_eq!(path("Pin::new(&mut *self)").as_deref(), Some("self"));
        assert_eq!(path("this.io").as_deref(), Some("self.io"));
        assert_eq!(path("self.get_mut()").as_deref(), Some("self"));
    }

    #[test]
    fn accessors_into_an_inner_object_are_kept() {
        assert_eq!(
            path("Pin::new(self.io.io_mut())").as_deref(),
            Some("self.io.io_mut()")
        );
        assert_eq!(
            path("self.io.get_mut()").as_deref(),
            Some("self.io.get_mut()")
        );
        assert_eq!(path("other.io"), None);
    }
}
