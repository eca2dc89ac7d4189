import { dirname, resolve } from 'node:path';
import { readmeEcosystem } from '../runtime/readmeEcosystem';
import { RunRegistry } from '../control/runRegistry';
import { ecosystemRoot } from './ecosystemRoot';
import { loadInput } from './loadInput';
import { UsageError } from './usageError';
import type { EcosystemConfig } from '../pactown/model';
import { parseEcosystem } from '../pactown/parse';

/** What a run command acts on: an ecosystem file, or a README run on its own (`pactown run`). */
export interface RunTarget {
  /** The run's key in the registry: the ecosystem file, or the README's one-service ecosystem beside it. */
  ecosystemPath: string;
  config: EcosystemConfig;
  sandboxRoot: string;
  registry: RunRegistry;
}

export async function runTarget(file: string | undefined): Promise<RunTarget> {
  if (!file) throw new UsageError('expected an ecosystem file (*.pactown.yaml) or a README run with `pactown run`');
  const registry = RunRegistry.fromEnv();
  if (/\.ya?ml$/i.test(file)) {
    const { config, sandboxRoot, path } = await ecosystemRoot(file);
    return { ecosystemPath: path, config, sandboxRoot, registry };
  }
  const input = await loadInput(file, 'readme');
  const ecosystem = readmeEcosystem(input.path);
  const config = parseEcosystem(ecosystem.text).config;
  return { ecosystemPath: ecosystem.path, config, sandboxRoot: resolve(dirname(ecosystem.path), config.sandboxRoot), registry };
}

/** Checks service names given on the command line. */
export function checkServiceNames(config: EcosystemConfig, names: readonly string[]): void {
  const unknown = names.filter((n) => !config.services.some((s) => s.name === n));
  if (unknown.length > 0) throw new UsageError(`no service ${unknown.map((n) => `'${n}'`).join(', ')} (services: ${config.services.map((s) => s.name).join(', ')})`);
}

/** Who is asking, as the owner will show it ("stopped from another process: pactown down (pid 1)"). */
export const cliCaller = (command: string) => `pactown ${command} (pid ${process.pid})`;
