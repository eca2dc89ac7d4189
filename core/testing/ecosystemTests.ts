import { dirname, resolve } from 'node:path';
import { loadReadme } from '../markpact/loadReadme';
import type { ServiceModel } from '../markpact/service';
import type { EcosystemConfig } from '../pactown/model';
import type { FileReader } from '../workspace';
import { planServiceTests, type ServiceTests } from './plan';

/** A service's tests, with the model of its README (which environment its sandbox links). */
export interface PlannedService {
  tests: ServiceTests;
  model: ServiceModel;
}

/** The tests of an ecosystem's services (all, or `only` these), in the ecosystem's order; a README that cannot be read has none. */
export async function planEcosystemTests(ecosystemPath: string, config: EcosystemConfig, reader: FileReader, only?: readonly string[]): Promise<PlannedService[]> {
  const services = config.services.filter((s) => !only || only.includes(s.name));
  const planned = await Promise.all(services.map(async (service) => {
    const readmePath = resolve(dirname(ecosystemPath), service.readme);
    const loaded = await loadReadme(readmePath, reader, service.name);
    return loaded && { tests: planServiceTests(loaded, service.name, readmePath), model: loaded.service };
  }));
  return planned.filter((p): p is PlannedService => !!p);
}
