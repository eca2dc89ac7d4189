import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LogBuffer } from '../../core/runtime/logBuffer';
import { isPortFree, pickPort } from '../../core/runtime/ports';
import { randomUUID } from 'node:crypto';
import { livingInGroup } from '../../core/runtime/runProcesses';
import { Supervisor, type ServiceState, type SupervisorOptions } from '../../core/runtime/supervisor';
import { listProcesses } from '../../core/processTable';

const groupAlive = (pgid: number) => livingInGroup(pgid, listProcesses()).length > 0;
const scratch = mkdtempSync(join(tmpdir(), 'supervisor-'));
const started: Supervisor[] = [];
const groups = new Set<number>();

after(async () => {
  await Promise.all(started.map((s) => s.stop(1_000)));
  rmSync(scratch, { recursive: true, force: true });
  const left = [...groups].filter(groupAlive);
  assert.deepEqual(left, [], 'no process group may outlive the tests');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function supervisor(command: string, port: number, extra: Partial<SupervisorOptions> = {}) {
  const states: ServiceState[] = [];
  const waiters = new Set<() => void>();
  const log = new LogBuffer(join(scratch, `${port}.log`), 200);
  const s = new Supervisor({
    name: `svc${port}`, command, cwd: scratch, env: { ...process.env, PORT: String(port) }, port, timeoutMs: 10_000, autoRestart: true, log,
    membership: { runId: randomUUID(), sinceTicks: 0, service: `svc${port}` },
    onChange: (status) => {
      states.push(status.state);
      if (status.pid) groups.add(status.pid);
      for (const wake of waiters) wake();
    },
    ...extra,
  });
  started.push(s);
  /** Resolves when the supervisor has reached a state `count` times, or fails at the deadline. */
  const reach = (state: ServiceState, count = 1, deadlineMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (states.filter((x) => x === state).length < count) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`never reached ${state} ×${count}: ${states.join(' → ')}`));
      }, deadlineMs);
      waiters.add(check);
      check();
    });
  return { s, log, reach };
}

