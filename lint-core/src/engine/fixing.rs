//! Fixing: each file with applicable suggestions is fixed in rounds, the
//! text re-checked after each (parsed as the scan parsed it, against the
//! same crate model) until nothing more applies, and written crash-safely.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::error::ScanError;
use crate::fix;
use crate::model::CrateModel;
use crate::report::Report;
use crate::source::SourceFile;

use super::files::Filter;
use super::Engine;

/// What fixing one file would do.
#[derive(Debug, Clone)]
pub struct FixPlan {
    /// The file.
    pub path: PathBuf,
    /// Its text as read.
    pub original: String,
    /// Its text with the fixes applied (equal to `original` when none apply).
    pub fixed: String,
    /// How many suggestions were applied.
    pub applied: usize,
    /// What is still found in the fixed text (settled, levels set): with
    /// these, a report needs no second scan of the fixed files.
    pub diagnostics: Vec<Diagnostic>,
    /// Why the file is left as it is, when something went wrong.
    pub problem: Option<FixProblem>,
}

/// Why a file is not fixed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FixProblem {
    /// Part of it does not parse: fixing the rest could not be checked.
    #[error("does not parse completely; not fixed")]
    DoesNotParse,
    /// The fixed text would not parse (a pollcheck bug).
    #[error("applying its fixes would leave it unparsable ({0}); left untouched (a pollcheck bug, please report it)")]
    FixesBreakIt(Arc<ScanError>),
}

/// Why a planned fix was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file may not be written.
    #[error("{}: read-only; not fixed", path.display())]
    ReadOnly {
        /// The file.
        path: PathBuf,
    },
    /// The file is not what was read and fixed.
    #[error("{}: changed on disk since it was read; not fixed", path.display())]
    Changed {
        /// The file.
        path: PathBuf,
    },
    /// Writing failed; the file is untouched.
    #[error("{}: cannot write the fixed file: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Rounds of fixing before giving up on reaching a fixed point.
pub const FIX_ROUNDS: usize = 10;

