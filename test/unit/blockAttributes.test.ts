import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { checkBlockHashes } from '../../core/diagnostics/blockHashes';
import { checkReadme } from '../../core/diagnostics/readme';
import { diskReader } from '../../core/diskReader';
import { markpactContentHash, syncedBody } from '../../core/markpact/contentHash';
import { parseMarkpact } from '../../core/markpact/parse';

const fence = '```';
const block = (info: string, body: string) => `${fence}${info}\n${body}\n${fence}`;
const md = (...parts: string[]) => parts.join('\n\n') + '\n';
const RUN = block('bash markpact:run', 'python main.py');
const only = (text: string, code: string) => checkReadme(parseMarkpact(text)).filter((p) => p.code === code);
const at = (text: string, needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });

describe('template=true, by syntax only', () => {
  test('well-formed placeholders give nothing, whatever the environment has', () => {
    const text = md(block('python markpact:file path=cfg.py template=true', 'A = "${ask:Api key}"\nB = "${env:SURELY_UNSET_VARIABLE_42}"\nC = "${env:PORT:-8000}"\nD = "${HOME}"'), RUN);
    assert.deepEqual(checkReadme(parseMarkpact(text)), []);
  });

  test('malformed and unterminated placeholders are template-placeholder warnings at the placeholder', () => {
    const text = md(block('text markpact:file path=.env template=yes', 'A=${ask:Label:default}\nB=${env:1BAD}\nC=${env:X:y}\nD=${ask:Open\nE=${env:OK}'), RUN);
    const problems = only(text, 'template-placeholder');
    const open = text.indexOf('${ask:Open');
    assert.deepEqual(problems.map((p) => [p.span, p.severity]), [
      [at(text, '${ask:Label:default}'), 'warning'], [at(text, '${env:1BAD}'), 'warning'], [at(text, '${env:X:y}'), 'warning'], [{ start: open, end: open + 6 }, 'warning'],
    ]);
    assert.match(problems[0].message, /a default is written after :-/);
    assert.match(problems[1].message, /after env: comes a variable name/);
    assert.match(problems[3].message, /unterminated \$\{ask: placeholder/);
  });

  test('template-not-filled: template=true with nothing markpact fills, and placeholders without template=true', () => {
    const a = md(block('sh markpact:file path=run.sh template=true', 'echo ${HOME}'), RUN);
    const [noPlaceholder] = only(a, 'template-not-filled');
    assert.deepEqual([noPlaceholder.span, noPlaceholder.severity], [at(a, 'template=true'), 'hint']);
    const b = md(block('text markpact:file path=.env', 'KEY=${env:KEY}'), RUN);
    const [noAttribute] = only(b, 'template-not-filled');
    assert.deepEqual(noAttribute.data, { insertAt: at(b, 'text markpact:file path=.env').end, insertText: ' template=true' });
  });

  test('bounded: at most 50 placeholder problems per block', () => {
    const text = md(block('text markpact:file path=a template=true', `${'${env:1}'.repeat(500)}\n\${env:OK}`), RUN);
    assert.equal(only(text, 'template-placeholder').length, 50);
  });
});

describe('scope= on deps', () => {
  test('scope=dev is a warning that markpact installs them anyway; other attributes of deps are not', () => {
    const text = md(block('text markpact:deps python scope=dev', 'pytest'), block('text markpact:deps python scope=runtime', 'flask'), RUN);
    const [problem] = only(text, 'dev-scope-installed');
    assert.deepEqual([problem.span, problem.severity], [at(text, 'scope=dev'), 'warning']);
    assert.match(problem.message, /ignores scope=dev and installs these packages .* as runtime dependencies/);
    assert.equal(only(text, 'dev-scope-installed').length, 1);
  });
});

describe('sha256= compared with the file next to the README', () => {
  const root = mkdtempSync(join(tmpdir(), 'mp-hash-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const readme = join(root, 'svc', 'README.md');
  mkdirSync(join(root, 'svc', 'sandbox'), { recursive: true });
  writeFileSync(join(root, 'svc', 'app.py'), 'print(1)\n\n');
  writeFileSync(join(root, 'svc', 'sandbox', 'only.py'), 'x = 2\n');
  writeFileSync(join(root, 'outside.py'), 'secret\n');
  symlinkSync(join(root, 'outside.py'), join(root, 'svc', 'link.py'));
  const hash = (body: string) => markpactContentHash(body);
  const check = (text: string) => checkBlockHashes(readme, parseMarkpact(text), diskReader);

  test('markpact hashes the body without trailing newlines', () => {
    assert.equal(syncedBody('a\n\n'), 'a');
    assert.equal(syncedBody('a\r\n'), 'a\r', 'only \\n is stripped, as rstrip("\\n")');
    assert.equal(hash(''), 'e3b0c44298fc');
  });

  test('agreeing block and file with their hash: nothing', async () => {
    assert.deepEqual(await check(md(block(`python markpact:file path=app.py sha256=${hash('print(1)')}`, 'print(1)'))), []);
  });

  test('a block edited since the sync: which side has the recorded hash is said', async () => {
    const text = md(block(`python markpact:file path=app.py sha256=${hash('print(1)')}`, 'print(2)'));
    const [problem] = await check(text);
    assert.deepEqual([problem.code, problem.severity, problem.span], ['sha256-mismatch', 'hint', at(text, `sha256=${hash('print(1)')}`)]);
    assert.match(problem.message, /this block and app\.py differ: the block was edited since markpact sync --hash/);
    assert.deepEqual(problem.data, { file: join(root, 'svc', 'app.py'), fileHash: hash('print(1)'), blockHash: hash('print(2)') });
    const [changedFile] = await check(md(block(`python markpact:file path=app.py sha256=${hash('print(2)')}`, 'print(2)')));
    assert.match(changedFile.message, /app\.py changed since markpact sync --hash/);
    const [both] = await check(md(block('python markpact:file path=app.py sha256=000000000000', 'print(2)')));
    assert.match(both.message, /both changed/);
    const [stale] = await check(md(block('python markpact:file path=app.py sha256=000000000000', 'print(1)')));
    assert.match(stale.message, /agree, but sha256=000000000000 is not their hash/);
  });

  test('markpact sync\'s default source folder sandbox/ is looked in too', async () => {
    const [problem] = await check(md(block('python markpact:file path=only.py sha256=000000000000', 'x = 3')));
    assert.match(problem.message, /this block and sandbox\/only\.py differ/);
  });

  test('nothing outside the README\'s folder is read: an unsafe path, a symlink out, a missing file', async () => {
    assert.deepEqual(await check(md(block('python markpact:file path=../outside.py sha256=000000000000', 'x'))), []);
    assert.deepEqual(await check(md(block('python markpact:file path=link.py sha256=000000000000', 'x'))), []);
    assert.deepEqual(await check(md(block('python markpact:file path=gone.py sha256=000000000000', 'x'))), []);
    assert.deepEqual(await checkBlockHashes(undefined, parseMarkpact(md(block('python markpact:file path=app.py sha256=0', 'x'))), diskReader), []);
  });
});
