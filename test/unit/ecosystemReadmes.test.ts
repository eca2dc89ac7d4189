import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateEcosystem, validateEcosystemAndReadmes } from '../../core/diagnostics/validateEcosystem';
import { parseEcosystem } from '../../core/pactown/parse';

const fence = '```';
const run = `${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n`;
const evil = `# API\n\n${fence}python markpact:file path=../../evil.py\nx\n${fence}\n\n${fence}python markpact:file\nx\n${fence}\n\n${run}`;

/** An in-memory folder under /eco, counting the reads of each file. */
function files(contents: Record<string, string>) {
  const reads = new Map<string, number>();
  const reader = {
    readText: async (path: string) => {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return contents[path.replace('/eco/', '')];
    },
  };
  return { reader, reads };
}

const at = (text: string, needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });

describe('an ecosystem is checked with the READMEs it runs', () => {
  test('a service whose README has errors gets readme-has-errors on its readme: value, naming the first', async () => {
    const yaml = 'services:\n  db:\n    readme: db/README.md\n  api:\n    readme: api/README.md\n';
    const { reader } = files({ 'db/README.md': run, 'api/README.md': evil });
    const problems = await validateEcosystem('/eco/eco.pactown.yaml', parseEcosystem(yaml), reader);
    assert.deepEqual(problems.map((p) => [p.code, p.severity, p.span]), [['readme-has-errors', 'error', at(yaml, 'api/README.md')]]);
    assert.match(problems[0].message, /^api\/README\.md has 2 errors: line 3: unsafe-path '\.\.\/\.\.\/evil\.py' climbs out of the sandbox.* \(and 1 more\)$/);
    assert.deepEqual(problems[0].related?.map((r) => [r.path, r.range?.start]), [['/eco/api/README.md', { line: 2, character: 29 }]]);
  });

  test('warnings of a README are not the ecosystem\'s problem; a service without readme: gets it on its name', async () => {
    const yaml = 'services:\n  web:\n    port: 8000\n  api:\n    port: 8001\n';
    const { reader } = files({ 'web/README.md': `${run}${run}`, 'api/README.md': `${fence}python markpact:file\nx\n${fence}\n${run}` });
    const problems = await validateEcosystem('/eco/eco.pactown.yaml', parseEcosystem(yaml), reader);
    assert.deepEqual(problems.map((p) => [p.code, p.span]), [['readme-has-errors', at(yaml, 'api')]]);
    assert.match(problems[0].message, /^api\/README\.md has 1 error: line 1: missing-path file block without path=[^(]*$/);
  });

  test('a README shared by services is read and checked once, each service told', async () => {
    const yaml = 'services:\n  a:\n    readme: shared/README.md\n  b:\n    readme: shared/README.md\n';
    const { reader, reads } = files({ 'shared/README.md': evil });
    const { problems, readmes } = await validateEcosystemAndReadmes('/eco/eco.pactown.yaml', parseEcosystem(yaml), reader);
    assert.deepEqual(problems.map((p) => [p.code, p.span.start]), [['readme-has-errors', yaml.indexOf('shared')], ['readme-has-errors', yaml.lastIndexOf('shared')]]);
    assert.equal(reads.get('/eco/shared/README.md'), 1);
    assert.deepEqual(readmes.map((r) => [r.path, r.services.map((s) => s.name), r.problems.map((p) => p.code)]), [['/eco/shared/README.md', ['a', 'b'], ['unsafe-path', 'missing-path']]]);
  });

  test('a README without a run command: its own warning names the services that cannot start', async () => {
    const yaml = 'services:\n  a:\n    readme: x/README.md\n';
    const { reader } = files({ 'x/README.md': `${fence}python markpact:file path=lib.py\nx\n${fence}\n` });
    const { problems, readmes } = await validateEcosystemAndReadmes('/eco/eco.pactown.yaml', parseEcosystem(yaml), reader);
    assert.deepEqual(problems.map((p) => p.code), ['readme-no-run']);
    assert.match(readmes[0].problems[0].message, /The service 'a' in \.\.\/eco\.pactown\.yaml cannot start without one$/);
  });
});
