//! A byte-level look at a file before syn parses it: most Rust files cannot
//! hold a finding, and parsing them is most of a scan's cost.
//!
//! Every finding is made at a call whose name the rules recognise: a
//! `poll_*` method, an IO method (`write`, `flush`, `shutdown`, …) or the
//! `write!` family, a name the configuration adds, or a name that the
//! crate-wide index declares as returning `Poll`. A finding can also be a
//! suppression that suppressed nothing, which needs the word `pollcheck`.
//! So a file is parsed only if its code (comments, strings and characters
//! skipped) mentions one of those names, and then only in part:
//!
//! * first pass, [`Needles::plan`]: `pollcheck` anywhere in the file has
//!   it parsed whole. A file whose raw bytes hold no likely mention (the
//!   needles `write`, `Poll`, `poll`, `close`, `flush`, `shutdown`, `sync_`
//!   found with memchr, then looked at in place: is it a write-side poll
//!   name, an IO name before `(`, `!` or `::`, `Poll` after `->`?) is not
//!   parsed, nor lexed, unless it holds a NUL byte. In the others, an item
//!   is parsed if it mentions
//!   - a call of a write-side poll ([`is_write_side_poll`]: `poll_flush`,
//!     not `poll_read` nor `poll`) whose value may be thrown away, as for
//!     IO calls below, or whose `Pending` may be matched and ignored (a `{`
//!     follows it) or taken by `ready!`; a configured name anywhere;
//!   - the declaration of a write-side poll, and `Poll` in the signature of
//!     a function whose name does not start with `poll` (the crate-wide
//!     index needs it: `fn drive(..) -> Poll<()>`): these want the
//!     function's signature only, and its body is left out unless something
//!     in it is wanted (`poll_flush`, `poll_shutdown` and `poll_close` are
//!     kept whole: `shutdown_without_flush` reads them). Other mentions of
//!     the type (`Poll::Ready(x)`, `fn poll_next(..) -> Poll<…>`) hold
//!     nothing the rules report;
//!   - a call of an IO method (or `name::<T>(…)`), or a `write!` or
//!     `writeln!`, whose value may be thrown away: one that ends a
//!     statement (`;`), is the value of `_ =` or `drop(…)`, or stands in
//!     parentheses. Not one whose value a method other than `.ok()`,
//!     `.await` and the shape-keeping adapters uses (`.unwrap()`), a `?`
//!     unpacks when the `Ok` value is no byte count (`w.flush().await?`),
//!     `let name =` keeps, `{` tests (`if`, `match`), or that is a tail, an
//!     arm, an element, an operand or a call's argument; never `fn write(`
//!     (a declaration).
//!
//!   Every function of an IO method's name is kept with them, its
//!   signature only, and every `use` that may import `Write` (the rules
//!   read those from the whole file); the other items, also inside `impl`,
//!   `trait`, `mod` and `extern` blocks, are left out: the kept ranges are
//!   joined into an excerpt ([`crate::parse::excerpt`]) whose offsets map
//!   back to the file. Should the excerpt not parse, the whole file is
//!   parsed.
//! * second pass, [`mentions_any`]: in a crate whose index declares
//!   `Poll`-returning functions with other names (`fn drive(..) -> Poll<()>`),
//!   the files the first pass skipped or parsed in part are read again and
//!   parsed whole if they mention one of those names: they may call one, or
//!   declare another function of the same name, which makes the index's
//!   answer ambiguous.
//!
//! A file the first pass lexes that does not lex cleanly (an unterminated
//! string or comment, unbalanced or too deeply nested brackets, a control
//! character in code) is parsed whole, so that the parser reports what is
//! wrong with it exactly as without the pre-filter. Syntax errors in files
//! that cannot hold a finding are not looked for (`--no-prefilter` does).
//!
//! The pre-filter mirrors what the rules look at; the engine's tests check
//! that the findings on the test corpus are the same with and without it,
//! and `bench/prefilter-check.sh` does the same on the benchmark corpus.

use std::collections::HashSet;

use aho_corasick::AhoCorasick;
use memchr::memmem::Finder;
use std::ops::Range;

use crate::lex::{
    ident_end, ident_start, next_significant, scan, significant_from, Observer, Outcome, CLASSES,
    IDENT,
};
use crate::names::{io_returns_amount, is_shape_keeping_adapter, is_write_side_poll};

/// IO method and macro names the rules look at. Only a mention followed by
/// `(`, `!` or `::` can be a call of one.
const IO_NAMES: &[&[u8]] = &[
    b"close",
    b"flush",
    b"shutdown",
    b"sync_all",
    b"sync_data",
    b"write",
    b"write_all",
    b"write_all_buf",
    b"write_all_vectored",
    b"write_buf",
    b"write_fmt",
    b"write_vectored",
    b"writeln",
];

/// What to parse of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing: no finding can be in it.
    Skip,
    /// The whole file.
    Whole,
    /// Only these byte ranges of the text as [`crate::parse::prepare`] makes
    /// it, in order and apart: the items to parse, the others left out
    /// (whitespace-only gaps between them too).
    Items(Vec<Range<usize>>),
}

/// Byte strings one of which every name the first pass looks for contains:
/// a file with none of them (in code, comments or literals) is skipped
/// unread. The most common come first.
const RAW_NEEDLES: &[&[u8]] = &[
    b"write",
    b"Poll",
    b"poll",
    b"close",
    b"flush",
    b"shutdown",
    b"sync_",
];

/// The names that make the first pass parse a file.
#[derive(Debug, Clone)]
pub struct Needles {
    /// Names from the configuration (extra write polls and IO writes),
    /// matched as whole identifiers.
    extra: Vec<String>,
    /// [`RAW_NEEDLES`] and the `extra` names, searched for in raw bytes.
    raw: Vec<Finder<'static>>,
}

impl Default for Needles {
    fn default() -> Self {
        Needles::new([])
    }
}

impl Needles {
    /// The built-in names plus `extra` ones from the configuration.
    pub fn new(extra: impl IntoIterator<Item = String>) -> Self {
        let extra: Vec<String> = extra.into_iter().collect();
        let raw = RAW_NEEDLES
            .iter()
            .copied()
            .chain(extra.iter().map(String::as_bytes))
            .filter(|needle| !needle.is_empty());
        Needles {
            raw: raw.map(|needle| Finder::new(needle).into_owned()).collect(),
            extra,
        }
    }

    /// Whether `ident` is one of the configured names.
    fn is_configured(&self, ident: &[u8]) -> bool {
        self.extra.iter().any(|name| name.as_bytes() == ident)
    }

    /// Whether `text` (a file as read) must be parsed at all.
    pub fn wants(&self, text: &str) -> bool {
        self.plan(text) != Plan::Skip
    }

