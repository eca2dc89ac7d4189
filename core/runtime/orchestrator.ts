import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { defaultCacheDir } from '../cache/location';
import { markInUse } from '../cache/usage';
import { validateEcosystem } from '../diagnostics/validateEcosystem';
import { diskReader } from '../diskReader';
import { startWaves, withDependencies } from '../pactown/graph';
import type { EcosystemConfig, ServiceConfig } from '../pactown/model';
import { parseEcosystem } from '../pactown/parse';
import { lineCharacterAt } from '../text/lineCharacter';
import { LogBuffer, type LogLine } from './logBuffer';
import { pickPort } from './ports';
import { prepareService } from './prepareService';
import { serviceEnv, type ReachableDependency } from './serviceEnv';
import { signalGroup } from './serviceProcess';
import { cleanLeftovers } from './leftovers';
import { writeState, type RunState } from './stateStore';
import { stoppedStatus, type ReportedService } from './runReport';
import { Supervisor, type ServiceStatus } from './supervisor';

export interface OrchestratorEvents {
  state: [ServiceStatus];
  log: [string, LogLine];
  progress: [string];
}

/** Raised before anything starts when the ecosystem has errors (the same checks the editor shows). */
export class InvalidEcosystemError extends Error {}

interface Running {
  config: ServiceConfig;
  supervisor: Supervisor;
  log: LogBuffer;
  cacheKey?: string;
  cacheHit?: boolean;
  /** Drops the cache entry's in-use mark. */
  release?: () => Promise<void>;
}

/**
 * Runs a pactown ecosystem from the same model the language server checks: services start in
 * dependency waves (independent ones together), each once its dependencies are healthy; they stop
 * in reverse order. Every change is an event and is written to `<sandbox_root>/state.json`.
 */
export class Orchestrator extends EventEmitter<OrchestratorEvents> {
  readonly sandboxRoot: string;
  readonly cacheDir: string;
  private readonly running = new Map<string, Running>();
  private readonly runId = randomUUID();
  private stateWrite = Promise.resolve();

  /** Seconds to wait for health where the YAML sets no `timeout` (pactown's default: 60). */
  defaultTimeoutSeconds?: number;

  private constructor(readonly ecosystemPath: string, readonly config: EcosystemConfig, private readonly env: NodeJS.ProcessEnv) {
    super();
    this.sandboxRoot = resolve(dirname(ecosystemPath), config.sandboxRoot);
    this.cacheDir = env.PACTOWN_CACHE_DIR || defaultCacheDir(env);
  }

  /** Reads and checks an ecosystem; refuses one with errors (cycles, unknown services, missing READMEs, …). */
  static async load(path: string, env: NodeJS.ProcessEnv = process.env): Promise<Orchestrator> {
    const text = await diskReader.readText(resolve(path));
    if (text === undefined) throw new InvalidEcosystemError(`${path}: no such file`);
    return Orchestrator.fromText(path, text, env);
  }

