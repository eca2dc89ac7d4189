// Attacks a repository can ship, each against the real `pactown` with canary files outside every
// sandbox and cache that must come through byte for byte: symlinked sandbox folders, forged
// "files written" lists, an unsafe sandbox_root, a folder swapped for a symlink while `up` writes,
// paths that no file system takes, a builder killed half-way, a read-only cache.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfinedDir } from '../../core/runtime/confinedDir';
import { prepareService } from '../../core/runtime/prepareService';
import { SandboxLedger } from '../../core/runtime/sandboxLedger';
import { background, exitWithin, fence, pactown, portOpen, processesMentioning, pythonReadme, scratchFolder, statusOf, waitUntil, writeEcosystem } from './cliRun';
import { buildWheels } from './wheels';

const scratch = scratchFolder('confinement-');
const wheels = join(scratch.dir, 'wheels');
buildWheels(wheels);
Object.assign(scratch.env, { PIP_FIND_LINKS: wheels, PIP_NO_INDEX: '1' });
after(() => scratch.remove());

/** A file outside every root; the returned check fails if it changed or went. */
function canary(path: string): () => void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `canary ${path}: must survive\n`);
  return () => assert.equal(readFileSync(path, 'utf8'), `canary ${path}: must survive\n`, `${path} was touched`);
}

const fileBlock = (path: string, body: string) => `${fence}text markpact:file path=${path}\n${body}\n${fence}\n\n`;

describe('a repository cannot make pactown write or delete outside its folders', () => {
  test('a service folder shipped as a symlink: refused, nothing written or deleted in the folder it points at', async () => {
    const { yaml } = await writeEcosystem(scratch, 'symlinked', {
      api: { readme: fileBlock('dropped-by-readme.txt', 'x') + fileBlock('.pactown-files.json', '["precious.txt","notes.txt"]') + pythonReadme() },
    });
    const outside = join(scratch.dir, 'symlinked-outside');
    const checks = [canary(join(outside, 'precious.txt')), canary(join(outside, 'notes.txt'))];
    mkdirSync(join(yaml, '..', '.pactown'), { recursive: true });
    symlinkSync(outside, join(yaml, '..', '.pactown', 'api'));
    const up = pactown(scratch, 'up', yaml, '--detach');
    assert.equal(up.status, 1);
    assert.match(up.stderr, /api: refusing to use '.*\.pactown\/api': it is a symlink/);
    for (const check of checks) check();
    assert.deepEqual(readdirSync(outside).sort(), ['notes.txt', 'precious.txt']);
    assert.equal(pactown(scratch, 'down', yaml).status, 0);
  });

  test('a sandbox root shipped as a symlink: refused', async () => {
    const { yaml } = await writeEcosystem(scratch, 'rootlink', { api: { readme: fileBlock('x.txt', 'x') + pythonReadme() } });
    const outside = join(scratch.dir, 'rootlink-outside');
    const check = canary(join(outside, 'keep.txt'));
    symlinkSync(outside, join(yaml, '..', '.pactown'));
    const up = pactown(scratch, 'up', yaml, '--detach');
    assert.equal(up.status, 1);
    assert.match(up.stderr, /\.pactown': it is a symlink/);
    check();
    assert.deepEqual(readdirSync(outside), ['keep.txt']);
  });

  test('a "files written" list forged by the README is not used: the service\'s own data survives reruns', async () => {
    const { yaml } = await writeEcosystem(scratch, 'forged-list', {
      // The service makes data.db when it runs; the README also writes a list naming it.
      db: { readme: fileBlock('.pactown-files.json', '["data.db", "../../../outside.txt"]') + pythonReadme('echo rows > data.db; ') },
    });
    const check = canary(join(scratch.dir, 'outside.txt'));
    for (let run = 0; run < 2; run++) {
      assert.equal(pactown(scratch, 'up', yaml, '--detach').status, 0);
      assert.equal(pactown(scratch, 'down', yaml).status, 0);
    }
    assert.equal(readFileSync(join(yaml, '..', '.pactown', 'db', 'data.db'), 'utf8'), 'rows\n');
    check();
  });

  test('sandbox_root ../ with a service named like a repository folder: validate says why, up refuses, the repository is untouched', async () => {
    const { yaml } = await writeEcosystem(scratch, 'deploy', { src: { readme: fileBlock('main.py', 'pwned') + pythonReadme() } });
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^services:/m, 'sandbox_root: ../\nservices:'));
    const repo = join(yaml, '..', '..');
    const checks = [canary(join(repo, 'src', 'main.py')), canary(join(repo, 'NOTES.md'))];
    const validate = pactown(scratch, 'validate', yaml);
    assert.equal(validate.status, 1);
    assert.match(validate.stdout, /error unsafe-sandbox-root sandbox_root '\.\.\/' is unsafe: it is a folder above the ecosystem's own/);
    const up = pactown(scratch, 'up', yaml, '--detach');
    assert.equal(up.status, 1);
    assert.match(up.stderr, /unsafe-sandbox-root/);
    for (const check of checks) check();
    // A sandbox root of its own, but a service folder that is the repository's: refused at run time.
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('sandbox_root: ../', 'sandbox_root: ../lib'));
    mkdirSync(join(repo, 'lib', 'src'), { recursive: true });
    const libCheck = canary(join(repo, 'lib', 'src', 'main.py'));
    const second = pactown(scratch, 'up', yaml, '--detach');
    assert.equal(second.status, 1);
    assert.match(second.stderr, /pactown did not make it/);
    libCheck();
    assert.equal(pactown(scratch, 'down', yaml).status, 0);
  });

  test('a path with a NUL or an over-long name: refused before anything is written', async () => {
    for (const [name, bad] of [['nul', 'evil\0.py'], ['long', `${'x'.repeat(300)}.py`]] as const) {
      const { yaml } = await writeEcosystem(scratch, `path-${name}`, { api: { readme: fileBlock('first.py', 'ok') + fileBlock(bad, 'x') + pythonReadme() } });
      const validate = pactown(scratch, 'validate', join(yaml, '..', 'api', 'README.md'));
      assert.equal(validate.status, 1);
      assert.match(validate.stdout, /unsafe-path/);
      const up = pactown(scratch, 'up', yaml, '--detach');
      assert.equal(up.status, 1);
      assert.match(up.stderr, /refusing to write/);
      assert.equal(existsSync(join(yaml, '..', '.pactown', 'api', 'first.py')), false, 'nothing written half-way');
      assert.equal(pactown(scratch, 'down', yaml).status, 0);
    }
  });
});

