// End-to-end, in a real VS Code: the extension on the examples workspace (bookshop ecosystem) plus
// a folder of mistakes. The run tests start real Python and Node services and check them over HTTP.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MarkpactApi, ServiceStateChange } from '../../../client/src/api';
import type { ServiceNode } from '../../../client/src/model/serviceTree';
import { processAlive } from '../../../core/processAlive';
import { completionLabels, hoverText, httpGet, markpactApi, positionAfter, screenshot, until, workspaceFile } from './helpers';

const ecosystemUri = () => workspaceFile('bookshop.pactown.yaml');
const serviceNames = ['inventory', 'quotes', 'storefront'];

async function bookshop(api: MarkpactApi): Promise<ServiceNode | undefined> {
  return (await api.serviceTree()).find((node) => node.kind === 'ecosystem' && node.label === 'bookshop');
}

function codesOf(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
}

function waitForCodes(uri: vscode.Uri, expected: string[]): Promise<string[]> {
  return until(`diagnostics ${expected.join(', ')} on ${vscode.workspace.asRelativePath(uri)}`, () => {
    const codes = codesOf(uri);
    return expected.every((code) => codes.includes(code)) && codes;
  }, { events: [vscode.languages.onDidChangeDiagnostics] });
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  // The provider command needs the document open.
  await vscode.workspace.openTextDocument(uri);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((lens) => lens.command?.title ?? '');
}

