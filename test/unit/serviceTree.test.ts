import assert from 'node:assert/strict';
import test from 'node:test';
import { catalogEcosystem, catalogReadme, hasMarkpactBlocks, standaloneReadmes } from '../../client/src/model/catalog';
import { runSummary } from '../../client/src/model/runSummary';
import { aggregateState, buildServiceTree, runCounts, type RunView, type ServiceNode } from '../../client/src/model/serviceTree';
import type { ReportedService, ServiceState } from '../../core/runtime/serviceStatus';

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
  // On the rows themselves, not only in their tooltips.
  assert.equal(eco.description, '1/2 running · another process · shop.pactown.yaml');
  assert.equal(eco.children[0].description, 'running :9000 · another process');
  assert.equal(eco.children[1].description, ':9001');
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

test('a completed one-shot command: a pass check, "completed (exit 0)", no error; its dependent says why it did not start', () => {
  const run: RunView = {
    origin: 'window',
    services: [
      { name: 'db', state: 'completed', port: 9000, url: 'http://127.0.0.1:9000', healthy: false, restarts: 0 },
      { name: 'api', state: 'blocked', port: 9001, url: 'http://127.0.0.1:9001', healthy: false, restarts: 0, blockedBy: ['db'], error: 'api: not started: db completed (a one-shot command): it serves nothing on :9000' },
    ],
  };
  const [eco] = buildServiceTree([shop], new Map([[shop.path, run]]), relative);
  const [db, api] = eco.children;
  assert.deepEqual(db.icon, { id: 'pass', color: 'testing.iconPassed' });
  assert.equal(db.description, 'completed (exit 0) :9000');
  assert.equal(db.contextValue, 'markpact.service.completed');
  assert.match(db.tooltip, /^\*\*db\*\* — completed \(exit 0\)/);
  assert.doesNotMatch(db.tooltip, /Last error/);
  assert.match(api.tooltip, /Not started[\s\S]*db completed \(a one-shot command\): it serves nothing on :9000/);
  assert.equal(eco.state, 'blocked');
  assert.equal(eco.description, '0/2 running, 1 completed · shop.pactown.yaml');
  assert.match(eco.tooltip, /0 of 2 services running, 1 completed, 1 blocked/);
});

test('a run stopped from another process says so once stopped', () => {
  const run: RunView = { origin: 'window', note: 'stopped from another process: pactown down (pid 9)', services: [] };
  const [eco] = buildServiceTree([shop], new Map([[shop.path, run]]), relative);
  assert.equal(eco.state, 'stopped');
  assert.match(eco.tooltip, /_stopped from another process: pactown down \(pid 9\)_/);
  assert.match(eco.children[0].tooltip, /stopped from another process/);
});

test('aggregate state', () => {
  assert.equal(aggregateState(['running', 'stopped']), 'running');
  assert.equal(aggregateState(['running', 'restarting', 'failed']), 'failed');
  assert.equal(aggregateState([]), 'stopped');
  assert.equal(aggregateState(['running', 'blocked']), 'blocked');
  assert.equal(aggregateState(['completed', 'running']), 'running');
  assert.equal(aggregateState(['completed', 'stopped']), 'completed');
});

const status = (name: string, state: ServiceState, port = 1): ReportedService => ({ name, state, port, url: `http://127.0.0.1:${port}`, healthy: state === 'running', restarts: 0 });
const trio = catalogEcosystem('/w/trio.pactown.yaml', 'name: trio\nservices:\n  a:\n    port: 9100\n  b:\n    port: 9101\n  c:\n    port: 9102\n');

/** What a person reads off the view: each live ecosystem row's "x/y running" and tooltip counts, each live README row as one service. */
function countsOnView(tree: readonly ServiceNode[]): { running: number; completed: number; total: number; failed: number; blocked: number } {
  const counts = { running: 0, completed: 0, total: 0, failed: 0, blocked: 0 };
  const number = (pattern: RegExp, text: string) => Number(pattern.exec(text)?.[1] ?? 0);
  for (const row of tree.filter((r) => r.state !== 'stopped')) {
    if (row.kind === 'ecosystem') {
      const [, running, total] = /^(\d+)\/(\d+) running/.exec(row.description)!;
      counts.running += Number(running);
      counts.total += Number(total);
      counts.completed += number(/(\d+) completed/, row.description);
      counts.failed += number(/(\d+) failed/, row.tooltip);
      counts.blocked += number(/(\d+) blocked/, row.tooltip);
    } else {
      counts.total++;
      if (row.state === 'running' || row.state === 'completed' || row.state === 'failed' || row.state === 'blocked') counts[row.state]++;
    }
  }
  return counts;
}

