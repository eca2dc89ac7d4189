import { dirname, resolve } from 'node:path';
import { markInUse } from '../cache/usage';
import { rewriteForPort } from '../markpact/portLiterals';
import type { EcosystemConfig, ServiceConfig } from '../pactown/model';
import type { RunApplier } from './apply/runApplier';
import type { InflightStarts } from './inflightStarts';
import type { LogBuffer, LogLine } from './logBuffer';
import { pickPort } from './ports';
import { portClaims, portMoveNote } from './portClaims';
import { prepareService, type PreparedService } from './prepareService';
import type { RunMembership } from './runProcesses';
import { openRunSandboxes, openServiceLog, type RunSandboxes } from './runSandboxes';
import type { RunState } from './runState';
import { serviceEnv, type ReachableDependency } from './serviceEnv';
import { StartCancelled, Supervisor, type ServiceStatus } from './supervisor';
import type { TemplateAsker } from './templateFiles';

/** What the lifecycle reads of its run (the orchestrator): where it is, its settings as they are now, and where events go. */
export interface LifecycleRun {
  readonly ecosystemPath: string;
  readonly cacheDir: string;
  readonly membership: RunMembership;
  readonly config: EcosystemConfig;
  readonly defaultTimeoutSeconds?: number;
  readonly askTemplate?: TemplateAsker;
  onSpawn?: (service: string, pid: number) => void;
  emit(event: 'state', status: ServiceStatus): boolean;
  emit(event: 'log', name: string, line: LogLine): boolean;
  emit(event: 'progress', line: string): boolean;
}

/** A service made ready to start, with its log open. */
export interface Readied {
  prepared: PreparedService;
  log: LogBuffer;
}

/** Gives up a service made ready that will not start: its log is closed. */
export function discardReadied(readied: Promise<Readied> | undefined): void {
  void readied?.then((r) => r.log.close(), () => undefined);
}

/**
 * One service at a time, from its entry to its process and back: made ready (files, environment,
 * log), given a port and an environment, started under a Supervisor, recorded in the run's state,
 * and stopped. A second start (or stop) of the same service joins the first. Apart from the
 * orchestrator, which decides what starts and stops and in what order.
 */
export class ServiceLifecycle {
  /** Starts in progress, by service: a second start of the same service waits for the first. */
  readonly starting = new Map<string, Promise<void>>();
  private readonly stopping = new Map<string, Promise<boolean>>();
  private opened?: Promise<RunSandboxes>;

  constructor(
    private readonly run: LifecycleRun,
    private readonly env: NodeJS.ProcessEnv,
    private readonly state: RunState,
    private readonly inflight: InflightStarts,
    private readonly applier: Pick<RunApplier, 'preparing' | 'stopped'>,
  ) {}

  /** A line in a service's log: the open one while it has a process, else appended to its log file. */
  logSystem(name: string, line: string): void {
    const running = this.state.running.get(name);
    if (running) return running.log.system(line);
    void this.sandboxes().then(async ({ logs }) => {
      const log = openServiceLog(logs, name);
      log.system(line);
      await log.close();
    }, () => undefined);
  }

  /** A line worth the user's eye now: in the service's log and in the run's progress. */
  private announce(name: string, log: LogBuffer, line: string): void {
    log.system(line);
    this.run.emit('progress', `${name}: ${line}`);
  }

  /** Starts one service (its dependencies must be up); resolves once healthy, rejects with the reason (state failed). */
  async startService(name: string, signal?: AbortSignal, readied?: Promise<Readied>): Promise<void> {
    const pending = this.starting.get(name);
    if (pending) {
      discardReadied(readied);
      try {
        return await pending;
      } catch (error) {
        // The start joined was cancelled by a stop that came before this start (a restart during
        // an apply's start, say): this start still stands, unless it was cancelled itself.
        if (!(error instanceof StartCancelled) || signal?.aborted) throw error;
      }
      // What was made ready for it was given up above: it is made ready again.
      return this.startService(name, signal);
    }
    const start = this.startOnce(name, signal, readied).finally(() => this.starting.delete(name));
    this.starting.set(name, start);
    return start;
  }

  private async startOnce(name: string, signal?: AbortSignal, readied?: Promise<Readied>): Promise<void> {
    const config = this.serviceConfig(name);
    if (this.state.isUp(name)) {
      discardReadied(readied);
      return;
    }
    // A failed or stopped entry is cleared first: its log is closed and its cache mark dropped.
    if (this.state.running.has(name)) await this.stopService(name);
    this.state.failures.delete(name);
    this.unblock(name);
    const abort = this.inflight.track(signal);
    try {
      await this.launch(config, abort.signal, readied ?? this.ready(config, abort.signal));
    } finally {
      this.inflight.untrack(abort);
    }
  }

  /** Makes a service ready to start: its log opened, its README's files written, its environment linked. */
  async ready(config: ServiceConfig, signal: AbortSignal): Promise<Readied> {
    const { name } = config;
    const { root, logs, ledger } = await this.sandboxes();
    const log = openServiceLog(logs, name);
    log.onLine((line) => this.run.emit('log', name, line));
    this.run.emit('progress', `${name}: preparing`);
    try {
      const prepared = await prepareService({
        name, readmePath: resolve(dirname(this.run.ecosystemPath), config.readme), root, ledger, cacheDir: this.run.cacheDir, env: this.env,
        onLog: (line) => log.system(line), signal, ...(this.run.askTemplate ? { ask: this.run.askTemplate } : {}),
        onWarning: (line) => this.announce(name, log, line),
        onLoaded: (loaded) => this.applier.preparing(config, loaded),
      });
      return { prepared, log };
    } catch (error) {
      await log.close();
      throw error;
    }
  }

