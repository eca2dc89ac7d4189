// A hard-coded port in VS Code: the diagnostic on the README's run line and its quick fix, and the
// same from the ecosystem's `readme:` line, whose fix edits the README (a file of its own).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { markpactApi, until, workspaceFile } from './helpers';

const fence = '```';
const readme = `# api\n\n${fence}bash markpact:run\nuvicorn main:app --host 0.0.0.0 --port 5000\n${fence}\n`;

describe('hard-coded ports in the editor', () => {
  const folder = () => workspaceFile('ports');
  const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  const portDiagnostic = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'hard-coded-port');
  // A request made while the document is still being processed can come back cancelled: asked again until it answers.
  const fixOf = (uri: vscode.Uri, diagnostic: vscode.Diagnostic) =>
    until('the hard-coded-port quick fix', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      return actions.find((a) => a.title.startsWith('Read the port from the environment') && a.edit);
    }, { events: [vscode.languages.onDidChangeDiagnostics], pollMs: 200, timeoutMs: 20_000 });

  before(async () => {
    await markpactApi();
  });

  after(async () => {
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder(), { recursive: true });
  });

  it('a README run on its own: --port 5000 is reported on the literal, and the fix reads the port from the environment', async () => {
    const uri = vscode.Uri.joinPath(folder(), 'alone', 'README.md');
    await write(uri, readme);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diagnostic = await until('hard-coded-port on the README', () => portDiagnostic(uri), { events: [vscode.languages.onDidChangeDiagnostics] });
    assert.equal(doc.getText(diagnostic.range), '5000');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    const fix = await fixOf(uri, diagnostic);
    assert.equal(fix.title, 'Read the port from the environment: ${MARKPACT_PORT:-5000}');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(doc.getText(), /--port \$\{MARKPACT_PORT:-5000\}\n/);
    await until('the diagnostic gone after the fix', () => !portDiagnostic(uri), { events: [vscode.languages.onDidChangeDiagnostics] });
  });

  it('an ecosystem giving the service port 18400: the warning at readme:, and its fix edits the README', async () => {
    const readmeUri = vscode.Uri.joinPath(folder(), 'eco', 'api', 'README.md');
    const yamlUri = vscode.Uri.joinPath(folder(), 'eco', 'shop.pactown.yaml');
    await write(readmeUri, readme);
    await write(yamlUri, 'name: shop\nservices:\n  api:\n    readme: api/README.md\n    port: 18400\n');
    const yamlDoc = await vscode.workspace.openTextDocument(yamlUri);
    await vscode.window.showTextDocument(yamlDoc);
    const diagnostic = await until('hard-coded-port at readme:', () => portDiagnostic(yamlUri), { events: [vscode.languages.onDidChangeDiagnostics] });
    assert.equal(yamlDoc.getText(diagnostic.range), 'api/README.md');
    assert.match(diagnostic.message, /'api' gets its port: 18400 here, but api\/README\.md line 4 hard-codes 5000/);
    const fix = await fixOf(yamlUri, diagnostic);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    const readmeDoc = await vscode.workspace.openTextDocument(readmeUri);
    assert.match(readmeDoc.getText(), /--port \$\{MARKPACT_PORT:-5000\}\n/);
    await until('the ecosystem re-validated without it', () => !portDiagnostic(yamlUri), { events: [vscode.languages.onDidChangeDiagnostics] });
  });
});
