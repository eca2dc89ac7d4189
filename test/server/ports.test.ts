import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fence, serverSession } from './fixtures';

const readme = `# API\n\n${fence}text markpact:deps python\nfastapi\n${fence}\n\n${fence}bash markpact:run\nuvicorn main:app --host 0.0.0.0 --port 8000 --reload\n${fence}\n`;
const yaml = 'name: shop\nservices:\n  api:\n    readme: api/README.md\n    port: 18400\n  my api:\n    readme: other/README.md\n  web:\n    readme: other/README.md\n    depends_on: [my api]\n';
const other = `# Other\n\n${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n`;

describe('hard-coded ports, --reload and derived names over the protocol', () => {
  const { ws, client: server } = serverSession({ 'api/README.md': readme, 'other/README.md': other, 'shop.pactown.yaml': yaml });
  const fixes = (uri: string, diagnostic: Diagnostic) =>
    server().request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });

  test('the ecosystem gets hard-coded-port at the readme: line; its quick fix edits the README, which then validates clean', async () => {
    const yamlUri = ws.uri('shop.pactown.yaml');
    await server().open(yamlUri, 'pactown', yaml);
    const diagnostics = await server().diagnostics(yamlUri);
    const port = diagnostics.find((d) => d.code === 'hard-coded-port')!;
    assert.ok(port, JSON.stringify(diagnostics));
    assert.equal(port.severity, 2);
    assert.deepEqual(port.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 25 } });
    assert.match(String(port.message), /'api' gets its port: 18400 here, but api\/README\.md line 8 hard-codes 8000/);
    const [action] = await fixes(yamlUri, port);
    const readmeUri = ws.uri('api/README.md');
    const edits = action.edit!.changes![readmeUri];
    assert.ok(edits, 'the fix edits the README');
    const fixed = TextDocument.applyEdits(TextDocument.create(readmeUri, 'markdown', 1, readme), edits);
    assert.match(fixed, /--port \$\{MARKPACT_PORT:-8000\} --reload/);

    // With the README open in the editor, the README itself shows the diagnostic (the server knows who uses it).
    await server().open(readmeUri, 'markdown', readme);
    const inReadme = await server().diagnostics(readmeUri);
    assert.deepEqual(inReadme.map((d) => String(d.code)).sort(), ['hard-coded-port', 'uvicorn-reload']);
    const onRun = inReadme.find((d) => d.code === 'hard-coded-port')!;
    const column = readme.split('\n')[7].indexOf('8000');
    assert.deepEqual(onRun.range, { start: { line: 7, character: column }, end: { line: 7, character: column + 4 } });
    assert.match(String(onRun.message), /'api' in shop\.pactown\.yaml runs it on port 18400/);
    const [readmeFix] = await fixes(readmeUri, onRun);
    const reloaded = TextDocument.applyEdits(TextDocument.create(readmeUri, 'markdown', 1, readme), readmeFix.edit!.changes![readmeUri]);
    assert.equal(reloaded, fixed, 'the same edit from either side');

    // Applied: both documents re-validate without it.
    await server().change(readmeUri, reloaded);
    await server().waitForPublished(readmeUri, (p) => p.diagnostics.map((d) => String(d.code)).join() === 'uvicorn-reload');
    await server().waitForPublished(yamlUri, (p) => !p.diagnostics.some((d) => d.code === 'hard-coded-port'));
    const reload = server().lastPublished(readmeUri)!.diagnostics[0];
    assert.equal(reload.severity, 4, 'a hint');
    const [remove] = await fixes(readmeUri, reload);
    const noReload = TextDocument.applyEdits(TextDocument.create(readmeUri, 'markdown', 1, reloaded), remove.edit!.changes![readmeUri]);
    assert.match(noReload, /--port \$\{MARKPACT_PORT:-8000\}\n/);
    await server().change(readmeUri, noReload);
    await server().waitForPublished(readmeUri, (p) => p.diagnostics.length === 0);
  });

  test('a quick fix never edits a file that no service of the ecosystem runs (the data comes back from the client)', async () => {
    const yamlUri = ws.uri('shop.pactown.yaml');
    const forged: Diagnostic = {
      source: 'pactown', code: 'hard-coded-port', message: 'x', range: { start: { line: 3, character: 12 }, end: { line: 3, character: 25 } },
      data: { path: '/etc/passwd', replacement: 'x', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } } },
    };
    assert.deepEqual(await fixes(yamlUri, forged), []);
  });

  test('a name with a space: a warning, a hover with its folder and variable, and the rename fix', async () => {
    const yamlUri = ws.uri('shop.pactown.yaml');
    const diagnostics = await server().diagnostics(yamlUri);
    const derived = diagnostics.find((d) => d.code === 'derived-service-name')!;
    assert.equal(derived.severity, 2);
    assert.deepEqual(derived.range.start, { line: 5, character: 2 });
    assert.ok(!diagnostics.some((d) => d.code === 'invalid-service-name'));
    const hover = await server().request<Hover>('textDocument/hover', { textDocument: { uri: yamlUri }, position: { line: 5, character: 4 } });
    assert.match(JSON.stringify(hover.contents), /folder `my_api`, env `MY_API_URL`/);
    const [rename] = await fixes(yamlUri, derived);
    const renamed = TextDocument.applyEdits(TextDocument.create(yamlUri, 'pactown', 1, yaml), rename.edit!.changes![yamlUri]);
    assert.match(renamed, /\n {2}my_api:\n/);
    assert.match(renamed, /depends_on: \[my_api\]/);
  });
});
