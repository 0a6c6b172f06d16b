//! `pollcheck deps` on temporary workspaces with path dependencies (no
//! network), and on a project depending on hyper 1.9.0 (skipped when the
//! registry cannot be reached).

mod common;
use common::*;

use std::fs;
use std::path::Path;
use std::process::Command;

const BAD: &str = "use std::task::{Context, Poll};\npub fn poll_close(io: &mut Io, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {\n    let _ = io.poll_flush(cx)?;\n    Poll::Ready(Ok(()))\n}\npub struct Io;\nimpl Io {\n    pub fn poll_flush(&mut self, _: &mut Context<'_>) -> Poll<std::io::Result<()>> { Poll::Ready(Ok(())) }\n}\n";

/// A workspace `app` whose path dependency `dep` (outside the workspace) has
/// a build script and uses a proc macro from `pm`, both of which would create
/// `marker` if they ran; `dep` depends on `deeper`.
fn workspace(marker: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let marker = marker.display().to_string().replace('\\', "/");
    write(
        root,
        "ws/Cargo.toml",
        "[workspace]\nmembers = [\"app\"]\nresolver = \"2\"\n",
    );
    write(root, "ws/app/Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ndep = { path = \"../../dep\" }\n");
    write(root, "ws/app/src/lib.rs", BAD);
    write(root, "dep/Cargo.toml", "[package]\nname = \"dep\"\nversion = \"0.2.0\"\nedition = \"2021\"\nbuild = \"build.rs\"\n\n[dependencies]\npm = { path = \"../pm\" }\ndeeper = { path = \"../deeper\" }\n");
    write(
        root,
        "dep/build.rs",
        &format!("fn main() {{ std::fs::write(\"{marker}\", \"build script ran\").unwrap(); }}\n"),
    );
    write(root, "dep/src/lib.rs", &format!("pm::mark!();\n{BAD}"));
    write(root, "pm/Cargo.toml", "[package]\nname = \"pm\"\nversion = \"0.3.0\"\nedition = \"2021\"\n\n[lib]\nproc-macro = true\n");
    write(
        root,
        "pm/src/lib.rs",
        &format!("extern crate proc_macro;\n#[proc_macro]\npub fn mark(_: proc_macro::TokenStream) -> proc_macro::TokenStream {{\n    std::fs::write(\"{marker}\", \"proc macro ran\").unwrap();\n    proc_macro::TokenStream::new()\n}}\n"),
    );
    write(
        root,
        "deeper/Cargo.toml",
        "[package]\nname = \"deeper\"\nversion = \"0.4.0\"\nedition = \"2021\"\n",
    );
    write(root, "deeper/src/lib.rs", BAD);
    dir
}

#[test]
fn deps_scans_dependencies_without_running_any_of_their_code() {
    let scratch = tempfile::tempdir().unwrap();
    let marker = scratch.path().join("marker");
    let dir = workspace(&marker);
    let ws = dir.path().join("ws");
    let output = pollcheck(&ws, &["deps", "--offline", "--no-cache"]);
    let table = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{table}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!marker.exists(), "a build script or proc macro ran");
    let rows: Vec<&str> = table
        .lines()
        .filter(|line| line.starts_with("de"))
        .collect();
    assert_eq!(rows.len(), 2, "{table}");
    let row = |name: &str| {
        rows.iter()
            .find(|row| row.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no row for {name}: {table}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("dep"), "dep 0.2.0 path 2 discarded_poll 1");
    assert_eq!(row("deeper"), "deeper 0.4.0 path 1 discarded_poll 1");
    assert!(
        !table.lines().any(|line| line.starts_with("app ")),
        "members are not audited: {table}"
    );
    assert!(
        table
            .lines()
            .last()
            .unwrap()
            .starts_with("pollcheck deps: 3 packages"),
        "{table}"
    );
    // Building would run them: the test could fail.
    let built = Command::new("cargo")
        .args(["check", "--offline", "--quiet"])
        .current_dir(&ws)
        .env("CARGO_TARGET_DIR", scratch.path().join("target"))
        .status();
    if built.is_ok_and(|status| status.success()) {
        assert!(marker.exists(), "cargo check ran the build script");
    }
}

