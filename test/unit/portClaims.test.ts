import assert from 'node:assert/strict';
import test from 'node:test';
import { portClaims, portMoveNote } from '../../core/runtime/portClaims';

const services = [{ name: 'a', port: 8001 }, { name: 'b', port: 8001 }, { name: 'c', port: 8002 }];

test('the first service in the file keeps a shared port, whichever starts first; running services hold theirs', () => {
  assert.deepEqual([...portClaims(services, new Map(), 'b')], [[8001, 'a'], [8002, 'c']], 'b starting first still leaves 8001 to a');
  assert.deepEqual([...portClaims(services, new Map(), 'a')], [[8002, 'c']], 'a does not yield to b, which comes later');
  assert.deepEqual([...portClaims(services, new Map([['a', 8001], ['b', 8003]]), 'c')], [[8001, 'a'], [8003, 'b']], 'a moved service holds where it runs');
});

test('a move says who held the port, or that it was busy', () => {
  assert.equal(portMoveNote(8001, 8001, new Map()), undefined);
  assert.equal(portMoveNote(8001, 8003, new Map([[8001, 'a']])), 'port 8001 was taken by a; moved to 8003');
  assert.equal(portMoveNote(8001, 8003, new Map()), 'port 8001 is busy, using 8003');
});