describe('a service folder swapped for a symlink while pactown writes', () => {
  test('200 preparations against a folder flipping to an outward symlink: 0 escapes', async () => {
    const base = join(scratch.dir, 'race');
    const root = join(base, 'root');
    const outside = join(base, 'outside');
    mkdirSync(outside, { recursive: true });
    const check = canary(join(outside, 'keep.txt'));
    writeFileSync(join(base, 'README.md'), fileBlock('a.txt', 'a') + fileBlock('deep/b.txt', 'b') + pythonReadme());
    mkdirSync(join(root, 'api'), { recursive: true });
    // As fast as it can: api is a real folder, then a symlink to outside, then the folder again.
    const swapper = spawn('python3', ['-c', `
import os
api, real, out = ${JSON.stringify(join(root, 'api'))}, ${JSON.stringify(join(root, 'api.real'))}, ${JSON.stringify(outside)}
while True:
    try:
        os.rename(api, real); os.symlink(out, api); os.unlink(api); os.rename(real, api)
    except OSError:
        pass
`], { stdio: 'ignore' });
    const ledger = new SandboxLedger(join(base, 'runs'), '/race/eco');
    let written = 0;
    let refused = 0;
    try {
      for (let round = 0; round < 200; round++) {
        const dir = ConfinedDir.open(root);
        try {
          await prepareService({ name: 'api', readmePath: join(base, 'README.md'), root: dir, ledger, cacheDir: join(base, 'cache'), env: scratch.env });
          written++;
        } catch (error) {
          assert.match(String(error), /refusing|pactown did not make it|ENOENT|EEXIST/, String(error));
          refused++;
        } finally {
          dir.close();
        }
      }
    } finally {
      swapper.kill('SIGKILL');
      await new Promise((resolve) => swapper.once('exit', resolve));
    }
    assert.deepEqual(readdirSync(outside), ['keep.txt'], `an escape: ${readdirSync(outside)}`);
    check();
    assert.equal(written + refused, 200);
    assert.ok(written > 0, 'some rounds found the real folder and wrote into it');
    console.log(`    race: ${written} rounds wrote into the real folder, ${refused} were refused, 0 escaped`);
    // Wherever the real folder was when a round wrote, the files went into it.
    assert.ok(['api', 'api.real'].some((name) => existsSync(join(root, name, 'deep', 'b.txt'))));
  });
});

