import type { MarkpactBlock, MarkpactDocument } from './model';
import { parseReference, type ReferenceBlock } from './referenceParser';

/** Why the reference runtime's regex parser does not read a block the way CommonMark does. */
export type IncompatibilityReason =
  | 'tilde-fence'
  | 'language-characters'
  | 'space-after-fence'
  | 'kind-characters'
  | 'unclosed'
  | 'indented-fence'
  | 'early-close'
  | 'reads-differently';

export const incompatibilityMessages: Record<IncompatibilityReason, string> = {
  'tilde-fence': 'pactown only reads ``` fences and drops this ~~~ block: use backticks',
  'language-characters': 'pactown only accepts a fence language of letters, digits and _ and drops this block: use e.g. `bash`, `python`, `text`',
  'space-after-fence': 'pactown drops this block because a space separates the fence from the language: write ```lang with no space',
  'kind-characters': 'pactown only reads kinds of letters, digits and _ and drops this block',
  unclosed: 'this block has no closing fence: pactown drops it or reads it up to a later fence. Close it with ```',
  'indented-fence': 'pactown needs the closing fence at the start of a line (no indentation, not inside a list or quote) and misreads this block: move it to column 0',
  'early-close': 'a body line starting with ``` ends this block early for pactown: use a longer fence (````) around it, or indent that line',
  'reads-differently': 'pactown reads this block differently from CommonMark (its regex parser is not a Markdown parser)',
};

// Python's str.strip(); trim() is its linear equivalent (a `^\s+|\s+$` replace is quadratic on long blank runs).
const strip = (s: string) => s.trim();
const wordOnly = /^[\p{L}\p{N}_]+$/u;

/** For each of the document's own blocks that pactown would not read the same way, the reason. */
export function referenceIncompatibilities(doc: MarkpactDocument): Map<MarkpactBlock, IncompatibilityReason> {
  const reference = new Map<number, ReferenceBlock>();
  for (const block of parseReference(doc.text)) reference.set(block.start, block);
  const found = new Map<MarkpactBlock, IncompatibilityReason>();
  for (const block of doc.blocks) {
    // The reference matches the last three backticks of a longer fence.
    const seen = reference.get(block.fence.openSpan.start + block.fence.size - 3);
    if (seen && seen.kind === block.kind && seen.body === strip(block.body)) continue;
    found.set(block, reason(doc.text, block));
  }
  return found;
}

function reason(text: string, block: MarkpactBlock): IncompatibilityReason {
  if (block.fence.char === '~') return 'tilde-fence';
  if (block.infoSpan.start > block.fence.openSpan.start + block.fence.size) return 'space-after-fence';
  if (block.form === 'current' && !wordOnly.test(block.lang)) return 'language-characters';
  if (!wordOnly.test(block.kind)) return 'kind-characters';
  if (!block.fence.closeSpan) return 'unclosed';
  const close = block.fence.closeSpan.start;
  if (text[close - 1] !== '\n') return 'indented-fence';
  if (block.lines.some((line) => text.startsWith('```', line.span.start) && text[line.span.start - 1] === '\n')) return 'early-close';
  return 'reads-differently';
}
