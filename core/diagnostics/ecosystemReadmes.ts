import { dirname, resolve } from 'node:path';
import { loadReadme, type LoadedReadme } from '../markpact/loadReadme';
import type { EcosystemConfig, ServiceConfig } from '../pactown/model';
import type { FileReader } from '../workspace';
import type { Problem } from './problem';
import { validateReadme } from './validateReadme';

/** A README an ecosystem runs, checked once however many of its services share it. */
export interface EcosystemReadme {
  /** Absolute path. */
  path: string;
  /** The services that run it, in YAML order. */
  services: ServiceConfig[];
  /** Absent when the file cannot be read. */
  loaded?: LoadedReadme;
  /** Its problems as it gets them checked on its own, with these services as its users. */
  problems: Problem[];
}

/** Each distinct README the ecosystem's services reference, loaded and checked. */
export async function checkEcosystemReadmes(ecosystemPath: string, config: EcosystemConfig, reader: FileReader): Promise<EcosystemReadme[]> {
  const folder = dirname(ecosystemPath);
  const servicesOf = new Map<string, ServiceConfig[]>();
  for (const service of config.services) {
    const path = resolve(folder, service.readme);
    const sharing = servicesOf.get(path);
    if (sharing) sharing.push(service);
    else servicesOf.set(path, [service]);
  }
  // Loading and checking a README both follow its includes: each file is read once per check.
  const once = readingOnce(reader);
  return Promise.all([...servicesOf].map(([path, services]) => loadAndCheck(ecosystemPath, path, services, once)));
}

async function loadAndCheck(ecosystemPath: string, path: string, services: ServiceConfig[], reader: FileReader): Promise<EcosystemReadme> {
  const loaded = await loadReadme(path, reader, services[0].name);
  if (!loaded) return { path, services, problems: [] };
  const users = services.map((s) => ({ path: ecosystemPath, service: s.name, span: s.nameSpan, port: s.port }));
  return { path, services, loaded, problems: await validateReadme(path, loaded.doc, reader, { users }) };
}

function readingOnce(reader: FileReader): FileReader {
  const reads = new Map<string, Promise<string | undefined>>();
  return {
    readText: (file) => {
      let read = reads.get(file);
      if (!read) reads.set(file, (read = reader.readText(file)));
      return read;
    },
  };
}
