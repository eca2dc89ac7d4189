import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generatedMarker } from '../../core/export/marker';
import { ConfinementError } from '../../core/runtime/confinedDir';
import { writeExport } from '../../core/export/writer';
import type { ExportFile } from '../../core/export/exportFiles';

const scratch = mkdtempSync(join(tmpdir(), 'export-writer-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** An export folder, and a canary outside it that must never change. */
function setup(name: string) {
  const dir = join(scratch, name, 'out');
  const outside = join(scratch, name, 'outside');
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'canary'), 'canary');
  return { dir, outside, canaryIntact: () => readFileSync(join(outside, 'canary'), 'utf8') === 'canary' };
}

const files = (version: string): ExportFile[] => [
  { path: 'compose.yaml', content: `${generatedMarker}\nversion: ${version}\n`, marked: true },
  { path: 'api/Dockerfile', content: `${generatedMarker}\nFROM python:${version}\n`, marked: true },
  { path: 'api/app/main.py', content: `print(${version})\n`, marked: false },
];
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

test('a re-export updates its own files and reports those unchanged', () => {
  const { dir } = setup('rerun');
  assert.deepEqual(writeExport(dir, files('1')).written, ['compose.yaml', 'api/Dockerfile', 'api/app/main.py']);
  const again = writeExport(dir, files('1'));
  assert.deepEqual([again.written, again.unchanged.length], [[], 3]);
  const next = writeExport(dir, files('2'));
  assert.deepEqual(next.written, ['compose.yaml', 'api/Dockerfile', 'api/app/main.py']);
  assert.equal(read(dir, 'api/app/main.py'), 'print(2)\n');
});

test('a generated file without the marker, and a copy edited since, are the user\'s: kept and reported, until --force', () => {
  const { dir } = setup('taken');
  writeExport(dir, files('1'));
  writeFileSync(join(dir, 'api/Dockerfile'), 'FROM my-own-image\n');
  writeFileSync(join(dir, 'api/app/main.py'), 'print("mine")\n');
  writeFileSync(join(dir, 'compose.yaml'), `${generatedMarker}\n# an edit with the marker left in\n`);
  const result = writeExport(dir, files('2'));
  assert.deepEqual(result.kept, ['api/Dockerfile', 'api/app/main.py']);
  assert.deepEqual(result.written, ['compose.yaml'], 'the marker still there: ours to update');
  assert.equal(read(dir, 'api/Dockerfile'), 'FROM my-own-image\n');
  assert.equal(writeExport(dir, files('3')).kept.length, 2, 'still the user\'s at the next export');
  const forced = writeExport(dir, files('3'), { force: true });
  assert.deepEqual(forced.kept, []);
  assert.equal(read(dir, 'api/app/main.py'), 'print(3)\n');
});

test('a symlink in a file\'s place is never written through: kept, and replaced (not followed) with --force', () => {
  const { dir, outside, canaryIntact } = setup('link-file');
  writeExport(dir, files('1'));
  rmSync(join(dir, 'api/Dockerfile'));
  symlinkSync(join(outside, 'canary'), join(dir, 'api/Dockerfile'));
  rmSync(join(dir, 'api/app/main.py'));
  symlinkSync(join(outside, 'canary'), join(dir, 'api/app/main.py'));
  assert.deepEqual(writeExport(dir, files('2')).kept, ['api/Dockerfile', 'api/app/main.py']);
  assert.equal(readlinkSync(join(dir, 'api/Dockerfile')), join(outside, 'canary'));
  writeExport(dir, files('2'), { force: true });
  assert.ok(canaryIntact());
  assert.equal(read(dir, 'api/Dockerfile'), `${generatedMarker}\nFROM python:2\n`, 'a file of its own now');
});

test('a symlinked folder in the export refuses the whole export before anything is written', () => {
  const { dir, outside, canaryIntact } = setup('link-folder');
  mkdirSync(dir, { recursive: true });
  symlinkSync(outside, join(dir, 'api'));
  assert.throws(() => writeExport(dir, files('1'), { force: true }), ConfinementError);
  assert.ok(canaryIntact());
  assert.equal(existsSync(join(dir, 'compose.yaml')), false, 'nothing written, not even the files before it');
  assert.equal(existsSync(join(outside, 'Dockerfile')), false);
});

test('a path out of the folder is refused', () => {
  const { dir, canaryIntact } = setup('escape');
  assert.throws(() => writeExport(dir, [{ path: '../outside/canary', content: 'x', marked: false }]), ConfinementError);
  assert.ok(canaryIntact());
});

test('an export folder that is a symlink (a repository can ship one where the default folder goes) is refused', () => {
  const { dir, outside, canaryIntact } = setup('link-root');
  mkdirSync(join(scratch, 'link-root'), { recursive: true });
  symlinkSync(outside, dir);
  assert.throws(() => writeExport(dir, files('1'), { force: true }), ConfinementError);
  assert.ok(canaryIntact());
  assert.equal(existsSync(join(outside, 'compose.yaml')), false);
});

test('files an earlier export wrote and this one does not are removed with their empty folders, unless the user edited them', () => {
  const { dir } = setup('stale');
  const extra: ExportFile[] = [
    { path: 'old/Dockerfile', content: `${generatedMarker}\nFROM x\n`, marked: true },
    { path: 'old/app/main.py', content: 'print(1)\n', marked: false },
    { path: 'gone/app/edited.py', content: 'print(1)\n', marked: false },
  ];
  writeExport(dir, [...files('1'), ...extra]);
  writeFileSync(join(dir, 'gone/app/edited.py'), 'print("mine")\n');
  const result = writeExport(dir, files('1'));
  assert.deepEqual(result.removed, ['old/Dockerfile', 'old/app/main.py']);
  assert.deepEqual(result.kept, ['gone/app/edited.py']);
  assert.equal(existsSync(join(dir, 'old')), false, 'the emptied folders go too');
  assert.equal(read(dir, 'gone/app/edited.py'), 'print("mine")\n');
  assert.deepEqual(writeExport(dir, files('1')).kept, [], 'said once: it is no longer on the record');
});

test('a record naming paths out of the folder (edited by hand, or shipped) removes nothing outside it', () => {
  const { dir, outside } = setup('forged-record');
  // Outside, a file that looks generated: what a record's entry would let an export remove.
  const bait = join(outside, 'Dockerfile');
  writeFileSync(bait, `${generatedMarker}\n`);
  writeExport(dir, files('1'));
  writeFileSync(join(dir, '.pactown-export.json'), JSON.stringify({ version: 2, files: { '../outside/Dockerfile': 'marked', [bait]: 'marked' } }));
  const result = writeExport(dir, files('1'));
  assert.deepEqual(result.removed, []);
  assert.ok(existsSync(bait));
});
