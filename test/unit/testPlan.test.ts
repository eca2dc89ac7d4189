import assert from 'node:assert/strict';
import test from 'node:test';
import { loadReadme } from '../../core/markpact/loadReadme';
import { planTests } from '../../core/testing/ecosystemTests';
import { planServiceTests, testLines } from '../../core/testing/plan';
import type { FileReader } from '../../core/workspace';

const fence = '```';

function files(map: Record<string, string>): FileReader {
  return { readText: async (path) => map[path] };
}

const readme = [
  '# api',
  '',
  `${fence}bash markpact:run`,
  'python3 -m http.server $PORT',
  fence,
  '',
  `${fence}http markpact:test`,
  '# the health check',
  '  GET /health EXPECT 200',
  '',
  'POST /items BODY {"name": "x"} EXPECT 201',
  'FETCH /nothing',
  fence,
  '',
  `${fence}bash markpact:test shell`,
  'test -f index.html',
  fence,
  '<!-- markpact:include path=extra.md -->',
  '',
].join('\n');

const extra = ['# more tests', `${fence}text markpact:test http`, 'GET /extra', fence, ''].join('\n');

test('one test per line that is not blank or a comment, with its place, kind and label', async () => {
  const loaded = (await loadReadme('/eco/api/README.md', files({ '/eco/api/README.md': readme, '/eco/api/extra.md': extra }), 'api'))!;
  const plan = planServiceTests(loaded, 'api', '/eco/api/README.md');
  assert.deepEqual(plan.blocks.map((b) => [b.kind, b.file, b.startLine, b.endLine, b.lines.length]), [
    ['http', '/eco/api/README.md', 6, 12, 3],
    ['shell', '/eco/api/README.md', 14, 16, 1],
    ['http', '/eco/api/extra.md', 1, 3, 1],
  ]);
  const lines = testLines(plan);
  assert.deepEqual(lines.map((l) => [l.kind, l.label, l.range.line, l.service]), [
    ['http', 'GET /health EXPECT 200', 8, 'api'],
    ['http', 'POST /items BODY {"name": "x"} EXPECT 201', 10, 'api'],
    ['invalid', 'FETCH /nothing', 11, 'api'],
    ['shell', 'test -f index.html', 15, 'api'],
    ['http', 'GET /extra', 2, 'api'],
  ]);
  // The range covers the line's text without its indentation, so that a gutter mark and a message sit on it.
  assert.deepEqual(lines[0].range, { line: 8, start: 2, end: 24 });
  const post = lines[1];
  assert.ok(post.kind === 'http');
  assert.deepEqual([post.test.method, post.test.path, post.test.body, post.test.expect], ['POST', '/items', { name: 'x' }, 201]);
  const invalid = lines[2];
  assert.ok(invalid.kind === 'invalid');
  assert.match(invalid.message, /'FETCH' is not an HTTP method/);
  assert.equal(lines[4].file, '/eco/api/extra.md', 'an included block is placed in the file it is written in');
  assert.equal(new Set(lines.map((l) => l.id)).size, lines.length, 'ids are unique within the service');
});

test('a bash block without `shell` holds HTTP tests, as markpact reads it', async () => {
  const text = `${fence}bash markpact:test\ncurl localhost\n${fence}\n`;
  const loaded = (await loadReadme('/r/README.md', files({ '/r/README.md': text })))!;
  const [line] = testLines(planServiceTests(loaded, 'r', '/r/README.md'));
  assert.equal(line.kind, 'invalid');
});

test('the tests of several services, in their order; a README that cannot be read has none', async () => {
  const reader = files({ '/eco/api/README.md': readme, '/eco/api/extra.md': extra, '/eco/web/README.md': `${fence}http markpact:test\nGET /\n${fence}\n` });
  const planned = await planTests([{ name: 'web', readmePath: '/eco/web/README.md' }, { name: 'api', readmePath: '/eco/api/README.md' }, { name: 'gone', readmePath: '/eco/gone/README.md' }], reader);
  assert.deepEqual(planned.map((p) => [p.tests.service, testLines(p.tests).length]), [['web', 1], ['api', 5]]);
  assert.equal(planned[1].model.run?.command, 'python3 -m http.server $PORT');
});
