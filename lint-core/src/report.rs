//! What a scan produced: each file's findings with its text, the files
//! that could not be scanned, and counts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::diagnostic::{Diagnostic, Level};
use crate::error::ScanError;
use crate::model::CrateModel;
use crate::source::SourceFile;

/// One file's findings, with its text for rendering.
#[derive(Debug)]
pub struct FileResult {
    /// The file.
    pub source: SourceFile,
    /// Its findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The dependency it belongs to, in a `pollcheck deps` audit.
    pub package: Option<PackageLabel>,
    /// Which crate it belongs to, within this report.
    pub(crate) crate_key: usize,
    /// The edit that imports the `ready` macro, when some suggestion brings
    /// `ready!` into a file that does not import it: part of each such
    /// suggestion for a client that applies suggestions itself (`--fix`
    /// adds the import on its own).
    pub ready_import: Option<crate::diagnostic::Edit>,
}

/// A package's name and version, carried by each finding of a dependency
/// audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageLabel {
    /// The crate's name.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// Everything a scan produced.
#[derive(Debug, Default)]
pub struct Report {
    /// Files with findings, sorted by path.
    pub files: Vec<FileResult>,
    /// Files and directories that could not be (fully) scanned, sorted by path.
    pub errors: Vec<ScanError>,
    /// How many files were read.
    pub files_scanned: usize,
    /// How many lines they hold.
    pub lines_scanned: usize,
    /// How many bytes they hold.
    pub bytes_scanned: usize,
    /// Wall time of the scan.
    pub elapsed: Duration,
    /// How many of them were parsed (the others cannot hold a finding; see
    /// [`crate::prefilter`]).
    pub files_parsed: usize,
    /// Macro invocations whose contents were parsed and checked.
    pub macros_expanded: usize,
    /// Functions recorded in the crate-wide indexes.
    pub functions_indexed: usize,
    /// Suggestions applied by `--fix` before this report was made.
    pub fixes_applied: usize,
    /// Findings left out because they are outside the lines changed since
    /// a revision (`--changed-since`).
    pub hidden_unchanged: usize,
    /// Findings left out because a baseline records them.
    pub hidden_by_baseline: usize,
    /// Paths named to the scan that the configuration excludes
    /// (`--force-exclude`), left out.
    pub named_excluded: usize,
    /// Each crate's model, kept for re-checking files while fixing them.
    pub(crate) models: HashMap<usize, Arc<CrateModel>>,
}

impl Report {
    /// All findings, in output order.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&SourceFile, &Diagnostic)> {
        self.files.iter().flat_map(|file| {
            file.diagnostics
                .iter()
                .map(move |diagnostic| (&file.source, diagnostic))
        })
    }

    /// Number of findings at `level`.
    pub fn count(&self, level: Level) -> usize {
        self.diagnostics()
            .filter(|(_, diagnostic)| diagnostic.level == level)
            .count()
    }

    /// Keeps only the findings for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&SourceFile, &Diagnostic) -> bool) {
        self.retain_counting(keep);
    }

    /// [`Report::retain`], returning how many findings it left out.
    pub fn retain_counting(
        &mut self,
        mut keep: impl FnMut(&SourceFile, &Diagnostic) -> bool,
    ) -> usize {
        let before = self.diagnostics().count();
        for file in &mut self.files {
            let source = &file.source;
            file.diagnostics
                .retain(|diagnostic| keep(source, diagnostic));
        }
        self.files.retain(|file| !file.diagnostics.is_empty());
        before - self.diagnostics().count()
    }

    /// How many findings `--fix` could fix (safe fixes), and how many more
    /// with `--unsafe-fixes`.
    pub fn fixable(&self) -> (usize, usize) {
        let mut safe = 0;
        let mut unsafe_only = 0;
        for (_, diagnostic) in self.diagnostics() {
            match &diagnostic.suggestion {
                Some(suggestion) if !suggestion.edits.is_empty() => {
                    match suggestion.applicability {
                        crate::diagnostic::Applicability::Safe => safe += 1,
                        crate::diagnostic::Applicability::Unsafe => unsafe_only += 1,
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        (safe, unsafe_only)
    }

    /// Adds a file's findings (for reports rebuilt from a cache).
    pub fn push_file(&mut self, source: SourceFile, diagnostics: Vec<Diagnostic>) {
        if !diagnostics.is_empty() {
            self.files.push(FileResult {
                source,
                diagnostics,
                package: None,
                crate_key: 0,
                ready_import: None,
            });
        }
    }

    /// Marks every file as belonging to `package`.
    pub fn label_package(&mut self, package: &PackageLabel) {
        for file in &mut self.files {
            file.package = Some(package.clone());
        }
    }

    /// All findings with the file that holds them, in output order.
    pub fn findings(&self) -> impl Iterator<Item = (&FileResult, &Diagnostic)> {
        self.files.iter().flat_map(|file| {
            file.diagnostics
                .iter()
                .map(move |diagnostic| (file, diagnostic))
        })
    }

    /// Shows every file under another name (`crate-version/src/…` for a
    /// dependency); the text and findings stay as they are.
    pub fn relabel(&mut self, mut name: impl FnMut(&Path) -> PathBuf) {
        for file in &mut self.files {
            let path = name(file.source.path());
            file.source.set_path(path);
        }
    }

    /// Takes in the fixes of `plan`, written to its file: the file now
    /// holds the fixed text and what is still found in it.
    pub fn take_fixed(&mut self, plan: &crate::engine::FixPlan) {
        self.fixes_applied += plan.applied;
        let at = self
            .files
            .iter()
            .position(|file| file.source.path() == plan.path);
        let Some(at) = at else {
            return;
        };
        if plan.diagnostics.is_empty() {
            self.files.remove(at);
        } else {
            let file = &mut self.files[at];
            file.source = SourceFile::new(&plan.path, plan.fixed.clone());
            file.diagnostics = plan.diagnostics.clone();
        }
    }

    /// Whether any finding fails the run.
    pub fn has_failing_findings(&self) -> bool {
        self.diagnostics()
            .any(|(_, diagnostic)| diagnostic.level.fails_run())
    }
}
