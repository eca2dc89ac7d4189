import assert from 'node:assert/strict';
import test from 'node:test';
import type { Problem } from '../../core/diagnostics/problem';
import { findService } from '../../core/pactown/model';
import { nearestName } from '../../core/pactown/nearest';
import { parseEcosystem } from '../../core/pactown/parse';
import { fieldDoc, fieldsAt, findField, scopeOf } from '../../core/pactown/schema';

/** The span of the n-th occurrence (0-based) of `needle` in `text`. */
function at(text: string, needle: string, nth = 0): { start: number; end: number } {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(needle, start + 1);
  assert.ok(start >= 0, `${needle} not in fixture`);
  return { start, end: start + needle.length };
}

function service(text: string, name: string) {
  const found = findService(parseEcosystem(text).config, name);
  assert.ok(found, `no service ${name}`);
  return found;
}

const only = (problems: Problem[], code: string) => problems.filter((p) => p.code === code);

test('top-level defaults are pactown\'s', () => {
  const { config, problems } = parseEcosystem('services: {}\n');
  assert.deepEqual(problems, []);
  assert.deepEqual(config, {
    name: 'unnamed-ecosystem', version: '0.1.0', description: '', basePort: 8000, sandboxRoot: '.pactown', network: 'pactown-net',
    registry: { url: 'http://localhost:8800', namespace: 'default' }, services: [],
  });
});

test('top-level values are read', () => {
  const { config } = parseEcosystem("name: shop\nversion: '1.10'\ndescription: d\nbase_port: 9000\nsandbox_root: ./sb\nregistry:\n  url: http://r:1\n  namespace: ns\n  auth_token: t\nservices: {}\n");
  assert.equal(config.name, 'shop');
  assert.equal(config.version, '1.10');
  assert.equal(config.basePort, 9000);
  assert.equal(config.sandboxRoot, './sb');
  assert.deepEqual(config.registry, { url: 'http://r:1', namespace: 'ns', authToken: 't' });
});

test('service defaults: readme <name>/README.md, automatic port, timeout 60, auto_restart true', () => {
  const text = 'services:\n  api: {}\n';
  const api = service(text, 'api');
  assert.equal(api.readme, 'api/README.md');
  assert.equal(api.readmeSpan, undefined);
  assert.equal(api.port, 8000);
  assert.equal(api.portSource, 'auto');
  assert.equal(api.portSpan, undefined);
  assert.deepEqual([api.timeout, api.autoRestart, api.replicas, api.target], [60, true, 1, 'web']);
  assert.deepEqual([api.env, api.dependsOn, api.buildTargets], [{}, [], []]);
  assert.deepEqual(api.nameSpan, at(text, 'api'));
  assert.deepEqual(api.span, { start: at(text, 'api').start, end: at(text, '{}').end });
});

test('automatic ports are base_port + index, the index counting every service in YAML order', () => {
  const text = 'services:\n  a:\n    port: 9500\n  b:\n  c:\n    port: null\n  d:\n    readme: d.md\nbase_port: 9000\n';
  const { config } = parseEcosystem(text);
  assert.deepEqual(config.services.map((s) => [s.name, s.index, s.port, s.portSource]), [
    ['a', 0, 9500, 'explicit'], ['b', 1, 9001, 'auto'], ['c', 2, 9002, 'auto'], ['d', 3, 9003, 'auto'],
  ]);
  assert.deepEqual(config.services[0].portSpan, at(text, '9500'));
});

test('verified case: explicit 9001 and automatic base_port 9000 + index 1 give the same port', () => {
  const { config } = parseEcosystem('base_port: 9000\nservices:\n  web:\n    port: 9001\n  api: {}\n');
  assert.deepEqual(config.services.map((s) => [s.name, s.port, s.portSource]), [['web', 9001, 'explicit'], ['api', 9001, 'auto']]);
});

test('an invalid port falls back to the automatic one and is reported', () => {
  const text = 'services:\n  api:\n    port: "80a"\n  web:\n    port: 80\n';
  const parsed = parseEcosystem(text);
  assert.deepEqual(parsed.config.services.map((s) => [s.port, s.portSource]), [[8000, 'auto'], [80, 'explicit']]);
  const problems = only(parsed.problems, 'invalid-value');
  assert.deepEqual(problems.map((p) => [p.severity, p.span]), [['error', at(text, '"80a"')], ['warning', at(text, '80', 1)]]);
  assert.match(problems[1].message, /privileged.*allocator skips it/);
});

