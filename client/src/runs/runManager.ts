import * as vscode from 'vscode';
import { pruneCache } from '../../../core/cache/maintenance';
import { RunRegistry } from '../../../core/control/runRegistry';
import { ServedRun } from '../../../core/control/servedRun';
import type { ApplyResult } from '../../../core/runtime/apply/result';
import type { Orchestrator } from '../../../core/runtime/orchestrator';
import type { StartOutcome } from '../../../core/runtime/startInOrder';
import { readmeEcosystem } from '../../../core/runtime/readmeEcosystem';
import type { ReportedService } from '../../../core/runtime/serviceStatus';
import { engine } from '../engine';
import type { CatalogEcosystem } from '../model/catalog';
import { templateAsker } from './templateAsker';
import type { RunView } from '../model/serviceTree';
import { cacheSettings, runEnvironment, runResource, runSettings } from '../settings';
import { RemoteRun } from './remoteRun';

export interface StartOptions {
  /** Only these services (and what they depend on). */
  only?: string[];
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** The window's own label, as other processes show it ("stopped from another process: …"). */
const windowLabel = () => `VS Code window (pid ${process.pid})`;

/**
 * Every run the window knows of. Runs this window owns are served on their control socket, so a
 * terminal (`pactown down/status/stop/restart`) or another window can see and steer them; runs
 * other processes own are followed over theirs, and steered through their owner, which stays the
 * owner. Changes come from events (orchestrator events, socket events, the runs folder), never polling.
 */
export class RunManager implements vscode.Disposable {
  private readonly owned = new Map<string, ServedRun>();
  private readonly remote = new Map<string, RemoteRun>();
  private readonly tracked = new Map<string, CatalogEcosystem>();
  /** Why a run that was live is not any more, when the user did not do it here. */
  private readonly notes = new Map<string, string>();
  private readonly connecting = new Map<string, Promise<RemoteRun | undefined>>();
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly stateChanged = new vscode.EventEmitter<{ ecosystem: CatalogEcosystem; status: ReportedService }>();
  private readonly appliedEmitter = new vscode.EventEmitter<{ ecosystem: CatalogEcosystem; result: ApplyResult }>();
  /** The last apply each run refused, until one is applied: the ecosystem's row says so. */
  private readonly refusals = new Map<string, string>();
  private readonly registry = RunRegistry.fromEnv(process.env);
  private readonly unwatch: () => void;

  /** Fires with the ecosystem path whose run changed. */
  readonly onDidChange = this.changed.event;
  /** A service changed state, in a run of this window or one it follows. */
  readonly onDidChangeState = this.stateChanged.event;
  /** A live apply changed a run or was refused, whoever asked for it (this window, `up --watch`, another window). */
  readonly onDidApply = this.appliedEmitter.event;

  constructor(private readonly output: vscode.LogOutputChannel, private readonly secrets?: vscode.SecretStorage) {
    this.unwatch = this.registry.watch(() => {
      for (const ecosystem of this.tracked.values()) void this.follow(ecosystem);
    });
  }

  /** Starts following these ecosystems' runs, wherever they are owned. */
  async track(ecosystems: readonly CatalogEcosystem[]): Promise<void> {
    for (const e of ecosystems) this.tracked.set(e.path, e);
    await Promise.all(ecosystems.map((e) => this.follow(e)));
  }

  view(path: string): RunView | undefined {
    const note = this.notes.get(path);
    const refused = this.refusals.get(path);
    const owned = this.owned.get(path);
    if (owned) return { origin: 'window', owner: owned.owner.label, services: owned.orchestrator.statuses(), ...(note ? { note } : {}), ...(refused ? { refused } : {}) };
    const remote = this.remote.get(path);
    const ecosystem = this.tracked.get(path);
    if (remote && !remote.closed) return { origin: 'elsewhere', owner: remote.owner.label, services: remote.statuses(ecosystem?.services.map((s) => s.name) ?? []), ...(refused ? { refused } : {}) };
    return note ? { origin: 'window', services: [], note } : undefined;
  }

  views(): Map<string, RunView> {
    const all = new Map<string, RunView>();
    for (const path of new Set([...this.owned.keys(), ...this.remote.keys(), ...this.notes.keys()])) {
      const view = this.view(path);
      if (view) all.set(path, view);
    }
    return all;
  }

  /** Whether any service of the ecosystem is up, coming up, or failed and shown. */
  isLive(path: string): boolean {
    return !!this.view(path)?.services.some((s) => s.state !== 'stopped');
  }

  /** Whether another process owns the ecosystem's run. */
  ownedElsewhere(path: string): boolean {
    return this.view(path)?.origin === 'elsewhere';
  }

