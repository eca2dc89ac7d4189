import { dirname, resolve } from 'node:path';
import { dependencySet } from '../../cache/dependencySet';
import { ensureEnvironment } from '../../cache/environments';
import { defaultCacheDir } from '../../cache/location';
import { cacheStats, clearCache, pruneCache } from '../../cache/maintenance';
import { diskReader } from '../../diskReader';
import { loadReadme } from '../../markpact/loadReadme';
import { loadInput } from '../loadInput';
import { exitCodes, UsageError } from '../usageError';

export const cacheHelp = `pactown cache stats|clear|prune|warm … [--json]

  stats [--json]                      entries, total size, hits, misses, hit rate
  clear                               removes every entry not being built
  prune [--max-age-days N] [--max-entries N] [--max-bytes N]
                                      evicts least recently used entries over the limits
  warm <README.md | ecosystem.yaml>   builds the environments a README or ecosystem needs
The cache folder is PACTOWN_CACHE_DIR, else $XDG_CACHE_HOME/pactown, else ~/.cache/pactown.`;

const size = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function limit(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a non-negative number`);
  return n;
}

export async function cache(args: string[], flags: Record<string, string | boolean | undefined>): Promise<number> {
  const cacheDir = defaultCacheDir();
  const [action, target] = args;
  const json = flags.json === true;
  const say = (data: unknown, text: string) => process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
  switch (action) {
    case 'stats': {
      const stats = await cacheStats(cacheDir);
      say(stats, [`${cacheDir}: ${stats.entries.length} entries, ${size(stats.totalBytes)}, ${stats.hits} hits, ${stats.misses} misses (hit rate ${(stats.hitRate * 100).toFixed(0)}%)`,
        ...stats.entries.map((e) => `  ${e.key} ${e.ecosystem} ${e.runtime.version} ${size(e.sizeBytes)} last used ${e.lastUsedAt} [${e.requirements.join(', ')}]`),
        ...(stats.broken.length ? [`${stats.broken.length} broken record${stats.broken.length === 1 ? '' : 's'} (ignored; \`pactown cache clear\` removes them): ${stats.broken.map((b) => `index/${b}`).join(', ')}`] : [])].join('\n'));
      return exitCodes.ok;
    }
    case 'clear': {
      const removed = await clearCache(cacheDir);
      say({ removed }, `removed ${removed.length} entr${removed.length === 1 ? 'y' : 'ies'}`);
      return exitCodes.ok;
    }
    case 'prune': {
      const limits = {
        ...(flags['max-age-days'] !== undefined ? { maxAgeDays: limit(String(flags['max-age-days']), 'max-age-days') } : {}),
        ...(flags['max-entries'] !== undefined ? { maxEntries: limit(String(flags['max-entries']), 'max-entries') } : {}),
        ...(flags['max-bytes'] !== undefined ? { maxBytes: limit(String(flags['max-bytes']), 'max-bytes') } : {}),
      };
      const removed = await pruneCache(cacheDir, limits);
      say({ removed }, `removed ${removed.length} entr${removed.length === 1 ? 'y' : 'ies'}`);
      return exitCodes.ok;
    }
    case 'warm': {
      const input = await loadInput(target);
      const readmes = input.kind === 'readme' ? [input.path] : input.parsed.config.services.map((s) => resolve(dirname(input.path), s.readme));
      const results = [];
      for (const readme of readmes) {
        const loaded = await loadReadme(readme, diskReader);
        const deps = loaded && dependencySet(loaded.service);
        if (!deps || deps.requirements.length === 0) continue;
        const env = await ensureEnvironment({ cacheDir, ecosystem: deps.ecosystem, requirements: deps.requirements.map((r) => r.raw) });
        results.push({ readme, key: env.key, hit: env.hit });
      }
      say(results, results.map((r) => `${r.hit ? 'cached' : 'built '} ${r.key} ${r.readme}`).join('\n') || 'no dependencies to install');
      return exitCodes.ok;
    }
    default:
      throw new UsageError(`pactown cache: expected stats, clear, prune or warm`);
  }
}