impl Engine<'_> {
    /// Plans the fixes for every file under `roots` with an applicable
    /// suggestion; nothing is written. Also returns the scan's report.
    pub fn plan_fixes(&self, roots: &[PathBuf], unsafe_fixes: bool) -> (Vec<FixPlan>, Report) {
        let report = self.check_paths(roots);
        let broken: std::collections::HashSet<&Path> =
            report.errors.iter().map(|error| error.path()).collect();
        let empty = Arc::new(CrateModel::empty());
        let plans = self.in_pool(|| {
            report
                .files
                .par_iter()
                .filter(|file| has_fix(&file.diagnostics))
                .map(|file| {
                    let model = report.models.get(&file.crate_key).unwrap_or(&empty);
                    if broken.contains(file.source.path()) {
                        let mut plan = FixPlan::unchanged(file.source.path(), file.source.text());
                        plan.diagnostics = file.diagnostics.clone();
                        plan.problem = Some(FixProblem::DoesNotParse);
                        return plan;
                    }
                    self.plan_file(&file.source, &file.diagnostics, model, unsafe_fixes)
                })
                .collect::<Vec<_>>()
        });
        (plans, report)
    }

    /// Plans the fixes for one text as if read from `path` (a crate of its
    /// own).
    pub fn plan_text_fix(&self, path: &Path, text: String, unsafe_fixes: bool) -> FixPlan {
        let report = self.check_text(path, text.clone());
        let Some(file) = report.files.first() else {
            return FixPlan::unchanged(path, &text);
        };
        if !report.errors.is_empty() {
            let mut plan = FixPlan::unchanged(path, &text);
            plan.diagnostics = file.diagnostics.clone();
            plan.problem = Some(FixProblem::DoesNotParse);
            return plan;
        }
        let empty = Arc::new(CrateModel::empty());
        let model = report.models.get(&file.crate_key).unwrap_or(&empty).clone();
        self.in_pool(|| self.plan_file(&file.source, &file.diagnostics, &model, unsafe_fixes))
    }

    fn plan_file(
        &self,
        source: &SourceFile,
        diagnostics: &[Diagnostic],
        model: &CrateModel,
        unsafe_fixes: bool,
    ) -> FixPlan {
        let path = source.path();
        // A file that is nowhere (standard input, fuzzing) has no crate.
        let policy = self.ready_policy(source, model);
        let order = self.import_order(source, model);
        let mut plan = FixPlan::unchanged(path, source.text());
        plan.diagnostics = diagnostics.to_vec();
        let mut text = source.text().to_string();
        let mut diagnostics = diagnostics.to_vec();
        for _ in 0..FIX_ROUNDS {
            let candidates = fix::candidates(&text, &diagnostics, &policy);
            let (next, applied) = fix::apply(&text, &candidates, unsafe_fixes);
            if applied == 0 {
                break;
            }
            let next = fix::ensure_ready_import(&text, next, &policy, order);
            match self.recheck(path, next.clone(), model) {
                Ok(found) => {
                    text = next;
                    diagnostics = found;
                    plan.applied += applied;
                }
                Err(error) => {
                    plan.problem = Some(FixProblem::FixesBreakIt(Arc::new(error)));
                    plan.applied = 0;
                    return plan;
                }
            }
        }
        plan.fixed = text;
        plan.diagnostics = diagnostics;
        plan
    }

    /// The findings in `text` after a round of fixes, or why it no longer
    /// parses.
    fn recheck(
        &self,
        path: &Path,
        text: String,
        model: &CrateModel,
    ) -> Result<Vec<Diagnostic>, ScanError> {
        // Parsed as the scan parsed it: an item the pre-filter left out may
        // not parse, and did not before the fix either.
        let needles = self.needles();
        let filter = needles.as_ref().map_or(Filter::Everything, Filter::Fixing);
        let mut outcome = self.check_source(path, text, 0, filter);
        if !outcome.errors.is_empty() {
            return Err(outcome.errors.swap_remove(0));
        }
        // Each round's suggestions are placed as the scan's were, so one
        // inside an inline module calls `ready!` by its path.
        Ok(outcome
            .checked
            .and_then(|checked| self.settle(checked, model))
            .map(|mut result| {
                self.qualify_ready(&mut result, model);
                result.diagnostics
            })
            .unwrap_or_default())
    }
}

fn has_fix(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|diagnostic| {
        diagnostic
            .suggestion
            .as_ref()
            .is_some_and(|suggestion| !suggestion.edits.is_empty())
    })
}

impl FixPlan {
    fn unchanged(path: &Path, text: &str) -> Self {
        FixPlan {
            path: path.to_path_buf(),
            original: text.to_string(),
            fixed: text.to_string(),
            applied: 0,
            diagnostics: Vec::new(),
            problem: None,
        }
    }

    /// Whether writing it would change the file.
    pub fn changes(&self) -> bool {
        self.problem.is_none() && self.fixed != self.original
    }
}

/// Writes a planned fix crash-safely: to a temporary file in the same
/// directory, then renamed over the original, keeping its permissions. A
/// read-only file, or one that no longer holds the text that was fixed, is
/// left alone.
pub fn write_fix(plan: &FixPlan) -> Result<(), WriteError> {
    let path = &plan.path;
    let io = |source| WriteError::Io {
        path: path.clone(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if metadata.permissions().readonly() {
        return Err(WriteError::ReadOnly { path: path.clone() });
    }
    let current = std::fs::read(path).map_err(io)?;
    if current != plan.original.as_bytes() {
        return Err(WriteError::Changed { path: path.clone() });
    }
    let directory = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".pollcheck-fix-")
        .tempfile_in(directory)
        .map_err(io)?;
    std::io::Write::write_all(&mut temporary, plan.fixed.as_bytes()).map_err(io)?;
    temporary.as_file().sync_all().map_err(io)?;
    std::fs::set_permissions(temporary.path(), metadata.permissions()).map_err(io)?;
    temporary.persist(path).map_err(|error| io(error.error))?;
    Ok(())
}
