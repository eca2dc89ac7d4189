import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import { fillTemplate } from '../../core/markpact/template';
import { templateCases, templateParityPath, type TemplateCase } from '../compat/templateCases';

type Recorded = TemplateCase & { text: string; warnings: number };
const recorded = JSON.parse(readFileSync(templateParityPath, 'utf8')) as Recorded[];

test('the recorded cases are the current ones (re-record with test/compat/recordTemplateParity.ts when they change)', () => {
  assert.deepEqual(recorded.map(({ body, env, secrets }) => ({ body, env, secrets })), templateCases);
});

test("template filling matches what markpact 0.1.42's resolve_template made of every case", () => {
  recorded.forEach((c, i) => {
    const ours = fillTemplate(c.body, { env: c.env, secrets: new Map(Object.entries(c.secrets)) });
    assert.equal(ours.text, c.text, `case ${i}: ${JSON.stringify(c.body)}`);
    assert.equal(ours.unanswered.length + ours.unsetEnv.length, c.warnings, `case ${i}: one warning per unfilled ask/env placeholder`);
  });
});
