// `pactown test` on a 10-service ecosystem with 5 test lines each, warm cache, each figure a fresh
// process as a user runs it: the parallel run of every service's tests against the slowest single
// service's own time (`pactown test <eco> <service>`: its boot and its tests), and the sequential
// time (the ten single runs one after another).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../scripts/freePorts.mjs';
import { buildWheels } from '../test/integration/wheels';

const cli = resolve('dist/cli.js');
const fence = '```';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;
const services = 10;
const rounds = 5;

/** Five test lines: four HTTP, one shell (in the service's sandbox). */
const tests = (file: string) => `${fence}http markpact:test
GET /health EXPECT 200
GET /items EXPECT 200
POST /items BODY {"name": "lamp"} EXPECT 201
GET /missing EXPECT 404
${fence}

${fence}bash markpact:test shell
test -f ${file}
${fence}
`;

/** A stdlib Python service whose environment comes from the cache (a local wheel). */
const pythonService = `${fence}text markpact:deps python
pactown-demo-core
${fence}

${fence}python markpact:file path=server.py
import json, os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import pactown_demo_core

class Handler(BaseHTTPRequestHandler):
    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_GET(self):
        if self.path in ("/health", "/items"): self.reply(200, [])
        else: self.reply(404, {"error": self.path})
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.reply(201, {"ok": True})
    def log_message(self, *args): pass

ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
${fence}

${fence}bash markpact:run
exec python server.py
${fence}

${tests('server.py')}`;

/** A Node service, no packages. */
const nodeService = `${fence}javascript markpact:file path=server.js
const http = require('node:http');
http.createServer((req, res) => {
  const send = (status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.method === 'POST') return req.resume().on('end', () => send(201, { ok: true }));
  if (req.url === '/health' || req.url === '/items') return send(200, []);
  send(404, { error: req.url });
}).listen(Number(process.env.PORT), '127.0.0.1');
${fence}

${fence}bash markpact:run
exec node server.js
${fence}

${tests('server.js')}`;

/** CPU time (ms) of this process's reaped children so far: `pactown` and the services it ran and reaped. */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  // cutime and cstime, in clock ticks (100 a second on Linux).
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** Runs `pactown test …` to completion (every test must pass): its wall time and the CPU it and its services used, in ms. */
function timed(env: NodeJS.ProcessEnv, ...args: string[]): { wall: number; cpu: number } {
  const cpu = childrenCpuMs();
  const start = performance.now();
  const result = spawnSync(process.execPath, [cli, 'test', ...args], { env, encoding: 'utf8' });
  const wall = performance.now() - start;
  if (result.status !== 0) throw new Error(`pactown test ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return { wall, cpu: childrenCpuMs() - cpu };
}

export async function benchReadmeTests(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'pactown-test-bench-'));
  const wheels = join(scratch, 'wheels');
  buildWheels(wheels);
  const env = { ...process.env, PACTOWN_CACHE_DIR: join(scratch, 'cache'), PACTOWN_RUNTIME_DIR: join(scratch, 'runs'), PIP_FIND_LINKS: wheels, PIP_NO_INDEX: '1', NO_COLOR: '1' };
  try {
    const names = Array.from({ length: services }, (_, i) => `s${i}`);
    const lines = [`name: tested`, `base_port: ${await freePortRange(services)}`, 'services:'];
    for (const [i, name] of names.entries()) {
      mkdirSync(join(scratch, name), { recursive: true });
      writeFileSync(join(scratch, name, 'README.md'), i % 2 === 0 ? pythonService : nodeService);
      lines.push(`  ${name}:`, `    readme: ${name}/README.md`, '    health_check: /health');
    }
    const yaml = join(scratch, 'tested.pactown.yaml');
    writeFileSync(yaml, `${lines.join('\n')}\n`);
    // Warm: the Python services' environment is built once, here.
    timed(env, yaml);

    const parallel: number[] = [];
    const parallelCpu: number[] = [];
    const slowest: number[] = [];
    const singleCpu: number[] = [];
    const sequential: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const all = timed(env, yaml);
      parallel.push(all.wall);
      parallelCpu.push(all.cpu);
      const singles = names.map((name) => timed(env, yaml, name));
      slowest.push(Math.max(...singles.map((s) => s.wall)));
      singleCpu.push(...singles.map((s) => s.cpu));
      sequential.push(singles.reduce((sum, s) => sum + s.wall, 0));
    }
    console.log(`pactown test, ${services} services × 5 tests (half Python with a cached venv, half Node), warm cache, medians of ${rounds} rounds, each a fresh process (${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}):`);
    console.log(`  all services in parallel ${ms(median(parallel))}; the slowest service alone (its boot + its tests) ${ms(median(slowest))}; ratio ${(median(parallel) / median(slowest)).toFixed(2)} (target ≤ 1.3)`);
    console.log(`  sequential (the ten single runs one after another) ${ms(median(sequential))}; parallel is ${(median(sequential) / median(parallel)).toFixed(1)}× faster`);
    console.log(`  CPU used (pactown and the services): parallel ${ms(median(parallelCpu))}, one service ${ms(median(singleCpu))}; on ${cpus().length} cores the parallel run cannot take less than ${ms(median(parallelCpu) / cpus().length)}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
