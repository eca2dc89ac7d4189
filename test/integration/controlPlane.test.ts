// The control plane with real processes and sockets: the CLI and a window-like owner as peers,
// files a repository can ship never deciding what is signalled, failures shown as they are,
// cancellation at every step, and stops that hold under a parent that never reaps.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { ControlClient } from '../../core/control/controlClient';
import { canonicalPath, RunRegistry } from '../../core/control/runRegistry';
import { processAlive } from '../../core/processAlive';
import { listProcesses } from '../../core/processTable';
import { RemoteRun } from '../../client/src/runs/remoteRun';
import { background, exitWithin, fence, pactown, portOpen, processesMentioning, processesWith, pythonReadme, scratchFolder, statusOf, waitUntil, windowDouble, writeEcosystem } from './cliRun';

const scratch = scratchFolder('control-plane-');
const strangers: ChildProcess[] = [];

after(() => {
  for (const stranger of strangers) if (stranger.pid) process.kill(-stranger.pid, 'SIGKILL');
  scratch.remove();
});

/** A process that has nothing to do with any run (its own group, no run id): it must survive everything below. */
function startStranger(env: NodeJS.ProcessEnv = {}): number {
  const stranger = spawn('/bin/sh', ['-c', 'exec sleep 1000'], { detached: true, stdio: 'ignore', env: { PATH: process.env.PATH, ...env } });
  strangers.push(stranger);
  return stranger.pid!;
}

const servicesOf = (yaml: string) => Object.fromEntries(statusOf(scratch, yaml).map((s) => [s.name, s]));
const noneLeft = (runId: string) => processesWith(`PACTOWN_RUN_ID=${runId}`).length === 0;

async function runIdOf(yaml: string): Promise<string> {
  const found = await RunRegistry.fromEnv(scratch.env).find(yaml);
  assert.equal(found.state, 'live');
  if (found.state !== 'live') throw new Error('not live');
  found.client.close();
  return found.client.hello.runId;
}

/** Three independent-or-chained stdlib services: db ← api ← web. */
function chain(name: string) {
  return writeEcosystem(scratch, name, {
    db: { readme: pythonReadme() },
    api: { readme: pythonReadme(), dependsOn: ['db'] },
    web: { readme: pythonReadme(), dependsOn: ['api'] },
  });
}

