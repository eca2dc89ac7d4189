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
      "A=B": x
  gw:
    readme: gw/README.md
    port: 9001
    depends_on:
      - {name: api, env_var: API_ADDR, endpoint: "http://localhost:9000"}
      - {name: api, env_var: "api-addr"}
`;

/** The export hints on the ecosystem file, with the settings given: [code, the text it points at]. */
async function hints(settings: { exportCheck: boolean; exportBaseImages?: Record<string, string> }) {
  const { service, open } = serviceOn(ws, ws.path('.no-cache'), settings);
  const { doc } = open('hints.pactown.yaml', yaml);
  const problems = await service.problems(doc);
  const text = doc.getText();
  return problems.filter((p) => p.code.startsWith('export-')).map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.end)]);
}

test('with markpact.export.check on: a localhost endpoint, a plain secret, a runtime without an image and a refused variable name are hints, at their place', async () => {
  assert.deepEqual(await hints({ exportCheck: true }), [
    ['export-plain-secret', 'hint', 'hunter2'],
    ['export-env-name', 'hint', '"A=B"'],
    ['export-no-image', 'hint', 'gw'],
    ['export-local-endpoint', 'hint', '{name: api, env_var: API_ADDR, endpoint: "http://localhost:9000"}'],
    ['export-env-name', 'hint', '{name: api, env_var: "api-addr"}'],
  ]);
});

test('off (the default): none of them', async () => {
  assert.deepEqual(await hints({ exportCheck: false }), []);
});

test('a runtime given an image in the settings is not hinted', async () => {
  assert.deepEqual((await hints({ exportCheck: true, exportBaseImages: { go: 'golang:1.22' } })).map(([code]) => code), ['export-plain-secret', 'export-env-name', 'export-local-endpoint', 'export-env-name']);
});

test("a refused name's hint says why and that the export stops on it", async () => {
  const { service, open } = serviceOn(ws, ws.path('.no-cache'), { exportCheck: true });
  const { doc } = open('hints.pactown.yaml', yaml);
  const messages = (await service.problems(doc)).filter((p) => p.code === 'export-env-name').map((p) => p.message);
  assert.deepEqual(messages, [
    `env "A=B": '=' ends a variable's name: Compose and Kubernetes refuse it; rename the variable. An export refuses it (nothing is written)`,
    `env "api-addr": '-' is not a letter, digit or '_': the image's sh (dash) drops the variable before the service starts; change its env_var. An export refuses it (nothing is written)`,
  ]);
});
