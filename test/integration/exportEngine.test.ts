// The exported bookshop, run under a real Docker engine on this machine: `pactown export compose`,
// then Debian's dockerd (started here, private) and docker-compose build it from base images made
// offline, start it, wait for every health check, and the services answer each other by name.
// Where the engine cannot start, these tests fail with the reason: they are never skipped.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { importBaseImages } from './engine/baseImages';
import { composeProject, type ComposeProject } from './engine/composeProject';
import { startEngine, type Engine } from './engine/dockerd';
import { waitFor } from '../../core/runtime/runProcesses';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../../scripts/freePorts.mjs';
// @ts-expect-error plain ESM scripts without type declarations
import { copyExamples } from '../../scripts/vscode-host/exampleWorkspace.mjs';

const cli = resolve('dist/cli.js');
const services = ['inventory', 'quotes', 'storefront'];
const inventoryReplicas = 2;
const scratch = mkdtempSync(join(tmpdir(), 'export-engine-'));
const out = join(scratch, 'bookshop');

let engine: Engine | undefined;
let startup: unknown;
let project: ComposeProject;
let ports: Record<string, number>;
let images: Record<string, string>;

/** The running engine; every test fails with the reason when it did not start (never skipped). */
function started(): Engine {
  if (startup !== undefined || !engine) throw startup ?? new Error('the engine did not start');
  return engine;
}

function bookshop(): ComposeProject {
  started();
  return project;
}

/** `GET url` from inside a container of the project (Python's urllib): status and body. */
function getFrom(container: string, url: string): { status: number; body: string } {
  const script = 'import sys, urllib.request, urllib.error\ntry:\n  r = urllib.request.urlopen(sys.argv[1], timeout=10)\nexcept urllib.error.HTTPError as e:\n  r = e\nprint(r.status)\nprint(r.read().decode())';
  const [status, ...body] = started().docker(['exec', container, 'python3', '-c', script, url]).split('\n');
  return { status: Number(status), body: body.join('\n') };
}

before(async () => {
  try {
    await startAndExport();
  } catch (error) {
    // Starting the engine is part of what is tested: a failure here fails every test below with its reason.
    startup = error;
  }
});

async function startAndExport(): Promise<void> {
  // The quotes service's wheel, built from examples/wheelhouse/src (PyPI is unreachable).
  const wheelhouse = dirname(execFileSync('python3', ['examples/wheelhouse/build.py'], { encoding: 'utf8' }).trim());
  // A copy of the bookshop on ports free now: they are published on the host, where a local run
  // of the example (a user's, another test's) may hold its own 8100–8102.
  copyExamples(join(scratch, 'examples'));
  const ecosystem = join(scratch, 'examples', 'bookshop.pactown.yaml');
  const yaml = readFileSync(ecosystem, 'utf8');
  assert.match(yaml, /^base_port: \d+$/m);
  // Two replicas of inventory: plain `docker-compose up` must start both (see the replicas test).
  const replicated = yaml.replace(/^base_port: \d+$/m, `base_port: ${await freePortRange(services.length)}`).replace(/^( {4}readme: inventory\/README\.md\n)/m, `$1    replicas: ${inventoryReplicas}\n`);
  assert.match(replicated, /^ {4}replicas: 2$/m);
  writeFileSync(ecosystem, replicated);
  engine = await startEngine();
  const base = await importBaseImages(engine);
  const exported = spawnSync(
    process.execPath,
    [cli, 'export', 'compose', ecosystem, '-o', out, '--base-image', `python=${base.python}`, '--base-image', `node=${base.node}`, '--wheelhouse', wheelhouse],
    { encoding: 'utf8' },
  );
  assert.equal(exported.status, 0, `pactown export failed: ${exported.stderr}`);
  const model = parse(readFileSync(join(out, 'compose.yaml'), 'utf8')) as { services: Record<string, { environment: Record<string, string>; image?: string }> };
  ports = Object.fromEntries(services.map((name) => [name, Number(model.services[name].environment.PORT)]));
  // docker-compose names an image <project>_<service> unless the file names it.
  images = Object.fromEntries(services.map((name) => [name, model.services[name].image ?? `bookshop_${name}`]));
  project = composeProject(engine, out, 'bookshop');
}

