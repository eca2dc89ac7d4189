// `pactown test` as a user runs it, on real services: passing and failing HTTP lines, shell lines
// in the service's sandbox with its environment (its dependencies' URLs, a venv from local wheels),
// JUnit XML read back by a strict XML parser, services tested at the same time, a run that is
// already up reused and left as it was, a service that does not start, Ctrl+C.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { waitFor } from '../../core/runtime/runProcesses';
import { background, exitWithin, fence, pactown, processesWith, scratchFolder, statusOf, writeEcosystem } from './cliRun';
import { buildWheels } from './wheels';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../../scripts/freePorts.mjs';

const wheels = join(scratchFolder('cli-test-wheels-').dir, 'wheels');
buildWheels(wheels);
const scratch = scratchFolder('cli-test-', { PIP_FIND_LINKS: wheels, PIP_NO_INDEX: '1', NO_COLOR: '1' });
after(() => {
  assert.deepEqual(processesWith(`PACTOWN_RUNTIME_DIR=${scratch.env.PACTOWN_RUNTIME_DIR}`), [], 'no service process may outlive the tests');
  scratch.remove();
});

const block = (info: string, body: string) => `${fence}${info}\n${body}\n${fence}\n`;
/** A stdlib static server over its sandbox: `/health` is a file it serves, anything else not written is a 404. */
const served = (...extra: string[]) => [block('text markpact:file path=health', 'ok'), block('bash markpact:run', 'exec python3 -m http.server $PORT --bind 127.0.0.1'), ...extra].join('\n');

