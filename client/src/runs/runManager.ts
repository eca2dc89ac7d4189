import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { pruneCache } from '../../../core/cache/maintenance';
import type { Orchestrator } from '../../../core/runtime/orchestrator';
import { readmeEcosystem } from '../../../core/runtime/readmeEcosystem';
import { reportedStatuses, stopReportedRun } from '../../../core/runtime/runReport';
import { readState } from '../../../core/runtime/stateStore';
import type { ServiceStatus } from '../../../core/runtime/supervisor';
import { engine } from '../engine';
import type { CatalogEcosystem } from '../model/catalog';
import type { RunView } from '../model/serviceTree';
import { runEnvironment, runSettings } from '../settings';

export interface StartOptions {
  /** Only these services (and what they depend on). */
  only?: string[];
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** Raised when another process runs the ecosystem: only it can start or stop single services. */
export class RunElsewhereError extends Error {}

/**
 * Every run the window knows of: the ones it started (an Orchestrator each, in this process) and
 * the ones other processes report in their state files (`pactown up --detach`, another window).
 * Changes come from orchestrator events and state-file events, never from polling.
 */
export class RunManager implements vscode.Disposable {
  private readonly local = new Map<string, Orchestrator>();
  private readonly reported = new Map<string, RunView>();
  private readonly tracked = new Map<string, CatalogEcosystem>();
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly stateChanged = new vscode.EventEmitter<{ ecosystem: CatalogEcosystem; status: ServiceStatus }>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/state.json');

  /** Fires with the ecosystem path whose run changed. */
  readonly onDidChange = this.changed.event;
  /** A service of a run started here changed state. */
  readonly onDidChangeState = this.stateChanged.event;

  constructor(private readonly output: vscode.LogOutputChannel) {
    const onStateFile = (uri: vscode.Uri) => {
      for (const ecosystem of this.tracked.values()) if (ecosystem.sandboxRoot === dirname(uri.fsPath)) void this.refreshReported(ecosystem);
    };
    this.watcher.onDidChange(onStateFile);
    this.watcher.onDidCreate(onStateFile);
    this.watcher.onDidDelete(onStateFile);
  }

  /** Starts following these ecosystems' state files (what other processes run). */
  track(ecosystems: readonly CatalogEcosystem[]): Promise<void> {
    const fresh = ecosystems.filter((e) => !this.tracked.has(e.path));
    for (const e of ecosystems) this.tracked.set(e.path, e);
    return Promise.all(fresh.map((e) => this.refreshReported(e))).then(() => undefined);
  }

  view(path: string): RunView | undefined {
    const orchestrator = this.local.get(path);
    if (orchestrator) return { origin: 'window', services: orchestrator.statuses() };
    return this.reported.get(path);
  }

  views(): Map<string, RunView> {
    const all = new Map(this.reported);
    for (const path of this.local.keys()) all.set(path, this.view(path)!);
    return all;
  }

  /** Whether any service of the ecosystem is up (or coming up), here or elsewhere. */
  isLive(path: string): boolean {
    return !!this.view(path)?.services.some((s) => s.state !== 'stopped');
  }

  /** Starts an ecosystem (or some of its services) in this window; resolves once they are healthy. */
  async start(ecosystem: CatalogEcosystem, options: StartOptions = {}): Promise<void> {
    this.tracked.set(ecosystem.path, ecosystem);
    if (!this.local.has(ecosystem.path) && this.reported.get(ecosystem.path)?.services.some((s) => s.state !== 'stopped')) {
      throw new RunElsewhereError(`${ecosystem.name} is already running in another process (pactown up or another window); stop it first`);
    }
    const orchestrator = this.local.get(ecosystem.path) ?? (await this.create(ecosystem));
    const progress = (message: string) => options.onProgress?.(message);
    orchestrator.on('progress', progress);
    try {
      await orchestrator.up(options.signal, options.only);
    } finally {
      orchestrator.off('progress', progress);
      this.forgetIfIdle(ecosystem.path);
    }
    void this.prune();
  }

