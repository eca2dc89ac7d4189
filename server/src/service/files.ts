import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileReader } from '../../../core/workspace';

/** Files larger than this are not read for cross-file checks: no README or ecosystem is that big. */
const maxReadBytes = 8 * 1024 * 1024;

/** Texts read from disk kept at most this many characters in all (least recently used go first). */
const cachedCharacters = 32 * 1024 * 1024;

/**
 * Reads open documents first (their unsaved text is what the user sees), then the disk. A file
 * read from disk is kept while its size and modification time stay the same, so an ecosystem of
 * 500 services re-checked after an edit costs 500 stats, not 500 reads.
 */
export class WorkspaceFiles implements FileReader {
  private readonly cache = new Map<string, { size: number; mtimeMs: number; text: string }>();
  private characters = 0;

  constructor(private readonly openText: (path: string) => string | undefined) {}

  async readText(path: string): Promise<string | undefined> {
    const open = this.openText(path);
    if (open !== undefined) return open;
    try {
      const info = await stat(path);
      if (!info.isFile() || info.size > maxReadBytes) return undefined;
      const hit = this.cache.get(path);
      if (hit && hit.size === info.size && hit.mtimeMs === info.mtimeMs) {
        this.cache.delete(path);
        this.cache.set(path, hit);
        return hit.text;
      }
      const text = await readFile(path, 'utf8');
      this.remember(path, { size: info.size, mtimeMs: info.mtimeMs, text });
      return text;
    } catch {
      return undefined;
    }
  }

  /** Drops what is kept of a file that changed on disk: a rewrite within the same size and timestamp tick would look unchanged. */
  forget(path: string): void {
    const entry = this.cache.get(path);
    if (!entry) return;
    this.cache.delete(path);
    this.characters -= entry.text.length;
  }

  private remember(path: string, entry: { size: number; mtimeMs: number; text: string }): void {
    const previous = this.cache.get(path);
    if (previous) this.characters -= previous.text.length;
    this.cache.delete(path);
    this.cache.set(path, entry);
    this.characters += entry.text.length;
    while (this.characters > cachedCharacters && this.cache.size > 1) {
      const [oldest, value] = this.cache.entries().next().value as [string, { text: string }];
      this.cache.delete(oldest);
      this.characters -= value.text.length;
    }
  }
}

const skippedFolders = new Set(['node_modules', '.git', '.pactown', 'dist', 'out', '.venv', 'venv', '__pycache__']);

/** Files under `root` whose name matches, skipping dependency and build folders; bounded so a huge tree cannot stall the server. */
export async function findFiles(root: string, matches: (name: string) => boolean, limit = 2_000, maxEntries = 50_000): Promise<string[]> {
  const found: string[] = [];
  const queue = [root];
  let visited = 0;
  while (queue.length > 0 && found.length < limit && visited < maxEntries) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      visited++;
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name) && !entry.name.startsWith('.')) queue.push(join(dir, entry.name));
      } else if (entry.isFile() && matches(entry.name)) {
        found.push(join(dir, entry.name));
      }
    }
  }
  return found;
}
