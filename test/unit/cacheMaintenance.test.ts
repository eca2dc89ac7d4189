import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { linkEnvironment } from '../../core/cache/environments';
import { ConfinedDir } from '../../core/runtime/confinedDir';
import { acquireLock } from '../../core/cache/lock';
import { cachePaths } from '../../core/cache/location';
import { cacheStats, clearCache, pruneCache } from '../../core/cache/maintenance';
import { publishRecord, type CacheRecord } from '../../core/cache/record';
import { countLookup } from '../../core/cache/stats';

const scratch = mkdtempSync(join(tmpdir(), 'cache-maint-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
const freshCache = () => join(scratch, `cache-${counter++}`);
const day = 86_400_000;
const now = Date.parse('2030-06-01T00:00:00Z');

/** Test entries have names; the cache keys them by hash, as it does its own. */
const names = new Map<string, string>();
const key = (name: string) => {
  const hashed = createHash('sha256').update(name).digest('hex').slice(0, 16);
  names.set(hashed, name);
  return hashed;
};
const named = (keys: string[]) => keys.map((k) => names.get(k) ?? k);

/** A complete-looking entry: its folder and its record (published as the cache does), last used `daysAgo` days before `now`. */
async function entry(cacheDir: string, name: string, daysAgo: number, sizeBytes = 100): Promise<void> {
  const k = key(name);
  mkdirSync(join(cachePaths.env(cacheDir, k), 'bin'), { recursive: true });
  writeFileSync(join(cachePaths.env(cacheDir, k), 'bin', 'python'), '');
  const at = new Date(now - daysAgo * day).toISOString();
  const record: CacheRecord = {
    format: 1, key: k, ecosystem: 'python', depsHash: '0123456789abcdef', requirements: [name], runtime: { name: 'python', path: '/usr/bin/python3', version: '3.11.7' },
    platform: 'linux-x64', sizeBytes, createdAt: at, lastUsedAt: at, hits: 0,
  };
  await publishRecord(cacheDir, record);
}

const present = (cacheDir: string, name: string) => existsSync(cachePaths.record(cacheDir, key(name))) && existsSync(cachePaths.env(cacheDir, key(name)));

test('pruning by count evicts the least recently used entries, record and folder', async () => {
  const cacheDir = freshCache();
  await entry(cacheDir, 'newest', 1);
  await entry(cacheDir, 'oldest', 30);
  await entry(cacheDir, 'middle', 10);
  assert.deepEqual(named(await pruneCache(cacheDir, { maxEntries: 1 }, now)), ['oldest', 'middle']);
  assert.deepEqual(['newest', 'middle', 'oldest'].map((k) => present(cacheDir, k)), [true, false, false]);
  assert.equal(existsSync(cachePaths.env(cacheDir, key('oldest'))), false);
});

test('pruning by bytes evicts LRU entries until the total fits; by age, those unused too long', async () => {
  const cacheDir = freshCache();
  await entry(cacheDir, 'a', 3, 500);
  await entry(cacheDir, 'b', 2, 300);
  await entry(cacheDir, 'c', 1, 300);
  assert.deepEqual(named(await pruneCache(cacheDir, { maxBytes: 700 }, now)), ['a']);
  assert.deepEqual(await pruneCache(cacheDir, { maxBytes: 600 }, now), []);
  assert.deepEqual(named(await pruneCache(cacheDir, { maxAgeDays: 1.5 }, now)), ['b']);
  assert.equal(present(cacheDir, 'c'), true);
});

test('an entry in use or whose lock is held is never evicted, even over the limits', async () => {
  const cacheDir = freshCache();
  await entry(cacheDir, 'used', 30);
  await entry(cacheDir, 'building', 20);
  await entry(cacheDir, 'idle', 10);
  const release = await acquireLock(cachePaths.lock(cacheDir, key('building')));
  assert.deepEqual(named(await pruneCache(cacheDir, { maxEntries: 0, maxAgeDays: 0, maxBytes: 0, inUse: new Set([key('used')]) }, now)), ['idle']);
  assert.deepEqual([present(cacheDir, 'used'), present(cacheDir, 'building')], [true, true]);
  await release();
  assert.deepEqual(named(await clearCache(cacheDir, new Set([key('used')]))), ['building']);
  assert.deepEqual(named(await clearCache(cacheDir)), ['used']);
});

test('folders of builds that never finished are removed, unless a build holds their lock', async () => {
  const cacheDir = freshCache();
  await entry(cacheDir, 'kept', 1);
  mkdirSync(join(cachePaths.env(cacheDir, key('halfbuilt')), 'lib'), { recursive: true });
  mkdirSync(join(cachePaths.env(cacheDir, key('inprogress')), 'lib'), { recursive: true });
  mkdirSync(join(cacheDir, 'envs', 'not-a-key', 'lib'), { recursive: true });
  const release = await acquireLock(cachePaths.lock(cacheDir, key('inprogress')));
  assert.deepEqual(await pruneCache(cacheDir, { maxEntries: 10 }, now), []);
  assert.equal(existsSync(cachePaths.env(cacheDir, key('halfbuilt'))), false);
  assert.equal(existsSync(cachePaths.env(cacheDir, key('inprogress'))), true);
  assert.equal(existsSync(join(cacheDir, 'envs', 'not-a-key')), true, 'a folder the cache did not name is not its to remove');
  assert.equal(present(cacheDir, 'kept'), true);
  await release();
});

test('stats: the entries, their total size and the persisted hit rate', async () => {
  const cacheDir = freshCache();
  assert.deepEqual(await cacheStats(cacheDir), { entries: [], broken: [], totalBytes: 0, hits: 0, misses: 0, hitRate: 0 });
  await entry(cacheDir, 'a', 1, 1000);
  await entry(cacheDir, 'b', 2, 24);
  await countLookup(cacheDir, false);
  for (let i = 0; i < 3; i++) await countLookup(cacheDir, true);
  const stats = await cacheStats(cacheDir);
  assert.deepEqual(named(stats.entries.map((e) => e.key)).sort(), ['a', 'b']);
  assert.deepEqual([stats.totalBytes, stats.hits, stats.misses, stats.hitRate], [1024, 3, 1, 0.75]);
});

test('linking: .venv to the entry, node_modules to its node_modules; links are replaced, user folders refused', () => {
  const sandbox = ConfinedDir.open(join(scratch, 'sandbox'), { create: true });
  const [first, second] = [join(scratch, 'entry1'), join(scratch, 'entry2')];
  const venv = linkEnvironment(first, sandbox, 'python');
  assert.equal(venv, join(scratch, 'sandbox', '.venv'));
  assert.equal(readlinkSync(venv), first);
  linkEnvironment(second, sandbox, 'python');
  assert.equal(readlinkSync(venv), second);
  const modules = linkEnvironment(first, sandbox, 'node');
  assert.equal(readlinkSync(modules), join(first, 'node_modules'));

  mkdirSync(join(scratch, 'own-sandbox', 'node_modules', 'mine'), { recursive: true });
  const own = ConfinedDir.open(join(scratch, 'own-sandbox'));
  assert.throws(() => linkEnvironment(first, own, 'node'), /not a link made by pactown/);
  assert.equal(existsSync(join(scratch, 'own-sandbox', 'node_modules', 'mine')), true);
});

test('a forged record is data, not a path: clear and prune never leave the cache, and report it', async () => {
  const cacheDir = freshCache();
  await entry(cacheDir, 'good', 1);
  const canary = join(scratch, `canary-${counter}`);
  mkdirSync(canary);
  writeFileSync(join(canary, 'keep.txt'), 'canary: must survive\n');
  mkdirSync(cachePaths.indexDir(cacheDir), { recursive: true });
  writeFileSync(join(cachePaths.indexDir(cacheDir), 'x.json'), JSON.stringify({ format: 1, key: `../../${canary.split('/').pop()}`, ecosystem: 'python', depsHash: '0123456789abcdef', requirements: [], runtime: { name: 'python', version: '3' }, platform: 'p', sizeBytes: 1, createdAt: '2030-01-01', lastUsedAt: '2030-01-01', hits: 0 }));
  writeFileSync(join(cachePaths.indexDir(cacheDir), `${key('odd')}.json`), JSON.stringify({ format: 1, key: key('odd'), lastUsedAt: { not: 'a date' } }));
  const stats = await cacheStats(cacheDir);
  assert.deepEqual(named(stats.entries.map((e) => e.key)), ['good'], 'the bad records hide nothing');
  assert.deepEqual(stats.broken.sort(), [`${key('odd')}.json`, 'x.json'].sort());
  assert.deepEqual(await pruneCache(cacheDir, { maxEntries: 5 }, now), []);
  assert.deepEqual(named(await clearCache(cacheDir)), ['good']);
  assert.equal(readFileSync(join(canary, 'keep.txt'), 'utf8'), 'canary: must survive\n');
  assert.deepEqual((await cacheStats(cacheDir)).broken, [], 'clear removes the broken record files (only them)');
  // A symlinked envs folder: nothing is removed through it.
  const outside = join(scratch, `outside-${counter}`);
  mkdirSync(join(outside, key('victim'), 'bin'), { recursive: true });
  const linked = freshCache();
  mkdirSync(linked);
  symlinkSync(outside, join(linked, 'envs'));
  mkdirSync(cachePaths.indexDir(linked), { recursive: true });
  await publishRecord(linked, { format: 1, key: key('victim'), ecosystem: 'python', depsHash: '0123456789abcdef', requirements: [], runtime: { name: 'python', version: '3' }, platform: 'p', sizeBytes: 1, createdAt: '2030-01-01', lastUsedAt: '2030-01-01', hits: 0 });
  await clearCache(linked);
  assert.equal(existsSync(join(outside, key('victim'), 'bin')), true);
});
