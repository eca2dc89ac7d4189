// A service that hard-codes another port (the `uvicorn … --port 8000` case, with a stdlib Python
// http.server on a literal port): how long until its start fails, with the reason, against the
// timeout it would otherwise wait out; and the same service with the port read from $PORT.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Orchestrator } from '../core/runtime/orchestrator';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../scripts/freePorts.mjs';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;
const fence = '```';
const timeoutSeconds = 40;

async function startOnce(dir: string, command: string): Promise<{ ms: number; error?: string }> {
  writeFileSync(join(dir, 'README.md'), `${fence}bash markpact:run\n${command}\n${fence}\n`);
  const port = await freePortRange(1);
  const orchestrator = await Orchestrator.fromText(join(dir, 'one.pactown.yaml'), `services:\n  api:\n    readme: README.md\n    port: ${port}\n    timeout: ${timeoutSeconds}\n`);
  const start = performance.now();
  const outcome = await orchestrator.up();
  const elapsed = performance.now() - start;
  await orchestrator.down();
  return { ms: elapsed, ...(outcome.failed[0] ? { error: outcome.failed[0].error } : {}) };
}

export async function benchPorts(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'pactown-bench-ports-'));
  try {
    const dir = join(scratch, 'svc');
    mkdirSync(dir);
    const failures: number[] = [];
    const healthy: number[] = [];
    let reason = '';
    for (let i = 0; i < 7; i++) {
      const literal = await freePortRange(1);
      const failed = await startOnce(dir, `exec python3 -m http.server ${literal} --bind 127.0.0.1`);
      if (!failed.error) throw new Error('a service on a hard-coded port was reported healthy');
      reason = failed.error.split('\n')[0];
      failures.push(failed.ms);
      healthy.push((await startOnce(dir, 'exec python3 -m http.server $PORT --bind 127.0.0.1')).ms);
    }
    console.log(`hard-coded port (python http.server on a literal port, timeout ${timeoutSeconds} s): fails after median ${ms(median(failures))} ` +
      `(${(timeoutSeconds * 1000 / median(failures)).toFixed(0)}× sooner than the timeout); the same service on $PORT: healthy after median ${ms(median(healthy))}`);
    console.log(`  reason: ${reason}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
