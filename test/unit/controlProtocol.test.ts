import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isCompatibleHello, LineDecoder, maxLineBytes, parseRequest } from '../../core/control/protocol';
import { parseRunRecord } from '../../core/control/runRecord';
import { ensurePrivateDir, runsDirFor, UnsafeRunsDir } from '../../core/control/runsDir';

const scratch = mkdtempSync(join(tmpdir(), 'control-protocol-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function decode(chunks: string[]): { messages: unknown[]; errors: string[] } {
  const messages: unknown[] = [];
  const errors: string[] = [];
  const decoder = new LineDecoder((m) => messages.push(m), (e) => errors.push(e.message));
  for (const chunk of chunks) decoder.push(chunk);
  return { messages, errors };
}

test('lines split across chunks, several in one chunk, blank lines skipped', () => {
  const { messages, errors } = decode(['{"a":', '1}\n\n{"b":2}\n{"c"', ':3}\n']);
  assert.deepEqual(messages, [{ a: 1 }, { b: 2 }, { c: 3 }]);
  assert.deepEqual(errors, []);
});

test('a line that is not JSON, or longer than the limit, ends the conversation', () => {
  assert.deepEqual(decode(['{"a":1}\nnot json\n{"b":2}\n']), { messages: [{ a: 1 }], errors: ['the peer sent a line that is not JSON'] });
  const long = decode(['{"a":"', 'x'.repeat(maxLineBytes), 'more']);
  assert.deepEqual(long.messages, []);
  assert.match(long.errors[0], /longer than/);
});

test('requests are checked field by field', () => {
  assert.deepEqual(parseRequest({ type: 'request', id: 3, op: 'stop', from: 'pactown down (pid 1)', services: ['api'] }), { type: 'request', id: 3, op: 'stop', from: 'pactown down (pid 1)', services: ['api'] });
  assert.equal(parseRequest({ type: 'request', id: 3, op: 'kill', from: 'x' }), undefined, 'unknown op');
  assert.equal(parseRequest({ type: 'request', id: '3', op: 'status' }), undefined, 'id not a number');
  assert.equal(parseRequest({ type: 'request', id: 3, op: 'stop', services: 'api' }), undefined, 'services not a list');
  assert.equal(parseRequest({ type: 'request', id: 3, op: 'stop', services: [1] }), undefined);
  assert.equal(parseRequest(null), undefined);
  assert.equal(parseRequest({ type: 'request', id: 1, op: 'status', from: 'y'.repeat(1000) })?.from.length, 200, 'a long caller name is cut');
});

test('a hello of another major protocol version is refused', () => {
  const hello = { type: 'hello', protocol: 1, runId: 'r', ecosystem: '/e', owner: { pid: 1, kind: 'cli', label: 'x' } };
  assert.equal(isCompatibleHello(hello), true);
  assert.equal(isCompatibleHello({ ...hello, protocol: 2 }), false);
  assert.equal(isCompatibleHello({ ...hello, owner: null }), false);
});

const record = {
  format: 1, ecosystem: '/w/shop.pactown.yaml', runId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  owner: { pid: 4242, kind: 'supervisor', label: 'pactown up --detach (supervisor pid 4242)' }, sinceTicks: 100, startedAt: '2026-12-01T00:00:00Z', services: { db: { pid: 4250 } },
};

test('a run record is read only when every field has its shape', () => {
  assert.deepEqual(parseRunRecord(JSON.stringify(record)), record);
  for (const [what, broken] of [
    ['a run id that is not a UUID', { ...record, runId: '../../x' }],
    ['pid 1 as owner', { ...record, owner: { ...record.owner, pid: 1 } }],
    ['a negative pid', { ...record, services: { db: { pid: -5 } } }],
    ['a pid that is not an integer', { ...record, services: { db: { pid: 12.5 } } }],
    ['an unknown owner kind', { ...record, owner: { ...record.owner, kind: 'root' } }],
    ['services as a list', { ...record, services: [4250] }],
    ['another format', { ...record, format: 2 }],
  ] as const) {
    assert.equal(parseRunRecord(JSON.stringify(broken)), undefined, what);
  }
  assert.equal(parseRunRecord('{'), undefined);
  assert.equal(parseRunRecord(`${JSON.stringify(record)}${' '.repeat(2 * 1024 * 1024)}`), undefined, 'an oversized file');
});

test('the runs folder: outside the workspace, private, never a symlink or another user\'s', () => {
  assert.equal(runsDirFor({ PACTOWN_RUNTIME_DIR: '/r' }), '/r');
  assert.equal(runsDirFor({ XDG_RUNTIME_DIR: '/run/user/5' }), '/run/user/5/pactown');
  assert.equal(runsDirFor({ XDG_CACHE_HOME: '/c', PACTOWN_CACHE_DIR: '/elsewhere' }), '/c/pactown/runs', 'the cache setting does not move it');

  const fresh = join(scratch, 'fresh', 'runs');
  ensurePrivateDir(fresh);
  assert.equal(statSync(fresh).mode & 0o777, 0o700);

  const loose = join(scratch, 'loose');
  mkdirSync(loose);
  chmodSync(loose, 0o777);
  ensurePrivateDir(loose);
  assert.equal(statSync(loose).mode & 0o777, 0o700, 'a looser mode is tightened');

  const target = join(scratch, 'target');
  mkdirSync(target);
  const link = join(scratch, 'link');
  symlinkSync(target, link);
  assert.throws(() => ensurePrivateDir(link), UnsafeRunsDir);

  if (process.getuid?.() === 0) {
    const foreign = join(scratch, 'foreign');
    mkdirSync(foreign, { mode: 0o700 });
    chownSync(foreign, 4321, 4321);
    assert.throws(() => ensurePrivateDir(foreign), /belongs to another user/);
  }
});
