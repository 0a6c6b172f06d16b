//! A file's declarations, found by a byte lexer without syn: the functions
//! (with what their signatures say), the structs, enums, unions, traits and
//! type aliases, the `impl` blocks and the `use` declarations, each with its
//! byte range, so that the crate model can parse with syn only what a rule
//! asks about.
//!
//! Item-level code (signatures, headers) is read token by token; function
//! bodies and other groups, most of a file's bytes, are skipped by a tight
//! loop over the few bytes that matter there (braces, quotes, comment
//! starts, `;` and `!`) that looks for `fn`, `use` and `impl` only where a
//! statement may start. The lexer never fails: a file that does not lex
//! cleanly (an unterminated literal or comment, unbalanced braces, brackets
//! nested deeper than `MAX_NESTING` or declarations deeper than
//! `MAX_RECURSION`) gives what was found before the trouble, marked as not
//! clean.
//!
//! What is recorded, and what a syn walk of the file would see:
//! - every `fn` with a name, at any depth: in items, in function bodies, in
//!   `impl` and `trait` blocks, in `extern` blocks and inside macro
//!   invocations (marked [`Function::in_macro`]); not in `macro_rules!`
//!   definitions, whose bodies are templates;
//! - structs, enums, unions, traits and type aliases at item level (also
//!   inside `impl`/`trait` blocks, modules and item-position macros), not
//!   inside function bodies;
//! - `impl` blocks at item level and in function bodies;
//! - `use` declarations anywhere outside macro invocations.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::checker::ReturnKind;
use crate::lex::{
    char_literal_end, ident_end, significant_from, skip_comment, skip_quoted, skip_raw,
    IDENT_CONTINUE,
};
use crate::parse::MAX_NESTING;

/// A byte range in the file, as `u32`s (a file larger than 4 GiB is not
/// modelled).
pub type Span = Range<u32>;

/// What a function's signature says, as far as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureSummary {
    /// Parameters, not counting a `self` receiver.
    pub parameters: u16,
    /// Whether it takes `self` in some form (`self`, `&mut self`,
    /// `self: Pin<&mut Self>`).
    pub has_receiver: bool,
    /// The kind of its return type.
    pub returns: ReturnKind,
    /// Whether `usize` is part of its return type (`io::Result<usize>`).
    pub returns_usize: bool,
    /// Whether some `…Result` is part of its return type, also inside a
    /// future (`impl Future<Output = io::Result<()>>`).
    pub mentions_result: bool,
    /// Whether what it returns holds no value but success or failure (or
    /// readiness): `io::Result<()>`, `Result<(), E>`, `Poll<()>`,
    /// `Poll<io::Result<()>>`.
    pub unit_payload: bool,
}

/// What a declaration belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Owner {
    /// Nothing: a free function or a type of a module.
    Free,
    /// The `impl` block at this index of [`FileItems::impls`].
    Impl(u32),
    /// The trait at this index of [`FileItems::types`].
    Trait(u32),
}

/// A function (or method) declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    /// Its name.
    pub name: Box<str>,
    /// From `fn` to the end of the signature (before the body or `;`).
    pub signature: Span,
    /// What the signature says.
    pub summary: SignatureSummary,
    /// The body, braces included (none for a declaration ending in `;`,
    /// or a body that did not lex cleanly).
    pub body: Option<Span>,
    /// Whether its body calls an IO write, flush or shutdown by name
    /// ([`IO_EFFECT_NAMES`], `write!`, `writeln!`). Recorded only for a
    /// function returning a `Result` or a `Poll` that holds no other value
    /// ([`SignatureSummary::unit_payload`]).
    pub io_call: bool,
    /// The other names its body calls (`name(…)`, `.name(…)`), each once,
    /// as [`name_hash`]es (compact, and a collision only makes a candidate
    /// the rules then reject). Recorded only as [`Function::io_call`] is.
    pub callees: Vec<u64>,
    /// The `impl` or trait it is declared in.
    pub owner: Owner,
    /// Whether it is written inside a macro invocation.
    pub in_macro: bool,
    /// The inline module it is in (an index of [`FileItems::modules`]).
    pub module: u32,
}

/// What the crate's IO helpers are found from, for one file: the
/// functions whose calls the lexer records ([`Function::io_call`]), with
/// what a call of one needs to be matched to it. Small, so that it can be
/// kept for every file that may call an IO method.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelperFacts {
    /// The functions, in the file's order.
    pub functions: Vec<HelperFunction>,
}

/// A function that may be an IO helper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelperFunction {
    /// Its name.
    pub name: Box<str>,
    /// What its signature says.
    pub summary: SignatureSummary,
    /// The type of its `impl` block, or its trait.
    pub owner: Option<Box<str>>,
    /// From `fn` to the end of the signature.
    pub signature: Span,
    /// Its body.
    pub body: Option<Span>,
    /// Whether its body calls an IO method by name.
    pub io_call: bool,
    /// The other names its body calls, as [`name_hash`]es.
    pub callees: Vec<u64>,
}

impl FileItems {
    /// The functions of the file that may be IO helpers (those whose calls
    /// were recorded), for [`HelperFacts`].
    pub fn helper_facts(&self) -> HelperFacts {
        let functions = self
            .functions
            .iter()
            .filter(|function| function.summary.records_calls())
            .map(|function| HelperFunction {
                name: function.name.clone(),
                summary: function.summary,
                owner: match function.owner {
                    Owner::Free => None,
                    Owner::Impl(at) => self
                        .impls
                        .get(at as usize)
                        .and_then(|block| block.self_name.clone()),
                    Owner::Trait(at) => self.types.get(at as usize).map(|found| found.name.clone()),
                },
                signature: function.signature.clone(),
                body: function.body.clone(),
                io_call: function.io_call,
                callees: function.callees.clone(),
            })
            .collect();
        HelperFacts { functions }
    }
}

impl SignatureSummary {
    /// Whether a call with `arguments` arguments fits this signature: a
    /// method call (`x.name(a, b)`, the receiver not counted) one taking
    /// `self`, a path call (`free(a, b)`, `Type::method(receiver, b)`) with
    /// the receiver counted among the arguments.
    pub fn fits_call(&self, arguments: usize, method_call: bool) -> bool {
        let parameters = usize::from(self.parameters);
        if method_call {
            self.has_receiver && parameters == arguments
        } else {
            parameters + usize::from(self.has_receiver) == arguments
        }
    }

    /// Whether a function with this signature may be an IO helper, and so
    /// has its calls recorded: its `Result` or `Poll` holds no other value.
    pub fn records_calls(&self) -> bool {
        self.unit_payload
            && (self.returns.is_poll()
                || self.returns == ReturnKind::Result
                || self.mentions_result)
    }
}

/// The kind of a type declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TypeKind {
    /// `struct`.
    Struct,
    /// `enum`.
    Enum,
    /// `union`.
    Union,
    /// `trait`.
    Trait,
    /// `type Name = …;`, also an associated type.
    Alias,
}

/// A type declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeDecl {
    /// What it is.
    pub kind: TypeKind,
    /// Its name.
    pub name: Box<str>,
    /// From its keyword to its end (for a trait, to the end of its header:
    /// the opening brace of its items is not included).
    pub range: Span,
    /// The `impl` or trait it is declared in (associated types).
    pub owner: Owner,
    /// Whether it is written inside a macro invocation.
    pub in_macro: bool,
    /// The inline module it is in.
    pub module: u32,
}

/// An `impl` block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impl {
    /// From `impl` to the end of its header (before the `{`).
    pub header: Span,
    /// The last path segment of the implementing type (`Conn` for
    /// `impl<T> AsyncWrite for Conn<T>`, `File` for `impl Write for &File`).
    pub self_name: Option<Box<str>>,
    /// The last path segment of the trait, for a trait `impl`.
    pub trait_name: Option<Box<str>>,
    /// Whether it is written inside a macro invocation.
    pub in_macro: bool,
    /// The inline module it is in.
    pub module: u32,
}

/// A `use` declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Use {
    /// From `use` to its `;`, included.
    pub range: Span,
    /// The inline module it is in.
    pub module: u32,
}

/// An inline module (`mod name { … }`); index 0 stands for the file itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Module {
    /// Its name (empty for the file).
    pub name: Box<str>,
    /// The module it is declared in.
    pub parent: u32,
}

/// Everything the lexer found in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileItems {
    /// Functions and methods, in the order their names appear.
    pub functions: Vec<Function>,
    /// Structs, enums, unions, traits and type aliases.
    pub types: Vec<TypeDecl>,
    /// `impl` blocks.
    pub impls: Vec<Impl>,
    /// `use` declarations outside macro invocations.
    pub uses: Vec<Use>,
    /// Inline modules; the first is the file.
    pub modules: Vec<Module>,
    /// Whether the whole file lexed cleanly.
    pub clean: bool,
    /// Whether the file's text may call an IO method by name
    /// (`crate::prefilter::may_call_io`): only such files are looked at for
    /// the crate's IO helpers, and a scan lexes all of them.
    pub may_call_io: bool,
}

