import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../cache/atomicWrite';
import type { ServiceStatus } from './supervisor';

/** What runs for an ecosystem, shared with other processes (`status`, `down`, the VS Code extension). */
export interface RunState {
  ecosystem: string;
  /** The process that supervises the services (a foreground `up`, a detached supervisor, VS Code). */
  controllerPid: number;
  /** Set in every service's environment, so a leftover process can be recognised before it is killed. */
  runId: string;
  services: Record<string, ServiceStatus & { pgid?: number; cacheKey?: string; cacheHit?: boolean }>;
  updatedAt: string;
}

export const statePath = (sandboxRoot: string) => join(sandboxRoot, 'state.json');

export async function readState(sandboxRoot: string): Promise<RunState | undefined> {
  try {
    return JSON.parse(await readFile(statePath(sandboxRoot), 'utf8')) as RunState;
  } catch {
    return undefined;
  }
}

export function writeState(sandboxRoot: string, state: RunState): Promise<void> {
  return writeAtomically(statePath(sandboxRoot), `${JSON.stringify({ ...state, updatedAt: new Date().toISOString() }, null, 2)}\n`);
}


/** Whether a process still belongs to a run (its environment carries the run id); true where /proc is not there to ask. */
export async function belongsToRun(pid: number, runId: string): Promise<boolean> {
  try {
    return (await readFile(`/proc/${pid}/environ`, 'latin1')).includes(`PACTOWN_RUN_ID=${runId}`);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' || !(await readFile('/proc/self/environ').then(() => true, () => false));
  }
}
