//! The `pollcheck` command line: parsed arguments → validated settings →
//! `run`. Everything that prints lives here.
#![deny(missing_docs)]

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

mod deps;
pub mod fuzzing;
mod server;
use lint_core::config::Config;
use lint_core::emit::{
    Emitter, GithubEmitter, HumanEmitter, JsonEmitter, SarifEmitter, ShortEmitter,
};
use lint_core::workspace::Manifests;
use lint_core::{Engine, Level, Report};

use termcolor::{Color, ColorChoice, ColorSpec, StandardStream, WriteColor};

/// Exit status when nothing is reported.
const EXIT_CLEAN: u8 = 0;
/// Exit status when a finding is reported.
const EXIT_FINDINGS: u8 = 1;
/// Exit status for a usage error, or a path that could not be read or parsed.
const EXIT_TROUBLE: u8 = 2;

/// Finds Rust code that throws away a `Poll` (and with it `Poll::Pending`) or
/// an IO `Result` on write, flush and shutdown paths.
#[derive(Debug, Parser)]
#[command(
    name = "pollcheck",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "Exit status: 0 nothing reported, 1 findings reported, 2 usage error or a path could not be read or parsed.\nA directory named `rules` must be written `./rules` to be scanned."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List every rule with its default level and summary.
    Rules,
    /// Print a rule's documentation.
    Explain {
        /// The rule's name, e.g. discarded_poll.
        rule: String,
    },
    /// Run a language server on standard input and output, beside
    /// rust-analyzer: findings of open buffers as diagnostics, fixes and
    /// suppressions as code actions, rule documentation on hover.
    Server,
    /// Audit the source of the workspace's dependencies (nothing is built
    /// and no build script or proc macro runs).
    Deps {
        #[command(flatten)]
        deps: deps::DepsArgs,
        /// Output format: human prints a table per package (and the findings
        /// with --details); the others print every finding.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// When to colour the output.
        #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
        color: ColorWhen,
        /// Turn RULE off (repeatable; later flags win over earlier ones).
        #[arg(long = "allow", value_name = "RULE")]
        allow: Vec<String>,
        /// Report RULE as a warning.
        #[arg(long = "warn", value_name = "RULE")]
        warn: Vec<String>,
        /// Report RULE as an error.
        #[arg(long = "deny", value_name = "RULE")]
        deny: Vec<String>,
        /// Exit with 0 even when findings are reported (2 still means trouble).
        #[arg(long)]
        exit_zero: bool,
        /// Which findings make the exit status 1: `warning` (warnings and
        /// errors), `error` (errors only) or `never` (as --exit-zero).
        /// Findings in dependencies are in code you cannot fix.
        #[arg(long, value_enum, default_value_t = FailOn::Warning, value_name = "LEVEL")]
        fail_on: FailOn,
    },
}

/// Which findings fail a run (make its exit status 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Warnings and errors (notes never do).
    Warning,
    /// Errors only.
    Error,
    /// None: the status is 0 unless something could not be scanned.
    Never,
}

impl FailOn {
    /// `--exit-zero` is `--fail-on never`.
    fn with_exit_zero(self, exit_zero: bool) -> Self {
        if exit_zero {
            FailOn::Never
        } else {
            self
        }
    }

