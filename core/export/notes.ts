import { installsDeps } from './dockerfile';
import { isLocalEndpoint } from './localEndpoint';
import type { ExportFormat } from './exportFiles';
import type { ExportPlan } from './plan';
import { probeRuntimes } from './probe';
import { exportedEnv } from './serviceEnvironment';

/** What an export changed from the local run, or could not carry over, in one line each: said after writing. */
export function exportNotes(plan: ExportPlan, format: ExportFormat): string[] {
  const notes: string[] = [];
  for (const service of plan.services) {
    const { name } = service.config;
    for (const dep of service.config.dependsOn) {
      if (dep.endpoint !== undefined && isLocalEndpoint(dep.endpoint)) notes.push(`${name}: the endpoint ${dep.endpoint} of '${dep.name}' names this machine; ${dep.envVar ?? 'its variable'} points at the engine's '${dep.name}' instead`);
    }
    const secret = Object.keys(exportedEnv(plan, service).secret);
    if (secret.length > 0) notes.push(`${name}: ${secret.join(', ')} look${secret.length === 1 ? 's' : ''} secret: ${format === 'compose' ? 'a Compose secret' : 'a Kubernetes Secret'} (its file is in .gitignore), not plain environment`);
    if (!probeRuntimes.has(service.runtime)) {
      notes.push(`${name}: its ${service.runtime} image has no interpreter for a probe: ${format === 'compose' ? 'no healthcheck, its dependents start once it has started' : 'the kubelet probes it (httpGet/tcpSocket)'}`);
    }
    if (service.deps.requirements.length > 0 && !installsDeps(service)) notes.push(`${name}: its deps lines are not installed in its ${service.runtime} image (they are ${service.deps.ecosystem} packages): install them in the run command or the base image`);
    if (format === 'k8s' && !service.config.autoRestart) notes.push(`${name}: auto_restart: false has no Deployment equivalent: Kubernetes restarts it`);
  }
  return notes;
}
