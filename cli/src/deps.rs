//! `pollcheck deps`: audit the source of a workspace's dependencies.
//!
//! The dependency graph comes from `cargo metadata` (which downloads missing
//! sources but runs no build script and no proc macro); of each selected
//! package, what a build of it compiles is scanned as it is on disk (its
//! library and build script and the modules they load; the whole directory
//! with `--all-targets`). Registry packages are
//! immutable per version, so their results are cached.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use cargo_metadata::{Metadata, MetadataCommand, Package, PackageId};
use clap::Args;
use lint_core::emit::plural;
use lint_core::{Diagnostic, Engine, Level, Report};
use serde::{Deserialize, Serialize};

/// Options of `pollcheck deps`.
#[derive(Debug, Args)]
pub struct DepsArgs {
    /// The workspace's Cargo.toml (default: the one cargo finds from here).
    #[arg(long, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,
    /// Only dependencies this many edges from a workspace member (1: direct).
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Only the dependency with this name (repeatable).
    #[arg(long = "package", short = 'p', value_name = "NAME")]
    pub packages: Vec<String>,
    /// Scan the workspace members too.
    #[arg(long)]
    pub include_workspace: bool,
    /// Scan each package's whole directory (tests, examples, benches and
    /// binaries too), not only what a build of it as a dependency compiles:
    /// its library and build script, and the modules they declare.
    #[arg(long)]
    pub all_targets: bool,
    /// Features to activate, passed to cargo metadata.
    #[arg(long, value_name = "FEATURES")]
    pub features: Vec<String>,
    /// Activate all features, passed to cargo metadata.
    #[arg(long)]
    pub all_features: bool,
    /// Do not activate the default features, passed to cargo metadata.
    #[arg(long)]
    pub no_default_features: bool,
    /// Passed to cargo metadata: use only what is already downloaded.
    #[arg(long)]
    pub offline: bool,
    /// Passed to cargo metadata: the lock file must not change.
    #[arg(long)]
    pub locked: bool,
    /// After the table, show the findings themselves.
    #[arg(long)]
    pub details: bool,
    /// Where to keep cached results (default: the user's cache directory).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Neither read nor write cached results.
    #[arg(long)]
    pub no_cache: bool,
    /// Review a dependency update: resolve the graph as the git revision
    /// REV had it (its manifests and lock file) and as it is now, audit the
    /// packages whose version changed (and path packages), and report the
    /// findings that are new since REV and those that went away.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
}

/// One audited package.
struct Audited {
    name: String,
    version: String,
    source: &'static str,
    files: usize,
    lines: usize,
    cached: bool,
    report: Report,
}

