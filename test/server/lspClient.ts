import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams, Registration, RegistrationParams } from 'vscode-languageserver-protocol';

const serverPath = resolve('dist/server.js');

/** A real language-server process (dist/server.js --stdio) and a JSON-RPC client talking LSP to it. */
export class LspTestClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly versions = new Map<string, number>();
  private readonly published = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = [];
  readonly logs: string[] = [];
  /** The server's dynamic registrations still in force, by id. */
  readonly registrations = new Map<string, Registration>();

  private constructor() {
    this.child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
    this.child.stderr.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.set(params.uri, params);
      this.wake();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', (params: RegistrationParams) => {
      for (const r of params.registrations) this.registrations.set(r.id, r);
      this.wake();
      return null;
    });
    this.connection.onRequest('client/unregisterCapability', (params: { unregisterations: { id: string }[] }) => {
      for (const r of params.unregisterations) this.registrations.delete(r.id);
      this.wake();
      return null;
    });
    this.connection.listen();
  }

  static async start(options: { rootPath?: string; initializationOptions?: unknown } = {}): Promise<LspTestClient> {
    const client = new LspTestClient();
    const rootUri = options.rootPath ? pathToFileURL(options.rootPath).href : null;
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
      initializationOptions: { diagnosticsDelay: 0, ...(options.initializationOptions as object) },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Applies one ranged edit; returns the new version. */
  async edit(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Waits (with a deadline) until diagnostics for this version of the document are published. */
  diagnostics(uri: string, version = this.versions.get(uri), timeoutMs = 10_000): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics for ${uri} v${version}`, timeoutMs, () => {
      const p = this.published.get(uri);
      return p && (version === undefined || p.version === version) ? p.diagnostics : undefined;
    });
  }

  /** Waits until the latest publication for a document satisfies a condition (e.g. cleared on close). */
  waitForPublished(uri: string, condition: (p: PublishDiagnosticsParams) => boolean, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics condition for ${uri}`, timeoutMs, () => {
      const p = this.published.get(uri);
      return p && condition(p) ? p : undefined;
    });
  }

  /** Waits until the registrations in force satisfy a condition. */
  waitForRegistrations(condition: (registrations: Registration[]) => boolean, timeoutMs = 10_000): Promise<Registration[]> {
    return this.waitFor('registrations condition', timeoutMs, () => {
      const all = [...this.registrations.values()];
      return condition(all) ? all : undefined;
    });
  }

  lastPublished(uri: string): PublishDiagnosticsParams | undefined {
    return this.published.get(uri);
  }

  /** The server process, for what it uses (memory) and how it ends. */
  get process(): ChildProcessWithoutNullStreams {
    return this.child;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      if (this.child.exitCode === null) {
        const exited = new Promise((resolve) => this.child.once('exit', resolve));
        const deadline = setTimeout(() => this.child.kill('SIGKILL'), 2_000);
        await exited;
        clearTimeout(deadline);
      }
    }
  }

  private waitFor<T>(what: string, timeoutMs: number, read: () => T | undefined): Promise<T> {
    const now = read();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\n${this.logs.join('')}`)), timeoutMs);
      const waiter = {
        check: () => read() !== undefined,
        resolve: () => {
          clearTimeout(timer);
          resolve(read() as T);
        },
      };
      this.waiters.push(waiter);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}
