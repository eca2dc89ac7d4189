import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { validateEcosystemAndReadmes } from '../../core/diagnostics/validateEcosystem';
import { diskReader } from '../../core/diskReader';
import { parseEcosystem } from '../../core/pactown/parse';
import { generateEcosystem, portInCommand } from '../../core/scaffold/generate';
import { scanLimits } from '../../core/scaffold/findReadmes';
import { pythonStdlib } from '../../core/scaffold/templates/pythonStdlib';

const f = '```';
const scratch = mkdtempSync(join(tmpdir(), 'generate-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const run = (command: string) => `${f}bash markpact:run\n${command}\n${f}\n`;
const file = (path: string, content: string) => `${f}javascript markpact:file path=${path}\n${content}\n${f}\n`;
const tests = (...lines: string[]) => `${f}http markpact:test\n${lines.join('\n')}\n${f}\n`;

function folder(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const generate = (root: string, output = 'saas.pactown.yaml', basePort = 8000) => generateEcosystem({ folder: root, output: join(root, output), basePort });

describe('generate', () => {
  test('each runnable README is a service named after its folder; the file validates clean', async () => {
    const root = folder('shop', {
      'README.md': `# the shop\n\n${run('python3 -m http.server $PORT')}`,
      'api/README.md': pythonStdlib.readme('api'),
      'web/README.md': `${file('server.js', "fetch(process.env.API_URL + '/'); // SERVICE_URL and WEB_URL are not dependencies")}${run('node server.js')}`,
    });
    const generated = await generate(root);
    assert.deepEqual(generated.services.map((s) => [s.name, s.readme, s.port, s.healthCheck, s.dependsOn]), [
      ['shop', 'README.md', 8000, undefined, []],
      ['api', 'api/README.md', 8001, '/health', []],
      ['web', 'web/README.md', 8002, undefined, ['api']],
    ]);
    assert.deepEqual(generated.skipped, []);
    const path = join(root, 'saas.pactown.yaml');
    writeFileSync(path, generated.yaml);
    const { problems } = await validateEcosystemAndReadmes(path, parseEcosystem(generated.yaml), diskReader);
    assert.deepEqual(problems, []);
    assert.equal(parseEcosystem(generated.yaml).config.name, 'shop', "the folder's name");
  });

  test('every README left out is listed with the reason; dependency and hidden folders are not searched', async () => {
    const outside = folder('outside', { 'evil/README.md': run('python3 -m http.server $PORT') });
    const root = folder('mixed', {
      'ok/README.md': run('python3 -m http.server $PORT'),
      'docs/README.md': '# Docs\n\nJust prose.\n',
      'lib/README.md': `${file('lib.js', 'module.exports = 1;')}`,
      'broken/README.md': `${file('/etc/passwd', 'x')}${run('node x.js')}`,
      'node_modules/pkg/README.md': run('node x.js'),
      '.pactown/ok/README.md': run('node x.js'),
    });
    symlinkSync(join(outside, 'evil'), join(root, 'linked'));
    symlinkSync(join(outside, 'evil', 'README.md'), join(root, 'docs', 'readme.md'));
    const generated = await generate(root);
    assert.deepEqual(generated.services.map((s) => s.name), ['ok']);
    const reasons = Object.fromEntries(generated.skipped.map((s) => [s.path, s.reason]));
    assert.deepEqual(Object.keys(reasons).sort(), ['broken/README.md', 'docs/README.md', 'docs/readme.md', 'lib/README.md', 'linked']);
    assert.match(reasons['broken/README.md'], /^has errors, so pactown would refuse to run it: 1:\d+ unsafe-path '\/etc\/passwd' is absolute/);
    assert.match(reasons['docs/README.md'], /no markpact blocks/);
    assert.match(reasons['lib/README.md'], /no run command/);
    assert.match(reasons['linked'], /symlinked folder: not searched/);
    assert.match(reasons['docs/readme.md'], /a symlink: not followed/);
  });

  test('names: unsafe folder names cleaned, a name taken twice made unique, reserved names kept clear', async () => {
    const root = folder('names', {
      'a/api/README.md': run('node a.js'),
      'b/api/README.md': run('node b.js'),
      'my service!/README.md': run('node c.js'),
      'logs/README.md': run('node d.js'),
    });
    const generated = await generate(root);
    assert.deepEqual(generated.services.map((s) => [s.readme, s.name, s.renamedFrom]), [
      ['a/api/README.md', 'api', undefined],
      ['b/api/README.md', 'api-2', 'api'],
      ['logs/README.md', 'logs-service', 'logs'],
      ['my service!/README.md', 'my-service', 'my service!'],
    ]);
    assert.deepEqual(parseEcosystem(generated.yaml).problems, []);
  });

  test('ports: a port the run command fixes is kept; the others are assigned from the base port, around it', async () => {
    const root = folder('ports', {
      'a/README.md': run('python3 -m http.server $PORT'),
      'b/README.md': run('python3 -m http.server 9001 --bind 127.0.0.1'),
      'c/README.md': run('node c.js'),
    });
    const generated = await generate(root, 'saas.pactown.yaml', 9000);
    assert.deepEqual(generated.services.map((s) => [s.name, s.port, s.portFrom]), [['a', 9000, 'assigned'], ['b', 9001, 'run command'], ['c', 9002, 'assigned']]);
  });

  test('the port patterns of the reference generator', () => {
    assert.equal(portInCommand('uvicorn main:app --port ${MARKPACT_PORT:-8010}'), 8010);
    assert.equal(portInCommand('flask run --port 5001'), 5001);
    assert.equal(portInCommand('flask run --port=5002'), 5002);
    assert.equal(portInCommand('gunicorn -b 0.0.0.0:8003 app:app'), 8003);
    assert.equal(portInCommand('PORT=3000 node server.js'), 3000);
    assert.equal(portInCommand('python -m http.server 8080'), 8080);
    assert.equal(portInCommand('node server.js --port $PORT'), undefined);
    assert.equal(portInCommand('x --port 99999'), undefined, 'not a port');
    assert.equal(portInCommand(`echo ${'A'.repeat(100_000)}`), undefined);
  });

  test('health checks: a test that GETs /health, else a file with the route, else a test that GETs /', async () => {
    const root = folder('health', {
      'tested/README.md': `${run('node s.js')}${tests('GET /health?full=1 EXPECT 200')}`,
      'route/README.md': `${file('s.js', "if (url === '/health') ok();")}${run('node s.js')}`,
      'root/README.md': `${run('node s.js')}${tests('GET / EXPECT 200', 'POST /health')}`,
      'none/README.md': run('node s.js'),
    });
    const health = Object.fromEntries((await generate(root)).services.map((s) => [s.name, [s.healthCheck, s.healthFrom]]));
    assert.deepEqual(health, {
      tested: ['/health', 'a test GETs it'],
      route: ['/health', 's.js has the route'],
      root: ['/', 'a test GETs it'],
      none: [undefined, undefined],
    });
  });

  test('readme paths are relative to the file written, in a sub-folder too', async () => {
    const root = folder('nested', { 'api/README.md': run('node a.js') });
    const generated = await generate(root, 'deploy/eco.pactown.yaml');
    assert.equal(generated.services[0].readme, '../api/README.md');
  });

  test('a huge tree is cut short, and says where', async () => {
    const files: Record<string, string> = {};
    let deep = 'x';
    for (let i = 0; i <= scanLimits.depth; i++) deep += '/x';
    files[`${deep}/README.md`] = run('node a.js');
    const root = folder('deep', files);
    const generated = await generate(root);
    assert.deepEqual(generated.services, []);
    assert.match(generated.skipped[0].reason, /deeper than \d+ folders/);
    assert.equal(basename(generated.skipped[0].path), 'x');
  });
});
