import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEcosystem } from '../../core/pactown/checks';
import { parseEcosystem } from '../../core/pactown/parse';
import { serviceNameProblem, toServiceName } from '../../core/pactown/serviceName';

test('a new service name: refused when unsafe, reserved or too long; the names it accepts pass the ecosystem check', () => {
  for (const name of ['', '../evil', 'a/b', '.hidden', 'a..b', 'with space', 'logs', 'LOGS', 'supervisor.log', 'x'.repeat(65)]) {
    assert.ok(serviceNameProblem(name), `'${name}' is refused`);
  }
  for (const name of ['api', 'api-2', 'web.v2', 'A_b', '9lives']) {
    assert.equal(serviceNameProblem(name), undefined, name);
    const problems = checkEcosystem(parseEcosystem(`services:\n  ${JSON.stringify(name)}: {}\n`));
    assert.deepEqual(problems.filter((p) => p.code === 'invalid-service-name'), [], `the ecosystem check accepts '${name}'`);
  }
});

test('a folder name made into a service name', () => {
  assert.equal(toServiceName('My Service!'), 'My-Service');
  assert.equal(toServiceName('..hidden..name..'), 'hidden.name');
  assert.equal(toServiceName('über'), 'ber');
  assert.equal(toServiceName('###'), '');
  assert.equal(serviceNameProblem(toServiceName('x'.repeat(300))), undefined, 'cut to the longest name allowed');
});
