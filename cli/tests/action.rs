//! The script the GitHub Action runs (`scripts/action.sh`), with the
//! environment GitHub gives it, on pull request and push events. The
//! pollcheck under test is first on the `PATH`, so nothing is installed.

mod common;
use common::*;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const OLD: &str = "fn old(io: &mut Io, cx: &mut Cx) -> Poll<()> {\n    let _ = io.poll_flush(cx)?;\n    Poll::Ready(())\n}\n";
const NEW: &str = "fn new(io: &mut Io, cx: &mut Cx) -> Poll<()> {\n    let _ = io.poll_shutdown(cx)?;\n    Poll::Ready(())\n}\n";

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Runs the action's script in `dir` with `env` (and the GitHub variables
/// it reads defaulted to empty).
fn action(dir: &Path, env: &[(&str, &str)]) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action.sh");
    let binary = Path::new(env!("CARGO_BIN_EXE_pollcheck"));
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = Command::new("bash");
    command
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env("POLLCHECK_CACHE_DIR", test_cache_dir())
        .env_remove("GITHUB_STEP_SUMMARY");
    for name in [
        "GITHUB_EVENT_NAME",
        "GITHUB_BASE_REF",
        "PUSH_BEFORE",
        "INPUT_PATHS",
        "INPUT_ARGS",
        "INPUT_VERSION",
        "INPUT_CHANGED_LINES_ONLY",
        "INPUT_SARIF",
    ] {
        command.env_remove(name);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("run scripts/action.sh")
}

/// A repository whose `main` holds `old.rs` (one finding), pushed to a bare
/// `origin`, and a branch that adds `new.rs` (another finding); `None` when
/// git cannot be run here.
fn repository() -> Option<(tempfile::TempDir, String)> {
    let root = tempfile::tempdir().expect("temporary directory");
    let origin = root.path().join("origin.git");
    let work = root.path().join("work");
    fs::create_dir_all(&work).unwrap();
    git(root.path(), &["init", "-q", "--bare", origin.to_str()?])?;
    git(&work, &["init", "-q", "-b", "main"])?;
    fs::write(work.join("old.rs"), OLD).unwrap();
    git(&work, &["add", "."])?;
    git(&work, &["commit", "-qm", "base"])?;
    git(&work, &["remote", "add", "origin", origin.to_str()?])?;
    git(&work, &["push", "-q", "origin", "main"])?;
    let base = git(&work, &["rev-parse", "HEAD"])?;
    git(&work, &["checkout", "-q", "-b", "feature"])?;
    fs::write(work.join("new.rs"), NEW).unwrap();
    git(&work, &["add", "."])?;
    git(&work, &["commit", "-qm", "feature"])?;
    Some((root, base))
}

