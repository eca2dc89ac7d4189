import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { dirname, resolve } from 'node:path';
import { defaultCacheDir } from '../cache/location';
import { markInUse } from '../cache/usage';
import { localDependencies, startWaves, withDependencies } from '../pactown/graph';
import type { EcosystemConfig, ServiceConfig } from '../pactown/model';
import { ownStartTicks } from '../processTable';
import { rewriteForPort } from '../markpact/portLiterals';
import { RunApplier } from './apply/runApplier';
import type { ApplyResult } from './apply/result';
import { warmEnvironment } from './apply/warmEnvironment';
import { checkedEcosystem, readEcosystem } from './checkedEcosystem';
import { limiter } from './concurrency';
import { InflightStarts } from './inflightStarts';
import type { LogBuffer, LogLine } from './logBuffer';
import { pickPort } from './ports';
import { portClaims, portMoveNote } from './portClaims';
import { prepareService, type PreparedService } from './prepareService';
import { membersOf, type RunMembership } from './runProcesses';
import { openRunSandboxes, openServiceLog, type RunSandboxes } from './runSandboxes';
import { serviceEnv, type ReachableDependency } from './serviceEnv';
import { blockedReason, stoppedStatus, type ReportedService, type ServiceState } from './serviceStatus';
import { startInOrder, startOutcome, type StartOutcome } from './startInOrder';
import { StartCancelled, Supervisor, type ServiceStatus } from './supervisor';
import type { TemplateAsker } from './templateFiles';

export interface OrchestratorEvents {
  state: [ServiceStatus];
  log: [string, LogLine];
  progress: [string];
  /** A live apply's outcome (not one asked about files that are not the run's). */
  applied: [ApplyResult];
}

export interface UpOptions {
  /** Only these services (and what they depend on). */
  only?: readonly string[];
  signal?: AbortSignal;
  /** All or nothing: the first failure cancels the rest and stops what this call started (for CI). */
  abortOnFailure?: boolean;
}

interface Running {
  config: ServiceConfig;
  supervisor: Supervisor;
  log: LogBuffer;
  cacheKey?: string;
  cacheHit?: boolean;
  /** Drops the cache entry's in-use mark. */
  release?: () => Promise<void>;
}

/** A service made ready to start, with its log open. */
interface Readied {
  prepared: PreparedService;
  log: LogBuffer;
}

/**
 * Runs a pactown ecosystem from the same model the language server checks. Each service starts
 * once the services it depends on are healthy (independent ones together). A service that fails
 * is `failed` with its reason; the services that depend on it are `blocked`; the others keep
 * running. Stopping goes dependents first, and ends every process of a service, including those
 * that left its process group.
 */
export class Orchestrator extends EventEmitter<OrchestratorEvents> {
  readonly sandboxRoot: string;
  readonly cacheDir: string;
  /** Set in every service's environment: how its processes are found, whatever they do. */
  readonly runId = randomUUID();
  /** No process of this run can have started before this controller did. */
  readonly sinceTicks = ownStartTicks();
  private readonly running = new Map<string, Running>();
  /** Services that failed before a process existed (a refused file, a failed install), with the reason. */
  private readonly failures = new Map<string, string>();
  private readonly blocked = new Map<string, string[]>();
  /** Starts in progress, by service: a second start of the same service waits for the first. */
  private readonly starting = new Map<string, Promise<void>>();
  private readonly stopping = new Map<string, Promise<boolean>>();
  private opened?: Promise<RunSandboxes>;
  /** Aborts every start in progress (down, Ctrl+C). */
  private readonly inflight = new InflightStarts();
  private readonly applier: RunApplier;

  /** Seconds to wait for health where the YAML sets no `timeout` (pactown's default: 60). */
  defaultTimeoutSeconds?: number;
  /** Called with each new service process before it may run, to record it (the runs registry). */
  onSpawn?: (service: string, pid: number) => void;
  /** Asks the user for `${ask:…}` values of template file blocks (the editor's input box); unset on the command line. */
  askTemplate?: TemplateAsker;

