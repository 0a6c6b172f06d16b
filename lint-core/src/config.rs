//! Configuration: `pollcheck.toml` or `.pollcheck.toml`, or a
//! `[package.metadata.pollcheck]` / `[workspace.metadata.pollcheck]` table in
//! `Cargo.toml`, whichever is nearest above the scanned path.
//!
//! ```toml
//! exclude = ["generated/**"]              # globs, relative to this file
//! write-polls = ["poll_send_frame"]       # more write-side poll names
//! io-writes = ["send_all"]                # more IO write methods
//! diagnostic-writers = ["log_out"]        # writers used like stderr
//!
//! [rules]
//! discarded_io_result = "deny"            # allow | note | warn | deny
//! ```
//!
//! Not `[lints.pollcheck]`: cargo hands `[lints]` to rustc, which rejects
//! unknown tools.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Level;
use crate::source::SourceFile;

/// Names the rules treat like the built-in ones.
#[derive(Debug, Default, Clone)]
pub struct RuleSettings {
    /// Extra method or function names that are write-side polls.
    pub write_polls: Vec<String>,
    /// Extra method names that are IO writes returning a `Result`.
    pub io_writes: Vec<String>,
    /// Extra writer names (variables or fields) used for diagnostics, like
    /// `stderr`: their write results are not reported.
    pub diagnostic_writers: Vec<String>,
}

/// Paths to leave out of directory walks.
#[derive(Debug, Clone)]
pub struct Exclude {
    /// The directory the patterns are relative to.
    pub base: PathBuf,
    /// The patterns.
    pub set: GlobSet,
    /// The patterns as written.
    pub patterns: Vec<String>,
}

impl Exclude {
    /// Whether `path` (absolute, or relative to the current directory) is
    /// excluded.
    pub fn matches(&self, path: &Path) -> bool {
        let absolute = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(path)
        };
        let absolute = normalise(&absolute);
        absolute
            .strip_prefix(&self.base)
            .is_ok_and(|relative| self.set.is_match(relative))
    }
}

/// `a/./b/../c` as `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A loaded configuration.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// The file it was read from.
    pub source: Option<PathBuf>,
    /// Rule levels, in file order.
    pub levels: Vec<(String, Level)>,
    /// Paths to skip.
    pub exclude: Option<Exclude>,
    /// Extra names for the rules.
    pub rule_settings: RuleSettings,
}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// It could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Its content is wrong.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong, and the valid choices.
        message: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rules: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    #[serde(default)]
    exclude: Vec<toml::Spanned<String>>,
    #[serde(default)]
    write_polls: Vec<String>,
    #[serde(default)]
    io_writes: Vec<String>,
    #[serde(default)]
    diagnostic_writers: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Manifest {
    package: Option<MetadataHolder>,
    workspace: Option<MetadataHolder>,
}

#[derive(Debug, Deserialize)]
struct MetadataHolder {
    metadata: Option<Metadata>,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    pollcheck: Option<RawConfig>,
}

/// Finds and loads the configuration nearest above `start` (a file or a
/// directory), reading manifests through `manifests`. `known_rules` are the
/// valid rule names.
pub fn discover(
    start: &Path,
    known_rules: &[&str],
    manifests: &crate::workspace::Manifests,
) -> Result<Option<Config>, ConfigError> {
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let Ok(absolute) = std::fs::canonicalize(start) else {
        return Ok(None);
    };
    let directory = if absolute.is_dir() {
        absolute
    } else {
        absolute.parent().map(Path::to_path_buf).unwrap_or(absolute)
    };
    for ancestor in directory.ancestors() {
        for name in ["pollcheck.toml", ".pollcheck.toml"] {
            let candidate = ancestor.join(name);
            if candidate.is_file() {
                return load(&candidate, known_rules).map(Some);
            }
        }
        if let Some(manifest) = manifests.in_directory(ancestor) {
            if let Some(config) = load_manifest(&manifest, known_rules)? {
                return Ok(Some(config));
            }
        }
    }
    Ok(None)
}

