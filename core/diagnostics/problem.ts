import type { Span } from '../text/span';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** What a check found in one document. Editor-neutral: the server turns it into an LSP diagnostic. */
export interface Problem {
  source: 'markpact' | 'pactown';
  /** Stable identifier, used in settings (per-code severity), quick fixes and docs. */
  code: string;
  message: string;
  severity: Severity;
  span: Span;
  /** Other places that explain this problem (the first `run` block, the other file block, …). */
  related?: RelatedLocation[];
  /** Machine-readable details a quick fix needs (suggested kind, confined path, …). */
  data?: Record<string, unknown>;
}

export interface RelatedLocation {
  /** Absolute file path; absent means the same document. */
  path?: string;
  span: Span;
  /** Line/character range, given when `path` is another file (its text is not at hand where the problem is shown). */
  range?: { start: LineCharacter; end: LineCharacter };
  message: string;
}

/** Zero-based line and UTF-16 character, as LSP counts them. */
export interface LineCharacter {
  line: number;
  character: number;
}
