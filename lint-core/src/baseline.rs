//! Baselines: record today's findings so that only new ones are reported.
//!
//! An entry is keyed by rule, path and the finding's fingerprint (its own
//! source text, white space folded; see [`crate::fingerprint`]), with a count
//! of identical findings — never by line number, so that unrelated edits do
//! not make old findings look new.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fingerprint::fingerprint;
use crate::report::Report;

const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    path: String,
    fingerprint: String,
    count: usize,
}

type Key = (String, String, String);

/// A loaded baseline.
#[derive(Debug, Default)]
pub struct Baseline {
    counts: BTreeMap<Key, usize>,
}

/// A baseline file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// Reading or writing failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a pollcheck baseline.
    #[error("{}: not a pollcheck baseline ({message}); write one with --write-baseline", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

fn keys(report: &Report) -> BTreeMap<Key, usize> {
    let mut counts = BTreeMap::new();
    for (source, diagnostic) in report.diagnostics() {
        let key = (
            diagnostic.rule.to_string(),
            source.path().to_string_lossy().replace('\\', "/"),
            fingerprint(source, diagnostic),
        );
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

/// Writes the report's findings as a baseline; returns how many it holds.
pub fn write(report: &Report, path: &Path) -> Result<usize, BaselineError> {
    let counts = keys(report);
    let total = counts.values().sum();
    let file = BaselineFile {
        version: VERSION,
        findings: counts
            .into_iter()
            .map(|((rule, file, fingerprint), count)| Entry {
                rule,
                path: file,
                fingerprint,
                count,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).expect("a baseline serialises");
    text.push('\n');
    std::fs::write(path, text).map_err(|source| BaselineError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(total)
}

/// Reads a baseline written by [`write()`].
pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
    let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let file: BaselineFile =
        serde_json::from_str(&text).map_err(|error| BaselineError::Invalid {
            path: path.to_path_buf(),
            message: error.to_string(),
        })?;
    if file.version != VERSION {
        return Err(BaselineError::Invalid {
            path: path.to_path_buf(),
            message: format!(
                "version {}, this pollcheck reads version {VERSION}",
                file.version
            ),
        });
    }
    let mut counts = BTreeMap::new();
    for entry in file.findings {
        *counts
            .entry((entry.rule, entry.path, entry.fingerprint))
            .or_insert(0) += entry.count;
    }
    Ok(Baseline { counts })
}

impl Baseline {
    /// How many findings it records.
    pub fn recorded(&self) -> usize {
        self.counts.values().sum()
    }

    /// Removes from `report` the findings the baseline holds (as many of
    /// each as it counted); returns how many were removed.
    pub fn filter(&self, report: &mut Report) -> usize {
        let mut left = self.counts.clone();
        let mut removed = 0;
        report.retain(|source, diagnostic| {
            let key = (
                diagnostic.rule.to_string(),
                source.path().to_string_lossy().replace('\\', "/"),
                fingerprint(source, diagnostic),
            );
            match left.get_mut(&key) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    removed += 1;
                    false
                }
                _ => true,
            }
        });
        removed
    }
}
