// `npm run bench`: speed figures through the real protocol (dist/server.js over stdio).
// Prints medians, p95s and ratios; asserts nothing — targets live in the issues.
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient } from '../test/server/lspClient';
import { tempWorkspace } from '../test/server/fixtures';
import { largeReadme } from './largeReadme';
import { benchActivation } from './activation';
import { benchCacheHover } from './cacheHover';
import { benchHostile } from './hostile';
import { benchAuthoring } from './authoring';
import { benchLiveApply } from './liveApply';
import { benchCliRuntime } from './cliRuntime';
import { benchExport } from './export';
import { benchPeers } from './peers';
import { benchPorts } from './ports';
import { benchReadmeTests } from './readmeTests';
import { benchRuntime } from './runtime';
import { benchScaffold } from './scaffold';
import { benchExportImages } from './exportImages';
import { benchHashWatch } from './hashWatch';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function timeEdits(client: LspTestClient, uri: string, text: string, rounds: number): Promise<number[]> {
  const lines = text.split('\n');
  const line = Math.floor(lines.length / 2);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const version = await client.edit(uri, { start: { line, character: 0 }, end: { line, character: 0 } }, i % 2 ? 'x' : '');
    await client.diagnostics(uri, version);
    times.push(performance.now() - start);
  }
  return times;
}

async function main(): Promise<void> {
  const ws = tempWorkspace();
  const client = await LspTestClient.start({ rootPath: ws.root, initializationOptions: { diagnosticsDelay: 0 } });
  try {
    const big = largeReadme(5_000);
    const small = largeReadme(50);
    const bigUri = ws.uri('big/README.md');
    const smallUri = ws.uri('small/README.md');

    // Each open is a different 5,000-line README (nothing cached); the first also pays the JIT warm-up.
    const opens: number[] = [];
    for (let i = 0; i < 5; i++) {
      const uri = i === 0 ? bigUri : ws.uri(`big${i}/README.md`);
      const start = performance.now();
      await client.open(uri, 'markdown', i === 0 ? big : big.replaceAll('Section', `Part${i}`));
      await client.diagnostics(uri, 1);
      opens.push(performance.now() - start);
    }
    await client.open(smallUri, 'markdown', small);
    await client.diagnostics(smallUri, 1);

    const rounds = 41;
    const bigEdits = await timeEdits(client, bigUri, big, rounds);
    const smallEdits = await timeEdits(client, smallUri, small, rounds);

    const positions = big.split('\n').flatMap((text, line) => (line % 50 === 7 ? [{ line, character: Math.min(5, text.length) }] : []));
    const completion: number[] = [];
    const hover: number[] = [];
    for (const position of positions) {
      let t = performance.now();
      await client.request('textDocument/completion', { textDocument: { uri: bigUri }, position });
      completion.push(performance.now() - t);
      t = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri: bigUri }, position });
      hover.push(performance.now() - t);
    }

    console.log(`README of ${big.split('\n').length} lines (${(big.length / 1024).toFixed(0)} KB) vs ${small.split('\n').length} lines`);
    console.log(`first diagnostics after open (5,000 lines): first ${ms(opens[0])}, median of 5 ${ms(median(opens))}   (target ≤ 300 ms)`);
    console.log(`edit → diagnostics, 5,000 lines: median ${ms(median(bigEdits))}, p95 ${ms(p95(bigEdits))}`);
    console.log(`edit → diagnostics,    50 lines: median ${ms(median(smallEdits))}, p95 ${ms(p95(smallEdits))}`);
    console.log(`  difference of medians: ${ms(median(bigEdits) - median(smallEdits))} (target ≤ 50 ms); ratio ${(median(bigEdits) / median(smallEdits)).toFixed(2)}×`);
    console.log(`completion on 5,000 lines: median ${ms(median(completion))}, p95 ${ms(p95(completion))} over ${completion.length} positions (target p95 ≤ 20 ms)`);
    console.log(`hover on 5,000 lines:      median ${ms(median(hover))}, p95 ${ms(p95(hover))} over ${hover.length} positions (target p95 ≤ 20 ms)`);
    bundleSizes();
  } finally {
    await client.stop();
    ws.remove();
  }
}

/** The bundles as `npm run build` leaves them (with source maps) and as the .vsix ships them (minified). */
function bundleSizes(): void {
  const production = mkdtempSync(join(tmpdir(), 'markpact-bundles-'));
  try {
    execFileSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${production}`], { stdio: 'ignore' });
    const kb = (file: string) => `${(statSync(file).size / 1024).toFixed(0)} KB`;
    for (const bundle of ['extension', 'engine', 'server', 'cli']) {
      console.log(`bundle ${bundle}.js: ${kb(`dist/${bundle}.js`)} built, ${kb(join(production, `${bundle}.js`))} minified`);
    }
  } finally {
    rmSync(production, { recursive: true, force: true });
  }
}

async function activation(): Promise<void> {
  const times = await benchActivation();
  const load = times.map((t) => t.loadMs);
  const activate = times.map((t) => t.activateMs);
  const both = times.map((t) => t.loadMs + t.activateMs);
  console.log(`activation in a real VS Code (code-server), ${times.length} fresh windows, the extension host's own marks:`);
  console.log(`  activate(): median ${ms(median(activate))}, max ${ms(Math.max(...activate))}   (target ≤ 50 ms)`);
  console.log(`  loading dist/extension.js before it: median ${ms(median(load))}; load + activate median ${ms(median(both))}`);
}

main()
  .then(benchCacheHover)
  .then(benchHashWatch)
  .then(benchPeers)
  .then(benchHostile)
  .then(benchAuthoring)
  .then(benchRuntime)
  .then(benchPorts)
  .then(benchLiveApply)
  .then(benchCliRuntime)
  .then(benchScaffold)
  .then(benchExport)
  .then(benchReadmeTests)
  .then(benchExportImages)
  .then(activation)
  .catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
