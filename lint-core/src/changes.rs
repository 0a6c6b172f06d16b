//! `--changed-since REV`: which lines git says changed since a revision, so
//! that pull-request CI reports only findings on lines the change touched.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Lines added or changed since a revision, by absolute file path; untracked
/// files count as wholly new.
#[derive(Debug, Default)]
pub struct ChangedLines {
    files: HashMap<PathBuf, Vec<RangeInclusive<usize>>>,
    whole_files: Vec<PathBuf>,
}

/// Why git could not say what changed.
#[derive(Debug, thiserror::Error)]
pub enum ChangesError {
    /// git could not be started.
    #[error("cannot run git: {0}")]
    NoGit(#[source] std::io::Error),
    /// git ran and refused (not a repository, an unknown revision).
    #[error("git {command} failed: {message}")]
    Git {
        /// The arguments given to git.
        command: String,
        /// What git said on standard error.
        message: String,
    },
}

/// Runs git with `args` in `directory`; its standard output.
pub fn git(directory: &Path, args: &[&str]) -> Result<String, ChangesError> {
    let output = Command::new("git")
        .args(args)
        .current_dir(directory)
        .output()
        .map_err(ChangesError::NoGit)?;
    if !output.status.success() {
        return Err(ChangesError::Git {
            command: args.join(" "),
            message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

impl ChangedLines {
    /// Asks git, in the repository holding `directory`, what changed between
    /// `revision` and the working tree.
    pub fn since(directory: &Path, revision: &str) -> Result<Self, ChangesError> {
        let root = PathBuf::from(git(directory, &["rev-parse", "--show-toplevel"])?.trim());
        let diff = git(
            &root,
            &[
                "diff",
                "--no-color",
                "--no-ext-diff",
                "--unified=0",
                revision,
                "--",
            ],
        )?;
        let mut changed = ChangedLines::parse_diff(&root, &diff);
        let untracked = git(&root, &["ls-files", "--others", "--exclude-standard"])?;
        changed.whole_files = untracked
            .lines()
            .filter(|line| !line.is_empty())
            .map(|line| root.join(line))
            .collect();
        Ok(changed)
    }

    fn parse_diff(root: &Path, diff: &str) -> Self {
        let mut changed = ChangedLines::default();
        let mut current: Option<PathBuf> = None;
        for line in diff.lines() {
            if let Some(path) = line.strip_prefix("+++ ") {
                current = path.strip_prefix("b/").map(|path| root.join(path));
            } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
                // `@@ -a,b +c,d @@`: lines c .. c+d-1 of the new file.
                let Some(added) = hunk.split_whitespace().find(|part| part.starts_with('+')) else {
                    continue;
                };
                let mut numbers = added[1..].split(',');
                let start: usize = numbers.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                let count: usize = numbers
                    .next()
                    .map_or(Some(1), |n| n.parse().ok())
                    .unwrap_or(0);
                if count > 0 {
                    changed
                        .files
                        .entry(path.clone())
                        .or_default()
                        .push(start..=start + count - 1);
                }
            }
        }
        changed
    }

    /// Whether 1-based `line` of `path` changed.
    pub fn contains(&self, path: &Path, line: usize) -> bool {
        let Ok(absolute) = std::fs::canonicalize(path) else {
            return false;
        };
        if self
            .whole_files
            .iter()
            .any(|file| same_file(file, &absolute))
        {
            return true;
        }
        self.files.iter().any(|(file, ranges)| {
            same_file(file, &absolute) && ranges.iter().any(|range| range.contains(&line))
        })
    }
}

fn same_file(recorded: &Path, absolute: &Path) -> bool {
    recorded == absolute || std::fs::canonicalize(recorded).is_ok_and(|path| path == absolute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_give_the_new_lines() {
        let diff = "diff --git a/src/a.rs b/src/a.rs\n--- a/src/a.rs\n+++ b/src/a.rs\n@@ -3,0 +4,2 @@ fn f() {\n+x\n+y\n@@ -10 +12 @@\n-a\n+b\n@@ -20,3 +22,0 @@\n";
        let changed = ChangedLines::parse_diff(Path::new("/repo"), diff);
        let ranges = &changed.files[Path::new("/repo/src/a.rs")];
        assert_eq!(ranges, &[4..=5, 12..=12]);
    }
}
