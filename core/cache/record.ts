import { mkdir, open, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from './atomicWrite';
import type { Ecosystem, RuntimeIdentity } from './key';
import { cachePaths } from './location';
import { parseBoundedJson } from '../text/boundedJson';

/** One cache entry's index record (`index/<key>.json`). */
export interface CacheRecord {
  format: 1;
  key: string;
  ecosystem: Ecosystem;
  depsHash: string;
  /** Normalised requirement lines (see normalizeRequirements). */
  requirements: string[];
  runtime: RuntimeIdentity;
  platform: string;
  sizeBytes: number;
  /** ISO 8601 timestamps. */
  createdAt: string;
  lastUsedAt: string;
  hits: number;
}

/** Keys and dependency-set ids are hashes: 16 lower-case hex digits. Anything else in a record is not a key of ours. */
export const hashPattern = /^[0-9a-f]{16}$/;

/** A record is a few KB: a bigger file is not read (and not one of ours). */
export const maxRecordBytes = 64 * 1024;

const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;
const isDate = (value: unknown): value is string => isText(value, 64) && !Number.isNaN(Date.parse(value));
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function isRuntime(value: unknown): value is RuntimeIdentity {
  const r = value as Partial<RuntimeIdentity> | null;
  return typeof r === 'object' && r !== null && (r.name === 'python' || r.name === 'node') && isText(r.version, 64) && (r.path === undefined || isText(r.path, 4096));
}

/**
 * A record as read from disk, checked field by field; undefined when any field is not what the
 * cache writes. Its key is data, never a path: it must be a hash, and match the file's name.
 */
export function parseCacheRecord(text: string, expectedKey?: string): CacheRecord | undefined {
  const value = parseBoundedJson(text, maxRecordBytes);
  const r = value as Partial<CacheRecord> | null;
  if (typeof r !== 'object' || r === null || r.format !== 1) return undefined;
  if (!isText(r.key, 16) || !hashPattern.test(r.key) || (expectedKey !== undefined && r.key !== expectedKey)) return undefined;
  if (!isText(r.depsHash, 16) || !hashPattern.test(r.depsHash) || (r.ecosystem !== 'python' && r.ecosystem !== 'node')) return undefined;
  if (!Array.isArray(r.requirements) || r.requirements.length > 2_000 || !r.requirements.every((line) => isText(line, 4096))) return undefined;
  if (!isRuntime(r.runtime) || !isText(r.platform, 64) || !isCount(r.sizeBytes) || !isCount(r.hits) || !isDate(r.createdAt) || !isDate(r.lastUsedAt)) return undefined;
  return {
    format: 1, key: r.key, ecosystem: r.ecosystem, depsHash: r.depsHash, requirements: r.requirements, runtime: r.runtime,
    platform: r.platform, sizeBytes: r.sizeBytes, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, hits: r.hits,
  };
}

/** Reads one record file, never more than the limit; undefined when missing, too big or not a valid record. */
async function readRecordFile(path: string, expectedKey?: string): Promise<CacheRecord | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(maxRecordBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return bytesRead > maxRecordBytes ? undefined : parseCacheRecord(buffer.toString('utf8', 0, bytesRead), expectedKey);
  } finally {
    await handle.close();
  }
}

/** The record of a key (validated), or undefined. */
export function readRecord(cacheDir: string, key: string): Promise<CacheRecord | undefined> {
  return hashPattern.test(key) ? readRecordFile(cachePaths.record(cacheDir, key), key) : Promise.resolve(undefined);
}

export interface CacheIndex {
  records: CacheRecord[];
  /** Names of files in index/ that are not valid records (forged, corrupt, written by hand): ignored, reported. */
  broken: string[];
}

/** Every record in the cache, and the files in its index that are not records. */
export async function readIndex(cacheDir: string): Promise<CacheIndex> {
  const dir = cachePaths.indexDir(cacheDir);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
  const read = await Promise.all(names.map(async (name) => ({ name, record: await readRecordFile(join(dir, name), name.slice(0, -5)) })));
  return { records: read.flatMap((r) => r.record ?? []), broken: read.filter((r) => !r.record).map((r) => r.name) };
}

/** Every valid record in the cache. */
export async function readRecords(cacheDir: string): Promise<CacheRecord[]> {
  return (await readIndex(cacheDir)).records;
}

/** Where the entries of a dependency set are listed: `bydeps/<depsHash>/<key>` (empty files). */
const byDeps = (cacheDir: string, depsHash?: string) => (depsHash ? join(cacheDir, 'bydeps', depsHash) : join(cacheDir, 'bydeps'));

/**
 * The entries built for this dependency set, for any runtime, most recently used first: one
 * listing and a record or two, however big the cache. A cache written before the listing
 * existed is scanned instead.
 */
export async function recordsForDeps(cacheDir: string, hash: string): Promise<CacheRecord[]> {
  if (!hashPattern.test(hash)) return [];
  let keys: string[];
  try {
    keys = await readdir(byDeps(cacheDir, hash));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || (await stat(byDeps(cacheDir)).then(() => true, () => false))) return [];
    return (await readRecords(cacheDir)).filter((r) => r.depsHash === hash).sort(byLastUse);
  }
  const records = await Promise.all(keys.slice(0, 64).map((key) => readRecord(cacheDir, key)));
  return records.filter((r): r is CacheRecord => r?.depsHash === hash).sort(byLastUse);
}

const byLastUse = (a: CacheRecord, b: CacheRecord) => b.lastUsedAt.localeCompare(a.lastUsedAt);

/** Publishes a record: written atomically, then listed under its dependency set. The cache's one writer of records. */
export async function publishRecord(cacheDir: string, record: CacheRecord): Promise<void> {
  await writeAtomically(cachePaths.record(cacheDir, record.key), `${JSON.stringify(record, null, 2)}\n`);
  await listRecord(cacheDir, record);
}

async function listRecord(cacheDir: string, record: CacheRecord): Promise<void> {
  await mkdir(byDeps(cacheDir, record.depsHash), { recursive: true });
  await writeFile(join(byDeps(cacheDir, record.depsHash), record.key), '');
}

/** Forgets a record (the entry is then invisible): its file and its listing. */
export async function unpublishRecord(cacheDir: string, record: Pick<CacheRecord, 'key' | 'depsHash'>): Promise<void> {
  await unlink(cachePaths.record(cacheDir, record.key)).catch(() => undefined);
  if (hashPattern.test(record.depsHash)) await unlink(join(byDeps(cacheDir, record.depsHash), record.key)).catch(() => undefined);
}

/** Lists every record of a cache written before the listing existed (once). Best effort: a read-only cache stays as it is. */
export async function ensureDepsListing(cacheDir: string): Promise<void> {
  if (await stat(byDeps(cacheDir)).then(() => true, () => false)) return;
  try {
    await mkdir(byDeps(cacheDir), { recursive: true });
    for (const record of await readRecords(cacheDir)) await listRecord(cacheDir, record);
  } catch {
    // read-only cache
  }
}
