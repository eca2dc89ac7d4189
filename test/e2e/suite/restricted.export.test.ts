// Restricted Mode: exporting reads the READMEs and writes files, and runs nothing, so it works.
import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ExportResult } from '../../../client/src/commands/exportEcosystem';
import { markpactApi, workspaceFile } from './helpers';
import { withWindowSpy } from './spies';

describe('export in Restricted Mode', () => {
  const out = () => workspaceFile('bookshop-k8s');

  after(() => rmSync(out().fsPath, { recursive: true, force: true }));

  it('Export ecosystem… writes the Kubernetes folder', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await markpactApi();
    const answers = { pick: (shown: { placeHolder?: string; labels: string[] }) => (shown.placeHolder === 'Export into which folder?' ? shown.labels[0] : 'Kubernetes') };
    const result = await withWindowSpy(answers, async (spy) => {
      const exported = await vscode.commands.executeCommand<ExportResult>('markpact.exportEcosystem', workspaceFile('bookshop.pactown.yaml'));
      await spy.message(/^Exported 3 services of bookshop to bookshop-k8s\.$/);
      return exported;
    });
    assert.equal(result.folder, out().fsPath);
    for (const file of ['k8s/kustomization.yaml', 'k8s/storefront.yaml', 'quotes/Dockerfile']) assert.ok(existsSync(vscode.Uri.joinPath(out(), file).fsPath), file);
  });
});