  /**
   * Starts an ecosystem (or some of its services). A run another process owns is asked to start
   * them (it stays the owner); otherwise this window becomes the owner.
   */
  async start(ecosystem: CatalogEcosystem, options: StartOptions = {}): Promise<StartOutcome> {
    this.tracked.set(ecosystem.path, ecosystem);
    const remote = await this.follow(ecosystem);
    if (remote) return this.startRemotely(remote, options, (run) => run.start(options.only));
    const run = this.owned.get(ecosystem.path) ?? (await this.own(ecosystem));
    if (run instanceof RemoteRun) return this.startRemotely(run, options, (r) => r.start(options.only));
    this.notes.delete(ecosystem.path);
    const progress = (message: string) => options.onProgress?.(message);
    run.orchestrator.on('progress', progress);
    try {
      // A service added to the file since the run began is started like the others.
      await run.orchestrator.reload();
      return await run.orchestrator.up({ ...(options.signal ? { signal: options.signal } : {}), ...(options.only ? { only: options.only } : {}) });
    } finally {
      run.orchestrator.off('progress', progress);
      await this.endIfIdle(ecosystem.path);
      void this.prune();
    }
  }

  /** Stops an ecosystem (or some of its services), through its owner when that is another process. */
  async stop(ecosystem: CatalogEcosystem, only?: string[]): Promise<boolean> {
    const owned = this.owned.get(ecosystem.path);
    if (owned) {
      const stopped = only ? (await Promise.all(only.map((name) => owned.orchestrator.stopService(name)))).every(Boolean) : await owned.orchestrator.down();
      await this.endIfIdle(ecosystem.path);
      return stopped;
    }
    const remote = await this.follow(ecosystem);
    if (remote) return remote.stop(only);
    // An owner that is gone may have left processes (only those with its run id are stopped).
    await this.registry.cleanGone(ecosystem.path);
    this.changed.fire(ecosystem.path);
    return true;
  }

  async restart(ecosystem: CatalogEcosystem, options: StartOptions = {}): Promise<StartOutcome> {
    const remote = !this.owned.has(ecosystem.path) ? await this.follow(ecosystem) : undefined;
    if (remote) return this.startRemotely(remote, options, (run) => run.restart(options.only));
    await this.stop(ecosystem, options.only);
    return this.start(ecosystem, options);
  }

  /** Moves a run another process owns into this window: its owner stops it, then it starts here. */
  async takeOver(ecosystem: CatalogEcosystem, options: StartOptions = {}): Promise<StartOutcome> {
    const remote = await this.follow(ecosystem);
    if (remote) {
      const closed = new Promise<void>((resolve) => remote.once('closed', resolve));
      await remote.stop(undefined);
      // A CLI owner exits once its run is stopped; a window keeps its socket only while it owns a run.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      this.remote.delete(ecosystem.path);
    }
    return this.start(ecosystem, options);
  }

  /**
   * Asks every live run (this window's and those of other processes) to apply these saved files;
   * each run's owner applies them if they are part of it (its progress, an environment being
   * built, goes to `onProgress`). Resolves with the answers of the runs they concern.
   */
  async applySaved(files: string[], onProgress?: (message: string) => void): Promise<{ ecosystem: CatalogEcosystem; result: ApplyResult }[]> {
    const live = [...this.tracked.values()].filter((e) => this.isLive(e.path));
    const progress = (message: string) => onProgress?.(message);
    const answers = await Promise.all(live.map(async (ecosystem) => {
      const owned = this.owned.get(ecosystem.path);
      const run = owned?.orchestrator ?? (await this.follow(ecosystem));
      if (!run) return [];
      run.on('progress', progress);
      try {
        const result = owned ? await owned.orchestrator.apply({ changed: files }) : await (run as RemoteRun).apply(files);
        return result.unrelated ? [] : [{ ecosystem, result }];
      } finally {
        run.off('progress', progress);
      }
    }));
    return answers.flat();
  }

  /** Stops every run this window owns (the window is closing); runs of other processes keep running. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.owned.values()].map(async (run) => {
      await run.orchestrator.down();
      await run.end();
    }));
    this.owned.clear();
  }

  /** Last resort when the extension host exits without deactivating: no service outlives it. */
  killAllNow(): void {
    for (const run of this.owned.values()) {
      run.orchestrator.killNow();
      run.endNow();
    }
  }

  dispose(): void {
    this.unwatch();
    for (const remote of this.remote.values()) remote.close();
    this.changed.dispose();
    this.stateChanged.dispose();
    this.appliedEmitter.dispose();
  }

  /** Becomes the owner of an ecosystem's run; another process may have become it meanwhile. */
  private async own(ecosystem: CatalogEcosystem): Promise<ServedRun | RemoteRun> {
    const orchestrator = await this.create(ecosystem);
    const served = await ServedRun.serve(orchestrator, { kind: 'window', label: windowLabel() }, this.registry);
    if ('live' in served) return this.adopt(ecosystem, await RemoteRun.follow(served.live));
    const run = served.run;
    run.on('stoppedRemotely', (by) => {
      const note = `stopped from another process: ${by}`;
      this.notes.set(ecosystem.path, note);
      this.output.info(`${ecosystem.name}: ${note}`);
      void vscode.window.showInformationMessage(`${ecosystem.name} was ${note}.`);
      void this.endIfIdle(ecosystem.path);
    });
    this.owned.set(ecosystem.path, run);
    this.remote.delete(ecosystem.path);
    return run;
  }

