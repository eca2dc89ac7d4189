/** `blocked`: not started because a service it depends on did not come up. */
export type ServiceState = 'starting' | 'running' | 'restarting' | 'failed' | 'blocked' | 'stopped';

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
