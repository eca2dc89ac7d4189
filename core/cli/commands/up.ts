import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { ControlClient } from '../../control/controlClient';
import type { OwnerKind } from '../../control/protocol';
import { RunRegistry } from '../../control/runRegistry';
import { ServedRun } from '../../control/servedRun';
import { Orchestrator } from '../../runtime/orchestrator';
import type { StartOutcome } from '../../runtime/startInOrder';
import { openSandboxRoot } from '../../runtime/sandboxRoot';
import type { ReportedService } from '../../runtime/serviceStatus';
import { configuredPorts, printUrls, reportApply, reportOutcome, stateLine } from '../report';
import { checkServiceNames } from '../runTarget';
import { watchInputs } from '../watchInputs';
import { exitCodes, UsageError } from '../usageError';

export const upHelp = `pactown up <ecosystem.yaml> [service…] [--detach] [--watch] [--abort-on-failure]

Starts the services (all, or the ones named and what they depend on), each once its
dependencies are healthy. A service that fails is reported with its reason and the
services that depend on it are not started (blocked); the others keep running, and the
exit code is 1. A service whose command exits 0 before it is healthy is completed (a
one-shot command: not restarted; its dependents are blocked). --abort-on-failure makes it
all or nothing (for CI).
In the foreground it shows progress, then streams the services' logs until Ctrl+C or
SIGTERM (a second Ctrl+C kills at once) or \`pactown down\` from elsewhere. With --detach
it returns once the start is done, printing each running service's URL (and the port it
wanted, when that one was busy), and a background supervisor keeps the services running.
If the ecosystem already runs (from a terminal or VS Code), its owner is asked to start
what is not running instead, and the URLs are printed the same way: there is one run
per ecosystem.
--watch applies every save of the ecosystem file or of a README it runs (or includes)
to the live run: only what changed restarts (files rewritten, a new environment built
first while the old version keeps serving), added services start, removed ones stop,
the others keep running. A save with errors is not applied (the first error's
file:line is printed) and the run goes on. When the run is owned elsewhere, the
changes are sent to its owner.`;

interface UpOptions {
  only?: string[];
  abortOnFailure?: boolean;
  /** Apply saves of the run's files to it (see watchInputs). */
  watch?: boolean;
}

interface ForegroundOptions extends UpOptions {
  kind: OwnerKind;
  label: string;
  streamLogs: boolean;
  /** Told once the start is done, with every service's status (the detached supervisor reports to the `up` that launched it). */
  onStarted?: (outcome: StartOutcome, ok: boolean, owner: string, services: ReportedService[]) => void;
}

/**
 * Owns a run in this process until it is stopped: by a signal, or by `pactown down` from
 * elsewhere. When another process already owns the ecosystem's run, asks it to start instead.
 */