/// What a cache entry holds: enough to rebuild the findings from the
/// (immutable) source on disk.
#[derive(Serialize, Deserialize)]
struct CacheEntry {
    key: String,
    files: usize,
    lines: usize,
    findings: Vec<CachedFinding>,
    /// Files that could not be read or parsed, as reported.
    errors: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct CachedFinding {
    path: PathBuf,
    rule: String,
    level: String,
    message: String,
    label: Option<String>,
    notes: Vec<String>,
    start: usize,
    end: usize,
}

/// Why an audit could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DepsError {
    /// `cargo metadata` failed; its first `error:` line.
    #[error("cargo metadata failed: {0}")]
    Metadata(String),
    /// The table could not be written.
    #[error("cannot write the table: {0}")]
    Output(#[from] std::io::Error),
    /// `--package NAME` names no package of the dependency graph.
    #[error("package `{0}` is not in the dependency graph{1}")]
    UnknownPackage(String, String),
    /// `--since REV` could not check out the revision.
    #[error("--since {0}: {1}")]
    Since(String, String),
}

/// Runs the audit, writes the table and the totals line to `out`, and
/// returns every package's findings in one report (for `--details` and the
/// machine formats).
pub fn audit(
    args: &DepsArgs,
    engine: &Engine<'_>,
    settings_key: &str,
    out: &mut dyn Write,
) -> Result<Report, DepsError> {
    let started = Instant::now();
    let cache_dir = if args.no_cache {
        None
    } else {
        crate::cache_directory(args.cache_dir.as_deref())
    };
    if let Some(revision) = &args.since {
        return audit_since(
            args,
            revision,
            engine,
            settings_key,
            cache_dir.as_deref(),
            out,
        );
    }
    let selected = graph(args, cache_dir.as_deref())?;
    let mut audited = Vec::new();
    for package in &selected {
        audited.push(audit_package(
            engine,
            package,
            cache_dir.as_deref(),
            settings_key,
        ));
    }
    let mut all = Report::default();
    let mut rows: Vec<&Audited> = audited.iter().collect();
    rows.sort_by_key(|row| {
        (
            std::cmp::Reverse(row.report.count(Level::Deny)),
            std::cmp::Reverse(row.report.count(Level::Warn)),
            std::cmp::Reverse(row.report.diagnostics().count()),
            row.name.clone(),
            row.version.clone(),
        )
    });
    write_table(out, &rows)?;
    let packages = audited.len();
    let (mut files, mut lines, mut cached) = (0, 0, 0);
    for row in audited {
        files += row.files;
        lines += row.lines;
        cached += usize::from(row.cached);
        all.errors.extend(row.report.errors);
        all.files.extend(row.report.files);
    }
    all.files_scanned = files;
    all.lines_scanned = lines;
    all.elapsed = started.elapsed();
    writeln!(
        out,
        "pollcheck deps: {} ({cached} from the cache), {}, {}, {} ({}, {}) in {:.2?}",
        plural(packages, "package"),
        plural(files, "file"),
        plural(lines, "line"),
        plural(all.diagnostics().count(), "finding"),
        plural(all.count(Level::Deny), "error"),
        plural(all.count(Level::Warn), "warning"),
        all.elapsed
    )?;
    Ok(all)
}

/// The packages to audit in the graph as it is now.
fn graph(args: &DepsArgs, cache_dir: Option<&Path>) -> Result<Vec<Selected>, DepsError> {
    // The graph is cargo's answer for this lock file and these manifests;
    // while none of them changed, asking cargo again (about a second on a
    // large graph) is not needed.
    let graph_file = cache_dir.map(|dir| {
        dir.join(format!(
            "graph-{}.json",
            lint_core::fingerprint::digest(&graph_key(args))
        ))
    });
    if let Some(selected) = graph_file.as_deref().and_then(read_graph) {
        return Ok(selected);
    }
    let metadata = metadata(args, args.manifest_path.as_deref())?;
    let selected: Vec<Selected> = select(&metadata, args, true)?
        .into_iter()
        .map(|package| selected(package, args.all_targets))
        .collect();
    if let Some(file) = &graph_file {
        write_graph(file, &metadata, &selected);
    }
    Ok(selected)
}

fn metadata(args: &DepsArgs, manifest_path: Option<&Path>) -> Result<Metadata, DepsError> {
    let mut command = MetadataCommand::new();
    if let Some(path) = manifest_path {
        command.manifest_path(path);
    }
    if args.all_features {
        command.features(cargo_metadata::CargoOpt::AllFeatures);
    }
    if args.no_default_features {
        command.features(cargo_metadata::CargoOpt::NoDefaultFeatures);
    }
    if !args.features.is_empty() {
        command.features(cargo_metadata::CargoOpt::SomeFeatures(
            args.features.clone(),
        ));
    }
    let mut other = Vec::new();
    if args.offline {
        other.push("--offline".to_string());
    }
    if args.locked {
        other.push("--locked".to_string());
    }
    command.other_options(other);
    // Plain text to read the error from (CI often sets `always`).
    command.env("CARGO_TERM_COLOR", "never");
    command
        .exec()
        .map_err(|error| DepsError::Metadata(cargo_error_line(&error.to_string())))
}

/// cargo's error, which is several lines (progress such as `Updating
/// crates.io index`, then `error: …` and its `Caused by:` chain), as one
/// line: the `error:` line and the first line of each cause after it.
fn cargo_error_line(text: &str) -> String {
    // cargo_metadata puts its own "`cargo metadata` exited with an error: "
    // before cargo's standard error.
    let text = text
        .split_once("exited with an error:")
        .map_or(text, |(_, rest)| rest);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let Some(at) = lines.iter().position(|line| line.starts_with("error: ")) else {
        return lines
            .iter()
            .find(|line| !line.is_empty())
            .unwrap_or(&"")
            .to_string();
    };
    // The error, then each cause in turn, as anyhow prints a chain.
    let mut said = lines[at].trim_start_matches("error: ").trim().to_string();
    let mut rest = lines[at + 1..].iter();
    while let Some(line) = rest.next() {
        if *line == "Caused by:" {
            if let Some(cause) = rest.by_ref().find(|line| !line.is_empty()) {
                said.push_str(": ");
                said.push_str(cause);
            }
        }
    }
    said
}

/// The packages to audit: reachable from the workspace members in the
/// resolved graph (within `--depth`), not members unless asked, filtered by
/// `--package`.
fn select<'m>(
    metadata: &'m Metadata,
    args: &DepsArgs,
    named_must_exist: bool,
) -> Result<Vec<&'m Package>, DepsError> {
    // As cargo: a package named with `-p` must be in the graph (the graph
    // of now; an older one may lack it).
    for name in args.packages.iter().filter(|_| named_must_exist) {
        if !metadata
            .packages
            .iter()
            .any(|package| *package.name == **name)
        {
            let mut names: Vec<&str> = metadata
                .packages
                .iter()
                .map(|package| package.name.as_str())
                .collect();
            names.sort_unstable();
            let close = names
                .iter()
                .min_by_key(|candidate| strsim::levenshtein(candidate, name))
                .filter(|candidate| strsim::levenshtein(candidate, name) <= 2)
                .map(|candidate| format!(" (did you mean `{candidate}`?)"))
                .unwrap_or_default();
            return Err(DepsError::UnknownPackage(name.clone(), close));
        }
    }
    let members: HashSet<&PackageId> = metadata.workspace_members.iter().collect();
    let by_id: HashMap<&PackageId, &Package> = metadata
        .packages
        .iter()
        .map(|package| (&package.id, package))
        .collect();
    let mut reachable: HashSet<&PackageId> = HashSet::new();
    if let Some(resolve) = &metadata.resolve {
        let edges: HashMap<&PackageId, Vec<&PackageId>> = resolve
            .nodes
            .iter()
            .map(|node| (&node.id, node.deps.iter().map(|dep| &dep.pkg).collect()))
            .collect();
        let mut queue: VecDeque<(&PackageId, usize)> =
            members.iter().map(|member| (*member, 0)).collect();
        reachable.extend(members.iter().copied());
        while let Some((id, depth)) = queue.pop_front() {
            if args.depth.is_some_and(|limit| depth >= limit) {
                continue;
            }
            for next in edges.get(id).into_iter().flatten() {
                if reachable.insert(next) {
                    queue.push_back((next, depth + 1));
                }
            }
        }
    } else {
        reachable.extend(by_id.keys().copied());
    }
    let mut selected: Vec<&Package> = reachable
        .into_iter()
        .filter_map(|id| by_id.get(id).copied())
        .filter(|package| args.include_workspace || !members.contains(&package.id))
        .filter(|package| {
            args.packages.is_empty() || args.packages.iter().any(|name| *name == *package.name)
        })
        .collect();
    selected.sort_by(|a, b| (&*a.name, &a.version).cmp(&(&*b.name, &b.version)));
    Ok(selected)
}