impl Default for FileItems {
    fn default() -> Self {
        FileItems {
            functions: Vec::new(),
            types: Vec::new(),
            impls: Vec::new(),
            uses: Vec::new(),
            modules: vec![Module {
                name: "".into(),
                parent: 0,
            }],
            clean: true,
            may_call_io: false,
        }
    }
}

/// Calls that write, flush or shut down: a function whose body returns or
/// `?`-propagates one may be an IO helper of its crate.
pub const IO_EFFECT_NAMES: &[&str] = &[
    "write",
    "write_all",
    "write_vectored",
    "write_all_vectored",
    "write_buf",
    "write_all_buf",
    "write_fmt",
    "flush",
    "shutdown",
    "sync_all",
    "sync_data",
    "poll_write",
    "poll_write_vectored",
    "poll_write_buf",
    "poll_flush",
    "poll_shutdown",
    "poll_close",
];

/// In [`Lexer::calls_of`]: a function whose calls are not recorded.
const NOT_RECORDED: usize = usize::MAX;

/// Names called everywhere that no crate declares as an IO helper of its
/// own: not recorded as callees.
const COMMON_CALLS: &[&[u8]] = &[
    b"new",
    b"map",
    b"map_err",
    b"unwrap",
    b"expect",
    b"clone",
    b"into",
    b"from",
    b"as_ref",
    b"as_mut",
    b"len",
    b"is_empty",
    b"iter",
    b"iter_mut",
    b"to_string",
    b"to_owned",
    b"push",
    b"get",
    b"get_mut",
    b"insert",
    b"remove",
    b"ok_or",
    b"ok_or_else",
    b"and_then",
    b"as_slice",
    b"as_bytes",
    b"format",
    b"min",
    b"max",
    b"take",
    b"borrow",
    b"borrow_mut",
    b"lock",
    b"with_capacity",
    b"extend_from_slice",
    b"contains",
    b"is_some",
    b"is_none",
    b"unwrap_or",
    b"if",
    b"while",
    b"match",
    b"return",
    b"in",
    b"for",
];

/// A hash of a name, as callees are recorded ([`Function::callees`]).
pub fn name_hash(name: &[u8]) -> u64 {
    super::cache::digest(name)
}

/// At most this many callees are recorded per function.
const MAX_CALLEES: usize = 64;

/// Whether a return type (as written) holds only success or failure:
/// `<()` in it (`io::Result<()>`, `Result<(), E>`, `Poll<()>`,
/// `impl Future<Output = io::Result<()>>`), or a bare `…Result` alias.
fn unit_payload(written: &[u8]) -> bool {
    let compact: Vec<u8> = written
        .iter()
        .copied()
        .filter(|byte| !byte.is_ascii_whitespace())
        .collect();
    compact.windows(3).any(|window| window == b"<()") || compact.ends_with(b"Result")
}

/// Lexes `text` (a file as read: a byte-order mark, a shebang line or a
/// cargo-script frontmatter are handled as the parser handles them).
pub(crate) fn file_items(text: &str) -> FileItems {
    let prepared = crate::parse::prepare(text);
    let mut lexer = Lexer {
        bytes: prepared.text.as_bytes(),
        base: prepared.base as u32,
        at: 0,
        items: FileItems::default(),
        nesting: 0,
        peeked: None,
        calls_of: Vec::new(),
    };
    let context = Context {
        owner: Owner::Free,
        in_macro: false,
        module: 0,
    };
    lexer.items(context, None);
    if lexer.at < lexer.bytes.len() {
        lexer.items.clean = false;
    }
    lexer.items.may_call_io = crate::prefilter::may_call_io(text.as_bytes());
    lexer.items
}

/// Where the lexer is: what new declarations belong to.
#[derive(Debug, Clone, Copy)]
struct Context {
    owner: Owner,
    in_macro: bool,
    module: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An identifier or keyword (a raw identifier without its `r#`).
    Ident,
    /// `'a`.
    Lifetime,
    /// A string, character or number literal.
    Literal,
    /// A punctuation byte.
    Punct(u8),
    /// An opening bracket.
    Open(u8),
    /// A closing bracket.
    Close(u8),
    /// The end of the text.
    End,
    /// Something that does not lex (an unterminated literal or comment, a
    /// control character).
    Trouble,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

impl Token {
    fn is_punct(&self, byte: u8) -> bool {
        self.kind == Kind::Punct(byte)
    }
}

/// A table of `bytes`.
const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut at = 0;
    while at < bytes.len() {
        table[bytes[at] as usize] = true;
        at += 1;
    }
    table
}

/// Bytes the loop over a braced body stops at.
const BRACE_STOPS: [bool; 256] = byte_set(b"{}\"'/;#!");

/// The same, in the body of a function whose calls are recorded: a `(`
/// ends a callee's name (and is no bracket counted).
const BRACE_CALL_STOPS: [bool; 256] = byte_set(b"{}\"'/;#!(");

/// Bytes the loop over other code stops at.
const GROUP_STOPS: [bool; 256] = byte_set(b"()[]{}\"'/;#!");

/// How deeply declarations, macro invocations and blocks of items may nest
/// (each level is a recursion of the lexer; brackets alone nest up to
/// `MAX_NESTING` without one).
const MAX_RECURSION: usize = 256;

/// Keywords that may stand before `!(…)` as an operator, not a macro.
fn is_operator_keyword(ident: &[u8]) -> bool {
    matches!(
        ident,
        b"if" | b"while" | b"return" | b"match" | b"in" | b"else" | b"break" | b"yield" | b"let"
    )
}

struct Lexer<'b> {
    bytes: &'b [u8],
    /// Bytes cut off the front of the file before lexing.
    base: u32,
    /// Where the next token starts (or whitespace before it).
    at: usize,
    items: FileItems,
    /// How deeply the lexer has recursed into nested groups and items.
    nesting: usize,
    /// The token at a position, once looked at.
    peeked: Option<(usize, Token)>,
    /// The functions whose bodies the lexer is in and whose calls it
    /// records (the innermost last).
    calls_of: Vec<usize>,
}

impl<'b> Lexer<'b> {
    fn file_span(&self, range: Range<usize>) -> Span {
        range.start as u32 + self.base..range.end as u32 + self.base
    }

