'use strict';
// How the extension starts `pollcheck server`: kept apart from the VS Code
// API so that it can be tested with Node alone.

const fs = require('node:fs');
const path = require('node:path');

/**
 * The executable the language client runs (over standard input and
 * output, the client's default for an executable).
 * @param {{ path?: string, arguments?: string[] }} settings
 *   the `pollcheck.*` settings
 */
function serverOptions(settings) {
  const command = settings.path && settings.path.trim() !== '' ? settings.path : 'pollcheck';
  const args =
    Array.isArray(settings.arguments) && settings.arguments.length > 0
      ? settings.arguments.slice()
      : ['server'];
  return { command, args };
}

/** The documents the server is told of: Rust files on disk. */
const documentSelector = [{ scheme: 'file', language: 'rust' }];

/** Whether a settings change touches how the server is started. */
function restartNeeded(event) {
  return ['pollcheck.path', 'pollcheck.arguments'].some((section) =>
    event.affectsConfiguration(section),
  );
}

/** Whether `file` is a file that can be run (on Windows: that exists). */
function runnable(file, platform) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The file that starting `command` would run, found as Node's
 * `child_process.spawn` (which the language client uses, without a shell)
 * finds it, or `undefined` when there is none, so that a missing binary is
 * told before the client tries it.
 *
 * A command with a directory in it is taken relative to `cwd` (the
 * server's working directory); a bare name is looked up in the `PATH`.
 * On Windows a bare name is looked up in `cwd` first, and the name is
 * tried as it is only when it has an extension, then with `.com` and
 * `.exe` appended: spawn does exactly that, and ignores `PATHEXT`, since
 * it can start only those (a `pollcheck.cmd` on the `PATH` would not run).
 *
 * @param {string} command the configured path, or `pollcheck`
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, platform?: string }} where
 *   `env` and `platform` default to this process's (given in tests)
 * @returns {string | undefined} the file's absolute path
 */
function findBinary(command, { cwd, env = process.env, platform = process.platform }) {
  const windows = platform === 'win32';
  const separators = windows ? /[\\/:]/ : /\//;
  const name = command.split(separators).pop();
  const extensions = windows
    ? [...(/\.(?!$)/.test(name) ? [''] : []), '.com', '.exe']
    : [''];
  const lookIn = (directory) => {
    for (const extension of extensions) {
      const file = path.resolve(cwd, directory, command + extension);
      if (runnable(file, platform)) return file;
    }
    return undefined;
  };
  if (separators.test(command)) return lookIn('');
  // The variable is `Path` on Windows, whose environment ignores case.
  const key = windows
    ? Object.keys(env).find((variable) => variable.toUpperCase() === 'PATH')
    : 'PATH';
  const searched = key !== undefined && env[key] !== undefined ? env[key] : windows ? '' : '/usr/bin:/bin';
  const directories = searched
    .split(path.delimiter)
    .map((directory) => (windows ? directory.replace(/^["']|["']$/g, '') : directory))
    .filter((directory) => directory !== '');
  for (const directory of windows ? ['', ...directories] : directories) {
    const found = lookIn(directory);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The one command that installs pollcheck (as the main README says). */
const INSTALL = 'cargo install --locked --path .';

/**
 * The message for a binary that `findBinary` did not find: what was
 * looked for, and the two ways to fix it.
 * @param {string} command the configured path, or `pollcheck`
 * @param {boolean} configured whether `pollcheck.path` names it
 */
function notFoundMessage(command, configured) {
  const missing = configured
    ? `the pollcheck.path setting names ${command}, which is not an executable file`
    : 'pollcheck is not on the PATH';
  return (
    `pollcheck server did not start: ${missing}. Install pollcheck from a clone of its ` +
    `repository with \`${INSTALL}\`, or set pollcheck.path to the pollcheck binary.`
  );
}

module.exports = {
  serverOptions,
  documentSelector,
  restartNeeded,
  findBinary,
  notFoundMessage,
  INSTALL,
};
