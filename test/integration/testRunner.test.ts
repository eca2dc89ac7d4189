// The two runners against the real thing: HTTP test lines sent to a real server (status, JSON
// body, redirects, bounded bodies, deadlines, refused connections), shell test lines as real
// process groups (exit codes, folder and environment, deadlines that kill what they started).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseHttpTestLine, type HttpTest } from '../../core/markpact/httpTest';
import { processAlive } from '../../core/processAlive';
import { waitFor } from '../../core/runtime/runProcesses';
import { checkHttpAnswer, sendHttpTest } from '../../core/testing/httpRunner';
import { excerptChars } from '../../core/testing/results';
import { runShellCommand } from '../../core/testing/shellRunner';
import { portOpen } from './cliRun';

function http(line: string): HttpTest {
  const parsed = parseHttpTestLine(line);
  if (parsed.kind !== 'test') throw new Error(`not a test line: ${line}`);
  return parsed.test;
}

describe('HTTP test lines against a real server', () => {
  let base = '';
  const received: { method: string; url: string; type?: string; body: string }[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ method: req.method!, url: req.url!, ...(req.headers['content-type'] ? { type: req.headers['content-type'] } : {}), body });
    const route = req.url!;
    if (route === '/items' && req.method === 'POST') return void res.writeHead(201, { 'content-type': 'application/json' }).end(body);
    if (route === '/old') return void res.writeHead(302, { location: '/new' }).end();
    if (route === '/new') return void res.writeHead(200).end('moved here');
    if (route === '/form') return void res.writeHead(303, { location: '/new' }).end();
    if (route === '/away') return void res.writeHead(302, { location: 'http://example.invalid/' }).end();
    if (route === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (route === '/big') return void res.writeHead(500).end('e'.repeat(1024 * 1024));
    if (route === '/slow') return; // never answers
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no route"}');
  });

  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test('the status is compared, the body excerpt kept', async () => {
    const missing = checkHttpAnswer(http('GET /nothing EXPECT 200'), await sendHttpTest(http('GET /nothing EXPECT 200'), base));
    assert.deepEqual(missing, { passed: false, expected: '200', actual: '404', message: 'expected 200, got 404', excerpt: '{"error":"no route"}' });
  });

  test('BODY is sent as application/json', async () => {
    received.length = 0;
    const test = http('POST /items BODY {"name": "lamp", "tags": ["a"]} EXPECT 201');
    const answer = await sendHttpTest(test, base);
    assert.equal(checkHttpAnswer(test, answer).passed, true);
    assert.deepEqual(received, [{ method: 'POST', url: '/items', type: 'application/json', body: '{"name":"lamp","tags":["a"]}' }]);
    assert.equal(answer.body, '{"name":"lamp","tags":["a"]}');
  });

  test('redirects are followed as urllib follows them, within the service only', async () => {
    received.length = 0;
    assert.deepEqual(await sendHttpTest(http('GET /old EXPECT 200'), base), { status: 200, body: 'moved here', complete: true });
    const posted = await sendHttpTest(http('POST /form BODY {"a": 1}'), base);
    assert.equal(posted.status, 200);
    assert.deepEqual(received.map((r) => [r.method, r.url, r.body]), [['GET', '/old', ''], ['GET', '/new', ''], ['POST', '/form', '{"a":1}'], ['GET', '/new', '']]);
    const away = await sendHttpTest(http('GET /away'), base);
    assert.equal(away.status, 0);
    assert.match(away.error!, /refused to follow a redirect to http:\/\/example\.invalid/);
    assert.equal((await sendHttpTest(http('GET /loop'), base)).status, 302, 'after 10 redirects the last answer counts');
  });

  test('a huge body is read only as far as it is shown', async () => {
    const answer = await sendHttpTest(http('GET /big'), base);
    assert.equal(answer.status, 500);
    assert.equal(answer.complete, false);
    assert.ok(answer.body.length <= 64 * 1024, `${answer.body.length} characters kept`);
    assert.equal(checkHttpAnswer(http('GET /big'), answer).excerpt!.length, excerptChars + 1);
  });

  test('no answer within the deadline, and a closed port, are status 0 with the reason', async () => {
    const slow = await sendHttpTest(http('GET /slow'), base, { timeoutMs: 300 });
    assert.deepEqual(slow, { status: 0, error: 'no answer within 0.3 s', body: '', complete: true });
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    assert.equal(await portOpen(port), false, 'the port is closed once the server has closed');
    const refused = await sendHttpTest(http('GET /'), `http://127.0.0.1:${port}`);
    assert.deepEqual(refused, { status: 0, error: 'connection refused (ECONNREFUSED)', body: '', complete: true });
  });

  test('cancelling ends a request in flight', async () => {
    const abort = new AbortController();
    const pending = sendHttpTest(http('GET /slow'), base, { signal: abort.signal });
    abort.abort();
    assert.deepEqual(await pending, { status: 0, error: 'cancelled', body: '', complete: true });
  });
});