fn source_kind(package: &Package) -> &'static str {
    match &package.source {
        None => "path",
        Some(source) if source.repr.starts_with("git+") => "git",
        Some(_) => "registry",
    }
}

/// A package to audit, as kept in the graph cache.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Selected {
    id: String,
    name: String,
    version: String,
    source: String,
    root: PathBuf,
    /// The root files of the targets a build compiles (the library, the
    /// build script); `None`: the whole directory (`--all-targets`).
    #[serde(default)]
    targets: Option<Vec<PathBuf>>,
}

fn selected(package: &Package, all_targets: bool) -> Selected {
    // What a build of the package as a dependency compiles: its library
    // (whatever its crate type) and its build script; not its binaries,
    // tests, examples or benches.
    let built = |target: &cargo_metadata::Target| {
        target.kind.iter().any(|kind| {
            matches!(
                kind,
                cargo_metadata::TargetKind::Lib
                    | cargo_metadata::TargetKind::RLib
                    | cargo_metadata::TargetKind::DyLib
                    | cargo_metadata::TargetKind::CDyLib
                    | cargo_metadata::TargetKind::StaticLib
                    | cargo_metadata::TargetKind::ProcMacro
                    | cargo_metadata::TargetKind::CustomBuild
            )
        })
    };
    let targets = (!all_targets).then(|| {
        package
            .targets
            .iter()
            .filter(|target| built(target))
            .map(|target| target.src_path.as_std_path().to_path_buf())
            .collect()
    });
    Selected {
        id: package.id.repr.clone(),
        name: package.name.to_string(),
        version: package.version.to_string(),
        source: source_kind(package).to_string(),
        root: package
            .manifest_path
            .parent()
            .map(|dir| dir.as_std_path().to_path_buf())
            .unwrap_or_default(),
        targets,
    }
}

/// The files a build compiles from `roots` (the targets' root files): each
/// root, and the files its `mod name;` declarations load, recursively, as
/// rustc finds them (`name.rs` or `name/mod.rs` beside a `mod.rs`, `lib.rs`
/// or `main.rs`, under `parent/` beside `parent.rs`; `#[path = "…"]`
/// honoured; inline `mod a { mod b; }` looks in `a/`; declarations inside
/// macro invocations count). `#[cfg]` is not evaluated: every declared
/// module that exists is taken. A file that does not lex is still scanned
/// (and its error reported), without its modules.
pub(crate) fn module_tree(roots: &[PathBuf]) -> Vec<PathBuf> {
    use proc_macro2::{Delimiter, TokenStream, TokenTree};

    /// The file `mod name;` loads from `dir` (with its `#[path]`), and the
    /// directory that file's own modules are looked for in.
    fn loaded(dir: &Path, name: &str, path: Option<&str>) -> (PathBuf, PathBuf) {
        match path {
            Some(path) => {
                let file = dir.join(path);
                let children = file.parent().map(Path::to_path_buf).unwrap_or_default();
                (file, children)
            }
            None => {
                let flat = dir.join(format!("{name}.rs"));
                if flat.is_file() {
                    (flat, dir.join(name))
                } else {
                    (dir.join(name).join("mod.rs"), dir.join(name))
                }
            }
        }
    }

    /// The paths of `#[path = "…"]` and of `#[cfg_attr(…, path = "…")]`
    /// (every alternative: `#[cfg]` is not evaluated), from the
    /// attribute's bracket group.
    fn path_attributes(group: &proc_macro2::Group) -> Vec<String> {
        let trees: Vec<TokenTree> = group.stream().into_iter().collect();
        let mut found = Vec::new();
        let literal_path = |window: &[TokenTree]| match window {
            [TokenTree::Ident(ident), TokenTree::Punct(eq), TokenTree::Literal(literal)]
                if ident == "path" && eq.as_char() == '=' =>
            {
                let text = literal.to_string();
                let inner = text.strip_prefix('"')?.strip_suffix('"')?;
                Some(inner.replace("\\\\", "\\"))
            }
            _ => None,
        };
        match trees.as_slice() {
            [TokenTree::Ident(ident), TokenTree::Group(arguments)] if ident == "cfg_attr" => {
                let inner: Vec<TokenTree> = arguments.stream().into_iter().collect();
                found.extend(inner.windows(3).filter_map(literal_path));
            }
            window => found.extend(literal_path(window)),
        }
        found
    }

    /// Walks the tokens of a file (lexed, not parsed: most of a file is
    /// not about modules) for `mod name;` and `mod name { … }`; the
    /// bodies of other groups (macro invocations such as `cfg_feature! {
    /// mod proto; }`) are looked into with the same directories. `dir` is
    /// where a module's file is looked for by its name, `base` where a
    /// `#[path]` is relative to (the declaring file's directory, or an
    /// inline module's).
    fn declared(tokens: TokenStream, dir: &Path, base: &Path, queue: &mut Vec<(PathBuf, PathBuf)>) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut paths: Vec<String> = Vec::new();
        let mut at = 0;
        while at < trees.len() {
            match &trees[at] {
                // `#[path = "…"]` applies to the next `mod`.
                TokenTree::Punct(hash) if hash.as_char() == '#' => {
                    if let Some(TokenTree::Group(group)) = trees.get(at + 1) {
                        if group.delimiter() == Delimiter::Bracket {
                            paths.extend(path_attributes(group));
                            at += 2;
                            continue;
                        }
                    }
                }
                TokenTree::Ident(keyword) if keyword == "mod" => {
                    if let Some(TokenTree::Ident(name)) = trees.get(at + 1) {
                        let name = name.to_string();
                        let name = name.strip_prefix("r#").unwrap_or(&name).to_string();
                        match trees.get(at + 2) {
                            Some(TokenTree::Punct(semicolon)) if semicolon.as_char() == ';' => {
                                let mut files = Vec::new();
                                if paths.is_empty() {
                                    files.push(loaded(dir, &name, None));
                                }
                                for path in paths.drain(..) {
                                    files.push(loaded(base, &name, Some(&path)));
                                }
                                for (file, children) in files {
                                    if file.is_file() {
                                        queue.push((file, children));
                                    }
                                }
                                at += 3;
                                continue;
                            }
                            Some(TokenTree::Group(body))
                                if body.delimiter() == Delimiter::Brace =>
                            {
                                let inner = match paths.drain(..).next() {
                                    Some(path) => base.join(path),
                                    None => dir.join(&name),
                                };
                                declared(body.stream(), &inner, &inner, queue);
                                at += 3;
                                continue;
                            }
                            _ => {}
                        }
                    }
                }
                TokenTree::Group(group) => declared(group.stream(), dir, base, queue),
                TokenTree::Punct(semicolon) if semicolon.as_char() == ';' => paths.clear(),
                _ => {}
            }
            at += 1;
        }
    }

    let mut found = std::collections::BTreeSet::new();
    let mut queue: Vec<(PathBuf, PathBuf)> = roots
        .iter()
        .filter(|root| root.is_file())
        .map(|root| {
            let dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
            (root.clone(), dir)
        })
        .collect();
    while let Some((file, children)) = queue.pop() {
        // One file reached by two spellings (`src/m/../dup.rs`) is one.
        let file = std::fs::canonicalize(&file).unwrap_or(file);
        if !found.insert(file.clone()) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        // Most files declare no module of their own; lexing them would
        // cost more than the rest of the audit.
        if !declares_a_module(&text) {
            continue;
        }
        if let Ok(tokens) = text.parse::<TokenStream>() {
            let base = file.parent().map(Path::to_path_buf).unwrap_or_default();
            declared(tokens, &children, &base, &mut queue);
        }
    }
    found.into_iter().collect()
}