#[test]
fn depth_package_and_workspace_options_choose_what_is_audited() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = workspace(&scratch.path().join("marker"));
    let ws = dir.path().join("ws");
    let names = |args: &[&str]| {
        let mut full = vec!["deps", "--offline", "--no-cache", "--format", "json"];
        full.extend_from_slice(args);
        let output = pollcheck(&ws, &full);
        let mut crates: Vec<String> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|line| {
                let finding: serde_json::Value = serde_json::from_str(line).expect("JSON");
                format!(
                    "{}-{}",
                    finding["package"]["name"].as_str().unwrap(),
                    finding["package"]["version"].as_str().unwrap()
                )
            })
            .collect();
        crates.sort();
        crates.dedup();
        crates
    };
    assert_eq!(names(&[]), ["deeper-0.4.0", "dep-0.2.0"]);
    assert_eq!(names(&["--depth", "1"]), ["dep-0.2.0"]);
    assert_eq!(names(&["--package", "deeper"]), ["deeper-0.4.0"]);
    assert_eq!(
        names(&["--include-workspace"]),
        ["app-0.1.0", "deeper-0.4.0", "dep-0.2.0"]
    );
}

#[test]
fn details_show_findings_under_paths_that_open() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = workspace(&scratch.path().join("marker"));
    let ws = dir.path().join("ws");
    let output = pollcheck(
        &ws,
        &[
            "deps",
            "--offline",
            "--no-cache",
            "--details",
            "--color",
            "never",
        ],
    );
    let text = String::from_utf8_lossy(&output.stdout);
    // The real path on disk (here outside the current directory: whole).
    let deeper = dir.path().join("deeper/src/lib.rs");
    assert!(
        text.contains(&format!("┌─ {}:3:16", deeper.display())),
        "{text}"
    );
    let json = pollcheck(
        &ws,
        &["deps", "--offline", "--no-cache", "--format", "json"],
    );
    let json = String::from_utf8_lossy(&json.stdout);
    assert!(json.lines().all(|line| line.starts_with('{')), "{json}");
    assert!(json.contains("dep/src/lib.rs"), "{json}");
    for line in json.lines() {
        let finding: serde_json::Value = serde_json::from_str(line).expect("JSON");
        let file = finding["spans"][0]["file_name"].as_str().unwrap();
        assert!(std::path::Path::new(file).is_file(), "{file} opens");
    }
}

#[test]
fn a_broken_manifest_is_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let output = pollcheck(
        dir.path(),
        &["deps", "--offline", "--manifest-path", "missing/Cargo.toml"],
    );
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert_eq!(error.lines().count(), 1, "{error}");
    assert!(
        error.starts_with("error: cargo metadata failed:"),
        "{error}"
    );
}