    fn fails(self, report: &Report) -> bool {
        report.diagnostics().any(|(_, diagnostic)| match self {
            FailOn::Warning => matches!(diagnostic.level, Level::Warn | Level::Deny),
            FailOn::Error => diagnostic.level == Level::Deny,
            FailOn::Never => false,
        })
    }
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files and directories to scan (default: the current directory).
    /// Directories are walked respecting .gitignore; named files are always
    /// scanned.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Scan the package PKG of the workspace (repeatable), as cargo's `-p`.
    #[arg(
        short = 'p',
        long = "package",
        value_name = "PKG",
        conflicts_with = "paths"
    )]
    packages: Vec<String>,
    /// Scan every package of the workspace.
    #[arg(long, conflicts_with = "paths")]
    workspace: bool,
    /// With --workspace, leave out the package PKG (repeatable).
    #[arg(long, value_name = "PKG", requires = "workspace")]
    exclude: Vec<String>,
    /// The Cargo.toml whose package (or workspace) to scan, instead of the
    /// one the current directory is in.
    #[arg(long, value_name = "PATH", conflicts_with = "paths")]
    manifest_path: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    color: ColorWhen,
    /// Turn RULE off (repeatable; later flags win over earlier ones).
    #[arg(long = "allow", value_name = "RULE")]
    allow: Vec<String>,
    /// Report RULE as a warning.
    #[arg(long = "warn", value_name = "RULE")]
    warn: Vec<String>,
    /// Report RULE as an error.
    #[arg(long = "deny", value_name = "RULE")]
    deny: Vec<String>,
    /// Exit with 0 even when findings are reported (2 still means trouble).
    #[arg(long)]
    exit_zero: bool,
    /// Which findings make the exit status 1: `warning` (warnings and
    /// errors), `error` (errors only) or `never` (as --exit-zero).
    #[arg(long, value_enum, default_value_t = FailOn::Warning, value_name = "LEVEL")]
    fail_on: FailOn,
    /// Print the findings and errors only: no summary line and no warnings
    /// about the scan itself.
    #[arg(short, long)]
    quiet: bool,
    /// Apply the configuration's `exclude` patterns to files and directories
    /// named on the command line too (pre-commit and editors pass files by
    /// name).
    #[arg(long)]
    force_exclude: bool,
    /// Whether the paths are packages chosen as cargo chooses them (`cargo
    /// pollcheck`, `-p`, `--workspace`, `--manifest-path`): a walk then
    /// leaves out the packages nested in them.
    #[arg(skip)]
    packages_chosen: bool,
    /// Number of worker threads (default: RAYON_NUM_THREADS, else one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Apply safe fixes, then report what is left.
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff, also apply unsafe fixes (they change behaviour:
    /// read what each one does).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, and change nothing
    /// (exit 1 when there is a diff).
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Read the source from standard input and report it as PATH (for
    /// editors and formatters that pipe a buffer).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff"])]
    write_baseline: Option<PathBuf>,
    /// Report only findings on lines changed since this git revision (and in
    /// untracked files).
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    /// Where to keep what pollcheck learns of each crate between runs
    /// (default: POLLCHECK_CACHE_DIR, else pollcheck/ in the user's cache
    /// directory).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Neither read nor write the cache.
    #[arg(long)]
    no_cache: bool,
    /// Print scan statistics (files, lines, macro bodies, indexed functions,
    /// time) to standard error.
    #[arg(long)]
    statistics: bool,
    /// Do not look inside macro invocations (to measure what that costs).
    #[arg(long, hide = true)]
    no_macro_bodies: bool,
    /// Do not build the crate-wide index (to measure what that costs).
    #[arg(long, hide = true)]
    no_index: bool,
    /// Parse every file, not only those whose code mentions a name the rules
    /// look at. Findings are the same; it is slower, and reports syntax
    /// errors in every file rather than only in the files that are parsed.
    #[arg(long)]
    no_prefilter: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc-like snippets with labels and suggestions, and a summary line.
    Human,
    /// One line per finding: PATH:LINE:COL: LEVEL[RULE]: MESSAGE.
    Short,
    /// One rustc-compatible JSON diagnostic per line (for rust-analyzer and
    /// other tools that read `rustc --error-format=json`).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations (and a step summary when
    /// GITHUB_STEP_SUMMARY is set).
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    /// Colour when writing to a terminal (and NO_COLOR is unset).
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// How the binary was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invocation {
    /// As `pollcheck`.
    Direct,
    /// As `cargo pollcheck`: cargo runs `cargo-pollcheck pollcheck ARGS`.
    CargoSubcommand,
}

/// Runs pollcheck with `args` (the first is the program name).
pub fn main_with_args(
    invocation: Invocation,
    args: impl IntoIterator<Item = OsString>,
) -> ExitCode {
    let mut args: Vec<OsString> = args.into_iter().collect();
    if invocation == Invocation::CargoSubcommand
        && args.get(1).is_some_and(|word| word == "pollcheck")
    {
        args.remove(1);
    }
    let mut command = Cli::command();
    if invocation == Invocation::CargoSubcommand {
        // Help and errors say how the user ran it.
        command = command.bin_name("cargo pollcheck");
    }
    let matches = match command.try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_TROUBLE
            } else {
                EXIT_CLEAN
            });
        }
    };
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(EXIT_TROUBLE);
        }
    };
    if cli.command.is_none() {
        match package_paths(&cli.check, invocation == Invocation::CargoSubcommand) {
            Ok(Some(paths)) => {
                cli.check.paths = paths;
                cli.check.packages_chosen = true;
            }
            Ok(None) => {}
            Err(message) => {
                let mut stderr = StandardStream::stderr(color_choice(
                    cli.check.color,
                    std::io::stderr().is_terminal(),
                ));
                print_error(&mut stderr, &message);
                return ExitCode::from(EXIT_TROUBLE);
            }
        }
    }
    if let Some(name) = matches.subcommand_name() {
        // `pollcheck deps` where `deps/` is also a directory: say which it
        // is, and how to ask for the other.
        if Path::new(name).exists() {
            eprintln!(
                "note: `{name}` is a pollcheck subcommand and also a path here; running the subcommand (to scan the path, write `./{name}`)"
            );
        }
    }
    let status = match cli.command {
        Some(Command::Rules) => list_rules(),
        Some(Command::Explain { rule }) => explain(&rule),
        Some(Command::Server) => server::run(),
        Some(Command::Deps {
            deps,
            format,
            color,
            exit_zero,
            fail_on,
            ..
        }) => {
            let overrides = matches
                .subcommand_matches("deps")
                .map(level_overrides)
                .unwrap_or_default();
            run_deps(
                &deps,
                format,
                color,
                fail_on.with_exit_zero(exit_zero),
                &overrides,
            )
        }
        None => match CheckSettings::new(&cli.check, level_overrides(&matches)) {
            Ok(settings) => run(&settings),
            Err(message) => {
                let mut stderr = StandardStream::stderr(color_choice(
                    cli.check.color,
                    std::io::stderr().is_terminal(),
                ));
                print_error(&mut stderr, &message);
                EXIT_TROUBLE
            }
        },
    };
    ExitCode::from(status)
}

