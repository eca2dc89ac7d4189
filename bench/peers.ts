// Our language server against two peers on the same generated files, through the same LSP client:
// VS Code's Markdown language server (vscode-markdown-languageserver) for READMEs, and Red Hat's
// yaml-language-server with a JSON schema for *.pactown.yaml for ecosystems. Every figure is the
// median of 5 fresh server processes, ours and the peer taking turns (the first of each pair
// alternates); ratios are ours / peer (below 1: ours is faster). Prints; asserts nothing.
//
// Rows 1–4 start each server with no workspace folder (the files are on disk, so cross-file checks
// read them) and time one file; row 5 is ours alone, with and without a 1,000-README workspace.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import { CancellationTokenSource, createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';
import { largeReadme } from './largeReadme';

const fence = '```';
const ROUNDS = 5;
const EDITS = 5;
const DEADLINE_MS = 60_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} ms`;
const ratio = (ours: number, peer: number) => (peer > 0 ? `${(ours / peer).toFixed(2)}×` : 'n/a');
const thousands = (n: number) => n.toLocaleString('en-US');

// ——— a generic LSP client: spawns any server, answers what it asks, waits on diagnostics ———

type RequestHandler = (params: unknown, client: BenchClient) => unknown;

interface ServerSpec {
  label: string;
  /** Arguments to `node` (the script and its flags). */
  args: string[];
  initializationOptions?: unknown;
  /** The answer to one `workspace/configuration` item. */
  configuration?: (section: string | undefined) => unknown;
  /** Pushed with `workspace/didChangeConfiguration` right after `initialized` (as VS Code's client does). */
  settings?: unknown;
  /** The server's diagnostics are pulled (`textDocument/diagnostic`), not published. */
  pull?: boolean;
  /**
   * Each version's complete diagnostics come with its version; a publication without one is an
   * early part (ours sends an ecosystem's own problems before reading its READMEs): timed apart.
   */
  versioned?: boolean;
  /** Custom requests the server sends its client. */
  requests?: Record<string, RequestHandler>;
}

interface Waiter {
  check: () => void;
  fail: (error: Error) => void;
}

const live = new Set<BenchClient>();

class BenchClient {
  readonly connection: MessageConnection;
  readonly workspaceRoot: string | undefined;
  /** Time spent in the client answering the server's custom requests (markdown-it for `markdown/parse`). */
  clientMs = 0;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<void>;
  private readonly documents = new Map<string, TextDocument>();
  private readonly published = new Map<string, { params: PublishDiagnosticsParams; seq: number }>();
  /** Per document, how many publications had arrived when its latest version was sent. */
  private readonly sentAtSeq = new Map<string, number>();
  private seq = 0;
  private readonly waiters = new Set<Waiter>();
  private readonly logs: string[] = [];
  private configurationAnswered!: () => void;
  private readonly configured = new Promise<void>((r) => (this.configurationAnswered = r));

  private constructor(readonly spec: ServerSpec, workspaceRoot: string | undefined) {
    this.workspaceRoot = workspaceRoot;
    this.child = spawn(process.execPath, spec.args, { stdio: 'pipe' });
    live.add(this);
    this.exited = new Promise((r) => this.child.once('exit', () => r()));
    void this.exited.then(() => {
      for (const waiter of [...this.waiters]) waiter.fail(new Error(`${spec.label} exited (${this.child.exitCode ?? this.child.signalCode})\n${this.tail()}`));
    });
    this.child.stdin.on('error', () => undefined);
    this.child.stderr.on('data', (chunk: Buffer) => this.log(chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      if (this.spec.versioned && (params.version === undefined || params.version === null)) {
        if (!this.earlyAt.has(params.uri)) this.earlyAt.set(params.uri, performance.now());
        return;
      }
      this.published.set(params.uri, { params, seq: ++this.seq });
      for (const waiter of [...this.waiters]) waiter.check();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => this.log(params.message));
    this.connection.onNotification(() => undefined);
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      const answer = params.items.map((item) => spec.configuration?.(item.section) ?? null);
      this.configurationAnswered();
      return answer;
    });
    this.connection.onRequest('workspace/workspaceFolders', () => (this.workspaceRoot ? [{ uri: pathToFileURL(this.workspaceRoot).href, name: 'root' }] : null));
    for (const method of ['client/registerCapability', 'client/unregisterCapability', 'window/workDoneProgress/create', 'workspace/diagnostic/refresh', 'workspace/codeLens/refresh', 'workspace/semanticTokens/refresh', 'workspace/inlayHint/refresh']) {
      this.connection.onRequest(method, () => null);
    }
    for (const [method, handler] of Object.entries(spec.requests ?? {})) {
      this.connection.onRequest(method, (params: unknown) => handler(params, this));
    }
    this.connection.onRequest(() => null);
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  /** Spawns the server and runs `initialize` / `initialized` (and the spec's pushed settings). */
  static async start(spec: ServerSpec, workspaceRoot?: string): Promise<BenchClient> {
    const client = new BenchClient(spec, workspaceRoot);
    try {
      const rootUri = workspaceRoot ? pathToFileURL(workspaceRoot).href : null;
      await client.deadline(client.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri,
        rootPath: workspaceRoot ?? null,
        workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
        capabilities: {
          workspace: {
            configuration: true,
            workspaceFolders: true,
            didChangeConfiguration: { dynamicRegistration: true },
            didChangeWatchedFiles: { dynamicRegistration: true },
            diagnostics: { refreshSupport: true },
          },
          textDocument: {
            synchronization: { dynamicRegistration: true, didSave: true },
            publishDiagnostics: { relatedInformation: true, versionSupport: true },
            diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
            formatting: { dynamicRegistration: true },
            documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          },
          window: { workDoneProgress: true },
        },
        initializationOptions: spec.initializationOptions ?? null,
      }), 'initialize');
      await client.connection.sendNotification('initialized', {});
      if (spec.settings !== undefined) await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: spec.settings });
      return client;
    } catch (error) {
      await client.stop();
      throw error;
    }
  }

  /** Resolves once the server has asked for its configuration and been answered. */
  whenConfigured(): Promise<void> {
    return this.deadline(this.configured, 'a workspace/configuration request', 10_000);
  }

  text(uri: string): string | undefined {
    return this.documents.get(uri)?.getText();
  }

  version(uri: string): number | undefined {
    return this.documents.get(uri)?.version;
  }

  async open(uri: string, languageId: string, text: string): Promise<number> {
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    this.sentAtSeq.set(uri, this.published.get(uri)?.seq ?? 0);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return 1;
  }

  /** One ranged edit; returns the new version. */
  async edit(uri: string, range: Range, text: string): Promise<number> {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    const version = doc.version + 1;
    TextDocument.update(doc, [{ range, text }], version);
    this.sentAtSeq.set(uri, this.published.get(uri)?.seq ?? 0);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  /**
   * The diagnostics of this version of the document: pulled, or the first publication for it (with
   * its version, or — from a server that publishes none — the first one after the version was sent).
   */
  /** When an early part of a document's diagnostics arrived (a `versioned` server only). */
  readonly earlyAt = new Map<string, number>();

  async diagnostics(uri: string, version: number, timeoutMs = DEADLINE_MS): Promise<Diagnostic[]> {
    if (this.spec.pull) {
      const cancel = new CancellationTokenSource();
      const report = await this.deadline(
        this.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, cancel.token) as Promise<{ kind: string; items?: Diagnostic[] }>,
        `pulled diagnostics for ${uri} v${version}`,
        timeoutMs,
        () => cancel.cancel(),
      );
      return report.items ?? [];
    }
    const sentAt = this.sentAtSeq.get(uri) ?? 0;
    return this.waitFor(`diagnostics for ${uri} v${version}`, timeoutMs, () => {
      const p = this.published.get(uri);
      if (!p) return undefined;
      const matches = p.params.version === undefined || p.params.version === null ? p.seq > sentAt : p.params.version === version;
      return matches ? p.params.diagnostics : undefined;
    });
  }

  /** shutdown / exit, then SIGKILL if the process is still there after a deadline. */
  async stop(): Promise<void> {
    live.delete(this);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const kill = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
      try {
        await this.deadline(this.connection.sendRequest('shutdown'), 'shutdown', 2_000);
        await this.connection.sendNotification('exit');
      } catch {
        this.child.kill('SIGKILL');
      }
      await this.exited;
      clearTimeout(kill);
    }
    this.connection.dispose();
  }

  killNow(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private deadline<T>(promise: Promise<T>, what: string, timeoutMs = DEADLINE_MS, onTimeout?: () => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout?.();
        reject(new Error(`${this.spec.label}: timed out after ${timeoutMs} ms waiting for ${what}\n${this.tail()}`));
      }, timeoutMs);
    });
    const exited = this.exited.then<never>(() => {
      throw new Error(`${this.spec.label} exited while waiting for ${what}\n${this.tail()}`);
    });
    return Promise.race([promise, timeout, exited]).finally(() => clearTimeout(timer));
  }

  private waitFor<T>(what: string, timeoutMs: number, read: () => T | undefined): Promise<T> {
    const now = read();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolvePromise, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        check: () => {
          const value = read();
          if (value !== undefined) (done(), resolvePromise(value));
        },
        fail: (error) => (done(), reject(error)),
      };
      const timer = setTimeout(() => waiter.fail(new Error(`${this.spec.label}: timed out after ${timeoutMs} ms waiting for ${what}\n${this.tail()}`)), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private log(message: string): void {
    this.logs.push(message);
    if (this.logs.length > 50) this.logs.shift();
  }

  private tail(): string {
    return this.logs.join('\n').slice(-4_000);
  }
}

/** Starts a server, runs `body` with it and always stops it. */
async function withServer<T>(spec: ServerSpec, workspaceRoot: string | undefined, body: (client: BenchClient) => Promise<T>): Promise<T> {
  const client = await BenchClient.start(spec, workspaceRoot);
  try {
    return await body(client);
  } finally {
    await client.stop();
  }
}

// ——— the three servers ———

const ours: ServerSpec = {
  label: 'ours',
  args: [resolve('dist/server.js'), '--stdio'],
  versioned: true,
  initializationOptions: { diagnosticsDelay: 0 },
  configuration: (section) => (section === 'markpact' ? { diagnostics: { delay: 0 } } : null),
};

/** The settings VS Code's Markdown extension sends (its defaults), with validation turned on. */
const markdownSettings = {
  markdown: {
    server: { log: 'off' },
    preferredMdPathExtensionStyle: 'auto',
    suggest: { paths: { enabled: true, includeWorkspaceHeaderCompletions: 'never' } },
    occurrencesHighlight: { enabled: false },
    validate: {
      enabled: true,
      referenceLinks: { enabled: 'warning' },
      fragmentLinks: { enabled: 'warning' },
      fileLinks: { enabled: 'warning', markdownFragmentLinks: 'inherit' },
      ignoredLinks: [],
      unusedLinkDefinitions: { enabled: 'hint' },
      duplicateLinkDefinitions: { enabled: 'warning' },
    },
  },
};

/** Markdown-it as VS Code's client uses it to answer `markdown/parse`, with its one-entry token cache (one per server process). */
function markdownParser(): RequestHandler {
  const md = new MarkdownIt({ html: true });
  const caches = new WeakMap<BenchClient, { uri: string; version: number; tokens: unknown }>();
  return (params, client) => {
    const { uri, text } = params as { uri: string; text?: string };
    const version = text === undefined ? client.version(uri) : undefined;
    const cached = caches.get(client);
    if (cached && version !== undefined && cached.uri === uri && cached.version === version) return cached.tokens;
    const source = text ?? client.text(uri) ?? readFileSync(fileURLToPath(uri), 'utf8');
    const start = performance.now();
    const tokens = md.parse(source, {});
    client.clientMs += performance.now() - start;
    if (version !== undefined) caches.set(client, { uri, version, tokens });
    return tokens;
  };
}

function fsStat(uri: string): { isDirectory: boolean } | null {
  try {
    return { isDirectory: statSync(fileURLToPath(uri)).isDirectory() };
  } catch {
    return null;
  }
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [pathToFileURL(path).href] : [];
  });
}

function markdownServer(): ServerSpec {
  return {
    label: 'Markdown server',
    args: [resolve('node_modules/vscode-markdown-languageserver/dist/node/workerMain.js'), '--stdio'],
    initializationOptions: { markdownFileExtensions: ['md', 'mkd', 'mdwn', 'mdown', 'markdown', 'markdn', 'mdtxt', 'mdtext', 'workbook'] },
    settings: markdownSettings,
    pull: true,
    requests: {
      'markdown/parse': markdownParser(),
      'markdown/fs/readFile': (params) => Array.from(readFileSync(fileURLToPath((params as { uri: string }).uri))),
      'markdown/fs/stat': (params) => fsStat((params as { uri: string }).uri),
      'markdown/fs/readDirectory': (params) =>
        readdirSync(fileURLToPath((params as { uri: string }).uri), { withFileTypes: true }).map((e) => [e.name, { isDirectory: e.isDirectory() }]),
      'markdown/fs/watcher/create': () => null,
      'markdown/fs/watcher/delete': () => null,
      'markdown/findMarkdownFilesInWorkspace': (_params, client) => (client.workspaceRoot ? markdownFiles(client.workspaceRoot) : []),
    },
  };
}

function yamlServer(schemaPath: string): ServerSpec {
  const yaml = {
    schemas: { [pathToFileURL(schemaPath).href]: ['*.pactown.yaml', '*.pactown.yml'] },
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    maxItemsComputed: 5000,
  };
  const sections: Record<string, unknown> = { yaml, http: { proxy: '', proxyStrictSSL: false }, '[yaml]': {}, editor: { tabSize: 2, detectIndentation: true } };
  return {
    label: 'yaml-language-server',
    args: [resolve('node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    configuration: (section) => (section ? (sections[section] ?? null) : null),
  };
}

/** yaml-language-server validates a fixed delay after the last change (`validationDelayMs` in its settings state). */
/** Where yaml-language-server keeps its fixed validation delay (the layout changed between releases). */
const yamlSettingsFile = ['out/server/src/yamlSettings.js', 'out/src/yamlSettings.js', 'lib/umd/yamlSettings.js']
  .map((file) => resolve('node_modules/yaml-language-server', file))
  .find((file) => existsSync(file));

function yamlValidationDelay(): number {
  if (!yamlSettingsFile) throw new Error('yaml-language-server\'s yamlSettings.js not found');
  const match = /validationDelayMs\s*=\s*(\d+)/.exec(readFileSync(yamlSettingsFile, 'utf8'));
  if (!match) throw new Error(`validationDelayMs not found in ${yamlSettingsFile}`);
  return Number(match[1]);
}

// ——— the generated files ———

/** A JSON schema for *.pactown.yaml: the fields pactown reads (core/pactown/schema.ts), unknown keys rejected. */
const pactownSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'pactown ecosystem',
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    description: { type: 'string' },
    base_port: { type: 'integer', minimum: 1, maximum: 65535 },
    sandbox_root: { type: 'string' },
    network: { type: ['string', 'null'] },
    registry: {
      type: 'object',
      additionalProperties: false,
      properties: { url: { type: 'string' }, namespace: { type: 'string' }, auth_token: { type: ['string', 'null'] } },
    },
    services: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          readme: { type: 'string' },
          port: { type: ['integer', 'null'], minimum: 1, maximum: 65535 },
          env: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
          depends_on: {
            type: 'array',
            items: {
              oneOf: [
                { type: 'string', minLength: 1 },
                {
                  type: 'object',
                  required: ['name'],
                  additionalProperties: false,
                  properties: {
                    name: { type: 'string', minLength: 1 },
                    version: { type: 'string' },
                    registry: { type: 'string' },
                    endpoint: { type: ['string', 'null'] },
                    env_var: { type: ['string', 'null'], pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
                  },
                },
              ],
            },
          },
          health_check: { type: ['string', 'null'] },
          timeout: { type: 'number', exclusiveMinimum: 0 },
          auto_restart: { type: 'boolean' },
          replicas: { type: 'integer', minimum: 1 },
          sandbox_path: { type: ['string', 'null'] },
          target: { enum: ['web', 'desktop', 'mobile'] },
          framework: { type: ['string', 'null'] },
          build_cmd: { type: ['string', 'null'] },
          build_targets: { oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }] },
        },
      },
    },
  },
};

const smallReadme = (name: string) =>
  `# ${name}\n\nA small service.\n\n${fence}text markpact:deps python\nflask==3.0.3\n${fence}\n\n${fence}python markpact:file path=app.py\nprint(1)\n${fence}\n\n${fence}bash markpact:run\npython app.py\n${fence}\n`;

