import assert from 'node:assert/strict';
import test from 'node:test';
import { isKnownKind, nearEnough, nearestKind } from '../../core/markpact/kinds';
import { editDistance } from '../../core/text/editDistance';

test('the kinds markpact 0.1.42 generates and its deployment runtime reads are known', () => {
  for (const kind of ['orchestration', 'state', 'config', 'steps', 'rollback']) assert.ok(isKnownKind(kind), kind);
  assert.ok(isKnownKind('healthcheck'));
  assert.ok(!isKnownKind('ignore'), 'ignore is only planned upstream');
  assert.ok(!isKnownKind('Steps'), 'kinds are case-sensitive, as the tools read them');
});

test('did you mean: only a kind within a small edit distance', () => {
  assert.equal(nearestKind('steps'), 'steps', 'known now, not "deps"');
  assert.equal(nearestKind('con'), undefined, 'two edits from run in a three-letter name is a guess');
  assert.equal(nearestKind('deeps'), 'deps');
  assert.equal(nearestKind('rnu'), 'run', 'two neighbours swapped is one edit');
  assert.equal(nearestKind('fiel'), 'file');
  assert.equal(nearestKind('dep'), 'deps');
  assert.equal(nearestKind('stpes'), 'steps');
  assert.equal(nearestKind('orchestraton'), 'orchestration');
  assert.equal(nearestKind('rollbak'), 'rollback');
  assert.equal(nearestKind('FILE'), 'file');
  assert.equal(nearestKind('Config'), 'config');
  assert.equal(nearestKind('x'), undefined);
  assert.equal(nearestKind('tst'), 'test');
  assert.equal(nearestKind('ts'), undefined, 'one edit in a two-letter name is more than a third of it');
  assert.equal(nearestKind('runn'), 'run');
  assert.equal(nearestKind('python'), undefined);
  assert.equal(nearestKind('targte'), 'target');
  assert.equal(nearestKind('completely-different'), undefined);
  assert.equal(nearestKind('a'.repeat(10_000)), undefined);
});

test('the threshold: 1 edit up to 4 characters, 2 beyond, never over a third of the name', () => {
  assert.deepEqual([nearEnough('abc', 1), nearEnough('abc', 2), nearEnough('abcd', 2)], [true, false, false]);
  assert.deepEqual([nearEnough('abcde', 2), nearEnough('abcdef', 2), nearEnough('abcdefgh', 3)], [false, true, false]);
  assert.deepEqual([nearEnough('ab', 1), nearEnough('ab', 0)], [false, true]);
});

test('edit distance counts a swap of neighbours as one edit, and stops early past its cap', () => {
  assert.equal(editDistance('tets', 'test', 3), 1);
  assert.equal(editDistance('con', 'run', 3), 2);
  assert.equal(editDistance('kitten', 'sitting', 3), 3);
  assert.equal(editDistance('', 'abc', 3), 3);
  assert.equal(editDistance('a', 'abcdefgh', 3), 4, 'lengths too far apart: cap + 1');
});
