'use strict';
// How the extension starts `pollcheck server`: kept apart from the VS Code
// API so that it can be tested with Node alone.

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

module.exports = { serverOptions, documentSelector, restartNeeded };
