import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkpactBlock } from '../../../../core/markpact/model';
import type { Span } from '../../../../core/text/span';

/** The line holding an offset: where it starts, where its text ends, where the next line starts. */
export function lineBounds(doc: TextDocument, offset: number): { start: number; end: number; next: number } {
  const { line } = doc.positionAt(offset);
  const start = doc.offsetAt({ line, character: 0 });
  const next = line + 1 < doc.lineCount ? doc.offsetAt({ line: line + 1, character: 0 }) : doc.getText().length;
  const text = doc.getText({ start: doc.positionAt(start), end: doc.positionAt(next) });
  return { start, end: start + text.replace(/\r?\n$|\r$/, '').length, next };
}

/** What precedes a line's content inside its container (indentation, `> ` of a block quote). */
export function linePrefix(doc: TextDocument, offset: number): string {
  const { start } = lineBounds(doc, offset);
  return doc.getText({ start: doc.positionAt(start), end: doc.positionAt(offset) });
}

const isBlank = (doc: TextDocument, start: number, end: number) => doc.getText({ start: doc.positionAt(start), end: doc.positionAt(end) }).trim() === '';

/**
 * The text a block occupies as whole lines, from its opening fence's line to after its closing
 * fence's line (to its end when unclosed), plus one blank line after it when a blank line also
 * precedes it, so removing it leaves no double gap.
 */
export function blockLines(doc: TextDocument, block: MarkpactBlock): Span {
  const start = lineBounds(doc, block.fence.openSpan.start).start;
  let end = block.fence.closeSpan ? lineBounds(doc, block.fence.closeSpan.end).next : block.span.end;
  const before = start > 0 ? lineBounds(doc, start - 1) : undefined;
  if (end < doc.getText().length && (!before || isBlank(doc, before.start, before.end))) {
    const after = lineBounds(doc, end);
    if (isBlank(doc, after.start, after.end)) end = after.next;
  }
  return { start, end };
}

/**
 * Where a new block goes after this one, and the text to put before and after it there: after the
 * closing fence's line, or before the opening line when the block is unclosed (anything after it
 * would be inside it).
 */
export function afterBlock(doc: TextDocument, block: MarkpactBlock): { at: number; before: string; after: string } {
  if (!block.fence.closeSpan) return { at: lineBounds(doc, block.fence.openSpan.start).start, before: '', after: '\n\n' };
  const close = lineBounds(doc, block.fence.closeSpan.end);
  return { at: close.end, before: '\n\n', after: '' };
}

/** A new block: the opening fence with its header, the body lines, the closing fence. */
export function fencedBlock(header: string, body: string[]): string {
  return [`\`\`\`${header}`, ...body, '```'].join('\n');
}
