//! A file scanned alone (named, in a directory inside its crate, or read
//! from standard input) gets exactly the findings a scan of its whole crate
//! reports for it: the crate model reads the crate's other files, from the
//! cache when they did not change. The cache is checked cold, warm, stale
//! (a file changed since it was written) and corrupt.

mod common;
use common::{project, stderr, stdout};

use std::fs;
use std::path::Path;
use std::process::{Output, Stdio};

/// `write_out` returns `Poll` (and drives a flush) only according to
/// `lib.rs`: `user.rs` throws one away, which only the crate model can tell.
const LIB: &str = "\
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

mod user;

pub trait AsyncWrite {
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub struct Conn {
    buf: Vec<u8>,
    io: Box<dyn AsyncWrite + Unpin>,
}

impl Conn {
    pub fn write_out(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.io).poll_flush(cx)
    }
}
";

const USER: &str = "\
use std::io;
use std::task::{Context, Poll};

use crate::Conn;

impl Conn {
    pub fn poll_send(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = self.write_out(cx)?;
        Poll::Ready(Ok(()))
    }
}
";

/// The finding in `user.rs`: the call of `write_out`.
const EXPECTED: &str = "8:22: discarded_poll";

/// Same length as [`LIB`], but `write_out` no longer returns `Poll`.
fn lib_without_poll() -> String {
    let changed = LIB.replace(
        "cx: &mut Context<'_>) -> Poll<io::Result<()>> {\n        Pin",
        "cx: &mut Context<'_>) -> io::Result<()>       {\n        Pin",
    );
    assert_ne!(changed, LIB);
    assert_eq!(changed.len(), LIB.len());
    changed
}

fn crate_dir() -> tempfile::TempDir {
    project(&[
        (
            "Cargo.toml",
            "[package]\nname = \"conn\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", LIB),
        ("src/user.rs", USER),
    ])
}

/// Runs pollcheck in `dir` with its model cache in `cache`.
fn run(dir: &Path, cache: &Path, args: &[&str], input: Option<&str>) -> Output {
    let mut command = common::pollcheck_command();
    command
        .args(["--format", "short", "--color", "never", "--cache-dir"])
        .arg(cache)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("run pollcheck");
    if let Some(input) = input {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("pollcheck finishes")
}

/// The findings in `src/user.rs`, as `line:column: rule`, from short output.
fn findings(output: &Output) -> Vec<String> {
    assert!(
        output.status.code().is_some_and(|code| code < 2),
        "pollcheck failed: {}",
        stderr(output)
    );
    stdout(output)
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("src/user.rs:")?;
            let (position, message) = rest.split_once(": ")?;
            let rule = message.split(['[', ']']).nth(1)?;
            Some(format!("{position}: {rule}"))
        })
        .collect()
}

