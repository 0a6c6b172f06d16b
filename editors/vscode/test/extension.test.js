'use strict';
// The extension's logic with Node's test runner: how it starts the server,
// its activation against stand-ins for the VS Code API, and a session
// with the real `pollcheck server` started as the extension starts it
// (POLLCHECK_BIN names the binary; without it that test is skipped).

const test = require('node:test');
const assert = require('node:assert/strict');
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');

const { serverOptions, documentSelector, restartNeeded } = require('../server');

test('the server is `pollcheck server` unless the settings say otherwise', () => {
  assert.deepEqual(serverOptions({}), { command: 'pollcheck', args: ['server'] });
  assert.deepEqual(serverOptions({ path: '  ', arguments: [] }), {
    command: 'pollcheck',
    args: ['server'],
  });
  assert.deepEqual(serverOptions({ path: '/opt/pollcheck', arguments: ['server', '-v'] }), {
    command: '/opt/pollcheck',
    args: ['server', '-v'],
  });
  assert.deepEqual(documentSelector, [{ scheme: 'file', language: 'rust' }]);
});

test('only a change of the path or the arguments restarts the server', () => {
  const changed = (section) => ({ affectsConfiguration: (asked) => asked === section });
  assert.equal(restartNeeded(changed('pollcheck.path')), true);
  assert.equal(restartNeeded(changed('pollcheck.arguments')), true);
  assert.equal(restartNeeded(changed('pollcheck.trace.server')), false);
  assert.equal(restartNeeded(changed('editor.fontSize')), false);
});

/** Loads extension.js with stand-ins for `vscode` and the language client. */
function loadWithStandIns() {
  const events = [];
  const handlers = { commands: {}, configuration: [] };
  const values = { path: '/opt/pollcheck', arguments: [] };
  const vscode = {
    workspace: {
      getConfiguration: (section) => {
        assert.equal(section, 'pollcheck');
        return { get: (key) => values[key] };
      },
      onDidChangeConfiguration: (handler) => {
        handlers.configuration.push(handler);
        return { dispose() {} };
      },
    },
    commands: {
      registerCommand: (name, handler) => {
        handlers.commands[name] = handler;
        return { dispose() {} };
      },
    },
    window: { showErrorMessage: (message) => events.push(['error', message]) },
  };
  class LanguageClient {
    constructor(id, name, server, client) {
      this.id = id;
      events.push(['new', id, name, server, client]);
    }
    async start() {
      events.push(['start', this.id]);
      if (values.path === '/missing') {
        throw new Error('spawn /missing ENOENT');
      }
    }
    async stop() {
      events.push(['stop', this.id]);
    }
  }
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return { LanguageClient };
    return load.call(this, request, parent, isMain);
  };
  const file = require.resolve('../extension');
  delete require.cache[file];
  try {
    return { extension: require(file), events, handlers, values };
  } finally {
    Module._load = load;
  }
}

test('activation starts the client, and a changed path restarts it', async () => {
  const { extension, events, handlers, values } = loadWithStandIns();
  const context = { subscriptions: [] };
  await extension.activate(context);
  assert.equal(context.subscriptions.length, 2);
  assert.deepEqual(events, [
    [
      'new',
      'pollcheck',
      'pollcheck',
      { command: '/opt/pollcheck', args: ['server'] },
      { documentSelector: [{ scheme: 'file', language: 'rust' }] },
    ],
    ['start', 'pollcheck'],
  ]);
  events.length = 0;
  values.path = '/usr/local/bin/pollcheck';
  await handlers.configuration[0]({ affectsConfiguration: (s) => s === 'pollcheck.path' });
  assert.deepEqual(
    events.map((event) => event[0]),
    ['stop', 'new', 'start'],
  );
  assert.equal(events[1][3].command, '/usr/local/bin/pollcheck');
  events.length = 0;
  await handlers.configuration[0]({ affectsConfiguration: () => false });
  assert.deepEqual(events, []);
  await handlers.commands['pollcheck.restart']();
  assert.deepEqual(
    events.map((event) => event[0]),
    ['stop', 'new', 'start'],
  );
  events.length = 0;
  await extension.deactivate();
  assert.deepEqual(events, [['stop', 'pollcheck']]);
});

test('a server that does not start is one error message that says what to do', async () => {
  const { extension, events, values } = loadWithStandIns();
  values.path = '/missing';
  await extension.activate({ subscriptions: [] });
  const errors = events.filter((event) => event[0] === 'error');
  assert.equal(errors.length, 1);
  assert.match(errors[0][1], /spawn \/missing ENOENT/);
  assert.match(errors[0][1], /cargo install --locked/);
});

/** Reads framed JSON-RPC messages from `stream`, calling `onMessage`. */
function readMessages(stream, onMessage) {
  let buffer = Buffer.alloc(0);
  stream.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
      if (buffer.length < end + 4 + length) return;
      onMessage(JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString()));
      buffer = buffer.subarray(end + 4 + length);
    }
  });
}

test(
  'the server started as the extension starts it publishes the findings of a buffer',
  { skip: process.env.POLLCHECK_BIN ? false : 'POLLCHECK_BIN is not set', timeout: 60000 },
  async () => {
    const crate = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcheck-vscode-'));
    const example = path.join(__dirname, '..', '..', '..', 'examples', 'connection');
    fs.mkdirSync(path.join(crate, 'src'));
    fs.copyFileSync(path.join(example, 'Cargo.toml'), path.join(crate, 'Cargo.toml'));
    const file = path.join(crate, 'src', 'lib.rs');
    const text = fs.readFileSync(path.join(example, 'src', 'lib.rs'), 'utf8');
    fs.writeFileSync(file, text);
    const options = serverOptions({ path: process.env.POLLCHECK_BIN });
    const server = spawn(options.command, options.args, {
      cwd: crate,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, POLLCHECK_CACHE_DIR: path.join(crate, 'cache') },
    });
    const waiting = [];
    readMessages(server.stdout, (message) => {
      const index = waiting.findIndex((entry) => entry.wanted(message));
      if (index >= 0) waiting.splice(index, 1)[0].resolve(message);
    });
    const next = (wanted) => new Promise((resolve) => waiting.push({ wanted, resolve }));
    const send = (message) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    const uri = `file://${file}`;
    const initialized = next((message) => message.id === 1);
    send({ id: 1, method: 'initialize', params: { processId: null, rootUri: `file://${crate}`, capabilities: {} } });
    assert.equal((await initialized).result.serverInfo.name, 'pollcheck');
    send({ method: 'initialized', params: {} });
    const published = next((message) => message.method === 'textDocument/publishDiagnostics');
    send({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'rust', version: 1, text } },
    });
    const diagnostics = (await published).params.diagnostics;
    assert.ok(
      diagnostics.some((diagnostic) => diagnostic.code === 'discarded_poll'),
      JSON.stringify(diagnostics),
    );
    const shutdown = next((message) => message.id === 2);
    send({ id: 2, method: 'shutdown' });
    await shutdown;
    const exited = new Promise((resolve) => server.on('exit', resolve));
    send({ method: 'exit' });
    assert.equal(await exited, 0);
    fs.rmSync(crate, { recursive: true, force: true });
  },
);
