// F2 on a service of an ecosystem file, through the real client: the edit reaches READMEs that
// are not open, and a refused rename shows the server's reason (the language client turns the
// server's error into the message VS Code shows, which the protocol tests cannot see).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { markpactApi, until, workspaceFile } from './helpers';

const fence = '```';
const yaml = 'name: authoring\nnetwork: unused\nservices:\n  api:\n    readme: api/README.md\n  web:\n    readme: web/README.md\n    depends_on: [api]\n';
const webReadme = `# web\n\n${fence}bash markpact:run\ncurl -fsS "$API_URL/health"\n${fence}\n`;

describe('rename a service (F2) through the editor', () => {
  const folder = () => workspaceFile('authoring');
  const yamlUri = () => vscode.Uri.joinPath(folder(), 'shop.pactown.yaml');
  const webUri = () => vscode.Uri.joinPath(folder(), 'web', 'README.md');
  const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  const keyOfApi = new vscode.Position(3, 3);

  before(async () => {
    await markpactApi();
    await write(yamlUri(), yaml);
    await write(vscode.Uri.joinPath(folder(), 'api', 'README.md'), `${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n`);
    await write(webUri(), webReadme);
    const doc = await vscode.workspace.openTextDocument(yamlUri());
    await vscode.window.showTextDocument(doc);
    // The server has read the file once its diagnostics are there (network: is reported as ignored).
    await until('diagnostics of the ecosystem file', () => vscode.languages.getDiagnostics(yamlUri()).some((d) => d.code === 'ignored-field'), { events: [vscode.languages.onDidChangeDiagnostics] });
  });

  after(async () => {
    // The rename left the README changed in memory: saved, so closing asks nothing.
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder(), { recursive: true });
  });

  it('prepareRename gives the name under the cursor, and says why where there is none', async () => {
    const prepared = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', yamlUri(), new vscode.Position(7, 18));
    assert.equal(prepared.placeholder, 'api');
    assert.deepEqual([prepared.range.start.line, prepared.range.start.character, prepared.range.end.character], [7, 17, 20]);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.prepareRename', yamlUri(), new vscode.Position(4, 6))),
      /Put the cursor on a service's key under services: or on a depends_on entry/,
    );
  });

  it('the edit renames the key, the depends_on entry and the variable in a README that is not open', async () => {
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === webUri().toString()), 'the README is not open');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', yamlUri(), keyOfApi, 'backend');
    assert.deepEqual(edit.entries().map(([uri, edits]) => [vscode.workspace.asRelativePath(uri), edits.length]).sort(), [['authoring/shop.pactown.yaml', 2], ['authoring/web/README.md', 1]]);
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const yamlText = (await vscode.workspace.openTextDocument(yamlUri())).getText();
    assert.equal(yamlText, yaml.replace('  api:', '  backend:').replace('[api]', '[backend]'));
    assert.equal((await vscode.workspace.openTextDocument(webUri())).getText(), webReadme.replace('$API_URL', '$BACKEND_URL'));
  });

  it('a name that cannot be used is refused with the reason', async () => {
    const renamed = new vscode.Position(3, 4);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', yamlUri(), renamed, 'logs')),
      /'logs' is kept by the runtime/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', yamlUri(), renamed, 'web')),
      /'web' is already a service of this ecosystem/,
    );
  });
});
