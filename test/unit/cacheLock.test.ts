import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { acquireLock, isLocked, tryLock, type LockOwner } from '../../core/cache/lock';

const scratch = mkdtempSync(join(tmpdir(), 'cache-lock-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
const freshLock = () => join(scratch, `locks-${counter++}`, 'k.lock');

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

/** Runs `fn` under the lock from `takers` concurrent callers; returns the most that were inside at once. */
async function maxInside(lockPath: string, takers: number): Promise<number> {
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: takers }, async () => {
      const release = await acquireLock(lockPath);
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 5));
      inside--;
      await release();
    }),
  );
  return most;
}

test('the lock file names its holder; a second taker waits until the first releases', async () => {
  const path = freshLock();
  const release = await acquireLock(path);
  const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  assert.equal(owner.pid, process.pid);
  assert.ok(owner.host && owner.created);
  assert.equal(await isLocked(path), true);
  assert.equal(await tryLock(path), undefined);
  let second = false;
  // The second taker says whom it waits for: the moment to check it is still waiting (no timer).
  let waitedFor!: (owner: LockOwner | undefined) => void;
  const waitSeen = new Promise<LockOwner | undefined>((resolveWait) => (waitedFor = resolveWait));
  const waiting = acquireLock(path, { onWait: (owner) => waitedFor(owner) }).then((r) => {
    second = true;
    return r;
  });
  assert.equal((await waitSeen)?.pid, process.pid);
  assert.equal(second, false);
  await release();
  await (await waiting)();
  assert.equal(existsSync(path), false);
});

test('concurrent takers are admitted one at a time', async () => {
  assert.equal(await maxInside(freshLock(), 6), 1);
});

test('a lock whose holder died is taken over, by one of many waiters at a time', async () => {
  const path = freshLock();
  await (await acquireLock(path))();
  writeFileSync(path, JSON.stringify({ pid: deadPid(), host: hostname(), created: new Date().toISOString() }));
  assert.equal(await isLocked(path), false);
  assert.equal(await maxInside(path, 6), 1);
  assert.equal(existsSync(path), false);
});

test('an empty lock file is being written while young, and is stale once old', async () => {
  const path = freshLock();
  await (await acquireLock(path))();
  writeFileSync(path, '');
  assert.equal(await tryLock(path), undefined);
  const old = new Date(Date.now() - 60_000);
  utimesSync(path, old, old);
  const release = await tryLock(path);
  assert.ok(release);
  assert.equal((JSON.parse(readFileSync(path, 'utf8')) as LockOwner).pid, process.pid);
  await release();
});

test('a lock held on another machine is never taken over; waiting ends at the deadline or on abort', async () => {
  const path = freshLock();
  await (await acquireLock(path))();
  writeFileSync(path, JSON.stringify({ pid: deadPid(), host: 'some-other-host', created: new Date().toISOString() }));
  assert.equal(await isLocked(path), true);
  await assert.rejects(acquireLock(path, { timeoutMs: 50 }), /timed out/);
  await assert.rejects(acquireLock(path, { signal: AbortSignal.timeout(50) }), (error: Error) => error.name === 'TimeoutError');
  assert.match(readFileSync(path, 'utf8'), /some-other-host/);
});

test('a release removes the lock only while it is still its own', async () => {
  const path = freshLock();
  const release = await acquireLock(path);
  writeFileSync(path, JSON.stringify({ pid: process.pid, host: 'x', created: 'someone else' }));
  await release();
  assert.match(readFileSync(path, 'utf8'), /someone else/);
});

test('processes taking turns never hold the lock together', async () => {
  const path = freshLock();
  const journal = join(scratch, 'journal.txt');
  const worker = resolve('test/unit/cacheWorker.ts');
  const runs = Array.from({ length: 3 }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, 'lock', path, journal, '3', '20'], { stdio: 'inherit' });
    return new Promise<number | null>((r) => child.once('close', r));
  });
  assert.deepEqual(await Promise.all(runs), [0, 0, 0]);
  const lines = readFileSync(journal, 'utf8').trim().split('\n');
  assert.equal(lines.length, 18);
  for (let i = 0; i < lines.length; i += 2) {
    const [enter, exit] = [lines[i].split(' '), lines[i + 1].split(' ')];
    assert.deepEqual([enter[0], exit[0], exit[1]], ['enter', 'exit', enter[1]], `overlap at line ${i + 1}`);
  }
  assert.equal(new Set(lines.map((l) => l.split(' ')[1])).size, 3);
});
