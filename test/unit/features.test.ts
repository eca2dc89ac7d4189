import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CodeActionKind, type CompletionItem, type Diagnostic, type DocumentSymbol, type Hover, type Location, type MarkupContent, type TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { depsHash, normalizeRequirements } from '../../core/cache/key';
import type { CacheRecord } from '../../core/cache/record';
import { largeReadme } from '../../bench/largeReadme';
import { fence, tempWorkspace } from '../server/fixtures';
import { CURSOR, serviceOn } from './serviceFixture';
import { RenameRefused } from '../../server/src/service/features/rename';


const apiReadme = [
  '# API',
  '',
  `${fence}python markpact:file path=main.py`,
  'from fastapi import FastAPI',
  'app = FastAPI()',
  fence,
  '',
  `${fence}python markpact:file path=app/util.py`,
  'X = 1',
  fence,
  '',
  `${fence}text markpact:deps python`,
  'fastapi>=0.110',
  fence,
  '',
  `${fence}bash markpact:run`,
  'uvicorn main:app --port $PORT',
  fence,
  '',
  '<!-- markpact:include path=part.md -->',
  '',
].join('\n');

const flaskReadme = [
  '# Flask',
  '',
  `${fence}text markpact:deps python`,
  'Flask==3.0',
  fence,
  '',
  `${fence}bash markpact:run`,
  'gunicorn app:app',
  fence,
  '',
].join('\n');

const ecosystem = [
  'name: shop',
  'base_port: 8000',
  'services:',
  '  api:',
  '    readme: api/README.md',
  '    port: 8101',
  '  web:',
  '    readme: web/README.md',
  '    depends_on:',
  '      - api',
  '  worker:',
  '    readme: worker/README.md',
  '    depends_on: [api]',
  '',
].join('\n');

const ws = tempWorkspace({
  'api/README.md': apiReadme,
  'api/main.py': 'print(1)\n',
  'api/static/index.html': '<p>hi</p>\n',
  'api/node_modules/left-pad/index.js': 'module.exports = 1;\n',
  'api/part.md': `${fence}bash markpact:test shell\ntrue\n${fence}\n`,
  'web/README.md': `# Web\n\n${fence}html markpact:file path=index.html\n<p>web</p>\n${fence}\n\n${fence}bash markpact:run\npython -m http.server $PORT\n${fence}\n`,
  'flask/README.md': flaskReadme,
  'docs/guide.markdown': '# Guide\n',
  'shop.pactown.yaml': ecosystem,
});
const cacheDir = join(ws.root, '.cache-dir');
const emptyCacheDir = join(ws.root, '.empty-cache');

function writeRecord(dir: string, record: CacheRecord): void {
  mkdirSync(join(dir, 'index'), { recursive: true });
  writeFileSync(join(dir, 'index', `${record.key}.json`), JSON.stringify(record));
}

// The api README installs fastapi plus the uvicorn its run command needs (added implicitly).
const apiRequirements = normalizeRequirements('python', ['fastapi>=0.110', 'uvicorn']);
writeRecord(cacheDir, {
  format: 1,
  key: 'a1b2c3d4e5f60718',
  ecosystem: 'python',
  depsHash: depsHash('python', apiRequirements),
  requirements: apiRequirements,
  runtime: { name: 'python', path: '/usr/bin/python3', version: '3.11.7' },
  platform: 'linux-x64',
  sizeBytes: 52_428_800,
  createdAt: '2024-05-01T10:00:00.000Z',
  lastUsedAt: '2024-05-03T12:30:00.000Z',
  hits: 7,
});
writeRecord(cacheDir, {
  format: 1,
  key: 'ffff000011112222',
  ecosystem: 'node',
  depsHash: depsHash('node', ['express@4']),
  requirements: ['express@4'],
  runtime: { name: 'node', version: '20' },
  platform: 'linux-x64',
  sizeBytes: 1024,
  createdAt: '2024-05-01T10:00:00.000Z',
  lastUsedAt: '2024-05-01T10:00:00.000Z',
  hits: 0,
});
writeRecord(cacheDir, {
  format: 1,
  key: '9999888877776666',
  ecosystem: 'python',
  depsHash: depsHash('python', ['pydantic==2.7', 'requests[socks]>=2']),
  requirements: ['pydantic==2.7', 'requests[socks]>=2'],
  runtime: { name: 'python', path: '/usr/bin/python3', version: '3.12.1' },
  platform: 'linux-x64',
  sizeBytes: 10,
  createdAt: '2024-05-01T10:00:00.000Z',
  lastUsedAt: '2024-05-01T10:00:00.000Z',
  hits: 1,
});

