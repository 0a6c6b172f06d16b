//! Running the rules over files, in stages that each have one owner:
//!
//! 1. the workspace ([`crate::workspace`]): which crate each file belongs
//!    to, and the other files of a crate that a scan names only in part;
//! 2. the per-file stage (`files`): read, pre-filter, parse and walk each
//!    file, in parallel on threads with large stacks;
//! 3. the crate model ([`crate::model`]): what each crate declares, from
//!    the files the first stage lexed and, when a question needs the whole
//!    crate, the others; then a second pass over the files that mention a
//!    name the crate declares as returning `Poll`, or one of its IO helpers;
//! 4. settling (`settle`): conditional findings kept or dropped by the
//!    model, suppressions, levels;
//! 5. the report ([`crate::report`]);
//! 6. fixing (`fixing`): planned from a report, re-checked after each
//!    round, written crash-safely.

mod files;
mod fixing;
mod settle;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::diagnostic::{Applicability, Edit, Level};
use crate::discover::discover_with_threads;
use crate::error::ScanError;
use crate::fix;
use crate::interest::{InterestTable, Interests};
use crate::model::{CrateModel, FileSpec, ModelCache};
use crate::prefilter;
use crate::report::{FileResult, Report};
use crate::rule::Rule;
use crate::source::SourceFile;
use crate::suppress::RuleNames;
use crate::workspace::{self, Crates, Manifests};

use files::{FileOutcome, Filter, Replan};
pub use fixing::{write_fix, FixPlan, FixProblem, WriteError, FIX_ROUNDS};

/// Stack size of the threads that parse and walk. syn's parser, the walk and
/// the syntax tree's destructor all recurse once per nesting level; 1 GiB of
/// address space (touched only as deep as a file needs) keeps every file
/// within [`crate::parse::MAX_NESTING`] and [`crate::parse::MAX_RUN`] safe,
/// even in a debug build.
const STACK_SIZE: usize = 1 << 30;

/// A rule name given in settings that no rule has.
#[derive(Debug, thiserror::Error)]
#[error("unknown rule `{name}`{hint}; known rules: {known}")]
pub struct UnknownRule {
    /// The name given.
    pub name: String,
    /// " (did you mean `x`?)" when a known name is close, else empty.
    pub hint: String,
    /// The valid names, comma-separated.
    pub known: String,
}

/// The rules to run and their levels.
pub struct Engine<'r> {
    enabled: Vec<&'r dyn Rule>,
    levels: HashMap<&'static str, Level>,
    threads: Option<usize>,
    /// Built on first use and kept: a scan, a fix plan and every package of
    /// a dependency audit share one pool instead of starting threads each.
    pool: std::sync::OnceLock<Option<rayon::ThreadPool>>,
    macro_bodies: bool,
    index: bool,
    prefilter: bool,
    settings: crate::config::RuleSettings,
    exclude: Option<crate::config::Exclude>,
    /// Whether `exclude` applies to paths named as roots too.
    force_exclude: bool,
    /// Whether walks leave out directories that hold another package.
    own_packages_only: bool,
    model_cache: Option<ModelCache>,
    /// The enabled rules' interests, merged with the configuration's names.
    interests: InterestTable,
    /// The manifests read so far.
    manifests: Arc<Manifests>,
}