/// Whether `text` holds `mod NAME;` (a module loaded from a file), as far as
/// its bytes tell: a file without one loads no other file.
fn declares_a_module(text: &str) -> bool {
    let bytes = text.as_bytes();
    let ident = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    text.match_indices("mod").any(|(at, _)| {
        if at > 0 && ident(bytes[at - 1]) {
            return false;
        }
        let mut rest = &bytes[at + 3..];
        let spaces = rest
            .iter()
            .take_while(|byte| byte.is_ascii_whitespace())
            .count();
        if spaces == 0 {
            return false;
        }
        rest = &rest[spaces..];
        let name = rest
            .iter()
            .take_while(|&&byte| ident(byte) || byte == b'#')
            .count();
        if name == 0 {
            return false;
        }
        rest = &rest[name..];
        let spaces = rest
            .iter()
            .take_while(|byte| byte.is_ascii_whitespace())
            .count();
        rest.get(spaces) == Some(&b';')
    })
}

/// What the graph cache remembers: the selection, and the files whose
/// contents it depends on.
#[derive(Serialize, Deserialize)]
struct GraphEntry {
    version: String,
    inputs: Vec<(PathBuf, String)>,
    packages: Vec<Selected>,
}

/// The options that change which packages are selected.
fn graph_key(args: &DepsArgs) -> String {
    let manifest = args
        .manifest_path
        .clone()
        .unwrap_or_else(|| PathBuf::from("Cargo.toml"));
    let manifest = std::fs::canonicalize(&manifest).unwrap_or(manifest);
    format!(
        "{}|{:?}|{:?}|{}|{}|{:?}|{}|{}",
        manifest.display(),
        args.depth,
        args.packages,
        args.include_workspace,
        args.all_targets,
        args.features,
        args.all_features,
        args.no_default_features
    )
}

fn file_digest(path: &Path) -> Option<String> {
    std::fs::read(path)
        .ok()
        .map(|bytes| lint_core::fingerprint::digest(&String::from_utf8_lossy(&bytes)))
}

fn read_graph(file: &Path) -> Option<Vec<Selected>> {
    let entry: GraphEntry = serde_json::from_str(&std::fs::read_to_string(file).ok()?).ok()?;
    if entry.version != env!("CARGO_PKG_VERSION") {
        return None;
    }
    for (input, digest) in &entry.inputs {
        if file_digest(input).as_deref() != Some(digest.as_str()) {
            return None;
        }
    }
    Some(entry.packages)
}

/// Records the selection with the digests of the lock file and of every
/// manifest cargo read that is not an immutable registry package's.
fn write_graph(file: &Path, metadata: &Metadata, packages: &[Selected]) {
    let mut inputs = Vec::new();
    let lock = metadata.workspace_root.as_std_path().join("Cargo.lock");
    for manifest in metadata
        .packages
        .iter()
        .filter(|package| source_kind(package) != "registry")
        .map(|package| package.manifest_path.as_std_path().to_path_buf())
        .chain([
            lock,
            metadata.workspace_root.as_std_path().join("Cargo.toml"),
        ])
    {
        match file_digest(&manifest) {
            Some(digest) => inputs.push((manifest, digest)),
            // Without a lock file there is nothing stable to key on.
            None => return,
        }
    }
    let entry = GraphEntry {
        version: env!("CARGO_PKG_VERSION").to_string(),
        inputs,
        packages: packages.to_vec(),
    };
    store(file, &entry);
}

