import { mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from '../processAlive';

const folder = (cacheDir: string) => join(cacheDir, 'uses');


/**
 * Marks an entry as used by this process (`uses/<key>.<pid>`), so that pruning from any other
 * process leaves it alone while this process runs services on it. A cache that cannot be written
 * to is used without the mark.
 */
export async function markInUse(cacheDir: string, key: string): Promise<() => Promise<void>> {
  const marker = join(folder(cacheDir), `${key}.${process.pid}`);
  try {
    await mkdir(folder(cacheDir), { recursive: true });
    await writeFile(marker, '');
  } catch {
    // A read-only cache: its entries can still be used; nothing can prune them from here either.
    return async () => undefined;
  }
  return () => unlink(marker).catch(() => undefined);
}

/** Keys some live process uses; markers of dead processes are removed on the way. */
export async function entriesInUse(cacheDir: string): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const name of await readdir(folder(cacheDir)).catch(() => [] as string[])) {
    const dot = name.lastIndexOf('.');
    const pid = Number(name.slice(dot + 1));
    if (Number.isInteger(pid) && processAlive(pid)) keys.add(name.slice(0, dot));
    else await unlink(join(folder(cacheDir), name)).catch(() => undefined);
  }
  return keys;
}
