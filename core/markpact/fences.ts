import type { Span } from '../text/span';
import { trailing } from '../text/trailing';

/**
 * A fence that swallows the rest of a README: one never closed (everything after it is code), or
 * one with a fence of its own length nested inside (Markdown closes it at the inner fence's end,
 * and every fence after that pairs up out of step).
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

/** The fence run of a content line that opens a fence with an info string (container indentation already removed), in one scan. */
function openerWithInfo(line: string): string | undefined {
  let start = 0;
  while (start < 3 && line[start] === ' ') start++;
  const char = line[start];
  if (char !== '`' && char !== '~') return undefined;
  let end = start;
  while (line[end] === char) end++;
  if (end - start < 3) return undefined;
  const info = line.slice(end).trim();
  // A backtick fence's info string cannot hold a backtick (CommonMark).
  if (info === '' || (char === '`' && info.includes('`'))) return undefined;
  return line.slice(start, end);
}

function lineEndAt(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  const end = newline < 0 ? text.length : newline;
  return end > from && text[end - 1] === '\r' ? end - 1 : end;
}

/** Where in a text the fence checks look: computed once per text, so each code node costs only its own length. */
export interface FenceBounds {
  /** Offset of the last `markpact:` in the text (-1 when none). */
  lastMarker: number;
  /** The text's length without trailing whitespace. */
  contentEnd: number;
}

export const fenceBounds = (text: string): FenceBounds => ({ lastMarker: text.lastIndexOf('markpact:'), contentEnd: text.trimEnd().length });

/**
 * What is wrong with the fenced code node at [start, end) of `text` (`value` as CommonMark gives
 * it), if it swallows what follows: reported only when markpact text is swallowed, since only
 * then does the README read differently.
 */
export function fenceIssueOf(text: string, start: number, end: number, value: string, bounds: FenceBounds): FenceIssue | undefined {
  const openEnd = lineEndAt(text, start);
  const open = /^([ \t]*)(`{3,}|~{3,})/.exec(text.slice(start, openEnd));
  if (!open) return undefined; // indented code
  const fence = open[2];
  const openSpan = { start: start + open[1].length, end: openEnd };
  const lastLineStart = text.lastIndexOf('\n', end - 1) + 1;
  const closed = lastLineStart > start && closesFence(text.slice(lastLineStart, lineEndAt(text, lastLineStart)), fence);
  if (!closed) {
    return end >= bounds.contentEnd && bounds.lastMarker >= start ? { kind: 'unclosed', openSpan } : undefined;
  }
  if (bounds.lastMarker < openEnd) return undefined;
  let lineAt = text.indexOf('\n', start) + 1;
  for (const raw of value.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const inner = openerWithInfo(line);
    const nested = inner !== undefined && inner[0] === fence[0] && inner.length >= fence.length;
    if (nested) {
      const innerEnd = lineEndAt(text, lineAt);
      const innerStart = innerEnd - line.length + line.indexOf(inner);
      return { kind: 'nested', openSpan, innerSpan: { start: Math.max(lineAt, innerStart), end: innerEnd }, closeSpan: { start: lastLineStart, end: lineEndAt(text, lastLineStart) } };
    }
    lineAt = text.indexOf('\n', lineAt) + 1;
    if (lineAt === 0) break;
  }
  return undefined;
}
