import assert from 'node:assert/strict';
import test from 'node:test';
import type { Problem } from '../../core/diagnostics/problem';
import { checkEcosystem, PACTOWN_PROBLEM_CODES } from '../../core/pactown/checks';
import { findCycles, startOrder, startWaves } from '../../core/pactown/graph';
import { parseEcosystem } from '../../core/pactown/parse';

/** The span of the n-th occurrence (0-based) of `needle` in `text`. */
function at(text: string, needle: string, nth = 0): { start: number; end: number } {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(needle, start + 1);
  assert.ok(start >= 0, `${needle} not in fixture`);
  return { start, end: start + needle.length };
}

const check = (text: string) => checkEcosystem(parseEcosystem(text));
const only = (text: string, code: string) => check(text).filter((p) => p.code === code);
const brief = (problems: Problem[]) => problems.map((p) => [p.code, p.severity, p.span]);
const config = (text: string) => parseEcosystem(text).config;

/** pactown's examples/saas-platform/saas.pactown.yaml (comments trimmed). */
const SAAS = `name: saas-platform
version: 0.1.0
description: Complete SaaS platform with API, Web, Database, CLI, and Gateway
base_port: 8000
sandbox_root: ./.pactown-sandboxes
registry:
  url: http://localhost:8800
  namespace: saas
services:
  database:
    readme: services/database/README.md
    port: 8003
    health_check: /health
    timeout: 30
    env:
      LOG_LEVEL: info
  api:
    readme: services/api/README.md
    port: 8001
    health_check: /health
    timeout: 30
    depends_on:
      - name: database
        endpoint: http://localhost:8003
        env_var: DATABASE_URL
  web:
    readme: services/web/README.md
    port: 8002
    health_check: /health
    timeout: 20
    depends_on:
      - name: api
        endpoint: http://localhost:8001
        env_var: API_URL
  gateway:
    readme: services/gateway/README.md
    port: 8000
    health_check: /health
    timeout: 30
    depends_on:
      - name: api
        endpoint: http://localhost:8001
        env_var: API_URL
      - name: database
        endpoint: http://localhost:8003
        env_var: DATABASE_URL
      - name: web
        endpoint: http://localhost:8002
        env_var: WEB_URL
`;

test('saas-platform: no problems (endpoint/env_var are honoured by our orchestrator)', () => {
  const problems = check(SAAS);
  assert.deepEqual(problems, []);
});

test('saas-platform: ports and start order database → api → web → gateway', () => {
  const c = config(SAAS);
  assert.deepEqual(c.services.map((s) => [s.name, s.port, s.dependsOn.map((d) => d.name)]), [
    ['database', 8003, []], ['api', 8001, ['database']], ['web', 8002, ['api']], ['gateway', 8000, ['api', 'database', 'web']],
  ]);
  assert.deepEqual(startOrder(c), ['database', 'api', 'web', 'gateway']);
  assert.deepEqual(startWaves(c), [['database'], ['api'], ['web'], ['gateway']]);
  assert.deepEqual(findCycles(c), []);
});

test('start order: the queue starts in YAML order and dependents are scanned in YAML order', () => {
  const c = config('services:\n  c: {}\n  a:\n    depends_on: [b]\n  b: {}\n  d:\n    depends_on: [c, ext]\n');
  assert.deepEqual(startOrder(c), ['c', 'b', 'd', 'a']);
  assert.deepEqual(startWaves(c), [['c', 'b'], ['a', 'd']]);
});

test('duplicate depends_on entries are one edge: no false cycle, a duplicate-dependency warning', () => {
  const text = 'services:\n  db: {}\n  api:\n    depends_on: [db, db]\n';
  assert.deepEqual(startOrder(config(text)), ['db', 'api']);
  assert.deepEqual(findCycles(config(text)), []);
  const problems = check(text);
  assert.deepEqual(brief(problems), [['duplicate-dependency', 'warning', at(text, 'db', 2)]]);
  assert.deepEqual(problems[0].related?.[0].span, at(text, 'db', 1));
  assert.match(problems[0].message, /false "Circular dependency"/);
});

test('cycles: each as the ordered names back to its start; services in or behind it are not started', () => {
  const c = config('services:\n  a:\n    depends_on: [b]\n  b:\n    depends_on: [c]\n  c:\n    depends_on: [a]\n  d:\n    depends_on: [a]\n  e:\n    depends_on: [e]\n  f: {}\n');
  assert.deepEqual(findCycles(c), [['a', 'b', 'c', 'a'], ['e', 'e']]);
  assert.deepEqual(startOrder(c), ['f']);
  assert.deepEqual(startWaves(c), [['f']]);
});

