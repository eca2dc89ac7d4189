import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseMarkpact } from '../../core/markpact/parse';
import { deriveService } from '../../core/markpact/service';
import { SandboxPathError, writeSandbox } from '../../core/runtime/sandbox';

const f = '```';
const scratch = mkdtempSync(join(tmpdir(), 'sandbox-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const filesOf = (readme: string) => deriveService(parseMarkpact(readme).blocks).files;
const fileBlock = (path: string, body: string) => `${f}text markpact:file path=${path}\n${body}\n${f}\n\n`;

test('files are written inside the sandbox, content kept as written', async () => {
  const root = join(scratch, 'a');
  await writeSandbox(root, filesOf(fileBlock('app/main.py', '  indented = 1\nx = 2') + fileBlock('./b//c.txt', 'c')));
  assert.equal(readFileSync(join(root, 'app/main.py'), 'utf8'), '  indented = 1\nx = 2\n');
  assert.equal(readFileSync(join(root, 'b/c.txt'), 'utf8'), 'c\n');
});

test('an unsafe path is refused and nothing at all is written', async () => {
  const root = join(scratch, 'b');
  const outside = join(scratch, 'escaped.txt');
  await assert.rejects(writeSandbox(root, filesOf(fileBlock('ok.txt', 'ok') + fileBlock('../escaped.txt', 'x'))), SandboxPathError);
  assert.equal(existsSync(outside), false);
  assert.equal(existsSync(join(root, 'ok.txt')), false);
  await assert.rejects(writeSandbox(root, filesOf(fileBlock('/etc/markpact-test', 'x'))), /absolute/);
});

test('a symlink inside the sandbox that points out is not followed', async () => {
  const root = join(scratch, 'c');
  const elsewhere = join(scratch, 'elsewhere');
  mkdirSync(root, { recursive: true });
  mkdirSync(elsewhere);
  symlinkSync(elsewhere, join(root, 'link'));
  await assert.rejects(writeSandbox(root, filesOf(fileBlock('link/pwned.txt', 'x'))), /symlink/);
  assert.equal(existsSync(join(elsewhere, 'pwned.txt')), false);
  // A file that is itself a symlink is replaced, not written through.
  const victim = join(scratch, 'victim.txt');
  writeFileSync(victim, 'safe');
  symlinkSync(victim, join(root, 'target.txt'));
  await writeSandbox(root, filesOf(fileBlock('target.txt', 'new')));
  assert.equal(readFileSync(victim, 'utf8'), 'safe');
  assert.equal(readFileSync(join(root, 'target.txt'), 'utf8'), 'new\n');
});

test('a rerun removes the files it no longer writes, and nothing else', async () => {
  const root = join(scratch, 'd');
  await writeSandbox(root, filesOf(fileBlock('old.txt', 'o') + fileBlock('keep.txt', 'k')));
  writeFileSync(join(root, 'user-data.db'), 'precious');
  await writeSandbox(root, filesOf(fileBlock('keep.txt', 'k2')));
  assert.equal(existsSync(join(root, 'old.txt')), false);
  assert.equal(readFileSync(join(root, 'user-data.db'), 'utf8'), 'precious');
  assert.equal(readFileSync(join(root, 'keep.txt'), 'utf8'), 'k2\n');
});
