import { hasProc, isLiving, listProcesses, processEnvironment, type ProcessInfo } from '../processTable';

/** Set in every service's environment: a process proves it belongs to a run (and service) by carrying them. */
export const runIdVariable = 'PACTOWN_RUN_ID';
export const serviceVariable = 'PACTOWN_SERVICE';

/** The processes of a run, or of one of its services. */
export interface RunMembership {
  runId: string;
  service?: string;
  /** Processes that started before this (clock ticks after boot) cannot carry the run's id: their environment is not read. */
  sinceTicks: number;
}

/** What to stop: a service's process group and every process that carries its ids, wherever it moved (setsid, double fork). */
export interface StopTarget {
  membership: RunMembership;
  /** The group the service's shell leads. */
  pgid?: number;
  /** True while the group's leader is this process's own child not yet reaped: its pid cannot have been reused. */
  leaderIsOurs?: () => boolean;
}

let cached: { at: number; table: ProcessInfo[] } | undefined;

/** The process table, shared by checks made within the same 2 ms (sixty services stopping at once read it once). */
function table(): ProcessInfo[] {
  const now = performance.now();
  if (!cached || now - cached.at > 2) cached = { at: now, table: listProcesses() };
  return cached.table;
}

/** Forgets the shared table: the next check reads the kernel again (after a signal, say). */
function refresh(): void {
  cached = undefined;
}

export function carries(pid: number, membership: RunMembership): boolean {
  const env = processEnvironment(pid);
  return env.includes(`${runIdVariable}=${membership.runId}`) && (membership.service === undefined || env.includes(`${serviceVariable}=${membership.service}`));
}

/** Living processes that carry the run's (and service's) ids; never this process. */
export function membersOf(membership: RunMembership, processes = table()): ProcessInfo[] {
  return processes.filter((p) => p.pid !== process.pid && p.startTicks >= membership.sinceTicks && isLiving(p) && carries(p.pid, membership));
}

/** Living processes of a group (a zombie is not one). */
export function livingInGroup(pgid: number, processes = table()): ProcessInfo[] {
  return processes.filter((p) => p.pgid === pgid && isLiving(p));
}

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone already
  }
}

/**
 * Whether the target's group is provably the service's: its leader is our unreaped child, or one
 * of its living members carries the ids. Only then is it signalled, or waited for, as a whole.
 */
function groupIsOurs(target: StopTarget, processes: ProcessInfo[]): boolean {
  const { pgid } = target;
  if (!pgid || pgid <= 1) return false;
  if (target.leaderIsOurs?.()) return true;
  return hasProc && livingInGroup(pgid, processes).some((p) => carries(p.pid, target.membership));
}

/**
 * Whether the target's group has no living process of the service left. Asked without reading the
 * process table while the group does not exist at all (the usual end of a stop); the table is read
 * only to tell a zombie-only group (a parent that does not reap) from a living one.
 */
function groupGone(target: StopTarget): boolean {
  const { pgid } = target;
  if (!pgid || pgid <= 1 || !groupExists(pgid)) return true;
  // Our own unreaped leader: alive, or exited and about to be reaped by us (which wakes the wait).
  if (target.leaderIsOurs?.()) return false;
  if (!hasProc) return true;
  const processes = table();
  return !groupIsOurs(target, processes) || livingInGroup(pgid, processes).length === 0;
}

/** Whether nothing of the target runs: its group first (cheap), then the processes that left it (one read of the table). */
function settled(target: StopTarget): boolean {
  return groupGone(target) && (!hasProc || membersOf(target.membership).length === 0);
}

/**
 * Sends a signal to what a target still runs. The group is signalled as a whole only when it is
 * provably the service's (see groupIsOurs); every other process only when it carries the ids itself.
 */
function signalTarget(target: StopTarget, name: NodeJS.Signals, processes: ProcessInfo[]): void {
  if (target.pgid && groupIsOurs(target, processes)) signal(-target.pgid, name);
  if (hasProc) for (const p of membersOf(target.membership, processes)) if (p.pid > 1) signal(p.pid, name);
}

/** Signals the targets against the process table as just read (the table is read afresh after). */
function signalTargets(targets: readonly StopTarget[], name: NodeJS.Signals): void {
  const processes = table();
  for (const target of targets) signalTarget(target, name, processes);
  refresh();
}

/** Resolves true once `done` holds, checking on a short backoff (and at once when `wake` settles), or false at the deadline. */
export async function waitFor(done: () => boolean, deadlineMs: number, wake?: Promise<unknown>): Promise<boolean> {
  const end = performance.now() + deadlineMs;
  let delay = 1;
  let woken = false;
  void wake?.then(() => (woken = true));
  while (!done()) {
    if (performance.now() >= end) return false;
    await Promise.race([new Promise((resolve) => setTimeout(resolve, delay)), ...(wake && !woken ? [wake] : [])]);
    delay = Math.min(delay * 2, 25);
  }
  return true;
}

/**
 * Stops every process of a target: SIGTERM, then SIGKILL after the grace period. Resolves with
 * whether nothing of it is left running (zombies waiting for a parent do not count).
 */
export async function stopTarget(target: StopTarget, options: { graceMs?: number; killMs?: number; wake?: Promise<unknown> } = {}): Promise<boolean> {
  refresh();
  if (settled(target)) return true;
  signalTargets([target], 'SIGTERM');
  if (await waitFor(() => settled(target), options.graceMs ?? 5_000, options.wake)) return true;
  refresh();
  signalTargets([target], 'SIGKILL');
  return waitFor(() => settled(target), options.killMs ?? 5_000);
}

/** SIGKILL to every process of the targets at once, without waiting: for a host that is exiting now. */
export function killTargetsNow(targets: readonly StopTarget[]): void {
  refresh();
  signalTargets(targets, 'SIGKILL');
}
