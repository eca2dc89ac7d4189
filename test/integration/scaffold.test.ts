// `pactown init` and `pactown generate` as a user runs them: what they write validates clean and
// runs (real processes: `up --detach`, the health check and the README's own test block answer,
// `down`), and what they refuse leaves every file as it was.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseMarkpact } from '../../core/markpact/parse';
import { deriveService } from '../../core/markpact/service';
import { parseEcosystem } from '../../core/pactown/parse';
import { nodeHttp } from '../../core/scaffold/templates/nodeHttp';
import { fence, pactown, portOpen, processesWith, scratchFolder, statusOf } from './cliRun';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../../scripts/freePorts.mjs';

const scratch = scratchFolder('scaffold-');
const started: string[] = [];
after(() => {
  for (const yaml of started) pactown(scratch, 'down', yaml);
  assert.deepEqual(processesWith(`PACTOWN_RUNTIME_DIR=${scratch.env.PACTOWN_RUNTIME_DIR}`), [], 'no service process may outlive the tests');
  scratch.remove();
});

/** Every line of the README's `http markpact:test` blocks, sent to the running service; returns how many passed. */
async function passItsTests(readme: string, port: number): Promise<number> {
  const lines = deriveService(parseMarkpact(readFileSync(readme, 'utf8')).blocks).httpTests;
  for (const { result } of lines) {
    assert.equal(result.kind, 'test');
    if (result.kind !== 'test') continue;
    const response = await fetch(`http://127.0.0.1:${port}${result.test.path}`, { method: result.test.method, signal: AbortSignal.timeout(5_000) });
    assert.equal(response.status, result.test.expect ?? 200, `${result.test.method} ${result.test.path}`);
  }
  return lines.length;
}

/** Brings an ecosystem up detached, hands each running service to `check`, brings it down and sees its ports closed. */
async function upAndDown(yaml: string, check: (ports: Record<string, number>) => Promise<void>): Promise<void> {
  started.push(yaml);
  const up = pactown(scratch, 'up', yaml, '--detach');
  assert.equal(up.status, 0, `${up.stdout}\n${up.stderr}`);
  const ports = Object.fromEntries(statusOf(scratch, yaml).map((s) => [s.name, s.port!]));
  await check(ports);
  const down = pactown(scratch, 'down', yaml);
  assert.equal(down.status, 0, down.stderr);
  for (const port of Object.values(ports)) assert.equal(await portOpen(port), false, `port ${port} is closed after down`);
}

