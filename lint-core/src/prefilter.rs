//! A byte-level look at a file before syn parses it: most Rust files cannot
//! hold a finding, and parsing them is most of a scan's cost.
//!
//! Every finding is made at a call some rule judges, as its interests say
//! ([`crate::interest`]): a write-side poll, an IO method, the `write!`
//! family, a name the configuration adds, a call given a task context whose
//! name the crate model declares as returning `Poll`; or in the body of a
//! function a rule reads whole (`poll_flush`, `poll_shutdown`,
//! `poll_close`). A finding can also be a suppression that suppressed
//! nothing, which needs the word `pollcheck`. What the rules need from the
//! file's declarations (what a method returns, what a `use` imports) the
//! crate model lexes itself. So a file is parsed only if its code
//! (comments, strings and characters skipped) mentions one of those calls,
//! and then only in part:
//!
//! * first pass, [`Needles::plan`]: `pollcheck` anywhere in the file has
//!   it parsed whole. A file whose raw bytes hold no likely mention (the
//!   needles, the fewest byte strings every judged name contains, found
//!   with memchr, then looked at in place: is it a name wanted anywhere, a
//!   judged poll, a function whose body a rule reads, another judged name
//!   before `(`, `!` or `::`?) is not parsed, nor lexed, unless it holds a
//!   NUL byte. In the others, an item is parsed if it holds
//!   - a call some rule judges where its value is thrown away
//!     ([`crate::discard`]: it ends a statement, is the value of `_ =` or
//!     `drop(…)`, or stands in parentheses); where a `match` or `if let`
//!     looks at it (a `{` follows it) or `ready!` is given it, when a rule
//!     judges it there. Not one whose value a method that does not pass
//!     the value on uses (`.unwrap()`), a `?` takes apart when nothing
//!     judged remains after it (`w.flush().await?`; a poll or a byte count
//!     remains), `let name =` keeps, or that is a tail, an arm, an element,
//!     an operand or a call's argument; never `fn name(` (a declaration);
//!   - a call with its type arguments written out (`name::<T>(…)`), a poll
//!     named without a call, a name wanted anywhere;
//!   - the body of a function a rule reads whole.
//!
//!   The other items, also inside `impl`, `trait`, `mod` and `extern`
//!   blocks, are left out: the kept ranges are joined into an excerpt
//!   (`crate::parse::excerpt`) whose offsets map back to the file. Should
//!   the excerpt not parse, the whole file is parsed.
//! * second pass, per crate, for the files the first pass skipped: in a
//!   crate whose model declares `Poll`-returning functions with other
//!   names (`fn drive(..) -> Poll<()>`, found in the files whose text may
//!   declare one, `may_declare_poll`), or IO helpers of its own, a file
//!   that holds one of those names (and, for a helper, throws something
//!   away) is planned again as above, with needles that add the names: a
//!   `Poll` function where the rules judge a call given a task context, a
//!   helper where its `Result` is thrown away.
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
use std::ops::Range;

use aho_corasick::AhoCorasick;
use memchr::memmem::Finder;

use crate::discard;
use crate::interest::{Beginnings, CallInterest, InterestTable, NameInterest};
use crate::lex::{
    ident_end, ident_start, next_significant, scan, significant_from, Observer, Outcome, CLASSES,
    IDENT,
};

/// What to parse of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing: no finding can be in it.
    Skip,
    /// The whole file.
    Whole,
    /// Only these byte ranges of the text as `crate::parse::prepare` makes
    /// it, in order and apart: the items to parse, the others left out
    /// (whitespace-only gaps between them too).
    Items(Vec<Range<usize>>),
}

/// The names that make the first pass parse a file, from the interests of
/// the rules that run.
#[derive(Debug, Clone)]
pub struct Needles {
    interests: InterestTable,
    /// Byte strings one of which every wanted name contains, searched for
    /// in raw bytes.
    raw: Vec<Finder<'static>>,
    /// How the wanted names begin.
    beginnings: Beginnings,
    /// Words that have a file parsed whole wherever they appear:
    /// `pollcheck` (suppressions) and the Clippy lints whose `allow` counts
    /// for a rule (a `#![allow(…)]` over the file, which no item holds).
    whole_file_words: Vec<Finder<'static>>,
}

impl Needles {
    /// The needles of `interests`.
    pub fn new(interests: &InterestTable) -> Self {
        Needles {
            raw: interests
                .needles()
                .into_iter()
                .map(|needle| Finder::new(&needle).into_owned())
                .collect(),
            beginnings: interests.beginnings(),
            whole_file_words: std::iter::once("pollcheck")
                .chain(interests.clippy_lints())
                .map(|word| Finder::new(word).into_owned())
                .collect(),
            interests: interests.clone(),
        }
    }

    /// Whether `text` (a file as read) must be parsed at all.
    pub fn wants(&self, text: &str) -> bool {
        self.plan(text) != Plan::Skip
    }

    /// Whether some occurrence of a needle in `bytes` (code, comments and
    /// literals alike) looks like a mention [`Planner`] may want: a name
    /// wanted anywhere, a poll some rule judges, a function whose body a
    /// rule reads, or another judged name followed by `(`, `!` or `::`.
    /// When unsure (a comment in between), it is. Comments and literals can
    /// only take mentions away, so a file with none is one the planner
    /// would skip.
    fn may_mention(&self, bytes: &[u8], seen: &mut Seen) -> bool {
        for (index, needle) in self.raw.iter().enumerate() {
            let mut occurs = false;
            let mentioned = needle.find_iter(bytes).any(|at| {
                occurs = true;
                self.is_mention(bytes, at)
            });
            seen.record(index, occurs);
            if mentioned {
                return true;
            }
        }
        false
    }

