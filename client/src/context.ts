import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { RunManager } from './runs/runManager';
import type { GraphPanels } from './views/graphPanel';
import type { LogChannels } from './views/logChannels';
import type { CatalogIndex } from './workspace/catalogIndex';

/** What commands, views and lenses share; created once in activate(). */
export interface ExtensionContextServices {
  catalog: CatalogIndex;
  runs: RunManager;
  logs: LogChannels;
  graphs: GraphPanels;
  output: vscode.LogOutputChannel;
  languageClient: () => LanguageClient | undefined;
  /** Fired when the dependency cache changed here (a run, a warm-up, a clear): lenses re-read it. */
  cacheChanged: vscode.EventEmitter<void>;
}
