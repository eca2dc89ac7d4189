import { basename } from 'node:path';
import type { ServiceModel } from '../../markpact/service';
import type { EcosystemConfig } from '../../pactown/model';
import type { StartOutcome } from '../startInOrder';
import type { ReportedService } from '../serviceStatus';
import { describePlanned, planApply, type LiveService, type PlannedService } from './plan';
import { readNext, refusal } from './readNext';
import { refusedResult, summarize, type AppliedService, type ApplyResult } from './result';
import type { ServiceInputs } from './serviceInputs';

/** What an apply needs of the run it changes (the orchestrator provides it). */
export interface ApplyHost {
  readonly ecosystemPath: string;
  readonly config: EcosystemConfig;
  /** The ecosystem text now: the file's (undefined when it cannot be read), or a README run's own. */
  readText(): Promise<string | undefined>;
  readonly onDisk: boolean;
  statuses(): ReportedService[];
  /** What a service was last prepared from, and the port its entry gave it then. */
  preparedFrom(name: string): { inputs: ServiceInputs; port: number } | undefined;
  /** Builds (or finds) a service's environment ahead of its restart, while the old version keeps running. */
  warm(name: string, model: ServiceModel, signal?: AbortSignal): Promise<void>;
  /** Stops services, dependents first. */
  stop(names: readonly string[]): Promise<boolean>;
  /** From now on the run is this configuration, made from these files. */
  adopt(config: EcosystemConfig, inputFiles: readonly string[]): void;
  start(names: readonly string[], signal?: AbortSignal): Promise<StartOutcome>;
  log(name: string, line: string): void;
  /** Shown with the service's status (its row, `pactown status`) until it is stopped. */
  note(name: string, text: string): void;
}

/**
 * Applies the files as they are now to a live run: reads the ecosystem and its READMEs again,
 * plans (see planApply), refuses the whole apply when the ecosystem file or a README it would
 * apply has errors, builds changed environments while the old versions still run (a failed
 * install changes nothing), then stops what is removed or restarts, adopts the new
 * configuration and starts what is restarted or added. Everything else keeps running.
 */
export async function liveApply(host: ApplyHost, signal?: AbortSignal): Promise<ApplyResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const statuses = host.statuses();
  const allNames = statuses.map((s) => s.name);
  if (statuses.every((s) => s.state === 'stopped')) return refusedResult('not applied: nothing of this run is running', allNames, elapsed());
  const text = await host.readText();
  if (text === undefined) return refusedResult(`not applied: ${basename(host.ecosystemPath)} cannot be read`, allNames, elapsed());
  const next = await readNext(host.ecosystemPath, text, host.onDisk);
  const live: LiveService[] = statuses.map((s) => {
    const prepared = host.preparedFrom(s.name);
    return { name: s.name, state: s.state, port: prepared?.port ?? s.port, ...(prepared ? { inputs: prepared.inputs } : {}), ...(s.blockedBy ? { blockedBy: s.blockedBy } : {}) };
  });
  const plan = planApply(host.config.services.map((s) => s.name), live, next.services);
  const acting = plan.filter((p) => p.action !== 'unchanged');
  const unchanged = plan.filter((p) => p.action === 'unchanged').map((p) => p.name);
  const applying = new Set(acting.filter((p) => p.action !== 'stop').map((p) => p.name));
  const refused = refusal(next.errors, applying);
  if (refused) {
    // In the log of each running service the errors hold back.
    for (const name of new Set(next.errors.flatMap((e) => (e.service && applying.has(e.service) && statuses.some((s) => s.name === e.service && s.state !== 'stopped') ? [e.service] : [])))) host.log(name, refused);
    return refusedResult(refused, allNames, elapsed());
  }
  if (acting.length === 0) {
    host.adopt(next.config, next.inputFiles);
    return { applied: true, services: [], unchanged, summary: summarize([], unchanged), durationMs: elapsed() };
  }
  try {
    await Promise.all(acting.filter((p) => p.action === 'restart' && p.changes.includes('deps')).map(async (p) => {
      const model = next.models.get(p.name);
      if (model) await host.warm(p.name, model, signal);
    }));
  } catch (error) {
    const reason = `not applied: ${error instanceof Error ? error.message : String(error)}`;
    return refusedResult(reason, allNames, elapsed());
  }
  for (const p of acting) if (p.action !== 'start') host.log(p.name, `applying: ${describePlanned(p).replace(/, (restarted|stopped)$/, '')}; ${p.action === 'stop' ? 'stopping' : 'restarting'}`);
  await host.stop(acting.filter((p) => p.action !== 'start').map((p) => p.name));
  host.adopt(next.config, next.inputFiles);
  const starting = acting.filter((p) => p.action !== 'stop').map((p) => p.name);
  const outcome = starting.length > 0 ? await host.start(starting, signal) : undefined;
  const services = acting.map((p) => report(p, outcome));
  for (const s of services) {
    host.log(s.name, s.note);
    if (s.action !== 'stop') host.note(s.name, s.note);
  }
  const summary = summarize(services, unchanged);
  return { applied: true, services, unchanged, summary, durationMs: elapsed() };
}

function report(planned: PlannedService, outcome: StartOutcome | undefined): AppliedService {
  const base = { name: planned.name, action: planned.action as AppliedService['action'], changes: planned.changes, ...(planned.because ? { because: planned.because } : {}) };
  const done = `applied: ${describePlanned(planned)}`;
  if (planned.action === 'stop') return { ...base, outcome: 'stopped', note: done };
  const failed = outcome?.failed.find((f) => f.name === planned.name);
  if (failed) return { ...base, outcome: 'failed', error: failed.error, note: `${done.replace(/, (re)?started$/, '')}; failed to start: ${failed.error.split('\n')[0]}` };
  const blocked = outcome?.blocked.find((b) => b.name === planned.name);
  if (blocked) return { ...base, outcome: 'blocked', note: `${done.replace(/, (re)?started$/, '')}; not started: ${blocked.reason}` };
  if (outcome?.completed.includes(planned.name)) return { ...base, outcome: 'completed', note: `${done.replace(/, (re)?started$/, '')}; ran again: completed (exit 0)` };
  if (outcome && !outcome.running.includes(planned.name)) return { ...base, outcome: 'cancelled', note: `${done.replace(/, (re)?started$/, '')}; start cancelled` };
  return { ...base, outcome: 'running', note: done };
}
