// examples/ for a VS Code session (npm start, the bench, the end-to-end tests): the wheel its
// quotes service installs, and a throwaway copy to run services in so examples/ stays untouched.
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './install.mjs';

/** Copies examples/ to `destination`, without the wheel builder's output or a previous run's sandboxes. */
export function copyExamples(destination) {
  cpSync(join(repoRoot, 'examples'), destination, {
    recursive: true,
    filter: (source) => !/[/\\](wheelhouse|\.pactown)([/\\]|$)/.test(source),
  });
}

/** Builds the quotes example's wheel (PyPI is not needed) and returns PIP_FIND_LINKS: its folder, then the user's own. */
export function exampleFindLinks() {
  const wheel = execFileSync('python3', [join(repoRoot, 'examples/wheelhouse/build.py')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return [dirname(wheel), process.env.PIP_FIND_LINKS].filter(Boolean).join(' ');
}
