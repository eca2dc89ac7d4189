import type { Span } from '../text/span';
import type { MarkpactBlock } from './model';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** One line of an HTTP `markpact:test` block (spec §1.7). Spans are offsets into the line. */
export interface HttpTest {
  /** Upper-cased: the reference runs `parts[0].upper()`, so `get /` works; we accept it too. */
  method: string;
  methodSpan: Span;
  path: string;
  pathSpan: Span;
  /** The JSON object after `BODY`, sent as application/json. */
  body?: Record<string, unknown>;
  bodySpan?: Span;
  /** The exact status after `EXPECT`; without it, 200 ≤ status < 400 passes. */
  expect?: number;
  expectSpan?: Span;
}

export type HttpTestLine =
  | { kind: 'skip' }
  | { kind: 'test'; test: HttpTest }
  | { kind: 'invalid'; message: string; span: Span };

class LineError extends Error {
  constructor(message: string, readonly span: Span) {
    super(message);
  }
}

/** Parses `METHOD /path [BODY {json-object}] [EXPECT status]`; blank and `#` lines are skipped. */
export function parseHttpTestLine(line: string): HttpTestLine {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return { kind: 'skip' };
  try {
    return { kind: 'test', test: parseTest(line) };
  } catch (error) {
    if (error instanceof LineError) return { kind: 'invalid', message: error.message, span: error.span };
    throw error;
  }
}

function wordAt(line: string, from: number): Span | undefined {
  const start = line.slice(from).search(/\S/);
  if (start < 0) return undefined;
  const end = line.slice(from + start).search(/\s/);
  return { start: from + start, end: end < 0 ? line.length : from + start + end };
}

function parseTest(line: string): HttpTest {
  const methodSpan = wordAt(line, 0)!;
  const method = line.slice(methodSpan.start, methodSpan.end).toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    throw new LineError(`'${line.slice(methodSpan.start, methodSpan.end)}' is not an HTTP method; a test line is METHOD /path [BODY {json}] [EXPECT status], with METHOD one of ${HTTP_METHODS.join(', ')}`, methodSpan);
  }
  const pathSpan = wordAt(line, methodSpan.end);
  if (!pathSpan) throw new LineError(`expected a path after ${method} (for example ${method} /health)`, methodSpan);
  const path = line.slice(pathSpan.start, pathSpan.end);
  if (!path.startsWith('/')) {
    const hint = /^[a-z]+:\/\//i.test(path) ? 'the service URL is added by the test runner, so give only the path' : `write /${path}`;
    throw new LineError(`the path must start with '/' (it is appended to http://localhost:<port>): ${hint}`, pathSpan);
  }
  const test: HttpTest = { method, methodSpan, path, pathSpan };
  let at = pathSpan.end;
  for (let word = wordAt(line, at); word; word = wordAt(line, at)) {
    const text = line.slice(word.start, word.end);
    if (text === 'BODY') at = readBody(line, word, test);
    else if (text === 'EXPECT') at = readExpect(line, word, test);
    else {
      const upper = text.toUpperCase();
      if (upper === 'BODY' || upper === 'EXPECT') throw new LineError(`write ${upper} in capitals: the test runner only recognises ${upper}`, word);
      if (/^\d{3}$/.test(text)) throw new LineError(`write EXPECT ${text} to check the status code; a bare number is ignored`, word);
      throw new LineError(`unexpected '${text}': after the path only BODY {json} and EXPECT <status> are allowed`, word);
    }
  }
  return test;
}

function readBody(line: string, keyword: Span, test: HttpTest): number {
  if (test.body) throw new LineError('BODY is given twice; only the first is sent', keyword);
  const open = line.slice(keyword.end).search(/\S/);
  const start = open < 0 ? -1 : keyword.end + open;
  if (start < 0 || line[start] !== '{') {
    throw new LineError('expected a JSON object after BODY, e.g. BODY {"name": "x"} (arrays and other values are not sent)', start < 0 ? keyword : { start, end: wordAt(line, start)!.end });
  }
  // The reference takes a greedy `{.*}`: up to the last '}' of the line.
  const close = line.lastIndexOf('}');
  const span = { start, end: close + 1 };
  if (close < start) throw new LineError("the JSON body has no closing '}'", { start, end: line.trimEnd().length });
  try {
    test.body = JSON.parse(line.slice(start, close + 1)) as Record<string, unknown>;
  } catch (error) {
    throw new LineError(`the BODY is not valid JSON: ${(error as Error).message}`, span);
  }
  test.bodySpan = span;
  return close + 1;
}

function readExpect(line: string, keyword: Span, test: HttpTest): number {
  if (test.expect !== undefined) throw new LineError('EXPECT is given twice; only the first is checked', keyword);
  const value = wordAt(line, keyword.end);
  if (!value) throw new LineError('expected a status code after EXPECT, e.g. EXPECT 200', keyword);
  const text = line.slice(value.start, value.end);
  const status = Number(text);
  if (!/^\d{3}$/.test(text) || status < 100 || status > 599) {
    throw new LineError(`'${text}' is not an HTTP status code: EXPECT takes a number from 100 to 599`, value);
  }
  test.expect = status;
  test.expectSpan = value;
  return value.end;
}

/**
 * Whether a test block holds HTTP or shell tests, as the markpact CLI decides (spec §1.2): by
 * substrings of META only. The fence language is not consulted, so ```` ```bash markpact:test ````
 * with no meta is read as HTTP tests (a diagnostic points this out).
 */
export function testKind(block: Pick<MarkpactBlock, 'meta'>): 'http' | 'shell' {
  const meta = block.meta;
  if (meta === '' || meta.includes('http')) return 'http';
  if (meta.includes('shell') || meta.includes('bash')) return 'shell';
  return 'http';
}
