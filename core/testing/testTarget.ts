import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceModel } from '../markpact/service';
import { folderName, isUnsafeServiceName } from '../pactown/serviceName';
import type { EcosystemConfig } from '../pactown/model';
import { environmentFolders } from '../runtime/environmentFolders';
import { serviceEnv, type ReachableDependency } from '../runtime/serviceEnv';
import type { ReportedService } from '../runtime/serviceStatus';

/** Where a running (or completed) service's tests go: HTTP lines to its URL, shell lines into its sandbox with its environment. */
export interface TestTarget {
  url: string;
  /** Why HTTP lines cannot run (a one-shot command serves nothing). */
  httpError?: string;
  /** Why shell lines cannot run there (the sandbox is not a real folder of the run). */
  shell: { cwd: string; env: NodeJS.ProcessEnv } | { error: string };
}

export interface TestTargetInput {
  config: EcosystemConfig;
  /** The ecosystem's sandbox root, absolute. */
  sandboxRoot: string;
  service: string;
  /** The README's service model: which environment is linked into its sandbox. */
  model: ServiceModel;
  /** Every service's status now (the service must be running, or completed). */
  statuses: readonly ReportedService[];
  /** What the run's services inherit (the user's environment, or the window's run settings). */
  baseEnv: NodeJS.ProcessEnv;
}

/**
 * The target of a running service's tests, from its status and the ecosystem: the same
 * environment the orchestrator gives the service (serviceEnv: PORT, the dependencies' URLs, the
 * YAML env, the venv or node_modules/.bin on PATH) with the ports the services run on now.
 */
export function testTarget(input: TestTargetInput): TestTarget {
  const { service, statuses } = input;
  const status = statuses.find((s) => s.name === service);
  if (!status || (status.state !== 'running' && status.state !== 'completed')) throw new Error(`${service} is not running`);
  const config = input.config.services.find((s) => s.name === service);
  if (!config) throw new Error(`no service '${service}' in the ecosystem`);
  const http = { url: status.url, ...(status.state === 'completed' ? { httpError: 'service completed (a one-shot command); no HTTP server to test' } : {}) };
  // The name comes from the YAML: used as a folder only when the checks would accept it.
  if (isUnsafeServiceName(service)) return { ...http, shell: { error: `service name '${service}' is not usable as a sandbox folder` } };
  const cwd = join(input.sandboxRoot, folderName(service));
  const kind = folderKind(cwd);
  if (kind !== 'folder') return { ...http, shell: { error: `its sandbox ${cwd} ${kind === 'missing' ? 'does not exist' : 'is not a real folder (a symlink?)'}` } };
  const running = new Map<string, ReachableDependency>(statuses.filter((s) => s.state === 'running').map((s) => [s.name, { name: s.name, port: s.port }]));
  const env = serviceEnv({ base: input.baseEnv, service: config, port: status.port, running, ...environmentFolders(cwd, input.model) });
  return { ...http, shell: { cwd, env } };
}

function folderKind(path: string): 'folder' | 'missing' | 'other' {
  try {
    return lstatSync(path).isDirectory() ? 'folder' : 'other';
  } catch {
    return 'missing';
  }
}
