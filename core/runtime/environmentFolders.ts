import { join } from 'node:path';
import { dependencySet } from '../cache/dependencySet';
import type { Ecosystem } from '../cache/key';
import type { ServiceModel } from '../markpact/service';

/** The name of a cached environment's link in a service's sandbox folder. */
export const environmentLinkName = (ecosystem: Ecosystem) => (ecosystem === 'python' ? '.venv' : 'node_modules');

/**
 * What a service's linked environment adds to its environment: the venv's `bin` (and
 * VIRTUAL_ENV) or `node_modules/.bin` at the front of PATH; nothing when the README has no
 * dependencies. The service's processes and its shell tests get the same.
 */
export function environmentFolders(sandbox: string, service: ServiceModel): { binFolders: string[]; virtualEnv?: string } {
  const deps = dependencySet(service);
  if (deps.requirements.length === 0) return { binFolders: [] };
  const link = join(sandbox, environmentLinkName(deps.ecosystem));
  return deps.ecosystem === 'python' ? { binFolders: [join(link, 'bin')], virtualEnv: link } : { binFolders: [join(link, '.bin')] };
}
