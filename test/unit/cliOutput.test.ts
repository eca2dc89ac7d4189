import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { paint, wantsColor } from '../../core/cli/colors';
import { parseSince, parseTail } from '../../core/cli/logOptions';
import { mergeLogs, parseLog } from '../../core/cli/serviceLogs';
import { tableLines } from '../../core/cli/table';
import { UsageError } from '../../core/cli/usageError';

const at = (second: number) => `2026-12-01T10:00:${String(second).padStart(2, '0')}.000Z`;
const log = (...lines: [number, string][]) => lines.map(([second, text]) => `${at(second)} stdout | ${text}\n`).join('');

describe('pactown logs: merged by time, cut to a window', () => {
  const api = parseLog('api', log([1, 'api up'], [4, 'api GET /'], [4, 'api GET /x']));
  const db = parseLog('db', `${log([2, 'db up'])}  a line without its own time\n${log([4, 'db query'], [6, 'db done'])}`);
  const texts = (entries: { service: string; line: string }[]) => entries.map((e) => `${e.service}: ${e.line.replace(/^\S+ stdout \| /, '')}`);

  test('every line in time order; at equal times, in the order the services are given', () => {
    assert.deepEqual(texts(mergeLogs([api, db], {})), ['api: api up', 'db: db up', 'db:   a line without its own time', 'api: api GET /', 'api: api GET /x', 'db: db query', 'db: db done']);
  });

  test('a line without a time of its own keeps its place after the line before it', () => {
    assert.equal(db[1].time, Date.parse(at(2)));
  });

  test('--tail counts the merged output; --since drops what came before', () => {
    assert.deepEqual(texts(mergeLogs([api, db], { tail: 3 })), ['api: api GET /x', 'db: db query', 'db: db done']);
    assert.deepEqual(texts(mergeLogs([api, db], { since: Date.parse(at(4)), tail: 100 })), ['api: api GET /', 'api: api GET /x', 'db: db query', 'db: db done']);
    assert.deepEqual(mergeLogs([api, db], { tail: 0 }), []);
  });

  test('--since takes a duration back from now or a date and time; --tail a count or all', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    assert.equal(parseSince('30s', now), now - 30_000);
    assert.equal(parseSince('10m', now), now - 600_000);
    assert.equal(parseSince('2h', now), now - 7_200_000);
    assert.equal(parseSince('1d', now), now - 86_400_000);
    assert.equal(parseSince('2026-12-01T10:00:00Z', now), Date.parse('2026-12-01T10:00:00Z'));
    for (const bad of ['10', 'ten minutes', '5w', '1', '']) assert.throws(() => parseSince(bad, now), UsageError, bad);
    assert.equal(parseTail('20'), 20);
    assert.equal(parseTail('all'), undefined);
    assert.throws(() => parseTail('-3'), UsageError);
  });

  test('colours only on a terminal, and not when asked not to', () => {
    assert.equal(wantsColor({ isTTY: true }, false, {}), true);
    assert.equal(wantsColor({ isTTY: false }, false, {}), false);
    assert.equal(wantsColor({ isTTY: true }, true, {}), false);
    assert.equal(wantsColor({ isTTY: true }, false, { NO_COLOR: '1' }), false);
    assert.equal(paint('api |', 0), '\x1b[36mapi |\x1b[0m');
    assert.equal(paint('x', 10), paint('x', 0), 'the palette cycles');
    assert.notEqual(paint('x', 1), paint('x', 0));
  });
});

test('a table: columns as wide as their widest cell, the last one not padded', () => {
  assert.deepEqual(tableLines(['NAME', 'PID', 'URL'], [['api', '12345', 'http://a'], ['database', '-', 'http://b']]), [
    'NAME       PID     URL',
    'api        12345   http://a',
    'database   -       http://b',
  ]);
});
