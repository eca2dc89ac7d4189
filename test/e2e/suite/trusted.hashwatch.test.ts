// sha256= blocks in VS Code: the README's diagnostics follow its files on disk, changed outside
// the editor (node fs) or saved from it, without touching the README.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { markpactContentHash } from '../../../core/markpact/contentHash';
import { markpactApi, until, workspaceFile } from './helpers';

const fence = '```';
const block = (path: string, body: string, sha = markpactContentHash(body)) => `${fence}python markpact:file path=${path} sha256=${sha}\n${body}\n${fence}\n\n`;
// other.py never matches its block: its diagnostic shows the README was checked (and its files watched) before anything changes.
const readme = `# Svc\n\n${block('app.py', 'print(1)')}${block('other.py', 'x = 1')}${fence}bash markpact:run\npython app.py\n${fence}\n`;

describe('sha256= follows the files on disk', () => {
  const folder = () => workspaceFile('hashwatch').fsPath;
  const readmeUri = () => vscode.Uri.file(join(folder(), 'README.md'));
  const mismatchOn = (name: string) => () => vscode.languages.getDiagnostics(readmeUri()).find((d) => d.code === 'sha256-mismatch' && d.message.includes(` ${name} `));
  const onDiagnostics = { events: [vscode.languages.onDidChangeDiagnostics], timeoutMs: 30_000 };

  before(async () => {
    await markpactApi();
    mkdirSync(folder(), { recursive: true });
    writeFileSync(join(folder(), 'app.py'), 'print(1)\n');
    writeFileSync(join(folder(), 'other.py'), 'x = 2\n');
    writeFileSync(join(folder(), 'README.md'), readme);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(readmeUri()));
    await until('the README checked', mismatchOn('other.py'), onDiagnostics);
    assert.equal(mismatchOn('app.py')(), undefined);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder(), { recursive: true, force: true });
  });

  it('a change made outside the editor brings sha256-mismatch; changing it back clears it', async () => {
    writeFileSync(join(folder(), 'app.py'), 'print(2)\n');
    const diagnostic = await until('sha256-mismatch on app.py', mismatchOn('app.py'), onDiagnostics);
    assert.match(diagnostic.message, /app\.py changed since markpact sync --hash/);
    writeFileSync(join(folder(), 'app.py'), 'print(1)\n');
    await until('the app.py mismatch gone', () => !mismatchOn('app.py')(), onDiagnostics);
    assert.ok(mismatchOn('other.py')(), 'the other block is still reported');
  });

  it('a file created in sandbox/ where the README looks for it', async () => {
    // other.py is looked for in sandbox/ only after the README's folder: removing it there lets sandbox/other.py count.
    rmSync(join(folder(), 'other.py'));
    await until('other.py gone', () => !mismatchOn('other.py')(), onDiagnostics);
    mkdirSync(join(folder(), 'sandbox'), { recursive: true });
    writeFileSync(join(folder(), 'sandbox', 'other.py'), 'x = 3\n');
    const diagnostic = await until('sha256-mismatch on sandbox/other.py', mismatchOn('sandbox/other.py'), onDiagnostics);
    assert.match(diagnostic.message, /sandbox\/other\.py changed since/);
  });

  it('a file edited and saved in the editor', async () => {
    const appUri = vscode.Uri.file(join(folder(), 'app.py'));
    const app = await vscode.workspace.openTextDocument(appUri);
    const editor = await vscode.window.showTextDocument(app, vscode.ViewColumn.Beside);
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'print(3)\n'));
    assert.ok(await app.save());
    await until('sha256-mismatch on app.py after the save', mismatchOn('app.py'), onDiagnostics);
  });
});
