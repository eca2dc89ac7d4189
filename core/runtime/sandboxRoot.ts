import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfinedDir, walk } from './confinedDir';

/**
 * An ecosystem's sandbox root, opened as a real folder (created if missing). Inside the
 * ecosystem's folder — the usual case — it is walked one folder at a time from there, so a
 * symlink shipped anywhere on the way (`.pactown → /elsewhere`) is refused, not followed.
 */
export function openSandboxRoot(ecosystemFolder: string, sandboxRoot: string): ConfinedDir {
  const absolute = resolve(ecosystemFolder, sandboxRoot);
  const inside = relative(ecosystemFolder, absolute);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return ConfinedDir.open(absolute, { create: true });
  const base = ConfinedDir.open(ecosystemFolder);
  try {
    return walk(base, inside.split(sep), { create: true });
  } finally {
    base.close();
  }
}
