import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { processAlive } from '../processAlive';

/** What a lock file says about its holder. */
export interface LockOwner {
  pid: number;
  host: string;
  created: string;
}

export type ReleaseLock = () => Promise<void>;

export interface LockOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called once when the lock is busy and this caller starts waiting. */
  onWait?: (owner: LockOwner | undefined) => void;
}

/** A holder writes its name right after creating the file; an empty file older than this was left by a crash. */
const EMPTY_LOCK_GRACE_MS = 5_000;

interface LockState {
  content: string;
  owner?: LockOwner;
  ageMs: number;
}

async function inspect(path: string): Promise<LockState | undefined> {
  try {
    const [content, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const ageMs = Date.now() - info.mtimeMs;
    try {
      const owner = JSON.parse(content) as LockOwner;
      if (Number.isInteger(owner.pid) && typeof owner.host === 'string') return { content, owner, ageMs };
    } catch {
      // being written right now, or left empty by a crash
    }
    return { content, ageMs };
  } catch {
    return undefined;
  }
}

function held(state: LockState | undefined): boolean {
  if (!state) return false;
  if (!state.owner) return state.ageMs < EMPTY_LOCK_GRACE_MS;
  // Another machine's process (a cache on a shared disk): its liveness cannot be checked from here.
  if (state.owner.host !== hostname()) return true;
  return processAlive(state.owner.pid);
}

/** Whether someone (in any process) holds the lock now. */
export async function isLocked(path: string): Promise<boolean> {
  return held(await inspect(path));
}

/** Creates the lock file if nobody has it; the release removes it only while it is still ours. */
async function create(path: string): Promise<ReleaseLock | undefined> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  const content = JSON.stringify({ pid: process.pid, host: hostname(), created: new Date().toISOString() } satisfies LockOwner);
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return async () => {
    if ((await readFile(path, 'utf8').catch(() => '')) === content) await unlink(path).catch(() => undefined);
  };
}

/**
 * Removes a lock whose holder is gone. Takeovers are serialised by a second lock file, and the
 * lock is looked at again under it: a waiter that saw a stale lock cannot remove the fresh one
 * another waiter made meanwhile (nobody else removes a lock of a live holder).
 */
async function removeIfStale(path: string): Promise<void> {
  const guardPath = `${path}.takeover`;
  const guard = await create(guardPath);
  if (!guard) {
    // A takeover whose maker died within these few lines: rare enough to simply clear.
    if (!held(await inspect(guardPath))) await unlink(guardPath).catch(() => undefined);
    return;
  }
  try {
    const state = await inspect(path);
    if (state && !held(state)) await unlink(path).catch(() => undefined);
  } finally {
    await guard();
  }
}

/** Takes the lock if it is free (or its holder is gone), without waiting. */
export async function tryLock(path: string): Promise<ReleaseLock | undefined> {
  await mkdir(dirname(path), { recursive: true });
  const release = await create(path);
  if (release) return release;
  if (held(await inspect(path))) return undefined;
  await removeIfStale(path);
  return create(path);
}

/**
 * An exclusive lock shared by every process on this machine: a file created with O_EXCL that
 * names its holder (`{pid, host, created}`). A lock whose holder died (a build killed half-way)
 * is taken over. Waiters retry with a short backoff until the deadline or the abort signal.
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<ReleaseLock> {
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let delay = 5;
  let waiting = false;
  for (;;) {
    options.signal?.throwIfAborted();
    const release = await tryLock(path);
    if (release) return release;
    if (!waiting) {
      waiting = true;
      options.onWait?.((await inspect(path))?.owner);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${path}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 200);
  }
}
