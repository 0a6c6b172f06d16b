//! Applying suggestions to source text.
//!
//! A suggestion is a set of edits with an applicability. `--fix` applies the
//! safe ones, `--unsafe-fixes` the unsafe ones too; display-only advice is
//! never applied. A suggestion is downgraded to unsafe when an edited range
//! holds a comment, when it comes out of a macro invocation, or when it
//! introduces `ready!` in a crate whose declared `rust-version` predates
//! `std::task::ready` (1.64) and which has no `futures` to take it from.
//! Edits are applied in one pass over non-overlapping suggestions; the engine
//! re-parses and repeats until nothing more applies.

use std::cmp::Ordering;

use syn::visit::{self, Visit};

use crate::diagnostic::{Applicability, Diagnostic, Edit};

/// Where `ready!` comes from in fixes for one crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadyPolicy {
    /// `use std::task::ready;` (Rust 1.64 and later).
    Std,
    /// The crate's minimum Rust predates 1.64; take it from this dependency
    /// path (`futures::ready`).
    Dependency(String),
    /// The crate's minimum Rust predates 1.64 and nothing else provides it:
    /// fixes that introduce `ready!` are unsafe.
    Unavailable,
}

impl ReadyPolicy {
    /// The path to import.
    pub(crate) fn import_path(&self) -> &str {
        match self {
            ReadyPolicy::Std | ReadyPolicy::Unavailable => "std::task::ready",
            ReadyPolicy::Dependency(path) => path,
        }
    }

    /// The path of `ready` in `file`: the policy's, but `core::task::ready`
    /// (the same macro) in a `#![no_std]` crate.
    fn path_in(&self, file: &syn::File) -> &str {
        let no_std = file
            .attrs
            .iter()
            .any(|attribute| attribute.path().is_ident("no_std"));
        match self.import_path() {
            "std::task::ready" if no_std => "core::task::ready",
            path => path,
        }
    }
}

/// How rustfmt orders the names in a `use` list and the `use` lines of a
/// block, which is where an added import goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ImportOrder {
    /// Style editions 2015 to 2021: `self`, `super`, `crate`, then
    /// lowercase names, then uppercase ones (`{ready, Context, Poll}`).
    #[default]
    Rustfmt2021,
    /// Style edition 2024, version sorting: uppercase before lowercase
    /// (`{Context, Poll, ready}`).
    Version,
}

impl ReadyPolicy {
    /// The policy of a crate whose minimum Rust is `rust_version` and which
    /// depends on the crates for which `depends_on` holds.
    pub(crate) fn for_crate(rust_version: Option<&str>, depends_on: impl Fn(&str) -> bool) -> Self {
        if !rust_version.is_some_and(predates_ready) {
            return ReadyPolicy::Std;
        }
        for (dependency, path) in [
            ("futures", "futures::ready"),
            ("futures-util", "futures_util::ready"),
            ("futures-core", "futures_core::ready"),
        ] {
            if depends_on(dependency) {
                return ReadyPolicy::Dependency(path.to_string());
            }
        }
        ReadyPolicy::Unavailable
    }
}

/// Whether a `rust-version` such as `1.63` or `1.63.0` is older than 1.64.
fn predates_ready(version: &str) -> bool {
    let mut parts = version.trim().split('.').map(|part| part.parse::<u64>());
    match (parts.next(), parts.next()) {
        (Some(Ok(major)), Some(Ok(minor))) => (major, minor).cmp(&(1, 64)) == Ordering::Less,
        _ => false,
    }
}

/// A suggestion that may be applied, with its applicability after the
/// downgrades described in the module documentation.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// Its edits, sorted.
    pub edits: Vec<Edit>,
}

/// The suggestions of `diagnostics` that carry edits.
pub fn candidates(text: &str, diagnostics: &[Diagnostic], policy: &ReadyPolicy) -> Vec<Candidate> {
    let mut found = Vec::new();
    for diagnostic in diagnostics {
        let Some(suggestion) = &diagnostic.suggestion else {
            continue;
        };
        if suggestion.edits.is_empty() || suggestion.applicability == Applicability::DisplayOnly {
            continue;
        }
        let holds_comment = suggestion.edits.iter().any(|edit| {
            text.get(edit.range.clone())
                .is_none_or(|original| original.contains("//") || original.contains("/*"))
        });
        let needs_missing_ready = *policy == ReadyPolicy::Unavailable
            && suggestion
                .edits
                .iter()
                .any(|edit| calls_bare_ready(&edit.replacement));
        let applicability = if holds_comment || needs_missing_ready {
            Applicability::Unsafe
        } else {
            suggestion.applicability
        };
        let mut edits = suggestion.edits.clone();
        edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
        found.push(Candidate {
            applicability,
            edits,
        });
    }
    found
}