    /// Whether the needle found at `at` lies in a mention the planner may
    /// want (see [`Needles::may_mention`]).
    fn is_mention(&self, bytes: &[u8], at: usize) -> bool {
        let start = ident_start(bytes, at);
        let end = ident_end(bytes, at);
        let Some(wanted) = self.interests.name(&bytes[start..end]) else {
            return false;
        };
        if wanted.anywhere || wanted.body {
            return true;
        }
        if wanted.call.is_some_and(|call| call.returns_poll) {
            return true;
        }
        (wanted.call.is_some() || wanted.macro_call.is_some())
            && matches!(
                bytes[end..].iter().find(|byte| !byte.is_ascii_whitespace()),
                Some(b'(' | b'!' | b':' | b'/')
            )
    }

    /// [`may_call_io`] for the `bytes` a plan saw as `seen`: a word that is
    /// a needle the plan found, or that holds a needle the plan found
    /// nowhere, needs no search of its own.
    pub(crate) fn may_call_io(&self, bytes: &[u8], seen: &Seen) -> bool {
        io_words().iter().any(|(word, finder)| {
            let mut known = None;
            for (index, needle) in self.raw.iter().enumerate() {
                let needle = needle.needle();
                match seen.get(index) {
                    Some(true) if contains(needle, word.as_bytes()) => known = Some(true),
                    Some(false) if contains(word.as_bytes(), needle) => known = Some(false),
                    _ => continue,
                }
                break;
            }
            known.unwrap_or_else(|| finder.find(bytes).is_some())
        })
    }

    /// What of `text` (a file as read) must be parsed.
    pub fn plan(&self, text: &str) -> Plan {
        self.plan_seeing(text, &mut Seen::default())
    }

    /// [`Needles::plan`], noting in `seen` which needles it found in the
    /// text and which nowhere.
    pub(crate) fn plan_seeing(&self, text: &str, seen: &mut Seen) -> Plan {
        // Suppressions are read from the text as it is, a shebang line that
        // preparing blanks included: `pollcheck` anywhere has it parsed.
        // So is a Clippy lint whose `allow` counts for a rule: it may be a
        // `#![allow(…)]` over the whole file, which no item holds.
        if self
            .whole_file_words
            .iter()
            .any(|word| word.find(text.as_bytes()).is_some())
        {
            return Plan::Whole;
        }
        let prepared = crate::parse::prepare(text);
        let bytes = prepared.text.as_bytes();
        // A needle in a blanked shebang or front matter is in the file as
        // read: what the prepared text lacks is not known to be absent.
        let mut prepared_seen = Seen::default();
        let mentions = self.may_mention(bytes, &mut prepared_seen);
        *seen = match prepared.text {
            std::borrow::Cow::Borrowed(_) => prepared_seen,
            std::borrow::Cow::Owned(_) => Seen {
                absent: 0,
                ..prepared_seen
            },
        };
        if !mentions {
            // Nothing to parse. A NUL byte is in no Rust file: parsed, the
            // file is reported (a binary file named `.rs`).
            return if memchr::memchr(0, bytes).is_some() {
                Plan::Whole
            } else {
                Plan::Skip
            };
        }
        let mut planner = Planner {
            needles: self,
            previous: b' ',
            pending: Vec::new(),
            blocks: vec![ItemBlock::new(0)],
            blank: Vec::new(),
            wanted: false,
            binding: LetState::None,
            groups: Vec::new(),
            last_ident: 0..0,
            assigned_to_underscore: None,
            add_assign: None,
            discarding_let: None,
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
pub(crate) fn may_declare_poll(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"Poll").any(|at| {
        let start = ident_start(bytes, at);
        &bytes[start..ident_end(bytes, at)] == b"Poll" && returned_type_at(bytes, start)
    })
}

/// The words [`may_call_io`] and [`may_discard`] look for: every name of
/// [`crate::model::items::IO_EFFECT_NAMES`] holds one of the first.
const IO_WORDS: &[&str] = &[
    "write",
    "flush",
    "shutdown",
    "sync_all",
    "sync_data",
    "poll_close",
];
const DISCARD_WORDS: &[&str] = &["let _", "_ =", "_=", "drop(", ".ok()"];

fn finders(words: &[&str]) -> Vec<Finder<'static>> {
    words
        .iter()
        .map(|word| Finder::new(word.as_bytes()).into_owned())
        .collect()
}

/// [`IO_WORDS`], each with its searcher.
fn io_words() -> &'static [(&'static str, Finder<'static>)] {
    static WORDS: std::sync::LazyLock<Vec<(&'static str, Finder<'static>)>> =
        std::sync::LazyLock::new(|| {
            IO_WORDS
                .iter()
                .map(|word| (*word, Finder::new(word.as_bytes()).into_owned()))
                .collect()
        });
    &WORDS
}

/// Whether `bytes` holds one of [`IO_WORDS`].
fn has_io_word(bytes: &[u8]) -> bool {
    io_words()
        .iter()
        .any(|(_, finder)| finder.find(bytes).is_some())
}

/// Whether `haystack` holds `needle`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len() && haystack.windows(needle.len()).any(|part| part == needle)
}

/// Which of a [`Needles`]' needles a plan found in a text (by their index),
/// and which it found nowhere; a needle it did not search for is in
/// neither. Needles past the 64th are never recorded.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Seen {
    present: u64,
    absent: u64,
}

impl Seen {
    fn record(&mut self, index: usize, occurs: bool) {
        if index < 64 {
            if occurs {
                self.present |= 1 << index;
            } else {
                self.absent |= 1 << index;
            }
        }
    }

    /// Whether the needle at `index` was found (`None`: not known).
    fn get(&self, index: usize) -> Option<bool> {
        if index >= 64 {
            None
        } else if self.present & (1 << index) != 0 {
            Some(true)
        } else if self.absent & (1 << index) != 0 {
            Some(false)
        } else {
            None
        }
    }
}

