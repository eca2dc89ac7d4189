import { formatTail, type LogBuffer } from './logBuffer';
import { missingProgram } from './commandProgram';
import { ExitedBeforeHealthy, waitHealthy, type WaitHealthyOptions } from './health';
import { listeningPorts, ownedListeningPorts, portOwnership } from './portOwner';
import type { RunMembership } from './runProcesses';
import { ServiceProcess } from './serviceProcess';
import type { ServiceState, ServiceStatus } from './serviceStatus';

export type { ServiceState, ServiceStatus } from './serviceStatus';

export interface RestartPolicy {
  /** First delay; each further restart within the window doubles it, up to maxMs. */
  baseMs: number;
  maxMs: number;
  /** More restarts than this within windowMs and the service is given up as failed. */
  limit: number;
  windowMs: number;
}

export const defaultRestartPolicy: RestartPolicy = { baseMs: 200, maxMs: 10_000, limit: 5, windowMs: 60_000 };

export interface SupervisorOptions {
  name: string;
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  port: number;
  healthPath?: string;
  timeoutMs: number;
  autoRestart: boolean;
  log: LogBuffer;
  membership: RunMembership & { service: string };
  restartPolicy?: RestartPolicy;
  onChange?: (status: ServiceStatus) => void;
  /** Each new process, before it may run (see ServiceProcess). */
  onSpawn?: (pid: number) => void;
  /** What the health check sees while the service starts. */
  onSeen?: (seen: string) => void;
  /** Ports the README writes as numbers, and where: listening there instead of on `port` fails the start at once. */
  hardCodedPorts?: ReadonlyMap<number, string>;
}

/** At most this many ports a README writes are watched while a service starts. */
const maxWrittenPorts = 8;

/** A start that was called off (stop, down, Ctrl+C, Cancel): not a failure. */
export class StartCancelled extends Error {}

/** Keeps one service running: start until healthy, restart after a crash with backoff, stop on request. */
export class Supervisor {
  private process?: ServiceProcess;
  private state: ServiceState = 'stopped';
  private healthy = false;
  private restarts = 0;
  private recentRestarts: number[] = [];
  private error?: string;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  /** Aborts the health wait of the launch in progress when the service is stopped. */
  private launchAbort?: AbortController;
  private readonly policy: RestartPolicy;

  constructor(private readonly options: SupervisorOptions) {
    this.policy = options.restartPolicy ?? defaultRestartPolicy;
  }

  status(): ServiceStatus {
    const s: ServiceStatus = {
      name: this.options.name,
      state: this.state,
      port: this.options.port,
      url: `http://127.0.0.1:${this.options.port}`,
      healthy: this.healthy,
      restarts: this.restarts,
    };
    if (this.process?.running) s.pid = this.process.pid;
    if (this.error) s.error = this.error;
    return s;
  }

  /** The process group to clean up if this controller dies (the shell leads it). */
  get pgid(): number | undefined {
    return this.process?.running ? this.process.pid : undefined;
  }

  /**
   * Starts the service and resolves once it is healthy, or once its command exited 0 before it
   * ever was (state completed: a one-shot command, never restarted); rejects (state failed) with
   * its last log lines, or with StartCancelled (state stopped) when it is stopped or `signal` aborts first.
   */
  async start(signal?: AbortSignal): Promise<void> {
    this.stopping = false;
    this.set('starting');
    const cancel = () => void this.stop();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await this.launch();
    } catch (error) {
      if (this.stopping) throw new StartCancelled(`${this.options.name}: start cancelled`);
      if (error instanceof ExitedBeforeHealthy && error.code === 0) {
        this.options.log.system('completed (exit 0): a one-shot command, not restarted');
        this.error = undefined;
        return this.set('completed');
      }
      this.fail(error);
      throw new Error(this.error);
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
    if (this.stopping) throw new StartCancelled(`${this.options.name}: start cancelled`);
  }