fn audit_package(
    engine: &Engine<'_>,
    package: &Selected,
    cache_dir: Option<&Path>,
    settings_key: &str,
) -> Audited {
    let root = package.root.clone();
    let source: &'static str = match package.source.as_str() {
        "path" => "path",
        "git" => "git",
        _ => "registry",
    };
    let key = format!(
        "{}|{}|{settings_key}|{}",
        package.id,
        env!("CARGO_PKG_VERSION"),
        if package.targets.is_some() {
            "built"
        } else {
            "all-targets"
        }
    );
    let cache_file = cache_dir
        .filter(|_| source == "registry")
        .map(|dir| dir.join(format!("{}.json", lint_core::fingerprint::digest(&key))));
    // The real path on disk, so that an editor or terminal can open it
    // (relative to the current directory when it is under it).
    let here = std::env::current_dir().unwrap_or_default();
    let relabel = |path: &Path| shown(&root.join(path.strip_prefix(&root).unwrap_or(path)), &here);
    let package_label = lint_core::PackageLabel {
        name: package.name.clone(),
        version: package.version.clone(),
    };
    if let Some(mut report) = cache_file
        .as_ref()
        .and_then(|file| read_cache(file, &key, &root))
    {
        report.label_package(&package_label);
        return Audited {
            name: package.name.clone(),
            version: package.version.clone(),
            source,
            files: report.files_scanned,
            lines: report.lines_scanned,
            cached: true,
            report,
        };
    }
    let mut report = match &package.targets {
        Some(roots) => engine.check_package_files(&root, &module_tree(roots)),
        None => engine.check_package(&root),
    };
    if let Some(file) = &cache_file {
        write_cache(file, &key, &report, &root);
    }
    report.relabel(relabel);
    report.label_package(&package_label);
    Audited {
        name: package.name.clone(),
        version: package.version.clone(),
        source,
        files: report.files_scanned,
        lines: report.lines_scanned,
        cached: false,
        report,
    }
}

/// `path` as it is shown: relative to `here` when under it, else whole.
fn shown(path: &Path, here: &Path) -> PathBuf {
    path.strip_prefix(here)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// Writes a cache entry whole or not at all (a temporary file renamed into
/// place). A cache that cannot be written only costs time next run.
fn store(file: &Path, entry: &impl Serialize) {
    if let Some(parent) = file.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Ok(text) = serde_json::to_string(entry) {
        let temporary = file.with_extension("json.tmp");
        if std::fs::write(&temporary, text).is_ok() {
            let _ = std::fs::rename(&temporary, file);
        }
    }
}

fn write_cache(file: &Path, key: &str, report: &Report, root: &Path) {
    let findings = report
        .diagnostics()
        .map(|(source, diagnostic)| CachedFinding {
            path: source
                .path()
                .strip_prefix(root)
                .unwrap_or(source.path())
                .to_path_buf(),
            rule: diagnostic.rule.to_string(),
            level: diagnostic.level.as_setting_str().to_string(),
            message: diagnostic.message.clone(),
            label: diagnostic.label.clone(),
            notes: diagnostic.notes.clone(),
            start: diagnostic.range.start,
            end: diagnostic.range.end,
        })
        .collect();
    let entry = CacheEntry {
        key: key.to_string(),
        files: report.files_scanned,
        lines: report.lines_scanned,
        findings,
        errors: report.errors.iter().map(ToString::to_string).collect(),
    };
    store(file, &entry);
}

/// A cached report, rebuilt against the source on disk; `None` (and the
/// package is scanned again) when the entry is missing, for another key,
/// corrupt, or does not fit the files.
fn read_cache(file: &Path, key: &str, root: &Path) -> Option<Report> {
    let here = std::env::current_dir().unwrap_or_default();
    let text = std::fs::read_to_string(file).ok()?;
    let entry: CacheEntry = serde_json::from_str(&text).ok()?;
    if entry.key != key {
        return None;
    }
    let mut by_file: BTreeMap<PathBuf, Vec<CachedFinding>> = BTreeMap::new();
    for finding in entry.findings {
        by_file
            .entry(finding.path.clone())
            .or_default()
            .push(finding);
    }
    let mut report = Report::default();
    report.files_scanned = entry.files;
    report.lines_scanned = entry.lines;
    report.errors = entry
        .errors
        .into_iter()
        .map(|line| lint_core::ScanError::Recorded {
            path: root.to_path_buf(),
            line,
        })
        .collect();
    for (path, findings) in by_file {
        let text = std::fs::read_to_string(root.join(&path)).ok()?;
        let mut diagnostics = Vec::new();
        for finding in findings {
            let rule = rules::by_name(&finding.rule)?.meta().name;
            if finding.end > text.len() || finding.start > finding.end {
                return None;
            }
            let mut diagnostic = Diagnostic::new(rule, finding.message, finding.start..finding.end);
            diagnostic.level = match finding.level.as_str() {
                "deny" => Level::Deny,
                "warn" => Level::Warn,
                "note" => Level::Note,
                _ => return None,
            };
            diagnostic.label = finding.label;
            diagnostic.notes = finding.notes;
            diagnostics.push(diagnostic);
        }
        report.push_file(
            lint_core::SourceFile::new(shown(&root.join(&path), &here), text),
            diagnostics,
        );
    }
    Some(report)
}

fn write_table(out: &mut dyn Write, rows: &[&Audited]) -> std::io::Result<()> {
    let with_findings: Vec<&&Audited> = rows
        .iter()
        .filter(|row| row.report.diagnostics().next().is_some())
        .collect();
    if with_findings.is_empty() {
        return Ok(());
    }
    // Columns as wide as their longest entry (a version with build
    // metadata, `1.0.4+wasi-0.2.12`, is long), and no narrower than before.
    let width = |least: usize, entry: &dyn Fn(&Audited) -> usize| {
        with_findings
            .iter()
            .map(|row| entry(row))
            .fold(least, usize::max)
    };
    let name = width(28, &|row| row.name.chars().count());
    let version = width(14, &|row| row.version.chars().count());
    let source = width(8, &|row| row.source.chars().count());
    writeln!(
        out,
        "{:<name$} {:<version$} {:<source$} {:>6}  findings by rule",
        "crate", "version", "source", "files"
    )?;
    for row in with_findings {
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, diagnostic) in row.report.diagnostics() {
            *by_rule.entry(diagnostic.rule).or_default() += 1;
        }
        let rules: Vec<String> = by_rule
            .iter()
            .map(|(rule, count)| format!("{rule} {count}"))
            .collect();
        writeln!(
            out,
            "{:<name$} {:<version$} {:<source$} {:>6}  {}",
            row.name,
            row.version,
            row.source,
            row.files,
            rules.join(", ")
        )?;
    }
    Ok(())
}