/// Whether `bytes` holds one of [`DISCARD_WORDS`].
fn has_discard_word(bytes: &[u8]) -> bool {
    static FINDERS: std::sync::LazyLock<Vec<Finder<'static>>> =
        std::sync::LazyLock::new(|| finders(DISCARD_WORDS));
    FINDERS.iter().any(|word| word.find(bytes).is_some())
}

/// Whether `bytes` (a file as read) may call an IO write, flush or
/// shutdown by name ([`crate::model::items::IO_EFFECT_NAMES`], `write!`):
/// such a file may declare an IO helper of its crate. Errs on the side of
/// yes (comments and literals count).
pub(crate) fn may_call_io(bytes: &[u8]) -> bool {
    has_io_word(bytes)
}

/// Whether `bytes` may throw a value away in a way the walk reports for a
/// call no rule names (`let _`, `_ =`, `drop(`, `.ok()`): a file without
/// any holds no discarded call of a crate's IO helper.
pub(crate) fn may_discard(bytes: &[u8]) -> bool {
    has_discard_word(bytes)
}

/// The names a file may call where it throws a value away, as a Bloom
/// filter: every identifier followed (after whitespace) by `(` or `::<` in
/// the expression after each `let _`, `_ =`, `_=` and `drop(` (lexed to the
/// `;` or `,` that ends it, or the bracket that closes around it), and the
/// calls that lead, through `.await`, `?` and adapters, to each `.ok()`. A
/// file whose filter holds none of a crate's IO helpers' names throws none
/// of their values away: a superset of what the walk reports
/// ([`crate::discard`]). Where a `.ok()` cannot be followed back (a
/// literal among its call's arguments), every name the file calls is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CalledNames(Box<[u64; 64]>);

impl CalledNames {
    /// The names `bytes` may call where it throws a value away; none when
    /// it holds no word that throws one away ([`may_discard`]'s words: the
    /// search for them is this one).
    pub(crate) fn of(bytes: &[u8]) -> Option<Self> {
        static STARTS: std::sync::LazyLock<Vec<Finder<'static>>> =
            std::sync::LazyLock::new(|| finders(&["let _", "_ =", "_=", "drop("]));
        let mut starts: Vec<usize> = STARTS
            .iter()
            .flat_map(|word| word.find_iter(bytes))
            .collect();
        starts.sort_unstable();
        let mut oks = memchr::memmem::find_iter(bytes, b".ok()").peekable();
        if starts.is_empty() && oks.peek().is_none() {
            return None;
        }
        let mut filter = CalledNames(Box::new([0; 64]));
        // `let _ =` holds two words: its expression is lexed once. Each
        // expression is lexed on its own, and text that ends none (an
        // unterminated literal) would be lexed again for every word before
        // it: past a budget of a few times the file, every call is in.
        let mut lexed_to = 0;
        let mut budget = bytes.len().saturating_mul(LEXING_BUDGET) + (1 << 16);
        for start in starts {
            if start >= lexed_to {
                let (end, lexed) = filter.calls_in_expression(bytes, start);
                lexed_to = end;
                budget = match budget.checked_sub(lexed) {
                    Some(left) => left,
                    None => return Some(Self::every_call(bytes)),
                };
            }
        }
        for at in oks {
            if !filter.calls_before_ok(bytes, at, &mut budget) {
                return Some(Self::every_call(bytes));
            }
        }
        Some(filter)
    }

    /// Every name `bytes` calls, anywhere.
    fn every_call(bytes: &[u8]) -> Self {
        let mut filter = CalledNames(Box::new([0; 64]));
        let mut from = 0;
        while let Some(found) = memchr::memchr2(b'(', b'<', &bytes[from..]) {
            let at = from + found;
            from = at + 1;
            filter.call_ending_at(bytes, at);
        }
        filter
    }

    /// The name called by the `(` (or the `<` of `::<`) at `at`, if any.
    fn call_ending_at(&mut self, bytes: &[u8], at: usize) {
        let mut end = at;
        if bytes[at] == b'<' {
            if end < 2 || &bytes[end - 2..end] != b"::" {
                return;
            }
            end -= 2;
        }
        let end = skip_space_back(bytes, end);
        let start = ident_start(bytes, end);
        if start < end {
            self.insert(&bytes[start..end]);
        }
    }

