import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import { EXPORT_HINT_CODES } from '../../core/diagnostics/exportHints';
import { README_PROBLEM_CODES } from '../../core/diagnostics/readme';
import { PACTOWN_PROBLEM_CODES } from '../../core/pactown/checks';

test('the README documents every diagnostic code', () => {
  const readme = readFileSync('README.md', 'utf8');
  const codes = [...Object.keys(README_PROBLEM_CODES), ...Object.keys(PACTOWN_PROBLEM_CODES), 'readme-not-found', 'readme-no-run', ...EXPORT_HINT_CODES];
  const missing = codes.filter((code) => !readme.includes(`| \`${code}\` |`));
  assert.deepEqual(missing, []);
});
