import type { Span } from '../text/span';
import { trailing } from '../text/trailing';

/**
 * A fence that swallows part of a README: one never closed (everything after it is code), or one
 * with a fence of its own length nested inside (Markdown closes it at the inner fence's end, and
 * the fences after that pair up out of step).
 */
export interface FenceIssue {
  kind: 'unclosed' | 'nested';
  /** The opening fence line of the block at fault. */
  openSpan: Span;
  /** nested: the inner opening fence line. */
  innerSpan?: Span;
  /** nested: the line that closes the block instead of the one the author meant. */
  closeSpan?: Span;
}

/** The fence run at the end of a line (before trailing blanks), as `/(`{3,}|~{3,})[ \t]*$/` would find it, in one scan. */
export function closingFence(line: string): { 1: string; index: number } | undefined {
  const blanks = trailing(line, (c) => c === ' ' || c === '\t').length;
  const body = line.slice(0, line.length - blanks);
  const last = body[body.length - 1];
  if (last !== '`' && last !== '~') return undefined;
  const run = trailing(body, (c) => c === last);
  return run.length >= 3 ? { 1: run, index: body.length - run.length } : undefined;
}

/** Whether a source line closes a fence of `open` (only container markers before the run). */
export function closesFence(line: string, open: string): boolean {
  const close = closingFence(line);
  return !!close && close[1][0] === open[0] && close[1].length >= open.length && line.slice(0, close.index).replace(/[ >\t]/g, '') === '';
}

/** A top-level fence line (at most three spaces in): its run and whether an info string follows; in one scan. */
function fenceLine(line: string): { run: string; start: number; info: boolean } | undefined {
  let start = 0;
  while (start < 3 && line[start] === ' ') start++;
  const char = line[start];
  if (char !== '`' && char !== '~') return undefined;
  let end = start;
  while (line[end] === char) end++;
  // A backtick fence's info string cannot hold a backtick (CommonMark).
  if (end - start < 3 || (char === '`' && line.includes('`', end))) return undefined;
  return { run: line.slice(start, end), start, info: line.slice(end).trim() !== '' };
}

interface OpenFence {
  run: string;
  span: Span;
  /** No info string: after a same-length nesting, likely the author's closing fence read as an opener. */
  bare: boolean;
  /** The first line inside it that opens a fence of its own character and at least its length. */
  inner?: Span;
}

/**
 * The fences that swallow markpact text, found in one pass over the lines, pairing top-level
 * fences as CommonMark does (fences inside lists and quotes are not followed):
 * - a fence still open at the end of the text, when markpact text comes after its opening;
 * - a fence holding a same-length opener, when markpact text comes after it and the fences after
 *   it really are out of step: the text then ends inside a fence, or a later bare fence (the
 *   author's closing fence, now an opener) holds an opener in turn. A README that escapes the
 *   inner closing fence (\```) pairs up as its author meant and gets nothing.
 */
export function fenceIssues(text: string): FenceIssue[] {
  const lastMarker = text.lastIndexOf('markpact:');
  if (lastMarker < 0) return [];
  const nested: FenceIssue[] = [];
  let resynced = false;
  let open: OpenFence | undefined;
  for (let at = 0; at <= text.length; ) {
    const newline = text.indexOf('\n', at);
    const lineEnd = newline < 0 ? text.length : newline > at && text[newline - 1] === '\r' ? newline - 1 : newline;
    const line = text.slice(at, lineEnd);
    const fence = fenceLine(line);
    if (open && fence && !fence.info && closesFence(line, open.run)) {
      if (open.inner) {
        if (open.span.start <= lastMarker) nested.push({ kind: 'nested', openSpan: open.span, innerSpan: open.inner, closeSpan: { start: at + fence.start, end: lineEnd } });
        // A bare opener holding an opener: the pairing comes back in step here, after being out of it.
        if (nested.length > 0 && open.bare && nested[0].openSpan.start < open.span.start) resynced = true;
      }
      open = undefined;
    } else if (open) {
      if (fence?.info && !open.inner && fence.run[0] === open.run[0] && fence.run.length >= open.run.length) open.inner = { start: at + fence.start, end: lineEnd };
    } else if (fence) {
      open = { run: fence.run, span: { start: at + fence.start, end: lineEnd }, bare: !fence.info };
    }
    if (newline < 0) break;
    at = newline + 1;
  }
  const issues: FenceIssue[] = [];
  if (nested.length > 0 && (open || resynced)) issues.push(nested[0]);
  if (open && open.span.start <= lastMarker) issues.push({ kind: 'unclosed', openSpan: open.span });
  return issues;
}