/// Loads a `pollcheck.toml`.
pub fn load(path: &Path, known_rules: &[&str]) -> Result<Config, ConfigError> {
    let file = read(path)?;
    let raw: RawConfig = toml::from_str(file.text())
        .map_err(|error| invalid(&file, error.span(), error.message()))?;
    finish(&file, raw, known_rules)
}

/// Loads the pollcheck table of a `Cargo.toml`, if it has one.
fn load_manifest(
    manifest: &crate::workspace::Manifest,
    known_rules: &[&str],
) -> Result<Option<Config>, ConfigError> {
    // A pollcheck table has the word in its header or dotted key (a key
    // spelled with escapes is not looked for): most manifests are not
    // parsed at all.
    if !manifest.text.contains("pollcheck") {
        return Ok(None);
    }
    // A manifest that does not parse is cargo's to report, not ours.
    let Some(table) = manifest.table() else {
        return Ok(None);
    };
    let file = SourceFile::new(&manifest.path, manifest.text.clone());
    let has_table = |section: &str| {
        table
            .get(section)
            .and_then(|part| part.get("metadata"))
            .and_then(|metadata| metadata.get("pollcheck"))
            .is_some()
    };
    if !has_table("package") && !has_table("workspace") {
        return Ok(None);
    }
    let parsed: Manifest = toml::from_str(file.text())
        .map_err(|error| invalid(&file, error.span(), error.message()))?;
    let raw = [parsed.package, parsed.workspace]
        .into_iter()
        .flatten()
        .find_map(|holder| holder.metadata.and_then(|metadata| metadata.pollcheck));
    match raw {
        Some(raw) => finish(&file, raw, known_rules).map(Some),
        None => Ok(None),
    }
}

fn read(path: &Path) -> Result<SourceFile, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(SourceFile::new(path, text))
}

fn invalid(file: &SourceFile, span: Option<std::ops::Range<usize>>, message: &str) -> ConfigError {
    let position = file.line_column(span.map_or(0, |span| span.start));
    ConfigError::Invalid {
        path: file.path().to_path_buf(),
        line: position.line,
        column: position.column,
        message: message.trim().replace('\n', " "),
    }
}

