import { lstat, mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { ServiceFile } from '../markpact/service';

/** Raised when a README asks to write where it must not; nothing has been written then. */
export class SandboxPathError extends Error {}

/** Lists what the last run wrote, so the next run removes files a README no longer has (and nothing else). */
const manifestName = '.pactown-files.json';

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch {
    return undefined;
  }
}

/**
 * Refuses a file whose path, once written, would not be inside the sandbox: an unsafe path
 * (absolute, drive letter, `..` out) or an existing symlink on the way that points out.
 */
async function confinedTarget(root: string, realRoot: string, file: ServiceFile): Promise<string> {
  if (file.unsafe) throw new SandboxPathError(`refusing to write '${file.pathAttribute?.value ?? file.path}': ${file.unsafe.reason}`);
  const target = join(root, file.path);
  let current = root;
  // The folders on the way; the file itself, if a symlink, is replaced rather than followed.
  for (const part of file.path.split('/').slice(0, -1)) {
    current = join(current, part);
    const info = await lstatOrUndefined(current);
    if (!info) break;
    if (info.isSymbolicLink()) {
      const resolved = await realpath(current).catch(() => undefined);
      if (!resolved || !inside(realRoot, resolved)) {
        throw new SandboxPathError(`refusing to write '${file.path}': '${relative(root, current)}' is a symlink that leads out of the sandbox`);
      }
    }
  }
  return target;
}

/**
 * Writes a service's files into its sandbox. Every path is checked before the first write, so a
 * refused path leaves the sandbox as it was. Files the previous run wrote and this one does not
 * are removed; nothing else in the sandbox (installed environments, user files) is touched.
 */
export async function writeSandbox(root: string, files: ServiceFile[]): Promise<string[]> {
  await mkdir(root, { recursive: true });
  const realRoot = await realpath(root);
  const targets = new Map<string, ServiceFile>();
  for (const file of files) targets.set(await confinedTarget(root, realRoot, file), file);
  for (const [target, file] of targets) {
    await mkdir(dirname(target), { recursive: true });
    // Replace a symlink instead of writing through it.
    if ((await lstatOrUndefined(target))?.isSymbolicLink()) await rm(target);
    await writeFile(target, file.content);
  }
  const written = [...targets.values()].map((f) => f.path);
  await removeStale(root, realRoot, written);
  await writeFile(join(root, manifestName), JSON.stringify(written));
  return written;
}

async function removeStale(root: string, realRoot: string, written: string[]): Promise<void> {
  let previous: unknown;
  try {
    previous = JSON.parse(await readFile(join(root, manifestName), 'utf8'));
  } catch {
    return;
  }
  if (!Array.isArray(previous)) return;
  const keep = new Set(written);
  for (const path of previous) {
    if (typeof path !== 'string' || keep.has(path)) continue;
    const target = join(root, path);
    const folder = await realpath(dirname(target)).catch(() => undefined);
    if (folder && inside(realRoot, folder) && (await lstatOrUndefined(target))?.isFile()) await rm(target);
  }
}
