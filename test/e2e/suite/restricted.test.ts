// End-to-end, in a real VS Code with Workspace Trust on and the workspace not trusted
// (Restricted Mode): language features work, nothing runs.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as vscode from 'vscode';
import { httpGet, markpactApi, screenshot, until, workspaceFile } from './helpers';
import { withWindowSpy } from './spies';

describe('markpact in VS Code (Restricted Mode)', () => {
  it('is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still checks documents', async () => {
    await markpactApi();
    const readme = workspaceFile('broken/README.md');
    await vscode.workspace.openTextDocument(readme);
    await until('diagnostics on the broken README', () => vscode.languages.getDiagnostics(readme).some((d) => d.code === 'unknown-kind'), {
      events: [vscode.languages.onDidChangeDiagnostics],
    });
  });

  it('refuses to run an ecosystem, a README or to warm the cache', async () => {
    const api = await markpactApi();
    const ecosystem = workspaceFile('bookshop.pactown.yaml');
    assert.equal(await vscode.commands.executeCommand('markpact.runEcosystem', ecosystem), false);
    assert.equal(await vscode.commands.executeCommand('markpact.runReadme', workspaceFile('hello/README.md')), false);
    assert.equal(await vscode.commands.executeCommand('markpact.warmCache', workspaceFile('quotes/README.md')), false);
    // The refusal says why, where the user looks.
    await screenshot('restricted-refusal', [{ selector: '.notification-toast', text: 'disabled in Restricted Mode' }]);

    // The Testing view lists the README tests; running them is refused, with the reason.
    const tests = (await api.testTree()).find((i) => i.label === 'bookshop');
    assert.deepEqual(tests?.children.map((c) => c.label), ['inventory', 'storefront']);
    await withWindowSpy({}, async (spy) => {
      assert.equal(await vscode.commands.executeCommand('markpact.runTests', workspaceFile('inventory/README.md')), false);
      assert.match((await spy.message(/Running README tests is disabled in Restricted Mode/)).severity, /warning/);
    });

    const node = (await api.serviceTree()).find((n) => n.label === 'bookshop');
    assert.ok(node, 'the Services view still lists the ecosystem');
    assert.ok(node.children.every((c) => c.state === 'stopped'));
    for (const service of node.children) await assert.rejects(httpGet(`${service.url}/health`), `${service.label} was not started`);
    const runs = process.env.PACTOWN_RUNTIME_DIR!;
    assert.deepEqual(existsSync(runs) ? readdirSync(runs).filter((f) => f.endsWith('.json')) : [], [], 'no run was registered');
    assert.equal(existsSync(workspaceFile('.pactown').fsPath), false, 'no sandbox was written');
    assert.equal(existsSync(api.cacheDirectory()), false, 'nothing was installed into the cache');
  });
});
