import { loadReadme } from '../markpact/loadReadme';
import type { ServiceModel } from '../markpact/service';
import type { FileReader } from '../workspace';
import { planServiceTests, type ServiceTests } from './plan';

/** A service's tests, with the model of its README (which environment its sandbox links). */
export interface PlannedService {
  tests: ServiceTests;
  model: ServiceModel;
}

/** The tests of these services (each a README), in their order; a README that cannot be read has none. */
export async function planTests(services: readonly { name: string; readmePath: string }[], reader: FileReader): Promise<PlannedService[]> {
  const planned = await Promise.all(services.map(async ({ name, readmePath }) => {
    const loaded = await loadReadme(readmePath, reader, name);
    return loaded && { tests: planServiceTests(loaded, name, readmePath), model: loaded.service };
  }));
  return planned.filter((p): p is PlannedService => !!p);
}
