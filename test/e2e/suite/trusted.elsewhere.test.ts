// A run another process owns (`pactown up --detach`): its rows say so, and offer the same actions,
// inline and in their context menus, which its owner carries out.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';
import { ecosystemRow, front, pactownUp, pidOf, prepareCommandsFixture, serviceRow, stopCommandsFixture, waitForStates } from './commandsFixture';
import { markpactApi, until } from './helpers';
import { withWindowSpy } from './spies';

interface MenuEntry {
  command: string;
  when: string;
  group: string;
}

/** Whether a `view/item/context` when-clause holds for a row (in the Services view of a trusted workspace). */
function holds(when: string, contextValue: string): boolean {
  return when.split('&&').map((term) => term.trim()).every((term) => {
    if (term === 'view == markpact.services' || term === 'isWorkspaceTrusted') return true;
    const equal = /^viewItem == (\S+)$/.exec(term);
    if (equal) return equal[1] === contextValue;
    const match = /^viewItem =~ \/(.*)\/$/.exec(term);
    if (match) return new RegExp(match[1]).test(contextValue);
    throw new Error(`unexpected when-clause term: ${term}`);
  });
}

/** The commands a row offers: inline (its buttons) or in its context menu. */
function offered(contextValue: string, where: 'inline' | 'context'): string[] {
  const menus = vscode.extensions.getExtension('markpact.markpact')!.packageJSON.contributes.menus['view/item/context'] as MenuEntry[];
  return menus.filter((m) => m.group.startsWith('inline') === (where === 'inline') && holds(m.when, contextValue)).map((m) => m.command);
}

describe('a run another process owns', () => {
  let api: MarkpactApi;

  before(async () => {
    api = await markpactApi();
    await prepareCommandsFixture();
  });

  after(stopCommandsFixture);

  it('says so on its rows, not only in their tooltips', async () => {
    await pactownUp(front().fsPath);
    const row = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    assert.equal(row.contextValue, 'markpact.ecosystem.live.elsewhere');
    assert.match(row.description, /^2\/2 running · another process · /);
    for (const service of row.children) {
      assert.equal(service.contextValue, 'markpact.service.running.elsewhere');
      assert.match(service.description, /^running :\d+ · another process · pid \d+/);
    }
  });

  it('offers Stop and Restart on its service rows, inline and in the context menu, as for a run of this window', async () => {
    for (const contextValue of ['markpact.service.running', 'markpact.service.running.elsewhere', 'markpact.service.failed.elsewhere']) {
      for (const where of ['inline', 'context'] as const) {
        const commands = offered(contextValue, where);
        assert.ok(commands.includes('markpact.stopService') && commands.includes('markpact.restartService'), `${contextValue} ${where}: ${commands}`);
      }
    }
    assert.ok(offered('markpact.service.stopped', 'context').includes('markpact.startService'));
    assert.ok(offered('markpact.readme.running.elsewhere', 'context').includes('markpact.stopReadme'));
    assert.ok(offered('markpact.readme.running.elsewhere', 'context').includes('markpact.restartReadme'));
    assert.ok(offered('markpact.service.running.elsewhere', 'context').includes('markpact.takeOverRun'));
    assert.ok(!offered('markpact.service.running', 'context').includes('markpact.takeOverRun'), 'nothing to take over from this window');
  });

  it('restarts and stops a service through its owner, which stays the owner', async () => {
    const row = (await ecosystemRow(api, 'front'))!;
    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.restartService', serviceRow(row, 'web')), true);
    const restarted = await until('web restarted by its owner', async () => {
      const now = (await ecosystemRow(api, 'front'))!;
      const web = serviceRow(now, 'web');
      return web.state === 'running' && pidOf(web) !== pidOf(serviceRow(row, 'web')) && now;
    }, { events: [api.onDidChangeServiceState], pollMs: 200 });
    assert.equal(restarted.contextValue, 'markpact.ecosystem.live.elsewhere');
    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.stopService', serviceRow(restarted, 'web')), true);
    await waitForStates(api, 'front', { api: 'running', web: 'stopped' });
  });

  it('is taken over into this window once the user confirms', async () => {
    await withWindowSpy({ message: (shown) => (shown.modal ? 'Take over' : undefined) }, async (spy) => {
      assert.equal(await vscode.commands.executeCommand<boolean>('markpact.takeOverRun', (await ecosystemRow(api, 'front'))!), true);
      assert.match(spy.messages[0].message, /front is run by pactown up --detach/);
    });
    const row = await waitForStates(api, 'front', { api: 'running' });
    assert.equal(row.contextValue, 'markpact.ecosystem.live');
    assert.doesNotMatch(row.description, /another process/);
  });
});
