'use strict';
// The extension's logic with Node's test runner: how it starts the server
// and finds its binary, its activation against stand-ins for the VS Code
// API and the language client (one that fails as the real one does), and
// a session with the real `pollcheck server` started as the extension
// starts it (POLLCHECK_BIN names the binary; without it that test is
// skipped).
//
// Run it as `npm test` does: `node --test --test-reporter=tap
// test/extension.test.js` (cli/tests/editors.rs reads the TAP summary).

const test = require('node:test');
const assert = require('node:assert/strict');
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');

const { serverOptions, documentSelector, restartNeeded, findBinary } = require('../server');

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

test('the binary is looked up as spawn looks it up', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcheck-vscode-'));
  try {
    const bin = path.join(directory, 'bin');
    fs.mkdirSync(bin);
    const binary = path.join(bin, 'pollcheck');
    fs.writeFileSync(binary, '');
    fs.chmodSync(binary, 0o755);
    const plain = path.join(directory, 'plain');
    fs.writeFileSync(plain, '');
    fs.chmodSync(plain, 0o644);
    const posix = (PATH) => ({ cwd: directory, env: { PATH }, platform: 'linux' });
    const searched = [path.join(directory, 'nowhere'), bin].join(path.delimiter);
    assert.equal(findBinary('pollcheck', posix(searched)), binary);
    assert.equal(findBinary('pollcheck', posix(path.join(directory, 'nowhere'))), undefined);
    assert.equal(findBinary('pollcheck', posix('')), undefined);
    // A path is not looked up in the PATH, and a relative one is taken
    // from the server's working directory.
    assert.equal(findBinary(binary, posix('')), binary);
    assert.equal(findBinary('bin/pollcheck', posix('')), binary);
    assert.equal(findBinary(path.join(directory, 'missing'), posix(bin)), undefined);
    assert.equal(findBinary(bin, posix('')), undefined, 'a directory');
    if (process.platform !== 'win32') {
      assert.equal(findBinary(plain, posix('')), undefined, 'not executable');
    }
    // Windows: `Path` in any case, `.com` or `.exe` appended, the
    // working directory first; `PATHEXT` does not count (spawn ignores it).
    const windows = (env) => ({ cwd: directory, env, platform: 'win32' });
    assert.equal(findBinary('pollcheck', windows({ Path: bin })), undefined, 'no extension');
    fs.writeFileSync(path.join(bin, 'pollcheck.cmd'), '');
    assert.equal(findBinary('pollcheck', windows({ Path: bin, PATHEXT: '.CMD' })), undefined);
    fs.writeFileSync(path.join(bin, 'pollcheck.exe'), '');
    assert.equal(findBinary('pollcheck', windows({ Path: bin })), path.join(bin, 'pollcheck.exe'));
    assert.equal(findBinary('pollcheck.exe', windows({ PATH: bin })), path.join(bin, 'pollcheck.exe'));
    assert.equal(findBinary('bin/pollcheck', windows({})), path.join(bin, 'pollcheck.exe'));
    fs.writeFileSync(path.join(directory, 'pollcheck.com'), '');
    assert.equal(findBinary('pollcheck', windows({ Path: bin })), path.join(directory, 'pollcheck.com'));
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

/**
 * Loads extension.js with stand-ins for `vscode` and the language client.
 * The client behaves as vscode-languageclient 9's does where the
 * extension depends on it: start() spawns the command (without a shell)
 * and, when that fails, shows its own error message, ends in the state
 * `startFailed` and rejects; stop() rejects unless the client is running.
 * With `behaviour.answers` false the server never answers: start() settles
 * only when its process exits, and then asks the client options' error
 * handler whether to restart it (a restart is an event).
 */
function loadWithStandIns() {
  const events = [];
  const clients = [];
  const handlers = { commands: {}, configuration: [] };
  const values = { path: process.execPath, arguments: [] };
  const behaviour = { answers: true };
  const CloseAction = { DoNotRestart: 1, Restart: 2 };
  const vscode = {
    workspace: {
      workspaceFolders: undefined,
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
    window: {
      showErrorMessage: (message) => {
        events.push(['error', message]);
        return Promise.resolve(undefined);
      },
      createOutputChannel: (name) => ({ name, appendLine() {}, dispose() {} }),
    },
  };
  class LanguageClient {
    constructor(id, name, server, client) {
      this.id = id;
      this.server = server;
      this.state = 'initial';
      clients.push(this);
      const { errorHandler, ...options } = client;
      this.errorHandler = errorHandler;
      const channel = options.outputChannel && options.outputChannel.name;
      events.push(['new', id, name, server, { ...options, outputChannel: channel }]);
    }
    createDefaultErrorHandler() {
      return {
        error: () => ({ action: 1 }),
        closed: () => ({ action: CloseAction.Restart }),
      };
    }
    isRunning() {
      return this.state === 'running';
    }
    needsStop() {
      return this.state === 'starting' || this.state === 'running';
    }
    start() {
      events.push(['start', this.id]);
      if (this.starting) return this.starting;
      this.state = 'starting';
      this.starting = new Promise((resolve, reject) => {
        const { command, args } = this.server;
        this.process = spawn(command, args, { stdio: 'pipe' });
        this._serverProcess = this.process;
        if (!behaviour.answers) {
          this.process.on('exit', () => {
            const handler = this.errorHandler || this.createDefaultErrorHandler();
            if (handler.closed().action === CloseAction.Restart) events.push(['restart', this.id]);
            this.state = 'startFailed';
            vscode.window.showErrorMessage("pollcheck client: couldn't create connection to server.");
            reject(new Error('Connection got disposed.'));
          });
          return;
        }
        this.process.on('spawn', () => {
          this.state = 'running';
          resolve();
        });
        this.process.on('error', (error) => {
          this.state = 'startFailed';
          vscode.window.showErrorMessage("pollcheck client: couldn't create connection to server.");
          reject(`Launching server using command ${command} failed. ${error}`);
        });
      });
      return this.starting;
    }
    async stop() {
      events.push(['stop', this.id]);
      if (this.state === 'initial' || this.state === 'stopped') return;
      if (this.state !== 'running') {
        throw new Error(`Client is not running and can't be stopped. It's current state is: ${this.state}`);
      }
      this.state = 'stopping';
      if (this.process.exitCode === null && this.process.signalCode === null) {
        const exited = new Promise((resolve) => this.process.on('exit', resolve));
        this.process.kill();
        await exited;
      }
      this.state = 'stopped';
      this.starting = undefined;
    }
  }
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return { LanguageClient, CloseAction };
    return load.call(this, request, parent, isMain);
  };
  const file = require.resolve('../extension');
  delete require.cache[file];
  try {
    return { extension: require(file), events, clients, handlers, values, behaviour };
  } finally {
    Module._load = load;
  }
}

const pathChanged = { affectsConfiguration: (section) => section === 'pollcheck.path' };
const errors = (events) => events.filter((event) => event[0] === 'error').map((event) => event[1]);

test('activation starts the client, and a changed setting restarts it', async () => {
  const { extension, events, clients, handlers, values } = loadWithStandIns();
  const context = { subscriptions: [] };
  await extension.activate(context);
  assert.equal(context.subscriptions.length, 3);
  assert.deepEqual(events, [
    [
      'new',
      'pollcheck',
      'pollcheck',
      { command: process.execPath, args: ['server'] },
      { documentSelector: [{ scheme: 'file', language: 'rust' }], outputChannel: 'pollcheck' },
    ],
    ['start', 'pollcheck'],
  ]);
  events.length = 0;
  values.arguments = ['server', '--verbose'];
  await handlers.configuration[0]({ affectsConfiguration: (s) => s === 'pollcheck.arguments' });
  assert.deepEqual(
    events.map((event) => event[0]),
    ['stop', 'new', 'start'],
  );
  assert.deepEqual(events[1][3], { command: process.execPath, args: ['server', '--verbose'] });
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
  assert.deepEqual(
    clients.map((client) => client.state),
    ['stopped', 'stopped', 'stopped'],
  );
});

test('a missing binary is one error message that says what to do', async () => {
  const { extension, events, handlers, values } = loadWithStandIns();
  const missing = path.join(os.tmpdir(), 'pollcheck-vscode-missing', 'pollcheck');
  values.path = missing;
  await extension.activate({ subscriptions: [] });
  // The client is not even made: its own message would be a second one.
  assert.deepEqual(events.map((event) => event[0]), ['error']);
  const [message] = errors(events);
  assert.ok(message.includes(`pollcheck.path setting names ${missing}`), message);
  assert.ok(message.includes('`cargo install --locked --path .`'), message);
  events.length = 0;
  // Not on the PATH either.
  values.path = '';
  const PATH = process.env.PATH;
  process.env.PATH = path.join(os.tmpdir(), 'pollcheck-vscode-missing');
  try {
    await handlers.commands['pollcheck.restart']();
  } finally {
    process.env.PATH = PATH;
  }
  assert.deepEqual(events.map((event) => event[0]), ['error']);
  assert.match(errors(events)[0], /pollcheck is not on the PATH\. Install pollcheck from a clone of its repository with `cargo install --locked --path \.`, or set pollcheck\.path/);
  await extension.deactivate();
});

/**
 * A file in `directory` that is there, and executable, but that spawn
 * cannot run: a script whose interpreter is missing (on Windows, an `.exe`
 * that is no program).
 */
function unrunnable(directory) {
  if (process.platform === 'win32') {
    const file = path.join(directory, 'pollcheck.exe');
    fs.writeFileSync(file, 'not a program\n');
    return file;
  }
  const file = path.join(directory, 'pollcheck');
  fs.writeFileSync(file, '#!/nonexistent/interpreter\n');
  fs.chmodSync(file, 0o755);
  return file;
}

test('after a failed start, a good path restarts the server', async () => {
  const { extension, events, clients, handlers, values } = loadWithStandIns();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcheck-vscode-'));
  try {
    values.path = path.join(directory, 'missing');
    await extension.activate({ subscriptions: [] });
    assert.deepEqual(events.map((event) => event[0]), ['error']);
    events.length = 0;
    // A file that spawn cannot run: the client starts, fails (state
    // `startFailed`, where its stop() rejects), and says so itself, once.
    values.path = unrunnable(directory);
    await handlers.configuration[0](pathChanged);
    assert.deepEqual(events.map((event) => event[0]), ['new', 'start', 'error']);
    assert.deepEqual(clients.map((client) => client.state), ['startFailed']);
    events.length = 0;
    // A good binary: POLLCHECK_BIN, else Node itself (it is only spawned).
    values.path = process.env.POLLCHECK_BIN || process.execPath;
    await handlers.configuration[0](pathChanged);
    assert.deepEqual(events.map((event) => event[0]), ['new', 'start']);
    assert.equal(events[0][3].command, path.resolve(values.path));
    assert.equal(clients[1].state, 'running');
    events.length = 0;
    await handlers.commands['pollcheck.restart']();
    assert.deepEqual(events.map((event) => event[0]), ['stop', 'new', 'start']);
    assert.deepEqual(clients.map((client) => client.state), ['startFailed', 'stopped', 'running']);
    events.length = 0;
    await extension.deactivate();
    assert.deepEqual(events, [['stop', 'pollcheck']]);
    assert.equal(clients[2].state, 'stopped');
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

test('deactivation after a failed start does not throw', async () => {
  const { extension, events, clients, values } = loadWithStandIns();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcheck-vscode-'));
  try {
    values.path = unrunnable(directory);
    await extension.activate({ subscriptions: [] });
    assert.deepEqual(clients.map((client) => client.state), ['startFailed']);
    await extension.deactivate();
    assert.deepEqual(events.map((event) => event[0]), ['new', 'start', 'error']);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

test('a server that never answers does not hold up a restart', { timeout: 20000 }, async () => {
  const { extension, events, clients, handlers, values, behaviour } = loadWithStandIns();
  extension.timing.startWaitMs = 200;
  // A program that runs, and never answers `initialize`.
  values.arguments = ['-e', 'setInterval(() => {}, 1000)'];
  behaviour.answers = false;
  const began = Date.now();
  await extension.activate({ subscriptions: [] });
  assert.ok(Date.now() - began < 5000, 'activation waited for the server');
  assert.deepEqual(clients.map((client) => client.state), ['starting']);
  const first = clients[0];
  const exited = new Promise((resolve) => first.process.on('exit', (code, signal) => resolve(signal)));
  behaviour.answers = true;
  values.arguments = [];
  await handlers.configuration[0]({ affectsConfiguration: (s) => s === 'pollcheck.arguments' });
  // The silent server is ended, not stopped (a starting client cannot be)
  // nor restarted, and the new one starts.
  assert.equal(await exited, 'SIGTERM');
  await first.starting.catch(() => undefined);
  assert.deepEqual(clients.map((client) => client.state), ['startFailed', 'running']);
  const kinds = events.map((event) => event[0]);
  assert.ok(!kinds.includes('restart'), kinds.join(' '));
  assert.ok(!kinds.includes('stop'), kinds.join(' '));
  assert.deepEqual(kinds.filter((kind) => kind === 'new').length, 2);
  await extension.deactivate();
  assert.deepEqual(clients.map((client) => client.state), ['startFailed', 'stopped']);
});

test('a start already waited for is not waited for again', { timeout: 20000 }, async () => {
  const { extension, clients, handlers, values, behaviour } = loadWithStandIns();
  extension.timing.startWaitMs = 1500;
  values.arguments = ['-e', 'setInterval(() => {}, 1000)'];
  behaviour.answers = false;
  await extension.activate({ subscriptions: [] });
  assert.deepEqual(clients.map((client) => client.state), ['starting']);
  behaviour.answers = true;
  values.arguments = [];
  const began = Date.now();
  await handlers.commands['pollcheck.restart']();
  assert.ok(Date.now() - began < 1000, `the restart took ${Date.now() - began} ms`);
  assert.equal(clients[1].state, 'running');
  await extension.deactivate();
});

test('deactivation during a start ends it soon, and nothing starts after', { timeout: 20000 }, async () => {
  const { extension, clients, handlers, values, behaviour } = loadWithStandIns();
  extension.timing.startWaitMs = 10000;
  extension.timing.stopWaitMs = 200;
  extension.timing.killWaitMs = 200;
  // A server that ignores SIGTERM as well: it is killed a while later.
  values.arguments = ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"];
  behaviour.answers = false;
  const activation = extension.activate({ subscriptions: [] });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(clients.map((client) => client.state), ['starting']);
  const exited = new Promise((resolve) =>
    clients[0].process.on('exit', (code, signal) => resolve(signal)),
  );
  const began = Date.now();
  await extension.deactivate();
  assert.ok(Date.now() - began < 2000, `deactivation took ${Date.now() - began} ms`);
  assert.equal(await exited, 'SIGKILL');
  await activation;
  // A restart asked for after deactivation starts nothing.
  behaviour.answers = true;
  await handlers.commands['pollcheck.restart']();
  assert.equal(clients.length, 1);
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
