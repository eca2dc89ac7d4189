/**
 * `blocked`: not started because a service it depends on did not come up. `completed`: its
 * command exited 0 before it ever answered on its port (a one-shot CLI, as markpact runs one).
 */
export type ServiceState = 'starting' | 'running' | 'restarting' | 'completed' | 'failed' | 'blocked' | 'stopped';

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  pid?: number;
  port: number;
  url: string;
  healthy: boolean;
  restarts: number;
  /** Why it failed (the exit or health result, then its last output), or what a blocked service waits on. */
  error?: string;
  /** For a blocked service: the services it depends on that did not come up. */
  blockedBy?: string[];
}

/** A service's status with the cache entry its environment came from. */
export interface ReportedService extends ServiceStatus {
  cacheKey?: string;
  cacheHit?: boolean;
  /** What the last live apply did to it ("applied: files changed, restarted") and when (ms since the epoch); kept until it stops. */
  applied?: { text: string; at: number };
}

/** A service that is not running: where it would answer, nothing else. */
export function stoppedStatus(name: string, port: number): ReportedService {
  return { name, state: 'stopped', port, url: `http://127.0.0.1:${port}`, healthy: false, restarts: 0 };
}

/** A state as status rows show it: a completed service says how it ended. */
export function stateText(state: ServiceState): string {
  return state === 'completed' ? 'completed (exit 0)' : state;
}

/** Why a dependent of a completed service does not start. */
export function completedDependencyReason(name: string, port: number): string {
  return `${name} completed (a one-shot command): it serves nothing on :${port}`;
}

/** Why a service waits on these: each dependency that completed serves nothing; the others did not come up. */
export function blockedReason(waitingOn: readonly string[], stateOf: (name: string) => ServiceState, portOf: (name: string) => number): string {
  const completed = waitingOn.filter((dep) => stateOf(dep) === 'completed');
  const waiting = waitingOn.filter((dep) => !completed.includes(dep)).map((dep) => `${dep} (${stateOf(dep)})`);
  const served = completed.map((dep) => completedDependencyReason(dep, portOf(dep)));
  return [...(waiting.length ? [`waiting on ${waiting.join(', ')}`] : []), ...served].join('; ');
}
