import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { background, exitWithin, fixtureEcosystem, pactown, portOpen, processesWith, scratchFolder, statusOf } from './cliRun';
import { buildWheels } from './wheels';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../../scripts/freePorts.mjs';

const scratch = scratchFolder('orchestrator-', {});
const wheels = join(scratch.dir, 'wheels');
buildWheels(wheels);
Object.assign(scratch.env, { PIP_FIND_LINKS: wheels, PIP_NO_INDEX: '1' });
const runIds = new Set<string>();

after(() => {
  scratch.remove();
  const left = [...runIds].flatMap((id) => processesWith(`PACTOWN_RUN_ID=${id}`));
  assert.deepEqual(left, [], 'no service process may outlive the tests');
});

async function shop(name: string, edit?: (yaml: string) => string): Promise<string> {
  const base = await freePortRange(3);
  return fixtureEcosystem(scratch, name, (yaml) => (edit ? edit(yaml) : yaml).replace('base_port: 18400', `base_port: ${base}`));
}

/** Each running service's port, and the run id its processes carry (remembered for the final check). */
function running(yaml: string): Record<string, { pid: number; port: number }> {
  const services = statusOf(scratch, yaml);
  for (const s of services) if (s.pid) for (const id of readRunIds(s.pid)) runIds.add(id);
  return Object.fromEntries(services.filter((s) => s.pid).map((s) => [s.name, { pid: s.pid!, port: s.port }]));
}

function readRunIds(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').filter((e) => e.startsWith('PACTOWN_RUN_ID=')).map((e) => e.slice(15));
  } catch {
    return [];
  }
}

describe('pactown up / status / down with real services', () => {
  test('foreground up: start order, env injection, then SIGTERM stops everything', async () => {
    const yaml = await shop('fg');
    const run = background(scratch, ['up', yaml]);
    await run.waitFor(/all 3 services healthy/);
    const order = [...run.output().matchAll(/✔ (\w+) running/g)].map((m) => m[1]);
    assert.deepEqual(order, ['db', 'api', 'web']);
    const services = running(yaml);
    const api = (await (await fetch(`http://127.0.0.1:${services.api.port}/`)).json()) as Record<string, string>;
    assert.deepEqual(api, { service: 'api', db: `http://127.0.0.1:${services.db.port}`, database: `http://127.0.0.1:${services.db.port}`, greeting: 'hello' });
    assert.match(await (await fetch(`http://127.0.0.1:${services.web.port}/`)).text(), /<h1>shop<\/h1>/);
    const status = statusOf(scratch, yaml);
    assert.deepEqual(status.map((s) => [s.name, s.state, s.healthy]), [['db', 'running', true], ['api', 'running', true], ['web', 'running', true]]);
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0);
    for (const s of Object.values(services)) assert.equal(await portOpen(s.port), false);
  });

  test('a taken port moves the service to the next free one, and says so', async () => {
    const base = await freePortRange(4);
    const blocker = createServer().listen(base, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const yaml = fixtureEcosystem(scratch, 'busy', (y) => y.replace('base_port: 18400', `base_port: ${base}`));
      const run = background(scratch, ['up', yaml]);
      await run.waitFor(/all 3 services healthy/);
      assert.match(run.output(), new RegExp(`db: port ${base} is busy, using ${base + 3}`));
      running(yaml);
      run.child.kill('SIGINT');
      assert.equal(await run.exited, 0);
    } finally {
      blocker.close();
    }
  });

  test('--abort-on-failure: a service that never gets healthy fails the start clearly, and nothing is left', async () => {
    const yaml = await shop('unhealthy', (y) => y.replace('    health_check: /health\n    depends_on:', '    health_check: /health\n    timeout: 1\n    depends_on:'));
    writeFileSync(join(yaml, '..', 'api', 'README.md'), '```bash markpact:run\necho "api is broken" >&2; exec sleep 1000\n```\n');
    const result = pactown(scratch, 'up', yaml, '--abort-on-failure');
    assert.equal(result.status, 1);
    assert.match(result.stderr, /api: not healthy within 1 s[\s\S]*api is broken/);
    assert.ok(statusOf(scratch, yaml).every((s) => s.state === 'stopped'));
    assert.deepEqual(processesWith('PACTOWN_SERVICE=db', `PACTOWN_RUNTIME_DIR=${scratch.env.PACTOWN_RUNTIME_DIR}`), []);
  });

  test('detached up: returns once healthy; status and down work from other processes; no process left', async () => {
    const yaml = await shop('detached');
    const started = pactown(scratch, 'up', yaml, '--detach');
    assert.equal(started.status, 0, started.stderr);
    assert.match(started.stdout, /all 3 services healthy\nsupervised by pactown up --detach \(supervisor pid \d+\)/);
    const services = running(yaml);
    assert.ok(Object.values(services).length === 3);
    // The background supervisor still restarts a crashed service.
    process.kill(services.db.pid, 'SIGKILL');
    const deadline = Date.now() + 20_000;
    let restarted: { restarts: number; state: string } | undefined;
    while (Date.now() < deadline) {
      restarted = statusOf(scratch, yaml).find((s) => s.name === 'db');
      if (restarted?.restarts === 1 && restarted.state === 'running') break;
    }
    assert.deepEqual([restarted?.state, restarted?.restarts], ['running', 1]);
    running(yaml);
    const down = pactown(scratch, 'down', yaml);
    assert.equal(down.status, 0, down.stderr);
    assert.equal(down.stdout, 'stopped\n');
    for (const s of Object.values(services)) assert.equal(await portOpen(s.port), false);
    assert.ok(statusOf(scratch, yaml).every((s) => s.state === 'stopped'));
    assert.match(pactown(scratch, 'logs', yaml, 'db').stdout, /Z stdout \| "GET \/health HTTP\/1.1" 200/);
  });

  test('a Python service with a dependency from a locally built wheel, run from its README', async () => {
    const dir = join(scratch.dir, 'wheel-service');
    cpSync(resolve('test/fixtures/ecosystem/db'), dir, { recursive: true });
    writeFileSync(join(dir, 'README.md'), [
      '```text markpact:deps python', 'pactown-demo-app', '```', '',
      '```python markpact:file path=server.py',
      'import http.server, os, subprocess',
      'class H(http.server.BaseHTTPRequestHandler):',
      '    def do_GET(self):',
      '        out = subprocess.run(["pactown-demo"], capture_output=True, text=True).stdout.encode()',
      '        self.send_response(200); self.end_headers(); self.wfile.write(out)',
      'http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()',
      '```', '', '```bash markpact:run', 'exec python server.py', '```', '',
    ].join('\n'));
    const port = await freePortRange(1);
    const readme = join(dir, 'README.md');
    const run = background(scratch, ['run', readme, '--port', String(port)]);
    await run.waitFor(/all 1 service healthy/);
    running(readme);
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'hello from a local wheel\n');
    // A README run is a run like any other: `down` from elsewhere ends it.
    assert.equal(pactown(scratch, 'down', readme).status, 0);
    assert.equal(await exitWithin(run.exited, 10_000, 'pactown run'), 0);
    assert.match(run.output(), /stopped by pactown down \(pid \d+\)/);
  });
});
