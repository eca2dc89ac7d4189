import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { checkReadme } from '../../core/diagnostics/readme';
import type { Problem } from '../../core/diagnostics/problem';
import { resolveIncludes } from '../../core/markpact/include';
import { parseMarkpact } from '../../core/markpact/parse';

const fence = '```';
const block = (info: string, body: string) => `${fence}${info}\n${body}\n${fence}`;
const md = (...parts: string[]) => parts.join('\n\n') + '\n';
const RUN = block('bash markpact:run', 'python main.py');

function check(text: string): Problem[] {
  return checkReadme(parseMarkpact(text));
}

function only(text: string, code: string): Problem[] {
  return check(text).filter((p) => p.code === code);
}

/** The span of the n-th occurrence of `needle` (after `from`). */
function at(text: string, needle: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(needle, from);
  assert.ok(start >= 0, `${needle} not in fixture`);
  return { start, end: start + needle.length };
}

test('plain Markdown gives nothing', () => {
  assert.deepEqual(check('# Title\n\nSome text.\r\n\n```python\nprint(1)\n```\n'), []);
  assert.deepEqual(check(''), []);
});

test('a clean README gives nothing', () => {
  const text = md('# Svc', block('text markpact:deps python', 'fastapi\nuvicorn'), block('python markpact:file path=main.py', 'app = 1'), block('bash markpact:run', 'uvicorn main:app'), block('text markpact:test http', 'GET /health EXPECT 200'));
  assert.deepEqual(check(text), []);
});

test('unknown-kind is a warning, with the nearest kind only when it is near', () => {
  const text = md(block('python markpact:FILE path=main.py', 'x'), block('yaml markpact:ignore', 'a: 1'), block('text markpact:con', 'x'), RUN);
  const [upper, planned, far] = only(text, 'unknown-kind');
  assert.deepEqual([upper.span, upper.severity, upper.data], [at(text, 'FILE'), 'warning', { suggestion: 'file' }]);
  assert.match(upper.message, /unknown block kind 'FILE'.*Did you mean 'file'\?/);
  assert.deepEqual(planned.span, at(text, 'ignore'));
  assert.match(planned.message, /only planned upstream/);
  assert.deepEqual([far.span, far.data], [at(text, 'con'), undefined]);
  assert.doesNotMatch(far.message, /Did you mean/);
});

test('the kinds of markpact\'s generator and deployment runtime are known and quiet', () => {
  const text = md(block('yaml markpact:orchestration', 'pipeline:\n  steps: []'), block('json markpact:state', '{"phase":"init"}'), block('yaml markpact:config', 'a: 1'),
    block('yaml markpact:steps', 'steps: []'), block('yaml markpact:rollback', 'steps: []'), RUN);
  assert.deepEqual(check(text), []);
});

test('missing-path, unsafe-path and duplicate-path', () => {
  const text = md(
    block('python markpact:file', 'print(1)'),
    block('python markpact:file path=/etc/passwd', 'x'),
    block('python markpact:file path=main.py', 'print(2)'),
    RUN,
  );
  const [missing] = only(text, 'missing-path');
  assert.deepEqual(missing.span, at(text, 'markpact:file'));
  assert.equal(missing.data?.insertAt, at(text, 'python markpact:file').end);
  assert.match(missing.message, /markpact CLI stops with an error and pactown writes it to main\.py/);
  const [unsafe] = only(text, 'unsafe-path');
  assert.deepEqual([unsafe.span, unsafe.data], [at(text, '/etc/passwd'), { confined: 'etc/passwd' }]);
  const [duplicate] = only(text, 'duplicate-path');
  assert.deepEqual(duplicate.span, at(text, 'main.py', text.indexOf('path=main.py')));
  assert.deepEqual(duplicate.related?.map((r) => r.span), [at(text, 'markpact:file')]);
  assert.match(duplicate.message, /the last write wins/);
});

