// The corpus's Go, Rust and PHP services under `pactown`, their run commands as written: they run
// when their toolchain is on PATH, and fail at once, naming it, when it is not (never a timeout).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { onPath } from '../../core/runtime/commandProgram';
import { pactown, processesWith, scratchFolder } from './cliRun';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../../scripts/freePorts.mjs';

const scratch = scratchFolder('other-runtimes-', { NO_COLOR: '1' });
after(() => {
  assert.deepEqual(processesWith(`PACTOWN_RUNTIME_DIR=${scratch.env.PACTOWN_RUNTIME_DIR}`), [], 'no service process may outlive the tests');
  scratch.remove();
});

const examples = join(process.cwd(), '..', 'shared', 'corpus', 'markpact', 'examples');
let nextPort = 0;
before(async () => {
  nextPort = (await freePortRange(6)) as number;
});

/** A copy of a corpus example (pactown writes its sandbox next to the README). */
function example(name: string): string {
  const dir = join(scratch.dir, name);
  cpSync(join(examples, name), dir, { recursive: true });
  return join(dir, 'README.md');
}

/** A PATH with node and nothing else: what a machine without the toolchain offers the service. */
function pathWithoutToolchains(): string {
  const bin = join(scratch.dir, 'bare-bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(process.execPath, join(bin, 'node'));
  return bin;
}

const installed = (program: string) => assert.ok(onPath(program, process.env.PATH, process.cwd()), `${program} is not installed here: \`npm test\` installs it (scripts/ensure-deps.mjs)`);
const output = (r: { stdout: string; stderr: string }) => `${r.stdout}${r.stderr}`;

describe('other runtimes', () => {
  test('Go: `go run main.go` runs and passes its HTTP tests', () => {
    installed('go');
    const result = pactown(scratch, 'test', example('go-http-api'), '--port', String(nextPort++));
    assert.equal(result.status, 0, output(result));
    assert.match(result.stdout, /PASS GET \/health \(200\)/);
    assert.match(result.stdout, /2 passed/);
  });

  test('PHP: the CLI runs as written, prints its output and completes (exit 0; see oneShot.test.ts)', () => {
    installed('php');
    const readme = example('php-cli');
    const result = pactown(scratch, 'run', readme, '--port', String(nextPort++));
    assert.equal(result.status, 0, output(result));
    assert.match(result.stdout, /Hello, World![\s\S]*php-cli completed \(exit 0\)/);
    assert.doesNotMatch(output(result), /is not installed/);
  });

  const bare = pathWithoutToolchains();
  for (const [name, program] of [['go-http-api', 'go'], ['php-cli', 'php'], ['rust-axum-api', 'cargo']] as const) {
    test(`${program} missing: the run fails at once with "${program} is not installed", before anything is spawned`, () => {
      const result = pactown({ ...scratch, env: { ...scratch.env, PATH: bare } }, 'run', example(`${name}`), '--port', String(nextPort++));
      assert.equal(result.status, 1, output(result));
      assert.match(result.stderr, new RegExp(`${name}: ${program} is not installed: the run command starts it, and it is not on the service's PATH`));
      // The health wait never began: nothing was spawned to wait for.
      assert.doesNotMatch(output(result), /waiting on :|not healthy within/);
    });
  }

  test('Rust with crates.io out of reach: the build fails at once with cargo\'s own reason', () => {
    installed('cargo');
    const dir = join(scratch.dir, 'offline', 'rust-axum-api');
    mkdirSync(dir, { recursive: true });
    cpSync(join(examples, 'rust-axum-api'), dir, { recursive: true });
    // Offline mode makes "unreachable" certain: cargo says why at once instead of retrying the network.
    const result = pactown({ ...scratch, env: { ...scratch.env, CARGO_NET_OFFLINE: 'true' } }, 'run', join(dir, 'README.md'), '--port', String(nextPort++));
    assert.equal(result.status, 1, output(result));
    assert.match(result.stderr, /rust-axum-api: exited \(code 101\) before it was healthy/);
    assert.match(result.stderr, /no matching package named `axum` found/);
    assert.doesNotMatch(output(result), /not healthy within/);
  });
});
