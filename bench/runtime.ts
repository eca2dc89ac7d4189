// Orchestrator and dependency-cache figures for `npm run bench` (real processes, local wheels).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Orchestrator } from '../core/runtime/orchestrator';
import { ConfinedDir } from '../core/runtime/confinedDir';
import { prepareService } from '../core/runtime/prepareService';
import { SandboxLedger } from '../core/runtime/sandboxLedger';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../scripts/freePorts.mjs';
import { buildWheels } from '../test/integration/wheels';
import { stdlibServer, tenServiceEcosystem } from './tenServices';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;
const fence = '```';

function get(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 400);
    });
    req.once('error', () => resolve(false));
    req.end();
  });
}

/** The floor: spawn a command and poll it every 2 ms until the first 200, as a person would by hand. */
async function bareSpawnToFirst200(command: string, cwd: string): Promise<number> {
  const port = await freePortRange(1);
  const start = performance.now();
  const child = spawn('/bin/sh', ['-c', command], { cwd, env: { ...process.env, PORT: String(port) }, stdio: 'ignore', detached: true });
  while (!(await get(port))) await new Promise((r) => setTimeout(r, 2));
  const elapsed = performance.now() - start;
  process.kill(-child.pid!, 'SIGKILL');
  return elapsed;
}

const pythonCommand = stdlibServer;
const nodeCommand = `exec node -e "require('http').createServer((q, r) => r.end('ok')).listen(process.env.PORT, '127.0.0.1')"`;

export async function benchRuntime(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'pactown-bench-'));
  const wheels = join(scratch, 'wheels');
  buildWheels(wheels);
  const env = { ...process.env, PACTOWN_CACHE_DIR: join(scratch, 'cache'), PIP_FIND_LINKS: wheels, PIP_NO_INDEX: '1' };
  try {
    // 1. Sandbox ready for a service with 2 Python deps: cold (venv + pip from local wheels) vs cache hit.
    const readme = join(scratch, 'svc', 'README.md');
    mkdirSync(join(scratch, 'svc'));
    writeFileSync(readme, `${fence}text markpact:deps python\npactown-demo-app\npactown-demo-core\n${fence}\n\n${fence}python markpact:file path=main.py\nprint(1)\n${fence}\n\n${fence}bash markpact:run\npython main.py\n${fence}\n`);
    const root = ConfinedDir.open(join(scratch, 'sandboxes'), { create: true });
    const ledger = new SandboxLedger(join(scratch, 'runs'), readme);
    const prepare = (i: number) => prepareService({ name: `s${i}`, readmePath: readme, root, ledger, cacheDir: env.PACTOWN_CACHE_DIR, env });
    let t = performance.now();
    await prepare(0);
    const cold = performance.now() - t;
    const warm: number[] = [];
    for (let i = 1; i <= 21; i++) {
      t = performance.now();
      await prepare(i);
      warm.push(performance.now() - t);
    }
    console.log(`sandbox ready, 2 Python deps: cold ${ms(cold)}, cache hit median ${ms(median(warm))} (target ≤ 20 ms); ratio ${(cold / median(warm)).toFixed(0)}×`);

    // 2. Orchestrator overhead: up → healthy minus bare spawn → first 200, same command.
    for (const [label, command] of [['stdlib Python', pythonCommand], ['Node', nodeCommand]] as const) {
      const dir = join(scratch, label.replace(/\W/g, ''));
      mkdirSync(dir);
      writeFileSync(join(dir, 'README.md'), `${fence}bash markpact:run\n${command}\n${fence}\n`);
      const floors: number[] = [];
      const ups: number[] = [];
      for (let i = 0; i < 11; i++) {
        floors.push(await bareSpawnToFirst200(command, dir));
        const port = await freePortRange(1);
        const orchestrator = await Orchestrator.fromText(join(dir, 'one.pactown.yaml'), `services:\n  one:\n    readme: README.md\n    port: ${port}\n    health_check: /\n`, env);
        const start = performance.now();
        await orchestrator.up();
        ups.push(performance.now() - start);
        await orchestrator.down();
      }
      console.log(`${label}: up → healthy median ${ms(median(ups))}, bare spawn → first 200 median ${ms(median(floors))}; overhead ${ms(median(ups) - median(floors))} (target ≤ 30 ms)`);
    }

    // 3. Ten services, chain and fan-out, warm cache: all healthy.
    const dir = join(scratch, 'ten');
    mkdirSync(dir);
    const yaml = tenServiceEcosystem(dir, await freePortRange(10));
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      const orchestrator = await Orchestrator.fromText(join(dir, 'ten.pactown.yaml'), yaml, env);
      const start = performance.now();
      await orchestrator.up();
      times.push(performance.now() - start);
      await orchestrator.down();
    }
    console.log(`10-service ecosystem (chain of 4 + fan-out of 6), warm: all healthy median ${ms(median(times))} (target ≤ 1,500 ms)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
