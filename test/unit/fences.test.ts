import assert from 'node:assert/strict';
import test from 'node:test';
import { checkReadme } from '../../core/diagnostics/readme';
import { parseMarkpact } from '../../core/markpact/parse';
import { validateReadme } from '../../core/diagnostics/validateReadme';

const f = '```';
const lines = (...l: string[]) => l.join('\n') + '\n';
const issues = (text: string) => parseMarkpact(text).fenceIssues.map((i) => ({ kind: i.kind, open: text.slice(i.openSpan.start, i.openSpan.end), inner: i.innerSpan && text.slice(i.innerSpan.start, i.innerSpan.end) }));
const codes = (text: string) => checkReadme(parseMarkpact(text)).map((p) => p.code);

test('an unclosed fence that swallows markpact blocks is found at its opening line', () => {
  const text = lines('# T', '', `${f}bash`, 'echo hi', '', `${f}bash markpact:run`, 'python main.py');
  assert.deepEqual(issues(text), [{ kind: 'unclosed', open: '```bash', inner: undefined }]);
  const [problem] = checkReadme(parseMarkpact(text));
  assert.equal(problem.code, 'unclosed-fence');
  assert.equal(problem.message, 'this fence is never closed: everything after line 3 is inside it, markpact blocks included. Close it with ```');
  // The hidden run block is why nothing runs: no knock-on no-run.
  assert.deepEqual(codes(text), ['unclosed-fence']);
});

test('a fence left open in a list item ends with the item, not with the file: not reported', () => {
  assert.deepEqual(issues(lines('- step', `  ${f}bash markpact:run`, '  python main.py', '', 'Next paragraph.', '', `${f}text`, 'x', `${f}`)), []);
  assert.deepEqual(issues(lines('1.  step', `    ${f}bash markpact:run`, '    python main.py', '', 'Next paragraph.')), []);
});

test('an unclosed fence that hides no markpact text is not reported', () => {
  assert.deepEqual(issues(lines(`${f}bash markpact:run`, 'python main.py', `${f}`, '', `${f}text`, 'notes')), []);
});

test('a nested fence of the same length: reported at the outer opening fence, no knock-on no-run', () => {
  const text = lines('# Doc', '', `${f}markdown`, `${f}python markpact:deps`, 'fastapi', `${f}`, '', 'Bad:', `${f}python markpact:deps`, 'fastapi', `${f}`, `${f}`);
  assert.deepEqual(issues(text)[0], { kind: 'nested', open: '```markdown', inner: '```python markpact:deps' });
  const problems = checkReadme(parseMarkpact(text));
  assert.deepEqual(problems.map((p) => p.code), ['nested-fence']);
  assert.match(problems[0].message, /opens inside it at line 4: Markdown ends this block at line 6 instead.*Close this block before line 4, or make it longer \(````\)/);
});

test('a longer outer fence holds a shorter one: nothing to report', () => {
  assert.deepEqual(issues(lines(`${f}\`markdown`, `${f}python markpact:deps`, 'fastapi', `${f}`, `${f}\``, '', `${f}bash markpact:run`, 'x', `${f}`)), []);
});

test('a longer inner fence also closes the outer one', () => {
  const text = lines(`${f}markdown`, `${f}\`python markpact:deps`, 'fastapi', `${f}\``, `${f}`);
  assert.equal(issues(text)[0].kind, 'nested');
});

test('tildes: a ``` fence inside ~~~ is fine; ~~~ inside ~~~ is nested', () => {
  assert.deepEqual(issues(lines('~~~markdown', `${f}python markpact:deps`, 'fastapi', `${f}`, '~~~')), []);
  assert.equal(issues(lines('~~~markdown', '~~~python markpact:deps', 'fastapi', '~~~', '~~~'))[0].kind, 'nested');
});

test('indented fences (up to three spaces) count; an info string with a backtick is no opener', () => {
  assert.equal(issues(lines('   ```markdown', '   ```python markpact:deps', '   fastapi', '   ```', '   ```'))[0].kind, 'nested');
  assert.deepEqual(issues(lines(`${f}markdown`, '```not `a` fence markpact:x', `${f}`, `${f}bash markpact:run`, 'x', `${f}`)), []);
});

test('CRLF: the same findings, spans without the carriage return', () => {
  const text = lines('# T', '', `${f}bash`, 'echo', `${f}bash markpact:run`, 'x').replace(/\n/g, '\r\n');
  assert.deepEqual(issues(text), [{ kind: 'unclosed', open: '```bash', inner: undefined }]);
  const nested = lines(`${f}markdown`, `${f}python markpact:deps`, 'fastapi', `${f}`, `${f}`).replace(/\n/g, '\r\n');
  assert.deepEqual(issues(nested)[0], { kind: 'nested', open: '```markdown', inner: '```python markpact:deps' });
});

test('no-run stays when the swallowed part has no run and real blocks stand before the fence', () => {
  const text = lines(`${f}python markpact:file path=lib.py`, 'x = 1', `${f}`, '', `${f}text`, 'markpact: notes');
  assert.deepEqual(codes(text), ['no-run', 'unclosed-fence']);
});

test('a README whose every block a fence swallowed still gets the fence, through validateReadme too', async () => {
  const text = lines('# T', '', `${f}bash`, 'echo', '', `${f}bash markpact:run`, 'python main.py', `${f}`, `${f}`, 'tail');
  const doc = parseMarkpact(text);
  assert.deepEqual(doc.blocks, []);
  const reader = { readText: async () => undefined };
  assert.deepEqual((await validateReadme('/x/README.md', doc, reader)).map((p) => p.code), ['nested-fence']);
});

test('an escaped inner closing fence (\\```) pairs up as meant: not reported (markpact\'s own docs do this)', () => {
  const text = lines('# Example', '', `${f}markdown`, `${f}text markpact:deps python`, 'fastapi', '\\```', `${f}`, '', `${f}bash markpact:run`, 'python main.py', `${f}`);
  assert.deepEqual(issues(text), []);
});

test('out of step until a later bare fence holds an opener again: the first nesting is reported (pactown FAST_START.md)', () => {
  const text = lines(`${f}markdown`, `${f}python markpact:deps`, 'fastapi', `${f}`, '', `${f}python markpact:deps`, 'requests', `${f}`, `${f}`, '', '### Next section', '', `${f}python`, 'print(1)', `${f}`);
  assert.deepEqual(issues(text), [{ kind: 'nested', open: '```markdown', inner: '```python markpact:deps' }]);
});
