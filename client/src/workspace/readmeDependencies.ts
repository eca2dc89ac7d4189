import { dependencySet, type DependencySet } from '../../../core/cache/dependencySet';
import { recordsForDeps, type CacheRecord } from '../../../core/cache/record';
import { engine } from '../engine';
import { editorReader } from './editorReader';

export interface ReadmeDependencies {
  set: DependencySet;
  /** Entries built for this set, most recently used first (any runtime). */
  records: CacheRecord[];
}

/** The dependency set a README's run installs (includes followed, as the orchestrator does) and its cache entries. */
export async function readmeDependencies(path: string, text: string, cacheDir: string): Promise<ReadmeDependencies> {
  const { service } = await engine().analyzeReadme(path, engine().parseMarkpact(text), editorReader);
  const set = dependencySet(service);
  const records = set.requirements.length > 0 ? await recordsForDeps(cacheDir, set.hash).catch(() => []) : [];
  return { set, records };
}