fn finish(file: &SourceFile, raw: RawConfig, known_rules: &[&str]) -> Result<Config, ConfigError> {
    let mut levels: Vec<(String, Level)> = Vec::new();
    // Keys in the order they are written (the table's own order is by key).
    let mut keys: Vec<_> = raw.rules.iter().collect();
    keys.sort_by_key(|(key, _)| key.span().start);
    for (key, level) in keys {
        let written = key.get_ref();
        let rule = crate::rule::canonical_rule_name(written);
        if let Some((earlier, _)) = levels.iter().find(|(named, _)| *named == rule) {
            return Err(invalid(
                file,
                Some(key.span()),
                &format!("`{written}` in [rules] names `{earlier}` a second time"),
            ));
        }
        if !known_rules.contains(&rule.as_str()) && rule != "all" {
            // Said at the name, where the mistake is.
            return Err(invalid(
                file,
                Some(key.span()),
                &format!(
                    "unknown rule `{written}` in [rules]{}; known rules: {}",
                    crate::rule::did_you_mean(written, known_rules),
                    known_rules.join(", ")
                ),
            ));
        }
        let parsed = match level.get_ref().as_str() {
            "allow" => Level::Allow,
            "note" => Level::Note,
            "warn" => Level::Warn,
            "deny" => Level::Deny,
            other => {
                return Err(invalid(
                    file,
                    Some(level.span()),
                    &format!(
                    "unknown level `{other}` for `{rule}`; expected one of allow, note, warn, deny"
                ),
                ))
            }
        };
        levels.push((rule.clone(), parsed));
    }
    // `all` first, wherever it is written: the rules named then set theirs.
    levels.sort_by_key(|(rule, _)| rule != "all");
    let base = file
        .path()
        .canonicalize()
        .ok()
        .and_then(|path| path.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let exclude = if raw.exclude.is_empty() {
        None
    } else {
        let mut builder = GlobSetBuilder::new();
        for pattern in &raw.exclude {
            let glob = Glob::new(pattern.get_ref()).map_err(|error| {
                invalid(
                    file,
                    Some(pattern.span()),
                    &format!("bad exclude pattern: {error}"),
                )
            })?;
            builder.add(glob);
        }
        let set = builder
            .build()
            .map_err(|error| invalid(file, None, &format!("bad exclude patterns: {error}")))?;
        let patterns = raw
            .exclude
            .iter()
            .map(|pattern| pattern.get_ref().clone())
            .collect();
        Some(Exclude {
            base,
            set,
            patterns,
        })
    };
    Ok(Config {
        source: Some(file.path().to_path_buf()),
        levels,
        exclude,
        rule_settings: RuleSettings {
            write_polls: raw.write_polls,
            io_writes: raw.io_writes,
            diagnostic_writers: raw.diagnostic_writers,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &["discarded_poll", "discarded_io_result"];

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_config_file_sets_levels_names_and_excludes() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "pollcheck.toml",
            "exclude = [\"gen/**\"]\nwrite-polls = [\"poll_send\"]\n[rules]\ndiscarded_io_result = \"deny\"\n",
        );
        let config = load(&path, RULES).unwrap();
        assert_eq!(
            config.levels,
            [("discarded_io_result".to_string(), Level::Deny)]
        );
        assert_eq!(config.rule_settings.write_polls, ["poll_send"]);
        let exclude = config.exclude.unwrap();
        assert!(exclude.matches(&dir.path().join("gen/a.rs")));
        assert!(!exclude.matches(&dir.path().join("src/a.rs")));
    }

    #[test]
    fn errors_name_the_file_line_and_choices() {
        let dir = tempfile::tempdir().unwrap();
        let unknown_key = write(dir.path(), "pollcheck.toml", "\nexlude = []\n");
        let message = load(&unknown_key, RULES).unwrap_err().to_string();
        assert!(
            message.contains("pollcheck.toml:2:1: unknown field `exlude`"),
            "{message}"
        );
        assert!(message.contains("`exclude`"), "{message}");
        let unknown_rule = write(
            dir.path(),
            "a.toml",
            "[rules]\n\ndiscarded_pol = \"deny\"\n",
        );
        let message = load(&unknown_rule, RULES).unwrap_err().to_string();
        assert!(
            message.contains("a.toml:3:1: unknown rule `discarded_pol`"),
            "{message}"
        );
        assert!(
            message.contains("known rules: discarded_poll, discarded_io_result"),
            "{message}"
        );
        let bad_level = write(dir.path(), "b.toml", "[rules]\ndiscarded_poll = \"loud\"\n");
        let message = load(&bad_level, RULES).unwrap_err().to_string();
        assert!(
            message.contains("b.toml:2:18: unknown level `loud`"),
            "{message}"
        );
    }

    #[test]
    fn the_nearest_config_wins_and_cargo_metadata_counts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("crate/src")).unwrap();
        write(
            dir.path(),
            "pollcheck.toml",
            "[rules]\ndiscarded_poll = \"warn\"\n",
        );
        write(
            &dir.path().join("crate"),
            "Cargo.toml",
            "[package]\nname = \"x\"\nversion = \"0.0.0\"\n\n[package.metadata.pollcheck.rules]\ndiscarded_poll = \"allow\"\n",
        );
        let config = discover(
            &dir.path().join("crate/src"),
            RULES,
            &crate::workspace::Manifests::new(),
        )
        .unwrap()
        .unwrap();
        assert!(config.source.unwrap().ends_with("crate/Cargo.toml"));
        assert_eq!(
            config.levels,
            [("discarded_poll".to_string(), Level::Allow)]
        );
        let outer = discover(dir.path(), RULES, &crate::workspace::Manifests::new())
            .unwrap()
            .unwrap();
        assert_eq!(outer.levels, [("discarded_poll".to_string(), Level::Warn)]);
    }
}
