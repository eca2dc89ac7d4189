// How results are judged and written: markpact's status rule, the CLI's lines, JUnit XML.
import assert from 'node:assert/strict';
import test from 'node:test';
import { resultLines, summaryLine } from '../../core/cli/testReport';
import { parseHttpTestLine, type HttpTest } from '../../core/markpact/httpTest';
import { checkHttpAnswer } from '../../core/testing/httpRunner';
import { escape, junitXml } from '../../core/testing/junit';
import type { TestLine } from '../../core/testing/plan';
import { excerptChars, excerptOf, type TestResult } from '../../core/testing/results';

function http(line: string): HttpTest {
  const parsed = parseHttpTestLine(line);
  assert.equal(parsed.kind, 'test');
  return (parsed as { test: HttpTest }).test;
}

const answer = (status: number, body = '', extra: { error?: string; complete?: boolean } = {}) => ({ status, body, complete: extra.complete ?? true, ...(extra.error ? { error: extra.error } : {}) });

test('EXPECT needs exactly that status; without it, 200 to 399 passes; no response is status 0', () => {
  assert.equal(checkHttpAnswer(http('GET / EXPECT 404'), answer(404)).passed, true);
  assert.deepEqual(checkHttpAnswer(http('GET / EXPECT 200'), answer(404, '{"error":"no route"}')), {
    passed: false, expected: '200', actual: '404', message: 'expected 200, got 404', excerpt: '{"error":"no route"}',
  });
  assert.equal(checkHttpAnswer(http('GET /'), answer(200)).passed, true);
  assert.equal(checkHttpAnswer(http('GET /'), answer(302)).passed, true);
  assert.equal(checkHttpAnswer(http('GET /'), answer(399)).passed, true);
  assert.equal(checkHttpAnswer(http('GET /'), answer(400)).passed, false);
  assert.equal(checkHttpAnswer(http('GET /'), answer(199)).passed, false);
  const refused = checkHttpAnswer(http('GET /'), answer(0, '', { error: 'connection refused (ECONNREFUSED)' }));
  assert.deepEqual([refused.passed, refused.message], [false, 'expected 2xx or 3xx, got no response (connection refused (ECONNREFUSED))']);
});

test('a body excerpt is bounded, and says when it was cut', () => {
  assert.equal(excerptOf('short'), 'short');
  assert.equal(excerptOf('short', false), 'short…');
  const long = excerptOf('x'.repeat(excerptChars * 3));
  assert.equal(long.length, excerptChars + 1);
  assert.ok(long.endsWith('…'));
});

const line: TestLine = { id: 'a', service: 'api', file: '/eco/api/README.md', label: 'GET /missing EXPECT 200', range: { line: 11, start: 0, end: 23 }, kind: 'http', test: http('GET /missing EXPECT 200') };
const shell: TestLine = { id: 'b', service: 'api', file: '/eco/api/README.md', label: 'test -f "a&b" < /dev/null', range: { line: 15, start: 0, end: 10 }, kind: 'shell', command: 'test -f "a&b" < /dev/null' };
const failed: TestResult = { test: line, outcome: 'failed', message: 'expected 200, got 404', expected: '200', actual: '404', excerpt: 'one\n\ntwo\nthree\nfour\nfive\nsix\nseven\n', durationMs: 3.2 };

test('a CLI line per test: place, verdict, what was tested, why; the start of the body under a failure', () => {
  const [first, ...rest] = resultLines(failed, false);
  assert.match(first, /README\.md:12: FAIL GET \/missing \(expected 200, got 404\)$/);
  assert.deepEqual(rest, ['    one', '    two', '    three', '    four', '    five', '    six', '    … (1 more lines)']);
  assert.deepEqual(resultLines({ test: shell, outcome: 'passed', message: 'exit 0', durationMs: 1 }, false).map((l) => l.replace(/^.*README\.md/, 'R')), ['R:16: PASS $ test -f "a&b" < /dev/null (exit 0)']);
  assert.match(resultLines(failed, true)[0], /: \x1b\[31mFAIL\x1b\[0m GET/, 'coloured on a terminal');
  assert.equal(summaryLine([failed, { ...failed, outcome: 'passed' }, { ...failed, outcome: 'errored' }], 2, 1432), '1 passed, 1 failed, 1 not run in 1.4 s (2 services)');
});

test('JUnit XML: a suite per service, a case per line with file and line, failure, error and skipped', () => {
  const results: TestResult[] = [
    failed,
    { test: shell, outcome: 'passed', message: 'exit 0', durationMs: 4 },
    { test: { ...shell, id: 'c', label: 'echo \u0001bell' }, outcome: 'errored', message: 'not run: api did not start', durationMs: 0 },
    { test: { ...line, id: 'd' }, outcome: 'skipped', message: 'cancelled', durationMs: 0 },
  ];
  const xml = junitXml({ name: 'pactown test', suites: [{ name: 'shop.api', results }], timestamp: new Date('2026-12-01T10:00:00.123Z'), displayPath: (f) => f.replace('/eco/', '') });
  assert.equal(xml, [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites name="pactown test" tests="4" failures="1" errors="1" skipped="1" time="0.007">',
    '  <testsuite name="shop.api" tests="4" failures="1" errors="1" skipped="1" time="0.007" timestamp="2026-12-01T10:00:00">',
    '    <testcase classname="shop.api" name="GET /missing EXPECT 200" file="api/README.md" line="12" time="0.003">',
    '      <failure message="expected 200, got 404" type="http">expected: 200\nactual: 404\none\n\ntwo\nthree\nfour\nfive\nsix\nseven\n</failure>',
    '    </testcase>',
    '    <testcase classname="shop.api" name="test -f &quot;a&amp;b&quot; &lt; /dev/null" file="api/README.md" line="16" time="0.004"/>',
    '    <testcase classname="shop.api" name="echo \uFFFDbell" file="api/README.md" line="16" time="0.000">',
    '      <error message="not run: api did not start" type="shell"></error>',
    '    </testcase>',
    '    <testcase classname="shop.api" name="GET /missing EXPECT 200" file="api/README.md" line="12" time="0.000">',
    '      <skipped message="cancelled"/>',
    '    </testcase>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n'));
});

test('escaping keeps line breaks in attributes and drops what XML cannot hold', () => {
  assert.equal(escape('a<b>&"c"'), 'a&lt;b&gt;&amp;&quot;c&quot;');
  assert.equal(escape('one\ntwo', true), 'one&#10;two');
  assert.equal(escape('one\ntwo'), 'one\ntwo');
  assert.equal(escape('\u0000\uD800x\u{1F600}'), '\uFFFD\uFFFDx\u{1F600}');
});
