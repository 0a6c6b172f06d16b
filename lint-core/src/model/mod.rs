//! The crate model: what a crate declares, for rules that need to know more
//! than the file in front of them (what a called helper returns, the type
//! of `self.io`, the bounds on `W`), and the index of `Poll`-returning
//! functions that conditional findings are settled against.
//!
//! Design, and what it costs:
//! - Each file's declarations come from a byte lexer ([`items`]), not from
//!   syn: functions with a summary of their signatures, types, `impl`
//!   blocks and `use`s, each with its byte range.
//! - Files are lexed lazily. A directory scan hands the model the files it
//!   lexed anyway (those that may declare a `Poll`-returning function, and
//!   those it walked); the rest are read and lexed only when a question
//!   needs the whole crate (in the benchmark corpus, 18 of 721 crates). A
//!   scan of named files or of standard input loads the whole crate of each
//!   (the files under the nearest `Cargo.toml`), from the cache on disk
//!   ([`cache`]) where the files did not change.
//! - The crate-wide indexes (functions, types and `impl`s by name) are built
//!   once, the first time a question needs them.
//! - What the lexer cannot tell (the type of a field, the bounds of an
//!   `impl`'s parameters, a trait's supertraits, what an alias or a `use`
//!   names) is parsed with syn from the item's text on first use, once,
//!   and kept as owned text ([`syntax`]).

pub mod cache;
pub mod items;
mod poll_index;
pub mod syntax;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::discover::WalkRecord;
pub use cache::ModelCache;
pub(crate) use cache::{Cached, Stamp};
use items::{
    FileItems, Function, HelperFacts, HelperFunction, Impl, Owner, SignatureSummary, TypeDecl,
    TypeKind,
};
pub use poll_index::{Condition, PollDeclaration, ReceiverQuery, ReturnedBy};
pub use syntax::{Bounded, Field, UseBinding, WrittenSignature};

/// One file of the crate, as the model knows it.
#[derive(Debug)]
struct ModelFile {
    /// Where to read it.
    path: PathBuf,
    /// Its path relative to the crate root (the cache's key), when known.
    key: Option<PathBuf>,
    /// Its text when it is not the file on disk (standard input).
    text: Option<Arc<str>>,
    /// Whether its text may call an IO method by name (known without
    /// lexing it).
    may_call_io: bool,
    loaded: OnceLock<Loaded>,
    /// Its helper facts, when asked for, and the stamp they were read with
    /// when it was read for them alone (none when taken from `loaded`).
    helper_facts: OnceLock<(Arc<HelperFacts>, Option<Stamp>)>,
}

#[derive(Debug, Clone)]
struct Loaded {
    items: Arc<FileItems>,
    /// When the file was read, if it was read from disk.
    stamp: Option<Stamp>,
}

/// A file to put in a model, with what is already known of it.
#[derive(Debug, Clone)]
pub(crate) struct FileSpec {
    /// Where to read it.
    pub(crate) path: PathBuf,
    /// Its path relative to the crate root, for the cache.
    pub(crate) key: Option<PathBuf>,
    /// Its text, when it is not the file on disk.
    pub(crate) text: Option<Arc<str>>,
    /// Its declarations, when already lexed.
    pub(crate) items: Option<Arc<FileItems>>,
    /// When it was read, with its declarations.
    pub(crate) stamp: Option<Stamp>,
    /// Whether its text may call an IO method by name: its declarations
    /// are read when the crate's IO helpers are asked for.
    pub(crate) may_call_io: bool,
}

impl FileSpec {
    /// A file on disk, nothing known of it yet.
    pub(crate) fn on_disk(path: PathBuf, key: Option<PathBuf>) -> Self {
        FileSpec {
            path,
            key,
            text: None,
            items: None,
            stamp: None,
            may_call_io: false,
        }
    }
}

/// A declaration in the model: an index of [`CrateModel::files`] and one of
/// the file's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct ItemRef {
    file: u32,
    index: u32,
}

#[derive(Debug, Default)]
struct Indexes {
    functions: NameIndex,
    types: NameIndex,
    impls_by_type: NameIndex,
}

/// Items by name: each item with a hash of its name, sorted, so that a crate
/// of a million functions is indexed without a million allocations. A
/// lookup checks the names of the items whose hash matches.
#[derive(Debug, Default)]
struct NameIndex {
    /// Sorted by hash, then by item (declaration order).
    entries: Vec<(u64, ItemRef)>,
}

impl NameIndex {
    fn hash(name: &str) -> u64 {
        // FNV-1a: names are short, and nothing here is adversarial enough
        // to need more than a check of the name on lookup.
        name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    fn push(&mut self, name: &str, item: ItemRef) {
        self.entries.push((Self::hash(name), item));
    }

    fn finish(&mut self) {
        self.entries.sort_unstable();
    }

    /// The items named `name`, in declaration order; `name_of` gives an
    /// item's name.
    fn get<'i>(
        &'i self,
        name: &'i str,
        name_of: impl Fn(ItemRef) -> &'i str + 'i,
    ) -> impl Iterator<Item = ItemRef> + 'i {
        let hash = Self::hash(name);
        let start = self.entries.partition_point(|(known, _)| *known < hash);
        self.entries[start..]
            .iter()
            .take_while(move |(known, _)| *known == hash)
            .map(|(_, item)| *item)
            .filter(move |item| name_of(*item) == name)
    }
}

