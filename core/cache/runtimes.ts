import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { RuntimeIdentity } from './key';

/** Node's major version decides which native modules in node_modules work. */
export function nodeRuntime(): RuntimeIdentity {
  return { name: 'node', version: process.versions.node.split('.')[0] };
}

/** The full path of a program on PATH, or undefined. */
export async function onPath(program: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const folder of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, program);
    try {
      await access(candidate, 1);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
