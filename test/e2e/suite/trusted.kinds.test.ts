// template=true in the editor: running a README whose file block has ${ask:…} placeholders shows an
// input box for each label once per run, writes the answers into the sandbox file, and a value the
// user chose to remember comes from the workspace's secret storage on the next run (a restart of a
// run's only service is a new run: the run ends when nothing of it is left running).
import * as assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';
import { REMEMBER } from '../../../client/src/runs/templateAsker';
import { serviceRow, waitForStates } from './commandsFixture';
import { assignFreePorts, httpGet, markpactApi, until, workspaceFile } from './helpers';
import { withWindowSpy } from './spies';

const fence = '```';
const yaml = () => workspaceFile('kinds/kinds.pactown.yaml');
const readme = () => workspaceFile('kinds/cfg/README.md');

describe('template=true: ${ask:…} asked with an input box when the README runs', () => {
  let api: MarkpactApi;

  before(async () => {
    api = await markpactApi();
    await mkdir(workspaceFile('kinds/cfg').fsPath, { recursive: true });
    await writeFile(readme().fsPath, [
      '# cfg', '',
      `${fence}text markpact:file path=config.txt template=true`, 'token=${ask:Api token}', 'greeting=${ask:Greeting:-hello}', 'mode=${env:KINDS_E2E_UNSET:-dev}', fence, '',
      `${fence}bash markpact:run`, 'exec python3 -m http.server $PORT --bind 127.0.0.1', fence, '',
    ].join('\n'));
    await writeFile(yaml().fsPath, 'name: kinds\nbase_port: 8700\nservices:\n  cfg:\n    readme: cfg/README.md\n');
    await assignFreePorts(yaml(), 1);
    await vscode.commands.executeCommand('markpact.refreshServices');
  });

  after(async () => {
    await withWindowSpy({}, async () => vscode.commands.executeCommand('markpact.stopEcosystem', yaml()));
    await rm(workspaceFile('kinds').fsPath, { recursive: true, force: true });
  });

  const config = async () => (await httpGet(`${serviceRow(await waitForStates(api, 'kinds', { cfg: 'running' }), 'cfg').url}/config.txt`)).body;

  it('asks each label once, in file order, and writes the answers (an empty answer takes the default)', async () => {
    await withWindowSpy({ input: (shown) => (shown.title === 'cfg: Api token' ? 'tok-123' : ''), message: (shown) => (shown.message.includes("'Api token'") ? REMEMBER : undefined) }, async (spy) => {
      assert.equal(await vscode.commands.executeCommand('markpact.runEcosystem', yaml()), true);
      assert.equal(await config(), 'token=tok-123\ngreeting=hello\nmode=dev\n');
      assert.deepEqual(spy.inputs.map((i) => [i.title, i.value]), [['cfg: Api token', undefined], ['cfg: Greeting', undefined]]);
      assert.match(spy.inputs[0].prompt ?? '', /\$\{ask:Api token\} \(kinds\/cfg\/README\.md:4\)/);
      await spy.message(/Remember the value of 'Api token' in this workspace's secret storage\?/);
    });
  });

  it('a save applied to the running service (same run) does not ask again', async () => {
    const document = await vscode.workspace.openTextDocument(readme());
    const from = document.getText().indexOf(':-dev}');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(from), document.positionAt(from + 6)), ':-prod}');
    await withWindowSpy({}, async (spy) => {
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      assert.equal(await document.save(), true);
      await until('the saved template applied', async () => (await config()) === 'token=tok-123\ngreeting=hello\nmode=prod\n', { events: [api.onDidChangeServiceState], pollMs: 200 });
      assert.deepEqual(spy.inputs, []);
    });
  });

  it('the next run takes the remembered value from secret storage and asks only for the other label', async () => {
    await withWindowSpy({}, async () => vscode.commands.executeCommand('markpact.stopEcosystem', yaml()));
    await waitForStates(api, 'kinds', { cfg: 'stopped' });
    await withWindowSpy({ input: () => 'hi there' }, async (spy) => {
      assert.equal(await vscode.commands.executeCommand('markpact.runEcosystem', yaml()), true);
      assert.equal(await config(), 'token=tok-123\ngreeting=hi there\nmode=prod\n');
      assert.deepEqual(spy.inputs.map((i) => i.title), ['cfg: Greeting']);
    });
  });

  it('Escape on a label without a default: the service fails, naming the placeholder and its line', async () => {
    await withWindowSpy({}, async () => vscode.commands.executeCommand('markpact.stopEcosystem', yaml()));
    await writeFile(readme().fsPath, `${fence}text markpact:file path=other.txt template=true\nsecret=\${ask:Never answered}\n${fence}\n\n${fence}bash markpact:run\nexec python3 -m http.server $PORT --bind 127.0.0.1\n${fence}\n`);
    await withWindowSpy({ input: () => undefined }, async (spy) => {
      await vscode.commands.executeCommand('markpact.runEcosystem', yaml());
      const row = await waitForStates(api, 'kinds', { cfg: 'failed' });
      assert.deepEqual(spy.inputs.map((i) => i.title), ['cfg: Never answered']);
      assert.match(serviceRow(row, 'cfg').tooltip ?? '', /README\.md:2: no value for \$\{ask:Never answered\} in other\.txt/);
    });
  });
});
