import { posix } from 'node:path';
import { ecosystemYaml } from './ecosystemYaml';
import type { ServiceTemplate } from './templates';
import type { ScaffoldFile } from './writer';

/** The ecosystem file `init`, `generate` and the editor write by default: the reference's name. */
export const defaultEcosystemFile = 'saas.pactown.yaml';

export interface NewEcosystem {
  name: string;
  service: string;
  template: ServiceTemplate;
  basePort: number;
  /** The ecosystem file, relative to the folder written into. */
  output: string;
}

/** The files of a new one-service ecosystem: the ecosystem file first, then the service's README. */
export function newEcosystemFiles(options: NewEcosystem): ScaffoldFile[] {
  const readme = `${options.service}/README.md`;
  const output = options.output.split('\\').join('/');
  const yaml = ecosystemYaml({
    header: [`A new ecosystem: \`pactown up ${posix.basename(output)}\` runs it, \`pactown validate\` checks it.`],
    name: options.name,
    basePort: options.basePort,
    services: [{ name: options.service, readme: posix.relative(posix.dirname(output), readme), port: options.basePort, healthCheck: '/health' }],
  });
  return [
    { path: output, content: yaml },
    { path: readme, content: options.template.readme(options.service) },
  ];
}
