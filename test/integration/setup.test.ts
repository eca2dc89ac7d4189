// The set-up `npm start` and `npm test` run first on a fresh machine: missing system packages are
// found before anything slow (npm ci), and where they cannot be installed (not root) one line
// says what to run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';

const scratch = mkdtempSync(join(tmpdir(), 'setup-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('a user who cannot install them is told in one line what to run, before npm ci starts', () => {
  // A fresh clone's set-up files, and a PATH with node but none of the packages' commands.
  const clone = join(scratch, 'clone');
  mkdirSync(clone);
  cpSync(resolve('scripts'), join(clone, 'scripts'), { recursive: true });
  cpSync(resolve('package.json'), join(clone, 'package.json'));
  cpSync(resolve('package-lock.json'), join(clone, 'package-lock.json'));
  const bin = join(scratch, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  chmodSync(scratch, 0o777);
  chmodSync(clone, 0o777);
  // Run as an unprivileged user (the test runs as root here, as CI does).
  const asUser = (purpose: string) => spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'node', 'scripts/ensure-deps.mjs', purpose], {
    cwd: clone, env: { PATH: bin, HOME: scratch }, encoding: 'utf8', timeout: 30_000,
  });
  const start = asUser('start');
  assert.equal(start.status, 1, start.stderr);
  assert.equal(start.stderr.trim().split('\n').length, 1, 'one line');
  assert.match(start.stderr, /^Missing system packages for installing code-server \(VS Code\): libkrb5-dev ripgrep\. Install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends libkrb5-dev ripgrep$/m);
  assert.doesNotMatch(start.stderr, /chromium/, 'npm start does not need a browser');
  assert.equal(existsSync(join(clone, 'node_modules')), false, 'checked before npm ci');
  const forTests = asUser('test');
  assert.match(forTests.stderr, /libkrb5-dev ripgrep chromium/);
});