/// The directories of the packages to scan, as cargo picks them: with `-p`,
/// those packages; with `--workspace`, every member but `--exclude`d ones;
/// otherwise (as `cargo pollcheck`, or with `--manifest-path`) the package
/// the current directory (or the manifest) is in, or at a virtual
/// workspace's root its default members. `None` when paths decide (plain
/// `pollcheck`, or paths given).
fn package_paths(args: &CheckArgs, by_cargo: bool) -> Result<Option<Vec<PathBuf>>, String> {
    let selects = !args.packages.is_empty() || args.workspace || args.manifest_path.is_some();
    if args.stdin_filename.is_some() || !args.paths.is_empty() || !(selects || by_cargo) {
        return Ok(None);
    }
    let mut command = cargo_metadata::MetadataCommand::new();
    command.no_deps();
    if let Some(manifest) = &args.manifest_path {
        command.manifest_path(manifest);
    }
    let metadata = command.exec().map_err(|error| {
        let here = std::env::current_dir().unwrap_or_default();
        match &args.manifest_path {
            Some(manifest) => format!("cannot read the Cargo project of {}: {error}", manifest.display()),
            None if error.to_string().contains("could not find `Cargo.toml`") => format!(
                "no Cargo project here: {} has no Cargo.toml, nor has any directory above it (run `cargo pollcheck` inside a package, or give the paths to scan: `pollcheck PATH`)",
                here.display()
            ),
            None => format!(
                "cannot read the Cargo project of {}: {}",
                here.display(),
                error.to_string().trim()
            ),
        }
    })?;
    let members = metadata.workspace_packages();
    let directory = |package: &cargo_metadata::Package| {
        package
            .manifest_path
            .parent()
            .map(|parent| parent.as_std_path().to_path_buf())
            .unwrap_or_default()
    };
    let chosen: Vec<&cargo_metadata::Package> = if !args.packages.is_empty() {
        let mut chosen = Vec::new();
        for name in &args.packages {
            match members.iter().find(|package| package.name.as_str() == name) {
                Some(package) => chosen.push(*package),
                None => {
                    return Err(format!(
                        "package `{name}` is not a member of the workspace at {} (members: {})",
                        metadata.workspace_root,
                        members
                            .iter()
                            .map(|package| package.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }
            }
        }
        chosen
    } else if args.workspace {
        for name in &args.exclude {
            if !members.iter().any(|package| package.name.as_str() == name) {
                return Err(format!(
                    "--exclude {name}: no such package in the workspace"
                ));
            }
        }
        members
            .iter()
            .copied()
            .filter(|package| {
                !args
                    .exclude
                    .iter()
                    .any(|name| name == package.name.as_str())
            })
            .collect()
    } else {
        // The package the manifest or the current directory belongs to:
        // the member whose directory holds it most closely.
        let here = match &args.manifest_path {
            Some(manifest) => std::fs::canonicalize(manifest)
                .ok()
                .and_then(|path| path.parent().map(Path::to_path_buf))
                .unwrap_or_default(),
            None => std::fs::canonicalize(std::env::current_dir().unwrap_or_default())
                .unwrap_or_default(),
        };
        let inside = members
            .iter()
            .filter(|package| {
                std::fs::canonicalize(directory(package)).is_ok_and(|dir| here.starts_with(dir))
            })
            .max_by_key(|package| directory(package).components().count());
        match inside {
            Some(package) => vec![*package],
            None => metadata.workspace_default_packages(),
        }
    };
    let here =
        std::fs::canonicalize(std::env::current_dir().unwrap_or_default()).unwrap_or_default();
    Ok(Some(
        chosen
            .into_iter()
            .map(|package| relative_to(&directory(package), &here))
            .collect(),
    ))
}

/// `path` written from `base` (both absolute): `.`, `crates/a`, `..`.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let common = path
        .components()
        .zip(base.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path;
    }
    let mut relative = PathBuf::new();
    for _ in base.components().skip(common) {
        relative.push("..");
    }
    for component in path.components().skip(common) {
        relative.push(component);
    }
    if relative.as_os_str().is_empty() {
        relative.push(".");
    }
    relative
}

/// `--allow`/`--warn`/`--deny` in the order given, so that later ones win.
fn level_overrides(matches: &ArgMatches) -> Vec<(String, Level)> {
    let mut ordered: Vec<(usize, String, Level)> = Vec::new();
    for (id, level) in [
        ("allow", Level::Allow),
        ("warn", Level::Warn),
        ("deny", Level::Deny),
    ] {
        if let (Some(values), Some(indices)) =
            (matches.get_many::<String>(id), matches.indices_of(id))
        {
            for (value, index) in values.zip(indices) {
                ordered.push((index, value.clone(), level));
            }
        }
    }
    ordered.sort_by_key(|(index, _, _)| *index);
    ordered
        .into_iter()
        .map(|(_, name, level)| (name, level))
        .collect()
}

fn color_choice(when: ColorWhen, stream_is_terminal: bool) -> ColorChoice {
    match when {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto if stream_is_terminal && std::env::var_os("NO_COLOR").is_none() => {
            ColorChoice::Auto
        }
        ColorWhen::Auto => ColorChoice::Never,
    }
}

/// What reading the input is: the files and directories named, or one
/// text from standard input standing for a file.
#[derive(Debug)]
enum Input {
    Paths(Vec<PathBuf>),
    Stdin(PathBuf),
}

/// What a check run does with what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Report the findings.
    Report,
    /// Apply fixes (safe ones, unsafe ones too with `unsafe_fixes`), then
    /// report what is left.
    Fix { unsafe_fixes: bool },
    /// Print what fixing would change; change nothing.
    Diff { unsafe_fixes: bool },
}

/// A check run's command line, validated before anything is read.
#[derive(Debug)]
struct CheckSettings {
    input: Input,
    mode: Mode,
    format: Format,
    color: ColorWhen,
    overrides: Vec<(String, Level)>,
    fail_on: FailOn,
    quiet: bool,
    statistics: bool,
    baseline: Option<PathBuf>,
    write_baseline: Option<PathBuf>,
    changed_since: Option<String>,
    engine: EngineSettings,
}

/// How to build the engine.
#[derive(Debug)]
struct EngineSettings {
    threads: Option<usize>,
    macro_bodies: bool,
    index: bool,
    prefilter: bool,
    force_exclude: bool,
    own_packages_only: bool,
    cache_dir: Option<PathBuf>,
    no_cache: bool,
}

impl EngineSettings {
    fn tune<'r>(&self, engine: Engine<'r>) -> Engine<'r> {
        engine
            .with_threads(self.threads)
            .with_macro_bodies(self.macro_bodies)
            .with_index(self.index)
            .with_prefilter(self.prefilter)
            .with_force_exclude(self.force_exclude)
            .with_own_packages_only(self.own_packages_only)
            .with_model_cache(model_cache(self.cache_dir.as_deref(), self.no_cache))
    }
}

