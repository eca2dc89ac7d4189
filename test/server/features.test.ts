import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CodeAction, CompletionItem, CompletionList, Hover, Location, LocationLink } from 'vscode-languageserver-protocol';
import { fence, serverSession } from './fixtures';

const labels = (result: CompletionList | CompletionItem[] | null) => (Array.isArray(result) ? result : (result?.items ?? [])).map((i) => i.label);
const hoverText = (h: Hover | null) => (h ? (typeof h.contents === 'string' ? h.contents : 'value' in h.contents ? h.contents.value : JSON.stringify(h.contents)) : '');

describe('editor features over the protocol', () => {
  const readme = `# API\n\n${fence}python markpact:file path=main.py\nprint(1)\n${fence}\n\n${fence}bash markpact:run\npython main.py\n${fence}\n`;
  const { ws, client: server } = serverSession({ 'api/README.md': readme });

  test('completion offers block kinds after markpact:', async () => {
    const uri = ws.uri('new/README.md');
    await server().open(uri, 'markdown', `${fence}python markpact:\n`);
    const result = await server().request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 19 } });
    for (const kind of ['deps', 'file', 'run', 'test']) assert.ok(labels(result).includes(kind), kind);
  });

  test('completion offers service names in depends_on, hover explains a key, definition opens the README', async () => {
    const uri = ws.uri('eco.pactown.yaml');
    const text = 'services:\n  api:\n    readme: api/README.md\n  web:\n    readme: api/README.md\n    depends_on: [ ]\n';
    await server().open(uri, 'pactown', text);
    const completion = await server().request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 17 } });
    assert.deepEqual(labels(completion), ['api']);
    const hover = await server().request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 6 } });
    assert.match(hoverText(hover), /README/);
    const definition = await server().request<Location | Location[] | LocationLink[]>('textDocument/definition', { textDocument: { uri }, position: { line: 2, character: 14 } });
    const target = Array.isArray(definition) ? definition[0] : definition;
    assert.equal('targetUri' in target ? target.targetUri : target.uri, ws.uri('api/README.md'));
  });

  test('a quick fix replaces an unknown kind with the nearest one', async () => {
    const uri = ws.uri('fix/README.md');
    await server().open(uri, 'markdown', `${fence}bash markpact:rnu\necho\n${fence}\n`);
    const diagnostics = await server().diagnostics(uri);
    const actions = await server().request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    const edit = actions.find((a) => a.title.includes('run'))?.edit?.changes?.[uri]?.[0];
    assert.equal(edit?.newText, 'run');
  });

  test('hostile documents neither crash nor stall the server', async () => {
    const binary = ws.uri('binary.md');
    await server().open(binary, 'markdown', '\u0000\u0001\u0002PNG\uFFFD'.repeat(50_000));
    await server().diagnostics(binary);
    const huge = ws.uri('huge.md');
    await server().open(huge, 'markdown', `${fence}bash markpact:run\necho hi\n${fence}\n` + 'lorem ipsum dolor sit amet\n'.repeat(400_000));
    await server().diagnostics(huge);
    const bomb = ws.uri('bomb.pactown.yaml');
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    await server().open(bomb, 'pactown', `${levels.join('\n')}\nservices:\n  api:\n    env: *j\n<<<<<<< HEAD\n=======\n>>>>>>> branch\n`);
    assert.ok((await server().diagnostics(bomb)).length > 0);
    const hover = await server().request<Hover | null>('textDocument/hover', { textDocument: { uri: ws.uri('api/README.md') }, position: { line: 0, character: 0 } });
    assert.equal(hover, null); // not open: the server answers, with nothing
  });
});
