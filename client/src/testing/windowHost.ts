import { stoppedStatus } from '../../../core/runtime/serviceStatus';
import type { TestHost } from '../../../core/testing/session';
import type { CatalogEcosystem } from '../model/catalog';
import type { RunManager } from '../runs/runManager';

/**
 * The tests' run in the editor: the window's own run of the ecosystem (or the run another process
 * owns, through its owner), so that what the tests start shows in the Services view. What they
 * start stays running afterwards: the next run of the tests, and the user, find it up.
 */
export function windowHost(runs: RunManager, ecosystem: CatalogEcosystem, onProgress: (message: string) => void): TestHost {
  return {
    statuses: () => runs.view(ecosystem.path)?.services ?? ecosystem.services.map((s) => stoppedStatus(s.name, s.port)),
    start: (services, { restart, signal }) => (restart ? runs.restart(ecosystem, { only: services, signal, onProgress }) : runs.start(ecosystem, { only: services, signal, onProgress })),
    onState(listener) {
      const subscription = runs.onDidChangeState(({ ecosystem: changed, status }) => {
        if (changed.path === ecosystem.path) listener(status);
      });
      return () => subscription.dispose();
    },
  };
}
