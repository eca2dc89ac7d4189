import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseMarkpact } from '../../core/markpact/parse';
import { deriveService } from '../../core/markpact/service';
import { ConfinedDir } from '../../core/runtime/confinedDir';
import { SandboxPathError, writeSandbox } from '../../core/runtime/sandbox';
import { SandboxLedger } from '../../core/runtime/sandboxLedger';
import { openSandboxRoot } from '../../core/runtime/sandboxRoot';

const f = '```';
const scratch = mkdtempSync(join(tmpdir(), 'sandbox-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const filesOf = (readme: string) => deriveService(parseMarkpact(readme).blocks).files;
const fileBlock = (path: string, body: string) => `${f}text markpact:file path=${path}\n${body}\n${f}\n\n`;

/** A sandbox root of its own, with the ledger kept apart (as the private runs folder keeps it). */
function sandbox(name: string) {
  const base = join(scratch, name);
  const rootPath = join(base, 'root');
  const ledger = new SandboxLedger(join(base, 'private-runs'), `/eco/${name}`);
  const write = (service: string, readme: string) => {
    const root = ConfinedDir.open(rootPath, { create: true });
    try {
      const { dir, written } = writeSandbox(root, service, filesOf(readme), ledger);
      dir.close();
      return written;
    } finally {
      root.close();
    }
  };
  return { base, rootPath, write };
}

/** A file outside every root that must come through unchanged, byte for byte. */
function canary(path: string): () => void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, 'canary: must survive\n');
  return () => assert.equal(readFileSync(path, 'utf8'), 'canary: must survive\n', `${path} was touched`);
}

test('files are written inside the service folder, content kept as written', () => {
  const s = sandbox('a');
  assert.deepEqual(s.write('api', fileBlock('app/main.py', '  indented = 1\nx = 2') + fileBlock('./b//c.txt', 'c')), ['app/main.py', 'b/c.txt']);
  assert.equal(readFileSync(join(s.rootPath, 'api/app/main.py'), 'utf8'), '  indented = 1\nx = 2\n');
  assert.equal(readFileSync(join(s.rootPath, 'api/b/c.txt'), 'utf8'), 'c\n');
});

test('an unsafe path (escaping, absolute, NUL, too long) is refused and nothing at all is written', () => {
  const s = sandbox('b');
  const survives = canary(join(s.base, 'escaped.txt'));
  for (const bad of ['../../escaped.txt', '/etc/markpact-test', 'a\0b.txt', `${'x'.repeat(300)}.txt`]) {
    assert.throws(() => s.write('api', fileBlock('ok.txt', 'ok') + fileBlock(bad, 'x')), SandboxPathError, JSON.stringify(bad));
  }
  assert.equal(existsSync(join(s.rootPath, 'api', 'ok.txt')), false, 'nothing written half-way');
  survives();
});

test('a symlink on the way is refused before any write; a symlinked file is replaced, not written through', () => {
  const s = sandbox('c');
  s.write('api', fileBlock('first.txt', '1'));
  const elsewhere = join(s.base, 'elsewhere');
  mkdirSync(elsewhere);
  symlinkSync(elsewhere, join(s.rootPath, 'api', 'link'));
  assert.throws(() => s.write('api', fileBlock('aaa.txt', 'a') + fileBlock('link/pwned.txt', 'x')), /'link' on the way is a symlink/);
  assert.deepEqual(readdirSync(elsewhere), []);
  assert.equal(existsSync(join(s.rootPath, 'api', 'aaa.txt')), false);
  const victim = join(s.base, 'victim.txt');
  const survives = canary(victim);
  rmSync(join(s.rootPath, 'api', 'link'));
  symlinkSync(victim, join(s.rootPath, 'api', 'target.txt'));
  s.write('api', fileBlock('target.txt', 'new'));
  survives();
  assert.equal(readFileSync(join(s.rootPath, 'api', 'target.txt'), 'utf8'), 'new\n');
});

test('a rerun removes only what the ledger says a run wrote: a README cannot forge the list', () => {
  const s = sandbox('d');
  s.write('api', fileBlock('old.txt', 'o') + fileBlock('keep.txt', 'k'));
  writeFileSync(join(s.rootPath, 'api', 'data.db'), 'precious');
  // What older versions trusted: a list in the sandbox, which the README itself can write.
  s.write('api', fileBlock('keep.txt', 'k2') + fileBlock('.pactown-files.json', '["data.db", "../../outside.txt"]'));
  const survives = canary(join(s.base, 'outside.txt'));
  s.write('api', fileBlock('keep.txt', 'k3'));
  assert.equal(existsSync(join(s.rootPath, 'api', 'old.txt')), false);
  assert.equal(readFileSync(join(s.rootPath, 'api', 'data.db'), 'utf8'), 'precious');
  assert.equal(readFileSync(join(s.rootPath, 'api', 'keep.txt'), 'utf8'), 'k3\n');
  survives();
});

test('a service folder shipped as a symlink is refused: nothing written or deleted outside', () => {
  const s = sandbox('e');
  const outside = join(s.base, 'outside-folder');
  const precious = canary(join(outside, 'precious.txt'));
  const notes = canary(join(outside, 'notes.txt'));
  mkdirSync(s.rootPath, { recursive: true });
  symlinkSync(outside, join(s.rootPath, 'api'));
  assert.throws(() => s.write('api', fileBlock('dropped-by-readme.txt', 'x') + fileBlock('.pactown-files.json', '["precious.txt","notes.txt"]')), /symlink/);
  assert.deepEqual(readdirSync(outside).sort(), ['notes.txt', 'precious.txt']);
  precious();
  notes();
});

test('a sandbox root shipped as a symlink is refused', () => {
  const base = join(scratch, 'f');
  const outside = join(base, 'outside');
  mkdirSync(outside, { recursive: true });
  symlinkSync(outside, join(base, '.pactown'));
  assert.throws(() => openSandboxRoot(base, '.pactown'), /symlink/);
  assert.throws(() => openSandboxRoot(base, '.pactown/deeper'), /symlink/);
  assert.deepEqual(readdirSync(outside), []);
});

test('a folder pactown did not make is refused (a repository\'s own src); an empty or older-version folder is taken over', () => {
  const s = sandbox('g');
  const main = canary(join(s.rootPath, 'src', 'main.py'));
  assert.throws(() => s.write('src', fileBlock('main.py', 'pwned')), /pactown did not make it/);
  main();
  mkdirSync(join(s.rootPath, 'empty'), { recursive: true });
  assert.deepEqual(s.write('empty', fileBlock('a.txt', 'a')), ['a.txt']);
  // Made by an older version: its own list is left unused, so nothing it names is removed.
  mkdirSync(join(s.rootPath, 'legacy'), { recursive: true });
  writeFileSync(join(s.rootPath, 'legacy', '.pactown-files.json'), '["mine.db"]');
  writeFileSync(join(s.rootPath, 'legacy', 'mine.db'), 'user data');
  s.write('legacy', fileBlock('b.txt', 'b'));
  assert.equal(readFileSync(join(s.rootPath, 'legacy', 'mine.db'), 'utf8'), 'user data');
});