    /// Whether some occurrence of a needle in `bytes` (code, comments and
    /// literals alike) looks like a mention [`Planner`] may want: a
    /// write-side poll name, a configured name, an IO method name followed
    /// by `(`, `!` or `::`, or `Poll` as a return type (`-> Poll<…>`,
    /// `-> std::task::Poll<…>`). When unsure (a comment in between), it is.
    /// Comments and literals can only take mentions away, so a file with
    /// none is one the planner would skip, or want only for `Poll` in a
    /// parameter's type, which the index does not record.
    fn may_mention(&self, bytes: &[u8]) -> bool {
        self.raw.iter().any(|needle| {
            needle.find_iter(bytes).any(|at| {
                let start = ident_start(bytes, at);
                let end = ident_end(bytes, at);
                let ident = &bytes[start..end];
                if ident == b"Poll" {
                    return returned_type_at(bytes, start);
                }
                if self.is_configured(ident) || is_write_side_poll_ident(ident) {
                    return true;
                }
                IO_NAMES.contains(&ident)
                    && matches!(
                        bytes[end..].iter().find(|byte| !byte.is_ascii_whitespace()),
                        Some(b'(' | b'!' | b':' | b'/')
                    )
            })
        })
    }

    /// What of `text` (a file as read) must be parsed.
    pub fn plan(&self, text: &str) -> Plan {
        // Suppressions are read from the text as it is, a shebang line that
        // preparing blanks included: `pollcheck` anywhere has it parsed.
        if memchr::memmem::find(text.as_bytes(), b"pollcheck").is_some() {
            return Plan::Whole;
        }
        let prepared = crate::parse::prepare(text);
        let bytes = prepared.text.as_bytes();
        if !self.may_mention(bytes) {
            // Nothing to parse. A NUL byte is in no Rust file: parsed, the
            // file is reported (a binary file named `.rs`).
            return if memchr::memchr(0, bytes).is_some() {
                Plan::Whole
            } else {
                Plan::Skip
            };
        }
        let mut first = FIRST_BYTES;
        for name in &self.extra {
            if let Some(&byte) = name.as_bytes().first() {
                first[usize::from(byte)] = true;
            }
        }
        let mut planner = Planner {
            needles: self,
            first,
            previous: b' ',
            pending: Vec::new(),
            frames: vec![Frame::new(0)],
            blank: Vec::new(),
            wanted: false,
            signature: None,
            binding: LetState::None,
            groups: Vec::new(),
            last_ident: 0..0,
            assigned_to_underscore: None,
        };
        match scan(bytes, &mut planner) {
            Outcome::Stopped | Outcome::Trouble => Plan::Whole,
            Outcome::Clean if !planner.wanted => Plan::Skip,
            Outcome::Clean => Plan::Items(kept_ranges(bytes, planner.blank)),
        }
    }
}

/// Whether `bytes` (a file as read) may declare a function that returns
/// `Poll`: `Poll` appears as a return type (comments and literals included,
/// so the answer errs on the side of yes). Only such files need to be read
/// for the names a crate declares as returning `Poll`.
pub fn may_declare_poll(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"Poll").any(|at| {
        let start = ident_start(bytes, at);
        &bytes[start..ident_end(bytes, at)] == b"Poll" && returned_type_at(bytes, start)
    })
}

/// [`is_write_side_poll`] for an identifier's bytes.
fn is_write_side_poll_ident(ident: &[u8]) -> bool {
    ident.starts_with(b"poll_") && std::str::from_utf8(ident).is_ok_and(is_write_side_poll)
}

/// Whether the type path ending at `start` (`Poll`, `task::Poll`,
/// `(Poll`) follows `->`: a function's return type. True as well when a
/// comment or a qualified path (`<T as X>::Poll`) stands in the way.
fn returned_type_at(bytes: &[u8], start: usize) -> bool {
    let before = |at: usize| {
        bytes[..at]
            .iter()
            .rposition(|byte| !byte.is_ascii_whitespace())
            .map_or(0, |last| last + 1)
    };
    let mut at = before(start);
    loop {
        let preceding = &bytes[..at];
        if preceding.ends_with(b"->") || preceding.ends_with(b"/") || preceding.ends_with(b">::") {
            return true;
        }
        if preceding.ends_with(b"::") {
            // A path segment, or the leading `::` of `::std::task::Poll`.
            at = before(ident_start(bytes, before(at - 2)));
        } else if preceding.ends_with(b"(") {
            at = before(at - 1);
        } else {
            return false;
        }
    }
}

/// The ranges of `bytes` that `blank` (items, some inside others) leaves,
/// but for those holding only whitespace. Items start at a token and end
/// after `;` or `}`, so the ranges are on character boundaries.
fn kept_ranges(bytes: &[u8], mut blank: Vec<Range<usize>>) -> Vec<Range<usize>> {
    blank.sort_unstable_by_key(|range| range.start);
    let mut kept = Vec::new();
    let mut keep = |range: Range<usize>| {
        if bytes[range.clone()]
            .iter()
            .any(|byte| !byte.is_ascii_whitespace())
        {
            kept.push(range);
        }
    };
    let mut at = 0;
    for range in blank.into_iter().filter(|range| !range.is_empty()) {
        if range.start > at {
            keep(at..range.start);
        }
        at = at.max(range.end);
    }
    if at < bytes.len() {
        keep(at..bytes.len());
    }
    kept
}

/// The part of `text` (prepared) that `kept` (its [`Plan::Items`])
/// leaves out, with the kept ranges blanked (line breaks stay).
pub fn left_out(text: &str, kept: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in kept {
        for byte in &mut bytes[range.clone()] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    }
    // Kept ranges are whole characters, so this is UTF-8; should it not be,
    // the whole text stands in for it.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// Whether the `use` declaration whose path starts at `at` may bring a
/// `Write` trait into scope, which is all the rules read `use`s for: it names
/// `Write`, or globs (`*`) a path with `io` or `prelude` in it. It is read up
/// to the first `;`; a comment, which might hide that `;`, makes it a maybe.
fn may_import_write(bytes: &[u8], at: usize) -> bool {
    let rest = &bytes[at..];
    let declaration = &rest[..memchr::memchr(b';', rest).unwrap_or(rest.len())];
    // Declarations are short: plain searches beat building searchers.
    let has = |needle: &[u8]| declaration.windows(needle.len()).any(|part| part == needle);
    has(b"Write")
        || declaration.contains(&b'/')
        || (declaration.contains(&b'*') && (has(b"io") || has(b"prelude")))
}

/// What [`Planner`] records as the code before an identifier that follows
/// the keyword `fn`.
const FN: u8 = b'f';

/// The first bytes of the built-in names.
const FIRST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut at = 0;
    while at < IO_NAMES.len() {
        table[IO_NAMES[at][0] as usize] = true;
        at += 1;
    }
    table[b'p' as usize] = true;
    table[b'P' as usize] = true;
    table
};

