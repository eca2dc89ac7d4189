import { lstat, readdir, rm, stat, unlink } from 'node:fs/promises';
import type { ConfinedDir } from '../runtime/confinedDir';
import { environmentLinkName } from '../runtime/environmentFolders';
import { join } from 'node:path';
import { writeAtomically } from './atomicWrite';
import { buildEnvironment } from './build';
import { cacheKey, currentPlatform, depsHash, normalizeRequirements, type Ecosystem, type RuntimeIdentity } from './key';
import { acquireLock } from './lock';
import { cachePaths } from './location';
import { entryPackageJson, generatePackageJson } from './packageJson';
import { ensureDepsListing, publishRecord, readRecord, type CacheRecord } from './record';
import { refreshPackageSummary } from './packageSummary';
import { pythonIdentity } from './pythonIdentity';
import { nodeRuntime } from './runtimes';
import { countLookup } from './stats';

export interface EnsureOptions {
  cacheDir: string;
  ecosystem: Ecosystem;
  /** Requirement lines as the README has them (comments and pip option lines allowed). */
  requirements: string[];
  /** Node only: the README's own package.json text, installed from instead of one generated from the lines. */
  packageJson?: string;
  /** Detected when absent: `python3` (or PACTOWN_PYTHON) resolved to its real binary, or this Node's major version. */
  runtime?: RuntimeIdentity;
  /** Passed to pip/npm unchanged (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

export interface EnsuredEnvironment {
  key: string;
  path: string;
  hit: boolean;
  record: CacheRecord;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** An entry is usable when its record is valid and its environment still has what makes it work. */
async function validRecord(cacheDir: string, key: string, ecosystem: Ecosystem): Promise<CacheRecord | undefined> {
  const record = await readRecord(cacheDir, key);
  if (!record || record.ecosystem !== ecosystem) return undefined;
  const env = cachePaths.env(cacheDir, key);
  const marker = ecosystem === 'python' ? join(env, 'bin', 'python') : join(env, 'node_modules');
  return (await exists(marker)) ? record : undefined;
}

/** Total bytes of a folder, like `du --apparent-size` (links counted as themselves). */
export async function folderSize(path: string): Promise<number> {
  let total = 0;
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) total += await folderSize(full);
    else total += (await lstat(full).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/**
 * The environment for a dependency set: found in the cache (a hit costs a record read and a
 * rewrite), or built once under a lock shared by every process — others needing the same key
 * wait and then use it. The record is written last, so a build that fails or is killed leaves
 * no entry that looks valid; a broken entry is rebuilt.
 */
export async function ensureEnvironment(options: EnsureOptions): Promise<EnsuredEnvironment> {
  const { cacheDir, ecosystem } = options;
  const normalized = normalizeRequirements(ecosystem, options.requirements);
  const readmePackageJson = ecosystem === 'node' && options.packageJson !== undefined ? entryPackageJson(options.packageJson) : undefined;
  const packageJson = ecosystem === 'node' ? (readmePackageJson ?? generatePackageJson('pactown-env', options.requirements)) : undefined;
  // A README's own package.json decides what is installed, so it is part of the key.
  const keyLines = readmePackageJson ? [...normalized, `package.json ${readmePackageJson}`] : normalized;
  const env = options.env ?? process.env;
  const runtime = options.runtime ?? (ecosystem === 'python' ? await pythonIdentity(env.PACTOWN_PYTHON || 'python3', { cacheDir, env }) : nodeRuntime());
  const key = cacheKey(ecosystem, keyLines, runtime);
  const path = cachePaths.env(cacheDir, key);
  const found = await validRecord(cacheDir, key, ecosystem);
  if (found) {
    await ensureDepsListing(cacheDir);
    return { key, path, hit: true, record: await touch(cacheDir, found) };
  }

  const release = await acquireLock(cachePaths.lock(cacheDir, key), {
    ...(options.signal ? { signal: options.signal } : {}),
    onWait: (owner) => options.onLog?.(`waiting for ${owner ? `process ${owner.pid}` : 'another process'} to finish building environment ${key}`),
  });
  try {
    const built = await validRecord(cacheDir, key, ecosystem);
    if (built) return { key, path, hit: true, record: await touch(cacheDir, built) };
    // Whatever is there is a broken entry or a build that died half-way: never reused.
    await unlink(cachePaths.record(cacheDir, key)).catch(() => undefined);
    await rm(path, { recursive: true, force: true, maxRetries: 3 });
    try {
      await buildEnvironment({
        dir: path, ecosystem, requirements: options.requirements.filter((l) => l.trim()), runtime, env: options.env ?? process.env,
        ...(packageJson ? { packageJson } : {}), ...(options.onLog ? { onLog: options.onLog } : {}), ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      await rm(path, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
    const now = new Date().toISOString();
    const record: CacheRecord = {
      format: 1, key, ecosystem, depsHash: depsHash(ecosystem, normalized), requirements: normalized, runtime, platform: currentPlatform(),
      sizeBytes: await folderSize(path), createdAt: now, lastUsedAt: now, hits: 0,
    };
    await ensureDepsListing(cacheDir);
    await publishRecord(cacheDir, record);
    await refreshPackageSummary(cacheDir);
    await countLookup(cacheDir, false);
    return { key, path, hit: false, record };
  } finally {
    await release();
  }
}

/** Notes a hit. Best effort: losing an increment to a concurrent hit, or a read-only cache, must not fail the lookup. */
async function touch(cacheDir: string, record: CacheRecord): Promise<CacheRecord> {
  const updated = { ...record, lastUsedAt: new Date().toISOString(), hits: record.hits + 1 };
  await writeAtomically(cachePaths.record(cacheDir, record.key), `${JSON.stringify(updated, null, 2)}\n`).catch(() => undefined);
  await countLookup(cacheDir, true);
  return updated;
}

/**
 * Links an environment into a service's sandbox folder: `.venv` → the entry (Python), or
 * `node_modules` → `<entry>/node_modules` (Node). An existing link is replaced atomically; a real
 * file or folder there (the user's own) is left alone and reported as an error.
 */
export function linkEnvironment(entryPath: string, sandbox: ConfinedDir, ecosystem: Ecosystem): string {
  const name = environmentLinkName(ecosystem);
  sandbox.link(name, ecosystem === 'python' ? entryPath : join(entryPath, 'node_modules'));
  return join(sandbox.path, name);
}
