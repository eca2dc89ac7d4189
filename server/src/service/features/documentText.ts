import type { Position, Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkpactBlock, MarkpactDocument } from '../../../../core/markpact/model';
import type { Span } from '../../../../core/text/span';

/** The LSP range of a span of this document. */
export function rangeOf(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

/** One line of a document: its text (without the line break) and the offset where it starts. */
export interface LineText {
  text: string;
  start: number;
}

/** The line a position is on; TextDocument keeps line offsets, so this is O(line length). */
export function lineAt(doc: TextDocument, position: Position): LineText {
  const start = doc.offsetAt({ line: position.line, character: 0 });
  const raw = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } });
  return { text: raw.replace(/\r?\n$|\r$/, ''), start };
}

const sortedBlocks = new WeakMap<MarkpactDocument, MarkpactBlock[]>();

/** The document's own blocks (not included ones) in text order, computed once per parse. */
export function ownBlocks(parsed: MarkpactDocument): MarkpactBlock[] {
  let blocks = sortedBlocks.get(parsed);
  if (!blocks) {
    blocks = parsed.blocks.filter((b) => b.sourcePath === undefined).sort((a, b) => a.span.start - b.span.start);
    sortedBlocks.set(parsed, blocks);
  }
  return blocks;
}

/** The block of this document whose span holds the offset (binary search: features must stay fast on big READMEs). */
export function blockAt(parsed: MarkpactDocument, offset: number): MarkpactBlock | undefined {
  const blocks = ownBlocks(parsed);
  let low = 0;
  let high = blocks.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const block = blocks[mid];
    if (offset < block.span.start) high = mid - 1;
    else if (offset > block.span.end) low = mid + 1;
    else return block;
  }
  return undefined;
}

export function inSpan(span: Span | undefined, offset: number): span is Span {
  return !!span && offset >= span.start && offset <= span.end;
}

/** Markdown inline code that survives backticks in the value. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A path relative to a folder, with forward slashes (as users write them in READMEs and YAML). */
export function slashPath(path: string): string {
  return path.split('\\').join('/');
}
