// The control socket itself: requests and events over a real Unix socket, and peers that do not
// play by the protocol (garbage, oversized lines, another version, silence).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ControlClient, ControllerGone, ControllerSilent } from '../../core/control/controlClient';
import { ControlServer } from '../../core/control/controlServer';
import { maxLineBytes, type RunSnapshot } from '../../core/control/protocol';

const scratch = mkdtempSync(join(tmpdir(), 'control-socket-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const owner = { pid: process.pid, kind: 'cli' as const, label: 'test owner' };
const snapshot: RunSnapshot = { runId: 'r', ecosystem: '/e', owner, services: [] };

async function server(name: string) {
  const path = join(scratch, `${name}.sock`);
  const asked: string[] = [];
  const control = await ControlServer.listen(path, { runId: 'r', ecosystem: '/e', owner }, async (request) => {
    asked.push(`${request.op} from ${request.from}`);
    if (request.op === 'stop' && 'services' in request && request.services?.includes('boom')) throw new Error('no service boom');
    return snapshot as never;
  });
  return { path, control, asked };
}

/** Raw lines from the socket, for peers that do not use ControlClient. */
function raw(path: string, send: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(path);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', () => undefined);
    socket.write(send);
    setTimeout(() => socket.end(), 300).unref();
  });
}

test('requests, replies, errors and events between a client and an owner', async () => {
  const { path, control, asked } = await server('basic');
  const client = await ControlClient.connect(path, { from: 'the test' });
  assert.equal(client.hello.owner.label, 'test owner');
  assert.deepEqual(await client.request('status', {}), snapshot);
  await assert.rejects(client.request('stop', { services: ['boom'] }), /no service boom/);
  const events: unknown[] = [];
  client.on('event', (event) => events.push(event));
  await client.request('subscribe', {});
  control.broadcast({ type: 'event', event: 'progress', message: 'db: preparing' });
  control.broadcast({ type: 'event', event: 'log', service: 'db', line: { time: 1, stream: 'stdout', text: 'not asked for' } });
  control.broadcast({ type: 'event', event: 'stopped', by: 'x' });
  await new Promise<void>((resolve) => client.on('event', (e) => e.event === 'stopped' && resolve()));
  assert.deepEqual(events.map((e) => (e as { event: string }).event), ['progress', 'stopped'], 'log lines only to those who asked');
  assert.deepEqual(asked, ['status from the test', 'stop from the test', 'subscribe from the test']);
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  await control.close();
  await closed;
  await assert.rejects(client.request('status', {}), ControllerGone);
});

test('garbage, an unknown op and an oversized line are refused without harming the owner', async () => {
  const { path, control } = await server('hostile');
  assert.match(await raw(path, '{"type":"request","id":5,"op":"rm -rf"}\n'), /"id":5,"ok":false,"error":"malformed request"/);
  assert.doesNotMatch(await raw(path, 'not json at all\n{"type":"request","id":1,"op":"status","from":"x"}\n'), /"ok":true/, 'nothing is answered after garbage');
  const big = await raw(path, `{"type":"request","id":1,"op":"status","services":["${'x'.repeat(maxLineBytes + 10)}`);
  assert.match(big, /^\{"type":"hello"/);
  // Still serving.
  const client = await ControlClient.connect(path);
  assert.deepEqual(await client.request('status', {}), snapshot);
  client.close();
  await control.close();
});

test('no listener is "gone"; a listener that never greets or speaks another version is "silent"', async () => {
  const stale = join(scratch, 'stale.sock');
  writeFileSync(stale, '');
  await assert.rejects(ControlClient.connect(join(scratch, 'missing.sock')), ControllerGone);
  await assert.rejects(ControlClient.connect(stale), ControllerGone);

  const mute = join(scratch, 'mute.sock');
  const muteServer = createServer(() => undefined).listen(mute);
  await new Promise((resolve) => muteServer.once('listening', resolve));
  await assert.rejects(ControlClient.connect(mute, { timeoutMs: 200 }), ControllerSilent);

  const future = join(scratch, 'future.sock');
  const futureServer = createServer((socket) => socket.write('{"type":"hello","protocol":2,"runId":"r","ecosystem":"/e","owner":{}}\n')).listen(future);
  await new Promise((resolve) => futureServer.once('listening', resolve));
  await assert.rejects(ControlClient.connect(future), /speaks another protocol \(2\)/);
  muteServer.close();
  futureServer.close();
});
