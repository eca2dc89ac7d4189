import type { Span } from '../text/span';

/** One entry of `depends_on`, in string (`name` / `name@version`) or mapping form. */
export interface DependencyRef {
  name: string;
  version: string;
  registry: string;
  endpoint?: string;
  envVar?: string;
  span: Span;
  nameSpan: Span;
  /** The YAML scalar that holds the name (`api@1.0`, the value of `name:`, or a key), quotes included. */
  scalarSpan: Span;
}

export interface ServiceConfig {
  name: string;
  nameSpan: Span;
  /** 0-based position in YAML order, counting every service (pactown's auto-port index). */
  index: number;
  /** Path as written (or the default `<name>/README.md`), relative to the YAML file's folder. */
  readme: string;
  readmeSpan?: Span;
  port: number;
  portSpan?: Span;
  /** `auto` when pactown assigns `base_port + index`. */
  portSource: 'explicit' | 'auto';
  env: Record<string, string>;
  dependsOn: DependencyRef[];
  healthCheck?: string;
  healthCheckSpan?: Span;
  /** Seconds to wait for health at start. */
  timeout: number;
  /** Set when the YAML writes `timeout` (else the default applies). */
  timeoutSpan?: Span;
  autoRestart: boolean;
  /** An extension of ours (pactown ignores unknown service keys): when a live apply restarts this service, the services that depend on it restart too. */
  restartDependents: boolean;
  replicas: number;
  target?: string;
  framework?: string;
  buildCmd?: string;
  buildTargets: string[];
  /** The whole service entry (key and value). */
  span: Span;
}

export interface EcosystemConfig {
  name: string;
  version: string;
  description: string;
  basePort: number;
  /** As written, relative to the YAML file's folder. */
  sandboxRoot: string;
  sandboxRootSpan?: Span;
  network: string;
  registry: { url: string; namespace: string; authToken?: string };
  services: ServiceConfig[];
}

export function findService(config: EcosystemConfig, name: string): ServiceConfig | undefined {
  return config.services.find((s) => s.name === name);
}
