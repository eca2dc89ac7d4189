// A one-shot command in the editor: its row is completed with a pass check (not a failure), its
// dependent blocked saying why, and the README's lens shows its state.
import * as assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { assignFreePorts, markpactApi, until, workspaceFile } from './helpers';
import { withWindowSpy } from './spies';

const fence = '```';

describe('one-shot commands', () => {
  const folder = workspaceFile('oneshot');
  const yaml = vscode.Uri.joinPath(folder, 'oneshot.pactown.yaml');

  before(async () => {
    for (const [name, run] of [['job', 'python3 -c "print(\'done\')"'], ['after', 'exec python3 -m http.server $PORT --bind 127.0.0.1']]) {
      await mkdir(vscode.Uri.joinPath(folder, name).fsPath, { recursive: true });
      await writeFile(vscode.Uri.joinPath(folder, name, 'README.md').fsPath, `# ${name}\n\n${fence}bash markpact:run\n${run}\n${fence}\n`);
    }
    await writeFile(yaml.fsPath, 'name: oneshot\nbase_port: 8400\nservices:\n  job:\n    readme: job/README.md\n  after:\n    readme: after/README.md\n    depends_on: [job]\n');
    await assignFreePorts(yaml, 2);
  });

  after(async () => {
    await vscode.commands.executeCommand('markpact.stopEcosystem', yaml);
    await rm(folder.fsPath, { recursive: true, force: true });
  });

  it('a command that exits 0 is completed with a pass check; its dependent is blocked, saying it serves nothing', async () => {
    const api = await markpactApi();
    await withWindowSpy({}, async (spy) => {
      assert.equal(await vscode.commands.executeCommand<boolean>('markpact.runEcosystem', yaml), false, 'a blocked dependent is a failed start');
      const shown = await spy.message(/^Start of oneshot: after blocked/);
      assert.match(shown.message, /after: not started: job completed \(a one-shot command\): it serves nothing on :\d+/);
    });
    const node = await until('oneshot shown with job completed', async () => (await api.serviceTree()).find((n) => n.kind === 'ecosystem' && n.label === 'oneshot' && n.children[0]?.state === 'completed'), { events: [api.onDidChangeServiceState, api.onDidChangeServiceTree] });
    const [job, after] = node.children;
    assert.deepEqual(job.icon, { id: 'pass', color: 'testing.iconPassed' });
    assert.match(job.description, /^completed \(exit 0\) :\d+$/);
    assert.equal(after.state, 'blocked');
    assert.match(after.tooltip, /Not started[\s\S]*job completed \(a one-shot command\): it serves nothing on :\d+/);
    assert.match(node.description, /^0\/2 running, 1 completed/);
    // The ecosystem file's top lens counts the same way.
    await vscode.workspace.openTextDocument(yaml);
    const titles = await until('the ecosystem lens counts the completed service', async () => {
      const shown = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', yaml)).map((l) => l.command?.title ?? '');
      return shown.some((t) => /running/.test(t)) ? shown : undefined;
    }, { events: [api.onDidChangeServiceState] });
    assert.ok(titles.some((t) => /^\$\(server-process\) 0\/2 running, 1 completed, 1 blocked$/.test(t)), `lens titles: ${titles.join(' | ')}`);
  });
});
