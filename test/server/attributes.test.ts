import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { markpactContentHash } from '../../core/markpact/contentHash';
import { fence, serverSession } from './fixtures';

const labels = (result: CompletionList | null) => (result?.items ?? []).map((i) => i.label);
const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');
const RUN = `${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n`;

describe('kinds and block attributes of markpact 0.1.42 over the protocol', () => {
  const { ws, client: server } = serverSession({ 'hashed/app.py': 'print(1)\n' });
  let counter = 0;

  async function open(text: string, folder = `doc${++counter}`): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = ws.uri(`${folder}/README.md`);
    await server().open(uri, 'markdown', text);
    return { uri, diagnostics: await server().diagnostics(uri) };
  }

  async function fixes(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return server().request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  }

  /** Applies the action's edit of this document and re-validates it; returns the new text and its diagnostics. */
  async function apply(uri: string, text: string, action: CodeAction): Promise<{ text: string; diagnostics: Diagnostic[] }> {
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), action.edit!.changes![uri] ?? []);
    return { text: fixed, diagnostics: await server().diagnostics(uri, await server().change(uri, fixed)) };
  }

  test('the generator and deployment-runtime kinds give no diagnostics; unknown kinds are warnings, fixed only when a kind is near', async () => {
    const known = await open(['orchestration', 'state', 'config', 'steps', 'rollback'].map((k) => `${fence}yaml markpact:${k}\na: 1\n${fence}\n`).join('\n') + RUN);
    assert.deepEqual(known.diagnostics, []);
    const text = `${fence}text markpact:deeps python\nflask\n${fence}\n\n${fence}text markpact:con\nx\n${fence}\n\n${RUN}`;
    const { uri, diagnostics } = await open(text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, String(d.message).includes('Did you mean')]), [['unknown-kind', 2, true], ['unknown-kind', 2, false]]);
    const [deeps] = await fixes(uri, diagnostics[0]);
    assert.equal(deeps.title, "Change kind to 'deps'");
    const fixed = await apply(uri, text, deeps);
    assert.deepEqual(fixed.diagnostics.map((d) => d.range.start.line), [4], 'only con is left');
    assert.deepEqual(await fixes(uri, fixed.diagnostics[0]), [], 'no fix for a kind nothing is near');
  });

  test('template placeholders: syntax only, and template-not-filled offers template=true', async () => {
    const text = `${fence}text markpact:file path=.env\nKEY=\${env:KEY}\n${fence}\n\n${fence}text markpact:file path=b.env template=true\nA=\${ask:Label:default}\nB=\${env:SURELY_UNSET_HERE}\n${fence}\n\n${RUN}`;
    const { uri, diagnostics } = await open(text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['template-not-filled', 0], ['template-placeholder', 5]]);
    const [add] = await fixes(uri, diagnostics[0]);
    assert.equal(add.title, "Add 'template=true'");
    const fixed = await apply(uri, text, add);
    assert.match(fixed.text, /^```text markpact:file path=\.env template=true\n/);
    assert.deepEqual(fixed.diagnostics.map((d) => d.code), ['template-placeholder']);
  });

  test('scope=dev: a warning, and each fix removes it', async () => {
    const text = `${fence}text markpact:deps python scope=dev\npytest\nruff\n${fence}\n\n${RUN}`;
    const { uri, diagnostics } = await open(text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['dev-scope-installed', 2]]);
    const actions = await fixes(uri, diagnostics[0]);
    assert.deepEqual(actions.map((a) => a.title), ['Remove scope=dev (they are installed as runtime dependencies)', 'Comment the packages out (not installed)']);
    const removed = await apply(uri, text, actions[0]);
    assert.match(removed.text, /^```text markpact:deps python\npytest\n/);
    assert.deepEqual(removed.diagnostics, []);
    await server().change(uri, text);
    const commented = await apply(uri, text, actions[1]);
    assert.match(commented.text, /\n# pytest\n# ruff\n/);
    assert.deepEqual(commented.diagnostics.map((d) => d.code), ['dev-scope-installed'], 'the attribute is still wrong; the packages are no longer installed');
  });

  test('sha256=: block and file compared; "update the block from the file" and "update the file from the block" each make them agree', async () => {
    const recorded = markpactContentHash('print(1)');
    const text = `${fence}python markpact:file path=app.py sha256=${recorded}\nprint(2)\n${fence}\n\n${RUN}`;
    const { uri, diagnostics } = await open(text, 'hashed');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['sha256-mismatch', 4]]);
    assert.match(String(diagnostics[0].message), /the block was edited since markpact sync --hash/);
    const actions = await fixes(uri, diagnostics[0]);
    assert.deepEqual(actions.map((a) => a.title), ['Update the block from the file', 'Update the file from the block']);
    const fromFile = await apply(uri, text, actions[0]);
    assert.match(fromFile.text, new RegExp(`^\`\`\`python markpact:file path=app.py sha256=${recorded}\nprint\\(1\\)\n\`\`\``));
    assert.deepEqual(fromFile.diagnostics, []);

    await server().change(uri, text);
    const fileUri = ws.uri('hashed/app.py');
    const fileEdit = actions[1].edit!.changes![fileUri];
    assert.deepEqual(fileEdit.map((e) => e.newText), ['print(2)\n']);
    writeFileSync(ws.path('hashed/app.py'), TextDocument.applyEdits(TextDocument.create(fileUri, 'python', 1, readFileSync(ws.path('hashed/app.py'), 'utf8')), fileEdit));
    const fromBlock = await apply(uri, text, actions[1]);
    assert.match(fromBlock.text, new RegExp(`sha256=${markpactContentHash('print(2)')}\n`));
    assert.deepEqual(fromBlock.diagnostics, [], fromBlock.text);
  });

  test('completion of template=, sha256= (with the body\'s hash) and scope=; hovers say what markpact does', async () => {
    const text = `${fence}python markpact:file path=a.py \nprint(1)\n${fence}\n\n${fence}text markpact:deps python scope=dev\npytest\n${fence}\n\n${fence}yaml markpact:orchestration\npipeline: {}\n${fence}\n\n${fence}python markpact:file path=b.py template=true sha256=abc\nx\n${fence}\n`;
    const { uri } = await open(text);
    const completion = await server().request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 34 } });
    assert.deepEqual(labels(completion), ['template=true', `sha256=${markpactContentHash('print(1)')}`]);
    const hover = async (line: number, character: number) => hoverText(await server().request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character } }));
    assert.match(await hover(4, 36), /\*\*scope\*\* = `dev` — `scope=`: markpact has no dependency scopes/);
    assert.match(await hover(8, 20), /\*\*markpact:orchestration\*\* — .*Running ignores it/);
    assert.match(await hover(12, 36), /\*\*template\*\* = `true` — .*\.markpact\/secrets\.env/);
    assert.match(await hover(12, 50), /\*\*sha256\*\* = `abc` — .*markpact sync --hash/);
  });
});
