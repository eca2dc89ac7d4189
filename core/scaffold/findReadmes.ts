import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** A README (or a folder) that `generate` leaves out, and why: nothing is dropped silently. */
export interface SkippedReadme {
  /** Relative to the scanned folder, `/`-separated. */
  path: string;
  reason: string;
}

export interface FoundReadmes {
  /** Absolute paths, sorted. */
  readmes: string[];
  skipped: SkippedReadme[];
}

/** Bounds: a folder with a huge tree (a home folder by mistake) is cut short, and says so. */
export const scanLimits = { depth: 8, folders: 5_000, readmes: 500 };

/** Dependency and tool folders: never services (hidden folders, `.pactown` sandboxes included, are skipped too). */
const ignoredFolders = new Set(['node_modules', 'venv', '__pycache__']);

const isReadme = (name: string) => name.toLowerCase() === 'readme.md';

/** Whether a symlink leads to a folder (looked at, never entered). */
const isFolder = (path: string) => stat(path).then((info) => info.isDirectory(), () => false);

/**
 * Every README.md under a folder, breadth first. Symlinks are never followed (a link could lead
 * outside the folder): a linked README or folder is reported as skipped, as are the parts of the
 * tree past the bounds.
 */
export async function findReadmes(root: string): Promise<FoundReadmes> {
  const readmes: string[] = [];
  const skipped: SkippedReadme[] = [];
  const shown = (path: string) => relative(root, path).split('\\').join('/') || '.';
  let queue: string[] = [root];
  let folders = 0;
  for (let depth = 0; queue.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of queue) {
      if (folders >= scanLimits.folders || readmes.length >= scanLimits.readmes) {
        skipped.push({ path: shown(dir), reason: `not searched: the scan stops after ${scanLimits.folders} folders or ${scanLimits.readmes} READMEs` });
        continue;
      }
      folders++;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        skipped.push({ path: shown(dir), reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
        continue;
      }
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const path = join(dir, entry.name);
        if (entry.isSymbolicLink()) {
          if (isReadme(entry.name)) skipped.push({ path: shown(path), reason: 'a symlink: not followed (it could lead outside the folder)' });
          else if (!entry.name.startsWith('.') && (await isFolder(path))) skipped.push({ path: shown(path), reason: 'a symlinked folder: not searched (it could lead outside the folder)' });
        } else if (entry.isDirectory()) {
          if (entry.name.startsWith('.') || ignoredFolders.has(entry.name)) continue;
          if (depth + 1 > scanLimits.depth) skipped.push({ path: shown(path), reason: `not searched: deeper than ${scanLimits.depth} folders` });
          else next.push(path);
        } else if (entry.isFile() && isReadme(entry.name)) {
          readmes.push(path);
        }
      }
    }
    queue = next;
  }
  return { readmes: readmes.sort(), skipped };
}