/// Applies the candidates allowed by `unsafe_fixes` whose edits overlap no
/// edit applied before them (in order of position), all edits of one
/// suggestion or none. Returns the new text and the number of suggestions
/// applied.
pub fn apply(text: &str, candidates: &[Candidate], unsafe_fixes: bool) -> (String, usize) {
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    let mut ordered: Vec<&Candidate> = candidates
        .iter()
        .filter(|candidate| {
            candidate.applicability == Applicability::Safe
                || (unsafe_fixes && candidate.applicability == Applicability::Unsafe)
        })
        .collect();
    ordered.sort_by_key(|candidate| candidate.edits.first().map(|edit| edit.range.start));
    for candidate in ordered {
        let overlaps = candidate.edits.iter().any(|edit| {
            chosen.iter().any(|taken| {
                edit.range.start < taken.range.end && taken.range.start < edit.range.end
                    || edit.range == taken.range
            })
        });
        let in_bounds = candidate.edits.iter().all(|edit| {
            edit.range.end <= text.len()
                && text.is_char_boundary(edit.range.start)
                && text.is_char_boundary(edit.range.end)
        });
        if overlaps || !in_bounds {
            continue;
        }
        chosen.extend(&candidate.edits);
        applied += 1;
    }
    chosen.sort_by_key(|edit| std::cmp::Reverse(edit.range.start));
    let mut fixed = text.to_string();
    for edit in chosen {
        fixed.replace_range(edit.range.clone(), &edit.replacement);
    }
    (fixed, applied)
}

/// Whether `replacement` calls `ready!` by its bare name (which needs an
/// import), not by a path (`std::task::ready!(…)`).
pub fn calls_bare_ready(replacement: &str) -> bool {
    replacement
        .match_indices("ready!(")
        .any(|(at, _)| is_bare_ready_at(replacement, at))
}

/// Whether the `ready!(` at `at` in `text` is the macro by its bare name:
/// not a path's last segment (`task::ready!(`) nor the end of another
/// name (`try_ready!(`).
fn is_bare_ready_at(text: &str, at: usize) -> bool {
    let before = &text[..at];
    !before.ends_with("::")
        && !before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whether a suggestion of `diagnostics` calls `ready!` by its bare name.
pub fn suggests_bare_ready(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|diagnostic| {
        diagnostic.suggestion.as_ref().is_some_and(|suggestion| {
            suggestion
                .edits
                .iter()
                .any(|edit| calls_bare_ready(&edit.replacement))
        })
    })
}

/// The number of bare `ready!(` calls in `text` ([`calls_bare_ready`]).
fn bare_ready_calls(text: &str) -> usize {
    text.match_indices("ready!(")
        .filter(|(at, _)| is_bare_ready_at(text, *at))
        .count()
}

/// The suggestions of `diagnostics` that call `ready!` inside an inline
/// module (`mod name { … }`) of `text`, which a `use` at the top of the file
/// does not reach, call it by its path instead (`std::task::ready!(`, or
/// the policy's). Returns whether any suggestion was changed.
pub fn qualify_ready_in_modules(
    text: &str,
    diagnostics: &mut [Diagnostic],
    policy: &ReadyPolicy,
) -> bool {
    if !suggests_bare_ready(diagnostics) {
        return false;
    }
    let prepared = crate::parse::prepare(text);
    let base = prepared.base;
    let Ok(file) = syn::parse_str::<syn::File>(&prepared.text) else {
        proc_macro2::extra::invalidate_current_thread_spans();
        return false;
    };
    let path = policy.path_in(&file);
    let mut modules = Vec::new();
    inline_modules(&file.items, base, &mut modules);
    proc_macro2::extra::invalidate_current_thread_spans();
    let mut changed = false;
    for diagnostic in diagnostics.iter_mut() {
        let Some(suggestion) = &mut diagnostic.suggestion else {
            continue;
        };
        for edit in &mut suggestion.edits {
            let inside = modules
                .iter()
                .any(|module| module.start <= edit.range.start && edit.range.end <= module.end);
            if inside && calls_bare_ready(&edit.replacement) {
                let mut qualified = String::with_capacity(edit.replacement.len() + path.len());
                let mut rest = edit.replacement.as_str();
                while let Some(at) = rest.find("ready!(") {
                    qualified.push_str(&rest[..at]);
                    if !is_bare_ready_at(&qualified, qualified.len()) {
                        qualified.push_str("ready!(");
                    } else {
                        qualified.push_str(path);
                        qualified.push_str("!(");
                    }
                    rest = &rest[at + "ready!(".len()..];
                }
                qualified.push_str(rest);
                edit.replacement = qualified;
                changed = true;
            }
        }
    }
    changed
}

