import assert from 'node:assert/strict';
import test from 'node:test';
import { parseMarkpact } from '../../core/markpact/parse';
import { deriveService, depsEcosystem, effectiveFiles } from '../../core/markpact/service';
import { checkSandboxPath } from '../../core/markpact/sandboxPath';

const fence = '```';
const md = (...blocks: string[]) => blocks.join('\n\n') + '\n';
const block = (info: string, body: string) => `${fence}${info}\n${body}\n${fence}`;
const service = (text: string, serviceName?: string) => deriveService(parseMarkpact(text).blocks, serviceName ? { serviceName } : {});

test('a FastAPI service: files, deps, run, implicit uvicorn, tests', () => {
  const text = md(
    '# Todo API',
    block('text markpact:deps python', 'fastapi\npydantic>=2'),
    block('python markpact:file path=./app//main.py', 'from fastapi import FastAPI\napp = FastAPI()'),
    block('bash markpact:run', 'uvicorn app.main:app --port ${MARKPACT_PORT:-8000}'),
    block('text markpact:test http', '# health\nGET /health EXPECT 200\nPOST /todos BODY {"title":"x"} EXPECT 201'),
  );
  const model = service(text, 'Todo API');
  assert.equal(model.name, 'Todo API');
  assert.equal(model.packageName, 'todo-api');
  assert.deepEqual(model.files.map((f) => [f.path, f.content]), [['app/main.py', 'from fastapi import FastAPI\napp = FastAPI()\n']]);
  assert.equal(model.runtime.runtime, 'python');
  assert.equal(model.runtime.rule, 'default');
  assert.deepEqual(model.run && [model.run.command, model.run.source], ['uvicorn app.main:app --port ${MARKPACT_PORT:-8000}', 'block']);
  assert.deepEqual(model.pythonDeps.map((r) => [r.raw, r.implicit]), [['fastapi', false], ['pydantic>=2', false], ['uvicorn', true]]);
  const implicit = model.pythonDeps[2];
  assert.equal(text.slice(implicit.span.start, implicit.span.end), 'uvicorn');
  assert.equal(implicit.span.start, text.indexOf('uvicorn app.main'));
  const pydantic = model.requirements[1];
  assert.equal(text.slice(pydantic.span.start, pydantic.span.end), 'pydantic>=2');
  assert.deepEqual(model.nodeDeps, []);
  assert.deepEqual(model.httpTests.map((t) => t.result.kind === 'test' && [t.result.test.method, t.result.test.path, t.result.test.expect]), [['GET', '/health', 200], ['POST', '/todos', 201]]);
});

test('no implicit uvicorn without deps, or when a dep already names it', () => {
  const run = block('bash markpact:run', 'uvicorn main:app');
  assert.deepEqual(service(md(run)).pythonDeps, []);
  const named = service(md(block('text markpact:deps python', 'Uvicorn[standard]>=0.20'), run));
  assert.deepEqual(named.pythonDeps.map((r) => r.implicit), [false]);
  const gunicorn = service(md(block('text markpact:deps python', 'flask'), block('bash markpact:run', 'gunicorn -b 0.0.0.0:$PORT app:app')));
  assert.deepEqual(gunicorn.pythonDeps.map((r) => r.raw), ['flask', 'gunicorn']);
});

test('deps ecosystems: fence language, legacy scope word', () => {
  const doc = parseMarkpact(md(
    block('javascript markpact:deps', 'express'),
    block('python markpact:deps', 'flask'),
    block('typescript markpact:deps', 'x'),
    block('markpact:deps node', 'react'),
    block('markpact:deps python', 'numpy'),
    block('markpact:deps', 'scipy'),
  ));
  assert.deepEqual(doc.blocks.map(depsEcosystem), ['node', 'python', 'python', 'node', 'python', 'python']);
});

test('Node runtime: node-lang deps win, else every dep goes to npm', () => {
  const nodeDeps = service(md(block('node markpact:deps', 'express@^4'), block('text markpact:deps python', 'flask'), block('bash markpact:run', 'node server.js')));
  assert.equal(nodeDeps.runtime.rule, 'node-deps');
  assert.deepEqual(nodeDeps.nodeDeps.map((r) => r.raw), ['express@^4']);
  assert.deepEqual(nodeDeps.pythonDeps, []);
  const jsFile = service(md(block('text markpact:deps python', 'flask'), block('javascript markpact:file path=static/app.js', 'console.log(1)'), block('bash markpact:run', 'python app.py')));
  assert.deepEqual([jsFile.runtime.runtime, jsFile.runtime.rule, jsFile.runtime.file?.path], ['node', 'js-file', 'static/app.js']);
  assert.deepEqual(jsFile.nodeDeps.map((r) => r.raw), ['flask']);
  const runCommand = service(md(block('bash markpact:run', 'npm start')));
  assert.equal(runCommand.runtime.rule, 'run-command');
  const wholeWord = service(md(block('bash markpact:run', 'cd app && node index')));
  assert.equal(wholeWord.runtime.rule, 'run-command');
  const packageJson = service(md(block('json markpact:file path=package.json', '{}')));
  assert.equal(packageJson.runtime.rule, 'js-file');
});

