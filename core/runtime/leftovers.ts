import { processAlive } from '../processAlive';
import { belongsToRun, readState } from './stateStore';
import { groupAlive, stopGroup } from './serviceProcess';

/**
 * Stops the process groups a previous controller left running when it died (crash, kill -9):
 * only when that controller is gone, and only processes that still carry its run id.
 */
export async function cleanLeftovers(sandboxRoot: string): Promise<number[]> {
  const state = await readState(sandboxRoot);
  if (!state || state.controllerPid === process.pid || processAlive(state.controllerPid)) return [];
  const stopped: number[] = [];
  for (const service of Object.values(state.services)) {
    const pgid = service.pgid;
    if (!pgid || !groupAlive(pgid) || !(await belongsToRun(pgid, state.runId))) continue;
    await stopGroup(pgid);
    stopped.push(pgid);
  }
  return stopped;
}
