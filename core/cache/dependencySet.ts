import type { Requirement, ServiceModel } from '../markpact/service';
import { depsHash, normalizeRequirements, type Ecosystem } from './key';

/** What a service's environment is built from: one definition for the orchestrator and the editor's hover. */
export interface DependencySet {
  ecosystem: Ecosystem;
  /** The lines installed: the runtime's deps, with pactown's implicit uvicorn/gunicorn. */
  requirements: Requirement[];
  normalized: string[];
  hash: string;
  /** Packages a first build installs (pip options and comments left out). */
  packages: number;
}

export function dependencySet(model: ServiceModel): DependencySet {
  const ecosystem = model.runtime.runtime;
  const requirements = ecosystem === 'node' ? model.nodeDeps : model.pythonDeps;
  const normalized = normalizeRequirements(ecosystem, requirements.map((r) => r.raw));
  const packages = requirements.filter((r) => r.parsed.kind === 'package' || r.parsed.kind === 'location').length;
  return { ecosystem, requirements, normalized, hash: depsHash(ecosystem, normalized), packages };
}