/**
 * An ecosystem of `count` services `s0…`, each with its README `sN/README.md`, a port, env, a health
 * check and dependencies on the two services before it; the last service has one unknown key, which
 * both servers report (so both have validated the whole file).
 */
function ecosystem(name: string, count: number, first = 0): string {
  const out = [`name: ${name}`, 'version: "1.0.0"', `description: ${count} generated services`, 'base_port: 9000', 'sandbox_root: .pactown', 'services:'];
  for (let k = 0; k < count; k++) {
    const i = first + k;
    out.push(`  s${i}:`, `    readme: s${i}/README.md`, `    port: ${9000 + k}`, '    health_check: /health', '    timeout: 30', '    auto_restart: true');
    out.push('    env:', '      MODE: bench', `      LEVEL: "${k % 7}"`);
    if (k > 0) {
      out.push('    depends_on:', `      - s${i - 1}`);
      if (k > 1) out.push(`      - name: s${i - 2}`, `        env_var: UPSTREAM_${k}`);
    }
    if (k % 10 === 3) out.push('    target: web', '    framework: flask', '    build_cmd: make build', '    build_targets:', '      - linux');
    if (k === count - 1) out.push('    colour: blue');
  }
  return out.join('\n') + '\n';
}

/** The README used by rows 1–2: `largeReadme` plus one broken fragment link (which the Markdown server reports). */
const readme = (lines: number) => `${largeReadme(lines)}\nSee [the missing part](#no-such-section).\n`;

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

