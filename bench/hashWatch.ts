// sha256= blocks following their files on disk, over the real protocol: a file rewritten and
// announced as the client's watcher would (workspace/didChangeWatchedFiles) → the README's
// diagnostics republished, against an edit of the same README → its diagnostics; and the cost of
// working out the watchers for the most files the server watches (5,000), in-process.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { markpactContentHash } from '../core/markpact/contentHash';
import type { Connection } from 'vscode-languageserver/node';
import { WatchedFilesRegistration } from '../server/src/lsp/watchedFiles';
import { LspTestClient } from '../test/server/lspClient';
import { tempWorkspace } from '../test/server/fixtures';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(2)} ms`;
const fence = '```';
const blocks = 200;
const rounds = 21;

export async function benchHashWatch(): Promise<void> {
  const files = Object.fromEntries(Array.from({ length: blocks }, (_, i) => [`svc/f${i}.py`, `print(${i})\n`]));
  const ws = tempWorkspace(files);
  const readme = '# Svc\n\n' + Array.from({ length: blocks }, (_, i) => `${fence}python markpact:file path=f${i}.py sha256=${markpactContentHash(`print(${i})`)}\nprint(${i})\n${fence}\n\n`).join('') +
    `${fence}bash markpact:run\npython f0.py\n${fence}\n`;
  const client = await LspTestClient.start({ rootPath: ws.root, initializationOptions: { diagnosticsDelay: 0 } });
  try {
    const uri = ws.uri('svc/README.md');
    await client.open(uri, 'markdown', readme);
    await client.diagnostics(uri, 1);
    const onDisk: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const changed = i % 2 === 0;
      ws.write('svc/f100.py', changed ? 'print(-1)\n' : 'print(100)\n');
      const start = performance.now();
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('svc/f100.py'), type: 2 }] });
      await client.waitForPublished(uri, (p) => p.diagnostics.some((d) => d.code === 'sha256-mismatch') === changed);
      onDisk.push(performance.now() - start);
    }
    const edits: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const start = performance.now();
      const version = await client.edit(uri, { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, i % 2 ? '' : ' ');
      await client.diagnostics(uri, version);
      edits.push(performance.now() - start);
    }
    console.log(`sha256= on disk, a README of ${blocks} hashed blocks: file changed → republished median ${ms(median(onDisk))}; an edit → diagnostics median ${ms(median(edits))} (${(median(onDisk) / median(edits)).toFixed(2)}×)`);
  } finally {
    await client.stop();
    ws.remove();
  }
  watcherUpkeep();
}

/** What a validation pays to keep the registration in step with 5,000 watched files: when they changed, and when they did not (most). */
function watcherUpkeep(): void {
  const root = join('/ws', 'root');
  const paths = (tag: number) => Array.from({ length: 5_000 }, (_, i) => join(root, `svc${i % 100}`, i % 2 ? 'sandbox' : '', `f${i}-${tag}.py`));
  const connection = { client: { register: async () => ({ dispose: () => undefined }) }, console: { warn: () => undefined } } as unknown as Connection;
  const registration = new WatchedFilesRegistration(connection, () => [root], true);
  const changed: number[] = [];
  const same: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const next = paths(i);
    let start = performance.now();
    registration.update(next);
    changed.push(performance.now() - start);
    const again = [...next];
    start = performance.now();
    registration.update(again);
    same.push(performance.now() - start);
  }
  console.log(`watched files kept in step, 5,000 files: a validation that changed them median ${ms(median(changed))}, one that did not (most) median ${ms(median(same))}`);
}
