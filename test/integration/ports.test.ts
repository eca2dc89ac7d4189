import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createServer } from 'node:net';
import { isLiving, readProcess } from '../../core/processTable';
import { listeningPorts } from '../../core/runtime/portOwner';
import { fence, pactown, portOpen, pythonReadme, scratchFolder, statusOf, writeEcosystem } from './cliRun';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../../scripts/freePorts.mjs';

const scratch = scratchFolder('ports-', {});
/** Every ecosystem a test starts: stopped at the end even when the test failed before its own `down`. */
const started = new Set<string>();
after(() => {
  for (const yaml of started) pactown(scratch, 'down', yaml);
  scratch.remove();
});

function up(yaml: string, ...args: string[]) {
  started.add(yaml);
  return pactown(scratch, 'up', yaml, ...args);
}

/** A port no service of the ecosystem is given (for a README to hard-code). */
async function otherPort(basePort: number, count: number): Promise<number> {
  for (;;) {
    const port = (await freePortRange(1)) as number;
    if (port < basePort || port >= basePort + count) return port;
  }
}

/** `pactown down`, then every port closed and none of the services' processes left. */
async function down(yaml: string, ports: number[]): Promise<void> {
  const pids = statusOf(scratch, yaml).flatMap((s) => (s.pid ? [s.pid] : []));
  assert.equal(pids.length, ports.length, 'every service had a process');
  const result = pactown(scratch, 'down', yaml);
  assert.equal(result.status, 0, result.stderr);
  for (const port of ports) assert.equal(await portOpen(port), false, `:${port} closed`);
  for (const pid of pids) assert.equal(isLiving(readProcess(pid)), false, `pid ${pid} is gone`);
}

