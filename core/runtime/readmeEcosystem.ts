import { basename, dirname, join } from 'node:path';

/** A README run on its own: a one-service ecosystem beside it, so it runs exactly as it would inside one. */
export interface ReadmeEcosystem {
  /** Where the ecosystem would live: its sandbox root (`.pactown/`) and state are beside the README. */
  path: string;
  text: string;
  serviceName: string;
}

/** The service is named after the README's folder, as pactown names sandboxes. */
export function readmeEcosystem(readmePath: string, port = 8000): ReadmeEcosystem {
  const folder = dirname(readmePath);
  const serviceName = basename(folder).replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'app';
  const text = `name: ${JSON.stringify(serviceName)}\nservices:\n  ${JSON.stringify(serviceName)}:\n    readme: ${JSON.stringify(basename(readmePath))}\n    port: ${port}\n`;
  return { path: join(folder, `${serviceName}.pactown.yaml`), text, serviceName };
}
