// Settings are read the way VS Code expects, so its log stays free of "Accessing a resource scoped
// configuration without providing a resource": resource-scoped ones for a resource (or null),
// window-scoped ones without.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';
import { front, prepareCommandsFixture, stopCommandsFixture, waitForStates } from './commandsFixture';
import { markpactApi } from './helpers';

interface Read {
  key: string;
  scope: 'none' | 'null' | 'resource';
}

/** Records every `markpact.*` setting read while `action` runs (and puts getConfiguration back after). */
async function settingsReadDuring(action: () => Promise<unknown>): Promise<Read[]> {
  const workspace = vscode.workspace as { getConfiguration: typeof vscode.workspace.getConfiguration };
  const real = workspace.getConfiguration;
  const reads: Read[] = [];
  workspace.getConfiguration = (section?: string, scope?: vscode.ConfigurationScope | null) => {
    const config = real.call(vscode.workspace, section, scope);
    if (section !== 'markpact') return config;
    const kind: Read['scope'] = scope === undefined ? 'none' : scope === null ? 'null' : 'resource';
    // A new object: the real one is read-only.
    return {
      get: (key: string, fallback?: unknown) => {
        reads.push({ key: `markpact.${key}`, scope: kind });
        return config.get(key, fallback);
      },
      has: (key: string) => config.has(key),
      inspect: (key: string) => config.inspect(key),
      update: (key: string, value: unknown, target?: vscode.ConfigurationTarget | boolean | null, overrideInLanguage?: boolean) => config.update(key, value, target, overrideInLanguage),
    } as vscode.WorkspaceConfiguration;
  };
  try {
    await action();
  } finally {
    workspace.getConfiguration = real;
  }
  return reads;
}

describe('settings', () => {
  let api: MarkpactApi;

  before(async () => {
    api = await markpactApi();
    await prepareCommandsFixture();
  });

  after(stopCommandsFixture);

  it('reads resource-scoped settings for a resource and window-scoped ones without', async () => {
    const reads = await settingsReadDuring(async () => {
      // The language server's options are read at each start; a run reads its health timeout and openBrowser.
      assert.equal(await vscode.commands.executeCommand('markpact.restartServer'), true);
      assert.equal(await vscode.commands.executeCommand('markpact.runEcosystem', front()), true);
      await waitForStates(api, 'front', { api: 'running', web: 'running' });
    });
    const scopes = vscode.extensions.getExtension('markpact.markpact')!.packageJSON.contributes.configuration.properties as Record<string, { scope: string }>;
    const read = (key: string) => reads.filter((r) => r.key === key);
    for (const key of ['markpact.diagnostics.severity', 'markpact.health.timeout', 'markpact.run.openBrowser']) assert.ok(read(key).length > 0, `${key} is read`);
    const resourceWithout = reads.filter((r) => scopes[r.key]?.scope === 'resource' && r.scope === 'none');
    assert.deepEqual(resourceWithout, [], 'resource-scoped settings read without a resource');
    const windowWith = reads.filter((r) => scopes[r.key]?.scope === 'window' && r.scope === 'resource');
    assert.deepEqual(windowWith, [], 'window-scoped settings read for a resource');
    assert.ok(read('markpact.health.timeout').every((r) => r.scope === 'resource'), 'a run reads its health timeout for its ecosystem');
  });
});
