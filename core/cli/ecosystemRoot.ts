import { dirname, resolve } from 'node:path';
import { loadInput } from './loadInput';
import { UsageError } from './usageError';
import type { EcosystemConfig } from '../pactown/model';

/** An ecosystem's config and its sandbox root (where its files and logs live), without starting anything. */
export async function ecosystemRoot(file: string | undefined): Promise<{ path: string; config: EcosystemConfig; sandboxRoot: string }> {
  const input = await loadInput(file, 'ecosystem');
  if (input.kind !== 'ecosystem') throw new UsageError('expected an ecosystem file');
  return { path: input.path, config: input.parsed.config, sandboxRoot: resolve(dirname(input.path), input.parsed.config.sandboxRoot) };
}
