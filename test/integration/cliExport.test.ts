// `pactown export` (dist/cli.js) as a user runs it: the folder it writes, the sandbox files it
// copies (the same as a local run writes), offline wheels, re-runs, and its errors.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { ConfinedDir } from '../../core/runtime/confinedDir';
import { prepareService } from '../../core/runtime/prepareService';
import { SandboxLedger } from '../../core/runtime/sandboxLedger';
import { fence, pactown, scratchFolder } from './cliRun';
import { buildWheels } from './wheels';

const scratch = scratchFolder('pactown-cli-export-');
after(() => scratch.remove());

/** The examples folder, copied: the default output folder is written beside the ecosystem file. */
const examples = join(scratch.dir, 'examples');
cpSync('examples', examples, { recursive: true, filter: (path) => !path.includes('wheelhouse') });
const ecosystem = join(examples, 'bookshop.pactown.yaml');

/** Every file under a folder, relative to it, sorted. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

test('export compose writes the build contexts and compose.yaml into <folder>/<name>-compose, the files as a local run writes them', async () => {
  const result = pactown(scratch, 'export', 'compose', ecosystem);
  assert.equal(result.status, 0, result.stderr);
  const out = join(examples, 'bookshop-compose');
  assert.match(result.stdout, /exported 3 services to .*bookshop-compose: 9 written, 0 unchanged/);
  assert.deepEqual(tree(out), [
    '.gitignore', '.pactown-export.json', 'compose.yaml', 'inventory/Dockerfile', 'inventory/app/server.py',
    'quotes/Dockerfile', 'quotes/app/app.py', 'quotes/deps/requirements.txt', 'storefront/Dockerfile', 'storefront/app/server.js',
  ]);
  // The sandboxes a local run writes, for the services with nothing to install.
  const root = ConfinedDir.open(join(scratch.dir, 'sandboxes'), { create: true });
  try {
    for (const name of ['inventory', 'storefront']) {
      const ledger = new SandboxLedger(join(scratch.dir, 'runs'), ecosystem);
      const prepared = await prepareService({ name, readmePath: join(examples, name, 'README.md'), root, ledger, cacheDir: scratch.env.PACTOWN_CACHE_DIR!, env: scratch.env });
      const sandbox = tree(prepared.sandbox);
      assert.deepEqual(tree(join(out, name, 'app')), sandbox, name);
      for (const file of sandbox) assert.equal(readFileSync(join(out, name, 'app', file), 'utf8'), readFileSync(join(prepared.sandbox, file), 'utf8'));
    }
  } finally {
    root.close();
  }
  assert.equal(readFileSync(join(out, 'quotes/deps/requirements.txt'), 'utf8').split('\n').slice(1).join('\n'), 'markpact-demo-quotes==1.0.0\n');
});

test('--wheelhouse copies the wheels into the Python dependency layer and installs from them alone', () => {
  const wheels = join(scratch.dir, 'wheels');
  buildWheels(wheels);
  const out = join(scratch.dir, 'offline');
  const result = pactown(scratch, 'export', 'compose', ecosystem, '-o', out, '--wheelhouse', wheels, '--base-image', 'python=local/python:3', '--registry', 'registry.example/shop');
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(readdirSync(join(out, 'quotes/deps/wheelhouse')).sort(), readdirSync(wheels).filter((n) => n.endsWith('.whl')).sort());
  assert.equal(existsSync(join(out, 'inventory/deps')), false, 'nothing to install: no dependency layer');
  const dockerfile = readFileSync(join(out, 'quotes/Dockerfile'), 'utf8');
  assert.match(dockerfile, /^FROM local\/python:3$/m);
  assert.match(dockerfile, /pip install .*--no-index --find-links \/srv\/deps\/wheelhouse -r \/srv\/deps\/requirements\.txt/);
  assert.match(readFileSync(join(out, 'compose.yaml'), 'utf8'), /image: registry\.example\/shop\/bookshop-quotes/);
});

test('a re-export keeps what the user edited and says so; --force overwrites it', () => {
  const out = join(scratch.dir, 'rerun');
  assert.equal(pactown(scratch, 'export', 'k8s', ecosystem, '-o', out).status, 0);
  assert.ok(existsSync(join(out, 'k8s/kustomization.yaml')));
  writeFileSync(join(out, 'k8s/quotes.yaml'), 'kind: Mine\n');
  const again = pactown(scratch, 'export', 'k8s', ecosystem, '-o', out);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /0 written, \d+ unchanged\n {2}kept k8s\/quotes\.yaml: you edited it \(--force overwrites\)/);
  assert.equal(readFileSync(join(out, 'k8s/quotes.yaml'), 'utf8'), 'kind: Mine\n');
  const forced = pactown(scratch, 'export', 'k8s', ecosystem, '-o', out, '--force');
  assert.match(forced.stdout, /1 written/);
  assert.match(readFileSync(join(out, 'k8s/quotes.yaml'), 'utf8'), /kind: Deployment/);
});

test('a runtime without an image is an error naming the flag; nothing is written', () => {
  const dir = join(scratch.dir, 'go');
  mkdirSync(join(dir, 'gw'), { recursive: true });
  writeFileSync(join(dir, 'gw/README.md'), `${fence}go markpact:file path=main.go\npackage main\n${fence}\n\n${fence}bash markpact:run\ngo run main.go\n${fence}\n`);
  writeFileSync(join(dir, 'eco.pactown.yaml'), 'name: gateway\nservices:\n  gw:\n    port: 9000\n');
  const failed = pactown(scratch, 'export', 'compose', join(dir, 'eco.pactown.yaml'));
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /gw: no image for its runtime 'go': pass --base-image go=IMAGE/);
  assert.equal(existsSync(join(dir, 'gateway-compose')), false);
  const ok = pactown(scratch, 'export', 'compose', join(dir, 'eco.pactown.yaml'), '--base-image', 'go=golang:1.22');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /note: gw: its go image has no interpreter for a probe/);
});

test('a variable name an engine refuses stops the export: exit 1, the service, key and line named, the folder as it was', () => {
  const dir = join(scratch.dir, 'badenv');
  cpSync(examples, dir, { recursive: true, filter: (path) => !path.includes('-compose') && !path.includes('-k8s') });
  const eco = join(dir, 'bookshop.pactown.yaml');
  const out = join(dir, 'out');
  assert.equal(pactown(scratch, 'export', 'compose', eco, '-o', out).status, 0, 'a first export, to be left as it is');
  // A file of the user's in the folder, and what the first export wrote: the refused export touches neither.
  writeFileSync(join(out, 'canary.txt'), 'mine\n');
  const before = snapshot(out);
  const yaml = readFileSync(eco, 'utf8');
  const edited = yaml.replace(/^( +)env:\n/m, (line, indent: string) => `${line}${indent}  "A=B": x\n`);
  assert.notEqual(edited, yaml, 'the bookshop has an env: mapping to add to');
  writeFileSync(eco, edited);
  const failed = pactown(scratch, 'export', 'compose', eco, '-o', out, '--force');
  assert.equal(failed.status, 1, failed.stdout);
  const line = edited.split('\n').findIndex((l) => l.includes('"A=B"')) + 1;
  assert.match(failed.stderr, new RegExp(`cannot export one service; nothing was written:\\n {2}\\w+: env "A=B": '=' ends a variable's name: Compose and Kubernetes refuse it; rename the variable \\(line ${line}\\)`));
  assert.deepEqual(snapshot(out), before, 'nothing written, nothing removed');
  assert.equal(pactown(scratch, 'export', 'k8s', eco, '-o', join(dir, 'k8s')).status, 1);
  assert.equal(existsSync(join(dir, 'k8s')), false, 'no folder made for a refused export');
});

/** Every file under a folder with its content and modification time. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(tree(dir).map((file) => [file, `${statSync(join(dir, file)).mtimeMs} ${readFileSync(join(dir, file), 'utf8')}`]));
}

test('usage errors exit 2', () => {
  assert.equal(pactown(scratch, 'export', 'helm', ecosystem).status, 2);
  assert.equal(pactown(scratch, 'export', 'compose').status, 2);
  const bad = pactown(scratch, 'export', 'compose', ecosystem, '--base-image', 'golang:1.22');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /expected RUNTIME=IMAGE/);
});
