import { createServer, type Server, type Socket } from 'node:net';
import { encode, LineDecoder, parseRequest, protocolVersion, type Hello, type Request, type RequestOp, type RequestResults, type RunEvent } from './protocol';

/** What a run's owner does when a client asks. */
export type RequestHandler = <Op extends RequestOp>(request: Extract<Request, { op: Op }>) => Promise<RequestResults[Op]>;

/** A subscriber that reads slower than this many bytes behind is dropped, not buffered without end. */
const maxBacklogBytes = 8 * 1024 * 1024;

interface Peer {
  socket: Socket;
  subscribed: boolean;
  logs: boolean;
}

/** The owner's side of the control protocol: answers requests on a Unix socket and pushes events to subscribers. */
export class ControlServer {
  private readonly peers = new Set<Peer>();

  private constructor(private readonly server: Server) {}

  static listen(socketPath: string, hello: Omit<Hello, 'type' | 'protocol'>, handle: RequestHandler): Promise<ControlServer> {
    const greeting = encode({ type: 'hello', protocol: protocolVersion, ...hello });
    let control: ControlServer | undefined;
    const server = createServer((socket) => control?.accept(socket, greeting, handle));
    control = new ControlServer(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        // A controller must not stay alive only because it listens.
        server.unref();
        resolve(control!);
      });
    });
  }

  /** Sends an event to every subscriber (log lines only to those that asked for them). */
  broadcast(event: RunEvent): void {
    if (this.peers.size === 0) return;
    const line = encode(event);
    for (const peer of this.peers) {
      if (!peer.subscribed || (event.event === 'log' && !peer.logs)) continue;
      this.send(peer, line);
    }
  }

  /** Stops listening and hangs up on every client. */
  close(): Promise<void> {
    for (const peer of this.peers) peer.socket.end();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // A client that does not hang up in time is cut off.
    const deadline = setTimeout(() => {
      for (const peer of this.peers) peer.socket.destroy();
    }, 2_000);
    return closed.finally(() => clearTimeout(deadline));
  }

  private accept(socket: Socket, greeting: string, handle: RequestHandler): void {
    const peer: Peer = { socket, subscribed: false, logs: false };
    this.peers.add(peer);
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.peers.delete(peer));
    const decoder = new LineDecoder(
      (message) => void this.answer(peer, message, handle),
      () => socket.destroy(),
    );
    socket.on('data', (chunk: string) => decoder.push(chunk));
    this.send(peer, greeting);
  }

  private async answer(peer: Peer, message: unknown, handle: RequestHandler): Promise<void> {
    const request = parseRequest(message);
    if (!request) {
      const id = typeof message === 'object' && message !== null && Number.isSafeInteger((message as { id?: unknown }).id) ? (message as { id: number }).id : -1;
      return this.send(peer, encode({ type: 'reply', id, ok: false, error: 'malformed request' }));
    }
    if (request.op === 'subscribe') {
      peer.subscribed = true;
      peer.logs = request.logs === true;
    }
    try {
      const result = await handle(request as never);
      this.send(peer, encode({ type: 'reply', id: request.id, ok: true, result }));
    } catch (error) {
      this.send(peer, encode({ type: 'reply', id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }));
    }
  }

  private send(peer: Peer, line: string): void {
    if (peer.socket.destroyed) return;
    if (peer.socket.writableLength > maxBacklogBytes) {
      peer.socket.destroy();
      return;
    }
    peer.socket.write(line);
  }
}
