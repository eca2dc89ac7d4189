import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** The ecosystem file's real path: the same run whichever way the file is named (a symlink, `./x`). */
export async function canonicalPath(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    // Not on disk (a README run on its own): its folder decides.
    return join(await realpath(dirname(absolute)).catch(() => dirname(absolute)), basename(absolute));
  }
}

