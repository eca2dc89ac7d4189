// The language server under crafted documents (the cases of test/server/hostile.test.ts, each in
// a fresh server): the worst latency of any request (diagnostics after open, completion, hover,
// references, prepareRename and rename) and the server's peak memory. It asserts nothing; the goal is every request within 1 s and
// RSS ≤ 500 MB on any document up to 10 MB.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { LspTestClient } from '../test/server/lspClient';
import { tempWorkspace } from '../test/server/fixtures';

const fence = '```';
const run = 250_000;

interface Case {
  name: string;
  file: string;
  languageId: string;
  text: () => string;
  /** Where to ask for completion and hover. */
  at?: { line: number; character: number };
  /** Edits of one character, then diagnostics, this many times. */
  edits?: { line: number; count: number };
}

const cases: Case[] = [
  { name: 'dependency ring, 5,000 services', file: 'ring.pactown.yaml', languageId: 'pactown', text: () => `services:\n${Array.from({ length: 5_000 }, (_, i) => `  s${i}:\n    readme: README.md\n    depends_on: [s${(i + 1) % 5_000}]\n`).join('')}`, at: { line: 3, character: 17 } },
  { name: 'fence line with a 250 K word', file: 'word.md', languageId: 'markdown', text: () => `${fence}python markpact:file ${'w'.repeat(run)} \nprint(1)\n${fence}\n`, at: { line: 0, character: 22 + run } },
  { name: 'block body of 250 K blanks', file: 'blanks.md', languageId: 'markdown', text: () => `${fence}bash markpact:run\n${' '.repeat(run)}x\n${fence}\n`, at: { line: 1, character: run / 2 } },
  { name: 'YAML flow list after a 250 K item', file: 'flow.pactown.yaml', languageId: 'pactown', text: () => `services:\n  a:\n    readme: README.md\n    depends_on: [${'x'.repeat(run)}, `, at: { line: 3, character: run + 19 } },
  { name: 'run line of 250 K port-like text and a file of 100 K run( calls', file: 'ports.md', languageId: 'markdown', text: () => `${fence}bash markpact:run\nuvicorn a:b --port${' '.repeat(run)}x${' :'.repeat(run / 4)} --reload\n${fence}\n${fence}python markpact:file path=app.py\n${'run('.repeat(run / 2.5)}\n${fence}\n`, at: { line: 1, character: 20 } },
  { name: 'unclosed fence ending in 250 K tildes', file: 'tildes.md', languageId: 'markdown', text: () => `~~~bash markpact:run\necho\n${'~'.repeat(run)}x`, at: { line: 1, character: 2 } },
  { name: '1.4 MB info string', file: 'info.md', languageId: 'markdown', text: () => `${fence}python markpact:file ${'a=b '.repeat(350_000)}\nx\n${fence}\n`, at: { line: 1, character: 0 } },
  { name: '10,000 nested quotes before a fence', file: 'quotes.md', languageId: 'markdown', text: () => `${'>'.repeat(10_000)} ${fence}bash markpact:run\necho\n${fence}\n`, at: { line: 1, character: 2 } },
  { name: 'bare fence above 10 MB of prose', file: 'prose.md', languageId: 'markdown', text: () => `${fence}\n${'lorem ipsum dolor sit amet\n'.repeat(400_000)}`, at: { line: 0, character: 3 } },
  { name: '10 MB README of blocks', file: 'big.md', languageId: 'markdown', text: () => `${fence}python markpact:file path=a.py\nprint(1)\n${fence}\n\n`.repeat(250_000), at: { line: 1, character: 0 } },
  { name: '10 MB ecosystem', file: 'big.pactown.yaml', languageId: 'pactown', text: () => `services:\n${Array.from({ length: 160_000 }, (_, i) => `  s${i}:\n    readme: README.md\n    port: ${10000 + (i % 50000)}\n`).join('')}`, at: { line: 5, character: 4 } },
  { name: '512 KB README just over the markpact budget', file: 'many.md', languageId: 'markdown', text: () => `${fence}python markpact:file path=a.py\nprint(1)\n${fence}\n\n`.repeat(13_000), at: { line: 1, character: 0 } },
  { name: 'template block of 50 K unclosed ${ask: defaults', file: 'ask.md', languageId: 'markdown', text: () => `${fence}text markpact:file path=a template=true\n${'${ask:a:-'.repeat(50_000)}\n${fence}\n`, at: { line: 1, character: 10 } },
  { name: 'template block of 10 K malformed ${env:} lines', file: 'env.md', languageId: 'markdown', text: () => `${fence}text markpact:file path=a template=true\n${'${env:1X}\n'.repeat(10_000)}${fence}\n`, at: { line: 1, character: 3 } },
  { name: '1 MB nested YAML list', file: 'nested.pactown.yaml', languageId: 'pactown', text: () => `services:\n  a:\n    readme: README.md\n    env: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`, at: { line: 3, character: 10 } },
  {
    name: '300 one-character edits of a 4,000-line block', file: 'edits.md', languageId: 'markdown',
    text: () => `${fence}python markpact:file path=big.py\n${Array.from({ length: 4_000 }, (_, i) => `line ${i} of a long file block`).join('\n')}\n${fence}\n${fence}bash markpact:run\npython big.py\n${fence}\n`,
    edits: { line: 2_000, count: 300 },
  },
];