/// `--since REV`: the graph at `revision` against the graph now; audits
/// the packages that changed and reports the findings new since then (in
/// the returned report, which sets the exit status) and those gone.
fn audit_since(
    args: &DepsArgs,
    revision: &str,
    engine: &Engine<'_>,
    settings_key: &str,
    cache_dir: Option<&Path>,
    out: &mut dyn Write,
) -> Result<Report, DepsError> {
    let started = Instant::now();
    let now = graph(args, cache_dir)?;
    let checkout = OldCheckout::new(args, revision)?;
    let metadata = metadata(args, Some(&checkout.manifest)).map_err(|error| {
        // Said of the revision, with its paths as `REV:path`, not the
        // temporary directory's.
        let mut message = error.to_string();
        for top in &checkout.tops() {
            let top = top.display().to_string();
            message = message
                .replace(&format!("{top}/"), &format!("{revision}:"))
                .replace(&top, &format!("{revision}:."));
        }
        // A file cargo did not find (not one it could not read) may have
        // been left out by `git archive`.
        let missing = ["No such file or directory", "does not exist"]
            .iter()
            .any(|sign| message.contains(sign));
        let hint = if missing {
            " (the revision is read with `git archive`: its committed files only, without \
             submodules or paths outside the repository)"
        } else {
            ""
        };
        DepsError::Since(
            revision.to_string(),
            format!("its dependency graph does not resolve: {message}{hint}"),
        )
    })?;
    let then: Vec<Selected> = select(&metadata, args, false)?
        .into_iter()
        .map(|package| selected(package, args.all_targets))
        .collect();
    let changes = changes(&then, &now);
    let shown = Shown {
        here: std::env::current_dir().unwrap_or_default(),
        tops: checkout.tops(),
        commit: checkout.short_commit(),
    };
    let mut all = Report::default();
    let (mut new_total, mut gone_total) = (0, 0);
    writeln!(
        out,
        "Dependency changes since {revision}: {}",
        if changes.is_empty() {
            "none that pollcheck audits".to_string()
        } else {
            lint_core::emit::plural(changes.len(), "package")
        }
    )?;
    for change in &changes {
        let before = change
            .then
            .map(|package| audit_package(engine, package, cache_dir, settings_key));
        let after = change
            .now
            .map(|package| audit_package(engine, package, cache_dir, settings_key));
        let before_keys = before
            .as_ref()
            .map(|audited| finding_keys(&audited.report, &change.then.unwrap().root, &shown))
            .unwrap_or_default();
        let after_keys = after
            .as_ref()
            .map(|audited| finding_keys(&audited.report, &change.now.unwrap().root, &shown))
            .unwrap_or_default();
        let new = unmatched(&after_keys, &before_keys);
        let gone = unmatched(&before_keys, &after_keys);
        new_total += new.len();
        gone_total += gone.len();
        let versions = match (change.then, change.now) {
            (Some(then), Some(now)) if then.version == now.version => {
                format!("{} (changed on disk)", now.version)
            }
            (Some(then), Some(now)) => format!("{} -> {}", then.version, now.version),
            (Some(then), None) => format!("{} (removed)", then.version),
            (None, Some(now)) => format!("{} (added)", now.version),
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "  {} {versions} ({}): {} new, {} gone",
            change.name,
            change.source,
            new.len(),
            gone.len()
        )?;
        for (_, line) in &new {
            writeln!(out, "    new:  {line}")?;
        }
        for (_, line) in &gone {
            writeln!(out, "    gone: {line}")?;
        }
        if let Some(mut after) = after {
            // The report holds the new findings only: they set the exit
            // status and are what the machine formats print.
            // As many findings of each key as are unmatched: the last ones
            // of that key in the package (the others were matched).
            let mut wanted: HashMap<String, usize> = HashMap::new();
            for (key, _) in &new {
                *wanted.entry(key.clone()).or_default() += 1;
            }
            let mut seen: HashMap<String, usize> = HashMap::new();
            let root = &change.now.unwrap().root;
            let total: HashMap<String, usize> =
                after_keys
                    .iter()
                    .fold(HashMap::new(), |mut counts, (key, _)| {
                        *counts.entry(key.clone()).or_default() += 1;
                        counts
                    });
            after.report.retain(|source, diagnostic| {
                let key = finding_key(source, diagnostic, root, &shown).0;
                let index = seen.entry(key.clone()).or_default();
                *index += 1;
                let keep = wanted.get(&key).copied().unwrap_or(0);
                *index > total.get(&key).copied().unwrap_or(0) - keep
            });
            all.errors.extend(after.report.errors);
            all.files.extend(after.report.files);
        }
    }
    all.elapsed = started.elapsed();
    writeln!(
        out,
        "pollcheck deps --since {revision}: {} changed, {}, {gone_total} gone, in {:.2?}",
        plural(changes.len(), "package"),
        plural(new_total, "new finding"),
        all.elapsed
    )?;
    Ok(all)
}

