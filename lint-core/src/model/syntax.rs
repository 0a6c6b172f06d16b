//! The parts of declarations that the crate model parses with syn, on
//! demand, one item at a time, into owned facts that any thread can read
//! (syn's trees cannot leave the thread that parsed them). Types are kept as
//! their token text (`Option < TcpStream >`), which `syn::parse_str` reads
//! back.

use quote::ToTokens;
use syn::punctuated::Punctuated;

/// A field of a struct: its name (`0`, `1`, … for a tuple struct) and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The field's name, or its index.
    pub name: String,
    /// Its type, as token text.
    pub ty: String,
}

/// A generic parameter and every bound the declaration puts on it, inline
/// (`<W: Write>`) or in its `where` clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounded {
    /// The parameter's name (`W`).
    pub name: String,
    /// Its bounds, as token text (`Write`, `AsyncWrite + Unpin` split into
    /// `AsyncWrite` and `Unpin`), lifetimes left out.
    pub bounds: Vec<String>,
}

/// What a `use` declaration brings into scope under one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UseBinding {
    /// The name in scope (the alias of a rename, `_` for `as _`; empty for
    /// a glob).
    pub name: String,
    /// The path named, segment by segment (`["std", "io", "Write"]`; for a
    /// glob, the path of the module).
    pub path: Vec<String>,
    /// Whether it is a glob (`use a::b::*;`).
    pub glob: bool,
}

fn tokens(node: &impl ToTokens) -> String {
    node.to_token_stream().to_string()
}

/// The fields of `struct …` in `text`.
pub(crate) fn struct_fields(text: &str) -> Option<Vec<Field>> {
    let item: syn::ItemStruct = syn::parse_str(text).ok()?;
    Some(
        item.fields
            .iter()
            .enumerate()
            .map(|(index, field)| Field {
                name: field
                    .ident
                    .as_ref()
                    .map_or_else(|| index.to_string(), ToString::to_string),
                ty: tokens(&field.ty),
            })
            .collect(),
    )
}

/// The generic parameters of `generics` with their bounds.
fn bounded(generics: &syn::Generics) -> Vec<Bounded> {
    let mut found: Vec<Bounded> = Vec::new();
    let mut add = |name: String, bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>| {
        let texts = bounds
            .iter()
            .filter(|bound| !matches!(bound, syn::TypeParamBound::Lifetime(_)))
            .map(tokens);
        match found.iter_mut().find(|known| known.name == name) {
            Some(known) => known.bounds.extend(texts),
            None => found.push(Bounded {
                name,
                bounds: texts.collect(),
            }),
        }
    };
    for parameter in generics.type_params() {
        add(parameter.ident.to_string(), &parameter.bounds);
    }
    if let Some(clause) = &generics.where_clause {
        for predicate in &clause.predicates {
            if let syn::WherePredicate::Type(predicate) = predicate {
                add(tokens(&predicate.bounded_ty), &predicate.bounds);
            }
        }
    }
    found
}

/// The generic parameters of the `impl` whose header (`impl<…> … for …
/// where …`) is `header`, with their bounds.
pub(crate) fn impl_generics(header: &str) -> Option<Vec<Bounded>> {
    let item: syn::ItemImpl = syn::parse_str(&format!("{header} {{}}")).ok()?;
    Some(bounded(&item.generics))
}

/// The supertraits of the trait whose header (`trait Name: A + B where …`)
/// is `header`, as token text (lifetimes left out).
pub(crate) fn supertraits(header: &str) -> Option<Vec<String>> {
    let item: syn::ItemTrait = syn::parse_str(&format!("{header} {{}}")).ok()?;
    Some(
        item.supertraits
            .iter()
            .filter(|bound| !matches!(bound, syn::TypeParamBound::Lifetime(_)))
            .map(tokens)
            .collect(),
    )
}

/// The type a `type Name = …;` in `text` stands for (`None` for an
/// associated type declared without one).
pub(crate) fn alias_target(text: &str) -> Option<String> {
    let text = text.trim_end();
    let text = if text.ends_with(';') {
        text.to_string()
    } else {
        format!("{text};")
    };
    if let Ok(item) = syn::parse_str::<syn::ItemType>(&text) {
        return Some(tokens(&item.ty));
    }
    // `type Item = u8;` inside an `impl`, or `type Item;` in a trait.
    let item: syn::ImplItemType = syn::parse_str(&text).ok()?;
    Some(tokens(&item.ty))
}

