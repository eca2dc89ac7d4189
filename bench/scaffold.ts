// Scaffolding: `generate` over a folder of 200 READMEs (in-process, and as `pactown generate` in a
// fresh process, writing and validating the file), and `pactown init` end to end.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateEcosystem } from '../core/scaffold/generate';
import { serviceTemplates } from '../core/scaffold/templates';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;
const cli = resolve('dist/cli.js');

function timeCli(args: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`pactown ${args.join(' ')} failed: ${result.stderr}`);
  return elapsed;
}

export async function benchScaffold(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'markpact-bench-scaffold-'));
  try {
    const folder = join(root, 'readmes');
    const count = 200;
    for (let i = 0; i < count; i++) {
      mkdirSync(join(folder, `svc${i}`), { recursive: true });
      const template = serviceTemplates[i % serviceTemplates.length];
      writeFileSync(join(folder, `svc${i}`, 'README.md'), template.readme(`svc${i}`).replace('port = ', `UPSTREAM = "SVC${(i + 1) % count}_URL"\nport = `));
    }
    const inProcess: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await generateEcosystem({ folder, output: join(folder, 'saas.pactown.yaml'), basePort: 8000 });
      inProcess.push(performance.now() - start);
    }
    const viaCli = Array.from({ length: 5 }, () => timeCli(['generate', folder, '--force']));
    const init = Array.from({ length: 5 }, (_, i) => timeCli(['init', join(root, `init${i}`)]));
    const version = Array.from({ length: 5 }, () => timeCli(['--help']));
    console.log(`scaffolding: generate over ${count} READMEs in-process median ${ms(median(inProcess))} (${ms(median(inProcess) / count)} a README)`);
    console.log(`  pactown generate (fresh process, writes and validates the file): median ${ms(median(viaCli))}; pactown init: median ${ms(median(init))}; pactown --help (the process alone): median ${ms(median(version))}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
