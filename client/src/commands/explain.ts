import * as vscode from 'vscode';

/**
 * Says why a command did nothing. Not awaited: the command answers at once; the message stays
 * until the user closes it. Returns undefined so a resolver can `return explain(…)`.
 */
export function explain(message: string): undefined {
  void vscode.window.showInformationMessage(message);
  return undefined;
}