after(async () => {
  await engine?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the exported bookshop under a real Docker engine', () => {
  test('the engine runs with a storage driver and no default bridge', () => {
    const engine = started();
    assert.match(engine.storageDriver, /^(overlay2|vfs|fuse-overlayfs)$/);
    const networks = engine.docker(['network', 'ls', '--format', '{{.Name}}']).split('\n');
    assert.ok(!networks.includes('bridge'), `--bridge=none leaves no default bridge: ${networks.join(', ')}`);
  });

  test('compose build makes an image per service, the dependency layer installed from the wheelhouse', () => {
    bookshop().compose(['build']);
    const quotes = started().docker(['image', 'history', '--no-trunc', '--format', '{{.CreatedBy}}', images.quotes]);
    assert.match(quotes, /--no-index --find-links/, 'the quotes image installs its dependency offline');
  });

  test('up: every service becomes healthy by its own health check, the dependent started once its dependencies were healthy', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    bookshop().compose(['up', '--detach']);
    await bookshop().waitHealthy(services, 180_000);
    // The engine's own record of what happened, in order: health changes and starts, per container name.
    const history = started()
      .docker(['events', '--since', String(since), '--until', String(Math.ceil(Date.now() / 1000) + 1), '--filter', 'type=container', '--format', '{{.TimeNano}} {{.Actor.Attributes.name}} {{.Action}}'])
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' '));
    const when = (service: string, action: string) => history.find(([, name, ...rest]) => name.includes(`_${service}_`) && rest.join(' ') === action)?.[0];
    const storefrontStart = when('storefront', 'start');
    assert.ok(storefrontStart, `storefront started: ${history.map((h) => h.join(' ')).join('\n')}`);
    for (const dependency of ['inventory', 'quotes']) {
      const healthy = when(dependency, 'health_status: healthy');
      assert.ok(healthy && BigInt(healthy) <= BigInt(storefrontStart), `${dependency} was healthy before storefront started (service_healthy)`);
    }
  });

  test('replicas: 2 is two containers from a plain `docker-compose up` (no --compatibility), each healthy, both behind the service name', () => {
    const replicas = bookshop().containers('inventory');
    assert.equal(replicas.length, inventoryReplicas, 'deploy.replicas is honoured by docker-compose 1.29 as written');
    for (const id of replicas) assert.deepEqual(bookshop().state(id), { status: 'running', health: 'healthy' });
    // The engine's DNS answers the service name with every replica's address.
    const script = 'import socket, sys\nprint(len({a[4][0] for a in socket.getaddrinfo(sys.argv[1], int(sys.argv[2]), proto=socket.IPPROTO_TCP)}))';
    assert.equal(started().docker(['exec', bookshop().container('quotes'), 'python3', '-c', script, 'inventory', String(ports.inventory)]).trim(), String(inventoryReplicas));
  });

  test('the other form, `scale:` beside `deploy.replicas`, is refused by docker-compose 1.29: the export writes deploy.replicas alone', () => {
    const model = parse(readFileSync(join(out, 'compose.yaml'), 'utf8')) as { services: Record<string, Record<string, unknown>> };
    assert.deepEqual(model.services.inventory.deploy, { replicas: inventoryReplicas });
    assert.equal(model.services.inventory.scale, undefined);
    model.services.inventory.scale = inventoryReplicas;
    const both = join(out, 'compose.scale.yaml');
    writeFileSync(both, stringify(model));
    const result = spawnSync('docker-compose', ['--ansi', 'never', '-p', 'bookshop-scale', '-f', both, 'ps'], { env: started().env, encoding: 'utf8' });
    rmSync(both);
    assert.notEqual(result.status, 0, result.stdout);
    assert.match(result.stderr, /Both service\.scale and service\.deploy\.replicas are set/);
  });

  test('each service answers by its compose name from another container', () => {
    const from = bookshop().container('inventory');
    for (const name of services) assert.equal(getFrom(from, `http://${name}:${ports[name]}/health`).status, 200, `${name} /health`);
    const books = JSON.parse(getFrom(from, `http://inventory:${ports.inventory}/books`).body) as { title: string }[];
    assert.equal(books.length, 3);
    const quote = JSON.parse(getFrom(from, `http://quotes:${ports.quotes}/`).body) as { text: string };
    assert.ok(quote.text.length > 0, 'quotes answers from its installed wheel');
  });

  test('the storefront page shows the data of inventory and quotes, reached by service name', () => {
    const from = bookshop().container('quotes');
    const books = JSON.parse(getFrom(from, `http://inventory:${ports.inventory}/books`).body) as { title: string }[];
    const quote = JSON.parse(getFrom(from, `http://quotes:${ports.quotes}/`).body) as { text: string };
    const page = getFrom(from, `http://storefront:${ports.storefront}/`);
    assert.equal(page.status, 200, page.body);
    for (const book of books) assert.ok(page.body.includes(book.title), `the page lists ${book.title}`);
    assert.ok(page.body.includes(quote.text), 'the page shows the quote of the day');
  });

  test('a published port answers from the host', async () => {
    const [host, port] = bookshop().compose(['port', 'storefront', String(ports.storefront)]).trim().split(/:(?=\d+$)/);
    assert.ok(port, `storefront publishes ${ports.storefront}`);
    const response = await fetch(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/health`);
    assert.equal(response.status, 200);
  });

  test('without an init, as in a Kubernetes pod, a stop reaches the run command: TERM, not the SIGKILL after the grace period', async () => {
    const name = 'bookshop-stop-check';
    started().docker(['run', '--detach', '--name', name, '--network', 'none', '--env', 'PORT=8080', '--env', 'HOST=127.0.0.1', images.inventory]);
    try {
      const answers = () => {
        try {
          return getFrom(name, 'http://127.0.0.1:8080/health').status === 200;
        } catch {
          return false; // not listening yet
        }
      };
      assert.ok(await waitFor(answers, 60_000), 'inventory answers in its own container');
      started().docker(['stop', '--time', '60', name]);
      const code = started().docker(['inspect', '--format', '{{.State.ExitCode}}', name]).trim();
      assert.equal(code, '143', 'the trap forwarded TERM and exited 143 (137 would be the SIGKILL at the end of the grace period)');
    } finally {
      started().docker(['rm', '--force', name]);
    }
  });

  test('down removes every container and the network; the engine stops and leaves nothing', async () => {
    bookshop().compose(['down', '--volumes', '--rmi', 'all']);
    assert.deepEqual(started().docker(['ps', '--all', '--quiet']).trim(), '');
    assert.ok(!started().docker(['network', 'ls', '--format', '{{.Name}}']).includes('bookshop'), 'the project network is gone');
    const pid = Number(readFileSync(join(started().dir, 'docker.pid'), 'utf8'));
    await started().stop();
    assert.throws(() => process.kill(pid, 0), 'dockerd has exited');
    assert.ok(!existsSync(started().dir), 'the engine folder is removed');
  });
});
