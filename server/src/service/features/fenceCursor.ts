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
  };
}