describe('ports and names as pactown runs them', () => {
  test('the ports a set of processes listens on, from /proc: this process\'s servers, not a port it only connects to', async () => {
    const [own, other] = [createServer(), createServer()];
    const listen = (server: ReturnType<typeof createServer>, host: string) => new Promise<number>((r) => server.listen(0, host, () => r((server.address() as { port: number }).port)));
    const v4 = await listen(own, '127.0.0.1');
    const v6 = await listen(other, '::1');
    try {
      const ports = listeningPorts([process.pid]);
      assert.ok(ports.includes(v4) && ports.includes(v6), `${v4} and ${v6} in ${ports.join(', ')}`);
      assert.deepEqual(listeningPorts([]), []);
    } finally {
      own.close();
      other.close();
    }
  });

  test('a service that hard-codes another port fails at once, saying where it listens (not after its timeout)', async () => {
    const literal = await otherPort(0, 0);
    const { yaml, basePort } = await writeEcosystem(scratch, 'hardcoded', {
      api: { readme: `${fence}bash markpact:run\nexec python3 -m http.server ${literal} --bind 127.0.0.1\n${fence}\n`, extra: 'timeout: 120' },
    });
    assert.notEqual(literal, basePort);
    const result = up(yaml, '--abort-on-failure');
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`api: listens on :${literal}, not on its port :${basePort} — the run command hard-codes the port; read it from \\$PORT`));
    assert.doesNotMatch(result.stderr, /not healthy within/);
    assert.equal(await portOpen(literal), false, 'its process was stopped');
  });

  test('a port the README does not write: a second listener before a slow server is no failure; listening elsewhere for good fails after the grace', async () => {
    const slow = [
      `${fence}python markpact:file path=server.py`,
      'import http.server, os, socket, time',
      'port = int(os.environ["PORT"])',
      'metrics = socket.socket(); metrics.bind(("127.0.0.1", port + 10)); metrics.listen()',
      'time.sleep(float(os.environ["SLOW"]))',
      'http.server.HTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler).serve_forever()',
      fence, '', `${fence}bash markpact:run`, 'exec python3 server.py', fence, '',
    ].join('\n');
    const { yaml, basePort } = await writeEcosystem(scratch, 'grace', {
      api: { readme: slow, extra: 'env:\n  SLOW: "1.5"' },
      worker: { readme: `${fence}bash markpact:run\nexec python3 -m http.server $((PORT + 20)) --bind 127.0.0.1\n${fence}\n`, extra: 'timeout: 120' },
    });
    const result = up(yaml, '--detach');
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`worker: listens on :${basePort + 21}, not on its port :${basePort + 1} — the run command \\(or its code\\) hard-codes the port`));
    assert.deepEqual(statusOf(scratch, yaml).map((s) => [s.name, s.state]), [['api', 'running'], ['worker', 'failed']]);
    await down(yaml, [basePort]);
  });

  test('--port N in the run command is rewritten to the service port as pactown does, and the output says so', async () => {
    const server = [
      `${fence}python markpact:file path=server.py`,
      'import http.server, sys',
      'port = int(sys.argv[sys.argv.index("--port") + 1])',
      'http.server.HTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler).serve_forever()',
      fence, '', `${fence}bash markpact:run`, 'exec python3 server.py --port 8000 --reload', fence, '',
    ].join('\n');
    const { yaml, basePort } = await writeEcosystem(scratch, 'rewrite', { api: { readme: server } });
    const result = up(yaml, '--detach');
    assert.equal(result.status, 0, result.stderr);
    assert.match(pactown(scratch, 'logs', yaml, 'api').stdout, new RegExp(`system \\| rewrote --port 8000 → ${basePort} as pactown does`));
    assert.deepEqual(statusOf(scratch, yaml).map((s) => [s.name, s.state, s.port]), [['api', 'running', basePort]]);
    assert.match(pactown(scratch, 'logs', yaml, 'api').stdout, new RegExp(`\\$ exec python3 server.py --port ${basePort} --reload`), '--reload is kept when it is not uvicorn');
    await down(yaml, [basePort]);
  });

  test('two services with one explicit port both run: the second moves and says so, its dependent gets the moved URL', async () => {
    const { yaml, basePort } = await writeEcosystem(scratch, 'dupes', {
      a: { readme: pythonReadme(), extra: 'port: PORT' },
      b: { readme: pythonReadme(), extra: 'port: PORT' },
      c: { readme: pythonReadme('echo "B_URL=$B_URL"; '), dependsOn: ['b'] },
    });
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replaceAll('port: PORT', `port: ${basePort}`));
    const validate = pactown(scratch, 'validate', yaml);
    assert.equal(validate.status, 0, `a warning, not an error: ${validate.stdout}${validate.stderr}`);
    const result = up(yaml, '--detach');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`  b  http://127\\.0\\.0\\.1:${basePort + 1}  \\(port ${basePort} was taken by a\\)`));
    assert.match(pactown(scratch, 'logs', yaml, 'b').stdout, new RegExp(`system \\| port ${basePort} was taken by a; moved to ${basePort + 1}`));
    const ports = Object.fromEntries(statusOf(scratch, yaml).map((s) => [s.name, [s.state, s.port]]));
    assert.deepEqual(ports, { a: ['running', basePort], b: ['running', basePort + 1], c: ['running', basePort + 2] });
    const table = pactown(scratch, 'status', yaml).stdout;
    assert.match(table, new RegExp(`^b +running +${basePort + 1} .*\\n {4}port ${basePort} was taken by a; moved to ${basePort + 1}$`, 'm'), table);
    assert.equal(table.match(/moved to/g)?.length, 1, 'only b moved');
    assert.match(pactown(scratch, 'logs', yaml, 'c').stdout, new RegExp(`B_URL=http://127\\.0\\.0\\.1:${basePort + 1}`));
    await down(yaml, [basePort, basePort + 1, basePort + 2]);
  });

  test('a service named "my api" runs in folder my_api; its dependent gets MY_API_URL', async () => {
    const { yaml, basePort } = await writeEcosystem(scratch, 'spaces', {
      'my api': { readme: pythonReadme() },
      web: { readme: pythonReadme('echo "MY_API_URL=$MY_API_URL"; '), dependsOn: ['my api'] },
    });
    const result = up(yaml, '--detach');
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(statusOf(scratch, yaml).map((s) => [s.name, s.state]), [['my api', 'running'], ['web', 'running']]);
    const logs = pactown(scratch, 'logs', yaml, 'web').stdout;
    assert.match(logs, new RegExp(`MY_API_URL=http://127\\.0\\.0\\.1:${basePort}\\b`));
    assert.equal(pactown(scratch, 'logs', yaml, 'my api').status, 0);
    const sandboxRoot = join(yaml, '..', '.pactown');
    assert.ok(existsSync(join(sandboxRoot, 'my_api')), `folder my_api in ${sandboxRoot}`);
    assert.ok(existsSync(join(sandboxRoot, 'logs', 'my_api.log')));
    assert.ok(!existsSync(join(sandboxRoot, 'my api')));
    await down(yaml, [basePort, basePort + 1]);
  });
});
