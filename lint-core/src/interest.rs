//! What rules look at, declared by each rule ([`Interests`]) and merged by
//! the engine for the rules that run ([`InterestTable`]): the pre-filter's
//! needles and planner, the filter that decides which macro bodies to read,
//! the walk's dispatch of thrown-away values, the bodies the pre-filter
//! keeps whole and the Clippy lints whose `allow` also counts are all built
//! from it, so that `--allow RULE` narrows every one of them and a rule
//! about a new call needs no change outside its own file.

use std::collections::HashMap;

use crate::config::RuleSettings;

/// The macro that returns `Poll::Pending` early and yields what a `Poll`
/// holds when it is ready.
pub(crate) const READY: &str = "ready";

/// What one rule looks at.
#[derive(Debug, Clone, Copy)]
pub struct Interests {
    /// Calls whose value the rule judges.
    pub calls: &'static [Calls],
    /// Macros whose value the rule judges, as a `Result` thrown away
    /// (`write!`); the rule reads their invocations itself, and their bodies
    /// are not walked as code of their own. (`ready!` is read through the
    /// polls it is given: see [`Shape::Result`].)
    pub macros: &'static [&'static str],
    /// Functions whose bodies the rule reads whole (from the `impl` block
    /// they are in), wherever they are declared.
    pub bodies: &'static [&'static str],
    /// Clippy lints whose `#[allow(clippy::…)]` also silences the rule,
    /// because they say the same thing about the code.
    pub clippy_equivalents: &'static [&'static str],
}

impl Interests {
    /// A rule that looks at nothing in the code.
    pub const NONE: Interests = Interests {
        calls: &[],
        macros: &[],
        bodies: &[],
        clippy_equivalents: &[],
    };
}

/// Calls of some names whose value a rule judges, and where.
#[derive(Debug, Clone, Copy)]
pub struct Calls {
    /// Which calls.
    pub names: Names,
    /// What such a call returns.
    pub returns: Returns,
    /// What the rule judges of it: the value itself, or what `ready!` or a
    /// `?` makes of it.
    pub judges: Shape,
    /// Where the rule looks for that value.
    pub at: Position,
}

/// What a call returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returns {
    /// A `Poll` (whose `Pending` may be lost).
    Poll,
    /// A `Result` (whose error may be lost).
    Result,
}

/// The kind of value a rule judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A `Poll`, possibly after `?` (on `Poll<Result<T, E>>`, `?` yields a
    /// `Poll<T>`).
    Poll,
    /// A `Result`, possibly `.await`ed or turned into an `Option` by
    /// `.ok()`; from a `Poll`, what `ready!` yields.
    Result,
    /// The `Ok` value left by `?`, when the rule says it is a count of
    /// bytes (the only record of how much was written).
    Count,
}

/// Where a rule looks for a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Where it is thrown away ([`crate::discard`]).
    ThrownAway,
    /// Where a `match` or an `if let` looks at it (its `Pending` may be
    /// matched and ignored).
    Matched,
    /// Where its `Poll` is turned into a bool (`x.poll_flush(cx)?.is_ready()`,
    /// `.is_pending()`), which may then decide what the function returns.
    Tested,
    /// Where its count is kept: bound by `let name = …` or added to a total
    /// with `+=`; the rule reads what the function does with it, with its
    /// own hooks ([`crate::Rule::check_stmt`]).
    AddedUp,
    /// Wherever the name appears: the pre-filter keeps every item that
    /// mentions it, and the rule looks for it with its own hooks
    /// ([`crate::Rule::check_expr`] and the like).
    Anywhere,
}

/// A set of call names.
#[derive(Debug, Clone, Copy)]
pub enum Names {
    /// These names.
    Listed(&'static [&'static str]),
    /// The names that start with `prefix` and pass `test`.
    Matching {
        /// What every such name starts with.
        prefix: &'static str,
        /// Whether a name is one.
        test: fn(&str) -> bool,
    },
    /// Names the configuration adds.
    Configured(Setting),
    /// Any name no rule lists, not starting with `poll`, called with a task
    /// context (`cx`): the crate model decides whether it returns `Poll`.
    CalledWithContext,
    /// Any other name no rule lists (not starting with `poll` or an
    /// uppercase letter): the crate's own functions, which the crate model
    /// and the rule decide about (an IO helper of the crate).
    DeclaredByCrate,
}