fn annotations(output: &Output) -> Vec<String> {
    stdout(output)
        .lines()
        .filter(|line| line.starts_with("::error"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_action_reports_everything_by_default_and_writes_sarif_when_asked() {
    let Some((root, _)) = repository() else {
        eprintln!("skipped: git is not available");
        return;
    };
    let work = root.path().join("work");
    let summary = root.path().join("step-summary.md");
    let output = action(
        &work,
        &[
            ("INPUT_SARIF", "pollcheck.sarif"),
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let found = annotations(&output);
    assert_eq!(found.len(), 2, "{found:?}");
    // The job's step summary gets one table of the findings (the SARIF
    // run adds nothing to it).
    let table = fs::read_to_string(&summary).expect("step summary written");
    assert!(
        table.contains("old.rs") && table.contains("new.rs"),
        "{table}"
    );
    assert_eq!(table.matches("old.rs").count(), 1, "{table}");
    let sarif = fs::read_to_string(work.join("pollcheck.sarif")).expect("SARIF written");
    assert!(sarif.contains("\"version\": \"2.1.0\"") || sarif.contains("\"version\":\"2.1.0\""));
    assert!(
        sarif.contains("old.rs") && sarif.contains("new.rs"),
        "{sarif}"
    );
}

#[test]
fn on_a_pull_request_only_the_lines_it_changed_are_reported() {
    let Some((root, _)) = repository() else {
        eprintln!("skipped: git is not available");
        return;
    };
    let work = root.path().join("work");
    let output = action(
        &work,
        &[
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_BASE_REF", "main"),
            ("INPUT_CHANGED_LINES_ONLY", "true"),
        ],
    );
    let found = annotations(&output);
    assert_eq!(found.len(), 1, "{found:?}\n{}", stderr(&output));
    assert!(found[0].contains("file=new.rs"), "{found:?}");
    assert!(stderr(&output).contains("reporting lines changed since"));
}

#[test]
fn on_a_push_the_lines_since_the_previous_head_are_reported() {
    let Some((root, base)) = repository() else {
        eprintln!("skipped: git is not available");
        return;
    };
    let work = root.path().join("work");
    let pushed = action(
        &work,
        &[
            ("GITHUB_EVENT_NAME", "push"),
            ("PUSH_BEFORE", &base),
            ("INPUT_CHANGED_LINES_ONLY", "true"),
        ],
    );
    let found = annotations(&pushed);
    assert_eq!(found.len(), 1, "{found:?}\n{}", stderr(&pushed));
    assert!(found[0].contains("file=new.rs"), "{found:?}");
    // A new branch's first push has no earlier commit: everything.
    let first = action(
        &work,
        &[
            ("GITHUB_EVENT_NAME", "push"),
            ("PUSH_BEFORE", "0000000000000000000000000000000000000000"),
            ("INPUT_CHANGED_LINES_ONLY", "true"),
        ],
    );
    assert_eq!(annotations(&first).len(), 2, "{}", stderr(&first));
    assert!(stderr(&first).contains("scanning everything"));
    // Another event (a schedule) has no base either.
    let scheduled = action(
        &work,
        &[
            ("GITHUB_EVENT_NAME", "schedule"),
            ("INPUT_CHANGED_LINES_ONLY", "true"),
            ("INPUT_PATHS", "old.rs new.rs"),
            (
                "INPUT_ARGS",
                "--allow discarded_poll --deny shutdown_without_flush",
            ),
        ],
    );
    assert_eq!(scheduled.status.code(), Some(0), "{}", stderr(&scheduled));
    assert!(annotations(&scheduled).is_empty());
}

/// A shallow checkout of a pull request's head (as `actions/checkout`
/// makes, and `pull_request_target` workflows check out) whose base moved
/// on after the branch left it: the lines the base changed since are not
/// the pull request's, and are not reported.
#[test]
fn a_shallow_checkout_is_compared_with_where_the_branch_left_its_base() {
    let Some((root, _)) = repository() else {
        eprintln!("skipped: git is not available");
        return;
    };
    let work = root.path().join("work");
    let origin = root.path().join("origin.git");
    // The branch goes to origin; then main fixes old.rs's finding, which
    // the branch still has as it was.
    git(&work, &["push", "-q", "origin", "feature"]).expect("push feature");
    git(&work, &["checkout", "-q", "main"]).expect("checkout main");
    fs::write(
        work.join("old.rs"),
        OLD.replace("let _ = io.poll_flush(cx)?;", "ready!(io.poll_flush(cx))?;"),
    )
    .unwrap();
    git(&work, &["commit", "-qam", "main moves on"]).expect("commit on main");
    git(&work, &["push", "-q", "origin", "main"]).expect("push main");
    // A depth-1 checkout of the branch's head.
    let shallow = root.path().join("shallow");
    let url = format!("file://{}", origin.display());
    let Some(_) = git(
        root.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            "feature",
            &url,
            shallow.to_str().unwrap(),
        ],
    ) else {
        eprintln!("skipped: git cannot make a shallow clone here");
        return;
    };
    let output = action(
        &shallow,
        &[
            ("GITHUB_EVENT_NAME", "pull_request_target"),
            ("GITHUB_BASE_REF", "main"),
            ("INPUT_CHANGED_LINES_ONLY", "true"),
        ],
    );
    let found = annotations(&output);
    assert_eq!(found.len(), 1, "{found:?}\n{}", stderr(&output));
    assert!(found[0].contains("file=new.rs"), "{found:?}");
}

/// Runs `scripts/action.sh cache-key` with `env`; its output.
fn cache_key(env: &[(&str, &str)]) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action.sh");
    let mut command = Command::new("bash");
    command
        .arg(script)
        .arg("cache-key")
        .env_remove("INPUT_VERSION");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("run scripts/action.sh cache-key");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// The binary is cached by what it is built from: `uses: …@main` keeps the
/// ref `main` as main moves, so the key is a digest of the action's
/// sources; a `version` input that names a branch is resolved to its
/// commit.
#[test]
fn the_cache_key_follows_the_source_not_the_ref() {
    let action = tempfile::tempdir().unwrap();
    fs::create_dir_all(action.path().join("cli/src")).unwrap();
    fs::write(action.path().join("Cargo.toml"), "[package]\n").unwrap();
    fs::write(action.path().join("cli/src/main.rs"), "fn main() {}\n").unwrap();
    let path = action.path().to_str().unwrap();
    let first = cache_key(&[("GITHUB_ACTION_PATH", path)]);
    assert_eq!(first.len(), 16, "{first}");
    assert_eq!(cache_key(&[("GITHUB_ACTION_PATH", path)]), first);
    fs::write(action.path().join("cli/src/main.rs"), "fn main() { }\n").unwrap();
    assert_ne!(cache_key(&[("GITHUB_ACTION_PATH", path)]), first);

    let Some((root, base)) = repository() else {
        eprintln!("skipped: git cannot be run here");
        return;
    };
    let server = format!("file://{}", root.path().display());
    let by_branch = |version: &str| {
        cache_key(&[
            ("INPUT_VERSION", version),
            ("GITHUB_SERVER_URL", &server),
            ("GITHUB_ACTION_REPOSITORY", "origin.git"),
        ])
    };
    // Another branch whose name ends in `main` does not stand for it.
    let work = root.path().join("work");
    git(
        &work,
        &["push", "-q", "origin", "feature:refs/heads/release/main"],
    )
    .unwrap();
    assert_eq!(by_branch("main"), base);
    // main moves: a new key.
    git(&work, &["push", "-q", "origin", "feature:main"]).unwrap();
    let moved = git(&work, &["rev-parse", "feature"]).unwrap();
    assert_eq!(by_branch("main"), moved);
    // A full commit is its own key, with no lookup.
    assert_eq!(by_branch(&base), base);
}

/// action.yml hands every input to the script as the `INPUT_*` variable
/// the script reads, and caches the binary where `cargo install` puts it.
#[test]
fn action_yml_passes_every_input_to_the_script() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let yml = fs::read_to_string(root.join("action.yml")).unwrap();
    let script = fs::read_to_string(root.join("scripts/action.sh")).unwrap();
    let inputs: Vec<&str> = yml
        .split("\ninputs:\n")
        .nth(1)
        .unwrap()
        .split("\nruns:")
        .next()
        .unwrap()
        .lines()
        .filter_map(|line| line.strip_prefix("  ")?.strip_suffix(':'))
        .filter(|name| !name.starts_with(' '))
        .collect();
    assert_eq!(
        inputs,
        ["paths", "args", "version", "changed-lines-only", "sarif"]
    );
    let run_step = yml.split("- name: Run pollcheck").nth(1).unwrap();
    for input in inputs {
        let variable = format!("INPUT_{}", input.to_uppercase().replace('-', "_"));
        assert!(
            run_step.contains(&format!("{variable}: ${{{{ inputs.{input} }}}}")),
            "{variable} in the run step"
        );
        assert!(
            script.contains(&variable),
            "scripts/action.sh reads {variable}"
        );
    }
    assert!(run_step.contains("PUSH_BEFORE: ${{ github.event.before }}"));
    assert!(yml.contains("path: ~/.cargo/bin/pollcheck"));
}
