// Export in the real VS Code: "Export ecosystem…" driven through its pickers writes the bookshop's
// Compose folder beside it, and keeps a file the user took over at the next export; the export
// hints appear on an ecosystem file when markpact.export.check is turned on, and go when it is off.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ExportResult } from '../../../client/src/commands/exportEcosystem';
import { until, workspaceFile } from './helpers';
import { withWindowSpy } from './spies';

const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);

describe('export: Export ecosystem… and the export hints', () => {
  const out = () => workspaceFile('bookshop-compose');
  const hints = () => workspaceFile('exporthints/hints.pactown.yaml');

  before(() => {
    mkdirSync(workspaceFile('exporthints').fsPath, { recursive: true });
    writeFileSync(hints().fsPath, 'name: hints\nservices:\n  api:\n    readme: ../inventory/README.md\n    port: 9400\n    env:\n      DB_PASSWORD: hunter2\n');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('markpact').update('export.check', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(out().fsPath, { recursive: true, force: true });
    rmSync(workspaceFile('exporthints').fsPath, { recursive: true, force: true });
  });

  it('Export ecosystem…: a format and the default folder give the bookshop a Compose folder; a re-export keeps the file the user took over', async () => {
    const ecosystem = workspaceFile('bookshop.pactown.yaml');
    const answers = { pick: (shown: { placeHolder?: string; labels: string[] }) => (shown.placeHolder === 'Export into which folder?' ? shown.labels[0] : 'Docker Compose') };
    const result = await withWindowSpy(answers, async (spy) => {
      const exported = await run<ExportResult>('markpact.exportEcosystem', ecosystem);
      assert.deepEqual(spy.picks.map((p) => p.placeHolder), ['Export bookshop to…', 'Export into which folder?']);
      assert.deepEqual(spy.picks[0].labels, ['Docker Compose', 'Kubernetes']);
      assert.deepEqual(spy.picks[1].labels, ['bookshop-compose', 'Choose a folder…']);
      await spy.message(/^Exported 3 services of bookshop to bookshop-compose\.$/);
      return exported;
    });
    assert.equal(result.folder, out().fsPath);
    assert.equal(result.format, 'compose');
    assert.deepEqual(result.kept, []);
    for (const file of ['compose.yaml', 'inventory/Dockerfile', 'quotes/deps/requirements.txt', 'storefront/app/server.js']) assert.ok(existsSync(vscode.Uri.joinPath(out(), file).fsPath), file);
    assert.match(readFileSync(vscode.Uri.joinPath(out(), 'compose.yaml').fsPath, 'utf8'), /QUOTES_API: http:\/\/quotes:\d+\n/);

    const dockerfile = vscode.Uri.joinPath(out(), 'inventory/Dockerfile').fsPath;
    writeFileSync(dockerfile, 'FROM my-python\n');
    const again = await withWindowSpy(answers, async (spy) => {
      const exported = await run<ExportResult>('markpact.exportEcosystem', ecosystem);
      await spy.message(/^Exported 3 services of bookshop to bookshop-compose; kept 1 file you edited \(inventory\/Dockerfile\)\.$/);
      return exported;
    });
    assert.deepEqual(again.kept, ['inventory/Dockerfile']);
    assert.equal(readFileSync(dockerfile, 'utf8'), 'FROM my-python\n');
  });

  it('markpact.export.check shows a plain-text secret as a hint on the ecosystem file, and hides it when turned off', async () => {
    const document = await vscode.workspace.openTextDocument(hints());
    await vscode.window.showTextDocument(document);
    const secretHint = () => vscode.languages.getDiagnostics(hints()).find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'export-plain-secret');
    const config = vscode.workspace.getConfiguration('markpact');
    await config.update('export.check', true, vscode.ConfigurationTarget.Global);
    const shown = await until('the export hint', secretHint, { events: [vscode.languages.onDidChangeDiagnostics] });
    assert.equal(shown.severity, vscode.DiagnosticSeverity.Hint);
    assert.equal(document.getText(shown.range), 'hunter2');
    await config.update('export.check', false, vscode.ConfigurationTarget.Global);
    await until('the export hint gone', () => !secretHint(), { events: [vscode.languages.onDidChangeDiagnostics] });
  });
});
