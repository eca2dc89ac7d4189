import { createServer } from 'node:net';

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Whether nothing listens on the port, on loopback or on all interfaces. */
export async function isPortFree(port: number): Promise<boolean> {
  return (await canBind(port, '127.0.0.1')) && (await canBind(port, '0.0.0.0'));
}

/** How far above its preferred port a service may be moved. */
export const portSearchRange = 1_000;

/** The preferred port when it is free and not promised to another service, else the next free one above it. */
export async function pickPort(preferred: number, taken: ReadonlySet<number>): Promise<number> {
  for (let port = preferred; port <= 65_535 && port < preferred + portSearchRange; port++) {
    if (!taken.has(port) && (await isPortFree(port))) return port;
  }
  throw new Error(`no free port from ${preferred} to ${Math.min(65_535, preferred + portSearchRange - 1)}`);
}
