// The README tests in VS Code's Testing view, on the bookshop example: the view lists the
// `markpact:test` lines of inventory and storefront; running them marks each README line passed or
// failed, and a failing line shows expected vs actual at the line; the items follow an edit.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';
import type { FinishedTestRun } from '../../../client/src/testing/testRun';
import type { TestItemView } from '../../../client/src/testing/registerTesting';
import { httpGet, markpactApi, screenshot, until, workspaceFile } from './helpers';

const ecosystem = () => workspaceFile('bookshop.pactown.yaml');
const inventory = () => workspaceFile('inventory/README.md');

const find = (items: readonly TestItemView[], label: string) => items.find((i) => i.label === label);
const labels = (items: readonly TestItemView[]) => items.map((i) => i.label);

/** The lines of a service's test blocks, as the Testing view lists them. */
async function serviceLines(api: MarkpactApi, service: string): Promise<TestItemView[]> {
  const bookshop = find(await api.testTree(), 'bookshop');
  return find(bookshop?.children ?? [], service)?.children.flatMap((block) => block.children) ?? [];
}

/** The 0-based line of `text` in a document. */
async function lineOf(uri: vscode.Uri, text: string): Promise<number> {
  const document = await vscode.workspace.openTextDocument(uri);
  const line = document.getText().split('\n').findIndex((l) => l === text);
  assert.ok(line >= 0, `${text} is in ${uri.fsPath}`);
  return line;
}