test('readme, health_check, timeout and build fields are read with their spans', () => {
  const text = 'services:\n  api:\n    readme: svc/api.md\n    health_check: /health\n    timeout: 2.5\n    auto_restart: no\n    replicas: 1\n    target: Desktop\n    framework: electron\n    build_cmd: npm run build\n    build_targets: "linux, windows,"\n  web:\n    build_targets: [android, ios]\n';
  const api = service(text, 'api');
  assert.equal(api.readme, 'svc/api.md');
  assert.deepEqual(api.readmeSpan, at(text, 'svc/api.md'));
  assert.equal(api.healthCheck, '/health');
  assert.deepEqual(api.healthCheckSpan, at(text, '/health'));
  assert.equal(api.timeout, 2.5);
  assert.equal(api.autoRestart, false, 'YAML 1.1, as PyYAML: no is false');
  assert.deepEqual([api.target, api.framework, api.buildCmd], ['desktop', 'electron', 'npm run build']);
  assert.deepEqual(api.buildTargets, ['linux', 'windows']);
  assert.deepEqual(service(text, 'web').buildTargets, ['android', 'ios']);
  assert.deepEqual(parseEcosystem(text).problems, []);
});

test('depends_on string form: name, name@version, spans of the name part', () => {
  const text = "services:\n  api:\n    depends_on: [db, cache@1.2, 'queue@2']\n";
  const deps = service(text, 'api').dependsOn;
  assert.deepEqual(deps.map((d) => [d.name, d.version, d.registry]), [['db', '*', 'local'], ['cache', '1.2', 'local'], ['queue', '2', 'local']]);
  assert.deepEqual(deps.map((d) => d.nameSpan), [at(text, 'db'), at(text, 'cache'), at(text, 'queue')]);
  assert.deepEqual(deps.map((d) => d.span), [at(text, 'db'), at(text, 'cache@1.2'), at(text, "'queue@2'")]);
  // The scalar holding the name, quotes included (a rename edits inside it).
  assert.deepEqual(deps.map((d) => d.scalarSpan), [at(text, 'db'), at(text, 'cache@1.2'), at(text, "'queue@2'")]);
});

test('depends_on string form: an empty name and extra @ are reported', () => {
  const text = 'services:\n  api:\n    depends_on: ["@scope/x", a@1@2]\n';
  const parsed = parseEcosystem(text);
  assert.deepEqual(findService(parsed.config, 'api')?.dependsOn.map((d) => [d.name, d.version]), [['', 'scope/x'], ['a', '1']]);
  assert.deepEqual(parsed.problems.map((p) => [p.code, p.severity, p.span]), [
    ['invalid-value', 'error', at(text, '"@scope/x"')], ['invalid-value', 'warning', at(text, 'a@1@2')],
  ]);
});

test('depends_on mapping form: defaults and every field', () => {
  const text = 'services:\n  api:\n    depends_on:\n      - name: db\n      - name: auth\n        version: "2.0"\n        registry: https://registry\n        endpoint: http://auth:1\n        env_var: AUTH\n';
  const [db, auth] = service(text, 'api').dependsOn;
  assert.deepEqual({ ...db }, { name: 'db', version: '*', registry: 'local', span: at(text, 'name: db'), nameSpan: at(text, 'db'), scalarSpan: at(text, 'db') });
  assert.deepEqual([auth.name, auth.version, auth.registry, auth.endpoint, auth.envVar], ['auth', '2.0', 'https://registry', 'http://auth:1', 'AUTH']);
  assert.deepEqual(auth.nameSpan, at(text, 'auth'));
});

test('env values: strings as written, booleans true/false, null dropped', () => {
  const text = 'services:\n  api:\n    env:\n      DEBUG: yes\n      OFF: false\n      RATE: 1.50\n      MODE: 010\n      NAME: "a b"\n      EMPTY:\n      TEXT: plain text\n';
  assert.deepEqual(service(text, 'api').env, { DEBUG: 'true', OFF: 'false', RATE: '1.50', MODE: '010', NAME: 'a b', TEXT: 'plain text' });
});