export async function runForeground(orchestrator: Orchestrator, options: ForegroundOptions): Promise<number> {
  const served = await ServedRun.serve(orchestrator, { kind: options.kind, label: options.label });
  if ('live' in served) return attach(served.live, orchestrator, options);
  const { run } = served;
  const abort = new AbortController();
  let started = false;
  let ending: Promise<void> | undefined;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  // The owner lives until its run ends, even with nothing running (a supervisor keeps failures to show).
  const keepAlive = setInterval(() => undefined, 1 << 30);
  void finished.then(() => clearInterval(keepAlive));
  let stopWatching: (() => void) | undefined;
  const endRun = (code: number) => {
    stopWatching?.();
    ending ??= orchestrator.down().then(async (stopped) => {
      if (!stopped) process.stderr.write('pactown: some processes of the run did not stop\n');
      await run.end();
      finish(stopped ? code : exitCodes.failed);
    });
  };
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals === 1) {
      process.stdout.write(`${signal}: stopping${started ? '' : ' (cancelling the start)'}…\n`);
      abort.abort();
      return endRun(started ? exitCodes.ok : exitCodes.failed);
    }
    // A second interrupt: nothing waits any more, and nothing is left running.
    process.stderr.write(`${signal} again: killing every process of the run now\n`);
    orchestrator.killNow();
    run.endNow();
    process.exit(130);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  run.on('stoppedRemotely', (by) => {
    process.stdout.write(`stopped by ${by}\n`);
    endRun(exitCodes.ok);
  });
  orchestrator.on('progress', (message) => process.stdout.write(`  ${message}\n`));
  // Whoever asked for it (this process's watcher, a window): the terminal shows what changed.
  orchestrator.on('applied', (result) => reportApply(result));
  const shown = new Map<string, string>();
  let streaming = false;
  orchestrator.on('state', (status) => {
    if (status.state === 'starting' || shown.get(status.name) === status.state) return;
    shown.set(status.name, status.state);
    // A one-shot command is done before logs are streamed: what it printed comes first.
    if (status.state === 'completed' && options.streamLogs && !streaming) {
      for (const line of orchestrator.logs(status.name)) if (line.stream !== 'system') process.stdout.write(`[${status.name}] ${line.text}\n`);
    }
    process.stdout.write(`${stateLine(status)}\n`);
  });

  const outcome = await orchestrator.up({ signal: abort.signal, ...(options.only ? { only: options.only } : {}), ...(options.abortOnFailure ? { abortOnFailure: true } : {}) });
  started = true;
  const ok = reportOutcome(outcome);
  options.onStarted?.(outcome, ok, run.owner.label, orchestrator.statuses());
  if (ending) return finished;
  const up = orchestrator.statuses().some((s) => s.state === 'running' || s.state === 'restarting' || s.state === 'starting');
  // Nothing left to supervise (every service completed, failed or is blocked): done, with 0 when all completed.
  // A detached supervisor stays, so that `status` shows what happened (until `down`); so does a watching one, for the fix.
  if (!up && (options.abortOnFailure || (options.kind === 'cli' && !options.watch))) endRun(ok ? exitCodes.ok : exitCodes.failed);
  else if (options.streamLogs) {
    streaming = true;
    orchestrator.on('log', (name, line) => process.stdout.write(`[${name}] ${line.text}\n`));
  }
  if (options.watch && !ending) {
    stopWatching = watchInputs({
      inputFiles: () => orchestrator.inputFiles(),
      apply: (changed) => orchestrator.apply({ changed }),
      onError: (error) => process.stderr.write(`pactown: apply failed: ${error instanceof Error ? error.message : String(error)}\n`),
    });
    process.stdout.write(`watching ${orchestrator.inputFiles().length} file(s); saves are applied to the run\n`);
  }
  const code = await finished;
  return ok ? code : exitCodes.failed;
}

/** The ecosystem runs elsewhere: ask its owner to start what is not running, report, and leave it running there. */
async function attach(client: ControlClient, orchestrator: Orchestrator, options: ForegroundOptions): Promise<number> {
  const { ecosystemPath } = orchestrator;
  const owner = client.hello.owner.label;
  process.stdout.write(`${ecosystemPath} already runs, owned by ${owner}; asking it to start ${options.only ? options.only.join(', ') : 'what is not running'}\n`);
  client.on('event', (event) => {
    if (event.event === 'progress') process.stdout.write(`  ${event.message}\n`);
    else if (event.event === 'applied') reportApply(event.result);
  });
  try {
    await client.request('subscribe', {});
    const outcome = await client.request('start', { ...(options.only ? { services: options.only } : {}), ...(options.abortOnFailure ? { abortOnFailure: true } : {}) }, 30 * 60_000);
    const { services } = await client.request('status', {});
    printUrls(services, configuredPorts(orchestrator.config));
    const ok = reportOutcome(outcome);
    process.stdout.write(`it stays with ${owner}; stop it with: pactown down ${ecosystemPath}\n`);
    options.onStarted?.(outcome, ok, owner, services);
    if (options.watch) await watchThroughOwner(client, orchestrator);
    return ok ? exitCodes.ok : exitCodes.failed;
  } finally {
    client.close();
  }
}