test('cycles: the shortest cycle through the first service of a group', () => {
  const c = config('services:\n  a:\n    depends_on: [b, c]\n  b:\n    depends_on: [c]\n  c:\n    depends_on: [a]\n');
  assert.deepEqual(findCycles(c), [['a', 'c', 'a']]);
});

test('cycles: a chain of 30000 services does not overflow the stack', () => {
  let text = 'services:\n  s0:\n    depends_on: [s29999]\n';
  for (let i = 1; i < 30_000; i++) text += `  s${i}:\n    depends_on: [s${i - 1}]\n`;
  const cycles = findCycles(config(text));
  assert.equal(cycles.length, 1);
  assert.equal(cycles[0].length, 30_001);
  assert.deepEqual(cycles[0].slice(0, 3), ['s0', 's29999', 's29998']);
});

test('dependency-cycle: on every entry of the cycle, naming the whole cycle', () => {
  const text = 'services:\n  a:\n    depends_on: [b]\n  b:\n    depends_on:\n      - name: c\n  c:\n    depends_on: [a]\n';
  const problems = only(text, 'dependency-cycle');
  const inside = (needle: string) => ({ start: at(text, needle).start + 1, end: at(text, needle).start + 2 });
  assert.deepEqual(brief(problems), [
    ['dependency-cycle', 'error', inside('[b]')],
    ['dependency-cycle', 'error', { start: at(text, 'name: c').start + 6, end: at(text, 'name: c').end }],
    ['dependency-cycle', 'error', inside('[a]')],
  ]);
  for (const p of problems) assert.match(p.message, /a → b → c → a/);
  assert.equal(problems[0].related?.length, 2);
});

test('dependency-cycle: a service depending on itself', () => {
  const text = 'services:\n  api:\n    depends_on: [api]\n';
  const problems = only(text, 'dependency-cycle');
  assert.deepEqual(brief(problems), [['dependency-cycle', 'error', at(text, 'api', 1)]]);
  assert.match(problems[0].message, /api → api/);
});

test('port-conflict, verified case: an automatic port taken by an explicit one, on the service name', () => {
  const text = 'base_port: 9000\nservices:\n  web:\n    port: 9001\n  api: {}\n';
  const problems = only(text, 'port-conflict');
  assert.deepEqual(brief(problems), [['port-conflict', 'warning', at(text, 'api')]]);
  assert.match(problems[0].message, /^api uses 9001 \(base_port 9000 \+ index 1\), which web sets explicitly/);
  assert.deepEqual(problems[0].related?.[0].span, at(text, '9001'));
  assert.deepEqual(problems[0].data, { port: 9000 }, 'the first port from base_port that no service uses');
});

test('port-conflict: an explicit port equal to an earlier automatic one, on the port value', () => {
  const text = 'services:\n  gateway: {}\n  api:\n    port: 8000\n  web:\n    port: 8000\n';
  const problems = only(text, 'port-conflict');
  assert.deepEqual(brief(problems), [['port-conflict', 'warning', at(text, '8000')], ['port-conflict', 'warning', at(text, '8000', 1)]]);
  assert.match(problems[0].message, /^api uses 8000 \(set explicitly\), which gateway also gets \(base_port 8000 \+ index 0\)/);
  assert.notDeepEqual(problems[0].data, problems[1].data, 'each gets its own free port');
});

test('unknown-service: undefined local dependency, with the nearest name and the defined services', () => {
  const text = 'services:\n  database: {}\n  api:\n    depends_on: [databse, {name: auth, registry: local}]\n';
  const problems = only(text, 'unknown-service');
  assert.deepEqual(brief(problems), [['unknown-service', 'error', at(text, 'databse')], ['unknown-service', 'error', at(text, 'auth')]]);
  assert.match(problems[0].message, /services: database, api\)\. Did you mean 'database'\?/);
  assert.deepEqual(problems[0].data, { suggestion: 'database' });
  assert.equal(problems[1].data, undefined);
});

test('external-dependency: a non-local registry is no error, only a hint that pactown up ignores it', () => {
  const text = 'services:\n  api:\n    depends_on:\n      - name: billing\n        registry: https://registry.example\n';
  const problems = check(text);
  assert.deepEqual(brief(problems), [['external-dependency', 'hint', at(text, 'billing')]]);
  assert.match(problems[0].message, /pactown up ignores it/);
  assert.deepEqual(startOrder(config(text)), ['api']);
});

