import type { Span } from '../../../../core/text/span';
import { isWhitespace, trailing } from '../../../../core/text/trailing';
import type { LineText } from './documentText';

/** The info-string word being typed on a fence line (```` ```python markpact:fi| ````). */
export interface InfoCursor {
  /** The info string's words before the one under the cursor. */
  previous: string[];
  /** The word under the cursor, up to the cursor. */
  typed: string;
  /** The whole word under the cursor (to its end): what a completion replaces. */
  span: Span;
  /** The fence characters (```` ``` ````, `~~~~`), and what precedes them on the line (indentation, `> `). */
  fence: string;
  prefix: string;
  /** The info string after the word under the cursor (blank when the word is the last one). */
  rest: string;
}

// A fence at the start of a line, possibly indented or inside block quotes (`> ```python …`).
const FENCE = /^[ \t]*(?:>[ \t]?)*(`{3,}|~{3,})/;

/** The info-string word at a column of a fence line; undefined when the line is not a fence or the cursor is on the fence itself. */
export function infoCursorAt(line: LineText, character: number): InfoCursor | undefined {
  const fence = FENCE.exec(line.text);
  if (!fence || character < fence[0].length) return undefined;
  const info = line.text.slice(fence[0].length);
  // CommonMark: a backtick fence's info string cannot hold a backtick (that would be inline code).
  if (fence[1][0] === '`' && info.includes('`')) return undefined;
  const before = line.text.slice(fence[0].length, character);
  const typed = trailing(before, (c) => !isWhitespace(c));
  const after = /^\S*/.exec(line.text.slice(character))?.[0] ?? '';
  const start = line.start + character - typed.length;
  return {
    previous: before.slice(0, before.length - typed.length).split(/\s+/).filter(Boolean),
    typed,
    span: { start, end: line.start + character + after.length },
    fence: fence[1],
    prefix: fence[0].slice(0, fence[0].length - fence[1].length),
    rest: line.text.slice(character + after.length),
  };
}

// Any fence line, with what follows its fence characters.
const FENCE_LINE = /^[ \t]*(?:>[ \t]?)*(`{3,}|~{3,})(.*)$/gm;

/**
 * Whether the fence opened on this line is already closed: the next fence line below is a bare
 * closing fence of the same kind. A fence with an info string there opens the next block, so the
 * one being written is still open (CommonMark would pair it with that block's closing fence).
 */
export function closedBelow(text: string, nextLineStart: number, fence: string): boolean {
  FENCE_LINE.lastIndex = nextLineStart;
  const next = FENCE_LINE.exec(text);
  return !!next && next[1][0] === fence[0] && next[1].length >= fence.length && next[2].trim() === '';
}
