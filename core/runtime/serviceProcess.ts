import { spawn, type ChildProcess } from 'node:child_process';
import type { LogBuffer } from './logBuffer';
import { killTargetsNow, livingInGroup, membersOf, runIdVariable, serviceVariable, stopTarget, type RunMembership, type StopTarget } from './runProcesses';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcessOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: LogBuffer;
  membership: RunMembership & { service: string };
  /**
   * Called with the pid (which is also the process group) before the command may run: whatever
   * records it (the runs registry) does so synchronously, so no crash can leave an unrecorded service.
   */
  onSpawn?: (pid: number) => void;
}

/**
 * The shell that leads the group waits for a go-ahead on its stdin before it runs the command. If
 * the controller dies before it has recorded the pid, stdin reaches end-of-file and the shell exits
 * without running anything.
 */
const gate = 'IFS= read -r pactown_gate && [ "$pactown_gate" = go ] || exit 125; exec /bin/sh -c "$1" </dev/null';

/**
 * One run of a service command: a shell as the leader of its own process group (so stopping it
 * reaches every child), started with the run's and the service's ids in its environment (so a
 * process that leaves the group is still found), with stdout and stderr always drained into its log.
 */
export class ServiceProcess {
  readonly pid: number;
  readonly exited: Promise<ExitStatus>;
  private exit?: ExitStatus;
  private readonly child: ChildProcess;
  private readonly target: StopTarget;
  private stopping = false;

  constructor(command: string, options: ServiceProcessOptions) {
    const { membership, log } = options;
    const env = { ...options.env, [runIdVariable]: membership.runId, [serviceVariable]: membership.service };
    this.child = spawn('/bin/sh', ['-c', gate, 'pactown-gate', command], { cwd: options.cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.pid = this.child.pid ?? -1;
    this.target = { membership, pgid: this.pid > 0 ? this.pid : undefined, leaderIsOurs: () => this.child.exitCode === null && this.child.signalCode === null };
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => log.write('stdout', chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => log.write('stderr', chunk));
    this.child.stdin?.on('error', () => undefined); // the shell may be gone before the go-ahead
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        log.system(`could not start: ${error.message}`);
        this.exit = { code: 127, signal: null };
        resolve(this.exit);
      });
      this.child.once('exit', () => {
        // The shell led the service; with it gone (killed from outside, or done) whatever it started
        // would be orphaned, holding the port and the log pipes: the service ends as a whole.
        if (!this.stopping) killTargetsNow([this.target]);
      });
      this.child.once('close', (code, signal) => {
        log.flush();
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    if (this.pid <= 0) return;
    try {
      options.onSpawn?.(this.pid);
    } catch (error) {
      // Not recorded: it must not run.
      log.system(`could not record the service's process: ${error instanceof Error ? error.message : String(error)}`);
      this.child.stdin?.end();
      return;
    }
    this.child.stdin?.end('go\n');
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  get exitStatus(): ExitStatus | undefined {
    return this.exit;
  }

  /** Pids of the service's process group now (no environment is read). */
  groupPids(): number[] {
    return this.target.pgid ? livingInGroup(this.target.pgid).map((p) => p.pid) : [];
  }

  /** Pids of every process of the service now: its group and the processes that left it. */
  pids(): number[] {
    const pids = new Set(membersOf(this.target.membership).map((p) => p.pid));
    if (this.target.pgid) for (const p of livingInGroup(this.target.pgid)) pids.add(p.pid);
    return [...pids];
  }

  /**
   * SIGTERM to the group and to every process carrying the service's ids, SIGKILL after the grace
   * period; resolves once none of them is left (a zombie is not left), or false at the deadline.
   */
  async stop(graceMs = 5_000): Promise<boolean> {
    this.stopping = true;
    const stopped = await stopTarget(this.target, { graceMs, wake: this.exited });
    // The shell's pipes close once every process holding them is gone.
    await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    return stopped;
  }

  /** SIGKILL to everything of the service at once (the host is exiting). */
  killNow(): void {
    this.stopping = true;
    killTargetsNow([this.target]);
  }
}
