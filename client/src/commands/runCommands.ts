import * as vscode from 'vscode';
import type { ExtensionContextServices } from '../context';
import { engine } from '../engine';
import type { StartOutcome } from '../../../core/runtime/orchestrator';
import { runSettings } from '../settings';
import { requireTrust } from '../trust';
import { resolveTarget, type Target } from './targets';

const describe = (target: Target) => (target.service && !target.ecosystem.readme ? `${target.service} (${target.ecosystem.name})` : target.ecosystem.name);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The service a failure is about: errors from a service start with its name. */
function failedService(target: Target, message: string): string | undefined {
  return target.ecosystem.services.find((s) => message.startsWith(`${s.name}: `))?.name;
}

function reportFailure(services: ExtensionContextServices, target: Target, action: string, error: unknown): void {
  const message = errorText(error);
  services.output.error(`${action} ${describe(target)} failed: ${message}`);
  // Not awaited: the command answers now; the message stays until the user acts on it.
  if (error instanceof engine().InvalidEcosystemError) {
    void vscode.window.showErrorMessage(message.split('\n')[0], 'Open ecosystem').then((answer) => answer && vscode.window.showTextDocument(vscode.Uri.file(target.ecosystem.path)));
    return;
  }
  const service = failedService(target, message) ?? target.service;
  const [first, ...rest] = message.split('\n');
  void vscode.window
    .showErrorMessage(`${action} ${describe(target)} failed: ${first}`, { detail: rest.join('\n') }, ...(service ? ['Show logs'] : []))
    .then((answer) => (answer && service ? services.logs.show(target.ecosystem, service) : undefined));
}

/** Services nothing else depends on (the ones people open): what "open in browser" after a run shows. */
function frontServices(target: Target): string[] {
  if (target.service) return [target.service];
  return target.ecosystem.services.map((s) => s.name).slice(-1);
}

/** Failed and blocked services of a start, with their reasons, and logs one click away. */
function reportOutcome(services: ExtensionContextServices, target: Target, action: string, outcome: StartOutcome): void {
  const reasons = [...outcome.failed.map((f) => f.error), ...outcome.blocked.map((b) => `${b.name}: not started: waiting on ${b.blockedBy.join(', ')}`)];
  services.output.error(`${action} ${describe(target)}: ${reasons.join('\n')}`);
  const failed = outcome.failed.map((f) => f.name);
  const summary = [failed.length ? `${failed.join(', ')} failed` : '', outcome.blocked.length ? `${outcome.blocked.map((b) => b.name).join(', ')} blocked` : ''].filter(Boolean).join('; ');
  const first = outcome.failed[0]?.error.split('\n')[0] ?? '';
  void vscode.window
    .showErrorMessage(`${action} ${describe(target)}: ${summary}${first ? ` — ${first}` : ''}`, { detail: reasons.join('\n\n') }, ...(failed.length ? ['Show logs'] : []))
    .then((answer) => (answer ? services.logs.show(target.ecosystem, failed[0]) : undefined));
}

type StartAction = 'start' | 'restart' | 'takeOver';
const actionTitles: Record<StartAction, string> = { start: 'Starting', restart: 'Restarting', takeOver: 'Taking over' };

/** Starts (or restarts) a target with a cancellable progress notification; true once everything asked for is healthy. */
async function start(services: ExtensionContextServices, target: Target | undefined, action: StartAction): Promise<boolean> {
  if (!target) return false;
  if (!requireTrust(`Running ${describe(target)}`)) return false;
  const controller = new AbortController();
  const title = actionTitles[action];
  let outcome: StartOutcome;
  try {
    outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${title} ${describe(target)}`, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      const options = {
        signal: controller.signal,
        ...(target.service ? { only: [target.service] } : {}),
        onProgress: (message: string) => {
          progress.report({ message });
          services.output.info(`${target.ecosystem.name}: ${message}`);
        },
      };
      if (action === 'restart') return services.runs.restart(target.ecosystem, options);
      if (action === 'takeOver') return services.runs.takeOver(target.ecosystem, options);
      return services.runs.start(target.ecosystem, options);
    });
  } catch (error) {
    services.cacheChanged.fire();
    reportFailure(services, target, `${action === 'start' ? 'Start' : action === 'restart' ? 'Restart' : 'Take-over'} of`, error);
    return false;
  } finally {
    services.cacheChanged.fire();
  }
  if (outcome.failed.length > 0 || outcome.blocked.length > 0) {
    reportOutcome(services, target, action === 'restart' ? 'Restart of' : 'Start of', outcome);
    return false;
  }
  if (outcome.cancelled || controller.signal.aborted) {
    void vscode.window.showInformationMessage(`${title} ${describe(target)} cancelled; what it had started was stopped.`);
    return false;
  }
  if (runSettings().openBrowser) {
    for (const name of frontServices(target)) {
      const url = services.runs.view(target.ecosystem.path)?.services.find((s) => s.name === name)?.url;
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
    }
  }
  return true;
}

/** Asks before moving a run another process owns into this window. */
async function takeOver(services: ExtensionContextServices, target: Target | undefined): Promise<boolean> {
  if (!target) return false;
  const view = services.runs.view(target.ecosystem.path);
  if (view?.origin !== 'elsewhere') {
    void vscode.window.showInformationMessage(`${describe(target)} is not run by another process: there is nothing to take over.`);
    return false;
  }
  const confirm = 'Take over';
  const answer = await vscode.window.showWarningMessage(
    `${describe(target)} is run by ${view.owner}. Take it over? Its owner stops it, then it starts in this window and stops when the window closes.`,
    { modal: true },
    confirm,
  );
  return answer === confirm && start(services, target, 'takeOver');
}

async function stop(services: ExtensionContextServices, target: Target | undefined): Promise<boolean> {
  if (!target) return false;
  try {
    const stopped = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Stopping ${describe(target)}` }, () =>
      services.runs.stop(target.ecosystem, target.service && !target.ecosystem.readme ? [target.service] : undefined),
    );
    if (!stopped) void vscode.window.showWarningMessage(`Stopping ${describe(target)}: some of its processes did not stop (see the markpact output).`);
    return stopped;
  } catch (error) {
    reportFailure(services, target, 'Stop of', error);
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
    vscode.commands.registerCommand('markpact.runEcosystem', async (arg?: unknown) => start(services, await ecosystem(arg), 'start')),
    vscode.commands.registerCommand('markpact.stopEcosystem', async (arg?: unknown) => stop(services, await ecosystem(arg))),
    vscode.commands.registerCommand('markpact.restartEcosystem', async (arg?: unknown) => start(services, await ecosystem(arg), 'restart')),
    vscode.commands.registerCommand('markpact.takeOverRun', async (arg?: unknown) => takeOver(services, await ecosystem(arg))),
    vscode.commands.registerCommand('markpact.startService', async (arg?: unknown) => start(services, await service(arg), 'start')),
    vscode.commands.registerCommand('markpact.stopService', async (arg?: unknown) => stop(services, await service(arg))),
    vscode.commands.registerCommand('markpact.restartService', async (arg?: unknown) => start(services, await service(arg), 'restart')),
    vscode.commands.registerCommand('markpact.runReadme', async (arg?: unknown) => start(services, await readme(arg), 'start')),
    vscode.commands.registerCommand('markpact.stopReadme', async (arg?: unknown) => stop(services, await readme(arg))),
  ];
}
