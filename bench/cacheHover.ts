// The deps hover and package completion over the real protocol, with a cache of 1,000 entries
// written through the cache's own writer (publishRecord, refreshPackageSummary): by the
// dependency-set listing and the summary, and by a scan of every record (a cache written before
// the listing existed) for comparison.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rm } from 'node:fs/promises';
import { depsHash, normalizeRequirements } from '../core/cache/key';
import { refreshPackageSummary } from '../core/cache/packageSummary';
import { publishRecord, type CacheRecord } from '../core/cache/record';
import { LspTestClient } from '../test/server/lspClient';
import { tempWorkspace } from '../test/server/fixtures';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x: number) => `${x.toFixed(2)} ms`;
const fence = '```';

function record(i: number, requirements: string[]): CacheRecord {
  const normalized = normalizeRequirements('python', requirements);
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    format: 1, key: i.toString(16).padStart(16, '0'), ecosystem: 'python', depsHash: depsHash('python', normalized), requirements: normalized,
    runtime: { name: 'python', path: '/usr/bin/python3', version: '3.11.7' }, platform: 'linux-x64', sizeBytes: 20_000_000, createdAt: at, lastUsedAt: at, hits: i,
  };
}

async function timeRequests(client: LspTestClient, uri: string, method: string, position: { line: number; character: number }, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await client.request(method, { textDocument: { uri }, position });
    times.push(performance.now() - start);
  }
  return times;
}

export async function benchCacheHover(): Promise<void> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'pactown-hover-cache-'));
  const ws = tempWorkspace();
  try {
    for (let i = 0; i < 1_000; i++) await publishRecord(cacheDir, record(i, [`package-${i}==1.${i}`, `shared-${i % 37}`]));
    await publishRecord(cacheDir, record(1_000, ['flask==3.0.3', 'requests']));
    await refreshPackageSummary(cacheDir);
    const client = await LspTestClient.start({ rootPath: ws.root, initializationOptions: { diagnosticsDelay: 0, cacheDirectory: cacheDir } });
    try {
      const uri = ws.uri('svc/README.md');
      await client.open(uri, 'markdown', `# svc\n\n${fence}text markpact:deps python\nflask==3.0.3\nrequests\n${fence}\n\n${fence}bash markpact:run\npython app.py\n${fence}\n`);
      await client.diagnostics(uri, 1);
      const hover = { line: 3, character: 2 };
      const completion = { line: 4, character: 0 };
      const first = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: hover });
      if (!/\*\*cached\*\*/.test(first.contents.value)) throw new Error(`the hover does not find the entry:\n${first.contents.value}`);
      const listed = await timeRequests(client, uri, 'textDocument/hover', hover, 60);
      const summarised = await timeRequests(client, uri, 'textDocument/completion', completion, 30);
      // The same cache as an older version wrote it: no listing, no summary.
      await rm(join(cacheDir, 'bydeps'), { recursive: true });
      await rm(join(cacheDir, 'packages.json'));
      const scanned = await timeRequests(client, uri, 'textDocument/hover', hover, 30);
      console.log('deps hover with 1,000 cache entries, through the real protocol:');
      console.log(`  by the dependency-set listing: median ${ms(median(listed))}, p95 ${ms(p95(listed))} (target p95 ≤ 3 ms); scanning every record: median ${ms(median(scanned))}, p95 ${ms(p95(scanned))} (${(median(scanned) / median(listed)).toFixed(0)}×)`);
      console.log(`  package completion from the summary: median ${ms(median(summarised))}, p95 ${ms(p95(summarised))}`);
    } finally {
      await client.stop();
    }
  } finally {
    ws.remove();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
