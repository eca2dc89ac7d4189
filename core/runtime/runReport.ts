import { processAlive } from '../processAlive';
import { cleanLeftovers } from './leftovers';
import { groupAlive } from './serviceProcess';
import { readState, type RunState } from './stateStore';
import type { ServiceStatus } from './supervisor';

/** A service as another process reports it: its recorded status, checked against the live processes. */
export interface ReportedService extends ServiceStatus {
  cacheKey?: string;
  cacheHit?: boolean;
}

/** A service that is not running: where it would answer, nothing else. */
export function stoppedStatus(name: string, port: number): ReportedService {
  return { name, state: 'stopped', port, url: `http://127.0.0.1:${port}`, healthy: false, restarts: 0 };
}

/**
 * Each service of an ecosystem as whichever process runs it recorded it in state.json, trusted
 * only as far as the processes are alive: a dead controller or process group reads as stopped.
 */
export function reportedStatuses(config: { services: readonly { name: string; port: number }[] }, state: RunState | undefined): ReportedService[] {
  const controllerUp = !!state && processAlive(state.controllerPid);
  return config.services.map((service) => {
    const recorded = state?.services[service.name];
    const alive = controllerUp && !!recorded?.pgid && groupAlive(recorded.pgid);
    const live = recorded && controllerUp && (alive || recorded.state === 'restarting' || recorded.state === 'failed');
    const status: ReportedService = {
      ...stoppedStatus(service.name, recorded?.port ?? service.port),
      state: live ? recorded.state : 'stopped',
      healthy: !!(live && recorded.healthy),
      restarts: recorded?.restarts ?? 0,
    };
    if (live && alive && recorded.pid) status.pid = recorded.pid;
    if (live && recorded.error) status.error = recorded.error;
    if (live && recorded.cacheKey) status.cacheKey = recorded.cacheKey;
    if (live && recorded.cacheHit !== undefined) status.cacheHit = recorded.cacheHit;
    return status;
  });
}

/** Resolves once the process is gone, or with false at the deadline. */
function exitOf(pid: number, deadlineMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const end = Date.now() + deadlineMs;
    const look = () => {
      if (!processAlive(pid)) return resolve(true);
      if (Date.now() > end) return resolve(false);
      setTimeout(look, 10);
    };
    look();
  });
}

/**
 * Stops a run started by another process (a foreground or detached `pactown up`, another window):
 * SIGTERM to its controller, which stops its services in reverse order; SIGKILL after the
 * deadline; then whatever process groups it left behind. False when nothing was running.
 */
export async function stopReportedRun(sandboxRoot: string, deadlineMs = 30_000): Promise<{ stopped: boolean; leftovers: number }> {
  const state = await readState(sandboxRoot);
  if (!state) return { stopped: false, leftovers: 0 };
  let stopped = false;
  if (state.controllerPid !== process.pid && processAlive(state.controllerPid)) {
    process.kill(state.controllerPid, 'SIGTERM');
    if (!(await exitOf(state.controllerPid, deadlineMs))) process.kill(state.controllerPid, 'SIGKILL');
    stopped = true;
  }
  const leftovers = await cleanLeftovers(sandboxRoot);
  return { stopped: stopped || leftovers.length > 0, leftovers: leftovers.length };
}
