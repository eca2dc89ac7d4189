import type { ServiceConfig } from '../pactown/model';
import type { LogBuffer } from './logBuffer';
import { blockedReason, stoppedStatus, type ReportedService, type ServiceState } from './serviceStatus';
import type { ServiceStatus, Supervisor } from './supervisor';

/** A service with a process: its supervisor, its open log, and the cache entry its environment came from. */
export interface Running {
  config: ServiceConfig;
  supervisor: Supervisor;
  log: LogBuffer;
  cacheKey?: string;
  cacheHit?: boolean;
  /** Drops the cache entry's in-use mark. */
  release?: () => Promise<void>;
}

/**
 * What a run knows of each service (its process, the failure that came before any process, what
 * it waits on when blocked) and the statuses shown from it. Apart from the orchestrator, which
 * changes it and tells its listeners, so that the statuses are read in one place.
 */
export class RunState {
  readonly running = new Map<string, Running>();
  /** Services that failed before a process existed (a refused file, a failed install), with the reason. */
  readonly failures = new Map<string, string>();
  /** Services not started, with the dependencies that did not come up. */
  readonly blocked = new Map<string, string[]>();

  /** `services`: the ecosystem's as the run uses it now; `noteOf`: what the last apply did to a service. */
  constructor(private readonly services: () => readonly ServiceConfig[], private readonly noteOf: (name: string) => { text: string; at: number } | undefined) {}

  /** Every service of the ecosystem, with its reason when it failed and what it waits on when blocked. */
  statuses(): ReportedService[] {
    const services = this.services();
    const listed = services.map((s) => this.statusOf(s.name, s.port));
    // A service removed from the file while it runs is still shown, until it is stopped.
    const gone = [...this.running.keys()].filter((name) => !services.some((s) => s.name === name));
    return [...listed, ...gone.map((name) => this.statusOf(name))];
  }

  statusOf(name: string, configuredPort = this.services().find((s) => s.name === name)?.port ?? 0): ReportedService {
    const r = this.running.get(name);
    if (r) return this.reported(r.supervisor.status());
    const failure = this.failures.get(name);
    if (failure) return this.reported({ ...stoppedStatus(name, configuredPort), state: 'failed', error: failure });
    const waitingOn = this.blocked.get(name);
    if (waitingOn) return this.reported({ ...stoppedStatus(name, configuredPort), state: 'blocked', blockedBy: waitingOn, error: `${name}: not started: ${this.blockedReason(waitingOn)}` });
    return stoppedStatus(name, configuredPort);
  }

  stateOf(name: string): ServiceState {
    const r = this.running.get(name);
    if (r) return r.supervisor.status().state;
    return this.failures.has(name) ? 'failed' : this.blocked.has(name) ? 'blocked' : 'stopped';
  }

  /** Running, or on its way (starting, restarting). */
  isUp(name: string): boolean {
    const state = this.running.get(name)?.supervisor.status().state;
    return state === 'running' || state === 'starting' || state === 'restarting';
  }

  /** The port each service with a process answers on. */
  runningPorts(): Map<string, number> {
    return new Map([...this.running].map(([name, r]) => [name, r.supervisor.status().port]));
  }

  blockedReason(waitingOn: readonly string[]): string {
    return blockedReason(waitingOn, (dep) => this.stateOf(dep), (dep) => this.running.get(dep)?.supervisor.status().port ?? 0);
  }

  /** A status with the cache entry its environment came from, and what the last apply did to it. */
  reported(status: ServiceStatus): ReportedService {
    const r = this.running.get(status.name);
    const applied = this.noteOf(status.name);
    return { ...status, ...(r?.cacheKey ? { cacheKey: r.cacheKey, cacheHit: r.cacheHit ?? false } : {}), ...(applied ? { applied } : {}) };
  }
}
