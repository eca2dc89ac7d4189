import assert from 'node:assert/strict';
import test from 'node:test';
import { serviceRoutes } from '../../client/src/model/serviceRoutes';
import { parseHttpTestLine } from '../../core/markpact/httpTest';

const tests = (...lines: string[]) => lines.flatMap((line) => {
  const parsed = parseHttpTestLine(line);
  return parsed.kind === 'test' ? [parsed.test] : [];
});

test('the health check first, then what the README tests GET, each once', () => {
  assert.deepEqual(serviceRoutes('/health', tests('GET /health EXPECT 200', 'GET /books EXPECT 200', 'get /books/1')), [
    { path: '/health', source: 'health check' },
    { path: '/books', source: 'markpact:test GET /books EXPECT 200' },
    { path: '/books/1', source: 'markpact:test GET /books/1' },
  ]);
});

test('what a browser cannot open, or should not, is left out', () => {
  const routes = serviceRoutes(undefined, tests('POST /books BODY {"title": "x"} EXPECT 201', 'GET /missing EXPECT 404', 'GET / EXPECT 200', 'DELETE /books/1'));
  assert.deepEqual(routes, [], 'POST, DELETE, an expected error and / (offered anyway)');
  assert.deepEqual(serviceRoutes('', []), []);
});
