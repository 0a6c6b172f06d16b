//! Turning a file's text into syntax trees, without giving up on the whole
//! file when one item does not parse.

use std::borrow::Cow;
use std::ops::Range;

use syn::parse::discouraged::Speculative;
use syn::parse::{ParseStream, Parser};

/// Nesting of brackets deeper than this is refused before parsing: syn's
/// parser and its tree's destructor recurse once per level.
pub const MAX_NESTING: usize = 2_000;

/// What parsing produced.
pub enum Parsed {
    /// The whole file parsed.
    File(syn::File),
    /// The file as a whole did not parse; these items did. Each error holds
    /// the byte range and message of an item that was skipped.
    Items(Vec<syn::Item>, Vec<(Range<usize>, String)>),
}

/// Why a file could not be parsed at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFailure {
    /// Where the problem is (byte range in the original text).
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
}

/// The text handed to syn: the original with a byte-order mark cut off and a
/// shebang line or cargo-script frontmatter blanked out, so that byte offsets
/// still match the original after adding `base`.
pub struct Prepared<'a> {
    /// The text to parse.
    pub text: Cow<'a, str>,
    /// Bytes cut off the front (a byte-order mark).
    pub base: usize,
}

/// Prepares `original` for syn.
pub fn prepare(original: &str) -> Prepared<'_> {
    let (base, text) = match original.strip_prefix('\u{feff}') {
        Some(rest) => (original.len() - rest.len(), rest),
        None => (0, original),
    };
    let mut blank_until = 0;
    if text.starts_with("#!") && !text[2..].trim_start().starts_with('[') {
        blank_until = text.find('\n').unwrap_or(text.len());
    }
    if let Some(end) = frontmatter_end(&text[blank_until..]) {
        blank_until += end;
    }
    let text = if blank_until == 0 {
        Cow::Borrowed(text)
    } else {
        let mut owned = String::with_capacity(text.len());
        owned.extend(
            text[..blank_until]
                .bytes()
                .map(|byte| if byte == b'\n' { '\n' } else { ' ' }),
        );
        owned.push_str(&text[blank_until..]);
        Cow::Owned(owned)
    };
    Prepared { text, base }
}

/// The end of a cargo-script frontmatter block (`---` fence lines) at the
/// start of `text`, after optional blank lines.
fn frontmatter_end(text: &str) -> Option<usize> {
    let start = text.len() - text.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    let rest = &text[start..];
    if !rest.starts_with("---") {
        return None;
    }
    let first_line_end = rest.find('\n')?;
    let mut offset = first_line_end + 1;
    for line in rest[offset..].split_inclusive('\n') {
        offset += line.len();
        if line.trim_end().starts_with("---") {
            return Some(start + offset);
        }
    }
    None
}

/// The deepest bracket nesting in `text`, skipping comments and string,
/// character and byte literals well enough for a safety check.
pub fn max_nesting(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut depth: usize = 0;
    let mut deepest = 0;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                while index < bytes.len() && bytes[index] != b'\n' {
                    index += 1;
                }
            }
            // A bracket as a character literal: `'('`.
            b'\'' if bytes.get(index + 2) == Some(&b'\'') => index += 2,
            b'"' => {
                index += 1;
                while index < bytes.len() && bytes[index] != b'"' {
                    if bytes[index] == b'\\' {
                        index += 1;
                    }
                    index += 1;
                }
            }
            _ => {}
        }
        index += 1;
    }
    deepest
}

