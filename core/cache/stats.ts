import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from './atomicWrite';

interface Counters {
  hits: number;
  misses: number;
}

const file = (cacheDir: string) => join(cacheDir, 'stats.json');

/** The persisted lookup counters (zero when there are none yet). */
export async function readCounters(cacheDir: string): Promise<Counters> {
  try {
    const parsed = JSON.parse(await readFile(file(cacheDir), 'utf8')) as Partial<Counters>;
    return { hits: Number(parsed.hits) || 0, misses: Number(parsed.misses) || 0 };
  } catch {
    return { hits: 0, misses: 0 };
  }
}

/** Counts a lookup (best effort: a lost increment under a race only skews the hit rate). */
export async function countLookup(cacheDir: string, hit: boolean): Promise<void> {
  const counters = await readCounters(cacheDir);
  if (hit) counters.hits++;
  else counters.misses++;
  await writeAtomically(file(cacheDir), JSON.stringify(counters)).catch(() => undefined);
}
