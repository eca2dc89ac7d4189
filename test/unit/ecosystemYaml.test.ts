import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEcosystem } from '../../core/pactown/parse';
import { ecosystemYaml, yamlScalar } from '../../core/scaffold/ecosystemYaml';

test('scalars stay strings under YAML 1.1: booleans, nulls, numbers and punctuation are quoted', () => {
  for (const plain of ['api', 'api/README.md', '/health', 'web.v2', 'a_b-c']) assert.equal(yamlScalar(plain), plain);
  for (const quoted of ['yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'null', '1e3', '010', '12:30', '2fa', 'a: b', '#x', 'with space', '', '-x', '~'])
    assert.equal(yamlScalar(quoted), JSON.stringify(quoted), quoted);
});

test('an ecosystem file reads back as written, whatever the names', () => {
  const names = ['no', '1e3', 'web.v2', 'on'];
  const text = ecosystemYaml({
    header: ['made by a test', 'a folder\nwith a line break'],
    name: 'yes',
    description: 'a: b # not a comment',
    basePort: 9000,
    services: names.map((name, i) => ({ name, readme: `${name}/README.md`, port: 9000 + i, healthCheck: '/health', dependsOn: names.slice(0, i) })),
  });
  assert.equal(text.split('\n').filter((l) => l.startsWith('#')).length, 2, 'a line break in a header line stays in its comment');
  const { config, problems } = parseEcosystem(text);
  assert.deepEqual(problems, []);
  assert.equal(config.name, 'yes');
  assert.equal(config.description, 'a: b # not a comment');
  assert.deepEqual(config.services.map((s) => [s.name, s.readme, s.port, s.healthCheck, s.dependsOn.map((d) => d.name)]), names.map((name, i) => [name, `${name}/README.md`, 9000 + i, '/health', names.slice(0, i)]));
});

test('no services: an empty mapping, which pactown reads', () => {
  const { config, problems } = parseEcosystem(ecosystemYaml({ name: 'empty', basePort: 8000, services: [] }));
  assert.deepEqual(problems, []);
  assert.deepEqual(config.services, []);
});
