import type { ApplyResult } from '../runtime/apply/result';
import type { LogLine } from '../runtime/logBuffer';
import type { StartOutcome } from '../runtime/startInOrder';
import type { ReportedService } from '../runtime/serviceStatus';

/**
 * The control protocol every controller of a run serves on its Unix socket (a foreground
 * `pactown up`, the detached supervisor, a VS Code window) and every client speaks (`pactown
 * down/status/logs/stop/restart`, the Services view): one JSON object per line. The controller
 * greets with `hello`; a client sends `request`s and gets one `reply` each (matched by id), and
 * after `subscribe` also `event`s. A peer with another major `protocol` number is refused.
 */
export const protocolVersion = 1;

/** Who owns a run: only the owner starts and stops its processes; everyone else asks it to. */
export type OwnerKind = 'cli' | 'supervisor' | 'window';

export interface OwnerInfo {
  pid: number;
  kind: OwnerKind;
  /** For people: "pactown up (pid 123)", "VS Code window (pid 456)". */
  label: string;
}

export interface Hello {
  type: 'hello';
  protocol: number;
  runId: string;
  ecosystem: string;
  owner: OwnerInfo;
}

export interface RunSnapshot {
  runId: string;
  ecosystem: string;
  owner: OwnerInfo;
  services: ReportedService[];
}

export interface RequestParams {
  status: Record<string, never>;
  /** Events from now on; with `logs`, the services' output lines too. */
  subscribe: { logs?: boolean };
  /** Starts these services (and what they depend on), or all that are not running. */
  start: { services?: string[]; abortOnFailure?: boolean };
  /** Stops these services, or the whole run (the owner then ends it: a CLI exits, a window shows it stopped). */
  stop: { services?: string[] };
  restart: { services?: string[] };
  /**
   * Applies the files as they are now to the run (live apply: what changed restarts, the rest
   * keeps running). With `files` (saved just now), nothing happens unless one is part of the run.
   */
  apply: { files?: string[] };
}

export interface RequestResults {
  status: RunSnapshot;
  subscribe: RunSnapshot;
  start: StartOutcome;
  stop: { stopped: boolean; services: ReportedService[] };
  restart: StartOutcome;
  apply: ApplyResult;
}

export type RequestOp = keyof RequestParams;

export type Request = { [Op in RequestOp]: { type: 'request'; id: number; op: Op; from: string } & RequestParams[Op] }[RequestOp];

export type Reply = { type: 'reply'; id: number; ok: true; result: unknown } | { type: 'reply'; id: number; ok: false; error: string };

export type RunEvent =
  | { type: 'event'; event: 'state'; service: ReportedService }
  | { type: 'event'; event: 'progress'; message: string }
  | { type: 'event'; event: 'log'; service: string; line: LogLine }
  /** The whole run was stopped at someone's request (`by` says whose); the owner ends it. */
  | { type: 'event'; event: 'stopped'; by: string }
  /** A live apply's outcome, whoever asked for it (a window, `up --watch`, `pactown apply`). */
  | { type: 'event'; event: 'applied'; result: ApplyResult };

export type Message = Hello | Request | Reply | RunEvent;

export const requestOps: readonly RequestOp[] = ['status', 'subscribe', 'start', 'stop', 'restart', 'apply'];

/** Longest line either side accepts: a peer that sends more is cut off (bounded memory). */
export const maxLineBytes = 4 * 1024 * 1024;

/** Splits a byte stream into JSON messages; calls `onError` (and stops) on a line too long or not JSON. */
export class LineDecoder {
  private buffered = '';
  private failed = false;

  constructor(private readonly onMessage: (message: unknown) => void, private readonly onError: (error: Error) => void) {}

  push(chunk: string): void {
    if (this.failed) return;
    const text = this.buffered + chunk;
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      const line = text.slice(start, newline);
      start = newline + 1;
      if (!line.trim()) continue;
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        return this.fail(new Error('the peer sent a line that is not JSON'));
      }
      this.onMessage(message);
      if (this.failed) return;
    }
    if (text.length - start > maxLineBytes) return this.fail(new Error(`the peer sent a line longer than ${maxLineBytes} bytes`));
    this.buffered = text.slice(start);
  }

  private fail(error: Error): void {
    this.failed = true;
    this.buffered = '';
    this.onError(error);
  }
}

export const encode = (message: Message): string => `${JSON.stringify(message)}\n`;

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.length <= 10_000 && value.every((v) => typeof v === 'string' && v.length <= 200);
/** Absolute paths, a few at a time (the files of one save). */
const isPathList = (value: unknown): value is string[] => Array.isArray(value) && value.length <= 100 && value.every((v) => typeof v === 'string' && v.startsWith('/') && v.length <= 4096 && !v.includes('\0'));

/** A request as received, checked field by field; undefined when malformed. */
export function parseRequest(value: unknown): Request | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (r.type !== 'request' || !Number.isSafeInteger(r.id) || !requestOps.includes(r.op as RequestOp)) return undefined;
  if (r.services !== undefined && !isStringList(r.services)) return undefined;
  if (r.files !== undefined && !isPathList(r.files)) return undefined;
  const from = typeof r.from === 'string' ? r.from.slice(0, 200) : 'another process';
  return { ...r, from } as Request;
}

/** Whether a hello speaks our protocol. */
export function isCompatibleHello(value: unknown): value is Hello {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Partial<Hello>;
  return h.type === 'hello' && typeof h.protocol === 'number' && Math.floor(h.protocol) === protocolVersion && typeof h.runId === 'string' && typeof h.owner === 'object' && h.owner !== null;
}