// ——— the measurements ———

interface Sample {
  ms: number;
  /** When a versioned server's early part arrived, if it sent one. */
  firstMs?: number;
  diagnostics: number;
  clientMs: number;
}

/** Opens a document in a fresh server (no workspace folder) and times didOpen → its first diagnostics. */
function timeOpen(spec: ServerSpec, uri: string, languageId: string, text: string): Promise<Sample> {
  return withServer(spec, undefined, async (client) => {
    if (spec.configuration) await client.whenConfigured();
    const start = performance.now();
    const version = await client.open(uri, languageId, text);
    const diagnostics = await client.diagnostics(uri, version);
    const early = client.earlyAt.get(uri);
    return { ms: performance.now() - start, ...(early !== undefined ? { firstMs: early - start } : {}), diagnostics: diagnostics.length, clientMs: client.clientMs };
  });
}

/** Opens a document in a fresh server, then times `EDITS` edits → diagnostics; the median of those. */
function timeEdits(spec: ServerSpec, uri: string, languageId: string, text: string, edit: (i: number) => { range: Range; text: string }): Promise<Sample> {
  return withServer(spec, undefined, async (client) => {
    if (spec.configuration) await client.whenConfigured();
    await client.diagnostics(uri, await client.open(uri, languageId, text));
    const times: number[] = [];
    const clientTimes: number[] = [];
    let diagnostics = 0;
    for (let i = 0; i < EDITS; i++) {
      const change = edit(i);
      client.clientMs = 0;
      const start = performance.now();
      const version = await client.edit(uri, change.range, change.text);
      diagnostics = (await client.diagnostics(uri, version)).length;
      times.push(performance.now() - start);
      clientTimes.push(client.clientMs);
    }
    return { ms: median(times), diagnostics, clientMs: median(clientTimes) };
  });
}