impl<'r> Engine<'r> {
    /// An engine over `all_rules` with their default levels changed by
    /// `overrides`, applied in order (a later one wins).
    pub fn new(
        all_rules: &[&'r dyn Rule],
        overrides: &[(String, Level)],
    ) -> Result<Self, UnknownRule> {
        let mut levels: HashMap<&'static str, Level> = all_rules
            .iter()
            .map(|rule| (rule.meta().name, rule.meta().default_level))
            .collect();
        for (name, level) in overrides {
            let canonical = crate::rule::canonical_rule_name(name);
            if canonical == "all" {
                for value in levels.values_mut() {
                    *value = *level;
                }
                continue;
            }
            match levels.get_key_value(canonical.as_str()) {
                Some((&key, _)) => {
                    levels.insert(key, *level);
                }
                None => {
                    let mut known: Vec<&str> = levels.keys().copied().collect();
                    known.sort_unstable();
                    return Err(UnknownRule {
                        name: name.clone(),
                        hint: crate::rule::did_you_mean(name, &known),
                        known: known.join(", "),
                    });
                }
            }
        }
        let enabled: Vec<&'r dyn Rule> = all_rules
            .iter()
            .copied()
            .filter(|rule| levels[rule.meta().name] != Level::Allow)
            .collect();
        let settings = crate::config::RuleSettings::default();
        let interests = interest_table(&enabled, &settings);
        Ok(Engine {
            enabled,
            levels,
            threads: None,
            pool: std::sync::OnceLock::new(),
            macro_bodies: true,
            index: true,
            prefilter: true,
            settings,
            exclude: None,
            force_exclude: false,
            own_packages_only: false,
            model_cache: None,
            interests,
            manifests: Arc::new(Manifests::new()),
        })
    }

    /// Uses `threads` worker threads instead of rayon's default (the
    /// `RAYON_NUM_THREADS` variable, else one per core).
    pub fn with_threads(mut self, threads: Option<usize>) -> Self {
        self.threads = threads;
        self.pool = std::sync::OnceLock::new();
        self
    }

    /// Whether to parse and check the contents of macro invocations
    /// (default on; off only to measure what it costs and finds).
    pub fn with_macro_bodies(mut self, on: bool) -> Self {
        self.macro_bodies = on;
        self
    }

    /// Whether to build the crate model (default on; off, findings that
    /// depend on it keep only what names alone say).
    pub fn with_index(mut self, on: bool) -> Self {
        self.index = on;
        self
    }

    /// Whether to parse only the files that may hold a finding (default
    /// on; off, every file is parsed, so that every syntax error is
    /// reported). Findings are the same either way.
    pub fn with_prefilter(mut self, on: bool) -> Self {
        self.prefilter = on;
        self
    }

    /// Leaves out of directory walks the directories below a scanned one
    /// that hold a `Cargo.toml` of their own (other packages), as `cargo
    /// pollcheck` scans a package.
    pub fn with_own_packages_only(mut self, on: bool) -> Self {
        self.own_packages_only = on;
        self
    }

    /// Applies the exclude patterns to the files and directories named as
    /// roots too (by default a path named explicitly is always scanned).
    pub fn with_force_exclude(mut self, on: bool) -> Self {
        self.force_exclude = on;
        self
    }

    /// Uses a configuration's extra names and exclude patterns (its levels
    /// are given to [`Engine::new`] as overrides).
    pub fn with_config(mut self, config: &crate::config::Config) -> Self {
        self.settings = config.rule_settings.clone();
        self.exclude = config.exclude.clone();
        self.interests = interest_table(&self.enabled, &self.settings);
        self
    }

    /// Shares `manifests` (those the configuration was read from, say).
    pub fn with_manifests(mut self, manifests: Arc<Manifests>) -> Self {
        self.manifests = manifests;
        self
    }

    /// Keeps what the crate model learns of each crate in `cache` (none by
    /// default).
    pub fn with_model_cache(mut self, cache: Option<ModelCache>) -> Self {
        self.model_cache = cache;
        self
    }

    /// Scans files and directories. Each file belongs to the crate under the
    /// nearest `Cargo.toml` above it, whose files share one crate model;
    /// when only some of a crate's files are scanned (files named, or a
    /// directory inside the crate), the model reads the others too.
    pub fn check_paths(&self, roots: &[PathBuf]) -> Report {
        let started = Instant::now();
        let threads = self.in_pool(rayon::current_num_threads);
        let all_roots = roots;
        let roots: Vec<PathBuf> = match (&self.exclude, self.force_exclude) {
            (Some(exclude), true) => roots
                .iter()
                .filter(|root| !exclude.matches(root))
                .cloned()
                .collect(),
            _ => roots.to_vec(),
        };
        let named_excluded = all_roots.len() - roots.len();
        let roots = roots.as_slice();
        let (paths, mut errors) = discover_with_threads(
            roots,
            self.exclude.as_ref(),
            threads,
            self.own_packages_only,
        );

        let directories: Vec<PathBuf> =
            roots.iter().filter(|root| root.is_dir()).cloned().collect();
        let (outcomes, models) = self.check_all(&paths, || workspace::crates(&paths), &directories);
        let mut report = self.finish(outcomes, models, &mut errors);
        report.errors = errors;
        report.named_excluded = named_excluded;
        report.elapsed = started.elapsed();
        report
    }

    /// Scans exactly `files`, without walking or filtering them: a file that
    /// cannot be read (say, deleted since it was found) is reported as such.
    /// The crate model of each file's crate reads the crate's other files.
    pub fn check_files(&self, files: &[PathBuf]) -> Report {
        let started = Instant::now();
        let (outcomes, models) = self.check_all(files, || workspace::crates(files), &[]);
        let mut errors = Vec::new();
        let mut report = self.finish(outcomes, models, &mut errors);
        report.errors = errors;
        report.elapsed = started.elapsed();
        report
    }

    /// Scans a package's source as it is on disk, as one crate: every `.rs`
    /// file under `root`, ignore files and hidden-file rules not applied (a
    /// dependency's published source is what it is).
    pub fn check_package(&self, root: &Path) -> Report {
        let started = Instant::now();
        let mut errors = Vec::new();
        let mut paths = Vec::new();
        for entry in walkdir::WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
        {
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_file()
                        && entry.path().extension().is_some_and(|ext| ext == "rs")
                    {
                        paths.push(entry.into_path());
                    }
                }
                Err(error) => errors.push(ScanError::Walk {
                    path: error.path().unwrap_or(root).to_path_buf(),
                    message: error.to_string(),
                }),
            }
        }
        let mut report = self.check_package_files(root, &paths);
        errors.append(&mut report.errors);
        report.errors = errors;
        report.elapsed = started.elapsed();
        report
    }

    /// Scans `files` of the package at `root` as one crate (those a build
    /// compiles, say), whatever else the directory holds.
    pub fn check_package_files(&self, root: &Path, files: &[PathBuf]) -> Report {
        let started = Instant::now();
        let mut errors = Vec::new();
        let package = Some(root.to_path_buf());
        let (outcomes, models) = self.check_all(
            files,
            || Crates::one(package, files),
            std::slice::from_ref(&root.to_path_buf()),
        );
        let mut report = self.finish(outcomes, models, &mut errors);
        report.errors = errors;
        report.elapsed = started.elapsed();
        report
    }

    /// Scans one text as if read from `path`, as a crate of its own (for
    /// tests and fuzzing).
    pub fn check_text(&self, path: &Path, text: String) -> Report {
        let model = self.index.then(|| CrateModel::of_text(path, &text));
        self.check_one_text(path, text, model)
    }

    /// Scans one text as if read from `path`, in the crate `path` belongs
    /// to: the crate model reads the crate's other files from disk (for
    /// standard input, which stands for the file at `path`).
    pub fn check_text_in_crate(&self, path: &Path, text: String) -> Report {
        let model = self.index.then(|| self.model_around(path, &text));
        self.check_one_text(path, text, model)
    }

    /// The model of the crate `path` is in, with `text` standing for it.
    fn model_around(&self, path: &Path, text: &str) -> CrateModel {
        let Some(root) = workspace::root_of(path) else {
            return CrateModel::of_text(path, text);
        };
        let found = workspace::crates(std::slice::from_ref(&path.to_path_buf()));
        let own_key = found.relative.into_iter().next().flatten();
        let spec = FileSpec {
            path: path.to_path_buf(),
            key: None,
            text: Some(Arc::from(text)),
            items: None,
            stamp: None,
            may_call_io: false,
        };
        self.in_pool(|| self.partial_model(root, vec![spec], own_key.into_iter().collect()))
    }

    /// The model of the crate at `root` of which only `scanned` (whose
    /// paths relative to the root are `keys`) were scanned: the crate's
    /// other files are found (by a walk, or from the cache) and loaded.
    fn partial_model(
        &self,
        root: PathBuf,
        mut scanned: Vec<FileSpec>,
        keys: std::collections::HashSet<PathBuf>,
    ) -> CrateModel {
        let cached = self
            .model_cache
            .as_ref()
            .and_then(|cache| cache.read(&root));
        let (others, walk) = workspace::crate_files(&root, self.exclude.as_ref(), cached.as_ref());
        scanned.extend(
            others
                .into_iter()
                .filter(|(_, relative)| !keys.contains(relative))
                .map(|(path, relative)| FileSpec::on_disk(path, Some(relative))),
        );
        let model = CrateModel::new(Some(root), scanned, self.model_cache.clone())
            .with_cached(cached, Some(walk));
        model.load_all();
        model
    }

    fn check_one_text(&self, path: &Path, text: String, model: Option<CrateModel>) -> Report {
        let started = Instant::now();
        let needles = self.needles();
        let filter = match &needles {
            Some(needles) => Filter::Needles(needles),
            None => Filter::Everything,
        };
        let mut outcome = self.in_pool(|| self.check_source(path, text.clone(), 0, filter));
        let model = Arc::new(model.unwrap_or_else(CrateModel::empty));
        self.in_pool(|| model.load_all());
        // The second pass, within the one text.
        if needles.is_some() && self.index && outcome.skipped {
            if let Some(second) = self.second_pass(&model) {
                let again = self.in_pool(|| second.check_text(self, path, &text));
                if let Some(again) = again {
                    outcome = again;
                }
            }
        }
        let mut errors = Vec::new();
        let models = HashMap::from([(0, model)]);
        let mut report = self.finish(vec![outcome], models, &mut errors);
        report.errors = errors;
        report.elapsed = started.elapsed();
        report
    }

    /// What the second pass looks for in the crate of `model`: functions
    /// returning `Poll` under other names, and, when a rule judges calls of
    /// the crate's own functions, its candidate IO helpers (a file that
    /// mentions one is planned again with their names added to the
    /// needles). `None` when there is neither.
    fn second_pass(&self, model: &CrateModel) -> Option<SecondPass<'_>> {
        let poll = model.loaded_poll_function_names();
        let helpers: std::collections::HashSet<String> = if self.interests.crate_calls() {
            model
                .helper_candidates()
                .iter()
                .filter(|name| self.interests.call(name).is_none() && !name.starts_with("poll"))
                .map(|name| name.to_string())
                .collect()
        } else {
            std::collections::HashSet::new()
        };
        if poll.is_empty() && helpers.is_empty() {
            return None;
        }
        Some(SecondPass {
            poll: (!poll.is_empty()).then(|| prefilter::DeclaredNames::new(poll.clone())),
            poll_names: poll.into_iter().collect(),
            helper_names: helpers,
            helpers: std::sync::OnceLock::new(),
            poll_needles: std::sync::OnceLock::new(),
            helper_needles: std::sync::OnceLock::new(),
            both_needles: std::sync::OnceLock::new(),
            interests: &self.interests,
        })
    }

    /// The pre-filter's first pass, unless it is off.
    fn needles(&self) -> Option<prefilter::Needles> {
        self.prefilter
            .then(|| prefilter::Needles::new(&self.interests))
    }

    /// Checks `paths` in parallel and builds each crate's model. `crates`
    /// groups the paths by crate; it runs beside the first pass, which does
    /// not need it. `directories` are the directories scanned: a crate not
    /// wholly inside one of them is only partly scanned, and its model reads
    /// its other files. With the pre-filter on, a second pass plans again
    /// the files the first one skipped or parsed in part when they mention
    /// a name their crate declares as returning `Poll` or one of its IO
    /// helpers (see [`SecondPass`]).
    fn check_all(
        &self,
        paths: &[PathBuf],
        crates: impl FnOnce() -> Crates + Send,
        directories: &[PathBuf],
    ) -> (Vec<FileOutcome>, HashMap<usize, Arc<CrateModel>>) {
        let needles = self.needles();
        let filter = match &needles {
            Some(needles) => Filter::Needles(needles),
            None => Filter::Everything,
        };
        let (mut outcomes, crates) = self.in_pool(|| {
            rayon::join(
                || {
                    paths
                        .par_iter()
                        .map(|path| self.check_file(path, 0, filter, true))
                        .collect::<Vec<_>>()
                },
                crates,
            )
        });
        for (outcome, &crate_key) in outcomes.iter_mut().zip(&crates.keys) {
            outcome.crate_key = crate_key;
        }
        let models = self.models(paths, &mut outcomes, &crates, directories);

        if needles.is_none() || !self.index {
            return (outcomes, models);
        }
        // Per crate, in parallel: a crate's IO helpers are found from its
        // files' facts, which may have to be read (from the cache or disk).
        let second: HashMap<usize, SecondPass> = self.in_pool(|| {
            models
                .par_iter()
                .filter_map(|(&key, model)| Some((key, self.second_pass(model)?)))
                .collect()
        });
        let again: Vec<usize> = (0..outcomes.len())
            .filter(|&at| {
                outcomes[at].skipped
                    && second
                        .get(&crates.keys[at])
                        .is_some_and(|pass| pass.may_want(&outcomes[at]))
            })
            .collect();
        let results = self.in_pool(|| {
            again
                .par_iter()
                .map(|&at| {
                    let pass = &second[&crates.keys[at]];
                    pass.check(self, &paths[at], crates.keys[at], &outcomes[at])
                })
                .collect::<Vec<_>>()
        });
        for (at, outcome) in again.into_iter().zip(results) {
            // Nothing new mentioned: what the first pass found stands.
            if let Some(outcome) = outcome {
                outcomes[at] = outcome;
            }
        }
        (outcomes, models)
    }

    /// Each crate's model: the scanned files, with what the first pass
    /// lexed of them, and, for a crate only partly scanned, its other files
    /// (all loaded now, so that the second pass knows every name the crate
    /// declares as returning `Poll`).
    fn models(
        &self,
        paths: &[PathBuf],
        outcomes: &mut [FileOutcome],
        crates: &Crates,
        directories: &[PathBuf],
    ) -> HashMap<usize, Arc<CrateModel>> {
        if !self.index {
            return (0..crates.roots.len())
                .map(|key| (key, Arc::new(CrateModel::empty())))
                .collect();
        }
        let mut specs: Vec<Vec<FileSpec>> = vec![Vec::new(); crates.roots.len()];
        for (at, outcome) in outcomes.iter_mut().enumerate() {
            specs[crates.keys[at]].push(FileSpec {
                path: paths[at].clone(),
                key: crates.relative[at].clone(),
                text: None,
                items: outcome.items.take(),
                stamp: outcome.stamp.take(),
                may_call_io: outcome.may_call_io,
            });
        }
        self.in_pool(|| {
            specs
                .into_par_iter()
                .enumerate()
                .filter(|(_, files)| !files.is_empty())
                .map(|(key, files)| {
                    let root = crates.roots[key].clone();
                    let model = match root {
                        Some(root) if !workspace::covers(directories, &root) => {
                            let keys = files.iter().filter_map(|file| file.key.clone()).collect();
                            self.partial_model(root, files, keys)
                        }
                        root => CrateModel::new(root, files, self.model_cache.clone()),
                    };
                    (key, Arc::new(model))
                })
                .collect()
        })
    }

    /// Settles every file's findings with its crate's model and collects
    /// the report. Settling parses declarations and function bodies the
    /// model holds (a helper's body, a struct's fields) with syn, which
    /// recurses once per nesting level: it runs on the worker threads, with a
    /// large stack each, file by file in parallel, as the walk does.
    fn finish(
        &self,
        outcomes: Vec<FileOutcome>,
        models: HashMap<usize, Arc<CrateModel>>,
        errors: &mut Vec<ScanError>,
    ) -> Report {
        self.in_pool(|| self.finish_in_pool(outcomes, models, errors))
    }

    fn finish_in_pool(
        &self,
        outcomes: Vec<FileOutcome>,
        models: HashMap<usize, Arc<CrateModel>>,
        errors: &mut Vec<ScanError>,
    ) -> Report {
        let mut report = Report::default();
        let empty = CrateModel::empty();
        let mut checked_files = Vec::new();
        for outcome in outcomes {
            report.files_scanned += 1;
            report.lines_scanned += outcome.lines;
            report.bytes_scanned += outcome.bytes;
            report.files_parsed += usize::from(outcome.parsed);
            errors.extend(outcome.errors);
            let Some(checked) = outcome.checked else {
                continue;
            };
            report.macros_expanded += checked.macros_expanded;
            checked_files.push((outcome.crate_key, checked));
        }
        // Files settle in parallel: settling parses what the model holds.
        report.files = checked_files
            .into_par_iter()
            .filter_map(|(crate_key, checked)| {
                let model = models.get(&crate_key).map_or(&empty, |model| &**model);
                let mut result = self.settle(checked, model)?;
                result.crate_key = crate_key;
                self.place_ready(&mut result, model);
                Some(result)
            })
            .collect();
        report.functions_indexed = models.values().map(|model| model.functions_loaded()).sum();
        report.models = models;
        report
            .files
            .sort_by(|a, b| a.source.path().cmp(b.source.path()));
        errors.sort_by(|a, b| a.path().cmp(b.path()));
        report
    }

    /// Makes the file's suggestions that bring in `ready!` compile where
    /// they are: inside an inline module they call it by its path (a `use`
    /// at the top does not reach there), and the import the others need is
    /// set.
    pub(super) fn place_ready(&self, result: &mut FileResult, model: &CrateModel) {
        if let Some(policy) = self.qualify_ready(result, model) {
            result.ready_import = self.ready_import(result, &policy, model);
        }
    }

    /// The first half of [`Engine::place_ready`]: suggestions inside an
    /// inline module call `ready!` by its path. Returns where `ready!` comes
    /// from when a suggestion brings it in. (A fix round's recheck needs only
    /// this half: `plan_file` sets the import after each round itself.)
    pub(super) fn qualify_ready(
        &self,
        result: &mut FileResult,
        model: &CrateModel,
    ) -> Option<fix::ReadyPolicy> {
        if !fix::suggests_bare_ready(&result.diagnostics) {
            return None;
        }
        let policy = self.ready_policy(&result.source, model);
        fix::qualify_ready_in_modules(result.source.text(), &mut result.diagnostics, &policy);
        Some(policy)
    }

    /// The import of `ready` that the file's suggestions need, if any brings
    /// `ready!` into a file that does not import it.
    fn ready_import(
        &self,
        result: &FileResult,
        policy: &fix::ReadyPolicy,
        model: &CrateModel,
    ) -> Option<Edit> {
        let introduces_ready = result.diagnostics.iter().any(|diagnostic| {
            diagnostic.suggestion.as_ref().is_some_and(|suggestion| {
                suggestion.applicability != Applicability::DisplayOnly
                    && suggestion
                        .edits
                        .iter()
                        .any(|edit| fix::calls_bare_ready(&edit.replacement))
            })
        });
        if !introduces_ready {
            return None;
        }
        let order = self.import_order(&result.source, model);
        fix::ready_import_edit(result.source.text(), policy, order)
    }

    /// Where `ready!` comes from for the file `source` of the crate of
    /// `model`.
    pub(super) fn ready_policy(&self, source: &SourceFile, model: &CrateModel) -> fix::ReadyPolicy {
        crate_directory(source, model).map_or(fix::ReadyPolicy::Std, |directory| {
            self.manifests.ready_policy(&directory)
        })
    }

    /// How rustfmt orders the imports of the file `source` of the crate of
    /// `model`.
    pub(super) fn import_order(&self, source: &SourceFile, model: &CrateModel) -> fix::ImportOrder {
        let directory = std::fs::canonicalize(source.path())
            .ok()
            .and_then(|path| path.parent().map(Path::to_path_buf))
            .or_else(|| crate_directory(source, model));
        directory.map_or(fix::ImportOrder::default(), |directory| {
            self.manifests.import_order(&directory)
        })
    }

    /// Runs `work` on a worker thread with a large stack: rayon runs small
    /// jobs on the calling thread, whose stack may be small.
    fn in_pool<T: Send>(&self, work: impl FnOnce() -> T + Send) -> T {
        let pool = self.pool.get_or_init(|| {
            let mut builder = rayon::ThreadPoolBuilder::new()
                .stack_size(STACK_SIZE)
                .thread_name(|index| format!("pollcheck-{index}"));
            if let Some(threads) = self.threads {
                builder = builder.num_threads(threads);
            }
            builder.build().ok()
        });
        match pool {
            Some(pool) => pool.install(work),
            None => work(),
        }
    }
}