fn model_cache_files(cache: &Path) -> Vec<std::path::PathBuf> {
    fs::read_dir(cache.join("model"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "bin"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_named_file_gets_the_findings_of_its_whole_crate() {
    let dir = crate_dir();
    let cache = tempfile::tempdir().unwrap();
    let whole = findings(&run(dir.path(), cache.path(), &["."], None));
    assert_eq!(whole, [EXPECTED]);
    // Cold: nothing cached yet.
    let fresh = tempfile::tempdir().unwrap();
    let cold = findings(&run(dir.path(), fresh.path(), &["src/user.rs"], None));
    assert_eq!(cold, whole);
    assert_eq!(
        model_cache_files(fresh.path()).len(),
        1,
        "the model is cached"
    );
    // Warm.
    let warm = findings(&run(dir.path(), fresh.path(), &["src/user.rs"], None));
    assert_eq!(warm, whole);
    // A directory inside the crate is only part of it, too.
    let part = findings(&run(dir.path(), fresh.path(), &["src"], None));
    assert_eq!(part, whole);
    // Without the cache.
    let uncached = findings(&run(
        dir.path(),
        fresh.path(),
        &["--no-cache", "src/user.rs"],
        None,
    ));
    assert_eq!(uncached, whole);
}

#[test]
fn standard_input_is_read_in_its_crate() {
    let dir = crate_dir();
    let cache = tempfile::tempdir().unwrap();
    let output = run(
        dir.path(),
        cache.path(),
        &["--stdin-filename", "src/user.rs"],
        Some(USER),
    );
    assert_eq!(findings(&output), [EXPECTED]);
    // The text read stands for the file: here it no longer throws anything
    // away.
    let fixed = USER.replace(
        "let _ = self.write_out(cx)?;",
        "ready!(self.write_out(cx))?;",
    );
    let output = run(
        dir.path(),
        cache.path(),
        &["--stdin-filename", "src/user.rs"],
        Some(&fixed),
    );
    assert!(findings(&output).is_empty(), "{}", stdout(&output));
}

#[test]
fn a_changed_file_is_read_again_even_in_the_same_clock_tick() {
    let dir = crate_dir();
    let cache = tempfile::tempdir().unwrap();
    let before = findings(&run(dir.path(), cache.path(), &["src/user.rs"], None));
    assert_eq!(before, [EXPECTED]);
    // Same size, same modification time: only the content differs, and the
    // file was written close to the cache, so its digest is checked.
    let lib = dir.path().join("src/lib.rs");
    let modified = fs::metadata(&lib).unwrap().modified().unwrap();
    fs::write(&lib, lib_without_poll()).unwrap();
    fs::File::options()
        .write(true)
        .open(&lib)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let after = findings(&run(dir.path(), cache.path(), &["src/user.rs"], None));
    assert!(
        after.is_empty(),
        "stale declarations were trusted: {after:?}"
    );
    // And the same when the time moves on, as it usually does.
    fs::write(&lib, LIB).unwrap();
    let again = findings(&run(dir.path(), cache.path(), &["src/user.rs"], None));
    assert_eq!(again, before);
}

#[test]
fn a_corrupt_cache_is_ignored_and_rewritten() {
    let dir = crate_dir();
    let cache = tempfile::tempdir().unwrap();
    let expected = findings(&run(dir.path(), cache.path(), &["src/user.rs"], None));
    let files = model_cache_files(cache.path());
    assert_eq!(files.len(), 1);
    let good = fs::read(&files[0]).unwrap();
    for broken in [
        b"not a cache at all".to_vec(),
        good[..good.len() / 2].to_vec(),
        Vec::new(),
    ] {
        fs::write(&files[0], &broken).unwrap();
        let found = findings(&run(dir.path(), cache.path(), &["src/user.rs"], None));
        assert_eq!(found, expected);
        let rewritten = fs::read(&files[0]).unwrap();
        assert_ne!(rewritten, broken, "the broken cache was rewritten");
        assert!(!rewritten.is_empty());
    }
}

#[test]
fn another_crate_does_not_lend_its_declarations() {
    // The same user code in a crate of its own, without `write_out`:
    // nothing says it returns `Poll`.
    let dir = project(&[
        (
            "Cargo.toml",
            "[package]\nname = \"other\"\nversion = \"0.1.0\"\n",
        ),
        ("src/lib.rs", "mod user;\npub struct Conn;\n"),
        ("src/user.rs", USER),
        (
            "conn/Cargo.toml",
            "[package]\nname = \"conn\"\nversion = \"0.1.0\"\n",
        ),
        ("conn/src/lib.rs", LIB),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let named = findings(&run(dir.path(), cache.path(), &["src/user.rs"], None));
    let whole = findings(&run(dir.path(), cache.path(), &["."], None));
    assert!(named.is_empty() && whole.is_empty(), "{named:?} {whole:?}");
}

/// Sets the modification time of `path` (a file or a directory) an hour
/// back, so that the cache trusts it without reading it.
fn age(path: &Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::open(path).unwrap().set_modified(past).unwrap();
}

fn age_crate(dir: &Path) {
    for name in [
        "src/lib.rs",
        "src/user.rs",
        ".gitignore",
        "Cargo.toml",
        "src",
        ".",
    ] {
        let path = dir.join(name);
        if path.exists() {
            age(&path);
        }
    }
}

/// `extra.rs` declares what `user.rs` calls: the finding depends on the
/// crate's files being found again when they change.
const EXTRA: &str = "\
use std::io;
use std::task::{Context, Poll};

impl crate::Conn {
    pub fn flush_later(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.write_out(cx)
    }
}
";

#[test]
fn the_files_of_the_crate_are_found_again_when_they_change() {
    let user = USER.replace("self.write_out(cx)", "self.flush_later(cx)");
    let dir = project(&[
        (
            "Cargo.toml",
            "[package]\nname = \"conn\"\nversion = \"0.1.0\"\n",
        ),
        ("src/lib.rs", LIB),
        ("src/user.rs", &user),
        (".gitignore", "/target\n"),
    ]);
    let cache = tempfile::tempdir().unwrap();
    age_crate(dir.path());
    assert!(findings(&run(dir.path(), cache.path(), &["src/user.rs"], None)).is_empty());
    // A new file in the crate: its directory changed.
    fs::write(dir.path().join("src/extra.rs"), EXTRA).unwrap();
    let found = findings(&run(dir.path(), cache.path(), &["src/user.rs"], None));
    assert_eq!(found, ["8:22: discarded_poll"]);
    // Ignored by an ignore file edited in place: the directory did not
    // change, the ignore file did.
    age_crate(dir.path());
    age(&dir.path().join("src/extra.rs"));
    let _ = findings(&run(dir.path(), cache.path(), &["src/user.rs"], None));
    fs::write(dir.path().join(".gitignore"), "/target\n/src/extra.rs\n").unwrap();
    let ignored = findings(&run(dir.path(), cache.path(), &["src/user.rs"], None));
    assert!(ignored.is_empty(), "{ignored:?}");
    let whole = findings(&run(dir.path(), cache.path(), &["."], None));
    assert!(whole.is_empty(), "{whole:?}");
}

/// `send_goaway` passes on the result of a write to a socket (declared in
/// `lib.rs`); `user.rs` throws it away, which only the crate's IO helpers
/// tell (the pre-filter's second pass plans the file again for them).
#[test]
fn an_io_helper_of_the_crate_is_judged_on_standard_input_too() {
    let lib = "\
use std::io::{self, Write};
use std::net::TcpStream;

mod user;

pub struct Conn {
    out: TcpStream,
}

impl Conn {
    pub fn send_goaway(&mut self) -> io::Result<()> {
        self.out.write_all(b\"goaway\")
    }
}
";
    let user = "\
use crate::Conn;

pub fn close(conn: &mut Conn) {
    let _ = conn.send_goaway();
}
";
    let dir = project(&[
        (
            "Cargo.toml",
            "[package]\nname = \"conn\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", lib),
        ("src/user.rs", user),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let whole = findings(&run(dir.path(), cache.path(), &["."], None));
    assert_eq!(whole, ["4:18: discarded_io_result"]);
    let named = findings(&run(dir.path(), cache.path(), &["src/user.rs"], None));
    assert_eq!(named, whole);
    let input = findings(&run(
        dir.path(),
        cache.path(),
        &["--stdin-filename", "src/user.rs"],
        Some(user),
    ));
    assert_eq!(input, whole);
}