/// What has been parsed with syn, by item.
#[derive(Debug, Default)]
struct Parsed {
    fields: HashMap<ItemRef, Option<Arc<[Field]>>>,
    impl_generics: HashMap<ItemRef, Option<Arc<[Bounded]>>>,
    supertraits: HashMap<ItemRef, Option<Arc<[String]>>>,
    aliases: HashMap<ItemRef, Option<Arc<str>>>,
    signatures: HashMap<ItemRef, Option<Arc<WrittenSignature>>>,
    uses: HashMap<u32, Arc<[UseBinding]>>,
}

/// Everything one crate (one package) declares.
#[derive(Debug)]
pub struct CrateModel {
    /// The directory of the crate's `Cargo.toml`, symbolic links resolved.
    root: Option<PathBuf>,
    files: Vec<ModelFile>,
    by_path: HashMap<PathBuf, u32>,
    cache: Option<ModelCache>,
    /// Whether the cache was read, and what it held.
    cached: OnceLock<cache::Cached>,
    /// What the walk that found the crate's files depended on, when they
    /// were found by walking the crate.
    walk: Option<WalkRecord>,
    indexes: OnceLock<Indexes>,
    parsed: Mutex<Parsed>,
    /// What rules keep about the crate ([`CrateModel::memo`]).
    memos: Mutex<HashMap<std::any::TypeId, Arc<dyn std::any::Any + Send + Sync>>>,
    /// [`CrateModel::helper_candidates`], once asked.
    helpers: OnceLock<Helpers>,
}

/// The crate's candidate IO helpers, and the functions of the files they
/// are looked for in, by name.
#[derive(Debug, Default)]
struct Helpers {
    names: HashSet<Box<str>>,
    declarations: HashMap<Box<str>, Vec<ItemRef>>,
}

/// How many calls deep a crate function may be from the IO call it passes
/// on and still count as an IO helper.
pub const HELPER_DEPTH: usize = 4;

/// A function or method the crate declares.
#[derive(Debug, Clone, Copy)]
pub struct FunctionRef<'m> {
    /// The file it is in.
    pub path: &'m Path,
    /// The declaration.
    pub function: &'m Function,
    /// The `impl` block it is in, if any.
    pub in_impl: Option<&'m Impl>,
    /// The trait it is declared in, if any.
    pub in_trait: Option<&'m TypeDecl>,
    reference: ItemRef,
}

/// A function of the crate that may be an IO helper.
#[derive(Debug, Clone, Copy)]
pub struct HelperRef<'m> {
    /// The file it is in.
    pub path: &'m Path,
    /// What is known of it.
    pub function: &'m HelperFunction,
    file: u32,
}

/// A type the crate declares (struct, enum, union, trait or alias).
#[derive(Debug, Clone, Copy)]
pub struct TypeRef<'m> {
    /// The file it is in.
    pub path: &'m Path,
    /// The declaration.
    pub declaration: &'m TypeDecl,
    reference: ItemRef,
}

/// An `impl` block of the crate.
#[derive(Debug, Clone, Copy)]
pub struct ImplRef<'m> {
    /// The file it is in.
    pub path: &'m Path,
    /// The block's header facts.
    pub block: &'m Impl,
    reference: ItemRef,
}

impl CrateModel {
    /// A model of the crate at `root` made of `files`, reading missing
    /// declarations from `cache` when it has them.
    pub(crate) fn new(
        root: Option<PathBuf>,
        files: Vec<FileSpec>,
        cache: Option<ModelCache>,
    ) -> Self {
        let mut by_path = HashMap::with_capacity(files.len());
        let files: Vec<ModelFile> = files
            .into_iter()
            .enumerate()
            .map(|(index, spec)| {
                by_path.insert(spec.path.clone(), index as u32);
                let loaded = OnceLock::new();
                if let Some(items) = spec.items {
                    let _ = loaded.set(Loaded {
                        items,
                        stamp: spec.stamp,
                    });
                }
                ModelFile {
                    path: spec.path,
                    key: spec.key,
                    text: spec.text,
                    may_call_io: spec.may_call_io,
                    loaded,
                    helper_facts: OnceLock::new(),
                }
            })
            .collect();
        CrateModel {
            root,
            files,
            by_path,
            cache,
            cached: OnceLock::new(),
            walk: None,
            indexes: OnceLock::new(),
            parsed: Mutex::new(Parsed::default()),
            memos: Mutex::new(HashMap::new()),
            helpers: OnceLock::new(),
        }
    }

