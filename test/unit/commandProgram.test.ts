import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { commandProgram, missingProgram, onPath } from '../../core/runtime/commandProgram';

test('the program is the first word after env assignments, cd … && and exec', () => {
  assert.equal(commandProgram('go run main.go'), 'go');
  assert.equal(commandProgram('PORT=8080 GOFLAGS=-mod=mod go run .'), 'go');
  assert.equal(commandProgram('cd app && cargo run --release'), 'cargo');
  assert.equal(commandProgram('cd app; php -S 0.0.0.0:$PORT'), 'php');
  assert.equal(commandProgram('exec uvicorn main:app'), 'uvicorn');
  assert.equal(commandProgram('# start it\n\nphp bin/cli.php --name ${MARKPACT_NAME:-World}'), 'php');
});

test('nothing to check: shell words, paths, expansions, an empty command', () => {
  for (const command of ['./server --port 1', 'bin/run', '$SHELL -c x', 'if true; then go run .; fi', 'echo hi', '', '# only a comment', '. venv/bin/activate && go run .']) {
    assert.equal(commandProgram(command), undefined, command);
  }
});

test('onPath finds executables only, in PATH order; missingProgram names the toolchain with how to install it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'command-program-'));
  try {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'go'), '#!/bin/sh\n');
    chmodSync(join(bin, 'go'), 0o755);
    writeFileSync(join(bin, 'php'), 'not executable');
    assert.equal(onPath('go', `/nonexistent:${bin}`, dir), true);
    assert.equal(onPath('go', 'bin', dir), true, 'a relative PATH folder is read from the working directory');
    assert.equal(onPath('php', bin, dir), false);
    assert.equal(missingProgram('go run main.go', { PATH: bin }, dir), undefined);
    assert.equal(missingProgram('php bin/cli.php', { PATH: bin }, dir), "php is not installed: the run command starts it, and it is not on the service's PATH. Install PHP (Debian: apt-get install php-cli), then start again");
    assert.equal(missingProgram('mytool serve', { PATH: bin }, dir), "mytool is not installed: the run command starts it, and it is not on the service's PATH, then start again");
    assert.equal(missingProgram('./mytool serve', {}, dir), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
