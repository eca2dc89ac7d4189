import * as vscode from 'vscode';
import type { TestResult } from '../../../core/testing/results';
import type { ReadmeTestTree } from './testTree';

/** The last outcome of each test line, by file and 1-based line: what a block's summary lens counts. */
export type LastOutcomes = Map<string, TestResult['outcome']>;

export const outcomeKey = (file: string, line: number) => `${file}:${line}`;

/**
 * "▶ Run tests" above each `markpact:test` block, and once its lines have run, how they did
 * ("$(pass) 2 passed", "$(error) 1 of 3 failed"). Not in Restricted Mode, where the run lens at
 * the top of the README says why nothing runs.
 */
export class TestLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly tree: ReadmeTestTree, private readonly outcomes: LastOutcomes) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (document.uri.scheme !== 'file' || !vscode.workspace.isTrusted || !document.getText().includes('markpact:test')) return [];
    await this.tree.ensureLoaded();
    const file = document.uri.fsPath;
    return this.tree.blocksIn(file).flatMap((block) => {
      const at = new vscode.Range(block.startLine, 0, block.startLine, 0);
      const lenses = [new vscode.CodeLens(at, { title: '▶ Run tests', command: 'markpact.runTests', arguments: [{ file, line: block.startLine }], tooltip: `Run the ${block.lines.length} test(s) of this block against the running service (started if it is not)` })];
      const seen = block.lines.map((l) => this.outcomes.get(outcomeKey(l.file, l.range.line + 1))).filter((o) => o !== undefined);
      if (seen.length > 0) {
        const failed = seen.filter((o) => o !== 'passed').length;
        const title = failed === 0 ? `$(pass) ${seen.length} passed` : `$(error) ${failed} of ${seen.length} failed`;
        lenses.push(new vscode.CodeLens(at, { title, command: 'workbench.view.testing.focus', tooltip: 'Show the Testing view' }));
      }
      return lenses;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
