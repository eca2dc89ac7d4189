import { discoveryEnv } from '../runtime/discoveryEnv';
import { isLocalEndpoint } from './localEndpoint';
import type { ExportPlan, ExportService } from './plan';
import { looksSecret } from './secretValue';

/** A service's environment on the engine: plain values, and the values that go to the engine's secrets. */
export interface ExportedEnv {
  plain: Record<string, string>;
  secret: Record<string, string>;
}

/**
 * The same variables as a local run, pointing at the engine's service names: discovery
 * (`PORT`, `SERVICE_URL`, `<DEP>_URL/_HOST/_PORT`, `env_var` aliases; a localhost `endpoint`
 * is replaced by the dependency's address), then `HOST=0.0.0.0` so a service that reads it
 * listens where its peers can reach it, then the YAML `env:` (secret-looking values apart).
 */
export function exportedEnv(plan: ExportPlan, service: ExportService): ExportedEnv {
  const byName = new Map(plan.services.map((s) => [s.config.name, s]));
  const plain: Record<string, string> = {
    ...discoveryEnv({
      service: service.config,
      self: { host: service.host, port: service.config.port },
      peer: (name) => {
        const peer = byName.get(name);
        return peer ? { host: peer.host, port: peer.config.port } : undefined;
      },
      useEndpoint: (endpoint) => !isLocalEndpoint(endpoint),
    }),
    HOST: '0.0.0.0',
  };
  const secret: Record<string, string> = {};
  for (const [key, value] of Object.entries(service.config.env)) {
    if (looksSecret(key, value)) {
      secret[key] = value;
      delete plain[key];
    } else plain[key] = value;
  }
  return { plain, secret };
}