describe('README tests in the Testing view', () => {
  let api: MarkpactApi;
  const runs: FinishedTestRun[] = [];

  before(async () => {
    api = await markpactApi();
    api.onDidFinishTestRun((run) => runs.push(run));
  });

  after(async () => {
    await vscode.commands.executeCommand('markpact.stopEcosystem', ecosystem());
    // The README as the other suites know it.
    const document = await vscode.workspace.openTextDocument(inventory());
    const added = document.getText().split('\n').indexOf('GET /missing EXPECT 200');
    if (added >= 0) {
      const edit = new vscode.WorkspaceEdit();
      edit.delete(inventory(), new vscode.Range(added, 0, added + 1, 0));
      await vscode.workspace.applyEdit(edit);
      await document.save();
    }
  });

  it('lists the bookshop: ecosystem → service → block → line, each line at its place in its README', async () => {
    const bookshop = find(await api.testTree(), 'bookshop');
    assert.ok(bookshop, 'the bookshop is listed');
    assert.equal(bookshop.file, ecosystem().fsPath);
    assert.deepEqual(labels(bookshop.children), ['inventory', 'storefront'], 'quotes has no tests: not listed');
    const [block] = find(bookshop.children, 'inventory')!.children;
    assert.match(block.label, /^http tests \(line \d+\)$/);
    assert.deepEqual(labels(block.children), ['GET /health EXPECT 200', 'GET /books EXPECT 200']);
    const books = block.children[1];
    assert.equal(books.file, inventory().fsPath);
    assert.deepEqual(books.range, { startLine: await lineOf(inventory(), 'GET /books EXPECT 200'), endLine: await lineOf(inventory(), 'GET /books EXPECT 200') });
    assert.deepEqual(labels(await serviceLines(api, 'storefront')), ['GET /health EXPECT 200', 'GET / EXPECT 200']);
  });

  it('follows an edit of the README: a new line becomes a test item', async () => {
    const editor = await vscode.window.showTextDocument(inventory(), { preview: false });
    const after = await lineOf(inventory(), 'GET /books EXPECT 200');
    await editor.edit((edit) => edit.insert(new vscode.Position(after + 1, 0), 'GET /missing EXPECT 200\n'));
    await editor.document.save();
    const lines = await until('the new line in the Testing view', async () => {
      const found = await serviceLines(api, 'inventory');
      return found.some((l) => l.label === 'GET /missing EXPECT 200') && found;
    }, { pollMs: 200, timeoutMs: 15_000 });
    assert.deepEqual(labels(lines), ['GET /health EXPECT 200', 'GET /books EXPECT 200', 'GET /missing EXPECT 200']);
  });

  it('the Testing view runs a README\'s tests through the profile: storefront starts with what it depends on, and stays up', async () => {
    const storefront = workspaceFile('storefront/README.md');
    await vscode.window.showTextDocument(storefront, { preview: false });
    const before = runs.length;
    await vscode.commands.executeCommand('testing.runCurrentFile');
    const finished = await until('the run of the storefront README', () => runs.length > before && runs.at(-1), { pollMs: 200, timeoutMs: 120_000 });
    assert.deepEqual(finished.results.map((r) => [r.file, r.label, r.outcome]), [
      [storefront.fsPath, 'GET /health EXPECT 200', 'passed'],
      [storefront.fsPath, 'GET / EXPECT 200', 'passed'],
    ]);
    const states = Object.fromEntries((await api.serviceTree()).find((n) => n.label === 'bookshop')!.children.map((c) => [c.label, c.state]));
    assert.deepEqual(states, { inventory: 'running', quotes: 'running', storefront: 'running' });
  });

  it('"▶ Run tests" on the block marks each line: two pass, the missing route fails with expected vs actual at its line', async () => {
    await vscode.window.showTextDocument(inventory(), { preview: false });
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', inventory());
    const run = lenses.find((l) => l.command?.title === '▶ Run tests');
    assert.ok(run?.command, `a Run tests lens: ${lenses.map((l) => l.command?.title)}`);
    assert.equal(run.range.start.line, (await lineOf(inventory(), '```http markpact:test')));
    assert.equal(await vscode.commands.executeCommand(run.command.command, ...(run.command.arguments ?? [])), true);
    const finished = runs.at(-1)!;
    assert.deepEqual(finished.results.map((r) => [r.label, r.outcome, r.message]), [
      ['GET /health EXPECT 200', 'passed', '200'],
      ['GET /books EXPECT 200', 'passed', '200'],
      ['GET /missing EXPECT 200', 'failed', 'expected 200, got 404'],
    ]);
    // The service stays up in the window's run: the Services view shows it, it answers.
    const row = (await api.serviceTree()).find((n) => n.label === 'bookshop')?.children.find((c) => c.label === 'inventory');
    assert.equal(row?.state, 'running');
    assert.equal((await httpGet(`${row!.url}/books`)).status, 200);
    const summary = await until('the block\'s summary lens', async () => {
      const titles = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', inventory())).map((l) => l.command?.title ?? '');
      return titles.find((t) => /failed$/.test(t));
    }, { pollMs: 200, timeoutMs: 10_000 });
    assert.equal(summary, '$(error) 1 of 3 failed');
    // As the user sees it: the marks in the gutter, the failure's message at its line, the Testing view.
    const editor = vscode.window.activeTextEditor!;
    const failing = await lineOf(inventory(), 'GET /missing EXPECT 200');
    editor.revealRange(new vscode.Range(failing, 0, failing, 0), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    // As a list, the view shows every test line, not only the ecosystems.
    await vscode.commands.executeCommand('testing.viewAsList');
    await vscode.window.showTextDocument(editor.document, { preview: false });
    // Toasts left by earlier suites would cover the panel.
    await vscode.commands.executeCommand('notifications.clearAll');
    await screenshot('testing-view', [
      { selector: '.test-explorer .monaco-list-row', text: 'GET /missing EXPECT 200' },
      { selector: '.test-explorer .monaco-list-row', text: 'GET / EXPECT 200' },
      { selector: '.monaco-editor .codelens-decoration', text: '1 of 3 failed' },
      { selector: '.monaco-editor .codicon-testing-passed-icon' },
      { selector: '.monaco-editor .codicon-testing-failed-icon' },
      { selector: '.monaco-editor .test-error-content-widget', text: 'expected 200, got 404' },
    ]);
    await vscode.commands.executeCommand('testing.viewAsTree');
  });
});
