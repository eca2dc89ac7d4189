// Live apply in the editor: saving an edited README of a running ecosystem restarts that service
// only (the other keeps its process), and its row and log say so; a save with errors is not
// applied, the run goes on and a warning says why; a run a terminal owns is applied by that owner.
import * as assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';
import type { ServiceNode } from '../../../client/src/model/serviceTree';
import { apiReadme, ecosystemRow, front, pactownUp, pidOf, prepareCommandsFixture, serviceRow, stopCommandsFixture, waitForStates } from './commandsFixture';
import { httpGet, markpactApi, screenshot, until } from './helpers';
import { withWindowSpy } from './spies';

/** Replaces the first `from` in the document with `to` and saves it, as a person typing and pressing Ctrl+S. */
async function editAndSave(document: vscode.TextDocument, from: string, to: string): Promise<void> {
  const offset = document.getText().indexOf(from);
  assert.ok(offset >= 0, `"${from}" is in ${document.uri.fsPath}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(offset), document.positionAt(offset + from.length)), to);
  assert.equal(await vscode.workspace.applyEdit(edit), true);
  assert.equal(await document.save(), true);
}

/** The ecosystem's row once api runs a new process and says the save restarted it; web kept its own. */
async function restartedBySave(api: MarkpactApi, before: { api: number; web: number }): Promise<ServiceNode> {
  const applied = await until('api restarted by the save, and its row saying so', async () => {
    const row = await ecosystemRow(api, 'front');
    const apiRow = row && serviceRow(row, 'api');
    return apiRow?.state === 'running' && pidOf(apiRow) !== before.api && apiRow.description.includes('applied: files changed, restarted') && row;
  }, { events: [api.onDidChangeServiceState], pollMs: 200 });
  assert.equal(pidOf(serviceRow(applied, 'web')), before.web, 'web kept its process');
  return applied;
}

describe('live apply on save', () => {
  let api: MarkpactApi;
  let original: string;
  let document: vscode.TextDocument;

  before(async () => {
    api = await markpactApi();
    await prepareCommandsFixture();
    original = await readFile(apiReadme().fsPath, 'utf8');
    // The web workbench saves after a second's pause by default; these saves are the test's own, as with desktop VS Code.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await stopCommandsFixture();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await writeFile(apiReadme().fsPath, original);
  });

  it('saving an edited README restarts only that service; its row and its log say so', async () => {
    assert.equal(await vscode.commands.executeCommand('markpact.runEcosystem', front()), true);
    const running = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    const before = { api: pidOf(serviceRow(running, 'api')), web: pidOf(serviceRow(running, 'web')) };
    assert.ok(before.api > 0 && before.web > 0);

    document = await vscode.workspace.openTextDocument(apiReadme());
    await vscode.window.showTextDocument(document);
    await editAndSave(document, '"/items": [{"id": 1}]', '"/items": [{"id": 1}, {"id": 2}]');

    const applied = await restartedBySave(api, before);
    assert.doesNotMatch(serviceRow(applied, 'web').description, /applied/);
    const items = await httpGet(`${serviceRow(applied, 'api').url}/items`);
    assert.deepEqual(JSON.parse(items.body), [{ id: 1 }, { id: 2 }], 'api serves the saved file');

    // The view, the service's log and the README side by side, for the README's screenshot.
    assert.equal(await vscode.commands.executeCommand('markpact.showLogs', serviceRow(applied, 'api')), true);
    await vscode.commands.executeCommand('markpact.services.focus');
    // The editor narrower, so the view shows the rows' whole descriptions; put back after, for the other suites' screenshots.
    await vscode.window.showTextDocument(document);
    const steps = 3;
    for (let i = 0; i < steps; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    try {
      await screenshot('live-apply', [
        { selector: '.monaco-list-row', text: 'applied: files changed, restarted' },
        { selector: '.view-line', text: 'system | applied: files changed, restarted' },
      ]);
    } finally {
      await vscode.window.showTextDocument(document);
      for (let i = 0; i < steps; i++) await vscode.commands.executeCommand('workbench.action.increaseViewWidth');
    }
  });

  it('a save with errors is not applied: the run goes on, and a warning names the first error', async () => {
    const row = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    const before = { api: pidOf(serviceRow(row, 'api')), web: pidOf(serviceRow(row, 'web')) };
    await withWindowSpy({}, async (spy) => {
      await editAndSave(document, '```bash markpact:run', '```bash markpact:file path=/x');
      const shown = await spy.message(/^front: not applied: \d+ errors? in /);
      assert.equal(shown.severity, 'warning');
      assert.match(shown.message, /api\/README\.md:\d+:\d+ unsafe-path '\/x' is absolute/);
      assert.deepEqual(shown.items, ['Show Problems']);
      const refused = await until('the ecosystem row saying the save was not applied', async () => {
        const now = await ecosystemRow(api, 'front');
        return now?.description.includes('last save not applied') && now;
      }, { pollMs: 200 });
      assert.deepEqual([pidOf(serviceRow(refused, 'api')), pidOf(serviceRow(refused, 'web'))], [before.api, before.web], 'nothing restarted');
      assert.equal((await httpGet(`${serviceRow(refused, 'api').url}/health`)).status, 200, 'api still answers');

      // Put back as it runs: nothing to apply, and the row no longer says a save was refused.
      await editAndSave(document, '```bash markpact:file path=/x', '```bash markpact:run');
      await until('the refusal cleared', async () => !(await ecosystemRow(api, 'front'))?.description.includes('last save not applied'), { pollMs: 200 });
      const after = await ecosystemRow(api, 'front');
      assert.equal(pidOf(serviceRow(after!, 'api')), before.api);
      assert.equal(spy.messages.filter((m) => /not applied/.test(m.message)).length, 1, 'the refusal was shown once');
    });
  });

  it('a run a terminal owns: the save is applied by that owner, which stays the owner', async () => {
    await stopCommandsFixture();
    await pactownUp(front().fsPath);
    const running = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    assert.equal(running.contextValue, 'markpact.ecosystem.live.elsewhere');
    const before = { api: pidOf(serviceRow(running, 'api')), web: pidOf(serviceRow(running, 'web')) };
    await editAndSave(document, '{"id": 2}]', '{"id": 2}, {"id": 3}]');
    const applied = await restartedBySave(api, before);
    assert.equal(applied.contextValue, 'markpact.ecosystem.live.elsewhere', 'the terminal still owns the run');
    assert.deepEqual(JSON.parse((await httpGet(`${serviceRow(applied, 'api').url}/items`)).body), [{ id: 1 }, { id: 2 }, { id: 3 }]);
  });
});
