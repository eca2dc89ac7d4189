// Live apply with real services, in-process as the window runs it: each kind of change restarts
// only what it concerns (the pids of the others do not change), an invalid save is not applied,
// and the run goes on.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Orchestrator } from '../../core/runtime/orchestrator';
import { fence, portOpen, processesWith, scratchFolder, writeEcosystem } from './cliRun';
import { buildWheels } from './wheels';

const scratch = scratchFolder('live-apply-');
const wheels = join(scratch.dir, 'wheels');
buildWheels(wheels);
Object.assign(scratch.env, { PIP_FIND_LINKS: wheels, PIP_NO_INDEX: '1' });
const runs: Orchestrator[] = [];

after(async () => {
  await Promise.all(runs.map((o) => o.down()));
  const left = runs.flatMap((o) => processesWith(`PACTOWN_RUN_ID=${o.runId}`));
  scratch.remove();
  assert.deepEqual(left, [], 'no service process may outlive the tests');
});

/** A stdlib Python service serving `page` at `/`; `prefix` runs first in its shell, `deps` adds a deps block. */
function site(page: string, options: { prefix?: string; deps?: string } = {}): string {
  const deps = options.deps ? `${fence}text markpact:deps python\n${options.deps}\n${fence}\n\n` : '';
  return `${deps}${fence}html markpact:file path=index.html\n${page}\n${fence}\n\n${fence}bash markpact:run\n${options.prefix ?? ''}exec python3 -m http.server $PORT --bind 127.0.0.1\n${fence}\n`;
}

/** db ← api ← web, running, each serving its own page. */
async function shop(name: string, extra: { db?: string; api?: string } = {}) {
  const { yaml } = await writeEcosystem(scratch, name, {
    db: { readme: site('db 1'), ...(extra.db ? { extra: extra.db } : {}) },
    api: { readme: site('api 1'), dependsOn: ['db'], ...(extra.api ? { extra: extra.api } : {}) },
    web: { readme: site('web 1'), dependsOn: ['api'] },
  });
  const run = await Orchestrator.load(yaml, scratch.env);
  runs.push(run);
  const outcome = await run.up();
  assert.deepEqual(outcome.running, ['db', 'api', 'web']);
  const readme = (service: string) => join(dirname(yaml), service, 'README.md');
  return { yaml, run, readme, edit: (service: string, text: string) => writeFileSync(readme(service), text) };
}

const pids = (run: Orchestrator) => Object.fromEntries(run.statuses().filter((s) => s.pid).map((s) => [s.name, s.pid!]));
const status = (run: Orchestrator, name: string) => run.statuses().find((s) => s.name === name)!;
const page = async (run: Orchestrator, name: string, path = '/') => (await fetch(`${status(run, name).url}${path}`)).text();
const acted = (result: Awaited<ReturnType<Orchestrator['apply']>>) => result.services.map((s) => `${s.name}: ${s.note}`);

/** Asserts which services got a new process: exactly `restarted`, the others kept theirs. */
function assertRestarted(before: Record<string, number>, after: Record<string, number>, restarted: string[]): void {
  const changed = Object.keys(before).filter((name) => after[name] !== before[name]).sort();
  assert.deepEqual(changed, [...restarted].sort());
  for (const name of restarted) assert.ok(after[name] > 0, `${name} runs again`);
}

