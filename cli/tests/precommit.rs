//! The pre-commit framework uses `.pre-commit-hooks.yaml` as users would:
//! pre-commit is installed into a temporary virtualenv, a throwaway git
//! repository refers to this repository's committed HEAD, a commit of a file
//! with a finding is refused, and the fixed file commits; then the README's
//! local hook (the `pollcheck` on the PATH) refuses the bad file again.
//! Skipped, with a message, when Python, git or the `pre-commit` package
//! cannot be had.

use std::path::Path;
use std::process::{Command, Output};

/// `program` in `dir`, with pre-commit's home and a git identity.
fn command(program: &Path, dir: &Path, home: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", home)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid");
    command
}

fn run(program: &Path, args: &[&str], dir: &Path, home: &Path) -> Option<Output> {
    command(program, dir, home).args(args).output().ok()
}

/// What a command printed, standard output then standard error.
fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

const BAD: &str = "use std::task::{Context, Poll};\nfn poll_close(io: &mut Io, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {\n    let _ = io.poll_flush(cx)?;\n    io.poll_close(cx)\n}\n";

#[test]
fn a_commit_with_a_finding_is_refused_and_the_fixed_one_accepted() {
    let this_repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let git = Path::new("git");
    let work = tempfile::tempdir().unwrap();
    let home = work.path().join("pre-commit-home");
    let Some(head) = run(git, &["rev-parse", "HEAD"], this_repo, &home)
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
    else {
        eprintln!("skipped: this checkout has no git HEAD to refer to");
        return;
    };
    let venv = work.path().join("venv");
    let python = Path::new("python3");
    let made = run(
        python,
        &["-m", "venv", venv.to_str().unwrap()],
        work.path(),
        &home,
    );
    if !made.is_some_and(|output| output.status.success()) {
        eprintln!("skipped: python3 -m venv is not available");
        return;
    }
    let pip = venv.join("bin/pip");
    let installed = run(
        &pip,
        &["install", "--quiet", "pre-commit"],
        work.path(),
        &home,
    );
    if !installed
        .as_ref()
        .is_some_and(|output| output.status.success())
    {
        eprintln!(
            "skipped: the pre-commit package could not be installed: {}",
            installed.map_or(String::new(), |output| String::from_utf8_lossy(
                &output.stderr
            )
            .into_owned())
        );
        return;
    }
    let pre_commit = venv.join("bin/pre-commit");
    let repo = work.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    assert!(run(git, &["init", "-q"], &repo, &home)
        .unwrap()
        .status
        .success());
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {head}\n    hooks:\n      - id: pollcheck\n",
            this_repo.display()
        ),
    )
    .unwrap();
    let hook = run(&pre_commit, &["install"], &repo, &home).unwrap();
    assert!(
        hook.status.success(),
        "{}",
        String::from_utf8_lossy(&hook.stderr)
    );
    std::fs::write(repo.join("bad.rs"), BAD).unwrap();
    assert!(run(git, &["add", "."], &repo, &home)
        .unwrap()
        .status
        .success());
    let refused = run(git, &["commit", "-qm", "bad"], &repo, &home).unwrap();
    let said = printed(&refused);
    assert!(
        !refused.status.success(),
        "the commit went through:\n{said}"
    );
    assert!(
        said.contains("discarded_poll") || said.contains("shutdown_without_flush"),
        "{said}"
    );
    std::fs::write(
        repo.join("bad.rs"),
        BAD.replace(
            "let _ = io.poll_flush(cx)?;",
            "std::task::ready!(io.poll_flush(cx))?;",
        ),
    )
    .unwrap();
    assert!(run(git, &["add", "."], &repo, &home)
        .unwrap()
        .status
        .success());
    let accepted = run(git, &["commit", "-qm", "fixed"], &repo, &home).unwrap();
    assert!(accepted.status.success(), "{}", printed(&accepted));

    // The README's local hook, for a pollcheck installed with `cargo install
    // --locked` and found on the PATH.
    std::fs::write(repo.join(".pre-commit-config.yaml"), readme_local_hook()).unwrap();
    std::fs::write(repo.join("bad.rs"), BAD).unwrap();
    let binary = Path::new(env!("CARGO_BIN_EXE_pollcheck"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    let with_path = |args: &[&str]| {
        command(git, &repo, &home)
            .args(args)
            .env("PATH", &path)
            .output()
            .unwrap()
    };
    assert!(with_path(&["add", "."]).status.success());
    let refused = with_path(&["commit", "-qm", "bad again"]);
    let said = printed(&refused);
    assert!(
        !refused.status.success(),
        "the commit went through:\n{said}"
    );
    assert!(said.contains("discarded_poll"), "{said}");
}

/// The README's `repo: local` hook, read from the README as written there
/// (the fenced `yaml` block that holds `repo: local`).
fn readme_local_hook() -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .find(|block| block.contains("repo: local"))
        .expect("the README has a local hook")
        .to_string()
}
