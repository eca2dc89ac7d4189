import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { processAlive } from '../processAlive';


/** Whether someone (in any process) holds the lock now. */
export async function isLocked(path: string): Promise<boolean> {
  try {
    const { pid } = JSON.parse(await readFile(path, 'utf8')) as { pid: number };
    return processAlive(pid);
  } catch {
    return false;
  }
}

/**
 * An exclusive lock shared by every process on this machine: a file created with O_EXCL that
 * names its holder. A lock whose holder died (a build killed half-way) is taken over. Waiters
 * retry with backoff until the deadline.
 */
export async function acquireLock(path: string, timeoutMs = 15 * 60_000): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let delay = 10;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, created: new Date().toISOString() }));
      await handle.close();
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!(await isLocked(path))) await removeStale(path);
    if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${path}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 250);
  }
}

/**
 * Takes a dead holder's lock away. The rename is atomic, so of several waiters one moves the
 * file; if what it moved turns out to be a fresh lock (taken meanwhile), it is put back.
 */
async function removeStale(path: string): Promise<void> {
  const stale = await readFile(path, 'utf8').catch(() => '');
  if (!stale) return; // being written right now: look again next round
  const moved = `${path}.${process.pid}.${Date.now()}`;
  try {
    await rename(path, moved);
  } catch {
    return;
  }
  const content = await readFile(moved, 'utf8').catch(() => '');
  if (content !== stale) await link(moved, path).catch(() => undefined);
  await unlink(moved).catch(() => undefined);
}
