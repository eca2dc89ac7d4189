import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changedInputs, describePlanned, planApply, type LiveService, type NextService, type PlannedService } from '../../core/runtime/apply/plan';
import type { ServiceInputs } from '../../core/runtime/apply/serviceInputs';

const inputs = (tag = '', over: Partial<ServiceInputs> = {}): ServiceInputs => ({ entry: `e${tag}`, files: `f${tag}`, deps: `d${tag}`, run: `r${tag}`, ...over });
const live = (name: string, over: Partial<LiveService> = {}): LiveService => ({ name, state: 'running', inputs: inputs(name), port: 8000, ...over });
const next = (name: string, over: Partial<NextService> = {}): NextService => ({ name, inputs: inputs(name), port: 8000, dependsOn: [], restartDependents: false, ...over });
/** The plan without unchanged services, as `name: action (changes, because)`. */
const acting = (plan: PlannedService[]) => plan.filter((p) => p.action !== 'unchanged').map((p) => `${p.name}: ${p.action} (${p.changes.join(', ')}${p.because ? ` ← ${p.because}` : ''})`);

describe('what changed in a service', () => {
  test('each kind of input on its own, the ecosystem entry as config', () => {
    assert.deepEqual(changedInputs(inputs(), inputs('', { files: 'x' })), ['files']);
    assert.deepEqual(changedInputs(inputs(), inputs('', { deps: 'x' })), ['deps']);
    assert.deepEqual(changedInputs(inputs(), inputs('', { run: 'x' })), ['run']);
    assert.deepEqual(changedInputs(inputs(), inputs('', { entry: 'x' })), ['config']);
    assert.deepEqual(changedInputs(inputs(), inputs('', { files: 'x', entry: 'y' })), ['files', 'config']);
    assert.deepEqual(changedInputs(inputs(), inputs()), []);
  });

  test('a service never prepared counts as changed everywhere its README is concerned', () => {
    assert.deepEqual(changedInputs(undefined, inputs()), ['files', 'deps', 'run']);
  });
});

