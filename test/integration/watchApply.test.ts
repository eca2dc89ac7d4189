// Live apply across processes: `pactown up --watch` applies saves as they happen (the files
// watched as an editor writes them), `pactown apply` asks a window that owns the run, and an
// `up --watch` of a run owned elsewhere sends its saves to the owner.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { background, exitWithin, fence, pactown, processesWith, scratchFolder, statusOf, windowDouble, writeEcosystem } from './cliRun';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../../scripts/freePorts.mjs';

const scratch = scratchFolder('watch-apply-');
const runIds = new Set<string>();

after(() => {
  const left = [...runIds].flatMap((id) => processesWith(`PACTOWN_RUN_ID=${id}`));
  scratch.remove();
  assert.deepEqual(left, [], 'no service process may outlive the tests');
});

const site = (page: string) => `${fence}html markpact:file path=index.html\n${page}\n${fence}\n\n${fence}bash markpact:run\nexec python3 -m http.server $PORT --bind 127.0.0.1\n${fence}\n`;
const broken = (page: string) => `${site(page)}\n${fence}python markpact:file path=/x.py\nx\n${fence}\n`;

async function shop(name: string) {
  const { yaml } = await writeEcosystem(scratch, name, {
    db: { readme: site('db 1') },
    api: { readme: site('api 1'), dependsOn: ['db'] },
    web: { readme: site('web 1'), dependsOn: ['api'] },
  });
  const readme = (service: string) => join(dirname(yaml), service, 'README.md');
  return { yaml, readme };
}

/** Each service's pid; the run's id is remembered for the final check. */
function pids(yaml: string): Record<string, number> {
  const services = statusOf(scratch, yaml);
  for (const s of services) {
    if (!s.pid) continue;
    const id = readFileSync(`/proc/${s.pid}/environ`, 'latin1').split('\0').find((e) => e.startsWith('PACTOWN_RUN_ID='));
    if (id) runIds.add(id.slice('PACTOWN_RUN_ID='.length));
  }
  return Object.fromEntries(services.filter((s) => s.pid).map((s) => [s.name, s.pid!]));
}

/** As many editors save: the new text written beside the file, then renamed over it. */
function saveAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const pageOf = async (yaml: string, service: string) => (await fetch(statusOf(scratch, yaml).find((s) => s.name === service)!.url)).text();

describe('live apply from other processes', () => {
  test('pactown up --watch: a save restarts only its service; a save with errors is not applied and says why', async () => {
    const { yaml, readme } = await shop('watch');
    const run = background(scratch, ['up', yaml, '--watch']);
    await run.waitFor(/watching 4 file\(s\); saves are applied to the run/);
    const before = pids(yaml);

    saveAtomically(readme('api'), site('api 2'));
    await run.waitFor(/applied: api \(files changed, restarted\); 2 unchanged \(\d+ ms\)/);
    let now = pids(yaml);
    assert.deepEqual([now.db, now.web], [before.db, before.web]);
    assert.notEqual(now.api, before.api);
    assert.equal(await pageOf(yaml, 'api'), 'api 2\n');

    const applied = now;
    writeFileSync(readme('web'), broken('web 2'));
    await run.waitFor(/pactown: not applied: 1 error in web\/README\.md \(first: web\/README\.md:\d+:\d+ unsafe-path .*\); the run goes on as it was/);
    assert.deepEqual(pids(yaml), applied);
    assert.equal(await pageOf(yaml, 'web'), 'web 1\n');

    // The ecosystem file is watched too, and the READMEs it names from now on.
    writeFileSync(readme('web'), site('web 1'));
    await run.waitFor(/nothing to apply: no service's inputs changed/);
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('  web:\n    readme: web/README.md', '  web:\n    readme: api/README.md'));
    await run.waitFor(/applied: web \(files changed, ecosystem entry changed, restarted\); 2 unchanged/);
    now = pids(yaml);
    assert.deepEqual([now.db, now.api], [applied.db, applied.api]);
    assert.equal(await pageOf(yaml, 'web'), 'api 2\n');

    run.child.kill('SIGTERM');
    assert.equal(await exitWithin(run.exited, 20_000, 'pactown up --watch'), 0);
  });

  test('pactown run --watch: the README run on its own restarts when it, or a file it includes, is saved', async () => {
    const dir = join(scratch.dir, 'solo');
    mkdirSync(dir, { recursive: true });
    const readme = join(dir, 'README.md');
    const part = join(dir, 'page.md');
    writeFileSync(part, `${fence}html markpact:file path=index.html\nsolo 1\n${fence}\n`);
    writeFileSync(readme, `<!-- markpact:include path=page.md -->\n\n${fence}bash markpact:run\nexec python3 -m http.server $PORT --bind 127.0.0.1\n${fence}\n`);
    const port = await freePortRange(1);
    const run = background(scratch, ['run', readme, '--port', String(port), '--watch']);
    await run.waitFor(/watching 2 file\(s\)/);
    const before = pids(readme);
    saveAtomically(part, `${fence}html markpact:file path=index.html\nsolo 2\n${fence}\n`);
    await run.waitFor(/applied: solo \(files changed, restarted\) \(\d+ ms\)/);
    assert.notEqual(pids(readme).solo, before.solo);
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'solo 2\n');
    run.child.kill('SIGINT');
    assert.equal(await exitWithin(run.exited, 20_000, 'pactown run --watch'), 0);
  });

  test('pactown apply asks the window that owns the run; up --watch of that run sends its saves there', async () => {
    const { yaml, readme } = await shop('window');
    const window = windowDouble(scratch, yaml);
    assert.deepEqual(((await window.next('started')).started as { running: string[] }).running, ['db', 'api', 'web']);
    const before = pids(yaml);

    writeFileSync(readme('db'), site('db 2'));
    const applied = pactown(scratch, 'apply', yaml);
    assert.equal(applied.status, 0, applied.stderr);
    assert.match(applied.stdout, /^applied: db \(files changed, restarted\); 2 unchanged \(\d+ ms\)\n$/);
    let now = pids(yaml);
    assert.deepEqual([now.api, now.web], [before.api, before.web]);
    assert.notEqual(now.db, before.db);

    writeFileSync(readme('db'), broken('db 3'));
    const refused = pactown(scratch, 'apply', yaml);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^pactown: not applied: 1 error in db\/README\.md/);

    const watcher = background(scratch, ['up', yaml, '--watch']);
    await watcher.waitFor(/saves are sent to test window \(pid \d+\)/);
    const watched = pids(yaml);
    saveAtomically(readme('db'), site('db 3'));
    await watcher.waitFor(/applied: db \(files changed, restarted\); 2 unchanged/);
    now = pids(yaml);
    assert.deepEqual([now.api, now.web], [watched.api, watched.web]);
    assert.notEqual(now.db, watched.db);
    assert.equal(await pageOf(yaml, 'db'), 'db 3\n');

    // Ctrl+C stops watching, not the window's run.
    watcher.child.kill('SIGINT');
    assert.equal(await exitWithin(watcher.exited, 10_000, 'the watching up'), 0);
    assert.equal(statusOf(scratch, yaml).filter((s) => s.state === 'running').length, 3);
    window.child.stdin!.end();
    assert.equal(await exitWithin(window.exited, 20_000, 'the window double'), 0);
  });
});
