//! Problems with the input, each naming the file it concerns.

use std::path::PathBuf;

/// A file or directory that could not be scanned (wholly or in part). The
/// `Display` form is the one-line message shown to the user.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not UTF-8.
    #[error("{}: not valid UTF-8 (first invalid byte at offset {offset}); file skipped", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The file, or one item in it, is not Rust that syn can parse.
    #[error("{}:{line}:{column}: cannot parse: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (characters).
        column: usize,
        /// What is wrong, and what was skipped.
        message: String,
    },
    /// Walking a directory failed at this path.
    #[error("{}: {message}", path.display())]
    Walk {
        /// Where.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A problem reported by an earlier run whose results were cached.
    #[error("{line}")]
    Recorded {
        /// The file or package.
        path: PathBuf,
        /// The line that run printed.
        line: String,
    },
    /// A rule or the engine panicked on this file: a pollcheck bug.
    #[error("{}: internal error while checking this file (a pollcheck bug, please report it): {message}", path.display())]
    Internal {
        /// The file.
        path: PathBuf,
        /// The panic message.
        message: String,
    },
}

impl ScanError {
    /// The file or directory the problem concerns.
    pub fn path(&self) -> &std::path::Path {
        match self {
            ScanError::Read { path, .. }
            | ScanError::NotUtf8 { path, .. }
            | ScanError::Syntax { path, .. }
            | ScanError::Walk { path, .. }
            | ScanError::Recorded { path, .. }
            | ScanError::Internal { path, .. } => path,
        }
    }
}
