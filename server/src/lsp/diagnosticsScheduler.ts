import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export interface SchedulerHooks {
  /** The current version of an open document, or undefined once it is closed. */
  current(uri: string): TextDocument | undefined;
  /** The diagnostics; `early` may be called once before, with a first part to publish at once. */
  compute(doc: TextDocument, early: (diagnostics: Diagnostic[]) => void): Promise<Diagnostic[]>;
  publish(uri: string, diagnostics: Diagnostic[], version?: number): void;
  delay(): number;
  onError(uri: string, error: unknown): void;
}

/** The one diagnostic of a document that could not be checked. */
function uncheckable(error: unknown): Diagnostic {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: 'markpact',
    code: 'not-checked',
    message: `markpact could not check this file (${reason.slice(0, 200)}); its earlier diagnostics were cleared. The server log has the details`,
  };
}

/**
 * Validates each document once its edits pause, and never publishes results for a superseded
 * version: a result is dropped when the document changed or closed while it was computed.
 */
export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly hooks: SchedulerHooks) {}

  schedule(uri: string, immediately = false): void {
    clearTimeout(this.timers.get(uri));
    const delay = immediately ? 0 : this.hooks.delay();
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.run(uri);
      }, delay),
    );
  }

  clear(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.hooks.publish(uri, []);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async run(uri: string): Promise<void> {
    const previous = this.running.get(uri);
    if (previous) await previous;
    const doc = this.hooks.current(uri);
    if (!doc) return;
    const task = this.validate(uri, doc);
    this.running.set(uri, task);
    try {
      await task;
    } finally {
      if (this.running.get(uri) === task) this.running.delete(uri);
    }
  }

  private async validate(uri: string, doc: TextDocument): Promise<void> {
    // The TextDocument object is updated in place by later edits: its version now is the one validated.
    const version = doc.version;
    try {
      const current = () => this.hooks.current(uri)?.version === version;
      // The first part goes out without a version: it is not this version's whole answer (the
      // versioned publication that follows is), and a client waiting for a version's result skips it.
      const diagnostics = await this.hooks.compute(doc, (first) => {
        if (current()) this.hooks.publish(uri, first);
      });
      const now = this.hooks.current(uri);
      if (!now || now.version !== version) return;
      this.hooks.publish(uri, diagnostics, version);
    } catch (error) {
      this.hooks.onError(uri, error);
      // One diagnostic that says why, instead of leaving the previous ones as if they still held.
      const now = this.hooks.current(uri);
      if (now && now.version === version) this.hooks.publish(uri, [uncheckable(error)], version);
    }
  }
}