describe('shell test lines as real processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shell-tests-'));
  const env = { PATH: process.env.PATH, GREETING: 'hello' };
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('exit code, folder and environment', async () => {
    assert.deepEqual(await runShellCommand(`test "$(pwd -P)" = "${realpathSync(dir)}" && test "$GREETING" = hello`, { cwd: dir, env: { ...env } }), { exitCode: 0, timedOut: false, cancelled: false, output: '' });
    const failed = await runShellCommand('echo to stdout; echo to stderr >&2; exit 3', { cwd: dir, env });
    assert.deepEqual(failed, { exitCode: 3, timedOut: false, cancelled: false, output: 'to stdout\nto stderr\n' });
  });

  test('the output kept is the end of it, bounded', async () => {
    const ran = await runShellCommand('i=0; while [ $i -lt 3000 ]; do echo "line $i"; i=$((i+1)); done; echo LAST', { cwd: dir, env });
    assert.equal(ran.exitCode, 0);
    assert.ok(ran.output.length <= excerptChars + 1);
    assert.ok(ran.output.startsWith('…') && ran.output.endsWith('line 2999\nLAST\n'));
  });

  test('at the deadline the command and what it started are killed', async () => {
    const pidFile = join(dir, 'child.pid');
    const ran = await runShellCommand(`sleep 60 & echo $! > ${pidFile}; wait`, { cwd: dir, env, timeoutMs: 500 });
    assert.deepEqual([ran.exitCode, ran.timedOut], [null, true]);
    const child = Number(readFileSync(pidFile, 'utf8'));
    // SIGKILL went to its group before the result came back; dying takes the kernel a moment (its pipes close first).
    assert.equal(await waitFor(() => !processAlive(child), 5_000), true, 'killed with its group at the deadline');
  });

  test('what a command leaves running is stopped once it exits', async () => {
    const pidFile = join(dir, 'left.pid');
    const ran = await runShellCommand(`sleep 60 > /dev/null 2>&1 & echo $! > ${pidFile}`, { cwd: dir, env });
    assert.equal(ran.exitCode, 0);
    const child = Number(readFileSync(pidFile, 'utf8'));
    // It was sent SIGKILL with its group when the shell exited; dying takes the kernel a moment.
    assert.equal(await waitFor(() => !processAlive(child), 5_000), true, 'the background process was killed');
  });

  test('cancelling kills it; a folder that is gone is said in the output', async () => {
    const abort = new AbortController();
    const pending = runShellCommand('sleep 60', { cwd: dir, env, signal: abort.signal });
    abort.abort();
    assert.deepEqual(await pending, { exitCode: null, timedOut: false, cancelled: true, output: '' });
    const missing = await runShellCommand('true', { cwd: join(dir, 'gone'), env });
    assert.equal(missing.exitCode, null);
    assert.match(missing.output, /ENOENT/);
  });
});