after(() => ws.remove());

function makeService(cacheDirectory = cacheDir) {
  return serviceOn(ws, cacheDirectory);
}

async function labelsAt(name: string, text: string, cacheDirectory?: string): Promise<string[]> {
  const { service, open } = makeService(cacheDirectory);
  const { doc, position } = open(name, text);
  const list = await service.completion(doc, position);
  return (list?.items ?? []).map((i) => i.label);
}

async function itemsAt(name: string, text: string): Promise<{ items: CompletionItem[]; doc: TextDocument }> {
  const { service, open } = makeService();
  const { doc, position } = open(name, text);
  return { items: (await service.completion(doc, position))?.items ?? [], doc };
}

async function hoverAt(name: string, text: string, cacheDirectory?: string): Promise<string> {
  const { service, open } = makeService(cacheDirectory);
  const { doc, position } = open(name, text);
  const hover: Hover | null = await service.hover(doc, position);
  return hover ? (hover.contents as MarkupContent).value : '';
}

/** Applies TextEdits (non-overlapping) to a document's text. */
function applyEdits(doc: TextDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(doc, edits);
}

describe('completion in READMEs', () => {
  test('block kinds after markpact:, with their docs', async () => {
    const { items, doc } = await itemsAt('a/README.md', `# A\n\n${fence}python markpact:fi${CURSOR}\n${fence}\n`);
    const file = items.find((i) => i.label === 'file');
    assert.ok(file, 'file is offered');
    assert.deepEqual(new Set(items.map((i) => i.label)), new Set(['deps', 'file', 'run', 'test', 'build', 'target', 'publish', 'bootstrap', 'health', 'healthcheck', 'orchestration', 'state', 'config', 'steps', 'rollback']));
    assert.match((file.documentation as MarkupContent).value, /path=/);
    // The block is closed already: the header gets its path= as a tab stop, and no second closing fence.
    assert.equal(applyEdits(doc, [file.textEdit as TextEdit]), `# A\n\n${fence}python markpact:file path=\${1:main.py}\n${fence}\n`);
  });

  test('fence languages at the start of the info string, even with only the fence typed', async () => {
    const bare = await labelsAt('a/README.md', `# A\n\n${fence}${CURSOR}\n`);
    for (const lang of ['python', 'javascript', 'node', 'bash', 'text', 'json', 'yaml', 'toml', 'go', 'rust', 'php', 'dockerfile']) assert.ok(bare.includes(lang), lang);
    const { items, doc } = await itemsAt('a/README.md', `${fence}py${CURSOR}`);
    const python = items.find((i) => i.label === 'python')!;
    assert.equal(applyEdits(doc, [python.textEdit as TextEdit]), `${fence}python`);
  });

  test('the marker word is offered after the language', async () => {
    const labels = await labelsAt('a/README.md', `${fence}python mark${CURSOR}\n`);
    assert.ok(labels.includes('markpact:file'));
    assert.ok(labels.includes('markpact:deps'));
    assert.ok(!labels.includes('python'));
  });

  test('attributes and scope words per kind, not repeated', async () => {
    assert.deepEqual(await labelsAt('a/README.md', `${fence}python markpact:file ${CURSOR}\n`), ['path=', 'template=true', 'sha256=e3b0c44298fc']);
    // sha256= comes with the hash of the block's body, as markpact sync --hash writes it.
    assert.deepEqual(await labelsAt('a/README.md', `${fence}python markpact:file path=a.py template=true ${CURSOR}\nprint(1)\n${fence}\n`), [`sha256=${createHash('sha256').update('print(1)').digest('hex').slice(0, 12)}`]);
    assert.deepEqual((await labelsAt('a/README.md', `${fence}text markpact:deps ${CURSOR}\n`)).sort(), ['node', 'python', 'scope=dev']);
    assert.deepEqual(await labelsAt('a/README.md', `${fence}text markpact:deps python ${CURSOR}\n`), ['scope=dev']);
    assert.deepEqual((await labelsAt('a/README.md', `${fence}text markpact:test ${CURSOR}\n`)).sort(), ['http', 'shell']);
    assert.deepEqual(await labelsAt('a/README.md', `${fence}python markpact:file path=a.py template=true sha256=0 ${CURSOR}\n`), []);
    assert.deepEqual(await labelsAt('a/README.md', `${fence}bash markpact:run ${CURSOR}\n`), []);
  });

  test('path= offers files beside the README and paths of other file blocks', async () => {
    const text = apiReadme.replace(`${fence}python markpact:file path=main.py`, `${fence}python markpact:file path=${CURSOR}`);
    const labels = await labelsAt('api/README.md', text);
    for (const expected of ['main.py', 'static/index.html', 'part.md', 'app/util.py']) assert.ok(labels.includes(expected), expected);
    assert.ok(!labels.some((l) => l.includes('node_modules')), 'node_modules is skipped');
    assert.ok(!labels.includes('README.md'), 'the README itself is not offered');
    assert.equal(new Set(labels).size, labels.length, 'no duplicates');
  });

  test('deps lines offer package names from the cache index of the same ecosystem, minus listed ones', async () => {
    const python = await labelsAt('a/README.md', `${fence}text markpact:deps python\nfastapi\nreq${CURSOR}\n${fence}\n`);
    assert.ok(python.includes('requests'));
    assert.ok(python.includes('pydantic'));
    assert.ok(python.includes('uvicorn'));
    assert.ok(!python.includes('fastapi'), 'already listed');
    assert.ok(!python.includes('express'), 'a node package');
    const node = await labelsAt('a/README.md', `${fence}node markpact:deps\n${CURSOR}\n${fence}\n`);
    assert.deepEqual(node, ['express']);
    assert.equal(await labelsAt('a/README.md', `${fence}text markpact:deps python\n${CURSOR}\n${fence}\n`, emptyCacheDir).then((l) => l.length), 0);
  });

  test('nothing in prose, in non-deps bodies or on closing fences', async () => {
    assert.deepEqual(await labelsAt('a/README.md', `# Title\n\nSome ${CURSOR}prose\n`), []);
    assert.deepEqual(await labelsAt('a/README.md', `${fence}bash markpact:run\npy${CURSOR}\n${fence}\n`), []);
    assert.deepEqual(await labelsAt('a/README.md', `${fence}bash markpact:run\npython x\n${fence}${CURSOR}\n`), []);
  });
});