test('merge keys apply defaults, explicit keys win, and a merged port is explicit', () => {
  const text = 'x-defaults: &defaults\n  port: 7001\n  timeout: 5\nservices:\n  api:\n    <<: *defaults\n    timeout: 9\n';
  const api = service(text, 'api');
  assert.deepEqual([api.port, api.portSource, api.timeout], [7001, 'explicit', 9]);
  assert.deepEqual(api.portSpan, at(text, '7001'));
});

test('an aliased service body is read like the anchored one', () => {
  const text = 'services:\n  api: &svc\n    port: 7001\n  web: *svc\n';
  const { config, problems } = parseEcosystem(text);
  assert.deepEqual(config.services.map((s) => [s.name, s.port]), [['api', 7001], ['web', 7001]]);
  assert.deepEqual(problems, []);
});

test('a duplicate key keeps its first position and its last value, as in a Python dict, with a warning', () => {
  const text = 'services:\n  api:\n    port: 7001\n  web: {}\n  api:\n    port: 7002\n';
  const parsed = parseEcosystem(text);
  assert.deepEqual(parsed.config.services.map((s) => [s.name, s.index, s.port]), [['api', 0, 7002], ['web', 1, 8001]]);
  const [dup] = parsed.problems;
  assert.deepEqual([dup.code, dup.severity, dup.span, dup.related?.[0].span], ['yaml-syntax', 'warning', at(text, 'api', 1), at(text, 'api')]);
});

test('a document with syntax errors still yields its services, plus yaml-syntax problems', () => {
  const text = 'name: shop\nservices:\n  api:\n    port: 7001\n    depends_on: [db\n  db:\n    port: 7002\n';
  const parsed = parseEcosystem(text);
  assert.ok(parsed.problems.some((p) => p.code === 'yaml-syntax' && p.severity === 'error'));
  assert.equal(parsed.config.name, 'shop');
  assert.equal(findService(parsed.config, 'api')?.port, 7001);
  assert.ok(parsed.document.errors.length > 0, 'the YAML document is returned for lookups');
});

test('problems all come from pactown and the document is returned', () => {
  const parsed = parseEcosystem('servics: {}\n');
  assert.ok(parsed.problems.length > 0);
  assert.ok(parsed.problems.every((p) => p.source === 'pactown'));
  assert.ok(parsed.document.contents);
});

test('hostile: an alias bomb (10 levels × 10) is read without expanding it', () => {
  let text = 'a0: &a0 {k0: x, k1: x, k2: x, k3: x, k4: x, k5: x, k6: x, k7: x, k8: x, k9: x}\n';
  for (let i = 1; i < 10; i++) text += `a${i}: &a${i} {${Array.from({ length: 10 }, (_, j) => `k${j}: *a${i - 1}`).join(', ')}}\n`;
  text += 'l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 10; i++) text += `l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]\n`;
  text += 'services:\n  api:\n    env: *a9\n    depends_on: *l9\n    build_targets: *l9\n  web: *a9\n';
  const started = Date.now();
  const parsed = parseEcosystem(text);
  assert.ok(Date.now() - started < 2000, 'no expansion');
  assert.deepEqual(parsed.config.services.map((s) => s.name), ['api', 'web']);
  assert.ok(parsed.problems.length < 200, `problems are reported once per node, got ${parsed.problems.length}`);
});

test('hostile: merge keys nested 10 × 10 stay bounded', () => {
  let text = 'd0: &d0 {port: 7001}\n';
  for (let i = 1; i < 10; i++) text += `d${i}: &d${i} {<<: [${Array(10).fill(`*d${i - 1}`).join(', ')}]}\n`;
  text += 'services:\n  api:\n    <<: *d9\n';
  const started = Date.now();
  const parsed = parseEcosystem(text);
  assert.ok(Date.now() - started < 2000);
  assert.equal(findService(parsed.config, 'api')?.port, 7001);
});