  /** Stops an ecosystem (or some services of a run started here); another process's run is stopped through its controller. */
  async stop(ecosystem: CatalogEcosystem, only?: string[]): Promise<void> {
    const orchestrator = this.local.get(ecosystem.path);
    if (!orchestrator) {
      if (only) throw new RunElsewhereError(`${ecosystem.name} is run by another process: only the whole ecosystem can be stopped from here`);
      await stopReportedRun(ecosystem.sandboxRoot);
      await this.refreshReported(ecosystem);
      return;
    }
    if (only) await Promise.all(only.map((name) => orchestrator.stopService(name)));
    else await orchestrator.down();
    this.forgetIfIdle(ecosystem.path);
  }

  async restart(ecosystem: CatalogEcosystem, options: StartOptions = {}): Promise<void> {
    if (!this.local.has(ecosystem.path) && options.only) throw new RunElsewhereError(`${ecosystem.name} is run by another process: restart the whole ecosystem`);
    await this.stop(ecosystem, options.only);
    await this.start(ecosystem, options);
  }

  /** Stops every run started in this window (the window is closing). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.local.values()].map((o) => o.down()));
    this.local.clear();
  }

  /** Last resort when the extension host exits without deactivating: no service outlives it. */
  killAllNow(): void {
    for (const orchestrator of this.local.values()) orchestrator.killNow();
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
    this.stateChanged.dispose();
  }

  private async create(ecosystem: CatalogEcosystem): Promise<Orchestrator> {
    const settings = runSettings();
    const env = runEnvironment(settings);
    const orchestrator = ecosystem.readme
      ? await engine().Orchestrator.fromText(ecosystem.path, readmeEcosystem(ecosystem.readme, ecosystem.services[0].port).text, env)
      : await engine().Orchestrator.load(ecosystem.path, env);
    orchestrator.defaultTimeoutSeconds = settings.healthTimeoutSeconds;
    orchestrator.on('state', (status) => {
      this.changed.fire(ecosystem.path);
      this.stateChanged.fire({ ecosystem, status });
    });
    this.local.set(ecosystem.path, orchestrator);
    this.reported.delete(ecosystem.path);
    return orchestrator;
  }

  /** A run with nothing left up is dropped, so the ecosystem reads from its state file again. */
  private forgetIfIdle(path: string): void {
    const orchestrator = this.local.get(path);
    if (orchestrator && orchestrator.statuses().every((s) => s.state === 'stopped')) this.local.delete(path);
    this.changed.fire(path);
  }

  private async refreshReported(ecosystem: CatalogEcosystem): Promise<void> {
    if (this.local.has(ecosystem.path)) return;
    const state = await readState(ecosystem.sandboxRoot);
    const services = state && state.controllerPid !== process.pid ? reportedStatuses(ecosystem, state) : [];
    const before = JSON.stringify(this.reported.get(ecosystem.path) ?? null);
    if (services.some((s) => s.state !== 'stopped')) this.reported.set(ecosystem.path, { origin: 'elsewhere', services });
    else this.reported.delete(ecosystem.path);
    if (JSON.stringify(this.reported.get(ecosystem.path) ?? null) !== before) this.changed.fire(ecosystem.path);
  }

  /** Keeps the cache within the configured limits; entries in use are never removed. */
  private async prune(): Promise<void> {
    const { cacheDir, cacheLimits } = runSettings();
    if (Object.keys(cacheLimits).length === 0) return;
    try {
      const removed = await pruneCache(cacheDir, cacheLimits);
      if (removed.length > 0) this.output.info(`cache: removed ${removed.length} least recently used environment(s) to stay within the limits`);
    } catch (error) {
      this.output.warn(`cache: pruning failed: ${String(error)}`);
    }
  }
}
