import { hasProc, isLiving, readProcess } from './processTable';

/**
 * Whether a process exists and has not exited (EPERM: it exists but belongs to someone else).
 * A zombie — exited, waiting for a parent that may never reap it — is not alive.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !hasProc || isLiving(readProcess(pid));
}