#[test]
fn hyper_1_9_0_dispatch_findings_show_in_the_audit() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Cargo.toml", "[package]\nname = \"audited\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\nhyper = { version = \"=1.9.0\", features = [\"full\"] }\n");
    write(dir.path(), "src/lib.rs", "");
    let home = std::env::var_os("POLLCHECK_CRATES_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("pollcheck-crates"));
    let output = common::pollcheck_command()
        .args([
            "deps",
            "--no-cache",
            "--package",
            "hyper",
            "--details",
            "--color",
            "never",
        ])
        .current_dir(dir.path())
        .env("CARGO_HOME", &home)
        .output()
        .expect("run pollcheck");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("cargo metadata failed") {
        eprintln!("skipped: the registry could not be reached: {stderr}");
        return;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let row = text
        .lines()
        .find(|line| line.starts_with("hyper "))
        .expect("a hyper row");
    assert!(
        row.contains("1.9.0") && row.contains("registry") && row.contains("discarded_poll 2"),
        "{row}"
    );
    assert!(
        text.contains("hyper-1.9.0/src/proto/h1/dispatch.rs:173:"),
        "{text}"
    );
    assert!(
        text.contains("hyper-1.9.0/src/proto/h1/dispatch.rs:174:"),
        "{text}"
    );
}

#[test]
fn machine_formats_carry_the_crate_and_version() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = workspace(&scratch.path().join("marker"));
    let ws = dir.path().join("ws");
    let json = pollcheck(
        &ws,
        &["deps", "--offline", "--no-cache", "--format", "json"],
    );
    let json = String::from_utf8_lossy(&json.stdout);
    assert!(
        json.contains("\"package\":{\"name\":\"deeper\",\"version\":\"0.4.0\"}"),
        "{json}"
    );
    let sarif = pollcheck(
        &ws,
        &["deps", "--offline", "--no-cache", "--format", "sarif"],
    );
    let sarif = String::from_utf8_lossy(&sarif.stdout);
    assert!(sarif.contains("\"crate\": \"dep\""), "{sarif}");
    assert!(sarif.contains("\"version\": \"0.2.0\""), "{sarif}");
}

#[test]
fn the_cached_graph_follows_manifest_changes() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = workspace(&scratch.path().join("marker"));
    let ws = dir.path().join("ws");
    let cache = scratch.path().join("cache");
    let cache_arg = cache.to_str().unwrap();
    let table = |dir: &Path| {
        let output = pollcheck(dir, &["deps", "--offline", "--cache-dir", cache_arg]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(table(&ws).contains("deeper"));
    assert!(cache.read_dir().unwrap().count() > 0, "nothing cached");
    assert!(table(&ws).contains("deeper"), "cached graph");
    // dep no longer depends on deeper: the cached graph must not be used.
    let manifest = dir.path().join("dep/Cargo.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(
        &manifest,
        text.replace("deeper = { path = \"../deeper\" }\n", ""),
    )
    .unwrap();
    let after = table(&ws);
    assert!(!after.contains("deeper"), "{after}");
    assert!(after.contains("pollcheck deps: 2 packages"), "{after}");
}

/// Findings in dependencies are in code the user cannot fix: `--fail-on`
/// chooses which fail the audit (errors only, or none), as for a scan.
#[test]
fn fail_on_sets_which_findings_fail_the_audit() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = workspace(&scratch.path().join("marker"));
    let ws = dir.path().join("ws");
    let status = |args: &[&str]| {
        let mut full = vec!["deps", "--offline", "--no-cache", "--format", "short"];
        full.extend_from_slice(args);
        pollcheck(&ws, &full).status.code()
    };
    // The dependencies hold errors (discarded_poll).
    assert_eq!(status(&[]), Some(1));
    assert_eq!(status(&["--fail-on", "error"]), Some(1));
    assert_eq!(status(&["--fail-on", "never"]), Some(0));
    assert_eq!(
        status(&["--fail-on", "error", "--warn", "discarded_poll"]),
        Some(0)
    );
    assert_eq!(status(&["--warn", "discarded_poll"]), Some(1));
    // --allow, --warn and --deny, in order (a later one wins), with the
    // names a scan takes.
    assert_eq!(status(&["--allow", "discarded-poll"]), Some(0));
    assert_eq!(status(&["--allow", "all"]), Some(0));
    assert_eq!(
        status(&[
            "--fail-on",
            "error",
            "--warn",
            "all",
            "--deny",
            "discarded_poll"
        ]),
        Some(1)
    );
    assert_eq!(
        status(&["--fail-on", "error", "--allow", "ALL", "--deny", "ALL"]),
        Some(1)
    );
    let allowed = pollcheck(
        &ws,
        &[
            "deps",
            "--offline",
            "--no-cache",
            "--color",
            "never",
            "--allow",
            "discarded_poll",
        ],
    );
    assert!(
        stdout(&allowed).contains("0 findings (0 errors, 0 warnings)"),
        "{}",
        stdout(&allowed)
    );
    // The cached results are kept per set of levels: an audit with the
    // cache after one with other levels does not reuse its findings.
    let cache = scratch.path().join("cache");
    let cache = cache.to_str().unwrap();
    let cached = |level: &str| {
        let output = pollcheck(
            &ws,
            &[
                "deps",
                "--offline",
                "--cache-dir",
                cache,
                "--format",
                "short",
                level,
                "discarded_poll",
            ],
        );
        stdout(&output).lines().count()
    };
    assert_eq!(cached("--allow"), 0);
    assert_eq!(cached("--deny"), 2);
    assert_eq!(cached("--allow"), 0);
}

