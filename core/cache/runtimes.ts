import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type { RuntimeIdentity } from './key';

const run = promisify(execFile);
const pythons = new Map<string, Promise<RuntimeIdentity>>();

/**
 * The real interpreter behind a name (`python3` may be a shim script) and its version: a venv is
 * tied to the interpreter it is made from, so both go into the cache key.
 */
export function detectPython(interpreter = process.env.PACTOWN_PYTHON || 'python3'): Promise<RuntimeIdentity> {
  let found = pythons.get(interpreter);
  if (!found) {
    found = run(interpreter, ['-c', 'import sys, json; print(json.dumps([sys.executable, sys.version.split()[0]]))']).then(({ stdout }) => {
      const [path, version] = JSON.parse(stdout) as [string, string];
      return { name: 'python' as const, path, version };
    });
    found.catch(() => pythons.delete(interpreter));
    pythons.set(interpreter, found);
  }
  return found;
}

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
