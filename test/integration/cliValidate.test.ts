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
    'api/README.md': `${fence}python markpact:fiel path=x.py\nx\n${fence}\n`,
    'ok.pactown.yaml': 'name: ok\nservices:\n  db:\n    readme: db/README.md\n  api:\n    readme: db/README.md\n    depends_on: [db]\n',
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
    assert.deepEqual(rows.map((r) => [r.code, r.line, r.column]), [['unknown-kind', 1, 20]]);
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
