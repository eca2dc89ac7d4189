// The authoring helpers through the real protocol: whole-block completion at a bare fence of a
// large README, the quick fixes of an invalid deps line with a full cache summary, and rename /
// find references of a service whose dependents' READMEs are on disk. Medians and p95s of fresh
// requests; it asserts nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../test/server/lspClient';
import { tempWorkspace } from '../test/server/fixtures';
import { largeReadme } from './largeReadme';

const fence = '```';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function times(rounds: number, work: () => Promise<unknown>): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    result.push(performance.now() - start);
  }
  return result;
}

/** An ecosystem of `size` services: a hub and dependents, each with its own README (on disk) reading HUB_URL. */
function star(size: number): { files: Record<string, string>; yaml: string } {
  const files: Record<string, string> = { 'hub/README.md': `${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n` };
  const lines = ['services:', '  hub:', '    readme: hub/README.md'];
  for (let i = 0; i < size - 1; i++) {
    lines.push(`  s${i}:`, `    readme: s${i}/README.md`, '    depends_on: [hub]');
    files[`s${i}/README.md`] = `# s${i}\n\n${fence}python markpact:file path=app.py\nimport os\nURL = os.environ["HUB_URL"]\n${fence}\n\n${fence}bash markpact:run\ncurl $HUB_URL/health && python3 app.py\n${fence}\n`;
  }
  return { files, yaml: `${lines.join('\n')}\n` };
}

export async function benchAuthoring(): Promise<void> {
  console.log('authoring helpers (fresh requests over the protocol):');
  const { files, yaml } = star(300);
  const ws = tempWorkspace(files);
  const cache = join(ws.root, '.cache');
  mkdirSync(cache);
  writeFileSync(join(cache, 'packages.json'), JSON.stringify({ python: Array.from({ length: 5_000 }, (_, i) => `package-${i}`), node: [] }));
  const client = await LspTestClient.start({ rootPath: ws.root, initializationOptions: { diagnosticsDelay: 0, cacheDirectory: cache } });
  try {
    const readme = `${largeReadme(5_000)}\n${fence}\n`;
    const readmeUri = ws.uri('big/README.md');
    await client.open(readmeUri, 'markdown', readme);
    await client.diagnostics(readmeUri, 1);
    const fenceLine = readme.split('\n').length - 2;
    const atFence = { textDocument: { uri: readmeUri }, position: { line: fenceLine, character: 3 } };
    const blocks = ((await client.request<{ items: { label: string }[] }>('textDocument/completion', atFence)).items).filter((i) => i.label.includes(' block')).length;
    const completion = await times(41, () => client.request('textDocument/completion', atFence));
    console.log(`  whole blocks at a bare fence after 5,000 lines (${blocks} blocks offered): median ${ms(median(completion))}, p95 ${ms(p95(completion))}`);

    const depsUri = ws.uri('deps/README.md');
    await client.open(depsUri, 'markdown', `${fence}text markpact:deps python\npackage 4999!\n${fence}\n\n${fence}bash markpact:run\npython3 app.py\n${fence}\n`);
    const invalid = (await client.diagnostics(depsUri, 1)).find((d: Diagnostic) => d.code === 'invalid-requirement')!;
    const fixes = await times(41, () => client.request('textDocument/codeAction', { textDocument: { uri: depsUri }, range: invalid.range, context: { diagnostics: [invalid] } }));
    console.log(`  invalid-requirement fixes against 5,000 cached names: median ${ms(median(fixes))}, p95 ${ms(p95(fixes))}`);

    const yamlUri = ws.uri('star.pactown.yaml');
    await client.open(yamlUri, 'pactown', yaml);
    await client.diagnostics(yamlUri, 1, 60_000);
    const key = { textDocument: { uri: yamlUri }, position: { line: 1, character: 3 } };
    const edit = await client.request<{ changes: Record<string, unknown[]> }>('textDocument/rename', { ...key, newName: 'center' });
    const places = Object.values(edit.changes).reduce((n, edits) => n + edits.length, 0);
    const rename = await times(11, () => client.request('textDocument/rename', { ...key, newName: 'center' }));
    const references = await times(11, () => client.request('textDocument/references', { ...key, context: { includeDeclaration: true } }));
    console.log(`  rename of a service read by 299 READMEs (${Object.keys(edit.changes).length} files, ${places} places): median ${ms(median(rename))}, p95 ${ms(p95(rename))}; find references: median ${ms(median(references))}`);

    const ring = `services:\n${Array.from({ length: 5_000 }, (_, i) => `  s${i}:\n    readme: README.md\n    depends_on: [s${(i + 1) % 5_000}]\n`).join('')}`;
    const ringUri = ws.uri('ring.pactown.yaml');
    await client.open(ringUri, 'pactown', ring);
    await client.diagnostics(ringUri, 1, 60_000);
    const ringRename = await times(11, () => client.request('textDocument/rename', { textDocument: { uri: ringUri }, position: { line: 1, character: 3 }, newName: 'first' }));
    console.log(`  rename in a 5,000-service dependency ring: median ${ms(median(ringRename))}, p95 ${ms(p95(ringRename))}`);
  } finally {
    await client.stop();
    ws.remove();
  }
}
