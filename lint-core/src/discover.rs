//! Finding the files to scan.
//!
//! Directories are walked with the `ignore` crate, so `.gitignore`, `.ignore`
//! and git's exclude files are respected (inside or outside a git checkout),
//! hidden files and directories are skipped, and so is any directory holding
//! a `CACHEDIR.TAG` (cargo's `target/`). A path named explicitly is always
//! scanned, whatever its name or extension; the configuration's `exclude`
//! patterns apply to what a walk finds.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::error::ScanError;

/// The files found under `roots`, sorted and without duplicates, and the
/// problems met while walking (on as many threads as the machine has cores).
pub fn discover(
    roots: &[PathBuf],
    exclude: Option<&crate::config::Exclude>,
) -> (Vec<PathBuf>, Vec<ScanError>) {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    discover_with_threads(roots, exclude, threads)
}

/// [`discover`] walking directories on `threads` threads.
pub fn discover_with_threads(
    roots: &[PathBuf],
    exclude: Option<&crate::config::Exclude>,
    threads: usize,
) -> (Vec<PathBuf>, Vec<ScanError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut directories = Vec::new();
    for root in roots {
        match std::fs::metadata(root) {
            Ok(metadata) if metadata.is_dir() => directories.push(root.as_path()),
            Ok(metadata) if metadata.is_file() => files.push(display_path(root)),
            // A FIFO or a device would block or never end.
            Ok(_) => errors.push(ScanError::Walk {
                path: root.clone(),
                message: "not a regular file or a directory; skipped".to_string(),
            }),
            Err(error) => {
                if std::fs::symlink_metadata(root).is_ok() {
                    // A dangling link or a link loop: reading it reports why.
                    files.push(display_path(root));
                } else {
                    errors.push(ScanError::Read {
                        path: root.clone(),
                        source: error,
                    });
                }
            }
        }
    }
    if !directories.is_empty() {
        walk_directories(&directories, exclude, threads, &mut files, &mut errors);
    }
    files.sort();
    files.dedup();
    (files, errors)
}

/// Walks every directory of `roots` (not empty) in one parallel walk.
fn walk_directories(
    roots: &[&Path],
    exclude: Option<&crate::config::Exclude>,
    threads: usize,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<ScanError>,
) {
    let exclude = exclude.cloned();
    let mut builder = ignore::WalkBuilder::new(roots[0]);
    for root in &roots[1..] {
        builder.add(root);
    }
    let walker = builder
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(true)
        .ignore(true)
        .parents(true)
        .require_git(false)
        .follow_links(false)
        .threads(threads.max(1))
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
            if is_dir && entry.path().join("CACHEDIR.TAG").exists() {
                return false;
            }
            !exclude
                .as_ref()
                .is_some_and(|exclude| exclude.matches(entry.path()))
        })
        .build_parallel();
    // Each walking thread collects into its own lists, handed over when the
    // walk drops its visitor; the caller sorts.
    let found = Mutex::new((std::mem::take(files), std::mem::take(errors)));
    // An error without a path of its own is put on the first root.
    walker.visit(&mut Collector {
        root: roots[0],
        found: &found,
    });
    (*files, *errors) = found.into_inner().unwrap_or_else(PoisonError::into_inner);
}

/// Makes one [`Visitor`] per walking thread.
struct Collector<'a> {
    root: &'a Path,
    found: &'a Mutex<(Vec<PathBuf>, Vec<ScanError>)>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for Collector<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Visitor {
            root: self.root,
            found: self.found,
            files: Vec::new(),
            errors: Vec::new(),
        })
    }
}

/// What one walking thread found.
struct Visitor<'a> {
    root: &'a Path,
    found: &'a Mutex<(Vec<PathBuf>, Vec<ScanError>)>,
    files: Vec<PathBuf>,
    errors: Vec<ScanError>,
}

impl ignore::ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
                if is_file && entry.path().extension().is_some_and(|ext| ext == "rs") {
                    self.files.push(display_path(entry.path()));
                }
            }
            Err(error) => self.errors.push(walk_error(self.root, error)),
        }
        ignore::WalkState::Continue
    }
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let mut found = self.found.lock().unwrap_or_else(PoisonError::into_inner);
        found.0.append(&mut self.files);
        found.1.append(&mut self.errors);
    }
}

/// `./src/lib.rs` is shown as `src/lib.rs`.
fn display_path(path: &Path) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => path.to_path_buf(),
    }
}

fn walk_error(root: &Path, error: ignore::Error) -> ScanError {
    fn innermost(error: &ignore::Error) -> (Option<PathBuf>, String) {
        match error {
            ignore::Error::WithPath { path, err } => {
                let (inner_path, message) = innermost(err);
                (inner_path.or_else(|| Some(path.clone())), message)
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                innermost(err)
            }
            ignore::Error::Loop { child, .. } => {
                (Some(child.clone()), "symbolic link loop".to_string())
            }
            ignore::Error::Io(io) => (None, format!("cannot read: {}", io_cause(io))),
            other => (None, other.to_string()),
        }
    }
    /// The operating system's reason, without the path walkdir repeats in
    /// its message.
    fn io_cause(io: &std::io::Error) -> String {
        io.get_ref()
            .and_then(|inner| inner.downcast_ref::<walkdir::Error>())
            .and_then(walkdir::Error::io_error)
            .map_or_else(|| io.to_string(), ToString::to_string)
    }
    let (path, message) = innermost(&error);
    ScanError::Walk {
        path: path
            .map(|path| display_path(&path))
            .unwrap_or_else(|| root.to_path_buf()),
        message,
    }
}