/// A function's parameters (pattern and type, as token text; a receiver as
/// `self` and its type) and its return type (empty for `()`), from the
/// signature text `fn name(…) -> T where …`.
pub(crate) fn signature(text: &str) -> Option<WrittenSignature> {
    let item: syn::ItemFn = syn::parse_str(&format!("{text} {{}}")).ok()?;
    let parameters = item
        .sig
        .inputs
        .iter()
        .map(|input| match input {
            syn::FnArg::Receiver(receiver) => ("self".to_string(), tokens(&receiver.ty)),
            syn::FnArg::Typed(typed) => (tokens(&typed.pat), tokens(&typed.ty)),
        })
        .collect();
    let output = match &item.sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => tokens(ty),
    };
    Some(WrittenSignature {
        parameters,
        output,
        generics: bounded(&item.sig.generics),
    })
}

/// A function signature in owned form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenSignature {
    /// Each parameter's pattern and type, as token text.
    pub parameters: Vec<(String, String)>,
    /// The return type as token text, empty when none is written.
    pub output: String,
    /// The function's own generic parameters and their bounds.
    pub generics: Vec<Bounded>,
}

/// What the `use` declaration in `text` brings into scope.
pub(crate) fn use_bindings(text: &str) -> Vec<UseBinding> {
    let Ok(item) = syn::parse_str::<syn::ItemUse>(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut path = Vec::new();
    flatten(&item.tree, &mut path, &mut found);
    found
}

fn flatten(tree: &syn::UseTree, path: &mut Vec<String>, found: &mut Vec<UseBinding>) {
    match tree {
        syn::UseTree::Path(inner) => {
            path.push(inner.ident.to_string());
            flatten(&inner.tree, path, found);
            path.pop();
        }
        syn::UseTree::Name(name) => {
            let mut full = path.clone();
            full.push(name.ident.to_string());
            found.push(UseBinding {
                name: name.ident.to_string(),
                path: full,
                glob: false,
            });
        }
        syn::UseTree::Rename(rename) => {
            let mut full = path.clone();
            full.push(rename.ident.to_string());
            found.push(UseBinding {
                name: rename.rename.to_string(),
                path: full,
                glob: false,
            });
        }
        syn::UseTree::Glob(_) => found.push(UseBinding {
            name: String::new(),
            path: path.clone(),
            glob: true,
        }),
        syn::UseTree::Group(group) => {
            for item in &group.items {
                flatten(item, path, found);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_bounds_aliases_and_uses_are_read() {
        let fields = struct_fields("struct A<W> { io: W, buf: Vec<u8> }").unwrap();
        assert_eq!(
            fields[0],
            Field {
                name: "io".into(),
                ty: "W".into()
            }
        );
        assert_eq!(fields[1].ty, "Vec < u8 >");
        let tuple = struct_fields("struct B(pub TcpStream, u8);").unwrap();
        assert_eq!(tuple[0].name, "0");
        assert_eq!(tuple[0].ty, "TcpStream");

        let generics = impl_generics(
            "impl<W: AsyncWrite + Unpin, 'a, E> Sink for S<W> where W: Send + 'a, Vec<E>: Clone",
        )
        .unwrap();
        assert_eq!(generics[0].name, "W");
        assert_eq!(generics[0].bounds, ["AsyncWrite", "Unpin", "Send"]);
        assert_eq!(generics[1].name, "E");
        assert!(generics[1].bounds.is_empty());
        assert_eq!(generics[2].name, "Vec < E >");

        assert_eq!(
            supertraits("trait T: Write + Send + 'static").unwrap(),
            ["Write", "Send"]
        );
        assert_eq!(
            alias_target("type E<'a> = &'a mut Vec<u8>;").as_deref(),
            Some("& 'a mut Vec < u8 >")
        );
        assert_eq!(
            alias_target("type Output = io::Result<()>").as_deref(),
            Some("io :: Result < () >")
        );

        let uses = use_bindings("use std::{io::{self, Write as _}, fmt::*};");
        assert_eq!(
            uses,
            [
                UseBinding {
                    name: "self".into(),
                    path: vec!["std".into(), "io".into(), "self".into()],
                    glob: false
                },
                UseBinding {
                    name: "_".into(),
                    path: vec!["std".into(), "io".into(), "Write".into()],
                    glob: false
                },
                UseBinding {
                    name: String::new(),
                    path: vec!["std".into(), "fmt".into()],
                    glob: true
                },
            ]
        );

        let signature = signature(
            "fn write<B: Buf>(&mut self, buf: B, n: usize) -> io::Result<usize> where B: Send",
        )
        .unwrap();
        assert_eq!(
            signature.parameters[0],
            ("self".to_string(), "& mut Self".to_string())
        );
        assert_eq!(
            signature.parameters[1],
            ("buf".to_string(), "B".to_string())
        );
        assert_eq!(signature.output, "io :: Result < usize >");
        assert_eq!(signature.generics[0].bounds, ["Buf", "Send"]);
    }
}
