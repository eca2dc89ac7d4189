import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { linkEnvironment } from '../../core/cache/environments';
import { ConfinedDir } from '../../core/runtime/confinedDir';
import { acquireLock } from '../../core/cache/lock';
import { cachePaths } from '../../core/cache/location';
import { cacheStats, clearCache, pruneCache } from '../../core/cache/maintenance';
import type { CacheRecord } from '../../core/cache/record';
import { countLookup } from '../../core/cache/stats';

const scratch = mkdtempSync(join(tmpdir(), 'cache-maint-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
const freshCache = () => join(scratch, `cache-${counter++}`);
const day = 86_400_000;
const now = Date.parse('2030-06-01T00:00:00Z');

/** A complete-looking entry: its folder and its record, last used `daysAgo` days before `now`. */
function entry(cacheDir: string, key: string, daysAgo: number, sizeBytes = 100): void {
  mkdirSync(join(cachePaths.env(cacheDir, key), 'bin'), { recursive: true });
  writeFileSync(join(cachePaths.env(cacheDir, key), 'bin', 'python'), '');
  const at = new Date(now - daysAgo * day).toISOString();
  const record: CacheRecord = {
    format: 1, key, ecosystem: 'python', depsHash: 'h', requirements: [key], runtime: { name: 'python', path: '/usr/bin/python3', version: '3.11.7' },
    platform: 'linux-x64', sizeBytes, createdAt: at, lastUsedAt: at, hits: 0,
  };
  mkdirSync(cachePaths.indexDir(cacheDir), { recursive: true });
  writeFileSync(cachePaths.record(cacheDir, key), JSON.stringify(record));
}

const present = (cacheDir: string, key: string) => existsSync(cachePaths.record(cacheDir, key)) && existsSync(cachePaths.env(cacheDir, key));

test('pruning by count evicts the least recently used entries, record and folder', async () => {
  const cacheDir = freshCache();
  entry(cacheDir, 'newest', 1);
  entry(cacheDir, 'oldest', 30);
  entry(cacheDir, 'middle', 10);
  assert.deepEqual(await pruneCache(cacheDir, { maxEntries: 1 }, now), ['oldest', 'middle']);
  assert.deepEqual(['newest', 'middle', 'oldest'].map((k) => present(cacheDir, k)), [true, false, false]);
  assert.equal(existsSync(cachePaths.env(cacheDir, 'oldest')), false);
});

test('pruning by bytes evicts LRU entries until the total fits; by age, those unused too long', async () => {
  const cacheDir = freshCache();
  entry(cacheDir, 'a', 3, 500);
  entry(cacheDir, 'b', 2, 300);
  entry(cacheDir, 'c', 1, 300);
  assert.deepEqual(await pruneCache(cacheDir, { maxBytes: 700 }, now), ['a']);
  assert.deepEqual(await pruneCache(cacheDir, { maxBytes: 600 }, now), []);
  assert.deepEqual(await pruneCache(cacheDir, { maxAgeDays: 1.5 }, now), ['b']);
  assert.equal(present(cacheDir, 'c'), true);
});

test('an entry in use or whose lock is held is never evicted, even over the limits', async () => {
  const cacheDir = freshCache();
  entry(cacheDir, 'used', 30);
  entry(cacheDir, 'building', 20);
  entry(cacheDir, 'idle', 10);
  const release = await acquireLock(cachePaths.lock(cacheDir, 'building'));
  assert.deepEqual(await pruneCache(cacheDir, { maxEntries: 0, maxAgeDays: 0, maxBytes: 0, inUse: new Set(['used']) }, now), ['idle']);
  assert.deepEqual([present(cacheDir, 'used'), present(cacheDir, 'building')], [true, true]);
  await release();
  assert.deepEqual(await clearCache(cacheDir, new Set(['used'])), ['building']);
  assert.deepEqual(await clearCache(cacheDir), ['used']);
});

test('folders of builds that never finished are removed, unless a build holds their lock', async () => {
  const cacheDir = freshCache();
  entry(cacheDir, 'kept', 1);
  mkdirSync(join(cachePaths.env(cacheDir, 'halfbuilt'), 'lib'), { recursive: true });
  mkdirSync(join(cachePaths.env(cacheDir, 'inprogress'), 'lib'), { recursive: true });
  const release = await acquireLock(cachePaths.lock(cacheDir, 'inprogress'));
  assert.deepEqual(await pruneCache(cacheDir, { maxEntries: 10 }, now), []);
  assert.equal(existsSync(cachePaths.env(cacheDir, 'halfbuilt')), false);
  assert.equal(existsSync(cachePaths.env(cacheDir, 'inprogress')), true);
  assert.equal(present(cacheDir, 'kept'), true);
  await release();
});

test('stats: the entries, their total size and the persisted hit rate', async () => {
  const cacheDir = freshCache();
  assert.deepEqual(await cacheStats(cacheDir), { entries: [], totalBytes: 0, hits: 0, misses: 0, hitRate: 0 });
  entry(cacheDir, 'a', 1, 1000);
  entry(cacheDir, 'b', 2, 24);
  await countLookup(cacheDir, false);
  for (let i = 0; i < 3; i++) await countLookup(cacheDir, true);
  const stats = await cacheStats(cacheDir);
  assert.deepEqual(stats.entries.map((e) => e.key).sort(), ['a', 'b']);
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
