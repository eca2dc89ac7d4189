// Crafted documents of ordinary size over the real protocol: each must be checked (or said to be
// too large) and every request answered, with bounded memory, and the server must not crash.
// Deadlines here catch a stall; the latencies themselves are measured by `npm run bench`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fence, tempWorkspace } from './fixtures';
import { LspTestClient } from './lspClient';

const stall = 15_000;
const ws = tempWorkspace({ 'README.md': `${fence}bash markpact:run\necho\n${fence}\n` });
let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start({ rootPath: ws.root });
});
after(async () => {
  await client.stop();
  ws.remove();
});

let opened = 0;
async function check(name: string, languageId: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = ws.uri(`${opened++}-${name}`);
  await client.open(uri, languageId, text);
  return { uri, diagnostics: await client.diagnostics(uri, 1, stall) };
}

const ask = (method: string, uri: string, line: number, character: number) => client.request(method, { textDocument: { uri }, position: { line, character } });
const rssMB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${client.process.pid}/status`, 'utf8'))![1]) / 1024;

describe('hostile documents over the real protocol', () => {
  test('a dependency ring of 5,000 services: one diagnostic naming the cycle, abbreviated', async () => {
    const n = 5_000;
    const { diagnostics } = await check('ring.pactown.yaml', 'pactown', `services:\n${Array.from({ length: n }, (_, i) => `  s${i}:\n    readme: README.md\n    depends_on: [s${(i + 1) % n}]\n`).join('')}`);
    const cycles = diagnostics.filter((d) => d.code === 'dependency-cycle');
    assert.equal(cycles.length, 1);
    assert.match(String(cycles[0].message), /dependency cycle \(5000 services\): s0 → s1 → .* → … \(4,989 more\) → .* → s0/);
    assert.ok(JSON.stringify(diagnostics).length < 20_000);
  });

  test('authoring requests: rename and references in the 5,000-service ring, whole blocks at a fence above 10 MB of prose', async () => {
    const n = 5_000;
    // Its own README: the first ring, still open, runs README.md with the same names (a rename there is refused).
    const { uri } = await check('ring2.pactown.yaml', 'pactown', `services:\n${Array.from({ length: n }, (_, i) => `  s${i}:\n    readme: ring2.md\n    depends_on: [s${(i + 1) % n}]\n`).join('')}`);
    const edit = await client.request<{ changes: Record<string, unknown[]> }>('textDocument/rename', { textDocument: { uri }, position: { line: 3, character: 17 }, newName: 'renamed' });
    assert.equal(edit.changes[uri].length, 2);
    const refs = await client.request<unknown[]>('textDocument/references', { textDocument: { uri }, position: { line: 1, character: 3 }, context: { includeDeclaration: true } });
    assert.equal(refs.length, 2);
    const prose = await check('prose.md', 'markdown', `${fence}\n${'lorem ipsum dolor sit amet\n'.repeat(400_000)}`);
    const list = await client.request<{ items: { label: string; textEdit: { newText: string } }[] }>('textDocument/completion', { textDocument: { uri: prose.uri }, position: { line: 0, character: 3 } });
    assert.ok(list.items.find((i) => i.label === 'file block')?.textEdit.newText.endsWith(`\n${fence}`), 'no fence below: the block gets its closing fence');
  });

  // Sizes at which the old quadratic patterns took minutes: a stall, caught by the deadline.
  test('long runs where regular expressions used to backtrack: fence words, blank bodies, YAML flow lists, closing fences, info strings, template placeholders', async () => {
    const run = 250_000;
    const word = 'w'.repeat(run);
    const fenceWord = await check('word.md', 'markdown', `${fence}python markpact:file ${word} \nprint(1)\n${fence}\n`);
    await ask('textDocument/completion', fenceWord.uri, 0, 22 + word.length);
    await ask('textDocument/completion', fenceWord.uri, 0, 21 + word.length);
    const blanks = await check('blanks.md', 'markdown', `${fence}bash markpact:run\n${' '.repeat(run)}x\n${fence}\n`);
    await ask('textDocument/hover', blanks.uri, 1, run / 2);
    await ask('textDocument/completion', blanks.uri, 1, run + 1);
    const flow = await check('flow.pactown.yaml', 'pactown', `services:\n  a:\n    readme: README.md\n    depends_on: [${'x'.repeat(run)}, `);
    await ask('textDocument/completion', flow.uri, 3, run + 19);
    const keys = await check('keys.pactown.yaml', 'pactown', `services:\n  a${' '.repeat(run)}b\n`);
    await ask('textDocument/completion', keys.uri, 1, run / 2);
    const tildes = await check('tildes.md', 'markdown', `~~~bash markpact:run\necho\n${'~'.repeat(run)}x`);
    assert.ok(Array.isArray(tildes.diagnostics));
    const info = await check('info.md', 'markdown', `${fence}python markpact:file ${'a=b '.repeat(350_000)}\nx\n${fence}\n`);
    await ask('textDocument/hover', info.uri, 1, 0);
    await ask('textDocument/completion', info.uri, 0, 100);
    const include = await check('include.md', 'markdown', `${fence}bash markpact:run\necho\n${fence}\n<!-- markpact:include path=${'-'.repeat(run)}x ${'<!-- markpact:include '.repeat(20_000)}\n`);
    assert.ok(Array.isArray(include.diagnostics));
    // template=true bodies: placeholders that never close, and a flood of malformed ones (reported 50 at most).
    const asks = await check('asks.md', 'markdown', `${fence}text markpact:file path=a template=true\n${'${ask:a:-'.repeat(50_000)}\n${fence}\n`);
    assert.equal(asks.diagnostics.filter((d) => d.code === 'template-placeholder').length, 1, 'one unterminated ${ask: per line');
    const envs = await check('envs.md', 'markdown', `${fence}text markpact:file path=a template=true\n${'${env:1X}\n'.repeat(10_000)}${fence}\n`);
    assert.equal(envs.diagnostics.filter((d) => d.code === 'template-placeholder').length, 50);
  });

  test('10,000 nested quotes before a fence, and an include of 140,000 blocks: checked, no stack overflow', async () => {
    const quotes = await check('quotes.md', 'markdown', `${'>'.repeat(10_000)} ${fence}bash markpact:run\necho\n${fence}\n`);
    assert.ok(!quotes.diagnostics.some((d) => d.code === 'not-checked'), JSON.stringify(quotes.diagnostics));
    ws.write('huge.md', `${fence}text markpact:file path=a.txt\nx\n${fence}\n`.repeat(140_000));
    const including = await check('including.md', 'markdown', `<!-- markpact:include path=huge.md -->\n\n${fence}bash markpact:run\necho\n${fence}\n`);
    assert.ok(!including.diagnostics.some((d) => d.code === 'not-checked'), JSON.stringify(including.diagnostics.slice(0, 3)));
  });

  test('size alone: a 10 MB README and a 10 MB ecosystem are said to be too large; a deeply nested YAML value is checked', async () => {
    const block = `${fence}python markpact:file path=a.py\nprint(1)\n${fence}\n\n`;
    const readme = await check('big.md', 'markdown', block.repeat(Math.ceil(10_000_000 / block.length)));
    assert.deepEqual(readme.diagnostics.map((d) => d.code), ['file-too-large']);
    assert.match(String(readme.diagnostics[0].message), /is 9\.5 MB: markpact checks READMEs up to 4\.0 MB/);
    await ask('textDocument/hover', readme.uri, 1, 0);
    await ask('textDocument/completion', readme.uri, 0, 10);
    const yaml = await check('big.pactown.yaml', 'pactown', `services:\n${Array.from({ length: 160_000 }, (_, i) => `  s${i}:\n    readme: README.md\n    port: ${10000 + (i % 50000)}\n`).join('')}`);
    assert.deepEqual(yaml.diagnostics.map((d) => d.code), ['file-too-large']);
    await ask('textDocument/completion', yaml.uri, 5, 4);
    await client.request('textDocument/codeAction', { textDocument: { uri: yaml.uri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, context: { diagnostics: yaml.diagnostics } });
    const nested = await check('nested.pactown.yaml', 'pactown', `services:\n  a:\n    readme: README.md\n    env: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    assert.ok(nested.diagnostics.length > 0);
    // A README just over the markpact budget: checked up to it, and told where it stopped.
    const many = await check('many.md', 'markdown', block.repeat(Math.ceil(700_000 / block.length)));
    assert.ok(many.diagnostics.some((d) => d.code === 'file-too-large' && /Only the first 512\.0 KB of markpact blocks/.test(String(d.message))));
  });

  test('editing a large block 300 times keeps memory bounded (a server of its own)', async () => {
    await client.stop();
    client = await LspTestClient.start({ rootPath: ws.root });
    const body = Array.from({ length: 4_000 }, (_, i) => `line ${i} of a long file block`).join('\n');
    const { uri } = await check('edits.md', 'markdown', `${fence}python markpact:file path=big.py\n${body}\n${fence}\n${fence}bash markpact:run\npython big.py\n${fence}\n`);
    let peak = rssMB();
    for (let i = 0; i < 300; i++) {
      const version = await client.edit(uri, { start: { line: 2000, character: 0 }, end: { line: 2000, character: 0 } }, 'x');
      if (i % 25 === 24) {
        await client.diagnostics(uri, version, stall);
        peak = Math.max(peak, rssMB());
      }
    }
    await client.diagnostics(uri, undefined, stall);
    peak = Math.max(peak, rssMB());
    console.log(`    peak RSS while editing: ${peak.toFixed(0)} MB`);
    assert.ok(peak < 500, `peak RSS ${peak.toFixed(0)} MB`);
  });
});

test('bytes that are not the protocol: the server says so and exits, so the client restarts it', async () => {
  const server = spawn(process.execPath, [resolve('dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
  server.stdin.write('garbage bytes here\r\n\r\n\u0000\u0001{not json}\r\n');
  const timer = setTimeout(() => server.kill('SIGKILL'), stall);
  assert.equal(await exited, 1);
  clearTimeout(timer);
  assert.match(stderr, /the input is not the language server protocol/);
});