/// A configuration setting that lists names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// `write-polls`: more write-side poll names.
    WritePolls,
    /// `io-writes`: more IO write methods.
    IoWrites,
}

/// What the rules that run want of the calls of one name, as the
/// pre-filter reads it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CallInterest {
    /// The call returns `Poll` (else a `Result`).
    pub returns_poll: bool,
    /// Its value is judged where it is thrown away.
    pub thrown_away: bool,
    /// A `?` after it leaves a value still judged (a `Poll` stays one; a
    /// count is one).
    pub after_question_mark: bool,
    /// Its value is judged where a `match` or `if let` looks at it.
    pub matched: bool,
    /// Its value is judged where `.is_ready()` or `.is_pending()` turns it
    /// into a bool.
    pub tested: bool,
    /// What `ready!` makes of it is judged.
    pub through_ready: bool,
    /// A `?` on its `Result` leaves a count that is judged.
    pub counted: bool,
    /// A `?` on what it holds when ready (inside `ready!`) leaves a count
    /// that is judged.
    pub counted_through_ready: bool,
    /// Its value is judged where a `let` binds it or a `+=` adds it up.
    pub added_up: bool,
    /// Any mention of the name is wanted.
    pub anywhere: bool,
}

impl CallInterest {
    fn add(&mut self, calls: &Calls) {
        let poll = calls.returns == Returns::Poll;
        self.returns_poll |= poll;
        if calls.at == Position::Anywhere {
            self.anywhere = true;
            return;
        }
        if calls.at == Position::AddedUp {
            self.added_up = true;
            return;
        }
        match (calls.judges, calls.at) {
            (Shape::Poll, Position::ThrownAway) => self.thrown_away = true,
            (Shape::Poll | Shape::Count, Position::Matched) => self.matched = true,
            (Shape::Poll, Position::Tested) => self.tested = true,
            (_, Position::Matched | Position::Tested) => {}
            (Shape::Result | Shape::Count, Position::ThrownAway) if poll => {
                self.through_ready = true;
            }
            (Shape::Result, Position::ThrownAway) => self.thrown_away = true,
            (Shape::Count, Position::ThrownAway) => {
                self.thrown_away = true;
                self.after_question_mark = true;
            }
            (_, Position::Anywhere | Position::AddedUp) => {}
        }
        if calls.judges == Shape::Count && calls.at == Position::ThrownAway {
            if poll {
                self.counted_through_ready = true;
            } else {
                self.counted = true;
            }
        }
        if poll {
            // `?` on a `Poll<Result<…>>` leaves a `Poll`.
            self.after_question_mark = true;
        }
    }

    /// Adds what `other` wants.
    fn merge(&mut self, other: &CallInterest) {
        self.returns_poll |= other.returns_poll;
        self.thrown_away |= other.thrown_away;
        self.after_question_mark |= other.after_question_mark;
        self.matched |= other.matched;
        self.tested |= other.tested;
        self.through_ready |= other.through_ready;
        self.counted |= other.counted;
        self.counted_through_ready |= other.counted_through_ready;
        self.added_up |= other.added_up;
        self.anywhere |= other.anywhere;
    }

    /// Whether anything about the call is judged.
    pub(crate) fn any(&self) -> bool {
        self.thrown_away
            || self.matched
            || self.tested
            || self.through_ready
            || self.added_up
            || self.anywhere
    }
}

/// Everything the rules that run want of one name, looked up once per
/// identifier by the pre-filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct NameInterest {
    /// What is wanted of calls of it.
    pub call: Option<CallInterest>,
    /// What is wanted of invocations of the macro of that name.
    pub macro_call: Option<CallInterest>,
    /// Any mention of it is wanted.
    pub anywhere: bool,
    /// Some rule reads the bodies of functions of that name whole.
    pub body: bool,
}

/// The names the rules list (not those given by a prefix), for lookups by
/// identifier bytes: the pre-filter asks of every identifier that starts
/// like one, so this is a sorted table and a set of name lengths rather
/// than a hash map of strings.
#[derive(Debug, Clone, Default)]
struct NameIndex {
    /// Bit `n` is set when some listed name is `n` bytes long (63 for any
    /// longer one).
    lengths: u64,
    /// Sorted by name.
    names: Vec<(Box<[u8]>, NameInterest)>,
}

impl NameIndex {
    fn length_bit(length: usize) -> u64 {
        1 << length.min(63)
    }

