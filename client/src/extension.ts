import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('markpact', { log: true });
  context.subscriptions.push(output);
  client = createLanguageClient(context, output);
  context.subscriptions.push(
    vscode.commands.registerCommand('markpact.restartServer', async () => {
      if (!client) return;
      await client.restart();
      output.info('language server restarted');
    }),
  );
  // Not awaited: the editor is usable while the server starts.
  client.start().catch((error: unknown) => output.error(`language server failed to start: ${String(error)}`));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
