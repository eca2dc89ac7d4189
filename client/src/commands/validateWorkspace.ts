import * as vscode from 'vscode';
import { validateFilesMethod, type ValidateFilesParams, type ValidatedFile } from '../../../core/protocol/validateFiles';
import type { ExtensionContextServices } from '../context';

/**
 * "Validate workspace": every ecosystem and markpact README of the workspace checked by the
 * language server. Closed files' problems go to their own collection (shown in Problems); a file
 * that is opened is the server's again, so nothing is shown twice.
 */
export function registerValidateWorkspace(services: ExtensionContextServices): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('markpact-workspace');
  const isOpen = (uri: string) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri);
  return [
    collection,
    vscode.workspace.onDidOpenTextDocument((doc) => collection.delete(doc.uri)),
    vscode.commands.registerCommand('markpact.validateWorkspace', async () => {
      const client = services.languageClient();
      if (!client?.isRunning()) {
        void vscode.window.showWarningMessage('The markpact language server is not running.');
        return undefined;
      }
      const all = await services.catalog.all();
      const paths = new Set(all.flatMap((e) => [...(e.readme ? [] : [e.path]), ...e.services.map((s) => s.readmePath)]));
      const uris = [...paths].map((p) => vscode.Uri.file(p).toString());
      const results = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Checking ${uris.length} files` }, () =>
        client.sendRequest<ValidatedFile[]>(validateFilesMethod, { uris } satisfies ValidateFilesParams),
      );
      collection.clear();
      let errors = 0;
      let warnings = 0;
      for (const { uri, diagnostics } of results) {
        const converted = await client.protocol2CodeConverter.asDiagnostics(diagnostics);
        errors += converted.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
        warnings += converted.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
        if (!isOpen(uri)) collection.set(vscode.Uri.parse(uri), converted);
      }
      const summary = `Checked ${results.length} file${results.length === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`;
      if (errors + warnings > 0) {
        void vscode.window.showWarningMessage(summary, 'Show Problems').then((answer) => answer && vscode.commands.executeCommand('workbench.actions.view.problems'));
      } else {
        void vscode.window.showInformationMessage(summary);
      }
      return { files: results.length, errors, warnings };
    }),
  ];
}