/// The merged interests of `rules`, with the configuration's names.
fn interest_table(rules: &[&dyn Rule], settings: &crate::config::RuleSettings) -> InterestTable {
    let interests: Vec<(&'static str, Interests)> = rules
        .iter()
        .map(|rule| (rule.meta().name, rule.interests()))
        .collect();
    InterestTable::new(&interests, settings)
}

impl RuleNames for Engine<'_> {
    fn is_known(&self, name: &str) -> bool {
        self.levels.contains_key(name)
    }

    fn known(&self) -> Vec<&str> {
        let mut known: Vec<&str> = self.levels.keys().copied().collect();
        known.sort_unstable();
        known
    }

    fn is_enabled(&self, name: &str) -> bool {
        self.levels
            .get(name)
            .is_some_and(|level| *level != Level::Allow)
    }
}

/// What the pre-filter's second pass looks for in one crate.
struct SecondPass<'i> {
    /// The crate's functions returning `Poll` under other names: a searcher
    /// for them, and their names.
    poll: Option<prefilter::DeclaredNames>,
    poll_names: std::collections::HashSet<String>,
    /// The crate's candidate IO helpers.
    helper_names: std::collections::HashSet<String>,
    /// Built when a file first needs them: a searcher for the helpers, and
    /// the first pass's needles with the names of the `Poll` functions, of
    /// the helpers, and of both.
    helpers: std::sync::OnceLock<Option<prefilter::DeclaredNames>>,
    poll_needles: std::sync::OnceLock<prefilter::Needles>,
    helper_needles: std::sync::OnceLock<prefilter::Needles>,
    both_needles: std::sync::OnceLock<prefilter::Needles>,
    interests: &'i InterestTable,
}