describe('the editor and the CLI as peers', () => {
  test('pactown down on a run a window owns: the window survives and shows its services stopped', async () => {
    const { yaml, basePort } = await chain('peer');
    const window = windowDouble(scratch, yaml);
    const started = (await window.next('started')).started as { running: string[] };
    assert.deepEqual(started.running, ['db', 'api', 'web']);
    const runId = await runIdOf(yaml);

    const down = pactown(scratch, 'down', yaml);
    assert.equal(down.status, 0, down.stderr);
    assert.match(down.stdout, /^stopped \(test window \(pid \d+\) shows it stopped\)\n$/);
    const report = await window.next('stoppedRemotely');
    assert.match(String(report.stoppedRemotely), /^pactown down \(pid \d+\)$/);

    // Still alive, and answering: every service stopped, every port closed, no process of the run left.
    window.child.stdin!.write('status\n');
    const status = await window.next('alive');
    assert.deepEqual((status.services as { state: string }[]).map((s) => s.state), ['stopped', 'stopped', 'stopped']);
    assert.ok(processAlive(window.child.pid!));
    for (let port = basePort; port < basePort + 3; port++) assert.equal(await portOpen(port), false);
    assert.ok(noneLeft(runId));
    assert.equal(pactown(scratch, 'status', yaml).stdout.split('\n')[0], 'not running');

    window.child.stdin!.end();
    assert.equal(await exitWithin(window.exited, 10_000, 'the window double'), 0);
  });

  test('start, stop and restart one service of a CLI-owned run from other processes; the owner stays the owner', async () => {
    const { yaml } = await chain('steer');
    assert.equal(pactown(scratch, 'up', yaml, '--detach').status, 0);
    const owner = (await RunRegistry.fromEnv(scratch.env).readRecord(await canonicalPath(yaml)))!.owner;
    const before = servicesOf(yaml);

    const stop = pactown(scratch, 'stop', yaml, 'api');
    assert.equal(stop.status, 0, stop.stderr);
    let now = servicesOf(yaml);
    assert.deepEqual([now.db.state, now.api.state, now.web.state], ['running', 'stopped', 'running']);

    const restart = pactown(scratch, 'restart', yaml, 'web');
    assert.equal(restart.status, 0, restart.stderr);
    now = servicesOf(yaml);
    assert.notEqual(now.web.pid, before.web.pid, 'web has a new process');
    assert.equal(now.api.state, 'running', 'restarting web started what it depends on');
    assert.equal(now.db.pid, before.db.pid, 'db was left alone');

    // The client code the window uses, from this process.
    const found = await RunRegistry.fromEnv(scratch.env).find(yaml, 'test client');
    assert.equal(found.state, 'live');
    const remote = await RemoteRun.follow((found as { client: ControlClient }).client);
    try {
      const states: string[] = [];
      remote.on('state', (s) => s.name === 'db' && states.push(s.state));
      assert.equal(await remote.stop(['db']), true);
      assert.deepEqual(states, ['stopped']);
      const outcome = await remote.start(['db']);
      assert.deepEqual(outcome.running, ['db']);
      assert.deepEqual(states, ['stopped', 'starting', 'running']);
      assert.equal(remote.statuses(['db', 'api', 'web'])[0].state, 'running');
    } finally {
      remote.close();
    }

    // A second `up --detach` of the running ecosystem attaches instead of starting a copy.
    const pids = Object.values(servicesOf(yaml)).map((s) => s.pid);
    const again = pactown(scratch, 'up', yaml, '--detach');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already runs, owned by pactown up --detach \(supervisor pid \d+\)/);
    assert.deepEqual(Object.values(servicesOf(yaml)).map((s) => s.pid), pids, 'the same processes, no second copy');
    const record = await RunRegistry.fromEnv(scratch.env).readRecord(await canonicalPath(yaml));
    assert.deepEqual(record?.owner, owner, 'the owner is still the first supervisor');
    assert.equal(processesWith('PACTOWN_SERVICE=db', `PACTOWN_RUN_ID=${record!.runId}`).length, 1, 'one copy of db');
    assert.equal(pactown(scratch, 'down', yaml).status, 0);
  });
});

describe('a running ecosystem whose file changes', () => {
  test('a service added to the YAML while it runs can be started by name, and only it starts', async () => {
    const { yaml } = await writeEcosystem(scratch, 'grows', { a: { readme: pythonReadme() }, b: { readme: pythonReadme(), dependsOn: ['a'] } });
    assert.equal(pactown(scratch, 'up', yaml, '--detach').status, 0);
    const before = servicesOf(yaml);
    const port = before.b.port + 1;
    mkdirSync(join(yaml, '..', 'c'), { recursive: true });
    writeFileSync(join(yaml, '..', 'c', 'README.md'), pythonReadme());
    writeFileSync(yaml, `${readFileSync(yaml, 'utf8')}  c:\n    readme: c/README.md\n    port: ${port}\n    depends_on: [a]\n`);
    const start = pactown(scratch, 'up', yaml, 'c');
    assert.equal(start.status, 0, start.stderr);
    assert.match(start.stdout, /already runs, owned by pactown up --detach/);
    const after = servicesOf(yaml);
    assert.equal(after.c.state, 'running');
    assert.equal(after.c.port, port);
    assert.equal(await portOpen(port), true);
    assert.deepEqual([after.a.pid, after.b.pid], [before.a.pid, before.b.pid], 'the others were left alone');
    assert.equal(pactown(scratch, 'down', yaml).status, 0);
    assert.equal(await portOpen(port), false);
  });
});

