import { countResults, shortName, type TestResult } from '../testing/results';
import { shownPath } from './shownPath';

const green = (text: string) => `\x1b[32m${text}\x1b[0m`;
const red = (text: string) => `\x1b[31m${text}\x1b[0m`;
/** Lines of a body or output shown under a failure; the JUnit file and --json have the whole excerpt. */
const shownExcerptLines = 6;

const words: Record<TestResult['outcome'], string> = { passed: 'PASS', failed: 'FAIL', errored: 'FAIL', skipped: 'SKIP' };

/**
 * `file:line: PASS|FAIL METHOD /path (expected 200, got 404)`, as compilers print places, then
 * for a failure the start of the body (or the end of a command's output), indented.
 */
export function resultLines(result: TestResult, color: boolean): string[] {
  const word = words[result.outcome];
  const paint = result.outcome === 'passed' ? green : red;
  const place = `${shownPath(result.test.file)}:${result.test.range.line + 1}`;
  const lines = [`${place}: ${color ? paint(word) : word} ${shortName(result.test)} (${result.message})`];
  if (result.outcome === 'failed' && result.excerpt) {
    const excerpt = result.excerpt.split('\n').filter((l) => l.trim() !== '');
    for (const line of excerpt.slice(0, shownExcerptLines)) lines.push(`    ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`);
    if (excerpt.length > shownExcerptLines) lines.push(`    … (${excerpt.length - shownExcerptLines} more lines)`);
  }
  return lines;
}

/** "12 passed, 1 failed in 1.4 s (3 services)". */
export function summaryLine(results: readonly TestResult[], services: number, ms: number): string {
  const c = countResults(results);
  const parts = [`${c.passed} passed`, c.failed > 0 ? `${c.failed} failed` : '', c.errored > 0 ? `${c.errored} not run` : '', c.skipped > 0 ? `${c.skipped} skipped` : ''].filter(Boolean);
  return `${parts.join(', ')} in ${(ms / 1000).toFixed(1)} s (${services} service${services === 1 ? '' : 's'})`;
}

/** One result for --json: plain data, the place as `file` (as shown) and 1-based `line`. */
export function resultJson(r: TestResult) {
  return {
    service: r.test.service,
    file: shownPath(r.test.file),
    line: r.test.range.line + 1,
    kind: r.test.kind,
    name: r.test.label,
    outcome: r.outcome,
    message: r.message,
    ...(r.expected !== undefined ? { expected: r.expected } : {}),
    ...(r.actual !== undefined ? { actual: r.actual } : {}),
    ...(r.excerpt !== undefined ? { excerpt: r.excerpt } : {}),
    durationMs: Math.round(r.durationMs * 10) / 10,
  };
}
