import { realpath } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { markpactContentHash, syncedBody } from '../markpact/contentHash';
import { attribute, type MarkpactBlock, type MarkpactDocument } from '../markpact/model';
import { checkSandboxPath } from '../markpact/sandboxPath';
import type { FileReader } from '../workspace';
import type { Problem } from './problem';

/** Files over this many characters are not compared (a README block is never that big). */
export const MAX_HASHED_CHARACTERS = 1024 * 1024;
/** At most this many `sha256=` blocks of one README are compared. */
const MAX_HASHED_BLOCKS = 200;

/** Where `markpact sync` takes a block's file from, relative to the README's folder: next to it, or its default `sandbox/` source. */
export const HASH_SOURCE_FOLDERS = ['', 'sandbox'] as const;

/**
 * `sha256-mismatch` (hint) on each `markpact:file … sha256=` block whose file exists next to the
 * README (or in `sandbox/`) and differs from the block, or agrees with it under another hash.
 * Only files inside the README's folder are read (the path is confined, and a symlink leading
 * out of the folder is not followed); nothing is read for a README that is not on disk.
 */
export async function checkBlockHashes(readmePath: string | undefined, doc: MarkpactDocument, reader: FileReader): Promise<Problem[]> {
  if (!readmePath) return [];
  const hashed = doc.blocks.filter((b) => b.kind === 'file' && attribute(b, 'sha256') && attribute(b, 'path')).slice(0, MAX_HASHED_BLOCKS);
  if (hashed.length === 0) return [];
  const folder = await realpath(dirname(readmePath)).catch(() => undefined);
  if (!folder) return [];
  const problems: Problem[] = [];
  for (const block of hashed) {
    const pathValue = attribute(block, 'path')!.value;
    // Where the file may appear, as the editor names it: creating it there changes the result.
    for (const candidate of candidatePaths(dirname(readmePath), pathValue)) reader.touch?.(candidate);
    const found = await readBlockFile(folder, pathValue, reader);
    if (found) {
      const problem = compare(block, found);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

interface BlockFile {
  path: string;
  /** Relative to the README's folder, for messages. */
  shown: string;
  text: string;
}

/** The block's file in the first source folder that has it, confined to the README's folder. */
export async function readBlockFile(folder: string, pathValue: string, reader: FileReader): Promise<BlockFile | undefined> {
  for (const path of candidatePaths(folder, pathValue)) {
    const real = await realpath(path).catch(() => undefined);
    if (!real || !inside(folder, real)) continue;
    const text = await reader.readText(real);
    if (text === undefined || text.length > MAX_HASHED_CHARACTERS) continue;
    return { path: real, shown: relative(folder, real), text };
  }
  return undefined;
}

/** The paths, in order, where the block's file is looked for; none for a path that leaves the sandbox. */
function candidatePaths(folder: string, pathValue: string): string[] {
  const checked = checkSandboxPath(pathValue);
  return checked.safe ? HASH_SOURCE_FOLDERS.map((source) => join(folder, source, checked.path)) : [];
}

function inside(folder: string, path: string): boolean {
  return path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

function compare(block: MarkpactBlock, file: BlockFile): Problem | undefined {
  const sha = attribute(block, 'sha256')!;
  const fileHash = markpactContentHash(syncedBody(file.text));
  const blockHash = markpactContentHash(block.body);
  const data = { file: file.path, fileHash, blockHash };
  const problem = (message: string): Problem => ({ source: 'markpact', code: 'sha256-mismatch', severity: 'hint', span: sha.span, message, data });
  if (block.body === syncedBody(file.text)) {
    return sha.value === fileHash ? undefined : problem(`the block and ${file.shown} agree, but sha256=${sha.value} is not their hash (${fileHash}): update it, as markpact sync --hash would`);
  }
  const since = sha.value === fileHash ? 'the block was edited since markpact sync --hash (the file still has the recorded hash)'
    : sha.value === blockHash ? `${file.shown} changed since markpact sync --hash (the block still has the recorded hash)`
      : 'both changed since markpact sync --hash (neither has the recorded hash)';
  return problem(`this block and ${file.shown} differ: ${since}. Update the block from the file, or the file from the block`);
}