/// The table's columns are as wide as their longest entry: a long name or
/// a version with build metadata does not push its row out of line.
#[test]
fn the_table_lines_up_long_names_and_versions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "app/Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n[dependencies]\nwasi-like = { path = \"../long\" }\nshort-with-a-name-longer-than-the-column = { path = \"../short\" }\n");
    write(root, "app/src/lib.rs", "");
    write(root, "long/Cargo.toml", "[package]\nname = \"wasi-like\"\nversion = \"1.0.4+wasi-0.2.12-and-more\"\nedition = \"2021\"\n");
    write(root, "long/src/lib.rs", BAD);
    write(root, "short/Cargo.toml", "[package]\nname = \"short-with-a-name-longer-than-the-column\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
    write(root, "short/src/lib.rs", BAD);
    let output = pollcheck(
        &root.join("app"),
        &["deps", "--offline", "--no-cache", "--color", "never"],
    );
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().take(3).collect();
    assert!(
        lines[0].starts_with("crate "),
        "{text}\n{}",
        stderr(&output)
    );
    // Every column starts where the header's does.
    let header = lines[0];
    let findings = header.find("findings by rule").unwrap();
    for row in &lines[1..] {
        assert_eq!(row.find("discarded_poll 1"), Some(findings), "{text}");
        for column in ["version", "source"] {
            let at = header.find(column).unwrap();
            assert_eq!(&row[at - 1..at], " ", "{column}:\n{text}");
            assert_ne!(&row[at..at + 1], " ", "{column}:\n{text}");
        }
    }
}

/// `pollcheck deps | head`: a reader that has gone ends the table (or the
/// findings) quietly, and the exit status is the findings'.
#[test]
fn a_closed_pipe_ends_the_audit_quietly() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = workspace(&scratch.path().join("marker"));
    let ws = dir.path().join("ws");
    for args in [
        &["deps", "--offline", "--no-cache"][..],
        &["deps", "--offline", "--no-cache", "--details"],
        &["deps", "--offline", "--no-cache", "--format", "json"],
    ] {
        let mut child = pollcheck_command()
            .current_dir(&ws)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the audit writes its first line.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let errors = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {errors}");
        assert!(
            !errors.lines().any(|line| line.starts_with("error")),
            "{args:?}: {errors}"
        );
    }
}

/// As cargo: `-p` with a package that is not in the dependency graph is an
/// error (exit 2), with the closest name when there is one.
#[test]
fn a_package_not_in_the_graph_is_an_error() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = workspace(&scratch.path().join("marker"));
    let ws = dir.path().join("ws");
    let output = pollcheck(&ws, &["deps", "--offline", "--no-cache", "-p", "deeperr"]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(
        errors
            .contains("package `deeperr` is not in the dependency graph (did you mean `deeper`?)"),
        "{errors}"
    );
}

