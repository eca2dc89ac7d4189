import type { StartOutcome } from '../runtime/startInOrder';
import type { ReportedService } from '../runtime/serviceStatus';
import { testLines, type ServiceTests, type TestLine } from './plan';
import { excerptOf, type TestResult } from './results';
import { runTestLine } from './runTestLine';
import type { TestTarget } from './testTarget';

/**
 * What the tests run against: a run of the ecosystem, owned here (an orchestrator) or by another
 * process (through its control socket), or the editor window's run.
 */
export interface TestHost {
  statuses(): ReportedService[] | Promise<ReportedService[]>;
  /** Starts these services (with what they depend on), or restarts them; resolves once the start is done. */
  start(services: string[], options: { restart: boolean; signal: AbortSignal }): Promise<StartOutcome>;
  /** Follows every state change; returns how to stop following. */
  onState(listener: (status: ReportedService) => void): () => void;
}

export interface SessionOptions {
  plans: readonly ServiceTests[];
  host: TestHost;
  /** Where a service's tests go, computed when it runs (its port may have moved). */
  target(service: string, statuses: readonly ReportedService[]): TestTarget;
  /** Restart the services first, even those already running (a fresh start of what is tested). */
  restart?: boolean;
  signal?: AbortSignal;
  onTestStarted?(test: TestLine): void;
  onResult?(result: TestResult): void;
}

export interface SessionOutcome {
  results: TestResult[];
  /** Services this session started (they were not up before it): the caller decides whether they stay up. */
  started: string[];
  /** Tested services that did not come up, with why. */
  notStarted: { service: string; reason: string }[];
}

const up = (s: ReportedService | undefined) => s?.state === 'running' || s?.state === 'starting' || s?.state === 'restarting';

/**
 * Runs the tests of several services: each service's lines in order, the services independently
 * and in parallel. Services that are not running are started (with their dependencies) in one
 * start; each service's tests begin as soon as it is healthy, not once every service is.
 */
export async function runTestSession(options: SessionOptions): Promise<SessionOutcome> {
  const { host } = options;
  const plans = options.plans.filter((p) => testLines(p).length > 0);
  const abort = new AbortController();
  const cancel = () => abort.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  if (options.signal?.aborted) abort.abort();

  const waits = new Map(plans.map((p) => [p.service, deferred<void>()]));
  // Followed from before the statuses are read, so that no change falls between the two.
  let before: Map<string, ReportedService> | undefined;
  const stopFollowing = host.onState((status) => {
    if (!before) return;
    // After a restart, a new process (a new pid) is what is tested; otherwise any healthy one.
    if (status.state === 'running' && (!options.restart || status.pid !== before.get(status.name)?.pid)) waits.get(status.name)?.resolve();
    // A one-shot command that exited 0: its shell tests run in its sandbox (as markpact runs them, without a service).
    if (status.state === 'completed') waits.get(status.name)?.resolve();
    if (status.state === 'failed') waits.get(status.name)?.reject(new Error(status.error ?? `${status.name} failed`));
  });
  before = new Map((await host.statuses()).map((s) => [s.name, s]));
  const was = before;
  const toStart = plans.map((p) => p.service).filter((name) => options.restart || !up(was.get(name)));
  for (const [name, wait] of waits) if (!toStart.includes(name) && was.get(name)?.state === 'running') wait.resolve();

  const starting = toStart.length === 0 ? undefined : host.start(toStart, { restart: options.restart ?? false, signal: abort.signal }).then(
    (outcome) => settleFromOutcome(waits, outcome),
    (error: unknown) => {
      for (const wait of waits.values()) wait.reject(error instanceof Error ? error : new Error(String(error)));
    },
  );
  const notStarted: SessionOutcome['notStarted'] = [];
  const results: TestResult[] = [];
  try {
    await Promise.all(plans.map(async (plan) => {
      const lines = testLines(plan);
      try {
        await waits.get(plan.service)!.promise;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (!abort.signal.aborted) notStarted.push({ service: plan.service, reason });
        for (const test of lines) {
          const result: TestResult = abort.signal.aborted
            ? { test, outcome: 'skipped', message: 'cancelled', durationMs: 0 }
            : { test, outcome: 'errored', message: `not run: ${plan.service} did not start`, excerpt: excerptOf(reason), durationMs: 0 };
          report(options, results, result);
        }
        return;
      }
      let target: TestTarget;
      try {
        target = options.target(plan.service, await host.statuses());
      } catch (error) {
        // It stopped again before its tests began (a crash, a stop from elsewhere).
        for (const test of lines) report(options, results, { test, outcome: 'errored', message: `not run: ${error instanceof Error ? error.message : String(error)}`, durationMs: 0 });
        return;
      }
      for (const test of lines) {
        options.onTestStarted?.(test);
        report(options, results, await runTestLine(test, target, abort.signal));
      }
    }));
    // A start still under way (a dependency of nothing tested, a cancelled one) is done before anything is stopped.
    await starting;
  } finally {
    stopFollowing();
    options.signal?.removeEventListener('abort', cancel);
  }
  const after = await host.statuses();
  const started = after.filter((s) => s.state !== 'stopped' && !up(was.get(s.name))).map((s) => s.name);
  return { results, started, notStarted };
}

function report(options: SessionOptions, results: TestResult[], result: TestResult): void {
  results.push(result);
  options.onResult?.(result);
}

function settleFromOutcome(waits: Map<string, Deferred<void>>, outcome: StartOutcome): void {
  for (const name of [...outcome.running, ...outcome.completed]) waits.get(name)?.resolve();
  for (const { name, error } of outcome.failed) waits.get(name)?.reject(new Error(error));
  for (const { name, reason } of outcome.blocked) waits.get(name)?.reject(new Error(`${name}: not started: ${reason}`));
  // Whatever is left was cancelled, or is not part of the start's outcome.
  for (const wait of waits.values()) wait.reject(new Error(outcome.cancelled ? 'start cancelled' : 'not started'));
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

/** A promise settled from outside; only its first settlement counts. */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
