import assert from 'node:assert/strict';
import test from 'node:test';
import { catalogEcosystem, catalogReadme, hasMarkpactBlocks, standaloneReadmes } from '../../client/src/model/catalog';
import { aggregateState, buildServiceTree, runCounts, type RunView } from '../../client/src/model/serviceTree';

const yaml = `name: shop
sandbox_root: .sandbox
services:
  db:
    readme: db/README.md
    port: 9000
  api:
    readme: api/README.md
    port: 9001
    depends_on: [db]
`;
const shop = catalogEcosystem('/w/shop.pactown.yaml', yaml);
const hello = catalogReadme('/w/hello/README.md');
const relative = (p: string) => p.replace('/w/', '');

test('an ecosystem file lists its services with README paths, ports and entry lines', () => {
  assert.equal(shop.name, 'shop');
  assert.equal(shop.sandboxRoot, '/w/.sandbox');
  assert.deepEqual(shop.services, [
    { name: 'db', port: 9000, readmePath: '/w/db/README.md', line: 3 },
    { name: 'api', port: 9001, readmePath: '/w/api/README.md', line: 6 },
  ]);
});

test('a standalone README is the one-service ecosystem pactown run makes of it', () => {
  assert.equal(hello.path, '/w/hello/hello.pactown.yaml');
  assert.equal(hello.sandboxRoot, '/w/hello/.pactown');
  assert.deepEqual(hello.services, [{ name: 'hello', port: 8000, readmePath: '/w/hello/README.md' }]);
});

test('standalone READMEs: markpact blocks, not referenced, not in a sandbox', () => {
  assert.equal(hasMarkpactBlocks('# x\n\n```python markpact:run\npython x.py\n```\n'), true);
  assert.equal(hasMarkpactBlocks('~~~ markpact:file path=a\n~~~\n'), true);
  assert.equal(hasMarkpactBlocks('mentions markpact:run in prose only\n'), false);
  const found = standaloneReadmes(['/w/db/README.md', '/w/hello/README.md', '/w/.sandbox/api/README.md', '/w/x/.pactown/y/README.md'], [shop]);
  assert.deepEqual(found, ['/w/hello/README.md']);
});

test('stopped ecosystems: stable ids, stopped icons, context values for menus', () => {
  const tree = buildServiceTree([hello, shop], new Map(), relative);
  assert.deepEqual(tree.map((n) => n.id), ['ecosystem:/w/shop.pactown.yaml', 'readme:/w/hello/README.md']);
  const [eco, readme] = tree;
  assert.equal(eco.contextValue, 'markpact.ecosystem.stopped');
  assert.equal(eco.description, '0/2 running · shop.pactown.yaml');
  assert.deepEqual(eco.children.map((c) => [c.id, c.contextValue, c.icon.id, c.description]), [
    ['service:/w/shop.pactown.yaml#db', 'markpact.service.stopped', 'circle-large-outline', ':9000'],
    ['service:/w/shop.pactown.yaml#api', 'markpact.service.stopped', 'circle-large-outline', ':9001'],
  ]);
  assert.equal(readme.contextValue, 'markpact.readme.stopped');
  assert.equal(readme.description, ':8000 · hello/README.md');
});

test('a run shows state, pid, restarts, cache and the last error; ids do not change', () => {
  const run: RunView = {
    origin: 'window',
    services: [
      { name: 'db', state: 'running', port: 9000, url: 'http://127.0.0.1:9000', healthy: true, restarts: 2, pid: 42, cacheKey: 'k1', cacheHit: true },
      { name: 'api', state: 'failed', port: 9001, url: 'http://127.0.0.1:9001', healthy: false, restarts: 0, error: 'api: exited (1)' },
    ],
  };
  const [eco] = buildServiceTree([shop], new Map([[shop.path, run]]), relative);
  const [db, api] = eco.children;
  assert.equal(db.id, 'service:/w/shop.pactown.yaml#db');
  assert.equal(db.description, 'running :9000 · pid 42 · ↻2 · cache hit');
  assert.deepEqual(db.icon, { id: 'pass-filled', color: 'testing.iconPassed' });
  assert.equal(db.contextValue, 'markpact.service.running');
  assert.match(db.tooltip, /URL: http:\/\/127\.0\.0\.1:9000/);
  assert.equal(api.contextValue, 'markpact.service.failed');
  assert.match(api.tooltip, /Last error[\s\S]*api: exited \(1\)/);
  assert.equal(eco.state, 'failed');
  assert.equal(eco.contextValue, 'markpact.ecosystem.live');
  assert.equal(eco.description, '1/2 running · shop.pactown.yaml');
});

