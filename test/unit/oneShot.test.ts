// The pure parts of one-shot commands (a run command that exits 0 before it ever answered): how
// its state reads in status rows and `up`'s lines, why its dependents wait, what its tests do.
import assert from 'node:assert/strict';
import test from 'node:test';
import { stateLine } from '../../core/cli/report';
import { parseHttpTestLine } from '../../core/markpact/httpTest';
import { completedDependencyReason, stateText, stoppedStatus, type ReportedService } from '../../core/runtime/serviceStatus';
import type { TestLine } from '../../core/testing/plan';
import { runTestLine } from '../../core/testing/runTestLine';
import { runTestSession } from '../../core/testing/session';

test('a completed service reads "completed (exit 0)"; every other state reads as itself', () => {
  assert.equal(stateText('completed'), 'completed (exit 0)');
  for (const state of ['starting', 'running', 'restarting', 'failed', 'blocked', 'stopped'] as const) assert.equal(stateText(state), state);
});

test("up's lines: a check for a completed service, the reason for one blocked by it", () => {
  const completed: ReportedService = { ...stoppedStatus('job', 8000), state: 'completed' };
  assert.equal(stateLine(completed), '✓ job completed (exit 0)');
  const reason = completedDependencyReason('job', 8000);
  assert.equal(reason, 'job completed (a one-shot command): it serves nothing on :8000');
  const blocked: ReportedService = { ...stoppedStatus('web', 8001), state: 'blocked', blockedBy: ['job'], error: `web: not started: ${reason}` };
  assert.equal(stateLine(blocked), `⊘ web blocked: ${reason}`);
  // Without the orchestrator's reason (an older owner), what it waits on.
  assert.equal(stateLine({ ...blocked, error: undefined }), '⊘ web blocked: waiting on job');
});

const parsed = parseHttpTestLine('GET /health EXPECT 200');
assert.equal(parsed.kind, 'test');
const httpLine: TestLine = { id: 'job:0', service: 'job', file: '/eco/job/README.md', label: 'GET /health', range: { line: 3, start: 0, end: 11 }, kind: 'http', test: parsed.test };

test('an HTTP test of a completed service fails, saying it serves nothing, without a request', async () => {
  // Port 9 (discard) is never asked: the answer comes from the target alone.
  const result = await runTestLine(httpLine, { url: 'http://127.0.0.1:9', httpError: 'service completed (a one-shot command); no HTTP server to test', shell: { error: 'unused' } });
  assert.equal(result.outcome, 'failed');
  assert.equal(result.message, 'service completed (a one-shot command); no HTTP server to test');
});

test('a session tests a service once it completed, as once it runs', async () => {
  const statuses = new Map([['job', stoppedStatus('job', 8000)]]);
  const listeners = new Set<(s: ReportedService) => void>();
  const shellLine = { id: 'job:1', service: 'job', file: '/eco/job/README.md', label: 'true', range: { line: 7, start: 0, end: 4 }, kind: 'shell', command: 'true' } as TestLine;
  const targets: string[] = [];
  const outcome = await runTestSession({
    plans: [{ service: 'job', readmePath: '/eco/job/README.md', blocks: [{ id: 'job:b', kind: 'shell', file: '/eco/job/README.md', startLine: 6, endLine: 8, lines: [shellLine] }] }],
    host: {
      statuses: () => [...statuses.values()],
      onState: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      start: async (services) => {
        const done: ReportedService = { ...stoppedStatus('job', 8000), state: 'completed' };
        statuses.set('job', done);
        for (const listener of listeners) listener(done);
        return { running: [], completed: services, failed: [], blocked: [], cancelled: false };
      },
    },
    target: (service, now) => {
      targets.push(`${service}:${now.find((s) => s.name === service)?.state}`);
      return { url: 'http://127.0.0.1:8000', shell: { cwd: process.cwd(), env: process.env } };
    },
  });
  assert.deepEqual(targets, ['job:completed']);
  assert.deepEqual(outcome.results.map((r) => [r.test.id, r.outcome]), [['job:1', 'passed']]);
  assert.deepEqual(outcome.notStarted, []);
});