test('invalid-service-name: only names that reach outside the sandbox root or hold control characters, with a cleaned suggestion', () => {
  const text = 'services:\n  "../evil": {}\n  my api: {}\n  ok_name-1.2: {}\n  .hidden: {}\n  "a\\tb": {}\n  "x\\\\y": {}\n';
  const problems = only(text, 'invalid-service-name');
  assert.deepEqual(brief(problems), [
    ['invalid-service-name', 'error', at(text, '"../evil"')], ['invalid-service-name', 'error', at(text, '"a\\tb"')], ['invalid-service-name', 'error', at(text, '"x\\\\y"')],
  ]);
  assert.deepEqual(problems[0].data, { suggestion: 'evil' });
  assert.match(problems[0].message, /sandbox folder/);
});

test('derived-service-name: a name with a space or a leading dot runs under one derived folder and variable prefix', () => {
  const text = 'services:\n  my api: {}\n  .hidden: {}\n  ok_name-1.2: {}\n';
  const problems = only(text, 'derived-service-name');
  assert.deepEqual(brief(problems), [['derived-service-name', 'warning', at(text, 'my api')], ['derived-service-name', 'warning', at(text, '.hidden')]]);
  assert.deepEqual(problems.map((p) => p.data), [{ suggestion: 'my_api' }, { suggestion: 'hidden' }]);
  assert.match(problems[0].message, /folder 'my_api' and gives its dependents MY_API_URL\. /);
});

test('invalid-service-name: two names that make the same folder', () => {
  const text = 'services:\n  my_api: {}\n  my api: {}\n';
  const problems = only(text, 'invalid-service-name');
  assert.deepEqual(brief(problems), [['invalid-service-name', 'error', at(text, 'my api')]]);
  assert.match(problems[0].message, /'my_api' and 'my api' make the same sandbox folder/);
  assert.deepEqual(problems[0].related?.[0].span, at(text, 'my_api'));
});

test('invalid-health-check: missing slash, full URL, whitespace, not a string', () => {
  const text = 'services:\n  a:\n    health_check: health\n  b:\n    health_check: http://localhost:8001/ready\n  c:\n    health_check: "/he alth"\n  d:\n    health_check: 200\n  e:\n    health_check: /ok\n';
  const problems = only(text, 'invalid-health-check');
  assert.deepEqual(brief(problems), [
    ['invalid-health-check', 'warning', at(text, 'health', 1)],
    ['invalid-health-check', 'warning', at(text, 'http://localhost:8001/ready')],
    ['invalid-health-check', 'warning', at(text, '"/he alth"')],
    ['invalid-health-check', 'warning', at(text, '200')],
  ]);
  assert.deepEqual(problems.map((p) => p.data?.suggestion), ['/health', '/ready', undefined, undefined]);
});

test('unknown-field: warning at the top level, in a service and in registry; error in a depends_on mapping', () => {
  const text = 'servces: {}\nservices:\n  api:\n    prot: 1\n    depends_on:\n      - name: db\n        condition: service_healthy\n  db: {}\nregistry:\n  urll: x\n';
  const problems = only(text, 'unknown-field');
  assert.deepEqual(brief(problems), [
    ['unknown-field', 'warning', at(text, 'servces')], ['unknown-field', 'warning', at(text, 'prot')],
    ['unknown-field', 'error', at(text, 'condition')], ['unknown-field', 'warning', at(text, 'urll')],
  ]);
  assert.deepEqual(problems.map((p) => p.data?.suggestion), ['services', 'port', undefined, 'url']);
  assert.match(problems[2].message, /crashes/);
});

test('invalid-value: what crashes pactown\'s loader is an error', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['- a\n', '- a'],
    ['services: [a]\n', '[a]'],
    ['services:\n', 'services'],
    ['services:\n  api:\n', 'api'],
    ['services:\n  api: x\n', 'x'],
    ['services:\n  api:\n    depends_on:\n', 'depends_on'],
    ['services:\n  api:\n    depends_on: 5\n', '5'],
    ['services:\n  api:\n    depends_on: [5]\n', '5'],
    ['services:\n  api:\n    depends_on: [{version: "1"}]\n', '{version: "1"}'],
    ['services:\n  api:\n    env:\n', 'env'],
    ['services:\n  api:\n    env: [A]\n', '[A]'],
    ['services:\n  api:\n    timeout: soon\n', 'soon'],
    ['services:\n  api:\n    readme: [a]\n', '[a]'],
    ['registry:\n', 'registry'],
    ['base_port: x\n', 'x'],
  ];
  for (const [text, needle] of cases) {
    const problems = only(text, 'invalid-value');
    const span = text === '' ? { start: 0, end: 0 } : at(text, needle);
    assert.deepEqual(brief(problems), [['invalid-value', 'error', span]], JSON.stringify(text));
  }
});

