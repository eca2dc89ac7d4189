// The `pactown` command outside the extension: the window's terminals find it on their PATH, and
// "Install 'pactown' command in PATH" puts a launcher into a bin folder.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import * as vscode from 'vscode';
import { markpactApi, until } from './helpers';
import { withWindowSpy } from './spies';

/** `pactown --help` as a shell would find it: by name, on this PATH. */
function pactownHelp(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('pactown', ['--help'], { env: { ...process.env, PATH: path }, timeout: 30_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
  });
}

describe('the pactown command outside the extension', () => {
  it('is on the PATH of the window\'s terminals', async () => {
    const api = await markpactApi();
    const entry = api.terminalPath();
    assert.ok(entry, 'the extension adds to the terminals\' PATH');
    assert.equal(entry.prepended, true);
    assert.ok(entry.value.endsWith(delimiter), entry.value);
    const folder = entry.value.slice(0, -delimiter.length);
    // Written at activation, without waiting: it is there soon after.
    await until('the launcher', () => existsSync(join(folder, 'pactown')), { pollMs: 100, timeoutMs: 10_000 });
    assert.match(await pactownHelp(`${entry.value}${process.env.PATH}`), /^Usage: pactown <command>/m);
  });

  it('installs into a bin folder after a confirmation, and says when that folder is not on the PATH', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'markpact-bin-')), 'bin');
    try {
      await withWindowSpy({ message: (shown) => (shown.modal ? 'Install' : undefined) }, async (spy) => {
        assert.equal(await vscode.commands.executeCommand('markpact.installCli', { folder }), true);
        assert.match(spy.messages[0].message, /^Install the 'pactown' command as .*\/bin\/pactown\?$/);
        await spy.message(/^Installed 'pactown' as .*, but .* is not on your PATH/);
      });
      assert.match(await pactownHelp(`${folder}${delimiter}${process.env.PATH}`), /^Usage: pactown <command>/m);
    } finally {
      rmSync(join(folder, '..'), { recursive: true, force: true });
    }
  });
});