  private async create(ecosystem: CatalogEcosystem): Promise<Orchestrator> {
    const settings = runSettings(runResource(ecosystem));
    const env = runEnvironment(settings);
    const orchestrator = ecosystem.readme
      ? await engine().Orchestrator.fromText(ecosystem.path, readmeEcosystem(ecosystem.readme, ecosystem.services[0].port).text, env)
      : await engine().Orchestrator.load(ecosystem.path, env);
    orchestrator.defaultTimeoutSeconds = settings.healthTimeoutSeconds;
    if (this.secrets) orchestrator.askTemplate = templateAsker(this.secrets);
    orchestrator.on('state', (status) => {
      this.changed.fire(ecosystem.path);
      this.stateChanged.fire({ ecosystem, status });
    });
    orchestrator.on('applied', (result) => this.applied(ecosystem, result));
    return orchestrator;
  }

  /** A run with nothing left to show is given up: another process may own the ecosystem next. */
  private async endIfIdle(path: string): Promise<void> {
    const run = this.owned.get(path);
    if (run && run.orchestrator.idle) {
      this.owned.delete(path);
      await run.end();
    }
    this.changed.fire(path);
  }

  /** The run of an ecosystem that another process owns, followed over its socket; undefined when there is none. */
  private follow(ecosystem: CatalogEcosystem): Promise<RemoteRun | undefined> {
    if (this.owned.has(ecosystem.path)) return Promise.resolve(undefined);
    const current = this.remote.get(ecosystem.path);
    if (current && !current.closed) return Promise.resolve(current);
    let pending = this.connecting.get(ecosystem.path);
    if (!pending) {
      pending = this.connect(ecosystem).finally(() => this.connecting.delete(ecosystem.path));
      this.connecting.set(ecosystem.path, pending);
    }
    return pending;
  }

  private async connect(ecosystem: CatalogEcosystem): Promise<RemoteRun | undefined> {
    const found = await this.registry.find(ecosystem.path, windowLabel()).catch(() => undefined);
    if (found?.state !== 'live') {
      if (this.remote.delete(ecosystem.path)) this.changed.fire(ecosystem.path);
      return undefined;
    }
    if (this.owned.has(ecosystem.path)) {
      // Our own run (the registry names this window).
      found.client.close();
      return undefined;
    }
    try {
      return this.adopt(ecosystem, await RemoteRun.follow(found.client));
    } catch {
      found.client.close();
      return undefined;
    }
  }

  private adopt(ecosystem: CatalogEcosystem, run: RemoteRun): RemoteRun {
    this.remote.get(ecosystem.path)?.close();
    this.remote.set(ecosystem.path, run);
    this.notes.delete(ecosystem.path);
    run.on('state', (status) => {
      this.changed.fire(ecosystem.path);
      this.stateChanged.fire({ ecosystem, status });
    });
    run.on('applied', (result) => this.applied(ecosystem, result));
    run.once('closed', () => {
      if (this.remote.get(ecosystem.path) === run) this.remote.delete(ecosystem.path);
      this.changed.fire(ecosystem.path);
    });
    this.changed.fire(ecosystem.path);
    return run;
  }

  private applied(ecosystem: CatalogEcosystem, result: ApplyResult): void {
    if (result.applied) this.refusals.delete(ecosystem.path);
    else if (result.reason) this.refusals.set(ecosystem.path, result.reason);
    this.changed.fire(ecosystem.path);
    this.appliedEmitter.fire({ ecosystem, result });
  }

  private async startRemotely(run: RemoteRun, options: StartOptions, act: (run: RemoteRun) => Promise<StartOutcome>): Promise<StartOutcome> {
    const progress = (message: string) => options.onProgress?.(message);
    run.on('progress', progress);
    // Cancelling asks the owner to stop what was asked for; the owner stays the owner.
    const cancel = () => void run.stop(options.only).catch(() => undefined);
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      const outcome = await act(run);
      return options.signal?.aborted ? { ...outcome, cancelled: true } : outcome;
    } finally {
      run.off('progress', progress);
      options.signal?.removeEventListener('abort', cancel);
    }
  }

  /** Keeps the cache within the configured limits; entries in use are never removed. */
  private async prune(): Promise<void> {
    const { cacheDir, cacheLimits } = cacheSettings();
    if (Object.keys(cacheLimits).length === 0) return;
    try {
      const removed = await pruneCache(cacheDir, cacheLimits);
      if (removed.length > 0) this.output.info(`cache: removed ${removed.length} least recently used environment(s) to stay within the limits`);
    } catch (error) {
      this.output.warn(`cache: pruning failed: ${String(error)}`);
    }
  }
}
