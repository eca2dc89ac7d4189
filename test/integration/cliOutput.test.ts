// What `pactown` prints for a person at a terminal: the URLs after `up --detach`, the `status`
// table, and `logs` merged over services by time, coloured on a terminal only.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { background, cli, exitWithin, fence, pactown, processesWith, pythonReadme, scratchFolder, statusOf, writeEcosystem } from './cliRun';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../../scripts/freePorts.mjs';

const scratch = scratchFolder('cli-output-');
const started: string[] = [];
after(() => {
  for (const yaml of started) pactown(scratch, 'down', yaml);
  assert.deepEqual(processesWith(`PACTOWN_RUNTIME_DIR=${scratch.env.PACTOWN_RUNTIME_DIR}`), [], 'no service process may outlive the tests');
  scratch.remove();
});

/** An ecosystem whose base port is taken by someone else while the test runs. */
async function withBusyBasePort(yaml: string, slots: number, body: (base: number) => Promise<void>): Promise<void> {
  const base = await freePortRange(slots);
  writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^base_port: \d+$/m, `base_port: ${base}`));
  const blocker = createServer().listen(base, '127.0.0.1');
  await once(blocker, 'listening');
  try {
    await body(base);
  } finally {
    blocker.close();
  }
}

describe('up --detach and status', () => {
  test('up --detach prints where each running service answers, naming the busy port; status is a table with reasons below their rows', async () => {
    const { yaml } = await writeEcosystem(scratch, 'urls', {
      api: { readme: pythonReadme() },
      web: { readme: pythonReadme(), dependsOn: ['api'] },
      broken: { readme: `${fence}bash markpact:run\necho "settings.toml is missing" >&2; exit 3\n${fence}\n` },
      waiting: { readme: pythonReadme(), dependsOn: ['broken'] },
    });
    started.push(yaml);
    await withBusyBasePort(yaml, 8, async (base) => {
      const up = pactown(scratch, 'up', yaml, '--detach');
      assert.equal(up.status, 1, 'one service failed');
      const [api] = statusOf(scratch, yaml);
      assert.notEqual(api.port, base);
      assert.match(up.stdout, new RegExp(`^  api  http://127\\.0\\.0\\.1:${api.port}  \\(port ${base} was busy\\)\\n  web  http://127\\.0\\.0\\.1:${base + 1}\\n2 of 4 services running`));

      const lines = pactown(scratch, 'status', yaml).stdout.trimEnd().split('\n');
      assert.match(lines[0], /^owned by pactown up --detach \(supervisor pid \d+\)$/);
      assert.match(lines[1], /^NAME {6}STATE {5}PORT {4}PID +HEALTH {4}RESTARTS {3}URL$/);
      assert.match(lines[2], new RegExp(`^api {7}running   ${api.port}   ${api.pid} +healthy   0 {10}http://127\\.0\\.0\\.1:${api.port}$`));
      assert.equal(lines[2].indexOf('http'), lines[1].indexOf('URL'), 'columns line up');
      assert.equal(lines[3], `    port ${base} was busy; moved to ${api.port}`);
      assert.match(lines[4], /^web +running /);
      assert.match(lines[5], new RegExp(`^broken {4}failed {4}${base + 2} +- +- +0 +http://`));
      assert.match(lines[6], /^ {4}broken: exited \(code 3\)/);
      assert.ok(lines.slice(6).some((l) => /^ {4}.*settings\.toml is missing/.test(l)), lines.join('\n'));
      assert.match(lines.find((l) => l.startsWith('waiting '))!, /^waiting +blocked /);
      assert.match(lines.at(-1)!, /^ {4}waiting: not started: waiting on broken \(failed\)$/);
    });
  });

  test('up --detach of an ecosystem that already runs prints the URLs its owner reports', async () => {
    const { yaml, basePort } = await writeEcosystem(scratch, 'again', { one: { readme: pythonReadme() } });
    started.push(yaml);
    assert.equal(pactown(scratch, 'up', yaml, '--detach').status, 0);
    const again = pactown(scratch, 'up', yaml, '--detach');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`already runs, owned by pactown up --detach [^\\n]+\\n  one  http://127\\.0\\.0\\.1:${basePort}\\nall 1 service healthy\\n`));
  });
});

