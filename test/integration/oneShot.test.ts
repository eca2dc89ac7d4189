// One-shot commands (a CLI that prints and exits 0, as markpact runs one): `completed`, not a
// failure. The corpus's PHP CLI under `pactown run` and `pactown test`, a Python one-shot in an
// ecosystem with a dependent (blocked, saying why), and a non-zero exit that still fails.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { onPath } from '../../core/runtime/commandProgram';
import { fence, pactown, processesWith, scratchFolder, statusOf, writeEcosystem } from './cliRun';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../../scripts/freePorts.mjs';

const scratch = scratchFolder('one-shot-', { NO_COLOR: '1' });
after(() => {
  assert.deepEqual(processesWith(`PACTOWN_RUNTIME_DIR=${scratch.env.PACTOWN_RUNTIME_DIR}`), [], 'no service process may outlive the tests');
  scratch.remove();
});

const block = (info: string, body: string) => `${fence}${info}\n${body}\n${fence}\n`;
const output = (r: { stdout: string; stderr: string }) => `${r.stdout}${r.stderr}`;
const served = block('bash markpact:run', 'exec python3 -m http.server $PORT --bind 127.0.0.1');

/** A copy of the corpus's PHP CLI (pactown writes its sandbox next to the README). */
function phpCli(folder: string): string {
  assert.ok(onPath('php', process.env.PATH, process.cwd()), 'php is not installed here: `npm test` installs it (scripts/ensure-deps.mjs)');
  const dir = join(scratch.dir, folder, 'php-cli');
  cpSync(join(process.cwd(), '..', 'shared', 'corpus', 'markpact', 'examples', 'php-cli'), dir, { recursive: true });
  return join(dir, 'README.md');
}

describe('one-shot commands', () => {
  test('`pactown run` of the PHP CLI prints its output, then "completed (exit 0)", and exits 0', async () => {
    const port = String(await freePortRange(1));
    const result = pactown(scratch, 'run', phpCli('php-run'), '--port', port);
    assert.equal(result.status, 0, output(result));
    assert.match(result.stdout, /\[php-cli\] Hello, World!\n✓ php-cli completed \(exit 0\)\n/);
    assert.match(result.stdout, /^1 completed \(exit 0\)$/m);
    assert.doesNotMatch(output(result), /before it was healthy|failed/);
  });

  test('`pactown test` of the PHP CLI runs its shell tests in its sandbox and passes', async () => {
    const port = String(await freePortRange(1));
    const result = pactown(scratch, 'test', phpCli('php-test'), '--port', port);
    assert.equal(result.status, 0, output(result));
    assert.match(result.stdout, /PASS \$ php bin\/cli\.php --name Markpact \(exit 0\)/);
    assert.match(result.stdout, /PASS \$ php bin\/cli\.php --add 3 7 \(exit 0\)/);
    assert.match(result.stdout, /2 passed/);
  });

  test('HTTP tests of a completed service fail, saying it serves nothing; its shell tests still pass', async () => {
    const { yaml } = await writeEcosystem(scratch, 'http-of-one-shot', {
      job: { readme: [block('text markpact:file path=done.txt', 'ok'), block('bash markpact:run', 'cat done.txt'), block('http markpact:test', 'GET /health'), block('bash markpact:test shell', 'test -f done.txt')].join('\n') },
    });
    const result = pactown(scratch, 'test', yaml);
    assert.equal(result.status, 1, output(result));
    assert.match(result.stdout, /FAIL GET \/health \(service completed \(a one-shot command\); no HTTP server to test\)/);
    assert.match(result.stdout, /PASS \$ test -f done\.txt \(exit 0\)/);
  });

  test('in an ecosystem: a Python one-shot is completed (never restarted), its dependent blocked with the reason', async () => {
    const { yaml, basePort } = await writeEcosystem(scratch, 'one-shot-chain', {
      job: { readme: block('bash markpact:run', 'python3 -c "print(1)"'), extra: 'auto_restart: true' },
      web: { readme: served, dependsOn: ['job'] },
      other: { readme: served },
    });
    const up = pactown(scratch, 'up', yaml, '--detach');
    try {
      assert.equal(up.status, 1, 'a blocked service is a failed start');
      const reason = `job completed (a one-shot command): it serves nothing on :${basePort}`;
      assert.match(up.stderr, new RegExp(`web not started: ${reason.replace(/[()]/g, '\\$&')}`));
      const rows = Object.fromEntries(statusOf(scratch, yaml).map((s) => [s.name, s]));
      assert.equal(rows.job.state, 'completed');
      assert.equal(rows.job.restarts, 0, 'auto_restart does not restart a command that completed');
      assert.equal(rows.job.error, undefined);
      assert.equal(rows.web.state, 'blocked');
      assert.equal(rows.web.error, `web: not started: ${reason}`);
      assert.equal(rows.other.state, 'running', 'the others run');
      const table = pactown(scratch, 'status', yaml);
      assert.match(table.stdout, /^job +completed \(exit 0\) +\d+ +- +- +0 /m);
      assert.match(table.stdout, /^ {4}web: not started: job completed \(a one-shot command\)/m);
    } finally {
      assert.equal(pactown(scratch, 'down', yaml).status, 0);
    }
  });

  test('foreground `pactown up` of jobs that all complete exits 0 once they have, printing their output', async () => {
    const { yaml } = await writeEcosystem(scratch, 'one-shot-jobs', {
      first: { readme: block('bash markpact:run', 'python3 -c "print(\'first done\')"') },
      second: { readme: block('bash markpact:run', 'python3 -c "print(\'second done\')"') },
    });
    const result = pactown(scratch, 'up', yaml);
    assert.equal(result.status, 0, output(result));
    assert.match(result.stdout, /first done[\s\S]*✓ first completed \(exit 0\)/);
    assert.match(result.stdout, /second done[\s\S]*✓ second completed \(exit 0\)/);
    assert.doesNotMatch(output(result), /failed|blocked/);
  });

  test('a non-zero exit before it was healthy is still a failure', async () => {
    const { yaml } = await writeEcosystem(scratch, 'one-shot-fails', {
      job: { readme: block('bash markpact:run', 'python3 -c "import sys; print(\'bad input\'); sys.exit(2)"') },
    });
    const result = pactown(scratch, 'up', yaml);
    assert.equal(result.status, 1, output(result));
    assert.match(result.stderr, /job: exited \(code 2\) before it was healthy[\s\S]*bad input/);
    assert.match(result.stdout, /✖ job failed/);
    assert.doesNotMatch(result.stdout, /completed/);
  });
});