/// The byte ranges of the bodies of the inline modules among `items`,
/// nested ones included.
fn inline_modules(items: &[syn::Item], base: usize, found: &mut Vec<std::ops::Range<usize>>) {
    for item in items {
        if let syn::Item::Mod(module) = item {
            if let Some((brace, inner)) = &module.content {
                let range = brace.span.join().byte_range();
                found.push(range.start + base..range.end + base);
                inline_modules(inner, base, found);
            }
        }
    }
}

/// Adds `use <policy path>;` when the fixes introduced `ready!` into a file
/// that does not already bring a `ready` macro into scope, where rustfmt
/// would have it ([`ready_import_edit`]).
pub(crate) fn ensure_ready_import(
    before: &str,
    after: String,
    policy: &ReadyPolicy,
    order: ImportOrder,
) -> String {
    if bare_ready_calls(&after) <= bare_ready_calls(before) {
        return after;
    }
    match ready_import_edit(&after, policy, order) {
        Some(edit) => {
            let mut fixed = after;
            fixed.replace_range(edit.range, &edit.replacement);
            fixed
        }
        None => after,
    }
}

/// The edit that imports the `ready` macro into `text` (`use
/// std::task::ready;`, or the policy's path), placed as rustfmt would:
/// merged into an existing `use std::task::{…};` list in sorted order, or
/// as a line of its own at its sorted place in the block of `use` items
/// that holds the same crate's imports (else the last block), or before the
/// first item. `None` when the file already brings a `ready` macro into
/// scope, or does not parse.
pub fn ready_import_edit(text: &str, policy: &ReadyPolicy, order: ImportOrder) -> Option<Edit> {
    let prepared = crate::parse::prepare(text);
    let base = prepared.base;
    let file = syn::parse_str::<syn::File>(&prepared.text).ok();
    let edit =
        file.and_then(|file| import_edit_in(text, &file, base, policy.path_in(&file), order));
    proc_macro2::extra::invalidate_current_thread_spans();
    edit
}

fn import_edit_in(
    text: &str,
    file: &syn::File,
    base: usize,
    path: &str,
    order: ImportOrder,
) -> Option<Edit> {
    use syn::spanned::Spanned;
    if brings_ready_into_scope(file) {
        return None;
    }
    let line_ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let segments: Vec<&str> = path.split("::").collect();
    let (parent, name) = segments.split_at(segments.len() - 1);
    let name = name[0];
    let range = |item: &dyn Spanned| {
        let range = item.span().byte_range();
        range.start + base..range.end + base
    };
    // Top-level plain `use` items (no attributes, private), in order.
    let uses: Vec<&syn::ItemUse> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Use(item)
                if item.attrs.is_empty() && matches!(item.vis, syn::Visibility::Inherited) =>
            {
                Some(item)
            }
            _ => None,
        })
        .collect();
    // 1. `use std::task::{Context, Poll};`: add `ready` to the list.
    for item in &uses {
        if let Some(group) = group_under(&item.tree, parent) {
            let key = item_key(name, order);
            let next = group
                .items
                .iter()
                .find(|member| tree_key(member, order) > key);
            return Some(match next {
                Some(member) => {
                    let at = range(member).start;
                    Edit {
                        range: at..at,
                        replacement: format!("{name}, "),
                    }
                }
                None => {
                    let last = group.items.last()?;
                    let at = range(last).end;
                    Edit {
                        range: at..at,
                        replacement: format!(", {name}"),
                    }
                }
            });
        }
    }
    // 2. A line of its own, in sorted place in a block of `use` lines.
    let line_of = |offset: usize| text[..offset].matches('\n').count();
    let mut blocks: Vec<Vec<&syn::ItemUse>> = Vec::new();
    for item in &uses {
        let start = line_of(range(*item).start);
        match blocks.last_mut() {
            Some(block)
                if line_of(range(*block.last().expect("blocks are not empty")).end) + 1
                    == start =>
            {
                block.push(item)
            }
            _ => blocks.push(vec![item]),
        }
    }
    let new_key = path_key(&segments, order);
    let block = blocks
        .iter()
        .find(|block| {
            block
                .iter()
                .any(|item| first_segment(&item.tree) == segments[0])
        })
        .or(blocks.last());
    let import = format!("use {path};");
    if let Some(block) = block {
        let next = block
            .iter()
            .find(|item| tree_path_key(&item.tree, order) > new_key);
        return Some(match next {
            Some(item) => {
                let start = range(*item).start;
                let at = text[..start].rfind('\n').map_or(0, |newline| newline + 1);
                Edit {
                    range: at..at,
                    replacement: format!("{import}{line_ending}"),
                }
            }
            None => {
                let at = range(*block.last().expect("blocks are not empty")).end;
                Edit {
                    range: at..at,
                    replacement: format!("{line_ending}{import}"),
                }
            }
        });
    }
    // 3. No `use` at all: before the first item, with a blank line.
    let at = match file.items.first() {
        Some(first) => {
            let start = range(first).start;
            text[..start].rfind('\n').map_or(0, |newline| newline + 1)
        }
        None => text.len(),
    };
    Some(Edit {
        range: at..at,
        replacement: format!("{import}{line_ending}{line_ending}"),
    })
}

