import type { TestLine } from './plan';

/**
 * What one test line did. `errored`: it could not run (its service did not start); `skipped`: the
 * run was cancelled before it.
 */
export type TestOutcome = 'passed' | 'failed' | 'errored' | 'skipped';

export interface TestResult {
  test: TestLine;
  outcome: TestOutcome;
  /** One line for people: "expected 200, got 404", "exit 1", "connection refused". */
  message: string;
  /** The status or exit the test wanted and what it got, when there was a comparison. */
  expected?: string;
  actual?: string;
  /** A bounded excerpt of the response body or of the command's output. */
  excerpt?: string;
  durationMs: number;
}

/** Characters of a body or output kept in a result: enough to see the error, bounded whatever the service sends. */
export const excerptChars = 2_000;

/** The first `excerptChars` characters, ending in "…" when more was left out (or never read). */
export function excerptOf(text: string, complete = true): string {
  return text.length > excerptChars || !complete ? `${text.slice(0, excerptChars)}…` : text;
}

export interface ResultCounts {
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  total: number;
}

export function countResults(results: readonly TestResult[]): ResultCounts {
  const counts: ResultCounts = { passed: 0, failed: 0, errored: 0, skipped: 0, total: results.length };
  for (const r of results) counts[r.outcome]++;
  return counts;
}

/** "GET /books" or "$ test -f app.py": what a result line names. */
export function shortName(test: TestLine): string {
  if (test.kind === 'http') return `${test.test.method} ${test.test.path}`;
  if (test.kind === 'shell') return `$ ${test.command}`;
  return test.label;
}
