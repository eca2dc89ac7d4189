import assert from 'node:assert/strict';
import test from 'node:test';
import { checkReadme } from '../../core/diagnostics/readme';
import { validateEcosystem } from '../../core/diagnostics/validateEcosystem';
import { validateReadme } from '../../core/diagnostics/validateReadme';
import { parseMarkpact } from '../../core/markpact/parse';
import { parseEcosystem } from '../../core/pactown/parse';
import { serviceEnv } from '../../core/runtime/serviceEnv';

const fence = '```';
const block = (info: string, body: string) => `${fence}${info}\n${body}\n${fence}`;
const md = (...parts: string[]) => parts.join('\n\n') + '\n';
const at = (text: string, needle: string, from = 0) => ({ start: text.indexOf(needle, from), end: text.indexOf(needle, from) + needle.length });
const codes = (text: string, code: string) => checkReadme(parseMarkpact(text)).filter((p) => p.code === code);
const uvicorn = md(block('text markpact:deps python', 'fastapi'), block('bash markpact:run', 'uvicorn main:app --host 0.0.0.0 --port 8000 --reload'));

test('a README alone: a literal port other than 8000 is reported at its digits, with the replacement', () => {
  const text = md(block('bash markpact:run', 'uvicorn main:app --port 5000'));
  const [problem, ...rest] = codes(text, 'hard-coded-port');
  assert.equal(rest.length, 0);
  assert.deepEqual([problem.severity, problem.span], ['warning', at(text, '5000')]);
  assert.match(problem.message, /^hard-coded port 5000, but pactown run and this extension run a README on its own on port 8000; pactown rewrites --port 5000 to 8000/);
  assert.deepEqual(problem.data, { replacement: '${MARKPACT_PORT:-5000}' });
  assert.deepEqual(codes(uvicorn, 'hard-coded-port'), [], 'the port it is run on is what the README means');
});

test('an ecosystem port: the README used by it gets the diagnostic, naming the service', async () => {
  const problems = await validateReadme('/eco/api/README.md', parseMarkpact(uvicorn), { readText: async () => undefined }, {
    users: [{ path: '/eco/shop.pactown.yaml', service: 'api', span: { start: 0, end: 3 }, port: 18400 }],
  });
  const port = problems.find((p) => p.code === 'hard-coded-port')!;
  assert.deepEqual(port.span, at(uvicorn, '8000'));
  assert.match(port.message, /^hard-coded port 8000, but 'api' in shop\.pactown\.yaml runs it on port 18400;/);
});

test('file blocks: app.run(port=N) gets a replacement that reads PORT, importing os when needed; listen(N) too', () => {
  const py = md(block('python markpact:file path=app.py', 'from flask import Flask\napp.run(host="0.0.0.0", port=5000)'), block('bash markpact:run', 'python app.py'));
  const [flask] = codes(py, 'hard-coded-port');
  assert.deepEqual(flask.span, at(py, '5000'));
  assert.match(flask.message, /nothing rewrites it: the service listens on 5000, never answers on 8000/);
  assert.deepEqual(flask.data, { replacement: 'int(os.environ.get("PORT", 5000))', prepend: { at: py.indexOf('from flask'), text: 'import os\n' } });
  const js = md(block('javascript markpact:file path=server.js', 'app.listen(3000)'), block('bash markpact:run', 'node server.js'));
  assert.deepEqual(codes(js, 'hard-coded-port').map((p) => p.data), [{ replacement: 'process.env.PORT || 3000' }]);
});

test('uvicorn-reload: a hint on --reload, deleting it with the space before it', () => {
  const [reload] = codes(uvicorn, 'uvicorn-reload');
  assert.deepEqual([reload.severity, reload.span], ['hint', at(uvicorn, '--reload')]);
  assert.deepEqual(reload.data, { deleteFrom: uvicorn.indexOf('--reload') - 1 });
  assert.deepEqual(codes(md(block('bash markpact:run', 'flask run --reload')), 'uvicorn-reload'), []);
});

test('the ecosystem: hard-coded-port at the readme: line when the README hard-codes another port, with the README range', async () => {
  const yaml = 'services:\n  api:\n    readme: api/README.md\n    port: 18400\n  ok:\n    readme: ok/README.md\n';
  const files: Record<string, string> = { '/eco/api/README.md': uvicorn, '/eco/ok/README.md': md(block('bash markpact:run', 'uvicorn main:app --port $PORT')) };
  const problems = (await validateEcosystem('/eco/eco.pactown.yaml', parseEcosystem(yaml), { readText: async (p) => files[p] })).filter((p) => p.code === 'hard-coded-port');
  assert.equal(problems.length, 1);
  const [problem] = problems;
  assert.deepEqual([problem.source, problem.severity, problem.span], ['pactown', 'warning', at(yaml, 'api/README.md')]);
  assert.match(problem.message, /^'api' gets its port: 18400 here, but api\/README\.md line 6 hard-codes 8000/);
  const line = uvicorn.split('\n')[5];
  assert.deepEqual(problem.data, {
    path: '/eco/api/README.md', replacement: '${MARKPACT_PORT:-8000}',
    range: { start: { line: 5, character: line.indexOf('8000') }, end: { line: 5, character: line.indexOf('8000') + 4 } },
  });
});

test('a dependency named with a space: its dependents get the derived prefix', () => {
  const { config } = parseEcosystem('services:\n  my api: {port: 9100}\n  web:\n    depends_on: [my api]\n');
  const web = config.services.find((s) => s.name === 'web')!;
  const env = serviceEnv({ base: {}, service: web, port: 9101, running: new Map([['my api', { name: 'my api', port: 9200 }]]) });
  assert.equal(env.MY_API_URL, 'http://127.0.0.1:9200');
  assert.equal(env['MY API_URL'], undefined, '/bin/sh would drop it');
  assert.equal(env.MY_API_PORT, '9200');
});