/// The names a crate declares as returning `Poll` that the first pass does
/// not look for, with a searcher for them in raw bytes (for the second pass).
#[derive(Debug, Clone)]
pub struct DeclaredNames {
    names: HashSet<String>,
    raw: AhoCorasick,
}

impl DeclaredNames {
    /// A searcher for `names`.
    pub fn new(names: HashSet<String>) -> Self {
        let raw = AhoCorasick::new(names.iter().filter(|name| !name.is_empty()))
            .expect("a crate's function names build a searcher");
        DeclaredNames { names, raw }
    }

    /// Whether `text` holds one of the names anywhere (code, comments or
    /// literals): a file without any needs no second look.
    pub fn appear_in(&self, text: &str) -> bool {
        self.raw.is_match(text)
    }

    /// Whether the code of `text` mentions one of the names as an identifier
    /// (or does not lex cleanly).
    pub fn mentioned_in(&self, text: &str) -> bool {
        mentions_any(text, &self.names)
    }
}

/// Whether the code of `text` mentions one of `names` as an identifier (or
/// does not lex cleanly).
pub fn mentions_any(text: &str, names: &HashSet<String>) -> bool {
    struct Finder<'n> {
        names: &'n HashSet<String>,
        first: [bool; 256],
    }
    impl Observer for Finder<'_> {
        fn ident(&mut self, bytes: &[u8], ident: Range<usize>, _: usize) -> bool {
            self.first[usize::from(bytes[ident.start])]
                && std::str::from_utf8(&bytes[ident]).is_ok_and(|ident| self.names.contains(ident))
        }
    }
    let mut first = [false; 256];
    for name in names {
        if let Some(&byte) = name.as_bytes().first() {
            first[usize::from(byte)] = true;
        }
    }
    scan(text.as_bytes(), &mut Finder { names, first }) != Outcome::Clean
}

/// A block of items being scanned: the file, or the body of an `impl`,
/// `trait`, `mod` or `extern` block.
struct Frame {
    /// The depth of its items.
    depth: usize,
    /// Where the current item starts, once it has a token.
    start: Option<usize>,
    /// Whether the current item must be parsed.
    wanted: bool,
    /// Whether one of the current item's inner items must be parsed (so it
    /// is kept, minus its other inner items).
    inner_wanted: bool,
    /// The current item's first keyword, after `pub`, `unsafe` and the like.
    keyword: Option<&'static str>,
    /// Whether the current item has `fn` at its own depth (a function, not a
    /// block of items).
    has_fn: bool,
    /// Whether the current item (a function) must be parsed for its
    /// signature only: its body may be left out unless it is wanted too.
    signature_wanted: bool,
    /// Where the body of the current item's function opens, once it has.
    body: Option<usize>,
}

impl Frame {
    fn new(depth: usize) -> Self {
        Frame {
            depth,
            start: None,
            wanted: false,
            inner_wanted: false,
            keyword: None,
            has_fn: false,
            signature_wanted: false,
            body: None,
        }
    }
}

/// The first pass of the pre-filter, as a scan observer: decides whether to
/// parse the whole file, some of its items, or none.
struct Planner<'n> {
    needles: &'n Needles,
    first: [bool; 256],
    /// The last token before the current one: its byte, `a` for an
    /// identifier, [`FN`] for `fn`, `"` for a literal.
    previous: u8,
    /// IO calls and `write!`s whose group has not closed yet.
    pending: Vec<Pending>,
    /// The blocks of items open around the current token, the file first.
    frames: Vec<Frame>,
    /// Byte ranges of items not to parse.
    blank: Vec<Range<usize>>,
    /// Whether some item must be parsed.
    wanted: bool,
    /// The function signature being scanned, if any.
    signature: Option<Signature>,
    /// The `let` statement being scanned, if any.
    binding: LetState,
    /// What each bracket open around the current token starts.
    groups: Vec<Group>,
    /// Where the last identifier ends (its text decides what a `(` right
    /// after it starts).
    last_ident: Range<usize>,
    /// The depth of a `_ =` whose value is being scanned: a call that is
    /// that value is thrown away, whatever follows it.
    assigned_to_underscore: Option<usize>,
}

/// What an open bracket starts, as far as a call inside it is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    /// `(` after a function or macro name: a value ending at `,` or `)` in
    /// it is an argument, which no rule sees thrown away.
    Arguments,
    /// `drop(`: a value ending at `,` or `)` in it is thrown away.
    Drop,
    /// `ready!(`: a poll in it is looked at through the macro.
    Ready,
    /// Any other `(`: a parenthesised expression, a tuple, a condition
    /// after a keyword; what becomes of a value in it is not known here.
    Parenthesis,
    /// `[` or `{`.
    Other,
}

/// A function signature, from its name to its body or `;`.
#[derive(Clone, Copy)]
struct Signature {
    /// The depth of the `fn`.
    depth: usize,
    /// Whether its name starts with `poll`.
    poll_named: bool,
}

