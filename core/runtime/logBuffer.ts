import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export type LogStream = 'stdout' | 'stderr' | 'system';

export interface LogLine {
  time: number;
  stream: LogStream;
  text: string;
}

const maxLineLength = 16 * 1024;

/**
 * A service's output: the last `capacity` lines in memory (for status, errors and the editor)
 * and every line with a timestamp in a log file. Chunks are split into lines as they arrive.
 */
export class LogBuffer {
  private readonly lines: LogLine[] = [];
  private readonly partial: Record<LogStream, string> = { stdout: '', stderr: '', system: '' };
  private readonly listeners = new Set<(line: LogLine) => void>();
  private readonly file?: WriteStream;

  /** `file`: a path, or a descriptor opened for appending (the orchestrator opens logs through its confined sandbox root). */
  constructor(file?: string | number, private readonly capacity = 1_000) {
    if (file !== undefined) {
      if (typeof file === 'string') mkdirSync(dirname(file), { recursive: true });
      this.file = typeof file === 'string' ? createWriteStream(file, { flags: 'a' }) : createWriteStream('', { fd: file });
      this.file.on('error', () => undefined); // a full disk must not take the service down
    }
  }

  /** Adds output; a trailing piece without a newline waits for the rest of its line. */
  write(stream: LogStream, chunk: string): void {
    const parts = (this.partial[stream] + chunk).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    if (this.partial[stream].length > maxLineLength) {
      parts.push(this.partial[stream]);
      this.partial[stream] = '';
    }
    for (const text of parts) this.push(stream, text.replace(/\r$/, ''));
  }

  system(text: string): void {
    this.push('system', text);
  }

  /** Ends half-written lines (when the process exits). */
  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) this.push(stream, this.partial[stream]);
      this.partial[stream] = '';
    }
  }

  tail(count = this.capacity): LogLine[] {
    return this.lines.slice(-count);
  }

  onLine(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.flush();
    return new Promise((resolve) => (this.file ? this.file.end(resolve) : resolve()));
  }

  private push(stream: LogStream, raw: string): void {
    const line: LogLine = { time: Date.now(), stream, text: raw.length > maxLineLength ? `${raw.slice(0, maxLineLength)}…` : raw };
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
    this.file?.write(`${new Date(line.time).toISOString()} ${stream} | ${line.text}\n`);
    for (const listener of this.listeners) listener(line);
  }
}

/** The last lines as one text, for error messages. */
export function formatTail(lines: LogLine[]): string {
  return lines.map((l) => `  ${l.stream === 'stderr' ? '!' : '|'} ${l.text}`).join('\n');
}
