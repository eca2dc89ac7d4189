// A throwaway copy of examples/ for a VS Code session to open: the bench and the end-to-end tests
// run services there, so the repository's own examples/ stays untouched.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './install.mjs';

/** Copies examples/ to `destination`, without the wheel builder's output or a previous run's sandboxes. */
export function copyExamples(destination) {
  cpSync(join(repoRoot, 'examples'), destination, {
    recursive: true,
    filter: (source) => !/[/\\](wheelhouse|\.pactown)([/\\]|$)/.test(source),
  });
}
