import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEcosystem } from '../../core/pactown/parse';
import { addServiceEntry } from '../../core/scaffold/addService';

const entry = { name: 'new', readme: 'new/README.md', port: 8105, healthCheck: '/health' };

/** The text with the entry added, checked to read back with the new service and nothing else changed. */
function added(text: string): string {
  const before = parseEcosystem(text).config;
  const insertion = addServiceEntry(text, parseEcosystem(text), entry);
  assert.ok('edit' in insertion, `refused: ${'refused' in insertion ? insertion.refused : ''}`);
  const { start, end, newText } = insertion.edit;
  const result = text.slice(0, start) + newText + text.slice(end);
  const after = parseEcosystem(result);
  assert.deepEqual(after.problems, [], result);
  const service = after.config.services.at(-1)!;
  assert.deepEqual([service.name, service.readme, service.port, service.healthCheck], ['new', 'new/README.md', 8105, '/health']);
  assert.deepEqual(after.config.services.slice(0, -1).map((s) => [s.name, s.port, s.readme]), before.services.map((s) => [s.name, s.port, s.readme]), 'the others are unchanged');
  assert.deepEqual([after.config.name, after.config.basePort], [before.name, before.basePort]);
  return result;
}

test('after the last service, at its indentation, before the next top-level key and keeping comments', () => {
  const text = 'name: shop\nservices:\n    api:\n        readme: api/README.md\n        port: 8100 # the API\n    # the end of the services\nbase_port: 8100\n';
  assert.equal(added(text), 'name: shop\nservices:\n    api:\n        readme: api/README.md\n        port: 8100 # the API\n    new:\n        readme: new/README.md\n        port: 8105\n        health_check: /health\n    # the end of the services\nbase_port: 8100\n');
});

test('at the end of a file without a final line break, and of one with blank lines after it', () => {
  assert.equal(added('services:\n  api: {}'), 'services:\n  api: {}\n  new:\n    readme: new/README.md\n    port: 8105\n    health_check: /health');
  assert.match(added('services:\n  api:\n    port: 8001\n\n\n'), /port: 8001\n {2}new:\n/);
});

test('services written as nothing, ~ or {} get the entry below the key', () => {
  assert.match(added('name: a\nservices:\nbase_port: 8000\n'), /^name: a\nservices:\n {2}new:\n {4}readme: new\/README\.md\n {4}port: 8105\n {4}health_check: \/health\nbase_port: 8000\n$/);
  assert.match(added('services: ~\n'), /^services:\n {2}new:\n/);
  assert.match(added('services: {}\n'), /^services:\n {2}new:\n/);
});

test('a file without services, or empty, gets a services block', () => {
  assert.equal(added('name: a'), 'name: a\nservices:\n  new:\n    readme: new/README.md\n    port: 8105\n    health_check: /health\n');
  assert.equal(added(''), 'services:\n  new:\n    readme: new/README.md\n    port: 8105\n    health_check: /health\n');
});

test('a CRLF file gets CRLF lines', () => {
  const result = added('services:\r\n  api:\r\n    port: 8001\r\n');
  assert.equal(result, 'services:\r\n  api:\r\n    port: 8001\r\n  new:\r\n    readme: new/README.md\r\n    port: 8105\r\n    health_check: /health\r\n');
});

test('refused: a name already there, flow-style services, a broken file, a top level that is not a mapping', () => {
  const refusal = (text: string, name = 'new') => {
    const insertion = addServiceEntry(text, parseEcosystem(text), { ...entry, name });
    return 'refused' in insertion ? insertion.refused : undefined;
  };
  assert.match(refusal('services:\n  api: {}\n', 'api')!, /already has a service 'api'/);
  assert.match(refusal('services: {api: {}}\n')!, /flow style/);
  assert.match(refusal('services:\n  api: [\n')!, /syntax errors/);
  assert.match(refusal('- a\n- b\n')!, /not a mapping/);
  assert.match(refusal('services: [a]\n')!, /not a mapping of services/);
});
