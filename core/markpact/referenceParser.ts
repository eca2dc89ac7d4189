/**
 * A port of the reference runtime's "two-regex" block parser (spec §1.1, Parser B), used to
 * tell where pactown would drop or misread a block that CommonMark reads. Python's Unicode `\w`
 * becomes `[\p{L}\p{N}_]`.
 */
export interface ReferenceBlock {
  kind: string;
  lang: string;
  meta: string;
  /** Stripped, as Python's `strip()` leaves it. */
  body: string;
  /** Offset of the opening backticks. */
  start: number;
  /** Offset just after the closing backticks. */
  end: number;
}

const word = '[\\p{L}\\p{N}_]';
const newFormat = new RegExp(`\`\`\`(${word}+)\\s+markpact:(${word}+)(?:[ \\t]+([^\\r\\n]*))?\\n([^]*?)\\n\`\`\``, 'gu');
const legacyFormat = new RegExp(`\`\`\`markpact:(${word}+)(?:[ \\t]+([^\\r\\n]*))?\\n([^]*?)\\n\`\`\``, 'gu');

/** Python's `str.strip()` (whitespace at both ends). */
// Python's str.strip(); trim() is its linear equivalent (a `^\s+|\s+$` replace is quadratic on long blank runs).
const strip = (s: string) => s.trim();

/** Every block the reference finds: new-format matches first, then legacy ones (document order is lost when mixed). */
export function parseReference(text: string): ReferenceBlock[] {
  const blocks: ReferenceBlock[] = [];
  for (const m of text.matchAll(newFormat)) {
    blocks.push({ lang: strip(m[1]), kind: m[2], meta: strip(m[3] ?? ''), body: strip(m[4]), start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(legacyFormat)) {
    blocks.push({ lang: '', kind: m[1], meta: strip(m[2] ?? ''), body: strip(m[3]), start: m.index, end: m.index + m[0].length });
  }
  return blocks;
}
