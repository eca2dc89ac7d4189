import assert from 'node:assert/strict';
import test from 'node:test';
import { startInOrder, startOutcome, type StartResult, type StartSteps } from '../../core/runtime/startInOrder';

/** Steps whose starts end as `ends` says (default 'ok'), recording what happened in order. */
function recorded(ends: Record<string, Exclude<StartResult, 'blocked'>> = {}, cancelled = () => false) {
  const events: string[] = [];
  const steps: StartSteps = {
    cancelled,
    start: async (name) => {
      events.push(`start ${name}`);
      await Promise.resolve();
      events.push(`end ${name}`);
      return ends[name] ?? 'ok';
    },
    notStarting: (name, blockedBy) => events.push(blockedBy ? `block ${name} on ${blockedBy.join(',')}` : `cancel ${name}`),
  };
  return { events, steps };
}

const deps = new Map([['api', ['db']], ['web', ['api']], ['worker', ['db']]]);

test('a service starts once its dependencies are up; independent ones start together', async () => {
  const { events, steps } = recorded();
  const settled = await startInOrder(['db', 'cache', 'api', 'worker', 'web'], deps, steps);
  assert.deepEqual([...settled.values()], ['ok', 'ok', 'ok', 'ok', 'ok']);
  assert.ok(events.indexOf('start cache') < events.indexOf('end db'), `cache does not wait for db: ${events.join('; ')}`);
  assert.ok(events.indexOf('end db') < events.indexOf('start api'), 'api waits for db');
  assert.ok(events.indexOf('start worker') < events.indexOf('end api'), 'worker does not wait for api');
  assert.ok(events.indexOf('end api') < events.indexOf('start web'), 'web waits for api');
});

test('a failed or completed dependency blocks its dependents, and those block theirs; the others run', async () => {
  const { events, steps } = recorded({ db: 'failed' });
  const settled = await startInOrder(['db', 'cache', 'api', 'web'], deps, steps);
  assert.deepEqual(Object.fromEntries(settled), { db: 'failed', cache: 'ok', api: 'blocked', web: 'blocked' });
  assert.ok(events.includes('block api on db') && events.includes('block web on api'));
  const completed = await startInOrder(['db', 'api'], deps, recorded({ db: 'completed' }).steps);
  assert.equal(completed.get('api'), 'blocked', 'a one-shot command serves nothing to depend on');
});

test('dependencies outside the start are not waited for', async () => {
  const settled = await startInOrder(['api'], deps, recorded().steps);
  assert.deepEqual(Object.fromEntries(settled), { api: 'ok' });
});

test('once cancelled nothing more starts, and what waits on a cancelled start is cancelled', async () => {
  let cancelled = false;
  const { events, steps } = recorded({}, () => cancelled);
  const start = steps.start;
  steps.start = async (name) => {
    const result = await start(name);
    if (name === 'db') cancelled = true;
    return name === 'db' ? 'cancelled' : result;
  };
  const settled = await startInOrder(['db', 'cache', 'api', 'web'], deps, steps);
  assert.deepEqual(Object.fromEntries(settled), { db: 'cancelled', cache: 'ok', api: 'cancelled', web: 'cancelled' });
  assert.ok(events.includes('cancel api') && events.includes('cancel web') && !events.includes('start api'));
});

test('the outcome lists each service under how it ended, with why it failed or waits', () => {
  const settled = new Map<string, StartResult>([['db', 'failed'], ['job', 'completed'], ['api', 'blocked'], ['web', 'ok'], ['x', 'cancelled']]);
  const outcome = startOutcome(['db', 'job', 'api', 'web', 'x'], settled, false, {
    failure: (name) => `${name}: exited 1`,
    blocked: (name) => ({ blockedBy: ['db'], reason: `${name} waits on db (failed)` }),
  });
  assert.deepEqual(outcome, {
    running: ['web'], completed: ['job'], failed: [{ name: 'db', error: 'db: exited 1' }],
    blocked: [{ name: 'api', blockedBy: ['db'], reason: 'api waits on db (failed)' }], cancelled: false,
  });
});
