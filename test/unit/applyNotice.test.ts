import assert from 'node:assert/strict';
import test from 'node:test';
import { applyNotice } from '../../client/src/model/applyNotice';
import { catalogEcosystem, catalogReadme } from '../../client/src/model/catalog';
import { buildServiceTree, type RunView } from '../../client/src/model/serviceTree';
import type { AppliedService, ApplyResult } from '../../core/runtime/apply/result';

const result = (over: Partial<ApplyResult>): ApplyResult => ({ applied: true, services: [], unchanged: [], summary: '', durationMs: 120, ...over });
const restarted = (name: string, over: Partial<AppliedService> = {}): AppliedService => ({ name, action: 'restart', changes: ['files'], outcome: 'running', note: 'applied: files changed, restarted', ...over });

test('an apply that restarted what changed is a passing word, with how long it took', () => {
  const notice = applyNotice('shop', result({ services: [restarted('api')], summary: 'applied: api (files changed, restarted); 2 unchanged' }));
  assert.deepEqual(notice, { level: 'info', text: 'shop: applied: api (files changed, restarted); 2 unchanged in 120 ms', failed: [] });
});

test('a refused save is a warning that says why; a service that did not come back is one too, naming it', () => {
  const refused = applyNotice('shop', result({ applied: false, reason: 'not applied: 1 error in api/README.md (…)', summary: 'not applied: 1 error in api/README.md (…); the run goes on as it was' }));
  assert.deepEqual(refused, { level: 'warning', text: 'shop: not applied: 1 error in api/README.md (…); the run goes on as it was', failed: [] });
  const failed = applyNotice('shop', result({ services: [restarted('api', { outcome: 'failed', error: 'api: exited (3)' }), restarted('web', { action: 'stop', outcome: 'stopped' })], summary: 's', durationMs: 2_345 }));
  assert.deepEqual(failed, { level: 'warning', text: 'shop: s in 2.3 s', failed: ['api'] });
});

test('nothing to say when the files were not the run’s or nothing changed', () => {
  assert.equal(applyNotice('shop', result({ applied: false, unrelated: true })), undefined);
  assert.equal(applyNotice('shop', result({ summary: "nothing to apply: no service's inputs changed" })), undefined);
});

test('the rows say what the last apply did, and when a save was not applied', () => {
  const shop = catalogEcosystem('/w/shop.pactown.yaml', 'name: shop\nservices:\n  api:\n    readme: api/README.md\n    port: 9001\n');
  const at = Date.UTC(2026, 0, 1, 12, 0, 0);
  const running = { name: 'api', state: 'running' as const, port: 9001, url: 'http://127.0.0.1:9001', healthy: true, restarts: 0, pid: 7, applied: { text: 'applied: files changed, restarted', at } };
  const run: RunView = { origin: 'window', services: [running], refused: 'not applied: 1 error in api/README.md (first: api/README.md:3:1 unknown-kind …)' };
  const [eco] = buildServiceTree([shop], new Map([[shop.path, run]]), (p) => p.replace('/w/', ''));
  assert.equal(eco.children[0].description, 'running :9001 · applied: files changed, restarted · pid 7');
  assert.match(eco.children[0].tooltip, /- last save: applied: files changed, restarted at /);
  assert.equal(eco.description, '1/1 running · last save not applied · shop.pactown.yaml');
  assert.match(eco.tooltip, /\*\*Last save not applied: 1 error in api\/README\.md \(first: api\/README\.md:3:1 unknown-kind …\)\*\*; the run goes on as it was\./);

  const hello = catalogReadme('/w/hello/README.md');
  const [row] = buildServiceTree([hello], new Map([[hello.path, { ...run, services: [{ ...running, name: 'hello', port: 8000 }] }]]), (p) => p.replace('/w/', ''));
  assert.equal(row.description, 'running :8000 · applied: files changed, restarted · pid 7 · last save not applied · hello/README.md');
  assert.match(row.tooltip, /Last save not applied/);
});
