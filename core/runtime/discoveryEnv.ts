import type { DependencyRef, ServiceConfig } from '../pactown/model';
import { envKey } from '../pactown/serviceName';

/** Where a service answers: a host name (127.0.0.1 for a local run, the engine's service name in a container) and a port. */
export interface Address {
  host: string;
  port: number;
}

export interface DiscoveryInput {
  service: ServiceConfig;
  /** Where the service itself answers. */
  self: Address;
  /** Where a dependency answers; undefined when it is not reachable (not running, not in the ecosystem). */
  peer: (name: string) => Address | undefined;
  /** Whether a dependency's `endpoint:` is used for its `env_var` (a local run: always; an export: never a localhost one). */
  useEndpoint?: (endpoint: string) => boolean;
}

const url = (address: Address) => `http://${address.host}:${address.port}`;

/**
 * The service-discovery variables, one definition for a local run and an export:
 * PORT/MARKPACT_PORT/SERVICE_NAME/SERVICE_URL, then `<DEP>_URL/_HOST/_PORT` per reachable
 * dependency and `depends_on[].env_var` (its `endpoint`, else the dependency's URL).
 */
export function discoveryEnv(input: DiscoveryInput): Record<string, string> {
  const { service, self } = input;
  const port = String(self.port);
  const env: Record<string, string> = { PORT: port, MARKPACT_PORT: port, SERVICE_NAME: service.name, SERVICE_URL: url(self) };
  for (const dep of service.dependsOn) {
    const peer = input.peer(dep.name);
    const key = envKey(dep.name);
    if (peer) {
      env[`${key}_URL`] = url(peer);
      env[`${key}_HOST`] = peer.host;
      env[`${key}_PORT`] = String(peer.port);
    }
    const target = endpointFor(dep, input.useEndpoint) ?? (peer ? url(peer) : undefined);
    if (dep.envVar && target) env[dep.envVar] = target;
  }
  return env;
}

function endpointFor(dep: DependencyRef, useEndpoint: DiscoveryInput['useEndpoint']): string | undefined {
  if (dep.endpoint === undefined) return undefined;
  return !useEndpoint || useEndpoint(dep.endpoint) ? dep.endpoint : undefined;
}
