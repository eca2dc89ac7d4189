import { dirname, resolve } from 'node:path';
import { readmeEcosystem } from '../../../core/runtime/readmeEcosystem';
import { engine } from '../engine';

/** A service as the Services view lists it, before anything runs. */
export interface CatalogService {
  name: string;
  port: number;
  readmePath: string;
  /** Where its entry starts in the YAML (0-based line), for CodeLens and "reveal". */
  line?: number;
  /** Its `health_check` path: a route it is known to answer. */
  healthCheck?: string;
}

/** An ecosystem found in the workspace, or a README that runs on its own (`readme` set). */
export interface CatalogEcosystem {
  /** The YAML file; for a standalone README, the one-service ecosystem beside it (not on disk). */
  path: string;
  name: string;
  sandboxRoot: string;
  services: CatalogService[];
  readme?: string;
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length - 1;

/** An ecosystem file's entry; a file that does not parse still lists the services it can. */
export function catalogEcosystem(path: string, text: string): CatalogEcosystem {
  const { config } = engine().parseEcosystem(text);
  const folder = dirname(path);
  return {
    path,
    name: config.name || path,
    sandboxRoot: resolve(folder, config.sandboxRoot),
    services: config.services.map((s) => ({
      name: s.name,
      port: s.port,
      readmePath: resolve(folder, s.readme),
      line: lineOf(text, s.span.start),
      ...(s.healthCheck ? { healthCheck: s.healthCheck } : {}),
    })),
  };
}

/** A README that no ecosystem references, as the one-service ecosystem `pactown run` would make of it. */
export function catalogReadme(readmePath: string, port?: number): CatalogEcosystem {
  const single = readmeEcosystem(readmePath, port);
  return {
    path: single.path,
    name: single.serviceName,
    sandboxRoot: resolve(dirname(readmePath), '.pactown'),
    services: [{ name: single.serviceName, port: port ?? 8000, readmePath }],
    readme: readmePath,
  };
}

/** Whether a Markdown text has markpact blocks (a fence whose info string names a markpact kind). */
export function hasMarkpactBlocks(text: string): boolean {
  return /^ {0,3}(`{3,}|~{3,})[^\n]*\bmarkpact:/m.test(text);
}

/** READMEs with markpact blocks that no listed ecosystem references, and that are not inside a sandbox. */
export function standaloneReadmes(markdownPaths: readonly string[], ecosystems: readonly CatalogEcosystem[]): string[] {
  const referenced = new Set(ecosystems.flatMap((e) => e.services.map((s) => s.readmePath)));
  const sandboxes = ecosystems.map((e) => `${e.sandboxRoot}/`);
  return markdownPaths.filter((p) => !referenced.has(p) && !sandboxes.some((root) => p.startsWith(root)) && !/\/\.pactown\//.test(p));
}