    /// The calls in the expression that starts at `from` (a discard word),
    /// lexed until the `;` or `,` that ends it, or the bracket closing
    /// around it; returns where the lexing stopped.
    fn calls_in_expression(&mut self, bytes: &[u8], from: usize) -> (usize, usize) {
        struct Calls<'f> {
            filter: &'f mut CalledNames,
            end: Option<usize>,
            /// Where the last token seen ends.
            last: usize,
        }
        impl Observer for Calls<'_> {
            fn ident(&mut self, bytes: &[u8], ident: Range<usize>, _: usize) -> bool {
                self.last = ident.end;
                let rest = &bytes[ident.end..];
                let next = rest.iter().position(|byte| !byte.is_ascii_whitespace());
                let called =
                    next.is_some_and(|skip| rest[skip] == b'(' || rest[skip..].starts_with(b"::<"));
                if called {
                    self.filter.insert(&bytes[ident]);
                }
                false
            }
            fn other(&mut self, _: &[u8], at: usize, token: u8, depth: usize) -> bool {
                self.last = at + 1;
                let ends = depth == 0 && matches!(token, b';' | b',');
                if ends {
                    self.end = Some(at);
                }
                ends
            }
        }
        let mut calls = Calls {
            filter: self,
            end: None,
            last: 0,
        };
        // A bracket closing around the expression ends the scan as trouble;
        // so does a word found in a comment or a literal, whose names are
        // in the filter for nothing.
        let text = &bytes[from..];
        let outcome = scan(text, &mut calls);
        if let Some(end) = calls.end {
            return (from + end, end);
        }
        // How far it lexed: to the closing bracket, or (an unterminated
        // literal or comment, skipped to the end) the whole rest.
        let next = text[calls.last..]
            .iter()
            .position(|byte| !byte.is_ascii_whitespace())
            .map(|skip| text[calls.last + skip]);
        let lexed = match (outcome, next) {
            (Outcome::Trouble, Some(b')' | b']' | b'}')) => calls.last,
            _ => text.len(),
        };
        (from + 1, lexed)
    }

    /// The calls that lead to the `.ok()` at `at`: the method or function
    /// called just before it (past `.await`, `?` and the adapters that pass
    /// a value's fate on, [`discard::passes_on`] and
    /// [`discard::takes_apart`]). False when a call's arguments cannot be
    /// matched without lexing (a literal or a comment in them), or when
    /// following it back would exceed what is left of `budget` (a chain of
    /// a hundred thousand `.ok()`s is walked back from each).
    fn calls_before_ok(&mut self, bytes: &[u8], at: usize, budget: &mut usize) -> bool {
        let mut end = at;
        loop {
            // Each step back costs one, each call's arguments their length.
            match budget.checked_sub(1) {
                Some(left) => *budget = left,
                None => return false,
            }
            end = skip_space_back(bytes, end);
            if bytes[..end].ends_with(b"?") {
                end -= 1;
                continue;
            }
            if bytes[..end].ends_with(b".await") {
                end -= ".await".len();
                continue;
            }
            if !bytes[..end].ends_with(b")") {
                // Not a call: a field, a variable, a macro's value.
                return true;
            }
            let Some(open) = matching_open(bytes, end - 1) else {
                return false;
            };
            match budget.checked_sub(end - open) {
                Some(left) => *budget = left,
                None => return false,
            }
            let name_end = skip_space_back(bytes, open);
            if bytes[..name_end].ends_with(b">") {
                // A turbofish: its generic arguments are not followed.
                return false;
            }
            let start = ident_start(bytes, name_end);
            if start == name_end {
                // A parenthesized expression or a closure's call.
                return true;
            }
            let name = &bytes[start..name_end];
            self.insert(name);
            let passes = std::str::from_utf8(name)
                .is_ok_and(|name| discard::passes_on(name) || discard::takes_apart(name));
            let before = skip_space_back(bytes, start);
            if !passes || !bytes[..before].ends_with(b".") {
                return true;
            }
            end = before - 1;
        }
    }

    /// Three of the filter's 4,096 bits, from one 64-bit hash.
    fn bits(name: &[u8]) -> [usize; 3] {
        let hash = crate::model::items::name_hash(name);
        [
            (hash & 4095) as usize,
            ((hash >> 21) & 4095) as usize,
            ((hash >> 42) & 4095) as usize,
        ]
    }

    fn insert(&mut self, name: &[u8]) {
        for bit in Self::bits(name) {
            self.0[bit / 64] |= 1 << (bit % 64);
        }
    }

    /// Whether the file may call `name`.
    pub(crate) fn may_contain(&self, name: &str) -> bool {
        Self::bits(name.as_bytes())
            .iter()
            .all(|&bit| self.0[bit / 64] & (1 << (bit % 64)) != 0)
    }
}

/// How many times its own length [`CalledNames::of`] may lex a file's
/// discarded expressions before it takes every call of the file instead.
const LEXING_BUDGET: usize = 8;

