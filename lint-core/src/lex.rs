//! The byte lexer the pre-filter and the crate model share: it skips
//! whitespace, comments and the insides of literals, checks that brackets
//! balance, and reports tokens to an [`Observer`]; plus the small helpers
//! that find where identifiers, comments and literals end.

use std::ops::Range;

use crate::parse::MAX_NESTING;

/// What [`scan`] reports. Each token is given with its nesting depth: the
/// number of brackets open around it (a bracket itself counts as outside).
pub(crate) trait Observer {
    /// An identifier or keyword (a raw identifier without its `r#`). Return
    /// true to stop the scan.
    fn ident(&mut self, _bytes: &[u8], _ident: Range<usize>, _depth: usize) -> bool {
        false
    }
    /// Any other token: punctuation, a literal (as `"`), a bracket, a doc
    /// comment ([`OUTER_DOC`] or [`INNER_DOC`]).
    fn other(&mut self, _bytes: &[u8], _at: usize, _token: u8, _depth: usize) -> bool {
        false
    }
}

/// How a scan ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The observer stopped it.
    Stopped,
    /// The text does not lex cleanly: an unterminated literal or comment, an
    /// unbalanced or too deep bracket, or a control character in code.
    Trouble,
    /// The end of a text that lexes cleanly.
    Clean,
}

/// Byte classes of the scan's main loop.
const PLAIN: u8 = 0;
const SPACE: u8 = 1;
pub(crate) const IDENT: u8 = 2;
const DIGIT: u8 = 3;
const SLASH: u8 = 4;
const QUOTE: u8 = 5;
const APOSTROPHE: u8 = 6;
pub(crate) const OPEN: u8 = 7;
pub(crate) const CLOSE: u8 = 8;
const CONTROL: u8 = 9;

pub(crate) const CLASSES: [u8; 256] = {
    let mut table = [PLAIN; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => SPACE,
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | 0x80..=0xff => IDENT,
            b'0'..=b'9' => DIGIT,
            b'/' => SLASH,
            b'"' => QUOTE,
            b'\'' => APOSTROPHE,
            b'(' | b'[' | b'{' => OPEN,
            b')' | b']' | b'}' => CLOSE,
            0x00..=0x1f | 0x7f => CONTROL,
            _ => PLAIN,
        };
        byte += 1;
    }
    table
};

/// Lexes `bytes` as Rust code, skipping whitespace, comments and the insides
/// of literals and checking that brackets balance, and tells `observer` of
/// each token.
pub(crate) fn scan(bytes: &[u8], observer: &mut impl Observer) -> Outcome {
    let mut stack: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let stop = match CLASSES[usize::from(byte)] {
            SPACE => {
                // Runs of whitespace (indentation) are the commonest bytes.
                i += 1;
                while i < bytes.len() && CLASSES[usize::from(bytes[i])] == SPACE {
                    i += 1;
                }
                false
            }
            PLAIN => {
                i += 1;
                observer.other(bytes, i - 1, byte, stack.len())
            }
            IDENT => {
                let start = i;
                i = ident_end(bytes, i);
                let mut ident = start..i;
                if i - start <= 2 {
                    match (&bytes[start..i], bytes.get(i)) {
                        (b"r" | b"br" | b"cr", Some(b'"' | b'#')) => {
                            let hashes = bytes[i..].iter().take_while(|&&b| b == b'#').count();
                            let after = i + hashes;
                            if bytes.get(after) == Some(&b'"') {
                                match skip_raw(bytes, after + 1, hashes) {
                                    Some(end) => i = end,
                                    None => return Outcome::Trouble,
                                }
                                if observer.other(bytes, start, b'"', stack.len()) {
                                    return Outcome::Stopped;
                                }
                                continue;
                            }
                            if i - start == 1
                                && hashes == 1
                                && bytes
                                    .get(after)
                                    .is_some_and(|&b| CLASSES[usize::from(b)] == IDENT)
                            {
                                // `r#name`
                                i = ident_end(bytes, after);
                                ident = after..i;
                            }
                        }
                        (b"b" | b"c", Some(b'"')) => {
                            match skip_quoted(bytes, i + 1, b'"') {
                                Some(end) => i = end,
                                None => return Outcome::Trouble,
                            }
                            if observer.other(bytes, start, b'"', stack.len()) {
                                return Outcome::Stopped;
                            }
                            continue;
                        }
                        (b"b", Some(b'\'')) => {
                            match char_literal_end(bytes, start) {
                                Some(end) => i = end,
                                None => return Outcome::Trouble,
                            }
                            if observer.other(bytes, start, b'"', stack.len()) {
                                return Outcome::Stopped;
                            }
                            continue;
                        }
                        _ => {}
                    }
                }
                observer.ident(bytes, ident, stack.len())
            }
            DIGIT => {
                let start = i;
                i += 1;
                while let Some(&next) = bytes.get(i) {
                    match next {
                        b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'_' => i += 1,
                        // `1.5`, but not the `.` of `x.0.poll()`.
                        b'.' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => i += 1,
                        _ => break,
                    }
                }
                observer.other(bytes, start, b'0', stack.len())
            }
            SLASH if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => {
                let start = i;
                match skip_comment(bytes, i) {
                    Some(end) => i = end,
                    None => return Outcome::Trouble,
                }
                // Doc comments are attributes.
                match doc_comment(&bytes[start..i]) {
                    Some(token) => observer.other(bytes, start, token, stack.len()),
                    None => false,
                }
            }
            SLASH => {
                i += 1;
                observer.other(bytes, i - 1, byte, stack.len())
            }
            QUOTE => {
                let start = i;
                match skip_quoted(bytes, i + 1, b'"') {
                    Some(end) => i = end,
                    None => return Outcome::Trouble,
                }
                observer.other(bytes, start, b'"', stack.len())
            }
            APOSTROPHE => {
                // A lifetime or label when it is no character literal: its
                // name comes next as an identifier.
                let start = i;
                i = char_literal_end(bytes, i).unwrap_or(i + 1);
                observer.other(bytes, start, b'"', stack.len())
            }
            OPEN => {
                let depth = stack.len();
                stack.push(byte);
                if stack.len() > MAX_NESTING {
                    return Outcome::Trouble;
                }
                i += 1;
                observer.other(bytes, i - 1, byte, depth)
            }
            CLOSE => {
                let open = match byte {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if stack.pop() != Some(open) {
                    return Outcome::Trouble;
                }
                i += 1;
                observer.other(bytes, i - 1, byte, stack.len())
            }
            CONTROL => return Outcome::Trouble,
            _ => unreachable!("every byte has a class"),
        };
        if stop {
            return Outcome::Stopped;
        }
    }
    if stack.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Trouble
    }
}