  /** `sourceText`: the ecosystem's text when it is not a file (a README run on its own). */
  private constructor(readonly ecosystemPath: string, private current: EcosystemConfig, private readonly env: NodeJS.ProcessEnv, private readonly sourceText?: string) {
    super();
    this.sandboxRoot = resolve(dirname(ecosystemPath), current.sandboxRoot);
    this.cacheDir = env.PACTOWN_CACHE_DIR || defaultCacheDir(env);
    this.applier = new RunApplier({
      ecosystemPath, sourceText,
      config: () => this.current,
      statuses: () => this.statuses(),
      starting: this.starting,
      warm: (name, model, signal) => warmEnvironment(name, model, {
        cacheDir: this.cacheDir, env, inflight: this.inflight, log: (line) => this.logSystem(name, line), progress: (line) => this.emit('progress', line),
      }, signal),
      stop: (names) => this.stopInOrder((name) => names.includes(name)),
      adopt: (config) => (this.current = config),
      start: (names, signal) => this.up({ only: names, ...(signal ? { signal } : {}) }),
      log: (name, line) => this.logSystem(name, line),
      changed: (name) => this.emit('state', this.statusOf(name)),
      applied: (result) => this.emit('applied', result),
    });
  }

  /** The ecosystem as last read (see reload). */
  get config(): EcosystemConfig {
    return this.current;
  }

  /** Reads and checks an ecosystem; refuses one with errors (cycles, unknown services, missing READMEs, …). */
  static async load(path: string, env: NodeJS.ProcessEnv = process.env): Promise<Orchestrator> {
    return new Orchestrator(resolve(path), await readEcosystem(path), env);
  }

  /** The same for an ecosystem text that is not (or not yet) on disk; `path` places its READMEs and sandbox root. */
  static async fromText(path: string, text: string, env: NodeJS.ProcessEnv = process.env): Promise<Orchestrator> {
    return new Orchestrator(resolve(path), await checkedEcosystem(path, text), env, text);
  }

  /**
   * Reads the ecosystem file again, so that a service added (or changed) since the run began can be
   * started; a running service keeps the settings it started with until it is restarted. A file
   * that now has errors is refused (the run goes on as it was).
   */
  async reload(): Promise<void> {
    if (this.sourceText === undefined) this.current = await readEcosystem(this.ecosystemPath);
  }

  /**
   * Applies the files as they are now to the running services (see liveApply): only what
   * changed restarts, added services start, removed ones stop, the rest keeps its processes.
   * With `changed`, nothing happens unless one of those files is part of the run. One apply at
   * a time; starts in progress finish first (an install can be long: at most `startWaitMs`).
   */
  apply(options: { changed?: readonly string[]; signal?: AbortSignal } = {}): Promise<ApplyResult> {
    return this.applier.apply(options);
  }

  /** The files the run is made from: the ecosystem file (unless a README runs on its own), every README and what they include. */
  inputFiles(): string[] {
    return this.applier.inputFiles();
  }

  /** A line in a service's log: the open one while it has a process, else appended to its log file. */
  private logSystem(name: string, line: string): void {
    const running = this.running.get(name);
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
    this.emit('progress', `${name}: ${line}`);
  }

  /** Which processes are this run's (every service's). */
  get membership(): RunMembership {
    return { runId: this.runId, sinceTicks: this.sinceTicks };
  }

  /** Every service of the ecosystem, with its reason when it failed and what it waits on when blocked. */
  statuses(): ReportedService[] {
    const listed = this.config.services.map((s) => this.statusOf(s.name, s.port));
    // A service removed from the file while it runs is still shown, until it is stopped.
    const gone = [...this.running.keys()].filter((name) => !this.config.services.some((s) => s.name === name));
    return [...listed, ...gone.map((name) => this.statusOf(name))];
  }

  logs(name: string): LogLine[] {
    return this.running.get(name)?.log.tail() ?? [];
  }

  /** Whether anything of the run is up, coming up, or failed and still shown. */
  get idle(): boolean {
    return this.statuses().every((s) => s.state === 'stopped');
  }