impl SecondPass<'_> {
    /// Whether the second pass may find more in the file the first pass
    /// left with `first`: it may call a function the crate declares as
    /// returning `Poll` (known only by reading it again), or throw away a
    /// call of one of its IO helpers.
    fn may_want(&self, first: &FileOutcome) -> bool {
        self.poll.is_some() || self.may_call_a_helper(first)
    }

    /// Whether the file the first pass left with `first` may throw away a
    /// call of one of the crate's IO helpers.
    fn may_call_a_helper(&self, first: &FileOutcome) -> bool {
        first.called.as_ref().is_some_and(|called| {
            self.helper_names
                .iter()
                .any(|name| called.may_contain(name))
        })
    }

    /// How to plan a file again: for the crate's `Poll` functions, and for
    /// its IO helpers when `helpers` is set; `None` when there is nothing
    /// to look for.
    fn replan(&self, helpers: bool) -> Option<Replan<'_>> {
        let helpers = if helpers {
            self.helpers
                .get_or_init(|| {
                    (!self.helper_names.is_empty())
                        .then(|| prefilter::DeclaredNames::new(self.helper_names.clone()))
                })
                .as_ref()
        } else {
            None
        };
        let needles = match (&self.poll, helpers) {
            (None, None) => return None,
            (Some(_), None) => self.poll_needles.get_or_init(|| {
                prefilter::Needles::new(&self.interests.with_poll_results(&self.poll_names))
            }),
            (None, Some(_)) => self.helper_needles.get_or_init(|| {
                prefilter::Needles::new(
                    &self.interests.with_thrown_away_results(&self.helper_names),
                )
            }),
            (Some(_), Some(_)) => self.both_needles.get_or_init(|| {
                prefilter::Needles::new(
                    &self
                        .interests
                        .with_poll_results(&self.poll_names)
                        .with_thrown_away_results(&self.helper_names),
                )
            }),
        };
        Some(Replan {
            poll: self.poll.as_ref(),
            helpers,
            needles,
        })
    }

    /// The file at `path` checked again, when the second pass finds more to
    /// parse in it than the first did.
    fn check(
        &self,
        engine: &Engine<'_>,
        path: &Path,
        crate_key: usize,
        first: &FileOutcome,
    ) -> Option<FileOutcome> {
        let replan = self.replan(self.may_call_a_helper(first))?;
        let outcome = engine.check_file(path, crate_key, Filter::Planned(replan), false);
        outcome.replanned.then_some(outcome)
    }

    /// The same for a text that is not read from disk (which may call any
    /// of the helpers).
    fn check_text(&self, engine: &Engine<'_>, path: &Path, text: &str) -> Option<FileOutcome> {
        let replan = self.replan(true)?;
        let outcome = engine.check_source(path, text.to_string(), 0, Filter::Planned(replan));
        outcome.replanned.then_some(outcome)
    }
}

/// The directory whose manifests describe the crate of `source`: the crate
/// model's root, else the file's own directory. `None` for a file that is
/// nowhere (standard input outside a crate, fuzzing).
fn crate_directory(source: &SourceFile, model: &CrateModel) -> Option<PathBuf> {
    model.root().map(Path::to_path_buf).or_else(|| {
        std::fs::canonicalize(source.path())
            .ok()
            .and_then(|path| path.parent().map(Path::to_path_buf))
    })
}