    fn text(&self, token: Token) -> &'b [u8] {
        &self.bytes[token.start..token.end]
    }

    fn trouble(&mut self) {
        self.items.clean = false;
        self.at = self.bytes.len();
    }

    /// The next token, past whitespace and comments.
    fn next(&mut self) -> Token {
        let token = self.peek();
        self.at = token.end;
        token
    }

    fn peek(&mut self) -> Token {
        match self.peeked {
            Some((at, token)) if at == self.at => token,
            _ => {
                let token = self.token_at(self.at);
                self.peeked = Some((self.at, token));
                token
            }
        }
    }

    fn token_at(&self, mut at: usize) -> Token {
        let bytes = self.bytes;
        loop {
            let Some(&byte) = bytes.get(at) else {
                return Token {
                    kind: Kind::End,
                    start: at,
                    end: at,
                };
            };
            let start = at;
            let trouble = Token {
                kind: Kind::Trouble,
                start,
                end: bytes.len(),
            };
            let simple = |kind, end| Token { kind, start, end };
            return match byte {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                    at += 1;
                    continue;
                }
                b'/' if matches!(bytes.get(at + 1), Some(b'/' | b'*')) => {
                    match skip_comment(bytes, at) {
                        Some(end) => {
                            at = end;
                            continue;
                        }
                        None => trouble,
                    }
                }
                b'"' => match skip_quoted(bytes, at + 1, b'"') {
                    Some(end) => simple(Kind::Literal, end),
                    None => trouble,
                },
                b'\'' => match char_literal_end(bytes, at) {
                    Some(end) => simple(Kind::Literal, end),
                    None => simple(Kind::Lifetime, ident_end(bytes, at + 1)),
                },
                b'(' | b'[' | b'{' => simple(Kind::Open(byte), at + 1),
                b')' | b']' | b'}' => simple(Kind::Close(byte), at + 1),
                b'0'..=b'9' => {
                    let mut end = at + 1;
                    while let Some(&next) = bytes.get(end) {
                        match next {
                            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'_' => end += 1,
                            b'.' if bytes.get(end + 1).is_some_and(u8::is_ascii_digit) => end += 1,
                            _ => break,
                        }
                    }
                    simple(Kind::Literal, end)
                }
                0x00..=0x1f | 0x7f => trouble,
                _ if IDENT_CONTINUE[usize::from(byte)] => {
                    let end = ident_end(bytes, at);
                    let word = &bytes[at..end];
                    match (word, bytes.get(end)) {
                        (b"r" | b"br" | b"cr", Some(b'"' | b'#')) => {
                            let hashes = bytes[end..].iter().take_while(|&&b| b == b'#').count();
                            if bytes.get(end + hashes) == Some(&b'"') {
                                return match skip_raw(bytes, end + hashes + 1, hashes) {
                                    Some(close) => simple(Kind::Literal, close),
                                    None => trouble,
                                };
                            }
                            if word == b"r" && hashes == 1 {
                                // `r#name`, named so as syn names it.
                                let name_end = ident_end(bytes, end + 1);
                                if name_end > end + 1 {
                                    return simple(Kind::Ident, name_end);
                                }
                            }
                            simple(Kind::Ident, end)
                        }
                        (b"b" | b"c", Some(b'"')) => match skip_quoted(bytes, end + 1, b'"') {
                            Some(close) => simple(Kind::Literal, close),
                            None => trouble,
                        },
                        (b"b", Some(b'\'')) => match char_literal_end(bytes, at) {
                            Some(close) => simple(Kind::Literal, close),
                            None => trouble,
                        },
                        _ => simple(Kind::Ident, end),
                    }
                }
                _ => simple(Kind::Punct(byte), at + 1),
            };
        }
    }

    /// Whether the next token is the identifier `word`.
    fn peek_ident(&mut self, word: &[u8]) -> bool {
        let token = self.peek();
        token.kind == Kind::Ident && self.text(token) == word
    }

    /// Reads item-level code until the closing bracket of the group it is in
    /// (`close`), or to the end of the text (`None`).
    fn items(&mut self, context: Context, close: Option<u8>) {
        self.nesting += 1;
        if self.nesting > MAX_RECURSION {
            self.trouble();
        }
        loop {
            let token = self.next();
            match token.kind {
                Kind::End => {
                    if close.is_some() {
                        self.trouble();
                    }
                    break;
                }
                Kind::Trouble => {
                    self.trouble();
                    break;
                }
                Kind::Close(byte) => {
                    if Some(byte) != close {
                        self.trouble();
                    }
                    break;
                }
                Kind::Open(b'{') => {
                    // A braced group among items: `cfg_if!` branches and the
                    // like hold items.
                    self.items(context, Some(b'}'));
                }
                Kind::Open(byte) => {
                    self.body(token.start, byte, context, true);
                }
                Kind::Punct(b'#') => self.attribute(),
                Kind::Ident => self.item(token, context),
                _ => {}
            }
        }
        self.nesting -= 1;
    }

    /// Skips `[…]` or `![…]` after `#`.
    fn attribute(&mut self) {
        if self.peek().is_punct(b'!') {
            self.next();
        }
        let open = self.peek();
        if open.kind == Kind::Open(b'[') {
            self.next();
            self.skip_group(open.start, b'[');
        }
    }

    /// An item starting with the identifier `token`.
    fn item(&mut self, token: Token, context: Context) {
        let bytes = self.bytes;
        match &bytes[token.start..token.end] {
            b"pub" => {
                let next = self.peek();
                if next.kind == Kind::Open(b'(') {
                    self.next();
                    self.skip_group(next.start, b'(');
                }
            }
            b"fn" => self.function(token.start, context),
            b"struct" | b"enum" => {
                let kind = if &bytes[token.start..token.end] == b"struct" {
                    TypeKind::Struct
                } else {
                    TypeKind::Enum
                };
                self.type_decl(token.start, kind, context);
            }
            b"union" if self.peek().kind == Kind::Ident => {
                self.type_decl(token.start, TypeKind::Union, context);
            }
            b"trait" => self.trait_decl(token.start, context),
            b"impl" => self.impl_block(token.start, context),
            b"mod" => self.module(context),
            b"use" => self.use_decl(token.start, context),
            b"type" => self.alias(token.start, context),
            b"const" => {
                // `const fn` is a qualifier; `const NAME: T = …;` an item.
                let next = self.peek();
                let qualifies = next.kind == Kind::Ident
                    && matches!(self.text(next), b"fn" | b"unsafe" | b"async" | b"extern");
                if !qualifies {
                    self.skip_to_semicolon(context);
                }
            }
            b"static" => {
                self.skip_to_semicolon(context);
            }
            b"extern" => {
                if self.peek().kind == Kind::Literal {
                    self.next();
                }
                if self.peek_ident(b"crate") {
                    self.skip_to_semicolon(context);
                }
                // `extern "C" { … }` is read by `items`, `extern fn` by `item`.
            }
            b"macro_rules" if self.peek().is_punct(b'!') => {
                self.next();
                if self.peek().kind == Kind::Ident {
                    self.next();
                }
                let open = self.peek();
                if let Kind::Open(byte) = open.kind {
                    self.next();
                    // Nothing in a template is a declaration.
                    self.skip_group(open.start, byte);
                }
            }
            _ => self.maybe_macro(context),
        }
    }

    /// After a path segment at item level: `name!(…)`, `a::b! { … }` or
    /// `name! ident { … }` is a macro invocation, whose contents are read as
    /// items.
    fn maybe_macro(&mut self, context: Context) {
        let mut next = self.peek();
        while next.is_punct(b':') {
            self.next();
            let colon = self.peek();
            if !colon.is_punct(b':') {
                return;
            }
            self.next();
            if self.peek().kind != Kind::Ident {
                return;
            }
            self.next();
            next = self.peek();
        }
        if !next.is_punct(b'!') {
            return;
        }
        self.next();
        if self.peek().kind == Kind::Ident {
            self.next();
        }
        let open = self.peek();
        let Kind::Open(byte) = open.kind else {
            return;
        };
        self.next();
        let inner = Context {
            in_macro: true,
            ..context
        };
        if byte == b'{' {
            self.items(inner, Some(b'}'));
        } else {
            let close = if byte == b'(' { b')' } else { b']' };
            self.items(inner, Some(close));
        }
    }

    /// `fn name…` whose `fn` starts at `start`: records it and reads its
    /// body.
    fn function(&mut self, start: usize, context: Context) {
        let name = self.peek();
        if name.kind != Kind::Ident {
            return;
        }
        self.next();
        let after_name = self.at;
        let Some(signature) = self.signature() else {
            if self.items.clean {
                self.at = after_name;
            }
            return;
        };
        let name = String::from_utf8_lossy(self.text(name)).into();
        let function = Function {
            name,
            signature: self.file_span(start..signature.end),
            summary: signature.summary,
            body: None,
            io_call: false,
            callees: Vec::new(),
            owner: context.owner,
            in_macro: context.in_macro,
            module: context.module,
        };
        let at = self.items.functions.len();
        // Only a function whose value is success or failure can be an IO
        // helper (see `CrateModel::helper_candidates`).
        // A formatter's (`fn fmt(&self, f: &mut Formatter) -> fmt::Result`)
        // writes into memory: no IO helper.
        let formats = memchr::memmem::find(&self.bytes[start..signature.end], b"Formatter")
            .is_some()
            || memchr::memmem::find(&self.bytes[start..signature.end], b"fmt::Result").is_some();
        let records_calls = signature.summary.records_calls() && !formats;
        self.items.functions.push(function);
        if let Some(open) = signature.body {
            let inner = Context {
                owner: Owner::Free,
                ..context
            };
            // A function inside a recorded body has calls of its own, which
            // are not the outer function's.
            let nested = !self.calls_of.is_empty();
            if records_calls || nested {
                self.calls_of
                    .push(if records_calls { at } else { NOT_RECORDED });
            }
            let end = self.body(open, b'{', inner, true);
            if records_calls || nested {
                self.calls_of.pop();
            }
            if let Some(end) = end {
                self.items.functions[at].body = Some(self.file_span(open..end));
            }
        }
    }

    /// Reads a signature after the function's name: generics, parameters,
    /// return type and `where` clause, up to the body's `{` (consumed) or
    /// the `;` (consumed).
    fn signature(&mut self) -> Option<ReadSignature> {
        if self.peek().is_punct(b'<') {
            self.next();
            self.skip_angles()?;
        }
        let open = self.next();
        if open.kind != Kind::Open(b'(') {
            return None;
        }
        let (parameters, has_receiver) = self.parameters()?;
        let mut angles = 0usize;
        let mut return_start: Option<usize> = None;
        let mut return_end: Option<usize> = None;
        let mut in_where = false;
        loop {
            let token = self.peek();
            match token.kind {
                Kind::Punct(b'-')
                    if angles == 0
                        && !in_where
                        && return_start.is_none()
                        && self.bytes.get(token.end) == Some(&b'>') =>
                {
                    self.next();
                    self.next();
                    return_start = Some(self.at);
                }
                Kind::Punct(b'<') => {
                    self.next();
                    angles += 1;
                }
                Kind::Punct(b'>') => {
                    self.next();
                    if !is_arrow_end(self.bytes, token.start) {
                        angles = angles.saturating_sub(1);
                    }
                }
                Kind::Ident if angles == 0 && self.text(token) == b"where" => {
                    if return_start.is_some() && return_end.is_none() {
                        return_end = Some(token.start);
                    }
                    in_where = true;
                    self.next();
                }
                Kind::Open(b'{') | Kind::Punct(b';') if angles == 0 => {
                    if return_start.is_some() && return_end.is_none() {
                        return_end = Some(token.start);
                    }
                    let (returns, returns_usize, mentions_result) = match (return_start, return_end)
                    {
                        (Some(start), Some(end)) => self.return_facts(start..end),
                        _ => (ReturnKind::Unit, false, false),
                    };
                    let unit_payload = match (return_start, return_end) {
                        (Some(start), Some(end)) => unit_payload(&self.bytes[start..end]),
                        _ => false,
                    };
                    let end = self.last_code_end(token.start);
                    self.next();
                    return Some(ReadSignature {
                        end,
                        body: (token.kind == Kind::Open(b'{')).then_some(token.start),
                        summary: SignatureSummary {
                            parameters,
                            has_receiver,
                            returns,
                            returns_usize,
                            mentions_result,
                            unit_payload,
                        },
                    });
                }
                Kind::Open(byte) => {
                    self.next();
                    self.skip_group(token.start, byte)?;
                }
                Kind::End | Kind::Trouble | Kind::Close(_) => return None,
                _ => {
                    self.next();
                }
            }
        }
    }

    /// The end of the last token before `at` (trailing whitespace and
    /// comments left out).
    fn last_code_end(&self, at: usize) -> usize {
        self.bytes[..at]
            .iter()
            .rposition(|byte| !byte.is_ascii_whitespace())
            .map_or(at, |last| last + 1)
    }

    /// Skips `<…>` whose `<` was just read; `None` if it does not close.
    fn skip_angles(&mut self) -> Option<()> {
        let mut depth = 1usize;
        while depth > 0 {
            let token = self.next();
            match token.kind {
                Kind::Punct(b'<') => depth += 1,
                Kind::Punct(b'>') if !is_arrow_end(self.bytes, token.start) => {
                    depth -= 1;
                }
                Kind::Open(byte) => {
                    self.skip_group(token.start, byte)?;
                }
                Kind::End | Kind::Trouble | Kind::Close(_) => return None,
                _ => {}
            }
        }
        Some(())
    }

    /// Reads a parameter list whose `(` is at `open`: how many parameters
    /// it has besides a receiver, and whether it has a receiver.
    fn parameters(&mut self) -> Option<(u16, bool)> {
        let mut count = 0u16;
        let mut has_receiver = false;
        let mut first = true;
        let mut current: Vec<Token> = Vec::new();
        let mut angles = 0usize;
        loop {
            let token = self.next();
            let ends_parameter = match token.kind {
                Kind::Close(b')') => true,
                Kind::Punct(b',') if angles == 0 => true,
                Kind::Punct(b'<') => {
                    angles += 1;
                    false
                }
                Kind::Punct(b'>') => {
                    if !is_arrow_end(self.bytes, token.start) {
                        angles = angles.saturating_sub(1);
                    }
                    false
                }
                Kind::Open(byte) => {
                    self.skip_group(token.start, byte)?;
                    false
                }
                Kind::End | Kind::Trouble | Kind::Close(_) => return None,
                _ => false,
            };
            if !ends_parameter {
                if current.len() < 8 {
                    current.push(token);
                }
                continue;
            }
            if !current.is_empty() {
                if first && self.is_receiver(&current) {
                    has_receiver = true;
                } else if !self.is_variadic(&current) {
                    count = count.saturating_add(1);
                }
                first = false;
            }
            current.clear();
            if token.kind == Kind::Close(b')') {
                return Some((count, has_receiver));
            }
        }
    }

    /// `self`, `mut self`, `&self`, `&'a mut self`, `self: Type`.
    fn is_receiver(&self, tokens: &[Token]) -> bool {
        let mut rest = tokens;
        // Attributes on the receiver.
        while let [hash, group, tail @ ..] = rest {
            if hash.is_punct(b'#') && group.kind == Kind::Open(b'[') {
                rest = tail;
            } else {
                break;
            }
        }
        let mut rest = rest.iter().peekable();
        if rest.peek().is_some_and(|token| token.is_punct(b'&')) {
            rest.next();
            if rest
                .peek()
                .is_some_and(|token| token.kind == Kind::Lifetime)
            {
                rest.next();
            }
        }
        if rest
            .peek()
            .is_some_and(|token| token.kind == Kind::Ident && self.text(**token) == b"mut")
        {
            rest.next();
        }
        let Some(word) = rest.next() else {
            return false;
        };
        word.kind == Kind::Ident
            && self.text(*word) == b"self"
            && rest.next().is_none_or(|token| token.is_punct(b':'))
    }

    /// `...` or `name: ...` (a C variadic, which syn does not count).
    fn is_variadic(&self, tokens: &[Token]) -> bool {
        tokens
            .windows(3)
            .any(|three| three.iter().all(|token| token.is_punct(b'.')))
    }

    /// What the return type in `range` says: its kind, whether it mentions
    /// `usize`, whether it mentions some `…Result`.
    fn return_facts(&self, range: Range<usize>) -> (ReturnKind, bool, bool) {
        let mut usize_seen = false;
        let mut result_seen = false;
        let mut at = range.start;
        while at < range.end {
            let token = self.token_at(at);
            if token.end > range.end || matches!(token.kind, Kind::End | Kind::Trouble) {
                break;
            }
            if matches!(token.kind, Kind::Ident | Kind::Literal) {
                let word = self.text(token);
                usize_seen |= contains(word, b"usize");
                result_seen |= contains(word, b"Result");
            }
            at = token.end;
        }
        (self.type_kind(range), usize_seen, result_seen)
    }

    /// The top-level tokens of `range`, each group one token (its end after
    /// the closing bracket).
    fn top_level(&self, range: Range<usize>) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut at = range.start;
        while at < range.end {
            let mut token = self.token_at(at);
            if token.start >= range.end || matches!(token.kind, Kind::End | Kind::Trouble) {
                break;
            }
            if let Kind::Open(_) = token.kind {
                match group_close(self.bytes, token.start) {
                    Some(end) => token.end = end,
                    None => break,
                }
            }
            at = token.end;
            tokens.push(token);
        }
        tokens
    }

    /// Classifies a type written in `range` as syn-based classification
    /// does: `Poll<…>` (with whether an argument is some `…Result`), a path
    /// ending in `…Result`, `()`, or something else.
    fn type_kind(&self, range: Range<usize>) -> ReturnKind {
        let tokens = self.top_level(range);
        match tokens.as_slice() {
            [] => ReturnKind::Other,
            [group] if group.kind == Kind::Open(b'(') => {
                let inner = group.start + 1..group.end - 1;
                let parts = self.top_level(inner.clone());
                if parts.is_empty() {
                    ReturnKind::Unit
                } else if self.has_top_level_comma(&parts) {
                    // A tuple.
                    ReturnKind::Other
                } else {
                    self.type_kind(inner)
                }
            }
            _ => match self.last_segment(&tokens) {
                Some((name, arguments)) if name == b"Poll" => {
                    let result = arguments.is_some_and(|arguments| {
                        self.generic_arguments(arguments)
                            .into_iter()
                            .any(|argument| self.type_kind(argument) == ReturnKind::Result)
                    });
                    ReturnKind::Poll { result }
                }
                Some((name, _)) if name.ends_with(b"Result") => ReturnKind::Result,
                _ => ReturnKind::Other,
            },
        }
    }

    /// Whether `tokens` hold a `,` outside angle brackets.
    fn has_top_level_comma(&self, tokens: &[Token]) -> bool {
        let mut angles = 0usize;
        for token in tokens {
            match token.kind {
                Kind::Punct(b'<') => angles += 1,
                Kind::Punct(b'>') if !is_arrow_end(self.bytes, token.start) => {
                    angles = angles.saturating_sub(1)
                }
                Kind::Punct(b',') if angles == 0 => return true,
                _ => {}
            }
        }
        false
    }

    /// The last segment of a path type written as `tokens`, and the range
    /// of its generic arguments (inside the angle brackets).
    fn last_segment<'t>(&'t self, tokens: &[Token]) -> Option<(&'t [u8], Option<Range<usize>>)> {
        let mut at = 0;
        // `<T as Trait>::Name`
        if tokens.first()?.is_punct(b'<') {
            at = matching_angle(tokens, 0)? + 1;
        }
        let mut last = None;
        loop {
            // `::` before a segment.
            if tokens.get(at).is_some_and(|token| token.is_punct(b':'))
                && tokens.get(at + 1).is_some_and(|token| token.is_punct(b':'))
            {
                at += 2;
            } else if last.is_some() || at > 0 && tokens.get(at).is_none() {
                break;
            }
            let segment = tokens.get(at)?;
            if segment.kind != Kind::Ident {
                return None;
            }
            let word = self.text(*segment);
            if last.is_none()
                && at == 0
                && matches!(
                    word,
                    b"impl" | b"dyn" | b"fn" | b"unsafe" | b"extern" | b"for"
                )
            {
                return None;
            }
            at += 1;
            let mut arguments = None;
            if tokens.get(at).is_some_and(|token| token.is_punct(b'<')) {
                let close = matching_angle(tokens, at)?;
                arguments = Some(tokens[at].end..tokens[close].start);
                at = close + 1;
            } else if tokens
                .get(at)
                .is_some_and(|token| token.kind == Kind::Open(b'('))
            {
                // `Fn(A) -> B` sugar.
                at += 1;
            }
            last = Some((word, arguments));
            let continues = tokens.get(at).is_some_and(|token| token.is_punct(b':'))
                && tokens.get(at + 1).is_some_and(|token| token.is_punct(b':'));
            if !continues {
                break;
            }
        }
        last
    }

    /// The comma-separated type arguments in `range` (lifetimes, constants
    /// and `Name = Type` bindings left out).
    fn generic_arguments(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let tokens = self.top_level(range.clone());
        let mut arguments = Vec::new();
        let mut depth = 0usize;
        let mut start = 0;
        let mut push = |part: &[Token]| {
            let is_type = match part {
                [] => false,
                [first, ..] if first.kind == Kind::Lifetime || first.kind == Kind::Literal => false,
                [first, ..] if first.kind == Kind::Open(b'{') => false,
                [name, equals, ..]
                    if name.kind == Kind::Ident
                        && (equals.is_punct(b'=') || equals.is_punct(b':'))
                        && !part.get(2).is_some_and(|token| token.is_punct(b':')) =>
                {
                    false
                }
                _ => true,
            };
            if is_type {
                arguments.push(part[0].start..part[part.len() - 1].end);
            }
        };
        for (index, token) in tokens.iter().enumerate() {
            match token.kind {
                Kind::Punct(b'<') => depth += 1,
                Kind::Punct(b'>') if !is_arrow_end(self.bytes, token.start) => {
                    depth = depth.saturating_sub(1)
                }
                Kind::Punct(b',') if depth == 0 => {
                    push(&tokens[start..index]);
                    start = index + 1;
                }
                _ => {}
            }
        }
        push(&tokens[start..]);
        arguments
    }

    /// `struct`, `enum` or `union` at `start`, its name next.
    fn type_decl(&mut self, start: usize, kind: TypeKind, context: Context) {
        let name = self.peek();
        if name.kind != Kind::Ident {
            return;
        }
        self.next();
        let mut angles = 0usize;
        let end = loop {
            let token = self.next();
            match token.kind {
                Kind::Punct(b'<') => angles += 1,
                Kind::Punct(b'>') if !is_arrow_end(self.bytes, token.start) => {
                    angles = angles.saturating_sub(1);
                }
                Kind::Punct(b';') if angles == 0 => break token.end,
                Kind::Open(b'{') if angles == 0 => match self.skip_group(token.start, b'{') {
                    Some(end) => break end,
                    None => return,
                },
                Kind::Open(byte) if self.skip_group(token.start, byte).is_none() => return,
                Kind::End | Kind::Trouble | Kind::Close(_) => {
                    self.at = token.start;
                    return;
                }
                _ => {}
            }
        };
        self.push_type(kind, name, start..end, context);
    }

    fn push_type(&mut self, kind: TypeKind, name: Token, range: Range<usize>, context: Context) {
        let name = String::from_utf8_lossy(self.text(name)).into();
        let range = self.file_span(range);
        self.items.types.push(TypeDecl {
            kind,
            name,
            range,
            owner: context.owner,
            in_macro: context.in_macro,
            module: context.module,
        });
    }

    /// `trait Name…` at `start`: its header, then its items.
    fn trait_decl(&mut self, start: usize, context: Context) {
        let name = self.peek();
        if name.kind != Kind::Ident {
            return;
        }
        self.next();
        let Some((header_end, open)) = self.header() else {
            return;
        };
        let index = self.items.types.len() as u32;
        self.push_type(TypeKind::Trait, name, start..header_end, context);
        if open {
            let inner = Context {
                owner: Owner::Trait(index),
                ..context
            };
            self.items(inner, Some(b'}'));
        }
    }

    /// Reads a header up to its `{` (consumed) or `;` (consumed), skipping
    /// angle brackets and groups. Returns where the header's code ends and
    /// whether a `{` opened a block.
    fn header(&mut self) -> Option<(usize, bool)> {
        let mut angles = 0usize;
        loop {
            let token = self.peek();
            match token.kind {
                Kind::Punct(b'<') => angles += 1,
                Kind::Punct(b'>') if !is_arrow_end(self.bytes, token.start) => {
                    angles = angles.saturating_sub(1);
                }
                Kind::Open(b'{') if angles == 0 => {
                    let end = self.last_code_end(token.start);
                    self.next();
                    return Some((end, true));
                }
                Kind::Punct(b';') if angles == 0 => {
                    self.next();
                    return Some((token.end, false));
                }
                Kind::Open(byte) => {
                    self.next();
                    self.skip_group(token.start, byte)?;
                    continue;
                }
                Kind::End | Kind::Trouble | Kind::Close(_) => return None,
                _ => {}
            }
            self.next();
        }
    }

    /// `impl…` at `start`: its header (implementing type and trait), then
    /// its items.
    fn impl_block(&mut self, start: usize, context: Context) {
        if self.peek().is_punct(b'<') {
            self.next();
            if self.skip_angles().is_none() {
                return;
            }
        }
        let types_start = self.at;
        let Some((header_end, open)) = self.header() else {
            return;
        };
        let tokens = self.top_level(types_start..header_end);
        // `Trait for Type`: the `for` not followed by `<` (a `for<'a>`
        // bound) at angle depth 0, before any `where`.
        let mut angles = 0usize;
        let mut split = None;
        let mut types_end = tokens.len();
        for (index, token) in tokens.iter().enumerate() {
            match token.kind {
                Kind::Punct(b'<') => angles += 1,
                Kind::Punct(b'>') if !is_arrow_end(self.bytes, token.start) => {
                    angles = angles.saturating_sub(1)
                }
                Kind::Ident if angles == 0 => match self.text(*token) {
                    b"for"
                        if split.is_none()
                            && !tokens
                                .get(index + 1)
                                .is_some_and(|next| next.is_punct(b'<')) =>
                    {
                        split = Some(index);
                    }
                    b"where" => {
                        types_end = index;
                        break;
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        let (trait_tokens, self_tokens) = match split {
            Some(at) => (Some(&tokens[..at]), &tokens[at + 1..types_end]),
            None => (None, &tokens[..types_end]),
        };
        let name_of = |tokens: &[Token]| {
            let mut rest = tokens;
            while let [first, tail @ ..] = rest {
                let skip = match first.kind {
                    Kind::Punct(b'&' | b'!' | b'?' | b'*') | Kind::Lifetime => true,
                    Kind::Ident => matches!(self.text(*first), b"mut" | b"dyn" | b"const"),
                    _ => false,
                };
                if !skip {
                    break;
                }
                rest = tail;
            }
            self.last_segment(rest)
                .map(|(name, _)| Box::<str>::from(String::from_utf8_lossy(name).as_ref()))
        };
        let impl_block = Impl {
            header: self.file_span(start..header_end),
            self_name: name_of(self_tokens),
            trait_name: trait_tokens.and_then(name_of),
            in_macro: context.in_macro,
            module: context.module,
        };
        let index = self.items.impls.len() as u32;
        self.items.impls.push(impl_block);
        if open {
            let inner = Context {
                owner: Owner::Impl(index),
                ..context
            };
            self.items(inner, Some(b'}'));
        }
    }

    /// `mod name;` or `mod name { … }`, after `mod`.
    fn module(&mut self, context: Context) {
        let name = self.peek();
        if name.kind != Kind::Ident {
            return;
        }
        self.next();
        if self.peek().kind != Kind::Open(b'{') {
            return;
        }
        self.next();
        let index = self.items.modules.len() as u32;
        self.items.modules.push(Module {
            name: String::from_utf8_lossy(self.text(name)).into(),
            parent: context.module,
        });
        let inner = Context {
            module: index,
            owner: Owner::Free,
            ..context
        };
        self.items(inner, Some(b'}'));
    }

    /// `use …;` at `start`; recorded unless in a macro.
    fn use_decl(&mut self, start: usize, context: Context) {
        loop {
            let token = self.next();
            match token.kind {
                Kind::Punct(b';') => {
                    if !context.in_macro {
                        let range = self.file_span(start..token.end);
                        self.items.uses.push(Use {
                            range,
                            module: context.module,
                        });
                    }
                    return;
                }
                Kind::Open(byte) if self.skip_group(token.start, byte).is_none() => return,
                Kind::End | Kind::Trouble | Kind::Close(_) => {
                    self.at = token.start;
                    return;
                }
                _ => {}
            }
        }
    }

    /// `type Name… = …;` after `type`.
    fn alias(&mut self, start: usize, context: Context) {
        let name = self.peek();
        if name.kind != Kind::Ident {
            return;
        }
        self.next();
        if let Some(end) = self.skip_to_semicolon(context) {
            self.push_type(TypeKind::Alias, name, start..end, context);
        }
    }

    /// Skips to the `;` that ends an item (`const`, `static`, `extern
    /// crate`, `type`), reading the code on the way for declarations.
    /// Returns the end of the `;`.
    fn skip_to_semicolon(&mut self, context: Context) -> Option<usize> {
        let result = self.code(self.at, Until::Semicolon, context, true);
        self.finish(result)
    }

    /// Skips the group whose opening bracket at `open` was just read,
    /// recording nothing in it.
    fn skip_group(&mut self, open: usize, byte: u8) -> Option<usize> {
        let context = Context {
            owner: Owner::Free,
            in_macro: false,
            module: 0,
        };
        self.body(open, byte, context, false)
    }

    /// Reads the group whose opening bracket at `open` (`byte`) was just
    /// read, as code: declarations in it are recorded when `record` is set.
    /// Leaves the lexer after the closing bracket and returns that position;
    /// `None` (and the lexer at the end) on trouble.
    fn body(&mut self, open: usize, byte: u8, context: Context, record: bool) -> Option<usize> {
        debug_assert_eq!(self.bytes.get(open), Some(&byte));
        self.nesting += 1;
        let result = if self.nesting > MAX_RECURSION {
            None
        } else {
            self.code(open + 1, Until::Close(byte), context, record)
        };
        self.nesting -= 1;
        self.finish(result)
    }

    fn finish(&mut self, end: Option<usize>) -> Option<usize> {
        match end {
            Some(end) if self.items.clean => {
                self.at = end;
                Some(end)
            }
            _ => {
                self.trouble();
                None
            }
        }
    }

    /// The fast loop over code from `start`: only brackets (in a braced
    /// body, only braces: the others balance between them), literals,
    /// comments, attributes, `;` and `!` stop it. At each place where a
    /// statement or an item may start (after `{`, `}`, `;` and attributes)
    /// a declaration is looked for when `record` is set. Returns the end of
    /// the closing bracket, or of the `;` that ends an item.
    fn code(
        &mut self,
        start: usize,
        until: Until,
        context: Context,
        record: bool,
    ) -> Option<usize> {
        let bytes = self.bytes;
        let braces_only = until == Until::Close(b'{');
        let stops = if !braces_only {
            &GROUP_STOPS
        } else if self.calls_of.last().is_none_or(|&at| at == NOT_RECORDED) {
            &BRACE_STOPS
        } else {
            &BRACE_CALL_STOPS
        };
        let mut depth = 0usize;
        let mut at = start;
        if record {
            at = self.statement_start(at, context)?;
        }
        loop {
            while at < bytes.len() && !stops[usize::from(bytes[at])] {
                at += 1;
            }
            let byte = *bytes.get(at)?;
            match byte {
                b'(' if braces_only => {
                    self.record_call(at, false);
                    at += 1;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return None;
                    }
                    if byte == b'(' {
                        self.record_call(at, false);
                    }
                    at += 1;
                    if byte == b'{' && record {
                        at = self.statement_start(at, context)?;
                    }
                }
                b')' | b']' | b'}' => {
                    if depth == 0 {
                        // The last item of a block may end without its `;`
                        // (`thread_local! { static X: T = … }`).
                        return match until {
                            Until::Close(_) => Some(at + 1),
                            Until::Semicolon => Some(at),
                        };
                    }
                    at += 1;
                    depth -= 1;
                    if byte == b'}' && record {
                        at = self.statement_start(at, context)?;
                    }
                }
                b';' => {
                    at += 1;
                    if depth == 0 && until == Until::Semicolon {
                        return Some(at);
                    }
                    if record {
                        at = self.statement_start(at, context)?;
                    }
                }
                b'"' => {
                    // A raw string's `r` (and `#`s) came just before.
                    let hashes = bytes[..at].iter().rev().take_while(|&&b| b == b'#').count();
                    let before = at - hashes;
                    let raw = before > 0
                        && bytes[before - 1] == b'r'
                        && (before < 2
                            || !IDENT_CONTINUE[usize::from(bytes[before - 2])]
                            || (matches!(bytes[before - 2], b'b' | b'c')
                                && (before < 3
                                    || !IDENT_CONTINUE[usize::from(bytes[before - 3])])));
                    at = if raw {
                        skip_raw(bytes, at + 1, hashes)?
                    } else {
                        skip_quoted(bytes, at + 1, b'"')?
                    };
                }
                b'\'' => {
                    at = char_literal_end(bytes, at).unwrap_or(at + 1);
                }
                b'/' => match bytes.get(at + 1) {
                    Some(b'/' | b'*') => at = skip_comment(bytes, at)?,
                    _ => at += 1,
                },
                b'#' => {
                    // An attribute (its tokens are no code), or the `#` of a
                    // raw string or identifier.
                    let mut open = significant_from(bytes, at + 1);
                    if bytes.get(open) == Some(&b'!') {
                        open = significant_from(bytes, open + 1);
                    }
                    if bytes.get(open) == Some(&b'[') {
                        let skipped = Context {
                            in_macro: false,
                            ..context
                        };
                        at = self.code(open + 1, Until::Close(b'['), skipped, false)?;
                        if record {
                            at = self.statement_start(at, context)?;
                        }
                    } else {
                        at += 1;
                    }
                }
                b'!' if record => {
                    let after = self.body_macro(at, context)?;
                    if after > at + 1 && bytes[after - 1] == b'}' {
                        // `m! { … }` may stand as a statement.
                        at = self.statement_start(after, context)?;
                    } else {
                        at = after;
                    }
                }
                _ => at += 1,
            }
        }
    }

    /// At a place where a statement or an item may start: reads the `fn`,
    /// `impl` and `use` declarations (behind `pub`, `unsafe`, `async`,
    /// `const`, `extern "…"`) that start there, one after the other, and
    /// returns where the code goes on.
    fn statement_start(&mut self, mut at: usize, context: Context) -> Option<usize> {
        let bytes = self.bytes;
        loop {
            let next = significant_from(bytes, at);
            let Some(&first) = bytes.get(next) else {
                return Some(next);
            };
            if !matches!(first, b'f' | b'u' | b'i' | b'a' | b'p' | b'c' | b'e' | b's') {
                return Some(at);
            }
            let mut word = next..ident_end(bytes, next);
            loop {
                match &bytes[word.clone()] {
                    b"fn" => {
                        self.at = word.end;
                        if self.peek().kind != Kind::Ident {
                            return Some(word.end);
                        }
                        self.function(word.start, context);
                        break;
                    }
                    b"impl" => {
                        self.at = word.end;
                        self.impl_block(word.start, context);
                        break;
                    }
                    b"use" if !context.in_macro => {
                        self.at = word.end;
                        self.use_decl(word.start, context);
                        break;
                    }
                    // A struct declared in a body (a test's stand-in
                    // writer): its fields type `self.field` in its `impl`s.
                    b"struct" => {
                        self.at = word.end;
                        if self.peek().kind != Kind::Ident {
                            return Some(word.end);
                        }
                        self.type_decl(word.start, TypeKind::Struct, context);
                        break;
                    }
                    qualifier @ (b"pub" | b"unsafe" | b"async" | b"const" | b"extern"
                    | b"default") => {
                        let mut token = self.token_at(word.end);
                        if qualifier == b"pub" && token.kind == Kind::Open(b'(') {
                            let end = group_close(bytes, token.start)?;
                            token = self.token_at(end);
                        }
                        if qualifier == b"extern" && token.kind == Kind::Literal {
                            token = self.token_at(token.end);
                        }
                        if token.kind != Kind::Ident {
                            return Some(at);
                        }
                        word = token.start..token.end;
                    }
                    _ => return Some(at),
                }
            }
            if !self.items.clean {
                return None;
            }
            at = self.at;
        }
    }

    /// Records, for the innermost function whose calls are recorded, the
    /// name right before `at` (a `(`, or the `!` of `write!`): an IO call
    /// or another callee.
    fn record_call(&mut self, at: usize, is_macro: bool) {
        let Some(&function) = self.calls_of.last().filter(|&&at| at != NOT_RECORDED) else {
            return;
        };
        let bytes = self.bytes;
        if at == 0 || !IDENT_CONTINUE[usize::from(bytes[at - 1])] {
            return;
        }
        let start = (0..at)
            .rev()
            .find(|&index| !IDENT_CONTINUE[usize::from(bytes[index])])
            .map_or(0, |index| index + 1);
        let word = &bytes[start..at];
        if word.first().is_none_or(u8::is_ascii_digit) || is_operator_keyword(word) {
            return;
        }
        let function = &mut self.items.functions[function];
        if is_macro || IO_EFFECT_NAMES.iter().any(|name| name.as_bytes() == word) {
            function.io_call = true;
            return;
        }
        // Tuple structs and variants (`Ok(…)`, `Frame::Data(…)`) and the
        // methods every value has are no crate helpers.
        if function.callees.len() >= MAX_CALLEES
            || word.first().is_some_and(u8::is_ascii_uppercase)
            || COMMON_CALLS.contains(&word)
        {
            return;
        }
        let hash = name_hash(word);
        if !function.callees.contains(&hash) {
            function.callees.push(hash);
        }
    }

    /// At a `!` in code: `name!(…)` reads the group as a macro's body
    /// (declarations in it are marked as in a macro, `use`s are not
    /// recorded); `macro_rules! name { … }` is skipped. Returns where to go
    /// on.
    fn body_macro(&mut self, at: usize, context: Context) -> Option<usize> {
        let bytes = self.bytes;
        // `name!` with the name right before it; not `!=`.
        if at == 0
            || !IDENT_CONTINUE[usize::from(bytes[at - 1])]
            || bytes.get(at + 1) == Some(&b'=')
        {
            return Some(at + 1);
        }
        let word_start = (0..at)
            .rev()
            .find(|&index| !IDENT_CONTINUE[usize::from(bytes[index])])
            .map_or(0, |index| index + 1);
        let word = &bytes[word_start..at];
        if is_operator_keyword(word) || word.first().is_some_and(u8::is_ascii_digit) {
            return Some(at + 1);
        }
        let template = word == b"macro_rules";
        if matches!(word, b"write" | b"writeln") {
            self.record_call(at, true);
        }
        let mut next = self.token_at(at + 1);
        if next.kind == Kind::Ident {
            next = self.token_at(next.end);
        }
        let Kind::Open(byte) = next.kind else {
            return Some(at + 1);
        };
        let inner = Context {
            in_macro: true,
            ..context
        };
        self.body(next.start, byte, inner, !template)?;
        Some(self.at)
    }
}

/// Where [`Lexer::code`] stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    /// At the bracket closing the group (opened by this byte).
    Close(u8),
    /// At the `;` ending an item, outside brackets.
    Semicolon,
}

/// What [`Lexer::signature`] read.
struct ReadSignature {
    /// Where the signature's code ends.
    end: usize,
    /// Where the body's `{` is, if there is a body.
    body: Option<usize>,
    summary: SignatureSummary,
}

/// Whether the `>` at `at` ends `->` or `=>` rather than closing an angle
/// bracket.
fn is_arrow_end(bytes: &[u8], at: usize) -> bool {
    at > 0 && matches!(bytes[at - 1], b'-' | b'=')
}

/// The index of the `>` matching the `<` at `tokens[open]`.
fn matching_angle(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (index, token) in tokens.iter().enumerate().skip(open) {
        match token.kind {
            Kind::Punct(b'<') => depth += 1,
            Kind::Punct(b'>') => {
                // `->` inside the arguments (`Fn() -> T`) closes nothing;
                // the `-` is its own token just before.
                let arrow = index > 0
                    && tokens[index - 1].is_punct(b'-')
                    && tokens[index - 1].end == token.start;
                if !arrow {
                    depth -= 1;
                    if depth == 0 {
                        return Some(index);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// The end of the group whose opening bracket is at `open` (after its
/// closing bracket), skipping literals and comments.
fn group_close(bytes: &[u8], open: usize) -> Option<usize> {
    let mut lexer = Lexer {
        bytes,
        base: 0,
        at: open + 1,
        items: FileItems::default(),
        nesting: 0,
        peeked: None,
        calls_of: Vec::new(),
    };
    let context = Context {
        owner: Owner::Free,
        in_macro: false,
        module: 0,
    };
    lexer.code(open + 1, Until::Close(bytes[open]), context, false)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(items: &FileItems) -> Vec<&str> {
        items.functions.iter().map(|f| &*f.name).collect()
    }

    fn summary(text: &str) -> SignatureSummary {
        let items = file_items(text);
        assert!(items.clean, "{text}");
        assert_eq!(items.functions.len(), 1, "{text}: {:?}", names(&items));
        items.functions[0].summary
    }

    #[test]
    fn functions_are_found_at_every_depth() {
        let text = r#"
            use std::io::Write;
            pub(crate) async unsafe fn free(a: u8) {}
            impl<T: Fn() -> u8> Conn<T> where T: Clone {
                const X: u8 = { fn in_const() {} 1 };
                pub fn method(&mut self, b: &[u8]) -> usize { fn nested() -> u8 { 1 } 0 }
            }
            trait Tr: Send { fn required(&self); fn provided(&self) -> bool { true } }
            extern "C" { fn foreign(x: i32, ...) -> i32; }
            mod inner { fn in_module() {} }
            macro_rules! m { () => { fn in_template() {} } }
            pin_project! { struct P { #[pin] io: T } impl P { fn in_macro(&self) {} } }
            fn outer() { m!(); let s = "fn in_string() {}"; /* fn in_comment() */ g(|x| x); }
        "#;
        let items = file_items(text);
        assert!(items.clean);
        assert_eq!(
            names(&items),
            [
                "free",
                "in_const",
                "method",
                "nested",
                "required",
                "provided",
                "foreign",
                "in_module",
                "in_macro",
                "outer"
            ]
        );
        let in_macro: Vec<bool> = items.functions.iter().map(|f| f.in_macro).collect();
        assert_eq!(in_macro.iter().filter(|&&b| b).count(), 1);
        assert!(items.functions[8].in_macro);
        assert_eq!(items.functions[2].owner, Owner::Impl(0));
        assert_eq!(items.functions[3].owner, Owner::Free);
        assert_eq!(items.functions[4].owner, Owner::Trait(0));
        assert_eq!(
            items.modules[items.functions[7].module as usize]
                .name
                .as_ref(),
            "inner"
        );
        assert_eq!(items.impls[0].self_name.as_deref(), Some("Conn"));
        assert_eq!(items.impls[0].trait_name, None);
        assert_eq!(items.impls[1].self_name.as_deref(), Some("P"));
        assert!(items.impls[1].in_macro);
        assert_eq!(items.uses.len(), 1);
        let struct_p = items.types.iter().find(|t| &*t.name == "P").unwrap();
        assert_eq!(struct_p.kind, TypeKind::Struct);
        assert!(struct_p.in_macro);
        let signature = &items.functions[2].signature;
        assert_eq!(
            &text[signature.start as usize..signature.end as usize],
            "fn method(&mut self, b: &[u8]) -> usize"
        );
    }

    #[test]
    fn signatures_are_summarised_as_syn_would() {
        let poll = |result| ReturnKind::Poll { result };
        for (text, parameters, receiver, returns) in [
            ("fn f() {}", 0, false, ReturnKind::Unit),
            ("fn f() -> () {}", 0, false, ReturnKind::Unit),
            ("fn f(self) {}", 0, true, ReturnKind::Unit),
            ("fn f(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {}", 1, true, poll(true)),
            ("fn f(&'a mut self, a: HashMap<K, V>, b: impl Fn(u8, u8) -> u8,) -> std::task::Poll<()>;", 2, true, poll(false)),
            ("fn f<F: Fn() -> u8>(x: (u8, u8)) -> (Poll<Result<(), E>>) {}", 1, false, poll(true)),
            ("fn f() -> <T as X>::Poll {}", 0, false, poll(false)),
            ("fn f() -> Poll<Option<Result<u8, E>>> {}", 0, false, poll(false)),
            ("fn f() -> io::Result<usize> {}", 0, false, ReturnKind::Result),
            ("fn f() -> impl Future<Output = io::Result<()>> {}", 0, false, ReturnKind::Other),
            ("fn f() -> Option<Poll<()>> {}", 0, false, ReturnKind::Other),
            ("fn f() -> (u8, Poll<()>) {}", 0, false, ReturnKind::Other),
            ("fn f() -> &Poll<()> {}", 0, false, ReturnKind::Other),
            ("fn f() -> Poll<()> where T: Fn() -> u8 {}", 0, false, poll(false)),
            ("fn f(self: Box<Self>, #[attr] a: u8) {}", 1, true, ReturnKind::Unit),
            ("fn f(&self, a: [u8; 4], (b, c): (u8, u8)) -> Result<usize, E> {}", 2, true, ReturnKind::Result),
        ] {
            let found = summary(text);
            assert_eq!(
                (found.parameters, found.has_receiver, found.returns),
                (parameters, receiver, returns),
                "{text}"
            );
        }
        let facts = summary("fn f() -> impl Future<Output = io::Result<usize>> {}");
        assert!(facts.returns_usize && facts.mentions_result);
        let facts = summary("fn f() -> u8 { let x: usize = 0; Result::Ok(x) }");
        assert!(!facts.returns_usize && !facts.mentions_result);
    }

    #[test]
    fn impl_headers_name_the_type_and_the_trait() {
        for (text, self_name, trait_name) in [
            (
                "impl<T: AsyncWrite> AsyncWrite for Conn<T> {}",
                Some("Conn"),
                Some("AsyncWrite"),
            ),
            ("impl Write for &'_ File {}", Some("File"), Some("Write")),
            (
                "unsafe impl<T> Send for crate::a::B<T> where for<'a> &'a T: X {}",
                Some("B"),
                Some("Send"),
            ),
            (
                "impl<T> tokio::io::AsyncWrite for Box<dyn for<'a> Fn(&'a u8)> {}",
                Some("Box"),
                Some("AsyncWrite"),
            ),
            ("impl !Sync for S {}", Some("S"), Some("Sync")),
            ("impl<W: Write> Encoder<W> {}", Some("Encoder"), None),
        ] {
            let items = file_items(text);
            assert!(items.clean, "{text}");
            assert_eq!(items.impls.len(), 1, "{text}");
            assert_eq!(items.impls[0].self_name.as_deref(), self_name, "{text}");
            assert_eq!(items.impls[0].trait_name.as_deref(), trait_name, "{text}");
        }
    }

    #[test]
    fn types_uses_and_aliases_are_found() {
        let text = "#[derive(Debug)]\npub struct A<T> where T: Fn(u8) { io: T }\n\
                    struct B(u8, Vec<u8>) where u8: Copy;\nenum C { X, Y(u8) }\n\
                    union D { a: u8 }\ntype E<'a> = &'a mut Vec<u8>;\n\
                    trait F: Write + Send { type Out; }\n\
                    fn g() { use std::fmt::Write as _; impl X for Y { fn z(&self) {} } }\n\
                    fn h() { quote! { use std::io::Write; } }\n\
                    fn i() { struct Stand(Vec<u8>); let structure = 1; }\n";
        let items = file_items(text);
        assert!(items.clean);
        let kinds: Vec<(TypeKind, &str)> = items.types.iter().map(|t| (t.kind, &*t.name)).collect();
        assert_eq!(
            kinds,
            [
                (TypeKind::Struct, "A"),
                (TypeKind::Struct, "B"),
                (TypeKind::Enum, "C"),
                (TypeKind::Union, "D"),
                (TypeKind::Alias, "E"),
                (TypeKind::Trait, "F"),
                (TypeKind::Alias, "Out"),
                (TypeKind::Struct, "Stand"),
            ]
        );
        assert_eq!(text_of_type(text, &items, 7), "struct Stand(Vec<u8>);");
        let text_of = |span: &Span| &text[span.start as usize..span.end as usize];
        assert_eq!(
            text_of(&items.types[0].range),
            "struct A<T> where T: Fn(u8) { io: T }"
        );
        assert_eq!(
            text_of(&items.types[1].range),
            "struct B(u8, Vec<u8>) where u8: Copy;"
        );
        assert_eq!(text_of(&items.types[5].range), "trait F: Write + Send");
        assert_eq!(items.types[6].owner, Owner::Trait(5));
        let uses: Vec<&str> = items.uses.iter().map(|u| text_of(&u.range)).collect();
        assert_eq!(uses, ["use std::fmt::Write as _;"]);
        assert_eq!(items.impls[0].self_name.as_deref(), Some("Y"));
        assert_eq!(names(&items), ["g", "z", "h", "i"]);
        assert_eq!(items.functions[1].owner, Owner::Impl(0));
        let body = items.functions[3].body.clone().unwrap();
        assert_eq!(
            &text[body.start as usize..body.end as usize],
            "{ struct Stand(Vec<u8>); let structure = 1; }"
        );
    }

    #[test]
    fn bodies_of_result_and_poll_functions_record_their_calls() {
        let text = "impl C {\n\
                    async fn frame(&mut self, b: &[u8]) -> io::Result<()> {\n\
                        self.io.write_all(b).await?; let s = \"flush(\"; self.io.flush().await\n\
                    }\n\
                    fn goaway(&mut self) -> Result<(), E> { self.frame(&[1])?; helper::<u8>(x(1)); Ok(()) }\n\
                    fn logs(&mut self) -> io::Result<()> { writeln!(self.out, \"x\") }\n\
                    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result { write!(f, \"x\") }\n\
                    fn count(&self) -> usize { self.frame(&[]); 1 }\n\
                    fn poll_it(&mut self) -> Poll<Result<usize, E>> { fn inner() -> u8 { w(1) } Poll::Ready(Ok(self.n())) }\n\
                    }\n";
        let items = file_items(text);
        assert!(items.clean);
        let facts: Vec<(&str, bool, Vec<u64>, bool)> = items
            .functions
            .iter()
            .map(|f| {
                (
                    &*f.name,
                    f.io_call,
                    f.callees.clone(),
                    f.summary.unit_payload,
                )
            })
            .collect();
        assert_eq!(
            facts,
            [
                ("frame", true, vec![], true),
                (
                    "goaway",
                    false,
                    vec![name_hash(b"frame"), name_hash(b"x")],
                    true
                ),
                ("logs", true, vec![], true),
                // A formatter writes into memory: not recorded.
                ("fmt", false, vec![], true),
                // Not recorded: it returns neither a `Result` nor a `Poll`.
                ("count", false, vec![], false),
                // Not recorded: its `Poll` holds a count.
                ("poll_it", false, vec![], false),
                ("inner", false, vec![], false),
            ]
        );
    }

    fn text_of_type<'t>(text: &'t str, items: &FileItems, at: usize) -> &'t str {
        let range = &items.types[at].range;
        &text[range.start as usize..range.end as usize]
    }

    #[test]
    fn trouble_keeps_what_was_found() {
        let items = file_items("fn a() {}\nfn b() { let s = \"open; }\nfn c() {}\n");
        assert!(!items.clean);
        assert_eq!(names(&items), ["a", "b"]);
        // Inside a body only braces are counted: a stray `)` goes unseen,
        // an unclosed brace does not.
        let items = file_items("fn a() {}\nfn b() { { }\n");
        assert!(!items.clean);
        let deep = format!("fn f() {{ {}{} }}", "{".repeat(3000), "}".repeat(3000));
        assert!(!file_items(&deep).clean);
        let nested = format!("{}{}", "fn f() { ".repeat(3000), "}".repeat(3000));
        assert!(!file_items(&nested).clean);
    }

    #[test]
    fn literals_and_operators_do_not_confuse_the_body_loop() {
        let text = "fn a() { let c = '{'; let d = b'}'; let s = r#\"}\"#; let t = br\"{\"; \
                    if !(x) { y() } let l: &'static str = \"\\\"}\"; }\nfn b() {}\n";
        let items = file_items(text);
        assert!(items.clean);
        assert_eq!(names(&items), ["a", "b"]);
        let text = "fn a() { let f = buffer.flush(); let u = user; let i = info!(x); }\nfn b() {}";
        assert_eq!(names(&file_items(text)), ["a", "b"]);
    }

    #[test]
    fn a_byte_order_mark_and_a_shebang_keep_offsets() {
        let text = "\u{feff}#!/usr/bin/env run\nfn f() {}\n";
        let items = file_items(text);
        let signature = &items.functions[0].signature;
        assert_eq!(
            &text[signature.start as usize..signature.end as usize],
            "fn f()"
        );
    }
}
