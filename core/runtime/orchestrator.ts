import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { dirname, resolve } from 'node:path';
import { defaultCacheDir } from '../cache/location';
import { localDependencies, startWaves, withDependencies } from '../pactown/graph';
import type { EcosystemConfig } from '../pactown/model';
import { ownStartTicks } from '../processTable';
import type { ApplyResult } from './apply/result';
import { RunApplier } from './apply/runApplier';
import { warmEnvironment } from './apply/warmEnvironment';
import { checkedEcosystem, readEcosystem } from './checkedEcosystem';
import { limiter } from './concurrency';
import { InflightStarts } from './inflightStarts';
import type { LogLine } from './logBuffer';
import { membersOf, type RunMembership } from './runProcesses';
import { RunState } from './runState';
import { discardReadied, ServiceLifecycle } from './serviceLifecycle';
import type { ReportedService } from './serviceStatus';
import { startInOrder, startOutcome, type StartOutcome } from './startInOrder';
import { StartCancelled, type ServiceStatus } from './supervisor';
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
  /** What the run knows of each service, and the statuses shown from it. */
  private readonly state = new RunState(() => this.config.services, (name) => this.applier.noteOf(name));
  /** Aborts every start in progress (down, Ctrl+C). */
  private readonly inflight = new InflightStarts();
  /** The live-apply side: what services were prepared from, the notes applies leave, one apply at a time. */
  private readonly applier: RunApplier;
  /** Starts and stops one service at a time; this class decides which and in what order. */
  private readonly lifecycle: ServiceLifecycle;

  /** Seconds to wait for health where the YAML sets no `timeout` (pactown's default: 60). */
  defaultTimeoutSeconds?: number;
  /** Called with each new service process before it may run, to record it (the runs registry). */
  onSpawn?: (service: string, pid: number) => void;
  /** Asks the user for `${ask:…}` values of template file blocks (the editor's input box); unset on the command line. */
  askTemplate?: TemplateAsker;

  /** `sourceText`: the ecosystem's text when it is not a file (a README run on its own). */
  private constructor(readonly ecosystemPath: string, private current: EcosystemConfig, env: NodeJS.ProcessEnv, private readonly sourceText?: string) {
    super();
    this.sandboxRoot = resolve(dirname(ecosystemPath), current.sandboxRoot);
    this.cacheDir = env.PACTOWN_CACHE_DIR || defaultCacheDir(env);
    this.applier = new RunApplier({
      ecosystemPath, sourceText,
      config: () => this.current,
      statuses: () => this.statuses(),
      starting: () => this.lifecycle.starting,
      warm: (name, model, signal) => warmEnvironment(name, model, {
        cacheDir: this.cacheDir, env, inflight: this.inflight, log: (line) => this.lifecycle.logSystem(name, line), progress: (line) => this.emit('progress', line),
      }, signal),
      stop: (names) => this.stopInOrder((name) => names.includes(name)),
      adopt: (config) => (this.current = config),
      start: (names, signal) => this.up({ only: names, ...(signal ? { signal } : {}) }),
      log: (name, line) => this.lifecycle.logSystem(name, line),
      changed: (name) => this.emit('state', this.state.statusOf(name)),
      applied: (result) => this.emit('applied', result),
    });
    this.lifecycle = new ServiceLifecycle(this, env, this.state, this.inflight, this.applier);
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
   * a time; starts in progress finish first (an install can be long: at most a minute).
   */
  apply(options: { changed?: readonly string[]; signal?: AbortSignal } = {}): Promise<ApplyResult> {
    return this.applier.apply(options);
  }

  /** The files the run is made from: the ecosystem file (unless a README runs on its own), every README and what they include. */
  inputFiles(): string[] {
    return this.applier.inputFiles();
  }

  /** Which processes are this run's (every service's). */
  get membership(): RunMembership {
    return { runId: this.runId, sinceTicks: this.sinceTicks };
  }

  /** Every service of the ecosystem, with its reason when it failed and what it waits on when blocked. */
  statuses(): ReportedService[] {
    return this.state.statuses();
  }

  logs(name: string): LogLine[] {
    return this.state.running.get(name)?.log.tail() ?? [];
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
    const before = new Set([...this.state.running.keys()]);
    // Every service is made ready (files, environment) at once, a few at a time, while its
    // dependencies start: only the spawn waits for them, so preparing is off the critical path.
    const limit = limiter(4);
    const readying = new Map(order.filter((name) => !this.state.isUp(name)).map((name) => [name, limit(() => this.lifecycle.ready(this.lifecycle.serviceConfig(name), abort.signal))]));
    for (const readied of readying.values()) readied.catch(() => undefined);
    const settled = await startInOrder(order, localDependencies(this.config), {
      cancelled: () => abort.signal.aborted,
      notStarting: (name, blockedBy) => {
        discardReadied(readying.get(name));
        if (blockedBy) this.lifecycle.block(name, blockedBy);
      },
      start: async (name) => {
        try {
          await this.lifecycle.startService(name, abort.signal, readying.get(name));
          return this.state.stateOf(name) === 'completed' ? 'completed' : 'ok';
        } catch (error) {
          if (abort.signal.aborted || error instanceof StartCancelled) return 'cancelled';
          if (options.abortOnFailure) abort.abort();
          return 'failed';
        }
      },
    });
    this.inflight.untrack(abort);
    const outcome = startOutcome(order, settled, abort.signal.aborted, {
      failure: (name) => this.state.statusOf(name).error ?? `${name}: failed`,
      blocked: (name) => ({ blockedBy: this.state.blocked.get(name) ?? [], reason: this.state.blockedReason(this.state.blocked.get(name) ?? []) }),
    });
    if (abort.signal.aborted) {
      // Rolls back what this call started; services that ran before it keep running.
      const started = new Set([...this.state.running.keys(), ...this.state.failures.keys()].filter((name) => !before.has(name)));
      await this.stopInOrder((name) => started.has(name));
      for (const { name } of outcome.blocked) this.lifecycle.unblock(name);
    }
    return outcome;
  }

  /** Starts one service (its dependencies must be up); resolves once healthy, rejects with the reason (state failed). */
  startService(name: string, signal?: AbortSignal): Promise<void> {
    return this.lifecycle.startService(name, signal);
  }

  /** Stops a service and ends every process of it; resolves with whether none is left. Clears a failure or block. */
  stopService(name: string): Promise<boolean> {
    return this.lifecycle.stopService(name);
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
    await Promise.race([Promise.allSettled([...this.lifecycle.starting.values()]), new Promise((r) => setTimeout(r, 15_000).unref())]);
    const stopped = await this.stopInOrder(() => true);
    for (const name of [...this.state.blocked.keys()]) this.lifecycle.unblock(name);
    return stopped && membersOf(this.membership).length === 0;
  }

  /**
   * Kills every process of the run at once, synchronously, and cancels starts in progress: for a
   * host process that is exiting and cannot wait for an orderly stop.
   */
  killNow(): void {
    this.inflight.abortAll();
    for (const { supervisor } of this.state.running.values()) supervisor.killNow();
  }

  private async stopInOrder(which: (name: string) => boolean): Promise<boolean> {
    let stopped = true;
    for (const wave of startWaves(this.config).reverse()) {
      const results = await Promise.all(wave.filter(which).map((name) => this.stopService(name)));
      stopped = results.every(Boolean) && stopped;
    }
    // Anything not in a wave (a service behind a cycle cannot run, but be thorough).
    for (const name of [...this.state.running.keys(), ...this.state.failures.keys()].filter(which)) stopped = (await this.stopService(name)) && stopped;
    return stopped;
  }
}
