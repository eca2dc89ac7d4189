import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRequirement, type DepsEcosystem } from '../markpact/requirements';
import { writeAtomically } from './atomicWrite';
import { readRecords } from './record';

/** Package names per ecosystem, at most this many each: what deps completion offers, read in one go. */
const maxNames = 5_000;
const maxBytes = 1024 * 1024;
const file = (cacheDir: string) => join(cacheDir, 'packages.json');

/** Rewrites the summary from the records (after a record is published or removed). Best effort. */
export async function refreshPackageSummary(cacheDir: string): Promise<void> {
  const names: Record<DepsEcosystem, Set<string>> = { python: new Set(), node: new Set() };
  for (const record of await readRecords(cacheDir)) {
    const set = names[record.ecosystem];
    for (const line of record.requirements) {
      if (set.size >= maxNames) break;
      const parsed = parseRequirement(line, record.ecosystem);
      if (parsed.kind === 'package') set.add(parsed.name);
    }
  }
  const summary = { python: [...names.python].sort(), node: [...names.node].sort() };
  await writeAtomically(file(cacheDir), JSON.stringify(summary)).catch(() => undefined);
}

/** The cached package names of an ecosystem from the summary; undefined when there is none (an older cache). */
export async function readPackageSummary(cacheDir: string, ecosystem: DepsEcosystem): Promise<string[] | undefined> {
  let handle;
  try {
    handle = await open(file(cacheDir), 'r');
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) return undefined;
    const names = (JSON.parse(buffer.toString('utf8', 0, bytesRead)) as Record<string, unknown>)[ecosystem];
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string' && n.length <= 214).slice(0, maxNames) : undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
