import { request } from 'node:http';
import { connect } from 'node:net';

/** One probe's result, and what it saw in words (shown while a start waits). */
export interface Probe {
  ok: boolean;
  seen: string;
}

function describeError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused';
  if (error.code === 'ECONNRESET') return 'connection reset';
  return error.code ?? error.message;
}

/** One probe: an HTTP GET of the health path (healthy below 400), or a TCP connect when there is none. */
export function probeOnce(port: number, path: string | undefined, timeoutMs = 1_000): Promise<Probe> {
  return new Promise((resolve) => {
    if (!path) {
      const socket = connect({ host: '127.0.0.1', port });
      const done = (probe: Probe) => {
        socket.destroy();
        resolve(probe);
      };
      socket.setTimeout(timeoutMs, () => done({ ok: false, seen: `no answer within ${timeoutMs} ms` }));
      socket.once('connect', () => done({ ok: true, seen: 'accepting connections' }));
      socket.once('error', (error) => done({ ok: false, seen: describeError(error) }));
      return;
    }
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      const status = res.statusCode ?? 500;
      resolve({ ok: status < 400, seen: `GET ${path} → ${status}` });
    });
    req.once('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: `no answer within ${timeoutMs} ms` })));
    req.once('error', (error) => resolve({ ok: false, seen: `GET ${path}: ${describeError(error)}` }));
    req.end();
  });
}

/** How often a starting service is probed: every `fastMs` for `fastForMs`, every `slowMs` to `slowUntilMs`, then doubling up to `maxMs`. */
export const healthPolling = { fastMs: 2, fastForMs: 200, slowMs: 5, slowUntilMs: 1_000, maxMs: 100 } as const;

export class HealthTimeout extends Error {}
/** The process ended while its start waited; `code` 0 (no signal) is a one-shot command that completed. */
export class ExitedBeforeHealthy extends Error {
  constructor(message: string, readonly code: number | null) {
    super(message);
  }
}
/** Something outside the run answers on the service's port: never reported as the service being healthy. */
export class PortTaken extends Error {}
/** The service listens, but on other ports than its own: it will never be healthy, so the start fails now. */
export class ListensElsewhere extends Error {}

/**
 * While a start waits: how often the ports its README writes are checked (a scan of the kernel's
 * listeners for those ports, cheap), and, once it has waited `elsewhereAfterMs` (a metrics or
 * debugger port opened before a slow server is not its port being wrong), how often every port
 * its process group listens on is read (a read of the process table).
 */
export const listeningChecks = { writtenMs: 250, elsewhereAfterMs: 5_000, elsewhereMs: 1_000 } as const;

export interface WaitHealthyOptions {
  port: number;
  path?: string;
  timeoutMs: number;
  exited: Promise<{ code: number | null; signal: string | null }>;
  signal?: AbortSignal;
  /** Called when what the probe sees changes ("connection refused", "GET /health → 404"). */
  onSeen?: (seen: string) => void;
  /** Whether the socket that answered is the service's own (checked once it answers). */
  ownership?: () => 'ours' | 'foreign' | 'unknown';
  /** A port the README writes (not the service's) that the service listens on now, with where it is written. */
  listensOnWritten?: () => { port: number; where: string } | undefined;
  /** Every port the service's processes listen on now. */
  listening?: () => readonly number[];
}

/**
 * Polls until the service answers: every 2 ms for the first 200 ms, every 5 ms to the first
 * second (most services are up by then), then backing off to 100 ms. Rejects when
 * the process exits first, the deadline passes, the wait is aborted, or the port turns out to be
 * answered by a process that is not the service's.
 */
