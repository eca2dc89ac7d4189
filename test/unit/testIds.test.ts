import assert from 'node:assert/strict';
import test from 'node:test';
import { loadReadme } from '../../core/markpact/loadReadme';
import { planServiceTests, testLines, type ServiceTests } from '../../core/testing/plan';
import { testBlockId, testLineIds } from '../../core/testing/testIds';

const fence = '```';
const path = '/eco/api/README.md';

const readme = (before: string[], tests: string[], after: string[] = []) => [
  ...before,
  `${fence}http markpact:test`,
  ...tests,
  fence,
  '',
  `${fence}bash markpact:test shell`,
  'test -f index.html',
  fence,
  ...after,
  '',
].join('\n');

async function plan(text: string): Promise<ServiceTests> {
  const loaded = (await loadReadme(path, { readText: async (p) => (p === path ? text : undefined) }, 'api'))!;
  return planServiceTests(loaded, 'api', path);
}

const idsAndLines = (tests: ServiceTests) => testLines(tests).map((l) => [l.id, l.range.line] as const);

test('a block is its file and its place among that file\'s test blocks', () => {
  assert.equal(testBlockId(path, 0), `${path}#test-block-1`);
  assert.notEqual(testBlockId(path, 1), testBlockId(path, 0));
  assert.notEqual(testBlockId('/eco/api/extra.md', 0), testBlockId(path, 0));
});

test('identical lines in one block get distinct ids; the first keeps the id it has alone', () => {
  const block = testBlockId(path, 0);
  const ids = testLineIds(block, ['GET /health', 'GET /books', 'GET /health', 'GET /health']);
  assert.equal(new Set(ids).size, 4);
  assert.equal(ids[0], testLineIds(block, ['GET /health'])[0]);
  assert.deepEqual(testLineIds(block, ['GET /books', 'GET /health', 'GET /health']).slice(1), [ids[0], ids[2]], 'the twins keep their order among themselves');
  assert.ok(ids.every((id) => id.startsWith(`${block}/`)));
});

test('the same line in two blocks has two ids', () => {
  const [first] = testLineIds(testBlockId(path, 0), ['GET /health']);
  const [second] = testLineIds(testBlockId(path, 1), ['GET /health']);
  assert.notEqual(first, second);
});

test('lines added above a block (prose, blank lines) keep every id, and the ranges move by as many lines', async () => {
  const tests = ['GET /health EXPECT 200', 'GET /books EXPECT 200', 'GET /health EXPECT 200'];
  const before = await plan(readme(['# api'], tests));
  const after = await plan(readme(['# api', '', 'A new paragraph', 'over two lines.', ''], tests));
  assert.deepEqual(idsAndLines(after).map(([id]) => id), idsAndLines(before).map(([id]) => id));
  assert.deepEqual(idsAndLines(after).map(([, line]) => line), idsAndLines(before).map(([, line]) => line + 4));
  assert.deepEqual(after.blocks.map((b) => b.id), before.blocks.map((b) => b.id));
  assert.deepEqual(after.blocks.map((b) => b.startLine), before.blocks.map((b) => b.startLine + 4));
  assert.equal(new Set(testLines(after).map((l) => l.id)).size, 4, 'the two identical lines stay distinct');
});

test('lines added or removed inside the block, around a test line, keep its id', async () => {
  const before = await plan(readme(['# api'], ['GET /health EXPECT 200', 'GET /books EXPECT 200']));
  const after = await plan(readme(['# api'], ['# a comment', 'GET /new EXPECT 200', '', 'GET /books EXPECT 200']));
  const idOf = (tests: ServiceTests, label: string) => testLines(tests).find((l) => l.label === label)?.id;
  assert.equal(idOf(after, 'GET /books EXPECT 200'), idOf(before, 'GET /books EXPECT 200'));
  assert.equal(idOf(after, 'GET /health EXPECT 200'), undefined);
});

test('re-indenting a line keeps its id; editing its own text changes it, and no other', async () => {
  const before = await plan(readme([], ['GET /health EXPECT 200', 'GET /books EXPECT 200']));
  const indented = await plan(readme([], ['   GET /health EXPECT 200', 'GET /books EXPECT 200']));
  assert.deepEqual(testLines(indented).map((l) => l.id), testLines(before).map((l) => l.id));
  const edited = await plan(readme([], ['GET /health EXPECT 204', 'GET /books EXPECT 200']));
  const [health, books, shell] = testLines(edited).map((l) => l.id);
  const [oldHealth, oldBooks, oldShell] = testLines(before).map((l) => l.id);
  assert.notEqual(health, oldHealth);
  assert.deepEqual([books, shell], [oldBooks, oldShell]);
});

test('a test block added above renumbers the blocks below it (their lines\' ids change with them)', async () => {
  const before = await plan(readme([], ['GET /health']));
  const after = await plan(readme([`${fence}http markpact:test`, 'GET /first', fence, ''], ['GET /health']));
  assert.equal(after.blocks.length, 3);
  assert.equal(after.blocks[1].id, testBlockId(path, 1));
  assert.notEqual(testLines(after)[1].id, testLines(before)[0].id);
});
