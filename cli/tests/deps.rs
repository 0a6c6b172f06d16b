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
