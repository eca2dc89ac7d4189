import { normalizeRequirements, type Ecosystem } from '../cache/key';
import { generatePackageJson } from '../cache/packageJson';
import { generatedMarker } from './marker';
import { forwardingStops } from './stopSignal';
import type { ExportService } from './plan';

/** The image's PATH, or Docker's default when the base image sets none (an image made by `docker import`). */
const imagePath = '${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}';

/** The user a service runs as: a number, so no `useradd` is needed and no uid in the base image (node's 1000) gets in the way. */
export const serviceUser = 10001;

/**
 * Whether the image installs the service's deps lines: they are pip's or npm's, so only an image
 * of that runtime can (a Go service's lines, which the local run hands to pip, are not installed).
 */
export const installsDeps = (service: ExportService) => service.deps.requirements.length > 0 && service.runtime === service.deps.ecosystem;

/**
 * The lines as written, in the local cache key's order and without its duplicates, comments or
 * blank lines: services whose sets the cache takes as one get the same file, hence the same layer.
 */
function canonicalLines(ecosystem: Ecosystem, raw: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const line of raw) {
    const [key] = normalizeRequirements(ecosystem, [line]);
    if (key !== undefined && !byKey.has(key)) byKey.set(key, line.replace(/(^|\s)#.*$/, '').trim());
  }
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, line]) => line);
}

/** The dependency files of a build context (`deps/`): only these decide the dependency layer. */
export function dependencyFiles(service: ExportService): { path: string; content: string }[] {
  if (!installsDeps(service)) return [];
  const lines = canonicalLines(service.deps.ecosystem, service.deps.requirements.map((r) => r.raw));
  if (service.deps.ecosystem === 'node') return [{ path: 'deps/package.json', content: generatePackageJson('pactown-env', lines) }];
  return [{ path: 'deps/requirements.txt', content: `${generatedMarker}\n${lines.join('\n')}\n` }];
}

/**
 * A service's Dockerfile, in layers: the base image; the dependencies, installed from the
 * dependency list alone (nothing service-specific comes before it, so services with the same
 * list share the layer); the service's files; then its run command, which a stop reaches (`forwardingStops`). Python deps go to a venv
 * as in a local run; `wheelhouse` installs them offline from the wheels copied into the context.
 */
export function dockerfile(service: ExportService, options: { wheelhouse: boolean }): string {
  const lines = [generatedMarker, `# ${service.config.name}: ${service.runtime} service, built from the files its README writes.`, `FROM ${service.baseImage}`];
  if (installsDeps(service)) {
    lines.push('# Dependencies: only the dependency list is copied, so services with the same list share these layers.');
    if (service.deps.ecosystem === 'node') {
      lines.push('WORKDIR /srv', 'COPY deps/package.json /srv/package.json', 'RUN npm install --omit=dev --no-audit --no-fund --progress=false', `ENV PATH=/srv/node_modules/.bin:${imagePath}`);
    } else {
      const offline = options.wheelhouse ? ' --no-index --find-links /srv/deps/wheelhouse' : '';
      lines.push('COPY deps/requirements.txt /srv/deps/requirements.txt');
      if (options.wheelhouse) lines.push('COPY deps/wheelhouse/ /srv/deps/wheelhouse/');
      lines.push(
        `RUN python3 -m venv /srv/venv && /srv/venv/bin/pip install --disable-pip-version-check --no-cache-dir${offline} -r /srv/deps/requirements.txt`,
        `ENV VIRTUAL_ENV=/srv/venv PATH=/srv/venv/bin:${imagePath}`,
      );
    }
  }
  if (service.files.length > 0) lines.push("# The service's files, as a local run writes them into its sandbox.", `COPY --chown=${serviceUser}:${serviceUser} app/ /srv/app/`);
  lines.push(
    'WORKDIR /srv/app',
    `USER ${serviceUser}:${serviceUser}`,
    `EXPOSE ${service.config.port}`,
    `CMD ${JSON.stringify(['sh', '-c', forwardingStops(service.command)])}`,
  );
  return `${lines.join('\n')}\n`;
}
