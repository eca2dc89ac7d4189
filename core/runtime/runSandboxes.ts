import { dirname } from 'node:path';
import { ensurePrivateDir, runsDirFor } from '../control/runsDir';
import { folderName } from '../pactown/serviceName';
import { canonicalPath } from './canonicalPath';
import type { ConfinedDir } from './confinedDir';
import { LogBuffer } from './logBuffer';
import { SandboxLedger } from './sandboxLedger';
import { openSandboxRoot } from './sandboxRoot';

// Where a run writes: one place that opens its folders and names its services' log files.

export interface RunSandboxes {
  root: ConfinedDir;
  logs: ConfinedDir;
  ledger: SandboxLedger;
}

/**
 * The sandbox root and its logs folder, opened as real folders (never through a symlink), and
 * the ledger of what runs wrote there, kept in the user's private runs folder.
 */
export async function openRunSandboxes(ecosystemPath: string, sandboxRoot: string, env: NodeJS.ProcessEnv): Promise<RunSandboxes> {
  const root = openSandboxRoot(dirname(ecosystemPath), sandboxRoot);
  const logs = root.child('logs', { create: true });
  const runsDir = runsDirFor(env);
  ensurePrivateDir(runsDir);
  return { root, logs, ledger: new SandboxLedger(runsDir, await canonicalPath(ecosystemPath)) };
}

/** A service's log, opened for appending in the logs folder. */
export function openServiceLog(logs: ConfinedDir, name: string): LogBuffer {
  return new LogBuffer(logs.openAppend(`${folderName(name)}.log`));
}
