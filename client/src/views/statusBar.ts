import * as vscode from 'vscode';
import { runCounts } from '../model/serviceTree';
import type { RunManager } from '../runs/runManager';

/** "pactown: 3/4 running" (and the failed count) while anything runs; a click focuses the Services view. */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('markpact.status', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly runs: RunManager) {
    this.item.name = 'pactown services';
    this.item.command = 'markpact.services.focus';
    this.subscription = runs.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const { running, total, failed, blocked } = runCounts(this.runs.views().values());
    if (total === 0) {
      this.item.hide();
      return;
    }
    const problems = `${failed ? `, ${failed} failed` : ''}${blocked ? `, ${blocked} blocked` : ''}`;
    this.item.text = `$(server-process) pactown: ${running}/${total} running${problems}`;
    this.item.tooltip = `${running} of ${total} services running${problems}. Click to show the Services view.`;
    this.item.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
