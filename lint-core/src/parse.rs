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
    /// The file as a whole did not parse; these top-level items (and the
    /// file's inner attributes) did. Each error holds the byte range and
    /// message of an item that was skipped.
    Recovered(syn::File, Vec<(Range<usize>, String)>),
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

/// Where offsets in a parsed text fall in the file: past a byte-order mark
/// that was cut off, and for an [`excerpt`], in the part each came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offsets {
    /// `(start in the parsed text, start in the file)` of each part, in
    /// order; the first starts at 0.
    parts: Vec<(usize, usize)>,
}

impl Offsets {
    /// Offsets of a whole text that starts `base` bytes into the file.
    pub fn shifted(base: usize) -> Self {
        Offsets {
            parts: vec![(0, base)],
        }
    }

    /// The file offset of `offset` in the parsed text. The end of a part
    /// (an exclusive end) stays in that part: parts are one byte apart.
    pub fn to_file(&self, offset: usize) -> usize {
        let index = self
            .parts
            .partition_point(|&(start, _)| start <= offset)
            .saturating_sub(1);
        let (start, file_start) = self.parts[index];
        offset - start + file_start
    }
}

/// The parts `ranges` (in order, apart, on character boundaries) of
/// `prepared`, joined with a space between each two, and where each part's
/// offsets fall in the file. Parsing the excerpt is parsing those items alone:
/// the text between them is neither tokenized nor indexed by proc-macro2.
/// `None` if a range is not on character boundaries.
pub fn excerpt(prepared: &Prepared<'_>, ranges: &[Range<usize>]) -> Option<(String, Offsets)> {
    let length: usize = ranges.iter().map(|range| range.len() + 1).sum();
    let mut text = String::with_capacity(length);
    let mut parts = Vec::with_capacity(ranges.len().max(1));
    for range in ranges {
        if !text.is_empty() {
            // The separator keeps each part's end apart from the next start.
            text.push(' ');
        }
        parts.push((text.len(), range.start + prepared.base));
        text.push_str(prepared.text.get(range.clone())?);
    }
    if parts.is_empty() {
        parts.push((0, prepared.base));
    }
    Some((text, Offsets { parts }))
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

/// How deep a token stream could make syn recurse: the deepest bracket
/// nesting, and the longest run of tokens that no `;` or `,` separates,
/// counted along the deepest path (`!!!!…x`, `a.b.c.…`, `else if` chains nest
/// the syntax tree without brackets). A braced group followed by a keyword
/// that starts an item or a statement (`} fn`, `} let`, `} #[…]`) also ends a
/// run: syn parses items and statements in a loop, so a file of many
/// functions is not one long run. A `,` inside an unclosed `<` or a
/// closure's `|…|` does not end a run (`A<u8, A<u8, …>>` and `|a, b| |a, b|
/// …` nest), and types nest far more expensively than expressions, so the
/// `<`, `&` and `*` along a run are counted too. Measured with an explicit
/// stack, so that measuring cannot overflow either.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depth {
    /// Deepest bracket nesting.
    pub brackets: usize,
    /// Longest unseparated run of tokens along one path of nested groups.
    pub run: usize,
    /// Most `<`, `&` and `*` tokens in one such run.
    pub types: usize,
}

/// Runs longer than this are refused: a 150,000-token unary chain (`!!!…`)
/// needs about 400 MiB of stack in a debug build, a tenth of that in a
/// release build, within the 1 GiB the engine's threads reserve.
pub const MAX_RUN: usize = 150_000;

/// Runs with more `<`, `&` and `*` tokens than this are refused: in a debug
/// build syn needs about 30 KiB of stack for each level of `&&&…u8` or
/// `A<A<…>>`, so 1 GiB overflows near 30,000 levels.
pub const MAX_TYPES: usize = 10_000;

/// Keywords that begin an item or a statement, never continue an
/// expression or a type: after a braced group, one of them ends a run.
const STARTS_ITEM_OR_STATEMENT: &[&str] = &[
    "async",
    "const",
    "enum",
    "extern",
    "fn",
    "for",
    "if",
    "impl",
    "let",
    "loop",
    "macro_rules",
    "match",
    "mod",
    "pub",
    "static",
    "struct",
    "trait",
    "type",
    "unsafe",
    "use",
    "while",
];

