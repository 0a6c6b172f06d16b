//! `cargo pollcheck`: cargo runs this binary as `cargo-pollcheck pollcheck ARGS`.

/// syn allocates and frees many small nodes. With mimalloc (built without
/// transparent huge pages, see the workspace manifest) a scan of the
/// 721-crate benchmark corpus took 1.22 s instead of 1.27 s with the system
/// allocator on two cores, 2.12 s instead of 2.32 s on one (medians of 6
/// runs in turns, 2026-12-03), for a peak RSS 7 MB higher.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    pollcheck_cli::main_with_args(
        pollcheck_cli::Invocation::CargoSubcommand,
        std::env::args_os(),
    )
}
