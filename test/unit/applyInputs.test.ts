import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseMarkpact } from '../../core/markpact/parse';
import { deriveService } from '../../core/markpact/service';
import { parseRequest } from '../../core/control/protocol';
import { parseEcosystem } from '../../core/pactown/parse';
import { findField } from '../../core/pactown/schema';
import { readNext, refusal, type PlacedError } from '../../core/runtime/apply/readNext';
import { entryInputs, readmeInputs } from '../../core/runtime/apply/serviceInputs';

const fence = '```';
const readme = (parts: { deps?: string; file?: string; run?: string }) => [
  parts.deps !== undefined ? `${fence}text markpact:deps python\n${parts.deps}\n${fence}\n` : '',
  `${fence}python markpact:file path=app.py\n${parts.file ?? 'print(1)'}\n${fence}\n`,
  `${fence}bash markpact:run\n${parts.run ?? 'python app.py'}\n${fence}\n`,
].join('\n');
const model = (text: string) => deriveService(parseMarkpact(text).blocks);
const changed = (a: string, b: string) => {
  const [x, y] = [readmeInputs(model(a)), readmeInputs(model(b))];
  return (['files', 'deps', 'run'] as const).filter((k) => x[k] !== y[k]);
};

describe("a README's inputs", () => {
  test('each block kind is its own input', () => {
    const base = readme({ deps: 'flask' });
    assert.deepEqual(changed(base, readme({ deps: 'flask', file: 'print(2)' })), ['files']);
    assert.deepEqual(changed(base, readme({ deps: 'flask==3.0' })), ['deps']);
    assert.deepEqual(changed(base, readme({ deps: 'flask', run: 'exec python app.py' })), ['run']);
  });

  test('prose, a comment or the order of dependencies changes nothing the run uses', () => {
    const base = readme({ deps: 'flask\nrequests' });
    assert.deepEqual(changed(base, `# A title\n\nSome prose.\n\n${readme({ deps: 'requests\n# the web part\nflask' })}`), []);
  });

  test('a README that cannot be read differs from any that can', () => {
    assert.notDeepEqual(readmeInputs(undefined), readmeInputs(model(readme({}))));
  });
});

describe("a service's ecosystem entry", () => {
  const entry = (yaml: string) => entryInputs(parseEcosystem(yaml).config.services[0], '/eco/eco.pactown.yaml');
  const base = 'services:\n  api:\n    readme: api/README.md\n    port: 8100\n';

  test('what the orchestrator reads of it counts', () => {
    for (const edit of ['    port: 8101\n', '    env:\n      A: b\n', '    health_check: /health\n', '    timeout: 5\n', '    auto_restart: false\n', '    depends_on: [db]\n']) {
      const yaml = edit.includes('port:') ? base.replace('    port: 8100\n', edit) : base + edit;
      assert.notEqual(entry(yaml), entry(base), edit);
    }
  });

  test('restart_dependents, build fields, order and comments do not', () => {
    assert.equal(entry(`${base}    restart_dependents: true\n    build_cmd: make\n    target: desktop\n`), entry(base));
    assert.equal(entry('services:\n  api:  # the API\n    port: 8100\n    readme: api/README.md\n'), entry(base));
  });
});