/// Whether `text` may exceed one of [`depth`]'s limits, by a count of its
/// bytes: a run has no more tokens than bytes that are not whitespace, types
/// no more `<`, `&` and `*` than there are such bytes, and brackets nest no
/// deeper than one more than the opening brackets (a doc comment adds one).
/// Most texts are far below all three, and need no walk of their tokens.
fn may_be_too_deep(text: &str) -> bool {
    let (mut opening, mut types, mut solid) = (0usize, 0usize, 0usize);
    for &byte in text.as_bytes() {
        opening += usize::from(matches!(byte, b'(' | b'[' | b'{'));
        types += usize::from(matches!(byte, b'<' | b'&' | b'*'));
        solid += usize::from(!byte.is_ascii_whitespace());
    }
    opening + 1 > MAX_NESTING || types > MAX_TYPES || solid > MAX_RUN
}

/// Measures `tokens`; see [`Depth`].
pub fn depth(tokens: &proc_macro2::TokenStream) -> Depth {
    /// Tokens and `<`/`&`/`*` tokens, of a run or of the costliest path.
    #[derive(Clone, Copy, Default)]
    struct Cost {
        tokens: usize,
        types: usize,
    }
    impl Cost {
        fn max(self, other: Cost) -> Cost {
            Cost {
                tokens: self.tokens.max(other.tokens),
                types: self.types.max(other.types),
            }
        }
        fn plus(self, other: Cost) -> Cost {
            Cost {
                tokens: self.tokens + other.tokens,
                types: self.types + other.types,
            }
        }
    }
    struct OpenGroup {
        trees: proc_macro2::token_stream::IntoIter,
        segment: Cost,
        inner: Cost,
        best: Cost,
        /// The previous token tree was a braced group.
        after_brace: bool,
        /// `<` not yet closed by a `>`, in this run.
        angles: usize,
        /// An odd number of `|` in this run: inside a closure's parameters.
        in_pipes: bool,
        /// The previous token was a `-` or `=` joined to the next one.
        joined: bool,
    }
    impl OpenGroup {
        /// Ends the current run, as a `;` does.
        fn separate(&mut self) {
            self.best = self.best.max(self.segment.plus(self.inner));
            self.segment = Cost::default();
            self.inner = Cost::default();
            self.angles = 0;
            self.in_pipes = false;
        }
    }
    let frame = |stream: proc_macro2::TokenStream| OpenGroup {
        trees: stream.into_iter(),
        segment: Cost::default(),
        inner: Cost::default(),
        best: Cost::default(),
        after_brace: false,
        angles: 0,
        in_pipes: false,
        joined: false,
    };
    let mut stack = vec![frame(tokens.clone())];
    let mut deepest = 0;
    loop {
        let Some(top) = stack.last_mut() else {
            unreachable!("the outermost frame is popped only at the end")
        };
        let tree = top.trees.next();
        let after_brace = std::mem::take(&mut top.after_brace);
        let joined = std::mem::take(&mut top.joined);
        match tree {
            Some(proc_macro2::TokenTree::Group(group)) => {
                top.segment.tokens += 1;
                top.after_brace = group.delimiter() == proc_macro2::Delimiter::Brace;
                stack.push(frame(group.stream()));
                deepest = deepest.max(stack.len() - 1);
            }
            Some(proc_macro2::TokenTree::Punct(punct)) => {
                let at = punct.as_char();
                if at == ';' || (at == ',' && top.angles == 0 && !top.in_pipes) {
                    top.separate();
                    continue;
                }
                if after_brace && at == '#' {
                    top.separate();
                }
                top.segment.tokens += 1;
                match at {
                    '<' => {
                        top.angles += 1;
                        top.segment.types += 1;
                    }
                    '&' | '*' => top.segment.types += 1,
                    // `->` and `=>` close nothing.
                    '>' if !joined => top.angles = top.angles.saturating_sub(1),
                    '|' => top.in_pipes = !top.in_pipes,
                    _ => {}
                }
                top.joined =
                    (at == '-' || at == '=') && punct.spacing() == proc_macro2::Spacing::Joint;
            }
            Some(proc_macro2::TokenTree::Ident(ident))
                if after_brace
                    && STARTS_ITEM_OR_STATEMENT
                        .iter()
                        .any(|keyword| ident == keyword) =>
            {
                top.separate();
                top.segment.tokens += 1;
            }
            Some(_) => top.segment.tokens += 1,
            None => {
                let finished = stack.pop().expect("a frame");
                let cost = finished.best.max(finished.segment.plus(finished.inner));
                match stack.last_mut() {
                    Some(parent) => parent.inner = parent.inner.max(cost),
                    None => {
                        return Depth {
                            brackets: deepest,
                            run: cost.tokens,
                            types: cost.types,
                        }
                    }
                }
            }
        }
    }
}