/// The `{…}` list of `use PARENT::{…};`, when `tree` is exactly that.
fn group_under<'t>(tree: &'t syn::UseTree, parent: &[&str]) -> Option<&'t syn::UseGroup> {
    match (tree, parent.split_first()) {
        (syn::UseTree::Path(path), Some((first, rest))) if path.ident == first => {
            group_under(&path.tree, rest)
        }
        (syn::UseTree::Group(group), None) => Some(group),
        _ => None,
    }
}

fn first_segment(tree: &syn::UseTree) -> String {
    match tree {
        syn::UseTree::Path(path) => path.ident.to_string(),
        syn::UseTree::Name(name) => name.ident.to_string(),
        syn::UseTree::Rename(rename) => rename.ident.to_string(),
        _ => String::new(),
    }
}

/// How rustfmt orders one segment of a `use` path: `self`, `super` and
/// `crate` first, then lower-case names, then upper-case ones, then a
/// `{…}` list; names alphabetically within their kind.
fn item_key(name: &str, order: ImportOrder) -> (u8, String) {
    let rank = match name {
        "self" => 0,
        "super" => 1,
        "crate" => 2,
        _ if order == ImportOrder::Rustfmt2021
            && name.starts_with(|c: char| c.is_ascii_uppercase()) =>
        {
            4
        }
        _ => 3,
    };
    (rank, name.to_string())
}

fn tree_key(tree: &syn::UseTree, order: ImportOrder) -> (u8, String) {
    match tree {
        syn::UseTree::Glob(_) => (6, String::new()),
        syn::UseTree::Group(_) => (5, String::new()),
        other => item_key(&first_segment(other), order),
    }
}

fn path_key(segments: &[&str], order: ImportOrder) -> Vec<(u8, String)> {
    segments
        .iter()
        .map(|segment| item_key(segment, order))
        .collect()
}

fn tree_path_key(tree: &syn::UseTree, order: ImportOrder) -> Vec<(u8, String)> {
    let mut key = vec![tree_key(tree, order)];
    if let syn::UseTree::Path(path) = tree {
        key.extend(tree_path_key(&path.tree, order));
    }
    key
}