/// Where the whitespace before `end` starts.
fn skip_space_back(bytes: &[u8], mut end: usize) -> usize {
    while end > 0 && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

/// The `(` matching the `)` at `close`, counting round brackets only; none
/// when a quote or a `/` (a literal or a comment) stands in between, where
/// counting bytes could be wrong, or when the text starts first.
fn matching_open(bytes: &[u8], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for at in (0..=close).rev() {
        match bytes[at] {
            b')' => depth += 1,
            b'(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            b'"' | b'\'' | b'/' => return None,
            _ => {}
        }
    }
    None
}

/// Whether the type path ending at `start` (`Poll`, `task::Poll`,
/// `(Poll`) follows `->`: a function's return type. True as well when a
/// comment or a qualified path (`<T as X>::Poll`) stands in the way.
fn returned_type_at(bytes: &[u8], start: usize) -> bool {
    let before = |at: usize| skip_space_back(bytes, at);
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

/// Whether `text` (a file as read) lexes cleanly: no unterminated
/// literal or comment, no unbalanced or too deeply nested brackets, no
/// control character in code.
pub(crate) fn lexes_cleanly(text: &str) -> bool {
    struct Nothing;
    impl Observer for Nothing {}
    scan(crate::parse::prepare(text).text.as_bytes(), &mut Nothing) == Outcome::Clean
}

/// What [`Planner`] records as the code before an identifier that follows
/// the keyword `fn`.
const FN: u8 = b'f';

/// The names a crate declares as returning `Poll` that the first pass does
/// not look for, with a searcher for them in raw bytes (for the second pass).
#[derive(Debug, Clone)]
pub(crate) struct DeclaredNames {
    raw: AhoCorasick,
}

impl DeclaredNames {
    /// A searcher for `names`.
    pub fn new(names: HashSet<String>) -> Self {
        let raw = AhoCorasick::new(names.iter().filter(|name| !name.is_empty()))
            .expect("a crate's function names build a searcher");
        DeclaredNames { raw }
    }

    /// Whether `text` holds one of the names anywhere (code, comments or
    /// literals): a file without any needs no second look.
    pub(crate) fn appear_in(&self, text: &str) -> bool {
        self.raw.is_match(text)
    }
}

/// A block of items being scanned: the file, or the body of an `impl`,
/// `trait`, `mod` or `extern` block.
struct ItemBlock {
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
    /// Whether the current item keeps the count of a write in a `let`
    /// (wanted only if it also adds up or loops: see `adds_or_loops`).
    kept_count: bool,
    /// Whether the current item holds a `+=` or a loop.
    adds_or_loops: bool,
}

impl ItemBlock {
    fn new(depth: usize) -> Self {
        ItemBlock {
            depth,
            start: None,
            wanted: false,
            inner_wanted: false,
            keyword: None,
            has_fn: false,
            kept_count: false,
            adds_or_loops: false,
        }
    }
}

/// The first pass of the pre-filter, as a scan observer: decides whether to
/// parse the whole file, some of its items, or none.
struct Planner<'n> {
    needles: &'n Needles,
    /// The last token before the current one: its byte, `a` for an
    /// identifier, [`FN`] for `fn`, `"` for a literal.
    previous: u8,
    /// Calls and macros whose group has not closed yet.
    pending: Vec<Pending>,
    /// The blocks of items open around the current token, the file first.
    blocks: Vec<ItemBlock>,
    /// Byte ranges of items not to parse.
    blank: Vec<Range<usize>>,
    /// Whether some item must be parsed.
    wanted: bool,
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
    /// The depth of a `let _ =` or `let _name =` being scanned: a call
    /// whose value ends it is thrown away, `#[must_use]` or not.
    discarding_let: Option<usize>,
    /// The depth of a `+=` whose right-hand side is being scanned: a count
    /// there is added up.
    add_assign: Option<usize>,
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

impl Planner<'_> {
    /// Notes a token at `at` and `depth`: it may start an item.
    fn token(&mut self, at: usize, depth: usize) {
        let block = self.blocks.last_mut().expect("the file's block stays");
        if depth == block.depth && block.start.is_none() {
            block.start = Some(at);
        }
    }

    /// The current item of the innermost block holds a mention: the file
    /// must be parsed, and the item with it.
    fn want(&mut self) {
        self.wanted = true;
        self.blocks
            .last_mut()
            .expect("the file's block stays")
            .wanted = true;
    }

    /// Ends the current item of the innermost block at `end`.
    fn end_item(&mut self, end: usize) {
        let depth = self.blocks.len();
        let block = self.blocks.last_mut().expect("the file's block stays");
        if block.kept_count && block.adds_or_loops {
            block.wanted = true;
            self.wanted = true;
        }
        if let Some(start) = block.start.take() {
            if block.wanted || block.inner_wanted {
                if depth > 1 {
                    self.blocks[depth - 2].inner_wanted = true;
                }
            } else {
                self.blank.push(start..end);
            }
        }
        let block = self.blocks.last_mut().expect("the file's block stays");
        block.wanted = false;
        block.inner_wanted = false;
        block.keyword = None;
        block.has_fn = false;
        block.kept_count = false;
        block.adds_or_loops = false;
    }

    /// A call some rule judges, or a macro some rule reads, at `ident`
    /// (already known to be one of the names): decided at its closing
    /// bracket by what follows it, or wanted at once when it is written in
    /// a way the rules may look at but the bytes cannot follow.
    fn judged_name(
        &mut self,
        bytes: &[u8],
        wanted: NameInterest,
        end: usize,
        depth: usize,
        previous: u8,
    ) {
        let rest = next_significant(bytes, end);
        let is_macro = rest.starts_with(b"!") && !rest.starts_with(b"!=");
        if is_macro {
            if let Some(interest) = wanted.macro_call {
                self.pending.push(Pending { depth, interest });
                return;
            }
        }
        // `fn name(` declares one, which is no call.
        if previous == FN {
            return;
        }
        let Some(interest) = wanted.call else {
            return;
        };
        if rest.starts_with(b"(") {
            self.pending.push(Pending { depth, interest });
        } else if interest.returns_poll
            || (rest.starts_with(b"::")
                && next_significant(bytes, bytes.len() - rest.len() + 2).starts_with(b"<"))
        {
            // A poll named without a call (`Self::poll_flush`), or any call
            // with its generic arguments written out (`name::<T>(…)`; a
            // module path, `write::Writer`, is none); other macros
            // (`flush!`) are not looked at by the rules, only what they are
            // given.
            self.want();
        }
    }

    /// Whether the value of a call or macro at `depth`, whose group closes
    /// just before `at`, may be one the rules judge: thrown away (`let _ =`,
    /// `let _name =`, `_ =`, `drop(…)`, a statement), matched, or given to
    /// `ready!`, as far as the bytes after it tell (called with the call's
    /// own group closed).
    fn judged_at(&self, bytes: &[u8], at: usize, interest: CallInterest, depth: usize) -> bool {
        // `total += w.write(b)?;`
        if interest.added_up && self.add_assign.is_some_and(|start| start <= depth) {
            return true;
        }
        if self.binding == LetState::Bound(depth) {
            // `let flushed = x.poll_flush(cx)?.is_ready();`
            return interest.tested && after_value(bytes, at, interest).0 == After::Tested;
        }
        let (after, must_use) = after_value(bytes, at, interest);
        match after {
            After::Used => false,
            After::Tested => true,
            After::SelectArm => interest.thrown_away,
            _ if self.assigned_to_underscore == Some(depth) => interest.thrown_away,
            // `match x.poll_flush(cx) {`, `if let … = x.poll_flush(cx)? {`.
            After::End(Some(b'{')) => interest.matched,
            // `ready!(x.poll_write(cx, buf))?;`
            _ if self.groups.last() == Some(&Group::Ready) => interest.through_ready,
            // `let _ = value;`, `let _name = value;`
            After::End(Some(b';')) if self.discarding_let == Some(depth) => interest.thrown_away,
            // A statement of its own: left to rustc when what it throws away
            // is `#[must_use]` (`discard::rustc_warns`).
            After::End(Some(b';')) => interest.thrown_away && !must_use,
            After::End(None | Some(b'$')) => interest.thrown_away,
            After::End(Some(b')')) => {
                interest.thrown_away
                    && matches!(self.groups.last(), Some(Group::Drop | Group::Parenthesis))
            }
            After::End(Some(b',')) => {
                interest.thrown_away && self.groups.last() == Some(&Group::Drop)
            }
            // A tail, an arm, an element, an operand, a cast.
            After::End(Some(_)) => false,
        }
    }
}

/// A call or macro whose closing bracket is still to come.
struct Pending {
    /// The depth of its name, where its group closes.
    depth: usize,
    /// What the rules want of it.
    interest: CallInterest,
}

/// What follows a call's or macro's value.
#[derive(Debug, PartialEq, Eq)]
enum After {
    /// Something that uses the value: a method that does not pass the
    /// value's fate on ([`discard::passes_on`]; `.unwrap()`, `.is_err()`),
    /// a `?` that leaves nothing judged, or a `{` when the value is not
    /// judged where it is matched (it is a condition or a scrutinee).
    Used,
    /// `.is_ready()` or `.is_pending()` turns the value into a bool, and the
    /// value is judged there.
    Tested,
    /// `=>` follows: the future of a `select!` arm, whose pattern may throw
    /// its output away.
    SelectArm,
    /// The value ends before this byte (`None` at the end of the text).
    End(Option<u8>),
}

/// What follows the value of a call or macro whose group closes just
/// before `at`, past `.await`, methods that pass the value's fate on, and a
/// `?` that leaves something judged; and whether the value there is
/// `#[must_use]` (a `Result`, a `Poll` or a future: not an `Option` from
/// `.ok()`, nor the count a `?` leaves of a `Result`).
fn after_value(bytes: &[u8], mut at: usize, interest: CallInterest) -> (After, bool) {
    let mut must_use = true;
    loop {
        at = significant_from(bytes, at);
        match bytes.get(at) {
            Some(b'.') => {}
            Some(b'?') => {
                if !interest.after_question_mark {
                    return (After::Used, must_use);
                }
                // A `Poll` stays one; a count is none.
                must_use = interest.returns_poll;
                at += 1;
                continue;
            }
            Some(b'{') if interest.matched => return (After::End(Some(b'{')), must_use),
            Some(b'{') => return (After::Used, must_use),
            Some(b'=') if bytes.get(at + 1) == Some(&b'>') => return (After::SelectArm, must_use),
            other => return (After::End(other.copied()), must_use),
        }
        let start = significant_from(bytes, at + 1);
        let end = ident_end(bytes, start);
        match &bytes[start..end] {
            b"await" => at = end,
            // `x.0`, or a method the next bytes do not show.
            b"" => return (After::End(Some(b'.')), false),
            method => {
                let method = std::str::from_utf8(method).unwrap_or_default();
                if interest.tested && matches!(method, "is_ready" | "is_pending") {
                    return (After::Tested, must_use);
                }
                if discard::takes_apart(method) && interest.counted {
                    // `w.write(buf).unwrap()` leaves the count, as `?` does.
                    must_use = false;
                } else if discard::passes_on(method) {
                    must_use = method != discard::OK;
                } else {
                    return (After::Used, must_use);
                }
                // Past the method's arguments.
                at = match significant_from(bytes, end) {
                    open if bytes.get(open) == Some(&b'(') => match group_end(bytes, open) {
                        Some(close) => close,
                        None => return (After::End(None), false),
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
        if ident.starts_with(b"_") && self.binding == LetState::Pattern(depth) {
            self.discarding_let = Some(depth);
        }
        self.binding = self.binding.ident(ident, depth);
        if matches!(ident, b"loop" | b"while" | b"for") {
            self.blocks
                .last_mut()
                .expect("the file's block stays")
                .adds_or_loops = true;
        }
        if ident == b"_" {
            let rest = next_significant(bytes, range.end);
            if rest.starts_with(b"=") && !matches!(rest.get(1), Some(b'=' | b'>')) {
                self.assigned_to_underscore = Some(depth);
            }
        }
        let before = std::mem::replace(&mut self.previous, if ident == b"fn" { FN } else { b'a' });
        let block = self.blocks.last_mut().expect("the file's block stays");
        if depth == block.depth {
            if ident == b"fn" {
                block.has_fn = true;
            }
            if block.keyword.is_none() {
                block.keyword = match ident {
                    b"pub" | b"unsafe" | b"default" | b"auto" => None,
                    b"impl" => Some("impl"),
                    b"trait" => Some("trait"),
                    b"mod" => Some("mod"),
                    b"extern" => Some("extern"),
                    _ => Some(""),
                };
            }
        }
        if !self.needles.beginnings.may_be(ident) {
            return false;
        }
        let Some(wanted) = self.needles.interests.name(ident) else {
            return false;
        };
        if wanted.anywhere {
            self.want();
            return false;
        }
        if before == FN {
            // A rule reads this function's body whole.
            if wanted.body {
                self.want();
            }
            return false;
        }
        if wanted.call.is_some() || wanted.macro_call.is_some() {
            self.judged_name(bytes, wanted, range.end, depth, before);
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
                    b'a' if &bytes[self.last_ident.clone()] == discard::DROP.as_bytes() => {
                        Group::Drop
                    }
                    b'a' if !is_keyword(&bytes[self.last_ident.clone()]) => Group::Arguments,
                    b'!' if &bytes[self.last_ident.clone()]
                        == crate::interest::READY.as_bytes() =>
                    {
                        Group::Ready
                    }
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
        let block_depth = self.blocks.last().expect("the file's block stays").depth;
        match token {
            b';' if depth == block_depth => self.end_item(at + 1),
            b'{' if depth == block_depth => {
                let block = self.blocks.last().expect("the file's block stays");
                if matches!(block.keyword, Some("impl" | "trait" | "mod" | "extern"))
                    && !block.has_fn
                {
                    self.blocks.push(ItemBlock::new(depth + 1));
                }
            }
            b')' | b']' | b'}' => {
                while let Some(interest) = self
                    .pending
                    .last()
                    .filter(|pending| pending.depth == depth)
                    .map(|pending| pending.interest)
                {
                    self.pending.pop();
                    if self.judged_at(bytes, at + 1, interest, depth) {
                        self.want();
                    } else if interest.added_up
                        && matches!(self.binding, LetState::Bound(start) if start <= depth)
                    {
                        // `let n = w.write(b)?;`: wanted if the item also
                        // adds up or loops (decided at its end).
                        self.blocks
                            .last_mut()
                            .expect("the file's block stays")
                            .kept_count = true;
                    }
                }
                if token == b'}' {
                    if self.blocks.len() > 1
                        && self.blocks.last().map(|block| block.depth) == Some(depth + 1)
                    {
                        // The end of a block of items: its last item ends,
                        // and the block's own item goes on.
                        self.end_item(at);
                        self.blocks.pop();
                    }
                    let block = self.blocks.last().expect("the file's block stays");
                    if depth == block.depth {
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
        if token == b'+' && bytes.get(at + 1) == Some(&b'=') {
            self.add_assign = Some(depth);
            self.blocks
                .last_mut()
                .expect("the file's block stays")
                .adds_or_loops = true;
        } else if matches!(token, b';' | b',' | b'{' | b'}')
            && self.add_assign.is_some_and(|start| depth <= start)
        {
            self.add_assign = None;
        }
        // Past the `;` that ends a `let _ = …;` (or a bracket closing
        // around it).
        if self
            .discarding_let
            .is_some_and(|start| depth < start || (depth == start && token == b';'))
        {
            self.discarding_let = None;
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
    #[test]
    fn called_names_hold_the_calls_where_a_value_is_thrown_away() {
        let text = b"fn f() {
            let _ = self.send_goaway(); helper::<u8> (1);
            _ = x.flush ().await; drop(close_now(1));
            let _guard = lock::<u8>(b\"a;b\").expect(\"(\");
            self.conn.finish(a.len()).await.map(|_| ()).ok();
            let y = a < b; used(1);
            match z { _ => ignored(), }
        }";
        let called = CalledNames::of(text).unwrap();
        // (`_ =>` holds `_ =`: a match arm's calls are in too.)
        let thrown = [
            "send_goaway",
            "flush",
            "close_now",
            "drop",
            "lock",
            "finish",
            "map",
            "ignored",
        ];
        for name in thrown {
            assert!(called.may_contain(name), "{name}");
        }
        // Called where nothing is thrown away (an argument's `len` is not
        // what `.ok()` throws away), or not called at all.
        for name in ["helper", "used", "len", "a", "b"] {
            assert!(!called.may_contain(name), "{name}");
        }
        // A `.ok()` after arguments holding a literal is not followed back:
        // every call of the file is in.
        let every = CalledNames::of(b"fn f() { used(1); w.send(\")\").ok(); }").unwrap();
        assert!(every.may_contain("used") && every.may_contain("send"));
        let few = CalledNames::of(b"let _ = a < b; let z = c;").unwrap();
        assert!(!few.may_contain("a") && !few.may_contain("c"));
        // Nothing thrown away: no filter at all.
        assert!(CalledNames::of(b"let y = a < b; let z = f(c);").is_none());
    }

    #[test]
    fn words_say_whether_a_file_may_call_io_or_throw_something_away() {
        assert!(may_call_io(b"fn f() { w.flush() }"));
        assert!(!may_call_io(b"fn f() { w.close() }"));
        for discard in ["let _ = f();", "_ = f();", "drop(f());", "f().ok();"] {
            assert!(may_discard(discard.as_bytes()), "{discard}");
        }
        assert!(!may_discard(b"let x = f()?;"));
    }

    use super::*;
    use crate::config::RuleSettings;
    use crate::interest::{Calls, Interests, Names, Position, Returns, Setting, Shape};

    // What the planner wants with the built-in rules is tested with their
    // interests, in the rules crate (`rules/tests/prefilter.rs`); these are
    // the mechanics, with interests made up for the purpose.

    fn is_poll(name: &str) -> bool {
        name != "poll_read"
    }

    static INTERESTS: Interests = Interests {
        calls: &[
            Calls {
                names: Names::Matching {
                    prefix: "poll_",
                    test: is_poll,
                },
                returns: Returns::Poll,
                judges: Shape::Poll,
                at: Position::ThrownAway,
            },
            Calls {
                names: Names::Listed(&["write", "flush"]),
                returns: Returns::Result,
                judges: Shape::Result,
                at: Position::ThrownAway,
            },
            Calls {
                names: Names::Configured(Setting::WritePolls),
                returns: Returns::Poll,
                judges: Shape::Poll,
                at: Position::ThrownAway,
            },
            Calls {
                names: Names::CalledWithContext,
                returns: Returns::Poll,
                judges: Shape::Poll,
                at: Position::ThrownAway,
            },
        ],
        macros: &["write"],
        bodies: &[],
        clippy_equivalents: &[],
    };

    fn needles() -> Needles {
        Needles::new(&InterestTable::new(
            &[("test", INTERESTS)],
            &RuleSettings::default(),
        ))
    }

    #[test]
    fn a_raw_mention_is_a_judged_name_written_as_a_call() {
        let needles = needles();
        for unlikely in [
            "// Writes, flushes and closes nothing.\nfn f() {}",
            "fn f(w: &mut W) { w.write_str(\"\"); let writer = 1; }",
            "fn f() -> Poll<()> { Poll::Pending }",
            "fn f(s: &mut S) { s.poll_read(); s.close(); }",
        ] {
            assert!(
                !needles.may_mention(unlikely.as_bytes(), &mut Seen::default()),
                "{unlikely}"
            );
            assert_eq!(needles.plan(unlikely), Plan::Skip, "{unlikely}");
        }
        for likely in [
            "fn f() { w.write (b) }",
            "fn f() { w.flush/* c */() }",
            "fn f() { write!(w, \"\") }",
            "fn f() { x.poll_flush(cx) }",
        ] {
            assert!(
                needles.may_mention(likely.as_bytes(), &mut Seen::default()),
                "{likely}"
            );
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
        let needles = needles();
        // A file the planner reads (it has a likely mention, here one that
        // holds nothing) is parsed whole when it does not lex cleanly.
        let planned = |rest: &str| format!("fn g() -> R {{ w.flush()?; Ok(()) }}\n{rest}");
        assert!(!needles.wants(&planned("fn f() {}")));
        assert!(needles.wants(&planned("fn f() { let s = \"open; }")));
        assert!(needles.wants(&planned("fn f() { /* open }")));
        assert!(needles.wants(&planned("fn f() { (] }")));
        assert!(needles.wants(&planned("fn f() {")));
        assert!(needles.wants(&planned("fn f() { \u{1} }")));
        let deep = format!("fn f() {{ {}{} }}", "(".repeat(3000), ")".repeat(3000));
        assert!(needles.wants(&planned(&deep)));
        let fine = format!("fn f() {{ {}{} }}", "(".repeat(1000), ")".repeat(1000));
        assert!(!needles.wants(&planned(&fine)));
        // A NUL byte anywhere.
        assert!(needles.wants("fn f() { \0 }"));
        // `pollcheck` anywhere: suppressions are read from the whole file.
        assert_eq!(
            needles.plan("fn f() {} // pollcheck: allow(x)"),
            Plan::Whole
        );
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
            assert!(may_declare_poll(returned.as_bytes()), "{returned}");
        }
        for other in [
            "Poll::Ready(x)",
            "return Poll::Pending",
            "x: Poll<()>",
            "-> Option<Poll<()>>",
            "Some(Poll::Ready(()))",
            "-> MyPoll<()>",
        ] {
            let start = other.find("Poll").unwrap();
            if !other.contains("MyPoll") {
                assert!(!returned_type_at(other.as_bytes(), start), "{other}");
            }
            assert!(!may_declare_poll(other.as_bytes()), "{other}");
        }
    }

    #[test]
    fn configured_names_are_wanted_anywhere() {
        let settings = RuleSettings {
            write_polls: vec!["send_frame".to_string()],
            ..RuleSettings::default()
        };
        let configured = Needles::new(&InterestTable::new(&[("test", INTERESTS)], &settings));
        assert!(configured.wants("fn f() { let x = t.send_frame; }"));
        assert!(!needles().wants("fn f() { let _ = t.send_frame(x); }"));
    }

    #[test]
    fn what_a_plan_saw_answers_may_call_io_as_a_search_does() {
        let needles = needles();
        for text in [
            "fn f() {}",
            "fn f() { w.write(b); }",
            "fn f() { let _ = w.flush(); }",
            "fn f() { f.sync_all(); }",
            "fn f() { f.sync_data() }",
            "fn f() { s.poll_close(cx) }",
            "fn f() { s.poll_ready(cx); s.close(); }",
            "fn f() { s.shutdown(); }",
            "// write\nfn f() {}",
            "#!/usr/bin/env write\nfn f() {}",
            "#!/usr/bin/env run\nfn f() { let _ = w.write(b); }",
            "fn f() { let _ = s.poll_flush(cx); }",
        ] {
            let mut seen = Seen::default();
            needles.plan_seeing(text, &mut seen);
            assert_eq!(
                needles.may_call_io(text.as_bytes(), &seen),
                may_call_io(text.as_bytes()),
                "{text}"
            );
        }
        // A plan that stops at the first mention leaves later needles
        // unknown, not absent.
        let text = "fn f() { let _ = s.poll_ready(cx); } // write";
        let mut seen = Seen::default();
        needles.plan_seeing(text, &mut seen);
        assert!(seen.present != 0);
        assert!(needles.may_call_io(text.as_bytes(), &seen));
    }

    #[test]
    fn second_pass_plans_the_items_that_judge_a_declared_poll() {
        let interests = InterestTable::new(&[("test", INTERESTS)], &RuleSettings::default());
        let names = HashSet::from(["drive".to_string()]);
        let second = Needles::new(&interests.with_poll_results(&names));
        let text = "fn a() { let _ = self.drive(cx); }\nfn b() { other(); }\n";
        assert_eq!(needles().plan(text), Plan::Skip);
        let Plan::Items(kept) = second.plan(text) else {
            panic!("items expected")
        };
        assert_eq!(kept.len(), 1);
        assert_eq!(
            text[kept[0].clone()].trim_end(),
            "fn a() { let _ = self.drive(cx); }"
        );
        // In a comment, or bound to a name, it is not judged.
        assert_eq!(second.plan("// drive\nfn f() { overdrive(); }"), Plan::Skip);
        assert_eq!(
            second.plan("fn f() { let x = self.drive(cx); }"),
            Plan::Skip
        );
    }
}