/** `up --watch` of a run owned elsewhere: saves are sent to the owner, which applies them, until the run ends or Ctrl+C. */
async function watchThroughOwner(client: ControlClient, orchestrator: Orchestrator): Promise<void> {
  const stop = watchInputs({
    inputFiles: () => orchestrator.inputFiles(),
    apply: async (changed) => {
      const result = await client.request('apply', { files: changed }, 30 * 60_000);
      // The services (and READMEs) to watch, as the file now says; a file with errors keeps the last list.
      await orchestrator.reload().catch(() => undefined);
      return result;
    },
    onError: (error) => process.stderr.write(`pactown: the owner did not apply: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  process.stdout.write(`watching ${orchestrator.inputFiles().length} file(s); saves are sent to ${client.hello.owner.label} (Ctrl+C stops watching, not the run)\n`);
  await new Promise<void>((resolve) => {
    client.once('close', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  stop();
}


export async function up(file: string | undefined, services: string[], flags: { detach: boolean; abortOnFailure: boolean; watch: boolean }): Promise<number> {
  if (!file) throw new UsageError('expected an ecosystem file (*.pactown.yaml)');
  const orchestrator = await Orchestrator.load(file);
  checkServiceNames(orchestrator.config, services);
  const options: UpOptions = { ...(services.length > 0 ? { only: services } : {}), ...(flags.abortOnFailure ? { abortOnFailure: true } : {}), ...(flags.watch ? { watch: true } : {}) };
  if (!flags.detach) return runForeground(orchestrator, { ...options, kind: 'cli', label: `pactown up (pid ${process.pid})`, streamLogs: true });
  const found = await RunRegistry.fromEnv().find(orchestrator.ecosystemPath);
  // Detached, the owner watches; this process only reports the start.
  if (found.state === 'live') {
    if (flags.watch) process.stdout.write(`--watch: ${found.client.hello.owner.label} owns the run and applies saves only when asked (pactown apply, or a window with markpact.run.applyOnSave)\n`);
    return attach(found.client, orchestrator, { ...options, watch: false, kind: 'cli', label: '', streamLogs: false });
  }
  return detachSupervisor(file, orchestrator, services, flags);
}

interface SupervisorReport {
  outcome?: StartOutcome;
  ok?: boolean;
  owner?: string;
  /** Every service's status once the start is done, and the ports the ecosystem file gives them. */
  services?: ReportedService[];
  configuredPorts?: Record<string, number>;
  error?: string;
}

/** Starts `up` in a background process and waits for its word: the start's outcome, or why it could not start. */
function detachSupervisor(file: string, orchestrator: Orchestrator, services: string[], flags: { abortOnFailure: boolean; watch: boolean }): Promise<number> {
  const root = openSandboxRoot(dirname(orchestrator.ecosystemPath), orchestrator.config.sandboxRoot);
  const logFile = join(root.path, 'supervisor.log');
  const out = root.openAppend('supervisor.log');
  root.close();
  const args = [process.argv[1], 'up', file, ...services, '--supervise', ...(flags.abortOnFailure ? ['--abort-on-failure'] : []), ...(flags.watch ? ['--watch'] : [])];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out, 'ipc'] });
  // Ctrl+C while it starts cancels the start: the supervisor stops what it began and exits.
  const cancel = () => child.kill('SIGTERM');
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  return new Promise((resolve) => {
    child.once('message', (report: SupervisorReport) => {
      child.disconnect();
      child.unref();
      if (report.error) {
        process.stderr.write(`pactown: ${report.error}\n`);
        return resolve(exitCodes.failed);
      }
      printUrls(report.services ?? [], report.configuredPorts ?? {});
      if (report.outcome) reportOutcome(report.outcome);
      process.stdout.write(`supervised by ${report.owner} (log: ${logFile}); stop with: pactown down ${file}\n`);
      resolve(report.ok ? exitCodes.ok : exitCodes.failed);
    });
    child.once('exit', (code) => {
      process.stderr.write(`pactown: the supervisor exited (${code}) before the start was done; see ${logFile}\n`);
      resolve(exitCodes.failed);
    });
  });
}

/** The background half of `up --detach`: own the run, report the start to the parent, run until `down`. */
export async function supervise(file: string | undefined, services: string[], abortOnFailure: boolean, watch: boolean): Promise<number> {
  if (!file) throw new UsageError('expected an ecosystem file');
  const tell = (report: SupervisorReport) => {
    if (process.connected) process.send?.(report);
  };
  try {
    const orchestrator = await Orchestrator.load(file);
    return await runForeground(orchestrator, {
      ...(services.length > 0 ? { only: services } : {}), ...(abortOnFailure ? { abortOnFailure: true } : {}), ...(watch ? { watch: true } : {}),
      kind: 'supervisor', label: `pactown up --detach (supervisor pid ${process.pid})`, streamLogs: false,
      onStarted: (outcome, ok, owner, statuses) => tell({ outcome, ok, owner, services: statuses, configuredPorts: configuredPorts(orchestrator.config) }),
    });
  } catch (error) {
    tell({ error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
