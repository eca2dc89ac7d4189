// The runtime through the `pactown` command line, as a user runs it (each figure a fresh process,
// under the machine's own init): a cache hit's sandbox, warm vs cold `up --detach` of the bookshop
// example, the orchestrator's overhead over starting the same services wave by wave by hand, and
// `down` with every port checked closed afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../scripts/freePorts.mjs';
// @ts-expect-error plain ESM scripts without type declarations
import { copyExamples, exampleFindLinks } from '../scripts/vscode-host/exampleWorkspace.mjs';
import { buildWheels } from '../test/integration/wheels';

const cli = resolve('dist/cli.js');
const fence = '```';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;
const server = 'exec python3 -m http.server $PORT --bind 127.0.0.1';

/** Runs `pactown …` to completion; its wall time in ms. */
function timed(env: NodeJS.ProcessEnv, ...args: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`pactown ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return elapsed;
}

/** Starts `pactown up` in the foreground and gives the time at which each output line arrived. */
function foreground(env: NodeJS.ProcessEnv, yaml: string, until: RegExp): Promise<{ lines: { at: number; text: string }[]; stop: () => Promise<void> }> {
  return new Promise((resolvePromise, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [cli, 'up', yaml], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: { at: number; text: string }[] = [];
    let partial = '';
    const exited = new Promise((r) => child.once('exit', r));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const at = performance.now() - start;
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) {
        lines.push({ at, text });
        if (until.test(text)) resolvePromise({ lines, stop: async () => void (child.kill('SIGTERM'), await exited) });
      }
    });
    child.once('exit', (code) => reject(new Error(`up exited (${code}):\n${lines.map((l) => l.text).join('\n')}`)));
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolvePromise(true)));
    socket.once('error', () => resolvePromise(false));
  });
}

async function openPorts(base: number, count: number): Promise<number> {
  return (await Promise.all(Array.from({ length: count }, (_, i) => portOpen(base + i)))).filter(Boolean).length;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => (res.resume(), resolvePromise((res.statusCode ?? 500) < 400)));
    req.once('error', () => resolvePromise(false));
    req.end();
  });
}

/** The floor: the same services started by hand, wave by wave, each wave once the previous one answers (polled every 2 ms). */
async function waveByWave(dir: string, base: number, waves: number, width: number): Promise<number> {
  const start = performance.now();
  const children = [];
  for (let w = 0; w < waves; w++) {
    const ports = Array.from({ length: width }, (_, i) => base + w * width + i);
    for (const port of ports) children.push(spawn('/bin/sh', ['-c', server], { cwd: dir, env: { ...process.env, PORT: String(port) }, stdio: 'ignore', detached: true }));
    await Promise.all(ports.map(async (port) => {
      while (!(await answers(port))) await new Promise((r) => setTimeout(r, 2));
    }));
  }
  const elapsed = performance.now() - start;
  for (const child of children) process.kill(-child.pid!, 'SIGKILL');
  await Promise.all(Array.from({ length: waves * width }, async (_, i) => {
    while (await portOpen(base + i)) await new Promise((r) => setTimeout(r, 5));
  }));
  return elapsed;
}

/** `waves` × `width` stdlib services; each depends on the one in the same column of the wave before. */
async function layered(dir: string, waves: number, width: number): Promise<{ yaml: string; base: number }> {
  mkdirSync(join(dir, 'svc'), { recursive: true });
  writeFileSync(join(dir, 'svc', 'README.md'), `${fence}bash markpact:run\n${server}\n${fence}\n`);
  const base = await freePortRange(waves * width);
  const lines = [`name: layered`, `base_port: ${base}`, 'services:'];
  for (let w = 0; w < waves; w++) {
    for (let i = 0; i < width; i++) {
      lines.push(`  s${w}_${i}:`, '    readme: svc/README.md', '    health_check: /');
      if (w > 0) lines.push(`    depends_on: [s${w - 1}_${i}]`);
    }
  }
  const yaml = join(dir, `layered-${waves * width}.pactown.yaml`);
  writeFileSync(yaml, `${lines.join('\n')}\n`);
  return { yaml, base };
}

export async function benchCliRuntime(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'pactown-cli-bench-'));
  const wheels = join(scratch, 'wheels');
  buildWheels(wheels);
  const env = (name: string, extra: NodeJS.ProcessEnv = {}) => ({ ...process.env, PACTOWN_CACHE_DIR: join(scratch, `cache-${name}`), PACTOWN_RUNTIME_DIR: join(scratch, 'runs'), PIP_FIND_LINKS: wheels, PIP_NO_INDEX: '1', ...extra });
  try {
    console.log('the pactown command line, each figure a fresh process:');

    // 1. Sandbox ready on a cache hit (2 Python deps): "preparing" → "starting" as `up` prints them.
    const svc = join(scratch, 'hit');
    mkdirSync(join(svc, 'svc'), { recursive: true });
    writeFileSync(join(svc, 'svc', 'README.md'), `${fence}text markpact:deps python\npactown-demo-app\npactown-demo-core\n${fence}\n\n${fence}bash markpact:run\n${server}\n${fence}\n`);
    writeFileSync(join(svc, 'hit.pactown.yaml'), `name: hit\nbase_port: ${await freePortRange(1)}\nservices:\n  svc:\n    readme: svc/README.md\n    health_check: /\n`);
    const prepareTimes = async (runEnv: NodeJS.ProcessEnv) => {
      const run = await foreground(runEnv, join(svc, 'hit.pactown.yaml'), /all 1 service healthy/);
      const at = (re: RegExp) => run.lines.find((l) => re.test(l.text))!.at;
      const prepare = at(/svc: starting on port/) - at(/svc: preparing/);
      await run.stop();
      return prepare;
    };
    const hitEnv = env('hit');
    const cold = await prepareTimes(hitEnv);
    const hits: number[] = [];
    for (let i = 0; i < 11; i++) hits.push(await prepareTimes(hitEnv));
    console.log(`  sandbox ready, 2 Python deps: cold ${ms(cold)}, cache hit median ${ms(median(hits))} (target ≤ 20 ms p50); no interpreter probe on a hit`);

    // 2. Bookshop: cold `up --detach` (empty cache: builds the quotes venv) vs warm; `down` each time.
    const shop = join(scratch, 'shop');
    copyExamples(shop);
    const findLinks = exampleFindLinks();
    const yaml = join(shop, 'bookshop.pactown.yaml');
    const colds: number[] = [];
    const warms: number[] = [];
    for (let round = 0; round < 3; round++) {
      const roundEnv = env(`shop${round}`, { PIP_FIND_LINKS: findLinks });
      colds.push(timed(roundEnv, 'up', yaml, '--detach'));
      timed(roundEnv, 'down', yaml);
      for (let i = 0; i < 3; i++) {
        warms.push(timed(roundEnv, 'up', yaml, '--detach'));
        timed(roundEnv, 'down', yaml);
      }
    }
    console.log(`  bookshop up --detach: cold median ${ms(median(colds))}, warm median ${ms(median(warms))}; warm/cold ${(median(warms) / median(colds)).toFixed(2)} (target ≤ 0.35)`);

    // 3. Overhead over the wave-by-wave floor, and 4. down with every port closed.
    const layers = join(scratch, 'layers');
    const overheads: Record<number, number> = {};
    for (const [waves, width] of [[2, 5], [3, 10], [6, 10]] as const) {
      const count = waves * width;
      const { yaml: layeredYaml, base } = await layered(layers, waves, width);
      const floors: number[] = [];
      const ups: number[] = [];
      const downs: number[] = [];
      let leftOpen = 0;
      const runEnv = env('layers');
      for (let round = 0; round < 5; round++) {
        floors.push(await waveByWave(join(layers, 'svc'), base, waves, width));
        const run = await foreground(runEnv, layeredYaml, new RegExp(`all ${count} services healthy`));
        ups.push(run.lines.find((l) => /services healthy/.test(l.text))!.at);
        await run.stop();
        timed(runEnv, 'up', layeredYaml, '--detach');
        downs.push(timed(runEnv, 'down', layeredYaml));
        leftOpen += await openPorts(base, count);
      }
      overheads[count] = (median(ups) - median(floors)) / count;
      console.log(`  ${count} services (${waves} waves of ${width}): up → all healthy median ${ms(median(ups))}, by hand wave by wave ${ms(median(floors))}; overhead ${ms(overheads[count])} per service (target ≤ 5 ms at 60)`);
      console.log(`  ${count} services: down median ${ms(median(downs))}${count === 10 ? ' (target ≤ 300 ms)' : count === 60 ? ' (target ≤ 1,000 ms)' : ''}; ports still open right after: ${leftOpen}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