test('run command: first non-empty block, else target default, else inferred from files', () => {
  const runs = service(md(block('bash markpact:run', ''), block('bash markpact:run', 'python a.py'), block('bash markpact:run', 'python b.py')));
  assert.equal(runs.run?.command, 'python a.py');
  assert.equal(runs.runBlocks.length, 3);
  const target = service(md(block('yaml markpact:target', 'platform: desktop\nframework: Electron')));
  assert.deepEqual(target.run && [target.run.command, target.run.source], ['npx electron .', 'target']);
  assert.deepEqual(target.build && [target.build.command, target.build.source], ['npx electron-builder --linux', 'target']);
  assert.equal(target.target?.config.framework, 'electron');
  const inferred = service(md(block('javascript markpact:file path=server.js', 'x'), block('python markpact:file path=src/app.py', 'y')));
  assert.deepEqual(inferred.run && [inferred.run.command, inferred.run.source, inferred.run.file?.path], ['python src/app.py', 'inferred', 'src/app.py']);
  assert.equal(service(md(block('text markpact:deps python', 'flask'))).run, undefined);
  const build = service(md(block('bash markpact:build', '  '), block('bash markpact:build', 'make'), block('yaml markpact:target', 'framework: kivy')));
  assert.deepEqual(build.build && [build.build.command, build.build.source], ['make', 'block']);
  const firstTarget = service(md(block('yaml markpact:target', 'framework: kivy'), block('yaml markpact:target', 'framework: tauri')));
  assert.equal(firstTarget.target?.config.framework, 'kivy');
});

test('files: default main.py, unsafe paths confined, duplicates overwrite, indentation kept', () => {
  const model = service(md(
    block('python markpact:file', 'print(1)'),
    block('python markpact:file path=../../etc/evil.py', 'x'),
    block('yaml markpact:file path=conf.yaml', '  a: 1\n  b: 2'),
    block('python markpact:file path=main.py', 'print(2)'),
    block('text markpact:file path=empty.txt', ''),
  ));
  assert.deepEqual(model.files.map((f) => f.path), ['main.py', 'etc/evil.py', 'conf.yaml', 'main.py', 'empty.txt']);
  assert.equal(model.files[0].pathAttribute, undefined);
  assert.match(model.files[1].unsafe?.reason ?? '', /climbs out/);
  assert.equal(model.files[2].content, '  a: 1\n  b: 2\n');
  assert.equal(model.files[3].overwrites, model.files[0]);
  assert.equal(model.files[4].content, '');
  assert.deepEqual(effectiveFiles(model).map((f) => [f.path, f.content]), [['main.py', 'print(2)\n'], ['etc/evil.py', 'x\n'], ['conf.yaml', '  a: 1\n  b: 2\n'], ['empty.txt', '']]);
});

test('sandbox paths', () => {
  assert.deepEqual(checkSandboxPath('./a//./b/../c.py'), { safe: true, path: 'a/c.py' });
  assert.deepEqual(checkSandboxPath('app\\main.py'), { safe: true, path: 'app/main.py' });
  assert.deepEqual(checkSandboxPath('/etc/passwd'), { safe: false, reason: "'/etc/passwd' is absolute, so it is written outside the sandbox", confined: 'etc/passwd' });
  assert.equal(checkSandboxPath('C:\\Windows\\x.dll').safe, false);
  assert.equal(checkSandboxPath('..\\..\\x.py').safe, false);
  assert.deepEqual(checkSandboxPath('a/../../b.py'), { safe: false, reason: "'a/../../b.py' climbs out of the sandbox with '..'", confined: 'a/b.py' });
  assert.deepEqual(checkSandboxPath('.'), { safe: false, reason: "'.' names a folder, not a file" });
  assert.equal(checkSandboxPath('src/').safe, false);
  // Refused before anything is written, by the same rule the writer and the diagnostics use.
  assert.match((checkSandboxPath('a\0b.py') as { reason: string }).reason, /control character/);
  assert.match((checkSandboxPath('notes\n.txt') as { reason: string }).reason, /control character/);
  assert.match((checkSandboxPath(`${'d/'.repeat(520)}x.py`) as { reason: string }).reason, /longer than 1024 bytes/);
  assert.match((checkSandboxPath(`src/${'n'.repeat(256)}.py`) as { reason: string }).reason, /name longer than 255 bytes/);
  assert.equal(checkSandboxPath(`src/${'n'.repeat(252)}.py`).safe, true, '255 bytes is allowed');
  assert.match((checkSandboxPath('.venv/bin/python') as { reason: string }).reason, /shared dependency environment/);
  assert.match((checkSandboxPath('./node_modules/x/index.js') as { reason: string }).reason, /shared dependency environment/);
  assert.equal(checkSandboxPath('lib/node_modules/x.js').safe, true, 'only the sandbox\'s own top-level links are reserved');
});

test('shell tests and blocks read by nobody', () => {
  const model = service(md(block('bash markpact:test shell', 'python main.py --help\n\n# comment\ntest -f out.txt'), block('python markpact:config', 'x')));
  assert.deepEqual(model.shellTests.map((t) => t.command), ['python main.py --help', 'test -f out.txt']);
  assert.deepEqual(model.httpTests, []);
});
