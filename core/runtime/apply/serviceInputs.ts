import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { dependencySet } from '../../cache/dependencySet';
import { effectiveFiles, type ServiceModel } from '../../markpact/service';
import type { ServiceConfig } from '../../pactown/model';

/**
 * What a service runs from, one fingerprint per kind of input, so that a live apply can say what
 * changed and do no more than that needs: `files` (the file blocks as written into the sandbox),
 * `deps` (the dependency set its environment is built from), `run` (the command started) and
 * `entry` (its ecosystem entry as the orchestrator reads it: README path, port, env, health,
 * timeout, auto_restart and depends_on with env_var/endpoint). `restart_dependents` is left out
 * (changing it restarts nothing), and so are the fields only `pactown build` reads.
 */
export interface ServiceInputs {
  entry: string;
  files: string;
  deps: string;
  run: string;
}

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);

/** The README part: the same for every service that runs this README (`undefined`: it could not be read). */
export function readmeInputs(model: ServiceModel | undefined): Omit<ServiceInputs, 'entry'> {
  if (!model) return { files: 'missing', deps: 'missing', run: 'missing' };
  const files = effectiveFiles(model).map((f) => `${f.path}\0${f.unsafe ? 'unsafe' : ''}\0${f.content}`);
  const deps = dependencySet(model);
  return { files: sha(files.join('\0\0')), deps: `${deps.ecosystem}:${deps.hash}`, run: sha(model.run?.command ?? '') };
}

/** The ecosystem-entry part. `timeout` counts as written: the editor's default may apply where it is not. */
export function entryInputs(config: ServiceConfig, ecosystemPath: string): string {
  const env = Object.entries(config.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const dependsOn = config.dependsOn.map((d) => [d.name, d.registry, d.envVar ?? null, d.endpoint ?? null]);
  return sha(JSON.stringify({
    readme: resolve(dirname(ecosystemPath), config.readme), port: config.port, env, dependsOn, healthCheck: config.healthCheck ?? null,
    timeout: config.timeoutSpan ? config.timeout : null, autoRestart: config.autoRestart,
  }));
}

export function serviceInputs(config: ServiceConfig, ecosystemPath: string, model: ServiceModel | undefined): ServiceInputs {
  return { entry: entryInputs(config, ecosystemPath), ...readmeInputs(model) };
}
