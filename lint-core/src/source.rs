//! Source text with a line index, for turning byte offsets into lines and
//! columns.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// One scanned file: its path as shown to the user and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: PathBuf,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Indexes `text`, which was read from `path`.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(&text));
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// Shows the same text under another path.
    pub(crate) fn set_path(&mut self, path: impl Into<PathBuf>) {
        self.path = path.into();
    }

    /// The path as the user named it (or as discovered under a named directory).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of lines (a final line without a newline counts).
    pub(crate) fn line_count(&self) -> usize {
        if self.text.is_empty() {
            0
        } else if self.text.ends_with('\n') {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
    }

    /// The 0-based line index holding byte `offset`.
    pub(crate) fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of 0-based line `index`, without its line ending.
    pub fn line_range(&self, index: usize) -> Range<usize> {
        let start = self.line_starts[index];
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let trimmed = line.trim_end_matches(['\n', '\r']);
        start..start + trimmed.len()
    }

    /// 1-based line and character column of byte `offset` (clamped to the text,
    /// and moved back to a character boundary).
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_index(offset);
        let mut start = self.line_starts[line];
        // A byte-order mark is not a column.
        if start == 0 && self.text.starts_with('\u{feff}') {
            start = '\u{feff}'.len_utf8().min(offset);
        }
        let column = self.text[start..offset].chars().count() + 1;
        LineColumn {
            line: line + 1,
            column,
        }
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|index| index + 1)
}

/// The number of lines in `text`, as [`SourceFile::line_count`] counts them.
pub(crate) fn count_lines(text: &str) -> usize {
    let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    breaks + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let file = SourceFile::new("x.rs", "let é = 1;\nfoo()".to_string());
        let foo = file.text().find("foo").unwrap();
        assert_eq!(file.line_column(foo), LineColumn { line: 2, column: 1 });
        let one = file.text().find('1').unwrap();
        assert_eq!(file.line_column(one), LineColumn { line: 1, column: 9 });
        assert_eq!(file.line_count(), 2);
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let file = SourceFile::new("x.rs", "\u{feff}fn f() -> {}".to_string());
        let arrow = file.text().find("->").unwrap();
        assert_eq!(file.line_column(arrow), LineColumn { line: 1, column: 8 });
    }

    #[test]
    fn crlf_lines_do_not_include_the_carriage_return() {
        let file = SourceFile::new("x.rs", "a\r\nbc\r\n".to_string());
        assert_eq!(file.line_range(1), 3..5);
        assert_eq!(file.line_count(), 2);
    }
}
