import type { ServiceFile } from '../markpact/service';
import { ConfinedDir, ConfinementError, walk } from './confinedDir';
import type { SandboxLedger } from './sandboxLedger';

/** Raised when a README asks to write where it must not, or its sandbox is not pactown's; nothing has been written then. */
export class SandboxPathError extends Error {}

/** What older versions left in a sandbox they made: a folder holding it is taken as pactown's (its list is not trusted). */
const legacyManifest = '.pactown-files.json';

/**
 * A service's folder in the sandbox root, opened as a real folder pactown made: created now, or
 * recorded in the ledger as made by an earlier run, or empty, or made by an older version. Any
 * other folder in its place (a repository's own `src`, something shipped there) is refused.
 */
function serviceFolder(root: ConfinedDir, service: string, ledger: SandboxLedger): { dir: ConfinedDir; ours: boolean } {
  const existed = root.kind(service) !== undefined;
  let dir: ConfinedDir;
  try {
    dir = root.child(service, { create: true });
  } catch (error) {
    throw new SandboxPathError(`${service}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!existed) return { dir, ours: true };
  const recorded = ledger.read(service);
  const { dev, ino } = dir.identity();
  if (recorded && recorded.dev === dev && recorded.ino === ino) return { dir, ours: true };
  const names = dir.names();
  if (names.length === 0 || names.includes(legacyManifest)) return { dir, ours: false };
  dir.close();
  throw new SandboxPathError(`${service}: refusing to use '${dir.path}': it exists and pactown did not make it (it holds ${names.length} entr${names.length === 1 ? 'y' : 'ies'} pactown did not write). Move it away, or choose another sandbox_root`);
}

/**
 * Writes a service's files into its sandbox folder. Every path is checked before the first write,
 * so a refused path leaves the sandbox as it was; every write goes through folders opened one by
 * one, never through a symlink. Files the previous run wrote (as the ledger, not the sandbox,
 * says) and this one does not are removed if they are still plain files; nothing else is touched.
 * Returns the service's folder, open (the caller closes it), and the paths written.
 */
export function writeSandbox(root: ConfinedDir, service: string, files: ServiceFile[], ledger: SandboxLedger): { dir: ConfinedDir; written: string[] } {
  for (const file of files) {
    if (file.unsafe) throw new SandboxPathError(`refusing to write '${file.pathAttribute?.value ?? file.path}': ${file.unsafe.reason}`);
  }
  const { dir, ours } = serviceFolder(root, service, ledger);
  try {
    const targets = new Map(files.map((f) => [f.path, f]));
    // The folders on the way, as they are now: a symlink among them refuses the whole README before anything is written.
    for (const path of targets.keys()) checkWay(dir, path);
    for (const [path, file] of targets) {
      const segments = path.split('/');
      const name = segments.pop()!;
      const folder = walk(dir, segments, { create: true });
      try {
        folder.writeFile(name, file.content);
      } finally {
        if (folder !== dir) folder.close();
      }
    }
    const written = [...targets.keys()];
    const previous = ours ? (ledger.read(service)?.files ?? []) : [];
    for (const path of previous) if (!targets.has(path)) removeWritten(dir, path);
    ledger.write({ service, ...dir.identity(), files: written });
    return { dir, written };
  } catch (error) {
    dir.close();
    throw error instanceof ConfinementError ? new SandboxPathError(`${service}: ${error.message}`) : error;
  }
}

/** Refuses a path whose existing folders on the way include a symlink or a file. */
function checkWay(dir: ConfinedDir, path: string): void {
  const segments = path.split('/').slice(0, -1);
  let current = dir;
  try {
    for (const segment of segments) {
      const kind = current.kind(segment);
      if (kind === undefined) return;
      if (kind !== 'dir') throw new SandboxPathError(`refusing to write '${path}': '${segment}' on the way is ${kind === 'link' ? 'a symlink' : 'not a folder'}`);
      const next = current.child(segment);
      if (current !== dir) current.close();
      current = next;
    }
  } finally {
    if (current !== dir) current.close();
  }
}

/** Removes a file a previous run wrote, if it is still a plain file inside the sandbox. */
function removeWritten(dir: ConfinedDir, path: string): void {
  const segments = path.split('/');
  const name = segments.pop()!;
  let folder: ConfinedDir;
  try {
    folder = walk(dir, segments);
  } catch {
    return; // the folder is gone, or is not a real folder any more
  }
  try {
    folder.removeFile(name);
  } finally {
    if (folder !== dir) folder.close();
  }
}
