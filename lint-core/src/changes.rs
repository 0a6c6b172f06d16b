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
    /// git ran and refused.
    #[error("git {command} failed: {message}")]
    Git {
        /// The arguments given to git.
        command: String,
        /// What git said on standard error: its first line.
        message: String,
    },
    /// The directory is in no git repository.
    #[error("{} is not in a git repository", .0.display())]
    NotARepository(PathBuf),
    /// The repository has no commit by the name.
    #[error("not a revision of the repository at {}", .0.display())]
    UnknownRevision(PathBuf),
}

/// Runs git with `args` in `directory`; its standard output.
pub fn git(directory: &Path, args: &[&str]) -> Result<String, ChangesError> {
    let output = Command::new("git")
        .args(args)
        .current_dir(directory)
        .output()
        .map_err(ChangesError::NoGit)?;
    if !output.status.success() {
        // git's first line says what is wrong (`fatal: bad revision …`);
        // hints and usage follow it.
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr
            .lines()
            .find(|line| !line.trim().is_empty())
            .unwrap_or("");
        let message = first
            .trim()
            .trim_start_matches("fatal: ")
            .trim_start_matches("error: ")
            .to_string();
        return Err(ChangesError::Git {
            command: args.join(" "),
            message,
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The top directory of the git repository holding `directory`.
pub fn repository_root(directory: &Path) -> Result<PathBuf, ChangesError> {
    match git(directory, &["rev-parse", "--show-toplevel"]) {
        Ok(root) => Ok(PathBuf::from(root.trim())),
        // Only that: git also refuses a repository it does not trust
        // (`safe.directory`), which its own message explains.
        Err(ChangesError::Git { message, .. }) if message.contains("not a git repository") => {
            Err(ChangesError::NotARepository(directory.to_path_buf()))
        }
        Err(error) => Err(error),
    }
}

/// The commit `revision` names in the repository at `root`, as its full
/// hash (what is then handed to git: never the user's text, which could
/// read as an option).
pub fn verify_revision(root: &Path, revision: &str) -> Result<String, ChangesError> {
    let commit = format!("{revision}^{{commit}}");
    match git(root, &["rev-parse", "--verify", "--quiet", &commit]) {
        Ok(hash) => Ok(hash.trim().to_string()),
        Err(ChangesError::Git { .. }) => Err(ChangesError::UnknownRevision(root.to_path_buf())),
        Err(error) => Err(error),
    }
}

impl ChangedLines {
    /// Asks git, in the repository holding `directory`, what changed between
    /// `revision` and the working tree.
    pub fn since(directory: &Path, revision: &str) -> Result<Self, ChangesError> {
        let root = repository_root(directory)?;
        let commit = verify_revision(&root, revision)?;
        let diff = git(
            &root,
            &[
                "diff",
                "--no-color",
                "--no-ext-diff",
                "--unified=0",
                &commit,
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