describe('files a repository ships never decide what is signalled', () => {
  test('a forged registry entry and a forged state.json naming a stranger: it survives down, stop and the leftover cleaner', async () => {
    const { yaml } = await chain('forged');
    const stranger = startStranger();
    // In the repository: a state.json as older versions wrote it.
    mkdirSync(join(yaml, '..', '.pactown'), { recursive: true });
    writeFileSync(join(yaml, '..', '.pactown', 'state.json'), JSON.stringify({ ecosystem: yaml, controllerPid: stranger, runId: 'x', services: { db: { name: 'db', state: 'running', pid: stranger, pgid: stranger } } }));
    // In the registry: an entry whose owner and service are the stranger, with a run id it does not carry.
    const registry = RunRegistry.fromEnv(scratch.env);
    mkdirSync(registry.dir, { recursive: true, mode: 0o700 });
    const files = registry.files(await canonicalPath(yaml));
    writeFileSync(files.record, JSON.stringify({
      format: 1, ecosystem: await canonicalPath(yaml), runId: randomUUID(), owner: { pid: stranger, kind: 'cli', label: 'forged' }, sinceTicks: 0, startedAt: '', services: { db: { pid: stranger } },
    }));

    assert.match(pactown(scratch, 'status', yaml).stdout, /its owner \(forged\) is gone/);
    assert.equal(pactown(scratch, 'stop', yaml, 'db').status, 0);
    const down = pactown(scratch, 'down', yaml);
    assert.equal(down.status, 0, down.stderr);
    assert.match(down.stdout, /nothing of it was left running/);
    assert.ok(processAlive(stranger), 'down left the stranger alone');

    // Once more for the cleaner that runs when a new owner claims the ecosystem.
    writeFileSync(files.record, JSON.stringify({
      format: 1, ecosystem: await canonicalPath(yaml), runId: randomUUID(), owner: { pid: stranger, kind: 'cli', label: 'forged' }, sinceTicks: 0, startedAt: '', services: { db: { pid: stranger } },
    }));
    assert.equal(pactown(scratch, 'up', yaml, '--detach').status, 0);
    assert.ok(processAlive(stranger), 'the leftover cleaner left the stranger alone');
    assert.equal(pactown(scratch, 'down', yaml).status, 0);
    assert.ok(processAlive(stranger));
  });

  test('a controller killed with SIGKILL: the next client sees it gone, and only its own processes are stopped', async () => {
    const { yaml, basePort } = await chain('killed');
    assert.equal(pactown(scratch, 'up', yaml, '--detach').status, 0);
    const runId = await runIdOf(yaml);
    const record = (await RunRegistry.fromEnv(scratch.env).readRecord(await canonicalPath(yaml)))!;
    // Another run's process (another run id) and a process without one.
    const otherRun = startStranger({ PACTOWN_RUN_ID: randomUUID(), PACTOWN_SERVICE: 'db' });
    const stranger = startStranger();
    process.kill(record.owner.pid, 'SIGKILL');
    await waitUntil(() => !processAlive(record.owner.pid), 5_000);

    const status = statusOf(scratch, yaml);
    assert.deepEqual(status.map((s) => s.state), ['running', 'running', 'running'], 'what still runs is shown, found by its run id');
    const down = pactown(scratch, 'down', yaml);
    assert.equal(down.status, 0, down.stderr);
    assert.match(down.stdout, /is gone; stopped 3 processes it left running/);
    assert.ok(noneLeft(runId));
    for (let port = basePort; port < basePort + 3; port++) assert.equal(await portOpen(port), false);
    assert.ok(processAlive(otherRun) && processAlive(stranger), 'processes of other runs, or of none, are not ours');
    assert.equal(pactown(scratch, 'status', yaml).stdout.split('\n')[0], 'not running');
  });

  test('a process that leaves the group (setsid, double fork) is still stopped with its service', async () => {
    const { yaml, basePort } = await writeEcosystem(scratch, 'escape', {
      s: { readme: pythonReadme('setsid sleep 7777 &\n( setsid python3 -m http.server $((PORT+1)) --bind 127.0.0.1 & ) &\n') },
    });
    assert.equal(pactown(scratch, 'up', yaml, '--detach').status, 0);
    const runId = await runIdOf(yaml);
    await waitUntil(() => processesWith(`PACTOWN_RUN_ID=${runId}`).length >= 3, 10_000);
    assert.equal(pactown(scratch, 'down', yaml).status, 0);
    assert.ok(noneLeft(runId), 'the escaped sleep and server are gone');
    assert.equal(await portOpen(basePort + 1), false);
  });
});