/// Parses prepared text. Offsets in errors are relative to `prepared.text`;
/// add `prepared.base` for the original.
pub fn parse(prepared: &Prepared<'_>) -> Result<Parsed, ParseFailure> {
    let text: &str = &prepared.text;
    // Split into tokens first; if that fails (an unclosed delimiter, a stray
    // character), nothing can be saved.
    let tokens = match text.parse::<proc_macro2::TokenStream>() {
        Ok(tokens) => tokens,
        Err(lex_error) => {
            let range = lex_error.span().byte_range();
            return Err(ParseFailure {
                range: range.start + prepared.base..range.end + prepared.base,
                message: "not Rust tokens: an unclosed or unbalanced delimiter, an unterminated literal, or a character Rust does not allow".to_string(),
            });
        }
    };
    let measured = if may_be_too_deep(text) {
        depth(&tokens)
    } else {
        Depth::default()
    };
    if measured.brackets > MAX_NESTING || measured.types > MAX_TYPES || measured.run > MAX_RUN {
        let what = if measured.brackets > MAX_NESTING {
            format!(
                "brackets nest {} levels deep (the limit is {MAX_NESTING})",
                measured.brackets
            )
        } else if measured.types > MAX_TYPES {
            format!(
                "types or references nest up to {} levels deep: `<`, `&` or `*` without a `;` or `,` between them (the limit is {MAX_TYPES})",
                measured.types
            )
        } else {
            format!(
                "an expression runs {} tokens without a `;` or `,` (the limit is {MAX_RUN})",
                measured.run
            )
        };
        return Err(ParseFailure {
            range: 0..0,
            message: format!("{what}, deeper than pollcheck parses safely; file skipped"),
        });
    }
    // Handed over, not cloned: syn copies a token stream it shares.
    let whole_error = match syn::parse2::<syn::File>(tokens) {
        Ok(file) => return Ok(Parsed::File(file)),
        Err(error) => error,
    };
    // Recovery, the rare case, splits the text into tokens again.
    let tokens: proc_macro2::TokenStream = text
        .parse()
        .expect("a text that split into tokens once splits again");
    let mut skipped = Vec::new();
    let recover = |input: ParseStream<'_>| -> syn::Result<syn::File> {
        // Inner attributes at the top are not items; keep them, since they
        // may hold a file-wide `cfg_attr(pollcheck, allow(…))`.
        let attrs = input.call(syn::Attribute::parse_inner).unwrap_or_default();
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
        Ok(syn::File {
            shebang: None,
            attrs,
            items,
        })
    };
    match recover.parse2(tokens) {
        Ok(file) => {
            let errors = skipped
                .iter()
                .map(|error| {
                    let failure = failure(error, prepared);
                    (failure.range, failure.message)
                })
                .collect();
            Ok(Parsed::Recovered(file, errors))
        }
        Err(_) => Err(failure(&whole_error, prepared)),
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

fn failure(error: &syn::Error, prepared: &Prepared<'_>) -> ParseFailure {
    let mut range = error.span().byte_range();
    // "unexpected end of input" carries no position; it is at the end.
    if range == (0..0) && error.to_string().contains("end of input") {
        let end = prepared.text.trim_end().len();
        range = end..end;
    }
    ParseFailure {
        range: range.start + prepared.base..range.end + prepared.base,
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
            Ok(Parsed::Recovered(file, errors)) => {
                assert_eq!(file.items.len(), 3);
                assert_eq!(errors.len(), 1);
                assert_eq!(&text[errors[0].0.clone()], "{");
            }
            _ => panic!("expected item-level recovery"),
        }
    }

    #[test]
    fn the_byte_count_flags_every_text_the_walk_would_refuse() {
        let braces = |n: usize| format!("{}{}", "{".repeat(n), "}".repeat(n));
        let texts = [
            // A doc comment is a bracketed attribute: one level more.
            format!(
                "fn f() {}",
                braces(MAX_NESTING - 1).replacen('}', "///x\nfn g() {}}", 1)
            ),
            braces(MAX_NESTING + 1),
            format!("fn f() {{ {}true }}", "!".repeat(MAX_RUN + 1)),
            format!("type T = {}u8;", "&".repeat(MAX_TYPES + 1)),
            format!("fn f() {{ {}1 }}", "a + ".repeat(MAX_RUN / 2)),
        ];
        for text in &texts {
            let measured = depth(&text.parse().unwrap());
            let refused = measured.brackets > MAX_NESTING
                || measured.types > MAX_TYPES
                || measured.run > MAX_RUN;
            assert!(!refused || may_be_too_deep(text), "{measured:?}");
        }
        assert!(!may_be_too_deep("fn f() { let x = [(1, 2)]; }"));
    }

    #[test]
    fn depth_counts_brackets_and_unseparated_runs_whatever_the_comments_say() {
        let measure = |text: &str| depth(&text.parse().unwrap());
        // `f`, the group and the string, plus the deepest run inside the group.
        assert_eq!(
            measure("f((a), [b]) // ((((\n\"(((\""),
            Depth {
                brackets: 2,
                run: 5,
                types: 0
            }
        );
        assert_eq!(measure("match c { '(' => 1, '{' => 2 }").brackets, 1);
        assert_eq!(measure("a; b c; [d, e f g]").run, 4);
        let deep = format!(
            "/* \" */ fn f() {{ {}1{} }}",
            "(".repeat(3000),
            ")".repeat(3000)
        );
        assert!(parse_text(&deep).is_err());
        // Items and statements after a braced group start a new run; an
        // `else` or a method call continues it.
        assert_eq!(
            measure("fn a() {} fn b() {} #[x] struct S {} impl S {}").run,
            6
        );
        assert_eq!(measure("{ if a {} let b = c; }").run, 5);
        assert_eq!(measure("if a {} else if b {} else {}").run, 9);
        assert_eq!(measure("match a {}.b().c()").run, 9);
        // A `,` inside `<…>` or a closure's `|…|` does not end a run; after
        // a `->` or a `=>`, it does.
        assert_eq!(measure("A<B, C<D, E>>").run, 11);
        assert_eq!(measure("A<B, C<D, E>>").types, 2);
        assert_eq!(measure("|a, b| |c, d| 1").run, 11);
        assert_eq!(measure("|| a, f() -> B, x => y, &a * b").run, 5);
        assert_eq!(measure("|| a, f() -> B, x => y, &a * b").types, 2);
        let references = format!("fn f() {{ let _: {}u8 = x; }}", "&".repeat(MAX_TYPES + 1));
        let failure = parse_text(&references).err().expect("refused");
        assert!(
            failure
                .message
                .starts_with("types or references nest up to 10001 levels deep"),
            "{}",
            failure.message
        );
        let unary = format!("fn f() -> bool {{ {}true }}", "!".repeat(MAX_RUN));
        let failure = parse_text(&unary).err().expect("refused");
        assert!(
            failure.message.contains("150008 tokens"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn end_of_input_errors_point_at_the_end() {
        let text = "fn ok() {}\n\n\nfn f()\n";
        match parse_text(text) {
            Ok(Parsed::Recovered(file, errors)) => {
                assert_eq!(file.items.len(), 1);
                assert_eq!(errors[0].0.start, text.trim_end().len());
            }
            _ => panic!("expected the first item to be recovered"),
        }
    }

    #[test]
    fn excerpt_offsets_lead_back_to_the_file() {
        // A byte-order mark, a left-out item with non-ASCII text, then two
        // kept items with a left-out one between them.
        let original =
            "\u{feff}fn gap() { \"é\"; }\nfn a() { x.flush(); }\r\nstruct Gap;\nfn b() { y(); }\n";
        let prepared = prepare(original);
        let text = &prepared.text;
        let a = text.find("fn a").unwrap()..text.find("\r\n").unwrap();
        let b = text.find("fn b").unwrap()..text.len();
        let (excerpt, offsets) = excerpt(&prepared, &[a, b]).unwrap();
        assert_eq!(excerpt, "fn a() { x.flush(); } fn b() { y(); }\n");
        let file = match parse(&Prepared {
            text: Cow::Owned(excerpt),
            base: prepared.base,
        }) {
            Ok(Parsed::File(file)) => file,
            _ => panic!("the excerpt parses"),
        };
        let in_file = |span: proc_macro2::Span| {
            let range = span.byte_range();
            offsets.to_file(range.start)..offsets.to_file(range.end)
        };
        let names: Vec<&str> = file
            .items
            .iter()
            .map(|item| &original[in_file(syn::spanned::Spanned::span(item))])
            .collect();
        assert_eq!(names, ["fn a() { x.flush(); }", "fn b() { y(); }"]);
        // A whole text is only shifted past the mark.
        assert_eq!(Offsets::shifted(3).to_file(5), 8);
        proc_macro2::extra::invalidate_current_thread_spans();
    }

    #[test]
    fn an_excerpt_off_character_boundaries_is_refused() {
        let prepared = prepare("fn é() {}");
        let first_bytes = 0..4;
        assert!(excerpt(&prepared, std::slice::from_ref(&first_bytes)).is_none());
    }
}
