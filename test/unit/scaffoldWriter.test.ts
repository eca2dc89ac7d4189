import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfinementError } from '../../core/runtime/confinedDir';
import { ScaffoldConflictError, writeScaffold } from '../../core/scaffold/writer';

const scratch = mkdtempSync(join(tmpdir(), 'scaffold-writer-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder to write into, and a canary outside it that must never change. */
function setup(name: string) {
  const root = join(scratch, name, 'root');
  const outside = join(scratch, name, 'outside');
  mkdirSync(root, { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'README.md'), 'canary');
  return { root, outside, canaryIntact: () => readFileSync(join(outside, 'README.md'), 'utf8') === 'canary' };
}

test('writes files in new sub-folders of a folder it creates, and returns their paths', () => {
  const root = join(scratch, 'fresh', 'eco');
  const written = writeScaffold(root, [{ path: 'saas.pactown.yaml', content: 'a' }, { path: 'api/README.md', content: 'b' }]);
  assert.deepEqual(written, [join(root, 'saas.pactown.yaml'), join(root, 'api', 'README.md')]);
  assert.equal(readFileSync(join(root, 'api', 'README.md'), 'utf8'), 'b');
});

test('an existing file stops the whole write unless forced', () => {
  const { root } = setup('conflict');
  writeFileSync(join(root, 'saas.pactown.yaml'), 'mine');
  const files = [{ path: 'api/README.md', content: 'new' }, { path: 'saas.pactown.yaml', content: 'new' }];
  assert.throws(() => writeScaffold(root, files), (error: unknown) => error instanceof ScaffoldConflictError && error.existing.join() === 'saas.pactown.yaml');
  assert.equal(readFileSync(join(root, 'saas.pactown.yaml'), 'utf8'), 'mine');
  assert.equal(existsSync(join(root, 'api')), false, 'nothing else was written either');
  writeScaffold(root, files, { force: true });
  assert.equal(readFileSync(join(root, 'saas.pactown.yaml'), 'utf8'), 'new');
});

test('paths that leave the folder are refused before anything is written', () => {
  const { root, canaryIntact } = setup('escape');
  for (const path of ['../outside/README.md', '/tmp/x', 'a/../../outside/README.md', 'a\0b', 'api/']) {
    assert.throws(() => writeScaffold(root, [{ path: 'ok.md', content: 'x' }, { path, content: 'evil' }]), ConfinementError, path);
  }
  assert.ok(canaryIntact());
  assert.equal(existsSync(join(root, 'ok.md')), false);
});

test('a symlinked folder on the way is refused, forced or not; a symlinked file is replaced, never written through', () => {
  const { root, outside, canaryIntact } = setup('links');
  symlinkSync(outside, join(root, 'api'));
  for (const force of [false, true]) assert.throws(() => writeScaffold(root, [{ path: 'api/README.md', content: 'evil' }], { force }), ConfinementError);
  assert.ok(canaryIntact());
  symlinkSync(join(outside, 'README.md'), join(root, 'README.md'));
  assert.throws(() => writeScaffold(root, [{ path: 'README.md', content: 'evil' }]), ScaffoldConflictError);
  writeScaffold(root, [{ path: 'README.md', content: 'mine' }], { force: true });
  assert.ok(canaryIntact());
  assert.equal(readFileSync(join(root, 'README.md'), 'utf8'), 'mine');
});

test('a folder where a file goes is refused even when forced', () => {
  const { root } = setup('folder');
  mkdirSync(join(root, 'saas.pactown.yaml'));
  assert.throws(() => writeScaffold(root, [{ path: 'saas.pactown.yaml', content: 'x' }], { force: true }), /it is a folder/);
});