test('invalid-value: what pactown tolerates is a warning or info, and says what it does instead', () => {
  const text = 'version: 1.10\nservices:\n  api:\n    port: 80\n    replicas: 0\n    auto_restart: maybe\n    target: tv\n    timeout: -1\n    env:\n      CONF: {a: 1}\n      HOME_DIR: ${HOME}/x\n';
  const problems = only(text, 'invalid-value');
  assert.deepEqual(brief(problems), [
    ['invalid-value', 'warning', at(text, '1.10')], ['invalid-value', 'warning', at(text, '80')],
    ['invalid-value', 'warning', { start: at(text, 'replicas: 0').end - 1, end: at(text, 'replicas: 0').end }], ['invalid-value', 'warning', at(text, 'maybe')],
    ['invalid-value', 'warning', at(text, 'tv')], ['invalid-value', 'warning', at(text, '-1')],
    ['invalid-value', 'warning', at(text, '{a: 1}')], ['invalid-value', 'info', at(text, '${HOME}/x')],
  ]);
  assert.match(problems[0].message, /pactown sees '1\.1'\. Quote it: '1\.10'/);
  assert.match(problems[4].message, /treats it as web/);
  assert.match(problems[7].message, /passed literally: neither pactown nor this extension expands/);
});

test('ignored-field: parsed but unused fields', () => {
  const text = 'network: n\nregistry:\n  auth_token: t\nservices:\n  api:\n    replicas: 3\n    sandbox_path: /x\n';
  assert.deepEqual(brief(only(text, 'ignored-field')), [
    ['ignored-field', 'info', at(text, 'network')], ['ignored-field', 'info', at(text, 'auth_token')],
    ['ignored-field', 'info', at(text, 'replicas')], ['ignored-field', 'info', at(text, 'sandbox_path')],
  ]);
  assert.ok(check(text).every((p) => p.code in PACTOWN_PROBLEM_CODES));
});

test('yaml-syntax: errors with their range, and no duplicate problems', () => {
  const text = 'services:\n  api:\n    port: [8000\n';
  const problems = check(text);
  const syntax = problems.filter((p) => p.code === 'yaml-syntax');
  assert.ok(syntax.length > 0 && syntax.every((p) => p.severity === 'error'));
  assert.ok(syntax.every((p) => p.span.start >= at(text, '[8000').start));
  const keys = problems.map((p) => `${p.code}|${p.span.start}|${p.span.end}|${p.message}`);
  assert.equal(new Set(keys).size, keys.length);
});

test('problems are sorted by position', () => {
  const problems = check('services:\n  b:\n    depends_on: [zz]\n  a:\n    port: 8000\nservces: 1\n');
  const starts = problems.map((p) => p.span.start);
  assert.deepEqual(starts, [...starts].sort((x, y) => x - y));
  assert.ok(problems.length >= 3);
});

test('invalid-service-name: names the runtime keeps in the sandbox root', () => {
  const text = 'services:\n  logs:\n    readme: a/README.md\n  Supervisor.log:\n    readme: b/README.md\n  logsearch:\n    readme: c/README.md\n';
  const problems = only(text, 'invalid-service-name');
  assert.equal(problems.length, 2);
  assert.match(problems[0].message, /^service name 'logs' is taken by the runtime: <sandbox_root>\/logs holds every service's log/);
  assert.match(problems[1].message, /^service name 'Supervisor\.log' is taken by the runtime/);
});

test('dependency-cycle: a ring of 5,000 services is reported once, in a message of bounded size', () => {
  const n = 5_000;
  const text = `services:\n${Array.from({ length: n }, (_, i) => `  s${i}:\n    readme: README.md\n    depends_on: [s${(i + 1) % n}]\n`).join('')}`;
  const problems = only(text, 'dependency-cycle');
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /^dependency cycle \(5000 services\): s0 → s1 → s2 → s3 → s4 → s5 → … \(4,989 more\) → s4995 → s4996 → s4997 → s4998 → s4999 → s0\./);
  assert.ok(JSON.stringify(problems).length < 10_000, 'linear at most, here bounded');
});
