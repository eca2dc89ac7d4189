import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { background, exitWithin, fence, pactown, scratchFolder } from './cliRun';
// @ts-expect-error plain ESM scripts without type declarations
import { freePortRange } from '../../scripts/freePorts.mjs';

// HOME is the scratch folder's: the user-wide secrets file is ~/.config/markpact/secrets.env.
const scratch = scratchFolder('templates-');
const home = join(scratch.dir, 'home');
Object.assign(scratch.env, { HOME: home, APP_NAME: 'from the environment' });
delete scratch.env.REGION;
delete scratch.env.NOT_SET_ANYWHERE;
after(() => scratch.remove());

const serve = `${fence}bash markpact:run\nexec python3 -m http.server $PORT --bind 127.0.0.1\n${fence}\n`;

function readme(folder: string, template: string): string {
  const dir = join(scratch.dir, folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'README.md');
  writeFileSync(path, `# ${folder}\n\n${fence}text markpact:file path=config.txt template=true\n${template}\n${fence}\n\n${serve}`);
  return path;
}

describe('template=true files are filled when pactown run writes the sandbox', () => {
  test('from the environment, defaults and the secrets file next to the README; an unset ${env:X} is a warning', async () => {
    const path = readme('filled', 'name=${env:APP_NAME}\nregion=${env:REGION:-eu}\nuser=${ask:DB_USER}\npassword=${ask:Password:-changeme}\ntoken=${TOKEN}\nunset=${env:NOT_SET_ANYWHERE}');
    mkdirSync(join(scratch.dir, 'filled', '.markpact'));
    writeFileSync(join(scratch.dir, 'filled', '.markpact', 'secrets.env'), '# local\nDB_USER=alice\nTOKEN="t0k"\n');
    const port = await freePortRange(1);
    const run = background(scratch, ['run', path, '--port', String(port)]);
    try {
      await run.waitFor(/all 1 service healthy/);
      const served = await (await fetch(`http://127.0.0.1:${port}/config.txt`)).text();
      assert.equal(served, 'name=from the environment\nregion=eu\nuser=alice\npassword=changeme\ntoken=t0k\nunset=${env:NOT_SET_ANYWHERE}\n');
      assert.match(run.output(), /warning: README\.md:9: \$\{env:NOT_SET_ANYWHERE\} in config\.txt is not set and has no default: written as it is/);
    } finally {
      assert.equal(pactown(scratch, 'down', path).status, 0);
    }
    assert.equal(await exitWithin(run.exited, 10_000, 'pactown run'), 0);
  });

  test('an ask with no value fails the service before anything is written, naming the placeholder and its line', async () => {
    const path = readme('missing', 'key=${ask:Api key}');
    const port = await freePortRange(1);
    const run = background(scratch, ['run', path, '--port', String(port)]);
    const code = await exitWithin(run.exited, 60_000, 'pactown run');
    assert.notEqual(code, 0);
    assert.match(run.output(), /README\.md:4: no value for \$\{ask:Api key\} in config\.txt: give it a default .*; nothing was written/);
    assert.equal(existsSync(join(scratch.dir, 'missing', '.pactown', 'missing', 'config.txt')), false);
  });

  test('the user-wide secrets file ~/.config/markpact/secrets.env answers it', async () => {
    mkdirSync(join(home, '.config', 'markpact'), { recursive: true });
    writeFileSync(join(home, '.config', 'markpact', 'secrets.env'), "Api key='k-123'\n");
    const path = readme('global', 'key=${ask:Api key}');
    const port = await freePortRange(1);
    const run = background(scratch, ['run', path, '--port', String(port)]);
    try {
      await run.waitFor(/all 1 service healthy/);
      assert.equal(await (await fetch(`http://127.0.0.1:${port}/config.txt`)).text(), 'key=k-123\n');
    } finally {
      assert.equal(pactown(scratch, 'down', path).status, 0);
    }
    assert.equal(await exitWithin(run.exited, 10_000, 'pactown run'), 0);
  });
});