test('multiple-run on every later run block', () => {
  const text = md(block('bash markpact:run', 'python a.py'), block('bash markpact:run', 'python b.py'), block('bash markpact:run', 'python c.py'));
  const problems = only(text, 'multiple-run');
  const first = at(text, 'markpact:run');
  const second = at(text, 'markpact:run', first.end);
  assert.deepEqual(problems.map((p) => p.span), [second, at(text, 'markpact:run', second.end)]);
  assert.deepEqual(problems[0].related?.map((r) => r.span), [first]);
  assert.match(problems[0].message, /pactown runs the first one and the markpact CLI runs the last/);
});

test('no-run only when there is something to run and nothing can be inferred', () => {
  const text = md('Intro', block('text markpact:deps python', 'flask'), block('python markpact:file path=lib.py', 'x = 1'));
  const [problem] = only(text, 'no-run');
  assert.deepEqual([problem.span, problem.severity], [at(text, 'markpact:deps'), 'warning']);
  assert.deepEqual(only(md(block('text markpact:deps python', 'flask'), block('python markpact:file path=app.py', 'x')), 'no-run'), [], 'app.py is inferred');
  assert.deepEqual(only(md(block('text markpact:publish', 'registry = pypi')), 'no-run'), []);
  // A publish README with files (pypi-publish) is published, not run.
  assert.deepEqual(only(md(block('toml markpact:publish', 'registry = pypi'), block('python markpact:file path=pkg/cli.py', 'x = 1')), 'no-run'), []);
});

test('invalid-requirement, duplicate-dependency, deps-ecosystem-mismatch', () => {
  const text = md(block('text markpact:deps python', 'fastapi=0.1\nFlask\nflask>=2\nexpress'), block('node markpact:deps', 'express ^4\nrequests'), RUN);
  const [pipBad, npmBad] = only(text, 'invalid-requirement');
  assert.deepEqual([pipBad.span, pipBad.severity], [at(text, '=', text.indexOf('fastapi')), 'error']);
  assert.match(pipBad.message, /^invalid Python requirement: '=' is not a version operator/);
  assert.deepEqual(npmBad.span, at(text, '^4'));
  const [duplicate] = only(text, 'duplicate-dependency');
  assert.deepEqual(duplicate.span, at(text, 'flask'));
  assert.deepEqual(duplicate.related?.map((r) => r.span), [at(text, 'Flask')]);
  const mismatch = only(text, 'deps-ecosystem-mismatch');
  assert.deepEqual(mismatch.map((p) => p.span), [at(text, 'express'), at(text, 'requests')]);
  assert.match(mismatch[0].message, /'express' is a Node \(npm\) package in a Python \(pip\) deps block, which is not installed at all/);
  assert.match(mismatch[1].message, /'requests' is a Python \(pip\) package in a Node \(npm\) deps block, but this block is installed with npm/);
  assert.deepEqual(mismatch[1].data, { ecosystem: 'python', line: at(text, 'requests') });
  assert.deepEqual(pipBad.data, { ecosystem: 'python', line: at(text, 'fastapi=0.1') });
});

test('duplicate dependencies under different markers are fine; ts deps are installed with pip', () => {
  assert.deepEqual(only(md(block('text markpact:deps python', 'pkg; python_version < "3.8"\npkg; python_version >= "3.8"'), RUN), 'duplicate-dependency'), []);
  const text = md(block('typescript markpact:deps', 'left-pad'), RUN);
  const [ts] = only(text, 'deps-ecosystem-mismatch');
  assert.deepEqual([ts.span, ts.data], [at(text, 'typescript'), { replacement: 'node' }]);
});

test('python-deps-sent-to-npm when a JS file makes the service Node', () => {
  const text = md(block('text markpact:deps python', 'flask'), block('python markpact:file path=app.py', 'x'), block('javascript markpact:file path=static/app.js', 'y'), block('bash markpact:run', 'python app.py'));
  const [problem] = only(text, 'python-deps-sent-to-npm');
  assert.deepEqual(problem.span, at(text, 'markpact:deps'));
  assert.match(problem.message, /the file 'static\/app\.js' is JavaScript/);
  assert.deepEqual(problem.related?.map((r) => r.span), [at(text, 'static/app.js')]);
});

