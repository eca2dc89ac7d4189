import { homedir } from 'node:os';
import { dirname, isAbsolute, parse, relative, resolve } from 'node:path';
import type { Problem } from '../diagnostics/problem';
import type { EcosystemConfig } from './model';

const inside = (folder: string, path: string) => {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Why a sandbox root is unsafe, or undefined. pactown creates a folder per service in it, writes
 * the README's files there and deletes what it no longer writes: the root must be a folder of its
 * own, never the file system's root, the home folder, the ecosystem's folder or a folder above it,
 * nor one that holds the READMEs it runs.
 */
export function unsafeSandboxRoot(ecosystemPath: string, config: EcosystemConfig, home = homedir()): string | undefined {
  const folder = dirname(ecosystemPath);
  const root = resolve(folder, config.sandboxRoot);
  if (root === parse(root).root) return `it is the file system's root (${root})`;
  if (root === resolve(home)) return `it is your home folder (${root})`;
  if (inside(root, folder)) return root === folder ? 'it is the ecosystem\'s own folder' : `it is a folder above the ecosystem's own (${root})`;
  const readme = config.services.map((s) => resolve(folder, s.readme)).find((path) => inside(root, path));
  if (readme) return `it holds ${relative(folder, readme)}, a README this ecosystem runs: the services' folders would be written over the project`;
  return undefined;
}

/** The `unsafe-sandbox-root` error: the same rule the orchestrator refuses to run by. */
export function checkSandboxRoot(ecosystemPath: string, config: EcosystemConfig): Problem[] {
  const why = unsafeSandboxRoot(ecosystemPath, config);
  if (!why) return [];
  const span = config.sandboxRootSpan ?? { start: 0, end: 0 };
  return [{
    source: 'pactown', code: 'unsafe-sandbox-root', severity: 'error', span,
    message: `sandbox_root '${config.sandboxRoot}' is unsafe: ${why}. pactown makes a folder per service there, writes the READMEs' files into it and removes what a run no longer writes. Use a folder of its own inside the project, such as the default '.pactown'`,
  }];
}
