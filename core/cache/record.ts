import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ecosystem, RuntimeIdentity } from './key';
import { cachePaths } from './location';

/** One cache entry's index record (`index/<key>.json`). */
export interface CacheRecord {
  format: 1;
  key: string;
  ecosystem: Ecosystem;
  depsHash: string;
  /** Normalised requirement lines (see normalizeRequirements). */
  requirements: string[];
  runtime: RuntimeIdentity;
  platform: string;
  sizeBytes: number;
  /** ISO 8601 timestamps. */
  createdAt: string;
  lastUsedAt: string;
  hits: number;
}

function isRecord(value: unknown): value is CacheRecord {
  const r = value as CacheRecord;
  return !!r && r.format === 1 && typeof r.key === 'string' && typeof r.depsHash === 'string' && Array.isArray(r.requirements);
}

/** Every readable record in the cache; unreadable or foreign files are skipped. */
export async function readRecords(cacheDir: string): Promise<CacheRecord[]> {
  const dir = cachePaths.indexDir(cacheDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const records = await Promise.all(
    names
      .filter((n) => n.endsWith('.json'))
      .map(async (n) => {
        try {
          const parsed: unknown = JSON.parse(await readFile(join(dir, n), 'utf8'));
          return isRecord(parsed) ? parsed : undefined;
        } catch {
          return undefined;
        }
      }),
  );
  return records.filter((r): r is CacheRecord => r !== undefined);
}

/** The entries built for this dependency set, for any runtime, most recently used first. */
export async function recordsForDeps(cacheDir: string, hash: string): Promise<CacheRecord[]> {
  const all = await readRecords(cacheDir);
  return all.filter((r) => r.depsHash === hash).sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt));
}
