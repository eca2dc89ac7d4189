import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { readPackageSummary } from '../../../../core/cache/packageSummary';
import { readRecords } from '../../../../core/cache/record';
import { parseRequirement, type DepsEcosystem } from '../../../../core/markpact/requirements';
import { findFiles } from '../files';
import type { LanguageService } from '../languageService';
import { slashPath } from './documentText';

/**
 * Disk listings that completion reads on every keystroke. Each is kept a few seconds, so typing
 * a word costs one scan, and a file created meanwhile shows up soon after.
 */
const freshFor = 3_000;
const memo = new Map<string, { at: number; value: Promise<string[]> }>();

function remembered(key: string, compute: () => Promise<string[]>): Promise<string[]> {
  const now = Date.now();
  const hit = memo.get(key);
  if (hit && now - hit.at < freshFor) return hit.value;
  const value = compute().catch(() => []);
  memo.set(key, { at: now, value });
  if (memo.size > 64) memo.delete(memo.keys().next().value as string);
  return value;
}

/** Files under a folder as slash-separated relative paths (bounded walk, dependency and hidden folders skipped). */
function listing(key: string, folder: string, matches: (name: string) => boolean): Promise<string[]> {
  return remembered(`${key}:${folder}`, async () => {
    const found = await findFiles(folder, matches, 500, 5_000);
    return found.map((path) => slashPath(relative(folder, path))).sort();
  });
}

/** Every file under a folder (for `path=`). */
export function filesUnder(folder: string): Promise<string[]> {
  return listing('files', folder, () => true);
}

/** Markdown files under a folder (for `readme:`). */
export function markdownFilesUnder(folder: string): Promise<string[]> {
  return listing('markdown', folder, (name) => /\.(md|markdown)$/i.test(name));
}

/**
 * Package names of every cached dependency set of this ecosystem: the cache's own summary (one
 * bounded file), nothing online; a cache written before the summary existed is scanned.
 */
export function cachedPackageNames(cacheDir: string, ecosystem: DepsEcosystem): Promise<string[]> {
  return remembered(`packages:${ecosystem}:${cacheDir}`, async () => {
    const summary = await readPackageSummary(cacheDir, ecosystem);
    if (summary) return summary;
    const names = new Set<string>();
    for (const record of await readRecords(cacheDir)) {
      if (record.ecosystem !== ecosystem) continue;
      for (const line of record.requirements) {
        const parsed = parseRequirement(line, ecosystem);
        if (parsed.kind === 'package') names.add(parsed.name);
      }
    }
    return [...names].sort();
  });
}

/** Whether a file exists: open in the editor or on disk (a stat, not a read). */
export async function fileExists(service: LanguageService, path: string): Promise<boolean> {
  if (service.openDocumentAt(path)) return true;
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
