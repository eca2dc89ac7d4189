import type { Span } from '../text/span';
import type { FenceIssue } from './fences';

/** A piece of source text with its place in the document. */
export interface Token {
  text: string;
  span: Span;
}

/** A `key=value` word of a block header (no quoting, as in the reference tools). */
export interface Attribute {
  key: string;
  value: string;
  /** The whole `key=value` word. */
  span: Span;
  keySpan: Span;
  valueSpan: Span;
}

export interface Fence {
  char: '`' | '~';
  /** Number of fence characters (3 or more). */
  size: number;
  /** Columns of indentation before the opening fence, relative to its line start. */
  indent: number;
  /** The opening fence line, from its first fence character to the end of the info string. */
  openSpan: Span;
  /** The closing fence line; absent when the block runs to the end of its container (unclosed). */
  closeSpan?: Span;
}

/**
 * A fenced code block whose info string holds `markpact:<kind>`.
 * Current form: ```` ```<lang> markpact:<kind> <meta> ````; legacy form: ```` ```markpact:<kind> <meta> ````.
 */
export interface MarkpactBlock {
  kind: string;
  form: 'current' | 'legacy';
  /** The fence language as CommonMark reads it; '' in the legacy form (as the reference tools do). */
  lang: string;
  langSpan?: Span;
  /** The `<kind>` after `markpact:`. */
  kindSpan: Span;
  /** The whole `markpact:<kind>` word. */
  markerSpan: Span;
  /** Info-string text after the marker word, trimmed: the reference tools' META. */
  meta: string;
  /** Meta words that are not `key=value` (scope words such as `python`, `http`, `shell`). */
  words: Token[];
  /** Meta words of the form `key=value`, in source order (the first of a key wins). */
  attributes: Attribute[];
  fence: Fence;
  /** From the opening fence to the end of the closing fence (or of the block when unclosed). */
  span: Span;
  /** The info string after the fence characters, without surrounding whitespace. */
  infoSpan: Span;
  /** The content as CommonMark gives it (container indentation removed), without a final newline. */
  body: string;
  /** Content lines with their places in the document. */
  lines: Token[];
  /** Absolute path of the README this block came from when it was included; undefined for the document itself. */
  sourcePath?: string;
}

/** `<!-- markpact:include path=… -->` (current upstream markpact, spec Appendix B). */
export interface IncludeDirective {
  path: string;
  /** The whole HTML comment. */
  span: Span;
  pathSpan: Span;
  /** Shown in inline code (documentation of the syntax); markpact's regex follows it all the same. */
  inCodeSpan?: boolean;
}

export type LineEndings = 'lf' | 'crlf' | 'mixed';

export interface MarkpactDocument {
  text: string;
  blocks: MarkpactBlock[];
  includes: IncludeDirective[];
  /** Fences that swallow markpact text after them (unclosed, or closed early by a nested fence), in document order. */
  fenceIssues: FenceIssue[];
  lineEndings: LineEndings;
  /** Where checking stopped when the parse had a budget (see parseMarkpact): blocks after it are not in `blocks`. */
  truncatedAt?: number;
}

export function hasMarkpact(doc: MarkpactDocument): boolean {
  return doc.blocks.length > 0 || doc.includes.length > 0;
}

export function attribute(block: MarkpactBlock, key: string): Attribute | undefined {
  return block.attributes.find((a) => a.key === key);
}
