import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspTestClient } from './lspClient';
import { fence, tempWorkspace } from './fixtures';

const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => String(d.code)).sort();

const goodReadme = `# API\n\n${fence}python markpact:file path=main.py\nprint("hi")\n${fence}\n\n${fence}bash markpact:run\npython main.py\n${fence}\n`;

describe('diagnostics over the protocol (dist/server.js --stdio)', () => {
  const ws = tempWorkspace({ 'api/README.md': goodReadme, 'web/README.md': `# Web\n\n${fence}html markpact:file path=index.html\n<p>hi</p>\n${fence}\n` });
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ rootPath: ws.root });
  });
  after(async () => {
    await client.stop();
    ws.remove();
  });

  test('a bad README gets precise markpact diagnostics', async () => {
    const uri = ws.uri('bad/README.md');
    const text = `# Bad\n\n${fence}python markpact:fiel path=x.py\nx\n${fence}\n\n${fence}python markpact:file path=../../etc/passwd\nroot\n${fence}\n\n${fence}bash markpact:run\npython x.py\n${fence}\n`;
    await client.open(uri, 'markdown', text);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(codes(diagnostics), ['unknown-kind', 'unsafe-path']);
    for (const d of diagnostics) assert.equal(d.source, 'markpact');
    const unknown = diagnostics.find((d) => d.code === 'unknown-kind')!;
    assert.deepEqual(unknown.range, { start: { line: 2, character: 19 }, end: { line: 2, character: 23 } });
    assert.match(String(unknown.message), /file/);
    const unsafe = diagnostics.find((d) => d.code === 'unsafe-path')!;
    assert.equal(text.split('\n')[6].slice(unsafe.range.start.character, unsafe.range.end.character), '../../etc/passwd');
  });

  test('Markdown without markpact blocks gets no diagnostics', async () => {
    const uri = ws.uri('notes.md');
    await client.open(uri, 'markdown', '# Notes\n\n```python\nprint(1)\n```\n');
    assert.deepEqual(await client.diagnostics(uri), []);
  });

  test('a bad ecosystem gets pactown diagnostics, cross-file ones included', async () => {
    const uri = ws.uri('shop.pactown.yaml');
    const text = [
      'name: shop',
      'services:',
      '  api:',
      '    readme: api/README.md',
      '    port: 8001',
      '    depends_on: [db]',
      '  web:',
      '    readme: web/README.md',
      '    port: 8001',
      '    helth_check: /health',
      '  ghost:',
      '    readme: ghost/README.md',
      '',
    ].join('\n');
    await client.open(uri, 'pactown', text);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(codes(diagnostics), ['port-conflict', 'readme-no-run', 'readme-not-found', 'unknown-field', 'unknown-service'].sort());
    for (const d of diagnostics) assert.equal(d.source, 'pactown');
    const noRun = diagnostics.find((d) => d.code === 'readme-no-run')!;
    assert.equal(noRun.range.start.line, 7);
  });

  test('ecosystem diagnostics follow edits of the READMEs they reference', async () => {
    const yamlUri = ws.uri('follow.pactown.yaml');
    await client.open(yamlUri, 'pactown', 'services:\n  web:\n    readme: web/README.md\n');
    assert.deepEqual(codes(await client.diagnostics(yamlUri)), ['readme-no-run']);
    const readmeUri = ws.uri('web/README.md');
    await client.open(readmeUri, 'markdown', `# Web\n\n${fence}html markpact:file path=index.html\n<p>hi</p>\n${fence}\n`);
    await client.change(readmeUri, `# Web\n\n${fence}html markpact:file path=index.html\n<p>hi</p>\n${fence}\n\n${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n`);
    await client.waitForPublished(yamlUri, (p) => p.diagnostics.length === 0);
    // Closing the README without saving: the ecosystem sees the file on disk again.
    await client.close(readmeUri);
    await client.waitForPublished(yamlUri, (p) => codes(p.diagnostics).join() === 'readme-no-run');
  });

  test('diagnostics are cleared when a document closes', async () => {
    const uri = ws.uri('closing/README.md');
    await client.open(uri, 'markdown', `${fence}python markpact:nope\nx\n${fence}\n`);
    assert.equal((await client.diagnostics(uri)).length > 0, true);
    await client.close(uri);
    await client.waitForPublished(uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
  });

  test('results carry the version they were computed for; the last version wins', async () => {
    const uri = ws.uri('versions/README.md');
    await client.open(uri, 'markdown', goodReadme);
    await client.diagnostics(uri, 1);
    let version = 1;
    for (let i = 0; i < 5; i++) version = await client.change(uri, goodReadme.replace('markpact:run', i % 2 ? 'markpact:runn' : 'markpact:run'));
    const last = await client.diagnostics(uri, version);
    assert.deepEqual(codes(last), []);
    assert.equal(client.lastPublished(uri)?.version, version);
  });
});

describe('per-code severity from settings', () => {
  const ws = tempWorkspace();
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ rootPath: ws.root, initializationOptions: { severity: { 'legacy-header': 'off', 'unknown-kind': 'hint' } } });
  });
  after(async () => {
    await client.stop();
    ws.remove();
  });

  test('off hides a code; another level replaces the default', async () => {
    const uri = ws.uri('README.md');
    await client.open(uri, 'markdown', `${fence}markpact:run\npython main.py\n${fence}\n\n${fence}python markpact:fiel path=main.py\nx\n${fence}\n`);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(codes(diagnostics), ['unknown-kind']);
    assert.equal(diagnostics[0].severity, 4);
  });
});
