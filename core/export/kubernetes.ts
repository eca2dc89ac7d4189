import { serviceUser } from './dockerfile';
import { probeCommand, waitCommand, type ProbeTarget } from './probe';
import type { ExportPlan, ExportService } from './plan';
import { exportedEnv } from './serviceEnvironment';

/** Kubernetes expands `$(VAR)` in env values; a literal one is written `$$(VAR)`. */
const k8sEscape = (text: string) => text.replaceAll('$(', () => '$$(');

/** Resources every container asks for: valid quantities (Mi, m), a memory limit so one service cannot starve the node. */
const resources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '512Mi' } };

export interface KubernetesObjects {
  /** Per service: its Deployment, its Service, and its Secret when it has secret-looking values. */
  services: { service: ExportService; objects: Record<string, unknown>[] }[];
}

/**
 * The Kubernetes objects of an ecosystem: a Deployment and a Service per service, with the
 * local run's environment pointing at the Services' names, readiness/liveness/startup probes
 * (the startup probe allows the service's `timeout`), and an init container per dependency
 * that waits for its health, run with the dependency's own image (its interpreter is there).
 */
export function kubernetesModel(plan: ExportPlan): KubernetesObjects {
  const byName = new Map(plan.services.map((s) => [s.config.name, s]));
  return {
    services: plan.services.map((service) => {
      const labels = { 'app.kubernetes.io/name': service.host, 'app.kubernetes.io/part-of': plan.name };
      const { port, replicas, healthCheck, timeout } = service.config;
      const { plain, secret } = exportedEnv(plan, service);
      const secretName = `${service.host}-env`;
      const env = [
        ...Object.entries(plain).map(([name, value]) => ({ name, value: k8sEscape(value) })),
        ...Object.keys(secret).map((name) => ({ name, valueFrom: { secretKeyRef: { name: secretName, key: name } } })),
      ];
      const target: ProbeTarget = { host: '127.0.0.1', port, ...(healthCheck ? { path: healthCheck } : {}) };
      const probe = (periodSeconds: number, failureThreshold: number) => ({ ...probeAction(service.runtime, target), periodSeconds, timeoutSeconds: 3, failureThreshold });
      const initContainers = service.config.dependsOn.flatMap((dep) => {
        const peer = byName.get(dep.name);
        if (!peer) return [];
        const peerTarget = { host: peer.host, port: peer.config.port, ...(peer.config.healthCheck ? { path: peer.config.healthCheck } : {}) };
        // The dependency's image has its interpreter; a dependency without one is waited for with this service's image.
        const own = waitCommand(peer.runtime, peerTarget, peer.config.timeout);
        const command = own ?? waitCommand(service.runtime, peerTarget, peer.config.timeout);
        if (!command) return [];
        return [{ name: `wait-for-${peer.host}`.slice(0, 63).replace(/-+$/, ''), image: own ? peer.image : service.image, imagePullPolicy: 'IfNotPresent', command }];
      });
      const deployment = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: service.host, labels },
        spec: {
          replicas,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              securityContext: { runAsNonRoot: true, runAsUser: serviceUser, runAsGroup: serviceUser },
              ...(initContainers.length > 0 ? { initContainers } : {}),
              containers: [{
                name: service.host,
                image: service.image,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'http', containerPort: port }],
                env,
                readinessProbe: probe(5, 3),
                livenessProbe: probe(10, 3),
                // Liveness and readiness start once this passes: it allows the service's whole `timeout` to come up.
                startupProbe: probe(2, Math.max(1, Math.ceil(timeout / 2))),
                resources,
              }],
            },
          },
        },
      };
      const serviceObject = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: service.host, labels },
        spec: { selector: labels, ports: [{ name: 'http', port, targetPort: port }] },
      };
      const objects: Record<string, unknown>[] = [deployment, serviceObject];
      if (Object.keys(secret).length > 0) objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, labels }, type: 'Opaque', stringData: secret });
      return { service, objects };
    }),
  };
}

/** A probe run in the container (it reaches a service that listens on 127.0.0.1 only), or the kubelet's own when the image has no interpreter we know. */
function probeAction(runtime: string, target: ProbeTarget): Record<string, unknown> {
  const command = probeCommand(runtime, target);
  if (command) return { exec: { command } };
  return target.path !== undefined ? { httpGet: { path: target.path, port: target.port } } : { tcpSocket: { port: target.port } };
}
