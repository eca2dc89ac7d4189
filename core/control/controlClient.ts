import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import { encode, isCompatibleHello, LineDecoder, type Hello, type Reply, type RequestOp, type RequestParams, type RequestResults, type RunEvent } from './protocol';

/** Nobody listens on the socket: the controller is gone. */
export class ControllerGone extends Error {}
/** Someone listens but did not greet in time, or spoke another protocol. */
export class ControllerSilent extends Error {}

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** A client of a run's owner (see protocol.ts). Every request has a deadline. */
export class ControlClient extends EventEmitter<{ event: [RunEvent]; close: [] }> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  private constructor(private readonly socket: Socket, readonly hello: Hello, private readonly from: string) {
    super();
  }

  /** Connects and waits for the owner's greeting; rejects with ControllerGone or ControllerSilent. */
  static connect(socketPath: string, options: { timeoutMs?: number; from?: string } = {}): Promise<ControlClient> {
    const timeoutMs = options.timeoutMs ?? 3_000;
    return new Promise((resolve, reject) => {
      const socket = connect(socketPath);
      socket.setEncoding('utf8');
      let client: ControlClient | undefined;
      const timer = setTimeout(() => fail(new ControllerSilent(`the run's controller did not answer within ${timeoutMs} ms`)), timeoutMs);
      function fail(error: Error) {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      }
      const decoder = new LineDecoder(
        (message) => {
          if (client) return client.receive(message);
          clearTimeout(timer);
          if (!isCompatibleHello(message)) return fail(new ControllerSilent(`the run's controller speaks another protocol (${JSON.stringify((message as { protocol?: unknown })?.protocol)})`));
          client = new ControlClient(socket, message, options.from ?? `pactown (pid ${process.pid})`);
          socket.on('close', () => client!.shutdown());
          resolve(client);
        },
        (error) => (client ? socket.destroy(error) : fail(new ControllerSilent(error.message))),
      );
      socket.on('data', (chunk: string) => decoder.push(chunk));
      socket.once('error', (error: NodeJS.ErrnoException) => {
        if (client) return;
        if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') fail(new ControllerGone(`no controller listens on ${socketPath}`));
        else fail(new ControllerSilent(`could not reach the run's controller: ${error.message}`));
      });
      socket.once('close', () => {
        if (!client) fail(new ControllerGone('the run\'s controller hung up'));
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** One request; rejects with the owner's error, at the deadline, or when the connection drops. */
  request<Op extends RequestOp>(op: Op, params: RequestParams[Op], timeoutMs = 10_000): Promise<RequestResults[Op]> {
    if (this.closed) return Promise.reject(new ControllerGone('the connection to the run\'s controller is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ControllerSilent(`the run's controller did not answer '${op}' within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject, timer });
      this.socket.write(encode({ type: 'request', id, op, from: this.from, ...params } as never));
    });
  }

  close(): void {
    this.socket.end();
    this.shutdown();
  }

  private receive(message: unknown): void {
    const m = message as Reply | RunEvent;
    if (m?.type === 'event') {
      this.emit('event', m);
      return;
    }
    if (m?.type !== 'reply') return;
    const waiting = this.pending.get(m.id);
    if (!waiting) return;
    this.pending.delete(m.id);
    clearTimeout(waiting.timer);
    if (m.ok) waiting.resolve(m.result);
    else waiting.reject(new Error(m.error));
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new ControllerGone('the run\'s controller hung up'));
    }
    this.pending.clear();
    this.emit('close');
  }
}
