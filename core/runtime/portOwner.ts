import { readFileSync } from 'node:fs';
import { socketInodes } from '../processTable';

/** Socket inodes listening on a TCP port (IPv4 and IPv6); undefined where the kernel's tables cannot be read. */
export function listeningInodes(port: number): Set<string> | undefined {
  const inodes = new Set<string>();
  let readable = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'latin1');
    } catch {
      continue;
    }
    readable = true;
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
      const fields = line.trim().split(/ +/);
      if (fields.length < 10 || fields[3] !== '0A') continue;
      const local = fields[1];
      if (parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(fields[9]);
    }
  }
  return readable ? inodes : undefined;
}

/**
 * Who answers on a port: `ours` when every listening socket on it is held by one of `pids` (the
 * service's processes), `foreign` when another process holds one, `unknown` where this cannot be
 * told (no /proc, or the listener is in another network namespace).
 */
export function portOwnership(port: number, pids: readonly number[]): 'ours' | 'foreign' | 'unknown' {
  const listening = listeningInodes(port);
  if (!listening || listening.size === 0) return 'unknown';
  const held = new Set<string>();
  for (const pid of pids) for (const inode of socketInodes(pid)) if (listening.has(inode)) held.add(inode);
  return [...listening].every((inode) => held.has(inode)) ? 'ours' : 'foreign';
}
