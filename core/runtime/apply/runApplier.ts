import { dirname, resolve } from 'node:path';
import { diskReader } from '../../diskReader';
import type { LoadedReadme } from '../../markpact/loadReadme';
import type { EcosystemConfig, ServiceConfig } from '../../pactown/model';
import { canonicalPath } from '../canonicalPath';
import { liveApply, type ApplyHost } from './liveApply';
import { refusedResult, unrelatedResult, type ApplyResult } from './result';
import { serviceInputs, type ServiceInputs } from './serviceInputs';

/** How long an apply waits for starts in progress before it says so instead. */
const startWaitMs = 60_000;

/** What the applier needs of the run it applies to (the orchestrator lends it). */
export interface ApplyRun extends Pick<ApplyHost, 'ecosystemPath' | 'statuses' | 'warm' | 'stop' | 'start' | 'log'> {
  /** The ecosystem's text when it is not a file (a README run on its own). */
  readonly sourceText: string | undefined;
  /** The ecosystem as the run uses it now. */
  config(): EcosystemConfig;
  /** Starts in progress, by service. */
  starting(): ReadonlyMap<string, Promise<void>>;
  /** From now on the run is this configuration. */
  adopt(config: EcosystemConfig): void;
  /** A service's status changed (an apply left a note on it). */
  changed(name: string): void;
  /** An apply's outcome (not one asked about files that are not the run's). */
  applied(result: ApplyResult): void;
}

/**
 * The live-apply side of a run, so that the orchestrator keeps to starting and stopping: what
 * each service was last prepared from (an apply compares the files with it), the files the run
 * is made from, the note each apply leaves on a service, and the queue that runs applies one at
 * a time, each on the files as they are when it begins.
 */
export class RunApplier {
  /** What each service was last prepared from, and the files its README included. */
  private readonly prepared = new Map<string, { inputs: ServiceInputs; port: number; included: string[] }>();
  /** The files the last apply read the run from. */
  private appliedInputs: readonly string[] = [];
  /** What the last apply did to each service, until it stops. */
  private readonly notes = new Map<string, { text: string; at: number }>();
  private applying: Promise<unknown> = Promise.resolve();

  constructor(private readonly run: ApplyRun) {}

  /**
   * Applies the files as they are now to the running services (see liveApply). With `changed`,
   * nothing happens unless one of those files is part of the run. Starts in progress finish
   * first (an install can be long: at most `startWaitMs`).
   */
  apply(options: { changed?: readonly string[]; signal?: AbortSignal } = {}): Promise<ApplyResult> {
    const run = this.applying.then(async () => {
      if (options.changed && !(await this.concerns(options.changed))) return unrelatedResult();
      const starting = this.run.starting();
      const settled = await Promise.race([Promise.allSettled([...starting.values()]).then(() => true), new Promise<false>((r) => setTimeout(r, startWaitMs, false).unref())]);
      const result = settled
        ? await liveApply(this.host(), options.signal)
        : refusedResult(`not applied: ${[...starting.keys()].join(', ')} still starting after ${startWaitMs / 1000} s; save again once it is up`, this.run.statuses().map((s) => s.name), startWaitMs);
      this.run.applied(result);
      return result;
    });
    this.applying = run.catch(() => undefined);
    return run;
  }

  /** The files the run is made from: the ecosystem file (unless a README runs on its own), every README and what they include. */
  inputFiles(): string[] {
    const folder = dirname(this.run.ecosystemPath);
    const files = new Set<string>(this.run.sourceText === undefined ? [this.run.ecosystemPath] : []);
    for (const service of this.run.config().services) files.add(resolve(folder, service.readme));
    for (const { included } of this.prepared.values()) for (const file of included) files.add(file);
    for (const file of this.appliedInputs) files.add(file);
    return [...files];
  }

  /** Records what a service is being prepared from (`loaded` undefined: its README could not be read). */
  preparing(config: ServiceConfig, loaded: LoadedReadme | undefined): void {
    this.prepared.set(config.name, { inputs: serviceInputs(config, this.run.ecosystemPath, loaded?.service), port: config.port, included: loaded?.includes.included ?? [] });
  }

  /** What the last apply did to a service, if it has not stopped since. */
  noteOf(name: string): { text: string; at: number } | undefined {
    return this.notes.get(name);
  }

  /** A service stopped: the last apply's note on it goes. */
  stopped(name: string): void {
    this.notes.delete(name);
  }

  /** Whether any of these files is one the run is made from (by real path: a symlink or `./x` is the same file). */
  private async concerns(files: readonly string[]): Promise<boolean> {
    const asked = new Set(await Promise.all(files.map(canonicalPath)));
    const mine = await Promise.all(this.inputFiles().map(canonicalPath));
    return mine.some((file) => asked.has(file));
  }

  private host(): ApplyHost {
    const { run } = this;
    return {
      ecosystemPath: run.ecosystemPath,
      config: run.config(),
      onDisk: run.sourceText === undefined,
      readText: async () => run.sourceText ?? (await diskReader.readText(run.ecosystemPath)),
      statuses: () => run.statuses(),
      preparedFrom: (name) => this.prepared.get(name),
      warm: (name, model, signal) => run.warm(name, model, signal),
      stop: (names) => run.stop(names),
      adopt: (config, inputFiles) => {
        run.adopt(config);
        this.appliedInputs = inputFiles;
        // Services removed from the file (stopped by now) are forgotten.
        for (const name of this.prepared.keys()) if (!config.services.some((s) => s.name === name)) this.prepared.delete(name);
      },
      start: (names, signal) => run.start(names, signal),
      log: (name, line) => run.log(name, line),
      note: (name, text) => {
        this.notes.set(name, { text, at: Date.now() });
        run.changed(name);
      },
    };
  }
}