test('legacy-header replacements', () => {
  const text = md(
    block('markpact:file python path=main.py', 'x'),
    block('markpact:run', 'python main.py'),
    block('markpact:deps python', 'flask'),
    block('markpact:deps node', 'express'),
    block('markpact:test shell', 'true'),
    block('markpact:bootstrap python', 'code'),
  );
  const problems = only(text, 'legacy-header');
  assert.deepEqual(problems.map((p) => [text.slice(p.span.start, p.span.end), p.data?.replacement, p.severity]), [
    ['markpact:file python path=main.py', 'python markpact:file path=main.py', 'hint'],
    ['markpact:run', 'bash markpact:run', 'hint'],
    ['markpact:deps python', 'text markpact:deps python', 'hint'],
    ['markpact:deps node', 'node markpact:deps', 'hint'],
    ['markpact:test shell', 'bash markpact:test shell', 'hint'],
  ]);
});

test('a CRLF README is read as its LF form, as both reference tools read it (universal newlines)', () => {
  const text = md('# T', block('text markpact:deps python', 'fastapi'), block('python markpact:file path=main.py', 'x = 1\ny = 2'), RUN).replace(/\n/g, '\r\n');
  assert.deepEqual(check(text), []);
  assert.deepEqual(parseMarkpact(text).blocks.map((b) => b.body), ['fastapi', 'x = 1\ny = 2', 'python main.py']);
  // The reference check still runs on it: a ~~~ block is dropped by pactown whatever the line endings.
  const tilde = md('~~~bash markpact:run', 'python main.py', '~~~').replace(/\n/g, '\r\n');
  assert.deepEqual(only(tilde, 'pactown-incompatible').map((p) => p.data), [{ reason: 'tilde-fence' }]);
});

test('invalid-test per bad line, shell-test-without-meta once per block', () => {
  const text = md(RUN, block('text markpact:test http', 'GET /health EXPECT 200\nGET health\nPOST /x BODY {bad} EXPECT 201'), block('bash markpact:test', 'curl -f localhost:8000\npytest -q'));
  const invalid = only(text, 'invalid-test');
  assert.deepEqual(invalid.map((p) => p.span), [at(text, 'health', text.indexOf('GET health')), at(text, '{bad}')]);
  assert.match(invalid[0].message, /^invalid HTTP test: the path must start with '\/'/);
  const [shell] = only(text, 'shell-test-without-meta');
  assert.deepEqual([shell.span, shell.data], [at(text, 'bash markpact:test'), { insertAt: at(text, 'bash markpact:test').end, insertText: ' shell' }]);
  const commands = md(RUN, block('text markpact:test', 'curl -f localhost:8000'));
  assert.equal(only(commands, 'shell-test-without-meta').length, 1);
  assert.deepEqual(only(commands, 'invalid-test'), []);
});

test('indented-first-line in file blocks', () => {
  const text = md(block('yaml markpact:file path=c.yaml', '\n  a: 1\n  b: 2'), RUN);
  const [problem] = only(text, 'indented-first-line');
  assert.deepEqual(problem.span, { start: text.indexOf('  a: 1'), end: text.indexOf('  a: 1') + 2 });
});

test('invalid-target spans are mapped into the document', () => {
  const text = md(block('yaml markpact:target', 'platform: tv\nframework: electorn\nwindow_width: wide'), RUN);
  const problems = only(text, 'invalid-target');
  assert.deepEqual(problems.map((p) => [text.slice(p.span.start, p.span.end), p.severity]), [['tv', 'error'], ['electorn', 'warning'], ['wide', 'error']]);
  assert.deepEqual(problems[1].data, { suggestion: 'electron' });
});