/// The start of the identifier that `at` is in or just after.
pub(crate) fn ident_start(bytes: &[u8], at: usize) -> usize {
    bytes[..at]
        .iter()
        .rposition(|&byte| !IDENT_CONTINUE[usize::from(byte)])
        .map_or(0, |before| before + 1)
}

pub(crate) fn ident_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && IDENT_CONTINUE[usize::from(bytes[at])] {
        at += 1;
    }
    at
}

/// Bytes that go on an identifier (any byte of a non-ASCII character).
pub(crate) const IDENT_CONTINUE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = matches!(CLASSES[byte], IDENT | DIGIT);
        byte += 1;
    }
    table
};

/// The text from the first byte at or after `i` that is not whitespace or
/// inside a comment.
pub(crate) fn next_significant(bytes: &[u8], i: usize) -> &[u8] {
    &bytes[significant_from(bytes, i)..]
}

/// The first byte at or after `i` that is not whitespace or inside a
/// comment (the end of `bytes` if there is none).
pub(crate) fn significant_from(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => i += 1,
            b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => match skip_comment(bytes, i) {
                Some(end) => i = end,
                None => return bytes.len(),
            },
            _ => return i,
        }
    }
    bytes.len()
}

/// [`INNER_DOC`] for `//!` and `/*! */`, [`OUTER_DOC`] for `///` and
/// `/** */`, nothing for other comments.
pub(crate) fn doc_comment(comment: &[u8]) -> Option<u8> {
    match comment {
        [b'/', b'/', b'!', ..] | [b'/', b'*', b'!', ..] => Some(INNER_DOC),
        [b'/', b'/', b'/', b'/', ..] | [b'/', b'*', b'*', b'*', ..] | b"/**/" => None,
        [b'/', b'/', b'/', ..] | [b'/', b'*', b'*', ..] => Some(OUTER_DOC),
        _ => None,
    }
}

/// How [`scan`] reports doc comments.
pub(crate) const INNER_DOC: u8 = b'!';
pub(crate) const OUTER_DOC: u8 = b'#';

/// The end of the `//` or (nested) `/* */` comment at `i`, if it ends.
pub(crate) fn skip_comment(bytes: &[u8], i: usize) -> Option<usize> {
    if bytes[i + 1] == b'/' {
        return Some(memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |end| i + end + 1));
    }
    let mut depth = 0usize;
    let mut j = i;
    while j + 1 < bytes.len() {
        match (bytes[j], bytes[j + 1]) {
            (b'/', b'*') => {
                depth += 1;
                j += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => j += 1,
        }
    }
    None
}

/// The end of a quoted literal whose contents start at `i`, backslash
/// escapes honoured.
pub(crate) fn skip_quoted(bytes: &[u8], mut i: usize, quote: u8) -> Option<usize> {
    while i < bytes.len() {
        let found = i + memchr::memchr2(b'\\', quote, &bytes[i..])?;
        if bytes[found] == quote {
            return Some(found + 1);
        }
        i = found + 2;
    }
    None
}

/// The end of a raw string whose contents start at `i`, closed by `"` and
/// `hashes` `#`s.
pub(crate) fn skip_raw(bytes: &[u8], mut i: usize, hashes: usize) -> Option<usize> {
    while let Some(quote) = memchr::memchr(b'"', &bytes[i..]) {
        let close = i + quote + 1;
        if bytes[close..]
            .iter()
            .take(hashes)
            .filter(|&&b| b == b'#')
            .count()
            == hashes
        {
            return Some(close + hashes);
        }
        i = close;
    }
    None
}

/// The end of the character literal whose opening quote is at `i` (or at
/// `i + 1` after a `b`), or `None` when the quote starts a lifetime.
pub(crate) fn char_literal_end(bytes: &[u8], i: usize) -> Option<usize> {
    let open = if bytes[i] == b'b' { i + 1 } else { i };
    let first = *bytes.get(open + 1)?;
    if first == b'\\' {
        return skip_quoted(bytes, open + 1, b'\'');
    }
    let width = match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    (bytes.get(open + 1 + width) == Some(&b'\'')).then_some(open + 2 + width)
}