    fn get(&self, name: &[u8]) -> Option<NameInterest> {
        if self.lengths & Self::length_bit(name.len()) == 0 {
            return None;
        }
        self.names
            .binary_search_by(|(known, _)| known.as_ref().cmp(name))
            .ok()
            .map(|at| self.names[at].1)
    }
}

/// The first two bytes of a set of names, for a check that costs one
/// lookup before a name is looked up: most identifiers (`self`, `fn`,
/// `pub`, `for`) begin like no wanted name, even where their first byte is
/// one a wanted name begins with.
#[derive(Debug, Clone)]
pub(crate) struct Beginnings {
    /// Bit `256 * first + second` is set when some name begins with those
    /// two bytes (a one-byte name sets every bit of its first byte).
    pairs: Box<[u64; 1024]>,
}

impl Beginnings {
    fn add(&mut self, name: &[u8]) {
        match *name {
            [] => {}
            [only] => self.pairs[usize::from(only) * 4..][..4].fill(u64::MAX),
            [first, second, ..] => {
                let bit = Self::bit(first, second);
                self.pairs[bit / 64] |= 1 << (bit % 64);
            }
        }
    }

    fn bit(first: u8, second: u8) -> usize {
        usize::from(first) * 256 + usize::from(second)
    }

    /// Whether `ident` (not empty) may be one of the names: it begins like
    /// one of them. A one-byte identifier is looked at when some name
    /// begins with its byte.
    pub(crate) fn may_be(&self, ident: &[u8]) -> bool {
        match *ident {
            [] => false,
            [only] => self.pairs[usize::from(only) * 4..][..4]
                .iter()
                .any(|&word| word != 0),
            [first, second, ..] => {
                let bit = Self::bit(first, second);
                self.pairs[bit / 64] & (1 << (bit % 64)) != 0
            }
        }
    }
}

/// A set of names given by a prefix and a test, and what calls of them are.
#[derive(Debug, Clone)]
struct Matching {
    prefix: &'static str,
    test: fn(&str) -> bool,
    interest: CallInterest,
}

/// The interests of the rules that run, merged.
#[derive(Debug, Clone)]
pub struct InterestTable {
    /// Each rule's interests, in the order of the engine's rules.
    rules: Vec<Interests>,
    /// Call names, merged.
    calls: HashMap<String, CallInterest>,
    /// Macro names read by rules, with what their values are.
    macros: HashMap<String, CallInterest>,
    /// Prefixed name sets, with what calls of such names are.
    matching: Vec<Matching>,
    /// Names wanted wherever they appear (from the configuration).
    anywhere: Vec<String>,
    /// Whether some rule judges calls with a task context.
    context_calls: bool,
    /// Whether some rule judges calls of the crate's own functions.
    crate_calls: bool,
    bodies: Vec<&'static str>,
    /// The listed names (calls, macros, names wanted anywhere, bodies),
    /// merged for lookups by bytes.
    index: NameIndex,
    /// Clippy lints and the rules they stand for.
    clippy: Vec<(&'static str, &'static str)>,
    /// The configuration's names.
    settings: RuleSettings,
}

