import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import { checkSandboxPath } from '../markpact/sandboxPath';
import { ConfinedDir, ConfinementError, walk } from '../runtime/confinedDir';
import type { ExportFile } from './exportFiles';
import { hasMarker } from './marker';

/** Where an export records what it copied (file → hash), to tell its own copies from ones the user edited. */
export const exportRecord = '.pactown-export.json';

export interface WriteResult {
  written: string[];
  unchanged: string[];
  /** Files the user took over (a generated file without the marker, a copy edited since, anything not a plain file): left alone. */
  kept: string[];
}

const sha = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex');
const same = (a: Uint8Array, b: string | Uint8Array) => Buffer.from(a).equals(typeof b === 'string' ? Buffer.from(b) : b);

/**
 * Writes an export into `folder`, confined: every path is checked, folders are opened one by
 * one and never through a symlink (one on the way refuses the whole export before anything is
 * written), a symlink in a file's place is never written through. A file the user took over is
 * kept and reported, unless `force` (then it is replaced; a symlink is replaced by a file).
 */
export function writeExport(folder: string, files: readonly ExportFile[], options: { force?: boolean } = {}): WriteResult {
  mkdirSync(folder, { recursive: true });
  const base = ConfinedDir.open(realpathSync(folder));
  try {
    const recorded = readRecord(base);
    const plan = files.map((file) => {
      const checked = checkSandboxPath(file.path);
      if (!checked.safe) throw new ConfinementError(`refusing to write ${checked.reason}`);
      const segments = checked.path.split('/');
      return { file, path: checked.path, segments, state: stateOf(base, segments, file, recorded.get(checked.path)) };
    });
    const result: WriteResult = { written: [], unchanged: [], kept: [] };
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
      if (!file.marked) {
        const hash = kept ? recorded.get(path) : sha(file.content);
        if (hash) record[path] = hash;
      }
    }
    base.writeFile(exportRecord, `${JSON.stringify({ version: 1, copies: record }, null, 1)}\n`);
    return result;
  } finally {
    base.close();
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

/** The copies the last export wrote (path → hash); nothing when there is no record or it is not ours to read. */
function readRecord(base: ConfinedDir): Map<string, string> {
  const text = base.readFile(exportRecord)?.toString('utf8');
  if (!text || text.length > 4_000_000) return new Map();
  try {
    const parsed = JSON.parse(text) as { copies?: unknown };
    const copies = parsed.copies && typeof parsed.copies === 'object' ? Object.entries(parsed.copies as Record<string, unknown>) : [];
    return new Map(copies.filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return new Map();
  }
}
