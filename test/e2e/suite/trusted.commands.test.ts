// Every command of the Services view and the palette, given a target: it does what it says, or a
// message says why not (seen through the window spies).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';
import type { ServiceNode } from '../../../client/src/model/serviceTree';
import { alt, depsReadme, ecosystemRow, front, pidOf, prepareCommandsFixture, serviceRow, stopCommandsFixture, waitForStates, webReadme } from './commandsFixture';
import { markpactApi, until, workspaceFile } from './helpers';
import { withWindowSpy } from './spies';

const run = <T = boolean>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);
const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);

describe('commands of the Services view and the palette', () => {
  let api: MarkpactApi;
  const frontRow = async () => (await ecosystemRow(api, 'front'))!;

  before(async () => {
    api = await markpactApi();
    await prepareCommandsFixture();
  });

  after(stopCommandsFixture);

  it('ecosystem row: Run, Restart, Stop, and Stop again says it was not running', async () => {
    assert.equal(await run('markpact.runEcosystem', await frontRow()), true);
    const running = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    assert.equal(await run('markpact.restartEcosystem', running), true);
    const restarted = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    assert.notEqual(pidOf(serviceRow(restarted, 'web')), pidOf(serviceRow(running, 'web')), 'web has a new process');
    assert.equal(await run('markpact.stopEcosystem', restarted), true);
    await waitForStates(api, 'front', { api: 'stopped', web: 'stopped' });
    await withWindowSpy({}, async (spy) => {
      assert.equal(await run('markpact.stopEcosystem', await frontRow()), true);
      await spy.message(/^front was not running: there was nothing to stop\.$/);
    });
  });

  it('service row: Start (with what it depends on), Restart, Stop', async () => {
    assert.equal(await run('markpact.startService', serviceRow(await frontRow(), 'web')), true);
    const running = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    assert.equal(await run('markpact.restartService', serviceRow(running, 'web')), true);
    const restarted = await until('web restarted', async () => {
      const row = await frontRow();
      return serviceRow(row, 'web').state === 'running' && pidOf(serviceRow(row, 'web')) !== pidOf(serviceRow(running, 'web')) && row;
    }, { events: [api.onDidChangeServiceState], pollMs: 200 });
    assert.equal(pidOf(serviceRow(restarted, 'api')), pidOf(serviceRow(running, 'api')), 'api was left alone');
    assert.equal(await run('markpact.stopService', serviceRow(restarted, 'web')), true);
    await waitForStates(api, 'front', { api: 'running', web: 'stopped' });
  });

  it('Open in browser opens / when it is a page, and offers the known routes when it is not', async () => {
    assert.equal(await run('markpact.startService', serviceRow(await frontRow(), 'web')), true);
    const row = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    const [apiUrl, webUrl] = [serviceRow(row, 'api').url!, serviceRow(row, 'web').url!];
    await withWindowSpy({ pick: () => '/items' }, async (spy) => {
      assert.equal(await run('markpact.openInBrowser', serviceRow(row, 'web')), true);
      assert.deepEqual(spy.opened, [`${webUrl}/`]);
      assert.equal(spy.picks.length, 0, 'web answers / with a page');
      // api answers / with 404: its health check and the routes its README tests GET are offered.
      assert.equal(await run('markpact.openInBrowser', serviceRow(row, 'api')), true);
      assert.deepEqual(spy.picks[0].labels, ['/health', '/items', '/']);
      assert.match(spy.picks[0].placeHolder ?? '', /answers 404/);
      assert.deepEqual(spy.opened, [`${webUrl}/`, `${apiUrl}/items`]);
    });
  });

  it('service row: Show logs, Open README; ecosystem row: Show dependency graph, Take over says there is nothing to take over', async () => {
    const row = await frontRow();
    assert.equal(await run('markpact.showLogs', serviceRow(row, 'web')), true);
    await until('the log channel of web', () => vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'output' && d.uri.path.includes('pactown: front/web')), {
      events: [vscode.workspace.onDidOpenTextDocument],
      pollMs: 200,
    });
    assert.equal(await run('markpact.openReadme', serviceRow(row, 'web')), true);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, webReadme().fsPath);
    assert.equal(await run('markpact.showGraph', row), true);
    await until('the graph panel', () => tabs().some((tab) => tab.label === 'Dependencies: front'), { events: [vscode.window.tabGroups.onDidChangeTabs] });
    await withWindowSpy({}, async (spy) => {
      assert.equal(await run('markpact.takeOverRun', row), false);
      await spy.message(/^front is not run by another process: there is nothing to take over\.$/);
    });
  });

  it('says why: a README has no graph, a service that never ran has no log yet, a row whose file is gone; an ecosystem row asks which service', async () => {
    const deps = (await api.serviceTree()).find((node): node is ServiceNode => node.kind === 'readme' && node.label === 'deps');
    assert.ok(deps, 'the README with dependencies is listed on its own');
    await withWindowSpy({ pick: () => 'api' }, async (spy) => {
      assert.equal(await run('markpact.showGraph', deps), false);
      await spy.message(/single service: there is no dependency graph/);
      assert.equal(await run('markpact.showLogs', { ecosystemPath: alt().fsPath, serviceName: 'api' }), true);
      await spy.message(/^api \(alt\) has not run yet: its log channel fills once it does\.$/);
      assert.equal(await run('markpact.startService', { ecosystemPath: workspaceFile('commands/gone.pactown.yaml').fsPath, serviceName: 'api' }), false);
      await spy.message(/^commands\/gone\.pactown\.yaml is no longer in the workspace/);
      assert.equal(await run('markpact.showLogs', await frontRow()), true);
      assert.deepEqual(spy.picks[0].labels, ['api', 'web']);
    });
  });

  it('palette: the active editor is the target', async () => {
    await vscode.window.showTextDocument(front());
    assert.equal(await run('markpact.stopEcosystem'), true);
    await waitForStates(api, 'front', { api: 'stopped', web: 'stopped' });
    await withWindowSpy({}, async (spy) => {
      await vscode.window.showTextDocument(webReadme());
      assert.equal(await run('markpact.warmCache'), false);
      await spy.message(/web\/README\.md has no dependencies \(markpact:deps\) to install/);
    });
  });

  it('palette: validate workspace, refresh, restart the language server', async () => {
    await withWindowSpy({}, async (spy) => {
      await run('markpact.validateWorkspace');
      await spy.message(/^Checked \d+ files: \d+ errors?, \d+ warnings?\.$/);
    });
    await run('markpact.refreshServices');
    assert.ok(await ecosystemRow(api, 'front'), 'the view lists the ecosystems again');
    assert.equal(await run('markpact.restartServer'), true);
    const result = await run<{ files: number } | undefined>('markpact.validateWorkspace');
    assert.ok(result && result.files > 0, 'the restarted server answers');
  });

  it('cache: install a README\'s dependencies, show the statistics rendered, clear the cache', async () => {
    await withWindowSpy({}, async (spy) => {
      assert.equal(await run('markpact.warmCache', depsReadme()), true);
      await spy.message(/deps\/README\.md: installed 1 python requirement into the cache/);
      const markdown = await run<string>('markpact.showCacheStats');
      assert.match(markdown, /markpact-demo-quotes>=1\.0/);
      await until('a rendered preview of the statistics', () => tabs().some((tab) => tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType) && /Dependency cache statistics/.test(tab.label)), {
        events: [vscode.window.tabGroups.onDidChangeTabs],
      });
      assert.ok(!tabs().some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === 'markpact-cache'), 'not its Markdown source');
      assert.ok((await run<unknown[]>('markpact.clearCache', { confirm: false })).length >= 1);
      await spy.message(/^Removed \d+ environments?\.$/);
      assert.deepEqual(await run('markpact.clearCache', { confirm: false }), []);
      await spy.message(/is empty: there is nothing to remove/);
    });
  });
});
