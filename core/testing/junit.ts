import { countResults, type TestResult } from './results';

export interface JunitSuite {
  /** "bookshop.inventory": the ecosystem and the service. */
  name: string;
  results: readonly TestResult[];
}

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub actions that publish test reports):
 * a `testsuite` per service, a `testcase` per test line with its README file and line, a
 * `failure` for a test that ran and failed, an `error` for one that could not run, `skipped`
 * for one a cancel left out. Expected and actual status and the body excerpt go in the element.
 */
export function junitXml(options: { name: string; suites: readonly JunitSuite[]; timestamp: Date; displayPath: (file: string) => string }): string {
  const all = options.suites.flatMap((s) => s.results);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attributes({ name: options.name, ...totals(all) })}>`];
  for (const suite of options.suites) {
    lines.push(`  <testsuite ${attributes({ name: suite.name, ...totals(suite.results), timestamp: options.timestamp.toISOString().replace(/\.\d+Z$/, '') })}>`);
    for (const r of suite.results) {
      const testcase = attributes({ classname: suite.name, name: r.test.label, file: options.displayPath(r.test.file), line: String(r.test.range.line + 1), time: seconds(r.durationMs) });
      if (r.outcome === 'passed') {
        lines.push(`    <testcase ${testcase}/>`);
        continue;
      }
      lines.push(`    <testcase ${testcase}>`);
      if (r.outcome === 'skipped') lines.push(`      <skipped ${attributes({ message: r.message })}/>`);
      else {
        const element = r.outcome === 'failed' ? 'failure' : 'error';
        const detail = [r.expected !== undefined ? `expected: ${r.expected}` : '', r.actual !== undefined ? `actual: ${r.actual}` : '', r.excerpt ?? ''].filter(Boolean).join('\n');
        lines.push(`      <${element} ${attributes({ message: r.message, type: r.test.kind })}>${escape(detail)}</${element}>`);
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function totals(results: readonly TestResult[]): Record<string, string> {
  const c = countResults(results);
  const time = results.reduce((sum, r) => sum + r.durationMs, 0);
  return { tests: String(c.total), failures: String(c.failed), errors: String(c.errored), skipped: String(c.skipped), time: seconds(time) };
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function attributes(values: Record<string, string>): string {
  return Object.entries(values).map(([key, value]) => `${key}="${escape(value, true)}"`).join(' ');
}

/**
 * XML-escaped, without the characters XML 1.0 cannot hold at all (a body can contain any byte);
 * in an attribute, line breaks are kept as character references (a parser would turn them into spaces).
 */
export function escape(text: string, attribute = false): string {
  const escaped = text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  return attribute ? escaped.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : escaped;
}
