import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { MarkpactApi } from './api';
import { registerCacheCommands } from './commands/cacheCommands';
import { registerCliLauncher } from './commands/installCli';
import { registerRunCommands } from './commands/runCommands';
import { registerScaffoldCommands } from './commands/scaffoldCommands';
import { registerServiceCommands } from './commands/serviceCommands';
import { registerValidateWorkspace } from './commands/validateWorkspace';
import type { ExtensionContextServices } from './context';
import { SharedEnvironmentHover } from './hovers/sharedEnvironmentHover';
import { createLanguageClient } from './languageClient';
import { DepsLensProvider } from './lenses/depsLenses';
import { RunLensProvider } from './lenses/runLenses';
import { registerApplyOnSave } from './runs/applyOnSave';
import { RunManager } from './runs/runManager';
import { stopOnHostExit } from './runs/stopOnHostExit';
import { registerTesting } from './testing/registerTesting';
import { cacheDirectory } from './settings';
import { GraphPanels } from './views/graphPanel';
import { LogChannels } from './views/logChannels';
import { ServicesView } from './views/servicesView';
import { RunStatusBar } from './views/statusBar';
import { CatalogIndex } from './workspace/catalogIndex';

let client: LanguageClient | undefined;
let runs: RunManager | undefined;

const markpactDocuments: vscode.DocumentSelector = [{ scheme: 'file', language: 'markdown' }, { scheme: 'file', language: 'pactown' }];

export function activate(context: vscode.ExtensionContext): MarkpactApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('markpact', { log: true });
  client = createLanguageClient(context, output);
  const runManager = new RunManager(output, context.secrets);
  runs = runManager;
  const catalog = new CatalogIndex();
  const services: ExtensionContextServices = {
    catalog, runs, output, logs: new LogChannels(), graphs: new GraphPanels(runs), languageClient: () => client, cacheChanged: new vscode.EventEmitter<void>(),
  };
  const view = new ServicesView(catalog, runs);
  const runLenses = new RunLensProvider(services);
  const depsLenses = new DepsLensProvider();
  const testing = registerTesting(services);

  context.subscriptions.push(
    output, runs, catalog, services.logs, services.graphs, services.cacheChanged, view, new RunStatusBar(runs, catalog),
    ...registerRunCommands(services),
    ...registerServiceCommands(services),
    ...registerCacheCommands(services),
    ...registerValidateWorkspace(services),
    ...registerCliLauncher(context, services),
    ...registerScaffoldCommands(services),
    ...testing.disposables,
    ...registerApplyOnSave(services),
    vscode.commands.registerCommand('markpact.restartServer', async () => {
      try {
        await client!.restart();
      } catch (error) {
        void vscode.window.showErrorMessage(`Restarting the markpact language server failed: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
      output.info('language server restarted');
      return true;
    }),
    vscode.languages.registerCodeLensProvider(markpactDocuments, runLenses),
    vscode.languages.registerCodeLensProvider({ scheme: 'file', language: 'markdown' }, depsLenses),
    vscode.languages.registerHoverProvider({ scheme: 'file', language: 'markdown' }, new SharedEnvironmentHover(runs, catalog)),
    runs.onDidChange(() => runLenses.refresh()),
    catalog.onDidChange(() => runLenses.refresh()),
    services.cacheChanged.event(() => depsLenses.refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => runLenses.refresh()),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('markpact.cache.directory')) {
        depsLenses.refresh();
        // The server reads the cache folder at start.
        await client?.restart();
      }
    }),
    stopOnHostExit(() => runManager.killAllNow()),
  );
  // Not awaited: the editor is usable while the server starts.
  client.start().catch((error: unknown) => output.error(`language server failed to start: ${String(error)}`));
  output.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
  const onDidChangeServiceState: MarkpactApi['onDidChangeServiceState'] = (listener, thisArg, disposables) =>
    runManager.onDidChangeState(({ ecosystem, status }) => listener.call(thisArg, { ecosystemPath: ecosystem.path, service: status.name, state: status.state, pid: status.pid, error: status.error }), undefined, disposables);
  const terminalPath = () => {
    const mutator = context.environmentVariableCollection.get('PATH');
    return mutator && { value: mutator.value, prepended: mutator.type === vscode.EnvironmentVariableMutatorType.Prepend };
  };
  const onDidChangeServiceTree: MarkpactApi['onDidChangeServiceTree'] = (listener, thisArg, disposables) => {
    const both = vscode.Disposable.from(catalog.onDidChange(listener, thisArg), runManager.onDidChange(() => listener.call(thisArg)));
    disposables?.push(both);
    return both;
  };
  return { serviceTree: () => view.getChildren(), onDidChangeServiceState, onDidChangeServiceTree, cacheDirectory, terminalPath, ...testing.api };
}

/** The window is closing: services started here stop (in dependency order) before the host exits. */
export async function deactivate(): Promise<void> {
  await Promise.all([runs?.stopAll(), client?.stop()]);
}
