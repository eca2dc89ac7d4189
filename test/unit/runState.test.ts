import assert from 'node:assert/strict';
import test from 'node:test';
import { parseEcosystem } from '../../core/pactown/parse';
import { RunState } from '../../core/runtime/runState';
import { blockedReason } from '../../core/runtime/serviceStatus';

const { services } = parseEcosystem('services:\n  db:\n    readme: db.md\n    port: 5432\n  job:\n    readme: job.md\n    port: 8001\n  api:\n    readme: api.md\n    port: 8000\n    depends_on: [db]\n').config;

test('statuses: a failure before any process, a block with its reason, the rest stopped, in file order', () => {
  const state = new RunState(() => services, () => undefined);
  state.failures.set('db', 'db: README not found');
  state.blocked.set('api', ['db']);
  const rows = state.statuses();
  assert.deepEqual(rows.map((s) => [s.name, s.state, s.port]), [['db', 'failed', 5432], ['job', 'stopped', 8001], ['api', 'blocked', 8000]]);
  assert.equal(rows[0]?.error, 'db: README not found');
  assert.deepEqual(rows[2]?.blockedBy, ['db']);
  assert.equal(rows[2]?.error, 'api: not started: waiting on db (failed)');
  assert.equal(state.stateOf('api'), 'blocked');
  assert.equal(state.isUp('db'), false);
});

test("the last apply's note shows on a service it left failed; a stopped one has none", () => {
  const note = { text: 'applied: files changed; failed to start', at: 1 };
  const state = new RunState(() => services, (name) => (name === 'db' ? note : undefined));
  state.failures.set('db', 'db: exited 1');
  assert.deepEqual(state.statusOf('db').applied, note);
  assert.equal(state.statusOf('job').applied, undefined);
});

test('blockedReason: dependencies that did not come up, and each one-shot dependency that serves nothing', () => {
  const states = { db: 'failed', cache: 'stopped', job: 'completed' } as const;
  const reason = blockedReason(['db', 'job', 'cache'], (name) => states[name as keyof typeof states], () => 8001);
  assert.equal(reason, 'waiting on db (failed), cache (stopped); job completed (a one-shot command): it serves nothing on :8001');
  assert.equal(blockedReason(['job'], () => 'completed', () => 8001), 'job completed (a one-shot command): it serves nothing on :8001');
});
