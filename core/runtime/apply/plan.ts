import type { ServiceState } from '../serviceStatus';
import type { ServiceInputs } from './serviceInputs';

/** Why a service is restarted or started by an apply. */
export type Change = 'files' | 'deps' | 'run' | 'config' | 'dependency' | 'added' | 'removed' | 'unblocked';

export type Action = 'start' | 'stop' | 'restart' | 'unchanged';

export interface PlannedService {
  name: string;
  action: Action;
  /** Empty for `unchanged`. */
  changes: Change[];
  /** For a `dependency` restart or an `unblocked` start: the service that caused it. */
  because?: string;
}

/** A service of the run as it is now. */
export interface LiveService {
  name: string;
  state: ServiceState;
  /** What it was last prepared from; absent if it never was (a blocked service). */
  inputs?: ServiceInputs;
  /** The port its ecosystem entry gave it when it started. */
  port: number;
  blockedBy?: readonly string[];
}

/** A service of the ecosystem as the files now say. */
export interface NextService {
  name: string;
  inputs: ServiceInputs;
  port: number;
  dependsOn: readonly string[];
  restartDependents: boolean;
}

const inputKinds = ['files', 'deps', 'run'] as const;

/** What differs between two fingerprints, most specific first; `config` for the ecosystem entry. */
export function changedInputs(before: ServiceInputs | undefined, after: ServiceInputs): Change[] {
  if (!before) return ['files', 'deps', 'run'];
  const changes: Change[] = inputKinds.filter((kind) => before[kind] !== after[kind]);
  if (before.entry !== after.entry) changes.push('config');
  return changes;
}

/**
 * The plan of a live apply: the running configuration against the one just read. A service
 * that runs (or failed) and whose inputs changed restarts; one that was added starts; one that
 * was removed stops; the others keep running untouched (their pid too). Stopped services stay
 * stopped: they start from the new files whenever they are started. Dependents follow a restart
 * only when the dependency asks for it (`restart_dependents`) or its port changed (the URL they
 * were given is wrong then), and transitively by the same rule. A blocked service whose
 * dependency is restarted or started is started too (it waited on it).
 *
 * `previous` names the services of the running configuration (an added service is one not in it).
 */
export function planApply(previous: readonly string[], live: readonly LiveService[], next: readonly NextService[]): PlannedService[] {
  const before = new Set(previous);
  const nextByName = new Map(next.map((s) => [s.name, s]));
  const liveByName = new Map(live.filter((s) => s.state !== 'stopped').map((s) => [s.name, s]));
  const plan = new Map<string, PlannedService>();
  for (const service of next) {
    const now = liveByName.get(service.name);
    if (!now) {
      plan.set(service.name, before.has(service.name) ? unchanged(service.name) : { name: service.name, action: 'start', changes: ['added'] });
      continue;
    }
    // A blocked service has no process: it starts from the new files when what it waits on comes up.
    const changes = now.state === 'blocked' ? [] : changedInputs(now.inputs, service.inputs);
    plan.set(service.name, changes.length > 0 ? { name: service.name, action: 'restart', changes } : unchanged(service.name));
  }
  for (const name of liveByName.keys()) {
    if (!nextByName.has(name)) plan.set(name, { name, action: 'stop', changes: ['removed'] });
  }
  followDependencies(plan, liveByName, nextByName);
  return [...plan.values()];
}

function unchanged(name: string): PlannedService {
  return { name, action: 'unchanged', changes: [] };
}

/** Dependents restart after a restarted dependency that asks for it; blocked ones start after what they wait on. */
function followDependencies(plan: Map<string, PlannedService>, live: Map<string, LiveService>, next: Map<string, NextService>): void {
  const dependents = new Map<string, string[]>();
  for (const service of next.values()) {
    for (const dep of new Set(service.dependsOn)) {
      const list = dependents.get(dep);
      if (list) list.push(service.name);
      else dependents.set(dep, [service.name]);
    }
  }
  // Each service enters the queue at most once (when its action is decided): bounded by the service count.
  const queue = [...plan.values()].filter((p) => p.action === 'restart' || p.action === 'start').map((p) => p.name);
  for (let i = 0; i < queue.length; i++) {
    const cause = queue[i];
    const causeNext = next.get(cause);
    const causeLive = live.get(cause);
    const restarted = plan.get(cause)?.action === 'restart';
    const moved = restarted && causeLive !== undefined && causeNext !== undefined && causeLive.port !== causeNext.port;
    const cascade = restarted && (causeNext?.restartDependents === true || moved);
    for (const dependent of dependents.get(cause) ?? []) {
      const entry = plan.get(dependent);
      const state = live.get(dependent)?.state;
      if (entry?.action !== 'unchanged' || state === undefined) continue;
      if (state === 'blocked' && (live.get(dependent)?.blockedBy ?? []).includes(cause)) {
        plan.set(dependent, { name: dependent, action: 'start', changes: ['unblocked'], because: cause });
        queue.push(dependent);
      } else if (cascade && state !== 'blocked') {
        plan.set(dependent, { name: dependent, action: 'restart', changes: ['dependency'], because: cause });
        queue.push(dependent);
      }
    }
  }
}

const changeWords: Record<Change, string> = {
  files: 'files changed',
  deps: 'dependencies changed',
  run: 'run command changed',
  config: 'ecosystem entry changed',
  dependency: 'a dependency restarted',
  added: 'added',
  removed: 'removed',
  unblocked: 'what it waited on is back',
};

/** For people: "files changed, restarted", "added, started", "removed, stopped". */
export function describePlanned(service: PlannedService): string {
  const why = service.changes.map((c) => (c === 'dependency' && service.because ? `${service.because} restarted` : c === 'unblocked' && service.because ? `${service.because} is back` : changeWords[c]));
  const done = { start: 'started', stop: 'stopped', restart: 'restarted', unchanged: 'unchanged' }[service.action];
  return [...why, done].join(', ');
}