/// The audit reads what a build of a dependency compiles: its library and
/// build script and the modules they declare (`mod x;`, `#[path]`, inline
/// modules), not its tests, examples or files no module declares;
/// `--all-targets` reads the whole package.
#[test]
fn the_audit_follows_the_module_tree_of_the_built_targets() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "ws/Cargo.toml",
        "[workspace]\nmembers = [\"app\"]\nresolver = \"2\"\n",
    );
    write(root, "ws/app/Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nlay = { path = \"../../lay\" }\n");
    write(root, "ws/app/src/lib.rs", "");
    write(
        root,
        "lay/Cargo.toml",
        "[package]\nname = \"lay\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write(root, "lay/build.rs", &format!("fn main() {{}}\n{BAD}"));
    write(
        root,
        "lay/src/lib.rs",
        "mod inner;\n#[path = \"elsewhere/moved.rs\"]\nmod moved;\nmod nest {\n    mod deep;\n}\n#[cfg_attr(unix, path = \"sys_unix.rs\")]\n#[cfg_attr(not(unix), path = \"sys_other.rs\")]\nmod sys;\n",
    );
    // In a file that is not a `mod.rs`, `#[path]` is relative to the
    // file's own directory (`src/`), not to `src/inner/`.
    write(
        root,
        "lay/src/inner.rs",
        &format!("mod leaf;\n#[path = \"side.rs\"]\nmod side;\n{BAD}"),
    );
    write(root, "lay/src/side.rs", BAD);
    write(root, "lay/src/sys_unix.rs", BAD);
    write(root, "lay/src/sys_other.rs", BAD);
    write(root, "lay/src/inner/leaf.rs", BAD);
    write(root, "lay/src/elsewhere/moved.rs", BAD);
    write(root, "lay/src/nest/deep.rs", BAD);
    write(root, "lay/src/orphan.rs", BAD);
    write(root, "lay/tests/it.rs", BAD);
    write(root, "lay/examples/demo.rs", BAD);
    let ws = root.join("ws");
    let files = |args: &[&str]| {
        let mut full = vec!["deps", "--offline", "--no-cache", "--format", "short"];
        full.extend_from_slice(args);
        let output = pollcheck(&ws, &full);
        let mut found: Vec<String> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| {
                line.split_once(".rs:")
                    .map(|(file, _)| format!("{file}.rs"))
            })
            .map(|file| {
                file.split_once("/lay/")
                    .map_or(file.clone(), |(_, rest)| rest.to_string())
            })
            .collect();
        found.sort();
        found.dedup();
        found
    };
    assert_eq!(
        files(&[]),
        [
            "build.rs",
            "src/elsewhere/moved.rs",
            "src/inner.rs",
            "src/inner/leaf.rs",
            "src/nest/deep.rs",
            "src/side.rs",
            "src/sys_other.rs",
            "src/sys_unix.rs"
        ]
    );
    assert_eq!(
        files(&["--all-targets"]),
        [
            "build.rs",
            "examples/demo.rs",
            "src/elsewhere/moved.rs",
            "src/inner.rs",
            "src/inner/leaf.rs",
            "src/nest/deep.rs",
            "src/orphan.rs",
            "src/side.rs",
            "src/sys_other.rs",
            "src/sys_unix.rs",
            "tests/it.rs"
        ]
    );
}

