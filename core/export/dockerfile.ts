import { generatePackageJson } from '../cache/packageJson';
import { generatedMarker } from './marker';
import type { ExportService } from './plan';

/** The user a service runs as: a number, so no `useradd` is needed and no uid in the base image (node's 1000) gets in the way. */
export const serviceUser = 10001;

/** The dependency files of a build context (`deps/`): only these decide the dependency layer. */
export function dependencyFiles(service: ExportService): { path: string; content: string }[] {
  if (service.deps.requirements.length === 0) return [];
  const lines = service.deps.requirements.map((r) => r.raw);
  if (service.deps.ecosystem === 'node') return [{ path: 'deps/package.json', content: generatePackageJson('pactown-env', lines) }];
  return [{ path: 'deps/requirements.txt', content: `${generatedMarker}\n${lines.join('\n')}\n` }];
}

/**
 * A service's Dockerfile, in layers: the base image; the dependencies, installed from the
 * dependency list alone (nothing service-specific comes before it, so services with the same
 * list share the layer); the service's files; then its run command. Python deps go to a venv
 * as in a local run; `wheelhouse` installs them offline from the wheels copied into the context.
 */
export function dockerfile(service: ExportService, options: { wheelhouse: boolean }): string {
  const lines = [generatedMarker, `# ${service.config.name}: ${service.runtime} service, built from the files its README writes.`, `FROM ${service.baseImage}`];
  if (service.deps.requirements.length > 0) {
    lines.push('# Dependencies: only the dependency list is copied, so services with the same list share these layers.');
    if (service.deps.ecosystem === 'node') {
      lines.push('WORKDIR /srv', 'COPY deps/package.json /srv/package.json', 'RUN npm install --omit=dev --no-audit --no-fund --progress=false', 'ENV PATH=/srv/node_modules/.bin:$PATH');
    } else {
      const offline = options.wheelhouse ? ' --no-index --find-links /srv/deps/wheelhouse' : '';
      lines.push('COPY deps/requirements.txt /srv/deps/requirements.txt');
      if (options.wheelhouse) lines.push('COPY deps/wheelhouse/ /srv/deps/wheelhouse/');
      lines.push(
        `RUN python3 -m venv /srv/venv && /srv/venv/bin/pip install --disable-pip-version-check --no-cache-dir${offline} -r /srv/deps/requirements.txt`,
        'ENV VIRTUAL_ENV=/srv/venv PATH=/srv/venv/bin:$PATH',
      );
    }
  }
  if (service.files.length > 0) lines.push("# The service's files, as a local run writes them into its sandbox.", `COPY --chown=${serviceUser}:${serviceUser} app/ /srv/app/`);
  lines.push(
    'WORKDIR /srv/app',
    `USER ${serviceUser}:${serviceUser}`,
    `EXPOSE ${service.config.port}`,
    `CMD ${JSON.stringify(['sh', '-c', service.command])}`,
  );
  return `${lines.join('\n')}\n`;
}
