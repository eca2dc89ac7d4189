import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { groupAlive } from '../../core/runtime/serviceProcess';
import { readState } from '../../core/runtime/stateStore';
import { buildWheels } from './wheels';

const cli = resolve('dist/cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'orchestrator-'));
const wheels = join(scratch, 'wheels');
buildWheels(wheels);
const env = { ...process.env, PACTOWN_CACHE_DIR: join(scratch, 'cache'), PIP_FIND_LINKS: wheels, PIP_NO_INDEX: '1' };
const seenGroups = new Set<number>();

after(() => {
  rmSync(scratch, { recursive: true, force: true });
  assert.deepEqual([...seenGroups].filter(groupAlive), [], 'no service process may outlive the tests');
});

/** A copy of the fixture ecosystem in its own folder (its sandbox root, .pactown, goes there too). */
function ecosystem(name: string, edit?: (yaml: string) => string): string {
  const dir = join(scratch, name);
  cpSync(resolve('test/fixtures/ecosystem'), dir, { recursive: true });
  const yaml = join(dir, 'shop.pactown.yaml');
  if (edit) writeFileSync(yaml, edit(readFileSync(yaml, 'utf8')));
  return yaml;
}

const pactown = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', timeout: 120_000 });

/** Starts `pactown up` in the foreground; resolves when a line matching `ready` is printed. */
function upForeground(yaml: string, ready: RegExp): { child: ChildProcess; output: () => string; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, 'up', yaml], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const readyPromise = new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${output}`)), 60_000);
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolvePromise();
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    void exited.then(() => {
      clearTimeout(timer);
      if (!ready.test(output)) reject(new Error(`up exited:\n${output}`));
    });
  });
  return { child, output: () => output, ready: readyPromise, exited };
}

async function rememberGroups(yaml: string): Promise<Record<string, { pid?: number; pgid?: number; port: number }>> {
  const state = await readState(join(resolve(yaml, '..'), '.pactown'));
  for (const s of Object.values(state?.services ?? {})) if (s.pgid) seenGroups.add(s.pgid);
  return state?.services ?? {};
}

describe('pactown up / status / down with real services', () => {
  test('foreground up: start order, env injection, then SIGTERM stops everything', async () => {
    const yaml = ecosystem('fg');
    const run = upForeground(yaml, /all 3 services healthy/);
    await run.ready;
    const order = [...run.output().matchAll(/✔ (\w+) running/g)].map((m) => m[1]);
    assert.deepEqual(order, ['db', 'api', 'web']);
    const services = await rememberGroups(yaml);
    const api = (await (await fetch(`http://127.0.0.1:${services.api.port}/`)).json()) as Record<string, string>;
    assert.deepEqual(api, { service: 'api', db: `http://127.0.0.1:${services.db.port}`, database: `http://127.0.0.1:${services.db.port}`, greeting: 'hello' });
    assert.match(await (await fetch(`http://127.0.0.1:${services.web.port}/`)).text(), /<h1>shop<\/h1>/);
    const status = JSON.parse(pactown('status', yaml, '--json').stdout) as { name: string; state: string; healthy: boolean }[];
    assert.deepEqual(status.map((s) => [s.name, s.state, s.healthy]), [['db', 'running', true], ['api', 'running', true], ['web', 'running', true]]);
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0);
    for (const s of Object.values(services)) assert.equal(groupAlive(s.pgid!), false);
  });

  test('a taken port moves the service to the next free one, and says so', async () => {
    const blocker = createServer().listen(18500, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const yaml = ecosystem('busy', (y) => y.replace('base_port: 18400', 'base_port: 18500'));
      const run = upForeground(yaml, /all 3 services healthy/);
      await run.ready;
      assert.match(run.output(), /db: port 18500 is busy, using 18503/);
      await rememberGroups(yaml);
      run.child.kill('SIGINT');
      assert.equal(await run.exited, 0);
    } finally {
      blocker.close();
    }
  });

  test('a service that never gets healthy fails the start clearly, and the others are stopped', async () => {
    const yaml = ecosystem('unhealthy', (y) => y.replace('    health_check: /health\n    depends_on:', '    health_check: /health\n    timeout: 1\n    depends_on:'));
    writeFileSync(join(yaml, '..', 'api', 'README.md'), '```bash markpact:run\necho "api is broken" >&2; exec sleep 1000\n```\n');
    const result = pactown('up', yaml);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /api: not healthy within 1 s[\s\S]*api is broken/);
    const services = await rememberGroups(yaml);
    assert.deepEqual(Object.keys(services), []);
  });

  test('detached up: returns once healthy; status and down work from other processes; no process left', async () => {
    const yaml = ecosystem('detached');
    const started = pactown('up', yaml, '--detach');
    assert.equal(started.status, 0, started.stderr);
    assert.match(started.stdout, /all services healthy; supervised by pid \d+/);
    const services = await rememberGroups(yaml);
    const status = JSON.parse(pactown('status', yaml, '--json').stdout) as { state: string; pid: number }[];
    assert.ok(status.every((s) => s.state === 'running' && s.pid > 0));
    // The background supervisor still restarts a crashed service.
    process.kill(services.db.pid!, 'SIGKILL');
    const deadline = Date.now() + 20_000;
    let restarted: { restarts: number; state: string } | undefined;
    while (Date.now() < deadline) {
      restarted = (JSON.parse(pactown('status', yaml, '--json').stdout) as { name: string; restarts: number; state: string }[]).find((s) => s.name === 'db');
      if (restarted?.restarts === 1 && restarted.state === 'running') break;
    }
    assert.deepEqual([restarted?.state, restarted?.restarts], ['running', 1]);
    await rememberGroups(yaml);
    assert.equal(pactown('down', yaml).status, 0);
    for (const pgid of seenGroups) assert.equal(groupAlive(pgid), false);
    const after = JSON.parse(pactown('status', yaml, '--json').stdout) as { state: string }[];
    assert.ok(after.every((s) => s.state === 'stopped'));
    assert.match(pactown('logs', yaml, 'db').stdout, /Z stdout \| "GET \/health HTTP\/1.1" 200/);
  });

  test('a Python service with a dependency from a locally built wheel, run from its README', async () => {
    const dir = join(scratch, 'wheel-service');
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
    const port = 18600;
    const child = spawn(process.execPath, [cli, 'run', join(dir, 'README.md'), '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(output)), 90_000);
      const look = (c: Buffer) => {
        output += c.toString();
        if (output.includes('all 1 service healthy')) {
          clearTimeout(timer);
          resolvePromise();
        }
      };
      child.stdout.on('data', look);
      child.stderr.on('data', look);
      child.once('exit', () => reject(new Error(output)));
    });
    await rememberGroups(join(dir, 'x.yaml'));
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'hello from a local wheel\n');
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  });
});

