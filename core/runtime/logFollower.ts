import { watch, type FSWatcher } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/**
 * Follows a service's log file, whichever process writes it: the last lines first, then each
 * new chunk as it is appended (a file watch, no polling). A file that does not exist yet is
 * waited for; a file that shrank (recreated) is read again from its start.
 */
export class LogFollower {
  private offset = 0;
  private watcher?: FSWatcher;
  private reading = false;
  private again = false;
  private closed = false;

  constructor(private readonly path: string, private readonly onText: (text: string) => void) {}

  /** Prints the last lines; with `follow`, then every new chunk until close(). */
  async start(lastLines = 200, follow = true): Promise<void> {
    const text = await readFile(this.path, 'utf8').catch(() => '');
    this.offset = Buffer.byteLength(text);
    const lines = text.split('\n').filter(Boolean).slice(-lastLines);
    if (lines.length > 0) this.onText(`${lines.join('\n')}\n`);
    if (!follow) return;
    await mkdir(dirname(this.path), { recursive: true });
    if (this.closed) return;
    this.watcher = watch(dirname(this.path), (_event, name) => {
      if (name === null || name === basename(this.path)) void this.readNew();
    });
    await this.readNew();
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
  }

  private async readNew(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.again = false;
        const size = (await stat(this.path).catch(() => ({ size: 0 }))).size;
        if (size < this.offset) this.offset = 0;
        if (size === this.offset || this.closed) continue;
        const handle = await open(this.path, 'r');
        try {
          const buffer = Buffer.alloc(size - this.offset);
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
          this.offset += bytesRead;
          this.onText(buffer.subarray(0, bytesRead).toString('utf8'));
        } finally {
          await handle.close();
        }
      } while (this.again && !this.closed);
    } finally {
      this.reading = false;
    }
  }
}