test('a run by another process is marked, and says who owns it', () => {
  const run: RunView = { origin: 'elsewhere', owner: 'pactown up --detach (supervisor pid 7)', services: [{ name: 'db', state: 'running', port: 9000, url: 'http://127.0.0.1:9000', healthy: true, restarts: 0 }, { name: 'api', state: 'stopped', port: 9001, url: 'http://127.0.0.1:9001', healthy: false, restarts: 0 }] };
  const [eco] = buildServiceTree([shop], new Map([[shop.path, run]]), relative);
  assert.equal(eco.contextValue, 'markpact.ecosystem.live.elsewhere');
  assert.equal(eco.children[0].contextValue, 'markpact.service.running.elsewhere');
  assert.equal(eco.children[1].contextValue, 'markpact.service.stopped');
  assert.match(eco.tooltip, /Owned by another process: pactown up --detach \(supervisor pid 7\)/);
  assert.match(eco.children[0].tooltip, /run by another process: pactown up --detach/);
});

test('a failed service keeps its reason; its dependents are blocked and say on what', () => {
  const run: RunView = {
    origin: 'window',
    services: [
      { name: 'db', state: 'failed', port: 9000, url: 'http://127.0.0.1:9000', healthy: false, restarts: 0, error: 'db: exited (code 3) before it was healthy\nlast output:\n  ! no config' },
      { name: 'api', state: 'blocked', port: 9001, url: 'http://127.0.0.1:9001', healthy: false, restarts: 0, blockedBy: ['db'], error: 'api: not started: waiting on db (failed)' },
    ],
  };
  const [eco] = buildServiceTree([shop], new Map([[shop.path, run]]), relative);
  const [db, api] = eco.children;
  assert.deepEqual(db.icon, { id: 'error', color: 'testing.iconFailed' });
  assert.match(db.tooltip, /\*\*db\*\* — failed[\s\S]*Last error[\s\S]*exited \(code 3\)[\s\S]*no config/);
  assert.equal(api.state, 'blocked');
  assert.equal(api.description, 'blocked :9001 · waiting on db');
  assert.equal(api.contextValue, 'markpact.service.blocked');
  assert.match(api.tooltip, /Not started[\s\S]*waiting on db \(failed\)/);
  assert.equal(eco.state, 'failed');
  assert.match(eco.tooltip, /0 of 2 services running, 1 failed, 1 blocked/);
});

test('a run stopped from another process says so once stopped', () => {
  const run: RunView = { origin: 'window', note: 'stopped from another process: pactown down (pid 9)', services: [] };
  const [eco] = buildServiceTree([shop], new Map([[shop.path, run]]), relative);
  assert.equal(eco.state, 'stopped');
  assert.match(eco.tooltip, /_stopped from another process: pactown down \(pid 9\)_/);
  assert.match(eco.children[0].tooltip, /stopped from another process/);
});

test('aggregate state and status bar counts', () => {
  assert.equal(aggregateState(['running', 'stopped']), 'running');
  assert.equal(aggregateState(['running', 'restarting', 'failed']), 'failed');
  assert.equal(aggregateState([]), 'stopped');
  const live: RunView = { origin: 'window', services: [{ name: 'a', state: 'running', port: 1, url: '', healthy: true, restarts: 0 }, { name: 'b', state: 'failed', port: 2, url: '', healthy: false, restarts: 0 }] };
  const idle: RunView = { origin: 'window', services: [{ name: 'c', state: 'stopped', port: 3, url: '', healthy: false, restarts: 0 }] };
  assert.deepEqual(runCounts([live, idle]), { running: 1, total: 2, failed: 1, blocked: 0 });
  assert.equal(aggregateState(['running', 'blocked']), 'blocked');
});
