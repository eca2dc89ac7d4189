import { request } from 'node:http';
import type { HttpTest } from '../markpact/httpTest';
import { excerptOf } from './results';

/** markpact's per-request timeout (spec §1.7). */
export const httpTimeoutMs = 10_000;
/** Bytes of a response body read at most: the rest is not waited for. */
const maxBodyBytes = 64 * 1024;
/** As Python's urllib, which markpact's tester uses. */
const maxRedirects = 10;

export interface HttpAnswer {
  /** 0 when no response came (connection refused, reset, timed out), as in markpact. */
  status: number;
  /** Why there was no response. */
  error?: string;
  /** The body as far as it was read. */
  body: string;
  /** Whether that is the whole body. */
  complete: boolean;
}

export interface HttpCheck {
  passed: boolean;
  message: string;
  expected: string;
  actual: string;
  excerpt?: string;
}

/**
 * Sends one test request to a service: `baseUrl` + the test's path, with the BODY as JSON.
 * Redirects are followed as markpact's urllib follows them (GET/HEAD on any redirect; another
 * method on 301/302/303 becomes a GET without a body), within the service's origin only.
 */
export async function sendHttpTest(test: HttpTest, baseUrl: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<HttpAnswer> {
  const origin = new URL(baseUrl).origin;
  const timeoutMs = options.timeoutMs ?? httpTimeoutMs;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  let method = test.method;
  let body = test.body === undefined ? undefined : JSON.stringify(test.body);
  let url = new URL(`${origin}${test.path}`);
  for (let hop = 0; ; hop++) {
    if (url.origin !== origin) return { status: 0, error: `refused to follow a redirect to ${url.origin} (only ${origin} is tested)`, body: '', complete: true };
    const answer = await once(method, url, body, signal, deadline, timeoutMs);
    const location = answer.location;
    if (!location || hop >= maxRedirects || !isRedirect(answer.status)) return answer;
    const keepsMethod = method === 'GET' || method === 'HEAD';
    if (!keepsMethod && ![301, 302, 303].includes(answer.status)) return answer;
    if (!keepsMethod) {
      method = 'GET';
      body = undefined;
    }
    url = new URL(location, url);
  }
}

/** markpact's verdict: the EXPECT status exactly, else any status from 200 to 399. */
export function checkHttpAnswer(test: HttpTest, answer: HttpAnswer): HttpCheck {
  const expected = test.expect === undefined ? '2xx or 3xx' : String(test.expect);
  const passed = test.expect === undefined ? answer.status >= 200 && answer.status < 400 : answer.status === test.expect;
  const actual = answer.status === 0 ? `no response (${answer.error ?? 'no answer'})` : String(answer.status);
  const check: HttpCheck = { passed, expected, actual, message: passed ? `${answer.status}` : `expected ${expected}, got ${actual}` };
  if (answer.body !== '') check.excerpt = excerptOf(answer.body, answer.complete);
  return check;
}

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);

function once(method: string, url: URL, body: string | undefined, signal: AbortSignal, deadline: AbortSignal, timeoutMs: number): Promise<HttpAnswer & { location?: string }> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    // No agent: one connection per request, closed after it (nothing lingers once the tests are done).
    const req = request(url, { method, headers, agent: false, signal });
    req.once('error', (error: NodeJS.ErrnoException) => {
      const reason = deadline.aborted ? `no answer within ${timeoutMs / 1000} s` : signal.aborted ? 'cancelled' : describeError(error);
      resolve({ status: 0, error: reason, body: '', complete: true });
    });
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      let length = 0;
      const finish = (complete: boolean) => {
        const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), complete, ...(location ? { location } : {}) });
      };
      res.on('data', (chunk: Buffer) => {
        if (length < maxBodyBytes) chunks.push(chunk.subarray(0, maxBodyBytes - length));
        length += chunk.length;
        // Enough to show; the status is what is tested.
        if (length >= maxBodyBytes) {
          res.destroy();
          finish(false);
        }
      });
      res.once('end', () => finish(true));
      res.once('error', () => finish(false));
    });
    req.end(body);
  });
}

const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
};

function describeError(error: NodeJS.ErrnoException): string {
  const reason = error.code ? reasons[error.code] : undefined;
  return reason ? `${reason} (${error.code})` : error.message;
}
