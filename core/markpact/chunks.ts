/**
 * Splits Markdown into pieces that CommonMark parses the same alone as together, so an edit
 * re-parses only the piece it touched. A cut goes before a line that starts at column 0 with a
 * non-blank character right after a blank line, outside fenced code and outside the HTML blocks
 * that may hold blank lines (comments, <script>/<pre>/<style>/<textarea>, <?…?>, <!…>, CDATA):
 * no paragraph, list item, blockquote or code block continues across such a line. A cut also
 * goes after a fence that opened and closed at column 0 (such a fence belongs to no container),
 * before a line at column 0, so a long run without blank lines is still cut at code blocks.
 */
export interface Chunk {
  offset: number;
  text: string;
}

const fenceOpen = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const htmlBlocks: [RegExp, RegExp][] = [
  [/^ {0,3}<(script|pre|style|textarea)(\s|>|$)/i, /<\/(script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

/** Chunks of at least `minLines` lines (except the last), covering the text exactly. */
export function splitChunks(text: string, minLines = 1): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let linesInChunk = 0;
  let fence: { char: string; size: number; topLevel: boolean } | undefined;
  let htmlEnd: RegExp | undefined;
  let previousBlank = false;
  let afterTopFence = false;
  let pos = 0;
  while (pos < text.length) {
    const newline = text.indexOf('\n', pos);
    const next = newline < 0 ? text.length : newline + 1;
    const line = text.slice(pos, newline < 0 ? text.length : newline).replace(/\r$/, '');
    const blank = line.trim() === '';
    if (!fence && !htmlEnd && !blank && !/^\s/.test(line) && ((previousBlank && linesInChunk >= minLines) || afterTopFence)) {
      chunks.push({ offset: chunkStart, text: text.slice(chunkStart, pos) });
      chunkStart = pos;
      linesInChunk = 0;
    }
    afterTopFence = false;
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1][0] === fence.char && close[1].length >= fence.size) {
        afterTopFence = fence.topLevel && line.startsWith(close[1]);
        fence = undefined;
      }
    } else if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = undefined;
    } else {
      const open = fenceOpen.exec(line);
      if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
        fence = { char: open[1][0], size: open[1].length, topLevel: line.startsWith(open[1]) };
      } else {
        const html = htmlBlocks.find(([start]) => start.test(line));
        if (html && !html[1].test(line.replace(html[0], ''))) htmlEnd = html[1];
      }
    }
    previousBlank = blank;
    linesInChunk++;
    pos = next;
  }
  if (chunkStart < text.length || chunks.length === 0) chunks.push({ offset: chunkStart, text: text.slice(chunkStart) });
  return chunks;
}
