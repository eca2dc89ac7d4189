import assert from 'node:assert/strict';
import test from 'node:test';
import { parseAllDocuments } from 'yaml';
import { exportFiles } from '../../core/export/exportFiles';
import { kubernetesModel } from '../../core/export/kubernetes';
import type { ExportPlan } from '../../core/export/plan';
import { bookshop, kubernetesErrors, readme, tenServices, writeEcosystem } from './exportFixture';

type Probe = { exec?: { command: string[] }; httpGet?: { path: string; port: number }; periodSeconds: number; failureThreshold: number };
type Container = { name: string; image: string; command?: string[]; env?: { name: string; value?: string; valueFrom?: unknown }[]; readinessProbe?: Probe; livenessProbe?: Probe; startupProbe?: Probe; resources?: unknown };
type Deployment = { spec: { replicas: number; template: { spec: { initContainers?: Container[]; containers: Container[] } } } };

/** Every object of an export, read back from the files written (so the YAML text is what is checked). */
function objectsOf(plan: ExportPlan): Record<string, unknown>[] {
  return exportFiles(plan, 'k8s')
    .filter((f) => f.path.startsWith('k8s/') && f.path !== 'k8s/kustomization.yaml')
    .flatMap((f) => parseAllDocuments(String(f.content), { version: '1.1' }).map((d) => d.toJS() as Record<string, unknown>));
}

const deploymentOf = (plan: ExportPlan, name: string) => kubernetesModel(plan).services.find((s) => s.service.config.name === name)!.objects[0] as unknown as Deployment;

test('the bookshop exports to objects kubernetes-models validates, and a kustomization listing them', async () => {
  const plan = await bookshop().plan();
  const objects = objectsOf(plan);
  assert.deepEqual(objects.map((o) => `${String(o.kind)}/${String((o.metadata as { name: string }).name)}`), ['Deployment/inventory', 'Service/inventory', 'Deployment/quotes', 'Service/quotes', 'Deployment/storefront', 'Service/storefront']);
  for (const object of objects) assert.deepEqual(kubernetesErrors(object), [], String(object.kind));
  const kustomization = exportFiles(plan, 'k8s').find((f) => f.path === 'k8s/kustomization.yaml')!;
  assert.match(String(kustomization.content), /resources:\n {2}- inventory\.yaml\n {2}- quotes\.yaml\n {2}- storefront\.yaml\n/);
});

test('an invalid quantity is caught by the validator the export is checked with', () => {
  const bad = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'x', resources: { limits: { memory: '1g' } } }] } } } };
  assert.notDeepEqual(kubernetesErrors(bad), [], "the reference's `1g` is refused");
});

test('probes run in the image; the startup probe allows the whole timeout; an init container per dependency waits for its health with its image', async () => {
  const plan = await bookshop().plan();
  const storefront = deploymentOf(plan, 'storefront').spec.template.spec;
  const [container] = storefront.containers;
  assert.equal(container.readinessProbe?.exec?.command[0], 'node');
  assert.equal(container.livenessProbe?.exec?.command[0], 'node');
  const startup = container.startupProbe!;
  assert.ok(startup.periodSeconds * startup.failureThreshold >= 60, "covers the service's 60 s timeout");
  assert.deepEqual(storefront.initContainers?.map((c) => [c.name, c.image, c.command?.[0]]), [['wait-for-inventory', 'bookshop-inventory', 'python3'], ['wait-for-quotes', 'bookshop-quotes', 'python3']]);
  assert.match(storefront.initContainers![1].command![2], /http:\/\/quotes:8101\/health/);
  assert.equal(container.env?.find((e) => e.name === 'QUOTES_API')?.value, 'http://quotes:8101');
  assert.doesNotMatch(JSON.stringify(objectsOf(plan)), /curl|wget/);
});

test('the 10-service bench ecosystem validates', async () => {
  const objects = objectsOf(await tenServices().plan());
  assert.equal(objects.length, 20);
  for (const object of objects) assert.deepEqual(kubernetesErrors(object), []);
});

test('replicas, secrets, $( escaping and a Go service probed by the kubelet', async () => {
  const eco = writeEcosystem(`services:
  api:
    port: 9000
    replicas: 3
    health_check: /health
    timeout: 7
    env:
      DB_PASSWORD: hunter2
      GREETING: "$(not a reference)"
  gw:
    port: 9001
    health_check: /ready
    depends_on: [api]
`, { 'api/README.md': readme('python3 -m http.server $PORT'), 'gw/README.md': readme('go run main.go') });
  const plan = await eco.plan({ baseImages: { go: 'golang:1.22' } });
  const objects = objectsOf(plan);
  for (const object of objects) assert.deepEqual(kubernetesErrors(object), [], String(object.kind));
  const secret = objects.find((o) => o.kind === 'Secret') as { metadata: { name: string }; stringData: Record<string, string> };
  assert.deepEqual(secret.stringData, { DB_PASSWORD: 'hunter2' });
  const api = deploymentOf(plan, 'api');
  assert.equal(api.spec.replicas, 3);
  const env = api.spec.template.spec.containers[0].env!;
  assert.deepEqual(env.find((e) => e.name === 'DB_PASSWORD')?.valueFrom, { secretKeyRef: { name: 'api-env', key: 'DB_PASSWORD' } });
  assert.equal(env.find((e) => e.name === 'GREETING')?.value, '$$(not a reference)');
  const startup = api.spec.template.spec.containers[0].startupProbe!;
  assert.ok(startup.periodSeconds * startup.failureThreshold >= 7);
  const gw = deploymentOf(plan, 'gw').spec.template.spec;
  assert.deepEqual(gw.containers[0].readinessProbe?.httpGet, { path: '/ready', port: 9001 }, 'no interpreter in golang:1.22: the kubelet probes');
  assert.equal(gw.initContainers?.[0].image, 'unnamed-ecosystem-api', "waits for api with api's own image");
  assert.match(String(exportFiles(plan, 'k8s').find((f) => f.path === '.gitignore')!.content), /^\/k8s\/api-secret\.yaml$/m);
});
