import { stringify } from 'yaml';
import { composeModel, secretFile } from './compose';
import { dependencyFiles, dockerfile, installsDeps } from './dockerfile';
import { kubernetesModel } from './kubernetes';
import { generatedMarker } from './marker';
import { ExportError, type ExportPlan, type ExportService } from './plan';
import { exportedEnv } from './serviceEnvironment';

export type ExportFormat = 'compose' | 'k8s';

/** One file of the exported folder. `marked` files start with the marker; the others are copies, tracked by what was last written. */
export interface ExportFile {
  path: string;
  content: string | Uint8Array;
  marked: boolean;
}

/** A wheel for offline Python installs (`--wheelhouse`). */
export interface Wheel {
  name: string;
  content: Uint8Array;
}

/** Names at the top of the folder that a service's build context may not take. */
const reserved = new Set(['k8s', 'secrets']);

/** YAML 1.1-safe text (`"8100:8100"`, `"no"` stay strings for every reader), never folded. */
const yamlText = (value: unknown) => stringify(value, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });

/** Every file of an export: the build contexts, then `compose.yaml` or `k8s/` with its `kustomization.yaml`. */
export function exportFiles(plan: ExportPlan, format: ExportFormat, wheels: readonly Wheel[] = []): ExportFile[] {
  // The names come from the ecosystem file: a line break in them must not end the comment.
  const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
  const header = (what: string) => `${generatedMarker}\n# ${oneLine(`${what} for the ecosystem '${plan.config.name}' (${plan.source})`)}, written by \`pactown export ${format}\`.\n`;
  const files: ExportFile[] = plan.services.flatMap((service) => buildContext(service, wheels));
  const secrets: string[] = [];
  if (format === 'compose') {
    files.push({ path: 'compose.yaml', content: `${header('Docker Compose file')}# Build and start: docker compose up --build\n${yamlText(composeModel(plan))}`, marked: true });
    for (const service of plan.services) {
      for (const [key, value] of Object.entries(exportedEnv(plan, service).secret)) {
        files.push({ path: secretFile(service, key), content: value, marked: false });
        secrets.push(secretFile(service, key));
      }
    }
  } else {
    const resources: string[] = [];
    for (const { service, objects } of kubernetesModel(plan).services) {
      const [workload, secret] = [objects.filter((o) => o.kind !== 'Secret'), objects.filter((o) => o.kind === 'Secret')];
      files.push({ path: `k8s/${service.host}.yaml`, content: `${header(`Kubernetes objects of '${service.config.name}'`)}${workload.map(yamlText).join('---\n')}`, marked: true });
      resources.push(`${service.host}.yaml`);
      if (secret.length > 0) {
        files.push({ path: `k8s/${service.host}-secret.yaml`, content: `${header(`Secret of '${service.config.name}'`)}${secret.map(yamlText).join('---\n')}`, marked: true });
        resources.push(`${service.host}-secret.yaml`);
        secrets.push(`k8s/${service.host}-secret.yaml`);
      }
    }
    const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
    files.push({ path: 'k8s/kustomization.yaml', content: `${header('Kustomization')}# Apply: kubectl apply -k k8s\n${yamlText(kustomization)}`, marked: true });
  }
  // Values that looked secret are files of their own, kept out of version control.
  files.push({ path: '.gitignore', content: `${generatedMarker}\n${secrets.map((p) => `/${p}\n`).join('')}`, marked: true });
  return files;
}

/** A service's build context: its Dockerfile, its dependency list (and the wheels, for a Python one), and its files under `app/`. */
function buildContext(service: ExportService, wheels: readonly Wheel[]): ExportFile[] {
  if (reserved.has(service.host)) throw new ExportError(`${service.config.name}: '${service.host}' is a folder the export itself uses: rename the service`);
  const python = service.deps.ecosystem === 'python' && installsDeps(service);
  const withWheels = python && wheels.length > 0;
  const at = (path: string) => `${service.host}/${path}`;
  return [
    { path: at('Dockerfile'), content: dockerfile(service, { wheelhouse: withWheels }), marked: true },
    ...dependencyFiles(service).map((f) => ({ path: at(f.path), content: f.content, marked: f.path.endsWith('.txt') })),
    ...(withWheels ? wheels.map((w) => ({ path: at(`deps/wheelhouse/${w.name}`), content: w.content, marked: false })) : []),
    ...service.files.map((f) => ({ path: at(`app/${f.path}`), content: f.content, marked: false })),
  ];
}