describe('completion in ecosystem files', () => {
  test('top-level keys with docs, without the ones present', async () => {
    const { items } = await itemsAt('x.pactown.yaml', `name: shop\n${CURSOR}\nservices: {}\n`);
    const labels = items.map((i) => i.label);
    for (const key of ['version', 'description', 'base_port', 'sandbox_root', 'registry']) assert.ok(labels.includes(key), key);
    assert.ok(!labels.includes('name') && !labels.includes('services'));
    assert.ok((items.find((i) => i.label === 'base_port')!.documentation as MarkupContent).value.includes('8000'));
  });

  test('service keys on half-typed input', async () => {
    const labels = await labelsAt('x.pactown.yaml', `services:\n  api:\n    dep${CURSOR}`);
    assert.ok(labels.includes('depends_on'));
    assert.ok(labels.includes('readme'));
    const { items } = await itemsAt('x.pactown.yaml', `services:\n  api:\n    dep${CURSOR}`);
    assert.equal((items.find((i) => i.label === 'depends_on')!.textEdit as TextEdit).newText, 'depends_on:\n      - $0');
    assert.deepEqual((await labelsAt('x.pactown.yaml', `services:\n  api:\n    target: ${CURSOR}`)).sort(), ['desktop', 'mobile', 'web']);
    const present = await labelsAt('x.pactown.yaml', `services:\n  api:\n    readme: a.md\n    ${CURSOR}\n    port: 1\n`);
    assert.ok(!present.includes('readme') && !present.includes('port'));
    assert.ok(present.includes('health_check'));
  });

  test('registry and depends_on mapping keys', async () => {
    const registry = await labelsAt('x.pactown.yaml', `registry:\n  url: http://x\n  ${CURSOR}\n`);
    assert.ok(registry.includes('namespace') && !registry.includes('url'));
    const dep = await labelsAt('x.pactown.yaml', `services:\n  api:\n    depends_on:\n      - name: db\n        ${CURSOR}\n  db: {}\n`);
    assert.ok(dep.includes('version') && dep.includes('registry'));
    assert.ok(!dep.includes('name'));
  });

  test('service names in depends_on, without the service itself', async () => {
    const items = await labelsAt('shop.pactown.yaml', ecosystem.replace('      - api', `      - api\n      - ${CURSOR}`));
    assert.deepEqual(items.sort(), ['worker']);
    const flow = await labelsAt('shop.pactown.yaml', ecosystem.replace('depends_on: [api]', `depends_on: [${CURSOR}]`));
    assert.deepEqual(flow.sort(), ['api', 'web']);
    const mapping = await labelsAt('shop.pactown.yaml', ecosystem.replace('      - api', `      - name: ${CURSOR}`));
    assert.deepEqual(mapping.sort(), ['api', 'worker']);
  });

  test('README paths in readme:', async () => {
    const { items, doc } = await itemsAt('shop.pactown.yaml', ecosystem.replace('readme: web/README.md', `readme: ${CURSOR}`));
    const labels = items.map((i) => i.label);
    for (const expected of ['api/README.md', 'web/README.md', 'flask/README.md', 'docs/guide.markdown', 'api/part.md']) assert.ok(labels.includes(expected), expected);
    assert.ok(!labels.some((l) => l.endsWith('.py') || l.includes('node_modules')));
    const web = items.find((i) => i.label === 'web/README.md')!;
    assert.ok(applyEdits(doc, [web.textEdit as TextEdit]).includes('    readme: web/README.md\n'));
  });
});

