// Restricted Mode: creating a service writes files and runs nothing, so it works; running it is refused.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { NewServiceResult } from '../../../client/src/commands/newService';
import { parseEcosystem } from '../../../core/pactown/parse';
import { markpactApi, workspaceFile } from './helpers';
import { withWindowSpy } from './spies';

describe('scaffolding in Restricted Mode', () => {
  const yaml = () => workspaceFile('restricted-scaffold/scaffold.pactown.yaml');

  after(() => rmSync(workspaceFile('restricted-scaffold').fsPath, { recursive: true, force: true }));

  it('New service… writes the README and the entry; Run ecosystem refuses and starts nothing', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await markpactApi();
    mkdirSync(workspaceFile('restricted-scaffold').fsPath, { recursive: true });
    writeFileSync(yaml().fsPath, 'name: restricted-scaffold\nbase_port: 8000\nservices: {}\n');
    const created = await withWindowSpy({ pick: () => 'Python (standard library)', input: () => 'api' }, async () => vscode.commands.executeCommand<NewServiceResult>('markpact.newService', yaml()));
    assert.equal(created?.service, 'api');
    assert.ok(existsSync(created.readmePath));
    assert.deepEqual(parseEcosystem(readFileSync(yaml().fsPath, 'utf8')).config.services.map((s) => s.name), ['api']);
    await withWindowSpy({}, async (spy) => {
      assert.equal(await vscode.commands.executeCommand('markpact.runEcosystem', yaml()), false);
      await spy.message(/disabled in Restricted Mode/);
    });
    assert.equal(existsSync(workspaceFile('restricted-scaffold/.pactown').fsPath), false, 'no sandbox was written');
  });
});
