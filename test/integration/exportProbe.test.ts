// The probes an export puts in images, run for real with this machine's python3 and node: they
// must tell a healthy service from a failing or absent one, and the init containers' wait must
// see a service that comes up after it started.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { after, test } from 'node:test';
import { probeCommand, waitCommand } from '../../core/export/probe';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../../scripts/freePorts.mjs';

const servers: Server[] = [];
after(() => {
  for (const server of servers) server.close();
});

/** An HTTP server answering /health with `status` (and /missing with 404). */
function serve(port: number, status: number): Promise<Server> {
  const server = createServer((req, res) => res.writeHead(req.url === '/health' ? status : 404).end());
  servers.push(server);
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Runs a command to its end (a minute at most) and gives its exit code. */
function exitCode(argv: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${argv[0]} did not exit within 60 s`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

for (const runtime of ['python', 'node']) {
  test(`${runtime}: the probe passes on a healthy answer and fails on an error status, a missing route and a closed port`, async () => {
    const base: number = await freePortRange(3);
    const [healthy, failing, closed] = [base, base + 1, base + 2];
    await serve(healthy, 200);
    await serve(failing, 500);
    const probe = (port: number, path?: string) => exitCode(probeCommand(runtime, { host: '127.0.0.1', port, ...(path ? { path } : {}) })!);
    assert.equal(await probe(healthy, '/health'), 0);
    assert.notEqual(await probe(failing, '/health'), 0);
    assert.notEqual(await probe(healthy, '/missing'), 0);
    assert.notEqual(await probe(closed, '/health'), 0);
    assert.equal(await probe(healthy), 0, 'no health check: the port answering counts');
    assert.notEqual(await probe(closed), 0);
  });

  test(`${runtime}: the wait of an init container ends once the service comes up, and gives up at its deadline`, async () => {
    const base: number = await freePortRange(2);
    const [late, never] = [base, base + 1];
    const waiting = exitCode(waitCommand(runtime, { host: '127.0.0.1', port: late, path: '/health' }, 60)!);
    await serve(late, 200);
    assert.equal(await waiting, 0);
    assert.notEqual(await exitCode(waitCommand(runtime, { host: '127.0.0.1', port: never, path: '/health' }, 1)!), 0);
  });
}