describe('pactown init', () => {
  // Python and Node need nothing installed; Express is installed from the npm registry into the test's own cache.
  for (const template of ['python', 'node', 'express']) {
    test(`init -t ${template}: validates clean, runs, answers its health check and its test block, stops`, async () => {
      const folder = join(scratch.dir, `init-${template}`);
      const basePort = await freePortRange(1);
      const init = pactown(scratch, 'init', folder, '-t', template, '-p', String(basePort));
      assert.equal(init.status, 0, init.stderr);
      assert.match(init.stdout, /^created .*saas\.pactown\.yaml\ncreated .*api\/README\.md\n.*saas\.pactown\.yaml: no problems \(1 service, 1 README checked\)\nNext: pactown up /);
      const yaml = join(folder, 'saas.pactown.yaml');
      assert.equal(pactown(scratch, 'validate', yaml).status, 0);
      await upAndDown(yaml, async (ports) => {
        assert.equal(ports.api, basePort);
        assert.equal((await fetch(`http://127.0.0.1:${basePort}/health`)).status, 200);
        assert.equal(await passItsTests(join(folder, 'api', 'README.md'), basePort), 2);
      });
    });
  }

  test('init -t fastapi and -t flask validate clean (their packages come from PyPI, which this machine cannot reach)', () => {
    for (const template of ['fastapi', 'flask']) {
      const init = pactown(scratch, 'init', join(scratch.dir, `init-${template}`), '-t', template, '-s', 'web', '-n', 'my shop');
      assert.equal(init.status, 0, init.stderr);
      assert.match(init.stdout, /no problems \(1 service, 1 README checked\)/);
      assert.match(init.stdout, /Its first start installs /);
      const { config } = parseEcosystem(readFileSync(join(scratch.dir, `init-${template}`, 'saas.pactown.yaml'), 'utf8'));
      assert.deepEqual([config.name, config.services[0].name, config.services[0].port], ['my shop', 'web', 8000]);
    }
  });

  test('init refuses what it cannot do and leaves every file as it was', () => {
    const folder = join(scratch.dir, 'init-refusals');
    assert.equal(pactown(scratch, 'init', folder).status, 0);
    writeFileSync(join(folder, 'api', 'README.md'), 'mine');
    const again = pactown(scratch, 'init', folder);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /^pactown: saas\.pactown\.yaml, api\/README\.md already exist: nothing was written \(--force overwrites\)\n$/);
    assert.equal(readFileSync(join(folder, 'api', 'README.md'), 'utf8'), 'mine');
    for (const [args, message] of [
      [['-o', '../escape.pactown.yaml'], /must be inside/],
      [['-o', 'eco.json'], /ends in \.yaml/],
      [['-s', '../evil'], /--service \.\.\/evil: use letters/],
      [['-s', 'logs'], /taken by the runtime/],
      [['-t', 'django'], /--template must be one of python, node, fastapi, flask, express/],
      [['-p', '70000'], /--base-port must be an integer/],
      [['--port', '1'], /Unknown option '--port'/],
    ] as const) {
      const refused = pactown(scratch, 'init', join(scratch.dir, 'init-refused'), ...args);
      assert.equal(refused.status, 2, args.join(' '));
      assert.match(refused.stderr, message);
    }
    assert.equal(existsSync(join(scratch.dir, 'init-refused')), false, 'nothing was created');
    const notAFolder = pactown(scratch, 'init', join(folder, 'saas.pactown.yaml'));
    assert.deepEqual([notAFolder.status, notAFolder.stderr], [2, `pactown: ${join(folder, 'saas.pactown.yaml')}: not a folder\n`]);
    assert.equal(existsSync(join(scratch.dir, 'escape.pactown.yaml')), false);
    const forced = pactown(scratch, 'init', folder, '--force');
    assert.equal(forced.status, 0, forced.stderr);
    assert.notEqual(readFileSync(join(folder, 'api', 'README.md'), 'utf8'), 'mine');
  });
});

