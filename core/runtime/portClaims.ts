/**
 * Ports other services use, or will use, with who holds each: a moved service must not take a
 * later service's port. Of services that ask for the same port, the first in YAML order keeps it
 * and the others move (as pactown does), whichever starts first.
 */
export function portClaims(services: readonly { name: string; port: number }[], runningPorts: ReadonlyMap<string, number>, except: string): Map<number, string> {
  const claims = new Map<number, string>();
  for (const [other, port] of runningPorts) if (other !== except) claims.set(port, other);
  const self = services.findIndex((s) => s.name === except);
  const preferred = services[self]?.port;
  services.forEach((s, i) => {
    if (s.name === except || runningPorts.has(s.name) || claims.has(s.port)) return;
    if (s.port === preferred && i > self) return;
    claims.set(s.port, s.name);
  });
  return claims;
}

/** Why a service starts on `port` rather than the one it asked for (undefined when it did not move). */
export function portMoveNote(wanted: number, port: number, claims: ReadonlyMap<number, string>): string | undefined {
  if (port === wanted) return undefined;
  const holder = claims.get(wanted);
  return holder ? `port ${wanted} was taken by ${holder}; moved to ${port}` : `port ${wanted} is busy, using ${port}`;
}
