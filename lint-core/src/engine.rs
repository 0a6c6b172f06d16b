//! Running the rules over files: reading, parsing in parallel on threads
//! with large stacks, walking, suppressing, and collecting a [`Report`].

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::checker::{Checker, MacroArena, Walked};
use crate::diagnostic::{Diagnostic, Level};
use crate::discover::discover_with_threads;
use crate::error::ScanError;
use crate::fix;
use crate::index::{PollIndex, Signature};
use crate::parse::{self, Parsed};
use crate::prefilter::{self, Verdict};
use crate::rule::Rule;
use crate::source::SourceFile;
use crate::suppress::{self, AttributeSuppressions, RuleNames};

/// Stack size of the threads that parse and walk. syn's parser, the walk and
/// the syntax tree's destructor all recurse once per nesting level; 1 GiB of
/// address space (touched only as deep as a file needs) keeps every file
/// within [`parse::MAX_NESTING`] and [`parse::MAX_RUN`] safe, even in a
/// debug build.
const STACK_SIZE: usize = 1 << 30;

/// A rule name given in settings that no rule has.
#[derive(Debug, thiserror::Error)]
#[error("unknown rule `{name}`; known rules: {known}")]
pub struct UnknownRule {
    /// The name given.
    pub name: String,
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
}

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
    crate_key: usize,
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
    /// Each crate's index, kept for re-checking files while fixing them.
    indexes: HashMap<usize, Arc<PollIndex>>,
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
    pub fn retain(&mut self, mut keep: impl FnMut(&SourceFile, &Diagnostic) -> bool) {
        for file in &mut self.files {
            let source = &file.source;
            file.diagnostics
                .retain(|diagnostic| keep(source, diagnostic));
        }
        self.files.retain(|file| !file.diagnostics.is_empty());
    }

    /// Adds a file's findings (for reports rebuilt from a cache).
    pub fn push_file(&mut self, source: SourceFile, diagnostics: Vec<Diagnostic>) {
        if !diagnostics.is_empty() {
            self.files.push(FileResult {
                source,
                diagnostics,
                package: None,
                crate_key: 0,
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

    /// Whether any finding fails the run.
    pub fn has_failing_findings(&self) -> bool {
        self.diagnostics()
            .any(|(_, diagnostic)| diagnostic.level.fails_run())
    }
}

/// What checking one file produced, before the crate-wide index settles
/// its conditional findings.
struct FileOutcome {
    /// Which crate the file belongs to (for the index).
    crate_key: usize,
    checked: Option<Checked>,
    errors: Vec<ScanError>,
    lines: usize,
    bytes: usize,
    /// Whether the pre-filter left the file, or some of its items, unparsed.
    skipped: bool,
    /// Whether syn parsed it (or tried to).
    parsed: bool,
}

/// Which files to parse.
#[derive(Clone, Copy)]
enum Filter<'a> {
    /// Every file.
    Everything,
    /// Files the first pass of the pre-filter wants.
    Needles(&'a prefilter::Needles),
    /// Files that mention one of these names (the second pass).
    /// What the first pass parses, and a file it would skip whole: a file
    /// being fixed, whose fixed text must be seen to parse.
    Fixing(&'a prefilter::Needles),
    /// Files whose unparsed part mentions one of these names, read with
    /// these needles (the second pass).
    Names(&'a prefilter::DeclaredNames, &'a prefilter::Needles),
}

struct Checked {
    /// Kept only when there are findings or suppressions to render.
    source: Option<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    attributes: AttributeSuppressions,
    signatures: Vec<Signature>,
    macros_expanded: usize,
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
            match levels.get_key_value(name.as_str()) {
                Some((&key, _)) => {
                    levels.insert(key, *level);
                }
                None => {
                    let mut known: Vec<&str> = levels.keys().copied().collect();
                    known.sort_unstable();
                    return Err(UnknownRule {
                        name: name.clone(),
                        known: known.join(", "),
                    });
                }
            }
        }
        let enabled = all_rules
            .iter()
            .copied()
            .filter(|rule| levels[rule.meta().name] != Level::Allow)
            .collect();
        Ok(Engine {
            enabled,
            levels,
            threads: None,
            pool: std::sync::OnceLock::new(),
            macro_bodies: true,
            index: true,
            prefilter: true,
            settings: crate::config::RuleSettings::default(),
            exclude: None,
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

    /// Whether to build the crate-wide index (default on; off, findings that
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

    /// Uses a configuration's extra names and exclude patterns (its levels
    /// are given to [`Engine::new`] as overrides).
    pub fn with_config(mut self, config: &crate::config::Config) -> Self {
        self.settings = config.rule_settings.clone();
        self.exclude = config.exclude.clone();
        self
    }

    /// The level in force for `rule`.
    pub fn level(&self, rule: &str) -> Option<Level> {
        self.levels.get(rule).copied()
    }

    /// Scans files and directories. Each file belongs to the crate under the
    /// nearest `Cargo.toml` above it, whose files share one index.
    pub fn check_paths(&self, roots: &[PathBuf]) -> Report {
        let started = Instant::now();
        let threads = self.in_pool(rayon::current_num_threads);
        let (paths, mut errors) = discover_with_threads(roots, self.exclude.as_ref(), threads);
        let outcomes = self.check_all(&paths, || crate_keys(&paths));
        let mut report = self.finish(outcomes, &mut errors);
        report.errors = errors;
        report.elapsed = started.elapsed();
        report
    }

    /// Scans exactly `files`, without walking or filtering them: a file that
    /// cannot be read (say, deleted since it was found) is reported as such.
    pub fn check_files(&self, files: &[PathBuf]) -> Report {
        let started = Instant::now();
        let outcomes = self.check_all(files, || crate_keys(files));
        let mut errors = Vec::new();
        let mut report = self.finish(outcomes, &mut errors);
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
        let outcomes = self.check_all(&paths, || vec![0; paths.len()]);
        let mut report = self.finish(outcomes, &mut errors);
        report.errors = errors;
        report.elapsed = started.elapsed();
        report
    }

    /// Scans one text as if read from `path`, as a crate of its own (for
    /// standard input and tests).
    pub fn check_text(&self, path: &Path, text: String) -> Report {
        let started = Instant::now();
        let needles = self.needles();
        let filter = match &needles {
            Some(needles) => Filter::Needles(needles),
            None => Filter::Everything,
        };
        let mut outcome = self.in_pool(|| self.check_source(path, text.clone(), 0, filter));
        // The second pass, within the one text.
        if let Some(needles) = needles.as_ref().filter(|_| self.index && outcome.skipped) {
            if let Some(declared) = poll_names(std::slice::from_ref(&outcome)).remove(&0) {
                let declared = prefilter::DeclaredNames::new(declared);
                let names = Filter::Names(&declared, needles);
                let again = self.in_pool(|| self.check_source(path, text, 0, names));
                if !again.skipped {
                    outcome = again;
                }
            }
        }
        let mut errors = Vec::new();
        let mut report = self.finish(vec![outcome], &mut errors);
        report.errors = errors;
        report.elapsed = started.elapsed();
        report
    }

    /// The pre-filter's first pass, unless it is off.
    fn needles(&self) -> Option<prefilter::Needles> {
        self.prefilter.then(|| {
            prefilter::Needles::new(
                self.settings
                    .write_polls
                    .iter()
                    .chain(&self.settings.io_writes)
                    .cloned(),
            )
        })
    }

    /// Checks `paths` in parallel. `crate_keys` gives each path's crate key
    /// (the files of one crate share an index); it runs beside the first
    /// pass, which does not need them. With the pre-filter on, a second pass
    /// parses the files the first one skipped or parsed in part, whole, when
    /// they mention a name their crate declares as returning `Poll`.
    fn check_all(
        &self,
        paths: &[PathBuf],
        crate_keys: impl FnOnce() -> Vec<usize> + Send,
    ) -> Vec<FileOutcome> {
        let needles = self.needles();
        let filter = match &needles {
            Some(needles) => Filter::Needles(needles),
            None => Filter::Everything,
        };
        let (mut outcomes, crate_keys) = self.in_pool(|| {
            rayon::join(
                || {
                    paths
                        .par_iter()
                        .map(|path| self.check_file(path, 0, filter))
                        .collect::<Vec<_>>()
                },
                crate_keys,
            )
        });
        for (outcome, &crate_key) in outcomes.iter_mut().zip(&crate_keys) {
            outcome.crate_key = crate_key;
        }
        let Some(needles) = needles.as_ref().filter(|_| self.index) else {
            return outcomes;
        };
        let declared: HashMap<usize, prefilter::DeclaredNames> = poll_names(&outcomes)
            .into_iter()
            .map(|(key, names)| (key, prefilter::DeclaredNames::new(names)))
            .collect();
        let again: Vec<usize> = (0..outcomes.len())
            .filter(|&at| outcomes[at].skipped && declared.contains_key(&crate_keys[at]))
            .collect();
        let second = self.in_pool(|| {
            again
                .par_iter()
                .map(|&at| {
                    let names = Filter::Names(&declared[&crate_keys[at]], needles);
                    self.check_file(&paths[at], crate_keys[at], names)
                })
                .collect::<Vec<_>>()
        });
        for (at, outcome) in again.into_iter().zip(second) {
            // Not mentioned: what the first pass found stands.
            if !outcome.skipped {
                outcomes[at] = outcome;
            }
        }
        outcomes
    }

    /// Builds each crate's index, settles conditional findings, applies
    /// suppressions and levels, and collects the report.
    fn finish(&self, mut outcomes: Vec<FileOutcome>, errors: &mut Vec<ScanError>) -> Report {
        let mut signatures: HashMap<usize, Vec<Signature>> = HashMap::new();
        let mut report = Report::default();
        for outcome in &mut outcomes {
            if let Some(checked) = &mut outcome.checked {
                report.macros_expanded += checked.macros_expanded;
                report.functions_indexed += checked.signatures.len();
                signatures
                    .entry(outcome.crate_key)
                    .or_default()
                    .append(&mut checked.signatures);
            }
        }
        let indexes: HashMap<usize, Arc<PollIndex>> = signatures
            .into_iter()
            .map(|(key, signatures)| (key, Arc::new(PollIndex::new(signatures))))
            .collect();
        let empty = PollIndex::default();
        for outcome in outcomes {
            report.files_scanned += 1;
            report.lines_scanned += outcome.lines;
            report.bytes_scanned += outcome.bytes;
            report.files_parsed += usize::from(outcome.parsed);
            errors.extend(outcome.errors);
            let Some(checked) = outcome.checked else {
                continue;
            };
            let index = indexes
                .get(&outcome.crate_key)
                .map_or(&empty, |index| &**index);
            if let Some(mut result) = self.settle(checked, index) {
                result.crate_key = outcome.crate_key;
                report.files.push(result);
            }
        }
        report.indexes = indexes;
        report
            .files
            .sort_by(|a, b| a.source.path().cmp(b.source.path()));
        errors.sort_by(|a, b| error_path(a).cmp(error_path(b)));
        report
    }

    /// One file's findings once the index is known.
    fn settle(&self, checked: Checked, index: &PollIndex) -> Option<FileResult> {
        let source = checked.source?;
        let mut diagnostics = checked.diagnostics;
        diagnostics.retain(|diagnostic| {
            diagnostic
                .condition
                .as_ref()
                .is_none_or(|condition| index.satisfies(condition))
        });
        let mut diagnostics = suppress::apply(&source, diagnostics, checked.attributes, self);
        for diagnostic in &mut diagnostics {
            diagnostic.level = self
                .levels
                .get(diagnostic.rule)
                .copied()
                .unwrap_or(Level::Warn);
        }
        diagnostics.retain(|diagnostic| diagnostic.level != Level::Allow);
        diagnostics.sort_by(|a, b| {
            (a.range.start, a.rule, a.range.end).cmp(&(b.range.start, b.rule, b.range.end))
        });
        diagnostics.dedup_by(|a, b| a.range == b.range && a.rule == b.rule);
        (!diagnostics.is_empty()).then_some(FileResult {
            source,
            diagnostics,
            package: None,
            crate_key: 0,
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

    fn check_file(&self, path: &Path, crate_key: usize, filter: Filter<'_>) -> FileOutcome {
        thread_local! {
            /// Each thread reads into one buffer: most files are only looked
            /// at, and a fresh allocation per file costs page faults.
            static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        }
        BUFFER.with_borrow_mut(|buffer| {
            buffer.clear();
            let read = std::fs::File::open(path).and_then(|mut file| file.read_to_end(buffer));
            if let Err(source) = read {
                return FileOutcome::failed(
                    crate_key,
                    ScanError::Read {
                        path: path.to_path_buf(),
                        source,
                    },
                );
            }
            let text = match std::str::from_utf8(buffer) {
                Ok(text) => text,
                Err(error) => {
                    let mut outcome = FileOutcome::failed(
                        crate_key,
                        ScanError::NotUtf8 {
                            path: path.to_path_buf(),
                            offset: error.valid_up_to(),
                        },
                    );
                    outcome.bytes = buffer.len();
                    return outcome;
                }
            };
            match self.verdict(text, filter) {
                Verdict::Skip => FileOutcome::skipped(crate_key, text),
                verdict => self.check_planned(path, text.to_string(), crate_key, verdict),
            }
        })
    }

    fn check_source(
        &self,
        path: &Path,
        text: String,
        crate_key: usize,
        filter: Filter<'_>,
    ) -> FileOutcome {
        match self.verdict(&text, filter) {
            Verdict::Skip => FileOutcome::skipped(crate_key, &text),
            verdict => self.check_planned(path, text, crate_key, verdict),
        }
    }

    /// What of `text` to parse, under `filter`.
    fn verdict(&self, text: &str, filter: Filter<'_>) -> Verdict {
        match filter {
            Filter::Everything => Verdict::Whole,
            Filter::Needles(needles) => needles.verdict(text),
            Filter::Fixing(needles) => match needles.verdict(text) {
                Verdict::Skip => Verdict::Whole,
                verdict => verdict,
            },
            Filter::Names(names, _) if !names.appear_in(text) => Verdict::Skip,
            Filter::Names(names, needles) => {
                let prepared = parse::prepare(text);
                let unparsed = match needles.verdict(text) {
                    Verdict::Skip => Some(prepared.text.clone()),
                    Verdict::Items(kept) => Some(prefilter::left_out(&prepared.text, &kept).into()),
                    Verdict::Whole => None,
                };
                match unparsed {
                    Some(unparsed) if names.mentioned_in(&unparsed) => Verdict::Whole,
                    _ => Verdict::Skip,
                }
            }
        }
    }

    /// Parses and checks `text` as `verdict` (not [`Verdict::Skip`]) says.
    fn check_planned(
        &self,
        path: &Path,
        text: String,
        crate_key: usize,
        verdict: Verdict,
    ) -> FileOutcome {
        let partial = matches!(verdict, Verdict::Items(_));
        let items = match verdict {
            Verdict::Skip => return FileOutcome::skipped(crate_key, &text),
            Verdict::Whole => None,
            Verdict::Items(kept) => Some(kept),
        };
        let source = SourceFile::new(path, text);
        let lines = source.line_count();
        let bytes = source.text().len();
        let checked = catch_unwind(AssertUnwindSafe(|| self.walk(&source, items)));
        // Whatever happened, forget this file's spans: proc-macro2 keeps
        // every parsed text of the thread otherwise.
        proc_macro2::extra::invalidate_current_thread_spans();
        let (walked, errors) = match checked {
            Ok(found) => found,
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|text| text.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_string());
                let error = ScanError::Internal {
                    path: path.to_path_buf(),
                    message,
                };
                (None, vec![error])
            }
        };
        let checked = walked.map(|walked| {
            // Only files with findings or suppressions keep their text, for
            // rendering snippets and reading suppression comments.
            let keep = !walked.diagnostics.is_empty()
                || !walked.attributes.is_empty()
                || source.text().contains("pollcheck:");
            Checked {
                source: keep.then_some(source),
                diagnostics: walked.diagnostics,
                attributes: walked.attributes,
                signatures: walked.signatures,
                macros_expanded: walked.macros_expanded,
            }
        });
        FileOutcome {
            crate_key,
            checked,
            errors,
            lines,
            bytes,
            skipped: partial,
            parsed: true,
        }
    }

    /// Parses and checks `source`, or only the `kept` ranges of its prepared
    /// text (the items the pre-filter wants) when they parse.
    fn walk(
        &self,
        source: &SourceFile,
        kept: Option<Vec<std::ops::Range<usize>>>,
    ) -> (Option<Walked>, Vec<ScanError>) {
        let prepared = parse::prepare(source.text());
        let mut errors = Vec::new();
        let syntax_error = |range: std::ops::Range<usize>, message: String| {
            let position = source.line_column(range.start);
            ScanError::Syntax {
                path: source.path().to_path_buf(),
                line: position.line,
                column: position.column,
                message,
            }
        };
        let mut offsets = parse::Offsets::shifted(prepared.base);
        let from_items = kept
            .and_then(|kept| parse::excerpt(&prepared, &kept))
            .and_then(|(text, excerpt_offsets)| {
                let excerpt = parse::Prepared {
                    text: std::borrow::Cow::Owned(text),
                    base: prepared.base,
                };
                match parse::parse(&excerpt) {
                    Ok(parsed @ Parsed::File(_)) => {
                        offsets = excerpt_offsets;
                        Some(parsed)
                    }
                    // The excerpt cut through something: parse the whole file.
                    _ => None,
                }
            });
        let parsed = match from_items.map_or_else(|| parse::parse(&prepared), Ok) {
            Ok(parsed) => parsed,
            Err(failure) => return (None, vec![syntax_error(failure.range, failure.message)]),
        };
        let rules: &[&dyn Rule] = &self.enabled;
        let arena = MacroArena::new();
        let mut checker = Checker::new(source.text(), offsets, rules)
            .with_signatures(self.index)
            .with_settings(&self.settings);
        if self.macro_bodies {
            checker = checker.with_macro_bodies(&arena);
        }
        let walked = match &parsed {
            Parsed::File(file) => checker.run_file(file),
            Parsed::Recovered(file, skipped) => {
                // One line per file: the first problem, and how many more.
                if let Some((range, message)) = skipped.first() {
                    let what = match skipped.len() - 1 {
                        0 => "this item was".to_string(),
                        more => format!("this item and {more} more were"),
                    };
                    errors.push(syntax_error(
                        range.clone(),
                        format!(
                            "{message} ({what} skipped; the other top-level items were checked)"
                        ),
                    ));
                }
                checker.run_file(file)
            }
        };
        (Some(walked), errors)
    }
}

/// The names each crate declares as returning `Poll`, other than `poll…`
/// ones (which the pre-filter's first pass wants already), by crate key.
fn poll_names(outcomes: &[FileOutcome]) -> HashMap<usize, HashSet<String>> {
    let mut declared: HashMap<usize, HashSet<String>> = HashMap::new();
    for outcome in outcomes {
        let Some(checked) = &outcome.checked else {
            continue;
        };
        for signature in &checked.signatures {
            if signature.returns_poll && !signature.name.starts_with("poll") {
                declared
                    .entry(outcome.crate_key)
                    .or_default()
                    .insert(signature.name.clone());
            }
        }
    }
    declared
}

/// A key per crate for each path: files under the same nearest
/// `Cargo.toml` share a key; files with none above them share key 0.
fn crate_keys(paths: &[PathBuf]) -> Vec<usize> {
    fn directory_of(path: &Path) -> &Path {
        path.parent().unwrap_or(Path::new(""))
    }
    let mut finder = ManifestFinder::default();
    let mut root_of_directory: HashMap<&Path, Option<PathBuf>> = HashMap::new();
    for path in paths {
        let directory = directory_of(path);
        if !root_of_directory.contains_key(directory) {
            root_of_directory.insert(directory, finder.nearest(directory));
        }
    }
    let mut keys: HashMap<&Option<PathBuf>, usize> = HashMap::new();
    let none = None;
    keys.insert(&none, 0);
    paths
        .iter()
        .map(|path| {
            let root = &root_of_directory[directory_of(path)];
            let next = keys.len();
            *keys.entry(root).or_insert(next)
        })
        .collect()
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
    /// The directory of the nearest `Cargo.toml` at or above `directory`
    /// (`""` is the current directory), symbolic links resolved.
    fn nearest(&mut self, directory: &Path) -> Option<PathBuf> {
        let real = self.real_path(directory)?;
        self.manifest_at_or_above(&real)
    }

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
    /// Why the file is left as it is, when something went wrong.
    pub problem: Option<String>,
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
            report.errors.iter().map(error_path).collect();
        let empty = Arc::new(PollIndex::default());
        let plans = self.in_pool(|| {
            report
                .files
                .par_iter()
                .filter(|file| has_fix(&file.diagnostics))
                .map(|file| {
                    let index = report.indexes.get(&file.crate_key).unwrap_or(&empty);
                    if broken.contains(file.source.path()) {
                        let mut plan = FixPlan::unchanged(file.source.path(), file.source.text());
                        plan.problem = Some("does not parse completely; not fixed".to_string());
                        return plan;
                    }
                    self.plan_file(&file.source, &file.diagnostics, index, unsafe_fixes)
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
        let empty = Arc::new(PollIndex::default());
        let index = report
            .indexes
            .get(&file.crate_key)
            .unwrap_or(&empty)
            .clone();
        self.in_pool(|| self.plan_file(&file.source, &file.diagnostics, &index, unsafe_fixes))
    }

    fn plan_file(
        &self,
        source: &SourceFile,
        diagnostics: &[Diagnostic],
        index: &PollIndex,
        unsafe_fixes: bool,
    ) -> FixPlan {
        let path = source.path();
        let policy = fix::ready_policy(path);
        let mut plan = FixPlan::unchanged(path, source.text());
        let mut text = source.text().to_string();
        let mut diagnostics = diagnostics.to_vec();
        for _ in 0..FIX_ROUNDS {
            let candidates = fix::candidates(&text, &diagnostics, &policy);
            let (next, applied) = fix::apply(&text, &candidates, unsafe_fixes);
            if applied == 0 {
                break;
            }
            let next = fix::ensure_ready_import(&text, next, &policy);
            match self.recheck(path, next.clone(), index) {
                Ok(found) => {
                    text = next;
                    diagnostics = found;
                    plan.applied += applied;
                }
                Err(error) => {
                    plan.problem = Some(format!(
                        "applying its fixes would leave it unparsable ({error}); left untouched (a pollcheck bug, please report it)"
                    ));
                    plan.applied = 0;
                    return plan;
                }
            }
        }
        plan.fixed = text;
        plan
    }

    /// The findings in `text` after a round of fixes, or why it no longer
    /// parses.
    fn recheck(
        &self,
        path: &Path,
        text: String,
        index: &PollIndex,
    ) -> Result<Vec<Diagnostic>, String> {
        // Parsed as the scan parsed it: an item the pre-filter left out may
        // not parse, and did not before the fix either.
        let needles = self.needles();
        let filter = needles.as_ref().map_or(Filter::Everything, Filter::Fixing);
        let outcome = self.check_source(path, text, 0, filter);
        if let Some(error) = outcome.errors.first() {
            return Err(error.to_string());
        }
        Ok(outcome
            .checked
            .and_then(|checked| self.settle(checked, index))
            .map(|result| result.diagnostics)
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

impl RuleNames for Engine<'_> {
    fn is_known(&self, name: &str) -> bool {
        self.levels.contains_key(name)
    }

    fn is_enabled(&self, name: &str) -> bool {
        self.levels
            .get(name)
            .is_some_and(|level| *level != Level::Allow)
    }
}

impl FileOutcome {
    fn failed(crate_key: usize, error: ScanError) -> Self {
        FileOutcome {
            crate_key,
            checked: None,
            errors: vec![error],
            lines: 0,
            bytes: 0,
            skipped: false,
            parsed: false,
        }
    }

    /// A file the pre-filter leaves out: counted, not parsed.
    fn skipped(crate_key: usize, text: &str) -> Self {
        FileOutcome {
            crate_key,
            checked: None,
            errors: Vec::new(),
            lines: crate::source::count_lines(text),
            bytes: text.len(),
            skipped: true,
            parsed: false,
        }
    }
}

fn error_path(error: &ScanError) -> &Path {
    match error {
        ScanError::Read { path, .. }
        | ScanError::NotUtf8 { path, .. }
        | ScanError::Syntax { path, .. }
        | ScanError::Walk { path, .. }
        | ScanError::Recorded { path, .. }
        | ScanError::Internal { path, .. } => path,
    }
}
