import * as vscode from 'vscode';

/** A write that was refused (a file in the way, a symlinked folder): said in a message; undefined for the command's result. */
export function reportWriteError(action: string, error: unknown): undefined {
  void vscode.window.showErrorMessage(`${action} failed: ${error instanceof Error ? error.message : String(error)}.`);
  return undefined;
}