test('hostile: an undefined alias and an unknown tag are errors (PyYAML rejects both)', () => {
  const text = 'a: *nope\nservices:\n  api: !!python/object {}\n';
  const problems = only(parseEcosystem(text).problems, 'yaml-syntax');
  assert.deepEqual(problems.map((p) => [p.severity, p.span]), [['error', at(text, '*nope')], ['error', at(text, '!!python/object')]]);
});

test('hostile: git conflict markers are reported on their lines', () => {
  const text = 'services:\n<<<<<<< HEAD\n  api:\n    port: 7001\n=======\n  api:\n    port: 7002\n>>>>>>> feature\n';
  const markers = parseEcosystem(text).problems.filter((p) => /merge conflict marker/.test(p.message));
  assert.deepEqual(markers.map((p) => p.span), [at(text, '<<<<<<< HEAD'), at(text, '======='), at(text, '>>>>>>> feature')]);
});

test('hostile: binary garbage, deep nesting and an empty file do not throw', () => {
  const garbage = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
  for (const text of [garbage, '['.repeat(100_000), '{a: '.repeat(20_000), '', '\0\0\0', '---\n---\n']) {
    const parsed = parseEcosystem(text);
    assert.deepEqual(parsed.config.services, []);
    assert.ok(parsed.problems.some((p) => p.severity === 'error'));
  }
});

test('hostile: a 2 MB file is parsed in bounded time', () => {
  let text = 'services:\n';
  for (let i = 0; text.length < 2_000_000; i++) text += `  svc${i}:\n    port: ${10000 + (i % 50000)}\n    depends_on: [svc${Math.max(0, i - 1)}]\n    env:\n      A: "x"\n`;
  const started = Date.now();
  const parsed = parseEcosystem(text);
  assert.ok(Date.now() - started < 30_000);
  assert.ok(parsed.config.services.length > 20_000);
  assert.equal(parsed.config.services[5].dependsOn[0].name, 'svc4');
});

test('schema: scopes from key paths, fields and docs', () => {
  assert.equal(scopeOf([]), 'ecosystem');
  assert.equal(scopeOf(['registry']), 'registry');
  assert.equal(scopeOf(['services', 'api']), 'service');
  assert.equal(scopeOf(['services', 'api', 'depends_on', 0]), 'dependency');
  assert.equal(scopeOf(['services', 'api', 'env']), undefined);
  assert.deepEqual(fieldsAt(['services', 'api', 'depends_on', '[]']).map((f) => f.name), ['name', 'version', 'registry', 'endpoint', 'env_var']);
  assert.deepEqual(fieldsAt(['services', 'api', 'env']), []);
  const port = findField('service', 'port');
  assert.ok(port);
  assert.match(fieldDoc(port), /^`port`: port \| null — default `base_port \+ index`\n\n/);
  assert.deepEqual(findField('service', 'target')?.values, ['web', 'desktop', 'mobile']);
  assert.equal(findField('service', 'env')?.type, 'mapping');
});

test('nearestName: case and separators, synonyms, small edit distances only', () => {
  const fields = fieldsAt(['services', 'x']).map((f) => f.name);
  assert.equal(nearestName('dependsOn', fields), 'depends_on');
  assert.equal(nearestName('depends-on', fields), 'depends_on');
  assert.equal(nearestName('healthcheck', fields), 'health_check');
  assert.equal(nearestName('environment', fields), 'env');
  assert.equal(nearestName('prot', fields), 'port');
  assert.equal(nearestName('image', fields), undefined);
  assert.equal(nearestName('ev', ['env', 'db']), 'env');
  assert.equal(nearestName('xy', ['env', 'db']), undefined);
});

test('scalars as PyYAML reads them: a float needs a dot, an exponent a sign', () => {
  for (const name of ['e10', '1e10', '1.5e3', 'E5']) {
    const { config, problems } = parseEcosystem(`name: ${name}\nservices:\n  api:\n    readme: README.md\n`);
    assert.equal(config.name, name, `${name} is a string`);
    assert.deepEqual(problems.filter((p) => p.code === 'invalid-value'), [], name);
  }
  assert.match(parseEcosystem('name: 1.5\nservices: {}\n').problems.map((p) => p.message).join(), /YAML reads the number 1\.5/);
  assert.equal(parseEcosystem('base_port: 8000\nservices: {}\n').config.basePort, 8000);
});
