import * as vscode from 'vscode';
import type { ExtensionContextServices } from '../context';
import { resolveTarget } from './targets';

/** Logs, browser, README and graph: they read, they never start anything. */
export function registerServiceCommands(services: ExtensionContextServices): vscode.Disposable[] {
  const service = (arg: unknown) => resolveTarget(services, arg, 'service');
  return [
    vscode.commands.registerCommand('markpact.showLogs', async (arg?: unknown) => {
      const target = await service(arg);
      if (!target?.service) return false;
      await services.logs.show(target.ecosystem, target.service);
      return true;
    }),
    vscode.commands.registerCommand('markpact.openInBrowser', async (arg?: unknown) => {
      const target = await service(arg);
      if (!target?.service) return false;
      const status = services.runs.view(target.ecosystem.path)?.services.find((s) => s.name === target.service);
      const port = status?.port ?? target.ecosystem.services.find((s) => s.name === target.service)?.port;
      if (!status || status.state === 'stopped') void vscode.window.showWarningMessage(`${target.service} is not running; opening http://127.0.0.1:${port} anyway.`);
      return vscode.env.openExternal(vscode.Uri.parse(`http://127.0.0.1:${port}`));
    }),
    vscode.commands.registerCommand('markpact.openReadme', async (arg?: unknown) => {
      const target = await service(arg);
      const readme = target?.ecosystem.services.find((s) => s.name === target.service)?.readmePath;
      if (!readme) return false;
      await vscode.window.showTextDocument(vscode.Uri.file(readme), { preview: true });
      return true;
    }),
    vscode.commands.registerCommand('markpact.showGraph', async (arg?: unknown) => {
      const target = await resolveTarget(services, arg, 'ecosystem');
      if (!target) return false;
      if (target.ecosystem.readme) {
        void vscode.window.showInformationMessage('A README run on its own is a single service: there is no dependency graph to show.');
        return false;
      }
      await services.graphs.show(target.ecosystem);
      return true;
    }),
    vscode.commands.registerCommand('markpact.refreshServices', () => services.catalog.refresh()),
  ];
}
