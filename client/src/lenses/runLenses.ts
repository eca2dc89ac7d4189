import * as vscode from 'vscode';
import type { ReportedService } from '../../../core/runtime/serviceStatus';
import { catalogEcosystem, hasMarkpactBlocks, type CatalogEcosystem } from '../model/catalog';
import type { ExtensionContextServices } from '../context';

const top = new vscode.Range(0, 0, 0, 0);
const stateText: Record<string, string> = {
  running: '$(pass-filled) running', starting: '$(loading~spin) starting', restarting: '$(sync~spin) restarting', failed: '$(error) failed', blocked: '$(debug-pause) blocked', stopped: '$(circle-large-outline) stopped',
};

function lens(line: number, title: string, command: string, args: unknown[] = [], tooltip?: string): vscode.CodeLens {
  return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title, command, arguments: args, ...(tooltip ? { tooltip } : {}) });
}

/** Lenses for one service: its state, then what can be done with it (through its owner, wherever that is). */
function serviceLenses(line: number, ecosystem: CatalogEcosystem, status: ReportedService | undefined, elsewhere: boolean, readme: boolean): vscode.CodeLens[] {
  const node = { ecosystemPath: ecosystem.path, serviceName: status?.name ?? ecosystem.services[0]?.name };
  const live = !!status && status.state !== 'stopped';
  if (!live) return [lens(line, readme ? '▶ Run this README' : '▶ Start', readme ? 'markpact.runReadme' : 'markpact.startService', [node])];
  const lenses = [lens(line, `${stateText[status.state]} :${status.port}${elsewhere ? ' (another process)' : ''}`, 'markpact.openInBrowser', [node], status.error ?? `Open ${status.url}`)];
  if (status.state === 'blocked') lenses.push(lens(line, '▶ Start', readme ? 'markpact.runReadme' : 'markpact.startService', [node]));
  lenses.push(lens(line, '■ Stop', readme ? 'markpact.stopReadme' : 'markpact.stopService', [node]));
  lenses.push(lens(line, '↻ Restart', readme ? 'markpact.restartEcosystem' : 'markpact.restartService', [node]));
  lenses.push(lens(line, 'Logs', 'markpact.showLogs', [node]));
  return lenses;
}

/**
 * "▶ Run ecosystem | ■ Stop" at the top of a pactown YAML and per service entry; "▶ Run this
 * README" or the run's state at the top of a markpact README. In Restricted Mode one lens says why
 * nothing can run.
 */
export class RunLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly services: ExtensionContextServices) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (document.uri.scheme !== 'file') return [];
    if (!vscode.workspace.isTrusted) {
      return [new vscode.CodeLens(top, { title: '$(shield) Running is disabled in Restricted Mode', command: 'workbench.trust.manage', tooltip: 'Trust this workspace to run its services' })];
    }
    return document.languageId === 'pactown' ? this.ecosystemLenses(document) : this.readmeLenses(document);
  }

  private async ecosystemLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const ecosystem = catalogEcosystem(document.uri.fsPath, document.getText());
    await this.services.runs.track([ecosystem]);
    const view = this.services.runs.view(ecosystem.path);
    const elsewhere = view?.origin === 'elsewhere';
    const live = view?.services.filter((s) => s.state !== 'stopped') ?? [];
    const node = { ecosystemPath: ecosystem.path };
    const lenses = live.length === 0
      ? [lens(0, '▶ Run ecosystem', 'markpact.runEcosystem', [node])]
      : [
          lens(0, `$(server-process) ${view!.services.filter((s) => s.state === 'running').length}/${ecosystem.services.length} running${elsewhere ? ' (another process)' : ''}`, 'markpact.services.focus', [], view?.owner ? `Owned by ${view.owner}` : undefined),
          lens(0, '■ Stop', 'markpact.stopEcosystem', [node]),
          lens(0, '↻ Restart', 'markpact.restartEcosystem', [node]),
          ...(elsewhere ? [lens(0, 'Take over', 'markpact.takeOverRun', [node], 'Run it in this window instead (its owner stops it first)')] : []),
        ];
    if (ecosystem.services.length > 1) lenses.push(lens(0, 'Graph', 'markpact.showGraph', [node]));
    for (const service of ecosystem.services) {
      if (service.line === undefined) continue;
      lenses.push(...serviceLenses(service.line, ecosystem, view?.services.find((s) => s.name === service.name), elsewhere, false));
    }
    return lenses;
  }

  private async readmeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const text = document.getText();
    if (!hasMarkpactBlocks(text)) return [];
    const path = document.uri.fsPath;
    const own = await this.services.catalog.ecosystemOf(path);
    if (!own) return [];
    await this.services.runs.track([own]);
    const view = this.services.runs.view(own.path);
    const lenses = serviceLenses(0, own, view?.services[0], view?.origin === 'elsewhere', true);
    // The ecosystems that run this README as one of their services.
    for (const { ecosystem, service } of await this.services.catalog.usersOf(path)) {
      const status = this.services.runs.view(ecosystem.path)?.services.find((s) => s.name === service);
      if (status && status.state !== 'stopped') {
        lenses.push(lens(0, `${stateText[status.state]} as ${service} in ${ecosystem.name} :${status.port}`, 'markpact.openInBrowser', [{ ecosystemPath: ecosystem.path, serviceName: service }]));
      }
    }
    return lenses;
  }
}
