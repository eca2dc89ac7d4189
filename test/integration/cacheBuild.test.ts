import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, describe, test } from 'node:test';
import { ensureEnvironment, linkEnvironment } from '../../core/cache/environments';
import { ConfinedDir } from '../../core/runtime/confinedDir';
import { cachePaths } from '../../core/cache/location';
import { cacheStats, pruneCache } from '../../core/cache/maintenance';
import { readRecords } from '../../core/cache/record';
import { markInUse } from '../../core/cache/usage';
import { buildWheels } from './wheels';

const scratch = mkdtempSync(join(tmpdir(), 'cache-build-'));
const wheels = join(scratch, 'wheels');
buildWheels(wheels);
// PyPI is unreachable: pip finds the local wheels through the user's own pip settings.
const env = { ...process.env, PIP_FIND_LINKS: wheels, PIP_NO_INDEX: '1' };
after(() => rmSync(scratch, { recursive: true, force: true }));

const worker = resolve('test/integration/ensureWorker.ts');

/** Runs ensureEnvironment in another process; resolves with its JSON result. */
function ensureInChild(cacheDir: string, requirements: string[]): { done: Promise<{ hit: boolean; key: string }>; kill: () => void; pid: number } {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, cacheDir, JSON.stringify(requirements)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const done = new Promise<{ hit: boolean; key: string }>((resolvePromise, reject) =>
    child.once('close', (code) => (code === 0 ? resolvePromise(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`worker exited ${code}`)))),
  );
  return { done, kill: () => child.kill('SIGKILL'), pid: child.pid! };
}

describe('dependency cache with real pip', () => {
  const cacheDir = join(scratch, 'cache');
  const requirements = ['pactown-demo-app', '# a comment pip accepts in a requirements file', 'pactown-demo-core==1.0'];

  test('cold build, then a hit; the console script works through the sandbox link', async () => {
    let start = performance.now();
    const cold = await ensureEnvironment({ cacheDir, ecosystem: 'python', requirements, env });
    const coldMs = performance.now() - start;
    assert.equal(cold.hit, false);
    start = performance.now();
    const warm = await ensureEnvironment({ cacheDir, ecosystem: 'python', requirements: [...requirements].reverse(), env });
    const sandbox = join(scratch, 'sandbox');
    const link = linkEnvironment(warm.path, ConfinedDir.open(sandbox, { create: true }), 'python');
    const warmMs = performance.now() - start;
    assert.equal(warm.hit, true);
    assert.equal(warm.key, cold.key);
    assert.equal(warm.record.hits, 1);
    assert.equal(execFileSync(join(link, 'bin', 'pactown-demo'), { encoding: 'utf8' }), 'hello from a local wheel\n');
    console.log(`cold build ${coldMs.toFixed(0)} ms, hit + link ${warmMs.toFixed(1)} ms`);
    const stats = await cacheStats(cacheDir);
    assert.deepEqual([stats.hits, stats.misses, stats.entries.length], [1, 1, 1]);
    assert.ok(stats.totalBytes > 1_000_000);
  });

  test('a broken entry is detected and rebuilt', async () => {
    const { path } = await ensureEnvironment({ cacheDir, ecosystem: 'python', requirements, env });
    rmSync(join(path, 'bin', 'python'));
    const again = await ensureEnvironment({ cacheDir, ecosystem: 'python', requirements, env });
    assert.equal(again.hit, false);
    assert.ok(existsSync(join(path, 'bin', 'python')));
  });

  test('two processes needing the same new key build it once', async () => {
    const shared = join(scratch, 'shared-cache');
    const a = ensureInChild(shared, ['pactown-demo-core']);
    const b = ensureInChild(shared, ['pactown-demo-core']);
    const results = await Promise.all([a.done, b.done]);
    assert.deepEqual(results.map((r) => r.hit).sort(), [false, true]);
    assert.equal(results[0].key, results[1].key);
    assert.equal((await readRecords(shared)).length, 1);
  });

  test('a build killed half-way leaves no valid-looking entry; the next one rebuilds', async () => {
    const killed = join(scratch, 'killed-cache');
    const child = ensureInChild(killed, ['pactown-demo-app']);
    // Wait until the build holds its lock (it is then creating the venv), then kill it.
    const lockDir = join(killed, 'locks');
    await new Promise<void>((resolvePromise, reject) => {
      const deadline = Date.now() + 20_000;
      const look = () => {
        const held = existsSync(lockDir) && readdirSync(lockDir).some((name) => readFileSync(join(lockDir, name), 'utf8').includes(String(child.pid)));
        if (held) return resolvePromise();
        if (Date.now() > deadline) return reject(new Error('the build never took its lock'));
        setTimeout(look, 5);
      };
      look();
    });
    child.kill();
    await child.done.catch(() => undefined);
    assert.equal((await readRecords(killed)).length, 0);
    const rebuilt = await ensureEnvironment({ cacheDir: killed, ecosystem: 'python', requirements: ['pactown-demo-app'], env });
    assert.equal(rebuilt.hit, false);
    assert.equal(execFileSync(join(rebuilt.path, 'bin', 'pactown-demo'), { encoding: 'utf8' }), 'hello from a local wheel\n');
  });

  test('pruning removes least recently used entries, never one in use', async () => {
    const records = await readRecords(cacheDir);
    assert.equal(records.length, 1);
    const key = records[0].key;
    assert.deepEqual(await pruneCache(cacheDir, { maxEntries: 0, inUse: new Set([key]) }), []);
    // Make a second, older entry and let the count limit evict it.
    const old = { ...records[0], key: '0ddba11000000000', lastUsedAt: '2020-01-01T00:00:00.000Z' };
    writeFileSync(cachePaths.record(cacheDir, old.key), JSON.stringify(old));
    assert.deepEqual(await pruneCache(cacheDir, { maxEntries: 1 }), ['0ddba11000000000']);
    assert.deepEqual(await pruneCache(cacheDir, { maxAgeDays: 1 }, Date.parse('2099-01-01')), [key]);
    assert.equal((await readRecords(cacheDir)).length, 0);
  });
});