describe('pactown generate', () => {
  /** api (stdlib Python), web (Node, reads API_URL), and READMEs that must be left out: a broken one, prose, a symlinked folder. */
  function shopFolder(name: string): { folder: string; canary: string } {
    const folder = join(scratch.dir, name);
    const outside = join(scratch.dir, `${name}-outside`);
    assert.equal(pactown(scratch, 'init', folder, '-s', 'api').status, 0);
    // A folder of READMEs, without the ecosystem file init wrote.
    rmSync(join(folder, 'saas.pactown.yaml'));
    mkdirSync(join(folder, 'web'));
    writeFileSync(join(folder, 'web', 'README.md'), `# web\n\n${fence}javascript markpact:file path=server.js
const http = require('node:http');
http.createServer(async (request, response) => {
  if (request.url === '/health') return response.end('ok');
  const api = await fetch(process.env.API_URL + '/');
  response.end('api says: ' + (await api.json()).message);
}).listen(Number(process.env.MARKPACT_PORT), '127.0.0.1');
${fence}\n\n${fence}bash markpact:run\nnode server.js\n${fence}\n`);
    mkdirSync(join(folder, 'broken'));
    writeFileSync(join(folder, 'broken', 'README.md'), `${fence}python markpact:file path=../../escaped.py\nprint(1)\n${fence}\n\n${fence}bash markpact:run\npython3 escaped.py\n${fence}\n`);
    mkdirSync(join(folder, 'docs'));
    writeFileSync(join(folder, 'docs', 'README.md'), '# Docs\n');
    mkdirSync(join(outside, 'elsewhere'), { recursive: true });
    const canary = join(outside, 'elsewhere', 'README.md');
    writeFileSync(canary, nodeHttp.readme('elsewhere'));
    symlinkSync(join(outside, 'elsewhere'), join(folder, 'elsewhere'));
    return { folder, canary };
  }

  test('writes an ecosystem that validates clean and runs: web reaches api through API_URL; what it left out is listed', async () => {
    const { folder, canary } = shopFolder('generated');
    const canaryText = readFileSync(canary, 'utf8');
    const basePort = await freePortRange(2);
    const generated = pactown(scratch, 'generate', folder, '-o', 'shop.pactown.yaml', '-p', String(basePort), '-n', 'shop');
    assert.equal(generated.status, 0, generated.stderr);
    const lines = generated.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      'left out 3:',
      "  broken/README.md: has errors, so pactown would refuse to run it: 1:30 unsafe-path '../../escaped.py' climbs out of the sandbox with '..'. markpact and pactown would write there; pactown up refuses to run this README until it is fixed (nothing is written). Use a relative path inside the sandbox, e.g. 'escaped.py'",
      '  docs/README.md: no markpact blocks: not a service README',
      '  elsewhere: a symlinked folder: not searched (it could lead outside the folder)',
    ]);
    assert.match(lines[4], /^wrote .*shop\.pactown\.yaml: 2 services$/);
    assert.equal(lines[5], `  api  api/README.md · port ${basePort} · health /health (a test GETs it)`);
    assert.equal(lines[6], `  web  web/README.md · port ${basePort + 1} · health /health (server.js has the route) · depends on api (reads API_URL)`);
    assert.match(lines[7], /shop\.pactown\.yaml: no problems \(2 services, 2 READMEs checked\)$/);
    const yaml = join(folder, 'shop.pactown.yaml');
    assert.equal(parseEcosystem(readFileSync(yaml, 'utf8')).config.name, 'shop');
    await upAndDown(yaml, async (ports) => {
      assert.deepEqual(ports, { api: basePort, web: basePort + 1 });
      const page = await fetch(`http://127.0.0.1:${ports.web}/`);
      assert.equal(await page.text(), 'api says: hello from api');
    });
    assert.equal(readFileSync(canary, 'utf8'), canaryText, 'nothing outside the folder changed');
    assert.deepEqual(readdirSync(join(canary, '..')), ['README.md']);
  });

  test('never overwrites without --force, writes only inside the folder, and says when there is nothing to run', () => {
    const { folder } = shopFolder('generated-twice');
    assert.equal(pactown(scratch, 'generate', folder).status, 0);
    const yaml = join(folder, 'saas.pactown.yaml');
    writeFileSync(yaml, '# mine\n');
    const again = pactown(scratch, 'generate', folder);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /^pactown: saas\.pactown\.yaml already exists: nothing was written \(--force overwrites\)\n$/);
    assert.equal(readFileSync(yaml, 'utf8'), '# mine\n');
    assert.equal(pactown(scratch, 'generate', folder, '--force').status, 0);
    assert.match(readFileSync(yaml, 'utf8'), /^# Generated by `pactown generate`/);

    const outside = pactown(scratch, 'generate', folder, '-o', join(scratch.dir, 'outside.pactown.yaml'));
    assert.equal(outside.status, 2);
    assert.equal(existsSync(join(scratch.dir, 'outside.pactown.yaml')), false);

    const empty = join(scratch.dir, 'empty');
    mkdirSync(join(empty, 'docs'), { recursive: true });
    writeFileSync(join(empty, 'docs', 'README.md'), '# nothing to run\n');
    const none = pactown(scratch, 'generate', empty);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /no README with a run command under .*empty: nothing written/);
    assert.match(none.stdout, /docs\/README\.md: no markpact blocks/);
    assert.deepEqual(readdirSync(empty), ['docs']);
    assert.equal(pactown(scratch, 'generate', join(scratch.dir, 'missing')).status, 2);
  });
});