impl Planner<'_> {
    /// Notes a token at `at` and `depth`: it may start an item.
    fn token(&mut self, at: usize, depth: usize) {
        let frame = self.frames.last_mut().expect("the file's frame stays");
        if depth == frame.depth && frame.start.is_none() {
            frame.start = Some(at);
        }
    }

    /// The current item of the innermost block holds a mention: the file
    /// must be parsed, and the item with it.
    fn want(&mut self) {
        self.wanted = true;
        self.keep();
    }

    /// The current item of the innermost block is to be parsed if the file
    /// is.
    fn keep(&mut self) {
        self.frames
            .last_mut()
            .expect("the file's frame stays")
            .wanted = true;
    }

    /// The current item (a function) is to be parsed, for its signature at
    /// least, if the file is. A function inside a body is kept whole, with
    /// the item around it.
    fn keep_signature(&mut self) {
        let frame = self.frames.last_mut().expect("the file's frame stays");
        if self
            .signature
            .is_some_and(|signature| signature.depth == frame.depth)
        {
            frame.signature_wanted = true;
        } else {
            frame.wanted = true;
        }
    }

    /// Ends the current item of the innermost block at `end`.
    fn end_item(&mut self, end: usize) {
        let depth = self.frames.len();
        let frame = self.frames.last_mut().expect("the file's frame stays");
        if let Some(start) = frame.start.take() {
            if frame.wanted || frame.inner_wanted || frame.signature_wanted {
                if !frame.wanted && !frame.inner_wanted {
                    // `fn name(…) -> T { … }`: the body is left out.
                    if let Some(body) = frame.body.filter(|&body| body + 2 < end) {
                        self.blank.push(body + 1..end - 1);
                    }
                }
                if depth > 1 {
                    self.frames[depth - 2].inner_wanted = true;
                }
            } else {
                self.blank.push(start..end);
            }
        }
        let frame = self.frames.last_mut().expect("the file's frame stays");
        frame.wanted = false;
        frame.inner_wanted = false;
        frame.keyword = None;
        frame.has_fn = false;
        frame.signature_wanted = false;
        frame.body = None;
    }

    /// The signature being scanned holds a mention that only the signature
    /// of its function needs (the crate-wide index, or a declaration the
    /// rules look up): the file must be parsed, and the function with it,
    /// but its body only if something else wants it.
    fn want_signature(&mut self) {
        self.wanted = true;
        self.keep_signature();
    }

    /// Whether an IO name or `write!` at `ident` is a call, a macro or a
    /// turbofish whose value the rules may look at.
    fn io_mention(
        &mut self,
        bytes: &[u8],
        ident: &[u8],
        end: usize,
        depth: usize,
        previous: u8,
    ) -> bool {
        let rest = next_significant(bytes, end);
        let is_macro = rest.starts_with(b"!") && !rest.starts_with(b"!=");
        if matches!(ident, b"write" | b"writeln") && is_macro {
            // Decided at its closing bracket, by what follows, as a call is.
            self.pending.push(Pending {
                depth,
                kind: PendingKind::WriteMacro,
            });
            return false;
        }
        // `fn write(` declares one, which is no call.
        if previous == FN {
            return false;
        }
        if rest.starts_with(b"(") {
            // Decided at its `)`, by what follows.
            let amount = std::str::from_utf8(ident).is_ok_and(io_returns_amount);
            self.pending.push(Pending {
                depth,
                kind: PendingKind::Call { amount },
            });
            return false;
        }
        // `name::<T>(…)`, a call with its generic arguments written out (a
        // module path, `write::Writer`, is none); other macros (`flush!`)
        // are not looked at by the rules, only what they are given.
        rest.starts_with(b"::")
            && next_significant(bytes, bytes.len() - rest.len() + 2).starts_with(b"<")
    }

    /// Whether the value of a call or macro at `depth`, whose group closes
    /// just before `at`, may be one the rules see thrown away: a `let _ =`,
    /// `let _name =`, `_ =`, `drop(…)` or statement value, as far as the
    /// bytes after it tell (called with the call's own group closed).
    fn thrown_away(&self, bytes: &[u8], at: usize, kind: PendingKind, depth: usize) -> bool {
        if self.binding == LetState::Bound(depth) {
            return false;
        }
        match after_value(bytes, at, kind) {
            After::Used => false,
            _ if self.assigned_to_underscore == Some(depth) => true,
            // `ready!(x.poll_write(cx, buf))?;`, `match x.poll_flush(cx) {`.
            After::End(Some(b'{')) => true,
            _ if kind == PendingKind::Poll && self.groups.last() == Some(&Group::Ready) => true,
            After::End(None | Some(b';' | b'$')) => true,
            After::End(Some(b')')) => {
                matches!(self.groups.last(), Some(Group::Drop | Group::Parenthesis))
            }
            After::End(Some(b',')) => self.groups.last() == Some(&Group::Drop),
            // A tail, an arm, an element, an operand, a cast.
            After::End(Some(_)) => false,
        }
    }
}

/// An IO call or `write!` whose closing bracket is still to come.
struct Pending {
    /// The depth of its name, where its group closes.
    depth: usize,
    kind: PendingKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PendingKind {
    /// `write!(…)` or `writeln!(…)`.
    WriteMacro,
    /// `name(…)` of an IO method; `amount` when its `Ok` value is a count.
    Call { amount: bool },
    /// `name(…)` of a write-side poll.
    Poll,
}

/// What follows a call's or macro's value.
#[derive(Debug, PartialEq, Eq)]
enum After {
    /// Something that uses the value: a method other than `.ok()`, `.await`
    /// and the adapters that keep the value's shape (`.unwrap()`,
    /// `.is_err()`), a `?` that takes the error out of a `Result` holding
    /// no byte count (the count is a value of its own), or, after an IO
    /// call, a `{` (the value is a condition or a scrutinee; a poll's ends
    /// there, since its `Pending` may be matched and ignored).
    Used,
    /// The value ends before this byte (`None` at the end of the text).
    End(Option<u8>),
}

/// What follows the value of a call or macro whose group closes just
/// before `at`, past `.await`, `.ok()`, shape-keeping adapters and a `?` on
/// a byte count.
fn after_value(bytes: &[u8], mut at: usize, kind: PendingKind) -> After {
    loop {
        at = significant_from(bytes, at);
        match bytes.get(at) {
            Some(b'.') => {}
            Some(b'?') => {
                // A poll stays a poll under `?`; a count stays a value.
                if !matches!(kind, PendingKind::Call { amount: true } | PendingKind::Poll) {
                    return After::Used;
                }
                at += 1;
                continue;
            }
            // A poll's `Pending` may be matched and ignored.
            Some(b'{') if kind == PendingKind::Poll => return After::End(Some(b'{')),
            Some(b'{') => return After::Used,
            other => return After::End(other.copied()),
        }
        let start = significant_from(bytes, at + 1);
        let end = ident_end(bytes, start);
        match &bytes[start..end] {
            b"await" => at = end,
            // `x.0`, or a method the next bytes do not show.
            b"" => return After::End(Some(b'.')),
            method => {
                let keeps = std::str::from_utf8(method)
                    .is_ok_and(|method| method == "ok" || is_shape_keeping_adapter(method));
                if !keeps {
                    return After::Used;
                }
                // Past the adapter's arguments.
                at = match significant_from(bytes, end) {
                    open if bytes.get(open) == Some(&b'(') => match group_end(bytes, open) {
                        Some(close) => close,
                        None => return After::End(None),
                    },
                    _ => end,
                };
            }
        }
    }
}

/// The byte after the bracket that closes the one at `open`, skipping
/// literals and comments; `None` if it does not close.
fn group_end(bytes: &[u8], open: usize) -> Option<usize> {
    /// Stops at the first closing bracket at the depth of the opening one.
    struct Closer {
        end: Option<usize>,
    }
    impl Observer for Closer {
        fn other(&mut self, _: &[u8], at: usize, token: u8, depth: usize) -> bool {
            if depth == 0 && matches!(token, b')' | b']' | b'}') {
                self.end = Some(at + 1);
                return true;
            }
            false
        }
    }
    let mut closer = Closer { end: None };
    scan(&bytes[open..], &mut closer);
    closer.end.map(|end| open + end)
}

/// Follows `let name = …;` statements, so that a call made in the
/// initializer, at the `let`'s own depth, is known to be kept in a binding
/// (`let n = w.write(buf)?;`), unless the name starts with `_`. Anything
/// unexpected (a pattern, a second `=`) forgets the statement, which only
/// makes the planner keep more.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum LetState {
    #[default]
    None,
    /// After `let` (and `mut`, `ref`) at this depth.
    Pattern(usize),
    /// After `let name`.
    Named(usize),
    /// After `let name:`, in the type.
    Typed(usize),
    /// In the initializer of `let name =`.
    Bound(usize),
}

