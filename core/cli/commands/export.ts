import { exportEcosystem } from '../../export/exportEcosystem';
import type { ExportFormat } from '../../export/exportFiles';
import { ExportError } from '../../export/plan';
import { runtimeImageOption } from '../runtimeImageOption';
import { ConfinementError } from '../../runtime/confinedDir';
import { InvalidEcosystemError } from '../../runtime/checkedEcosystem';
import { shownPath } from '../shownPath';
import { exitCodes, UsageError } from '../usageError';

export const exportHelp = `pactown export compose|k8s <ecosystem.yaml> [-o DIR] [--registry PREFIX] [--base-image RUNTIME=IMAGE]… [--wheelhouse DIR] [--force]

Writes a folder to run the ecosystem on Docker Compose or Kubernetes, on another machine:
per service a build context (<service>/: the files its README writes under app/, its
dependency list under deps/, a Dockerfile) and compose.yaml, or k8s/ (a Deployment and a
Service per service, a kustomization.yaml). Services find each other as in a local run
(PORT, SERVICE_URL, <DEP>_URL/_HOST/_PORT, env_var), by the engine's service names.
  -o DIR                 the folder (default: <ecosystem folder>/<name>-<format>)
  --registry PREFIX      images are PREFIX/<name>-<service> (default: no registry)
  --base-image R=IMAGE   the base image of runtime R (python:3.11-slim and node:20-slim
                         by default; other runtimes, such as go, need one)
  --wheelhouse DIR       Python dependencies install offline from these wheels
  --force                overwrite files you edited (without it they are kept and listed)
Nothing is run. A generated file whose first line (the marker) you remove is yours from then on.`;

export const exportOptions = {
  output: { type: 'string', short: 'o' },
  registry: { type: 'string' },
  'base-image': { type: 'string', multiple: true },
  wheelhouse: { type: 'string' },
  force: { type: 'boolean' },
} as const;

const formats: readonly ExportFormat[] = ['compose', 'k8s'];

export async function exportCommand(positionals: string[], flags: Record<string, unknown>): Promise<number> {
  const [format, file] = positionals;
  if (!formats.includes(format as ExportFormat) || !file || positionals.length > 2) throw new UsageError('usage: pactown export compose|k8s <ecosystem.yaml> [options] (pactown export --help)');
  const text = (key: string) => (typeof flags[key] === 'string' ? (flags[key] as string) : undefined);
  const baseImages = Object.fromEntries(((flags['base-image'] as string[] | undefined) ?? []).map(runtimeImageOption));
  try {
    const outcome = await exportEcosystem(file, {
      format: format as ExportFormat, baseImages, force: flags.force === true,
      ...(text('output') ? { output: text('output') } : {}), ...(text('registry') ? { registry: text('registry') } : {}), ...(text('wheelhouse') ? { wheelhouse: text('wheelhouse') } : {}),
    });
    const services = outcome.plan.services.length;
    process.stdout.write(`exported ${services} service${services === 1 ? '' : 's'} to ${shownPath(outcome.folder)}: ${outcome.written.length} written, ${outcome.unchanged.length} unchanged\n`);
    for (const path of outcome.kept) process.stdout.write(`  kept ${path}: you edited it (--force overwrites)\n`);
    for (const path of outcome.removed) process.stdout.write(`  removed ${path}: no longer exported\n`);
    for (const note of outcome.notes) process.stdout.write(`  note: ${note}\n`);
    process.stdout.write(format === 'compose' ? `Next: docker compose -f ${shownPath(outcome.folder)}/compose.yaml up --build\n` : `Next: build and push the images, then kubectl apply -k ${shownPath(outcome.folder)}/k8s\n`);
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof ExportError || error instanceof InvalidEcosystemError || error instanceof ConfinementError) {
      process.stderr.write(`pactown: ${error.message}\n`);
      return exitCodes.failed;
    }
    throw error;
  }
}
