// A start that fails says why in the notification itself: the service's own last words, or the
// ecosystem's first error, not a message ending at a colon.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { markpactApi, workspaceFile } from './helpers';
import { withWindowSpy } from './spies';

describe('failure notifications', () => {
  before(markpactApi);

  it('a service that exits before it is healthy: the message quotes what it wrote to stderr, the detail has its last output', async () => {
    const failing = workspaceFile('failing/failing.pactown.yaml');
    try {
      await withWindowSpy({}, async (spy) => {
        assert.equal(await vscode.commands.executeCommand<boolean>('markpact.runEcosystem', failing), false);
        const shown = await spy.message(/^Start of failing: broken failed; waiting blocked/);
        assert.equal(shown.severity, 'error');
        assert.match(shown.message, /broken: exited \(code 3\) before it was healthy.* \(stderr: broken: settings\.toml is missing\)$/);
        assert.match(shown.detail ?? '', /last output:\n {2}! broken: settings\.toml is missing/);
        assert.match(shown.detail ?? '', /waiting: not started: waiting on broken/);
        assert.deepEqual(shown.items, ['Show logs']);
      });
    } finally {
      await withWindowSpy({}, async () => vscode.commands.executeCommand('markpact.stopEcosystem', failing));
    }
  });

  it('an ecosystem with errors: the message names the first one (file:line:col code message), the detail the others', async () => {
    await withWindowSpy({}, async (spy) => {
      assert.equal(await vscode.commands.executeCommand<boolean>('markpact.runEcosystem', workspaceFile('broken/broken.pactown.yaml')), false);
      const shown = await spy.message(/^broken: Nothing was started: /);
      assert.match(shown.message, /^broken: Nothing was started: broken\/broken\.pactown\.yaml:\d+:\d+ [a-z-]+ \S.*\(and \d+ more errors?\)$/);
      assert.match(shown.detail ?? '', /^broken\/broken\.pactown\.yaml:\d+:\d+ [a-z-]+ \S/);
      assert.deepEqual(shown.items, ['Open ecosystem']);
    });
  });
});
