//! The crate model's cache on disk: for each crate, every file's
//! declarations with the size, modification time and content digest of the
//! file they were read from, so that a run on one file of a large crate
//! reads and lexes only the files that changed.
//!
//! One file per crate, named by a digest of the crate's root, written with
//! postcard under a temporary name and renamed into place. An entry is
//! trusted when the file's size and modification time are those recorded
//! and the file was not modified within `RACY` of the cache being
//! written (a change in the same clock tick would go unseen); otherwise the
//! file is read, and its digest decides. A cache file of another format or
//! pollcheck version, for another root, or that does not decode is ignored
//! and rewritten.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::items::{FileItems, HelperFacts};
use crate::config::Exclude;
use crate::discover::WalkRecord;

/// Bumped whenever what is stored changes shape.
const FORMAT: u32 = 5;

/// How close to the moment the cache was written a file's modification time
/// must not be for its size and time alone to be trusted.
const RACY: Duration = Duration::from_secs(2);

/// When a file was seen: its size, modification time and content digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    /// Its length in bytes.
    pub size: u64,
    /// Its modification time, in nanoseconds since the Unix epoch.
    pub modified: u128,
    /// A digest of its bytes ([`digest`]).
    pub digest: u64,
}

impl Stamp {
    /// The stamp of `bytes` read from a file with `metadata`.
    pub(crate) fn new(metadata: &std::fs::Metadata, bytes: &[u8]) -> Self {
        Stamp {
            size: bytes.len() as u64,
            modified: nanoseconds(metadata.modified().ok()),
            digest: digest(bytes),
        }
    }

    /// Whether `metadata` shows the same size and modification time.
    pub(crate) fn same_metadata(&self, metadata: &std::fs::Metadata) -> bool {
        self.size == metadata.len() && self.modified == nanoseconds(metadata.modified().ok())
    }
}

/// 64-bit FNV-1a of `bytes`, stable across Rust versions and platforms.
pub(crate) fn digest(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn nanoseconds(time: Option<SystemTime>) -> u128 {
    time.and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos())
}

/// What the cache holds for one crate.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Contents {
    format: u32,
    version: String,
    root: PathBuf,
    /// When it was written, in nanoseconds since the Unix epoch.
    written: u128,
    pub(crate) entries: Vec<Entry>,
    /// The helper facts of files read only for them.
    helpers: Vec<HelperEntry>,
    /// What the walk that found the crate's files depended on, when the
    /// files were found by walking the crate.
    walk: Option<WalkRecord>,
}

/// The helper facts of one file.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct HelperEntry {
    key: PathBuf,
    stamp: Stamp,
    facts: HelperFacts,
}

/// [`HelperEntry`] as written.
#[derive(Debug, Serialize)]
pub(crate) struct HelperEntryRef<'m> {
    pub(crate) key: &'m Path,
    pub(crate) stamp: Stamp,
    pub(crate) facts: &'m HelperFacts,
}

/// One file of the crate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// The file's path relative to the crate root.
    pub(crate) key: PathBuf,
    pub(crate) stamp: Stamp,
    pub(crate) items: FileItems,
}

/// [`Entry`] as written: borrowed from the model.
#[derive(Debug, Serialize)]
pub(crate) struct EntryRef<'m> {
    pub(crate) key: &'m Path,
    pub(crate) stamp: Stamp,
    pub(crate) items: &'m FileItems,
}

#[derive(Debug, Serialize)]
struct ContentsRef<'m> {
    format: u32,
    version: &'static str,
    root: &'m Path,
    written: u128,
    entries: Vec<EntryRef<'m>>,
    helpers: Vec<HelperEntryRef<'m>>,
    walk: Option<&'m WalkRecord>,
}

/// A crate's cached entries, by key, and whether a file's size and time
/// alone may be trusted.
#[derive(Debug, Default)]
pub(crate) struct Cached {
    pub(crate) entries: HashMap<PathBuf, (Stamp, Arc<FileItems>)>,
    pub(crate) helpers: HashMap<PathBuf, (Stamp, Arc<HelperFacts>)>,
    written: u128,
    pub(crate) walk: Option<WalkRecord>,
}

impl Cached {
    /// Whether `stamp` describes the file with `metadata` without reading
    /// it: same size and time, and modified well before the cache was
    /// written.
    pub(crate) fn trusts(&self, stamp: &Stamp, metadata: &std::fs::Metadata) -> bool {
        stamp.same_metadata(metadata) && stamp.modified + RACY.as_nanos() < self.written
    }

    /// The crate's files as the last walk found them (paths relative to the
    /// root), if that walk would find the same now.
    pub(crate) fn walked_files(&self, exclude: Option<&Exclude>) -> Option<Vec<PathBuf>> {
        let walk = self.walk.as_ref()?;
        walk.still_holds(exclude, self.written, RACY.as_nanos())
            .then(|| self.entries.keys().cloned().collect())
    }
}

/// Where the crate model's cache lives.
#[derive(Debug, Clone)]
pub struct ModelCache {
    directory: PathBuf,
}

impl ModelCache {
    /// A cache in `directory` (created when first written).
    pub fn new(directory: impl Into<PathBuf>) -> Self {
        ModelCache {
            directory: directory.into(),
        }
    }

    /// The directory.
    pub fn directory(&self) -> &Path {
        &self.directory
    }

    fn file_for(&self, root: &Path) -> PathBuf {
        let key = digest(root.as_os_str().as_encoded_bytes());
        self.directory.join(format!("model-{key:016x}.bin"))
    }

    /// The entries cached for the crate at `root`, if a usable cache file
    /// is there.
    pub(crate) fn read(&self, root: &Path) -> Option<Cached> {
        let bytes = std::fs::read(self.file_for(root)).ok()?;
        let contents: Contents = postcard::from_bytes(&bytes).ok()?;
        if contents.format != FORMAT
            || contents.version != env!("CARGO_PKG_VERSION")
            || contents.root != root
        {
            return None;
        }
        Some(Cached {
            written: contents.written,
            entries: contents
                .entries
                .into_iter()
                .map(|entry| (entry.key, (entry.stamp, Arc::new(entry.items))))
                .collect(),
            helpers: contents
                .helpers
                .into_iter()
                .map(|entry| (entry.key, (entry.stamp, Arc::new(entry.facts))))
                .collect(),
            walk: contents.walk,
        })
    }

    /// Replaces the crate's cache file with `entries`. A failure (a
    /// read-only cache directory, a full disk) leaves the cache as it was:
    /// it is only a cache.
    pub(crate) fn write(
        &self,
        root: &Path,
        entries: Vec<EntryRef<'_>>,
        helpers: Vec<HelperEntryRef<'_>>,
        walk: Option<&WalkRecord>,
    ) {
        let contents = ContentsRef {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION"),
            root,
            written: nanoseconds(Some(SystemTime::now())),
            entries,
            helpers,
            walk,
        };
        let Ok(bytes) = postcard::to_stdvec(&contents) else {
            return;
        };
        if std::fs::create_dir_all(&self.directory).is_err() {
            return;
        }
        let Ok(mut temporary) = tempfile::Builder::new()
            .prefix(".model-")
            .tempfile_in(&self.directory)
        else {
            return;
        };
        if std::io::Write::write_all(&mut temporary, &bytes).is_ok() {
            let _ = temporary.persist(self.file_for(root));
        }
    }
}
