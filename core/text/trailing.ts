/**
 * The end of `text` made of characters that pass `test`: what `/[…]*$/` matches, found by one
 * scan from the end. (An unanchored pattern ending in `$` retries from every start position, which
 * is quadratic on a long run that does not reach the end — document text can hold one.)
 */
export function trailing(text: string, test: (char: string) => boolean): string {
  let start = text.length;
  while (start > 0 && test(text[start - 1])) start--;
  return text.slice(start);
}

export const isWhitespace = (char: string) => /\s/.test(char);
