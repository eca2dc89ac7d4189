import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { launcherFileName, launcherMark, launcherScript, onPath, shellQuote } from '../../client/src/model/cliLauncher';

test('the launcher runs the bundled CLI with the host\'s Node, or its Electron as Node', () => {
  const node = launcherScript('/ext/dist/cli.js', { execPath: '/usr/bin/node', electron: false, platform: 'linux' });
  assert.equal(node, `#!/bin/sh\n# ${launcherMark}\nexec '/usr/bin/node' '/ext/dist/cli.js' "$@"\n`);
  const electron = launcherScript('/ext/dist/cli.js', { execPath: '/usr/share/code/code', electron: true, platform: 'linux' });
  assert.match(electron, /^export ELECTRON_RUN_AS_NODE=1\nexec '\/usr\/share\/code\/code' '\/ext\/dist\/cli\.js' "\$@"$/m);
  const windows = launcherScript('C:\\ext\\dist\\cli.js', { execPath: 'C:\\Code\\Code.exe', electron: true, platform: 'win32' });
  assert.match(windows, /^set ELECTRON_RUN_AS_NODE=1\r\n"C:\\Code\\Code\.exe" "C:\\ext\\dist\\cli\.js" %\*\r\n$/m);
  assert.equal(launcherFileName('win32'), 'pactown.cmd');
  assert.equal(launcherFileName('darwin'), 'pactown');
});

test('paths are quoted for sh, whatever they hold', () => {
  const dir = mkdtempSync(join(tmpdir(), "it's $HOME `x` "));
  try {
    const cli = join(dir, 'cli.js');
    writeFileSync(cli, 'console.log(JSON.stringify(process.argv.slice(2)))');
    const launcher = join(dir, 'pactown');
    writeFileSync(launcher, launcherScript(cli, { execPath: process.execPath, electron: false, platform: 'linux' }));
    chmodSync(launcher, 0o755);
    assert.equal(execFileSync(launcher, ['a b', '$c'], { encoding: 'utf8' }).trim(), '["a b","$c"]');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(shellQuote("a'b"), `'a'\\''b'`);
});

test('whether a folder is on the PATH', () => {
  assert.equal(onPath('/home/u/.local/bin', '/usr/bin:/home/u/.local/bin/:/bin', 'linux'), true);
  assert.equal(onPath('/home/u/.local/bin', '/usr/bin:/bin', 'linux'), false);
  assert.equal(onPath('/home/u/.local/bin', undefined, 'linux'), false);
  assert.equal(onPath('C:\\Users\\u\\bin', 'C:\\Windows;c:\\users\\u\\bin\\', 'win32'), true);
});
