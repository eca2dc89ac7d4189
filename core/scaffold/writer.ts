import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { checkSandboxPath } from '../markpact/sandboxPath';
import { ConfinedDir, ConfinementError, walk } from '../runtime/confinedDir';

/** A file a scaffolding command writes, relative to the folder it writes into. */
export interface ScaffoldFile {
  path: string;
  content: string;
}

/** Files that are there already: nothing was written. */
export class ScaffoldConflictError extends Error {
  constructor(readonly existing: readonly string[]) {
    super(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}: nothing was written`);
  }
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * The one way `init`, `generate` and "New service…" write files. Every path must be relative and
 * stay inside `root` (the rule `markpact:file` paths follow: no absolute path, no `..` out, no
 * control character); folders are opened one by one and never through a symlink, so nothing a
 * folder's contents or a name typed by a user can do writes outside it. Nothing is overwritten
 * unless `force`: all files are checked first, and on a conflict none is written.
 * Returns the absolute paths written.
 */
export function writeScaffold(root: string, files: readonly ScaffoldFile[], options: { force?: boolean } = {}): string[] {
  const plan = files.map((file) => ({ ...file, segments: confinedSegments(file.path) }));
  mkdirSync(root, { recursive: true });
  const base = ConfinedDir.open(realpathSync(root));
  try {
    const existing = plan.filter((file) => exists(base, file.segments)).map((file) => file.segments.join('/'));
    if (existing.length > 0 && !options.force) throw new ScaffoldConflictError(existing);
    return plan.map((file) => {
      const dir = walk(base, file.segments.slice(0, -1), { create: true });
      try {
        dir.writeFile(file.segments[file.segments.length - 1], file.content);
      } finally {
        if (dir !== base) dir.close();
      }
      return join(base.path, ...file.segments);
    });
  } finally {
    base.close();
  }
}

/** The path's segments, or an error saying why it would leave the folder. */
function confinedSegments(path: string): string[] {
  const checked = checkSandboxPath(path);
  if (!checked.safe) throw new ConfinementError(`refusing to write ${checked.reason}`);
  return checked.path.split('/');
}

/** Whether a file is there; a folder or a symlinked folder on the way is refused, a missing one means no. */
function exists(base: ConfinedDir, segments: readonly string[]): boolean {
  let dir: ConfinedDir;
  try {
    dir = walk(base, segments.slice(0, -1));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
  try {
    const kind = dir.kind(segments[segments.length - 1]);
    if (kind === 'dir') throw new ConfinementError(`refusing to write '${join(dir.path, segments[segments.length - 1])}': it is a folder`);
    return kind !== undefined;
  } finally {
    if (dir !== base) dir.close();
  }
}
