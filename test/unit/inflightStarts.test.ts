import assert from 'node:assert/strict';
import test from 'node:test';
import { InflightStarts } from '../../core/runtime/inflightStarts';

test('abortAll cancels every start still tracked, not one already over', () => {
  const inflight = new InflightStarts();
  const a = inflight.track();
  const b = inflight.track();
  inflight.untrack(b);
  inflight.abortAll();
  assert.equal(a.signal.aborted, true);
  assert.equal(b.signal.aborted, false);
});

test("a start follows its caller's signal until it is untracked", () => {
  const inflight = new InflightStarts();
  const caller = new AbortController();
  const followed = inflight.track(caller.signal);
  const other = new AbortController();
  const over = inflight.track(other.signal);
  inflight.untrack(over);
  caller.abort();
  other.abort();
  assert.equal(followed.signal.aborted, true);
  assert.equal(over.signal.aborted, false, 'an untracked start no longer listens to its caller');
});

test('a caller that already gave up gets a cancelled start', () => {
  const caller = new AbortController();
  caller.abort();
  assert.equal(new InflightStarts().track(caller.signal).signal.aborted, true);
});