/** The status bar's text, read back as numbers. */
function countsOnStatusBar(tree: readonly ServiceNode[]): { running: number; completed: number; total: number; failed: number; blocked: number } {
  const text = runSummary(runCounts(tree))?.text ?? '';
  const match = /pactown: (\d+)\/(\d+) running(?:, (\d+) completed)?(?:, (\d+) failed)?(?:, (\d+) blocked)?$/.exec(text);
  const n = (i: number) => Number(match?.[i] ?? 0);
  return { running: n(1), completed: n(3), total: n(2), failed: n(4), blocked: n(5) };
}

const combinations: [string, Map<string, RunView>, string | undefined][] = [
  ['nothing runs', new Map(), undefined],
  ['a live run and an idle one', new Map([
    [shop.path, { origin: 'window', services: [status('db', 'running'), status('api', 'stopped')] }],
    [trio.path, { origin: 'window', note: 'stopped from another process: pactown down (pid 9)', services: [] }],
  ]), 'pactown: 1/2 running'],
  ['a run another process owns', new Map([[trio.path, { origin: 'elsewhere', owner: 'pactown up --detach (supervisor pid 7)', services: [status('a', 'running'), status('b', 'running'), status('c', 'running')] }]]), 'pactown: 3/3 running'],
  ['a service restarting', new Map([[shop.path, { origin: 'window', services: [status('db', 'restarting'), status('api', 'running')] }]]), 'pactown: 1/2 running'],
  ['a failed service and the one it blocks', new Map([[shop.path, { origin: 'window', services: [status('db', 'failed'), { ...status('api', 'blocked'), blockedBy: ['db'] }] }]]), 'pactown: 0/2 running, 1 failed, 1 blocked'],
  // The YAML gained a service after the run started: the run does not know it, the view lists it stopped.
  ['a service the run does not know', new Map([[trio.path, { origin: 'elsewhere', services: [status('a', 'running'), status('b', 'running')] }]]), 'pactown: 2/3 running'],
  ['an ecosystem and a README running', new Map([
    [shop.path, { origin: 'window', services: [status('db', 'running'), status('api', 'starting')] }],
    [hello.path, { origin: 'window', services: [status('hello', 'running', 8000)] }],
  ]), 'pactown: 2/3 running'],
  ['a README failed, an ecosystem blocked', new Map([
    [hello.path, { origin: 'window', services: [status('hello', 'failed', 8000)] }],
    [trio.path, { origin: 'window', services: [status('a', 'running'), { ...status('b', 'blocked'), blockedBy: ['x'] }, status('c', 'stopped')] }],
  ]), 'pactown: 1/4 running, 1 failed, 1 blocked'],
  ['a one-shot command completed, its dependent blocked, a README completed', new Map([
    [shop.path, { origin: 'window', services: [status('db', 'completed'), { ...status('api', 'blocked'), blockedBy: ['db'] }] }],
    [hello.path, { origin: 'window', services: [status('hello', 'completed', 8000)] }],
  ]), 'pactown: 0/3 running, 2 completed, 1 blocked'],
];

for (const [name, runs, expected] of combinations) {
  test(`the status bar and the view count the same: ${name}`, () => {
    const tree = buildServiceTree([shop, trio, hello], runs, relative);
    assert.deepEqual(countsOnStatusBar(tree), countsOnView(tree));
    const summary = runSummary(runCounts(tree));
    if (expected === undefined) assert.equal(summary, undefined, 'the status bar item is hidden');
    else assert.equal(summary?.text, `$(server-process) ${expected}`);
  });
}

test('the status bar turns red only when something failed', () => {
  assert.equal(runSummary({ running: 1, completed: 0, total: 2, failed: 0, blocked: 1 })?.failed, false);
  assert.equal(runSummary({ running: 0, completed: 0, total: 2, failed: 1, blocked: 1 })?.failed, true);
  assert.match(runSummary({ running: 0, completed: 0, total: 2, failed: 1, blocked: 1 })!.tooltip, /^0 of 2 services running, 1 failed, 1 blocked\./);
});
