//! The per-file stage: read a file, ask the pre-filter what of it to parse,
//! parse that, and walk it with the rules; an internal error in one file is
//! caught and reported as that file's.

use std::cell::RefCell;
use std::io::Read;
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use crate::checker::{Checker, MacroArena, Walked};
use crate::diagnostic::Finding;
use crate::error::ScanError;
use crate::model::items::FileItems;
use crate::model::Stamp;
use crate::parse::{self, Parsed};
use crate::prefilter::{self, Plan};
use crate::rule::Rule;
use crate::source::SourceFile;
use crate::suppress::AttributeSuppressions;

use super::Engine;

/// What checking one file produced, before its crate's model settles the
/// conditional findings.
pub(super) struct FileOutcome {
    /// Which crate the file belongs to.
    pub(super) crate_key: usize,
    pub(super) checked: Option<Checked>,
    pub(super) errors: Vec<ScanError>,
    pub(super) lines: usize,
    pub(super) bytes: usize,
    /// Whether the pre-filter left the file, or some of its items, unparsed.
    pub(super) skipped: bool,
    /// Whether syn parsed it (or tried to).
    pub(super) parsed: bool,
    /// The file's declarations, when they were lexed (for the crate model).
    pub(super) items: Option<Arc<FileItems>>,
    /// When the file was read, when its declarations were lexed.
    pub(super) stamp: Option<Stamp>,
    /// Whether its text may call an IO method (`prefilter::may_call_io`).
    pub(super) may_call_io: bool,
    /// The names it may call where it throws a value away
    /// (`prefilter::CalledNames`), when the first pass did not parse it
    /// whole; none when it throws nothing away. The second pass reads it
    /// again for the crate's IO helpers only if it may call one there.
    pub(super) called: Option<prefilter::CalledNames>,
    /// Whether a second pass planned it anew (its outcome replaces the
    /// first's).
    pub(super) replanned: bool,
}

/// What walking a file found.
pub(super) struct Checked {
    /// Kept only when there are findings or suppressions to render.
    pub(super) source: Option<SourceFile>,
    pub(super) findings: Vec<Finding>,
    pub(super) attributes: AttributeSuppressions,
    pub(super) macros_expanded: usize,
}

/// Which files to parse.
#[derive(Clone, Copy)]
pub(super) enum Filter<'a> {
    /// Every file.
    Everything,
    /// Files the first pass of the pre-filter wants.
    Needles(&'a prefilter::Needles),
    /// What the first pass parses, and a file it would skip whole: a file
    /// being fixed, whose fixed text must be seen to parse.
    Fixing(&'a prefilter::Needles),
    /// Files planned anew (the second pass), as [`Replan`] says.
    Planned(Replan<'a>),
}

/// What the second pass plans a file anew for: it mentions a function its
/// crate declares as returning `Poll` under another name, or it may throw
/// away a call of one of the crate's IO helpers; it is planned with needles
/// that add those names to the first pass's.
#[derive(Clone, Copy)]
pub(super) struct Replan<'a> {
    /// The crate's functions returning `Poll` under other names.
    pub(super) poll: Option<&'a prefilter::DeclaredNames>,
    /// The crate's candidate IO helpers.
    pub(super) helpers: Option<&'a prefilter::DeclaredNames>,
    /// The first pass's needles with the names of both.
    pub(super) needles: &'a prefilter::Needles,
}

impl Replan<'_> {
    /// What of `text` to parse.
    fn plan(&self, text: &str) -> Plan {
        let poll = self.poll.is_some_and(|names| names.appear_in(text));
        let helper = || {
            self.helpers.is_some_and(|names| {
                names.appear_in(text) && prefilter::may_discard(text.as_bytes())
            })
        };
        if !(poll || helper()) {
            return Plan::Skip;
        }
        match self.needles.plan(text) {
            // A file that holds a `Poll` function's name but does not lex
            // cleanly is parsed whole, so that the parser says what is
            // wrong with it (the first pass does the same for a file with
            // a likely mention).
            Plan::Skip if poll && !prefilter::lexes_cleanly(text) => Plan::Whole,
            plan => plan,
        }
    }
}

impl FileOutcome {
    pub(super) fn failed(crate_key: usize, error: ScanError) -> Self {
        FileOutcome {
            crate_key,
            checked: None,
            errors: vec![error],
            lines: 0,
            bytes: 0,
            skipped: false,
            parsed: false,
            items: None,
            stamp: None,
            may_call_io: false,
            called: None,
            replanned: false,
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
            items: None,
            stamp: None,
            may_call_io: false,
            called: None,
            replanned: false,
        }
    }
}

