import { closeSync, openSync, readSync } from 'node:fs';
import { socketInodes } from '../processTable';

/**
 * Calls `found` with the inode of each socket listening on `port` (any port when undefined) in a kernel table
 * (`/proc/net/tcp`), until it returns a verdict. The kernel lists listening sockets first, so the
 * scan stops at the first connection line: the rest of the table (thousands of TIME_WAIT entries
 * after a burst of health checks, or a walk of the whole connection hash to reach its end) is
 * never read. False when the table cannot be read.
 */
function scanListeners<T>(table: string, port: number | undefined, found: (inode: string, port: number) => T | undefined): { readable: boolean; verdict?: T } {
  let fd: number;
  try {
    fd = openSync(table, 'r');
  } catch {
    return { readable: false };
  }
  try {
    const chunk = Buffer.alloc(16 * 1024);
    let pending = '';
    let header = true;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) return { readable: true };
      const lines = (pending + chunk.toString('latin1', 0, read)).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (header) {
          header = false;
          continue;
        }
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
        const fields = line.trim().split(/ +/);
        if (fields.length < 10) continue;
        if (fields[3] !== '0A') return { readable: true };
        const local = fields[1];
        const listening = parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
        if (port !== undefined && listening !== port) continue;
        const verdict = found(fields[9], listening);
        if (verdict !== undefined) return { readable: true, verdict };
      }
    }
  } finally {
    closeSync(fd);
  }
}

const inodesOf = (pids: readonly number[]) => new Set(pids.flatMap((pid) => [...socketInodes(pid)]));

/**
 * Who answers on a port: `ours` when the socket listening on it is held by one of the service's
 * processes (`candidates`, cheapest first: its leader, its group, those that left it), `foreign` when
 * another process holds it, `unknown` where this cannot be told (no /proc, or the listener is in
 * another network namespace). Two processes cannot both listen on one loopback port (short of
 * SO_REUSEPORT by the same user), so the first listener found decides.
 */
export function portOwnership(port: number, ...candidates: (() => readonly number[])[]): 'ours' | 'foreign' | 'unknown' {
  const own = new Set<string>();
  let asked = 0;
  const decide = (inode: string): 'ours' | 'foreign' => {
    // The cheapest candidates first; a wider set is read only when the narrower ones do not hold the socket.
    while (!own.has(inode) && asked < candidates.length) for (const held of inodesOf(candidates[asked++]())) own.add(held);
    return own.has(inode) ? 'ours' : 'foreign';
  };
  let readable = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const scan = scanListeners(table, port, decide);
    readable ||= scan.readable;
    if (scan.verdict) return scan.verdict;
  }
  return 'unknown';
}

/**
 * Which of `ports` are listened on by the given processes (`candidates`, cheapest first, read only
 * when one of the ports has a listener): one scan of the kernel's listener tables for them all.
 */
export function ownedListeningPorts(ports: readonly number[], ...candidates: (() => readonly number[])[]): number[] {
  const wanted = new Set(ports);
  const listeners = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    scanListeners(table, undefined, (inode, port) => {
      if (wanted.has(port)) listeners.set(inode, port);
      return undefined;
    });
  }
  if (listeners.size === 0) return [];
  const owned = new Set<number>();
  for (const candidate of candidates) {
    for (const inode of inodesOf(candidate())) {
      const port = listeners.get(inode);
      if (port !== undefined) owned.add(port);
    }
    if (owned.size === new Set(listeners.values()).size) break;
  }
  return ports.filter((p) => owned.has(p));
}

/** At most this many listening ports are reported for a service (a server rarely has more than two). */
const MAX_LISTENING = 16;

/**
 * The TCP ports the given processes listen on (their sockets in the kernel's listener tables),
 * sorted; empty when /proc cannot tell. Two table reads and one fd listing per process.
 */
export function listeningPorts(pids: readonly number[]): number[] {
  const own = inodesOf(pids);
  const ports = new Set<number>();
  if (own.size === 0) return [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    scanListeners(table, undefined, (inode, port) => {
      if (own.has(inode)) ports.add(port);
      return ports.size >= MAX_LISTENING ? true : undefined;
    });
  }
  return [...ports].sort((a, b) => a - b);
}
