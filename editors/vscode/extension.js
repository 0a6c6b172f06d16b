'use strict';
// Starts `pollcheck server` for Rust files, beside rust-analyzer: its
// findings are diagnostics, its fixes and suppressions quick fixes, and
// hovering a finding shows the rule's documentation.

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { serverOptions, documentSelector, restartNeeded } = require('./server');

/** @type {LanguageClient | undefined} */
let client;

function settings() {
  const configuration = vscode.workspace.getConfiguration('pollcheck');
  return {
    path: configuration.get('path'),
    arguments: configuration.get('arguments'),
  };
}

async function start() {
  client = new LanguageClient('pollcheck', 'pollcheck', serverOptions(settings()), {
    documentSelector,
  });
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    vscode.window.showErrorMessage(
      `pollcheck server did not start (${message}). Install pollcheck with ` +
        '`cargo install --locked`, or set pollcheck.path.',
    );
  }
}

async function restart() {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
  await start();
}

/** @param {import('vscode').ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('pollcheck.restart', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (restartNeeded(event)) {
        return restart();
      }
      return undefined;
    }),
  );
  await start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
