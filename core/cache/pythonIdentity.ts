import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readFile, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { writeAtomically } from './atomicWrite';
import type { RuntimeIdentity } from './key';
import { onPath } from './runtimes';

const run = promisify(execFile);

/** Identities remembered in the cache folder, at most this many (oldest go first). */
const maxRemembered = 64;
const maxFileBytes = 256 * 1024;

interface Remembered {
  path: string;
  version: string;
  /** The interpreter binary as it was when asked: a changed file is asked again. */
  size: number;
  mtimeMs: number;
}

const fileOf = (cacheDir: string) => join(cacheDir, 'runtimes.json');

async function fingerprint(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
}

async function head(path: string, bytes = 4096): Promise<string> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

/** The nearest `.python-version` from a folder up (pyenv's "local" version), within 64 levels. */
async function localVersionFile(from: string): Promise<string> {
  let folder = resolve(from);
  for (let depth = 0; depth < 64; depth++) {
    const text = await readFile(join(folder, '.python-version'), 'utf8').catch(() => undefined);
    if (text !== undefined) return text.slice(0, 1024);
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return '';
}

/**
 * What decides which interpreter a name runs, without running it: the file the name resolves to
 * (real path, size, modification time) and, for a pyenv shim (a script that asks pyenv which
 * Python to run), the inputs of pyenv's choice: PYENV_VERSION, the nearest .python-version, the
 * global version file.
 */
async function decidingInputs(interpreter: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string | undefined> {
  const found = isAbsolute(interpreter) || interpreter.includes('/') ? resolve(cwd, interpreter) : await onPath(interpreter, env);
  if (!found) return undefined;
  const real = await realpath(found).catch(() => undefined);
  const print = real && (await fingerprint(real));
  if (!real || !print) return undefined;
  const inputs: unknown[] = [interpreter, real, print.size, print.mtimeMs];
  if ((await head(real)).includes('pyenv')) {
    const root = env.PYENV_ROOT || join(env.HOME || homedir(), '.pyenv');
    inputs.push(env.PYENV_VERSION ?? '', await localVersionFile(cwd), (await readFile(join(root, 'version'), 'utf8').catch(() => '')).slice(0, 1024));
  }
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 32);
}

async function readRemembered(cacheDir: string): Promise<Record<string, Remembered>> {
  const text = await readFile(fileOf(cacheDir), 'utf8').catch(() => '');
  if (!text || text.length > maxFileBytes) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const valid: Record<string, Remembered> = {};
  for (const [key, entry] of Object.entries(value as Record<string, Partial<Remembered>>)) {
    if (!/^[0-9a-f]{32}$/.test(key) || typeof entry !== 'object' || entry === null) continue;
    const { path, version, size, mtimeMs } = entry;
    if (typeof path === 'string' && isAbsolute(path) && typeof version === 'string' && /^[\w.+-]{1,40}$/.test(version) && Number.isFinite(size) && Number.isFinite(mtimeMs)) {
      valid[key] = { path, version, size: size!, mtimeMs: mtimeMs! };
    }
  }
  return valid;
}

async function ask(interpreter: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ path: string; version: string }> {
  const { stdout } = await run(interpreter, ['-c', 'import sys, json; print(json.dumps([sys.executable, sys.version.split()[0]]))'], { env, cwd, timeout: 30_000 });
  const [path, version] = JSON.parse(stdout) as [string, string];
  return { path, version };
}

/**
 * The real interpreter behind a name and its version (both go into the cache key: a venv is tied
 * to the interpreter it is made from). Remembered in the cache folder, so a warm start runs no
 * Python at all; asked again (one short run) whenever what decides it changed.
 */
export async function pythonIdentity(interpreter: string, options: { cacheDir?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<RuntimeIdentity> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const key = options.cacheDir ? await decidingInputs(interpreter, env, cwd) : undefined;
  if (options.cacheDir && key) {
    const known = (await readRemembered(options.cacheDir))[key];
    const print = known && (await fingerprint(known.path));
    if (known && print && print.size === known.size && print.mtimeMs === known.mtimeMs) return { name: 'python', path: known.path, version: known.version };
  }
  const answer = await ask(interpreter, env, cwd);
  if (options.cacheDir && key) await remember(options.cacheDir, key, answer);
  return { name: 'python', ...answer };
}

/** Best effort: a read-only cache just asks again next time. */
async function remember(cacheDir: string, key: string, answer: { path: string; version: string }): Promise<void> {
  const print = await fingerprint(answer.path);
  if (!print) return;
  const all = await readRemembered(cacheDir);
  delete all[key];
  all[key] = { ...answer, ...print };
  const kept = Object.entries(all).slice(-maxRemembered);
  await writeAtomically(fileOf(cacheDir), JSON.stringify(Object.fromEntries(kept))).catch(() => undefined);
}