  /**
   * Starts every service (or `only` those and what they depend on), each once its dependencies
   * are healthy. Failures do not stop the others; see StartOutcome. Aborting the signal (or a
   * concurrent down()) cancels the install or health wait in progress, starts nothing more and
   * stops what this call started.
   */
  async up(options: UpOptions = {}): Promise<StartOutcome> {
    const wanted = options.only ? withDependencies(this.config, options.only) : undefined;
    const order = startWaves(this.config).flat().filter((name) => !wanted || wanted.has(name));
    const abort = this.inflight.track(options.signal);
    const before = new Set([...this.running.keys()]);
    // Every service is made ready (files, environment) at once, a few at a time, while its
    // dependencies start: only the spawn waits for them, so preparing is off the critical path.
    const limit = limiter(4);
    const readying = new Map(order.filter((name) => !this.isUp(name)).map((name) => [name, limit(() => this.ready(this.serviceConfig(name), abort.signal))]));
    for (const readied of readying.values()) readied.catch(() => undefined);
    const settled = await startInOrder(order, localDependencies(this.config), {
      cancelled: () => abort.signal.aborted,
      notStarting: (name, blockedBy) => {
        void readying.get(name)?.then((r) => r.log.close(), () => undefined);
        if (blockedBy) this.block(name, blockedBy);
      },
      start: async (name) => {
        try {
          await this.startService(name, abort.signal, readying.get(name));
          return this.stateOf(name) === 'completed' ? 'completed' : 'ok';
        } catch (error) {
          if (abort.signal.aborted || error instanceof StartCancelled) return 'cancelled';
          if (options.abortOnFailure) abort.abort();
          return 'failed';
        }
      },
    });
    this.inflight.untrack(abort);
    const outcome = startOutcome(order, settled, abort.signal.aborted, {
      failure: (name) => this.statusOf(name).error ?? `${name}: failed`,
      blocked: (name) => ({ blockedBy: this.blocked.get(name) ?? [], reason: this.blockedReason(this.blocked.get(name) ?? []) }),
    });
    if (abort.signal.aborted) {
      // Rolls back what this call started; services that ran before it keep running.
      const started = new Set([...this.running.keys(), ...this.failures.keys()].filter((name) => !before.has(name)));
      await this.stopInOrder((name) => started.has(name));
      for (const { name } of outcome.blocked) this.unblock(name);
    }
    return outcome;
  }

