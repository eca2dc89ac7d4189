import * as vscode from 'vscode';

/**
 * Running a README runs its code, so it needs a trusted workspace. Language features need no trust;
 * every command that starts a process, installs packages or builds an environment asks here first.
 */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  // Not awaited: the command answers at once; the message stays until the user acts on it.
  void vscode.window
    .showWarningMessage(
      `${action} is disabled in Restricted Mode: a markpact README's run, build and install steps are code. Trust this workspace to run it; checking, completion and hovers work either way.`,
      manage,
    )
    .then((answer) => answer === manage && vscode.commands.executeCommand('workbench.trust.manage'));
  return false;
}
