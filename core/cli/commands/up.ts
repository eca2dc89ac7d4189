import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { Orchestrator } from '../../runtime/orchestrator';
import type { ServiceStatus } from '../../runtime/supervisor';
import { exitCodes, UsageError } from '../usageError';

export const upHelp = `pactown up <ecosystem.yaml> [--detach]

Starts every service in dependency order, each once its dependencies are healthy.
In the foreground it shows progress, then streams the services' logs; Ctrl+C (SIGINT)
or SIGTERM stops them all. With --detach it returns once every service is healthy
(exit 0, or 1 with the reason) and a background supervisor keeps them running and
restarts crashed ones; \`pactown down\` stops them.`;

const color = (state: string) => ({ running: '✔', failed: '✖', restarting: '↻', starting: '…', stopped: '■' })[state] ?? ' ';

function printStatus(s: ServiceStatus): void {
  process.stdout.write(`${color(s.state)} ${s.name} ${s.state}${s.state === 'running' ? ` ${s.url} (pid ${s.pid})` : ''}${s.restarts ? ` restarts=${s.restarts}` : ''}\n`);
}

/** Runs until a signal; resolves with the exit code. */
export async function runForeground(orchestrator: Orchestrator, options: { streamLogs: boolean; onReady?: () => void; onFailed?: (message: string) => void }): Promise<number> {
  orchestrator.on('progress', (message) => process.stdout.write(`  ${message}\n`));
  orchestrator.on('state', (status) => {
    if (status.state !== 'starting') printStatus(status);
  });
  let stopping: Promise<number> | undefined;
  const stop = () => (stopping ??= orchestrator.down().then(() => exitCodes.ok));
  const stopped = new Promise<number>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop().then(resolve));
  });
  try {
    await orchestrator.up();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    options.onFailed?.(message);
    process.stderr.write(`pactown: ${message}\n`);
    return exitCodes.failed;
  }
  const all = orchestrator.statuses();
  process.stdout.write(`all ${all.length} service${all.length === 1 ? '' : 's'} healthy\n`);
  options.onReady?.();
  if (options.streamLogs) orchestrator.on('log', (name, line) => process.stdout.write(`[${name}] ${line.text}\n`));
  return stopped;
}

export async function up(file: string | undefined, detach: boolean): Promise<number> {
  if (!file) throw new UsageError('expected an ecosystem file (*.pactown.yaml)');
  const orchestrator = await Orchestrator.load(file);
  if (!detach) return runForeground(orchestrator, { streamLogs: true });
  return detachSupervisor(file, orchestrator.sandboxRoot);
}

/** Starts `up` in a background process and waits for its word: ready, or the reason it failed. */
function detachSupervisor(file: string, sandboxRoot: string): Promise<number> {
  mkdirSync(sandboxRoot, { recursive: true });
  const logFile = join(sandboxRoot, 'supervisor.log');
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [process.argv[1], 'up', file, '--supervise'], { detached: true, stdio: ['ignore', out, out, 'ipc'] });
  return new Promise((resolve) => {
    child.once('message', (message: { ready?: boolean; error?: string }) => {
      if (message.ready) process.stdout.write(`all services healthy; supervised by pid ${child.pid} (log: ${logFile}); stop with: pactown down ${file}\n`);
      else process.stderr.write(`pactown: ${message.error}\n`);
      child.disconnect();
      child.unref();
      resolve(message.ready ? exitCodes.ok : exitCodes.failed);
    });
    child.once('exit', (code) => {
      process.stderr.write(`pactown: the supervisor exited (${code}) before the services were healthy; see ${logFile}\n`);
      resolve(exitCodes.failed);
    });
  });
}

/** The background half of `up --detach`: supervise, report readiness to the parent, run until `down`. */
export async function supervise(file: string | undefined): Promise<number> {
  if (!file) throw new UsageError('expected an ecosystem file');
  const tell = (message: object) => {
    if (process.connected) process.send?.(message);
  };
  try {
    const orchestrator = await Orchestrator.load(file);
    return await runForeground(orchestrator, { streamLogs: false, onReady: () => tell({ ready: true }), onFailed: (error) => tell({ error }) });
  } catch (error) {
    tell({ error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
