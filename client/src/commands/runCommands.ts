import * as vscode from 'vscode';
import type { StartOutcome } from '../../../core/runtime/startInOrder';
import type { ExtensionContextServices } from '../context';
import { engine } from '../engine';
import { failureNotice, invalidEcosystemNotice } from '../model/failureNotice';
import { runResource, runSettings } from '../settings';
import { requireTrust } from '../trust';
import { resolveReadmeTarget } from './readmeTarget';
import { explain } from './explain';
import { describeTarget as describe, resolveTarget, type Target } from './targets';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The service a failure is about: errors from a service start with its name. */
function failedService(target: Target, message: string): string | undefined {
  return target.ecosystem.services.find((s) => message.startsWith(`${s.name}: `))?.name;
}

function reportFailure(services: ExtensionContextServices, target: Target, action: string, error: unknown): void {
  const text = errorText(error);
  services.output.error(`${action} ${describe(target)} failed: ${text}`);
  // Not awaited: the command answers now; the message stays until the user acts on it.
  if (error instanceof engine().InvalidEcosystemError) {
    const notice = invalidEcosystemNotice(text, (path) => vscode.workspace.asRelativePath(path));
    const file = target.ecosystem.readme ?? target.ecosystem.path;
    const open = target.ecosystem.readme ? 'Open README' : 'Open ecosystem';
    void vscode.window
      .showErrorMessage(`${describe(target)}: ${notice.message}`, { detail: notice.detail }, open)
      .then((answer) => answer && vscode.window.showTextDocument(vscode.Uri.file(file)));
    return;
  }
  const service = failedService(target, text) ?? target.service;
  const notice = failureNotice(text);
  void vscode.window
    .showErrorMessage(`${action} ${describe(target)} failed: ${notice.message}`, { detail: notice.detail }, ...(service ? ['Show logs'] : []))
    .then((answer) => (answer && service ? services.logs.show(target.ecosystem, service) : undefined));
}

/** Services nothing else depends on (the ones people open): what "open in browser" after a run shows. */
function frontServices(target: Target): string[] {
  if (target.service) return [target.service];
  return target.ecosystem.services.map((s) => s.name).slice(-1);
}

/** Failed and blocked services of a start: the first reason in the message, the others in the detail, logs one click away. */
function reportOutcome(services: ExtensionContextServices, target: Target, action: string, outcome: StartOutcome): void {
  const blockedReasons = outcome.blocked.map((b) => `${b.name}: not started: ${b.reason}`);
  services.output.error(`${action} ${describe(target)}: ${[...outcome.failed.map((f) => f.error), ...blockedReasons].join('\n')}`);
  const failed = outcome.failed.map((f) => f.name);
  const summary = [failed.length ? `${failed.join(', ')} failed` : '', outcome.blocked.length ? `${outcome.blocked.map((b) => b.name).join(', ')} blocked` : ''].filter(Boolean).join('; ');
  const first = outcome.failed[0] ? failureNotice(outcome.failed[0].error) : { message: blockedReasons[0] ?? '', detail: '' };
  const detail = [first.detail, ...outcome.failed.slice(1).map((f) => f.error), ...(outcome.failed.length ? blockedReasons : blockedReasons.slice(1))].filter(Boolean).join('\n\n');
  void vscode.window
    .showErrorMessage(`${action} ${describe(target)}: ${summary}${first.message ? ` — ${first.message}` : ''}`, { detail }, ...(failed.length ? ['Show logs'] : []))
    .then((answer) => (answer ? services.logs.show(target.ecosystem, failed[0]) : undefined));
}

type StartAction = 'start' | 'restart' | 'takeOver';
const actionTitles: Record<StartAction, string> = { start: 'Starting', restart: 'Restarting', takeOver: 'Taking over' };

/**
 * Starts (or restarts) a target with a cancellable progress notification; true once everything
 * asked for is healthy. No target: the resolver said why, or the user dismissed its pick.
 */
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
  if (outcome.completed.length > 0) {
    void vscode.window.showInformationMessage(`${outcome.completed.join(', ')} completed (exit 0): a one-shot command; its output is in its log.`);
  }
  if (runSettings(runResource(target.ecosystem)).openBrowser) {
    for (const name of frontServices(target)) {
      // A completed one-shot command serves nothing to open.
      const status = services.runs.view(target.ecosystem.path)?.services.find((s) => s.name === name);
      if (status?.state === 'running') await vscode.env.openExternal(vscode.Uri.parse(status.url));
    }
  }
  return true;
}

/** Whether what a target names is up, coming up, or failed and shown. */
function isLive(services: ExtensionContextServices, target: Target): boolean {
  if (!target.service || target.ecosystem.readme) return services.runs.isLive(target.ecosystem.path);
  const status = services.runs.view(target.ecosystem.path)?.services.find((s) => s.name === target.service);
  return !!status && status.state !== 'stopped';
}

/** Asks before moving a run another process owns into this window. */
async function takeOver(services: ExtensionContextServices, target: Target | undefined): Promise<boolean> {
  if (!target) return false;
  await services.runs.track([target.ecosystem]);
  const view = services.runs.view(target.ecosystem.path);
  if (view?.origin !== 'elsewhere') {
    explain(`${describe(target)} is not run by another process: there is nothing to take over.`);
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
  // Follows a run another process owns, if any, before telling whether it runs.
  await services.runs.track([target.ecosystem]);
  const wasLive = isLive(services, target);
  try {
    // Even when nothing runs: an owner that is gone may have left processes, and this stops them.
    const stopped = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Stopping ${describe(target)}` }, () =>
      services.runs.stop(target.ecosystem, target.service && !target.ecosystem.readme ? [target.service] : undefined),
    );
    if (!stopped) void vscode.window.showWarningMessage(`Stopping ${describe(target)}: some of its processes did not stop (see the markpact output).`);
    else if (!wasLive) explain(`${describe(target)} was not running: there was nothing to stop.`);
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
  const readme = (arg: unknown, action: 'run' | 'stop') => resolveReadmeTarget(services, arg, action);
  return [
    vscode.commands.registerCommand('markpact.runEcosystem', async (arg?: unknown) => start(services, await ecosystem(arg), 'start')),
    vscode.commands.registerCommand('markpact.stopEcosystem', async (arg?: unknown) => stop(services, await ecosystem(arg))),
    vscode.commands.registerCommand('markpact.restartEcosystem', async (arg?: unknown) => start(services, await ecosystem(arg), 'restart')),
    vscode.commands.registerCommand('markpact.takeOverRun', async (arg?: unknown) => takeOver(services, await ecosystem(arg))),
    vscode.commands.registerCommand('markpact.startService', async (arg?: unknown) => start(services, await service(arg), 'start')),
    vscode.commands.registerCommand('markpact.stopService', async (arg?: unknown) => stop(services, await service(arg))),
    vscode.commands.registerCommand('markpact.restartService', async (arg?: unknown) => start(services, await service(arg), 'restart')),
    vscode.commands.registerCommand('markpact.runReadme', async (arg?: unknown) => start(services, await readme(arg, 'run'), 'start')),
    vscode.commands.registerCommand('markpact.stopReadme', async (arg?: unknown) => stop(services, await readme(arg, 'stop'))),
    vscode.commands.registerCommand('markpact.restartReadme', async (arg?: unknown) => start(services, await readme(arg, 'run'), 'restart')),
  ];
}