impl Engine<'_> {
    /// Reads and checks the file at `path`. When `model_items` is set, a
    /// file whose text may declare a `Poll`-returning function has its
    /// declarations lexed for the crate model, and one that may call an IO
    /// method (and so declare an IO helper) is marked for it.
    pub(super) fn check_file(
        &self,
        path: &Path,
        crate_key: usize,
        filter: Filter<'_>,
        model_items: bool,
    ) -> FileOutcome {
        thread_local! {
            /// Each thread reads into one buffer: most files are only looked
            /// at, and a fresh allocation per file costs page faults.
            static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        }
        BUFFER.with_borrow_mut(|buffer| {
            buffer.clear();
            let read = std::fs::File::open(path).and_then(|mut file| {
                file.read_to_end(buffer)?;
                file.metadata()
            });
            let metadata = match read {
                Ok(metadata) => metadata,
                Err(source) => {
                    return FileOutcome::failed(
                        crate_key,
                        ScanError::Read {
                            path: path.to_path_buf(),
                            source,
                        },
                    );
                }
            };
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
            let items = (model_items && self.index && prefilter::may_declare_poll(text.as_bytes()))
                .then(|| Arc::new(crate::model::items::file_items(text)));
            let mut seen = prefilter::Seen::default();
            let plan = self.plan(text, filter, &mut seen);
            // Its declarations are read later (from the model's cache when
            // it has them) if the crate's IO helpers are asked for.
            let may_call_io = model_items
                && self.index
                && match filter {
                    Filter::Needles(needles) => needles.may_call_io(text.as_bytes(), &seen),
                    _ => prefilter::may_call_io(text.as_bytes()),
                };
            let mut outcome = match plan {
                Plan::Skip => FileOutcome::skipped(crate_key, text),
                plan => {
                    let mut outcome =
                        self.check_planned(path, text.to_string(), crate_key, plan, items.clone());
                    outcome.replanned = matches!(filter, Filter::Planned(..));
                    outcome
                }
            };
            if outcome.items.is_none() {
                outcome.items = items;
            }
            outcome.may_call_io = may_call_io;
            if model_items && self.index && outcome.skipped {
                outcome.called = prefilter::CalledNames::of(text.as_bytes());
            }
            if outcome.items.is_some() {
                outcome.stamp = Some(Stamp::new(&metadata, buffer));
            }
            outcome
        })
    }

    /// Checks `text` as if read from `path`.
    pub(super) fn check_source(
        &self,
        path: &Path,
        text: String,
        crate_key: usize,
        filter: Filter<'_>,
    ) -> FileOutcome {
        match self.plan(&text, filter, &mut prefilter::Seen::default()) {
            Plan::Skip => FileOutcome::skipped(crate_key, &text),
            plan => {
                let mut outcome = self.check_planned(path, text, crate_key, plan, None);
                outcome.replanned = matches!(filter, Filter::Planned(..));
                outcome
            }
        }
    }

    /// What of `text` to parse, under `filter`; under the first pass's
    /// needles, `seen` notes which of them the text holds.
    fn plan(&self, text: &str, filter: Filter<'_>, seen: &mut prefilter::Seen) -> Plan {
        match filter {
            Filter::Everything => Plan::Whole,
            Filter::Needles(needles) => needles.plan_seeing(text, seen),
            Filter::Fixing(needles) => match needles.plan(text) {
                Plan::Skip => Plan::Whole,
                plan => plan,
            },
            Filter::Planned(replan) => replan.plan(text),
        }
    }

    /// Parses and checks `text` as `plan` (not [`Plan::Skip`]) says.
    fn check_planned(
        &self,
        path: &Path,
        text: String,
        crate_key: usize,
        plan: Plan,
        items: Option<Arc<FileItems>>,
    ) -> FileOutcome {
        let partial = matches!(plan, Plan::Items(_));
        let kept = match plan {
            Plan::Skip => return FileOutcome::skipped(crate_key, &text),
            Plan::Whole => None,
            Plan::Items(kept) => Some(kept),
        };
        let source = SourceFile::new(path, text);
        let lines = source.line_count();
        let bytes = source.text().len();
        let checked = catch_unwind(AssertUnwindSafe(|| self.walk(&source, kept, items)));
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
        let mut items = None;
        let checked = walked.map(|walked| {
            items = walked.items;
            // Only files with findings or suppressions keep their text, for
            // rendering snippets and reading suppression comments.
            let keep = !walked.findings.is_empty()
                || !walked.attributes.is_empty()
                || source.text().contains("pollcheck:");
            Checked {
                source: keep.then_some(source),
                findings: walked.findings,
                attributes: walked.attributes,
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
            items,
            stamp: None,
            may_call_io: false,
            called: None,
            replanned: false,
        }
    }

    /// Parses and checks `source`, or only the `kept` ranges of its prepared
    /// text (the items the pre-filter wants) when they parse.
    fn walk(
        &self,
        source: &SourceFile,
        kept: Option<Vec<Range<usize>>>,
        items: Option<Arc<FileItems>>,
    ) -> (Option<Walked>, Vec<ScanError>) {
        let prepared = parse::prepare(source.text());
        let mut errors = Vec::new();
        let syntax_error = |range: Range<usize>, message: String| {
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
        let mut checker = Checker::new(source.text(), offsets, rules, &self.interests)
            .with_settings(&self.settings)
            .with_items(items);
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