/// Runs git in `dir` with a fixed identity.
fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(["-c", "user.email=test@example.com", "-c", "user.name=test"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn since_a_revision_reports_the_findings_an_update_brings_and_removes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "app/Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n[dependencies]\ndep = { path = \"../vendor/dep\" }\n",
    );
    write(root, "app/src/lib.rs", "pub fn f() {}\n");
    let manifest = |version: &str| {
        format!("[package]\nname = \"dep\"\nversion = \"{version}\"\nedition = \"2021\"\n")
    };
    write(root, "vendor/dep/Cargo.toml", &manifest("0.1.0"));
    write(root, "vendor/dep/src/lib.rs", BAD);
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "dep 0.1.0"]);
    // 0.2.0 fixes the old finding and brings a new one.
    write(root, "vendor/dep/Cargo.toml", &manifest("0.2.0"));
    let updated = BAD
        .replace("let _ = io.poll_flush(cx)?;", "std::task::ready!(io.poll_flush(cx))?;")
        .replace(
            "pub struct Io;",
            "pub fn poll_finish(writer: &mut Io, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {\n    let _ = writer.poll_flush(cx)?;\n    Poll::Ready(Ok(()))\n}\npub struct Io;",
        );
    write(root, "vendor/dep/src/lib.rs", &updated);
    git(root, &["commit", "-q", "-am", "dep 0.2.0"]);

    let args = ["deps", "--manifest-path", "app/Cargo.toml", "--no-cache"];
    let output = pollcheck(root, &[&args[..], &["--since", "HEAD~1"]].concat());
    let text = stdout(&output);
    assert!(
        text.contains("dep 0.1.0 -> 0.2.0 (path): 1 new, 1 gone"),
        "{text}\n{}",
        stderr(&output)
    );
    // Paths that open: the file on disk (from here), and the revision's
    // file as git names it by its commit (the checkout is gone, and HEAD~1
    // will be another commit).
    let commit = Command::new("git")
        .current_dir(root)
        .args(["rev-parse", "--short=12", "HEAD~1"])
        .output()
        .unwrap();
    let commit = String::from_utf8_lossy(&commit.stdout).trim().to_string();
    assert!(
        text.contains("new:  vendor/dep/src/lib.rs:7:20: error[discarded_poll]"),
        "{text}"
    );
    let gone = format!("gone: {commit}:vendor/dep/src/lib.rs:3:16: error[discarded_poll]");
    assert!(text.contains(&gone), "{text}");
    let shown = Command::new("git")
        .current_dir(root)
        .args(["show", &format!("{commit}:vendor/dep/src/lib.rs")])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&shown.stdout), BAD);
    // The same when the temporary checkout is under the current directory
    // (its paths are then relative to it).
    let inside = root.join("temporary");
    fs::create_dir_all(&inside).unwrap();
    let from_above = pollcheck_command()
        .current_dir(root)
        .env("TMPDIR", &inside)
        .args([&args[..], &["--since", "HEAD~1"]].concat())
        .output()
        .unwrap();
    assert!(
        stdout(&from_above).contains(&gone),
        "{}",
        stdout(&from_above)
    );
    // An empty revision, or a remote without a branch (what
    // `origin/${{ github.base_ref }}` is on a push): one clear line.
    for (revision, said) in [
        (
            "",
            "error: --since needs a git revision; it was given an empty one",
        ),
        (
            "origin/",
            "error: --since origin/: names a remote but no branch",
        ),
    ] {
        let output = pollcheck(root, &[&args[..], &["--since", revision]].concat());
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).starts_with(said), "{}", stderr(&output));
        assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
    }
    // The new finding fails the run.
    assert_eq!(output.status.code(), Some(1), "{text}");
    // The machine formats carry the new findings only.
    let output = pollcheck(
        root,
        &[&args[..], &["--since", "HEAD~1", "--format", "short"]].concat(),
    );
    let short = stdout(&output);
    let findings: Vec<&str> = short.lines().collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0].contains("vendor/dep/src/lib.rs:7:20:"),
        "{findings:?}"
    );
    // Nothing changed since HEAD.
    let output = pollcheck(root, &[&args[..], &["--since", "HEAD"]].concat());
    assert!(
        stdout(&output).contains("0 new, 0 gone"),
        "{}",
        stdout(&output)
    );
    assert_eq!(output.status.code(), Some(0));
    // A revision that does not exist is one clear error.
    let output = pollcheck(root, &[&args[..], &["--since", "no-such-rev"]].concat());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--since no-such-rev: not a revision of the repository"),
        "{}",
        stderr(&output)
    );
}

