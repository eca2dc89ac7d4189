import assert from 'node:assert/strict';
import test from 'node:test';
import { parseHttpTestLine, testKind, type HttpTestLine } from '../../core/markpact/httpTest';

function ok(line: string) {
  const r = parseHttpTestLine(line);
  assert.equal(r.kind, 'test', `${line}: ${JSON.stringify(r)}`);
  return (r as Extract<HttpTestLine, { kind: 'test' }>).test;
}

function bad(line: string): { message: string; text: string } {
  const r = parseHttpTestLine(line);
  assert.equal(r.kind, 'invalid', `${line}: ${JSON.stringify(r)}`);
  const { message, span } = r as Extract<HttpTestLine, { kind: 'invalid' }>;
  return { message, text: line.slice(span.start, span.end) };
}

test('blank and comment lines are skipped', () => {
  assert.deepEqual(parseHttpTestLine('   '), { kind: 'skip' });
  assert.deepEqual(parseHttpTestLine('  # GET /nothing'), { kind: 'skip' });
});

test('METHOD /path with BODY and EXPECT in either order', () => {
  const line = 'POST /todos BODY {"title": "a b", "done": false} EXPECT 201';
  const t = ok(line);
  assert.equal(t.method, 'POST');
  assert.equal(t.path, '/todos');
  assert.deepEqual(t.body, { title: 'a b', done: false });
  assert.equal(line.slice(t.bodySpan!.start, t.bodySpan!.end), '{"title": "a b", "done": false}');
  assert.equal(t.expect, 201);
  assert.equal(line.slice(t.expectSpan!.start, t.expectSpan!.end), '201');
  const reversed = ok('PUT /todos/1 EXPECT 200 BODY {"done": true}');
  assert.deepEqual([reversed.expect, reversed.body], [200, { done: true }]);
  const plain = ok('  GET /health');
  assert.deepEqual([plain.method, plain.path, plain.expect, plain.body], ['GET', '/health', undefined, undefined]);
  assert.deepEqual(plain.methodSpan, { start: 2, end: 5 });
});

test('the method is case-insensitive, as the reference upper-cases it', () => {
  assert.equal(ok('delete /todos/1 EXPECT 204').method, 'DELETE');
});

test('errors point at the offending part', () => {
  assert.deepEqual(bad('FETCH /x').text, 'FETCH');
  assert.match(bad('FETCH /x').message, /not an HTTP method/);
  assert.deepEqual(bad('GET'), { message: 'expected a path after GET (for example GET /health)', text: 'GET' });
  assert.equal(bad('GET health').text, 'health');
  assert.match(bad('GET health').message, /write \/health/);
  assert.match(bad('GET http://localhost:8000/health').message, /give only the path/);
  assert.deepEqual(bad('GET / EXPECT 2000'), { message: "'2000' is not an HTTP status code: EXPECT takes a number from 100 to 599", text: '2000' });
  assert.equal(bad('GET / EXPECT 700').text, '700');
  assert.equal(bad('GET / EXPECT').message, 'expected a status code after EXPECT, e.g. EXPECT 200');
  assert.deepEqual(bad('GET / 404'), { message: 'write EXPECT 404 to check the status code; a bare number is ignored', text: '404' });
  assert.equal(bad('GET / expect 200').message, 'write EXPECT in capitals: the test runner only recognises EXPECT');
  assert.equal(bad('POST /x BODY [1, 2]').text, '[1,');
  const json = bad('POST /x BODY {"a": } EXPECT 200');
  assert.equal(json.text, '{"a": }');
  assert.match(json.message, /^the BODY is not valid JSON: /);
  assert.equal(bad('POST /x BODY {"a": 1').message, "the JSON body has no closing '}'");
  assert.equal(bad('GET / EXPECT 200 EXPECT 201').text, 'EXPECT');
  assert.equal(bad('GET / please').text, 'please');
});

test('testKind reads META only', () => {
  assert.equal(testKind({ meta: '' }), 'http');
  assert.equal(testKind({ meta: 'http' }), 'http');
  assert.equal(testKind({ meta: 'shell' }), 'shell');
  assert.equal(testKind({ meta: 'bash' }), 'shell');
  assert.equal(testKind({ meta: 'whatever' }), 'http');
});
