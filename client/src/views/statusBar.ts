import * as vscode from 'vscode';
import { runSummary } from '../model/runSummary';
import { buildServiceTree, runCounts } from '../model/serviceTree';
import type { RunManager } from '../runs/runManager';
import type { CatalogIndex } from '../workspace/catalogIndex';

/**
 * "pactown: 3/4 running" (and the failed count) while anything runs; a click focuses the Services
 * view. Counted from the view's own rows, so the two always agree.
 */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('markpact.status', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];
  /** Updates are async (the catalog): only the latest one is shown. */
  private generation = 0;

  constructor(private readonly runs: RunManager, private readonly catalog: CatalogIndex) {
    this.item.name = 'pactown services';
    this.item.command = 'markpact.services.focus';
    this.subscriptions = [runs.onDidChange(() => void this.update()), catalog.onDidChange(() => void this.update())];
    void this.update();
  }

  async update(): Promise<void> {
    const generation = ++this.generation;
    const views = this.runs.views();
    // Nothing runs: no need to scan the workspace for the catalog.
    const live = [...views.values()].some((view) => view.services.some((s) => s.state !== 'stopped'));
    const summary = live ? runSummary(runCounts(buildServiceTree(await this.catalog.all(), views, (path) => path))) : undefined;
    if (generation !== this.generation) return;
    if (!summary) {
      this.item.hide();
      return;
    }
    this.item.text = summary.text;
    this.item.tooltip = summary.tooltip;
    this.item.backgroundColor = summary.failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
