import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { fence, tempWorkspace } from '../server/fixtures';

const cli = resolve('dist/cli.js');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });

describe('pactown validate and graph (dist/cli.js)', () => {
  const ws = tempWorkspace({
    'shop.pactown.yaml': 'name: shop\nservices:\n  db:\n    readme: db/README.md\n  api:\n    readme: api/README.md\n    depends_on: [db, ghost]\n',
    'db/README.md': `${fence}bash markpact:run\npython3 -m http.server $PORT\n${fence}\n`,
    'api/README.md': `${fence}text markpact:file path=/x.txt\nx\n${fence}\n`,
    'ok.pactown.yaml': 'name: ok\nservices:\n  db:\n    readme: db/README.md\n  api:\n    readme: db/README.md\n    depends_on: [db]\n',
    'evil.pactown.yaml': 'name: evil\nservices:\n  db:\n    readme: db/README.md\n  worker:\n    readme: evil/README.md\n  cron:\n    readme: evil/README.md\n',
    'evil/README.md': `# Worker\n\n${fence}python markpact:file path=../../evil.py\nx\n${fence}\n\n${fence}bash markpact:run\npython3 evil.py\n${fence}\n`,
    'warn.pactown.yaml': 'name: warn\nservices:\n  twice:\n    readme: twice/README.md\n',
    'twice/README.md': `${fence}bash markpact:run\necho one\n${fence}\n\n${fence}bash markpact:run\necho two\n${fence}\n`,
  });
  after(() => ws.remove());

  test('prints file:line:col severity code message and exits 1 on errors', () => {
    const result = run(ws.root, 'validate', 'shop.pactown.yaml');
    assert.equal(result.status, 1);
    const lines = result.stdout.trim().split('\n');
    assert.ok(lines.some((l) => /^shop\.pactown\.yaml:7:\d+ error unknown-service /.test(l)), result.stdout);
    assert.ok(lines.some((l) => /^shop\.pactown\.yaml:6:\d+ error readme-no-run /.test(l)), result.stdout);
  });

  test('--json gives the same problems as objects; a README is checked too', () => {
    const result = run(ws.root, 'validate', 'api/README.md', '--json');
    assert.equal(result.status, 1);
    const rows = JSON.parse(result.stdout) as { code: string; line: number; column: number }[];
    assert.deepEqual(rows.map((r) => [r.code, r.line, r.column]), [['no-run', 1, 9], ['unsafe-path', 1, 28]]);
  });

  test('an ecosystem is checked with the READMEs it runs: their errors at their own place, each README once, exit 1', () => {
    const result = run(ws.root, 'validate', 'evil.pactown.yaml');
    assert.equal(result.status, 1, result.stdout);
    const lines = result.stdout.trim().split('\n');
    assert.deepEqual(lines.filter((l) => l.startsWith('evil/README.md:')).map((l) => l.split(' ').slice(0, 3).join(' ')), ['evil/README.md:3:30 error unsafe-path']);
    assert.deepEqual(lines.filter((l) => / readme-has-errors /.test(l)).map((l) => l.slice(0, l.indexOf(' readme-has-errors'))), ['evil.pactown.yaml:6:13 error', 'evil.pactown.yaml:8:13 error']);
    assert.match(lines[0], /error readme-has-errors evil\/README\.md has 1 error: line 3: unsafe-path '\.\.\/\.\.\/evil\.py' climbs out of the sandbox/);
    assert.equal(lines.at(-1), 'evil.pactown.yaml: 3 errors (3 services, 2 READMEs checked)');
    const rows = JSON.parse(run(ws.root, 'validate', 'evil.pactown.yaml', '--json').stdout) as { file: string; code: string; line: number; column: number }[];
    assert.deepEqual(rows.map((r) => [r.file, r.code, r.line, r.column]), [
      ['evil.pactown.yaml', 'readme-has-errors', 6, 13],
      ['evil.pactown.yaml', 'readme-has-errors', 8, 13],
      ['evil/README.md', 'unsafe-path', 3, 30],
    ]);
  });

  test('one line when all is well; warnings are listed, then summed up, and exit 0', () => {
    const ok = run(ws.root, 'validate', 'ok.pactown.yaml');
    assert.deepEqual([ok.status, ok.stdout], [0, 'ok.pactown.yaml: no problems (2 services, 1 README checked)\n']);
    assert.equal(run(ws.root, 'validate', 'db/README.md').stdout, 'db/README.md: no problems\n');
    const warned = run(ws.root, 'validate', 'warn.pactown.yaml');
    assert.equal(warned.status, 0);
    assert.match(warned.stdout, /^twice\/README\.md:5:9 warning multiple-run [^\n]+\nwarn\.pactown\.yaml: 1 warning \(1 service, 1 README checked\)\n$/);
  });

  test('a valid ecosystem exits 0; a missing file is a one-line error with exit 2', () => {
    assert.equal(run(ws.root, 'validate', 'ok.pactown.yaml').status, 0);
    const missing = run(ws.root, 'validate', 'nope.pactown.yaml');
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'pactown: nope.pactown.yaml: no such file\n');
  });

  test('graph in start order, in every format', () => {
    const text = run(ws.root, 'graph', 'ok.pactown.yaml');
    assert.equal(text.stdout, 'Ecosystem: ok\n[db:8000] (no deps)\n[api:8001] → db\n');
    assert.match(run(ws.root, 'graph', 'ok.pactown.yaml', '--format', 'mermaid').stdout, /s_api --> s_db/);
    assert.match(run(ws.root, 'graph', 'ok.pactown.yaml', '--format', 'dot').stdout, /"api" -> "db";/);
    assert.deepEqual(JSON.parse(run(ws.root, 'graph', 'ok.pactown.yaml', '--format', 'json').stdout).order, ['db', 'api']);
    assert.equal(run(ws.root, 'graph', 'ok.pactown.yaml', '--format', 'svg').status, 2);
  });

  test('--help for every command; an unknown command exits 2', () => {
    for (const command of ['validate', 'graph']) {
      const help = run(ws.root, command, '--help');
      assert.equal(help.status, 0);
      assert.match(help.stdout, new RegExp(`^pactown ${command} `));
    }
    assert.equal(run(ws.root, 'frobnicate').status, 2);
    assert.equal(run(ws.root, '--help').status, 0);
  });
});
