import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateFilesMethod, type ValidatedFile } from '../../core/protocol/validateFiles';
import { fence, serverSession } from './fixtures';

const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => String(d.code)).sort();

const goodReadme = `# API\n\n${fence}python markpact:file path=main.py\nprint("hi")\n${fence}\n\n${fence}bash markpact:run\npython main.py\n${fence}\n`;

describe('diagnostics over the protocol (dist/server.js --stdio)', () => {
  const { ws, client: server } = serverSession({ 'api/README.md': goodReadme, 'web/README.md': `# Web\n\n${fence}html markpact:file path=index.html\n<p>hi</p>\n${fence}\n` });

  test('a bad README gets precise markpact diagnostics', async () => {
    const uri = ws.uri('bad/README.md');
    const text = `# Bad\n\n${fence}python markpact:fiel path=x.py\nx\n${fence}\n\n${fence}python markpact:file path=../../etc/passwd\nroot\n${fence}\n\n${fence}bash markpact:run\npython x.py\n${fence}\n`;
    await server().open(uri, 'markdown', text);
    const diagnostics = await server().diagnostics(uri);
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
    await server().open(uri, 'markdown', '# Notes\n\n```python\nprint(1)\n```\n');
    assert.deepEqual(await server().diagnostics(uri), []);
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
    await server().open(uri, 'pactown', text);
    const diagnostics = await server().diagnostics(uri);
    assert.deepEqual(codes(diagnostics), ['port-conflict', 'readme-no-run', 'readme-not-found', 'unknown-field', 'unknown-service'].sort());
    for (const d of diagnostics) assert.equal(d.source, 'pactown');
    const noRun = diagnostics.find((d) => d.code === 'readme-no-run')!;
    assert.equal(noRun.range.start.line, 7);
  });

  test('a fence that swallows the README: one diagnostic at the opening fence, no knock-on no-run', async () => {
    const uri = ws.uri('swallowed/README.md');
    // The first block is never closed: the run block after it is its content, then a fence of its own.
    const text = `# Svc\n\n${fence}bash\npip install -r requirements.txt\n\n${fence}python markpact:file path=main.py\nprint(1)\n${fence}\n\n${fence}bash markpact:run\npython main.py\n`;
    await server().open(uri, 'markdown', text);
    const diagnostics = await server().diagnostics(uri);
    assert.deepEqual(codes(diagnostics), ['nested-fence']);
    assert.deepEqual(diagnostics[0].range.start, { line: 2, character: 0 });
    assert.match(String(diagnostics[0].message), /opens inside it at line 6: Markdown ends this block at line 8 instead.*Close this block before line 6/);
    const tail = ws.uri('tail/README.md');
    await server().open(tail, 'markdown', `# Svc\n\n${fence}python markpact:file path=main.py\nprint(1)\n${fence}\n\n${fence}bash markpact:run\npython main.py\n\n## More\n`);
    const [unclosed, ...others] = await server().diagnostics(tail);
    assert.deepEqual([unclosed.code, unclosed.range.start, others], ['unclosed-fence', { line: 6, character: 0 }, []]);
    assert.match(String(unclosed.message), /^this fence is never closed: everything after line 7 is inside it/);
  });

  test('a YAML syntax error is reported alone until it is fixed', async () => {
    const uri = ws.uri('broken.pactown.yaml');
    await server().open(uri, 'pactown', 'name: shop\nservices:\n  api:\n    readme: [missing/README.md\n    port: 8001\n  web:\n    readme: ghost/README.md\n    port: 8001\n');
    const diagnostics = await server().diagnostics(uri);
    assert.ok(diagnostics.length > 0);
    assert.deepEqual([...new Set(codes(diagnostics))], ['yaml-syntax']);
    // Once it parses, the real findings come back.
    const fixed = await server().change(uri, 'name: shop\nservices:\n  api:\n    readme: missing/README.md\n    port: 8001\n  web:\n    readme: ghost/README.md\n    port: 8001\n');
    await server().waitForPublished(uri, (p) => p.version === fixed && p.diagnostics.some((d) => d.code === 'readme-not-found'));
  });

  test('ecosystem diagnostics follow edits of the READMEs they reference', async () => {
    const yamlUri = ws.uri('follow.pactown.yaml');
    await server().open(yamlUri, 'pactown', 'services:\n  web:\n    readme: web/README.md\n');
    assert.deepEqual(codes(await server().diagnostics(yamlUri)), ['readme-no-run']);
    const readmeUri = ws.uri('web/README.md');
    await server().open(readmeUri, 'markdown', `# Web\n\n${fence}html markpact:file path=index.html\n<p>hi</p>\n${fence}\n`);
    await server().change(readmeUri, `# Web\n\n${fence}html markpact:file path=index.html\n<p>hi</p>\n${fence}\n\n${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n`);
    await server().waitForPublished(yamlUri, (p) => p.diagnostics.length === 0);
    // Closing the README without saving: the ecosystem sees the file on disk again.
    await server().close(readmeUri);
    await server().waitForPublished(yamlUri, (p) => codes(p.diagnostics).join() === 'readme-no-run');
  });

  test('ecosystem diagnostics follow README changes on disk (watched files)', async () => {
    const yamlUri = ws.uri('disk.pactown.yaml');
    await server().open(yamlUri, 'pactown', 'services:\n  worker:\n    readme: worker/README.md\n');
    assert.deepEqual(codes(await server().diagnostics(yamlUri)), ['readme-not-found']);
    ws.write('worker/README.md', goodReadme);
    await server().connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('worker/README.md'), type: 1 }] });
    await server().waitForPublished(yamlUri, (p) => p.diagnostics.length === 0);
  });

  test('diagnostics are cleared when a document closes', async () => {
    const uri = ws.uri('closing/README.md');
    await server().open(uri, 'markdown', `${fence}python markpact:nope\nx\n${fence}\n`);
    assert.equal((await server().diagnostics(uri)).length > 0, true);
    await server().close(uri);
    await server().waitForPublished(uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
  });

  test('results carry the version they were computed for; the last version wins', async () => {
    const uri = ws.uri('versions/README.md');
    await server().open(uri, 'markdown', goodReadme);
    await server().diagnostics(uri, 1);
    let version = 1;
    for (let i = 0; i < 5; i++) version = await server().change(uri, goodReadme.replace('markpact:run', i % 2 ? 'markpact:runn' : 'markpact:run'));
    const last = await server().diagnostics(uri, version);
    assert.deepEqual(codes(last), []);
    assert.equal(server().lastPublished(uri)?.version, version);
  });
});