describe('pactown test', () => {
  const shop = writeEcosystem(scratch, 'shop', {
    api: {
      readme: served(
        block('http markpact:test', 'GET /health EXPECT 200\n# a comment is not a test\nGET /\nGET /missing EXPECT 200'),
        block('bash markpact:test shell', 'test -f health\ntest "$PORT" = "$MARKPACT_PORT" && test "$GREETING" = hello'),
      ),
      extra: 'env:\n  GREETING: hello',
    },
    web: {
      readme: served(block('bash markpact:test shell', 'test "$API_URL" = "http://127.0.0.1:$API_PORT"\npython3 -c "import os, urllib.request; urllib.request.urlopen(os.environ[\'API_URL\'] + \'/health\')"')),
      dependsOn: ['api'],
    },
    broken: { readme: [block('bash markpact:run', 'echo "config.toml is missing" >&2; exit 3'), block('http markpact:test', 'GET /health')].join('\n') },
    quiet: { readme: served() },
  });

  test('every line gets a place and a verdict; failures say expected vs got; JUnit XML for CI; exit 1; nothing left running', async () => {
    const { yaml } = await shop;
    const junit = join(scratch.dir, 'shop.xml');
    const result = pactown(scratch, 'test', yaml, 'api', 'web', '--junit', junit);
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    // Services run at the same time, so their lines interleave; each service's own lines keep their order.
    const prefix = relativeShop();
    assert.ok(lines.filter((l) => !l.startsWith(' ')).slice(0, -1).every((l) => l.startsWith(prefix)), `places are shown relative to the current folder:\n${result.stdout}`);
    const of = (service: string) => lines.filter((l) => l.startsWith(`${prefix}${service}/`)).map((l) => l.slice(prefix.length));
    assert.deepEqual(of('api'), [
      'api/README.md:10: PASS GET /health (200)',
      'api/README.md:12: PASS GET / (200)',
      'api/README.md:13: FAIL GET /missing (expected 200, got 404)',
      'api/README.md:17: PASS $ test -f health (exit 0)',
      'api/README.md:18: PASS $ test "$PORT" = "$MARKPACT_PORT" && test "$GREETING" = hello (exit 0)',
    ]);
    assert.deepEqual(of('web'), [
      'web/README.md:10: PASS $ test "$API_URL" = "http://127.0.0.1:$API_PORT" (exit 0)',
      'web/README.md:11: PASS $ python3 -c "import os, urllib.request; urllib.request.urlopen(os.environ[\'API_URL\'] + \'/health\')" (exit 0)',
    ]);
    const failure = lines.findIndex((l) => l.includes('FAIL GET /missing'));
    assert.equal(lines[failure + 1], '    <!DOCTYPE HTML>', `the start of the 404 page is shown under the failure:\n${result.stdout}`);
    assert.match(lines.at(-1)!, /^6 passed, 1 failed in \d+\.\d s \(2 services\)$/);

    const xml = readJunit(junit);
    assert.deepEqual(xml.root, { name: 'pactown test', tests: '7', failures: '1', errors: '0', skipped: '0' });
    assert.deepEqual(xml.suites.map((s) => [s.name, s.tests, s.failures]), [['shop.api', '5', '1'], ['shop.web', '2', '0']]);
    const missing = xml.suites[0].cases.find((c) => c.name === 'GET /missing EXPECT 200')!;
    assert.deepEqual([missing.file, missing.line, missing.failure?.message], [`${relativeShop()}api/README.md`, '13', 'expected 200, got 404']);
    assert.match(missing.failure!.text, /^expected: 200\nactual: 404\n[\s\S]*404/);

    assert.ok(statusOf(scratch, yaml).every((s) => s.state === 'stopped'), 'what the tests started was stopped');
    assert.deepEqual(processesWith('PACTOWN_SERVICE=api', `PACTOWN_RUNTIME_DIR=${scratch.env.PACTOWN_RUNTIME_DIR}`), []);
  });

  test('services are tested at the same time: two whose tests each wait for the other pass', async () => {
    const marks = join(scratch.dir, 'marks');
    mkdirSync(marks, { recursive: true });
    // Each line leaves its mark, then waits (up to 20 s) for the other service's: run one after the other, the first would fail.
    const meet = (self: string, other: string) => served(block('bash markpact:test shell', `touch ${marks}/${self}; i=0; while [ ! -e ${marks}/${other} ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done; test -e ${marks}/${other}`));
    const { yaml } = await writeEcosystem(scratch, 'meet', { left: { readme: meet('left', 'right') }, right: { readme: meet('right', 'left') } });
    const result = pactown(scratch, 'test', yaml);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /2 passed in .* \(2 services\)/);
  });

  test('a service that does not start: its tests are not run, the reason is on stderr, exit 1', async () => {
    const { yaml } = await shop;
    const result = pactown(scratch, 'test', yaml, 'broken');
    assert.equal(result.status, 1);
    assert.match(result.stdout, /broken\/README\.md:\d+: FAIL GET \/health \(not run: broken did not start\)\n0 passed, 1 not run in /);
    assert.match(result.stderr, /pactown: broken: exited \(code 3\)[\s\S]*config\.toml is missing/);
  });

  test('a run that is already up is used through its owner; only what the tests started is stopped after', async () => {
    const { yaml } = await shop;
    assert.equal(pactown(scratch, 'up', yaml, 'api', '--detach').status, 0);
    try {
      const api = statusOf(scratch, yaml).find((s) => s.name === 'api')!;
      const result = pactown(scratch, 'test', yaml, 'web', '--json');
      assert.equal(result.status, 0, result.stderr);
      const report = JSON.parse(result.stdout) as { ok: boolean; passed: number; tests: { service: string; line: number; outcome: string; kind: string }[] };
      assert.deepEqual([report.ok, report.passed], [true, 2]);
      assert.deepEqual(report.tests.map((t) => [t.service, t.line, t.kind, t.outcome]), [['web', 10, 'shell', 'passed'], ['web', 11, 'shell', 'passed']]);
      const after = statusOf(scratch, yaml);
      assert.deepEqual(after.find((s) => s.name === 'api')?.pid, api.pid, 'the run\'s own service kept running, untouched');
      assert.equal(after.find((s) => s.name === 'web')?.state, 'stopped', 'the service the tests started was stopped');
    } finally {
      pactown(scratch, 'down', yaml);
    }
  });

  test('a README on its own, as `pactown run` runs it; one with no tests says so and passes', async () => {
    const dir = join(scratch.dir, 'solo');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'README.md'), served(block('http markpact:test', 'GET /health')));
    const port = String(await freePortRange(1));
    const result = pactown(scratch, 'test', join(dir, 'README.md'), '--port', port);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /README\.md:\d+: PASS GET \/health \(200\)\n1 passed in/);
    const { yaml } = await shop;
    const none = pactown(scratch, 'test', yaml, 'quiet');
    assert.deepEqual([none.status, none.stdout], [0, 'no markpact:test blocks in quiet: nothing to test\n']);
    assert.equal(pactown(scratch, 'test', yaml, '--port', port).status, 2, '--port is for a README');
  });

  test("shell lines get the service's venv on PATH (an environment from local wheels)", async () => {
    const { yaml } = await writeEcosystem(scratch, 'venv', {
      app: { readme: [block('text markpact:deps python', 'pactown-demo-app'), served(block('bash markpact:test shell', 'pactown-demo\ntest "$VIRTUAL_ENV" = "$(pwd)/.venv"\npython -c "import pactown_demo_core"'))].join('\n') },
    });
    const result = pactown(scratch, 'test', yaml);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /3 passed/);
  });

  test('Ctrl+C while a test runs: it is cancelled, what was started is stopped, exit 1', async () => {
    const started = join(scratch.dir, 'slow-started');
    const { yaml } = await writeEcosystem(scratch, 'slow', { slow: { readme: served(block('bash markpact:test shell', `touch ${started}; sleep 60`)) } });
    const run = background(scratch, ['test', yaml]);
    assert.equal(await waitFor(() => existsSync(started), 60_000), true, 'the slow test started');
    run.child.kill('SIGINT');
    assert.equal(await exitWithin(run.exited, 15_000, 'pactown test'), 1);
    assert.match(run.output(), /SIGINT: cancelling the tests[\s\S]*: SKIP \$ touch .* \(cancelled\)/);
    assert.ok(statusOf(scratch, yaml).every((s) => s.state === 'stopped'));
    assert.deepEqual(processesWith('PACTOWN_SERVICE=slow', `PACTOWN_RUNTIME_DIR=${scratch.env.PACTOWN_RUNTIME_DIR}`), []);
  });
});

/** The ecosystem's folder as the CLI shows it: relative to where it runs (this process's folder). */
const relativeShop = () => `${relative(process.cwd(), join(scratch.dir, 'shop'))}/`;

interface JunitCase {
  name: string;
  file: string;
  line: string;
  failure?: { message: string; text: string };
}

/** The JUnit file as a conforming XML parser (Python's ElementTree) reads it. */
function readJunit(path: string): { root: Record<string, string>; suites: { name: string; tests: string; failures: string; cases: JunitCase[] }[] } {
  const script = `
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
def case(c):
    f = c.find('failure')
    out = dict(c.attrib)
    if f is not None: out['failure'] = {'message': f.get('message'), 'text': f.text or ''}
    return out
print(json.dumps({'root': {k: v for k, v in root.attrib.items() if k != 'time'}, 'suites': [{**s.attrib, 'cases': [case(c) for c in s]} for s in root]}))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
}
