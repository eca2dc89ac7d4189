import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import test from 'node:test';
import { markpactContentHash, syncedBody } from '../../core/markpact/contentHash';
import { fillTemplate } from '../../core/markpact/template';

interface Case {
  body: string;
  env: Record<string, string>;
  secrets: Record<string, string>;
}

/**
 * markpact's own template code run by python3 on each case, as its CLI calls it for a file block
 * (`cli/helpers.py _resolve_file_body`): only a body with an ask/env placeholder, non-interactive
 * (a run without a terminal).
 */
function markpactFills(cases: Case[]): [string, string[]][] {
  const script = [
    'import json, os, sys',
    `sys.path.insert(0, ${JSON.stringify(resolve('test/fixtures/markpact-0.1.42'))})`,
    'from template import resolve_template, has_template_placeholders',
    'out = []',
    'for case in json.load(sys.stdin):',
    '    os.environ.clear(); os.environ.update(case["env"])',
    '    body = case["body"]',
    '    out.append(resolve_template(body, secrets=case["secrets"], interactive=False) if has_template_placeholders(body) else (body, []))',
    'print(json.dumps(out))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as [string, string[]][];
}

const cases: Case[] = [
  { body: 'user=${ask:DB_USER}\npass=${ask:Password:-changeme}\nhome=${env:APP_HOME:-/srv}\nport=${env:PORT}\ntok=${TOKEN}', env: { DB_USER: 'env', PORT: '' }, secrets: { DB_USER: 'secret', TOKEN: 't' } },
  { body: 'only ${HOME} and ${TOKEN}', env: { HOME: '/root' }, secrets: { TOKEN: 't' } },
  { body: '${ask:A:-x:-y} ${ask:A:B} ${ask:} ${env:1X} ${env:X:y} ${env:X:-} $${env:Y} \\${env:Y}', env: { Y: 'why' }, secrets: {} },
  { body: '${ask:multi\nline} ${ask:open\n${env:Y}', env: { Y: 'y', 'multi\nline': 'ml' }, secrets: {} },
  { body: '${ask:A} ${ask:B}', env: { A: '${env:C}', C: 'c' }, secrets: { B: '${TOKEN}', TOKEN: 'tok' } },
  { body: '${x ${env:Y}} ${ask:Space label} ${ask:Space label:-d} ${${env:Y}}', env: { Y: 'y' }, secrets: { 'Space label': 'sl' } },
  { body: '${env:UNSET} ${ask:UNSET} ${UNSET} ${env:UNSET:-} done', env: {}, secrets: {} },
  { body: 'ünïcode ${ask:Ключ:-значение} ${env:E}', env: { E: '😀' }, secrets: {} },
];

test('template filling matches markpact 0.1.42\'s resolve_template on every case', () => {
  const expected = markpactFills(cases);
  cases.forEach((c, i) => {
    const ours = fillTemplate(c.body, { env: c.env, secrets: new Map(Object.entries(c.secrets)) });
    assert.equal(ours.text, expected[i][0], `case ${i}: ${JSON.stringify(c.body)}`);
    assert.equal(ours.unanswered.length + ours.unsetEnv.length, expected[i][1].length, `case ${i}: one warning per unfilled ask/env placeholder`);
  });
});

test('sha256= is what markpact sync --hash writes: sha256 of the file without trailing newlines, 12 hex digits', () => {
  const texts = ['print(1)\n', 'a\n\n\n', '', 'ünïcode 😀\r\nline\n', 'no newline'];
  const script = 'import hashlib, json, sys\nprint(json.dumps([hashlib.sha256(t.rstrip("\\n").encode("utf-8")).hexdigest()[:12] for t in json.load(sys.stdin)]))';
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(texts.map((t) => markpactContentHash(syncedBody(t))), JSON.parse(result.stdout));
});