impl InterestTable {
    /// The merged interests of `rules` (each rule's name and interests, in
    /// the engine's order), with the configuration's names.
    pub fn new(rules: &[(&'static str, Interests)], settings: &RuleSettings) -> Self {
        let mut table = InterestTable {
            rules: rules.iter().map(|(_, interests)| *interests).collect(),
            calls: HashMap::new(),
            macros: HashMap::new(),
            matching: Vec::new(),
            anywhere: Vec::new(),
            context_calls: false,
            crate_calls: false,
            bodies: Vec::new(),
            index: NameIndex::default(),
            clippy: Vec::new(),
            settings: settings.clone(),
        };
        for (rule, interests) in rules {
            for calls in interests.calls {
                match calls.names {
                    Names::Listed(names) => {
                        for name in names {
                            table.calls.entry(name.to_string()).or_default().add(calls);
                        }
                    }
                    Names::Matching { prefix, test } => {
                        let mut interest = CallInterest::default();
                        interest.add(calls);
                        table.matching.push(Matching {
                            prefix,
                            test,
                            interest,
                        });
                    }
                    Names::Configured(setting) => {
                        for name in configured(settings, setting) {
                            table.calls.entry(name.clone()).or_default().add(calls);
                            if !table.anywhere.contains(name) {
                                table.anywhere.push(name.clone());
                            }
                        }
                    }
                    Names::CalledWithContext => table.context_calls = true,
                    Names::DeclaredByCrate => table.crate_calls = true,
                }
            }
            for name in interests.macros {
                table.macros.insert(
                    name.to_string(),
                    CallInterest {
                        thrown_away: true,
                        ..CallInterest::default()
                    },
                );
            }
            for body in interests.bodies {
                if !table.bodies.contains(body) {
                    table.bodies.push(body);
                }
            }
            for lint in interests.clippy_equivalents {
                table.clippy.push((lint, rule));
            }
        }
        table.index = table.name_index();
        table
    }

    /// These interests, and also calls of `names`, which the crate declares
    /// as returning `Poll`, wherever the rules judge a call given a task
    /// context (`Names::CalledWithContext`): what the pre-filter's second
    /// pass looks for in a crate that declares such functions.
    pub(crate) fn with_poll_results<'n>(
        &self,
        names: impl IntoIterator<Item = &'n String>,
    ) -> InterestTable {
        let mut wanted = CallInterest::default();
        for interests in &self.rules {
            for calls in interests.calls {
                if matches!(calls.names, Names::CalledWithContext) {
                    wanted.add(calls);
                }
            }
        }
        let mut table = self.clone();
        if !wanted.any() {
            return table;
        }
        wanted.returns_poll = true;
        for name in names {
            table.calls.entry(name.clone()).or_default().merge(&wanted);
        }
        table.index = table.name_index();
        table
    }

    /// These interests, and also the `Result` of calls of `names` where it
    /// is thrown away: what the pre-filter's second pass looks for in a
    /// crate whose own IO helpers have those names.
    pub(crate) fn with_thrown_away_results<'n>(
        &self,
        names: impl IntoIterator<Item = &'n String>,
    ) -> InterestTable {
        let mut table = self.clone();
        for name in names {
            table
                .calls
                .entry(name.clone())
                .or_default()
                .merge(&CallInterest {
                    thrown_away: true,
                    ..CallInterest::default()
                });
        }
        table.index = table.name_index();
        table
    }

    /// The listed names, each with everything wanted of it.
    fn name_index(&self) -> NameIndex {
        let mut merged: HashMap<&str, NameInterest> = HashMap::new();
        for (name, interest) in &self.calls {
            merged.entry(name).or_default().call = Some(*interest);
        }
        for (name, interest) in &self.macros {
            merged.entry(name).or_default().macro_call = Some(*interest);
        }
        for name in &self.anywhere {
            merged.entry(name).or_default().anywhere = true;
        }
        for name in &self.bodies {
            merged.entry(name).or_default().body = true;
        }
        let mut index = NameIndex::default();
        for (name, interest) in merged {
            index.lengths |= NameIndex::length_bit(name.len());
            index.names.push((name.as_bytes().into(), interest));
        }
        index.names.sort_by(|a, b| a.0.cmp(&b.0));
        index
    }

    /// Everything wanted of the identifier `name` (its bytes), with the
    /// names given by a prefix merged in; `None` when nothing is.
    pub(crate) fn name(&self, name: &[u8]) -> Option<NameInterest> {
        let mut found = self.index.get(name);
        for matching in &self.matching {
            if name.starts_with(matching.prefix.as_bytes()) {
                if let Ok(text) = std::str::from_utf8(name) {
                    if (matching.test)(text) {
                        let entry = found.get_or_insert_with(NameInterest::default);
                        let call = entry.call.get_or_insert_with(CallInterest::default);
                        call.merge(&matching.interest);
                    }
                }
            }
        }
        if let Some(entry) = &mut found {
            entry.call = entry.call.filter(CallInterest::any);
            entry.anywhere |= entry.call.is_some_and(|call| call.anywhere);
        }
        found.filter(|entry| {
            entry.call.is_some() || entry.macro_call.is_some() || entry.anywhere || entry.body
        })
    }

    /// What is wanted of calls of `name`, if anything.
    pub(crate) fn call(&self, name: &str) -> Option<CallInterest> {
        let mut found = self.calls.get(name).copied();
        for Matching {
            prefix,
            test,
            interest,
        } in &self.matching
        {
            if name.starts_with(prefix) && test(name) {
                found
                    .get_or_insert_with(CallInterest::default)
                    .merge(interest);
            }
        }
        found.filter(CallInterest::any)
    }

    /// Whether a `?` on the `Result` of a call of `name` (`through_ready`:
    /// on what the poll `name` holds, inside `ready!`) leaves a count some
    /// rule judges.
    pub(crate) fn counts(&self, name: &str, through_ready: bool) -> bool {
        self.call(name).is_some_and(|interest| {
            if through_ready {
                interest.counted_through_ready
            } else {
                interest.counted
            }
        })
    }