/** `pactown …` as a terminal in the workspace would run it (the extension's own dist/cli.js). */
function pactown(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const cli = join(vscode.extensions.getExtension('markpact.markpact')!.extensionPath, 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, ...args], { env: process.env, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`pactown ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

async function showHoverAt(uri: vscode.Uri, text: string): Promise<vscode.Position> {
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  const position = positionAfter(editor.document, text).translate(0, -1);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('editor.action.showHover');
  return position;
}

describe('markpact in VS Code (trusted workspace)', () => {
  let api: MarkpactApi;
  const stateChanges: ServiceStateChange[] = [];

  before(async () => {
    api = await markpactApi();
    api.onDidChangeServiceState((change) => stateChanges.push(change));
  });

  after(async () => {
    // Leaves nothing running, whatever failed above.
    await vscode.commands.executeCommand('markpact.stopEcosystem', ecosystemUri());
  });

  it('activates on a README and reports its mistakes with codes', async () => {
    const readme = workspaceFile('broken/README.md');
    await vscode.window.showTextDocument(readme);
    assert.equal(vscode.extensions.getExtension('markpact.markpact')?.isActive, true);
    const codes = await waitForCodes(readme, ['unknown-kind', 'unsafe-path']);
    assert.ok(codes.every((code) => code !== 'undefined'), `every diagnostic has a code: ${codes}`);
    const typo = vscode.languages.getDiagnostics(readme).find((d) => d.code === 'unknown-kind');
    assert.match(typo!.message, /file/, 'the unknown kind offers the nearest one');

    // The mouse on the first squiggle: the hover names the problem and offers its quick fix.
    await vscode.window.showTextDocument(readme);
    await screenshot('diagnostic-hover', [{ selector: '.monaco-hover', text: 'View Problem' }], '.squiggly-error');
  });

  it('reports mistakes in a pactown YAML', async () => {
    const yaml = workspaceFile('broken/broken.pactown.yaml');
    await vscode.workspace.openTextDocument(yaml);
    await waitForCodes(yaml, ['unknown-field', 'readme-not-found', 'unknown-service']);
  });

  it('completes kinds after markpact: and service names in depends_on', async () => {
    const readme = workspaceFile('scratch/README.md');
    await vscode.workspace.fs.createDirectory(workspaceFile('scratch'));
    await writeFile(readme.fsPath, '# scratch\n\n```python markpact:\n```\n');
    const readmeDoc = await vscode.workspace.openTextDocument(readme);
    const kinds = await until('kind completions', async () => {
      const labels = await completionLabels(readme, positionAfter(readmeDoc, 'markpact:'));
      return labels.includes('deps') && labels;
    }, { pollMs: 250 });
    for (const kind of ['deps', 'file', 'run']) assert.ok(kinds.includes(kind), `completes ${kind}: ${kinds}`);

    const yamlUri = workspaceFile('scratch/scratch.pactown.yaml');
    await writeFile(yamlUri.fsPath, 'name: scratch\nservices:\n  api:\n    readme: README.md\n  web:\n    readme: README.md\n    depends_on:\n      - \n');
    const yaml = await vscode.workspace.openTextDocument(yamlUri);
    const names = await completionLabels(yamlUri, positionAfter(yaml, '      - '));
    assert.deepEqual(names, ['api'], 'completes the other services of the ecosystem');
  });

  it('lists the ecosystem in the Services view, stopped', async () => {
    const node = await until('the bookshop ecosystem in the view', () => bookshop(api), { events: [api.onDidChangeServiceTree] });
    assert.deepEqual(node.children.map((c) => c.label).sort(), serviceNames);
    assert.ok(node.children.every((c) => c.state === 'stopped'));
  });

  it('offers to run the ecosystem from a CodeLens', async () => {
    assert.ok((await lensTitles(ecosystemUri())).includes('▶ Run ecosystem'));
    await vscode.window.showTextDocument(ecosystemUri());
    await screenshot('ecosystem-lenses', [{ selector: '.codelens-decoration', text: 'Run ecosystem' }]);
  });

  it('says a deps block is not cached before the first run', async () => {
    const quotes = workspaceFile('quotes/README.md');
    const document = await vscode.workspace.openTextDocument(quotes);
    const text = await hoverText(quotes, positionAfter(document, 'markpact-demo-quotes=='));
    assert.match(text, /not cached/);
  });

  it('runs the ecosystem: services answer over HTTP and the view shows them running', async () => {
    const started = await vscode.commands.executeCommand<boolean>('markpact.runEcosystem', ecosystemUri());
    assert.equal(started, true, 'Run ecosystem reports success');
    const node = await until('every bookshop service running', async () => {
      const ecosystem = await bookshop(api);
      return ecosystem?.children.every((c) => c.state === 'running') && ecosystem;
    }, { events: [api.onDidChangeServiceState, api.onDidChangeServiceTree] });
    for (const service of node.children) {
      assert.ok(service.url, `${service.label} has a URL`);
      const health = await httpGet(`${service.url}/health`);
      assert.equal(health.status, 200, `${service.label} answers /health`);
    }
    const storefront = node.children.find((c) => c.label === 'storefront')!;
    const page = await httpGet(storefront.url!);
    assert.equal(page.status, 200);
    assert.match(page.body, /The markpact bookshop/, 'the storefront reads its env and its dependencies');

    assert.ok((await lensTitles(ecosystemUri())).includes('■ Stop'), 'the ecosystem file offers to stop it');
    // The ecosystem file beside the view: its CodeLenses show the run state too. The editor gets the
    // focus last: VS Code defers CodeLens updates of an editor without focus.
    await vscode.commands.executeCommand('markpact.services.focus');
    await vscode.window.showTextDocument(ecosystemUri());
    await screenshot('services-running', [
      { selector: '.monaco-list-row', text: 'running :' },
      { selector: '.monaco-list-row', text: 'storefront' },
      { selector: '.codelens-decoration', text: '3/3 running' },
    ]);
  });

  it('says the deps block is cached after the run, and who shares it', async () => {
    const quotes = workspaceFile('quotes/README.md');
    const document = await vscode.workspace.openTextDocument(quotes);
    const text = await until('a cached hover', async () => {
      const hover = await hoverText(quotes, positionAfter(document, 'markpact-demo-quotes=='));
      return /\*\*cached\*\*/.test(hover) && hover;
    }, { pollMs: 250, timeoutMs: 15_000 });
    assert.match(text, /Shared environment in use/);
    await showHoverAt(quotes, 'markpact-demo-quotes==');
    // The mouse over the line, re-aimed until the hover shows (a keyboard-opened hover closes if focus moves).
    await screenshot('cache-hover', [{ selector: '.monaco-hover', text: 'cached' }], '.view-line:has-text("markpact-demo-quotes==1.0.0") > span');
  });

  it('restarts a service killed from outside', async () => {
    const inventory = (await bookshop(api))!.children.find((c) => c.label === 'inventory')!;
    const pid = Number(/pid (\d+)/.exec(inventory.description)?.[1]);
    assert.ok(pid > 0, `inventory shows its pid: ${inventory.description}`);
    const seen = stateChanges.length;
    process.kill(pid, 'SIGKILL');
    const back = await until('inventory restarting then running', () => {
      const mine = stateChanges.slice(seen).filter((c) => c.service === 'inventory');
      const restarting = mine.findIndex((c) => c.state === 'restarting');
      return restarting >= 0 && mine.slice(restarting).find((c) => c.state === 'running' && c.pid !== pid);
    }, { events: [api.onDidChangeServiceState, api.onDidChangeServiceTree] });
    assert.ok(back.pid && processAlive(back.pid));
    const health = await httpGet(`${inventory.url}/health`);
    assert.equal(health.status, 200, 'the restarted inventory answers');
  });

  it('stops the ecosystem and leaves no process behind', async () => {
    const running = (await bookshop(api))!.children;
    const pids = running.map((c) => Number(/pid (\d+)/.exec(c.description)?.[1]));
    assert.ok(pids.every((pid) => pid > 0), `pids: ${pids}`);
    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.stopEcosystem', ecosystemUri()), true);
    const node = await until('every bookshop service stopped', async () => {
      const ecosystem = await bookshop(api);
      return ecosystem?.children.every((c) => c.state === 'stopped') && ecosystem;
    }, { events: [api.onDidChangeServiceState, api.onDidChangeServiceTree] });
    assert.ok(node);
    for (const pid of pids) assert.equal(processAlive(pid), false, `process ${pid} is gone`);
    for (const service of running) await assert.rejects(httpGet(`${service.url}/health`), `${service.label} no longer answers`);
  });

  it('pactown down from a terminal stops the run the window owns: the window stays and shows it stopped', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.runEcosystem', ecosystemUri()), true);
    const running = await until('bookshop running again', async () => {
      const node = await bookshop(api);
      return node?.children.every((c) => c.state === 'running') && node;
    }, { events: [api.onDidChangeServiceState, api.onDidChangeServiceTree] });
    const down = await pactown('down', ecosystemUri().fsPath);
    assert.match(down.stdout, /^stopped \(VS Code window \(pid \d+\) shows it stopped\)/);
    // This code runs in the extension host: had `down` signalled it, nothing below would run.
    const node = await until('bookshop stopped, and why', async () => {
      const ecosystem = await bookshop(api);
      return ecosystem?.children.every((c) => c.state === 'stopped') && /stopped from another process: pactown down \(pid \d+\)/.test(ecosystem.tooltip) && ecosystem;
    }, { events: [api.onDidChangeServiceState, api.onDidChangeServiceTree], pollMs: 200 });
    assert.match(node.children[0].tooltip, /stopped from another process/);
    for (const service of running.children) await assert.rejects(httpGet(`${service.url}/health`), `${service.label} no longer answers`);
    assert.ok((await lensTitles(ecosystemUri())).includes('▶ Run ecosystem'), 'the lens offers to run it again');
  });

  it('shows a service that fails to start as failed with its reason, its dependent as blocked, and counts it in the status bar', async () => {
    const failing = workspaceFile('failing/failing.pactown.yaml');
    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.runEcosystem', failing), false, 'the start reports the failure');
    const node = await until('failing ecosystem shown', async () => (await api.serviceTree()).find((n) => n.kind === 'ecosystem' && n.label === 'failing' && n.state === 'failed'), { events: [api.onDidChangeServiceTree] });
    const [steady, broken, waiting] = node.children;
    assert.equal(steady.state, 'running', 'the independent service keeps running');
    assert.equal((await httpGet(steady.url!)).status, 200);
    assert.equal(broken.state, 'failed');
    assert.deepEqual(broken.icon, { id: 'error', color: 'testing.iconFailed' });
    assert.match(broken.tooltip, /exited \(code 3\) before it was healthy[\s\S]*settings\.toml is missing/);
    assert.equal(waiting.state, 'blocked');
    assert.match(waiting.tooltip, /waiting on broken \(failed\)/);
    // Nothing else on screen: the view, the notification and the status bar.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('markpact.services.focus');
    await screenshot('service-failed', [
      { selector: '.statusbar-item', text: '1 failed' },
      { selector: '.monaco-list-row', text: 'waiting on broken' },
    ]);
    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.stopEcosystem', failing), true);
    await assert.rejects(httpGet(steady.url!));
  });

  it('follows a run started in a terminal and steers it through its owner, which stays the owner', async () => {
    const yaml = workspaceFile('terminal/terminal.pactown.yaml');
    const up = await pactown('up', yaml.fsPath, '--detach');
    const owner = /supervised by (pactown up --detach \(supervisor pid (\d+)\))/.exec(up.stdout);
    assert.ok(owner, up.stdout);
    const supervisor = Number(owner[2]);
    const terminal = async () => (await api.serviceTree()).find((n) => n.kind === 'ecosystem' && n.label === 'terminal');
    const shown = await until('the terminal run in the view', async () => {
      const node = await terminal();
      return node?.children.every((c) => c.state === 'running') && node;
    }, { events: [api.onDidChangeServiceState, api.onDidChangeServiceTree], pollMs: 200 });
    assert.equal(shown.contextValue, 'markpact.ecosystem.live.elsewhere');
    assert.match(shown.tooltip, new RegExp(`Owned by another process: pactown up --detach \\(supervisor pid ${supervisor}\\)`));

    const b = shown.children.find((c) => c.label === 'b')!;
    const before = Number(/pid (\d+)/.exec(b.description)?.[1]);
    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.restartService', { ecosystemPath: yaml.fsPath, serviceName: 'b' }), true);
    const restarted = await until('b restarted', async () => {
      const node = (await terminal())?.children.find((c) => c.label === 'b');
      const pid = Number(/pid (\d+)/.exec(node?.description ?? '')?.[1]);
      return node?.state === 'running' && pid > 0 && pid !== before && node;
    }, { events: [api.onDidChangeServiceState, api.onDidChangeServiceTree] });
    assert.equal((await httpGet(restarted.url!)).status, 200);
    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.stopService', { ecosystemPath: yaml.fsPath, serviceName: 'b' }), true);
    const status = JSON.parse((await pactown('status', yaml.fsPath, '--json')).stdout) as { name: string; state: string }[];
    assert.deepEqual(status.map((s) => s.state), ['running', 'stopped']);
    assert.ok(processAlive(supervisor), 'the terminal supervisor still owns the run');

    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.stopEcosystem', yaml), true);
    await until('the supervisor exits once its run is stopped', () => !processAlive(supervisor), { pollMs: 50, timeoutMs: 10_000 });
    await until('the view shows it stopped', async () => (await terminal())?.children.every((c) => c.state === 'stopped'), { events: [api.onDidChangeServiceState, api.onDidChangeServiceTree], pollMs: 200 });
  });

  it('leaves a terminal-owned run running, for the harness to check that closing the window does not stop it', async () => {
    const yaml = workspaceFile('terminal/terminal.pactown.yaml');
    await pactown('up', yaml.fsPath, '--detach');
    const node = await until('the terminal run followed by the view', async () => {
      const found = (await api.serviceTree()).find((n) => n.kind === 'ecosystem' && n.label === 'terminal');
      return found?.children.every((c) => c.state === 'running') && found;
    }, { events: [api.onDidChangeServiceState, api.onDidChangeServiceTree], pollMs: 200 });
    console.log(`[e2e:must-survive-window] ${JSON.stringify({ yaml: yaml.fsPath, urls: node.children.map((c) => c.url) })}`);
  });

  it('leaves a README running, for the harness to check that closing the window stops it', async () => {
    const readme = workspaceFile('hello/README.md');
    assert.equal(await vscode.commands.executeCommand<boolean>('markpact.runReadme', readme), true);
    const hello = await until('hello running', async () => (await api.serviceTree()).find((n) => n.kind === 'readme' && n.label === 'hello' && n.state === 'running'), {
      events: [api.onDidChangeServiceState, api.onDidChangeServiceTree],
    });
    const pid = Number(/pid (\d+)/.exec(hello.description)?.[1]);
    assert.equal((await httpGet(hello.url!)).status, 200);
    console.log(`[e2e:must-stop-with-window] ${JSON.stringify({ pids: [pid], urls: [hello.url] })}`);
  });
});