/** `ROUNDS` pairs of fresh processes, ours and the peer taking turns at going first. */
async function pairs(measureOurs: () => Promise<Sample>, measurePeer: () => Promise<Sample>): Promise<{ ours: Sample[]; peer: Sample[] }> {
  const result = { ours: [] as Sample[], peer: [] as Sample[] };
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      result.ours.push(await measureOurs());
      result.peer.push(await measurePeer());
    } else {
      result.peer.push(await measurePeer());
      result.ours.push(await measureOurs());
    }
  }
  return result;
}

function row(title: string, peerLabel: string, r: { ours: Sample[]; peer: Sample[] }, peerOffset = 0): void {
  const oursMs = median(r.ours.map((s) => s.ms));
  const peerMs = median(r.peer.map((s) => s.ms)) - peerOffset;
  const clientMs = median(r.peer.map((s) => s.clientMs));
  const notes = [`diagnostics: ours ${r.ours[0].diagnostics}, peer ${r.peer[0].diagnostics}`];
  if (clientMs > 0) notes.push(`peer figure includes ${ms(clientMs)} of markdown-it in the client`);
  if (peerOffset) notes.push(`${peerOffset} ms delay subtracted`);
  const early = r.ours.flatMap((s) => (s.firstMs !== undefined ? [s.firstMs] : []));
  if (early.length > 0) notes.push(`ours' first part, the file's own checks before its READMEs are read: ${ms(median(early))}`);
  console.log(`${title}: ours ${ms(oursMs)}, ${peerLabel} ${ms(peerMs)} (${ratio(oursMs, peerMs)})   [${notes.join('; ')}]`);
}

