import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEcosystem } from '../../core/pactown/checks';
import { parseEcosystem } from '../../core/pactown/parse';
import { findField } from '../../core/pactown/schema';
import { healthPolling } from '../../core/runtime/health';
import { portSearchRange } from '../../core/runtime/ports';

test('hovers describe what the runtime does, from its own constants', () => {
  const health = findField('service', 'health_check')!.doc;
  assert.match(health, new RegExp(`every ${healthPolling.fastMs} ms for the first ${healthPolling.fastForMs} ms, every ${healthPolling.slowMs} ms`));
  assert.match(health, /without it, the port accepting connections is healthy/);
  assert.match(findField('service', 'port')!.doc, new RegExp(`next free port above it \\(within ${portSearchRange}\\)`));
  assert.match(findField('service', 'timeout')!.doc, /not healthy in time is `failed`/);
});

test('port-conflict says what happens at start: the next free port above the shared one', () => {
  const problems = checkEcosystem(parseEcosystem('base_port: 8231\nservices:\n  a:\n    readme: a.md\n  b:\n    readme: b.md\n    port: 8231\n'));
  const conflict = problems.find((p) => p.code === 'port-conflict');
  assert.match(conflict!.message, /moves the one that starts second to the next free port above 8231; this extension always lets a \(first in the file\) keep it, moves b and says so/);
  assert.doesNotMatch(conflict!.message, /10000/);
});