  /** Starts one service (its dependencies must be up); resolves once healthy, rejects with the reason (state failed). */
  async startService(name: string, signal?: AbortSignal, readied?: Promise<Readied>): Promise<void> {
    const pending = this.starting.get(name);
    if (pending) {
      void readied?.then((r) => r.log.close(), () => undefined);
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
    if (this.isUp(name)) {
      void readied?.then((r) => r.log.close(), () => undefined);
      return;
    }
    // A failed or stopped entry is cleared first: its log is closed and its cache mark dropped.
    if (this.running.has(name)) await this.stopService(name);
    this.failures.delete(name);
    this.unblock(name);
    const abort = this.inflight.track(signal);
    try {
      await this.launch(config, abort.signal, readied ?? this.ready(config, abort.signal));
    } finally {
      this.inflight.untrack(abort);
    }
  }

  /** Makes a service ready to start: its log opened, its README's files written, its environment linked. */
  private async ready(config: ServiceConfig, signal: AbortSignal): Promise<Readied> {
    const { name } = config;
    const { root, logs, ledger } = await this.sandboxes();
    const log = openServiceLog(logs, name);
    log.onLine((line) => this.emit('log', name, line));
    this.emit('progress', `${name}: preparing`);
    try {
      const prepared = await prepareService({
        name, readmePath: resolve(dirname(this.ecosystemPath), config.readme), root, ledger, cacheDir: this.cacheDir, env: this.env,
        onLog: (line) => log.system(line), signal, ...(this.askTemplate ? { ask: this.askTemplate } : {}),
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
      this.failures.set(name, message.startsWith(`${name}: `) ? message : `${name}: ${message}`);
      this.emit('state', this.statusOf(name));
      throw error;
    }
    if (signal.aborted) {
      await log.close();
      throw new StartCancelled(`${name}: start cancelled`);
    }
    const runningPorts = new Map([...this.running].map(([other, r]) => [other, r.supervisor.status().port]));
    const claims = portClaims(this.config.services, runningPorts, name);
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
      timeoutMs: (config.timeoutSpan ? config.timeout : (this.defaultTimeoutSeconds ?? config.timeout)) * 1000,
      autoRestart: config.autoRestart,
      membership: { ...this.membership, service: name },
      ...(config.healthCheck ? { healthPath: config.healthCheck } : {}),
      // The final 'stopped' comes from stopService, once the entry is gone.
      onChange: (status) => status.state !== 'stopped' && this.emit('state', this.reported(status)),
      onSpawn: (pid) => this.onSpawn?.(name, pid),
      onSeen: (seen) => this.emit('progress', `${name}: waiting on :${port}: ${seen}`),
    });
    const release = prepared.cacheKey ? await markInUse(this.cacheDir, prepared.cacheKey) : undefined;
    this.running.set(name, { config, supervisor, log, ...(prepared.cacheKey && release ? { cacheKey: prepared.cacheKey, cacheHit: prepared.cacheHit ?? false, release } : {}) });
    if (signal.aborted) {
      await this.stopService(name);
      throw new StartCancelled(`${name}: start cancelled`);
    }
    this.emit('progress', `${name}: starting on port ${port}${prepared.cacheKey ? ` (environment ${prepared.cacheHit ? 'cached' : 'built'})` : ''}`);
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
    const wasShown = this.failures.delete(name) || this.unblock(name, false);
    const r = this.running.get(name);
    if (!r) {
      if (wasShown) this.emit('state', this.statusOf(name));
      return true;
    }
    const stopped = await r.supervisor.stop();
    await r.log.close();
    await r.release?.();
    this.running.delete(name);
    this.emit('state', this.statusOf(name));
    return stopped;
  }

  async restartService(name: string, signal?: AbortSignal): Promise<void> {
    await this.stopService(name);
    await this.startService(name, signal);
  }

  /**
   * Cancels every start in progress, then stops every service, dependents before their
   * dependencies. Resolves with whether no process of the run is left.
   */
  async down(): Promise<boolean> {
    this.inflight.abortAll();
    // Cancelled starts settle quickly (installs are killed, health waits end); a stuck one is not waited for forever.
    await Promise.race([Promise.allSettled([...this.starting.values()]), new Promise((r) => setTimeout(r, 15_000).unref())]);
    const stopped = await this.stopInOrder(() => true);
    for (const name of [...this.blocked.keys()]) this.unblock(name);
    return stopped && membersOf(this.membership).length === 0;
  }

  /**
   * Kills every process of the run at once, synchronously, and cancels starts in progress: for a
   * host process that is exiting and cannot wait for an orderly stop.
   */
  killNow(): void {
    this.inflight.abortAll();
    for (const { supervisor } of this.running.values()) supervisor.killNow();
  }

  private async stopInOrder(which: (name: string) => boolean): Promise<boolean> {
    let stopped = true;
    for (const wave of startWaves(this.config).reverse()) {
      const results = await Promise.all(wave.filter(which).map((name) => this.stopService(name)));
      stopped = results.every(Boolean) && stopped;
    }
    // Anything not in a wave (a service behind a cycle cannot run, but be thorough).
    for (const name of [...this.running.keys(), ...this.failures.keys()].filter(which)) stopped = (await this.stopService(name)) && stopped;
    return stopped;
  }

  private block(name: string, waitingOn: string[]): void {
    this.blocked.set(name, waitingOn);
    this.emit('state', this.statusOf(name));
  }

  /** Clears a block; returns whether there was one. */
  private unblock(name: string, announce = true): boolean {
    if (!this.blocked.delete(name)) return false;
    if (announce) this.emit('state', this.statusOf(name));
    return true;
  }

  private statusOf(name: string, configuredPort = this.config.services.find((s) => s.name === name)?.port ?? 0): ReportedService {
    const r = this.running.get(name);
    if (r) return this.reported(r.supervisor.status());
    const failure = this.failures.get(name);
    if (failure) return this.reported({ ...stoppedStatus(name, configuredPort), state: 'failed', error: failure });
    const waitingOn = this.blocked.get(name);
    if (waitingOn) return this.reported({ ...stoppedStatus(name, configuredPort), state: 'blocked', blockedBy: waitingOn, error: `${name}: not started: ${this.blockedReason(waitingOn)}` });
    return stoppedStatus(name, configuredPort);
  }

  private blockedReason(waitingOn: readonly string[]): string {
    return blockedReason(waitingOn, (dep) => this.stateOf(dep), (dep) => this.running.get(dep)?.supervisor.status().port ?? 0);
  }

  /** The run's sandboxes (see openRunSandboxes), opened once; a failed open is tried again next time. */
  private sandboxes(): Promise<RunSandboxes> {
    this.opened ??= openRunSandboxes(this.ecosystemPath, this.config.sandboxRoot, this.env).catch((error: unknown) => {
      this.opened = undefined;
      throw error;
    });
    return this.opened;
  }

  private serviceConfig(name: string): ServiceConfig {
    const config = this.config.services.find((s) => s.name === name);
    if (!config) throw new Error(`no service '${name}' in ${this.ecosystemPath}`);
    return config;
  }

  /** Running, or on its way (starting, restarting). */
  private isUp(name: string): boolean {
    const state = this.running.get(name)?.supervisor.status().state;
    return state === 'running' || state === 'starting' || state === 'restarting';
  }

  private stateOf(name: string): ServiceState {
    const r = this.running.get(name);
    if (r) return r.supervisor.status().state;
    return this.failures.has(name) ? 'failed' : this.blocked.has(name) ? 'blocked' : 'stopped';
  }

  /** A status with the cache entry its environment came from, and what the last apply did to it. */
  private reported(status: ServiceStatus): ReportedService {
    const r = this.running.get(status.name);
    const applied = this.applier.noteOf(status.name);
    return { ...status, ...(r?.cacheKey ? { cacheKey: r.cacheKey, cacheHit: r.cacheHit ?? false } : {}), ...(applied ? { applied } : {}) };
  }
}
