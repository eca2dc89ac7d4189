import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One process as the kernel reports it in /proc/<pid>/stat. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** R, S, D, Z (zombie), X (dead), … */
  state: string;
  /** Clock ticks after boot: a pid that is reused gets a later start. */
  startTicks: number;
}

/** Whether this system has a Linux-style /proc to ask (elsewhere the checks fall back to signals). */
export const hasProc = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so fields are read after its last ')'. */
export function readProcess(pid: number): ProcessInfo | undefined {
  if (!hasProc || !Number.isInteger(pid) || pid <= 0) return undefined;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), startTicks: Number(fields[19]) };
}

/** A zombie has exited; only its parent's wait is missing. It must never count as running. */
export const isLiving = (info: ProcessInfo | undefined): info is ProcessInfo => !!info && info.state !== 'Z' && info.state !== 'X';

/** Every process now (empty where there is no /proc). */
export function listProcesses(): ProcessInfo[] {
  if (!hasProc) return [];
  const all: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const info = readProcess(pid);
    if (info) all.push(info);
  }
  return all;
}

/** This process's own start, in the same clock as ProcessInfo.startTicks. */
export function ownStartTicks(): number {
  return readProcess(process.pid)?.startTicks ?? 0;
}

/** The environment a process was started with, as NAME=value entries (empty when it cannot be read). */
export function processEnvironment(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
  } catch {
    return [];
  }
}

/** The socket inodes a process holds open. */
export function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (target.startsWith('socket:[')) inodes.add(target.slice(8, -1));
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}
