import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pythonIdentity } from '../../core/cache/pythonIdentity';

const scratch = mkdtempSync(join(tmpdir(), 'python-identity-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A stand-in interpreter that answers as Python would and counts how often it was run. */
function fakePython(folder: string, version: string, extra = ''): { counter: string } {
  mkdirSync(folder, { recursive: true });
  const counter = join(folder, 'runs');
  writeFileSync(counter, '');
  writeFileSync(join(folder, 'python3'), `#!/bin/sh\n${extra}\necho run >> "${counter}"\necho "[\\"$0\\", \\"${version}\\"]"\n`);
  chmodSync(join(folder, 'python3'), 0o755);
  return { counter };
}
const runs = (counter: string) => readFileSync(counter, 'utf8').split('\n').filter(Boolean).length;

test('a warm lookup starts no process; a changed interpreter is asked again', async () => {
  const bin = join(scratch, 'plain');
  const { counter } = fakePython(bin, '3.99.1');
  const options = { cacheDir: join(scratch, 'cache1'), env: { PATH: bin } };
  const first = await pythonIdentity('python3', options);
  assert.deepEqual(first, { name: 'python', path: join(bin, 'python3'), version: '3.99.1' });
  assert.deepEqual(await pythonIdentity('python3', options), first);
  assert.equal(runs(counter), 1, 'the second lookup (as by a new process) read the remembered identity');

  utimesSync(join(bin, 'python3'), new Date(), new Date(Date.now() + 5_000));
  await pythonIdentity('python3', options);
  assert.equal(runs(counter), 2, 'an interpreter file that changed is asked again');
});

test('a pyenv shim: the version pyenv would choose is part of what decides', async () => {
  const bin = join(scratch, 'shims');
  const { counter } = fakePython(bin, '3.98.0', '# pyenv shim: exec pyenv exec python3');
  const project = join(scratch, 'project');
  mkdirSync(project);
  const options = (env: NodeJS.ProcessEnv) => ({ cacheDir: join(scratch, 'cache2'), env: { PATH: bin, PYENV_ROOT: join(scratch, 'pyenv-root'), ...env }, cwd: project });
  await pythonIdentity('python3', options({}));
  await pythonIdentity('python3', options({}));
  assert.equal(runs(counter), 1);
  await pythonIdentity('python3', options({ PYENV_VERSION: '3.12.0' }));
  assert.equal(runs(counter), 2, 'PYENV_VERSION picks another interpreter');
  writeFileSync(join(project, '.python-version'), '3.10.4\n');
  await pythonIdentity('python3', options({}));
  assert.equal(runs(counter), 3, 'a .python-version in the project picks another interpreter');
});

test('a forged or broken remembered file is ignored', async () => {
  const bin = join(scratch, 'forged');
  const { counter } = fakePython(bin, '3.97.0');
  const cacheDir = join(scratch, 'cache3');
  mkdirSync(cacheDir);
  writeFileSync(join(cacheDir, 'runtimes.json'), JSON.stringify({ ['a'.repeat(32)]: { path: 'relative/python', version: '$(rm -rf /)', size: 'x' } }));
  assert.equal((await pythonIdentity('python3', { cacheDir, env: { PATH: bin } })).version, '3.97.0');
  assert.equal(runs(counter), 1);
  writeFileSync(join(cacheDir, 'runtimes.json'), '{ not json');
  assert.equal((await pythonIdentity('python3', { cacheDir, env: { PATH: bin } })).version, '3.97.0');
  assert.equal(runs(counter), 2);
});
