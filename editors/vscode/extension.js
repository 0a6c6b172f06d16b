'use strict';
// Starts `pollcheck server` for Rust files, beside rust-analyzer: its
// findings are diagnostics, its fixes and suppressions quick fixes, and
// hovering a finding shows the rule's documentation.

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const {
  serverOptions,
  documentSelector,
  restartNeeded,
  findBinary,
  notFoundMessage,
} = require('./server');

/** @type {LanguageClient | undefined} */
let client;

/**
 * One output channel for every client this extension starts, so that a
 * restart does not leave a second `pollcheck` channel behind.
 * @type {import('vscode').OutputChannel | undefined}
 */
let output;

/** Starts and stops, one after the other (a restart waits for a start). */
let queue = Promise.resolve();

function serialized(task) {
  const done = queue.then(task);
  queue = done.catch(() => undefined);
  return done;
}

function settings() {
  const configuration = vscode.workspace.getConfiguration('pollcheck');
  return {
    path: configuration.get('path'),
    arguments: configuration.get('arguments'),
  };
}

/** The server's working directory, as the language client chooses it. */
function workingDirectory() {
  const folders = vscode.workspace.workspaceFolders;
  if (folders && folders.length > 0 && folders[0].uri.scheme === 'file') {
    return folders[0].uri.fsPath;
  }
  return process.cwd();
}

function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

async function start() {
  const current = settings();
  const options = serverOptions(current);
  const command = findBinary(options.command, { cwd: workingDirectory() });
  if (command === undefined) {
    // Told here, once, rather than by the client, whose message for a
    // binary it cannot run says only that it could not connect.
    const configured = typeof current.path === 'string' && current.path.trim() !== '';
    const message = notFoundMessage(options.command, configured);
    if (output) output.appendLine(message);
    void vscode.window.showErrorMessage(message);
    return;
  }
  const starting = new LanguageClient(
    'pollcheck',
    'pollcheck',
    { ...options, command },
    { documentSelector, outputChannel: output },
  );
  client = starting;
  try {
    await starting.start();
  } catch (error) {
    // The client has shown its own error message already (and written the
    // reason in the output channel): a second message would add nothing.
    if (output) output.appendLine(`pollcheck server did not start: ${describe(error)}`);
  }
}

async function stop() {
  const running = client;
  client = undefined;
  if (running === undefined) return;
  // A client still starting (restarting itself after a crash) is waited
  // for; one that did not start, or stopped by itself, has nothing to stop
  // (and its stop() would reject: "Client is not running and can't be
  // stopped").
  if (!running.isRunning() && running.needsStop()) {
    await running.start().catch(() => undefined);
  }
  if (!running.isRunning()) return;
  try {
    await running.stop();
  } catch (error) {
    if (output) output.appendLine(`pollcheck server did not stop: ${describe(error)}`);
  }
}

function restart() {
  return serialized(async () => {
    await stop();
    await start();
  });
}

/** @param {import('vscode').ExtensionContext} context */
async function activate(context) {
  output = vscode.window.createOutputChannel('pollcheck');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('pollcheck.restart', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (restartNeeded(event)) {
        return restart();
      }
      return undefined;
    }),
  );
  await serialized(start);
}

function deactivate() {
  return serialized(stop);
}

module.exports = { activate, deactivate };
