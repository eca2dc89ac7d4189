import * as vscode from 'vscode';
import type { ReportedService } from '../../../core/runtime/serviceStatus';
import { catalogEcosystem, hasMarkpactBlocks, type CatalogEcosystem } from '../model/catalog';
import { otherStates } from '../model/runSummary';
import type { ExtensionContextServices } from '../context';

const top = new vscode.Range(0, 0, 0, 0);
const stateText: Record<string, string> = {
  running: '$(pass-filled) running', starting: '$(loading~spin) starting', restarting: '$(sync~spin) restarting', completed: '$(pass) completed (exit 0)', failed: '$(error) failed', blocked: '$(debug-pause) blocked', stopped: '$(circle-large-outline) stopped',
};

function lens(line: number, title: string, command: string, args: unknown[] = [], tooltip?: string): vscode.CodeLens {
  return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title, command, arguments: args, ...(tooltip ? { tooltip } : {}) });
}

/** Lenses for one service: its state, then what can be done with it (through its owner, wherever that is). */
function serviceLenses(line: number, ecosystem: CatalogEcosystem, status: ReportedService | undefined, elsewhere: boolean, readme: boolean, where = ''): vscode.CodeLens[] {
  const name = status?.name ?? ecosystem.services[0]?.name;
  const node = { ecosystemPath: ecosystem.path, serviceName: name, readmePath: ecosystem.services.find((s) => s.name === name)?.readmePath };
  const live = !!status && status.state !== 'stopped';
  if (!live) return [lens(line, readme ? '▶ Run this README' : '▶ Start', readme ? 'markpact.runReadme' : 'markpact.startService', [node])];
  const title = `${stateText[status.state]}${where} :${status.port}${elsewhere ? ' (another process)' : ''}`;
  // A one-shot command serves nothing: its state shows its output instead of opening a browser.
  const lenses = [status.state === 'completed'
    ? lens(line, title, 'markpact.showLogs', [node], 'A one-shot command: it exited 0. Show its output')
    : lens(line, title, 'markpact.openInBrowser', [node], status.error ?? `Open ${status.url}`)];
  if (status.state === 'blocked') lenses.push(lens(line, '▶ Start', readme ? 'markpact.runReadme' : 'markpact.startService', [node]));
  lenses.push(lens(line, '■ Stop', readme ? 'markpact.stopReadme' : 'markpact.stopService', [node]));
  lenses.push(lens(line, '↻ Restart', readme ? 'markpact.restartReadme' : 'markpact.restartService', [node]));
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
    const count = (state: string) => live.filter((s) => s.state === state).length;
    const lenses = live.length === 0
      ? [lens(0, '▶ Run ecosystem', 'markpact.runEcosystem', [node])]
      : [
          lens(0, `$(server-process) ${count('running')}/${ecosystem.services.length} running${otherStates({ completed: count('completed'), failed: count('failed'), blocked: count('blocked') })}${elsewhere ? ' (another process)' : ''}`, 'markpact.services.focus', [], view?.owner ? `Owned by ${view.owner}` : undefined),
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
    const users = await this.services.catalog.usersOf(path);
    if (users.length === 0) {
      const own = await this.services.catalog.ecosystemOf(path);
      if (!own) return [];
      await this.services.runs.track([own]);
      const view = this.services.runs.view(own.path);
      return serviceLenses(0, own, view?.services[0], view?.origin === 'elsewhere', true);
    }
    // Ecosystems run this README as one of their services: its state there, and what can be done with it there.
    await this.services.runs.track(users.map((u) => u.ecosystem));
    const lenses = users.flatMap(({ ecosystem, service }) => {
      const view = this.services.runs.view(ecosystem.path);
      const status = view?.services.find((s) => s.name === service);
      return status && status.state !== 'stopped' ? serviceLenses(0, ecosystem, status, view?.origin === 'elsewhere', false, ` as ${service} in ${ecosystem.name}`) : [];
    });
    if (lenses.length > 0) return lenses;
    const where = users.length === 1 ? `as ${users[0].service} in ${users[0].ecosystem.name}` : `in one of ${users.map((u) => u.ecosystem.name).join(', ')}`;
    return [lens(0, '▶ Run this README', 'markpact.runReadme', [document.uri], `Runs it ${where}, with the services it depends on`)];
  }
}