    /// What is wanted of invocations of the macro `name`, if some rule reads
    /// it.
    pub(crate) fn macro_call(&self, name: &str) -> Option<CallInterest> {
        self.macros.get(name).copied()
    }

    /// Whether some rule reads the macro `name` itself: one whose value is
    /// judged, or `ready!` when what it makes of a poll is.
    pub(crate) fn reads_macro(&self, name: &str) -> bool {
        self.macros.contains_key(name) || (name == READY && self.reads_ready())
    }

    /// Whether some rule judges what `ready!` makes of a poll.
    pub(crate) fn reads_ready(&self) -> bool {
        self.calls.values().any(|interest| interest.through_ready)
            || self
                .matching
                .iter()
                .any(|matching| matching.interest.through_ready)
    }

    /// Whether `name` is wanted wherever it appears.
    pub(crate) fn anywhere(&self, name: &str) -> bool {
        self.anywhere.iter().any(|known| known == name)
            || self.call(name).is_some_and(|interest| interest.anywhere)
    }

    /// Whether some rule judges calls made with a task context whose names
    /// only the crate model can tell.
    pub(crate) fn context_calls(&self) -> bool {
        self.context_calls
    }

    /// Whether some rule judges calls of the crate's own functions.
    pub(crate) fn crate_calls(&self) -> bool {
        self.crate_calls
    }

    /// The rules (indexes in the engine's order) that judge `shape` of a
    /// call of `name` at `at`, a call the rules name or one that only its
    /// task context argument, or the crate, made one to judge (`via`).
    pub(crate) fn rules_judging(
        &self,
        name: &str,
        shape: Shape,
        at: Position,
        via: crate::value::Via,
    ) -> Vec<usize> {
        let mut found = Vec::new();
        for (index, interests) in self.rules.iter().enumerate() {
            let judges = interests.calls.iter().any(|calls| {
                calls.judges == shape
                    && calls.at == at
                    && match via {
                        crate::value::Via::Name => calls.names.contains(name, &self.settings),
                        crate::value::Via::Context => {
                            matches!(calls.names, Names::CalledWithContext)
                        }
                        crate::value::Via::Crate => matches!(calls.names, Names::DeclaredByCrate),
                    }
            });
            if judges {
                found.push(index);
            }
        }
        found
    }

    /// The rules (indexes in the engine's order) that judge the value of the
    /// macro `name` where it is thrown away.
    pub(crate) fn rules_reading_macro(&self, name: &str) -> Vec<usize> {
        (0..self.rules.len())
            .filter(|&index| self.rules[index].macros.contains(&name))
            .collect()
    }

    /// The Clippy lints whose `allow` also counts for some rule.
    pub(crate) fn clippy_lints(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.clippy.iter().map(|(lint, _)| *lint)
    }

    /// The rule whose `allow` the Clippy lint `lint` stands for.
    pub(crate) fn clippy_equivalent(&self, lint: &str) -> Option<&'static str> {
        self.clippy
            .iter()
            .find(|(known, _)| *known == lint)
            .map(|(_, rule)| *rule)
    }

    /// Byte strings one of which every wanted name contains (the fewest
    /// such: a name that contains another is covered by it), for a first
    /// look at a file's raw bytes.
    pub(crate) fn needles(&self) -> Vec<Vec<u8>> {
        let mut all = self.wanted_names();
        all.sort_by_key(|name| (name.len(), *name));
        let mut needles: Vec<&str> = Vec::new();
        for name in all {
            if !needles.iter().any(|needle| name.contains(needle)) {
                needles.push(name);
            }
        }
        needles
            .into_iter()
            .map(|needle| needle.as_bytes().to_vec())
            .collect()
    }

    /// Every name something is wanted of, and the prefixes that give
    /// names (none empty).
    fn wanted_names(&self) -> Vec<&str> {
        self.calls
            .iter()
            .filter(|(_, interest)| interest.any())
            .map(|(name, _)| name.as_str())
            .chain(self.macros.keys().map(String::as_str))
            .chain(self.matching.iter().map(|matching| matching.prefix))
            .chain(self.anywhere.iter().map(String::as_str))
            .chain(self.bodies.iter().copied())
            .filter(|name| !name.is_empty())
            .collect()
    }

    /// How every wanted name (or prefix giving names) begins: an identifier
    /// that begins otherwise needs no further look.
    pub(crate) fn beginnings(&self) -> Beginnings {
        let mut beginnings = Beginnings {
            pairs: Box::new([0; 1024]),
        };
        for name in self.wanted_names() {
            beginnings.add(name.as_bytes());
        }
        beginnings
    }
}