/// A package as it was and as it is (one of them missing when it was added
/// or removed).
struct Change<'s> {
    name: String,
    source: String,
    then: Option<&'s Selected>,
    now: Option<&'s Selected>,
}

/// The packages to compare: by name and kind of source, a version in only
/// one of the graphs (paired with the other graph's when each has exactly
/// one such), and every path package (whose code can change without its
/// version).
fn changes<'s>(then: &'s [Selected], now: &'s [Selected]) -> Vec<Change<'s>> {
    /// A name and kind of source, with its packages then and now.
    type Groups<'s> = BTreeMap<(&'s str, &'s str), (Vec<&'s Selected>, Vec<&'s Selected>)>;
    let mut groups: Groups<'_> = BTreeMap::new();
    for package in then {
        groups
            .entry((&package.name, &package.source))
            .or_default()
            .0
            .push(package);
    }
    for package in now {
        groups
            .entry((&package.name, &package.source))
            .or_default()
            .1
            .push(package);
    }
    let mut changes = Vec::new();
    for ((name, source), (before, after)) in groups {
        let path = source == "path";
        let only_before: Vec<&Selected> = before
            .iter()
            .copied()
            .filter(|old| path || !after.iter().any(|new| new.version == old.version))
            .collect();
        let only_after: Vec<&Selected> = after
            .iter()
            .copied()
            .filter(|new| path || !before.iter().any(|old| old.version == new.version))
            .collect();
        let change = |then, now| Change {
            name: name.to_string(),
            source: source.to_string(),
            then,
            now,
        };
        if only_before.len() == 1 && only_after.len() == 1 {
            changes.push(change(Some(only_before[0]), Some(only_after[0])));
            continue;
        }
        changes.extend(only_before.into_iter().map(|old| change(Some(old), None)));
        changes.extend(only_after.into_iter().map(|new| change(None, Some(new))));
    }
    changes
}

/// Each finding of `report` (a package's, rooted at `root`) as a key that
/// survives a version change (rule, path in the package, message, the
/// code's text) and a line to show.
/// `shown` gives a file's path as the line shows it.
fn finding_keys(report: &Report, root: &Path, shown: &Shown<'_>) -> Vec<(String, String)> {
    report
        .diagnostics()
        .map(|(source, diagnostic)| finding_key(source, diagnostic, root, shown))
        .collect()
}

fn finding_key(
    source: &lint_core::source::SourceFile,
    diagnostic: &Diagnostic,
    root: &Path,
    shown: &Shown<'_>,
) -> (String, String) {
    let path = source.path();
    let absolute = shown.here.join(path);
    let relative = absolute
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    // The whole line the finding starts on, white space folded: a finding
    // moved by other lines is the same one, a changed line a new one.
    let at = source.line_column(diagnostic.range.start);
    let text = source
        .text()
        .get(source.line_range(at.line - 1))
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (
        format!(
            "{}|{relative}|{}|{text}",
            diagnostic.rule, diagnostic.message
        ),
        lint_core::emit::short_line(&shown.path(path), source, diagnostic),
    )
}

/// How `--since` shows a file: as the audit names it (from here), or, for
/// a file of the old revision (gone with its temporary checkout),
/// `COMMIT:path` in the repository. The commit, not the revision's text:
/// `HEAD~1:path` would name another file once HEAD moves.
struct Shown<'c> {
    /// The current directory, which relative paths start from.
    here: PathBuf,
    /// Where the old revision is unpacked ([`OldCheckout::tops`]).
    tops: Vec<PathBuf>,
    commit: &'c str,
}

impl Shown<'_> {
    fn path(&self, path: &Path) -> String {
        let absolute = self.here.join(path);
        for top in &self.tops {
            if let Ok(inside) = absolute.strip_prefix(top) {
                let inside = inside.to_string_lossy().replace('\\', "/");
                return format!("{}:{inside}", self.commit);
            }
        }
        path.display().to_string()
    }
}

