import assert from 'node:assert/strict';
import test from 'node:test';
import { commandPortLiterals, filePortLiterals, hardCodedPorts, reloadFlag, rewriteForPort } from '../../core/markpact/portLiterals';

const brief = (literals: { port: number; form: string }[]) => literals.map((l) => `${l.form} ${l.port}`);

test('every literal port form of a run command, at its digits', () => {
  const command = 'PORT=3001 uvicorn main:app --host 0.0.0.0 --port 8000 && gunicorn -b :8001 app:app -p 8002 --bind=127.0.0.1:8003 --port=8004; python -m http.server 8005';
  const literals = commandPortLiterals(command);
  assert.deepEqual(brief(literals), ['PORT= 3001', '--port 8000', ':port 8001', '-p 8002', ':port 8003', '--port 8004', 'http.server 8005']);
  for (const l of literals) assert.equal(command.slice(l.start, l.end), String(l.port));
  assert.deepEqual(literals.map((l) => l.rewritten), [false, true, true, true, true, true, false], 'pactown rewrites --port, -p and :N only');
});

test('ports read from the environment, and other hosts\' ports, are not literals', () => {
  for (const command of [
    'uvicorn main:app --port $PORT', 'uvicorn main:app --port ${PORT}', 'uvicorn main:app --port ${MARKPACT_PORT:-8000}',
    'python -m http.server ${MARKPACT_PORT:-8088} --directory public', 'MARKPACT_PORT=${MARKPACT_PORT:-3000} npm start',
    'REDIS_URL=redis://cache:6379 python app.py', 'python app.py --db http://localhost:5432', 'docker run -p 8080:80 img', 'mkdir -p out',
    'gunicorn app:app', 'EXPORT_PORT=1 node x.js',
  ]) {
    assert.deepEqual(commandPortLiterals(command), [], command);
  }
});

test('file blocks: app.run(port=N) and friends in Python, .listen(N) in JS/TS; not a database port or a socket backlog', () => {
  const py = 'import os\napp.run(host="0.0.0.0", port=5000, debug=True)\nuvicorn.run(app, port = 8001)\nconn = psycopg2.connect(host="db", port=5432)\nsock.listen(5)\n';
  assert.deepEqual(brief(filePortLiterals('app.py', py)), ['port= 5000', 'port= 8001']);
  const spread = 'uvicorn.run(\n    app,\n    host=os.getenv("HOST", "0.0.0.0"),\n    port=8000,\n)\napp.run(debug=True, ssl=cfg(port=1))\nconnect(port=5432)\n';
  assert.deepEqual(brief(filePortLiterals('main.py', spread)), ['port= 8000'], 'a call over lines, past a nested call, and only its own arguments');
  const [first] = filePortLiterals('app.py', py);
  assert.equal(py.slice(first.start, first.end), '5000');
  const js = "app.listen(3000, () => {});\nserver.listen( 4000 )\napp.listen(process.env.PORT || 3000)\n";
  const literals = filePortLiterals('src/server.ts', js);
  assert.deepEqual(brief(literals), ['listen( 3000', 'listen( 4000']);
  assert.equal(js.slice(literals[1].start, literals[1].end), '4000');
  assert.deepEqual(filePortLiterals('notes.md', py + js), [], 'only Python and JS/TS files are read');
});

test('the run command is rewritten as pactown does, and says so; --reload leaves a uvicorn command', () => {
  const { command, notes } = rewriteForPort('uvicorn main:app --host 0.0.0.0 --port 8000 --reload', 18400);
  assert.equal(command, 'uvicorn main:app --host 0.0.0.0 --port 18400 ');
  assert.deepEqual(notes, [
    'rewrote --port 8000 → 18400 as pactown does (use $PORT in the run command)',
    'removed --reload from the uvicorn command as pactown does (its reloader doubles the processes and restarts on every sandbox write)',
  ]);
  assert.deepEqual(rewriteForPort('gunicorn -b 0.0.0.0:8000 app:app', 9000), { command: 'gunicorn -b 0.0.0.0:9000 app:app', notes: ['rewrote :8000 → 9000 as pactown does (use $PORT in the run command)'] });
  assert.deepEqual(rewriteForPort('uvicorn main:app --port 9000', 9000).notes, [], 'the right port is left alone');
  assert.deepEqual(rewriteForPort('REDIS=redis://h:6379 PORT=5000 node x.js --reload', 9000).notes, [], 'not another host\'s port, not PORT=, and --reload only for uvicorn');
  assert.equal(reloadFlag('uvicorn a:b --reload-dir src'), undefined);
  assert.deepEqual(reloadFlag('uvicorn a:b --reload'), { start: 12, end: 20 });
});

// Long runs of what each pattern's optional and repeated parts accept, never completing a match: a
// pattern with nested quantifiers (or a scan per match) needs ~10^10 steps here and hits the test's
// deadline; linear ones take milliseconds (bench/hostile.ts times them in the language server).
test('linear on long crafted lines', { timeout: 60_000 }, () => {
  const crafted = [
    `--port${' '.repeat(200_000)}x`, `-p${'\t'.repeat(200_000)}`, ` ${'0.0.0.0'.repeat(30_000)}:x`, `${' :'.repeat(100_000)}`,
    `${'PORT='.repeat(50_000)}`, `uvicorn${' '.repeat(200_000)}--reloadx`,
  ];
  for (const line of crafted) {
    assert.deepEqual(commandPortLiterals(line), []);
    assert.deepEqual(rewriteForPort(line, 8000), { command: line, notes: [] });
  }
  assert.equal(commandPortLiterals('--port 1 '.repeat(30_000)).length, 30_000);
  assert.deepEqual(filePortLiterals('a.py', `app.run(${' port ='.repeat(50_000)}`), []);
  assert.deepEqual(filePortLiterals('a.py', 'run('.repeat(100_000)), []);
  assert.deepEqual(filePortLiterals('a.js', `.listen(${' '.repeat(200_000)}`), []);
});

test('the ports a service writes, and where, without the forms the run command is rewritten for', () => {
  const ports = hardCodedPorts('PORT=3001 uvicorn main:app --port 8000 && python -m http.server 8005', [
    { path: 'app.py', content: 'app.run(port=5000)\n' }, { path: 'server.js', content: 'app.listen(3001)\n' }, { path: 'notes.txt', content: 'listen(7000)' },
  ]);
  assert.deepEqual([...ports], [[3001, 'the run command'], [8005, 'the run command'], [5000, 'app.py']]);
});