describe('reading the files again for an apply', () => {
  const reader = (files: Record<string, string>) => ({ readText: async (path: string) => files[path.replace('/eco/', '')] });
  const yaml = 'services:\n  db:\n    readme: db/README.md\n  api:\n    readme: api/README.md\n    depends_on: [db]\n';
  const bad = `${fence}python markpact:file path=/x.py\nx\n${fence}\n\n${readme({})}`;

  test("each service's inputs, its README's errors placed at file:line, and the files it is made from", async () => {
    const next = await readNext('/eco/eco.pactown.yaml', yaml, true, reader({ 'db/README.md': readme({}), 'api/README.md': bad }));
    assert.deepEqual(next.services.map((s) => [s.name, s.dependsOn]), [['db', []], ['api', ['db']]]);
    assert.deepEqual(next.errors.map((e) => [e.file, e.line, e.character, e.code, e.service]), [['api/README.md', 1, 30, 'unsafe-path', 'api']]);
    assert.deepEqual(next.inputFiles, ['/eco/eco.pactown.yaml', '/eco/db/README.md', '/eco/api/README.md']);
    assert.deepEqual([...next.models.keys()], ['db', 'api']);
  });

  test("an ecosystem file error is its own and comes first; what it says of a service's README is that service's, and comes after the READMEs' own", async () => {
    const next = await readNext('/eco/eco.pactown.yaml', `${yaml}    port: nope\n`, true, reader({ 'db/README.md': readme({}) }));
    assert.deepEqual(next.errors.map((e) => [e.file, e.code, e.service]), [['eco.pactown.yaml', 'invalid-value', undefined], ['eco.pactown.yaml', 'readme-not-found', 'api']]);
    const noRun = await readNext('/eco/eco.pactown.yaml', yaml, true, reader({ 'db/README.md': readme({}), 'api/README.md': `${fence}text markpact:file path=/x.txt\nx\n${fence}\n` }));
    assert.deepEqual(noRun.errors.map((e) => [e.file, e.code, e.service]), [['api/README.md', 'unsafe-path', 'api'], ['eco.pactown.yaml', 'readme-no-run', 'api']]);
  });
});

describe('when an apply is refused', () => {
  const error = (file: string, line: number, service?: string): PlacedError => ({ file, line, character: 1, code: 'unknown-kind', message: "unknown block kind 'fiel'", ...(service ? { service } : {}) });

  test('errors of a service being applied refuse it, naming the first', () => {
    assert.equal(refusal([error('api/README.md', 12, 'api')], new Set(['api'])), "not applied: 1 error in api/README.md (first: api/README.md:12:1 unknown-kind unknown block kind 'fiel')");
  });

  test("a README with errors that nothing applies does not hold the others back; the ecosystem file's errors always do", () => {
    assert.equal(refusal([error('db/README.md', 3, 'db')], new Set(['api'])), undefined);
    assert.match(refusal([error('eco.pactown.yaml', 2)], new Set())!, /^not applied: 1 error in eco\.pactown\.yaml/);
  });

  test('a README shared by two services counts its errors once; files are listed once each', () => {
    const errors = [error('x/README.md', 4, 'a'), error('x/README.md', 4, 'b'), error('x/README.md', 9, 'a'), error('eco.pactown.yaml', 1)];
    assert.match(refusal(errors, new Set(['a', 'b']))!, /^not applied: 3 errors in x\/README\.md, eco\.pactown\.yaml \(first: x\/README\.md:4:1 /);
  });
});

describe('the apply request and the restart_dependents field', () => {
  test("an apply request's files are absolute paths, a few, without NUL", () => {
    assert.deepEqual(parseRequest({ type: 'request', id: 1, op: 'apply', from: 'w', files: ['/w/api/README.md'] }), { type: 'request', id: 1, op: 'apply', from: 'w', files: ['/w/api/README.md'] });
    assert.deepEqual(parseRequest({ type: 'request', id: 1, op: 'apply', from: 'w' }), { type: 'request', id: 1, op: 'apply', from: 'w' });
    for (const files of ['/w/a.md', ['api/README.md'], ['/w/a\0b'], Array.from({ length: 101 }, (_, i) => `/w/${i}.md`), [`/${'x'.repeat(4096)}`]]) {
      assert.equal(parseRequest({ type: 'request', id: 1, op: 'apply', files }), undefined, JSON.stringify(files).slice(0, 40));
    }
  });

  test('restart_dependents is read as a boolean, described for hovers, and never unknown', () => {
    const parse = (value: string) => parseEcosystem(`services:\n  db:\n    readme: db/README.md\n    restart_dependents: ${value}\n`);
    assert.equal(parse('true').config.services[0].restartDependents, true);
    assert.equal(parseEcosystem('services:\n  db: {}\n').config.services[0].restartDependents, false);
    assert.deepEqual(parse('yes').problems, [], 'YAML 1.1, as PyYAML: yes is true');
    assert.deepEqual(parse('maybe').problems.map((p) => [p.code, p.severity]), [['invalid-value', 'warning']]);
    assert.match(findField('service', 'restart_dependents')!.doc, /the reference pactown ignores service keys it does not know/);
  });
});
