import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { fence, tempWorkspace } from '../server/fixtures';
import { serviceOn } from './serviceFixture';

const ws = tempWorkspace({
  'api/README.md': `${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n`,
  'gw/README.md': `${fence}go markpact:file path=main.go\npackage main\n${fence}\n\n${fence}bash markpact:run\ngo run main.go\n${fence}\n`,
});
after(() => ws.remove());

const yaml = `name: hints
services:
  api:
    readme: api/README.md
    port: 9000
    env:
      DB_PASSWORD: hunter2
      TOKEN_COUNT: "3"
  gw:
    readme: gw/README.md
    port: 9001
    depends_on:
      - {name: api, env_var: API_ADDR, endpoint: "http://localhost:9000"}
`;

/** The export hints on the ecosystem file, with the settings given: [code, the text it points at]. */
async function hints(settings: { exportCheck: boolean; exportBaseImages?: Record<string, string> }) {
  const { service, open } = serviceOn(ws, ws.path('.no-cache'), settings);
  const { doc } = open('hints.pactown.yaml', yaml);
  const problems = await service.problems(doc);
  const text = doc.getText();
  return problems.filter((p) => p.code.startsWith('export-')).map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.end)]);
}

test('with markpact.export.check on: a localhost endpoint, a plain secret and a runtime without an image are hints, at their place', async () => {
  assert.deepEqual(await hints({ exportCheck: true }), [
    ['export-plain-secret', 'hint', 'hunter2'],
    ['export-no-image', 'hint', 'gw'],
    ['export-local-endpoint', 'hint', '{name: api, env_var: API_ADDR, endpoint: "http://localhost:9000"}'],
  ]);
});

test('off (the default): none of them', async () => {
  assert.deepEqual(await hints({ exportCheck: false }), []);
});

test('a runtime given an image in the settings is not hinted', async () => {
  assert.deepEqual((await hints({ exportCheck: true, exportBaseImages: { go: 'golang:1.22' } })).map(([code]) => code), ['export-plain-secret', 'export-local-endpoint']);
});
