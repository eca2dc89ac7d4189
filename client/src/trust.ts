import * as vscode from 'vscode';

/**
 * Running a README runs its code, so it needs a trusted workspace. Language features need no trust;
 * every command that starts a process, installs packages or builds an environment asks here first.
 */
export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const answer = await vscode.window.showWarningMessage(
    `${action} is disabled in Restricted Mode: a markpact README's run, build and install steps are code. Trust this workspace to run it; checking, completion and hovers work either way.`,
    manage,
  );
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
