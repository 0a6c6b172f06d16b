//! Zed starts `pollcheck server` for Rust files through this extension.
//!
//! The binary is the one the user's settings name
//! (`lsp.pollcheck.binary.path`, with `arguments` in place of `server` and
//! `env` added to the worktree's environment), else `pollcheck` found on
//! the worktree's `PATH`. Nothing is downloaded:
//! pollcheck is installed with cargo (see the README).

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Worktree};

struct Pollcheck;

/// What the user's settings say about the binary: its path, arguments and
/// environment, each when given.
#[derive(Debug, Default, PartialEq)]
pub struct Configured {
    pub path: Option<String>,
    pub arguments: Option<Vec<String>>,
    pub env: Vec<(String, String)>,
}

/// The command that starts the server: the configured binary, else the one
/// on the `PATH`; the configured arguments, else `server`; the worktree's
/// environment with the configured variables set over it.
pub fn server_command(
    configured: Configured,
    on_path: Option<String>,
    mut env: Vec<(String, String)>,
) -> zed::Result<zed::Command> {
    let command = configured.path.or(on_path).ok_or_else(|| {
        "pollcheck is not on the PATH: install it from a clone of its repository with \
         `cargo install --locked --path .`, or set lsp.pollcheck.binary.path"
            .to_string()
    })?;
    for (name, value) in configured.env {
        env.retain(|(other, _)| *other != name);
        env.push((name, value));
    }
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
            arguments: binary.as_ref().and_then(|binary| binary.arguments.clone()),
            env: binary
                .and_then(|binary| binary.env)
                .map(|env| env.into_iter().collect())
                .unwrap_or_default(),
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
            env: vec![("RUST_LOG".into(), "debug".into())],
        };
        let worktree = vec![
            ("PATH".into(), "/bin".into()),
            ("RUST_LOG".into(), "warn".into()),
        ];
        let command = server_command(configured, Some("/bin/pollcheck".into()), worktree).unwrap();
        assert_eq!(command.command, "/opt/pollcheck");
        assert_eq!(command.args, ["server", "--verbose"]);
        let env = |name: &str| -> Vec<&str> {
            command
                .env
                .iter()
                .filter(|(other, _)| other == name)
                .map(|(_, value)| value.as_str())
                .collect()
        };
        assert_eq!(env("PATH"), ["/bin"]);
        assert_eq!(env("RUST_LOG"), ["debug"]);
    }

    #[test]
    fn without_a_binary_the_error_says_how_to_get_one() {
        let error = server_command(Configured::default(), None, vec![]).unwrap_err();
        assert!(error.contains("cargo install --locked --path ."), "{error}");
        assert!(error.contains("lsp.pollcheck.binary.path"), "{error}");
    }
}
