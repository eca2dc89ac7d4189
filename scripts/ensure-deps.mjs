// Set-up before `npm start`, `npm test` and `npm run bench` on a fresh clone, with no other step:
// first the system packages the run needs (checked in a moment, before anything slow), then the
// locked npm dependencies when they are missing or older than the lock file.
//   node scripts/ensure-deps.mjs start|test
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSystemPackages } from './systemPackages.mjs';

const purpose = process.argv[2] ?? 'start';
// code-server is installed once; after that VS Code needs nothing more from the system.
const codeServerInstalled = existsSync(join('.vscode-host', 'installed.json'));
ensureSystemPackages([...(codeServerInstalled ? [] : ['libkrb5-dev', 'ripgrep']), ...(purpose === 'test' ? ['chromium', 'golang-go', 'php-cli', 'docker.io', 'docker-compose', 'python3-pip', 'python3-venv'] : [])]);

const installed = 'node_modules/.package-lock.json';
const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.log('Installing npm dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
