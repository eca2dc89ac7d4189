import { request } from 'node:http';
import { connect } from 'node:net';

/** One probe: an HTTP GET of the health path (healthy below 400), or a TCP connect when there is none. */
export function probeOnce(port: number, path: string | undefined, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    if (!path) {
      const socket = connect({ host: '127.0.0.1', port });
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(timeoutMs, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
      return;
    }
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 400);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

export class HealthTimeout extends Error {}
export class ExitedBeforeHealthy extends Error {}

/**
 * Polls until the service answers: every 2 ms during the first second (most services are up by
 * then, and a refused connection costs microseconds), then backing off to 100 ms. Rejects when
 * the process exits first or the deadline passes.
 */
export async function waitHealthy(options: { port: number; path?: string; timeoutMs: number; exited: Promise<unknown> }): Promise<void> {
  let exited = false;
  void options.exited.then(() => (exited = true));
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let delay = 2;
  for (;;) {
    if (exited) throw new ExitedBeforeHealthy('exited before it was healthy');
    if (await probeOnce(options.port, options.path, Math.min(1_000, Math.max(50, deadline - Date.now())))) return;
    if (exited) throw new ExitedBeforeHealthy('exited before it was healthy');
    if (Date.now() >= deadline) {
      const what = options.path ? `GET ${options.path} did not answer below 400` : `port ${options.port} did not accept connections`;
      throw new HealthTimeout(`not healthy within ${Math.round(options.timeoutMs / 1000)} s: ${what}`);
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, delay)), options.exited]);
    if (Date.now() - started > 1_000) delay = Math.min(delay * 2, 100);
  }
}
