import { readFile, stat } from 'node:fs/promises';
import type { FileReader } from './workspace';

/** The command line reads files from disk only. */
export const diskReader: FileReader = {
  async readText(path) {
    try {
      if (!(await stat(path)).isFile()) return undefined;
      return await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};
