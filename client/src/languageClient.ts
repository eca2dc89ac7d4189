import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { clientSettings } from './settings';

export const documentSelector = [
  { scheme: 'file', language: 'markdown' },
  { scheme: 'untitled', language: 'markdown' },
  { scheme: 'file', language: 'pactown' },
  { scheme: 'untitled', language: 'pactown' },
];

/** Starts the bundled language server (dist/server.js) over IPC. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // Read at each (re)start: a restart after a settings change sends the new values.
    initializationOptions: () => clientSettings(),
    synchronize: {
      // README and ecosystem changes on disk change other documents' diagnostics.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.pactown.{yaml,yml}'),
        vscode.workspace.createFileSystemWatcher('**/*.{md,markdown}'),
      ],
    },
  };
  return new LanguageClient('markpact', 'markpact language server', serverOptions, clientOptions);
}
