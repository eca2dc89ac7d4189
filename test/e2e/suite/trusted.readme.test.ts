// "Run / Stop this README" on a README that ecosystems use: its service runs in its ecosystem,
// with what it depends on; when several ecosystems use it, the user picks one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';
import { apiReadme, ecosystemRow, front, notes, prepareCommandsFixture, serviceRow, stopCommandsFixture, waitForStates, webReadme } from './commandsFixture';
import { httpGet, markpactApi } from './helpers';
import { withWindowSpy } from './spies';

describe('Run this README, for a README an ecosystem uses', () => {
  let api: MarkpactApi;

  before(async () => {
    api = await markpactApi();
    await prepareCommandsFixture();
  });

  after(stopCommandsFixture);

  it('runs its service in its ecosystem, with the services it depends on', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.runReadme', webReadme()), true);
    const row = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    assert.equal((await httpGet(serviceRow(row, 'web').url!)).status, 200);
    assert.ok((await ecosystemRow(api, 'alt'))?.children.every((c) => c.state === 'stopped'), 'no other ecosystem was started');
  });

  it('stops only that service', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.stopReadme', webReadme()), true);
    await waitForStates(api, 'front', { api: 'running', web: 'stopped' });
  });

  it('asks which ecosystem when several use the README, and runs it in the one picked', async () => {
    await withWindowSpy({ pick: () => 'alt' }, async (spy) => {
      assert.equal(await vscode.commands.executeCommand<boolean>('markpact.runReadme', apiReadme()), true);
      assert.deepEqual(spy.picks.map((p) => [...p.labels].sort()), [['alt', 'front']]);
    });
    const row = await waitForStates(api, 'alt', { api: 'running' });
    assert.equal((await httpGet(`${serviceRow(row, 'api').url}/health`)).status, 200);
  });

  it('stops it where it runs: asks while two ecosystems run it, then stops it in the last one, then says it is not running', async () => {
    await withWindowSpy({ pick: () => 'alt' }, async (spy) => {
      assert.equal(await vscode.commands.executeCommand<boolean>('markpact.stopReadme', apiReadme()), true);
      assert.equal(spy.picks.length, 1, 'it runs in front and alt');
      await waitForStates(api, 'alt', { api: 'stopped' });
      assert.equal(await vscode.commands.executeCommand<boolean>('markpact.stopReadme', apiReadme()), true);
      assert.equal(spy.picks.length, 1, 'only front runs it now: no question');
      await waitForStates(api, 'front', { api: 'stopped' });
      assert.equal(await vscode.commands.executeCommand<boolean>('markpact.stopReadme', apiReadme()), false);
      await spy.message(/api\/README\.md is not running \(as api in (front|alt), as api in (front|alt)\)/);
    });
  });

  it('says why when there is nothing to run', async () => {
    await withWindowSpy({}, async (spy) => {
      assert.equal(await vscode.commands.executeCommand<boolean>('markpact.runReadme', notes()), false);
      await spy.message(/notes\.md has no markpact blocks: there is nothing to run/);
      assert.equal(await vscode.commands.executeCommand<boolean>('markpact.runReadme', front()), false);
      await spy.message(/Open a markpact README .* to run it/);
    });
  });
});
