// Export: the bench's 10-service ecosystem to Compose and to Kubernetes, in-process (READMEs read,
// files planned and written) and as `pactown export` in a fresh process; a fresh folder and a
// re-export of an unchanged one. The image build times (shared dependency layer or not) need a
// container engine and are measured by the engine test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { envNameProblems } from '../core/export/envNames';
import { exportEcosystem } from '../core/export/exportEcosystem';
import type { ExportFormat } from '../core/export/exportFiles';
import { parseEcosystem } from '../core/pactown/parse';
import { tenServiceEcosystem } from './tenServices';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;
const cli = resolve('dist/cli.js');

export async function benchExport(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'markpact-bench-export-'));
  try {
    const ecosystem = join(root, 'ten.pactown.yaml');
    writeFileSync(ecosystem, tenServiceEcosystem(root, 9500));
    const rounds = 21;
    for (const format of ['compose', 'k8s'] as ExportFormat[]) {
      const fresh: number[] = [];
      const again: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const output = join(root, `${format}-${i}`);
        let start = performance.now();
        await exportEcosystem(ecosystem, { format, output });
        fresh.push(performance.now() - start);
        start = performance.now();
        const rerun = await exportEcosystem(ecosystem, { format, output });
        again.push(performance.now() - start);
        if (rerun.written.length > 0) throw new Error(`a re-export of an unchanged ecosystem wrote ${rerun.written.join(', ')}`);
      }
      const cliTimes: number[] = [];
      for (let i = 0; i < 7; i++) {
        const start = performance.now();
        const result = spawnSync(process.execPath, [cli, 'export', format, ecosystem, '-o', join(root, `cli-${format}-${i}`)], { encoding: 'utf8' });
        cliTimes.push(performance.now() - start);
        if (result.status !== 0) throw new Error(`pactown export failed: ${result.stderr}`);
      }
      console.log(`export ${format}, 10 services: fresh folder median ${ms(median(fresh))}, re-export (unchanged) median ${ms(median(again))}; \`pactown export ${format}\` (fresh process) median ${ms(median(cliTimes))}`);
    }
    benchEnvNames(tenServiceEcosystem(root, 9500));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The variable-name check an export (and the export hints) runs: on the 10 services, and on a hostile env mapping (one pass over it, no lookup per key). */
function benchEnvNames(tenServices: string): void {
  const time = (yaml: string) => {
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const parsed = parseEcosystem(yaml);
      const start = performance.now();
      envNameProblems(parsed.config, parsed.document);
      times.push(performance.now() - start);
    }
    return median(times);
  };
  const longEnv = (keys: number) => `services:\n  api:\n    port: 9000\n    env:\n${Array.from({ length: keys }, (_, i) => `      ${i % 2 ? `K${i}` : `"${i}-bad"`}: v\n`).join('')}`;
  console.log(`export variable-name check (the YAML parsed): 10 services median ${ms(time(tenServices))}; one env of 20,000 keys, half refused, median ${ms(time(longEnv(20_000)))}`);
}
