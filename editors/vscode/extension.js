'use strict';
// Starts `pollcheck server` for Rust files, beside rust-analyzer: its
// findings are diagnostics, its fixes and suppressions quick fixes, and
// hovering a finding shows the rule's documentation.

const vscode = require('vscode');
const { LanguageClient, CloseAction } = require('vscode-languageclient/node');
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

/**
 * How long a start or a stop waits for a server that has not answered
 * `initialize` (pollcheck answers at once) before the next start or stop
 * goes on: a binary that never answers must not hold up a restart.
 */
const timing = {
  startWaitMs: 10000,
  /** How long deactivation waits for a server still starting. */
  stopWaitMs: 2000,
  /** How long an ended server has to exit before it is killed. */
  killWaitMs: 2000,
};

/** Clients whose start was not waited for to the end (they may answer yet). */
const late = new WeakSet();

/** Clients given up on while starting: they are not restarted. */
const abandoned = new WeakSet();

/** Set once the extension is deactivated: nothing starts after that. */
let deactivated = false;

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

/** Whether `promise` settles (either way) within `ms` milliseconds. */
function settlesWithin(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true,
    () => true,
  );
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The client's own error handling (it restarts a server that exits, a
 * few times), except for a client given up on: its server is not
 * restarted when it is made to exit.
 */
function errorHandler(owner) {
  let fallback;
  const base = () => {
    if (fallback === undefined) fallback = owner().createDefaultErrorHandler();
    return fallback;
  };
  return {
    error: (error, message, count) => base().error(error, message, count),
    closed: () =>
      abandoned.has(owner()) ? { action: CloseAction.DoNotRestart, handled: true } : base().closed(),
  };
}

/**
 * Gives up on a client whose server has not answered: its process is
 * ended (the client has no way to stop a server it is still starting),
 * and it is not restarted.
 */
function abandon(starting) {
  abandoned.add(starting);
  if (output) {
    output.appendLine(
      'pollcheck server has not answered since it was started; it is stopped.',
    );
  }
  // vscode-languageclient keeps the process it spawned here; without it
  // the process is left until the window closes.
  const child = starting._serverProcess;
  const running = () => child && child.exitCode === null && child.signalCode === null;
  if (!running()) return;
  child.kill();
  // As the client does for a server it stops: one that is still there a
  // while later is killed outright.
  const timer = setTimeout(() => {
    if (running()) child.kill('SIGKILL');
  }, timing.killWaitMs);
  if (typeof timer.unref === 'function') timer.unref();
}

async function start() {
  if (deactivated) return;
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
    { documentSelector, outputChannel: output, errorHandler: errorHandler(() => starting) },
  );
  client = starting;
  const started = starting.start().catch((error) => {
    // The client has shown its own error message already (and written the
    // reason in the output channel): a second message would add nothing.
    if (output) output.appendLine(`pollcheck server did not start: ${describe(error)}`);
  });
  if (!(await settlesWithin(started, timing.startWaitMs))) {
    // Left to go on starting; a restart or deactivation gives up on it
    // without waiting again.
    late.add(starting);
    if (output) {
      output.appendLine(
        `pollcheck server has not answered within ${timing.startWaitMs / 1000} s of starting.`,
      );
    }
  }
}

/** Stops the client, waiting at most `wait` ms for one still starting. */
async function stop(wait = timing.startWaitMs) {
  const running = client;
  client = undefined;
  if (running === undefined) return;
  // A client still starting (restarting itself after a crash, or still
  // starting when deactivated) is waited for, a while, unless it was
  // waited for already; one that did not start, or stopped by itself, has
  // nothing to stop (and its stop() would reject: "Client is not running
  // and can't be stopped").
  if (!running.isRunning() && running.needsStop()) {
    if (!late.has(running)) await settlesWithin(running.start(), wait);
    if (!running.isRunning()) {
      if (running.needsStop()) abandon(running);
      return;
    }
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
  // Not queued behind a start that is being waited for: VS Code gives
  // deactivation a few seconds.
  deactivated = true;
  return stop(timing.stopWaitMs);
}

module.exports = { activate, deactivate, timing };
