//! `cargo pollcheck`: cargo runs this binary as `cargo-pollcheck pollcheck ARGS`.

fn main() -> std::process::ExitCode {
    pollcheck_cli::main_with_args(std::env::args_os())
}
