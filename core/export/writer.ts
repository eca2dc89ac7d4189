import { createHash } from 'node:crypto';
import { checkSandboxPath } from '../markpact/sandboxPath';
import { ConfinedDir, ConfinementError, walk } from '../runtime/confinedDir';
import type { ExportFile } from './exportFiles';
import { hasMarker } from './marker';

/**
 * Where an export records the files it wrote: a copy with its hash (to tell it from one the user
 * edited), a generated file as `marked` (its marker says whether it is still ours).
 */
export const exportRecord = '.pactown-export.json';

export interface WriteResult {
  written: string[];
  unchanged: string[];
  /** Files the user took over (a generated file without the marker, a copy edited since, anything not a plain file): left alone. */
  kept: string[];
  /** Files an earlier export wrote that this one does not (a service removed), still as written: removed. */
  removed: string[];
}

const markedEntry = 'marked';

const sha = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex');
const same = (a: Uint8Array, b: string | Uint8Array) => Buffer.from(a).equals(typeof b === 'string' ? Buffer.from(b) : b);

/**
 * Writes an export into `folder` (an absolute path), confined: every path is checked, folders
 * are opened one by one and never through a symlink (one on the way refuses the whole export
 * before anything is written), a symlink in a file's place is never written through. A file the
 * user took over is kept and reported, unless `force` (then it is replaced; a symlink is
 * replaced by a file). What the last export wrote and this one does not is removed if unchanged.
 */
export function writeExport(folder: string, files: readonly ExportFile[], options: { force?: boolean } = {}): WriteResult {
  // The folder itself may not be a symlink either: the default one is inside a repository that may ship one there.
  const base = ConfinedDir.open(folder, { create: true });
  try {
    const recorded = readRecord(base);
    const plan = files.map((file) => {
      const checked = checkSandboxPath(file.path);
      if (!checked.safe) throw new ConfinementError(`refusing to write ${checked.reason}`);
      const segments = checked.path.split('/');
      return { file, path: checked.path, segments, state: stateOf(base, segments, file, recorded.get(checked.path)) };
    });
    const result: WriteResult = { written: [], unchanged: [], kept: [], removed: [] };
    const record: Record<string, string> = {};
    for (const { file, path, segments, state } of plan) {
      if (state === 'same') result.unchanged.push(path);
      else if (state === 'user' && !options.force) result.kept.push(path);
      else {
        const dir = walk(base, segments.slice(0, -1), { create: true });
        try {
          dir.writeFile(segments[segments.length - 1], file.content);
        } finally {
          if (dir !== base) dir.close();
        }
        result.written.push(path);
      }
      // A kept copy keeps its old record, so it stays the user's at the next export.
      const kept = state === 'user' && !options.force;
      const entry = file.marked ? markedEntry : kept ? recorded.get(path) : sha(file.content);
      if (entry) record[path] = entry;
    }
    const current = new Set(plan.map((p) => p.path));
    for (const [path, entry] of recorded) {
      if (current.has(path)) continue;
      const outcome = removeIfOurs(base, path, entry);
      if (outcome) result[outcome].push(path);
    }
    base.writeFile(exportRecord, `${JSON.stringify({ version: 2, files: record }, null, 1)}\n`);
    return result;
  } finally {
    base.close();
  }
}

/** Removes a file an earlier export wrote if it is still as written ('removed'); 'kept' when the user changed it; nothing when it is gone. */
function removeIfOurs(base: ConfinedDir, path: string, entry: string): 'removed' | 'kept' | undefined {
  const checked = checkSandboxPath(path);
  if (!checked.safe) return undefined; // not a path this export writes: a record edited by hand
  const segments = checked.path.split('/');
  let dir: ConfinedDir;
  try {
    dir = walk(base, segments.slice(0, -1));
  } catch {
    return undefined; // its folder is gone, or is not a real folder any more
  }
  try {
    const name = segments[segments.length - 1];
    if (dir.kind(name) === undefined) return undefined;
    const content = dir.readFile(name);
    const ours = content !== undefined && (entry === markedEntry ? hasMarker(content.toString('utf8')) : entry === sha(content));
    if (!ours) return 'kept';
    dir.removeFile(name);
  } finally {
    if (dir !== base) dir.close();
  }
  removeEmptyFolders(base, segments.slice(0, -1));
  return 'removed';
}

/** Removes the folders of a path that are empty now, deepest first (a removed service's context). */
function removeEmptyFolders(base: ConfinedDir, folders: readonly string[]): void {
  for (let depth = folders.length; depth > 0; depth--) {
    let parent: ConfinedDir;
    try {
      parent = walk(base, folders.slice(0, depth - 1));
    } catch {
      return;
    }
    try {
      if (!parent.removeEmptyFolder(folders[depth - 1])) return;
    } finally {
      if (parent !== base) parent.close();
    }
  }
}

type State = 'new' | 'same' | 'ours' | 'user';

/** What is at a file's place now: nothing, the same content, a file this export wrote, or something the user owns. */
function stateOf(base: ConfinedDir, segments: readonly string[], file: ExportFile, recordedHash: string | undefined): State {
  let dir: ConfinedDir;
  try {
    dir = walk(base, segments.slice(0, -1));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'new';
    throw error;
  }
  try {
    const name = segments[segments.length - 1];
    const kind = dir.kind(name);
    if (kind === undefined) return 'new';
    if (kind === 'dir') throw new ConfinementError(`refusing to write '${segments.join('/')}': it is a folder`);
    const current = dir.readFile(name);
    if (!current) return 'user'; // a symlink or a special file: never read or written through
    if (same(current, file.content)) return 'same';
    const ours = file.marked ? hasMarker(current.toString('utf8')) : recordedHash === sha(current);
    return ours ? 'ours' : 'user';
  } finally {
    if (dir !== base) dir.close();
  }
}

/** The files the last export wrote (path → hash or `marked`); nothing when there is no record or it is not ours to read. */
function readRecord(base: ConfinedDir): Map<string, string> {
  const text = base.readFile(exportRecord)?.toString('utf8');
  if (!text || text.length > 4_000_000) return new Map();
  try {
    const parsed = JSON.parse(text) as { files?: unknown };
    const files = parsed.files && typeof parsed.files === 'object' ? Object.entries(parsed.files as Record<string, unknown>) : [];
    return new Map(files.filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return new Map();
  }
}
