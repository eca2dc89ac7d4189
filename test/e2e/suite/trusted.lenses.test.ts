// Every CodeLens runs its command with the arguments it carries: it does what its title says, or a
// message says why not.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';
import { depsReadme, front, pidOf, prepareCommandsFixture, serviceRow, stopCommandsFixture, waitForStates, webReadme } from './commandsFixture';
import { markpactApi, until } from './helpers';
import { withWindowSpy } from './spies';

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  // The provider command needs the document open.
  await vscode.workspace.openTextDocument(uri);
  return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
}

/** Runs the first lens whose title matches (on `line` if given), as a click on it would. */
async function click(uri: vscode.Uri, title: RegExp, line?: number): Promise<unknown> {
  const lens = (await lenses(uri)).find((l) => title.test(l.command?.title ?? '') && (line === undefined || l.range.start.line === line));
  if (!lens?.command) throw new Error(`no lens ${title}${line === undefined ? '' : ` on line ${line}`} in ${uri.fsPath}: ${(await lenses(uri)).map((l) => l.command?.title)}`);
  return vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
}

/** The 0-based line where a service's entry starts in an ecosystem file. */
async function entryLine(uri: vscode.Uri, service: string): Promise<number> {
  const document = await vscode.workspace.openTextDocument(uri);
  return document.getText().split('\n').findIndex((line) => line === `  ${service}:`);
}

describe('CodeLens commands', () => {
  let api: MarkpactApi;

  before(async () => {
    api = await markpactApi();
    await prepareCommandsFixture();
  });

  after(stopCommandsFixture);

  it('ecosystem file: Run ecosystem, Restart, a service\'s Stop and Start, its state (opens it), Logs, Graph, Stop', async () => {
    const web = await entryLine(front(), 'web');
    assert.equal(await click(front(), /^▶ Run ecosystem$/), true);
    const running = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    assert.equal(await click(front(), /^↻ Restart$/, 0), true);
    const restarted = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    assert.notEqual(pidOf(serviceRow(restarted, 'api')), pidOf(serviceRow(running, 'api')));
    assert.equal(await click(front(), /^■ Stop$/, web), true);
    await waitForStates(api, 'front', { api: 'running', web: 'stopped' });
    assert.equal(await click(front(), /^▶ Start$/, web), true);
    const row = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    await withWindowSpy({}, async (spy) => {
      assert.equal(await click(front(), /running :\d+$/, web), true);
      assert.deepEqual(spy.opened, [`${serviceRow(row, 'web').url}/`]);
    });
    assert.equal(await click(front(), /^Logs$/, web), true);
    assert.equal(await click(front(), /^Graph$/, 0), true);
    assert.equal(await click(front(), /^■ Stop$/, 0), true);
    await waitForStates(api, 'front', { api: 'stopped', web: 'stopped' });
  });

  it('README an ecosystem uses: Run this README runs it there; its state, Restart and Stop act on it there', async () => {
    assert.match((await lenses(webReadme())).find((l) => l.command?.command === 'markpact.runReadme')?.command?.tooltip ?? '', /as web in front/);
    assert.equal(await click(webReadme(), /^▶ Run this README$/), true);
    const running = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    const shown = await until('the README\'s lenses show it running in front', async () => {
      const titles = (await lenses(webReadme())).map((l) => l.command?.title ?? '');
      return titles.some((t) => /running as web in front :\d+$/.test(t)) && titles;
    }, { events: [api.onDidChangeServiceState], pollMs: 200 });
    assert.ok(shown.includes('■ Stop') && shown.includes('↻ Restart'), `${shown}`);
    assert.equal(await click(webReadme(), /^↻ Restart$/), true);
    await until('web restarted', async () => {
      const web = serviceRow((await waitForStates(api, 'front', { web: 'running' })), 'web');
      return pidOf(web) !== pidOf(serviceRow(running, 'web'));
    }, { events: [api.onDidChangeServiceState], pollMs: 200 });
    assert.equal(await click(webReadme(), /^■ Stop$/), true);
    await waitForStates(api, 'front', { api: 'running', web: 'stopped' });
  });

  it('deps block: "not cached" installs them, then "cached ✓" shows the statistics', async () => {
    await withWindowSpy({}, async (spy) => {
      assert.equal(await click(depsReadme(), /not cached — first run installs 1 package$/), true);
      await spy.message(/deps\/README\.md: installed 1 python requirement/);
    });
    await until('the cached lens', async () => (await lenses(depsReadme())).some((l) => /cached ✓/.test(l.command?.title ?? '')), { pollMs: 250, timeoutMs: 15_000 });
    assert.match(String(await click(depsReadme(), /cached ✓/)), /Dependency cache/);
    await withWindowSpy({}, async () => vscode.commands.executeCommand('markpact.clearCache', { confirm: false }));
  });
});
