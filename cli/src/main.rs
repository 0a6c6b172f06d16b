//! The `pollcheck` binary.

fn main() -> std::process::ExitCode {
    pollcheck_cli::main_with_args(std::env::args_os())
}
