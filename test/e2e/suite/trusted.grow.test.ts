// A service added to the YAML of an ecosystem this window runs: starting it starts it (and only
// it, plus what it needs), without restarting the others.
import * as assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';
import { ecosystemRow, front, pidOf, prepareCommandsFixture, serviceRow, stopCommandsFixture, waitForStates } from './commandsFixture';
import { httpGet, markpactApi, until } from './helpers';

const free = (port: number) => new Promise<boolean>((resolve) => {
  const server = createServer().once('error', () => resolve(false));
  server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
});

describe('a service added to a running ecosystem', () => {
  let api: MarkpactApi;
  let original: string;

  before(async () => {
    api = await markpactApi();
    await prepareCommandsFixture();
    original = await readFile(front().fsPath, 'utf8');
  });

  after(async () => {
    await stopCommandsFixture();
    await writeFile(front().fsPath, original);
  });

  it('starts from its row without restarting the others', async () => {
    assert.equal(await vscode.commands.executeCommand('markpact.runEcosystem', front()), true);
    const running = await waitForStates(api, 'front', { api: 'running', web: 'running' });
    let port = serviceRow(running, 'web').url ? Number(new URL(serviceRow(running, 'web').url!).port) + 1 : 0;
    while (!(await free(port))) port++;
    await writeFile(front().fsPath, `${original.trimEnd()}\n  extra:\n    readme: api/README.md\n    port: ${port}\n    health_check: /health\n`);
    const listed = await until('the new service in the view', async () => {
      const row = await ecosystemRow(api, 'front');
      return row?.children.some((c) => c.label === 'extra') && row;
    }, { pollMs: 200 });
    assert.equal(serviceRow(listed, 'extra').state, 'stopped');
    assert.equal(await vscode.commands.executeCommand('markpact.startService', serviceRow(listed, 'extra')), true, 'Start says it worked');
    const grown = await waitForStates(api, 'front', { api: 'running', web: 'running', extra: 'running' });
    assert.equal((await httpGet(`http://127.0.0.1:${port}/health`)).status, 200);
    assert.equal(pidOf(serviceRow(grown, 'api')), pidOf(serviceRow(running, 'api')), 'api was left alone');
    assert.equal(pidOf(serviceRow(grown, 'web')), pidOf(serviceRow(running, 'web')), 'web was left alone');
  });
});