describe('dependency cache: Node environments, in-use marks', () => {
  test('a node_modules per dependency set, linked into the sandbox and loadable', async () => {
    const pkg = join(scratch, 'localpkg');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'localpkg', version: '1.0.0', main: 'index.js' }));
    writeFileSync(join(pkg, 'index.js'), "module.exports = 'local package';\n");
    const cacheDir = join(scratch, 'node-cache');
    const first = await ensureEnvironment({ cacheDir, ecosystem: 'node', requirements: [`localpkg@file:${pkg}`], env: { ...process.env, npm_config_offline: 'true' } });
    assert.equal(first.hit, false);
    const sandbox = join(scratch, 'node-sandbox');
    linkEnvironment(first.path, ConfinedDir.open(sandbox, { create: true }), 'node');
    writeFileSync(join(sandbox, 'main.js'), "console.log(require('localpkg'));\n");
    assert.equal(execFileSync(process.execPath, [join(sandbox, 'main.js')], { encoding: 'utf8' }), 'local package\n');
    const again = await ensureEnvironment({ cacheDir, ecosystem: 'node', requirements: [`localpkg@file:${pkg}`] });
    assert.equal(again.hit, true);
  });

  test('an entry marked in use by a live process survives pruning from anywhere; a dead mark does not count', async () => {
    const cacheDir = join(scratch, 'node-cache');
    const [record] = await readRecords(cacheDir);
    const release = await markInUse(cacheDir, record.key);
    assert.deepEqual(await pruneCache(cacheDir, { maxEntries: 0 }), []);
    await release();
    writeFileSync(join(cacheDir, 'uses', `${record.key}.999999`), '');
    assert.deepEqual(await pruneCache(cacheDir, { maxEntries: 0 }), [record.key]);
  });
});