describe('failures shown as they are', () => {
  test('one of three fails: the independent one keeps running, the dependent is blocked, exit 1 with the reasons', async () => {
    const { yaml } = await writeEcosystem(scratch, 'partial', {
      a: { readme: pythonReadme() },
      b: { readme: `${fence}bash markpact:run\necho "b cannot start: missing config" >&2; exit 3\n${fence}\n` },
      c: { readme: pythonReadme(), dependsOn: ['b'] },
    });
    const up = pactown(scratch, 'up', yaml, '--detach');
    assert.equal(up.status, 1);
    assert.match(up.stderr, /b: exited \(code 3\) before it was healthy[\s\S]*b cannot start: missing config/);
    assert.match(up.stderr, /c not started: waiting on b/);
    assert.match(up.stdout, /1 of 3 services running; 1 failed, 1 blocked/);
    const services = servicesOf(yaml);
    assert.equal(services.a.state, 'running');
    assert.equal(services.b.state, 'failed');
    assert.match(services.b.error ?? '', /missing config/);
    assert.equal(services.c.state, 'blocked');
    assert.deepEqual(services.c.blockedBy, ['b']);
    assert.equal(pactown(scratch, 'down', yaml).status, 0);
  });

  test('every service failed: the supervisor stays, so status still says why', async () => {
    const { yaml } = await writeEcosystem(scratch, 'allfail', { x: { readme: `${fence}bash markpact:run\nexit 7\n${fence}\n` } });
    assert.equal(pactown(scratch, 'up', yaml, '--detach').status, 1);
    const x = servicesOf(yaml).x;
    assert.equal(x.state, 'failed');
    assert.match(x.error ?? '', /exited \(code 7\)/);
    assert.equal(pactown(scratch, 'down', yaml).status, 0);
  });
});

