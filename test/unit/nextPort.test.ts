import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextFreePort } from '../../core/pactown/nextPort';
import { parseEcosystem } from '../../core/pactown/parse';

const next = (yaml: string) => nextFreePort(parseEcosystem(yaml).config);

test('the next free port: base_port when there are no services, else one above every port in use', () => {
  assert.equal(next('base_port: 9000\nservices: {}\n'), 9000);
  assert.equal(next('services: {}\n'), 8000, "pactown's default base_port");
  assert.equal(next('base_port: 9000\nservices:\n  a: {}\n  b: {}\n'), 9002, 'automatic ports count: base_port + index');
  assert.equal(next('base_port: 9000\nservices:\n  a: {port: 9500}\n  b: {}\n'), 9501, 'above an explicit port');
  assert.equal(next('base_port: 9000\nservices:\n  a: {port: 3000}\n'), 9000, 'never below base_port');
});

test('past 65535, the first port from base_port up that no service has', () => {
  assert.equal(next('base_port: 9000\nservices:\n  a: {port: 65535}\n  b: {port: 9000}\n'), 9001);
  assert.equal(nextFreePort({ basePort: 9000, services: [] }, [9000, 9001]), 9002, 'ports taken besides the services');
});
