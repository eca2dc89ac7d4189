import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ExtensionContextServices } from '../context';
import { logPath } from '../views/logChannels';
import { openInBrowser } from './openInBrowser';
import { explain } from './explain';
import { describeTarget, resolveTarget } from './targets';

/**
 * Logs, browser, README and graph: they read, they never start anything. Each returns whether it
 * did what it was asked, and says why when it could not (no target: the resolver said why, or the
 * user dismissed its pick).
 */
export function registerServiceCommands(services: ExtensionContextServices): vscode.Disposable[] {
  const service = (arg: unknown) => resolveTarget(services, arg, 'service');
  return [
    vscode.commands.registerCommand('markpact.showLogs', async (arg?: unknown) => {
      const target = await service(arg);
      if (!target?.service) return false;
      if (!existsSync(logPath(target.ecosystem, target.service))) explain(`${describeTarget(target)} has not run yet: its log channel fills once it does.`);
      await services.logs.show(target.ecosystem, target.service);
      return true;
    }),
    vscode.commands.registerCommand('markpact.openInBrowser', async (arg?: unknown) => openInBrowser(services, await service(arg))),
    vscode.commands.registerCommand('markpact.openReadme', async (arg?: unknown) => {
      const target = await service(arg);
      if (!target?.service) return false;
      const readme = target.ecosystem.services.find((s) => s.name === target.service)?.readmePath;
      if (!readme) {
        explain(`${target.service} is not a service of ${target.ecosystem.name} any more.`);
        return false;
      }
      await vscode.window.showTextDocument(vscode.Uri.file(readme), { preview: true });
      return true;
    }),
    vscode.commands.registerCommand('markpact.showGraph', async (arg?: unknown) => {
      const target = await resolveTarget(services, arg, 'ecosystem');
      if (!target) return false;
      if (target.ecosystem.readme) {
        explain('A README run on its own is a single service: there is no dependency graph to show.');
        return false;
      }
      await services.graphs.show(target.ecosystem);
      return true;
    }),
    vscode.commands.registerCommand('markpact.refreshServices', () => services.catalog.refresh()),
  ];
}
