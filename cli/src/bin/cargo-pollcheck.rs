//! `cargo pollcheck`: cargo runs this binary as `cargo-pollcheck pollcheck ARGS`.

/// syn allocates and frees many small nodes; with mimalloc a scan of the
/// 721-crate benchmark corpus took 27.7 s instead of 33.0 s on two cores.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    pollcheck_cli::allocator::keep_freed_memory();
    pollcheck_cli::main_with_args(
        pollcheck_cli::Invocation::CargoSubcommand,
        std::env::args_os(),
    )
}