  /** The same for an ecosystem text that is not (or not yet) on disk; `path` places its READMEs and sandbox root. */
  static async fromText(path: string, text: string, env: NodeJS.ProcessEnv = process.env): Promise<Orchestrator> {
    const absolute = resolve(path);
    const parsed = parseEcosystem(text);
    const errors = (await validateEcosystem(absolute, parsed, diskReader)).filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      const lines = errors.map((p) => {
        const at = lineCharacterAt(text, p.span.start);
        return `  ${path}:${at.line + 1}:${at.character + 1} ${p.code} ${p.message}`;
      });
      throw new InvalidEcosystemError(`${path} has ${errors.length} error${errors.length > 1 ? 's' : ''}; nothing was started:\n${lines.join('\n')}`);
    }
    return new Orchestrator(absolute, parsed.config, env);
  }

  /** Every service of the ecosystem, with the cache entry its environment came from. */
  statuses(): ReportedService[] {
    return this.config.services.map((s) => {
      const r = this.running.get(s.name);
      if (!r) return stoppedStatus(s.name, s.port);
      return { ...r.supervisor.status(), ...(r.cacheKey ? { cacheKey: r.cacheKey, cacheHit: r.cacheHit } : {}) };
    });
  }

  logs(name: string): LogLine[] {
    return this.running.get(name)?.log.tail() ?? [];
  }

  /**
   * Starts every service; on a failure, stops what it started and rejects with the reason.
   * Aborting (the signal) stops between steps, including a dependency install, and also rolls back.
   * With `only`, starts those services and what they depend on.
   */
  async up(signal?: AbortSignal, only?: readonly string[]): Promise<void> {
    const wanted = only ? withDependencies(this.config, only) : undefined;
    const stale = await cleanLeftovers(this.sandboxRoot);
    if (stale.length > 0) this.emit('progress', `stopped ${stale.length} leftover process group(s) of a previous run`);
    const before = new Set(this.running.keys());
    try {
      for (const wave of startWaves(this.config)) {
        signal?.throwIfAborted();
        // Settled, not raced: a wave's other services finish starting before a rollback stops them.
        const results = await Promise.allSettled(wave.filter((name) => !wanted || wanted.has(name)).map((name) => this.startService(name, signal)));
        const failure = results.find((r) => r.status === 'rejected');
        if (failure) throw failure.reason;
      }
      signal?.throwIfAborted();
    } catch (error) {
      // Rolls back what this call started; services that ran before it keep running.
      const started = new Set([...this.running.keys()].filter((name) => !before.has(name)));
      for (const wave of startWaves(this.config).reverse()) await Promise.all(wave.filter((name) => started.has(name)).map((name) => this.stopService(name)));
      await this.stateWrite;
      throw error;
    }
  }

  async startService(name: string, signal?: AbortSignal): Promise<void> {
    const config = this.config.services.find((s) => s.name === name);
    if (!config) throw new Error(`no service '${name}' in ${this.ecosystemPath}`);
    const existing = this.running.get(name)?.supervisor.status().state;
    if (existing === 'running' || existing === 'starting' || existing === 'restarting') return;
    // A failed or stopped entry is cleared first: its log is closed and its cache mark dropped.
    if (existing) await this.stopService(name);
    const log = new LogBuffer(join(this.sandboxRoot, 'logs', `${name}.log`));
    log.onLine((line) => this.emit('log', name, line));
    this.emit('progress', `${name}: preparing`);
    const prepared = await prepareService({
      name, readmePath: resolve(dirname(this.ecosystemPath), config.readme), sandbox: join(this.sandboxRoot, name), cacheDir: this.cacheDir, env: this.env,
      onLog: (line) => log.system(line), ...(signal ? { signal } : {}),
    }).catch(async (error: unknown) => {
      await log.close();
      throw error;
    });
    const port = await pickPort(config.port, this.portsInUse(name));
    if (port !== config.port) this.emit('progress', `${name}: port ${config.port} is busy, using ${port}`);
    const running = new Map<string, ReachableDependency>();
    for (const [other, r] of this.running) running.set(other, { name: other, port: r.supervisor.status().port });
    const env = serviceEnv({ base: { ...this.env, PACTOWN_RUN_ID: this.runId }, service: config, port, running, binFolders: prepared.binFolders, ...(prepared.virtualEnv ? { virtualEnv: prepared.virtualEnv } : {}) });
    const supervisor = new Supervisor({
      name, command: prepared.command, cwd: prepared.sandbox, env, port, timeoutMs: (config.timeoutSpan ? config.timeout : (this.defaultTimeoutSeconds ?? config.timeout)) * 1000, autoRestart: config.autoRestart, log,
      ...(config.healthCheck ? { healthPath: config.healthCheck } : {}),
      onChange: (status) => {
        this.emit('state', status);
        this.saveState();
      },
    });
    const release = prepared.cacheKey ? await markInUse(this.cacheDir, prepared.cacheKey) : undefined;
    this.running.set(name, { config, supervisor, log, ...(prepared.cacheKey && release ? { cacheKey: prepared.cacheKey, cacheHit: prepared.cacheHit ?? false, release } : {}) });
    this.emit('progress', `${name}: starting on port ${port}${prepared.cacheKey ? ` (environment ${prepared.cacheHit ? 'cached' : 'built'})` : ''}`);
    await supervisor.start();
  }

  async stopService(name: string): Promise<void> {
    const r = this.running.get(name);
    if (!r) return;
    await r.supervisor.stop();
    await r.log.close();
    await r.release?.();
    this.running.delete(name);
    this.saveState();
  }

  async restartService(name: string): Promise<void> {
    await this.stopService(name);
    await this.startService(name);
  }

  /** Stops every service, dependents before their dependencies. */
  async down(): Promise<void> {
    for (const wave of startWaves(this.config).reverse()) await Promise.all(wave.map((name) => this.stopService(name)));
    for (const name of [...this.running.keys()]) await this.stopService(name);
    await this.stateWrite;
  }

  /**
   * Kills every process group at once, synchronously: for a host process that is exiting and
   * cannot wait for an orderly stop (the next `up` cleans whatever state is left).
   */
  killNow(): void {
    for (const { supervisor } of this.running.values()) {
      if (supervisor.pgid) signalGroup(supervisor.pgid, 'SIGKILL');
    }
  }

  /** Ports other services use, or will use: a moved service must not take a later service's port. */
  private portsInUse(except: string): Set<number> {
    const running = [...this.running].filter(([n]) => n !== except).map(([, r]) => r.supervisor.status().port);
    const planned = this.config.services.filter((s) => s.name !== except && !this.running.has(s.name)).map((s) => s.port);
    return new Set([...running, ...planned]);
  }

  private saveState(): void {
    const state: RunState = {
      ecosystem: this.ecosystemPath, controllerPid: process.pid, runId: this.runId, updatedAt: '',
      services: Object.fromEntries([...this.running].map(([name, r]) => [name, {
        ...r.supervisor.status(), ...(r.supervisor.pgid ? { pgid: r.supervisor.pgid } : {}), ...(r.cacheKey ? { cacheKey: r.cacheKey, cacheHit: r.cacheHit } : {}),
      }])),
    };
    this.stateWrite = this.stateWrite.then(() => writeState(this.sandboxRoot, state)).catch(() => undefined);
  }
}
