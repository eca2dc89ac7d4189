// Live apply figures for `npm run bench` (real processes): a files-only save against the same
// service's plain restart, in-process (the editor's path) and through `pactown up --watch` (a
// file watch, then the apply); and a ten-service run where one README changes.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { quietMs } from '../core/cli/watchInputs';
import type { RunEvent } from '../core/control/protocol';
import { RunRegistry } from '../core/control/runRegistry';
import { Orchestrator } from '../core/runtime/orchestrator';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../scripts/freePorts.mjs';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;
const fence = '```';
const rounds = 11;

/** A stdlib Python service serving `page` at `/`. */
const site = (page: string) => `${fence}html markpact:file path=index.html\n${page}\n${fence}\n\n${fence}bash markpact:run\nexec python3 -m http.server $PORT --bind 127.0.0.1\n${fence}\n`;

function writeEcosystem(dir: string, names: string[], base: number): string {
  mkdirSync(dir, { recursive: true });
  for (const name of names) {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'README.md'), site(`${name} 0`));
  }
  const yaml = join(dir, 'bench.pactown.yaml');
  writeFileSync(yaml, `base_port: ${base}\nservices:\n${names.map((n, i) => `  ${n}:\n    readme: ${n}/README.md\n    health_check: /\n${i > 0 ? `    depends_on: [${names[i - 1]}]\n` : ''}`).join('')}`);
  return yaml;
}

function page(port: number): Promise<string | undefined> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done(body));
    });
    req.once('error', () => done(undefined));
    req.end();
  });
}

/** Polls the service every 2 ms until it serves `expected` (a person reloading the page). */
async function servesWithin(port: number, expected: string, deadlineMs = 30_000): Promise<void> {
  const end = performance.now() + deadlineMs;
  while ((await page(port)) !== expected) {
    if (performance.now() > end) throw new Error(`:${port} did not serve ${JSON.stringify(expected)} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const pids = (run: Orchestrator) => new Map(run.statuses().map((s) => [s.name, s.pid]));

export async function benchLiveApply(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'pactown-bench-apply-'));
  const env = { ...process.env, PACTOWN_CACHE_DIR: join(scratch, 'cache'), PACTOWN_RUNTIME_DIR: join(scratch, 'runs') };
  try {
    // 1. One service: its plain restart vs a files-only save applied, alternating, each until healthy.
    const yaml = writeEcosystem(join(scratch, 'one'), ['api'], await freePortRange(1));
    const readme = join(scratch, 'one', 'api', 'README.md');
    const run = await Orchestrator.load(yaml, env);
    await run.up();
    const restarts: number[] = [];
    const applies: number[] = [];
    for (let i = 1; i <= rounds; i++) {
      let t = performance.now();
      await run.restartService('api');
      restarts.push(performance.now() - t);
      writeFileSync(readme, site(`api ${i}`));
      t = performance.now();
      const result = await run.apply({ changed: [readme] });
      applies.push(performance.now() - t);
      if (result.services.length !== 1) throw new Error(`the apply did not restart api: ${result.summary}`);
    }
    await run.down();
    console.log(`live apply, files-only save → healthy: median ${ms(median(applies))} vs the service's own restart ${ms(median(restarts))}; difference ${ms(median(applies) - median(restarts))} (target ≤ 50 ms), ratio ${(median(applies) / median(restarts)).toFixed(2)}×`);

    // 2. The same through `pactown up --watch`: the file written, then polled until it serves the new
    // page; against a restart the same owner does when asked over its socket (`pactown restart`).
    const port = await freePortRange(1);
    const watchedYaml = writeEcosystem(join(scratch, 'watched'), ['api'], port);
    const watchedReadme = join(scratch, 'watched', 'api', 'README.md');
    const cli = spawn(process.execPath, [resolve('dist/cli.js'), 'up', watchedYaml, '--watch'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ready, fail) => {
      setTimeout(() => fail(new Error('pactown up --watch did not say it was watching within 60 s')), 60_000).unref();
      let out = '';
      cli.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/watching \d+ file/.test(out)) ready();
      });
      cli.once('exit', () => fail(new Error(`pactown up --watch exited:\n${out}`)));
    });
    const found = await RunRegistry.fromEnv(env).find(watchedYaml);
    if (found.state !== 'live') throw new Error(`the watching owner does not answer: ${found.state}`);
    const { client } = found;
    await client.request('subscribe', {});
    const saves: number[] = [];
    const ownerRestarts: number[] = [];
    for (let i = 1; i <= rounds; i++) {
      let t = performance.now();
      await client.request('restart', { services: ['api'] }, 60_000);
      ownerRestarts.push(performance.now() - t);
      // The page can be served before the owner's own health check has seen it: the next round waits for the apply to be over.
      const seen: string[] = [];
      const applied = new Promise<void>((done, fail) => {
        const deadline = setTimeout(() => fail(new Error(`round ${i}: no apply restarted api within 30 s; applies seen: ${JSON.stringify(seen)}`)), 30_000);
        const onEvent = (event: RunEvent) => {
          if (event.event !== 'applied') return;
          seen.push(event.result.summary);
          if (event.result.services.length === 0) return;
          clearTimeout(deadline);
          client.off('event', onEvent);
          done();
        };
        client.on('event', onEvent);
      });
      writeFileSync(watchedReadme, site(`api ${i}`));
      t = performance.now();
      await servesWithin(port, `api ${i}\n`);
      saves.push(performance.now() - t);
      await applied;
    }
    client.close();
    cli.kill('SIGTERM');
    await new Promise((r) => cli.once('exit', r));
    console.log(`  through pactown up --watch, save → new page served: median ${ms(median(saves))} vs a restart by the same owner ${ms(median(ownerRestarts))}; difference ${ms(median(saves) - median(ownerRestarts))} (of it ${quietMs} ms quiet time after the write)`);

    // 3. Ten services in a chain; one README changes: how many restart, and how long the apply takes.
    const names = Array.from({ length: 10 }, (_, i) => `s${i}`);
    const tenYaml = writeEcosystem(join(scratch, 'ten'), names, await freePortRange(10));
    const ten = await Orchestrator.load(tenYaml, env);
    await ten.up();
    const latencies: number[] = [];
    const restartedCounts: number[] = [];
    for (let i = 1; i <= rounds; i++) {
      const before = pids(ten);
      const changed = join(scratch, 'ten', 's5', 'README.md');
      writeFileSync(changed, site(`s5 ${i}`));
      const t = performance.now();
      await ten.apply({ changed: [changed] });
      latencies.push(performance.now() - t);
      const after = pids(ten);
      restartedCounts.push(names.filter((n) => after.get(n) !== before.get(n)).length);
    }
    await ten.down();
    console.log(`live apply, 10-service run, one README saved: restarted ${[...new Set(restartedCounts)].join('/')} service(s) each time (target 1); apply → healthy median ${ms(median(latencies))}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