impl CheckSettings {
    /// Validates `args`; `overrides` are the level flags in order.
    fn new(args: &CheckArgs, overrides: Vec<(String, Level)>) -> Result<Self, String> {
        if args.unsafe_fixes && !(args.fix || args.diff) {
            return Err("--unsafe-fixes needs --fix or --diff".to_string());
        }
        if args.threads == Some(0) {
            return Err("--threads needs at least 1".to_string());
        }
        let input = match &args.stdin_filename {
            Some(_) if args.fix || args.diff => {
                return Err(
                    "--fix and --diff change or compare files on disk; they cannot be used with --stdin-filename"
                        .to_string(),
                );
            }
            Some(_) if !args.paths.is_empty() => {
                return Err(
                    "PATH arguments cannot be used with --stdin-filename (the text read stands for that file)"
                        .to_string(),
                );
            }
            Some(name) => Input::Stdin(name.clone()),
            None if args.paths.is_empty() => Input::Paths(vec![PathBuf::from(".")]),
            None => Input::Paths(args.paths.clone()),
        };
        if let Some(revision) = &args.changed_since {
            if let Some(problem) = revision_problem("--changed-since", revision) {
                return Err(problem);
            }
        }
        let mode = match (args.fix, args.diff) {
            (true, _) => Mode::Fix {
                unsafe_fixes: args.unsafe_fixes,
            },
            (false, true) => Mode::Diff {
                unsafe_fixes: args.unsafe_fixes,
            },
            (false, false) => Mode::Report,
        };
        Ok(CheckSettings {
            input,
            mode,
            format: args.format,
            color: args.color,
            overrides,
            fail_on: args.fail_on.with_exit_zero(args.exit_zero),
            quiet: args.quiet,
            statistics: args.statistics,
            baseline: args.baseline.clone(),
            write_baseline: args.write_baseline.clone(),
            changed_since: args.changed_since.clone(),
            engine: EngineSettings {
                threads: args.threads,
                macro_bodies: !args.no_macro_bodies,
                index: !args.no_index,
                prefilter: !args.no_prefilter,
                force_exclude: args.force_exclude,
                own_packages_only: args.packages_chosen,
                cache_dir: args.cache_dir.clone(),
                no_cache: args.no_cache,
            },
        })
    }

