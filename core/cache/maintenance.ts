import { access, lstat, readdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { tryLock } from './lock';
import { cachePaths } from './location';
import { hashPattern, readIndex, readRecords, unpublishRecord, type CacheRecord } from './record';
import { refreshPackageSummary } from './packageSummary';
import { readCounters } from './stats';
import { entriesInUse } from './usage';

export interface CacheStats {
  entries: CacheRecord[];
  /** Files in index/ that are not valid records: ignored everywhere, removed by `cache clear`. */
  broken: string[];
  totalBytes: number;
  hits: number;
  misses: number;
  hitRate: number;
}

/** Every entry, their total size, and the hit/miss counters kept in `stats.json`. */
export async function cacheStats(cacheDir: string): Promise<CacheStats> {
  const { records: entries, broken } = await readIndex(cacheDir);
  const { hits, misses } = await readCounters(cacheDir);
  return { entries, broken, totalBytes: entries.reduce((sum, e) => sum + e.sizeBytes, 0), hits, misses, hitRate: hits + misses ? hits / (hits + misses) : 0 };
}

export interface PruneLimits {
  maxAgeDays?: number;
  maxEntries?: number;
  maxBytes?: number;
  /** Keys of environments running services use: never removed (nor those any live process marked in use). */
  inUse?: ReadonlySet<string>;
}

/** Whether `<cache>/envs` is a real folder: removing inside a symlinked one would reach outside the cache. */
async function envsFolderIsReal(cacheDir: string): Promise<boolean> {
  const info = await lstat(join(cacheDir, 'envs')).catch(() => undefined);
  return !info || (info.isDirectory() && !info.isSymbolicLink());
}

/**
 * Removes an entry under its lock (so never while it is being built or rebuilt): the record first
 * (the entry is then invisible), then the environment. Every path comes from the key, and the
 * key from a validated record: nothing outside the cache's own folders is ever removed. False if
 * the lock is held.
 */
async function removeEntry(cacheDir: string, record: CacheRecord): Promise<boolean> {
  if (!hashPattern.test(record.key) || !(await envsFolderIsReal(cacheDir))) return false;
  const release = await tryLock(cachePaths.lock(cacheDir, record.key));
  if (!release) return false;
  try {
    await unpublishRecord(cacheDir, record);
    await rm(cachePaths.env(cacheDir, record.key), { recursive: true, force: true, maxRetries: 3 });
    return true;
  } finally {
    await release();
  }
}

/** Folders no record points to (builds that failed or died, never retried), unless being built now. */
async function removeOrphans(cacheDir: string, keep: ReadonlySet<string>): Promise<void> {
  if (!(await envsFolderIsReal(cacheDir))) return;
  for (const key of await readdir(join(cacheDir, 'envs')).catch(() => [] as string[])) {
    // Only folders named as the cache names them: anything else there is not ours to remove.
    if (keep.has(key) || !hashPattern.test(key)) continue;
    const release = await tryLock(cachePaths.lock(cacheDir, key));
    if (!release) continue;
    try {
      // Looked at again under the lock: a build may have finished since the records were read.
      const recorded = await access(cachePaths.record(cacheDir, key)).then(() => true, () => false);
      if (!recorded) await rm(cachePaths.env(cacheDir, key), { recursive: true, force: true });
    } finally {
      await release();
    }
  }
}

/**
 * Evicts least recently used entries until the cache is within its limits (age, count, bytes),
 * never one in use or being built, and removes left-over folders of builds that never finished.
 * Returns the removed keys.
 */
export async function pruneCache(cacheDir: string, limits: PruneLimits, now = Date.now()): Promise<string[]> {
  const records = (await readRecords(cacheDir)).sort((a, b) => a.lastUsedAt.localeCompare(b.lastUsedAt));
  const used = await entriesInUse(cacheDir);
  const inUse = (r: CacheRecord) => !!limits.inUse?.has(r.key) || used.has(r.key);
  const removed: string[] = [];
  let count = records.length;
  let bytes = records.reduce((sum, r) => sum + r.sizeBytes, 0);
  for (const record of records) {
    const tooOld = limits.maxAgeDays !== undefined && now - Date.parse(record.lastUsedAt) > limits.maxAgeDays * 86_400_000;
    const tooMany = limits.maxEntries !== undefined && count > limits.maxEntries;
    const tooBig = limits.maxBytes !== undefined && bytes > limits.maxBytes;
    if (!(tooOld || tooMany || tooBig) || inUse(record) || !(await removeEntry(cacheDir, record))) continue;
    removed.push(record.key);
    count--;
    bytes -= record.sizeBytes;
  }
  await removeOrphans(cacheDir, new Set(records.map((r) => r.key)));
  if (removed.length > 0) await refreshPackageSummary(cacheDir);
  return removed;
}

/** Removes every entry not in use and not being built, and the index files that are not records (only those files). */
export async function clearCache(cacheDir: string, inUse: ReadonlySet<string> = new Set()): Promise<string[]> {
  const { broken } = await readIndex(cacheDir);
  for (const name of broken) await unlink(join(cachePaths.indexDir(cacheDir), name)).catch(() => undefined);
  return pruneCache(cacheDir, { maxEntries: 0, inUse });
}
