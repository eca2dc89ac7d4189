import { DidChangeWatchedFilesNotification, type Connection, type Disposable, type FileSystemWatcher } from 'vscode-languageserver/node';
import { watchersFor } from '../service/watchPatterns';

/**
 * Keeps one dynamic `workspace/didChangeWatchedFiles` registration in step with the files the
 * open documents depend on (a `sha256=` block's file, includes, READMEs of an ecosystem). It is
 * replaced only when the watchers change; the new one is registered before the old one goes, so
 * no change falls in between. Requests are never queued: a slow client sees only the latest set.
 */
export class WatchedFilesRegistration {
  /** The files last asked for, joined: most validations change nothing, and then cost one comparison. */
  private paths = '';
  private wanted: FileSystemWatcher[] = [];
  private wantedKey = '[]';
  private registeredKey = '[]';
  private registration: Disposable | undefined;
  private busy = false;

  constructor(
    private readonly connection: Connection,
    private readonly roots: () => readonly string[],
    private readonly relativePatterns: boolean,
  ) {}

  /** Watches exactly these files (and the folders on their way) from now on. */
  update(paths: readonly string[]): void {
    const joined = paths.join('\n');
    if (joined === this.paths) return;
    this.paths = joined;
    const watchers = watchersFor(paths, this.roots(), this.relativePatterns);
    const key = JSON.stringify(watchers);
    if (key === this.wantedKey) return;
    this.wanted = watchers;
    this.wantedKey = key;
    if (!this.busy) void this.flush();
  }

  private async flush(): Promise<void> {
    this.busy = true;
    try {
      while (this.registeredKey !== this.wantedKey) {
        const [key, watchers] = [this.wantedKey, this.wanted];
        const next = watchers.length > 0 ? await this.register(watchers) : undefined;
        this.registration?.dispose();
        this.registration = next;
        this.registeredKey = key;
      }
    } finally {
      this.busy = false;
    }
  }

  private async register(watchers: FileSystemWatcher[]): Promise<Disposable | undefined> {
    try {
      return await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    } catch (error) {
      this.connection.console.warn(`could not watch the files the open documents depend on: ${String(error)}`);
      return undefined;
    }
  }
}
