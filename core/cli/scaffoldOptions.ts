import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { defaultEcosystemFile } from '../scaffold/newEcosystem';
import { UsageError } from './usageError';

/** The reference's default base port for `init` and `generate`. */
export const defaultBasePort = 8000;

/** The options `init` and `generate` share (the reference's `-n`, `-o`, `-p`), which mean other things elsewhere. */
export const scaffoldOptions = {
  name: { type: 'string', short: 'n' },
  output: { type: 'string', short: 'o' },
  'base-port': { type: 'string', short: 'p' },
  force: { type: 'boolean' },
} as const;

export function basePortOption(value: string | undefined): number {
  if (value === undefined) return defaultBasePort;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65_535) throw new UsageError('--base-port must be an integer from 1 to 65535');
  return port;
}

/**
 * The ecosystem file's path relative to the folder written into: `-o` is read relative to that
 * folder and must stay inside it (these commands write nowhere else), and must be a YAML file.
 */
export function outputInside(folder: string, output = defaultEcosystemFile): string {
  const inside = relative(folder, resolve(folder, output));
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) throw new UsageError(`-o ${output}: the ecosystem file must be inside ${folder} (it is read relative to that folder)`);
  if (!/\.ya?ml$/i.test(inside)) throw new UsageError(`-o ${output}: an ecosystem file ends in .yaml (the editor finds *.pactown.yaml)`);
  return inside;
}

/** A folder named on the command line: it must exist, unless `create` (then nothing else may be in its place). */
export function folderArgument(path: string | undefined, command: string, options: { create?: boolean } = {}): string {
  if (!path) throw new UsageError(`expected a folder: pactown ${command} <folder>`);
  const folder = resolve(path);
  let kind: 'folder' | 'other' | undefined;
  try {
    kind = statSync(folder).isDirectory() ? 'folder' : 'other';
  } catch {
    // reported below, unless it is to be created
  }
  if (kind === 'other' || (kind === undefined && !options.create)) throw new UsageError(`${path}: ${kind ? 'not a folder' : 'no such folder'}`);
  return folder;
}