    /// Uses `cached` as what the cache holds (already read), and `walk` as
    /// what the walk that found the crate's files depended on.
    pub(crate) fn with_cached(
        self,
        cached: Option<cache::Cached>,
        walk: Option<WalkRecord>,
    ) -> Self {
        if let Some(cached) = cached {
            let _ = self.cached.set(cached);
        }
        CrateModel { walk, ..self }
    }

    /// A model of one text, read as if from `path`, with no other file.
    pub(crate) fn of_text(path: &Path, text: &str) -> Self {
        let spec = FileSpec {
            path: path.to_path_buf(),
            key: None,
            text: Some(Arc::from(text)),
            items: None,
            stamp: None,
            may_call_io: false,
        };
        CrateModel::new(None, vec![spec], None)
    }

    /// A model with no files: every question gets the answer "unknown".
    pub(crate) fn empty() -> Self {
        CrateModel::new(None, Vec::new(), None)
    }

    /// The directory of the crate's manifest, if it has one.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// The crate's files.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|file| file.path.as_path())
    }

    /// The declarations of the file at `path`, if it is one of the crate's.
    pub fn items_of(&self, path: &Path) -> Option<&FileItems> {
        let index = *self.by_path.get(path)?;
        Some(&self.loaded(index).items)
    }

    /// The cached entries (read once).
    fn cached(&self) -> &cache::Cached {
        self.cached.get_or_init(|| {
            match (&self.cache, &self.root) {
                (Some(cache), Some(root)) => cache.read(root),
                _ => None,
            }
            .unwrap_or_default()
        })
    }

    /// The declarations of file `index`, lexed (or taken from the cache) on
    /// first use.
    fn loaded(&self, index: u32) -> &Loaded {
        let file = &self.files[index as usize];
        file.loaded.get_or_init(|| self.load(file))
    }

    fn load(&self, file: &ModelFile) -> Loaded {
        if let Some(text) = &file.text {
            return Loaded {
                items: Arc::new(items::file_items(text)),
                stamp: None,
            };
        }
        let cached = self.cached();
        let entry = file.key.as_ref().and_then(|key| cached.entries.get(key));
        let metadata = std::fs::metadata(&file.path).ok();
        if let (Some((stamp, items)), Some(metadata)) = (entry, &metadata) {
            if cached.trusts(stamp, metadata) {
                return Loaded {
                    items: items.clone(),
                    stamp: Some(*stamp),
                };
            }
        }
        let Ok(bytes) = std::fs::read(&file.path) else {
            return Loaded {
                items: Arc::new(FileItems::default()),
                stamp: None,
            };
        };
        let stamp = metadata
            .as_ref()
            .map(|metadata| Stamp::new(metadata, &bytes));
        if let (Some((cached_stamp, items)), Some(stamp)) = (entry, stamp) {
            if cached_stamp.digest == stamp.digest && cached_stamp.size == stamp.size {
                return Loaded {
                    items: items.clone(),
                    stamp: Some(stamp),
                };
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        Loaded {
            items: Arc::new(items::file_items(&text)),
            stamp,
        }
    }

    /// Loads every file not loaded yet, on the current rayon pool, and
    /// writes the cache when something was read that it did not hold.
    pub(crate) fn load_all(&self) {
        use rayon::prelude::*;
        (0..self.files.len() as u32)
            .into_par_iter()
            .for_each(|index| {
                self.loaded(index);
            });
        self.write_cache();
    }

    /// Writes the cache when it lacks or misdescribes a loaded file.
    fn write_cache(&self) {
        let (Some(cache), Some(root)) = (&self.cache, &self.root) else {
            return;
        };
        let cached = self.cached();
        let described = |file: &ModelFile| {
            let (Some(key), Some(loaded)) = (&file.key, file.loaded.get()) else {
                return false;
            };
            cached
                .entries
                .get(key)
                .is_some_and(|(stamp, _)| Some(*stamp) == loaded.stamp)
        };
        // Unchanged: every loaded file is described as it was loaded, and
        // every entry is of a file of the crate (a file not loaded keeps
        // its entry).
        let facts_described = |file: &ModelFile| {
            let (Some(key), Some((_, stamp))) = (&file.key, file.helper_facts.get()) else {
                return true;
            };
            stamp.is_none()
                || cached
                    .helpers
                    .get(key)
                    .is_some_and(|(cached_stamp, _)| Some(*cached_stamp) == *stamp)
        };
        let keys: HashSet<&PathBuf> = self
            .files
            .iter()
            .filter_map(|file| file.key.as_ref())
            .collect();
        let unchanged = self
            .files
            .iter()
            .filter(|file| file.loaded.get().is_some())
            .all(described)
            && self.files.iter().all(facts_described)
            && cached.entries.keys().all(|key| keys.contains(key))
            && cached.helpers.keys().all(|key| keys.contains(key))
            && (self.walk.is_none() || self.walk == cached.walk);
        if unchanged {
            return;
        }
        let entries = self
            .files
            .iter()
            .filter_map(|file| {
                let loaded = file.loaded.get()?;
                Some(cache::EntryRef {
                    key: file.key.as_deref()?,
                    stamp: loaded.stamp?,
                    items: &loaded.items,
                })
            })
            .collect();
        // Files read for their helper facts alone (not loaded whole).
        let helpers = self
            .files
            .iter()
            .filter(|file| file.loaded.get().is_none())
            .filter_map(|file| {
                let (facts, stamp) = file.helper_facts.get()?;
                Some(cache::HelperEntryRef {
                    key: file.key.as_deref()?,
                    stamp: (*stamp)?,
                    facts,
                })
            })
            .collect();
        cache.write(root, entries, helpers, self.walk.as_ref());
    }

    /// The crate-wide indexes, built (loading every file) on first use.
    fn indexes(&self) -> &Indexes {
        self.indexes.get_or_init(|| {
            let all_loaded = self.files.iter().all(|file| file.loaded.get().is_some());
            if !all_loaded {
                for index in 0..self.files.len() as u32 {
                    self.loaded(index);
                }
                self.write_cache();
            }
            let mut indexes = Indexes::default();
            for (file, model_file) in self.files.iter().enumerate() {
                let Some(loaded) = model_file.loaded.get() else {
                    continue;
                };
                let items = &loaded.items;
                let at = |index: usize| ItemRef {
                    file: file as u32,
                    index: index as u32,
                };
                for (index, function) in items.functions.iter().enumerate() {
                    indexes.functions.push(&function.name, at(index));
                }
                for (index, declaration) in items.types.iter().enumerate() {
                    indexes.types.push(&declaration.name, at(index));
                }
                for (index, block) in items.impls.iter().enumerate() {
                    if let Some(name) = &block.self_name {
                        indexes.impls_by_type.push(name, at(index));
                    }
                }
            }
            indexes.functions.finish();
            indexes.types.finish();
            indexes.impls_by_type.finish();
            indexes
        })
    }

    fn function_name(&self, reference: ItemRef) -> &str {
        &self.loaded(reference.file).items.functions[reference.index as usize].name
    }

    fn function_ref(&self, reference: ItemRef) -> FunctionRef<'_> {
        let file = &self.files[reference.file as usize];
        let items = &self.loaded(reference.file).items;
        let function = &items.functions[reference.index as usize];
        let (in_impl, in_trait) = match function.owner {
            Owner::Free => (None, None),
            Owner::Impl(index) => (items.impls.get(index as usize), None),
            Owner::Trait(index) => (None, items.types.get(index as usize)),
        };
        FunctionRef {
            path: &file.path,
            function,
            in_impl,
            in_trait,
            reference,
        }
    }

    /// Every function and method of the crate named `name`.
    pub fn functions(&self, name: &str) -> Vec<FunctionRef<'_>> {
        self.indexes()
            .functions
            .get(name, |at| self.function_name(at))
            .map(|at| self.function_ref(at))
            .collect()
    }

    /// The functions named `name` that are not methods (declared outside
    /// `impl` and trait blocks), with the module path of each.
    pub fn free_functions(&self, name: &str) -> Vec<(FunctionRef<'_>, Vec<String>)> {
        self.functions(name)
            .into_iter()
            .filter(|found| found.function.owner == Owner::Free)
            .map(|found| {
                let module = self.module_path(found.reference.file, found.function.module);
                (found, module)
            })
            .collect()
    }

    /// The methods named `method` declared in `impl` blocks of the type
    /// named `type_name` (inherent and trait `impl`s), or in the trait named
    /// `type_name`.
    pub fn methods(&self, type_name: &str, method: &str) -> Vec<FunctionRef<'_>> {
        self.functions(method)
            .into_iter()
            .filter(|found| {
                found
                    .in_impl
                    .is_some_and(|block| block.self_name.as_deref() == Some(type_name))
                    || found
                        .in_trait
                        .is_some_and(|declaration| &*declaration.name == type_name)
            })
            .collect()
    }

    /// Whether `name` is declared both with and without `test` holding for
    /// its signature (an IO-like `write` and another `write`, say).
    pub fn declared_both_ways(&self, name: &str, test: impl Fn(&SignatureSummary) -> bool) -> bool {
        let found = self.functions(name);
        found.iter().any(|one| test(&one.function.summary))
            && found.iter().any(|one| !test(&one.function.summary))
    }

    /// What the crate declares under `name`, for a call with `arguments`
    /// arguments (a method call's receiver not counted).
    pub fn poll_declaration(
        &self,
        name: &str,
        arguments: usize,
        method_call: bool,
    ) -> PollDeclaration {
        let found = self.functions(name);
        PollDeclaration::of(
            found.iter().map(|one| &one.function.summary),
            arguments,
            method_call,
        )
    }

    /// Whether a finding with `condition` stands.
    pub fn satisfies(&self, condition: &Condition) -> bool {
        match condition {
            Condition::ReturnsPoll {
                name,
                arguments,
                method_call,
                by_name,
            } => self
                .poll_declaration(name, *arguments, *method_call)
                .confirms(*by_name),
            // Settled by the rule that made the finding.
            Condition::Receiver(_) | Condition::Effect { .. } => true,
        }
    }

    /// How many functions the files loaded so far declare.
    pub(crate) fn functions_loaded(&self) -> usize {
        self.files
            .iter()
            .filter_map(|file| file.loaded.get())
            .map(|loaded| loaded.items.functions.len())
            .sum()
    }

    /// The names of the `Poll`-returning functions declared in the files
    /// loaded so far, other than `poll…` names. A scan loads, before asking,
    /// every file whose text may declare one.
    pub(crate) fn loaded_poll_function_names(&self) -> HashSet<String> {
        let mut names = HashSet::new();
        for file in &self.files {
            let Some(loaded) = file.loaded.get() else {
                continue;
            };
            for function in &loaded.items.functions {
                if function.summary.returns.is_poll() && !function.name.starts_with("poll") {
                    names.insert(function.name.to_string());
                }
            }
        }
        names
    }

    /// The names of the crate's functions that may be IO helpers, from
    /// what the lexer recorded of their bodies: a function returning a
    /// `Result` or a `Poll` that holds no other value (`io::Result<()>`,
    /// `Poll<io::Result<()>>`) and calls an IO write, flush or shutdown by
    /// name ([`items::IO_EFFECT_NAMES`]), or calls such a function, to a
    /// fixed point (at most [`HELPER_DEPTH`] calls deep). Only files whose
    /// text may call such an IO method (`write`, `flush`, … anywhere in it)
    /// are looked at: a scan lexes all of them in its first pass, so the
    /// answer does not depend on what else was loaded. The rules confirm a
    /// candidate by reading its body.
    pub fn helper_candidates(&self) -> &HashSet<Box<str>> {
        &self.helpers().names
    }

    /// The functions named `name` declared in the files
    /// [`CrateModel::helper_candidates`] looks at (all of them, IO helpers
    /// or not, to tell a call declared both ways).
    pub fn helper_declarations(&self, name: &str) -> Vec<HelperRef<'_>> {
        self.helpers()
            .declarations
            .get(name)
            .map(|found| {
                found
                    .iter()
                    .map(|&at| HelperRef {
                        path: &self.files[at.file as usize].path,
                        function: &self.helper_facts_of(at.file).functions[at.index as usize],
                        file: at.file,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn helpers(&self) -> &Helpers {
        self.helpers.get_or_init(|| {
            use rayon::prelude::*;
            let io_files: Vec<u32> = (0..self.files.len() as u32)
                .filter(|&index| {
                    let file = &self.files[index as usize];
                    file.may_call_io
                        || file
                            .loaded
                            .get()
                            .is_some_and(|loaded| loaded.items.may_call_io)
                })
                .collect();
            // Every one is read (not `any`, which would stop at the first).
            let read_some = io_files
                .par_iter()
                .map(|&index| {
                    let file = &self.files[index as usize];
                    let fresh = file.helper_facts.get().is_none() && file.loaded.get().is_none();
                    self.helper_facts_of(index);
                    fresh
                })
                .reduce(|| false, |a, b| a || b);
            if read_some {
                self.write_cache();
            }
            let mut declarations: HashMap<Box<str>, Vec<ItemRef>> = HashMap::new();
            for &file in &io_files {
                for (index, function) in self.helper_facts_of(file).functions.iter().enumerate() {
                    declarations
                        .entry(function.name.clone())
                        .or_default()
                        .push(ItemRef {
                            file,
                            index: index as u32,
                        });
                }
            }
            let functions: Vec<&HelperFunction> = io_files
                .iter()
                .flat_map(|&file| self.helper_facts_of(file).functions.iter())
                .collect();
            let mut names: HashSet<Box<str>> = functions
                .iter()
                .filter(|function| function.io_call)
                .map(|function| function.name.clone())
                .collect();
            let mut hashes: HashSet<u64> = names
                .iter()
                .map(|name| items::name_hash(name.as_bytes()))
                .collect();
            for _ in 1..HELPER_DEPTH {
                let before = names.len();
                for function in &functions {
                    if !names.contains(&function.name)
                        && function
                            .callees
                            .iter()
                            .any(|callee| hashes.contains(callee))
                    {
                        hashes.insert(items::name_hash(function.name.as_bytes()));
                        names.insert(function.name.clone());
                    }
                }
                if names.len() == before {
                    break;
                }
            }
            Helpers {
                names,
                declarations,
            }
        })
    }

    /// The helper facts of file `index`: from its declarations when they
    /// are loaded, else from the cache, else read and lexed (the rest of
    /// what the lexer found is not kept).
    fn helper_facts_of(&self, index: u32) -> &HelperFacts {
        let file = &self.files[index as usize];
        &file
            .helper_facts
            .get_or_init(|| {
                if let Some(loaded) = file.loaded.get() {
                    return (Arc::new(loaded.items.helper_facts()), None);
                }
                if file.text.is_some() {
                    return (Arc::new(self.loaded(index).items.helper_facts()), None);
                }
                let cached = self.cached();
                let key = file.key.as_ref();
                let full = key.and_then(|key| cached.entries.get(key));
                let facts = key.and_then(|key| cached.helpers.get(key));
                let metadata = std::fs::metadata(&file.path).ok();
                if let Some(metadata) = &metadata {
                    if let Some((stamp, items)) =
                        full.filter(|(stamp, _)| cached.trusts(stamp, metadata))
                    {
                        let _ = stamp;
                        return (Arc::new(items.helper_facts()), None);
                    }
                    if let Some((stamp, facts)) =
                        facts.filter(|(stamp, _)| cached.trusts(stamp, metadata))
                    {
                        return (Arc::clone(facts), Some(*stamp));
                    }
                }
                let Ok(bytes) = std::fs::read(&file.path) else {
                    return (Arc::new(HelperFacts::default()), None);
                };
                let stamp = metadata
                    .as_ref()
                    .map(|metadata| Stamp::new(metadata, &bytes));
                if let (Some((cached_stamp, facts)), Some(stamp)) = (facts, stamp) {
                    if cached_stamp.digest == stamp.digest && cached_stamp.size == stamp.size {
                        return (Arc::clone(facts), Some(stamp));
                    }
                }
                let text = String::from_utf8_lossy(&bytes);
                let items = items::file_items(&text);
                let facts = if items.may_call_io {
                    items.helper_facts()
                } else {
                    HelperFacts::default()
                };
                (Arc::new(facts), stamp)
            })
            .0
    }

    /// The text of the helper `function`, from `fn` to the end of its body.
    pub fn helper_text(&self, function: HelperRef<'_>) -> Option<String> {
        let declared = function.function;
        self.fn_text(function.file, &declared.signature, declared.body.as_ref())
    }

    /// The line (1-based) the helper `function`'s `fn` is on.
    pub fn helper_line(&self, function: HelperRef<'_>) -> Option<usize> {
        self.line_at(function.file, function.function.signature.start)
    }

    /// The text of a function in file `file`, from the start of its
    /// `signature` to the end of its `body` (of the signature when it has
    /// none).
    fn fn_text(
        &self,
        file: u32,
        signature: &items::Span,
        body: Option<&items::Span>,
    ) -> Option<String> {
        let end = body.map_or(signature.end, |body| body.end);
        self.text_of(file, &(signature.start..end))
    }

    /// The line (1-based) of byte `offset` of file `file`.
    fn line_at(&self, file: u32, offset: u32) -> Option<usize> {
        let before = self.text_of(file, &(0..offset))?;
        Some(before.bytes().filter(|&byte| byte == b'\n').count() + 1)
    }

    /// The types of the crate named `name`.
    pub fn types(&self, name: &str) -> Vec<TypeRef<'_>> {
        self.indexes()
            .types
            .get(name, |at| {
                &self.loaded(at.file).items.types[at.index as usize].name
            })
            .map(|reference| TypeRef {
                path: &self.files[reference.file as usize].path,
                declaration: &self.loaded(reference.file).items.types[reference.index as usize],
                reference,
            })
            .collect()
    }

    /// The `impl` blocks of the type named `type_name`.
    pub fn impls_of(&self, type_name: &str) -> Vec<ImplRef<'_>> {
        self.indexes()
            .impls_by_type
            .get(type_name, |at| {
                self.loaded(at.file).items.impls[at.index as usize]
                    .self_name
                    .as_deref()
                    .unwrap_or_default()
            })
            .map(|reference| ImplRef {
                path: &self.files[reference.file as usize].path,
                block: &self.loaded(reference.file).items.impls[reference.index as usize],
                reference,
            })
            .collect()
    }

    /// The source text of `span` in file `file`: the given text, or the file
    /// read again.
    fn text_of(&self, file: u32, span: &items::Span) -> Option<String> {
        let model_file = &self.files[file as usize];
        let range = span.start as usize..span.end as usize;
        match &model_file.text {
            Some(text) => text.get(range).map(str::to_string),
            None => {
                let text = std::fs::read_to_string(&model_file.path).ok()?;
                text.get(range).map(str::to_string)
            }
        }
    }

    fn parsed(&self) -> std::sync::MutexGuard<'_, Parsed> {
        self.parsed.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The fields of the struct `declaration` (parsed on first use).
    pub fn fields(&self, declaration: TypeRef<'_>) -> Option<Arc<[Field]>> {
        if declaration.declaration.kind != TypeKind::Struct {
            return None;
        }
        let reference = declaration.reference;
        if let Some(known) = self.parsed().fields.get(&reference) {
            return known.clone();
        }
        let fields = self
            .text_of(reference.file, &declaration.declaration.range)
            .and_then(|text| syntax::struct_fields(&text))
            .map(Arc::from);
        self.parsed().fields.insert(reference, fields.clone());
        fields
    }

    /// The type of field `field` of the struct named `type_name`, when the
    /// crate declares one such struct with that field, or several that agree.
    pub fn field_type(&self, type_name: &str, field: &str) -> Option<String> {
        let mut found: Option<String> = None;
        for declaration in self.types(type_name) {
            let Some(fields) = self.fields(declaration) else {
                continue;
            };
            let Some(one) = fields.iter().find(|one| one.name == field) else {
                continue;
            };
            match &found {
                Some(known) if *known != one.ty => return None,
                _ => found = Some(one.ty.clone()),
            }
        }
        found
    }

    /// The generic parameters of an `impl` block, with their bounds (parsed
    /// on first use).
    pub fn impl_generics(&self, block: ImplRef<'_>) -> Option<Arc<[Bounded]>> {
        let reference = block.reference;
        if let Some(known) = self.parsed().impl_generics.get(&reference) {
            return known.clone();
        }
        let generics = self
            .text_of(reference.file, &block.block.header)
            .and_then(|text| syntax::impl_generics(&text))
            .map(Arc::from);
        self.parsed()
            .impl_generics
            .insert(reference, generics.clone());
        generics
    }

    /// The supertraits of the traits named `trait_name`.
    pub fn supertraits(&self, trait_name: &str) -> Vec<String> {
        let mut all = Vec::new();
        for declaration in self.types(trait_name) {
            if declaration.declaration.kind != TypeKind::Trait {
                continue;
            }
            let reference = declaration.reference;
            let known = self.parsed().supertraits.get(&reference).cloned();
            let found = match known {
                Some(known) => known,
                None => {
                    let parsed = self
                        .text_of(reference.file, &declaration.declaration.range)
                        .and_then(|text| syntax::supertraits(&text))
                        .map(Arc::from);
                    self.parsed().supertraits.insert(reference, parsed.clone());
                    parsed
                }
            };
            all.extend(found.iter().flat_map(|bounds| bounds.iter().cloned()));
        }
        all
    }

    /// What the type alias named `name` stands for, when the crate declares
    /// exactly one (associated types of `impl`s and traits left out).
    pub fn type_alias(&self, name: &str) -> Option<String> {
        let aliases: Vec<TypeRef<'_>> = self
            .types(name)
            .into_iter()
            .filter(|found| {
                found.declaration.kind == TypeKind::Alias && found.declaration.owner == Owner::Free
            })
            .collect();
        let [alias] = aliases.as_slice() else {
            return None;
        };
        let reference = alias.reference;
        if let Some(known) = self.parsed().aliases.get(&reference) {
            return known.as_deref().map(str::to_string);
        }
        let target = self
            .text_of(reference.file, &alias.declaration.range)
            .and_then(|text| syntax::alias_target(&text));
        self.parsed()
            .aliases
            .insert(reference, target.as_deref().map(Arc::from));
        target
    }

    /// The parameters and return type of `function`, as written (parsed on
    /// first use).
    pub fn signature(&self, function: FunctionRef<'_>) -> Option<Arc<WrittenSignature>> {
        let reference = function.reference;
        if let Some(known) = self.parsed().signatures.get(&reference) {
            return known.clone();
        }
        let signature = self
            .text_of(reference.file, &function.function.signature)
            .and_then(|text| syntax::signature(&text))
            .map(Arc::new);
        self.parsed()
            .signatures
            .insert(reference, signature.clone());
        signature
    }

    /// The text of `function`, from `fn` (its qualifiers and attributes
    /// left out) to the end of its body.
    pub fn function_text(&self, function: FunctionRef<'_>) -> Option<String> {
        let declared = function.function;
        self.fn_text(
            function.reference.file,
            &declared.signature,
            declared.body.as_ref(),
        )
    }

    /// The text of a type declaration (a trait's header only).
    pub fn declaration_text(&self, declaration: TypeRef<'_>) -> Option<String> {
        self.text_of(declaration.reference.file, &declaration.declaration.range)
    }

    /// The line (1-based) `function`'s `fn` is on.
    pub fn line_of(&self, function: FunctionRef<'_>) -> Option<usize> {
        self.line_at(function.reference.file, function.function.signature.start)
    }

    /// The path of `function`'s file, relative to the crate's root when it
    /// is inside it.
    pub fn display_path<'p>(&self, path: &'p Path) -> &'p Path {
        self.root
            .as_deref()
            .and_then(|root| path.strip_prefix(root).ok())
            .unwrap_or(path)
    }

    /// What a rule keeps about this crate between questions (built on
    /// first use, one value per type).
    pub fn memo<T: std::any::Any + Send + Sync + Default>(&self) -> Arc<T> {
        let mut memos = self.memos.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = memos
            .entry(std::any::TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()));
        Arc::clone(entry)
            .downcast::<T>()
            .expect("memos are keyed by their type")
    }

    /// What the `use` declarations of the file at `path` bring into scope
    /// (outside macro invocations; parsed on first use).
    pub fn uses(&self, path: &Path) -> Arc<[UseBinding]> {
        let Some(&file) = self.by_path.get(path) else {
            return Arc::from(Vec::new());
        };
        if let Some(known) = self.parsed().uses.get(&file) {
            return known.clone();
        }
        let items = &self.loaded(file).items;
        let text = match &self.files[file as usize].text {
            Some(text) => Some(text.to_string()),
            None => std::fs::read_to_string(&self.files[file as usize].path).ok(),
        };
        let bindings: Arc<[UseBinding]> = match text {
            Some(text) => items
                .uses
                .iter()
                .filter_map(|one| text.get(one.range.start as usize..one.range.end as usize))
                .flat_map(syntax::use_bindings)
                .collect(),
            None => Arc::from(Vec::new()),
        };
        self.parsed().uses.insert(file, bindings.clone());
        bindings
    }

    /// The module path of inline module `module` of file `file`: the file's
    /// own path under `src/` (`src/a/b.rs` and `src/a/b/mod.rs` are `a::b`;
    /// `lib.rs` and `main.rs` are the crate), then the inline modules.
    fn module_path(&self, file: u32, module: u32) -> Vec<String> {
        let model_file = &self.files[file as usize];
        let mut path: Vec<String> = Vec::new();
        if let Some(key) = &model_file.key {
            let parts: Vec<String> = key
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            let under_src = match parts.first().map(String::as_str) {
                Some("src") => &parts[1..],
                _ => &parts[..],
            };
            for (at, part) in under_src.iter().enumerate() {
                let last = at + 1 == under_src.len();
                let name = part.strip_suffix(".rs").unwrap_or(part);
                if last && matches!(name, "mod" | "lib" | "main") {
                    continue;
                }
                path.push(name.to_string());
            }
        }
        let items = &self.loaded(file).items;
        let mut inline = Vec::new();
        let mut at = module;
        while at != 0 {
            let Some(one) = items.modules.get(at as usize) else {
                break;
            };
            inline.push(one.name.to_string());
            at = one.parent;
        }
        path.extend(inline.into_iter().rev());
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(files: &[(&str, &str)]) -> CrateModel {
        let specs = files
            .iter()
            .map(|(path, text)| FileSpec {
                path: PathBuf::from(path),
                key: Some(PathBuf::from(path)),
                text: Some(Arc::from(*text)),
                items: None,
                stamp: None,
                may_call_io: false,
            })
            .collect();
        CrateModel::new(None, specs, None)
    }

    #[test]
    fn questions_are_answered_across_files() {
        let model = model(&[
            (
                "src/lib.rs",
                "mod conn;\npub struct Conn<W> { io: W, buf: Vec<u8> }\n\
                 pub type Io = tokio::net::TcpStream;\n\
                 impl<W: AsyncWrite + Unpin> Conn<W> where W: Send {\n\
                     fn write_out(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> { todo!() }\n\
                 }\n\
                 pub trait Encode: Write + Send { fn encode(&self) -> usize; }\n",
            ),
            (
                "src/conn.rs",
                "use std::io::{self, Write as _};\nuse crate::Conn;\n\
                 impl<W> Conn<W> { fn write_out(&mut self) {} }\n\
                 mod inner { pub fn helper(a: u8) -> Poll<()> { todo!() } }\n",
            ),
        ]);
        assert_eq!(model.field_type("Conn", "io").as_deref(), Some("W"));
        assert_eq!(model.field_type("Conn", "missing"), None);
        assert_eq!(
            model.type_alias("Io").as_deref(),
            Some("tokio :: net :: TcpStream")
        );
        assert_eq!(model.supertraits("Encode"), ["Write", "Send"]);
        let methods = model.methods("Conn", "write_out");
        assert_eq!(methods.len(), 2);
        assert!(methods[0].function.summary.returns.is_poll());
        assert_eq!(model.methods("Encode", "encode").len(), 1);
        let impls = model.impls_of("Conn");
        let generics = model.impl_generics(impls[0]).unwrap();
        assert_eq!(generics[0].bounds, ["AsyncWrite", "Unpin", "Send"]);
        let signature = model.signature(methods[0]).unwrap();
        assert_eq!(signature.parameters[1].0, "cx");
        assert_eq!(signature.output, "Poll < io :: Result < () > >");
        let free = model.free_functions("helper");
        assert_eq!(free[0].1, ["conn", "inner"]);
        assert!(model.declared_both_ways("write_out", |signature| signature.returns.is_poll()));
        assert_eq!(
            model.poll_declaration("write_out", 1, true),
            PollDeclaration::Poll
        );
        assert_eq!(
            model.poll_declaration("write_out", 0, true),
            PollDeclaration::NotPoll
        );
        let uses = model.uses(Path::new("src/conn.rs"));
        assert_eq!(uses.len(), 3);
        assert_eq!(uses[1].name, "_");
        let names = model.loaded_poll_function_names();
        assert!(names.contains("write_out") && names.contains("helper"));
    }
}
