import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where runs are registered: private to the user and outside every workspace, so nothing a
 * repository ships can name a process to signal. `PACTOWN_RUNTIME_DIR`, else
 * `$XDG_RUNTIME_DIR/pactown`, else `$XDG_CACHE_HOME/pactown/runs` (`~/.cache/pactown/runs`).
 * The dependency cache setting does not move it: the editor and a terminal must find each
 * other's runs even when they use different caches.
 */
export function runsDirFor(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PACTOWN_RUNTIME_DIR) return env.PACTOWN_RUNTIME_DIR;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'pactown');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pactown', 'runs');
}

/** Raised when the runs folder is not ours alone: nothing in it can be trusted. */
export class UnsafeRunsDir extends Error {}

/**
 * Creates the folder (0700) if needed and checks it: a real folder (not a symlink), owned by
 * this user, closed to others (a looser mode is tightened).
 */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  const info = lstatSync(path);
  if (info.isSymbolicLink() || !info.isDirectory()) throw new UnsafeRunsDir(`${path} is not a folder (a symlink?): refusing to keep runs there`);
  if (process.getuid && info.uid !== process.getuid()) throw new UnsafeRunsDir(`${path} belongs to another user (uid ${info.uid}): refusing to keep runs there`);
  if ((info.mode & 0o077) !== 0) chmodSync(path, 0o700);
}
