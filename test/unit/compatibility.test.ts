import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import { compareExpectations, expectationsPath, formatExpectations, hasReason, keyOf, parseExpectations } from '../compat/expectations';
import { compatFiles, listDiagnostics, type Listed } from '../compat/listDiagnostics';

// The checker over real READMEs and ecosystems (../shared/corpus and the upstream copies in
// test/fixtures/upstream): every diagnostic is expected, with why it is real, and every expected
// one is still reported. `npm run -s compat:list` prints the current list in the file's format.
const { entries, malformed } = parseExpectations(readFileSync(expectationsPath, 'utf8'));

test('the expectations file: every entry well formed and with a reason', () => {
  assert.deepEqual(malformed, [], 'lines that are neither comments nor `<file>:<line> <severity> <code> | <reason>`');
  const unexplained = entries.filter((e) => !hasReason(e)).map((e) => `${expectationsPath}:${e.at}: ${e.key}`);
  assert.deepEqual(unexplained, [], 'entries without a reason (replace the TODO with why the diagnostic is real)');
});

test('the compatibility files: exactly the expected diagnostics', async (t) => {
  const listed = await listDiagnostics();
  const { added, gone } = compareExpectations(listed, entries);
  const falseAlarms = entries.filter((e) => e.reason.startsWith('FALSE ALARM'));
  t.diagnostic(`${compatFiles().length} files, ${listed.length} diagnostics, ${falseAlarms.length} known false alarms left to other branches`);
  const diff = [
    ...added.map((d) => `+ ${keyOf(d)}  (new: ${d.message})`),
    ...gone.map((e) => `- ${e.key} | ${e.reason}  (expected at ${expectationsPath}:${e.at}, no longer reported)`),
  ];
  assert.equal(diff.join('\n'), '', `the diagnostics differ from ${expectationsPath}; if the change is right, regenerate it with npm run -s compat:list and give each new entry its reason`);
});

test('the comparison sees a new diagnostic, a vanished one and a repeated one', () => {
  const d = (line: number, code = 'no-run'): Listed => ({ file: 'corpus/a.md', line, severity: 'warning', code, message: 'm' });
  const { entries: expected } = parseExpectations('# c\n\ncorpus/a.md:1 warning no-run | real\ncorpus/a.md:2 warning no-run | real\ncorpus/a.md:2 warning no-run | real\n');
  const { added, gone } = compareExpectations([d(1), d(2), d(3)], expected);
  assert.deepEqual(added.map(keyOf), ['corpus/a.md:3 warning no-run']);
  assert.deepEqual(gone.map((e) => e.at), [5]);
  assert.equal(hasReason({ key: 'k', reason: 'TODO: why', at: 1 }), false);
  // Regenerating keeps the reasons of entries that stay and asks for the others.
  const text = formatExpectations([d(1), d(3)], expected);
  assert.match(text, /^corpus\/a\.md:1 warning no-run \| real$/m);
  assert.match(text, /^corpus\/a\.md:3 warning no-run \| TODO: why is this real\? \(m\)$/m);
  assert.deepEqual(parseExpectations(text).malformed, []);
});