/// Parses prepared text. Offsets in errors are relative to `prepared.text`;
/// add `prepared.base` for the original.
pub fn parse(prepared: &Prepared<'_>) -> Result<Parsed, ParseFailure> {
    let text: &str = &prepared.text;
    let nesting = max_nesting(text);
    if nesting > MAX_NESTING {
        return Err(ParseFailure {
            range: 0..0,
            message: format!(
                "brackets nest {nesting} levels deep, more than the {MAX_NESTING} pollcheck parses safely; file skipped"
            ),
        });
    }
    let whole_error = match syn::parse_str::<syn::File>(text) {
        Ok(file) => return Ok(Parsed::File(file)),
        Err(error) => error,
    };
    // The file does not parse as a whole. If it does not even split into
    // tokens (an unclosed delimiter, a stray character), nothing can be saved.
    if let Err(lex_error) = text.parse::<proc_macro2::TokenStream>() {
        let range = lex_error.span().byte_range();
        return Err(ParseFailure {
            range: range.start + prepared.base..range.end + prepared.base,
            message: "not Rust tokens: an unclosed or unbalanced delimiter, an unterminated literal, or a character Rust does not allow".to_string(),
        });
    }
    let mut skipped = Vec::new();
    let recover = |input: ParseStream<'_>| -> syn::Result<Vec<syn::Item>> {
        // Inner attributes at the top are not items; take them first.
        let _ = input.call(syn::Attribute::parse_inner);
        let mut items = Vec::new();
        while !input.is_empty() {
            let fork = input.fork();
            match fork.parse::<syn::Item>() {
                Ok(item) => {
                    input.advance_to(&fork);
                    items.push(item);
                }
                Err(error) => {
                    skipped.push(error);
                    skip_item(input)?;
                }
            }
        }
        Ok(items)
    };
    match recover.parse_str(text) {
        Ok(items) => {
            let errors = skipped
                .iter()
                .map(|error| {
                    let failure = failure(error, prepared.base);
                    (failure.range, failure.message)
                })
                .collect();
            Ok(Parsed::Items(items, errors))
        }
        Err(_) => Err(failure(&whole_error, prepared.base)),
    }
}

/// Skips token trees up to and including the next top-level `;` or braced
/// group, which is where an item ends.
fn skip_item(input: ParseStream<'_>) -> syn::Result<()> {
    input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tree, next)) = rest.token_tree() {
            rest = next;
            match &tree {
                proc_macro2::TokenTree::Punct(punct) if punct.as_char() == ';' => break,
                proc_macro2::TokenTree::Group(group)
                    if group.delimiter() == proc_macro2::Delimiter::Brace =>
                {
                    break
                }
                _ => {}
            }
        }
        Ok(((), rest))
    })
}

fn failure(error: &syn::Error, base: usize) -> ParseFailure {
    let range = error.span().byte_range();
    ParseFailure {
        range: range.start + base..range.end + base,
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Parsed, ParseFailure> {
        parse(&prepare(text))
    }

    #[test]
    fn bom_is_cut_and_offsets_kept() {
        let prepared = prepare("\u{feff}fn f() {}");
        assert_eq!(prepared.base, 3);
        assert!(matches!(parse(&prepared), Ok(Parsed::File(_))));
    }

    #[test]
    fn shebang_and_frontmatter_are_blanked_with_the_same_length() {
        let original = "#!/usr/bin/env cargo\n---\n[dependencies]\n---\nfn main() {}\n";
        let prepared = prepare(original);
        assert_eq!(prepared.text.len(), original.len());
        assert!(prepared.text.ends_with("fn main() {}\n"));
        assert!(matches!(parse(&prepared), Ok(Parsed::File(_))));
    }

    #[test]
    fn an_inner_attribute_is_not_a_shebang() {
        let prepared = prepare("#![allow(unused)]\nfn f() {}\n");
        assert_eq!(prepared.text, "#![allow(unused)]\nfn f() {}\n");
    }

    #[test]
    fn one_bad_item_does_not_hide_the_others() {
        let text = "fn good() {}\ntrait Old { fn f(u8); }\nfn bad( {}\nfn also_good() {}\n";
        // An unclosed delimiter cannot be recovered from.
        assert!(parse_text(text).is_err());
        let text = "fn good() {}\nfn bad() -> {}\nstruct S;\nfn also_good() {}\n";
        match parse_text(text) {
            Ok(Parsed::Items(items, errors)) => {
                assert_eq!(items.len(), 3);
                assert_eq!(errors.len(), 1);
                assert_eq!(&text[errors[0].0.clone()], "{");
            }
            _ => panic!("expected item-level recovery"),
        }
    }

    #[test]
    fn nesting_is_measured_outside_strings_and_comments() {
        assert_eq!(max_nesting("f((a), [b]) // ((((\n\"(((\""), 2);
        assert_eq!(max_nesting("match c { '(' => 1, '{' => 2 }"), 1);
        let deep = format!("fn f() {{ {}1{} }}", "(".repeat(3000), ")".repeat(3000));
        assert!(parse_text(&deep).is_err());
    }
}