/** A refused rename is an answer too (most positions are no service name). */
const refused = () => undefined;

const rssMB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export async function benchHostile(): Promise<void> {
  console.log('hostile documents, each in a fresh server (worst request latency, peak RSS):');
  let worst = 0;
  let worstRss = 0;
  for (const c of cases) {
    const ws = tempWorkspace({ 'README.md': `${fence}bash markpact:run\necho\n${fence}\n` });
    const client = await LspTestClient.start({ rootPath: ws.root });
    try {
      const uri = ws.uri(c.file);
      const text = c.text();
      const latencies = [await timed(async () => {
        await client.open(uri, c.languageId, text);
        await client.diagnostics(uri, 1, 120_000);
      })];
      let peak = rssMB(client.process.pid!);
      if (c.at) {
        for (const method of ['textDocument/completion', 'textDocument/hover', 'textDocument/prepareRename']) latencies.push(await timed(() => client.request(method, { textDocument: { uri }, position: c.at }).catch(refused)));
        latencies.push(await timed(() => client.request('textDocument/references', { textDocument: { uri }, position: c.at, context: { includeDeclaration: true } })));
        latencies.push(await timed(() => client.request('textDocument/rename', { textDocument: { uri }, position: c.at, newName: 'renamed' }).catch(refused)));
      }
      for (let i = 0; i < (c.edits?.count ?? 0); i++) {
        latencies.push(await timed(async () => {
          const version = await client.edit(uri, { start: { line: c.edits!.line, character: 0 }, end: { line: c.edits!.line, character: 0 } }, 'x');
          await client.diagnostics(uri, version, 120_000);
        }));
        if (i % 25 === 0) peak = Math.max(peak, rssMB(client.process.pid!));
      }
      peak = Math.max(peak, rssMB(client.process.pid!));
      const slowest = Math.max(...latencies);
      worst = Math.max(worst, slowest);
      worstRss = Math.max(worstRss, peak);
      console.log(`  ${c.name} (${(text.length / 1024 / 1024).toFixed(1)} MB): slowest request ${slowest.toFixed(0)} ms, peak RSS ${peak.toFixed(0)} MB`);
    } finally {
      await client.stop();
      ws.remove();
    }
  }
  console.log(`  worst over all cases: ${worst.toFixed(0)} ms (target ≤ 1,000 ms), peak RSS ${worstRss.toFixed(0)} MB (target ≤ 500 MB)`);
}