describe('cancellation', () => {
  const venvProcesses = processesMentioning;

  test('SIGTERM during a cold install: the install is killed, nothing more starts, nothing runs afterwards', async () => {
    const cache = join(scratch.dir, 'cold-cache');
    const { yaml, basePort } = await writeEcosystem(scratch, 'cold', {
      quick: { readme: pythonReadme() },
      slow: { readme: `${fence}text markpact:deps python\nsomething-not-in-the-wheelhouse\n${fence}\n${pythonReadme()}` },
      after: { readme: pythonReadme(), dependsOn: ['slow'] },
    });
    const run = background({ ...scratch, env: { ...scratch.env, PACTOWN_CACHE_DIR: cache, PIP_NO_INDEX: '1' } }, ['up', yaml]);
    await run.waitFor(/quick running/);
    // The environment build is under way (python -m venv in the cache).
    await waitUntil(() => venvProcesses(cache).length > 0, 30_000);
    run.child.kill('SIGTERM');
    assert.equal(await exitWithin(run.exited, 5_000, 'pactown up'), 1);
    assert.match(run.output(), /start cancelled/);
    assert.deepEqual(venvProcesses(cache), [], 'the install was killed');
    assert.doesNotMatch(run.output(), /after running|all 3 services healthy/);
    for (let port = basePort; port < basePort + 3; port++) assert.equal(await portOpen(port), false);
    assert.equal(existsSync(join(cache, 'index')) && readdirSync(join(cache, 'index')).length > 0, false, 'no half-built entry is published');
  });

  test('a second Ctrl+C while stopping kills everything at once; nothing is left running', async () => {
    // A service that ignores SIGTERM keeps the first, orderly stop waiting for its grace period.
    const { yaml, basePort } = await writeEcosystem(scratch, 'stubborn', { deaf: { readme: pythonReadme("trap '' TERM; ") } });
    const run = background(scratch, ['up', yaml]);
    await run.waitFor(/all 1 service healthy/);
    const runId = await runIdOf(yaml);
    run.child.kill('SIGINT');
    await run.waitFor(/SIGINT: stopping/);
    run.child.kill('SIGINT');
    assert.equal(await exitWithin(run.exited, 3_000, 'pactown up after the second Ctrl+C'), 130);
    await waitUntil(() => noneLeft(runId), 2_000);
    assert.ok(noneLeft(runId));
    assert.equal(await portOpen(basePort), false);
    assert.equal(pactown(scratch, 'status', yaml).stdout.split('\n')[0], 'not running');
  });

  test('down during a start cancels the start', async () => {
    const { yaml, basePort } = await writeEcosystem(scratch, 'slowstart', {
      first: { readme: pythonReadme() },
      late: { readme: pythonReadme('sleep 600; '), dependsOn: ['first'], extra: 'timeout: 600' },
      never: { readme: pythonReadme(), dependsOn: ['late'] },
    });
    const up = background(scratch, ['up', yaml, '--detach']);
    await waitUntil(() => {
      try {
        return statusOf(scratch, yaml).some((s) => s.name === 'late' && s.state === 'starting');
      } catch {
        return false;
      }
    }, 30_000);
    const runId = await runIdOf(yaml);
    const down = pactown(scratch, 'down', yaml);
    assert.equal(down.status, 0, down.stderr);
    assert.equal(down.stdout, 'stopped\n');
    assert.equal(await exitWithin(up.exited, 10_000, 'pactown up --detach'), 1);
    assert.match(up.output(), /start cancelled/);
    assert.ok(noneLeft(runId));
    for (let port = basePort; port < basePort + 3; port++) assert.equal(await portOpen(port), false);
  });
});

describe('stopping under a parent that never reaps', () => {
  test('down of a 40-service chain says "stopped" only once every port is closed', async () => {
    const services: Record<string, { readme: string; dependsOn?: string[] }> = {};
    // No exec: the shell stays the parent, so the servers are orphaned (and never reaped) when it goes first.
    for (let i = 0; i < 40; i++) services[`s${i}`] = { readme: `${fence}bash markpact:run\npython3 -m http.server $PORT --bind 127.0.0.1\n${fence}\n`, ...(i ? { dependsOn: [`s${i - 1}`] } : {}) };
    const { yaml, basePort } = await writeEcosystem(scratch, 'reapless', services);
    const helper = background(scratch, ['node', resolve('dist/cli.js'), 'up', yaml, '--detach'], ['python3', resolve('test/helpers/no-reap.py')]);
    try {
      await helper.waitFor(/supervised by/, 120_000);
      const runId = await runIdOf(yaml);
      const down = pactown(scratch, 'down', yaml);
      assert.equal(down.status, 0, down.stderr);
      assert.equal(down.stdout, 'stopped\n');
      const open: number[] = [];
      for (let port = basePort; port < basePort + 40; port++) if (await portOpen(port)) open.push(port);
      assert.deepEqual(open, [], 'no port open once down said stopped');
      assert.ok(noneLeft(runId));
      // The process table's own reader: a process that exits during the scan is skipped, not an ENOENT.
      const zombies = listProcesses().filter((p) => p.state === 'Z').length;
      assert.ok(zombies > 0, 'the parent really did not reap (the check above had zombies to ignore)');
    } finally {
      helper.child.kill('SIGKILL');
    }
  });
});
