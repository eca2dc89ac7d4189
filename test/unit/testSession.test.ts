// The session's scheduling, against a host that plays the orchestrator: what is started, when each
// service's tests begin, and what a failed, blocked or cancelled start does to them. The lines are
// ones that fail without touching the network, so only the scheduling is under test here (the
// runners are tested against real services in test/integration/testRunner.test.ts).
import assert from 'node:assert/strict';
import test from 'node:test';
import type { StartOutcome } from '../../core/runtime/startInOrder';
import { stoppedStatus, type ReportedService } from '../../core/runtime/serviceStatus';
import type { ServiceTests } from '../../core/testing/plan';
import { runTestSession, type TestHost } from '../../core/testing/session';

function plan(service: string, count: number): ServiceTests {
  const lines = Array.from({ length: count }, (_, i) => ({
    id: `${service}:${i}`, service, file: `/eco/${service}/README.md`, label: `BAD ${i}`, range: { line: i, start: 0, end: 5 }, kind: 'invalid' as const, message: 'not a method',
  }));
  return { service, readmePath: `/eco/${service}/README.md`, blocks: [{ id: `${service}:b`, kind: 'http', file: `/eco/${service}/README.md`, startLine: 0, endLine: count + 1, lines }] };
}

const running = (name: string, pid: number): ReportedService => ({ ...stoppedStatus(name, 9000), state: 'running', pid, healthy: true });

/** A host whose start the test settles by hand, announcing states as it likes. */
class FakeHost implements TestHost {
  readonly services = new Map<string, ReportedService>();
  readonly starts: { services: string[]; restart: boolean }[] = [];
  private readonly listeners = new Set<(s: ReportedService) => void>();
  private finishStart?: (outcome: StartOutcome) => void;
  private called!: () => void;
  /** Resolves once start() is called. */
  readonly startCalled = new Promise<void>((resolve) => (this.called = resolve));

  constructor(names: string[]) {
    for (const name of names) this.services.set(name, stoppedStatus(name, 9000));
  }

  statuses() {
    return [...this.services.values()];
  }

  start(services: string[], options: { restart: boolean }): Promise<StartOutcome> {
    this.starts.push({ services, restart: options.restart });
    this.called();
    return new Promise((resolve) => (this.finishStart = resolve));
  }

  onState(listener: (s: ReportedService) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(status: ReportedService): void {
    this.services.set(status.name, status);
    for (const listener of this.listeners) listener(status);
  }

  settle(outcome: Partial<StartOutcome>): void {
    this.finishStart!({ running: [], completed: [], failed: [], blocked: [], cancelled: false, ...outcome });
  }
}

const target = () => ({ url: 'http://127.0.0.1:9', shell: { error: 'no sandbox' } });

test('services already running are tested at once; nothing is started', async () => {
  const host = new FakeHost(['api']);
  host.services.set('api', running('api', 10));
  const outcome = await runTestSession({ plans: [plan('api', 2)], host, target });
  assert.deepEqual(host.starts, []);
  assert.deepEqual(outcome.results.map((r) => [r.test.id, r.outcome]), [['api:0', 'failed'], ['api:1', 'failed']]);
  assert.deepEqual(outcome.started, []);
});

test('one start for every service not running; a service is tested as soon as it is healthy, before the others are', async () => {
  const host = new FakeHost(['db', 'api', 'web']);
  const seen: string[] = [];
  const session = runTestSession({ plans: [plan('api', 2), plan('web', 1), plan('empty', 0)], host, target, onResult: (r) => seen.push(r.test.id) });
  await host.startCalled;
  assert.deepEqual(host.starts, [{ services: ['api', 'web'], restart: false }], 'a service without tests is not started for them');
  host.announce(running('db', 1));
  host.announce(running('api', 2));
  await waitFor(() => seen.length === 2);
  assert.deepEqual(seen, ['api:0', 'api:1'], 'api was tested while web was still starting');
  host.announce(running('web', 3));
  host.settle({ running: ['db', 'api', 'web'] });
  const outcome = await session;
  assert.deepEqual(seen, ['api:0', 'api:1', 'web:0']);
  assert.deepEqual(outcome.started.sort(), ['api', 'db', 'web'], 'the dependency it brought up counts as started too');
});

test('a service that fails or is blocked: its tests are not run, and say why', async () => {
  const host = new FakeHost(['db', 'api', 'web']);
  const session = runTestSession({ plans: [plan('db', 1), plan('api', 1), plan('web', 1)], host, target });
  await host.startCalled;
  host.announce(running('db', 1));
  host.announce({ ...stoppedStatus('api', 9001), state: 'failed', error: 'api: exited (code 3)' });
  host.settle({ running: ['db'], failed: [{ name: 'api', error: 'api: exited (code 3)' }], blocked: [{ name: 'web', blockedBy: ['api'], reason: 'waiting on api (failed)' }] });
  const outcome = await session;
  assert.deepEqual(outcome.results.map((r) => [r.test.service, r.outcome, r.message]).sort(), [
    ['api', 'errored', 'not run: api did not start'],
    ['db', 'failed', 'not a test line: not a method'],
    ['web', 'errored', 'not run: web did not start'],
  ]);
  assert.deepEqual(outcome.notStarted.sort((a, b) => a.service.localeCompare(b.service)), [
    { service: 'api', reason: 'api: exited (code 3)' },
    { service: 'web', reason: 'web: not started: waiting on api (failed)' },
  ]);
});

test('restart: every tested service is restarted, and tested only once its new process is healthy', async () => {
  const host = new FakeHost(['api']);
  host.services.set('api', running('api', 10));
  const seen: string[] = [];
  const session = runTestSession({ plans: [plan('api', 1)], host, target, restart: true, onResult: (r) => seen.push(r.test.id) });
  await host.startCalled;
  assert.deepEqual(host.starts, [{ services: ['api'], restart: true }]);
  host.announce(running('api', 10));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(seen, [], 'the old process is not what is tested');
  host.announce(running('api', 11));
  await waitFor(() => seen.length === 1);
  host.settle({ running: ['api'] });
  assert.deepEqual((await session).started, [], 'it ran before: not counted as started by the tests');
});

test('cancelled while starting: the tests are skipped', async () => {
  const host = new FakeHost(['api']);
  const abort = new AbortController();
  const session = runTestSession({ plans: [plan('api', 2)], host, target, signal: abort.signal });
  await host.startCalled;
  abort.abort();
  host.settle({ cancelled: true });
  const outcome = await session;
  assert.deepEqual(outcome.results.map((r) => [r.outcome, r.message]), [['skipped', 'cancelled'], ['skipped', 'cancelled']]);
  assert.deepEqual(outcome.notStarted, []);
});

/** Re-checks after each turn of the event loop, up to a deadline. */
async function waitFor(check: () => boolean, deadlineMs = 5_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within the deadline');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