describe('a crashed controller', () => {
  test("its leftover services are found and stopped by the next up; other processes are left alone", async () => {
    const yaml = ecosystem('crashed');
    const root = join(resolve(yaml, '..'), '.pactown');
    const runId = 'run-of-a-dead-controller';
    const orphan = spawn('/bin/sh', ['-c', 'exec sleep 1000'], { detached: true, stdio: 'ignore', env: { ...process.env, PACTOWN_RUN_ID: runId } });
    const stranger = spawn('/bin/sh', ['-c', 'exec sleep 1000'], { detached: true, stdio: 'ignore' });
    seenGroups.add(orphan.pid!);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    try {
      mkdirSync(root, { recursive: true });
      writeFileSync(join(root, 'state.json'), JSON.stringify({
        ecosystem: yaml, controllerPid: Number(dead.stdout), runId, updatedAt: '',
        services: {
          db: { name: 'db', state: 'running', port: 1, url: '', healthy: true, restarts: 0, pid: orphan.pid, pgid: orphan.pid },
          api: { name: 'api', state: 'running', port: 2, url: '', healthy: true, restarts: 0, pid: stranger.pid, pgid: stranger.pid },
        },
      }));
      const run = upForeground(yaml, /all 3 services healthy/);
      await run.ready;
      assert.match(run.output(), /stopped 1 leftover process group/);
      assert.equal(groupAlive(orphan.pid!), false);
      assert.equal(groupAlive(stranger.pid!), true, 'a process without the run id is not ours to kill');
      await rememberGroups(yaml);
      run.child.kill('SIGTERM');
      await run.exited;
    } finally {
      process.kill(-stranger.pid!, 'SIGKILL');
    }
  });
});