describe('hover', () => {
  test('on a kind, the marker, and path=', async () => {
    assert.match(await hoverAt('a/README.md', `${fence}bash markpact:r${CURSOR}un\nx\n${fence}\n`), /markpact:run.*\/bin\/sh -c/s);
    assert.match(await hoverAt('a/README.md', `${fence}bash mark${CURSOR}pact:run\nx\n${fence}\n`), /markpact block/);
    assert.match(await hoverAt('a/README.md', `${fence}python markpact:fiel${CURSOR}\nx\n${fence}\n`), /Did you mean `file`/);
    const path = await hoverAt('a/README.md', `${fence}python markpact:file pa${CURSOR}th=./app//main.py\nx\n${fence}\n`);
    assert.match(path, /<sandbox>\/app\/main\.py/);
    assert.match(await hoverAt('a/README.md', `${fence}python markpact:file path=../${CURSOR}x.py\nx\n${fence}\n`), /climbs out/);
  });

  test('on a deps line: the package, and the cache entry of the README\'s dependency set', async () => {
    const text = apiReadme.replace('fastapi>=0.110', `fast${CURSOR}api>=0.110`);
    const value = await hoverAt('api/README.md', text);
    assert.match(value, /\*\*fastapi\*\*.*spec `>=0\.110`/);
    assert.match(value, /\*\*cached\*\*/);
    // One identity for the dependency set, cached or not; the environment is that set built for one runtime.
    const set = /- dependency set `([0-9a-f]{16})`/.exec(value)?.[1];
    assert.ok(set, value);
    assert.match(value, /- environment `a1b2c3d4e5f60718`: this set built for python 3\.11\.7/);
    assert.match(value, /50\.0 MB/);
    assert.match(value, /2024-05-01 10:00 UTC/);
    assert.match(value, /7 hits/);
    assert.match(value, /`uvicorn` added for the run command/);
  });

  test('on a deps line whose set is not cached', async () => {
    const value = await hoverAt('flask/README.md', flaskReadme.replace('Flask==3.0', `Fl${CURSOR}ask==3.0`));
    assert.match(value, /normalised name `flask`/);
    assert.match(value, /not cached\*\* — first run installs 2 packages/);
    const empty = await hoverAt('api/README.md', apiReadme.replace('fastapi>=0.110', `fast${CURSOR}api>=0.110`), emptyCacheDir);
    assert.match(empty, /not cached/);
    const cached = await hoverAt('api/README.md', apiReadme.replace('fastapi>=0.110', `fast${CURSOR}api>=0.110`));
    assert.equal(/- dependency set `([0-9a-f]{16})`/.exec(empty)?.[1], /- dependency set `([0-9a-f]{16})`/.exec(cached)?.[1], 'the same set, the same identity');
  });

  test('on a deps line of a Go (or other non-Python, non-Node) README: the cache handles Python and Node only', async () => {
    const go = `# Go\n\n${fence}text markpact:deps\ngithub.com/go-chi/chi${CURSOR}/v5\n${fence}\n\n${fence}bash markpact:run\ngo run main.go\n${fence}\n`;
    assert.match(await hoverAt('go/README.md', go), /The dependency cache handles Python and Node only: this README runs `go` \(Go\), whose own tool fetches its dependencies/);
    const goDeps = `# Go\n\n${fence}go markpact:deps\nchi${CURSOR}\n${fence}\n`;
    assert.match(await hoverAt('go2/README.md', goDeps), /handles Python and Node only: a `go` deps block is installed with pip as pactown does/);
    assert.doesNotMatch(await hoverAt('flask/README.md', flaskReadme.replace('Flask==3.0', `Fl${CURSOR}ask==3.0`)), /Python and Node only/);
  });

  test('on YAML keys: docs, default and effective values', async () => {
    const auto = await hoverAt('shop.pactown.yaml', ecosystem.replace('  web:', `  w${CURSOR}eb:`));
    assert.match(auto, /auto: base_port 8000 \+ index 1 = 8001/);
    const explicit = await hoverAt('shop.pactown.yaml', ecosystem.replace('    port: 8101', `    po${CURSOR}rt: 8101`));
    assert.match(explicit, /8101.*explicit/);
    const base = await hoverAt('shop.pactown.yaml', ecosystem.replace('base_port: 8000', `base_po${CURSOR}rt: 8000`));
    assert.match(base, /8000/);
    assert.match(await hoverAt('shop.pactown.yaml', ecosystem.replace('name: shop', `na${CURSOR}me: shop`)), /Effective: `shop`/);
  });

  test('on a depends_on name and on readme:', async () => {
    const dep = await hoverAt('shop.pactown.yaml', ecosystem.replace('      - api', `      - a${CURSOR}pi`));
    assert.match(dep, /8101/);
    assert.match(dep, /api\/README\.md/);
    const readme = await hoverAt('shop.pactown.yaml', ecosystem.replace('readme: api/README.md', `readme: api/READ${CURSOR}ME.md`));
    assert.match(readme, /exists/);
    assert.match(readme, /uvicorn main:app --port \$PORT/);
    const missing = await hoverAt('shop.pactown.yaml', ecosystem.replace('readme: worker/README.md', `readme: worker/READ${CURSOR}ME.md`));
    assert.match(missing, /not found/);
  });
});