/// A revision whose graph does not resolve once checked out (its path
/// dependency lies outside the repository, which `git archive` does not
/// carry) is one error that names the revision and its own paths, not the
/// temporary directory's.
#[test]
fn since_a_revision_that_does_not_resolve_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let outside = "[package]\nname = \"outside\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";
    write(dir.path(), "outside/Cargo.toml", outside);
    write(dir.path(), "outside/src/lib.rs", "pub fn f() {}\n");
    let app = |dependency: &str| {
        format!(
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n[dependencies]\n{dependency}"
        )
    };
    write(
        &root,
        "Cargo.toml",
        &app("outside = { path = \"../outside\" }\n"),
    );
    write(&root, "src/lib.rs", "pub fn f() {}\n");
    git(&root, &["init", "-q"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "outside dependency"]);
    write(&root, "Cargo.toml", &app(""));
    git(&root, &["commit", "-q", "-am", "no dependency"]);

    // As in CI, where cargo is often told to colour its output.
    let output = pollcheck_command()
        .args(["deps", "--no-cache", "--since", "HEAD~1"])
        .current_dir(&root)
        .env("CARGO_TERM_COLOR", "always")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let error = stderr(&output);
    assert!(
        error.contains("--since HEAD~1: its dependency graph does not resolve:"),
        "{error}"
    );
    assert!(!error.contains('\u{1b}'), "{error:?}");
    assert!(
        error.contains("failed to load manifest for dependency `outside`"),
        "{error}"
    );
    assert!(!error.contains("pollcheck-since-"), "{error}");
    assert!(error.contains("without submodules"), "{error}");
    assert_eq!(error.trim().lines().count(), 1, "{error}");
}

/// The review a user does when a bot bumps a dependency: memcache-async
/// 0.6.4 fixed two ignored write counts of 0.6.3 (cli/tests/fixed_upstream.rs);
/// `--since` says they went away and that nothing new came (skipped when the
/// registry cannot be reached).
#[test]
fn since_a_lock_file_bump_the_fixed_findings_are_gone() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let manifest = |version: &str| {
        format!("[package]\nname = \"audited\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\nmemcache-async = \"={version}\"\n")
    };
    write(root, "Cargo.toml", &manifest("0.6.3"));
    write(root, "src/lib.rs", "");
    let home = std::env::var_os("POLLCHECK_CRATES_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("pollcheck-crates"));
    let run = |args: &[&str]| {
        common::pollcheck_command()
            .args(["deps", "--no-cache", "--color", "never"])
            .args(args)
            .current_dir(root)
            .env("CARGO_HOME", &home)
            .output()
            .expect("run pollcheck")
    };
    // The lock file as the bot found it.
    let first = run(&[]);
    if stderr(&first).contains("cargo metadata failed") {
        eprintln!(
            "skipped: the registry could not be reached: {}",
            stderr(&first)
        );
        return;
    }
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "0.6.3"]);
    write(root, "Cargo.toml", &manifest("0.6.4"));
    let output = run(&["--since", "HEAD"]);
    if stderr(&output).contains("cargo metadata failed") {
        eprintln!(
            "skipped: the registry could not be reached: {}",
            stderr(&output)
        );
        return;
    }
    let text = stdout(&output);
    assert!(
        text.contains("memcache-async 0.6.3 -> 0.6.4 (registry): 0 new, 2 gone"),
        "{text}\n{}",
        stderr(&output)
    );
    // The old version's files, where cargo unpacked them: they open.
    let gone: Vec<&str> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("gone: "))
        .collect();
    assert_eq!(gone.len(), 2, "{text}");
    for (line, at) in gone.iter().zip(["72", "75"]) {
        let file = line.split(':').next().unwrap();
        assert!(
            file.ends_with("memcache-async-0.6.3/src/ascii.rs"),
            "{line}"
        );
        assert!(std::path::Path::new(file).is_file(), "{file} opens");
        assert!(line[file.len()..].starts_with(&format!(":{at}:")), "{line}");
    }
    assert_eq!(output.status.code(), Some(0), "{text}");
}