/** The middle line of a text, and an edit there as bench/run.ts makes it (an `x` at the start every other round). */
function middleEdit(text: string): (i: number) => { range: Range; text: string } {
  const line = Math.floor(text.split('\n').length / 2);
  return (i) => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: i % 2 ? 'x' : '' });
}

/** A one-character edit of the ecosystem's middle service that keeps it valid: an `x` added to, then removed from, its build command. */
function ecosystemEdit(text: string): (i: number) => { range: Range; text: string } {
  const lines = text.split('\n');
  const candidates = lines.flatMap((l, n) => (l === '    build_cmd: make build' ? [n] : []));
  const line = candidates[Math.floor(candidates.length / 2)];
  const end = lines[line].length;
  return (i) =>
    i % 2 === 0
      ? { range: { start: { line, character: end }, end: { line, character: end } }, text: 'x' }
      : { range: { start: { line, character: end }, end: { line, character: end + 1 } }, text: '' };
}

async function readmeRows(root: string): Promise<void> {
  const md = markdownServer();
  for (const lines of [5_000, 20_000, 50_000]) {
    const text = readme(lines);
    writeFiles(root, { [`readme-${lines}/README.md`]: text });
    const uri = pathToFileURL(join(root, `readme-${lines}/README.md`)).href;
    const r = await pairs(() => timeOpen(ours, uri, 'markdown', text), () => timeOpen(md, uri, 'markdown', text));
    row(`README open → diagnostics, ${thousands(lines)} lines`, 'Markdown server', r);
  }
  const text = readme(5_000);
  const uri = pathToFileURL(join(root, 'readme-5000/README.md')).href;
  const edit = middleEdit(text);
  const r = await pairs(() => timeEdits(ours, uri, 'markdown', text, edit), () => timeEdits(md, uri, 'markdown', text, edit));
  row(`README edit → diagnostics, 5,000 lines (median of ${EDITS} edits per process)`, 'Markdown server', r);
}

