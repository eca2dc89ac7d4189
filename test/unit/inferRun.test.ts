import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { inferRunCommands } from '../../core/markpact/inferRun';
import { parseMarkpact } from '../../core/markpact/parse';
import { deriveService } from '../../core/markpact/service';
import { fence } from '../server/fixtures';

/** The commands inferred for a README made of these file blocks (and deps lines). */
function inferred(files: Record<string, string>, deps: { python?: string[]; node?: string[] } = {}): string[] {
  const blocks = Object.entries(files).map(([path, body]) => `${fence}text markpact:file path=${path}\n${body}\n${fence}`);
  if (deps.python) blocks.push(`${fence}text markpact:deps python\n${deps.python.join('\n')}\n${fence}`);
  if (deps.node) blocks.push(`${fence}node markpact:deps\n${deps.node.join('\n')}\n${fence}`);
  return inferRunCommands(deriveService(parseMarkpact(blocks.join('\n\n')).blocks)).map((r) => r.command);
}

const PORT = '${MARKPACT_PORT:-8000}';

describe('run commands inferred from the files', () => {
  test('Python frameworks: FastAPI under uvicorn (module path, app name), Flask, Streamlit, Django', () => {
    assert.deepEqual(inferred({ 'app/main.py': 'from fastapi import FastAPI\napi = FastAPI()' }), [`uvicorn app.main:api --port ${PORT}`, 'python3 app/main.py']);
    assert.deepEqual(inferred({ 'my-app/web.py': 'app = fastapi.FastAPI(title="x")' }), [`uvicorn web:app --app-dir my-app --port ${PORT}`]);
    assert.deepEqual(inferred({ 'site.py': 'from flask import Flask\nserver = Flask(__name__)' }), [`python3 -m flask --app site:server run --port ${PORT}`]);
    assert.deepEqual(inferred({ 'dash.py': 'import streamlit as st\nst.title("x")' }), [`streamlit run dash.py --server.port ${PORT}`]);
    assert.deepEqual(inferred({ 'manage.py': 'import django' }), [`python3 manage.py runserver 127.0.0.1:${PORT}`]);
  });

  test('Node: the start script of package.json (installing its dependencies when no deps block does), its main, a server file', () => {
    const manifest = (extra: object) => JSON.stringify({ name: 'x', ...extra });
    assert.deepEqual(inferred({ 'package.json': manifest({ scripts: { start: 'node s.js' } }) }), ['npm start']);
    assert.deepEqual(inferred({ 'package.json': manifest({ scripts: { start: 'node dist/s.js', build: 'tsc' }, dependencies: { express: '4' } }) }), ['npm install && npm run build && npm start']);
    assert.deepEqual(inferred({ 'package.json': manifest({ scripts: { start: 'node s.js' }, dependencies: { express: '4' } }) }, { node: ['express'] }), ['npm start']);
    assert.deepEqual(inferred({ 'web/package.json': manifest({ main: './srv.js' }) }), ['cd web && node srv.js']);
    assert.deepEqual(inferred({ 'lib/http.js': 'require("http").createServer(() => {}).listen(1)' }), ['node lib/http.js']);
  });

  test('other runtimes, then a top-level script, then a static server; nothing from files that say nothing', () => {
    assert.deepEqual(inferred({ 'cmd/main.go': 'package main\nfunc main() {}' }), ['go run cmd/main.go']);
    assert.deepEqual(inferred({ 'Cargo.toml': '[package]', 'src/main.rs': 'fn main() {}' }), ['cargo run']);
    assert.deepEqual(inferred({ 'public/index.php': '<?php echo 1;' }), [`php -S 127.0.0.1:${PORT} -t public`]);
    assert.deepEqual(inferred({ 'start.sh': 'echo hi' }), ['sh start.sh']);
    assert.deepEqual(inferred({ 'tool.py': 'print(1)', 'lib/util.py': 'X = 1' }), ['python3 tool.py']);
    assert.deepEqual(inferred({ 'www/index.html': '<p>hi</p>', 'www/app.css': '' }), [`python3 -m http.server ${PORT} --bind 127.0.0.1 --directory www`]);
    assert.deepEqual(inferred({ 'notes.txt': 'hello', 'lib/util.py': 'X = 1' }), []);
  });

  test('paths that are not plain shell words are quoted; unsafe paths are never suggested', () => {
    assert.deepEqual(inferred({ "it's.py": 'if __name__ == "__main__":\n    pass' }), [`python3 'it'\\''s.py'`]);
    assert.deepEqual(inferred({ '../escape.py': 'if __name__ == "__main__":\n    pass' }), []);
  });

  test('bounded on a hostile README: thousands of files and megabytes of body', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3_000; i++) files[`s${i}.sh`] = 'x'.repeat(2_000);
    assert.equal(inferred(files).length, 6);
    // Only the start of a file is read: a guard 5 MB down is not seen, one near the top is.
    const guard = 'if __name__ == "__main__":\n    pass';
    assert.deepEqual(inferred({ 'lib/big.py': `${'#'.repeat(5_000_000)}\n${guard}` }), []);
    assert.deepEqual(inferred({ 'lib/big.py': `${guard}\n${'#'.repeat(5_000_000)}` }), ['python3 lib/big.py']);
  });

  // The corpus READMEs' own run commands, against what is inferred once their run blocks are removed.
  const corpus = join(process.cwd(), '..', 'shared', 'corpus', 'markpact');
  const expected: Record<string, string> = {
    'README.md': `uvicorn app.main:app --port ${PORT}`,
    'examples/fastapi-todo/README.md': `uvicorn app.main:app --port ${PORT}`,
    'examples/flask-blog/README.md': `python3 -m flask --app app run --port ${PORT}`,
    'examples/go-http-api/README.md': 'go run main.go',
    'examples/kivy-mobile/README.md': 'python3 main.py',
    'examples/markdown-converter/README.md': 'python3 demo.py',
    'examples/node-express-api/README.md': 'npm install && npm start',
    'examples/php-cli/README.md': 'php bin/cli.php',
    'examples/rust-axum-api/README.md': 'cargo run',
    'examples/static-frontend/README.md': `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory public`,
    'examples/streamlit-dashboard/README.md': `streamlit run app.py --server.port ${PORT}`,
    'examples/typescript-node-api/README.md': 'npm install && npm run build && npm start',
  };
  for (const [path, command] of Object.entries(expected)) {
    test(`corpus ${path}: the command its authors run, inferred without its run block`, () => {
      const blocks = parseMarkpact(readFileSync(join(corpus, path), 'utf8')).blocks.filter((b) => b.kind !== 'run');
      assert.equal(inferRunCommands(deriveService(blocks))[0]?.command, command);
    });
  }
});
