import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { cacheKey, depsHash, normalizeRequirements } from '../../core/cache/key';
import { cachePaths, defaultCacheDir } from '../../core/cache/location';
import { ensureDepsListing, publishRecord, recordsForDeps, type CacheRecord } from '../../core/cache/record';

const python = { name: 'python' as const, path: '/usr/bin/python3', version: '3.11.7' };

test('requirements are normalised: order, case, blanks, comments and duplicates do not matter', () => {
  const a = normalizeRequirements('python', ['FastAPI', '  uvicorn[standard]  ', '', '# a comment', 'fastapi', 'pydantic  >=2  # pinned']);
  assert.deepEqual(a, ['fastapi', 'pydantic >=2', 'uvicorn[standard]']);
  assert.equal(depsHash('python', a), depsHash('python', normalizeRequirements('python', ['uvicorn[standard]', 'pydantic >=2', 'fastapi'])));
});

test('node requirement lines keep their case', () => {
  assert.deepEqual(normalizeRequirements('node', ['Express@4', 'express@4']), ['Express@4', 'express@4']);
});

test('the key changes with the requirements, the ecosystem, the runtime and the platform', () => {
  const reqs = ['fastapi', 'uvicorn'];
  const base = cacheKey('python', reqs, python, 'linux-x64');
  assert.match(base, /^[0-9a-f]{16}$/);
  assert.equal(cacheKey('python', reqs, python, 'linux-x64'), base);
  assert.notEqual(cacheKey('python', ['fastapi'], python, 'linux-x64'), base);
  assert.notEqual(cacheKey('node', reqs, python, 'linux-x64'), base);
  assert.notEqual(cacheKey('python', reqs, { ...python, version: '3.12.1' }, 'linux-x64'), base);
  assert.notEqual(cacheKey('python', reqs, python, 'darwin-arm64'), base);
});

test('the cache folder follows PACTOWN_CACHE_DIR, then XDG_CACHE_HOME', () => {
  assert.equal(defaultCacheDir({ PACTOWN_CACHE_DIR: '/c' }), '/c');
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x' }), join('/x', 'pactown'));
  assert.match(defaultCacheDir({}), /\.cache[\\/]pactown$/);
});

test('records are found by dependency set, most recently used first; junk files are ignored', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-'));
  try {
    mkdirSync(cachePaths.indexDir(dir), { recursive: true });
    const reqs = normalizeRequirements('python', ['flask']);
    const hash = depsHash('python', reqs);
    const record = (key: string, lastUsedAt: string): CacheRecord => ({
      format: 1, key, ecosystem: 'python', depsHash: hash, requirements: reqs, runtime: python, platform: 'linux-x64',
      sizeBytes: 1, createdAt: lastUsedAt, lastUsedAt, hits: 0,
    });
    const [a, b] = ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'];
    // Written before the by-dependency-set listing existed: found by a scan.
    writeFileSync(cachePaths.record(dir, a), JSON.stringify(record(a, '2026-01-01T00:00:00.000Z')));
    writeFileSync(cachePaths.record(dir, b), JSON.stringify(record(b, '2026-02-01T00:00:00.000Z')));
    writeFileSync(cachePaths.record(dir, 'junk'), '{not json');
    writeFileSync(join(cachePaths.indexDir(dir), 'other.json'), JSON.stringify({ format: 2 }));
    writeFileSync(cachePaths.record(dir, 'cccccccccccccccc'), JSON.stringify({ ...record('cccccccccccccccc', '2026-03-01T00:00:00.000Z'), lastUsedAt: { not: 'a date' } }));
    writeFileSync(cachePaths.record(dir, 'dddddddddddddddd'), `${JSON.stringify(record('dddddddddddddddd', '2026-03-01T00:00:00.000Z'))}${' '.repeat(17 * 1024 * 1024)}`);
    assert.deepEqual((await recordsForDeps(dir, hash)).map((r) => r.key), [b, a], 'a bad record never hides a good one');
    // Listed (as the writer lists every record it publishes): found without reading the others.
    await ensureDepsListing(dir);
    const newer = record('eeeeeeeeeeeeeeee', '2026-04-01T00:00:00.000Z');
    await publishRecord(dir, newer);
    assert.deepEqual((await recordsForDeps(dir, hash)).map((r) => r.key), [newer.key, b, a]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing cache folder means no records', async () => {
  assert.deepEqual(await recordsForDeps(join(tmpdir(), 'does-not-exist-markpact'), '0123456789abcdef'), []);
});