async function ecosystemRows(root: string): Promise<void> {
  const schemaPath = join(root, 'pactown.schema.json');
  writeFileSync(schemaPath, JSON.stringify(pactownSchema, null, 2));
  for (let i = 0; i < 500; i++) writeFiles(root, { [`s${i}/README.md`]: smallReadme(`s${i}`) });
  const yaml = yamlServer(schemaPath);
  const delay = yamlValidationDelay();

  // The fixed delay, and that the schema is applied: a two-line file with an unknown key, edited back and forth.
  const probeUri = pathToFileURL(join(root, 'probe.pactown.yaml')).href;
  const probe = await withServer(yaml, undefined, async (client) => {
    await client.whenConfigured();
    const found = await client.diagnostics(probeUri, await client.open(probeUri, 'yaml', 'name: probe\nbogus: 1\n'));
    const times: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const start = performance.now();
      const version = await client.edit(probeUri, { start: { line: 0, character: 11 }, end: { line: 0, character: i % 2 ? 12 : 11 } }, i % 2 ? '' : 'x');
      await client.diagnostics(probeUri, version);
      times.push(performance.now() - start);
    }
    return { found, ms: median(times) };
  });
  const message = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
  const schemaApplied = probe.found.some((d) => /bogus/.test(message(d)));
  console.log(
    `yaml-language-server validates ${delay} ms after the last change (validationDelayMs in ${relative(resolve('node_modules/yaml-language-server'), yamlSettingsFile ?? '')}; a 2-line file's edit → diagnostics takes ${ms(probe.ms)} here): ` +
      `${delay} ms subtracted from its figures below; schema applied: ${schemaApplied ? 'yes' : `NO — its figures are not comparable (${probe.found.map(message).join('; ')})`}`,
  );

  for (const count of [10, 100, 500]) {
    const name = `eco-${count}.pactown.yaml`;
    const text = ecosystem(`eco-${count}`, count);
    writeFiles(root, { [name]: text });
    const uri = pathToFileURL(join(root, name)).href;
    const r = await pairs(() => timeOpen(ours, uri, 'pactown', text), () => timeOpen(yaml, uri, 'yaml', text));
    row(`Ecosystem open → diagnostics, ${count} services`, 'yaml-language-server', r, delay);
  }
  const text = ecosystem('eco-500', 500);
  const uri = pathToFileURL(join(root, 'eco-500.pactown.yaml')).href;
  const edit = ecosystemEdit(text);
  const r = await pairs(() => timeEdits(ours, uri, 'pactown', text, edit), () => timeEdits(yaml, uri, 'yaml', text, edit));
  row(`Ecosystem edit → diagnostics, 500 services (median of ${EDITS} edits per process)`, 'yaml-language-server', r, delay);
}