/** Processes of a group that still run (zombies not yet reaped by init do not count). */
function livingGroupMembers(pgid: number): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((pid) => {
    try {
      // pid (comm) state ppid pgrp …; comm may hold spaces, so split after its closing parenthesis.
      const [state, , pgrp] = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ');
      return Number(pgrp) === pgid && state !== 'Z' ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}

const pythonServer = `exec python3 -c "
import http.server, os
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == '/health' else 404); self.end_headers(); self.wfile.write(b'ok')
    def log_message(self, *a): pass
http.server.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()"`;
const nodeServer = `exec node -e "require('http').createServer((q, r) => r.end('hi')).listen(process.env.PORT, '127.0.0.1')"`;

describe('supervising real processes', () => {
  test('a Python service with a health path and a Node service without one become healthy and answer', async () => {
    const py = supervisor(pythonServer, await freePort(), { healthPath: '/health' });
    await py.s.start();
    assert.equal(py.s.status().state, 'running');
    assert.equal((await fetch(`${py.s.status().url}/health`)).status, 200);
    const js = supervisor(nodeServer, await freePort());
    await js.s.start();
    assert.equal(await (await fetch(js.s.status().url)).text(), 'hi');
    const pgid = js.s.pgid!;
    await js.s.stop();
    assert.equal(groupAlive(pgid), false);
    assert.equal(js.s.status().state, 'stopped');
  });

  test('a service that exits at once fails its start with its last output', async () => {
    const { s } = supervisor('echo "boom: missing module" >&2; exit 3', await freePort());
    await assert.rejects(s.start(), /exited \(code 3\) before it was healthy[\s\S]*boom: missing module/);
    assert.equal(s.status().state, 'failed');
  });

  test('a service that never gets healthy fails at its deadline, and is stopped', async () => {
    const { s } = supervisor('exec sleep 1000', await freePort(), { timeoutMs: 300 });
    await assert.rejects(s.start(), /not healthy within/);
    assert.equal(s.status().pid, undefined);
  });

  test('stopping reaches the whole process group, grandchildren included', async () => {
    const { s } = supervisor(`sleep 1000 & ${nodeServer}`, await freePort());
    await s.start();
    const pgid = s.pgid!;
    await s.stop();
    assert.equal(groupAlive(pgid), false);
  });

  test('a chatty service never blocks; the memory buffer stays bounded; the log file has timestamps', async () => {
    const port = await freePort();
    const { s, log } = supervisor(`node -e "for (let i = 0; i < 60000; i++) console.log('line ' + i + ' ' + 'x'.repeat(80))"; ${nodeServer}`, port);
    await s.start();
    assert.ok(log.tail().length <= 200);
    assert.match(log.tail(1)[0].text, /^\$ |line 59999/);
    await s.stop();
    await log.close();
    assert.match(readFileSync(join(scratch, `${port}.log`), 'utf8'), /^\d{4}-\d\d-\d\dT[\d:.]+Z stdout \| line 0 /m);
  });

  test('kill -9 of a running service: restarting, then running again, restarts counted', async () => {
    const { s, reach } = supervisor(nodeServer, await freePort(), { restartPolicy: { baseMs: 20, maxMs: 100, limit: 5, windowMs: 60_000 } });
    await s.start();
    process.kill(s.status().pid!, 'SIGKILL');
    await reach('restarting');
    await reach('running', 2);
    assert.equal(s.status().restarts, 1);
    assert.equal((await fetch(s.status().url)).status, 200);
  });

  test('kill -9 of the shell that leads a service (no exec, as READMEs write it): the rest of its group goes, then a restart', async () => {
    const port = await freePort();
    // `sleep` keeps the shell from exec'ing the server: the pid shown is the shell's, the server its child.
    const { s, reach } = supervisor(`${nodeServer.replace(/^exec /, '')}; sleep 0`, port, { restartPolicy: { baseMs: 20, maxMs: 100, limit: 5, windowMs: 60_000 } });
    await s.start();
    const shell = s.status().pid!;
    process.kill(shell, 'SIGKILL');
    await reach('restarting');
    await reach('running', 2);
    assert.notEqual(s.status().pid, shell);
    assert.deepEqual(livingGroupMembers(shell), [], 'the orphaned server of the killed shell was stopped');
    assert.equal((await fetch(s.status().url)).status, 200);
  });

  test('a crash loop gives up at the limit', async () => {
    const port = await freePort();
    const marker = join(scratch, `crashed-${port}`);
    // Healthy once, then every restart exits at once.
    const { s, reach } = supervisor(`if [ -e ${marker} ]; then exit 1; fi; touch ${marker}; ${nodeServer}`, port, {
      restartPolicy: { baseMs: 5, maxMs: 20, limit: 3, windowMs: 60_000 },
    });
    await s.start();
    process.kill(s.status().pid!, 'SIGKILL');
    await reach('failed');
    assert.equal(s.status().restarts, 3);
    assert.match(s.status().error ?? '', /crashed 4 times/);
  });

  test('a port answered by a process outside the run is reported as taken, never as healthy', async () => {
    const port = await freePort();
    // A stranger takes the port after it was chosen; the service itself never listens.
    const stranger = createServer((socket) => socket.end()).listen(port, '127.0.0.1');
    await new Promise((resolve) => stranger.once('listening', resolve));
    try {
      const { s } = supervisor('exec sleep 1000', port);
      await assert.rejects(s.start(), /port \d+ is answered by a process outside this run/);
      assert.equal(s.status().state, 'failed');
      assert.equal(s.status().healthy, false);
    } finally {
      stranger.close();
    }
  });

  test('a crash-looping service whose port a stranger took is given up as failed, with that reason', async () => {
    const port = await freePort();
    const marker = join(scratch, `taken-${port}`);
    // Healthy once on its port; every restart only sleeps, while a stranger answers on the port.
    const { s, reach } = supervisor(`if [ -e ${marker} ]; then exec sleep 1000; fi; touch ${marker}; ${nodeServer}`, port, {
      timeoutMs: 2_000, restartPolicy: { baseMs: 5, maxMs: 20, limit: 2, windowMs: 60_000 },
    });
    await s.start();
    const pid = s.status().pid!;
    process.kill(pid, 'SIGKILL');
    await reach('restarting');
    const stranger = createServer((socket) => socket.end()).listen(port, '127.0.0.1');
    await new Promise((resolve) => stranger.once('listening', resolve));
    try {
      await reach('failed');
      assert.match(s.status().error ?? '', /not restarting again \(last restart: port \d+ is answered by a process outside this run/);
      assert.equal(s.status().healthy, false);
    } finally {
      stranger.close();
    }
  });

  test('a taken port is reported busy and another is picked', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      assert.equal(await isPortFree(port), false);
      const picked = await pickPort(port, new Set([port + 1]));
      assert.ok(picked > port + 1);
    } finally {
      blocker.close();
    }
  });
});