describe('definition and document links', () => {
  test('readme:, depends_on and include paths lead somewhere; path= does not', async () => {
    const { service, open } = makeService();
    const yaml = open('shop.pactown.yaml', ecosystem.replace('readme: api/README.md', `readme: api/RE${CURSOR}ADME.md`));
    assert.equal((await service.definition(yaml.doc, yaml.position) as Location).uri, ws.uri('api/README.md'));
    const dep = open('shop.pactown.yaml', ecosystem.replace('      - api', `      - a${CURSOR}pi`));
    const target = (await service.definition(dep.doc, dep.position)) as Location;
    assert.equal(target.uri, dep.doc.uri);
    assert.deepEqual(target.range.start, { line: 3, character: 2 });
    const readme = open('api/README.md', apiReadme.replace('path=part.md', `path=pa${CURSOR}rt.md`));
    assert.equal((await service.definition(readme.doc, readme.position) as Location).uri, ws.uri('api/part.md'));
    const file = open('api/README.md', apiReadme.replace('path=main.py', `path=ma${CURSOR}in.py`));
    assert.equal(await service.definition(file.doc, file.position), null);
  });

  test('links only to targets that exist', async () => {
    const { service, open } = makeService();
    const yaml = open('shop.pactown.yaml', ecosystem);
    const links = await service.documentLinks(yaml.doc);
    assert.deepEqual(links.map((l) => l.target).sort(), [ws.uri('api/README.md'), ws.uri('web/README.md')]);
    const readme = open('api/README.md', `${apiReadme}\n<!-- markpact:include path=missing.md -->\n`);
    assert.deepEqual((await service.documentLinks(readme.doc)).map((l) => l.target), [ws.uri('api/part.md')]);
  });
});

