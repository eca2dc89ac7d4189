import type { LineCharacter } from '../diagnostics/problem';

/** The zero-based line and UTF-16 character of an offset in a text (\n, \r\n and \r end lines, as in LSP). */
export function lineCharacterAt(text: string, offset: number): LineCharacter {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: end - lineStart };
}
