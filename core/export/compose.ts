import { probeCommand } from './probe';
import type { ExportPlan, ExportService } from './plan';
import { exportedEnv } from './serviceEnvironment';
import { forwardingStops } from './stopSignal';

/** Compose interpolates `$` in every value; a literal one is written `$$`. */
export const composeEscape = (text: string) => text.replaceAll('$', () => '$$');

/** Where a service's secret is read from in the exported folder (the value never appears in compose.yaml). */
export const secretFile = (service: ExportService, key: string) => `secrets/${service.host}.${key}`;
const secretName = (service: ExportService, key: string) => `${service.host}.${key}`;

/**
 * The Compose file's content as an object (the Compose specification): a service per
 * ecosystem service, built from its context, with the local run's environment, a health check
 * that runs in the image, dependencies waiting for health, and the restart policy.
 */
export function composeModel(plan: ExportPlan): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  const byName = new Map(plan.services.map((s) => [s.config.name, s]));
  for (const service of plan.services) {
    const { plain, secret } = exportedEnv(plan, service);
    const keys = Object.keys(secret);
    for (const key of keys) secrets[secretName(service, key)] = { file: `./${secretFile(service, key)}` };
    // A secret arrives as a file; the prelude puts it in the environment, as a local run has it.
    const prelude = keys.map((key) => `export ${key}="$(cat /run/secrets/${key})"; `).join('');
    const { port, replicas, healthCheck, timeout, autoRestart } = service.config;
    const probe = probeCommand(service.runtime, { host: '127.0.0.1', port, ...(healthCheck ? { path: healthCheck } : {}) });
    const dependsOn: Record<string, unknown> = {};
    for (const dep of service.config.dependsOn) {
      const peer = byName.get(dep.name);
      if (peer) dependsOn[peer.host] = { condition: probeCommand(peer.runtime, { host: '127.0.0.1', port: 0 }) ? 'service_healthy' : 'service_started' };
    }
    services[service.host] = {
      build: { context: `./${service.host}` },
      image: service.image,
      command: ['sh', '-c', composeEscape(`${prelude}${forwardingStops(service.command)}`)],
      // `sh -c` as pid 1 neither handles nor forwards SIGTERM: without an init, every stop waits
      // out the engine's 10 s grace period and ends in SIGKILL.
      init: true,
      environment: Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, composeEscape(v)])),
      ...(keys.length > 0 ? { secrets: keys.map((key) => ({ source: secretName(service, key), target: key })) } : {}),
      // More than one replica: no fixed host port (they would clash); the engine picks one for each.
      ports: [replicas > 1 ? `${port}` : `${port}:${port}`],
      ...(probe ? { healthcheck: { test: ['CMD', ...probe.map(composeEscape)], interval: '5s', timeout: '3s', retries: 3, start_period: `${timeout}s` } } : {}),
      ...(Object.keys(dependsOn).length > 0 ? { depends_on: dependsOn } : {}),
      restart: autoRestart ? 'unless-stopped' : 'no',
      // `deploy.replicas` alone: docker-compose 1.29 and Compose v2 both start that many; 1.29 refuses
      // `scale` beside it ("Both service.scale and service.deploy.replicas are set").
      ...(replicas > 1 ? { deploy: { replicas } } : {}),
    };
  }
  // No top-level `name`: Compose v1 (docker-compose 1.29, Debian 12's) refuses the key; the
  // project is named after the exported folder, or `-p`.
  return { services, ...(Object.keys(secrets).length > 0 ? { secrets } : {}) };
}
