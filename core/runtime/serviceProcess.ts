import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { LogBuffer } from './logBuffer';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** True while any process of the group is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Signals a process group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Resolves when `check` holds, polling on a short timer, or with false at the deadline. */
async function until(check: () => boolean, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  let delay = 2;
  while (!check()) {
    if (Date.now() >= end) return false;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 50);
  }
  return true;
}

/**
 * One run of a service command: `/bin/sh -c <command>` as the leader of its own process group
 * (so stopping it reaches every child), with stdout and stderr always drained into its log.
 */
export class ServiceProcess extends EventEmitter {
  readonly pid: number;
  readonly exited: Promise<ExitStatus>;
  private exit?: ExitStatus;
  private readonly child: ChildProcess;
  private stopping = false;

  constructor(command: string, options: { cwd: string; env: NodeJS.ProcessEnv; log: LogBuffer }) {
    super();
    this.child = spawn('/bin/sh', ['-c', command], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const { log } = options;
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => log.write('stdout', chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => log.write('stderr', chunk));
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        log.system(`could not start: ${error.message}`);
        this.exit = { code: 127, signal: null };
        resolve(this.exit);
      });
      this.child.once('exit', () => {
        // The shell led the group; with it gone (killed from outside, or done) whatever it started
        // would be orphaned, holding the port and the log pipes: the service ends as a whole.
        if (!this.stopping) signalGroup(this.pid, 'SIGKILL');
      });
      this.child.once('close', (code, signal) => {
        log.flush();
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    this.pid = this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  get exitStatus(): ExitStatus | undefined {
    return this.exit;
  }

  /**
   * SIGTERM to the whole group, SIGKILL after the grace period; resolves once no process of the
   * group is left (the shell's children can outlive the shell).
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    await stopGroup(this.pid, graceMs);
    await this.exited;
  }
}

/** Stops a process group by id: SIGTERM, then SIGKILL after the grace period. */
export async function stopGroup(pgid: number, graceMs = 5_000): Promise<void> {
  if (pgid <= 0 || !groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  if (await until(() => !groupAlive(pgid), graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await until(() => !groupAlive(pgid), 5_000);
}
