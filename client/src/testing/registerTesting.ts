import * as vscode from 'vscode';
import { explain } from '../commands/explain';
import type { ExtensionContextServices } from '../context';
import { outcomeKey, TestLensProvider, type LastOutcomes } from './testLenses';
import { runReadmeTests, type FinishedTestRun, type TestRunDeps } from './testRun';
import { ReadmeTestTree } from './testTree';

/** A Testing-view item as other extensions (and the end-to-end tests) see it. */
export interface TestItemView {
  id: string;
  label: string;
  file?: string;
  /** 0-based, as in VS Code. */
  range?: { startLine: number; endLine: number };
  children: TestItemView[];
}

export interface TestingApi {
  testTree(): Promise<TestItemView[]>;
  onDidFinishTestRun: vscode.Event<FinishedTestRun>;
}

/** A block's "▶ Run tests" lens argument. */
interface BlockRef {
  file: string;
  line: number;
}

const isBlockRef = (arg: unknown): arg is BlockRef => typeof arg === 'object' && arg !== null && typeof (arg as BlockRef).file === 'string' && typeof (arg as BlockRef).line === 'number';

/** Waits until calls stop for `ms`, per key, then runs the last one. */
function debounced(ms: number, run: (key: string) => void): (key: string) => void {
  const timers = new Map<string, NodeJS.Timeout>();
  return (key) => {
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => (timers.delete(key), run(key)), ms));
  };
}

/**
 * The README tests in VS Code's Testing view: a test controller whose items are the workspace's
 * `markpact:test` lines, a run profile and a "restarted" one, the "▶ Run tests" lenses and the
 * `markpact.runTests` command. Nothing is parsed until the tests are first looked at.
 */
export function registerTesting(services: ExtensionContextServices): { disposables: vscode.Disposable[]; api: TestingApi } {
  const controller = vscode.tests.createTestController('markpact', 'markpact READMEs');
  const tree = new ReadmeTestTree(controller, services.catalog);
  const outcomes: LastOutcomes = new Map();
  const lenses = new TestLensProvider(tree, outcomes);
  const finished = new vscode.EventEmitter<FinishedTestRun>();
  const deps: TestRunDeps = {
    controller, tree, runs: services.runs, output: services.output,
    onFinished: (run) => {
      for (const r of run.results) outcomes.set(outcomeKey(r.file, r.line), r.outcome);
      lenses.refresh();
      finished.fire(run);
    },
  };
  controller.resolveHandler = async (item) => {
    if (!item) await tree.ensureLoaded();
  };
  controller.refreshHandler = () => services.catalog.refresh();
  const runProfile = controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => runReadmeTests(deps, request, token, false).then(() => undefined), true);
  controller.createRunProfile('Run with the services restarted', vscode.TestRunProfileKind.Run, (request, token) => runReadmeTests(deps, request, token, true).then(() => undefined), false);

  const reloadAll = debounced(200, () => void tree.reload());
  const reloadFile = debounced(300, (path) => void tree.reloadFile(path));
  // A README with tests in view gets its gutter marks without the Testing view being opened.
  const loadFor = (editors: readonly vscode.TextEditor[]) => {
    if (editors.some((e) => e.document.languageId === 'markdown' && e.document.getText().includes('markpact:test'))) void tree.ensureLoaded();
  };
  loadFor(vscode.window.visibleTextEditors);

  const disposables: vscode.Disposable[] = [
    controller, tree, lenses, finished,
    vscode.languages.registerCodeLensProvider({ scheme: 'file', language: 'markdown' }, lenses),
    tree.onDidChange(() => lenses.refresh()),
    services.catalog.onDidChange(() => reloadAll('all')),
    vscode.window.onDidChangeVisibleTextEditors(loadFor),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.languageId === 'markdown' && event.document.uri.scheme === 'file' && event.contentChanges.length > 0) reloadFile(event.document.uri.fsPath);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    vscode.commands.registerCommand('markpact.runTests', async (arg?: unknown) => {
      const items = await itemsToRun(tree, arg);
      if (!items) return false;
      const cancel = new vscode.CancellationTokenSource();
      try {
        return await runReadmeTests(deps, new vscode.TestRunRequest(items, undefined, runProfile), cancel.token, false);
      } finally {
        cancel.dispose();
      }
    }),
  ];
  const view = (item: vscode.TestItem): TestItemView => {
    const children: TestItemView[] = [];
    item.children.forEach((child) => void children.push(view(child)));
    return { id: item.id, label: item.label, ...(item.uri ? { file: item.uri.fsPath } : {}), ...(item.range ? { range: { startLine: item.range.start.line, endLine: item.range.end.line } } : {}), children };
  };
  const api: TestingApi = {
    testTree: async () => {
      await tree.ensureLoaded();
      return tree.roots().map(view);
    },
    onDidFinishTestRun: finished.event,
  };
  return { disposables, api };
}

/**
 * What "Run tests" runs: a lens's block, else every test block of the given or active README. A
 * README that several ecosystems run asks in which one. Undefined (with a message) when there is none.
 */
async function itemsToRun(tree: ReadmeTestTree, arg: unknown): Promise<vscode.TestItem[] | undefined> {
  await tree.ensureLoaded();
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const file = isBlockRef(arg) ? arg.file : uri?.scheme === 'file' ? uri.fsPath : undefined;
  if (!file) return explain('Open a markpact README with markpact:test blocks to run its tests.');
  const blocks = isBlockRef(arg) ? tree.blocksAt(arg.file, arg.line) : tree.all().filter((item) => { const node = tree.node(item); return node?.kind === 'block' && node.block.file === file; });
  const name = vscode.workspace.asRelativePath(file);
  if (blocks.length === 0) return explain(isBlockRef(arg) ? `${name} has no markpact:test block on line ${arg.line + 1} any more.` : `${name} has no markpact:test lines that a service runs.`);
  const byEcosystem = new Map<string, { label: string; items: vscode.TestItem[] }>();
  for (const item of blocks) {
    const node = tree.node(item)!;
    const entry = byEcosystem.get(node.ecosystem.path) ?? { label: node.ecosystem.name, items: [] };
    entry.items.push(item);
    byEcosystem.set(node.ecosystem.path, entry);
  }
  if (byEcosystem.size === 1) return [...byEcosystem.values()][0].items;
  const picked = await vscode.window.showQuickPick([...byEcosystem.values()].map((e) => ({ label: e.label, items: e.items })), { placeHolder: `${byEcosystem.size} ecosystems run ${name}: run its tests in which one?` });
  return picked?.items;
}
