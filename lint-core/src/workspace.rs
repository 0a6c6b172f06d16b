//! The workspace stage: which crate each file belongs to (the package of
//! the nearest `Cargo.toml` above it), the other files of a crate that a
//! scan names only in part, and the manifests, each read and parsed once
//! ([`Manifests`]) for the configuration (a `[package.metadata.pollcheck]`
//! table) and the fixer (a crate's `rust-version`, and whether `futures`
//! is a dependency, decide where `ready!` comes from).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::config::Exclude;
use crate::discover::WalkRecord;
use crate::fix::ReadyPolicy;

/// A `Cargo.toml`: its text (for the positions of configuration errors) and
/// what it parses to.
#[derive(Debug)]
pub(crate) struct Manifest {
    /// Where it is.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its table, parsed on first use: most runs need none of it (a crate
    /// manifest such as tokio's, 18 kB, took a quarter of a one-file run
    /// to parse).
    table: std::sync::OnceLock<Option<toml::Table>>,
}

impl Manifest {
    /// Its table, unless it does not parse (which is cargo's to report).
    pub fn table(&self) -> Option<&toml::Table> {
        self.table
            .get_or_init(|| self.text.parse::<toml::Table>().ok())
            .as_ref()
    }
}

/// The manifests a run reads, each read and parsed once.
#[derive(Debug, Default)]
pub struct Manifests {
    known: Mutex<HashMap<PathBuf, Option<Arc<Manifest>>>>,
}

impl Manifests {
    /// No manifest read yet.
    pub fn new() -> Self {
        Manifests::default()
    }

    /// The `Cargo.toml` in `directory`, if there is one (read on first use).
    pub(crate) fn in_directory(&self, directory: &Path) -> Option<Arc<Manifest>> {
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        known
            .entry(directory.to_path_buf())
            .or_insert_with(|| {
                let path = directory.join("Cargo.toml");
                let text = std::fs::read_to_string(&path).ok()?;
                Some(Arc::new(Manifest {
                    path,
                    text,
                    table: std::sync::OnceLock::new(),
                }))
            })
            .clone()
    }

    /// How rustfmt, as `cargo fmt` runs it, orders imports for the files
    /// under `directory`, as `rustfmt FILE` does for a file in it. Only the
    /// nearest `.rustfmt.toml` or `rustfmt.toml` counts (rustfmt does not
    /// merge the ones above it; without one there, the home directory's,
    /// then the one in the user's configuration directory): its
    /// `style_edition` (or the older `version`: `"Two"` is the 2024 style,
    /// `"One"` the earlier one) decides. Without one, the style follows the edition,
    /// which `cargo fmt` passes from the nearest manifest with a `[package]`
    /// (also through `edition.workspace = true`), overriding the config
    /// file's `edition`; that key counts only where no manifest gives one.
    /// 2024 sorts by version.
    pub(crate) fn import_order(&self, directory: &Path) -> crate::fix::ImportOrder {
        let style = |edition: &str| {
            if edition >= "2024" {
                crate::fix::ImportOrder::Version
            } else {
                crate::fix::ImportOrder::Rustfmt2021
            }
        };
        // As rustfmt looks: the directory and its parents, then the home
        // directory, then the user's configuration directory.
        let home = dirs::home_dir().filter(|home| home.is_absolute());
        let config_home = dirs::config_dir()
            .filter(|config| config.is_absolute())
            .map(|config| config.join("rustfmt"));
        let config = directory
            .ancestors()
            .map(Path::to_path_buf)
            .chain(home)
            .chain(config_home)
            .find_map(|ancestor| {
                [".rustfmt.toml", "rustfmt.toml"]
                    .iter()
                    .find_map(|name| std::fs::read_to_string(ancestor.join(name)).ok())
            });
        let config = config.and_then(|text| text.parse::<toml::Table>().ok());
        let config_key = |key: &str| {
            config
                .as_ref()
                .and_then(|table| table.get(key))
                .and_then(toml::Value::as_str)
                .map(str::to_string)
        };
        if let Some(edition) = config_key("style_edition") {
            return style(&edition);
        }
        // The older spelling of the style edition: `Two` is 2024's, `One`
        // the earlier one (rustfmt applies either, and warns).
        match config_key("version").as_deref() {
            Some("Two") => return crate::fix::ImportOrder::Version,
            Some("One") => return crate::fix::ImportOrder::Rustfmt2021,
            _ => {}
        }
        let edition = self
            .package_edition(directory)
            .or_else(|| config_key("edition"));
        edition.map_or(crate::fix::ImportOrder::default(), |edition| {
            style(&edition)
        })
    }

