// Scaffolding in the real VS Code: "New service…" driven through its pickers and input box writes
// a README and its entry, and the service runs; "Generate ecosystem from READMEs" writes an
// ecosystem that runs, and replaces it only when the user confirms.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';
import type { GenerateResult } from '../../../client/src/commands/generateEcosystem';
import type { NewServiceResult } from '../../../client/src/commands/newService';
import { parseEcosystem } from '../../../core/pactown/parse';
import { nodeHttp } from '../../../core/scaffold/templates/nodeHttp';
import { pythonStdlib } from '../../../core/scaffold/templates/pythonStdlib';
import { ecosystemRow, serviceRow, waitForStates } from './commandsFixture';
import { assignFreePorts, httpGet, markpactApi, screenshot, until, workspaceFile } from './helpers';
import { withWindowSpy } from './spies';

const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);

describe('scaffolding: New service… and Generate ecosystem from READMEs', () => {
  let api: MarkpactApi;
  const scaffold = () => workspaceFile('scaffold/scaffold.pactown.yaml');
  const generated = () => workspaceFile('generated');

  before(async () => {
    api = await markpactApi();
    // An ecosystem file left open by an earlier suite would be taken as the one to add to.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    mkdirSync(workspaceFile('scaffold').fsPath, { recursive: true });
    writeFileSync(scaffold().fsPath, 'name: scaffold\nbase_port: 8000\nservices: {}\n');
    await assignFreePorts(scaffold(), 2);
    await run('markpact.refreshServices');
  });

  after(async () => {
    await withWindowSpy({}, async () => {
      await run('markpact.stopEcosystem', scaffold());
      await run('markpact.stopEcosystem', vscode.Uri.joinPath(generated(), 'saas.pactown.yaml'));
    });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Later suites see the workspace as it was.
    rmSync(workspaceFile('scaffold').fsPath, { recursive: true, force: true });
    rmSync(generated().fsPath, { recursive: true, force: true });
    await run('markpact.refreshServices');
  });

  it('the walkthrough opens on its steps, from creating a service to checking it', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'markpact.markpact#gettingStarted', false);
    await screenshot('walkthrough', [
      { selector: '.gettingStartedContainer', text: 'Get started with markpact' },
      { selector: '.gettingStartedContainer', text: 'Create a service' },
      { selector: '.gettingStartedContainer', text: 'Check that it answers' },
    ]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('New service…: a template, the ecosystem and a name (an unsafe one refused) give a README and an entry; the service runs', async () => {
    const base = parseEcosystem(readFileSync(scaffold().fsPath, 'utf8')).config.basePort;
    const answers = (name: string) => ({
      pick: (shown: { placeHolder?: string; labels: string[] }) => (shown.placeHolder === 'Which kind of service?' ? 'Python (standard library)' : 'scaffold'),
      input: () => name,
    });
    await withWindowSpy(answers('../evil'), async (spy) => {
      assert.equal(await run('markpact.newService'), undefined);
      assert.deepEqual(spy.picks.map((p) => p.placeHolder), ['Which kind of service?', 'Add it to which ecosystem?']);
      assert.deepEqual(spy.picks[0].labels, ['Python (standard library)', 'Node (node:http)', 'FastAPI', 'Flask', 'Express']);
      assert.ok(spy.picks[1].labels.includes('scaffold') && spy.picks[1].labels.includes('bookshop'), spy.picks[1].labels.join());
      assert.equal(spy.inputs[0].value, 'api', 'a free name is offered');
      assert.match(spy.inputs[0].refused ?? '', /use letters, digits/);
    });
    assert.equal(existsSync(workspaceFile('evil').fsPath) || existsSync(workspaceFile('scaffold/evil').fsPath), false, 'nothing was written');

    const created = await withWindowSpy(answers('hello'), async (spy) => {
      const result = await run<NewServiceResult>('markpact.newService');
      await spy.message(/^Created hello \(Python \(standard library\)\) in scaffold\/scaffold\.pactown\.yaml, on port \d+\.$/);
      return result;
    });
    assert.deepEqual(created, { ecosystemPath: scaffold().fsPath, service: 'hello', readmePath: workspaceFile('scaffold/hello/README.md').fsPath, port: base });
    assert.equal(readFileSync(created.readmePath, 'utf8'), pythonStdlib.readme('hello'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, created.readmePath, 'the README is opened');
    const entry = parseEcosystem(readFileSync(scaffold().fsPath, 'utf8')).config.services;
    assert.deepEqual(entry.map((s) => [s.name, s.readme, s.port, s.healthCheck]), [['hello', 'hello/README.md', base, '/health']]);

    assert.equal(await run('markpact.runEcosystem', scaffold()), true);
    await waitForStates(api, 'scaffold', { hello: 'running' });
    assert.equal((await httpGet(`http://127.0.0.1:${base}/health`)).status, 200);
    assert.match((await httpGet(`http://127.0.0.1:${base}/`)).body, /hello from hello/);
  });

  it('New service… on an ecosystem row adds a Node service on the next free port, which starts beside the running one', async () => {
    const row = await until('the scaffold ecosystem in the view', () => ecosystemRow(api, 'scaffold'), { events: [api.onDidChangeServiceState], pollMs: 200 });
    const created = await withWindowSpy({ pick: () => 'Node (node:http)', input: () => 'greeter' }, async (spy) => {
      const result = await run<NewServiceResult>('markpact.newService', row);
      assert.equal(spy.picks.length, 1, 'the ecosystem came with the row: only the template is asked');
      return result;
    });
    const hello = parseEcosystem(readFileSync(scaffold().fsPath, 'utf8')).config.services[0];
    assert.equal(created.port, hello.port + 1, 'one above every port in use');
    assert.equal(readFileSync(created.readmePath, 'utf8'), nodeHttp.readme('greeter'));
    const listed = await until('greeter in the view', async () => {
      const ecosystem = await ecosystemRow(api, 'scaffold');
      return ecosystem?.children.some((c) => c.label === 'greeter') && ecosystem;
    }, { pollMs: 200 });
    assert.equal(await run('markpact.startService', serviceRow(listed, 'greeter')), true);
    await waitForStates(api, 'scaffold', { hello: 'running', greeter: 'running' });
    assert.equal((await httpGet(`http://127.0.0.1:${created.port}/health`)).status, 200);
    assert.equal(await run('markpact.stopEcosystem', scaffold()), true);
    await waitForStates(api, 'scaffold', { hello: 'stopped', greeter: 'stopped' });
  });

  it('Generate ecosystem from READMEs: a folder of READMEs becomes an ecosystem that runs; what it left out is said; an existing file is replaced only when confirmed', async () => {
    const folder = generated().fsPath;
    mkdirSync(`${folder}/api`, { recursive: true });
    mkdirSync(`${folder}/web`, { recursive: true });
    mkdirSync(`${folder}/notes`, { recursive: true });
    writeFileSync(`${folder}/api/README.md`, pythonStdlib.readme('api'));
    writeFileSync(`${folder}/web/README.md`, nodeHttp.readme('web').replace("const name = \"web\";", 'const name = `web, beside ${process.env.API_URL}`;'));
    writeFileSync(`${folder}/notes/README.md`, '# Notes\n\nNo blocks here.\n');
    const result = await withWindowSpy({}, async (spy) => {
      const generatedResult = await run<GenerateResult>('markpact.generateEcosystem', generated());
      const shown = await spy.message(/^Generated generated\/saas\.pactown\.yaml: api, web; 1 left out\.$/);
      assert.equal(shown.detail, 'notes/README.md: no markpact blocks: not a service README');
      return generatedResult;
    });
    const yaml = vscode.Uri.joinPath(generated(), 'saas.pactown.yaml');
    assert.deepEqual(result, { path: yaml.fsPath, services: ['api', 'web'], skipped: [{ path: 'notes/README.md', reason: 'no markpact blocks: not a service README' }] });
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, yaml.fsPath, 'the ecosystem file is opened');
    const { config } = parseEcosystem(readFileSync(yaml.fsPath, 'utf8'));
    assert.deepEqual(config.services.map((s) => [s.name, s.healthCheck, s.dependsOn.map((d) => d.name)]), [['api', '/health', []], ['web', '/health', ['api']]]);

    await assignFreePorts(yaml, 2);
    // The generated ports follow base_port; give them the free ones too.
    const base = parseEcosystem(readFileSync(yaml.fsPath, 'utf8')).config.basePort;
    writeFileSync(yaml.fsPath, readFileSync(yaml.fsPath, 'utf8').replace(/^ {4}port: 8000$/m, `    port: ${base}`).replace(/^ {4}port: 8001$/m, `    port: ${base + 1}`));
    await run('markpact.refreshServices');
    assert.equal(await run('markpact.runEcosystem', yaml), true);
    await waitForStates(api, 'generated', { api: 'running', web: 'running' });
    const page = await httpGet(`http://127.0.0.1:${base + 1}/`);
    assert.match(page.body, new RegExp(`web, beside http://127\\.0\\.0\\.1:${base}`), 'web got API_URL: it depends on api');
    assert.equal(await run('markpact.stopEcosystem', yaml), true);

    const edited = readFileSync(yaml.fsPath, 'utf8');
    await withWindowSpy({}, async (spy) => {
      assert.equal(await run('markpact.generateEcosystem', generated()), undefined);
      assert.equal(spy.messages[0].modal, true);
      assert.deepEqual(spy.messages[0].items, ['Replace']);
    });
    assert.equal(readFileSync(yaml.fsPath, 'utf8'), edited, 'dismissed: the file is unchanged');
    await withWindowSpy({ message: (shown) => (shown.modal ? 'Replace' : undefined) }, async () => {
      assert.deepEqual((await run<GenerateResult>('markpact.generateEcosystem', generated()))?.services, ['api', 'web']);
    });
    assert.match(readFileSync(yaml.fsPath, 'utf8'), /base_port: 8000\n/, 'replaced once confirmed');
  });
});
