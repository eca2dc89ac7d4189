import type { EcosystemConfig } from './model';

/**
 * The port a new service of an ecosystem gets: one above the highest port any service uses
 * (explicit or automatic), and never below `base_port`. Above every port in use, it cannot
 * collide with one, whatever mix of explicit and automatic ports the file has; it is also what
 * the reference generator assigns (`next = max(next, port) + 1`). Past 65535 (a service at the
 * top of the range), the first unused port from `base_port` up.
 */
export function nextFreePort(config: Pick<EcosystemConfig, 'basePort' | 'services'>, extraTaken: Iterable<number> = []): number {
  const used = new Set([...config.services.map((s) => s.port), ...extraTaken]);
  let highest = config.basePort - 1;
  for (const port of used) highest = Math.max(highest, port);
  if (highest < 65_535) return highest + 1;
  for (let port = Math.max(1, config.basePort); port <= 65_535; port++) if (!used.has(port)) return port;
  for (let port = 1; port < config.basePort; port++) if (!used.has(port)) return port;
  throw new Error('every port from 1 to 65535 is taken by a service');
}