    /// The `edition` of the nearest manifest above `directory` with a
    /// `[package]`, also through `edition.workspace = true`.
    fn package_edition(&self, directory: &Path) -> Option<String> {
        let manifests: Vec<Arc<Manifest>> = directory
            .ancestors()
            .filter_map(|ancestor| self.in_directory(ancestor))
            .collect();
        let tables = || manifests.iter().filter_map(|manifest| manifest.table());
        let package = tables().find_map(|table| table.get("package"))?;
        match package.get("edition") {
            Some(toml::Value::String(edition)) => Some(edition.clone()),
            Some(toml::Value::Table(_)) => tables().find_map(|table| {
                table
                    .get("workspace")?
                    .get("package")?
                    .get("edition")?
                    .as_str()
                    .map(str::to_string)
            }),
            None => Some("2015".to_string()),
            _ => None,
        }
    }

    /// Where `ready!` comes from in fixes to files in `directory`: read from
    /// the nearest manifest above it that has a `[package]` (its
    /// `rust-version`, also through `rust-version.workspace = true`, and its
    /// `futures` dependencies).
    pub(crate) fn ready_policy(&self, directory: &Path) -> ReadyPolicy {
        let manifests: Vec<Arc<Manifest>> = directory
            .ancestors()
            .filter_map(|ancestor| self.in_directory(ancestor))
            .collect();
        let tables = || manifests.iter().filter_map(|manifest| manifest.table());
        let Some(package_manifest) = tables().find(|table| table.contains_key("package")) else {
            return ReadyPolicy::Std;
        };
        let declared = package_manifest
            .get("package")
            .and_then(|package| package.get("rust-version"));
        let version = match declared {
            Some(toml::Value::String(version)) => Some(version.clone()),
            // `rust-version.workspace = true`: the workspace root says.
            Some(toml::Value::Table(_)) => tables().find_map(|table| {
                table
                    .get("workspace")?
                    .get("package")?
                    .get("rust-version")?
                    .as_str()
                    .map(str::to_string)
            }),
            _ => None,
        };
        let dependencies = package_manifest
            .get("dependencies")
            .and_then(|table| table.as_table());
        ReadyPolicy::for_crate(version.as_deref(), |name| {
            dependencies.is_some_and(|table| table.contains_key(name))
        })
    }
}

/// The crates of a list of files.
#[derive(Debug, Default)]
pub(crate) struct Crates {
    /// Each file's crate, an index of `roots`.
    pub(crate) keys: Vec<usize>,
    /// Each crate's root: the directory of its `Cargo.toml`, symbolic links
    /// resolved; `None` (key 0) for files with no manifest above them.
    pub(crate) roots: Vec<Option<PathBuf>>,
    /// Each file's path relative to its crate's root (the model cache's
    /// key), when it has a root.
    pub(crate) relative: Vec<Option<PathBuf>>,
}

impl Crates {
    /// Every file in one crate whose root is `root`.
    pub(crate) fn one(root: Option<PathBuf>, paths: &[PathBuf]) -> Self {
        let relative = paths
            .iter()
            .map(|path| {
                let root = root.as_deref()?;
                path.strip_prefix(root).ok().map(Path::to_path_buf)
            })
            .collect();
        Crates {
            keys: vec![0; paths.len()],
            roots: vec![root],
            relative,
        }
    }
}

/// The crate of each of `paths`.
pub(crate) fn crates(paths: &[PathBuf]) -> Crates {
    fn directory_of(path: &Path) -> &Path {
        path.parent().unwrap_or(Path::new(""))
    }
    /// A directory's crate key, and its path relative to the crate root.
    type Place = (usize, Option<PathBuf>);
    let mut finder = ManifestFinder::default();
    let mut crates = Crates {
        roots: vec![None],
        ..Crates::default()
    };
    let mut keys: HashMap<PathBuf, usize> = HashMap::new();
    let mut places: Vec<Place> = Vec::new();
    let mut place_of: HashMap<&Path, usize> = HashMap::new();
    // Paths come sorted, mostly, so a directory's files follow each other.
    let mut last: Option<(&Path, usize)> = None;
    for path in paths {
        let directory = directory_of(path);
        let index = match last {
            Some((known, index)) if known == directory => index,
            _ => {
                let index = *place_of.entry(directory).or_insert_with(|| {
                    let real = finder.real_path(directory);
                    let root = real
                        .as_deref()
                        .and_then(|real| finder.manifest_at_or_above(real));
                    places.push(match (real, root) {
                        (Some(real), Some(root)) => {
                            let inside = real.strip_prefix(&root).ok().map(Path::to_path_buf);
                            let key = *keys.entry(root).or_insert_with_key(|root| {
                                crates.roots.push(Some(root.clone()));
                                crates.roots.len() - 1
                            });
                            (key, inside)
                        }
                        _ => (0, None),
                    });
                    places.len() - 1
                });
                last = Some((directory, index));
                index
            }
        };
        let (key, inside) = &places[index];
        crates.keys.push(*key);
        let relative = match (inside, path.file_name()) {
            (Some(inside), Some(name)) => Some(inside.join(name)),
            _ => None,
        };
        crates.relative.push(relative);
    }
    crates
}