impl LetState {
    fn ident(self, ident: &[u8], depth: usize) -> Self {
        match self {
            _ if ident == b"let" => LetState::Pattern(depth),
            LetState::Pattern(at) if at == depth && matches!(ident, b"mut" | b"ref") => self,
            LetState::Pattern(at) if at == depth && !ident.starts_with(b"_") => LetState::Named(at),
            LetState::Typed(at) | LetState::Bound(at) if depth >= at => self,
            _ => LetState::None,
        }
    }

    fn punct(self, bytes: &[u8], at: usize, token: u8, depth: usize) -> Self {
        let next = bytes.get(at + 1).copied();
        match self {
            LetState::Named(start) | LetState::Typed(start)
                if depth == start && token == b'=' && !matches!(next, Some(b'=' | b'>')) =>
            {
                LetState::Bound(start)
            }
            LetState::Named(start) if depth == start && token == b':' && next != Some(b':') => {
                LetState::Typed(start)
            }
            LetState::Typed(start) if depth > start || (depth == start && token != b';') => self,
            LetState::Bound(start)
                if depth > start || (depth == start && !matches!(token, b';' | b'=')) =>
            {
                self
            }
            _ => LetState::None,
        }
    }
}

impl Observer for Planner<'_> {
    fn ident(&mut self, bytes: &[u8], range: Range<usize>, depth: usize) -> bool {
        self.token(range.start, depth);
        let ident = &bytes[range.clone()];
        self.last_ident = range.clone();
        self.binding = self.binding.ident(ident, depth);
        if ident == b"_" {
            let rest = next_significant(bytes, range.end);
            if rest.starts_with(b"=") && !matches!(rest.get(1), Some(b'=' | b'>')) {
                self.assigned_to_underscore = Some(depth);
            }
        }
        let before = std::mem::replace(&mut self.previous, if ident == b"fn" { FN } else { b'a' });
        let frame = self.frames.last_mut().expect("the file's frame stays");
        if depth == frame.depth {
            if ident == b"fn" {
                frame.has_fn = true;
            }
            if frame.keyword.is_none() {
                frame.keyword = match ident {
                    b"pub" | b"unsafe" | b"default" | b"auto" => None,
                    b"impl" => Some("impl"),
                    b"trait" => Some("trait"),
                    b"mod" => Some("mod"),
                    b"extern" => Some("extern"),
                    _ => Some(""),
                };
            }
        }
        if before == FN {
            // A signature starts: it ends at the body's `{` or at `;`.
            self.signature = Some(Signature {
                depth,
                poll_named: ident.starts_with(b"poll"),
            });
        }
        if ident == b"use" {
            if may_import_write(bytes, range.end) {
                self.keep();
            }
            return false;
        }
        if !self.first[usize::from(ident[0])] {
            return false;
        }
        if ident == b"Poll" {
            // The index records functions that return `Poll` under names
            // that do not start with `poll`; other mentions of the type
            // (`Poll::Ready(…)`, `fn poll(…) -> Poll<…>`) hold no finding.
            if self
                .signature
                .is_some_and(|signature| !signature.poll_named)
            {
                self.want_signature();
            }
            return false;
        }
        if self.needles.is_configured(ident) {
            self.want();
            return false;
        }
        if is_write_side_poll_ident(ident) {
            if before == FN {
                // `shutdown_without_flush` reads these three bodies; the
                // other declarations matter for their signatures.
                if matches!(ident, b"poll_flush" | b"poll_shutdown" | b"poll_close") {
                    self.want();
                } else {
                    self.want_signature();
                }
            } else if next_significant(bytes, range.end).starts_with(b"(") {
                // Decided at its `)`, by what follows.
                self.pending.push(Pending {
                    depth,
                    kind: PendingKind::Poll,
                });
            } else {
                self.want();
            }
            return false;
        }
        if IO_NAMES.contains(&ident) {
            let mention = self.io_mention(bytes, ident, range.end, depth, before);
            // A function of an IO method's name: the rules read its
            // declaration from anywhere in the file.
            if mention {
                self.want();
            } else if before == FN {
                self.keep_signature();
            }
        }
        false
    }

    fn other(&mut self, bytes: &[u8], at: usize, token: u8, depth: usize) -> bool {
        self.token(at, depth);
        let before = std::mem::replace(&mut self.previous, token);
        self.binding = self.binding.punct(bytes, at, token, depth);
        match token {
            b'(' => {
                let group = match before {
                    b'a' if &bytes[self.last_ident.clone()] == b"drop" => Group::Drop,
                    b'a' if !is_keyword(&bytes[self.last_ident.clone()]) => Group::Arguments,
                    b'!' if &bytes[self.last_ident.clone()] == b"ready" => Group::Ready,
                    b'!' => Group::Arguments,
                    _ => Group::Parenthesis,
                };
                self.groups.push(group);
            }
            b'[' | b'{' => self.groups.push(Group::Other),
            b')' | b']' | b'}' => {
                self.groups.pop();
            }
            _ => {}
        }
        let frame_depth = self.frames.last().expect("the file's frame stays").depth;
        if token == b'{'
            && depth == frame_depth
            && self
                .signature
                .is_some_and(|signature| signature.depth == depth)
        {
            self.frames.last_mut().expect("the file's frame stays").body = Some(at);
        }
        if matches!(token, b'{' | b';')
            && self
                .signature
                .is_some_and(|signature| signature.depth == depth)
        {
            self.signature = None;
        }
        match token {
            b';' if depth == frame_depth => self.end_item(at + 1),
            b'{' if depth == frame_depth => {
                let frame = self.frames.last().expect("the file's frame stays");
                if matches!(frame.keyword, Some("impl" | "trait" | "mod" | "extern"))
                    && !frame.has_fn
                {
                    self.frames.push(Frame::new(depth + 1));
                }
            }
            b')' | b']' | b'}' => {
                while let Some(kind) = self
                    .pending
                    .last()
                    .filter(|pending| pending.depth == depth)
                    .map(|pending| pending.kind)
                {
                    self.pending.pop();
                    if self.thrown_away(bytes, at + 1, kind, depth) {
                        self.want();
                    }
                }
                if token == b'}' {
                    if self.frames.len() > 1
                        && self.frames.last().map(|f| f.depth) == Some(depth + 1)
                    {
                        // The end of a block of items: its last item ends,
                        // and the block's own item goes on.
                        self.end_item(at);
                        self.frames.pop();
                    }
                    let frame = self.frames.last().expect("the file's frame stays");
                    if depth == frame.depth {
                        // `struct S {}`, `fn f() {}`, `impl X {}` end here;
                        // `const C: S = S {};` and `S {}.f();` go on.
                        let next = next_significant(bytes, at + 1);
                        if next.first().is_none_or(|&b| {
                            b == b'#' || b == b'}' || CLASSES[usize::from(b)] == IDENT
                        }) {
                            self.end_item(at + 1);
                        }
                    }
                }
            }
            _ => {}
        }
        if matches!(token, b';' | b',' | b'{' | b'}')
            && self
                .assigned_to_underscore
                .is_some_and(|assigned| depth <= assigned)
        {
            self.assigned_to_underscore = None;
        }
        false
    }
}

