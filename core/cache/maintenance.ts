import { rm, unlink } from 'node:fs/promises';
import { isLocked } from './lock';
import { cachePaths } from './location';
import { readRecords, type CacheRecord } from './record';
import { readCounters } from './stats';
import { entriesInUse } from './usage';

export interface CacheStats {
  entries: CacheRecord[];
  totalBytes: number;
  hits: number;
  misses: number;
  hitRate: number;
}

export async function cacheStats(cacheDir: string): Promise<CacheStats> {
  const entries = await readRecords(cacheDir);
  const { hits, misses } = await readCounters(cacheDir);
  return { entries, totalBytes: entries.reduce((sum, e) => sum + e.sizeBytes, 0), hits, misses, hitRate: hits + misses ? hits / (hits + misses) : 0 };
}

export interface PruneLimits {
  maxAgeDays?: number;
  maxEntries?: number;
  maxBytes?: number;
  /** Keys of environments running services use: never removed (nor those any live process marked in use). */
  inUse?: ReadonlySet<string>;
}

/** Removes the record first (the entry is then invisible), then the environment. */
async function removeEntry(cacheDir: string, key: string): Promise<void> {
  await unlink(cachePaths.record(cacheDir, key)).catch(() => undefined);
  await rm(cachePaths.env(cacheDir, key), { recursive: true, force: true });
}

/**
 * Evicts least recently used entries until the cache is within its limits (age, count, bytes),
 * never one in use or being built. Returns the removed keys.
 */
export async function pruneCache(cacheDir: string, limits: PruneLimits, now = Date.now()): Promise<string[]> {
  const records = (await readRecords(cacheDir)).sort((a, b) => a.lastUsedAt.localeCompare(b.lastUsedAt));
  const used = await entriesInUse(cacheDir);
  const removable = async (r: CacheRecord) => !limits.inUse?.has(r.key) && !used.has(r.key) && !(await isLocked(cachePaths.lock(cacheDir, r.key)));
  const removed: string[] = [];
  let count = records.length;
  let bytes = records.reduce((sum, r) => sum + r.sizeBytes, 0);
  for (const record of records) {
    const tooOld = limits.maxAgeDays !== undefined && now - Date.parse(record.lastUsedAt) > limits.maxAgeDays * 86_400_000;
    const tooMany = limits.maxEntries !== undefined && count > limits.maxEntries;
    const tooBig = limits.maxBytes !== undefined && bytes > limits.maxBytes;
    if (!(tooOld || tooMany || tooBig) || !(await removable(record))) continue;
    await removeEntry(cacheDir, record.key);
    removed.push(record.key);
    count--;
    bytes -= record.sizeBytes;
  }
  return removed;
}

/** Removes every entry not in use and not being built. */
export async function clearCache(cacheDir: string, inUse: ReadonlySet<string> = new Set()): Promise<string[]> {
  return pruneCache(cacheDir, { maxEntries: 0, inUse });
}