/// Every `.rs` file of the crate whose root is `root`, as a scan of that
/// directory finds them (ignore files, hidden files and `exclude` honoured),
/// but for those under another `Cargo.toml`; with each file's path relative
/// to the root. When `cached` holds the files an earlier walk found and
/// nothing that walk depended on changed, they are taken from it.
pub(crate) fn crate_files(
    root: &Path,
    exclude: Option<&Exclude>,
    cached: Option<&crate::model::Cached>,
) -> (Vec<(PathBuf, PathBuf)>, WalkRecord) {
    if let Some(known) = cached.and_then(|cached| cached.walked_files(exclude)) {
        let walk = cached
            .and_then(|cached| cached.walk.clone())
            .expect("walked files come with their walk");
        let mut files: Vec<(PathBuf, PathBuf)> = known
            .into_iter()
            .map(|relative| (root.join(&relative), relative))
            .collect();
        files.sort();
        return (files, walk);
    }
    crate::discover::crate_files(root, exclude)
}

/// Whether the directories scanned (`directories`, as given) take in the
/// whole crate at `root`: one of them is the root or above it.
pub(crate) fn covers(directories: &[PathBuf], root: &Path) -> bool {
    directories
        .iter()
        .any(|directory| std::fs::canonicalize(directory).is_ok_and(|real| root.starts_with(real)))
}

/// Finds the nearest `Cargo.toml` above directories, remembering what it
/// learns on the way: the real path of each directory (one `lstat` each when
/// its parent's is known, instead of a `realpath` of the whole path) and
/// whether each real directory has a manifest or inherits one.
#[derive(Default)]
struct ManifestFinder {
    real: HashMap<PathBuf, Option<PathBuf>>,
    manifest: HashMap<PathBuf, Option<PathBuf>>,
}

impl ManifestFinder {
    fn real_path(&mut self, directory: &Path) -> Option<PathBuf> {
        if let Some(known) = self.real.get(directory) {
            return known.clone();
        }
        let real = match (directory.parent(), directory.file_name()) {
            // A plain name under a known parent, and no link: the parent's
            // real path and the name.
            (Some(parent), Some(name))
                if std::fs::symlink_metadata(directory).is_ok_and(|metadata| metadata.is_dir()) =>
            {
                self.real_path(parent).map(|parent| parent.join(name))
            }
            _ if directory.as_os_str().is_empty() => std::fs::canonicalize(".").ok(),
            _ => std::fs::canonicalize(directory).ok(),
        };
        self.real.insert(directory.to_path_buf(), real.clone());
        real
    }

    fn manifest_at_or_above(&mut self, real: &Path) -> Option<PathBuf> {
        if let Some(known) = self.manifest.get(real) {
            return known.clone();
        }
        let found = if real.join("Cargo.toml").is_file() {
            Some(real.to_path_buf())
        } else {
            real.parent()
                .and_then(|parent| self.manifest_at_or_above(parent))
        };
        self.manifest.insert(real.to_path_buf(), found.clone());
        found
    }
}

/// The crate root (the directory of the nearest `Cargo.toml`, links
/// resolved) above `path`.
pub(crate) fn root_of(path: &Path) -> Option<PathBuf> {
    let mut finder = ManifestFinder::default();
    let directory = path.parent().unwrap_or(Path::new(""));
    let real = finder.real_path(directory)?;
    finder.manifest_at_or_above(&real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_group_by_nearest_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for (name, text) in [
            ("Cargo.toml", "[package]\nname = \"a\"\n"),
            ("src/lib.rs", ""),
            ("src/net/mod.rs", ""),
            ("inner/Cargo.toml", "[package]\nname = \"b\"\n"),
            ("inner/src/lib.rs", ""),
        ] {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let paths = vec![
            root.join("src/lib.rs"),
            root.join("inner/src/lib.rs"),
            root.join("src/net/mod.rs"),
        ];
        let found = crates(&paths);
        assert_eq!(found.keys, [1, 2, 1]);
        assert_eq!(found.roots[1].as_deref(), Some(root.as_path()));
        assert_eq!(
            found.relative[2].as_deref(),
            Some(Path::new("src/net/mod.rs"))
        );
        assert_eq!(found.relative[1].as_deref(), Some(Path::new("src/lib.rs")));
        let files: Vec<PathBuf> = crate_files(&root, None, None)
            .0
            .into_iter()
            .map(|(_, relative)| relative)
            .collect();
        assert_eq!(
            files,
            [PathBuf::from("src/lib.rs"), PathBuf::from("src/net/mod.rs")]
        );
        assert!(covers(std::slice::from_ref(&root), &root.join("inner")));
        assert!(!covers(&[root.join("src")], &root));
    }
}
