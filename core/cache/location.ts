import { homedir } from 'node:os';
import { join } from 'node:path';

/** `PACTOWN_CACHE_DIR`, else `$XDG_CACHE_HOME/pactown`, else `~/.cache/pactown`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PACTOWN_CACHE_DIR) return env.PACTOWN_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'pactown');
}

/**
 * On-disk layout, shared by the orchestrator (which writes it) and the language server (which reads it):
 *   envs/<key>/          the environment (a venv, or a folder holding node_modules)
 *   index/<key>.json     its record (CacheRecord), renamed into place last: no record, no entry
 *   locks/<key>.lock     held while the entry is built
 */
export const cachePaths = {
  env: (cacheDir: string, key: string) => join(cacheDir, 'envs', key),
  record: (cacheDir: string, key: string) => join(cacheDir, 'index', `${key}.json`),
  indexDir: (cacheDir: string) => join(cacheDir, 'index'),
  lock: (cacheDir: string, key: string) => join(cacheDir, 'locks', `${key}.lock`),
};