/// Whether the file imports a `ready` macro (`use std::task::ready;`,
/// `use futures::{ready, …}`, a glob from `futures` or `task`) or defines one.
/// `std::future::ready` is a function and does not count.
fn brings_ready_into_scope(file: &syn::File) -> bool {
    fn tree_brings_ready(tree: &syn::UseTree, parent: Option<&str>) -> bool {
        let macro_parent = |parent: Option<&str>| match parent {
            Some("future") => false,
            Some(
                "task" | "futures" | "futures_core" | "futures_util" | "futures_lite" | "crate"
                | "self" | "super",
            ) => true,
            // An unknown module: assume it is the macro rather than add an
            // import that might clash with it.
            _ => true,
        };
        match tree {
            syn::UseTree::Path(path) => {
                let ident = path.ident.to_string();
                tree_brings_ready(&path.tree, Some(&ident))
            }
            syn::UseTree::Name(name) => name.ident == "ready" && macro_parent(parent),
            syn::UseTree::Rename(rename) => rename.rename == "ready" && macro_parent(parent),
            syn::UseTree::Glob(_) => matches!(
                parent,
                Some("task" | "futures" | "futures_core" | "futures_util")
            ),
            syn::UseTree::Group(group) => group
                .items
                .iter()
                .any(|item| tree_brings_ready(item, parent)),
        }
    }
    struct ReadyImportSearch(bool);
    impl<'ast> Visit<'ast> for ReadyImportSearch {
        fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
            if tree_brings_ready(&item.tree, None) {
                self.0 = true;
            }
        }
        fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
            if item.ident.as_ref().is_some_and(|ident| ident == "ready") {
                self.0 = true;
            }
        }
        fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
            let macro_use = item
                .attrs
                .iter()
                .any(|attr| attr.path().is_ident("macro_use"));
            if macro_use && item.ident.to_string().starts_with("futures") {
                self.0 = true;
            }
            visit::visit_item_extern_crate(self, item);
        }
        // Only what the file's top level brings into scope counts: a `use`
        // inside a module or a function does not reach the others.
        fn visit_item_mod(&mut self, _: &'ast syn::ItemMod) {}
        fn visit_item_fn(&mut self, _: &'ast syn::ItemFn) {}
        fn visit_item_impl(&mut self, _: &'ast syn::ItemImpl) {}
        fn visit_item_trait(&mut self, _: &'ast syn::ItemTrait) {}
    }
    let mut search = ReadyImportSearch(false);
    search.visit_file(file);
    search.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Suggestion;

    fn candidate(
        applicability: Applicability,
        edits: &[(std::ops::Range<usize>, &str)],
    ) -> Candidate {
        Candidate {
            applicability,
            edits: edits
                .iter()
                .map(|(range, replacement)| Edit {
                    range: range.clone(),
                    replacement: replacement.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn overlapping_suggestions_are_left_for_the_next_round() {
        let text = "abcdef";
        let candidates = [
            candidate(Applicability::Safe, &[(0..2, "X")]),
            candidate(Applicability::Safe, &[(1..3, "Y")]),
            candidate(Applicability::Safe, &[(4..5, "Z")]),
        ];
        assert_eq!(apply(text, &candidates, false), ("XcdZf".to_string(), 2));
    }

    #[test]
    fn unsafe_suggestions_need_the_flag() {
        let candidates = [candidate(Applicability::Unsafe, &[(0..1, "X")])];
        assert_eq!(apply("ab", &candidates, false), ("ab".to_string(), 0));
        assert_eq!(apply("ab", &candidates, true), ("Xb".to_string(), 1));
    }

    #[test]
    fn a_comment_in_the_range_makes_a_fix_unsafe() {
        let text = "let _ = x /* why */;";
        let mut diagnostic = Diagnostic::new("rule", "m", 0..text.len());
        diagnostic.suggestion = Some(Suggestion {
            message: "m".to_string(),
            edits: vec![Edit {
                range: 0..text.len(),
                replacement: "x;".to_string(),
            }],
            applicability: Applicability::Safe,
        });
        let found = candidates(text, &[diagnostic], &ReadyPolicy::Std);
        assert_eq!(found[0].applicability, Applicability::Unsafe);
    }

    #[test]
    fn ready_is_imported_once_where_rustfmt_puts_it() {
        // Merged into the list of `std::task`, first among lower-case names.
        let before = "use std::pin::Pin;\nuse std::task::{Context, Poll};\n\nfn f() {}\n";
        let after = before.replace("fn f() {}", "fn f() { ready!(x)?; }");
        let fixed = ensure_ready_import(before, after, &ReadyPolicy::Std, ImportOrder::Rustfmt2021);
        assert_eq!(
            fixed,
            "use std::pin::Pin;\nuse std::task::{ready, Context, Poll};\n\nfn f() { ready!(x)?; }\n"
        );
        let again = ensure_ready_import(
            &fixed,
            fixed.replace("x)?;", "x)?; ready!(y)?;"),
            &ReadyPolicy::Std,
            ImportOrder::Rustfmt2021,
        );
        assert_eq!(again, fixed.replace("x)?;", "x)?; ready!(y)?;"));
        let listed = "use std::task::{self, waker_fn, Waker};\nfn f() { ready!(x)?; }\n";
        assert!(ensure_ready_import(
            "",
            listed.to_string(),
            &ReadyPolicy::Std,
            ImportOrder::Rustfmt2021
        )
        .starts_with("use std::task::{self, ready, waker_fn, Waker};\n"));
        // A line of its own, in sorted place in the block.
        let lines = "use std::io;\nuse std::pin::Pin;\nuse std::task::Context;\nuse tokio::net::TcpStream;\n\nfn f() { ready!(x)?; }\n";
        assert_eq!(
            ensure_ready_import(
                "",
                lines.to_string(),
                &ReadyPolicy::Std,
                ImportOrder::Rustfmt2021
            ),
            lines.replace(
                "use std::task::Context;\n",
                "use std::task::ready;\nuse std::task::Context;\n"
            )
        );
        let last = "use std::io;\nuse std::pin::Pin;\n\nfn f() { ready!(x)?; }\n";
        assert_eq!(
            ensure_ready_import(
                "",
                last.to_string(),
                &ReadyPolicy::Std,
                ImportOrder::Rustfmt2021
            ),
            last.replace("Pin;\n", "Pin;\nuse std::task::ready;\n")
        );
        let imported = "use futures::{ready, Sink};\nfn f() { ready!(x)?; }\n";
        assert_eq!(
            ensure_ready_import(
                "",
                imported.to_string(),
                &ReadyPolicy::Std,
                ImportOrder::Rustfmt2021
            ),
            imported
        );
        // `std::future::ready` is a function, not the macro.
        let function = "use std::future::{ready, Ready};\nfn f() { ready!(x)?; }\n";
        assert!(ensure_ready_import(
            "",
            function.to_string(),
            &ReadyPolicy::Std,
            ImportOrder::Rustfmt2021
        )
        .contains("use std::future::{ready, Ready};\nuse std::task::ready;\n"));
    }

    #[test]
    fn a_no_std_crate_imports_core_and_only_the_top_level_counts() {
        let no_std = "#![no_std]\nuse core::task::{Context, Poll};\n\nfn f() { ready!(x)?; }\n";
        assert!(ensure_ready_import(
            "",
            no_std.to_string(),
            &ReadyPolicy::Std,
            ImportOrder::Rustfmt2021
        )
        .contains("use core::task::{ready, Context, Poll};"));
        // A `use` inside a module does not bring `ready` into the file's
        // top level, where the fix is.
        let nested = "fn f() { ready!(x)?; }\n\nmod tests {\n    use std::task::ready;\n}\n";
        assert!(ensure_ready_import(
            "",
            nested.to_string(),
            &ReadyPolicy::Std,
            ImportOrder::Rustfmt2021
        )
        .starts_with("use std::task::ready;\n\nfn f()"));
    }

    #[test]
    fn only_the_bare_macro_counts_as_ready() {
        assert!(calls_bare_ready("ready!(x)?;"));
        assert!(calls_bare_ready("f(ready!(x))"));
        assert!(!calls_bare_ready("std::task::ready!(x)"));
        assert!(!calls_bare_ready("try_ready!(x)"));
        assert!(calls_bare_ready("try_ready!(x); ready!(y)"));
    }

    #[test]
    fn style_edition_2024_sorts_ready_after_uppercase_names() {
        let fixed = ensure_ready_import(
            "",
            "use std::pin::Pin;\nuse std::task::{Context, Poll};\nfn f() { ready!(x)?; }\n"
                .to_string(),
            &ReadyPolicy::Std,
            ImportOrder::Version,
        );
        assert!(
            fixed.contains("use std::task::{Context, Poll, ready};"),
            "{fixed}"
        );
        let fixed = ensure_ready_import(
            "",
            "use std::task::{Waker, waker_fn};\nfn f() { ready!(x)?; }\n".to_string(),
            &ReadyPolicy::Std,
            ImportOrder::Version,
        );
        assert!(
            fixed.contains("use std::task::{Waker, ready, waker_fn};"),
            "{fixed}"
        );
    }

    #[test]
    fn ready_goes_before_the_first_item_without_uses() {
        let fixed = ensure_ready_import(
            "//! Docs.\n\n/// An item.\nfn f() {}\n",
            "//! Docs.\n\n/// An item.\nfn f() { ready!(x); }\n".to_string(),
            &ReadyPolicy::Dependency("futures::ready".to_string()),
            ImportOrder::Rustfmt2021,
        );
        assert_eq!(
            fixed,
            "//! Docs.\n\nuse futures::ready;\n\n/// An item.\nfn f() { ready!(x); }\n"
        );
    }

    #[test]
    fn old_rust_versions_predate_ready() {
        assert!(predates_ready("1.63"));
        assert!(predates_ready("1.56.1"));
        assert!(!predates_ready("1.64"));
        assert!(!predates_ready("1.85.0"));
        assert!(!predates_ready("nonsense"));
    }
}
