/**
 * Whether [start, end) of `text` sits inside an inline code span on its line (`` `…` `` or
 * ``` ``…`` ```): a backtick run before it on the line is still open, and a run of the same
 * length follows it on the line. Linear: one pass over the line's backtick runs.
 */
export function insideCodeSpan(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline;
  const open = openRunBefore(text, lineStart, start);
  if (open === 0) return false;
  for (const run of backtickRuns(text, end, lineEnd)) if (run === open) return true;
  return false;
}

/** The length of the backtick run still open at `at` (runs pair up with the next run of the same length), or 0. */
function openRunBefore(text: string, from: number, at: number): number {
  let open = 0;
  for (const run of backtickRuns(text, from, at)) open = open === 0 ? run : run === open ? 0 : open;
  return open;
}

function* backtickRuns(text: string, from: number, to: number): Generator<number> {
  for (let i = from; i < to; i++) {
    if (text[i] !== '`') continue;
    let j = i;
    while (j < to && text[j] === '`') j++;
    yield j - i;
    i = j - 1;
  }
}
