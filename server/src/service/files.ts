import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileReader } from '../../../core/workspace';

/** Files larger than this are not read for cross-file checks: no README or ecosystem is that big. */
const maxReadBytes = 8 * 1024 * 1024;

/** Reads open documents first (their unsaved text is what the user sees), then the disk. */
export class WorkspaceFiles implements FileReader {
  constructor(private readonly openText: (path: string) => string | undefined) {}

  async readText(path: string): Promise<string | undefined> {
    const open = this.openText(path);
    if (open !== undefined) return open;
    try {
      const info = await stat(path);
      if (!info.isFile() || info.size > maxReadBytes) return undefined;
      return await readFile(path, 'utf8');
    } catch {
      return undefined;
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
