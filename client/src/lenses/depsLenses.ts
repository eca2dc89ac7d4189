import * as vscode from 'vscode';
import { humanSize, timeAgo } from '../../../core/text/humanize';
import { hasMarkpactBlocks } from '../model/catalog';
import { cacheDirectory } from '../settings';
import { readmeDependencies } from '../workspace/readmeDependencies';

/**
 * On each deps block the run installs: "cached ✓ (size, last used)" or "not cached — first run
 * installs N packages" (a click offers to install them now).
 */
export class DepsLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const text = document.getText();
    if (document.uri.scheme !== 'file' || !hasMarkpactBlocks(text)) return [];
    const { set, records } = await readmeDependencies(document.uri.fsPath, text, cacheDirectory());
    // Blocks of this document only (included READMEs carry their own lenses).
    const blocks = [...new Set(set.requirements.filter((r) => !r.implicit && r.block.sourcePath === undefined).map((r) => r.block))];
    const [latest] = records;
    const title = latest
      ? `$(check) cached ✓ (${humanSize(latest.sizeBytes)}, last used ${timeAgo(latest.lastUsedAt)})`
      : `$(cloud-download) not cached — first run installs ${set.packages} package${set.packages === 1 ? '' : 's'}`;
    const command = latest
      ? { title, command: 'markpact.showCacheStats', tooltip: `Environment ${latest.key} (${latest.runtime.name} ${latest.runtime.version})` }
      : { title, command: 'markpact.warmCache', arguments: [document.uri], tooltip: 'Install them into the shared cache now' };
    return blocks.map((block) => {
      const line = document.positionAt(block.span.start).line;
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), command);
    });
  }
}