  /** Stops every process of the service; resolves with whether none is left. */
  async stop(graceMs = 5_000): Promise<boolean> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.launchAbort?.abort();
    const stopped = (await this.process?.stop(graceMs)) ?? true;
    this.healthy = false;
    if (this.state !== 'stopped') this.set('stopped');
    return stopped;
  }

  /** SIGKILL to everything of the service, without waiting (the host is exiting). */
  killNow(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.process?.killNow();
  }

  private async launch(): Promise<void> {
    const { options } = this;
    options.log.system(`$ ${options.command}`);
    // A missing toolchain fails at once with its name, not with a shell's exit 127 or a timeout.
    const missing = missingProgram(options.command, options.env, options.cwd);
    if (missing) throw new Error(missing);
    const child = new ServiceProcess(options.command, {
      cwd: options.cwd, env: options.env, log: options.log, membership: options.membership, ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
    });
    this.process = child;
    this.healthy = false;
    const abort = new AbortController();
    this.launchAbort = abort;
    await waitHealthy({
      port: options.port, timeoutMs: options.timeoutMs, exited: child.exited, signal: abort.signal,
      ownership: () => portOwnership(options.port, () => [child.pid], () => child.groupPids(), () => child.pids()),
      ...this.portWatch(child),
      ...(options.healthPath ? { path: options.healthPath } : {}), ...(options.onSeen ? { onSeen: options.onSeen } : {}),
    }).catch(async (error: unknown) => {
      await child.stop(1_000);
      throw error;
    });
    if (this.stopping) return;
    this.healthy = true;
    this.error = undefined;
    this.set('running');
    void child.exited.then((exit) => this.onExit(child, exit.code, exit.signal));
  }

  /**
   * How a start finds its service listening elsewhere: on a port its README writes (a scan of the
   * kernel's listeners for those few ports; the group's sockets are read only when one is
   * listened on), and on any port of its process group (a process-table read, done rarely).
   */
  private portWatch(child: ServiceProcess): Pick<WaitHealthyOptions, 'listensOnWritten' | 'listening'> {
    const { port, hardCodedPorts } = this.options;
    const written = [...(hardCodedPorts ?? new Map<number, string>())].filter(([p]) => p !== port).slice(0, maxWrittenPorts);
    return {
      listening: () => listeningPorts(child.groupPids()),
      ...(written.length > 0 ? {
        listensOnWritten: () => {
          const owned = ownedListeningPorts([port, ...written.map(([p]) => p)], () => [child.pid], () => child.groupPids());
          const found = owned.includes(port) ? undefined : written.find(([p]) => owned.includes(p));
          return found ? { port: found[0], where: found[1] } : undefined;
        },
      } : {}),
    };
  }

  private onExit(child: ServiceProcess, code: number | null, signal: NodeJS.Signals | null, restartFailure?: string): void {
    if (this.stopping || child !== this.process) return;
    this.healthy = false;
    if (!restartFailure) this.options.log.system(`exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`);
    if (!this.options.autoRestart) return this.fail(new Error(`exited (${signal ?? code}) and auto_restart is off`));
    const now = Date.now();
    this.recentRestarts = this.recentRestarts.filter((t) => now - t < this.policy.windowMs);
    if (this.recentRestarts.length >= this.policy.limit) {
      const last = restartFailure ? ` (last restart: ${restartFailure})` : ` (last exit: ${signal ? `signal ${signal}` : `code ${code}`})`;
      return this.fail(new Error(`crashed ${this.recentRestarts.length + 1} times within ${this.policy.windowMs / 1000} s; not restarting again${last}`));
    }
    const delay = Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** this.recentRestarts.length);
    this.recentRestarts.push(now);
    this.restarts++;
    this.set('restarting');
    this.options.log.system(`restarting in ${delay} ms (restart ${this.restarts})`);
    this.restartTimer = setTimeout(() => {
      this.launch().catch((error: unknown) => {
        if (this.stopping) return;
        // A restart that does not come up counts as another crash.
        const reason = error instanceof Error ? error.message : String(error);
        this.options.log.system(`restart failed: ${reason}`);
        this.onExit(this.process!, null, null, reason);
      });
    }, delay);
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const tail = formatTail(this.options.log.tail(15).filter((l) => l.stream !== 'system'));
    this.error = `${this.options.name}: ${message}${tail ? `\nlast output:\n${tail}` : ''}`;
    this.healthy = false;
    this.set('failed');
  }

  private set(state: ServiceState): void {
    this.state = state;
    this.options.onChange?.(this.status());
  }
}