describe('document symbols', () => {
  test('README blocks, flat, named by kind and path', () => {
    const { service, open } = makeService();
    const { doc } = open('api/README.md', apiReadme);
    const names = service.documentSymbols(doc).map((s) => s.name);
    assert.deepEqual(names, ['file main.py', 'file app/util.py', 'deps (python)', 'run', 'include part.md']);
    const plain = open('notes.md', '# Notes\n\n```python\nprint(1)\n```\n');
    assert.deepEqual(service.documentSymbols(plain.doc), []);
  });

  test('ecosystem, services and their fields', () => {
    const { service, open } = makeService();
    const { doc } = open('shop.pactown.yaml', ecosystem);
    const [root] = service.documentSymbols(doc);
    assert.equal(root.name, 'shop');
    assert.deepEqual(root.children!.map((s) => s.name), ['api', 'web', 'worker']);
    const web = root.children![1];
    assert.equal(web.detail, 'port 8001 (auto)');
    assert.deepEqual(web.children!.map((c: DocumentSymbol) => c.name), ['readme', 'depends_on']);
    assert.deepEqual(web.children![1].children!.map((c: DocumentSymbol) => c.name), ['api']);
  });
});

describe('quick fixes', () => {
  async function fixes(name: string, text: string) {
    const { service, open } = makeService();
    const { doc } = open(name, text);
    const diagnostics: Diagnostic[] = await service.diagnostics(doc);
    const actions = await service.codeActions(doc, { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, { diagnostics });
    return { doc, diagnostics, actions, apply: (code: string) => {
      const action = actions.find((a) => a.diagnostics?.some((d) => d.code === code));
      assert.ok(action, `a fix for ${code}`);
      assert.equal(action.kind, CodeActionKind.QuickFix);
      return applyEdits(doc, action.edit!.changes![doc.uri]);
    } };
  }

  test('unknown kind, legacy header, unsafe and missing path', async () => {
    const text = [
      `${fence}python markpact:fiel path=a.py`, 'x', fence, '',
      `${fence}markpact:file python path=b.py`, 'y', fence, '',
      `${fence}python markpact:file path=../../etc/passwd`, 'z', fence, '',
      `${fence}python markpact:file`, 'w', fence, '',
      `${fence}bash markpact:run`, 'python a.py', fence, '',
    ].join('\n');
    const { apply } = await fixes('fix/README.md', text);
    assert.match(apply('unknown-kind'), /```python markpact:file path=a\.py\n/);
    assert.match(apply('legacy-header'), /```python markpact:file path=b\.py\n/);
    assert.match(apply('unsafe-path'), /path=etc\/passwd\n/);
    assert.match(apply('missing-path'), /```python markpact:file path=main\.py\nw/);
  });

  test('unknown YAML field and service', async () => {
    const text = 'name: x\nservices:\n  api:\n    readme: api/README.md\n    helth_check: /health\n    depends_on: [webb]\n  web:\n    readme: web/README.md\n';
    const { apply } = await fixes('fix.pactown.yaml', text);
    assert.match(apply('unknown-field'), /    health_check: \/health/);
    assert.match(apply('unknown-service'), /depends_on: \[web\]/);
  });

  test('port conflicts: an explicit port is replaced, an automatic one gets a port: line', async () => {
    const explicit = await fixes('ports.pactown.yaml', 'services:\n  a:\n    port: 8001\n  b:\n    port: 8001\n');
    assert.equal(explicit.apply('port-conflict'), 'services:\n  a:\n    port: 8001\n  b:\n    port: 8000\n');
    const auto = await fixes('ports.pactown.yaml', 'services:\n  a:\n    port: 8001\n  b:\n    readme: b/README.md\n');
    assert.equal(auto.apply('port-conflict'), 'services:\n  a:\n    port: 8001\n  b:\n    port: 8000\n    readme: b/README.md\n');
  });

  test('an unsafe service name is renamed with its references; a string depends_on becomes a list', async () => {
    const renamed = await fixes('names.pactown.yaml', 'services:\n  "my/app":\n    port: 9000\n  web:\n    depends_on: ["my/app"]\n');
    assert.match(renamed.apply('invalid-service-name'), /^services:\n {2}"my-app":\n {4}port: 9000\n {2}web:\n {4}depends_on: \["?my-app"?\]\n$/);
    const derived = await fixes('spaces.pactown.yaml', 'services:\n  "my app":\n    port: 9000\n  web:\n    depends_on: ["my app"]\n');
    assert.match(derived.apply('derived-service-name'), /^services:\n {2}"?my_app"?:\n {4}port: 9000\n {2}web:\n {4}depends_on: \["?my_app"?\]\n$/);
    const list = await fixes('list.pactown.yaml', 'services:\n  api:\n    port: 9000\n  web:\n    depends_on: api\n');
    assert.match(list.apply('invalid-value'), /depends_on: \[api\]/);
  });

  test('a shell test block gets its scope word; TypeScript deps get the node language', async () => {
    const text = `${fence}bash markpact:test\ncurl -f localhost\n${fence}\n\n${fence}ts markpact:deps\nexpress\n${fence}\n\n${fence}bash markpact:run\nnode x.js\n${fence}\n`;
    const { apply } = await fixes('mixed/README.md', text);
    assert.match(apply('shell-test-without-meta'), /```bash markpact:test shell\n/);
    assert.match(apply('deps-ecosystem-mismatch'), /```node markpact:deps\n/);
  });

  test('only our diagnostics, and nothing without a suggestion', async () => {
    const { service, open } = makeService();
    const { doc } = open('n/README.md', `${fence}python markpact:zzzzzz\nx\n${fence}\n`);
    const range = { start: { line: 0, character: 19 }, end: { line: 0, character: 25 } };
    const foreign: Diagnostic = { range, message: 'x', source: 'eslint', code: 'unknown-kind', data: { suggestion: 'file' } };
    const ours: Diagnostic = { range, message: 'x', source: 'markpact', code: 'unknown-kind' };
    assert.deepEqual(await service.codeActions(doc, range, { diagnostics: [foreign, ours] }), []);
  });
});

const allKinds = [
  '# All kinds', '', '## Files', '',
  `${fence}python markpact:file path=app/main.py`, 'print(1)', fence, '',
  `${fence}markpact:file python path=legacy.py`, 'x = 1', fence, '',
  `${fence}text markpact:deps python`, 'fastapi==0.110 # pinned', 'requests[socks]>=2; python_version > "3.8"', '-r other.txt', 'bad line here', fence, '',
  `${fence}node markpact:deps`, 'express@4', '@types/node', fence, '',
  `${fence}bash markpact:run`, 'uvicorn app.main:app --port $PORT', fence, '',
  `${fence}http markpact:test http`, 'GET /health EXPECT 200', fence, '',
  `${fence}yaml markpact:target`, 'platform: desktop', 'framework: electron', fence, '',
  `${fence}bash markpact:build`, 'npm run build', fence, '',
  `${fence}text markpact:publish registry=pypi`, 'name = x', fence, '',
  `${fence}markpact:bootstrap python`, 'import sys', fence, '',
  `${fence}text markpact:health`, fence, '',
  '<!-- markpact:include path=part.md -->', '',
  `${fence}python markpact:unknown`, 'x', fence, '',
  '~~~python markpact:file path=tilde.py', 'y', '~~~', '',
  `${fence}python markpact:file path=unclosed.py`, 'never closed', '',
].join('\n');

const fullYaml = [
  '# every field', 'name: full', 'version: 1.0.0', 'description: "all of it"', 'base_port: 9000', 'sandbox_root: ./.sb', 'network: net',
  'registry:', '  url: http://localhost:8800', '  namespace: team', '  auth_token: null',
  'services:',
  '  api:', '    readme: api/README.md', '    port: 9001', '    env:', '      A: "1"', '    health_check: /health', '    timeout: 30',
  '    auto_restart: true', '    replicas: 2', '    sandbox_path: null', '    target: web', '    framework: fastapi', '    build_cmd: make',
  '    build_targets: [a, b]',
  '    depends_on:', '      - db@1.0', '      - name: cache', '        version: "*"', '        registry: remote', '        endpoint: http://x', '        env_var: CACHE_URL',
  '  db: {}', '  "quoted name":', '    port: 9100', '',
].join('\n');

const brokenYaml = 'services:\n  api:\n    dep\n  web:\n    readme: [unclosed\n    depends_on:\n      - \n      - name:\n  - what\n: x\n\t\tport: tab\n"';

describe('robustness', () => {
  const fixtures: [string, string][] = [
    ['all/README.md', allKinds],
    ['unclosed/README.md', `${fence}\n${fence}python\n${fence}python markpact:\n${fence}python markpact:file path=\n${fence}markpact:deps\nfastapi\n`],
    ['crlf/README.md', `${fence}bash markpact:run\r\nx\r\n${fence}\r\n<!-- markpact:include path= -->`],
    ['full.pactown.yaml', fullYaml],
    ['broken.pactown.yaml', brokenYaml],
    ['empty.pactown.yaml', ''],
  ];
  for (const [name, text] of fixtures) {
    test(`completion, hover, definition, references and rename at every offset of ${name}`, async () => {
      const { service, open } = makeService();
      const { doc } = open(name, text);
      for (let offset = 0; offset <= text.length; offset++) {
        const position = doc.positionAt(offset);
        await assert.doesNotReject(service.completion(doc, position), `completion at ${offset}`);
        await assert.doesNotReject(service.hover(doc, position), `hover at ${offset}`);
        await assert.doesNotReject(service.definition(doc, position), `definition at ${offset}`);
        await assert.doesNotReject(service.references(doc, position, true), `references at ${offset}`);
        // Rename answers with a range or a reason, never with a crash.
        assert.throws(() => { service.prepareRename(doc, position); throw new RenameRefused('answered'); }, RenameRefused, `prepareRename at ${offset}`);
      }
      assert.doesNotThrow(() => service.documentSymbols(doc));
      await assert.doesNotReject(service.documentLinks(doc));
    });
  }
});

describe('parse once per version', () => {
  // Speed itself is measured by `npm run bench`; here: features share the version's parse.
  test('completion and hover reuse the parsed document of the current version', async () => {
    const { service, open } = makeService();
    const text = largeReadme(500);
    const { doc } = open('big/README.md', text);
    const parsed = service.markdown.get(doc);
    const lines = text.split('\n');
    for (let line = 7; line < lines.length; line += 50) {
      const position = { line, character: Math.min(5, lines[line].length) };
      await service.completion(doc, position);
      await service.hover(doc, position);
    }
    assert.equal(service.markdown.get(doc), parsed);
  });
});
