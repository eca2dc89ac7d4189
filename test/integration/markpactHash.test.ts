import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import test from 'node:test';
import { markpactContentHash, syncedBody } from '../../core/markpact/contentHash';

test('sha256= is what markpact sync --hash writes: sha256 of the file without trailing newlines, 12 hex digits', () => {
  const texts = ['print(1)\n', 'a\n\n\n', '', 'ünïcode 😀\r\nline\n', 'no newline'];
  const script = 'import hashlib, json, sys\nprint(json.dumps([hashlib.sha256(t.rstrip("\\n").encode("utf-8")).hexdigest()[:12] for t in json.load(sys.stdin)]))';
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(texts.map((t) => markpactContentHash(syncedBody(t))), JSON.parse(result.stdout));
});