impl Names {
    /// Whether the set holds `name` (configured names from `settings`).
    pub fn contains(&self, name: &str, settings: &RuleSettings) -> bool {
        match self {
            Names::Listed(names) => names.contains(&name),
            Names::Matching { prefix, test } => name.starts_with(prefix) && test(name),
            Names::Configured(setting) => configured(settings, *setting)
                .iter()
                .any(|known| known == name),
            Names::CalledWithContext | Names::DeclaredByCrate => false,
        }
    }
}

fn configured(settings: &RuleSettings, setting: Setting) -> &[String] {
    match setting {
        Setting::WritePolls => &settings.write_polls,
        Setting::IoWrites => &settings.io_writes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_poll(name: &str) -> bool {
        name != "poll_read"
    }

    const POLLS: Names = Names::Matching {
        prefix: "poll_",
        test: is_poll,
    };

    static DISCARDS: Interests = Interests {
        calls: &[
            Calls {
                names: POLLS,
                returns: Returns::Poll,
                judges: Shape::Poll,
                at: Position::ThrownAway,
            },
            Calls {
                names: Names::Listed(&["write", "flush"]),
                returns: Returns::Result,
                judges: Shape::Result,
                at: Position::ThrownAway,
            },
        ],
        macros: &["writeln"],
        bodies: &[],
        clippy_equivalents: &[],
    };

    static COUNTS: Interests = Interests {
        calls: &[
            Calls {
                names: Names::Listed(&["write"]),
                returns: Returns::Result,
                judges: Shape::Count,
                at: Position::ThrownAway,
            },
            Calls {
                names: Names::Listed(&["poll_write"]),
                returns: Returns::Poll,
                judges: Shape::Count,
                at: Position::ThrownAway,
            },
        ],
        macros: &[],
        bodies: &["poll_close"],
        clippy_equivalents: &["unused_io_amount"],
    };

    #[test]
    fn interests_merge_by_name() {
        let settings = RuleSettings {
            io_writes: vec!["send_all".to_string()],
            ..RuleSettings::default()
        };
        let table = InterestTable::new(&[("discards", DISCARDS), ("counts", COUNTS)], &settings);
        let write = table.call("write").unwrap();
        assert!(!write.returns_poll && write.thrown_away && write.after_question_mark);
        let flush = table.call("flush").unwrap();
        assert!(!flush.after_question_mark);
        let poll_write = table.call("poll_write").unwrap();
        assert!(poll_write.returns_poll && poll_write.thrown_away && poll_write.through_ready);
        assert!(table.call("poll_read").is_none());
        assert!(table.call("close").is_none());
        assert!(table.reads_macro("writeln"));
        assert!(table.name(b"poll_close").is_some_and(|wanted| wanted.body));
        // Looked up by bytes, a listed name and one given by a prefix alike.
        let write = table.name(b"write").unwrap();
        assert_eq!(write.call, table.call("write"));
        assert!(!write.body && !write.anywhere && write.macro_call.is_none());
        assert!(table.name(b"writeln").unwrap().macro_call.is_some());
        assert_eq!(
            table.name(b"poll_write").unwrap().call,
            table.call("poll_write")
        );
        assert_eq!(table.name(b"poll_read"), None);
        assert_eq!(table.name(b"writer"), None);
        assert_eq!(table.name(b"wr"), None);
        // No rule here reads the configured names.
        assert_eq!(table.name(b"send_all"), None);
        assert_eq!(table.clippy_equivalent("unused_io_amount"), Some("counts"));
        let needles: Vec<String> = table
            .needles()
            .into_iter()
            .map(|needle| String::from_utf8(needle).unwrap())
            .collect();
        assert_eq!(needles, ["flush", "poll_", "write"]);
        // Only the rules given take part.
        let alone = InterestTable::new(&[("counts", COUNTS)], &settings);
        assert!(alone.call("flush").is_none());
        let judging = table.rules_judging(
            "write",
            Shape::Count,
            Position::ThrownAway,
            crate::value::Via::Name,
        );
        assert_eq!(judging, [1]);
    }
}
