import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateReadme } from '../../core/diagnostics/validateReadme';
import { parseMarkpact } from '../../core/markpact/parse';
import { deriveService } from '../../core/markpact/service';
import { parseEcosystem } from '../../core/pactown/parse';
import { newEcosystemFiles } from '../../core/scaffold/newEcosystem';
import { findTemplate, serviceTemplates } from '../../core/scaffold/templates';

const noFiles = { readText: async () => undefined };
const runtimes = { python: 'python', fastapi: 'python', flask: 'python', node: 'node', express: 'node' } as const;

for (const template of serviceTemplates) {
  test(`the ${template.id} template: a README with no problems that listens on MARKPACT_PORT and tests / and /health`, async () => {
    const text = template.readme('shop.api-2');
    const doc = parseMarkpact(text);
    assert.deepEqual(await validateReadme('/x/README.md', doc, noFiles), [], 'the checks find nothing');
    const service = deriveService(doc.blocks);
    assert.equal(service.runtime.runtime, runtimes[template.id]);
    assert.equal(service.run?.source, 'block');
    const listens = [service.run!.command, ...service.files.map((f) => f.content)].join('\n');
    assert.match(listens, /MARKPACT_PORT/, 'it listens on the port pactown gives it');
    assert.match(listens, /"shop\.api-2"/, 'the name is in the code, as a string literal');
    const tests = service.httpTests.map((t) => (t.result.kind === 'test' ? `${t.result.test.method} ${t.result.test.path} ${t.result.test.expect}` : t.result.kind));
    assert.deepEqual(tests, ['GET /health 200', 'GET / 200']);
    const deps = service.requirements.map((r) => (r.parsed.kind === 'package' ? r.parsed.name : r.raw));
    assert.deepEqual(deps, [...template.packages], 'the packages it says it installs are its deps');
  });
}

test('templates are found by id; the offline ones come first', () => {
  assert.equal(findTemplate('express')?.label, 'Express');
  assert.equal(findTemplate('django'), undefined);
  assert.deepEqual(serviceTemplates.slice(0, 2).map((t) => t.packages.length), [0, 0]);
});

test('a new ecosystem: the file names the service with its port and /health, the README is at <service>/README.md', () => {
  const files = newEcosystemFiles({ name: 'my shop', service: 'api', template: serviceTemplates[0], basePort: 9100, output: 'saas.pactown.yaml' });
  assert.deepEqual(files.map((f) => f.path), ['saas.pactown.yaml', 'api/README.md']);
  const { config, problems } = parseEcosystem(files[0].content);
  assert.deepEqual(problems, []);
  assert.equal(config.name, 'my shop');
  assert.equal(config.basePort, 9100);
  assert.deepEqual(config.services.map((s) => [s.name, s.readme, s.port, s.portSource, s.healthCheck]), [['api', 'api/README.md', 9100, 'explicit', '/health']]);

  const nested = newEcosystemFiles({ name: 'x', service: 'api', template: serviceTemplates[0], basePort: 8000, output: 'deploy/eco.pactown.yaml' });
  assert.equal(parseEcosystem(nested[0].content).config.services[0].readme, '../api/README.md', 'relative to the file written in a sub-folder');
});
