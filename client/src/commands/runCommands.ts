import * as vscode from 'vscode';
import type { ExtensionContextServices } from '../context';
import { engine } from '../engine';
import { RunElsewhereError } from '../runs/runManager';
import { runSettings } from '../settings';
import { requireTrust } from '../trust';
import { resolveTarget, type Target } from './targets';

const describe = (target: Target) => (target.service && !target.ecosystem.readme ? `${target.service} (${target.ecosystem.name})` : target.ecosystem.name);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The service a failure is about: errors from a service start with its name. */
function failedService(target: Target, message: string): string | undefined {
  return target.ecosystem.services.find((s) => message.startsWith(`${s.name}: `))?.name;
}

async function reportFailure(services: ExtensionContextServices, target: Target, action: string, error: unknown): Promise<void> {
  const message = errorText(error);
  services.output.error(`${action} ${describe(target)} failed: ${message}`);
  if (error instanceof engine().InvalidEcosystemError) {
    const answer = await vscode.window.showErrorMessage(message.split('\n')[0], 'Open ecosystem');
    if (answer) await vscode.window.showTextDocument(vscode.Uri.file(target.ecosystem.path));
    return;
  }
  const service = failedService(target, message) ?? target.service;
  const [first, ...rest] = message.split('\n');
  const answer = await vscode.window.showErrorMessage(`${action} ${describe(target)} failed: ${first}`, { detail: rest.join('\n') }, ...(service ? ['Show logs'] : []));
  if (answer && service) await services.logs.show(target.ecosystem, service);
}

/** Services nothing else depends on (the ones people open): what "open in browser" after a run shows. */
function frontServices(target: Target): string[] {
  if (target.service) return [target.service];
  return target.ecosystem.services.map((s) => s.name).slice(-1);
}

/** Starts (or restarts) a target with a cancellable progress notification; true once everything asked for is healthy. */
async function start(services: ExtensionContextServices, target: Target | undefined, restart: boolean): Promise<boolean> {
  if (!target) return false;
  if (!requireTrust(`Running ${describe(target)}`)) return false;
  const controller = new AbortController();
  const action = restart ? 'Restarting' : 'Starting';
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${action} ${describe(target)}`, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      const options = {
        signal: controller.signal,
        ...(target.service ? { only: [target.service] } : {}),
        onProgress: (message: string) => {
          progress.report({ message });
          services.output.info(`${target.ecosystem.name}: ${message}`);
        },
      };
      await (restart ? services.runs.restart(target.ecosystem, options) : services.runs.start(target.ecosystem, options));
    });
  } catch (error) {
    services.cacheChanged.fire();
    if (controller.signal.aborted) {
      void vscode.window.showInformationMessage(`${action} ${describe(target)} cancelled; what it had started was stopped.`);
      return false;
    }
    await reportFailure(services, target, restart ? 'Restart of' : 'Start of', error);
    return false;
  }
  services.cacheChanged.fire();
  if (runSettings().openBrowser) {
    for (const name of frontServices(target)) {
      const url = services.runs.view(target.ecosystem.path)?.services.find((s) => s.name === name)?.url;
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
    }
  }
  return true;
}

async function stop(services: ExtensionContextServices, target: Target | undefined): Promise<boolean> {
  if (!target) return false;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Stopping ${describe(target)}` }, () =>
      services.runs.stop(target.ecosystem, target.service && !target.ecosystem.readme ? [target.service] : undefined),
    );
    return true;
  } catch (error) {
    if (error instanceof RunElsewhereError) void vscode.window.showWarningMessage(error.message);
    else await reportFailure(services, target, 'Stop of', error);
    return false;
  }
}

/** Run / stop / restart for ecosystems, services and READMEs; each returns whether it did what it was asked. */
export function registerRunCommands(services: ExtensionContextServices): vscode.Disposable[] {
  const ecosystem = (arg: unknown) => resolveTarget(services, arg, 'ecosystem');
  const service = (arg: unknown) => resolveTarget(services, arg, 'service');
  const readme = async (arg: unknown): Promise<Target | undefined> => {
    if (arg !== undefined && !(arg instanceof vscode.Uri)) return ecosystem(arg);
    const uri = (arg as vscode.Uri | undefined) ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file' || !/\.(md|markdown)$/i.test(uri.fsPath)) {
      void vscode.window.showInformationMessage('Open a markpact README (a Markdown file with markpact blocks) to run it.');
      return undefined;
    }
    const found = await services.catalog.ecosystemOf(uri.fsPath);
    return found && { ecosystem: found };
  };
  return [
    vscode.commands.registerCommand('markpact.runEcosystem', async (arg?: unknown) => start(services, await ecosystem(arg), false)),
    vscode.commands.registerCommand('markpact.stopEcosystem', async (arg?: unknown) => stop(services, await ecosystem(arg))),
    vscode.commands.registerCommand('markpact.restartEcosystem', async (arg?: unknown) => start(services, await ecosystem(arg), true)),
    vscode.commands.registerCommand('markpact.startService', async (arg?: unknown) => start(services, await service(arg), false)),
    vscode.commands.registerCommand('markpact.stopService', async (arg?: unknown) => stop(services, await service(arg))),
    vscode.commands.registerCommand('markpact.restartService', async (arg?: unknown) => start(services, await service(arg), true)),
    vscode.commands.registerCommand('markpact.runReadme', async (arg?: unknown) => start(services, await readme(arg), false)),
    vscode.commands.registerCommand('markpact.stopReadme', async (arg?: unknown) => stop(services, await readme(arg))),
  ];
}