describe('the dependency cache under a builder killed half-way, and read-only', () => {
  const buildProcesses = processesMentioning;

  test('kill -9 of pactown during an environment build leaves no build running, and the next up builds it', async () => {
    const cache = join(scratch.dir, 'killed-build-cache');
    const env = { ...scratch.env, PACTOWN_CACHE_DIR: cache };
    const { yaml, basePort } = await writeEcosystem(scratch, 'killed-build', {
      app: { readme: `${fence}text markpact:deps python\npactown-demo-app\n${fence}\n${pythonReadme()}` },
    });
    const run = background({ ...scratch, env }, ['up', yaml]);
    await waitUntil(() => buildProcesses(cache).length > 0, 30_000);
    run.child.kill('SIGKILL');
    await exitWithin(run.exited, 5_000, 'the killed pactown');
    await waitUntil(() => buildProcesses(cache).length === 0, 5_000);
    assert.deepEqual(buildProcesses(cache), [], 'the build died with its builder');
    const again = spawnSync(process.execPath, [join('dist', 'cli.js'), 'up', yaml, '--detach'], { env, encoding: 'utf8', timeout: 120_000 });
    assert.equal(again.status, 0, again.stderr);
    assert.equal(statusOf({ ...scratch, env }, yaml)[0].state, 'running');
    assert.equal(spawnSync(process.execPath, [join('dist', 'cli.js'), 'down', yaml], { env }).status, 0);
    assert.equal(await portOpen(basePort), false);
  });

  test('a read-only cache with a valid entry is used', async () => {
    const cache = join(scratch.dir, 'ro-cache');
    const writable = { ...scratch.env, PACTOWN_CACHE_DIR: cache };
    const { yaml } = await writeEcosystem(scratch, 'read-only', {
      app: { readme: `${fence}text markpact:deps python\npactown-demo-app\n${fence}\n${pythonReadme()}` },
    });
    assert.equal(spawnSync(process.execPath, [join('dist', 'cli.js'), 'cache', 'warm', yaml], { env: writable }).status, 0);
    const mounted = join(scratch.dir, 'ro-mount');
    mkdirSync(mounted);
    // A read-only file system (a bind mount, remounted read-only): root cannot write there either.
    const mount = spawnSync('sh', ['-c', `mount --bind "${cache}" "${mounted}" && mount -o remount,ro,bind "${mounted}"`], { encoding: 'utf8' });
    assert.equal(mount.status, 0, `could not make a read-only mount: ${mount.stderr}`);
    try {
      const env = { ...scratch.env, PACTOWN_CACHE_DIR: mounted };
      const up = spawnSync(process.execPath, [join('dist', 'cli.js'), 'up', yaml, '--detach'], { env, encoding: 'utf8', timeout: 60_000 });
      assert.equal(up.status, 0, up.stderr);
      assert.match(readFileSync(join(yaml, '..', '.pactown', 'logs', 'app.log'), 'utf8'), /\$ exec python3 -m http\.server/);
      assert.equal(spawnSync(process.execPath, [join('dist', 'cli.js'), 'down', yaml], { env }).status, 0);
    } finally {
      spawnSync('umount', [mounted]);
    }
  });
});