test('include-not-found: missing, cycle and depth; included blocks join the service checks', async () => {
  const files: Record<string, string> = {
    '/p/README.md': md('<!-- markpact:include path=a/README.md -->', '<!-- markpact:include path=missing.md -->', block('python markpact:file path=main.py', 'x')),
    '/p/a/README.md': md('<!-- markpact:include path=../README.md -->', block('bash markpact:run', 'python main.py'), block('python markpact:file path=main.py', 'y')),
  };
  const reader = { readText: async (p: string) => files[p] };
  const doc = parseMarkpact(files['/p/README.md']);
  const includes = await resolveIncludes('/p/README.md', doc, reader, parseMarkpact);
  assert.deepEqual(includes.included, ['/p/a/README.md']);
  assert.deepEqual(includes.blocks.map((b) => [b.kind, b.sourcePath]), [['file', undefined], ['run', '/p/a/README.md'], ['file', '/p/a/README.md']]);
  const text = files['/p/README.md'];
  const problems = checkReadme(doc, { includes });
  const notFound = problems.filter((p) => p.code === 'include-not-found');
  assert.deepEqual(notFound.map((p) => [p.span, p.data?.reason]), [[at(text, 'a/README.md'), 'cycle'], [at(text, 'missing.md'), 'missing']]);
  assert.deepEqual(problems.filter((p) => p.code === 'no-run'), [], 'the included run block counts');
  const [overwritten] = problems.filter((p) => p.code === 'duplicate-path');
  assert.deepEqual(overwritten.span, at(text, 'main.py'), 'the included file overwrites this document\'s main.py');
  const includedText = files['/p/a/README.md'];
  assert.deepEqual(overwritten.related?.map((r) => [r.path, r.span, r.range?.start.line]), [['/p/a/README.md', at(includedText, 'main.py', includedText.indexOf('path=main.py')), 6]]);

  const deep: Record<string, string> = {};
  for (let i = 0; i <= 6; i++) deep[`/d/${i}.md`] = md(`<!-- markpact:include path=${i + 1}.md -->`, block('bash markpact:run', `echo ${i}`));
  const deepDoc = parseMarkpact(deep['/d/0.md']);
  const deepIncludes = await resolveIncludes('/d/0.md', deepDoc, { readText: async (p) => deep[p] }, parseMarkpact);
  assert.equal(deepIncludes.included.length, 5);
  assert.deepEqual(deepIncludes.problems.map((p) => [p.span, p.data?.reason]), [[at(deep['/d/0.md'], '1.md'), 'depth']]);
  assert.equal(deepIncludes.problems[0].related?.[0].path, '/d/5.md');
});

test('corpus READMEs: no errors except the ones that are warranted', () => {
  const root = '/work/shared/corpus/markpact';
  const found: Record<string, string[]> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) {
        const text = readFileSync(path, 'utf8');
        const problems = check(text);
        found[path.slice(root.length + 1)] = problems.map((p) => `${p.severity} ${p.code}: ${text.slice(p.span.start, p.span.end)}`);
      }
    }
  };
  walk(root);
  const errors = Object.entries(found).flatMap(([path, list]) => list.filter((l) => l.startsWith('error')).map((l) => `${path}: ${l}`));
  assert.deepEqual(errors, []);
});

test('pactown-incompatible: one warning per block the reference parser misreads, with the reason', () => {
  const text = md(block('bash markpact:run', 'python main.py'), '~~~bash markpact:test shell\ntrue\n~~~\n', block('c++ markpact:file path=a.cpp', 'int x;'));
  const found = only(text, 'pactown-incompatible');
  assert.deepEqual(found.map((p) => p.data?.reason), ['tilde-fence', 'language-characters']);
  assert.deepEqual(found[0].span, at(text, '~~~bash markpact:test shell'));
  assert.match(found[1].message, /letters, digits and _/);
});