describe('logs', () => {
  const at = (second: number) => `2026-12-01T10:00:${String(second).padStart(2, '0')}.000Z`;
  const logFile = (...lines: [number, string][]) => lines.map(([second, text]) => `${at(second)} stdout | ${text}\n`).join('');

  async function loggedEcosystem(name: string): Promise<string> {
    const { yaml } = await writeEcosystem(scratch, name, { api: { readme: pythonReadme() }, db: { readme: pythonReadme() } });
    const logs = join(yaml, '..', '.pactown', 'logs');
    mkdirSync(logs, { recursive: true });
    writeFileSync(join(logs, 'api.log'), logFile([1, 'api up'], [3, 'GET /'], [5, 'GET /x']));
    writeFileSync(join(logs, 'db.log'), logFile([2, 'db up'], [4, 'query']));
    return yaml;
  }

  test('merged in time order after each service\'s name; -n, --since and service names choose the lines', async () => {
    const yaml = await loggedEcosystem('logged');
    assert.equal(pactown(scratch, 'logs', yaml).stdout, [
      `api | ${at(1)} stdout | api up`,
      `db  | ${at(2)} stdout | db up`,
      `api | ${at(3)} stdout | GET /`,
      `db  | ${at(4)} stdout | query`,
      `api | ${at(5)} stdout | GET /x`,
      '',
    ].join('\n'));
    assert.equal(pactown(scratch, 'logs', yaml, '-n', '2').stdout, `db  | ${at(4)} stdout | query\napi | ${at(5)} stdout | GET /x\n`);
    assert.equal(pactown(scratch, 'logs', yaml, '--since', at(4)).stdout, `db  | ${at(4)} stdout | query\napi | ${at(5)} stdout | GET /x\n`);
    assert.equal(pactown(scratch, 'logs', yaml, '--since', '1h').stdout, '', 'all of it is older than an hour');
    assert.equal(pactown(scratch, 'logs', yaml, 'db', '--tail', '1').stdout, `db | ${at(4)} stdout | query\n`);
    assert.equal(pactown(scratch, 'logs', yaml, 'db', 'api', '--tail', 'all').stdout.split('\n').length, 6);
    const wrong = pactown(scratch, 'logs', yaml, '--since', 'yesterday');
    assert.deepEqual([wrong.status, wrong.stdout], [2, '']);
    assert.match(wrong.stderr, /--since yesterday: expected a duration/);
    assert.equal(pactown(scratch, 'logs', yaml, 'ghost').status, 2);
  });

  test('coloured per service on a terminal; --no-color and NO_COLOR turn it off', async () => {
    const yaml = await loggedEcosystem('coloured');
    // `script` gives the command a terminal; what it prints comes back with \r\n line ends.
    const onTerminal = (args: string, env: NodeJS.ProcessEnv = {}) =>
      spawnSync('script', ['-qec', `"${process.execPath}" "${cli}" logs "${yaml}" ${args}`, '/dev/null'], { env: { ...scratch.env, ...env }, encoding: 'utf8' }).stdout.replace(/\r\n/g, '\n');
    const coloured = onTerminal('-n 2');
    assert.equal(coloured, `\x1b[33mdb  |\x1b[0m ${at(4)} stdout | query\n\x1b[36mapi |\x1b[0m ${at(5)} stdout | GET /x\n`);
    assert.equal(onTerminal('-n 2 --no-color'), `db  | ${at(4)} stdout | query\napi | ${at(5)} stdout | GET /x\n`);
    assert.equal(onTerminal('-n 2', { NO_COLOR: '1' }), `db  | ${at(4)} stdout | query\napi | ${at(5)} stdout | GET /x\n`);
  });

  test('--follow: what the running services write next, after their names, nothing twice', async () => {
    const { yaml, basePort } = await writeEcosystem(scratch, 'followed', { api: { readme: pythonReadme() }, db: { readme: pythonReadme() } });
    started.push(yaml);
    assert.equal(pactown(scratch, 'up', yaml, '--detach').status, 0);
    const follow = background(scratch, ['logs', yaml, '--follow']);
    await follow.waitFor(/^db  \| \S+Z stdout \| Serving HTTP/m, 20_000);
    await (await fetch(`http://127.0.0.1:${basePort}/followed`)).text();
    await follow.waitFor(/^api \| \S+Z stderr \| [^\n]*"GET \/followed HTTP\/1\.1" 404/m, 20_000);
    follow.child.kill('SIGINT');
    assert.equal(await exitWithin(follow.exited, 10_000, 'pactown logs --follow'), 0);
    assert.equal(follow.output().match(/^api \| \S+Z stdout \| Serving HTTP/gm)?.length, 1);
  });
});
