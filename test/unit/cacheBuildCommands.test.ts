// How environments are built, with stand-in `uv` and `python` programs that journal their
// arguments (uv is not installed here; the real pip and npm run in cacheEnvironment.test.ts).
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, test } from 'node:test';
import { ensureEnvironment } from '../../core/cache/environments';
import { readRecords } from '../../core/cache/record';
import { uvEnvironment } from '../../core/cache/uvSettings';

const scratch = mkdtempSync(join(tmpdir(), 'cache-commands-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const bin = join(scratch, 'bin');
const journal = join(scratch, 'journal.txt');
mkdirSync(bin);

function script(path: string, body: string): string {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

// `python -m venv DIR` makes DIR/bin/python, a copy of itself; that one "installs" by journaling,
// fails on a requirement named fail-me and takes long on one named slow.
const python = script(join(scratch, 'python'), String.raw`echo "$0 $*" >> "${journal}"
if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; exit 0; fi
for last; do :; done
if grep -q fail-me "$last"; then echo "no such package" >&2; exit 1; fi
if grep -q slow "$last"; then exec sleep 5; fi`);
script(join(bin, 'uv'), String.raw`echo "uv $* | UV_FIND_LINKS=$UV_FIND_LINKS UV_NO_INDEX=$UV_NO_INDEX" >> "${journal}"
if [ "$1" = venv ]; then for last; do :; done; mkdir -p "$last/bin"; : > "$last/bin/python"; fi`);

const runtime = { name: 'python' as const, path: python, version: '0.0-test' };
const withoutPip = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PIP_')));
const baseEnv = { ...withoutPip, PIP_FIND_LINKS: '/wheels/a /wheels/b', PIP_NO_INDEX: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
const pipConf = join(scratch, 'pip.conf');
writeFileSync(pipConf, '[global]\nfind-links = /wheels/c\n');

function takeJournal(): string[] {
  const lines = existsSync(journal) ? readFileSync(journal, 'utf8').trim().split('\n') : [];
  rmSync(journal, { force: true });
  return lines;
}

test('with uv on PATH and no pip.conf, uv builds the venv, with the pip variables translated', async () => {
  const cacheDir = join(scratch, 'uv-cache');
  const env = { ...baseEnv, PATH: `${bin}${delimiter}${process.env.PATH}`, PIP_CONFIG_FILE: devNull };
  const requirements = ['demo-app', '# pinned for the test', '--only-binary :all:'];
  const { path, hit } = await ensureEnvironment({ cacheDir, ecosystem: 'python', requirements, runtime, env });
  assert.equal(hit, false);
  assert.deepEqual(takeJournal(), [
    `uv venv --quiet --python ${python} ${path} | UV_FIND_LINKS=/wheels/a,/wheels/b UV_NO_INDEX=1`,
    `uv pip install --python ${path}/bin/python -r ${path}/pactown-requirements.txt | UV_FIND_LINKS=/wheels/a,/wheels/b UV_NO_INDEX=1`,
  ]);
  assert.equal(readFileSync(join(path, 'pactown-requirements.txt'), 'utf8'), `${requirements.join('\n')}\n`);
});

test('with a pip.conf (which uv would ignore), the interpreter makes the venv and pip installs from a requirements file', async () => {
  const cacheDir = join(scratch, 'pip-cache');
  const env = { ...baseEnv, PATH: `${bin}${delimiter}${process.env.PATH}`, PIP_CONFIG_FILE: pipConf };
  const { path } = await ensureEnvironment({ cacheDir, ecosystem: 'python', requirements: ['demo-app'], runtime, env });
  assert.deepEqual(takeJournal(), [
    `${python} -m venv ${path}`,
    `${path}/bin/python -m pip install --disable-pip-version-check --progress-bar off -r ${path}/pactown-requirements.txt`,
  ]);
});

test('uv gets the pip settings it understands; a setting it has no equivalent for, or a pip.conf, means pip', async () => {
  const env = { PIP_CONFIG_FILE: devNull, PIP_INDEX_URL: 'https://mirror/simple', PIP_FIND_LINKS: '/w', UV_FIND_LINKS: '/mine', PIP_DEFAULT_TIMEOUT: '60' };
  const translated = await uvEnvironment(env);
  assert.deepEqual([translated?.UV_INDEX_URL, translated?.UV_FIND_LINKS], ['https://mirror/simple', '/mine']);
  assert.equal(await uvEnvironment({ ...env, PIP_CERT: '/etc/ssl/cert.pem' }), undefined);
  assert.equal(await uvEnvironment({ ...env, PIP_CONFIG_FILE: pipConf }), undefined);
});

test('a failed build leaves no record and no folder, and releases its lock', async () => {
  const cacheDir = join(scratch, 'failing-cache');
  const env = { ...baseEnv, PIP_CONFIG_FILE: pipConf };
  const lines: string[] = [];
  await assert.rejects(ensureEnvironment({ cacheDir, ecosystem: 'python', requirements: ['fail-me'], runtime, env, onLog: (l) => lines.push(l) }), /no such package/);
  assert.ok(lines.includes('no such package'));
  assert.deepEqual([await readRecords(cacheDir), readdirSync(join(cacheDir, 'envs')), readdirSync(join(cacheDir, 'locks'))], [[], [], []]);
  takeJournal();
});

test('an aborted build stops its installer and leaves nothing behind', async () => {
  const cacheDir = join(scratch, 'aborted-cache');
  const env = { ...baseEnv, PIP_CONFIG_FILE: pipConf };
  const started = Date.now();
  await assert.rejects(ensureEnvironment({ cacheDir, ecosystem: 'python', requirements: ['slow'], runtime, env, signal: AbortSignal.timeout(300) }));
  assert.ok(Date.now() - started < 4000, 'the installer was not stopped');
  assert.deepEqual([await readRecords(cacheDir), readdirSync(join(cacheDir, 'envs')), readdirSync(join(cacheDir, 'locks'))], [[], [], []]);
  takeJournal();
});