/// The entries of `these` not matched one for one by an entry of `those`
/// with the same key.
fn unmatched(these: &[(String, String)], those: &[(String, String)]) -> Vec<(String, String)> {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for (key, _) in those {
        *left.entry(key).or_default() += 1;
    }
    these
        .iter()
        .filter(|(key, _)| match left.get_mut(key.as_str()) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

/// The tree of the git revision `--since` names, checked out into a
/// temporary directory (removed when dropped), and the manifest there that
/// stands for the one audited now.
struct OldCheckout {
    _directory: tempfile::TempDir,
    /// Where the repository's top directory is unpacked.
    top: PathBuf,
    manifest: PathBuf,
    /// The commit the revision names.
    commit: String,
}

impl OldCheckout {
    fn new(args: &DepsArgs, revision: &str) -> Result<Self, DepsError> {
        let fail = |message: String| DepsError::Since(revision.to_string(), message);
        let manifest = match &args.manifest_path {
            Some(path) => path.clone(),
            None => locate_manifest().map_err(&fail)?,
        };
        let manifest = manifest
            .canonicalize()
            .map_err(|error| fail(format!("{}: {error}", manifest.display())))?;
        let directory = manifest.parent().unwrap_or(Path::new("/")).to_path_buf();
        let top = lint_core::changes::repository_root(&directory)
            .map_err(|error| fail(error.to_string()))?
            .canonicalize()
            .map_err(|error| fail(error.to_string()))?;
        let commit = lint_core::changes::verify_revision(&top, revision)
            .map_err(|error| fail(error.to_string()))?;
        let inside = manifest
            .strip_prefix(&top)
            .map_err(|_| fail(format!("{} is outside the repository", manifest.display())))?
            .to_path_buf();
        let checkout = tempfile::Builder::new()
            .prefix("pollcheck-since-")
            .tempdir()
            .map_err(|error| fail(format!("cannot make a temporary directory: {error}")))?;
        // `git archive` writes the revision's tracked files as a tar
        // stream; tar unpacks it. Nothing of the repository is touched.
        let mut archive = std::process::Command::new("git")
            .arg("-C")
            .arg(&top)
            .args(["archive", "--format=tar", &commit])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|error| fail(format!("cannot run git: {error}")))?;
        let unpacked = std::process::Command::new("tar")
            .arg("-x")
            .arg("-C")
            .arg(checkout.path())
            .stdin(archive.stdout.take().expect("piped"))
            .output()
            .map_err(|error| fail(format!("cannot run tar: {error}")))?;
        let archived = archive
            .wait_with_output()
            .map_err(|error| fail(format!("git archive: {error}")))?;
        if !archived.status.success() || !unpacked.status.success() {
            let message = String::from_utf8_lossy(&archived.stderr).to_string()
                + &String::from_utf8_lossy(&unpacked.stderr);
            return Err(fail(format!(
                "cannot check the revision out: {}",
                message.trim()
            )));
        }
        let old_manifest = checkout.path().join(&inside);
        if !old_manifest.is_file() {
            return Err(fail(format!(
                "{} does not exist at that revision",
                inside.display()
            )));
        }
        Ok(OldCheckout {
            top: checkout.path().to_path_buf(),
            _directory: checkout,
            manifest: old_manifest,
            commit,
        })
    }

    /// The commit in 12 hex digits (unambiguous in any repository of a
    /// reasonable size; `git show` takes it).
    fn short_commit(&self) -> &str {
        &self.commit[..self.commit.len().min(12)]
    }

    /// Where the revision is unpacked, as given and as its real path, the
    /// longer first: one may hold the other (`/private/var/…` and `/var/…`
    /// on macOS).
    fn tops(&self) -> Vec<PathBuf> {
        let canonical = self.top.canonicalize().unwrap_or(self.top.clone());
        let mut tops = vec![self.top.clone(), canonical];
        tops.sort_by_key(|top| std::cmp::Reverse(top.as_os_str().len()));
        tops
    }
}

/// The workspace's root manifest, as cargo finds it from here.
fn locate_manifest() -> Result<PathBuf, String> {
    let output = std::process::Command::new("cargo")
        .args(["locate-project", "--workspace", "--message-format", "plain"])
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !output.status.success() {
        let line = cargo_error_line(&String::from_utf8_lossy(&output.stderr));
        return Err(if line.is_empty() {
            "no Cargo.toml here or above".to_string()
        } else {
            line
        });
    }
    Ok(PathBuf::from(
        String::from_utf8_lossy(&output.stdout).trim(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_errors_are_told_by_their_error_line_and_innermost_cause() {
        let offline = "`cargo metadata` exited with an error:     Updating crates.io index\n\
                       error: failed to select a version for the requirement `serde = \"=999\"`\n\
                       candidate versions found which didn't match: 1.0.0\n";
        assert_eq!(
            cargo_error_line(offline),
            "failed to select a version for the requirement `serde = \"=999\"`"
        );
        let missing = "`cargo metadata` exited with an error: error: failed to load manifest \
                       for workspace member `/tmp/x/member`\n\nCaused by:\n  failed to read \
                       `/tmp/x/member/Cargo.toml`\n\nCaused by:\n  No such file or directory \
                       (os error 2)\n";
        assert_eq!(
            cargo_error_line(missing),
            "failed to load manifest for workspace member `/tmp/x/member`: failed to read \
             `/tmp/x/member/Cargo.toml`: No such file or directory (os error 2)"
        );
        assert_eq!(
            cargo_error_line("could not run cargo\n"),
            "could not run cargo"
        );
    }

    #[test]
    fn a_corrupt_or_foreign_cache_entry_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("pkg");
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::write(root.join("src/lib.rs"), "fn f() {}\n").unwrap();
        let file = dir.path().join("entry.json");
        std::fs::write(&file, "{ not json").unwrap();
        assert!(read_cache(&file, "key", &root).is_none());
        let entry = CacheEntry {
            key: "other".to_string(),
            files: 1,
            lines: 1,
            findings: Vec::new(),
            errors: Vec::new(),
        };
        std::fs::write(&file, serde_json::to_string(&entry).unwrap()).unwrap();
        assert!(read_cache(&file, "key", &root).is_none());
        // A finding past the end of its file means the entry does not fit.
        let entry = CacheEntry {
            key: "key".to_string(),
            files: 1,
            lines: 1,
            findings: vec![CachedFinding {
                path: PathBuf::from("src/lib.rs"),
                rule: "discarded_poll".to_string(),
                level: "deny".to_string(),
                message: "m".to_string(),
                label: None,
                notes: Vec::new(),
                start: 5,
                end: 500,
            }],
            errors: Vec::new(),
        };
        std::fs::write(&file, serde_json::to_string(&entry).unwrap()).unwrap();
        assert!(read_cache(&file, "key", &root).is_none());
        let fitting = CacheEntry {
            findings: vec![CachedFinding {
                end: 6,
                ..entry.findings.into_iter().next().unwrap()
            }],
            ..entry
        };
        std::fs::write(&file, serde_json::to_string(&fitting).unwrap()).unwrap();
        let report = read_cache(&file, "key", &root).expect("a fitting entry");
        let (source, diagnostic) = report.diagnostics().next().unwrap();
        // Rebuilt at the file's real path.
        assert_eq!(source.path(), root.join("src/lib.rs"));
        assert_eq!(diagnostic.level, Level::Deny);
    }
}
