// An ecosystem file the file watcher never reported (another process wrote it; the session's
// settings exclude `unwatched/` from watching, so the miss is certain): running it lists it in
// the Services view, with its run, instead of a run the view cannot show.
import * as assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { assignFreePorts, markpactApi, until, workspaceFile } from './helpers';

const fence = '```';

describe('an ecosystem file the watcher missed', () => {
  const folder = workspaceFile('unwatched');
  const yaml = vscode.Uri.joinPath(folder, 'missed.pactown.yaml');

  after(async () => {
    await vscode.commands.executeCommand('markpact.stopEcosystem', yaml);
    await rm(folder.fsPath, { recursive: true, force: true });
  });

  it('is listed with its run once it is run', async () => {
    const api = await markpactApi();
    // The view has scanned the workspace before the file exists.
    assert.ok(!(await api.serviceTree()).some((n) => n.label === 'missed'));
    await mkdir(vscode.Uri.joinPath(folder, 'web').fsPath, { recursive: true });
    await writeFile(vscode.Uri.joinPath(folder, 'web', 'README.md').fsPath, `# web\n\n${fence}bash markpact:run\nexec python3 -m http.server $PORT --bind 127.0.0.1\n${fence}\n`);
    await writeFile(yaml.fsPath, 'name: missed\nbase_port: 8700\nservices:\n  web:\n    readme: web/README.md\n');
    await assignFreePorts(yaml, 1);
    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.runEcosystem', yaml), true);
    const node = await until('the missed ecosystem listed, running', async () => (await api.serviceTree()).find((n) => n.kind === 'ecosystem' && n.label === 'missed' && n.children[0]?.state === 'running'), {
      events: [api.onDidChangeServiceTree],
      timeoutMs: 20_000,
    });
    assert.equal(node.children[0].label, 'web');
  });
});
