import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { InsertTextFormat, type CompletionItem, type CompletionList, type TextEdit } from 'vscode-languageserver-protocol';
import { serverSession } from './fixtures';

/** The snippet's text as accepting it at once gives: placeholders at their defaults, mirrors repeating the name. */
const expand = (snippet: string, name: string) => snippet.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\}/g, name).replace(/\$0/g, '');

describe('a new service entry in an ecosystem file', () => {
  const { ws, client } = serverSession({});

  async function newServiceAt(text: string, line: number, character: number): Promise<{ item: CompletionItem; doc: TextDocument }> {
    const uri = ws.uri(`eco${line}${character}.pactown.yaml`);
    await client().open(uri, 'pactown', text);
    const list = await client().request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    const item = list.items.find((i) => i.label === 'new service');
    assert.ok(item, `offered among ${list.items.map((i) => i.label)}`);
    return { item, doc: TextDocument.create(uri, 'pactown', 1, text) };
  }

  test('completes under services: as a snippet with the next free port, named after what is typed', async () => {
    const text = 'base_port: 8100\nservices:\n  api:\n    readme: api/README.md\n  db:\n    port: 8300\n  web\n';
    const { item, doc } = await newServiceAt(text, 6, 5);
    assert.equal(item.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(item.detail, 'port 8301, /health');
    const edit = item.textEdit as TextEdit;
    assert.equal(edit.newText, '${1:web}:\n    readme: ${1}/README.md\n    port: ${2:8301}\n    health_check: ${3:/health}$0');
    const result = TextDocument.applyEdits(doc, [{ range: edit.range, newText: expand(edit.newText, 'web') }]);
    assert.equal(result, 'base_port: 8100\nservices:\n  api:\n    readme: api/README.md\n  db:\n    port: 8300\n  web:\n    readme: web/README.md\n    port: 8301\n    health_check: /health\n');
  });

  test('on an empty line: never below base_port, and a name no service has', async () => {
    const { item } = await newServiceAt('base_port: 9000\nservices:\n  service: {port: 8000}\n  \n', 3, 2);
    assert.equal(item.detail, 'port 9000, /health', 'never below base_port');
    assert.match((item.textEdit as TextEdit).newText, /^\$\{1:service-2\}:/);
  });
});