/// Rust's keywords that may stand before a `(` that opens no call.
fn is_keyword(ident: &[u8]) -> bool {
    matches!(
        ident,
        b"as"
            | b"async"
            | b"await"
            | b"box"
            | b"break"
            | b"const"
            | b"continue"
            | b"crate"
            | b"dyn"
            | b"else"
            | b"enum"
            | b"extern"
            | b"false"
            | b"fn"
            | b"for"
            | b"if"
            | b"impl"
            | b"in"
            | b"let"
            | b"loop"
            | b"match"
            | b"mod"
            | b"move"
            | b"mut"
            | b"pub"
            | b"ref"
            | b"return"
            | b"self"
            | b"Self"
            | b"static"
            | b"struct"
            | b"super"
            | b"trait"
            | b"true"
            | b"type"
            | b"unsafe"
            | b"use"
            | b"where"
            | b"while"
            | b"yield"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wants(text: &str) -> bool {
        Needles::default().wants(text)
    }

    /// Asserts that none of `skipped` is wanted and every one of `wanted` is.
    fn assert_wants(skipped: &[&str], wanted: &[&str]) {
        for text in skipped {
            assert!(!wants(text), "{text}");
        }
        for text in wanted {
            assert!(wants(text), "{text}");
        }
    }

    #[test]
    fn poll_names_and_io_calls_are_wanted() {
        assert!(wants("fn f() { let _ = io.poll_flush(cx); }"));
        assert!(wants("fn f() -> Poll<()> { todo!() }"));
        assert!(wants("fn f() { w.write(b\"x\"); }"));
        assert!(wants("fn f() { w.write_all (b\"x\").ok(); }"));
        assert!(wants("fn f() { w.flush /* c */ (); }"));
        assert!(wants("fn f() { let _ = writeln!(w); }"));
        assert!(wants("fn f() { let _ = w.write::<u8>(1); }"));
        assert!(wants("fn f() { let _ = r#write(1); }"));
        assert!(wants("#[allow(pollcheck::discarded_poll)] fn f() {}"));
        assert!(wants("fn f() {} // pollcheck: allow(discarded_poll)"));
    }

    #[test]
    fn io_calls_whose_value_is_used_are_not_wanted() {
        assert_wants(
            &[
                "fn f() { w.write(b).unwrap(); }",
                "fn f() { w.write_all(b).expect(\"x\"); }",
                "fn f() -> R { w.flush()?; w.sync_all()?; Ok(()) }",
                "async fn f() -> R { w.flush().await?; w.write_all(b) . await ?; Ok(()) }",
                "fn f() { if w.flush().is_err() {} }",
                "fn f() { let n = w.write(b).unwrap_or(0); }",
                // No count under the `?`: nothing is lost.
                "fn f() -> R { w.flush().map_err(E::from)?; Ok(()) }",
                // A tuple is not looked into.
                "fn f() { (w.flush(), 1); }",
            ],
            &[
                // The count is lost under `?`.
                "fn f() -> R { w.write(b)?; Ok(()) }",
                "async fn f() -> R { w.write_vectored(b).await?; Ok(()) }",
                "fn f() -> R { w.write(b).map_err(E::from)?; Ok(()) }",
                "async fn f() { let _ = w.flush().await; }",
                "async fn f() { w.shutdown().await.ok(); }",
                "fn f() { w.close(); }",
            ],
        );
    }

    #[test]
    fn io_calls_kept_in_a_binding_or_tested_are_not_wanted() {
        assert_wants(
            &[
                "fn f() -> R { let n = w.write(b)?; let mut m: usize = w.write(b)?; Ok(()) }",
                "fn f() { let r = w.flush(); let s: Box<dyn X<Item = u8>> = y; }",
                "fn f() { let s = write!(w, \"x\"); }",
                "fn f() { if let Err(e) = w.flush() {} match w.close() { _ => {} } }",
                "fn f() { while w.write(b).is_ok() {} }",
                // A tuple is not looked into; a `let … else` has no value.
                "fn f() { let (a, b) = (w.flush(), 1); }",
                "fn f() { let Some(x) = w.flush() else { return }; }",
            ],
            &[
                "fn f() { let _ = w.flush(); }",
                "fn f() { let _n = w.write(b); }",
                "fn f() { let n = { w.flush(); 1 }; }",
                "fn f() { let n = 1; w.flush(); }",
                "fn f() { let c = || _ = w.flush(); }",
                "fn f() { let mut _x = write!(w, \"x\"); }",
            ],
        );
    }

    #[test]
    fn io_calls_that_are_tails_arms_elements_or_arguments_are_not_wanted() {
        assert_wants(
            &[
                "fn flush(&mut self) -> R { self.inner.flush() }",
                "fn f() { unsafe { p.write(v) }; }",
                "fn write(&mut self, b: &[u8]) -> R { Ok(self.w.write(b)?) }",
                "fn f() { g(w.flush()); h(1, w.close(), 2); }",
                "fn f() -> R { match s { A(w) => w.flush(), B(w) => w.write_all(b) } }",
                "fn f() { let v = [w.flush()]; let x = vec![w.flush(), w.close()]; }",
                "fn f() { m!(w.flush()); assert!(w.flush()); }",
                "fn f() { let c = || w.flush(); spawn(move || w.close()); }",
                "fn f() { g(write!(w, \"x\")); }",
                "fn f() { let o = write::Object::new(); if flush != 0 {} }",
                "fn f() { let n = w.write(b)? + 1; }",
            ],
            &[
                "fn f() { drop(w.flush()); std::mem::drop(w.close(),); }",
                "fn f() { if x { _ = w.flush() } }",
                "fn f() { match a { B => _ = w.flush(), C => {} } }",
                "fn f() { m!(_ = w.flush()); }",
                "fn f() { (w.flush()); }",
                "fn f() { let _ = (w.flush()); }",
                "fn f() { w.flush().map(|_| ()).ok(); }",
                "fn f() { w.write::<u8>(b); }",
                "macro_rules! m { ($w:ident) => { $w.flush() $(;)* } }",
            ],
        );
    }

    #[test]
    fn poll_calls_are_wanted_where_their_pending_may_be_lost() {
        assert_wants(
            &[
                "fn f(&mut self) -> R { g(self.io.poll_flush(cx)) }",
                "fn f() { let p = w.poll_flush(cx); }",
                "fn f() -> bool { w.poll_flush(cx).is_ready() }",
                "fn f() -> X { w.poll_write(cx, b).map(|_| ()) }",
            ],
            &[
                "fn f() { let _ = w.poll_flush(cx); }",
                "fn f() { w.poll_flush(cx)?; }",
                "fn f() { ready!(w.poll_write(cx, b))?; }",
                "fn f() { let n = task::ready!(w.poll_write(cx, b)?); }",
                "fn f() { match w.poll_flush(cx) { _ => {} } }",
                "fn f() { if let Poll::Ready(r) = w.poll_flush(cx)? {} }",
                "fn f() { let f = Self::poll_flush; }",
            ],
        );
    }

    #[test]
    fn functions_wanted_for_their_signature_leave_their_body_out() {
        assert_eq!(
            kept(
                "impl W for S {\n\
                 fn poll_write(self: P, cx: C, b: B) -> Poll<R> { Pin::new(&mut self.io).poll_write(cx, b) }\n\
                 fn poll_flush(self: P, cx: C) -> Poll<R> { Pin::new(&mut self.io).poll_flush(cx) }\n\
                 fn other(&self) {}\n}\n\
                 fn drive(cx: C) -> Poll<()> { step(); Poll::Pending }\n\
                 fn drive_more(w: W) -> Poll<()> { w.flush(); Poll::Pending }\n\
                 fn outer() { fn inner() -> Poll<()> { x() } }\n\
                 trait T { fn poll_ready(&mut self) -> Poll<()>; fn f(); }\n"
            ),
            "impl W for S { fn poll_write(self: P, cx: C, b: B) -> Poll<R> { } \
             fn poll_flush(self: P, cx: C) -> Poll<R> { Pin::new(&mut self.io).poll_flush(cx) } } \
             fn drive(cx: C) -> Poll<()> { } \
             fn drive_more(w: W) -> Poll<()> { w.flush(); Poll::Pending } \
             fn outer() { fn inner() -> Poll<()> { x() } } \
             trait T { fn poll_ready(&mut self) -> Poll<()>; }"
        );
    }

    #[test]
    fn uses_are_kept_only_if_they_may_import_write() {
        assert_eq!(
            kept(
                "use std::io::Write;\nuse std::collections::HashMap;\nuse super::*;\n\
                 use std::io::prelude::*;\nuse a::{b, /* c; */ d};\n\
                 fn f() { use x::Y; }\nfn g() { use std::fmt::Write as _; }\n\
                 fn h(w: W) { w.flush(); }\n"
            ),
            "use std::io::Write; use std::io::prelude::*; use a::{b, /* c; */ d}; \
             fn g() { use std::fmt::Write as _; } fn h(w: W) { w.flush(); }"
        );
    }

    #[test]
    fn poll_matters_only_in_signatures_of_names_the_index_needs() {
        assert_wants(
            &[
                "fn f() -> u8 { match p { Poll::Ready(x) => x, Poll::Pending => 0 } }",
                "fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> { Poll::Ready(()) }",
                "fn poll_read(&mut self, cx: &mut Cx) -> Poll<R> { self.io.poll_read(cx) }",
                "fn f() { let s = stream.poll_next_unpin(cx); let p = poll_fn(g); }",
            ],
            &[
                "fn drive(&mut self, cx: &mut Context<'_>) -> Poll<()> { todo!() }",
                "trait T { fn drive(&mut self) -> std::task::Poll<()>; }",
                "fn f() { fn inner() -> Poll<()> { todo!() } }",
            ],
        );
    }

    #[test]
    fn mentions_in_comments_strings_and_other_words_are_not() {
        assert!(!wants("// poll_flush(cx)\nfn f() {}"));
        assert!(!wants("/* poll_flush /* nested */ Poll */ fn f() {}"));
        assert!(!wants("fn f() { let s = \"poll_flush(\\\"\"; }"));
        assert!(!wants("fn f() { let s = r#\"poll_flush(\"\"#; }"));
        assert!(!wants("fn f() { let s = b\"Poll\"; let c = '\"'; }"));
        assert!(!wants("fn f<'a>(x: &'a str) { let c = b'\\''; }"));
        assert!(!wants("fn f() { let writer = x; x.write_str(\"\"); }"));
        assert!(!wants("fn f() { let write = 1; overwrite(write); }"));
        assert!(!wants("struct S { close: bool }"));
        assert!(!wants("fn f() { S { write: true }; }"));
        assert!(!wants(
            "impl W { fn write(&mut self, b: &[u8]) {} pub fn flush(&self); }"
        ));
    }

    #[test]
    fn poll_as_a_return_type_is_found_in_raw_text() {
        for returned in [
            "fn f() -> Poll<()>",
            "fn f() ->\n    std::task::Poll<()>",
            "fn f() -> ::core::task::Poll<()>",
            "fn f() -> (Poll<()>)",
            "fn f() -> <T as X>::Poll",
            "fn f() -> /* c */ Poll<()>",
        ] {
            let start = returned.find("Poll").unwrap();
            assert!(returned_type_at(returned.as_bytes(), start), "{returned}");
        }
        for other in [
            "Poll::Ready(x)",
            "return Poll::Pending",
            "x: Poll<()>",
            "-> Option<Poll<()>>",
            "Some(Poll::Ready(()))",
        ] {
            let start = other.find("Poll").unwrap();
            assert!(!returned_type_at(other.as_bytes(), start), "{other}");
        }
    }

    #[test]
    fn files_without_a_likely_mention_are_not_planned() {
        let needles = Needles::default();
        for unlikely in [
            "// Writes, flushes and closes nothing; Poll is not returned.\nfn f() {}",
            "fn f(w: &mut W) { w.write_str(\"\"); let writer = 1; }",
            "fn f() -> u8 { match p { Poll::Ready(x) => x, Poll::Pending => 0 } }",
            "fn f(s: &mut S) { s.poll_next(); }",
        ] {
            assert!(!needles.may_mention(unlikely.as_bytes()), "{unlikely}");
            assert_eq!(needles.plan(unlikely), Plan::Skip, "{unlikely}");
        }
        for likely in [
            "fn f() { w.write (b) }",
            "fn f() { w.flush/* c */() }",
            "fn f() { write!(w, \"\") }",
            "fn f() { x.poll_flush(cx) }",
            "fn drive() -> Poll<()> { todo!() }",
        ] {
            assert!(needles.may_mention(likely.as_bytes()), "{likely}");
        }
        // Syntax errors in a file without a likely mention are not looked
        // for, but a NUL byte has it parsed (and reported).
        assert_eq!(needles.plan("fn f() { (1; }"), Plan::Skip);
        assert_eq!(needles.plan("fn f() { \0 }"), Plan::Whole);
        // With a mention, trouble has the file parsed whole.
        assert_eq!(needles.plan("fn f() { w.flush(); (1; }"), Plan::Whole);
    }

    #[test]
    fn trouble_is_left_to_the_parser() {
        // A file the planner reads (it has a likely mention, here one that
        // holds nothing) is parsed whole when it does not lex cleanly.
        let planned = |rest: &str| format!("fn g() -> R {{ w.flush()?; Ok(()) }}\n{rest}");
        assert!(!wants(&planned("fn f() {}")));
        assert!(wants(&planned("fn f() { let s = \"open; }")));
        assert!(wants(&planned("fn f() { /* open }")));
        assert!(wants(&planned("fn f() { (] }")));
        assert!(wants(&planned("fn f() {")));
        assert!(wants(&planned("fn f() { \u{1} }")));
        let deep = format!("fn f() {{ {}{} }}", "(".repeat(3000), ")".repeat(3000));
        assert!(wants(&planned(&deep)));
        let fine = format!("fn f() {{ {}{} }}", "(".repeat(1000), ")".repeat(1000));
        assert!(!wants(&planned(&fine)));
        // A NUL byte anywhere.
        assert!(wants("fn f() { \0 }"));
    }

    #[test]
    fn tuple_fields_and_numbers_do_not_hide_names() {
        assert!(wants("fn f() { let _ = self.0.poll_close(cx); }"));
        assert!(wants("fn f() { let _ = 1.5f64; x.1.flush(); }"));
    }

    #[test]
    fn write_macros_are_wanted_only_where_their_value_can_be_thrown_away() {
        for discarded in [
            "fn f() { write!(w, \"x\"); }",
            "fn f() { let _ = writeln!(w); }",
            "fn f() { _ = write!(w, \"{}\", (1, [2])) }",
            "fn f() { drop(write!(w, \"x\")); }",
            "fn f() { write!(w, \"x\").ok(); }",
            "fn f() { std::write!(w, \"x\"); }",
        ] {
            assert!(wants(discarded), "{discarded}");
        }
        for kept in [
            "fn fmt(&self, f: &mut F) -> R { write!(f, \"x\")?; write!(f, \"{}\", (1, 2)) }",
            "fn fmt(&self, f: &mut F) -> R { match self { A => write!(f, \"a\"), B => writeln!(f) } }",
        ] {
            assert!(!wants(kept), "{kept}");
        }
    }

    /// The verdict's kept ranges joined, whitespace squeezed to one space.
    fn kept(text: &str) -> String {
        match Needles::default().plan(text) {
            Plan::Items(kept) => {
                for pair in kept.windows(2) {
                    assert!(pair[0].end < pair[1].start, "{kept:?}");
                }
                let parts: Vec<&str> = kept.iter().map(|range| &text[range.clone()]).collect();
                parts
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn only_items_with_io_calls_uses_and_io_declarations_are_kept() {
        let text = "#![allow(dead_code)]\nuse std::io::Write;\n\
            #[cfg(test)]\nfn a() { let x = [1; 2]; }\n\
            const C: S = S { a: 1 };\nstruct T { f: u8 }\n\
            #[inline]\nfn b(w: &mut W) { w.flush().ok(); }\n\
            impl X {\n    fn c(&self) {}\n    fn write(&mut self, b: &[u8]) -> usize { 0 }\n}\n\
            impl Y {\n    fn d(&self) {}\n    pub fn e(&mut self) { let _ = self.io.close(); }\n    const F: u8 = 1;\n}\n\
            mod m { fn g() {} }\nextern \"C\" fn h() { write(1); }\n";
        assert_eq!(
            kept(text),
            "#![allow(dead_code)] use std::io::Write; \
             #[inline] fn b(w: &mut W) { w.flush().ok(); } \
             impl X { fn write(&mut self, b: &[u8]) -> usize { } } \
             impl Y { pub fn e(&mut self) { let _ = self.io.close(); } } \
             extern \"C\" fn h() { write(1); }"
        );
        // Whitespace between left-out items is left out with them.
        let Plan::Items(ranges) = Needles::default().plan(text) else {
            unreachable!()
        };
        for range in &ranges {
            assert!(!text[range.clone()].trim().is_empty(), "{range:?}");
        }
    }

    #[test]
    fn poll_items_are_kept_and_declarations_alone_are_skipped() {
        let needles = Needles::default();
        assert_eq!(
            kept("struct A;\nfn f(x: Poll<()>) {}\nfn g() { a.poll_x(); }\nfn h() {}"),
            "fn f(x: Poll<()>) {} fn g() { a.poll_x(); }"
        );
        assert_eq!(
            needles.plan("fn flush(&mut self) {}\nuse a::b;"),
            Plan::Skip
        );
        assert_eq!(
            needles.plan("fn f() { w.flush(); // pollcheck: x\n}"),
            Plan::Whole
        );
    }

    #[test]
    fn left_out_is_what_items_blank() {
        let text = "fn a() { drive(); }\nfn b(w: W) { w.flush(); }\n";
        let Plan::Items(kept) = Needles::default().plan(text) else {
            panic!("items expected")
        };
        let rest = left_out(text, &kept);
        assert_eq!(rest.len(), text.len());
        assert_eq!(rest.matches('\n').count(), text.matches('\n').count());
        assert_eq!(
            rest.split_whitespace().collect::<Vec<_>>().join(" "),
            "fn a() { drive(); }"
        );
        let names = HashSet::from(["drive".to_string()]);
        assert!(mentions_any(&rest, &names));
        let everything = 0..text.len();
        assert!(!mentions_any(
            &left_out(text, std::slice::from_ref(&everything)),
            &names
        ));
    }

    #[test]
    fn configured_names_are_wanted() {
        let needles = Needles::new(["send_frame".to_string()]);
        assert!(needles.wants("fn f() { let _ = t.send_frame(x); }"));
        assert!(!Needles::default().wants("fn f() { let _ = t.send_frame(x); }"));
    }

    #[test]
    fn second_pass_looks_for_declared_names_in_code() {
        let names = HashSet::from(["drive".to_string()]);
        assert!(mentions_any("fn f() { let _ = self.drive(cx); }", &names));
        assert!(!mentions_any("// drive\nfn f() { overdrive(); }", &names));
    }
}