describe('the plan of a live apply', () => {
  const three = ['db', 'api', 'web'];
  const running = three.map((n) => live(n));

  test('only the service whose README changed restarts; the others are unchanged', () => {
    const plan = planApply(three, running, [next('db'), next('api', { inputs: inputs('api', { files: 'new' }) }), next('web')]);
    assert.deepEqual(acting(plan), ['api: restart (files)']);
    assert.deepEqual(plan.filter((p) => p.action === 'unchanged').map((p) => p.name), ['db', 'web']);
  });

  test('nothing changed: nothing to do', () => {
    assert.deepEqual(acting(planApply(three, running, three.map((n) => next(n)))), []);
  });

  test('added services start, removed ones stop, a changed entry restarts', () => {
    const plan = planApply(three, running, [next('db'), next('api', { inputs: inputs('api', { entry: 'env' }) }), next('extra')]);
    assert.deepEqual(acting(plan), ['api: restart (config)', 'extra: start (added)', 'web: stop (removed)']);
  });

  test('a stopped service stays stopped whatever changed, and a removed stopped one is not mentioned', () => {
    const now = [live('db'), live('api', { state: 'stopped' }), live('web', { state: 'stopped' })];
    const plan = planApply(three, now, [next('db'), next('api', { inputs: inputs('x') })]);
    assert.deepEqual(acting(plan), []);
    assert.deepEqual(plan.map((p) => p.name), ['db', 'api']);
  });

  test('a failed service whose README changed is started again; one that did not stays failed', () => {
    const now = [live('db', { state: 'failed' }), live('api', { state: 'failed' })];
    assert.deepEqual(acting(planApply(['db', 'api'], now, [next('db', { inputs: inputs('db', { run: 'fixed' }) }), next('api')])), ['db: restart (run)']);
  });

  test('dependents keep running by default', () => {
    const plan = planApply(three, running, [next('db', { inputs: inputs('db', { files: 'x' }) }), next('api', { dependsOn: ['db'] }), next('web', { dependsOn: ['api'] })]);
    assert.deepEqual(acting(plan), ['db: restart (files)']);
  });

  test('restart_dependents restarts the dependents, transitively only where they ask for it too', () => {
    const declared = (flags: [boolean, boolean]) => [
      next('db', { inputs: inputs('db', { files: 'x' }), restartDependents: flags[0] }),
      next('api', { dependsOn: ['db'], restartDependents: flags[1] }),
      next('web', { dependsOn: ['api'] }),
    ];
    assert.deepEqual(acting(planApply(three, running, declared([true, false]))), ['db: restart (files)', 'api: restart (dependency ← db)']);
    assert.deepEqual(acting(planApply(three, running, declared([true, true]))), ['db: restart (files)', 'api: restart (dependency ← db)', 'web: restart (dependency ← api)']);
    assert.deepEqual(acting(planApply(three, running, declared([false, true]))), ['db: restart (files)']);
  });

  test('a dependency whose port changes restarts its dependents (the URL they hold is wrong)', () => {
    const plan = planApply(three, running, [next('db', { port: 9000, inputs: inputs('db', { entry: 'port' }) }), next('api', { dependsOn: ['db'] }), next('web', { dependsOn: ['api'] })]);
    assert.deepEqual(acting(plan), ['db: restart (config)', 'api: restart (dependency ← db)']);
  });

  test('a dependent that changed itself restarts for its own reasons, once', () => {
    const plan = planApply(three, running, [
      next('db', { inputs: inputs('db', { files: 'x' }), restartDependents: true }),
      next('api', { dependsOn: ['db'], inputs: inputs('api', { run: 'y' }) }),
      next('web', { dependsOn: ['api'] }),
    ]);
    assert.deepEqual(acting(plan), ['db: restart (files)', 'api: restart (run)']);
  });

  test('a blocked service starts when what it waits on is restarted, and only then', () => {
    const now = [live('db', { state: 'failed' }), live('api', { state: 'blocked', blockedBy: ['db'], inputs: undefined }), live('web', { state: 'blocked', blockedBy: ['api'], inputs: undefined })];
    const fixed = [next('db', { inputs: inputs('db', { files: 'fixed' }) }), next('api', { dependsOn: ['db'] }), next('web', { dependsOn: ['api'] })];
    assert.deepEqual(acting(planApply(three, now, fixed)), ['db: restart (files)', 'api: start (unblocked ← db)', 'web: start (unblocked ← api)']);
    assert.deepEqual(acting(planApply(three, now, [next('db'), next('api', { dependsOn: ['db'], inputs: inputs('new') }), next('web', { dependsOn: ['api'] })])), []);
  });

  test('the cascade is bounded: a dependency ring of live services ends', () => {
    const names = Array.from({ length: 200 }, (_, i) => `s${i}`);
    const ring = names.map((n, i) => next(n, { dependsOn: [names[(i + 1) % names.length]], restartDependents: true, ...(i === 0 ? { inputs: inputs(n, { files: 'x' }) } : {}) }));
    const plan = planApply(names, names.map((n) => live(n)), ring);
    assert.equal(plan.filter((p) => p.action === 'restart').length, 200);
  });
});

describe('what an apply says it did', () => {
  test('for people', () => {
    assert.equal(describePlanned({ name: 'api', action: 'restart', changes: ['files'] }), 'files changed, restarted');
    assert.equal(describePlanned({ name: 'api', action: 'restart', changes: ['files', 'deps'] }), 'files changed, dependencies changed, restarted');
    assert.equal(describePlanned({ name: 'api', action: 'restart', changes: ['dependency'], because: 'db' }), 'db restarted, restarted');
    assert.equal(describePlanned({ name: 'x', action: 'start', changes: ['added'] }), 'added, started');
    assert.equal(describePlanned({ name: 'x', action: 'stop', changes: ['removed'] }), 'removed, stopped');
    assert.equal(describePlanned({ name: 'x', action: 'start', changes: ['unblocked'], because: 'db' }), 'db is back, started');
  });
});