    /// Where the configuration is looked for: above what is scanned.
    fn start(&self) -> &std::path::Path {
        match &self.input {
            Input::Paths(paths) => &paths[0],
            Input::Stdin(name) => name,
        }
    }
}

/// The configuration nearest above `start`, and an engine over every rule
/// with its levels, then `overrides` on top.
fn configured_engine(
    start: &std::path::Path,
    overrides: &[(String, Level)],
    manifests: &Arc<Manifests>,
) -> Result<(Engine<'static>, Config), String> {
    let known: Vec<&str> = rules::RULES.iter().map(|rule| rule.meta().name).collect();
    let config = lint_core::config::discover(start, &known, manifests)
        .map_err(|error| error.to_string())?
        .unwrap_or_default();
    let mut levels = config.levels.clone();
    levels.extend_from_slice(overrides);
    let engine = Engine::new(rules::RULES, &levels).map_err(|error| error.to_string())?;
    let engine = engine
        .with_config(&config)
        .with_manifests(Arc::clone(manifests));
    Ok((engine, config))
}

/// Writes `report` to standard output in `format`; an error other than a
/// closed pipe is printed.
fn emit_report(
    report: &Report,
    format: Format,
    human: HumanEmitter,
    color: ColorWhen,
    stderr: &mut StandardStream,
) -> Result<(), ()> {
    let mut stdout = StandardStream::stdout(color_choice(color, std::io::stdout().is_terminal()));
    let emitter = emitter_for(format, human);
    match emitter
        .emit(report, &mut stdout)
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            print_error(stderr, &format!("cannot write the report: {error}"));
            Err(())
        }
        _ => Ok(()),
    }
}

/// A writer that stops writing, quietly, once its reader has gone (`|
/// head`): what is left is not wanted, and the run goes on to its usual
/// exit status. Other errors are errors.
struct UntilClosed<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> UntilClosed<W> {
    fn new(inner: W) -> Self {
        UntilClosed {
            inner,
            closed: false,
        }
    }

