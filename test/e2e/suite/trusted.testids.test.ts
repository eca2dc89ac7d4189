// The Testing view's items across edits and its second run profile, on the bookshop example:
// lines inserted above a test block keep every item's id (VS Code keeps their results and the
// user's expanded state) while the ranges follow the text; "Run with the services restarted",
// chosen as the user does (Test: Select Default Profile), runs storefront's tests on a fresh process.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MarkpactApi } from '../../../client/src/api';
import type { FinishedTestRun } from '../../../client/src/testing/testRun';
import type { TestItemView } from '../../../client/src/testing/registerTesting';
import { ecosystemRow, pidOf, serviceRow } from './commandsFixture';
import { markpactApi, screenshot, until, workspaceFile } from './helpers';

const ecosystem = () => workspaceFile('bookshop.pactown.yaml');
const storefront = () => workspaceFile('storefront/README.md');
const restartedProfile = 'Run with the services restarted';
/** The plain profile's row as the list's text reads: its label, then the controller's, no space ("Run" alone is in both rows). */
const runProfile = 'Runmarkpact READMEs';
const inserted = ['<!-- inserted by the e2e test -->', 'A paragraph the test adds', 'above every test block.', ''];

/** Every item with its range, depth first. */
const flatten = (items: readonly TestItemView[]): TestItemView[] => items.flatMap((item) => [item, ...flatten(item.children)]);

/** id → start line, for every item of the Testing view. */
async function startLines(api: MarkpactApi): Promise<Map<string, number | undefined>> {
  return new Map(flatten(await api.testTree()).map((item) => [item.id, item.range?.startLine]));
}

/** The items under the bookshop's storefront (its test block and lines), whatever their ids. */
async function storefrontItems(api: MarkpactApi): Promise<TestItemView[]> {
  const bookshop = (await api.testTree()).find((item) => item.label === 'bookshop');
  return flatten(bookshop?.children.find((item) => item.label === 'storefront')?.children ?? []);
}

/** The pids of the bookshop's services, as the Services view shows them. */
async function pids(api: MarkpactApi): Promise<Record<string, number>> {
  const row = await ecosystemRow(api, 'bookshop');
  assert.ok(row, 'the bookshop is in the Services view');
  return Object.fromEntries(['inventory', 'quotes', 'storefront'].map((name) => [name, pidOf(serviceRow(row, name))]));
}

/**
 * Test: Select Default Profile for "Run", as the user picks in its list: the two profiles swap
 * (the one ticked is unticked, the other ticked). The harness waits until the list is on screen,
 * and before it is accepted, until it shows the new choice.
 */
async function swapDefaultRunProfile(shot: string, ticked: string, unticked: string): Promise<void> {
  const picked = vscode.commands.executeCommand('testing.selectDefaultTestProfiles', 2 /* TestRunProfileBitset.Run */);
  await screenshot(`${shot}-list`, [{ selector: '.quick-input-widget .monaco-list-row', text: restartedProfile }]);
  for (const step of ['quickInput.first', 'workbench.action.quickPickManyToggle', 'quickInput.next', 'workbench.action.quickPickManyToggle']) await vscode.commands.executeCommand(step);
  const row = (checked: boolean) => `.quick-input-widget .monaco-list-row[aria-checked="${checked}"]`;
  await screenshot(shot, [{ selector: row(true), text: ticked }, { selector: row(false), text: unticked }]);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  await picked;
}

describe('Testing view: stable ids and the restarted profile', () => {
  let api: MarkpactApi;
  const runs: FinishedTestRun[] = [];

  /** Runs the active README's tests through the Testing view's default profile; resolves with that run. */
  async function runCurrentFile(): Promise<FinishedTestRun> {
    const before = runs.length;
    await vscode.commands.executeCommand('testing.runCurrentFile');
    return until('the run of the storefront README', () => runs.length > before && runs.at(-1), { events: [api.onDidFinishTestRun], timeoutMs: 120_000 });
  }

  before(async () => {
    api = await markpactApi();
    api.onDidFinishTestRun((run) => runs.push(run));
  });

  after(async () => {
    await vscode.commands.executeCommand('markpact.stopEcosystem', ecosystem());
    // The README as the other suites know it.
    const document = await vscode.workspace.openTextDocument(storefront());
    if (document.lineAt(0).text === inserted[0]) {
      const edit = new vscode.WorkspaceEdit();
      edit.delete(storefront(), new vscode.Range(0, 0, inserted.length, 0));
      await vscode.workspace.applyEdit(edit);
    }
    if (document.isDirty) await document.save();
  });

  it('lines inserted above the test blocks keep every item\'s id; the ranges move by as many lines', async () => {
    const before = await startLines(api);
    const moved = await storefrontItems(api);
    assert.equal(moved.length, 3, 'storefront\'s block and its two lines are listed');
    const lines = (items: TestItemView[]) => items.map((item) => item.range?.startLine);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(storefront(), new vscode.Position(0, 0), inserted.map((l) => `${l}\n`).join(''));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('the storefront items moved down', async () => {
      const now = lines(await storefrontItems(api));
      return now.every((line, i) => line === lines(moved)[i]! + inserted.length);
    }, { pollMs: 200, timeoutMs: 15_000 });
    const after = await startLines(api);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'the same items, by id');
    const expected = new Map([...before].map(([id, line]) => [id, moved.some((m) => m.id === id) ? line! + inserted.length : line]));
    assert.deepEqual(after, expected, 'storefront\'s items moved by the inserted lines, every other item stayed');

    const undo = new vscode.WorkspaceEdit();
    undo.delete(storefront(), new vscode.Range(0, 0, inserted.length, 0));
    assert.ok(await vscode.workspace.applyEdit(undo));
    await (await vscode.workspace.openTextDocument(storefront())).save();
    await until('the storefront items back in place', async () => {
      const now = lines(await storefrontItems(api));
      return now.every((line, i) => line === lines(moved)[i]);
    }, { pollMs: 200, timeoutMs: 15_000 });
    assert.deepEqual(await startLines(api), before);
  });

  it('"Run with the services restarted" as the default profile: storefront\'s tests pass on a new process, what it depends on keeps its own', async () => {
    await vscode.window.showTextDocument(storefront(), { preview: false });
    const passed = (run: FinishedTestRun) => run.results.map((r) => [r.label, r.outcome]);
    const expected = [['GET /health EXPECT 200', 'passed'], ['GET / EXPECT 200', 'passed']];
    // The default profile: storefront up (with what it depends on), and it stays up.
    assert.deepEqual(passed(await runCurrentFile()), expected);
    const first = await pids(api);
    assert.ok(Object.values(first).every((pid) => pid > 0), `every service has a pid: ${JSON.stringify(first)}`);

    await swapDefaultRunProfile('testing-select-profile', restartedProfile, runProfile);
    let second: Record<string, number>;
    try {
      assert.deepEqual(passed(await runCurrentFile()), expected);
      second = await pids(api);
      assert.notEqual(second.storefront, first.storefront, 'storefront was restarted before its tests');
      assert.ok(second.storefront > 0, 'and runs');
      assert.deepEqual([second.inventory, second.quotes], [first.inventory, first.quotes], 'the services it depends on were not tested: not restarted');
    } finally {
      await vscode.window.showTextDocument(storefront(), { preview: false });
      await swapDefaultRunProfile('testing-select-profile-back', runProfile, restartedProfile);
    }
    // Back to "Run": the next run tests the process that is up.
    assert.deepEqual(passed(await runCurrentFile()), expected);
    assert.deepEqual(await pids(api), second);
  });
});
