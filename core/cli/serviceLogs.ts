import { readFile } from 'node:fs/promises';

/** A line of a service's log file (`<iso time> <stream> | <text>`), with its time. */
export interface LogEntry {
  service: string;
  time: number;
  line: string;
}

const stamped = /^(\S+) \S+ \| /;

/** A log file's lines; a line without a time of its own takes the one before it. */
export function parseLog(service: string, text: string): LogEntry[] {
  let time = 0;
  return text.split('\n').filter(Boolean).map((line) => {
    const at = Date.parse(stamped.exec(line)?.[1] ?? '');
    if (!Number.isNaN(at)) time = at;
    return { service, time, line };
  });
}

/** A service's log file, or no lines when it does not exist (the service never ran). */
export async function readLog(service: string, path: string): Promise<LogEntry[]> {
  return parseLog(service, await readFile(path, 'utf8').catch(() => ''));
}

export interface LogWindow {
  /** Only lines from this time (ms since the epoch) on. */
  since?: number;
  /** Only the last this many lines of the merged output. */
  tail?: number;
}

/** Several services' lines in time order (at equal times, in the order given), cut to the window. */
export function mergeLogs(logs: readonly LogEntry[][], window: LogWindow): LogEntry[] {
  const { since, tail } = window;
  if (tail === 0) return [];
  // The last `tail` lines overall are among each service's last `tail`: the sort stays small.
  const recent = logs.map((lines) => {
    const from = since === undefined ? lines : lines.filter((l) => l.time >= since);
    return tail === undefined ? from : from.slice(-tail);
  });
  const merged = recent.flat().sort((a, b) => a.time - b.time);
  return tail === undefined ? merged : merged.slice(-tail);
}