describe('live apply', () => {
  test('files changed: the files are rewritten and only that service restarts', async () => {
    const { run, edit, yaml } = await shop('files');
    const before = pids(run);
    edit('api', site('api 2'));
    const result = await run.apply({ changed: [join(dirname(yaml), 'api', 'README.md')] });
    assert.deepEqual(acted(result), ['api: applied: files changed, restarted']);
    assert.deepEqual(result.unchanged, ['db', 'web']);
    assertRestarted(before, pids(run), ['api']);
    assert.equal(await page(run, 'api'), 'api 2\n');
    assert.equal(status(run, 'api').applied?.text, 'applied: files changed, restarted', 'its status (the row) says so');
    const log = readFileSync(join(dirname(yaml), '.pactown', 'logs', 'api.log'), 'utf8');
    assert.match(log, /system \| applying: files changed; restarting\n[\s\S]*system \| applied: files changed, restarted\n/);
  });

  test('run command changed: it restarts; dependencies changed: its environment comes from the cache, built first', async () => {
    const { run, edit } = await shop('run-deps');
    let before = pids(run);
    edit('web', site('web 1', { prefix: 'echo web starts\n' }));
    assert.deepEqual(acted(await run.apply()), ['web: applied: run command changed, restarted']);
    assertRestarted(before, pids(run), ['web']);

    before = pids(run);
    const progress: string[] = [];
    run.on('progress', (message) => progress.push(message));
    edit('db', site('db 1', { deps: 'pactown-demo-app', prefix: 'pactown-demo > greeting.txt\n' }));
    const result = await run.apply();
    assert.deepEqual(acted(result), ['db: applied: dependencies changed, run command changed, restarted']);
    assertRestarted(before, pids(run), ['db']);
    assert.ok(progress.some((m) => /^db: preparing its new environment \(1 package\); the running version keeps serving$/.test(m)), progress.join('\n'));
    assert.equal(await page(run, 'db', '/greeting.txt'), 'hello from a local wheel\n');
    assert.ok(status(run, 'db').cacheKey, 'db runs from a cache entry');

    // The same dependency set again (another order, a comment): nothing to rebuild, nothing restarts.
    before = pids(run);
    edit('db', site('db 1', { deps: '# the demo\npactown-demo-app', prefix: 'pactown-demo > greeting.txt\n' }));
    const again = await run.apply();
    assert.deepEqual([again.applied, again.services, again.summary], [true, [], "nothing to apply: no service's inputs changed"]);
    assert.deepEqual(pids(run), before);
  });

  test('a dependency set that cannot be installed changes nothing: the old version keeps serving', async () => {
    const { run, edit } = await shop('bad-deps');
    const before = pids(run);
    edit('api', site('api 2', { deps: 'no-such-package-anywhere==1.0' }));
    const result = await run.apply();
    assert.equal(result.applied, false);
    assert.match(result.reason!, /^not applied: api: its new dependencies could not be installed \(.*\); nothing was changed$/);
    assert.deepEqual(pids(run), before);
    assert.equal(await page(run, 'api'), 'api 1\n');
  });

  test('the ecosystem file: added services start, removed ones stop, changed ones restart, the rest keep running', async () => {
    const { run, yaml, readme } = await shop('yaml');
    const before = pids(run);
    const webPort = status(run, 'web').port;
    const text = readFileSync(yaml, 'utf8');
    const grown = text
      .replace(/  web:\n    readme: web\/README.md\n    depends_on: \[api\]\n/, '')
      .replace('    depends_on: [db]\n', '    depends_on: [db]\n    env:\n      GREETING: hi\n')
      .concat(`  extra:\n    readme: ${readme('db')}\n    port: ${webPort + 100}\n    depends_on: [api]\n`);
    writeFileSync(yaml, grown);
    const result = await run.apply({ changed: [yaml] });
    assert.deepEqual(acted(result), ['api: applied: ecosystem entry changed, restarted', 'extra: applied: added, started', 'web: applied: removed, stopped']);
    const after = pids(run);
    assert.equal(after.db, before.db, 'db kept its process');
    assert.notEqual(after.api, before.api);
    assert.ok(after.extra > 0);
    assert.equal(await portOpen(webPort), false, 'web is stopped');
    assert.deepEqual(run.statuses().map((s) => s.name), ['db', 'api', 'extra'], 'the run is the new file');
    assert.equal(await page(run, 'extra'), 'db 1\n');
  });

  test('restart_dependents: the services that depend on it restart after it; without it they keep running', async () => {
    const { run, edit } = await shop('dependents', { db: 'restart_dependents: true' });
    const before = pids(run);
    edit('db', site('db 2'));
    const result = await run.apply();
    assert.deepEqual(acted(result), ['db: applied: files changed, restarted', 'api: applied: db restarted, restarted']);
    assertRestarted(before, pids(run), ['db', 'api']);
  });

  test('an invalid save is not applied and says why; the run goes on, and the fixed save applies', async () => {
    const { run, edit, yaml } = await shop('invalid');
    const before = pids(run);
    edit('api', `${site('api 2')}\n${fence}python markpact:file path=/x.py\nx\n${fence}\n`);
    const refused = await run.apply();
    assert.equal(refused.applied, false);
    assert.match(refused.reason!, /^not applied: 1 error in api\/README\.md \(first: api\/README\.md:\d+:\d+ unsafe-path '\/x\.py' is absolute/);
    assert.deepEqual(pids(run), before);
    assert.equal(await page(run, 'api'), 'api 1\n');

    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('depends_on: [api]', 'depends_on: [apx]'));
    const badYaml = await run.apply();
    assert.match(badYaml.reason!, /^not applied: 2 errors in invalid\.pactown\.yaml, api\/README\.md \(first: invalid\.pactown\.yaml:\d+:\d+ unknown-service /);
    assert.deepEqual(pids(run), before);

    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('depends_on: [apx]', 'depends_on: [api]'));
    edit('api', site('api 2'));
    assert.deepEqual(acted(await run.apply()), ['api: applied: files changed, restarted']);
    assertRestarted(before, pids(run), ['api']);
  });

  test('a failed service comes back when its README is fixed, and the one blocked behind it starts', async () => {
    const { run, edit } = await shop('fix');
    await run.down();
    edit('api', site('api 1', { prefix: 'echo broken >&2; exit 3\n' }));
    const outcome = await run.up();
    assert.deepEqual([outcome.failed.map((f) => f.name), outcome.blocked.map((b) => b.name)], [['api'], ['web']]);
    const before = pids(run);
    edit('api', site('api 1'));
    const result = await run.apply();
    assert.deepEqual(acted(result), ['api: applied: run command changed, restarted', 'web: applied: api is back, started']);
    assert.deepEqual(run.statuses().map((s) => s.state), ['running', 'running', 'running']);
    assert.equal(pids(run).db, before.db);
  });

  test('a file that is not part of the run changes nothing and reads nothing', async () => {
    const { run, edit } = await shop('unrelated');
    const before = pids(run);
    edit('api', site('api 2'));
    const other = join(scratch.dir, 'elsewhere.md');
    writeFileSync(other, site('x'));
    const result = await run.apply({ changed: [other] });
    assert.deepEqual([result.applied, result.unrelated], [false, true]);
    assert.deepEqual(pids(run), before);
  });

  test('a restart asked for while an apply is starting the service: it runs afterwards, from the new files', async () => {
    const { run, edit } = await shop('race');
    edit('api', site('api 2'));
    const starting = new Promise<void>((resolve) => run.on('state', (s) => s.name === 'api' && s.state === 'starting' && resolve()));
    const applying = run.apply();
    await starting;
    await run.restartService('api');
    const result = await applying;
    // The apply's start was cancelled by the restart's stop; the restart's own start is what runs.
    assert.deepEqual(acted(result), ['api: applied: files changed; start cancelled']);
    assert.equal(status(run, 'api').state, 'running');
    assert.equal(await page(run, 'api'), 'api 2\n');
  });

  test('a ten-service run where one README changes restarts exactly that service', async () => {
    const services = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i}`, { readme: site(`s${i} 1`), ...(i > 0 ? { dependsOn: [`s${i - 1}`] } : {}) }]));
    const { yaml } = await writeEcosystem(scratch, 'ten', services);
    const run = await Orchestrator.load(yaml, scratch.env);
    runs.push(run);
    assert.equal((await run.up()).running.length, 10);
    const before = pids(run);
    writeFileSync(join(dirname(yaml), 's4', 'README.md'), site('s4 2'));
    const result = await run.apply({ changed: [join(dirname(yaml), 's4', 'README.md')] });
    assert.deepEqual(acted(result), ['s4: applied: files changed, restarted']);
    assertRestarted(before, pids(run), ['s4']);
  });
});
