import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmdirSync, symlinkSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { hasProc } from '../processTable';

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW, O_WRONLY, O_CREAT, O_TRUNC, O_APPEND } = constants;

/** Raised when something in the way is not what the runtime may touch: a symlink, a file where a folder should be. */
export class ConfinementError extends Error {}

export type EntryKind = 'file' | 'dir' | 'link' | 'other';

function kindOf(info: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  return info.isSymbolicLink() ? 'link' : info.isDirectory() ? 'dir' : info.isFile() ? 'file' : 'other';
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** One name inside a directory: never a path, never `.` or `..`. */
function checkName(name: string): void {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) throw new ConfinementError(`'${name}' is not a plain file name`);
}

/**
 * A directory held open, through which every write, delete and link under it goes. Names are
 * resolved relative to the open handle (openat-style, through /proc/self/fd on Linux), never by a
 * path string again, and never through a symlink: a folder swapped for a symlink after it was
 * opened changes nothing, the handle still names the real one. (Where there is no /proc, names
 * are resolved from the path, and every entry is still checked not to be a symlink.)
 */
export class ConfinedDir {
  private constructor(readonly path: string, private readonly fd: number) {}

  /**
   * Opens a real directory at an absolute path, creating it (and its missing parents) if asked.
   * A symlink in its place is refused; the parents are the user's own folders and are followed.
   */
  static open(path: string, options: { create?: boolean } = {}): ConfinedDir {
    try {
      return new ConfinedDir(path, openSync(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
    } catch (error) {
      if (errorCode(error) === 'ENOENT' && options.create) {
        mkdirSync(path, { recursive: true });
        return ConfinedDir.open(path);
      }
      throw ConfinedDir.refusal(path, error);
    }
  }

  /** O_NOFOLLOW with O_DIRECTORY fails on a symlink with ELOOP or ENOTDIR: say which it was. */
  private static refusal(path: string, error: unknown, lookedUp = path): Error {
    const code = errorCode(error);
    if (code !== 'ELOOP' && code !== 'ENOTDIR') return error as Error;
    let link = code === 'ELOOP';
    try {
      link = lstatSync(lookedUp).isSymbolicLink();
    } catch {
      // gone meanwhile: the error code says enough
    }
    return new ConfinementError(`refusing to use '${path}': it is ${link ? 'a symlink, not a folder pactown made' : 'not a folder'}`);
  }

  /** The path the kernel resolves a name by: relative to the open handle where /proc allows. */
  private at(name: string): string {
    checkName(name);
    return hasProc ? `/proc/self/fd/${this.fd}/${name}` : join(this.path, name);
  }

  /** Device and inode of the open directory: what it is, whatever its path now leads to. */
  identity(): { dev: number; ino: number } {
    const info = fstatSync(this.fd);
    return { dev: info.dev, ino: info.ino };
  }

  kind(name: string): EntryKind | undefined {
    try {
      return kindOf(lstatSync(this.at(name)));
    } catch {
      return undefined;
    }
  }

  names(): string[] {
    return readdirSync(hasProc ? `/proc/self/fd/${this.fd}` : this.path);
  }

  /** A sub-folder (created if asked): a real folder, never a symlink. */
  child(name: string, options: { create?: boolean } = {}): ConfinedDir {
    const path = join(this.path, name);
    try {
      return new ConfinedDir(path, openSync(this.at(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || !options.create) throw ConfinedDir.refusal(path, error, this.at(name));
    }
    try {
      mkdirSync(this.at(name));
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    return this.child(name);
  }

  /** Writes a file; a symlink (or anything but a file) in its place is replaced, never written through. */
  writeFile(name: string, content: string | Uint8Array): void {
    const fd = this.openFile(name, O_WRONLY | O_CREAT | O_TRUNC);
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } finally {
      closeSync(fd);
    }
  }

  /** A regular file's bytes, read without following a symlink; undefined when `name` is not a regular file. */
  readFile(name: string): Buffer | undefined {
    if (this.kind(name) !== 'file') return undefined;
    let fd: number;
    try {
      fd = openSync(this.at(name), O_RDONLY | O_NOFOLLOW);
    } catch {
      return undefined; // swapped for a symlink, or removed, between the look and the open
    }
    try {
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Opens a file for appending (a log), by the same rule; the caller closes the descriptor. */
  openAppend(name: string): number {
    return this.openFile(name, O_WRONLY | O_CREAT | O_APPEND);
  }

  private openFile(name: string, flags: number): number {
    const at = this.at(name);
    const kind = this.kind(name);
    if (kind === 'dir') throw new ConfinementError(`refusing to write '${join(this.path, name)}': it is a folder`);
    if (kind === 'link' || kind === 'other') unlinkSync(at);
    try {
      return openSync(at, flags | O_NOFOLLOW, 0o644);
    } catch (error) {
      // Swapped for a symlink between the look and the open: refused, not followed.
      throw ConfinedDir.refusal(join(this.path, name), error, at);
    }
  }

  /** Removes a regular file; anything else in its place (a folder, a symlink) is left alone. False when nothing was removed. */
  removeFile(name: string): boolean {
    if (this.kind(name) !== 'file') return false;
    unlinkSync(this.at(name));
    return true;
  }

  /** Removes an empty folder; false when it is not one (or not empty). */
  removeEmptyFolder(name: string): boolean {
    if (this.kind(name) !== 'dir') return false;
    try {
      rmdirSync(this.at(name));
      return true;
    } catch {
      return false;
    }
  }

  /** Where a symlink points, or undefined when `name` is not a symlink. */
  linkTarget(name: string): string | undefined {
    return this.kind(name) === 'link' ? readlinkSync(this.at(name)) : undefined;
  }

  /** Makes `name` a symlink to `target`, replacing a previous symlink atomically; a real file or folder there is refused. */
  link(name: string, target: string): void {
    const kind = this.kind(name);
    if (kind && kind !== 'link') throw new ConfinementError(`'${join(this.path, name)}' exists and is not a link made by pactown; remove it to use the shared environment`);
    if (kind === 'link' && this.linkTarget(name) === target) return;
    const temp = `.${name}.${randomBytes(4).toString('hex')}.tmp`;
    symlinkSync(target, this.at(temp));
    renameSync(this.at(temp), this.at(name));
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Opens the folders of a relative path under a directory, one by one (created if asked); each must be a real folder. */
export function walk(base: ConfinedDir, segments: readonly string[], options: { create?: boolean } = {}): ConfinedDir {
  let current = base;
  for (const segment of segments) {
    const next = current.child(segment, options);
    if (current !== base) current.close();
    current = next;
  }
  return current;
}
