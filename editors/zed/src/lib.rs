//! Zed starts `pollcheck server` for Rust files through this extension.
//!
//! The binary is the one the user's settings name
//! (`lsp.pollcheck.binary.path`, with `arguments` in place of `server`),
//! else `pollcheck` found on the worktree's `PATH`. Nothing is downloaded:
//! pollcheck is installed with cargo (see the README).

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Worktree};

struct Pollcheck;

/// What the user's settings say about the binary: its path and arguments,
/// each when given.
#[derive(Debug, Default, PartialEq)]
pub struct Configured {
    pub path: Option<String>,
    pub arguments: Option<Vec<String>>,
}

/// The command that starts the server: the configured binary, else the one
/// on the `PATH`; the configured arguments, else `server`.
pub fn server_command(
    configured: Configured,
    on_path: Option<String>,
    env: Vec<(String, String)>,
) -> zed::Result<zed::Command> {
    let command = configured.path.or(on_path).ok_or_else(|| {
        "pollcheck is not on the PATH: install it with `cargo install --locked --git \
         <pollcheck's repository> pollcheck`, or set lsp.pollcheck.binary.path"
            .to_string()
    })?;
    let args = configured
        .arguments
        .unwrap_or_else(|| vec!["server".to_string()]);
    Ok(zed::Command { command, args, env })
}

impl zed::Extension for Pollcheck {
    fn new() -> Self {
        Pollcheck
    }

    fn language_server_command(
        &mut self,
        id: &LanguageServerId,
        worktree: &Worktree,
    ) -> zed::Result<zed::Command> {
        let binary = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let configured = Configured {
            path: binary.as_ref().and_then(|binary| binary.path.clone()),
            arguments: binary.and_then(|binary| binary.arguments),
        };
        server_command(
            configured,
            worktree.which("pollcheck"),
            worktree.shell_env(),
        )
    }
}

zed::register_extension!(Pollcheck);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_on_the_path_runs_the_server() {
        let command =
            server_command(Configured::default(), Some("/bin/pollcheck".into()), vec![]).unwrap();
        assert_eq!(command.command, "/bin/pollcheck");
        assert_eq!(command.args, ["server"]);
    }

    #[test]
    fn settings_choose_the_binary_and_its_arguments() {
        let configured = Configured {
            path: Some("/opt/pollcheck".into()),
            arguments: Some(vec!["server".into(), "--verbose".into()]),
        };
        let command = server_command(configured, Some("/bin/pollcheck".into()), vec![]).unwrap();
        assert_eq!(command.command, "/opt/pollcheck");
        assert_eq!(command.args, ["server", "--verbose"]);
    }

    #[test]
    fn without_a_binary_the_error_says_how_to_get_one() {
        let error = server_command(Configured::default(), None, vec![]).unwrap_err();
        assert!(error.contains("cargo install --locked"), "{error}");
        assert!(error.contains("lsp.pollcheck.binary.path"), "{error}");
    }
}
