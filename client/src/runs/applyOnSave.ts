import * as vscode from 'vscode';
import { applyNotice } from '../model/applyNotice';
import { catalogReadme } from '../model/catalog';
import type { ExtensionContextServices } from '../context';
import { applyOnSave } from '../settings';

/** Files whose save can change a run: READMEs (and what they include) and ecosystem files. */
const runFile = /\.(md|markdown|ya?ml)$/i;

/**
 * Live apply in the editor: saving a README or an ecosystem file that a live run is made from
 * (this window's or another process's) asks that run's owner to apply it, when
 * `markpact.run.applyOnSave` is on for the file and the workspace is trusted (applying runs the
 * README's code). Every apply that changed a run or was refused — asked for here, by `pactown up
 * --watch` or by another window — shows in a status message or a warning; the services' logs and
 * rows say what it did to each. While auto-save saves as the user types, a refused save is said
 * in the status bar, not in a notification that would interrupt them.
 */
export function registerApplyOnSave(services: ExtensionContextServices): vscode.Disposable[] {
  const { runs, output } = services;
  /** A refusal already shown for a run: the same one again (two watchers, a second save) is not repeated. */
  const shownRefusals = new Map<string, string>();
  let lastSaveAutomatic = false;
  return [
    vscode.workspace.onWillSaveTextDocument((event) => {
      if (runFile.test(event.document.uri.fsPath)) lastSaveAutomatic = event.reason === vscode.TextDocumentSaveReason.AfterDelay;
    }),
    vscode.workspace.onDidSaveTextDocument(async (document) => {
      const { uri } = document;
      if (uri.scheme !== 'file' || !runFile.test(uri.fsPath) || !vscode.workspace.isTrusted || !applyOnSave(uri)) return;
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'markpact: applying the save' }, async (progress) => {
          // Runs of other processes are followed once known: a terminal's run of an ecosystem, or of this README, may not be yet.
          // (No workspace scan here: the ecosystem files are listed once, a README is taken as it is.)
          await runs.track([...(await services.catalog.ecosystems()), ...(/\.(md|markdown)$/i.test(uri.fsPath) ? [catalogReadme(uri.fsPath)] : [])]);
          return runs.applySaved([uri.fsPath], (message) => progress.report({ message }));
        });
      } catch (error) {
        const message = `Saving ${vscode.workspace.asRelativePath(uri)} was not applied: ${error instanceof Error ? error.message : String(error)}`;
        output.warn(message);
        void vscode.window.showWarningMessage(message);
      }
    }),
    runs.onDidApply(({ ecosystem, result }) => {
      const notice = applyNotice(ecosystem.name, result);
      if (!notice) return;
      if (notice.level === 'info') {
        output.info(notice.text);
        shownRefusals.delete(ecosystem.path);
        vscode.window.setStatusBarMessage(`$(check) ${notice.text}`, 10_000);
        return;
      }
      output.warn(notice.text);
      if (!result.applied) {
        if (lastSaveAutomatic) {
          vscode.window.setStatusBarMessage(`$(warning) ${notice.text}`, 10_000);
          return;
        }
        if (shownRefusals.get(ecosystem.path) === result.reason) return;
        shownRefusals.set(ecosystem.path, result.reason ?? '');
        const problems = 'Show Problems';
        void vscode.window.showWarningMessage(notice.text, problems).then((answer) => answer === problems && vscode.commands.executeCommand('workbench.actions.view.problems'));
        return;
      }
      shownRefusals.delete(ecosystem.path);
      const logs = 'Show logs';
      void vscode.window.showWarningMessage(notice.text, logs).then((answer) => {
        if (answer === logs) void vscode.commands.executeCommand('markpact.showLogs', { ecosystemPath: ecosystem.path, serviceName: notice.failed[0] });
      });
    }),
  ];
}