describe('per-code severity from settings', () => {
  const { ws, client: server } = serverSession({}, { severity: { 'legacy-header': 'off', 'unknown-kind': 'hint' } });

  test('off hides a code; another level replaces the default', async () => {
    const uri = ws.uri('README.md');
    await server().open(uri, 'markdown', `${fence}markpact:run\npython main.py\n${fence}\n\n${fence}python markpact:fiel path=main.py\nx\n${fence}\n`);
    const diagnostics = await server().diagnostics(uri);
    assert.deepEqual(codes(diagnostics), ['unknown-kind']);
    assert.equal(diagnostics[0].severity, 4);
  });
});

describe('"Validate workspace" (markpact/validateFiles)', () => {
  const { ws, client: server } = serverSession({
    'closed/README.md': `${fence}python markpact:fiel path=x.py\nx\n${fence}\n`,
    'edited/README.md': goodReadme,
    'huge/README.md': `${fence}python markpact:fiel path=x.py\n${'x'.repeat(9 * 1024 * 1024)}\n${fence}\n`,
    'notes.txt': 'not markpact',
  });

  test('checks closed files from disk and open ones as edited, skips what it cannot read, publishes nothing', async () => {
    const edited = ws.uri('edited/README.md');
    await server().open(edited, 'markdown', goodReadme.replace('markpact:run', 'markpact:runn'));
    await server().diagnostics(edited);
    const uris = ['closed/README.md', 'edited/README.md', 'huge/README.md', 'notes.txt', 'missing/README.md'].map((name) => ws.uri(name));
    const results = await server().request<ValidatedFile[]>(validateFilesMethod, { uris });
    assert.deepEqual(results.map((r) => r.uri), [ws.uri('closed/README.md'), edited], 'a file over the size limit, a non-markpact file and a missing one are skipped');
    assert.deepEqual(codes(results[0].diagnostics), ['unknown-kind']);
    assert.deepEqual(codes(results[1].diagnostics), ['unknown-kind'], 'the unsaved text, not the disk');
    assert.equal(server().lastPublished(ws.uri('closed/README.md')), undefined, 'a closed file gets no published diagnostics');
  });
});