/** Ours only: a README opened right after initialize in a 1,000-README workspace (indexing under way) vs alone in its folder. */
async function workspaceRow(root: string): Promise<void> {
  const big = join(root, 'workspace-1000');
  const alone = join(root, 'workspace-1');
  for (let i = 0; i < 1_000; i++) writeFiles(big, { [`s${i}/README.md`]: smallReadme(`s${i}`) });
  for (let e = 0; e < 5; e++) writeFiles(big, { [`eco-${e}.pactown.yaml`]: ecosystem(`eco-${e}`, 100, e * 100) });
  const target = 's42/README.md';
  const text = smallReadme('s42');
  writeFiles(alone, { [target]: text });

  const openRightAway = (folder: string) =>
    withServer(ours, folder, async (client) => {
      const uri = pathToFileURL(join(folder, target)).href;
      const start = performance.now();
      const version = await client.open(uri, 'markdown', text);
      const diagnostics = await client.diagnostics(uri, version);
      return { ms: performance.now() - start, diagnostics: diagnostics.length, clientMs: 0 };
    });
  const r = await pairs(() => openRightAway(big), () => openRightAway(alone));
  const inBig = median(r.ours.map((s) => s.ms));
  const byItself = median(r.peer.map((s) => s.ms));
  console.log(
    `README open right after initialize, 1,000-README workspace (+5 ecosystems, indexing under way): ours ${ms(inBig)}, same README alone in its workspace ${ms(byItself)} (${ratio(inBig, byItself)})   ` +
      `[diagnostics: ${r.ours[0].diagnostics} vs ${r.peer[0].diagnostics}]`,
  );
}

export async function benchPeers(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'markpact-peers-'));
  const killAll = () => {
    for (const client of live) client.killNow();
  };
  process.once('exit', killAll);
  try {
    console.log(`peers: ours vs VS Code's Markdown server and yaml-language-server; median of ${ROUNDS} fresh processes each, ratio ours / peer (below 1: ours is faster)`);
    await readmeRows(root);
    await ecosystemRows(root);
    await workspaceRow(root);
  } finally {
    await Promise.all([...live].map((client) => client.stop()));
    process.removeListener('exit', killAll);
    rmSync(root, { recursive: true, force: true });
  }
}