export async function waitHealthy(options: WaitHealthyOptions): Promise<void> {
  const { signal } = options;
  let onAbort = () => undefined as void;
  const aborted = new Promise<void>((resolve) => (onAbort = resolve));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await poll(options, aborted);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

async function poll(options: WaitHealthyOptions, aborted: Promise<void>): Promise<void> {
  let exited = false;
  let exit = '';
  let code: number | null = null;
  void options.exited.then((status) => {
    exited = true;
    code = status.signal ? null : status.code;
    exit = status.signal ? `signal ${status.signal}` : `code ${status.code}`;
  });
  const { signal } = options;
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let delay: number = healthPolling.fastMs;
  let lastSeen = '';
  // Until the port accepts connections, a bare connect (half the cost of an HTTP request: many
  // services start at once on two cores, and the probes' CPU is taken from them); then the path.
  let accepting = false;
  const elsewhere = new ElsewhereWatch();
  for (;;) {
    signal?.throwIfAborted();
    if (exited) throw new ExitedBeforeHealthy(`exited (${exit}) before it was healthy${lastSeen ? `; last probe: ${lastSeen}` : ''}`, code);
    const timeout = Math.min(1_000, Math.max(50, deadline - Date.now()));
    if (!accepting && options.path) accepting = (await probeOnce(options.port, undefined, timeout)).ok;
    const probe = accepting || !options.path ? await probeOnce(options.port, options.path, timeout) : { ok: false, seen: 'connection refused' };
    if (probe.seen !== lastSeen) {
      lastSeen = probe.seen;
      options.onSeen?.(probe.seen);
    }
    if (probe.ok) {
      if (options.ownership?.() === 'foreign') throw new PortTaken(`port ${options.port} is answered by a process outside this run (taken after it was chosen); not healthy`);
      return;
    }
    signal?.throwIfAborted();
    if (exited) throw new ExitedBeforeHealthy(`exited (${exit}) before it was healthy; last probe: ${lastSeen}`, code);
    elsewhere.check(options);
    if (Date.now() >= deadline) {
      const what = options.path ? `GET ${options.path} did not answer below 400` : `port ${options.port} did not accept connections`;
      throw new HealthTimeout(`not healthy within ${Math.round(options.timeoutMs / 1000)} s: ${what} (last probe: ${lastSeen})`);
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, delay)), options.exited, aborted]);
    // 2 ms at first (most services answer within a few hundred), 5 ms to the first second, then backing off to 100 ms.
    const elapsed = Date.now() - started;
    const { fastMs, fastForMs, slowMs, slowUntilMs, maxMs } = healthPolling;
    delay = elapsed < fastForMs ? fastMs : elapsed < slowUntilMs ? slowMs : Math.min(delay * 2, maxMs);
  }
}

/**
 * Fails a start whose processes listen elsewhere but not on their own port, on the second read
 * in a row: at once on a port the README writes (`--port 8000`, `app.run(port=5000)`), and on
 * any other port only once the start has waited `elsewhereAfterMs`.
 */
class ElsewhereWatch {
  private readonly started = Date.now();
  private lastWritten = this.started;
  private lastAny = this.started;
  private written = 0;
  private any = 0;

  check(options: WaitHealthyOptions): void {
    const now = Date.now();
    if (options.listensOnWritten && now - this.lastWritten >= listeningChecks.writtenMs) {
      this.lastWritten = now;
      const found = options.listensOnWritten();
      this.written = found ? this.written + 1 : 0;
      if (found && this.written >= 2) throw elsewhere([found.port], options.port, `${found.where} hard-codes the port`);
    }
    if (options.listening && now - this.started >= listeningChecks.elsewhereAfterMs && now - this.lastAny >= listeningChecks.elsewhereMs) {
      this.lastAny = now;
      const ports = options.listening();
      this.any = ports.length > 0 && !ports.includes(options.port) ? this.any + 1 : 0;
      if (this.any >= 2) throw elsewhere(ports, options.port, 'the run command (or its code) hard-codes the port');
    }
  }
}

function elsewhere(ports: readonly number[], port: number, why: string): ListensElsewhere {
  return new ListensElsewhere(`listens on ${ports.map((p) => `:${p}`).join(', ')}, not on its port :${port} — ${why}; read it from $PORT`);
}