  private async launch(config: ServiceConfig, signal: AbortSignal, readied: Promise<Readied>): Promise<void> {
    const { name } = config;
    let prepared: PreparedService;
    let log: LogBuffer;
    try {
      ({ prepared, log } = await readied);
    } catch (error) {
      if (signal.aborted) throw new StartCancelled(`${name}: start cancelled`);
      const message = error instanceof Error ? error.message : String(error);
      this.state.failures.set(name, message.startsWith(`${name}: `) ? message : `${name}: ${message}`);
      this.run.emit('state', this.state.statusOf(name));
      throw error;
    }
    if (signal.aborted) {
      await log.close();
      throw new StartCancelled(`${name}: start cancelled`);
    }
    const runningPorts = this.state.runningPorts();
    const claims = portClaims(this.run.config.services, runningPorts, name);
    const port = await pickPort(config.port, new Set(claims.keys()));
    const moved = portMoveNote(config.port, port, claims);
    if (moved) this.announce(name, log, moved);
    const reachable = new Map<string, ReachableDependency>([...runningPorts].map(([other, p]) => [other, { name: other, port: p }]));
    const env = serviceEnv({ base: this.env, service: config, port, running: reachable, binFolders: prepared.binFolders, ...(prepared.virtualEnv ? { virtualEnv: prepared.virtualEnv } : {}) });
    // Compatible with pactown: a hard-coded --port/-p/:N becomes the service's port, --reload goes (and the log says so).
    const rewritten = rewriteForPort(prepared.command, port);
    for (const note of rewritten.notes) this.announce(name, log, note);
    const supervisor = new Supervisor({
      name, command: rewritten.command, cwd: prepared.sandbox, env, port, log, hardCodedPorts: prepared.hardCodedPorts,
      timeoutMs: (config.timeoutSpan ? config.timeout : (this.run.defaultTimeoutSeconds ?? config.timeout)) * 1000,
      autoRestart: config.autoRestart,
      membership: { ...this.run.membership, service: name },
      ...(config.healthCheck ? { healthPath: config.healthCheck } : {}),
      // The final 'stopped' comes from stopService, once the entry is gone.
      onChange: (status) => status.state !== 'stopped' && this.run.emit('state', this.state.reported(status)),
      onSpawn: (pid) => this.run.onSpawn?.(name, pid),
      onSeen: (seen) => this.run.emit('progress', `${name}: waiting on :${port}: ${seen}`),
    });
    const release = prepared.cacheKey ? await markInUse(this.run.cacheDir, prepared.cacheKey) : undefined;
    this.state.running.set(name, { config, supervisor, log, ...(prepared.cacheKey && release ? { cacheKey: prepared.cacheKey, cacheHit: prepared.cacheHit ?? false, release } : {}) });
    if (signal.aborted) {
      await this.stopService(name);
      throw new StartCancelled(`${name}: start cancelled`);
    }
    this.run.emit('progress', `${name}: starting on port ${port}${prepared.cacheKey ? ` (environment ${prepared.cacheHit ? 'cached' : 'built'})` : ''}`);
    try {
      await supervisor.start(signal);
    } catch (error) {
      if (error instanceof StartCancelled) await this.stopService(name);
      throw error;
    }
  }

  /** Stops a service and ends every process of it; resolves with whether none is left. Clears a failure or block. */
  stopService(name: string): Promise<boolean> {
    const pending = this.stopping.get(name);
    if (pending) return pending;
    const stop = this.stopOnce(name).finally(() => this.stopping.delete(name));
    this.stopping.set(name, stop);
    return stop;
  }

  private async stopOnce(name: string): Promise<boolean> {
    this.applier.stopped(name);
    const wasShown = this.state.failures.delete(name) || this.unblock(name, false);
    const r = this.state.running.get(name);
    if (!r) {
      if (wasShown) this.run.emit('state', this.state.statusOf(name));
      return true;
    }
    const stopped = await r.supervisor.stop();
    await r.log.close();
    await r.release?.();
    this.state.running.delete(name);
    this.run.emit('state', this.state.statusOf(name));
    return stopped;
  }

  /** Marks a service not started because these dependencies did not come up. */
  block(name: string, waitingOn: string[]): void {
    this.state.blocked.set(name, waitingOn);
    this.run.emit('state', this.state.statusOf(name));
  }

  /** Clears a block; returns whether there was one. */
  unblock(name: string, announce = true): boolean {
    if (!this.state.blocked.delete(name)) return false;
    if (announce) this.run.emit('state', this.state.statusOf(name));
    return true;
  }

  /** The run's sandboxes (see openRunSandboxes), opened once; a failed open is tried again next time. */
  private sandboxes(): Promise<RunSandboxes> {
    this.opened ??= openRunSandboxes(this.run.ecosystemPath, this.run.config.sandboxRoot, this.env).catch((error: unknown) => {
      this.opened = undefined;
      throw error;
    });
    return this.opened;
  }

  /** A service's entry in the ecosystem as the run uses it now. */
  serviceConfig(name: string): ServiceConfig {
    const config = this.run.config.services.find((s) => s.name === name);
    if (!config) throw new Error(`no service '${name}' in ${this.run.ecosystemPath}`);
    return config;
  }
}