    fn quietly<T>(&mut self, done: T, result: std::io::Result<T>) -> std::io::Result<T> {
        match result {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(done)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for UntilClosed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.quietly(buf.len(), result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.quietly((), result)
    }
}

/// The exit status of a run: 2 when something could not be read, parsed,
/// fixed or written; else 1 when a finding fails the run (as `--fail-on`
/// says); else 0.
fn exit_status(trouble: bool, report: &Report, fail_on: FailOn) -> u8 {
    if trouble {
        EXIT_TROUBLE
    } else if fail_on.fails(report) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Scans what `settings` names and prints the report; returns the exit
/// status.
fn run(settings: &CheckSettings) -> u8 {
    let mut stderr = StandardStream::stderr(color_choice(
        settings.color,
        std::io::stderr().is_terminal(),
    ));
    let manifests = Arc::new(Manifests::new());
    let engine = match configured_engine(settings.start(), &settings.overrides, &manifests) {
        Ok((engine, _)) => settings.engine.tune(engine),
        Err(error) => {
            print_error(&mut stderr, &error);
            return EXIT_TROUBLE;
        }
    };
    let mut trouble = false;
    let mut report = match (&settings.input, settings.mode) {
        (Input::Paths(paths), Mode::Diff { unsafe_fixes }) => {
            return show_diff(&engine, paths, unsafe_fixes, &mut stderr);
        }
        (Input::Paths(paths), Mode::Fix { unsafe_fixes }) => {
            let (plans, mut report) = engine.plan_fixes(paths, unsafe_fixes);
            for plan in &plans {
                if let Some(problem) = &plan.problem {
                    print_error(&mut stderr, &format!("{}: {problem}", plan.path.display()));
                    trouble = true;
                } else if plan.changes() {
                    match lint_core::write_fix(plan) {
                        // What the plan found left in the fixed text stands
                        // for the file: no second scan.
                        Ok(()) => report.take_fixed(plan),
                        Err(error) => {
                            print_error(&mut stderr, &error.to_string());
                            trouble = true;
                        }
                    }
                }
            }
            report
        }
        (Input::Paths(paths), Mode::Report) => engine.check_paths(paths),
        (Input::Stdin(name), _) => {
            let mut text = String::new();
            if let Err(error) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
                print_error(&mut stderr, &format!("cannot read standard input: {error}"));
                return EXIT_TROUBLE;
            }
            engine.check_text_in_crate(name, text)
        }
    };
    if let Some(revision) = &settings.changed_since {
        let directory = std::env::current_dir().unwrap_or_default();
        match lint_core::changes::ChangedLines::since(&directory, revision) {
            Ok(changed) => {
                report.hidden_unchanged = report.retain_counting(|source, diagnostic| {
                    changed.contains(
                        source.path(),
                        source.line_column(diagnostic.range.start).line,
                    )
                });
            }
            Err(error) => {
                print_error(&mut stderr, &format!("--changed-since {revision}: {error}"));
                return EXIT_TROUBLE;
            }
        }
    }
    if let Some(file) = &settings.baseline {
        match lint_core::baseline::load(file) {
            Ok(baseline) => {
                let removed = baseline.filter(&mut report);
                report.hidden_by_baseline = removed;
                if removed == 0 && baseline.recorded() > 0 && !settings.quiet {
                    let _ = writeln!(
                        stderr,
                        "warning: the baseline {} records {} but matched none (paths are recorded as given on the command line: was it written from another directory or for other paths?)",
                        file.display(),
                        lint_core::emit::plural(baseline.recorded(), "finding")
                    );
                }
            }
            Err(error) => {
                print_error(&mut stderr, &error.to_string());
                return EXIT_TROUBLE;
            }
        }
    }
    if let Some(file) = &settings.write_baseline {
        return match lint_core::baseline::write(&report, file) {
            Ok(count) => {
                let _ = writeln!(
                    stderr,
                    "pollcheck: wrote {count} findings to the baseline {}",
                    file.display()
                );
                EXIT_CLEAN
            }
            Err(error) => {
                print_error(&mut stderr, &error.to_string());
                EXIT_TROUBLE
            }
        };
    }
    for error in &report.errors {
        print_error(&mut stderr, &error.to_string());
    }
    trouble |= !report.errors.is_empty();
    if report.files_scanned == 0 && report.errors.is_empty() && !settings.quiet {
        let all_excluded = report.named_excluded > 0
            && matches!(&settings.input, Input::Paths(paths) if paths.len() == report.named_excluded);
        let _ = if all_excluded {
            writeln!(
                stderr,
                "warning: no Rust file was scanned: the configuration's `exclude` covers {} named (--force-exclude)",
                if report.named_excluded == 1 {
                    "the path".to_string()
                } else {
                    format!("all {} paths", report.named_excluded)
                }
            )
        } else {
            writeln!(
                stderr,
                "warning: no Rust file was found (directories are searched for `.rs` files, minus ignored and excluded paths)"
            )
        };
    }
    if settings.statistics {
        let _ = writeln!(
            stderr,
            "statistics: files {}, parsed {}, lines {}, bytes {}, macro bodies checked {}, functions indexed {}, time {:.3} s",
            report.files_scanned,
            report.files_parsed,
            report.lines_scanned,
            report.bytes_scanned,
            report.macros_expanded,
            report.functions_indexed,
            report.elapsed.as_secs_f64()
        );
    }
    // The human summary says what `--fix` applied; for the machine formats,
    // whose standard output is for a program, it goes to standard error.
    if settings.format != Format::Human && report.fixes_applied > 0 && !settings.quiet {
        let _ = writeln!(
            stderr,
            "pollcheck: applied {}",
            lint_core::emit::plural(report.fixes_applied, "fix").replace("fixs", "fixes")
        );
    }
    let emitted = emit_report(
        &report,
        settings.format,
        HumanEmitter {
            summary: !settings.quiet,
            ..HumanEmitter::default()
        },
        settings.color,
        &mut stderr,
    );
    let status = if emitted.is_err() {
        EXIT_TROUBLE
    } else {
        exit_status(trouble, &report, settings.fail_on)
    };
    // The process ends next: freeing every file's text and every crate's
    // model one allocation at a time would only delay it.
    std::mem::forget(report);
    status
}

/// The cache directory: `--cache-dir`, else `POLLCHECK_CACHE_DIR`, else
/// `pollcheck` in the user's cache directory.
pub(crate) fn cache_directory(given: Option<&std::path::Path>) -> Option<PathBuf> {
    given
        .map(std::path::Path::to_path_buf)
        .or_else(|| std::env::var_os("POLLCHECK_CACHE_DIR").map(PathBuf::from))
        .or_else(|| dirs::cache_dir().map(|dir| dir.join("pollcheck")))
}

/// Where the crate model keeps what it learns, unless the cache is off.
fn model_cache(given: Option<&std::path::Path>, off: bool) -> Option<lint_core::model::ModelCache> {
    if off {
        return None;
    }
    cache_directory(given).map(|dir| lint_core::model::ModelCache::new(dir.join("model")))
}

/// What is wrong with the text given to `option` as a git revision, seen
/// before git is asked: an empty one, or a remote without a branch (what
/// `origin/${{ github.base_ref }}` is on a push).
fn revision_problem(option: &str, revision: &str) -> Option<String> {
    if revision.trim().is_empty() {
        Some(format!(
            "{option} needs a git revision; it was given an empty one"
        ))
    } else if revision.ends_with('/') {
        Some(format!(
            "{option} {revision}: names a remote but no branch (on a push, `origin/${{{{ github.base_ref }}}}` is `origin/`: compare with `${{{{ github.event.before }}}}` there)"
        ))
    } else {
        None
    }
}

/// `pollcheck deps`: the table (human format) or every finding (the
/// others), and the usual exit status.
fn run_deps(
    args: &deps::DepsArgs,
    format: Format,
    color: ColorWhen,
    fail_on: FailOn,
    overrides: &[(String, Level)],
) -> u8 {
    let mut stderr = StandardStream::stderr(color_choice(color, std::io::stderr().is_terminal()));
    if let Some(problem) = args
        .since
        .as_deref()
        .and_then(|revision| revision_problem("--since", revision))
    {
        print_error(&mut stderr, &problem);
        return EXIT_TROUBLE;
    }
    let start = args
        .manifest_path
        .as_ref()
        .and_then(|path| path.parent().map(std::path::Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    let manifests = Arc::new(Manifests::new());
    let (engine, config) = match configured_engine(&start, overrides, &manifests) {
        Ok(found) => found,
        Err(error) => {
            print_error(&mut stderr, &error);
            return EXIT_TROUBLE;
        }
    };
    // Cached results are valid for these levels and names only.
    let settings_key = lint_core::fingerprint::digest(&format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}",
        config.levels,
        overrides,
        config.rule_settings.write_polls,
        config.rule_settings.io_writes,
        config.rule_settings.diagnostic_writers
    ));
    let mut table = UntilClosed::new(if format == Format::Human {
        Box::new(std::io::stdout()) as Box<dyn Write>
    } else {
        Box::new(std::io::stderr())
    });
    let report = match deps::audit(args, &engine, &settings_key, &mut table) {
        Ok(report) => report,
        Err(error) => {
            print_error(&mut stderr, &error.to_string());
            return EXIT_TROUBLE;
        }
    };
    drop(table);
    for error in &report.errors {
        print_error(&mut stderr, &error.to_string());
    }
    // The human format's table is already out; the findings follow only
    // with --details.
    if format != Format::Human || args.details {
        let human = HumanEmitter {
            summary: false,
            timing: false,
        };
        if emit_report(&report, format, human, color, &mut stderr).is_err() {
            return EXIT_TROUBLE;
        }
    }
    exit_status(!report.errors.is_empty(), &report, fail_on)
}

/// The emitter for `format`; `human` is the one to use for the human format.
fn emitter_for(format: Format, human: HumanEmitter) -> Box<dyn Emitter> {
    let metas = || rules::RULES.iter().map(|rule| rule.meta());
    match format {
        Format::Human => Box::new(human),
        Format::Short => Box::new(ShortEmitter),
        Format::Json => Box::new(JsonEmitter::new(metas())),
        Format::Sarif => Box::new(SarifEmitter::new(metas())),
        Format::Github => Box::new(GithubEmitter::new(
            std::env::var_os("GITHUB_STEP_SUMMARY").map(PathBuf::from),
        )),
    }
}

/// `--diff`: what `--fix` would change, as a unified diff; nothing is
/// written. Exit 1 when there is a diff.
fn show_diff(
    engine: &Engine<'_>,
    paths: &[PathBuf],
    unsafe_fixes: bool,
    stderr: &mut StandardStream,
) -> u8 {
    let (plans, report) = engine.plan_fixes(paths, unsafe_fixes);
    for error in &report.errors {
        print_error(stderr, &error.to_string());
    }
    let mut out = std::io::stdout().lock();
    let mut changed = false;
    let mut trouble = !report.errors.is_empty();
    for plan in &plans {
        if let Some(problem) = &plan.problem {
            print_error(stderr, &format!("{}: {problem}", plan.path.display()));
            trouble = true;
            continue;
        }
        if !plan.changes() {
            continue;
        }
        changed = true;
        let name = plan.path.display().to_string();
        let diff = similar::TextDiff::from_lines(&plan.original, &plan.fixed);
        let _ = write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("a/{name}"), &format!("b/{name}"))
        );
    }
    if trouble {
        EXIT_TROUBLE
    } else if changed {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn print_error(stderr: &mut StandardStream, message: &str) {
    let _ = stderr.set_color(ColorSpec::new().set_fg(Some(Color::Red)).set_bold(true));
    let _ = write!(stderr, "error");
    let _ = stderr.reset();
    let _ = writeln!(stderr, ": {message}");
}

fn list_rules() -> u8 {
    let mut out = std::io::stdout().lock();
    let width = rules::RULES
        .iter()
        .map(|rule| rule.meta().name.len())
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "{:width$}  {:5}  {:9}  summary",
        "rule", "level", "fix"
    );
    for rule in rules::RULES {
        let meta = rule.meta();
        let _ = writeln!(
            out,
            "{:width$}  {:5}  {:9}  {}",
            meta.name,
            meta.default_level.as_setting_str(),
            meta.fix.as_str(),
            meta.summary
        );
    }
    EXIT_CLEAN
}

fn explain(name: &str) -> u8 {
    let Some(rule) = rules::by_name(&lint_core::rule::canonical_rule_name(name)) else {
        let known: Vec<&str> = rules::RULES.iter().map(|rule| rule.meta().name).collect();
        eprintln!(
            "error: unknown rule `{name}`{}; known rules: {}",
            lint_core::rule::did_you_mean(name, &known),
            known.join(", ")
        );
        return EXIT_TROUBLE;
    };
    let _ = write!(
        std::io::stdout().lock(),
        "{}",
        rule_documentation(rule.meta())
    );
    EXIT_CLEAN
}

/// A rule's documentation in Markdown, as `pollcheck explain` prints it.
fn rule_documentation(meta: &lint_core::rule::RuleMeta) -> String {
    format!(
        "# {}\n\n{}\n\nDefault level: {} ({})\n\n{}",
        meta.name,
        meta.summary,
        meta.default_level.as_setting_str(),
        meta.level_reason,
        lint_core::rule::docs_markdown(meta)
    )
}
