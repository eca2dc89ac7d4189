import { ScaffoldConflictError, writeScaffold, type ScaffoldFile } from '../scaffold/writer';
import { UsageError } from './usageError';

/** Writes what `init` or `generate` made; files in the way are the user's to resolve (exit 2, nothing written). */
export function writeFiles(folder: string, files: readonly ScaffoldFile[], force: boolean): string[] {
  try {
    return writeScaffold(folder, files, { force });
  } catch (error) {
    if (error instanceof ScaffoldConflictError) throw new UsageError(`${error.message} (--force overwrites)`);
    throw error;
  }
}
