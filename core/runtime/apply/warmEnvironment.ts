import { dependencySet } from '../../cache/dependencySet';
import { ensureEnvironment } from '../../cache/environments';
import type { ServiceModel } from '../../markpact/service';
import type { InflightStarts } from '../inflightStarts';

/**
 * Builds (or finds) a service's new environment in the cache before a live apply restarts it,
 * while its running version keeps serving: a failed install changes nothing. Tracked like a start,
 * so that down() cancels the install.
 */
export async function warmEnvironment(name: string, model: ServiceModel, run: {
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  inflight: InflightStarts;
  log(line: string): void;
  progress(line: string): void;
}, signal?: AbortSignal): Promise<void> {
  const deps = dependencySet(model);
  if (deps.requirements.length === 0) return;
  run.progress(`${name}: preparing its new environment (${deps.packages} package${deps.packages === 1 ? '' : 's'}); the running version keeps serving`);
  const abort = run.inflight.track(signal);
  try {
    await ensureEnvironment({
      cacheDir: run.cacheDir, ecosystem: deps.ecosystem, requirements: deps.requirements.map((r) => r.raw), env: run.env,
      onLog: (line) => run.log(line), signal: abort.signal,
    });
  } catch (error) {
    const why = abort.signal.aborted ? 'cancelled' : error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`${name}: its new dependencies could not be installed (${why}); nothing was changed`);
  } finally {
    run.inflight.untrack(abort);
  }
}
